//! Key-event release schedule for `fuzz` mode: when each timed key event reaches a recorder.
//!
//! Why not fresh random delays per event: a recorder builds its template from hundreds of
//! keystrokes, and the mean of `true + d2 - d1` is the true mean whenever `d1` and `d2` are
//! drawn alike, so independent jitter only widens each sample while the averages that identify
//! a typist survive. kloak's rule (uniform in `[time until the previous release, max]`) has
//! the same flaw once intervals exceed its 100 ms window, as typing intervals do.
//!
//! What this does instead: a *page profile*. Each page draws, once, how late each keydown is
//! released given the key pressed before it, and how late each key's keyup is released. Every
//! press of that digraph on that page gets the same lateness, so averaging over a page's
//! keystrokes does not remove it; the next page draws another. A recorder that learnt a typist
//! on some pages meets shifts of up to ±[`MAX_DELAY_MS`] on every hold and latency of the next
//! one, larger than the differences between people it relies on. The values sit near the two
//! ends of the window (within [`END_WIDTH`] of 0 or of the bound) because that makes the
//! shifts largest; they are spread within the ends so the shifts do not fall on a lattice a
//! recorder could fit. Shifts are per digraph, not per key, because per-key shifts cancel
//! around a cycle of digraphs (`a→b` then `b→a`) and could be fitted from free text.
//!
//! What it cannot hide: overall speed. A phrase typed in 2 s is delivered in 2 s ± one window
//! (docs/keystroke-noise.md has the figures from `benches/biometrics.rs`).
//!
//! One [`Cadence`] per page, shared by every recorder script, deciding once per event, so a
//! recorder split over several scripts or event types sees one timeline. The page hook runs
//! the same few lines (docs/keystroke-noise.md) on the [`CadencePlan`] the core sends; this
//! type is the reference it follows and the code the benchmark measures.

use super::rng::Rng;
use super::Error;

/// The latest any event is released after it happened, in ms: usability bound (kloak's too).
pub const MAX_DELAY_MS: f64 = 100.0;
/// How far into the window a lateness may go from its end, as a fraction of the window.
pub const END_WIDTH: f64 = 0.15;

/// The physical keys with a lateness of their own; any other `code` shares the last slot.
pub fn codes() -> Vec<String> {
    const OTHERS: [&str; 30] = [
        "Space",
        "Enter",
        "Backspace",
        "Tab",
        "ShiftLeft",
        "ShiftRight",
        "ControlLeft",
        "ControlRight",
        "AltLeft",
        "AltRight",
        "MetaLeft",
        "MetaRight",
        "CapsLock",
        "Period",
        "Comma",
        "Slash",
        "Semicolon",
        "Quote",
        "BracketLeft",
        "BracketRight",
        "Backslash",
        "Minus",
        "Equal",
        "Backquote",
        "ArrowLeft",
        "ArrowRight",
        "ArrowUp",
        "ArrowDown",
        "Delete",
        "Escape",
    ];
    ('A'..='Z')
        .map(|c| format!("Key{c}"))
        .chain(('0'..='9').map(|d| format!("Digit{d}")))
        .chain(OTHERS.iter().map(|s| s.to_string()))
        .collect()
}

/// A page's release schedule, as the core sends it to the page hook once per page.
///
/// Slots: `codes[i]` is slot `i`; every other `code` is slot `codes.len()` (so there are
/// `codes.len() + 1` slots). The first keydown of a page counts as following that last slot.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CadencePlan {
    /// The latest release after the event, in ms ([`MAX_DELAY_MS`]).
    pub max_delay_ms: f64,
    /// Physical key codes with a slot of their own ([`codes`]).
    pub codes: Vec<String>,
    /// Lateness of a keydown in ms, row-major by slot: `down_ms[prev * slots + key]`, where
    /// `prev` is the slot of the previous keydown on the page.
    pub down_ms: Vec<f64>,
    /// Lateness of a keyup in ms, by slot.
    pub up_ms: Vec<f64>,
}

impl CadencePlan {
    /// A fresh page profile drawn from `rng`.
    pub fn new(rng: &mut Rng) -> Self {
        Self::with_end_width(rng, END_WIDTH)
    }

