//! How well a recorder identifies typists from the key timings it is delivered, per scheme.
//!
//! Run with `cargo bench --bench biometrics` (a few seconds; seeded, so every run prints the
//! same table). Method and sources: docs/keystroke-noise.md.
//!
//! Typists: 51 simulated people, each typing the CMU benchmark's password `.tie5Roanl` plus
//! Return 200 times (4 pages of 50, as Killourhy & Maxion's 8 sessions of 50), a few seconds
//! apart. Features: the benchmark's 31 (11 holds, 10 keydown-keydown, 10 keyup-keydown).
//! Identifier: scaled Manhattan (Killourhy & Maxion's best detector) as a closed-set
//! identifier: a template per typist (feature means and mean absolute deviations) from the
//! first 100 phrases, each of the last 100 given to the typist with the smallest distance.
//!
//! Then the same identifier on pointer trajectories, before and after the pointer offsets of
//! `src/noise/motion.rs` (see [`pointer_table`]).

use keyveil::noise::cadence::{Cadence, Kind};
use keyveil::noise::rng::Rng;
use keyveil::noise::{CadencePlan, Noise};

/// Typists: the benchmark's 51 subjects.
const PEOPLE: usize = 51;
const PAGES: usize = 4;
const PER_PAGE: usize = 50;
const REPS: usize = PAGES * PER_PAGE;
const KEYS: [&str; 11] = [
    "Period",
    "KeyT",
    "KeyI",
    "KeyE",
    "Digit5",
    "ShiftRight",
    "KeyO",
    "KeyA",
    "KeyN",
    "KeyL",
    "Enter",
];
/// Population mean hold per key, ms (assumed; see docs/keystroke-noise.md).
const HOLD_MS: [f64; 11] = [
    95.0, 90.0, 85.0, 85.0, 90.0, 100.0, 85.0, 90.0, 85.0, 85.0, 90.0,
];
/// Population mean keydown-keydown latency per digraph, ms (assumed; same source).
const DD_MS: [f64; 10] = [
    330.0, 220.0, 200.0, 330.0, 420.0, 270.0, 200.0, 190.0, 190.0, 290.0,
];
/// Between-typist spread (log-normal sigma): overall hold and speed, then per feature.
const HOLD_PERSON: f64 = 0.25;
const SPEED_PERSON: f64 = 0.30;
const HOLD_FEATURE: f64 = 0.15;
const DD_FEATURE: f64 = 0.20;
/// Within-typist spread (log-normal sigma): per phrase (a slower try), per hold, per latency.
const PHRASE: f64 = 0.08;
const HOLD_REP: f64 = 0.18;
const DD_REP: f64 = 0.25;
/// Phrases a recorder averages in the "10 phrases" column (a minute of typing or so).
const POOLED: usize = 10;
const FEATURES: usize = 31;

type Phrase = Vec<(f64, f64)>; // per key: (keydown, keyup), ms
/// Per typist, one feature vector per phrase.
type Feats = Vec<Vec<[f64; FEATURES]>>;

struct Typist {
    hold: [f64; 11],
    dd: [f64; 10],
}

