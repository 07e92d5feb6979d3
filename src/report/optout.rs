//! Where a site's owner lets people object to their data training its AI: links the popup shows.
//!
//! KeyVeil can stop a site's scripts from shipping what is typed, but what a person posts on the
//! site is the site's to use; where its owner offers an objection to AI training, the popup
//! says where it lives. The table is data the core owns (the popup decides nothing): which site
//! keys belong to an owner, and that owner's pages.
//!
//! Sources for the addresses (public guides and announcements of 2025, not fetched live):
//! Meta's Privacy Center "AI at Meta" topic leads to an objection form per product; the
//! Facebook and Instagram forms' addresses and WhatsApp's data-subject-rights objection form are
//! the ones Meta's EU notices of April 2025 pointed to, as quoted by public how-to posts. If Meta
//! moves a form, the Privacy Center, listed first, is where the current one is found.
//! Messenger accounts are Facebook accounts and Threads profiles are Instagram accounts, so those
//! sites get the form of the account they use.

use serde::Serialize;

/// What a link leads to, for the popup's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OptOutKind {
    /// The owner's privacy settings hub, where the objection is reached from.
    PrivacyCenter,
    /// The objection form itself.
    ObjectionForm,
}

/// One link of the note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptOutLink {
    /// What it leads to.
    pub kind: OptOutKind,
    /// Where (https, the owner's own host).
    pub url: &'static str,
}

/// The note for one site: whose AI, and where to object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AiOptOut {
    /// The owner, as the popup names it.
    pub owner: &'static str,
    /// Most general first.
    pub links: Vec<OptOutLink>,
}

const PRIVACY_CENTER: &str = "https://www.facebook.com/privacy/center/";
const FACEBOOK_FORM: &str = "https://www.facebook.com/help/contact/712876720715583";
const INSTAGRAM_FORM: &str = "https://help.instagram.com/contact/767264225370182";
const WHATSAPP_FORM: &str = "https://www.whatsapp.com/contact/forms/382532939919295/";

/// Site keys (a key or its parent domain) → the owner's objection form.
const SITES: &[(&str, &str)] = &[
    ("facebook.com", FACEBOOK_FORM),
    ("messenger.com", FACEBOOK_FORM),
    ("instagram.com", INSTAGRAM_FORM),
    ("threads.net", INSTAGRAM_FORM),
    ("threads.com", INSTAGRAM_FORM),
    ("whatsapp.com", WHATSAPP_FORM),
];

/// The note for `site_key` (already normalised, e.g. `m.facebook.com`), or `None` for a site
/// whose owner KeyVeil knows no AI-training objection of.
pub fn ai_optout(site_key: &str) -> Option<AiOptOut> {
    let form = crate::site::ancestors(site_key)
        .find_map(|k| SITES.iter().find(|(s, _)| *s == k).map(|(_, f)| *f))?;
    Some(AiOptOut {
        owner: "Meta",
        links: vec![
            OptOutLink {
                kind: OptOutKind::PrivacyCenter,
                url: PRIVACY_CENTER,
            },
            OptOutLink {
                kind: OptOutKind::ObjectionForm,
                url: form,
            },
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_sites_and_their_subdomains_get_the_form_of_the_account_they_use() {
        let form = |k: &str| ai_optout(k).map(|n| (n.owner, n.links[1].url));
        assert_eq!(form("facebook.com"), Some(("Meta", FACEBOOK_FORM)));
        assert_eq!(form("m.facebook.com"), Some(("Meta", FACEBOOK_FORM)));
        assert_eq!(form("messenger.com"), Some(("Meta", FACEBOOK_FORM)));
        assert_eq!(form("instagram.com"), Some(("Meta", INSTAGRAM_FORM)));
        assert_eq!(form("threads.net"), Some(("Meta", INSTAGRAM_FORM)));
        assert_eq!(form("threads.com"), Some(("Meta", INSTAGRAM_FORM)));
        assert_eq!(form("web.whatsapp.com"), Some(("Meta", WHATSAPP_FORM)));
        let note = ai_optout("instagram.com").unwrap();
        assert_eq!(note.links[0].kind, OptOutKind::PrivacyCenter);
        assert_eq!(note.links[1].kind, OptOutKind::ObjectionForm);
    }

    #[test]
    fn other_sites_and_look_alikes_get_none() {
        for k in [
            "shop.example",
            "notfacebook.com",
            "facebook.com.evil.example",
            "127.0.0.1",
            "",
        ] {
            assert_eq!(ai_optout(k), None, "{k}");
        }
    }

    #[test]
    fn every_link_is_https_on_the_owners_own_hosts() {
        for (site, _) in SITES {
            for l in ai_optout(site).unwrap().links {
                let host = l
                    .url
                    .strip_prefix("https://")
                    .unwrap()
                    .split('/')
                    .next()
                    .unwrap();
                assert!(
                    ["www.facebook.com", "help.instagram.com", "www.whatsapp.com"].contains(&host),
                    "{}",
                    l.url
                );
            }
        }
    }
}
