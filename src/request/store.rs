//! Filters packed for matching: one string arena, a fixed-size record per filter, small ids.
//!
//! A parsed [`Filter`] holds a `String` and seven `Vec<String>`s; tens of thousands of them
//! (EasyPrivacy, EasyList) cost tens of megabytes and scatter across the heap. Here every
//! pattern and option string sits in one arena and a filter is a 24-byte [`Rec`]: spans into the
//! arena, type bits, flags, and ids of its options and its KeyVeil metadata, which filters share.
//! The few filters with domain, request-host or method options keep them in a side table.
//! [`Store::filter`] rebuilds the full [`Filter`] only for the one that decided a verdict.

use crate::lists::{Anchor, Filter, Meta, Party, TypeMask};
use std::collections::HashMap;

/// A byte range of the arena.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Span {
    off: u32,
    len: u32,
}

/// One filter's record.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rec {
    pub(crate) pat: Span,
    /// Index into [`Store::opts`], or [`NONE`].
    opts: u32,
    /// Index into [`Store::metas`], or [`NONE`].
    meta: u32,
    pub(crate) types: TypeMask,
    pub(crate) not_types: TypeMask,
    flags: u8,
    /// Rank among blocking hits: lower wins (important first, then the more serious class).
    pub(crate) rank: u8,
}

const NONE: u32 = u32::MAX;

const EXCEPTION: u8 = 1;
const IMPORTANT: u8 = 2;
const END_ANCHOR: u8 = 4;
const ANCHOR_START: u8 = 8;
const ANCHOR_HOST: u8 = 16;
const FIRST_PARTY: u8 = 32;
const THIRD_PARTY: u8 = 64;

impl Rec {
    pub(crate) fn exception(&self) -> bool {
        self.flags & EXCEPTION != 0
    }
    pub(crate) fn important(&self) -> bool {
        self.flags & IMPORTANT != 0
    }
    pub(crate) fn end_anchor(&self) -> bool {
        self.flags & END_ANCHOR != 0
    }
    pub(crate) fn anchor(&self) -> Anchor {
        if self.flags & ANCHOR_HOST != 0 {
            Anchor::Host
        } else if self.flags & ANCHOR_START != 0 {
            Anchor::Start
        } else {
            Anchor::None
        }
    }
    pub(crate) fn party(&self) -> Option<Party> {
        if self.flags & FIRST_PARTY != 0 {
            Some(Party::First)
        } else if self.flags & THIRD_PARTY != 0 {
            Some(Party::Third)
        } else {
            None
        }
    }
    pub(crate) fn has_opts(&self) -> bool {
        self.opts != NONE
    }
}

/// Which option list of a filter: the index into [`Opts::bounds`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum OptList {
    Domains = 0,
    NotDomains,
    Denyallow,
    To,
    NotTo,
    Methods,
    NotMethods,
}

/// A filter's option lists: list `k` is `strs[bounds[k]..bounds[k + 1]]`.
#[derive(Debug, Clone, Copy)]
struct Opts {
    bounds: [u32; 8],
}

/// The packed filters of one list, in list order (a filter's id is its position).
#[derive(Debug, Clone, Default)]
pub(crate) struct Store {
    arena: String,
    recs: Vec<Rec>,
    opts: Vec<Opts>,
    strs: Vec<Span>,
    metas: Vec<Meta>,
    meta_ids: HashMap<Meta, u32>,
}

impl Store {
    /// Appends a filter; returns its id.
    pub(crate) fn push(&mut self, f: &Filter) -> u32 {
        let pat = self.put(&f.pattern);
        let lists: [&[String]; 7] = [
            &f.domains,
            &f.not_domains,
            &f.denyallow,
            &f.to,
            &f.not_to,
            &f.methods,
            &f.not_methods,
        ];
        let opts = if lists.iter().all(|l| l.is_empty()) {
            NONE
        } else {
            let mut bounds = [0u32; 8];
            bounds[0] = self.strs.len() as u32;
            for (k, l) in lists.iter().enumerate() {
                for s in l.iter() {
                    let span = self.put(s);
                    self.strs.push(span);
                }
                bounds[k + 1] = self.strs.len() as u32;
            }
            self.opts.push(Opts { bounds });
            (self.opts.len() - 1) as u32
        };
        let meta = match &f.meta {
            None => NONE,
            Some(m) => match self.meta_ids.get(m) {
                Some(&id) => id,
                None => {
                    let id = self.metas.len() as u32;
                    self.metas.push(m.clone());
                    self.meta_ids.insert(m.clone(), id);
                    id
                }
            },
        };
        let mut flags = 0;
        for (on, bit) in [
            (f.exception, EXCEPTION),
            (f.important, IMPORTANT),
            (f.end_anchor, END_ANCHOR),
            (f.anchor == Anchor::Start, ANCHOR_START),
            (f.anchor == Anchor::Host, ANCHOR_HOST),
            (f.party == Some(Party::First), FIRST_PARTY),
            (f.party == Some(Party::Third), THIRD_PARTY),
        ] {
            if on {
                flags |= bit;
            }
        }
        let class_rank = f.meta.as_ref().map_or(15, |m| {
            crate::Class::ALL
                .iter()
                .position(|c| *c == m.class)
                .map_or(15, |p| p.min(15) as u8)
        });
        self.recs.push(Rec {
            pat,
            opts,
            meta,
            types: f.types,
            not_types: f.not_types,
            flags,
            rank: (u8::from(!f.important) << 4) | class_rank,
        });
        (self.recs.len() - 1) as u32
    }