    /// A fresh page profile whose lateness lies within `width` (a fraction of the window,
    /// clamped to `[0, 0.5]`) of either end: 0 gives only 0 and the bound, 0.5 the whole
    /// window. For measuring the choice of [`END_WIDTH`].
    pub fn with_end_width(rng: &mut Rng, width: f64) -> Self {
        let width = if width.is_finite() {
            width.clamp(0.0, 0.5)
        } else {
            END_WIDTH
        };
        let codes = codes();
        let slots = codes.len() + 1;
        let mut lateness =
            |n: usize| -> Vec<f64> { (0..n).map(|_| end_value(rng, width)).collect() };
        let down_ms = lateness(slots * slots);
        let up_ms = lateness(slots);
        Self {
            max_delay_ms: MAX_DELAY_MS,
            codes,
            down_ms,
            up_ms,
        }
    }

    /// Slots: key codes plus the shared one.
    pub fn slots(&self) -> usize {
        self.codes.len() + 1
    }

    /// Whether the tables fit the codes and every lateness lies in `[0, max_delay_ms]`.
    pub fn check(&self) -> Result<(), Error> {
        let n = self.slots();
        let bound = self.max_delay_ms;
        let bad = |why: String| Err(Error::BadPlan(why));
        if !(bound.is_finite() && (0.0..=1000.0).contains(&bound)) {
            return bad(format!("max_delay_ms {bound} is not in [0, 1000]"));
        }
        if self.down_ms.len() != n * n || self.up_ms.len() != n {
            return bad(format!(
                "tables of {} and {} values for {n} slots (need {} and {n})",
                self.down_ms.len(),
                self.up_ms.len(),
                n * n
            ));
        }
        match self
            .down_ms
            .iter()
            .chain(&self.up_ms)
            .find(|v| !(v.is_finite() && (0.0..=bound).contains(*v)))
        {
            Some(v) => bad(format!("lateness {v} is not in [0, {bound}]")),
            None => Ok(()),
        }
    }
}

/// A lateness near one end of the window, rounded to 0.1 ms.
fn end_value(rng: &mut Rng, width: f64) -> f64 {
    let inner = rng.next_f64() * width;
    let frac = if rng.below(2) == 0 {
        inner
    } else {
        1.0 - inner
    };
    (frac * MAX_DELAY_MS * 10.0).round() / 10.0
}

/// What kind of timed event is scheduled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `keydown`.
    Down,
    /// `keyup`.
    Up,
    /// Any other timed event (`keypress`, `beforeinput`, `input`, `selectionchange`, …).
    Follow,
}

impl Kind {
    /// The kind of a DOM event type (`keydown`, `keyup`, anything else).
    pub fn of(event_type: &str) -> Self {
        match event_type {
            "keydown" => Kind::Down,
            "keyup" => Kind::Up,
            _ => Kind::Follow,
        }
    }
}

/// One page's schedule: call [`Cadence::schedule`] once per timed event, in dispatch order.
#[derive(Debug, Clone)]
pub struct Cadence {
    plan: CadencePlan,
    /// Release time of the latest event scheduled (releases never go back).
    last_due: f64,
    /// Slot of the latest keydown.
    prev: usize,
}

impl Cadence {
    /// A schedule following `plan`, or why the plan is unusable.
    pub fn new(plan: CadencePlan) -> Result<Self, Error> {
        plan.check()?;
        let prev = plan.codes.len();
        Ok(Self {
            plan,
            last_due: f64::NEG_INFINITY,
            prev,
        })
    }

    fn slot(&self, code: &str) -> usize {
        self.plan
            .codes
            .iter()
            .position(|c| c == code)
            .unwrap_or(self.plan.codes.len())
    }

