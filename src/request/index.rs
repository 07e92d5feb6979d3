//! Where the matcher looks filters up: hashed keys to small runs of filter ids, and the choice
//! of each filter's key (its rarest safe token).
//!
//! Most keys name exactly one filter (a privacy list is mostly distinct `||host^` filters), so a
//! key's value is that filter's id itself; only keys shared by several filters point into one
//! flat array of runs. No `Vec` per key: a map entry is 12 bytes plus the table's control byte.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Set in a map value when it is the offset of a run in [`Buckets::runs`], not a filter id.
const RUN: u32 = 1 << 31;

/// Keys to the ids of the filters filed under them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Buckets {
    map: HashMap<u64, u32, BuildHasherDefault<IdHasher>>,
    /// Runs of ids, each preceded by its length.
    runs: Vec<u32>,
}

/// Buckets while they are being filled: (key, id) pairs, grouped when built (one sort instead
/// of a `Vec` allocated per key).
#[derive(Debug, Default)]
pub(crate) struct BucketsBuilder {
    pairs: Vec<(u64, u32)>,
}

impl BucketsBuilder {
    /// Files filter `id` under `key`.
    pub(crate) fn add(&mut self, key: u64, id: u32) {
        self.pairs.push((key, id));
    }

    /// The compact form.
    pub(crate) fn build(mut self) -> Buckets {
        // By key, then id: each key's ids stay in list order.
        self.pairs.sort_unstable();
        let mut b = Buckets::default();
        let keys = self.pairs.chunk_by(|a, b| a.0 == b.0).count();
        b.map.reserve(keys);
        for run in self.pairs.chunk_by(|a, b| a.0 == b.0) {
            let key = run[0].0;
            if let [(_, one)] = run {
                if one & RUN == 0 {
                    b.map.insert(key, *one);
                    continue;
                }
            }
            b.map.insert(key, RUN | b.runs.len() as u32);
            b.runs.push(run.len() as u32);
            b.runs.extend(run.iter().map(|(_, id)| *id));
        }
        b.runs.shrink_to_fit();
        b
    }
}

impl Buckets {
    /// The ids filed under `key` (empty if none).
    #[inline]
    pub(crate) fn get(&self, key: u64) -> &[u32] {
        match self.map.get(&key) {
            None => &[],
            Some(v) if v & RUN == 0 => std::slice::from_ref(v),
            Some(v) => {
                let at = (v & !RUN) as usize;
                let n = self.runs[at] as usize;
                &self.runs[at + 1..at + 1 + n]
            }
        }
    }

    /// True when nothing is filed.
    pub(crate) fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Heap bytes: the table (key, value, control byte per slot) and the runs.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.map.capacity() * (8 + 4 + 1) + self.runs.capacity() * 4
    }
}

/// Tokens so common in URLs that a filter filed under one would be tried on most requests,
/// whatever the lists say about how often filters use them.
const COMMON_TOKENS: [&str; 9] = [
    "http", "https", "www", "com", "js", "api", "net", "org", "html",
];

/// The candidate tokens of a pattern: runs of alphanumerics the URL tokeniser cuts out whole in
/// every URL the filter matches (bounded by a non-alphanumeric, not by `*`, on both sides), two
/// bytes or longer. `anchored`: the pattern's start is the start of the URL or of a host label.
pub(crate) fn candidate_tokens(
    pattern: &str,
    anchored: bool,
    end_anchor: bool,
) -> impl Iterator<Item = &str> {
    let p = pattern.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < p.len() {
            if !p[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let s = i;
            while i < p.len() && p[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let left_ok = if s == 0 { anchored } else { p[s - 1] != b'*' };
            let right_ok = if i == p.len() {
                end_anchor
            } else {
                p[i] != b'*'
            };
            if left_ok && right_ok && i - s >= 2 {
                return Some(&pattern[s..i]);
            }
        }
        None
    })
}

/// How many filters could be filed under each token: the rarer, the fewer filters a request
/// carrying it must try.
#[derive(Debug, Default)]
pub(crate) struct Histogram(HashMap<u64, u32, BuildHasherDefault<IdHasher>>);

impl Histogram {
    /// Counts the candidates of one pattern.
    pub(crate) fn count<'a>(&mut self, tokens: impl Iterator<Item = &'a str>) {
        for t in tokens {
            *self.0.entry(fx(t.bytes())).or_default() += 1;
        }
    }

    /// The candidate least used by other filters (ties: the longer), if any.
    pub(crate) fn rarest<'a>(&self, tokens: impl Iterator<Item = &'a str>) -> Option<&'a str> {
        tokens
            .map(|t| {
                let n = if COMMON_TOKENS.contains(&t) {
                    u32::MAX
                } else {
                    self.0.get(&fx(t.bytes())).copied().unwrap_or(0)
                };
                (n, std::cmp::Reverse(t.len()), t)
            })
            .min()
            .map(|(_, _, t)| t)
    }
}

/// FxHash over bytes, lower-casing: fast for the short keys here; keys are verified after lookup.
#[inline]
pub(crate) fn fx(bytes: impl Iterator<Item = u8>) -> u64 {
    let mut h: u64 = 0;
    for b in bytes {
        h = (h.rotate_left(5) ^ u64::from(b.to_ascii_lowercase()))
            .wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h
}

/// Passes an already-hashed `u64` key through.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_ids_and_runs_come_back() {
        let mut b = BucketsBuilder::default();
        b.add(1, 7);
        b.add(2, 3);
        b.add(2, 9);
        b.add(3, RUN | 1); // an id too large to store inline still comes back
        let b = b.build();
        assert_eq!(b.get(1), &[7]);
        assert_eq!(b.get(2), &[3, 9]);
        assert_eq!(b.get(3), &[RUN | 1]);
        assert!(b.get(4).is_empty());
    }

    #[test]
    fn tokens_are_cut_where_the_url_tokeniser_cuts() {
        let t: Vec<_> = candidate_tokens("/ab/c*def*gh/ij", false, false).collect();
        assert_eq!(t, ["ab"]);
        let t: Vec<_> = candidate_tokens("tracker.example^", true, false).collect();
        assert_eq!(t, ["tracker", "example"]);
        let t: Vec<_> = candidate_tokens("pixel", false, true).collect();
        assert!(t.is_empty());
        let mut h = Histogram::default();
        h.count(["tracker", "example"].into_iter());
        h.count(["example"].into_iter());
        assert_eq!(
            h.rarest(["example", "tracker"].into_iter()),
            Some("tracker")
        );
        assert_eq!(h.rarest(["com", "zz"].into_iter()), Some("zz"));
    }
}
