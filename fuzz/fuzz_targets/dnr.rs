//! libFuzzer target `dnr`: runs [`checks::dnr::dnr`] on each input (a panic is a finding).
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::dnr::dnr(data));