fn normal(rng: &mut Rng) -> f64 {
    let u1 = rng.next_f64().max(1e-300);
    let u2 = rng.next_f64();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn lognormal(rng: &mut Rng, sigma: f64) -> f64 {
    (sigma * normal(rng)).exp()
}

fn typists(rng: &mut Rng) -> Vec<Typist> {
    (0..PEOPLE)
        .map(|_| {
            let h = lognormal(rng, HOLD_PERSON);
            let s = lognormal(rng, SPEED_PERSON);
            let mut t = Typist {
                hold: [0.0; 11],
                dd: [0.0; 10],
            };
            for (k, v) in t.hold.iter_mut().enumerate() {
                *v = HOLD_MS[k] * h * lognormal(rng, HOLD_FEATURE);
            }
            for (k, v) in t.dd.iter_mut().enumerate() {
                *v = DD_MS[k] * s * lognormal(rng, DD_FEATURE);
            }
            t
        })
        .collect()
}

/// One phrase typed from `start`.
fn phrase(t: &Typist, rng: &mut Rng, start: f64) -> Phrase {
    let pace = lognormal(rng, PHRASE);
    let mut down = start;
    let mut out = Vec::with_capacity(11);
    for k in 0..11 {
        if k > 0 {
            down += t.dd[k - 1] * pace * lognormal(rng, DD_REP);
        }
        out.push((down, down + t.hold[k] * lognormal(rng, HOLD_REP)));
    }
    out
}

fn features(p: &Phrase) -> [f64; FEATURES] {
    let mut f = [0.0; FEATURES];
    let mut i = 0;
    for k in 0..11 {
        f[i] = p[k].1 - p[k].0;
        i += 1;
        if k < 10 {
            f[i] = p[k + 1].0 - p[k].0;
            f[i + 1] = p[k + 1].0 - p[k].1;
            i += 2;
        }
    }
    f
}

/// A page's timed events in dispatch order: (true time, kind, key index).
fn events(phrases: &[Phrase]) -> Vec<(f64, Kind, usize)> {
    let mut ev = Vec::new();
    for p in phrases {
        for (k, &(d, u)) in p.iter().enumerate() {
            ev.push((d, Kind::Down, k));
            // keypress and input, dispatched with the keydown.
            ev.push((d, Kind::Follow, k));
            ev.push((d, Kind::Follow, k));
            ev.push((u, Kind::Up, k));
        }
    }
    // Stable: a keydown stays before its keypress and input.
    ev.sort_by(|a, b| a.0.total_cmp(&b.0));
    ev
}

/// Rebuilds the phrases from released times (`due[i]` for `events[i]`).
fn delivered(phrases: &[Phrase], ev: &[(f64, Kind, usize)], due: &[f64]) -> Vec<Phrase> {
    // Each event belongs to the phrase whose true span holds it: phrases are seconds apart.
    let mut out: Vec<Phrase> = phrases.to_vec();
    let mut by_time: Vec<(f64, Kind, usize, f64)> = ev
        .iter()
        .zip(due)
        .map(|(&(t, k, key), &d)| (t, k, key, d))
        .collect();
    by_time.retain(|e| e.1 != Kind::Follow);
    let mut i = 0;
    for p in out.iter_mut() {
        let end = p.iter().map(|x| x.1).fold(f64::MIN, f64::max);
        while i < by_time.len() && by_time[i].0 <= end {
            let (_, kind, key, d) = by_time[i];
            if kind == Kind::Down {
                p[key].0 = d;
            } else {
                p[key].1 = d;
            }
            i += 1;
        }
    }
    out
}

/// Today's hook: a page-wide table of 256 delays, uniform in [0, 50) ms at 0.1 ms, cycled,
/// one entry per delivery; each script its own queue (due = max(now + delay, last + 1)).
/// The recorder listens to keydown and keyup in `scripts` scripts and averages what they see.
fn today(phrases: &[Phrase], rng: &mut Rng, scripts: usize) -> Vec<Phrase> {
    let noise_seed: Vec<u8> = (0..16).map(|_| rng.below(256) as u8).collect();
    let mut noise = Noise::new(&noise_seed).expect("seed");
    let table = noise.timing_batch(256).expect("batch");
    let ev: Vec<_> = events(phrases)
        .into_iter()
        .filter(|e| e.1 != Kind::Follow)
        .collect();
    let mut at = 0;
    let mut last = vec![f64::MIN; scripts];
    let mut sum = vec![0.0; ev.len()];
    for (i, &(t, _, _)) in ev.iter().enumerate() {
        for l in last.iter_mut() {
            let due = (t + table[at]).max(*l + 1.0);
            at = (at + 1) % table.len();
            *l = due;
            sum[i] += due / scripts as f64;
        }
    }
    delivered(phrases, &ev, &sum)
}

/// kloak's rule on one page-wide queue: uniform in [time until the previous release, 100 ms].
fn kloak(phrases: &[Phrase], rng: &mut Rng) -> Vec<Phrase> {
    let ev: Vec<_> = events(phrases)
        .into_iter()
        .filter(|e| e.1 != Kind::Follow)
        .collect();
    let mut prev = f64::MIN;
    let due: Vec<f64> = ev
        .iter()
        .map(|&(t, _, _)| {
            let lo = (prev - t).max(0.0);
            prev = t + rng.range_f64(lo, 100.0);
            prev
        })
        .collect();
    delivered(phrases, &ev, &due)
}

/// Fresh randomness per event at its widest: each event 0 or 100 ms late, independently, on
/// one page-wide queue. What per-event noise can do at best within the bound.
fn fresh(phrases: &[Phrase], rng: &mut Rng) -> Vec<Phrase> {
    let ev: Vec<_> = events(phrases)
        .into_iter()
        .filter(|e| e.1 != Kind::Follow)
        .collect();
    let mut prev = f64::MIN;
    let due: Vec<f64> = ev
        .iter()
        .map(|&(t, _, _)| {
            let d = t + 100.0 * f64::from(rng.below(2));
            prev = d.clamp(t.max(prev), (t + 100.0).max(prev));
            prev
        })
        .collect();
    delivered(phrases, &ev, &due)
}

/// The new scheme: one [`Cadence`] per page from that page's [`Noise::cadence_plan`] (or a
/// plan of another end width), deciding once per event for every listener. Checks the
/// invariants on every event and records lateness.
fn cadence(
    phrases: &[Phrase],
    rng: &mut Rng,
    width: Option<f64>,
    late: &mut Vec<f64>,
) -> Vec<Phrase> {
    let noise_seed: Vec<u8> = (0..16).map(|_| rng.below(256) as u8).collect();
    let noise = Noise::new(&noise_seed).expect("seed");
    let plan = match width {
        None => noise.cadence_plan(),
        Some(w) => CadencePlan::with_end_width(rng, w),
    };
    let mut c = Cadence::new(plan).expect("plan");
    let ev = events(phrases);
    let mut prev = f64::MIN;
    let due: Vec<f64> = ev
        .iter()
        .map(|&(t, kind, key)| {
            let d = c.schedule(t, kind, KEYS[key]);
            assert!(d >= t && d >= prev && d <= t + 100.0, "invariant broken");
            prev = d;
            late.push(d - t);
            d
        })
        .collect();
    delivered(phrases, &ev, &due)
}

/// Template: per-feature mean and mean absolute deviation; with `modulus`, both taken on
/// the circle of that circumference (circular mean, mean wrapped deviation).
fn template(xs: &[[f64; FEATURES]], modulus: Option<f64>) -> ([f64; FEATURES], [f64; FEATURES]) {
    let n = xs.len() as f64;
    let mut mean = [0.0; FEATURES];
    let mut mad = [0.0; FEATURES];
    for f in 0..FEATURES {
        mean[f] = match modulus {
            None => xs.iter().map(|x| x[f]).sum::<f64>() / n,
            Some(p) => {
                let angle = |x: &[f64; FEATURES]| std::f64::consts::TAU * x[f] / p;
                let (s, c) = xs.iter().fold((0.0, 0.0), |(s, c), x| {
                    (s + angle(x).sin(), c + angle(x).cos())
                });
                s.atan2(c) * p / std::f64::consts::TAU
            }
        };
        mad[f] = (xs.iter().map(|x| gap(x[f], mean[f], modulus)).sum::<f64>() / n).max(1e-3);
    }
    (mean, mad)
}

/// |a − b|, or the shorter way round the circle of circumference `modulus`.
fn gap(a: f64, b: f64, modulus: Option<f64>) -> f64 {
    match modulus {
        None => (a - b).abs(),
        Some(p) => {
            let r = (a - b).rem_euclid(p);
            r.min(p - r)
        }
    }
}

type Template = ([f64; FEATURES], [f64; FEATURES]);

/// Top-1 identification rate of scaled Manhattan; `pool` phrases averaged per test.
fn identify(train: &[Vec<[f64; FEATURES]>], test: &[Vec<[f64; FEATURES]>], pool: usize) -> f64 {
    identify_mod(train, test, pool, None)
}

/// [`identify`], optionally on features taken modulo `modulus`: a recorder that knows shifts
/// come in steps of about one window and folds them away.
fn identify_mod(
    train: &[Vec<[f64; FEATURES]>],
    test: &[Vec<[f64; FEATURES]>],
    pool: usize,
    modulus: Option<f64>,
) -> f64 {
    let templates: Vec<Template> = train.iter().map(|xs| template(xs, modulus)).collect();
    let (mut right, mut all) = (0usize, 0usize);
    for (who, xs) in test.iter().enumerate() {
        for chunk in xs.chunks_exact(pool) {
            let mut x = [0.0; FEATURES];
            for c in chunk {
                for f in 0..FEATURES {
                    x[f] += c[f] / pool as f64;
                }
            }
            let best = templates
                .iter()
                .enumerate()
                .map(|(p, (m, a))| {
                    let d: f64 = (0..FEATURES).map(|f| gap(x[f], m[f], modulus) / a[f]).sum();
                    (p, d)
                })
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|b| b.0);
            right += usize::from(best == Some(who));
            all += 1;
        }
    }
    right as f64 / all as f64
}

