//! libFuzzer target `dnr`: runs [`checks::dnr`] on each input (a panic is a finding).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::dnr(data));
