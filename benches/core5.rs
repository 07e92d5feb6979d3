//! Benchmarks of the leak probe, noise generation, policy lookups and report merging.
//!
//! Run with `cargo bench --bench core5`; figures go to BENCHMARKS.md under
//! "Leak proof, noise and policy (core)".

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use keyveil::leak::{Field, LeakProbe, TypedValue};
use keyveil::noise::Noise;
use keyveil::policy::{migrate, PagePolicy, ScriptVerdict};
use keyveil::report::{Event, InputKind, Report};
use keyveil::Class;
use std::hint::black_box;
use std::io::Write;

/// Ten values of the kinds people type into sign-up and checkout forms.
fn values() -> Vec<TypedValue> {
    [
        ("email", " Alice.Doe@Example.org "),
        ("tel", "+1 (555) 010-9999"),
        ("given-name", "Alice"),
        ("family-name", "Doe-Smith"),
        ("street", "42 Main Street"),
        ("city", "Springfield"),
        ("zip", "90210-1234"),
        ("card-name", "ALICE M DOE"),
        ("comment", "Please deliver after 6pm, ring twice"),
        ("password", "correct horse battery staple"),
    ]
    .iter()
    .map(|(name, v)| TypedValue {
        field: Field {
            name: Some(name.to_string()),
            ..Default::default()
        },
        value: v.to_string(),
    })
    .collect()
}

/// 64 KB of rrweb-like JSON (mouse moves, scrolls, DOM text) without any typed value.
fn payload() -> Vec<u8> {
    let mut out = b"[".to_vec();
    let mut i = 0u32;
    while out.len() < 64 * 1024 {
        let ev = format!(
            r#"{{"type":3,"data":{{"source":1,"positions":[{{"x":{},"y":{},"id":{},"timeOffset":-{}}}]}},"timestamp":17954592{:05}}},{{"type":3,"data":{{"source":0,"texts":[{{"id":{},"value":"Section {} of the product page"}}]}}}},"#,
            i % 1280,
            i % 720,
            i,
            i % 50,
            i,
            i + 1000,
            i
        );
        out.extend_from_slice(ev.as_bytes());
        i += 1;
    }
    out.truncate(64 * 1024);
    out
}

fn leak(c: &mut Criterion) {
    let values = values();
    let body = payload();
    let probe = LeakProbe::new(&values).unwrap();
    let url = "https://in.hotjar.com/api/v2/client/sites/123/visit-data?sv=7&ud%5Bem%5D=abc";
    let mut g = c.benchmark_group("leak");
    g.bench_function("probe_build_10_values", |b| {
        b.iter(|| LeakProbe::new(black_box(&values)).unwrap())
    });
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("scan_64k_10_values", |b| {
        b.iter(|| probe.scan(Some(black_box(url)), Some(black_box(&body))))
    });
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&body).unwrap();
    let gz = gz.finish().unwrap();
    g.bench_function("scan_64k_gzip_10_values", |b| {
        b.iter(|| probe.scan(None, Some(black_box(&gz))))
    });
    g.finish();
}

fn noise(c: &mut Criterion) {
    let mut g = c.benchmark_group("noise");
    let mut noise = Noise::new(&[7u8; 16]).unwrap();
    g.throughput(Throughput::Elements(256));
    g.bench_function("timing_batch_256", |b| {
        b.iter(|| noise.timing_batch(black_box(256)).unwrap())
    });
    g.bench_function("pointer_batch_256", |b| {
        b.iter(|| noise.pointer_batch(black_box(256)).unwrap())
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("fake_key", |b| {
        b.iter(|| noise.fake_key(black_box("a"), black_box("KeyA"), 65))
    });
    g.bench_function("substitute_32_chars", |b| {
        b.iter(|| noise.substitute(black_box("Alice Doe, 42 Main St, 90210 US")))
    });
    g.bench_function("table_per_page", |b| b.iter(|| noise.table()));
    g.bench_function("new_page_noise", |b| {
        b.iter(|| Noise::new(black_box(&[9u8; 16])).unwrap())
    });
    g.finish();
}

fn policy(c: &mut Criterion) {
    let settings = migrate(
        r#"{"version":1,"classes":{"ad-pixel":"fuzz"},"vendors":{"Hotjar":"allow"},
        "sites":{"example.com":{"classes":{"session-replay":"fuzz"}},
                 "shop.example.com":{"vendors":{"Hotjar":"block"}}}}"#,
    )
    .unwrap();
    let scripts: Vec<ScriptVerdict> = (0..50)
        .map(|i| ScriptVerdict {
            url: format!("https://cdn{i}.example.net/s.js"),
            class: if i % 5 == 0 {
                Class::SessionReplay
            } else {
                Class::None
            },
            vendor: (i % 5 == 0).then(|| format!("Vendor{i}")),
        })
        .collect();
    let page = PagePolicy::new(&settings, "https://a.shop.example.com/cart", &scripts);
    let mut g = c.benchmark_group("policy");
    g.bench_function("decide", |b| {
        b.iter(|| {
            settings.decide(
                black_box("a.shop.example.com"),
                Class::SessionReplay,
                Some(black_box("Hotjar")),
            )
        })
    });
    g.bench_function("page_policy_50_scripts", |b| {
        b.iter(|| PagePolicy::new(&settings, black_box("a.shop.example.com"), &scripts))
    });
    g.bench_function("page_lookup", |b| {
        b.iter(|| page.lookup(black_box("https://cdn25.example.net/s.js")))
    });
    g.finish();
}

fn report(c: &mut Criterion) {
    let events: Vec<Event> = (0..100u64)
        .map(|i| Event {
            id: Some(format!("ev-{i}")),
            ts: 1_795_459_267_000 + i * 1000,
            site: format!("site{}.example", i % 10),
            vendor: Some(format!("Vendor{}", i % 4)),
            class: Some(Class::SessionReplay),
            inputs: vec![InputKind::Keys, InputKind::Pointer],
            blocked: 1,
            ..Default::default()
        })
        .collect();
    let mut full = Report::new();
    full.merge(&events);
    let stored = full.to_json();
    let mut g = c.benchmark_group("report");
    g.throughput(Throughput::Elements(100));
    g.bench_function("merge_100_events", |b| {
        b.iter_batched(
            Report::new,
            |mut r| r.merge(black_box(&events)),
            BatchSize::SmallInput,
        )
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("load_10_sites", |b| {
        b.iter(|| Report::load(black_box(&stored)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, leak, noise, policy, report);
criterion_main!(benches);