/// Only the phrase's total time (first keydown to last keyup): what speed alone gives away.
fn speed_only(feats: &[Vec<[f64; FEATURES]>], pool: usize) -> f64 {
    let total = |x: &[f64; FEATURES]| -> [f64; FEATURES] {
        let mut t = [0.0; FEATURES];
        // DD features are at 1, 4, 7, …; plus the last hold.
        t[0] = (0..10).map(|k| x[1 + 3 * k]).sum::<f64>() + x[30];
        t
    };
    let one: Vec<Vec<[f64; FEATURES]>> = feats
        .iter()
        .map(|xs| xs.iter().map(total).collect())
        .collect();
    let (train, test) = split(&one);
    identify(&train, &test, pool)
}

fn split(feats: &[Vec<[f64; FEATURES]>]) -> (Feats, Feats) {
    let half = REPS / 2;
    (
        feats.iter().map(|x| x[..half].to_vec()).collect(),
        feats.iter().map(|x| x[half..].to_vec()).collect(),
    )
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn main() {
    let started = std::time::Instant::now();
    let mut rng = Rng::new(0x6b65_7976_6569_6c00);
    let people = typists(&mut rng);
    // Each typist's phrases, page by page, a few seconds apart.
    let truth: Vec<Vec<Vec<Phrase>>> = people
        .iter()
        .map(|t| {
            (0..PAGES)
                .map(|_| {
                    let mut start = 1000.0;
                    (0..PER_PAGE)
                        .map(|_| {
                            let p = phrase(t, &mut rng, start);
                            start = p[10].1 + rng.range_f64(2000.0, 4000.0);
                            p
                        })
                        .collect()
                })
                .collect()
        })
        .collect();

    type Scheme<'a> = (
        &'a str,
        Box<dyn Fn(&[Phrase], &mut Rng, &mut Vec<f64>) -> Vec<Phrase>>,
    );
    let schemes: Vec<Scheme> = vec![
        ("true timings", Box::new(|p, _, _| p.to_vec())),
        (
            "today: 256 cycled 0-50 ms",
            Box::new(|p, r, _| today(p, r, 1)),
        ),
        (
            "today, recorder in 4 scripts",
            Box::new(|p, r, _| today(p, r, 4)),
        ),
        ("kloak rule, 100 ms", Box::new(|p, r, _| kloak(p, r))),
        (
            "fresh 0 or 100 ms per event",
            Box::new(|p, r, _| fresh(p, r)),
        ),
        (
            "page profile (new, shipped)",
            Box::new(|p, r, l| cadence(p, r, None, l)),
        ),
        (
            "  ... end width 0 (0/100 only)",
            Box::new(|p, r, l| cadence(p, r, Some(0.0), l)),
        ),
        (
            "  ... end width 0.3",
            Box::new(|p, r, l| cadence(p, r, Some(0.3), l)),
        ),
        (
            "  ... end width 0.5 (uniform)",
            Box::new(|p, r, l| cadence(p, r, Some(0.5), l)),
        ),
    ];
    let feats_of = |pages: &[Vec<Phrase>]| -> Vec<[f64; FEATURES]> {
        pages.iter().flatten().map(features).collect()
    };
    let true_feats: Vec<Vec<[f64; FEATURES]>> = truth.iter().map(|t| feats_of(t)).collect();
    let (true_train, _) = split(&true_feats);

    println!(
        "Typist identification, {PEOPLE} typists x {REPS} phrases, scaled Manhattan on 31 features"
    );
    println!(
        "(top-1; chance {:.1}%; trained on phrases 1-100, tested on 101-200)\n",
        100.0 / PEOPLE as f64
    );
    println!(
        "{:<32} {:>10} {:>12} {:>10} {:>8} {:>8} {:>8} {:>9}",
        "scheme",
        "train true",
        "train fuzzed",
        "10 phrases",
        "mod 100",
        "mod, 10",
        "speed",
        "speed, 10"
    );
    let mut shipped_late = Vec::new();
    for (name, scheme) in &schemes {
        let mut scheme_late = Vec::new();
        let fuzzed: Vec<Vec<[f64; FEATURES]>> = truth
            .iter()
            .map(|pages| {
                let out: Vec<Vec<Phrase>> = pages
                    .iter()
                    .map(|p| scheme(p, &mut rng, &mut scheme_late))
                    .collect();
                feats_of(&out)
            })
            .collect();
        if name.contains("shipped") {
            shipped_late = scheme_late;
        }
        let (train, test) = split(&fuzzed);
        println!(
            "{:<32} {:>9.1}% {:>11.1}% {:>9.1}% {:>7.1}% {:>7.1}% {:>7.1}% {:>8.1}%",
            name,
            100.0 * identify(&true_train, &test, 1),
            100.0 * identify(&train, &test, 1),
            100.0 * identify(&train, &test, POOLED),
            100.0 * identify_mod(&train, &test, 1, Some(100.0)),
            100.0 * identify_mod(&train, &test, POOLED, Some(100.0)),
            100.0 * speed_only(&fuzzed, 1),
            100.0 * speed_only(&fuzzed, POOLED),
        );
    }
    let mut late = shipped_late;
    late.sort_by(f64::total_cmp);
    println!(
        "\npage profile lateness over {} events: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        late.len(),
        percentile(&late, 0.5),
        percentile(&late, 0.99),
        late.last().copied().unwrap_or(0.0)
    );
    println!("(checked per event: never early, never out of order, never over 100 ms)");
    pointer_table(&mut rng);
    println!("\nran in {:.1} s", started.elapsed().as_secs_f64());
}

