//! libFuzzer target `request`: runs [`checks::request`] on each input (a panic is a finding).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::request(data));
