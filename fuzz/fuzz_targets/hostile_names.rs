#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| resolute::fuzz::hostile_names(data));
