//! Script classifier throughput: over the real corpus (tests/corpus/fetch.sh), lexing alone,
//! lexing + features, and the whole verdict; over the 20 largest real bundles, the whole verdict
//! beside two floors; and the cost of one small script. All in on-CPU time.
//!
//! `bundles`: the 20 largest `.js`/`.mjs`/`.cjs` files under the recorder and browser-library
//! packages of node_modules ([`BUNDLE_PACKAGES`]), read per run so the figure can be reproduced
//! from a fresh `npm ci`. With the lockfile of this commit they are posthog-js's
//! `dist/{module.full.no-external.cjs, module.full.no-external.js, array.full.no-external.js,
//! module.full.cjs, module.full.js, array.full.js, array.full.es5.js,
//! all-external-dependencies.js, module.no-external.cjs}`, @sentry/conventions'
//! `dist/attributes.{cjs,mjs}`, rrweb's `umd/rrweb.js` and `dist/rrweb.{umd.cjs,cjs,js}`,
//! dompurify's `dist/purify.cov.cjs.js` and @openreplay/tracker's `dist/{cjs,lib}/entry.js`
//! and `dist/{cjs,lib}/index.js`: 12,154,928 bytes (the run prints the list). Beside `classify`,
//! two floors on the same bytes: `scalar`, a loop with one data-dependent branch per byte (what a
//! byte-at-a-time scanner cannot beat), and `memchr`, a vectorised count of one byte (what no
//! scanner that reads every byte can beat).
//!
//! `small`: one script's whole cost, `empty` (nothing but the fixed cost), and two handwritten
//! loggers from tests/corpus/handwritten (255 bytes and 1.7 KB).
//!
//! Measured in the benchmark thread's own CPU time (`CLOCK_THREAD_CPUTIME_ID`), not wall
//! time: the development machines and CI share two cores among several builds, and wall time
//! there measures the neighbours. Falls back to wall time where that file does not exist.

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use keyveil::script::{classify, features, lexer::Lexer};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Every corpus file's bytes (dev set, train, held-out), fetched by the corpus script.
fn corpus() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("bash")
        .arg(root.join("tests/corpus/fetch.sh"))
        .arg(root.join("tests/corpus/dev-set.tsv"))
        .arg(root.join("tests/corpus/train.tsv"))
        .arg(root.join("tests/corpus/heldout.tsv"))
        .arg(root.join("tests/corpus/heldout2.tsv"))
        .output()
        .expect("run tests/corpus/fetch.sh");
    assert!(
        out.status.success(),
        "tests/corpus/fetch.sh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split('\t').next())
        .map(|p| std::fs::read(p).expect("read corpus file"))
        .collect()
}

/// Packages under node_modules whose largest files are the `bundles` group: session recorders,
/// analytics SDKs and the browser libraries pages load beside them (no build tooling).
const BUNDLE_PACKAGES: [&str; 26] = [
    "@datadog",
    "@openreplay",
    "@posthog",
    "@rrweb",
    "@sentry",
    "clarity-js",
    "posthog-js",
    "rrweb",
    "rrweb-snapshot",
    "rrdom",
    "web-vitals",
    "web-vitals-soft-navs",
    "mousetrap",
    "preact",
    "quill",
    "quill-delta",
    "parchment",
    "lodash-es",
    "dompurify",
    "jszip",
    "pako",
    "fflate",
    "core-js",
    "mitt",
    "nanoid",
    "react-dom",
];

/// The 20 largest script files under [`BUNDLE_PACKAGES`], largest first (ties by path).
fn bundles() -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(u64, PathBuf)>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let (p, Ok(t)) = (e.path(), e.file_type()) else {
                continue;
            };
            if t.is_dir() {
                walk(&p, out);
            } else if t.is_file()
                && matches!(
                    p.extension().and_then(|x| x.to_str()),
                    Some("js" | "mjs" | "cjs")
                )
            {
                out.push((e.metadata().map_or(0, |m| m.len()), p));
            }
        }
    }
    let nm = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules");
    let mut all = Vec::new();
    for p in BUNDLE_PACKAGES {
        walk(&nm.join(p), &mut all);
    }
    all.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    all.truncate(20);
    assert!(
        !all.is_empty(),
        "no bundles under {}: run npm ci",
        nm.display()
    );
    all.into_iter()
        .map(|(_, p)| {
            let b = std::fs::read(&p).expect("read bundle");
            (p, b)
        })
        .collect()
}

/// Nanoseconds this thread has spent on a CPU, or wall-clock nanoseconds if unavailable.
/// `CLOCK_THREAD_CPUTIME_ID` counts to the nanosecond; `/proc/thread-self/schedstat`, read
/// before, moved only at scheduler ticks, so a 1 µs script measured as zero or a whole tick.
fn cpu_ns() -> u64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    thread_cpu_ns().unwrap_or_else(|| {
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_nanos() as u64
    })
}

#[path = "cpu_clock.rs"]
mod cpu_clock;
use cpu_clock::thread_cpu_ns;

/// Criterion measurement in on-CPU nanoseconds; formatted like wall time.
struct CpuTime;

static WALL: WallTime = WallTime;

impl Measurement for CpuTime {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        cpu_ns().saturating_sub(start)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL.formatter()
    }
}

fn bench(c: &mut Criterion<CpuTime>) {
    let files = corpus();
    let bytes: usize = files.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("script");
    g.throughput(Throughput::Bytes(bytes as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    g.bench_function("lex", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| Lexer::new(black_box(f)).count())
                .sum::<usize>()
        })
    });
    g.bench_function("lex+features", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| features::extract(black_box(f)).tokens)
                .sum::<usize>()
        })
    });
    g.bench_function("classify", |b| {
        b.iter(|| {
            files
                .iter()
                .filter(|f| classify(None, black_box(f)).records_input)
                .count()
        })
    });
    g.finish();

    let big = bundles();
    let bytes: usize = big.iter().map(|(_, b)| b.len()).sum();
    for (p, b) in &big {
        eprintln!("bundle {:>8} {}", b.len(), p.display());
    }
    let mut g = c.benchmark_group("bundles");
    g.throughput(Throughput::Bytes(bytes as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    g.bench_function("classify", |b| {
        b.iter(|| {
            big.iter()
                .filter(|(_, f)| classify(None, black_box(f)).records_input)
                .count()
        })
    });
    // One unpredictable branch per byte: counts the starts of identifier runs.
    g.bench_function("scalar", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (_, f) in &big {
                let mut prev = false;
                for &c in black_box(f.as_slice()) {
                    let id = c.is_ascii_alphanumeric() || c == b'_' || c == b'$';
                    if id != prev {
                        n += 1;
                        prev = id;
                    }
                }
            }
            n
        })
    });
    g.bench_function("memchr", |b| {
        b.iter(|| {
            big.iter()
                .map(|(_, f)| memchr::memchr_iter(b'\n', black_box(f)).count())
                .sum::<usize>()
        })
    });
    g.finish();

    let hand = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/handwritten");
    let small: [(&str, Vec<u8>); 3] = [
        ("empty", Vec::new()),
        (
            "255B",
            std::fs::read(hand.join("get_per_key.js")).expect("read get_per_key.js"),
        ),
        (
            "1.7KB",
            std::fs::read(hand.join("richtext_editor.js")).expect("read richtext_editor.js"),
        ),
    ];
    let mut g = c.benchmark_group("small");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    for (name, src) in &small {
        g.bench_function(*name, |b| b.iter(|| classify(None, black_box(src)).score));
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = bench
}
criterion_main!(benches);
