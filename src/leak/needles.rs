//! Needles (every encoded form of a typed value) and the index that finds them in one pass.
//!
//! The index keys each needle by its first four bytes. Scanning reads four bytes at each
//! position, tests one bit in a 64 Kbit filter, and only on a hit binary-searches the sorted
//! keys and compares whole needles: for a few hundred needles the filter rejects over 99% of
//! positions, so a 64 KB payload costs about one multiply and one load per byte.

use super::encode::{base64_core, BASE64_STD, BASE64_URL};
use super::hash::{hex, md5, sha1, sha256};
use super::{Encoding, Normalisation, MAX_NEEDLE_VALUE_LEN};

/// The shortest needle the index holds (its key is 4 bytes).
const MIN_NEEDLE_LEN: usize = 4;

/// One encoded form of one value.
#[derive(Clone)]
pub(super) struct Needle {
    pub bytes: Vec<u8>,
    pub value_idx: usize,
    pub normalisation: Normalisation,
    pub encoding: Encoding,
}

/// Adds the needles of one normalised form of value `value_idx`.
pub(super) fn for_form(form: &str, value_idx: usize, norm: Normalisation, out: &mut Vec<Needle>) {
    let mut push = |bytes: Vec<u8>, encoding: Encoding| {
        // Duplicates (the same bytes from another form or encoding) are dropped when the
        // index is built; the first pushed, the simplest, wins.
        if bytes.len() >= MIN_NEEDLE_LEN {
            out.push(Needle {
                bytes,
                value_idx,
                normalisation: norm,
                encoding,
            });
        }
    };
    let full = form.as_bytes();
    let head = &full[..floor_char_boundary(form, MAX_NEEDLE_VALUE_LEN)];
    push(head.to_vec(), Encoding::Plain);
    for offset in 0..3 {
        push(base64_core(head, offset, BASE64_STD), Encoding::Base64);
        push(base64_core(head, offset, BASE64_URL), Encoding::Base64Url);
    }
    // Digests of the whole value, in both cases of hex (mixed case is not seen in practice).
    for (digest, encoding) in [
        (hex(&md5(full)), Encoding::Md5Hex),
        (hex(&sha1(full)), Encoding::Sha1Hex),
        (hex(&sha256(full)), Encoding::Sha256Hex),
    ] {
        push(digest.to_ascii_uppercase().into_bytes(), encoding);
        push(digest.into_bytes(), encoding);
    }
}

/// The largest index `<= max` that is a char boundary of `s`, so a long value is cut between
/// characters.
fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    (0..=max)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// The needles of one probe, indexed by their first four bytes.
#[derive(Clone)]
pub(super) struct Index {
    needles: Vec<Needle>,
    /// (key, needle index), sorted by key.
    keys: Vec<(u32, u32)>,
    /// One bit per filter slot; a clear bit means no needle starts with a key in that slot.
    filter: Box<[u64; 1024]>,
}

fn key_of(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn slot(key: u32) -> usize {
    // Fibonacci hashing: the top 16 bits of the product spread similar keys apart.
    (key.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

impl Index {
    pub fn new(needles: Vec<Needle>) -> Self {
        let mut filter = Box::new([0u64; 1024]);
        let mut keys: Vec<(u32, u32)> = needles
            .iter()
            .enumerate()
            .filter(|(_, n)| n.bytes.len() >= MIN_NEEDLE_LEN)
            .map(|(i, n)| (key_of(&n.bytes), i as u32))
            .collect();
        keys.sort_unstable();
        // Within a run of equal keys, indices ascend: drop a needle whose bytes an earlier
        // (simpler) needle already has, so each occurrence is reported once.
        let mut kept: Vec<(u32, u32)> = Vec::with_capacity(keys.len());
        let mut run_start = 0;
        for &(k, i) in &keys {
            if kept.last().is_none_or(|&(pk, _)| pk != k) {
                run_start = kept.len();
            }
            let bytes = needles.get(i as usize).map(|n| n.bytes.as_slice());
            let dup = kept[run_start..]
                .iter()
                .any(|&(_, j)| needles.get(j as usize).map(|n| n.bytes.as_slice()) == bytes);
            if !dup {
                kept.push((k, i));
            }
        }
        let keys = kept;
        for &(k, _) in &keys {
            let s = slot(k);
            filter[s / 64] |= 1 << (s % 64);
        }
        Self {
            needles,
            keys,
            filter,
        }
    }

    pub fn len(&self) -> usize {
        self.needles.len()
    }

    /// Calls `found` for every needle that occurs in `hay` (once per occurrence).
    pub fn find(&self, hay: &[u8], found: &mut dyn FnMut(&Needle)) {
        if hay.len() < MIN_NEEDLE_LEN || self.keys.is_empty() {
            return;
        }
        for pos in 0..=hay.len() - MIN_NEEDLE_LEN {
            let key = key_of(&hay[pos..]);
            let s = slot(key);
            if self.filter[s / 64] & (1 << (s % 64)) == 0 {
                continue;
            }
            let start = self.keys.partition_point(|&(k, _)| k < key);
            for &(k, i) in &self.keys[start..] {
                if k != key {
                    break;
                }
                if let Some(n) = self.needles.get(i as usize) {
                    if hay[pos..].starts_with(&n.bytes) {
                        found(n);
                    }
                }
            }
        }
    }
}
