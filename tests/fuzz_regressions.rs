//! Replays every input in `fuzz/regressions/` through every fuzz target's
//! harness (fuzz/harness.rs, the very code the fuzzer runs): crashes the
//! fuzzer found (each committed as a file when fixed) and nasty inputs from the
//! robustness tests. None may panic or break a property of its target.

#[path = "../fuzz/harness.rs"]
mod harness;

/// Panics anywhere in this process, even caught ones.
static PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Panics the code under test catches (the language server answers a
/// panicking request with an internal error, and only logs a panicking
/// notification) are bugs too: libFuzzer's panic hook aborts on them, and so
/// does this replay, through a hook that counts them.
#[test]
fn every_regression_input_passes_every_fuzz_target() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        default(info);
    }));
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
        harness::lsp(&bytes);
        harness::structured(&bytes);
        let panics = PANICS.load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(panics, 0, "a caught panic on {}", path.display());
    }
}

/// The structure-aware target finds bugs past the parser only if what its
/// generator writes parses, and resolves without errors often enough for the
/// query to run: this holds it to that, for inputs of every length.
#[test]
fn the_structured_generator_writes_contracts_that_parse_and_resolve() {
    let mut state: u64 = 0x5eed;
    let (mut parsed, mut clean, n) = (0, 0, 500);
    for i in 0..n {
        let bytes: Vec<u8> = (0..i % 300)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        let text = harness::generated(&mut harness::Choices::new(&bytes));
        let (_, errors) = pactum::syntax::parse(pactum::source::FileId(0), &text);
        assert!(errors.is_empty(), "{errors:?} in\n{text}");
        parsed += 1;
        let loaded =
            pactum::model::load_text(std::path::Path::new("generated.pactum"), &text, &mut |_| {
                Err(std::io::Error::other("no other file"))
            });
        if !loaded.has_errors() {
            clean += 1;
        }
    }
    assert_eq!(parsed, n);
    assert!(
        clean * 10 >= n,
        "only {clean} of {n} resolve without errors"
    );
}
