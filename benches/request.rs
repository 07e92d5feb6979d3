//! KeyVeil's request matching against Brave's `adblock` engine: same lists, same requests, one
//! run, figures as ratios.
//!
//! Two rule sets: the built-in list alone, and the built-in list with EasyPrivacy and EasyList
//! (`tests/fixtures/lists/`). For each: engine build time, heap held by the built engine (a
//! counting global allocator: bytes live after the build minus before, the list texts given to
//! adblock dropped first), and per-request time of
//! - KeyVeil `Engine::classify_request` (URL and initiator parsing included),
//! - adblock `Request::new` + `check_network_request` (its URL parsing included),
//! - adblock `check_network_request` alone on requests parsed beforehand.
//!
//! Times are this thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), so other work on a shared
//! machine does not count; each round times one whole pass of every contender in turn
//! (interleaved, so drift in clock speed or cache state hits all alike) and the median round is
//! reported. Also: how many requests each blocks, and the requests where they disagree.
//!
//! Run: `cargo bench --bench request` (ROUNDS=n for more rounds). It writes the request set to
//! `target/bench/requests-*.jsonl` for the Wasm benchmark (`benches/wasm/request.mjs`).

use keyveil::request::Request;
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::io::Write;
use std::sync::atomic::{AtomicIsize, Ordering};

#[path = "request_set.rs"]
mod request_set;

/// Requests in the set: tens of thousands, like a browsing session of a few dozen pages.
const N: usize = 20_000;

/// Counts live heap bytes.
struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

#[path = "cpu_clock.rs"]
mod cpu_clock;

/// This thread's CPU time in nanoseconds.
fn cpu_ns() -> u64 {
    cpu_clock::thread_cpu_ns().expect("the bench needs Linux's thread CPU clock")
}

fn adblock_engine(lists: &[String]) -> adblock::Engine {
    let mut set = adblock::lists::FilterSet::new(false);
    for l in lists {
        set.add_filter_list(l.clone(), adblock::lists::ParseOptions::default());
    }
    adblock::Engine::new_with_filter_set(set)
}

fn keyveil_engine(extras: &[String]) -> keyveil::Engine {
    let mut e = keyveil::Engine::new();
    if extras.is_empty() {
        e.heap_bytes(); // the rules are read on first use: force them
    } else {
        let texts: Vec<&str> = extras.iter().map(String::as_str).collect();
        e.set_extra_lists(&texts);
    }
    e
}

/// Median CPU time of `f`, and the live heap it leaves behind (of its result, kept).
fn build<T>(rounds: usize, mut f: impl FnMut() -> T) -> (u64, isize) {
    let before = LIVE.load(Ordering::Relaxed);
    let kept = f();
    let heap = LIVE.load(Ordering::Relaxed) - before;
    drop(kept);
    let mut t: Vec<u64> = (0..rounds)
        .map(|_| {
            let s = cpu_ns();
            black_box(f());
            cpu_ns() - s
        })
        .collect();
    t.sort_unstable();
    (t[t.len() / 2], heap)
}

fn fixture(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lists")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn write_set(name: &str, reqs: &[request_set::BenchRequest]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(mut f) = std::fs::File::create(dir.join(format!("requests-{name}.jsonl"))) {
        for r in reqs {
            let line = serde_json::json!({"url": r.url, "type": r.rtype, "initiator": r.initiator});
            let _ = writeln!(f, "{line}");
        }
    }
}

