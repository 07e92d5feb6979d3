//! Noise for `fuzz` mode: generated here from a per-page seed, applied by the page hook.
//!
//! A [`Noise`] is made once per page from a seed the extension draws with
//! `crypto.getRandomValues` (never reused across pages). It owns independent streams, so how
//! many timing samples the hook consumed does not change the pointer noise or the key map:
//! - [`keys`]: letter-for-letter, digit-for-digit substitution, stable within the page;
//! - [`cadence`]: when each timed key event reaches a recorder (the release schedule);
//! - [`motion`]: timing jitter and pointer offsets, in batches;
//! - [`scrub`]: removal of identity fields from pixel payloads (stateless).
//!
//! ```
//! use keyveil::noise::Noise;
//! let mut noise = Noise::new(&[7u8; 16]).unwrap();
//! let fake = noise.substitute("Alice 42");
//! assert_eq!(fake.len(), 8);
//! assert_ne!(fake, "Alice 42");
//! let pointer = noise.pointer_batch(256).unwrap(); // [dx0, dy0, dx1, dy1, …]
//! assert_eq!(pointer.len(), 512);
//! ```

pub mod cadence;
pub mod keys;
pub mod motion;
pub mod rng;
pub mod scrub;

pub use cadence::{Cadence, CadencePlan};
pub use keys::{FakeCode, FakeKey, KeyMap, SubstitutionTable};
pub use motion::{MAX_BATCH, MAX_POINTER_DRIFT_PX, MAX_POINTER_JITTER_PX, MAX_TIMING_JITTER_MS};
pub use scrub::{dnr_remove_params, is_identity_param, scrub_form, scrub_url, Scrubbed};

use rng::{splitmix64, Rng};

/// The fewest seed bytes accepted: 128 bits, so pages cannot share a seed by chance.
pub const MIN_SEED_BYTES: usize = 16;

/// Why noise could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The seed is shorter than [`MIN_SEED_BYTES`].
    #[error("seed too short: {got} bytes (need at least {min})")]
    SeedTooShort {
        /// Bytes given.
        got: usize,
        /// [`MIN_SEED_BYTES`].
        min: usize,
    },
    /// Every seed byte is zero: the caller forgot to fill it from `crypto.getRandomValues`.
    #[error("seed is all zeros: fill it with crypto.getRandomValues")]
    ZeroSeed,
    /// A release schedule that does not fit its own key codes or bound.
    #[error("bad key-event schedule: {0}")]
    BadPlan(String),
    /// A batch larger than [`MAX_BATCH`] was asked for.
    #[error("batch of {got} samples asked (at most {max})")]
    BatchTooLarge {
        /// Samples asked for.
        got: usize,
        /// [`MAX_BATCH`].
        max: usize,
    },
}

/// One page's noise.
#[derive(Debug, Clone)]
pub struct Noise {
    keys: KeyMap,
    timing: motion::Timing,
    pointer: motion::Pointer,
    cadence_seed: u64,
}

