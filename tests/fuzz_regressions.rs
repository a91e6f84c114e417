//! Replays every input in `fuzz/regressions/` through every fuzz target's
//! harness (fuzz/harness.rs, the very code the fuzzer runs): crashes the
//! fuzzer found (each committed as a file when fixed) and nasty inputs from the
//! robustness tests. None may panic or break a property of its target.

#[path = "../fuzz/harness.rs"]
mod harness;

#[test]
fn every_regression_input_passes_every_fuzz_target() {
    let mut entries: Vec<_> = std::fs::read_dir("fuzz/regressions")
        .expect("fuzz/regressions exists")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "fuzz/regressions holds no inputs");
    for path in entries {
        let bytes = std::fs::read(&path).expect("readable");
        println!("{}", path.display());
        harness::check(&bytes);
        harness::fmt(&bytes);
        harness::query(&bytes);
    }
}
