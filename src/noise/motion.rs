//! Timing jitter for key events and pointer noise for mouse/pointer/touch events, in batches.
//!
//! The hook lives in the page and cannot call the core synchronously, so it asks for a batch
//! (say 256 samples) and consumes one per event, asking for more before it runs out.
//!
//! Timing (kept while the hook uses it; key events move to [`super::cadence`], whose page
//! profile a recorder cannot average away as it can these independent deltas): each event's
//! `timeStamp` gets `+delta`, `delta` uniform in
//! `[0, MAX_TIMING_JITTER_MS)`, independent per event, rounded to 0.1 ms (the coarsest
//! resolution browsers give). Dwell and flight times then change by a triangular error of
//! ±[`MAX_TIMING_JITTER_MS`] (standard deviation ≈ 20 ms), which templates average out
//! (72% of typists still identified in `benches/biometrics.rs`). Since independent deltas could put a
//! `keyup` before its `keydown`, the hook must keep its fake timeline ordered:
//! `fake = Math.max(event.timeStamp + delta, lastFake)`.
//!
//! Pointer: `(dx, dy)` = a smooth random walk (a damped velocity, reflected at
//! ±[`MAX_POINTER_DRIFT_PX`]) that bends whole trajectories, plus independent per-event noise
//! of at most ±[`MAX_POINTER_JITTER_PX`]. Integers, so coordinates stay whole pixels.

use super::rng::Rng;

/// The most milliseconds added to one event's `timeStamp` (exclusive).
pub const MAX_TIMING_JITTER_MS: f64 = 50.0;
/// The furthest the smooth pointer drift goes from the true position, per axis.
pub const MAX_POINTER_DRIFT_PX: f64 = 12.0;
/// The largest per-event pointer noise on top of the drift, per axis.
pub const MAX_POINTER_JITTER_PX: i32 = 3;
/// The most samples one batch may ask for.
pub const MAX_BATCH: usize = 4096;

/// How fast the drift's velocity forgets itself per event (closer to 1 = smoother curves).
const DRIFT_DAMPING: f64 = 0.85;
/// The largest change of drift velocity per event, in pixels.
const DRIFT_KICK_PX: f64 = 1.5;

/// Timing jitter, one stream per page.
#[derive(Debug, Clone)]
pub struct Timing {
    rng: Rng,
}

impl Timing {
    /// A stream from its own generator.
    pub fn new(rng: Rng) -> Self {
        Self { rng }
    }

    /// The next delta in milliseconds.
    pub fn next_delta(&mut self) -> f64 {
        let raw = self.rng.range_f64(0.0, MAX_TIMING_JITTER_MS);
        // Rounding down keeps the bound exclusive.
        (raw * 10.0).floor() / 10.0
    }
}

/// Pointer noise, one stream per page.
#[derive(Debug, Clone)]
pub struct Pointer {
    rng: Rng,
    pos: [f64; 2],
    vel: [f64; 2],
}

impl Pointer {
    /// A stream from its own generator, starting at a random drift.
    pub fn new(mut rng: Rng) -> Self {
        let start = [
            rng.range_f64(-MAX_POINTER_DRIFT_PX, MAX_POINTER_DRIFT_PX),
            rng.range_f64(-MAX_POINTER_DRIFT_PX, MAX_POINTER_DRIFT_PX),
        ];
        Self {
            rng,
            pos: start,
            vel: [0.0; 2],
        }
    }

    /// The next `(dx, dy)`.
    pub fn next_offset(&mut self) -> (i32, i32) {
        let mut out = [0i32; 2];
        for (axis, o) in out.iter_mut().enumerate() {
            let kick = self.rng.range_f64(-DRIFT_KICK_PX, DRIFT_KICK_PX);
            self.vel[axis] = self.vel[axis] * DRIFT_DAMPING + kick;
            let mut p = self.pos[axis] + self.vel[axis];
            // Reflect at the bounds so the walk stays inside without sticking to an edge.
            if p.abs() > MAX_POINTER_DRIFT_PX {
                p = p.signum() * (2.0 * MAX_POINTER_DRIFT_PX - p.abs());
                p = p.clamp(-MAX_POINTER_DRIFT_PX, MAX_POINTER_DRIFT_PX);
                self.vel[axis] = -self.vel[axis];
            }
            self.pos[axis] = p;
            let span = (2 * MAX_POINTER_JITTER_PX + 1) as u32;
            let jitter = self.rng.below(span) as i32 - MAX_POINTER_JITTER_PX;
            *o = p.round() as i32 + jitter;
        }
        (out[0], out[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timing_is_bounded_coarse_and_varied() {
        let mut t = Timing::new(Rng::new(4));
        let d: Vec<f64> = (0..5000).map(|_| t.next_delta()).collect();
        assert!(d.iter().all(|&x| (0.0..MAX_TIMING_JITTER_MS).contains(&x)));
        assert!(d
            .iter()
            .all(|&x| ((x * 10.0).round() - x * 10.0).abs() < 1e-6));
        let mean = d.iter().sum::<f64>() / d.len() as f64;
        assert!(
            (mean - MAX_TIMING_JITTER_MS / 2.0).abs() < 2.0,
            "mean {mean}"
        );
        // Dwell times change: consecutive deltas differ.
        assert!(d.windows(2).filter(|w| w[0] != w[1]).count() > 4900);
    }

    #[test]
    fn pointer_is_bounded_and_moves_smoothly() {
        let mut p = Pointer::new(Rng::new(5));
        let bound = MAX_POINTER_DRIFT_PX as i32 + MAX_POINTER_JITTER_PX;
        let s: Vec<(i32, i32)> = (0..10_000).map(|_| p.next_offset()).collect();
        assert!(s.iter().all(|&(x, y)| x.abs() <= bound && y.abs() <= bound));
        // Not a constant shift: both signs occur and the drift wanders over its range.
        assert!(s.iter().any(|&(x, _)| x > 5) && s.iter().any(|&(x, _)| x < -5));
        // Smooth: consecutive offsets are close (drift step + two jitters), unlike fresh noise.
        let max_step = s.windows(2).map(|w| (w[0].0 - w[1].0).abs()).max().unwrap();
        assert!(
            max_step <= 2 * MAX_POINTER_JITTER_PX + 12,
            "step {max_step}"
        );
        let mean_step: f64 = s
            .windows(2)
            .map(|w| f64::from((w[0].0 - w[1].0).abs()))
            .sum::<f64>()
            / 9999.0;
        assert!(mean_step < 4.0, "mean step {mean_step}");
    }
}