impl Noise {
    /// Noise from a page seed of at least [`MIN_SEED_BYTES`] random bytes.
    pub fn new(seed: &[u8]) -> Result<Self, Error> {
        if seed.len() < MIN_SEED_BYTES {
            return Err(Error::SeedTooShort {
                got: seed.len(),
                min: MIN_SEED_BYTES,
            });
        }
        if seed.iter().all(|&b| b == 0) {
            return Err(Error::ZeroSeed);
        }
        // Fold every seed byte into one 64-bit master, mixing after each 8-byte word.
        let mut master = 0u64;
        for chunk in seed.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            master ^= u64::from_le_bytes(word);
            master = splitmix64(&mut master);
        }
        // One stream per use, each from its own splitmix output.
        let mut sm = master;
        let mut key_rng = Rng::new(splitmix64(&mut sm));
        Ok(Self {
            keys: KeyMap::new(&mut key_rng),
            timing: motion::Timing::new(Rng::new(splitmix64(&mut sm))),
            pointer: motion::Pointer::new(Rng::new(splitmix64(&mut sm))),
            // Last, so the streams above are what they were before it existed.
            cadence_seed: splitmix64(&mut sm),
        })
    }

    /// The page's key map.
    pub fn keys(&self) -> &KeyMap {
        &self.keys
    }

    /// `text` with every letter and digit replaced (see [`KeyMap::substitute`]).
    pub fn substitute(&self, text: &str) -> String {
        self.keys.substitute(text)
    }

    /// The substitution table for the page hook: the 62 ASCII letters and digits first, then
    /// Latin, Greek and Cyrillic letters, and the fake physical keys (see [`SubstitutionTable`]).
    pub fn table(&self) -> SubstitutionTable {
        self.keys.table()
    }

    /// Consistent fake `key`/`code`/`keyCode`/`charCode` (see [`KeyMap::fake_key`]).
    pub fn fake_key(&self, key: &str, code: &str, key_code: u32) -> FakeKey {
        self.keys.fake_key(key, code, key_code)
    }

    /// `n` timing deltas in ms, one per event (see [`motion`] for the distribution).
    pub fn timing_batch(&mut self, n: usize) -> Result<Vec<f64>, Error> {
        check_batch(n)?;
        Ok((0..n).map(|_| self.timing.next_delta()).collect())
    }

    /// The page's key-event release schedule (see [`cadence`]). The same every time it is
    /// asked for on this page: a profile that changed within a page could be averaged away.
    pub fn cadence_plan(&self) -> CadencePlan {
        CadencePlan::new(&mut Rng::new(self.cadence_seed))
    }

    /// `n` pointer offsets, interleaved `[dx0, dy0, dx1, dy1, …]` (`2n` numbers).
    pub fn pointer_batch(&mut self, n: usize) -> Result<Vec<i32>, Error> {
        check_batch(n)?;
        let mut out = Vec::with_capacity(2 * n);
        for _ in 0..n {
            let (dx, dy) = self.pointer.next_offset();
            out.push(dx);
            out.push(dy);
        }
        Ok(out)
    }
}

fn check_batch(n: usize) -> Result<(), Error> {
    if n > MAX_BATCH {
        return Err(Error::BatchTooLarge {
            got: n,
            max: MAX_BATCH,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(b: u8) -> [u8; 16] {
        let mut s = [0u8; 16];
        s[15] = b;
        s
    }

    #[test]
    fn same_seed_same_noise_other_seed_other_noise() {
        let mut a = Noise::new(&seed(1)).unwrap();
        let mut b = Noise::new(&seed(1)).unwrap();
        let mut c = Noise::new(&seed(2)).unwrap();
        assert_eq!(a.table(), b.table());
        assert_eq!(a.timing_batch(32).unwrap(), b.timing_batch(32).unwrap());
        assert_ne!(a.table(), c.table());
        assert_ne!(a.pointer_batch(32).unwrap(), c.pointer_batch(32).unwrap());
    }

    #[test]
    fn streams_are_independent() {
        let mut a = Noise::new(&seed(3)).unwrap();
        let mut b = Noise::new(&seed(3)).unwrap();
        a.timing_batch(100).unwrap();
        assert_eq!(a.pointer_batch(10).unwrap(), b.pointer_batch(10).unwrap());
    }

    #[test]
    fn a_page_has_one_cadence_plan_and_pages_differ() {
        let mut a = Noise::new(&seed(5)).unwrap();
        let first = a.cadence_plan();
        // Asking again, or after other streams were used, gives the page's same plan.
        a.timing_batch(50).unwrap();
        assert_eq!(a.cadence_plan(), first);
        assert_ne!(Noise::new(&seed(6)).unwrap().cadence_plan(), first);
    }

    #[test]
    fn every_seed_byte_counts() {
        let mut s = [9u8; 32];
        let t1 = Noise::new(&s).unwrap().table();
        s[31] = 10;
        assert_ne!(Noise::new(&s).unwrap().table(), t1);
    }

    #[test]
    fn bad_seeds_and_batches_are_errors() {
        assert_eq!(
            Noise::new(&[1; 8]).unwrap_err(),
            Error::SeedTooShort { got: 8, min: 16 }
        );
        assert_eq!(Noise::new(&[0; 16]).unwrap_err(), Error::ZeroSeed);
        let mut n = Noise::new(&seed(1)).unwrap();
        assert!(matches!(
            n.timing_batch(MAX_BATCH + 1),
            Err(Error::BatchTooLarge { .. })
        ));
        assert_eq!(n.pointer_batch(MAX_BATCH).unwrap().len(), 2 * MAX_BATCH);
    }
}
