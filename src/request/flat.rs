//! The hot-path decision on a request: block or not, and the class, with no verdict built.
//!
//! [`Classifier::classify`] writes a [`super::Verdict`] (evidence in words, the rule printed,
//! vendor strings) for reports; enforcement on every request needs only the outcome. This is
//! the same decision from the same sources a URL alone can give (list rules, the Meta pixel's
//! fields in the query), with nothing allocated unless the initiator's host needs lower-casing.

use super::matcher::{Ctx, Hits};
use super::url::{self, UrlParts};
use super::{signature, Classifier, Error};
use crate::lists::{Party, TypeMask};
use crate::Class;

/// What the lists and the URL say about a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No blocking filter matched (an exception may have).
    Allow,
    /// A blocking filter matched and no exception let it through (or it is `$important`).
    Block,
    /// A blocking filter matched and an exception let it through.
    Excepted,
}

/// The decision and what it rests on.
#[derive(Debug, Clone, Copy)]
pub struct Quick {
    /// Block or not, by the lists.
    pub outcome: Outcome,
    /// The most serious class the lists' annotation or the URL's Meta pixel fields name;
    /// [`Class::None`] when none does or an exception lets the request through, as in
    /// [`Classifier::classify`].
    pub class: Class,
    /// The filters that matched (ids for [`Classifier::rule`]).
    pub hits: Hits,
}

impl Classifier {
    /// Decides a request from its URL, initiator (page or frame URL), resource type and method.
    pub fn quick(
        &self,
        url: &str,
        initiator: Option<&str>,
        resource_type: Option<&str>,
        method: Option<&str>,
    ) -> Result<Quick, Error> {
        let parts = UrlParts::parse(url)?;
        let init = initiator.and_then(url::host_of);
        let party = init.as_deref().map(|i| {
            if url::site_of(i) == parts.site() {
                Party::First
            } else {
                Party::Third
            }
        });
        // A top-level navigation is the page itself: lists don't apply (as in `classify`).
        let navigation = matches!(resource_type, Some("main_frame" | "document"));
        let hits = if navigation {
            Hits::default()
        } else {
            self.matcher.find(&Ctx {
                url: &parts,
                rtype: resource_type.map(TypeMask::from_browser),
                party,
                initiator: init.as_deref(),
                method,
            })
        };
        let important = hits.block.is_some_and(|b| self.matcher.important(b));
        let excepted = hits.exception.is_some() && !important;
        let outcome = match (hits.block, excepted) {
            (None, _) => Outcome::Allow,
            (Some(_), true) => Outcome::Excepted,
            (Some(_), false) => Outcome::Block,
        };
        let mut class = Class::None;
        if !excepted {
            if let Some(meta) = hits.block.and_then(|b| self.matcher.class_of(b)) {
                class = meta;
            }
            if signature::meta_pixel(parts.query.as_bytes()).is_some()
                && Class::ALL.iter().position(|c| *c == Class::MetaPixel)
                    < Class::ALL.iter().position(|c| *c == class)
            {
                class = Class::MetaPixel;
            }
        }
        Ok(Quick {
            outcome,
            class,
            hits,
        })
    }

    /// A matched filter in filter syntax, with its vendor if the list names one.
    pub fn rule(&self, id: u32) -> Option<(String, Option<String>)> {
        let f = self.matcher.filter(id)?;
        Some((crate::lists::print_filter(&f), f.meta.map(|m| m.vendor)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Request;

    /// The quick decision agrees with the full verdict on block, class and rule.
    #[test]
    fn quick_agrees_with_classify() {
        let list = crate::lists::parse(
            "! keyveil: class=session-replay; vendor=R\n||rec.example^\n@@||rec.example/ok^\n||imp.example^$important\n@@||imp.example^\n! keyveil: end\n||plain.example^$third-party\n",
        )
        .list;
        let c = Classifier::from_list(&list);
        let cases = [
            ("https://a.rec.example/x", Some("https://site.example/"), Outcome::Block, Class::SessionReplay),
            ("https://rec.example/ok/1", None, Outcome::Excepted, Class::None),
            ("https://imp.example/", None, Outcome::Block, Class::SessionReplay),
            ("https://plain.example/", Some("https://site.example/"), Outcome::Block, Class::None),
            ("https://plain.example/", Some("https://www.plain.example/"), Outcome::Allow, Class::None),
            ("https://site.example/tr/?id=1234567890123&ev=PageView&dl=https%3A%2F%2Fx%2F&rl=&if=false&ts=1&sw=1920&sh=1080&v=2.9.180&r=stable&ec=0", None, Outcome::Allow, Class::MetaPixel),
        ];
        for (url, init, outcome, class) in cases {
            let q = c.quick(url, init, Some("script"), None).unwrap();
            assert_eq!((q.outcome, q.class), (outcome, class), "{url}");
            let v = c
                .classify(&Request {
                    url,
                    initiator: init,
                    resource_type: Some("script"),
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(v.class, q.class, "{url}");
            let rule = q.hits.block.and_then(|b| c.rule(b)).map(|r| r.0);
            assert_eq!(v.rule, rule, "{url}");
        }
        assert!(matches!(
            c.quick("https://", None, None, None),
            Err(Error::InvalidUrl(_))
        ));
        let nav = c
            .quick("https://rec.example/", None, Some("main_frame"), None)
            .unwrap();
        assert_eq!(nav.outcome, Outcome::Allow);
    }
}
