//! Replays every input in `fuzz/regressions/`: crashes the fuzzer found (each
//! committed as a file when fixed) and nasty inputs from the robustness tests.
//! Each must be checked, drawn and turned into JSON without a panic.

use std::path::Path;

#[test]
fn every_regression_input_is_checked_without_panic() {
    let mut entries: Vec<_> = std::fs::read_dir("fuzz/regressions")
        .expect("fuzz/regressions exists")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "fuzz/regressions holds no inputs");
    for path in entries {
        let bytes = std::fs::read(&path).expect("readable");
        // The same harness as fuzz/fuzz_targets/check.rs.
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = pactum::syntax::parse(pactum::source::FileId(0), text);
        }
        let loaded =
            pactum::check::check_file(Path::new("fuzz.pactum"), &mut |_| Ok(bytes.clone()));
        for d in &loaded.diagnostics {
            let _ = pactum::diagnostics::JsonDiagnostic::of(d, &loaded.sources);
            let _ = pactum::diagnostics::render(d, &loaded.sources, false);
        }
        println!(
            "{}: {} diagnostics",
            path.display(),
            loaded.diagnostics.len()
        );
    }
}
