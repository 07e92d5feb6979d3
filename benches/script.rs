//! Script classifier throughput over the real corpus (tests/corpus/fetch.sh): lexing alone,
//! lexing + features, and the whole verdict, in bytes per second of on-CPU time.
//!
//! Measured in the benchmark thread's own CPU time (`/proc/thread-self/schedstat`), not wall
//! time: the development machines and CI share two cores among several builds, and wall time
//! there measures the neighbours. Falls back to wall time where that file does not exist.

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use keyveil::script::{classify, features, lexer::Lexer};
use std::hint::black_box;
use std::path::Path;
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

/// Nanoseconds this thread has spent on a CPU, or wall-clock nanoseconds if unavailable.
fn cpu_ns() -> u64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| {
            START
                .get_or_init(std::time::Instant::now)
                .elapsed()
                .as_nanos() as u64
        })
}

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
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = bench
}
criterion_main!(benches);