    /// When to release an event of `kind` that happened at `now` (ms, one clock), on the key
    /// with physical `code` (ignored for [`Kind::Follow`]). Always within
    /// `[max(now, previous release), now + max_delay_ms]`: never early, never out of order,
    /// never later than the bound.
    pub fn schedule(&mut self, now: f64, kind: Kind, code: &str) -> f64 {
        let lateness = match kind {
            Kind::Down => {
                let key = self.slot(code);
                let v = self.plan.down_ms[self.prev * self.plan.slots() + key];
                self.prev = key;
                v
            }
            Kind::Up => self.plan.up_ms[self.slot(code)],
            // Rides on whatever was released before it: no timing of its own.
            Kind::Follow => 0.0,
        };
        let floor = now.max(self.last_due);
        // `floor` never passes the bound: the previous release was at most its own
        // `now + max_delay_ms`, and time only moves on.
        let due = (now + lateness).clamp(floor, (now + self.plan.max_delay_ms).max(floor));
        self.last_due = due;
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(seed: u64) -> Cadence {
        Cadence::new(CadencePlan::new(&mut Rng::new(seed))).unwrap()
    }

    /// A page's worth of typing: bursts with rollover (keyups after the next keydown), pauses,
    /// keypress/input with each keydown, and stray follow events.
    fn typing(seed: u64, n: usize) -> Vec<(f64, Kind, String)> {
        let codes = codes();
        let mut r = Rng::new(seed);
        let mut out = Vec::new();
        let mut t = 0.0;
        for i in 0..n {
            t += if r.below(20) == 0 {
                r.range_f64(1500.0, 5000.0)
            } else {
                r.range_f64(0.0, 400.0)
            };
            // Mostly known keys, some unknown ones (the shared slot).
            let key = match r.below(10) {
                0 => "NumpadAdd".to_string(),
                _ => codes[r.below(12) as usize].clone(),
            };
            out.push((t, Kind::Down, key.clone()));
            out.push((t, Kind::Follow, key.clone()));
            out.push((t + r.range_f64(5.0, 300.0), Kind::Up, key));
            if i % 7 == 0 {
                out.push((t + r.range_f64(0.0, 50.0), Kind::Follow, String::new()));
            }
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        out
    }

    #[test]
    fn never_early_never_late_never_out_of_order() {
        for seed in 0..20 {
            let mut c = page(seed);
            let mut prev = f64::NEG_INFINITY;
            let mut late = 0;
            for (now, kind, key) in typing(seed + 100, 2000) {
                let due = c.schedule(now, kind, &key);
                assert!(due >= now, "early: {due} < {now}");
                assert!(due <= now + MAX_DELAY_MS, "late: {due} > {now} + bound");
                assert!(due >= prev, "out of order: {due} < {prev}");
                late += usize::from(due - now > MAX_DELAY_MS / 2.0);
                prev = due;
            }
            // Not a schedule that simply delivers at once.
            assert!(late > 1000, "only {late} events held back");
        }
    }

    #[test]
    fn a_page_keeps_its_profile_and_pages_do_not_share_one() {
        let a = CadencePlan::new(&mut Rng::new(1));
        assert_eq!(a, CadencePlan::new(&mut Rng::new(1)));
        let b = CadencePlan::new(&mut Rng::new(2));
        assert_eq!(a.slots(), 67);
        assert_eq!(a.down_ms.len(), 67 * 67);
        // No table of one page reappears in another (nor shifted by an entry).
        let same = a
            .down_ms
            .iter()
            .zip(&b.down_ms)
            .filter(|(x, y)| x == y)
            .count();
        assert!(same < a.down_ms.len() / 50, "{same} equal entries");
        assert_ne!(a.down_ms[..4000], b.down_ms[1..4001]);
        // Within a page, lateness differs between digraphs (not one constant shift).
        let distinct: std::collections::BTreeSet<u64> =
            a.down_ms.iter().map(|v| v.to_bits()).collect();
        assert!(distinct.len() > 200, "{} distinct values", distinct.len());
    }

    #[test]
    fn lateness_sits_near_the_ends_of_the_window() {
        let p = CadencePlan::new(&mut Rng::new(3));
        p.check().unwrap();
        let edge = END_WIDTH * MAX_DELAY_MS + 1e-9;
        let all: Vec<f64> = p.down_ms.iter().chain(&p.up_ms).copied().collect();
        let low = all.iter().filter(|&&v| v <= edge).count();
        let high = all.iter().filter(|&&v| v >= MAX_DELAY_MS - edge).count();
        assert_eq!(low + high, all.len());
        assert!(
            low > all.len() * 2 / 5 && high > all.len() * 2 / 5,
            "{low} {high}"
        );
        // Spread inside each end, not two values a recorder could fit.
        assert!(all.iter().any(|&v| v > 5.0 && v <= edge));
    }

    /// Mean delivered hold and keydown latency of one typist (holds 90 ms, keys 250 ms apart,
    /// "a" then "b" over and over) on the page drawn from `seed`.
    fn means(seed: u64) -> (f64, f64) {
        let mut c = page(seed);
        let (mut hold, mut latency) = (0.0, 0.0);
        let mut prev = None;
        for i in 0..1000 {
            let t = f64::from(i) * 250.0;
            let key = if i % 2 == 0 { "KeyA" } else { "KeyB" };
            let down = c.schedule(t, Kind::Down, key);
            hold += c.schedule(t + 90.0, Kind::Up, key) - down;
            if let Some(p) = prev {
                latency += down - p;
            }
            prev = Some(down);
        }
        (hold / 1000.0, latency / 999.0)
    }

    #[test]
    fn averages_move_from_page_to_page_and_stay_put_within_one() {
        // The same typist on ten pages: what a recorder's template would average to.
        let holds: Vec<f64> = (0..10).map(|s| means(s).0).collect();
        let spread = holds.iter().fold(f64::MIN, |m, &v| m.max(v))
            - holds.iter().fold(f64::MAX, |m, &v| m.min(v));
        assert!(spread > 60.0, "holds {holds:?}");
        // Digraph latencies: "a→b" and "b→a" are shifted apart on most pages.
        let skew = (0..10)
            .filter(|&s| {
                let mut c = page(s);
                c.schedule(0.0, Kind::Down, "KeyA");
                let ab = c.schedule(250.0, Kind::Down, "KeyB") - c.schedule(0.0, Kind::Follow, "");
                let a2 = c.schedule(500.0, Kind::Down, "KeyA");
                let b2 = c.schedule(750.0, Kind::Down, "KeyB");
                (ab - 250.0).abs() > 30.0 || (b2 - a2 - 250.0).abs() > 30.0
            })
            .count();
        assert!(skew >= 5, "only {skew} pages shift the digraph");
        // And on one page, the same answer every time (nothing to average away).
        assert_eq!(means(4), means(4));
    }

    #[test]
    fn a_keydown_lateness_depends_on_the_key_before() {
        // KeyB pressed alone (seconds apart) after each of 20 other keys, on one page.
        let mut c = page(7);
        let codes = codes();
        let mut lateness = Vec::new();
        for (i, before) in codes[2..22].iter().enumerate() {
            let t = i as f64 * 10_000.0;
            c.schedule(t, Kind::Down, before);
            c.schedule(t + 80.0, Kind::Up, before);
            lateness.push(c.schedule(t + 5000.0, Kind::Down, "KeyB") - (t + 5000.0));
        }
        let high = lateness.iter().filter(|&&l| l > MAX_DELAY_MS / 2.0).count();
        assert!((3..=17).contains(&high), "{lateness:?}");
    }

    #[test]
    fn follow_events_ride_on_the_keydown() {
        let mut c = page(5);
        let down = c.schedule(1000.0, Kind::Down, "KeyA");
        assert_eq!(c.schedule(1000.0, Kind::Follow, ""), down);
        // With nothing pending, one goes at once.
        assert_eq!(c.schedule(9000.0, Kind::Follow, ""), 9000.0);
        assert_eq!(Kind::of("keydown"), Kind::Down);
        assert_eq!(Kind::of("keyup"), Kind::Up);
        assert_eq!(Kind::of("input"), Kind::Follow);
    }

    #[test]
    fn bad_plans_are_errors() {
        let good = CadencePlan::new(&mut Rng::new(6));
        let mut p = good.clone();
        p.up_ms.pop();
        assert!(matches!(Cadence::new(p), Err(Error::BadPlan(_))));
        let mut p = good.clone();
        p.down_ms[7] = MAX_DELAY_MS + 1.0;
        assert!(matches!(Cadence::new(p), Err(Error::BadPlan(_))));
        let mut p = good.clone();
        p.up_ms[0] = f64::NAN;
        assert!(matches!(Cadence::new(p), Err(Error::BadPlan(_))));
        let mut p = good;
        p.max_delay_ms = f64::INFINITY;
        let e = Cadence::new(p).unwrap_err();
        assert!(e.to_string().contains("max_delay_ms"), "{e}");
    }
}
