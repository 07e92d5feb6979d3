//! libFuzzer target `leak`: runs [`checks::leak`] on each input (a panic is a finding).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::leak(data));
