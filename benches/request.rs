//! KeyVeil's request classifier against Brave's `adblock` engine, same rules, same requests.
//!
//! The rules are KeyVeil's built-in list exported as filter syntax (`Engine::export_list`) and
//! loaded into both engines. Each iteration classifies the whole set; divide by the set size for
//! per-request figures (printed at the end of the run as well). Run: `cargo bench --bench request`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use keyveil::request::Request;
use std::hint::black_box;
use std::io::Write;

#[path = "request_set.rs"]
mod request_set;

/// Requests in the set: tens of thousands, like a browsing session of a few dozen pages.
const N: usize = 20_000;

fn adblock_engine(list: &str) -> adblock::Engine {
    let mut set = adblock::lists::FilterSet::new(false);
    set.add_filter_list(list.to_string(), adblock::lists::ParseOptions::default());
    adblock::Engine::new_with_filter_set(set)
}

fn write_set(reqs: &[request_set::BenchRequest]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(mut f) = std::fs::File::create(dir.join("requests.jsonl")) {
        for r in reqs {
            let line = serde_json::json!({"url": r.url, "type": r.rtype, "initiator": r.initiator});
            let _ = writeln!(f, "{line}");
        }
    }
}

fn bench(c: &mut Criterion) {
    let reqs = request_set::generate(N);
    write_set(&reqs);
    let kv = keyveil::Engine::new();
    let list = kv.export_list();
    let ab = adblock_engine(&list);

    // Sanity: both engines see trackers in the set, and agree on the large majority.
    let kv_hits = reqs
        .iter()
        .filter(|r| {
            kv.classify_request(&Request {
                url: &r.url,
                resource_type: Some(r.rtype),
                initiator: Some(&r.initiator),
                ..Default::default()
            })
            .is_ok_and(|v| v.class.records_input())
        })
        .count();
    let ab_hits = reqs
        .iter()
        .filter(|r| {
            adblock::request::Request::new(&r.url, &r.initiator, r.rtype, "GET")
                .is_ok_and(|q| ab.check_network_request(&q).should_block())
        })
        .count();
    eprintln!("set: {N} requests; KeyVeil flags {kv_hits}, adblock blocks {ab_hits}");
    eprintln!(
        "KeyVeil engine heap (compiled rules, approx.): {} bytes",
        kv.heap_bytes()
    );

    let mut g = c.benchmark_group("request");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(20);
    g.bench_function("keyveil_classify", |b| {
        b.iter(|| {
            for r in &reqs {
                let req = Request {
                    url: &r.url,
                    resource_type: Some(r.rtype),
                    initiator: Some(&r.initiator),
                    ..Default::default()
                };
                let _ = black_box(kv.classify_request(black_box(&req)));
            }
        })
    });
    g.bench_function("adblock_parse_and_check", |b| {
        b.iter(|| {
            for r in &reqs {
                if let Ok(q) =
                    adblock::request::Request::new(black_box(&r.url), &r.initiator, r.rtype, "GET")
                {
                    black_box(ab.check_network_request(&q));
                }
            }
        })
    });
    let parsed: Vec<_> = reqs
        .iter()
        .filter_map(|r| adblock::request::Request::new(&r.url, &r.initiator, r.rtype, "GET").ok())
        .collect();
    g.bench_function("adblock_check_preparsed", |b| {
        b.iter(|| {
            for q in &parsed {
                black_box(ab.check_network_request(black_box(q)));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("startup");
    // The rules are read on first use: heap_bytes forces them, so this is the whole start-up.
    g.bench_function("keyveil_engine_new", |b| {
        b.iter(|| {
            let e = keyveil::Engine::new();
            black_box(e.heap_bytes());
            e
        })
    });
    g.bench_function("adblock_engine_new", |b| {
        b.iter_batched(
            || list.clone(),
            |l| black_box(adblock_engine(&l)),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
