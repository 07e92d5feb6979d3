//! libFuzzer target `leak`: runs [`checks::leak::leak`] on each input (a panic is a finding).
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::leak::leak(data));
