//! libFuzzer target `payload`: runs [`checks::payload::payload`] on each input (a panic is a finding).
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::payload::payload(data));
