//! The `lsp` harness of fuzz/harness.rs, driven by libFuzzer.
#![no_main]

#[path = "../harness.rs"]
#[allow(dead_code)]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::lsp(data));
