//! Runs every labelled request in tests/fixtures/requests.jsonl through the built-in engine.

use keyveil::request::RequestInput;
use keyveil::{Class, Engine};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A request as the extension, the CLI and every fixture give it, with its label.
#[derive(Deserialize)]
struct Fixture {
    #[serde(flatten)]
    input: RequestInput,
    class: Option<Class>,
    vendor: Option<String>,
    #[serde(default)]
    error: bool,
    note: String,
}

fn fixtures() -> Vec<Fixture> {
    include_str!("fixtures/requests.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("fixture {l}: {e}")))
        .collect()
}

#[test]
fn every_fixture_gets_its_label() {
    let engine = Engine::new();
    let all = fixtures();
    let mut failures = Vec::new();
    for (i, f) in all.iter().enumerate() {
        let body = f
            .input
            .body_bytes()
            .unwrap_or_else(|e| panic!("fixture line {}: {e}", i + 1));
        let got = engine.classify_request(&f.input.request(body.as_deref()));
        let ok = match (&got, f.error) {
            (Err(_), true) => true,
            (Ok(v), false) => {
                Some(v.class) == f.class
                    && v.vendor == f.vendor
                    && (v.class == Class::None || !v.evidence.is_empty())
            }
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "line {}: {} ({}): expected {:?}/{:?}, got {:?}",
                i + 1,
                f.input.url.chars().take(90).collect::<String>(),
                f.note,
                f.class,
                f.vendor,
                got.map(|v| (v.class, v.vendor, v.evidence))
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn fixture_set_covers_every_class_and_enough_requests() {
    let all = fixtures();
    assert!(all.len() >= 150, "{} fixtures", all.len());
    let mut per_class: BTreeMap<Class, usize> = BTreeMap::new();
    for f in &all {
        if let Some(c) = f.class {
            *per_class.entry(c).or_default() += 1;
        }
    }
    for c in Class::ALL {
        assert!(
            per_class.get(&c).copied().unwrap_or(0) >= 10,
            "{c}: {per_class:?}"
        );
    }
    assert!(all.iter().any(|f| f.error));
}