/// Runs one rule set; returns native `match_request` ns/request for the Wasm benchmark.
fn run(name: &str, extras: &[String], rounds: usize) -> f64 {
    let builtin = keyveil::lists::builtin::TEXT.to_string();
    let all: Vec<String> = std::iter::once(builtin)
        .chain(extras.iter().cloned())
        .collect();
    let hosts: Vec<String> = extras
        .iter()
        .flat_map(|t| request_set::listed_hosts(t))
        .collect();
    let reqs = if hosts.is_empty() {
        request_set::generate(N)
    } else {
        request_set::generate_with_hosts(N, &hosts)
    };
    write_set(name, &reqs);

    let (kv_build, kv_heap) = build(rounds.min(9), || keyveil_engine(extras));
    let (ab_build, ab_heap) = build(rounds.min(9), || adblock_engine(&all));
    let kv = keyveil_engine(extras);
    let ab = adblock_engine(&all);

    fn kv_req(r: &request_set::BenchRequest) -> Request<'_> {
        Request {
            url: &r.url,
            resource_type: Some(r.rtype),
            initiator: Some(&r.initiator),
            method: Some("GET"),
            body: None,
        }
    }
    let kv_block = |r: &request_set::BenchRequest| {
        kv.classify_request(&kv_req(r)).is_ok_and(|v| {
            v.rule.is_some() && !v.evidence.iter().any(|e| e.starts_with("allowed by"))
        })
    };
    let parsed: Vec<_> = reqs
        .iter()
        .map(|r| adblock::request::Request::new(&r.url, &r.initiator, r.rtype, "GET").ok())
        .collect();
    let ab_block = |q: &Option<adblock::request::Request>| {
        q.as_ref()
            .is_some_and(|q| ab.check_network_request(q).should_block())
    };
    let (mut kv_n, mut ab_n, mut differ) = (0, 0, Vec::new());
    for (r, q) in reqs.iter().zip(&parsed) {
        let (k, a) = (kv_block(r), ab_block(q));
        kv_n += usize::from(k);
        ab_n += usize::from(a);
        if k != a {
            differ.push(format!(
                "  {} {} from {}: KeyVeil {k}, adblock {a}",
                r.rtype, r.url, r.initiator
            ));
        }
    }

    let mut t = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..rounds {
        let s = cpu_ns();
        for r in &reqs {
            black_box(kv.classify_request(black_box(&kv_req(r))).is_ok());
        }
        t[0].push(cpu_ns() - s);
        let s = cpu_ns();
        for r in &reqs {
            let q = kv.match_request(
                black_box(&r.url),
                Some(&r.initiator),
                Some(r.rtype),
                Some("GET"),
            );
            black_box(q.is_ok());
        }
        t[3].push(cpu_ns() - s);
        let s = cpu_ns();
        for r in &reqs {
            if let Ok(q) =
                adblock::request::Request::new(black_box(&r.url), &r.initiator, r.rtype, "GET")
            {
                black_box(ab.check_network_request(&q));
            }
        }
        t[1].push(cpu_ns() - s);
        let s = cpu_ns();
        for q in parsed.iter().flatten() {
            black_box(ab.check_network_request(black_box(q)));
        }
        t[2].push(cpu_ns() - s);
    }
    let med = |v: &mut Vec<u64>| {
        v.sort_unstable();
        v[v.len() / 2] as f64 / N as f64
    };
    let [k, a, p, q] = t.each_mut().map(med);
    println!("\n== {name}: {N} requests, {rounds} interleaved rounds, median, thread CPU time");
    println!("KeyVeil classify_request            {k:8.0} ns/request");
    println!(
        "KeyVeil match_request (no verdict)  {q:8.0} ns/request   vs adblock parse+check {:.2}x, vs pre-parsed check {:.2}x faster",
        a / q,
        p / q
    );
    println!(
        "adblock Request::new + check        {a:8.0} ns/request   KeyVeil is {:.2}x faster",
        a / k
    );
    println!(
        "adblock check (pre-parsed)          {p:8.0} ns/request   KeyVeil is {:.2}x faster",
        p / k
    );
    println!(
        "engine build: KeyVeil {:.1} ms, adblock {:.1} ms (KeyVeil/adblock {:.2})",
        kv_build as f64 / 1e6,
        ab_build as f64 / 1e6,
        kv_build as f64 / ab_build as f64
    );
    let texts: usize = extras.iter().map(String::len).sum();
    println!(
        "engine heap:  KeyVeil {:.2} MB, adblock {:.2} MB (KeyVeil/adblock {:.2}); KeyVeil's own figure {:.2} MB",
        kv_heap as f64 / 1e6,
        ab_heap as f64 / 1e6,
        kv_heap as f64 / ab_heap as f64,
        kv.heap_bytes() as f64 / 1e6
    );
    println!(
        "  of KeyVeil's, the extra lists' texts kept to export and compile DNR rules: {:.2} MB; the rest (matcher) {:.2} MB, KeyVeil/adblock {:.2}",
        texts as f64 / 1e6,
        (kv_heap as f64 - texts as f64) / 1e6,
        (kv_heap as f64 - texts as f64) / ab_heap as f64
    );
    println!(
        "blocked: KeyVeil {kv_n}, adblock {ab_n}; decisions differ on {} ({:.3}%)",
        differ.len(),
        100.0 * differ.len() as f64 / N as f64
    );
    for d in differ.iter().take(10) {
        println!("{d}");
    }
    q
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this once, quickly.
    let quick = !std::env::args().any(|a| a == "--bench");
    let rounds = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(if quick { 1 } else { 15 });
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average at start: {}", load.trim());
    let small = run("builtin", &[], rounds);
    let big = run(
        "builtin+easyprivacy+easylist",
        &[fixture("easyprivacy.txt"), fixture("easylist.txt")],
        rounds,
    );
    let native = serde_json::json!({
        "builtin": {"match_request": small},
        "builtin+easyprivacy+easylist": {"match_request": big},
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let _ = std::fs::write(dir.join("native.json"), native.to_string());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("\nload average at end: {}", load.trim());
}
