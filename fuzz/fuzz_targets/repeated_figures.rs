#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| resolute::fuzz::repeated_figures(data));