/// Pointer movements per trial: a fixed layout of targets, as in a pointing task (six, so
/// their 30 features fit the 31 slots of the key features; the last stays 0).
const MOVES: [(f64, f64); 6] = [
    (300.0, 0.0),
    (-150.0, 200.0),
    (-150.0, -200.0),
    (400.0, 100.0),
    (-200.0, 150.0),
    (-200.0, -250.0),
];
const MOVE_FEATURES: usize = 5;
const TRIALS: usize = 100;

/// One person's way of pointing: Fitts' law intercept and slope (ms, ms per bit), how much
/// paths bow sideways (fraction of the distance), where the speed peaks (fraction of the
/// time), and hand tremor (px).
struct Pointer {
    a: f64,
    b: f64,
    bow: f64,
    peak: f64,
    tremor: f64,
}

/// Samples of one movement, 60 per second as `pointermove`: (ms, x, y) from the origin.
fn movement(p: &Pointer, rng: &mut Rng, dx: f64, dy: f64) -> Vec<(f64, f64, f64)> {
    let dist = dx.hypot(dy);
    let bits = (dist / 20.0 + 1.0).log2();
    let duration = (p.a + p.b * bits) * lognormal(rng, 0.12);
    let bow = p.bow * (1.0 + 0.3 * normal(rng)) * dist;
    let (ux, uy) = (dx / dist, dy / dist);
    let steps = (duration / 16.0).ceil().max(2.0) as usize;
    (0..=steps)
        .map(|i| {
            let t = i as f64 / steps as f64;
            // Minimum jerk, its speed peak moved earlier or later by warping time.
            let w = t.powf(p.peak.ln() / 0.5f64.ln());
            let s = 10.0 * w.powi(3) - 15.0 * w.powi(4) + 6.0 * w.powi(5);
            let side = bow * (std::f64::consts::PI * s).sin();
            let x = ux * dist * s - uy * side + p.tremor * normal(rng);
            let y = uy * dist * s + ux * side + p.tremor * normal(rng);
            (t * duration, x.round(), y.round())
        })
        .collect()
}

