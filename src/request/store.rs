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

/// One filter's record: 16 bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rec {
    /// Where the pattern starts in the arena.
    pat_off: u32,
    /// Pattern length; [`LONG`] for a pattern this long or longer (see [`Store::long`]).
    pat_len: u16,
    /// Index into [`Store::metas`], or [`NO_META`].
    meta: u16,
    pub(crate) types: TypeMask,
    pub(crate) not_types: TypeMask,
    /// For a `||host^…` filter with a literal host, the host's length in the pattern
    /// (the matcher's host index); 0 otherwise.
    pub(crate) host_len: u16,
    flags: u8,
    /// Rank among blocking hits: lower wins (important first, then the more serious class).
    pub(crate) rank: u8,
}

const NONE: u32 = u32::MAX;
const NO_META: u16 = u16::MAX;
/// Marks a pattern too long for [`Rec::pat_len`]: a line may be up to 64 KiB.
const LONG: u16 = u16::MAX;

const EXCEPTION: u8 = 1;
const IMPORTANT: u8 = 2;
const END_ANCHOR: u8 = 4;
const ANCHOR_START: u8 = 8;
const ANCHOR_HOST: u8 = 16;
const FIRST_PARTY: u8 = 32;
const THIRD_PARTY: u8 = 64;
/// The filter has option lists ([`Store::opt_ids`]).
const HAS_OPTS: u8 = 128;

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
        self.flags & HAS_OPTS != 0
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
    /// The filters with option lists, by id, ascending: few filters have any, so they are
    /// found by binary search instead of costing every record an index.
    opt_ids: Vec<(u32, u32)>,
    opts: Vec<Opts>,
    strs: Vec<Span>,
    metas: Vec<Meta>,
    meta_ids: HashMap<Meta, u16>,
    /// Lengths of patterns too long for [`Rec::pat_len`], by id.
    long: Vec<(u32, u32)>,
}

impl Store {
    /// Appends a filter; returns its id. `host_len`: see [`Rec::host_len`].
    pub(crate) fn push(&mut self, f: &Filter, host_len: u16) -> u32 {
        let id = self.recs.len() as u32;
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
            self.opt_ids.push((id, (self.opts.len() - 1) as u32));
            (self.opts.len() - 1) as u32
        };
        let meta = match &f.meta {
            None => NO_META,
            Some(m) => match self.meta_ids.get(m) {
                Some(&k) => k,
                // Past 65,534 distinct annotations (no real list comes near), the rest keep
                // their filters but lose their class: the record has 16 bits for it.
                None if self.metas.len() >= usize::from(NO_META) => NO_META,
                None => {
                    let k = self.metas.len() as u16;
                    self.metas.push(m.clone());
                    self.meta_ids.insert(m.clone(), k);
                    k
                }
            },
        };
        let pat_len = match u16::try_from(pat.len) {
            Ok(n) if n < LONG => n,
            _ => {
                self.long.push((id, pat.len));
                LONG
            }
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
            (opts != NONE, HAS_OPTS),
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
            pat_off: pat.off,
            pat_len,
            meta,
            types: f.types,
            not_types: f.not_types,
            host_len,
            flags,
            rank: (u8::from(!f.important) << 4) | class_rank,
        });
        id
    }

    /// Drops the build-time lookup of shared metadata and spare capacity.
    pub(crate) fn finish(&mut self) {
        self.meta_ids = HashMap::new();
        self.arena.shrink_to_fit();
        self.recs.shrink_to_fit();
        self.opts.shrink_to_fit();
        self.opt_ids.shrink_to_fit();
        self.long.shrink_to_fit();
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
    fn text(&self, s: Span) -> &str {
        &self.arena[s.off as usize..(s.off + s.len) as usize]
    }

    /// The pattern of filter `id`, whose record is `r`.
    #[inline]
    pub(crate) fn pattern(&self, id: u32, r: &Rec) -> &str {
        let len = if r.pat_len == LONG {
            self.long
                .binary_search_by_key(&id, |(i, _)| *i)
                .map_or(0, |k| self.long[k].1)
        } else {
            u32::from(r.pat_len)
        };
        self.text(Span {
            off: r.pat_off,
            len,
        })
    }

    /// One option list of filter `id` (empty when it has none).
    pub(crate) fn opt_list(&self, id: u32, which: OptList) -> impl Iterator<Item = &str> + '_ {
        let o = self
            .opt_ids
            .binary_search_by_key(&id, |(i, _)| *i)
            .ok()
            .and_then(|k| self.opts.get(self.opt_ids[k].1 as usize));
        let range = match o {
            Some(o) => o.bounds[which as usize] as usize..o.bounds[which as usize + 1] as usize,
            None => 0..0,
        };
        self.strs[range].iter().map(|s| self.text(*s))
    }

    /// The metadata of a filter.
    pub(crate) fn meta(&self, r: &Rec) -> Option<&Meta> {
        self.metas.get(usize::from(r.meta))
    }

    /// Filter `id` as parsed.
    pub(crate) fn filter(&self, id: u32) -> Option<Filter> {
        let r = self.recs.get(id as usize)?;
        let list = |k| self.opt_list(id, k).map(str::to_owned).collect::<Vec<_>>();
        let mut f = Filter::new(r.exception(), self.meta(r).cloned());
        f.anchor = r.anchor();
        f.pattern = self.pattern(id, r).to_owned();
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
            + (self.opt_ids.capacity() + self.long.capacity()) * 8
            + self.strs.capacity() * std::mem::size_of::<Span>()
            + self.metas.capacity() * std::mem::size_of::<Meta>()
            + self
                .metas
                .iter()
                .map(|m| m.vendor.capacity())
                .sum::<usize>()
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
            s.push(f, 0);
        }
        let long = format!("||{}^", "a".repeat(70_000));
        let mut f = filters[0].clone();
        f.pattern = long[2..].to_string();
        let id = s.push(&f, 0);
        s.finish();
        for (i, f) in filters.iter().enumerate() {
            let back = s.filter(i as u32);
            assert_eq!(back.as_ref(), Some(f), "{}", print_filter(f));
        }
        // A pattern longer than the record's 16-bit length comes back whole.
        assert_eq!(s.filter(id).map(|g| g.pattern.len()), Some(70_001));
        // The two annotated filters share one copy of their metadata.
        assert_eq!(s.metas.len(), 1);
        assert!(s.filter(5).is_none());
        assert_eq!(std::mem::size_of::<Rec>(), 16);
    }
}