    /// Drops the build-time lookup of shared metadata and spare capacity.
    pub(crate) fn finish(&mut self) {
        self.meta_ids = HashMap::new();
        self.arena.shrink_to_fit();
        self.recs.shrink_to_fit();
        self.opts.shrink_to_fit();
        self.strs.shrink_to_fit();
        self.metas.shrink_to_fit();
    }

    fn put(&mut self, s: &str) -> Span {
        let off = self.arena.len() as u32;
        self.arena.push_str(s);
        Span {
            off,
            len: s.len() as u32,
        }
    }

    /// Filters stored.
    pub(crate) fn len(&self) -> usize {
        self.recs.len()
    }

    /// The record of filter `id` (ids come from [`Store::push`]).
    pub(crate) fn rec(&self, id: u32) -> &Rec {
        &self.recs[id as usize]
    }

    /// The text of a span.
    pub(crate) fn text(&self, s: Span) -> &str {
        &self.arena[s.off as usize..(s.off + s.len) as usize]
    }

    /// One option list of a filter (empty when it has none).
    pub(crate) fn opt_list(&self, r: &Rec, which: OptList) -> impl Iterator<Item = &str> + '_ {
        let range = match self.opts.get(r.opts as usize) {
            Some(o) => o.bounds[which as usize] as usize..o.bounds[which as usize + 1] as usize,
            None => 0..0,
        };
        self.strs[range].iter().map(|s| self.text(*s))
    }

    /// The metadata of a filter.
    pub(crate) fn meta(&self, r: &Rec) -> Option<&Meta> {
        self.metas.get(r.meta as usize)
    }

    /// Filter `id` as parsed.
    pub(crate) fn filter(&self, id: u32) -> Option<Filter> {
        let r = self.recs.get(id as usize)?;
        let list = |k| self.opt_list(r, k).map(str::to_owned).collect::<Vec<_>>();
        let mut f = Filter::new(r.exception(), self.meta(r).cloned());
        f.anchor = r.anchor();
        f.pattern = self.text(r.pat).to_owned();
        f.end_anchor = r.end_anchor();
        f.types = r.types;
        f.not_types = r.not_types;
        f.party = r.party();
        f.important = r.important();
        f.domains = list(OptList::Domains);
        f.not_domains = list(OptList::NotDomains);
        f.denyallow = list(OptList::Denyallow);
        f.to = list(OptList::To);
        f.not_to = list(OptList::NotTo);
        f.methods = list(OptList::Methods);
        f.not_methods = list(OptList::NotMethods);
        Some(f)
    }

    /// Heap bytes held (capacities; the allocator's own slack is not counted).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.arena.capacity()
            + self.recs.capacity() * std::mem::size_of::<Rec>()
            + self.opts.capacity() * std::mem::size_of::<Opts>()
            + self.strs.capacity() * std::mem::size_of::<Span>()
            + self.metas.capacity() * std::mem::size_of::<Meta>()
            + self.metas.iter().map(|m| m.vendor.capacity()).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lists::{parse, print_filter};

    #[test]
    fn filters_come_back_as_parsed() {
        let text = "! keyveil: class=session-replay; vendor=Acme\n||a.example^$script,3p\n@@|https://b.example/x*y^|$domain=c.example|~d.c.example,important\n*$xhr,denyallow=e.example|f.example,to=g.example|~h.g.example,method=post|~get,~third-party\n! keyveil: end\n/plain\n";
        let list = parse(text).list;
        let mut s = Store::default();
        let filters: Vec<_> = list.all_filters().cloned().collect();
        assert_eq!(filters.len(), 4);
        for f in &filters {
            s.push(f);
        }
        s.finish();
        for (i, f) in filters.iter().enumerate() {
            let back = s.filter(i as u32);
            assert_eq!(back.as_ref(), Some(f), "{}", print_filter(f));
        }
        // The two annotated filters share one copy of their metadata.
        assert_eq!(s.metas.len(), 1);
        assert!(s.filter(4).is_none());
    }
}