/// Per movement: duration, time of peak speed (fraction), signed largest sideways deviation
/// (fraction of the distance), path length over distance, mean absolute second difference.
fn move_features(s: &[(f64, f64, f64)], dx: f64, dy: f64) -> [f64; MOVE_FEATURES] {
    let dist = dx.hypot(dy);
    let (ux, uy) = (dx / dist, dy / dist);
    let duration = s[s.len() - 1].0;
    let (mut peak_at, mut peak, mut path, mut side, mut jerk) = (0.0, 0.0, 0.0, 0.0f64, 0.0);
    for i in 1..s.len() {
        let step = (s[i].1 - s[i - 1].1).hypot(s[i].2 - s[i - 1].2);
        path += step;
        if step > peak {
            peak = step;
            peak_at = s[i].0 / duration;
        }
        let off = -uy * s[i].1 + ux * s[i].2;
        if off.abs() > side.abs() {
            side = off;
        }
        if i >= 2 {
            jerk += (s[i].1 - 2.0 * s[i - 1].1 + s[i - 2].1).abs()
                + (s[i].2 - 2.0 * s[i - 1].2 + s[i - 2].2).abs();
        }
    }
    [
        duration,
        peak_at,
        side / dist,
        path / dist,
        jerk / s.len() as f64,
    ]
}

