//! Replays every file of `fuzz/corpus/<target>/` through the checks the libFuzzer targets run
//! (`fuzz/checks/`), so the seeds and every crash ever found stay tested under `cargo test`,
//! with or without cargo-fuzz. A corpus folder that is missing or empty fails the test.

#[path = "../fuzz/checks/mod.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    for f in files {
        let data = std::fs::read(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{target}: {} fails its check", f.display());
    }
}

#[test]
fn request_corpus() {
    replay("request", checks::request::request);
}

#[test]
fn script_corpus() {
    replay("script", checks::script::script);
}

#[test]
fn payload_corpus() {
    replay("payload", checks::payload::payload);
}

#[test]
fn leak_corpus() {
    replay("leak", checks::leak::leak);
}

#[test]
fn list_corpus() {
    replay("list", checks::list::list);
}

#[test]
fn dnr_corpus() {
    replay("dnr", checks::dnr::dnr);
}

#[test]
fn report_corpus() {
    replay("report", checks::report::report);
}
