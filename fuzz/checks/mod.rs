//! What every fuzz target asserts: one file per target, each with the function of its name.
//!
//! Shared by the libFuzzer targets (`fuzz/fuzz_targets/*.rs`, `cargo fuzz run <target>`) and by
//! `tests/fuzz_corpus.rs`, which runs every file of `fuzz/corpus/<target>/` through the same
//! function under `cargo test`. Each function takes raw bytes, calls the core, and panics when
//! something that must hold for any input does not: no panic inside the core, the limits of
//! `docs/limits.md` kept and said, round trips exact, proofs of a leak found.
//!
//! Input layouts are line-based so seeds stay readable (see `fuzz/README.md`).
#![allow(dead_code)]

pub mod dnr;
pub mod leak;
pub mod list;
pub mod payload;
pub mod report;
pub mod request;
pub mod script;

use keyveil::Engine;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::new)
}

/// The first line (without `\n` or a trailing `\r`) and the rest.
fn line(data: &[u8]) -> (&[u8], &[u8]) {
    let (l, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[data.len()..]),
    };
    (l.strip_suffix(b"\r").unwrap_or(l), rest)
}

/// A non-empty UTF-8 field, else `None`.
fn field(b: &[u8]) -> Option<&str> {
    std::str::from_utf8(b).ok().filter(|s| !s.is_empty())
}

/// Splits at the first line that is exactly `---`.
fn sections(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at <= data.len() {
        let end = data[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |i| at + i);
        let l = &data[at..end];
        if l == b"---" || l == b"---\r" {
            out.push(&data[start..at]);
            start = (end + 1).min(data.len());
        }
        at = end + 1;
    }
    out.push(&data[start..]);
    out
}