/// Identification on pointer trajectories: 51 people, 100 trials of the 6 movements each in
/// 4 pages, 30 features; positions as recorded, then with each page's
/// [`Noise::pointer_batch`] offsets added to every sample (times are not changed).
fn pointer_table(rng: &mut Rng) {
    let people: Vec<Pointer> = (0..PEOPLE)
        .map(|_| Pointer {
            a: rng.range_f64(50.0, 150.0),
            b: rng.range_f64(80.0, 200.0),
            bow: 0.08 * normal(rng),
            peak: rng.range_f64(0.35, 0.55),
            tremor: rng.range_f64(0.3, 1.5),
        })
        .collect();
    let mut plain: Feats = Vec::new();
    let mut noisy: Feats = Vec::new();
    for p in &people {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for _ in 0..PAGES {
            let seed: Vec<u8> = (0..16).map(|_| rng.below(256) as u8).collect();
            let mut noise = Noise::new(&seed).expect("seed");
            for _ in 0..TRIALS / PAGES {
                let (mut fa, mut fb) = ([0.0; FEATURES], [0.0; FEATURES]);
                for (m, &(dx, dy)) in MOVES.iter().enumerate() {
                    let s = movement(p, rng, dx, dy);
                    let off = noise.pointer_batch(s.len()).expect("batch");
                    let moved: Vec<(f64, f64, f64)> = s
                        .iter()
                        .enumerate()
                        .map(|(i, &(t, x, y))| {
                            (t, x + f64::from(off[2 * i]), y + f64::from(off[2 * i + 1]))
                        })
                        .collect();
                    let clean = move_features(&s, dx, dy);
                    let dirty = move_features(&moved, dx, dy);
                    fa[m * MOVE_FEATURES..(m + 1) * MOVE_FEATURES].copy_from_slice(&clean);
                    fb[m * MOVE_FEATURES..(m + 1) * MOVE_FEATURES].copy_from_slice(&dirty);
                }
                a.push(fa);
                b.push(fb);
            }
        }
        plain.push(a);
        noisy.push(b);
    }
    let half = |f: &Feats| -> (Feats, Feats) {
        (
            f.iter().map(|x| x[..TRIALS / 2].to_vec()).collect(),
            f.iter().map(|x| x[TRIALS / 2..].to_vec()).collect(),
        )
    };
    let (pt, ps) = half(&plain);
    let (nt, ns) = half(&noisy);
    println!("\nPointer identification, {PEOPLE} people x {TRIALS} trials of 6 movements");
    println!(
        "{:<32} {:>10} {:>12}",
        "positions", "train true", "train fuzzed"
    );
    println!(
        "{:<32} {:>9.1}% {:>11.1}%",
        "as recorded",
        100.0 * identify(&pt, &ps, 1),
        100.0 * identify(&pt, &ps, 1)
    );
    println!(
        "{:<32} {:>9.1}% {:>11.1}%",
        "with motion.rs offsets",
        100.0 * identify(&pt, &ns, 1),
        100.0 * identify(&nt, &ns, 1)
    );
    // The offsets move positions, not times: movement durations alone.
    let durations = |f: &Feats| -> Feats {
        f.iter()
            .map(|xs| {
                xs.iter()
                    .map(|x| {
                        let mut d = [0.0; FEATURES];
                        for m in 0..MOVES.len() {
                            d[m] = x[m * MOVE_FEATURES];
                        }
                        d
                    })
                    .collect()
            })
            .collect()
    };
    println!(
        "{:<32} {:>9.1}% {:>11.1}%",
        "with offsets, durations only",
        100.0 * identify(&durations(&pt), &durations(&ns), 1),
        100.0 * identify(&durations(&nt), &durations(&ns), 1)
    );
}
