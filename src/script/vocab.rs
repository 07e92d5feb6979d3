//! One fast lookup from a token's bytes to the behaviour term or vendor global it names.
//!
//! Built once per process from [`TERMS`] and the vendor table. A small open-addressing table with
//! a multiplicative hash: the feature pass looks up most identifiers and short strings of a
//! multi-megabyte bundle, so a SipHash `HashMap` would dominate its time.

use super::terms::TERMS;
use super::vendors::{self, Pattern, PatternKind};
use std::sync::OnceLock;

/// What a looked-up word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Index into [`TERMS`].
    Term(u8),
    /// Index into [`Vocab::patterns`] (a vendor global).
    Vendor(u16),
    /// A word the feature pass reacts to itself (index into [`SPECIAL`]).
    Special(u8),
}

/// Words that steer the feature pass (listener calls, script injection, pixels, capture flags),
/// looked up in the same table so other identifiers cost one lookup.
pub const SPECIAL: [&str; 4] = ["addEventListener", "createElement", "Image", "capture"];

/// The built lookup plus the vendor patterns it refers to.
pub struct Vocab {
    slots: Vec<Option<(Box<[u8]>, Entry)>>,
    mask: usize,
    /// Every vendor pattern, hosts and globals.
    pub patterns: Vec<Pattern>,
    /// Indices of host patterns in `patterns`.
    pub hosts: Vec<u16>,
    /// Longest key, to skip hashing longer words.
    max_len: usize,
    /// Bit `len` (capped at 63) of `filter[first byte]` is set when some key has that first
    /// byte and length: rejects most words without hashing them.
    filter: [u64; 256],
}

#[inline]
fn hash(w: &[u8]) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in w {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x5851_f42d_4c95_7f2d);
    }
    (h ^ (h >> 29)) as usize
}

impl Vocab {
    fn build() -> Vocab {
        let (patterns, _errors) = vendors::parse(vendors::BUILTIN);
        // The built-in table's errors fail `vendors::tests::builtin_table_reads_cleanly`; at run
        // time a bad line only loses that line.
        let n = (TERMS.len() + patterns.len()) * 4;
        let size = n.next_power_of_two().max(256);
        let mut v = Vocab {
            slots: vec![None; size],
            mask: size - 1,
            patterns,
            hosts: Vec::new(),
            max_len: 0,
            filter: [0; 256],
        };
        for (i, t) in TERMS.iter().enumerate() {
            v.insert(t.text.as_bytes(), Entry::Term(i as u8));
        }
        for (i, w) in SPECIAL.iter().enumerate() {
            v.insert(w.as_bytes(), Entry::Special(i as u8));
        }
        for i in 0..v.patterns.len() {
            match v.patterns[i].kind {
                PatternKind::Global => {
                    let key = v.patterns[i].text.clone().into_bytes();
                    v.insert(&key, Entry::Vendor(i as u16));
                }
                PatternKind::Host => v.hosts.push(i as u16),
            }
        }
        v
    }

    fn insert(&mut self, key: &[u8], e: Entry) {
        let mut i = hash(key) & self.mask;
        loop {
            match &self.slots[i] {
                None => {
                    self.slots[i] = Some((key.into(), e));
                    self.max_len = self.max_len.max(key.len());
                    if let Some(&b) = key.first() {
                        self.filter[usize::from(b)] |= 1 << key.len().min(63);
                    }
                    return;
                }
                // First entry wins (a vendor global never shadows a behaviour term).
                Some((k, _)) if &**k == key => return,
                Some(_) => i = (i + 1) & self.mask,
            }
        }
    }

    /// The entry for `w`, if it is in the vocabulary.
    #[inline]
    pub fn get(&self, w: &[u8]) -> Option<Entry> {
        if w.len() < 2
            || w.len() > self.max_len
            || self.filter[usize::from(w[0])] & (1 << w.len().min(63)) == 0
        {
            return None;
        }
        let mut i = hash(w) & self.mask;
        loop {
            match &self.slots[i] {
                None => return None,
                Some((k, e)) if &**k == w => return Some(*e),
                Some(_) => i = (i + 1) & self.mask,
            }
        }
    }
}

/// The process-wide vocabulary.
pub fn vocab() -> &'static Vocab {
    static V: OnceLock<Vocab> = OnceLock::new();
    V.get_or_init(Vocab::build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_term_and_global_and_nothing_else() {
        let v = vocab();
        for (i, t) in TERMS.iter().enumerate() {
            assert_eq!(v.get(t.text.as_bytes()), Some(Entry::Term(i as u8)));
        }
        let hj = v.get(b"_hjSettings");
        assert!(matches!(hj, Some(Entry::Vendor(i)) if v.patterns[i as usize].vendor == "Hotjar"));
        assert_eq!(v.get(b"keydow"), None);
        assert_eq!(v.get(b"x"), None);
        assert_eq!(v.get(b""), None);
        assert!(!v.hosts.is_empty());
    }
}
