//! Which packaged resource answers a blocked request: the `$redirect` directives that match it.
//!
//! As in uBlock Origin, `$redirect=name` is two things: a filter that blocks, matched with
//! every other block filter, and a directive "answer with `name` a request that is blocked",
//! which `$redirect-rule=name` is alone. The directives are consulted only for a request the
//! lists block. Among several, an `$important` one wins, then the higher `:N` priority, then
//! the first in list order; `@@…$redirect-rule` (every resource) or `@@…$redirect-rule=name`
//! cancels the answer (not the block) unless the directive is `$important`. With the answer
//! cancelled the request stays blocked, as it would be without the directive.

use super::{Filter, List};
use crate::request::matcher::{Ctx, Matcher};

/// The redirect directives of a list, compiled for matching.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    /// Directives as block filters, by priority, highest first.
    directives: Matcher,
    /// The same directives, by the matcher's ids: the packed matcher keeps no `redirect`.
    directive_filters: Vec<Filter>,
    /// Exceptions to redirects as block filters (the matcher reports them as a block hit).
    exceptions: Matcher,
    /// The same exceptions, by the matcher's ids.
    exception_filters: Vec<Filter>,
}

impl Answers {
    /// The directives of the filters in force of `list` that the core can match (see
    /// [`Filter::is_plain`]; a regex or `$to` directive is compiled to DNR only).
    pub fn new(list: &List) -> Self {
        let mut directives: Vec<Filter> = Vec::new();
        let mut exceptions: Vec<Filter> = Vec::new();
        for f in list.in_force() {
            let Some(r) = &f.redirect else { continue };
            let mut g = f.clone();
            // Matched as a plain block filter; the redirect it carries says what it answers.
            g.exception = false;
            if let Some(r2) = g.redirect.as_mut() {
                r2.rule_only = false;
            }
            if !g.is_plain() {
                continue;
            }
            if f.exception {
                exceptions.push(g);
            } else if !r.token.is_empty() {
                directives.push(g);
            }
        }
        // The matcher prefers the earlier of two equal hits: put the higher priority first.
        directives.sort_by_key(|f| {
            std::cmp::Reverse(f.redirect.as_ref().and_then(|r| r.priority).unwrap_or(0))
        });
        Self {
            directives: matcher_of(&directives),
            directive_filters: directives,
            exceptions: matcher_of(&exceptions),
            exception_filters: exceptions,
        }
    }

    /// True when the list has no directive.
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }

    /// The extension path of the resource that answers a request the lists block (`None`:
    /// no directive matches, or an exception cancels it).
    pub fn find(&self, ctx: &Ctx<'_, '_>) -> Option<String> {
        if self.directives.is_empty() {
            return None;
        }
        let hit = self
            .directives
            .find(ctx)
            .block
            .and_then(|i| self.directive_filters.get(i as usize))?;
        let r = hit.redirect.as_ref()?;
        if !hit.important {
            let cancelled = self
                .exceptions
                .find(ctx)
                .block
                .and_then(|i| self.exception_filters.get(i as usize))
                .and_then(|e| e.redirect.as_ref())
                .is_some_and(|e| e.token.is_empty() || e.token == r.token);
            if cancelled {
                return None;
            }
        }
        r.resource().map(|res| res.path())
    }
}

fn matcher_of(filters: &[Filter]) -> Matcher {
    Matcher::from_filters(&filters.iter().collect::<Vec<_>>())
}
