//! Arbitrary bytes through everything `pactum check` does: reading (UTF-8 or
//! not), splitting, parsing, resolving, and drawing every diagnostic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = pactum::syntax::parse(pactum::source::FileId(0), text);
    }
    let bytes = data.to_vec();
    // An amended file is this input again, so `amends` paths are exercised too.
    let loaded = pactum::check::check_file(Path::new("fuzz.pactum"), &mut |_| Ok(bytes.clone()));
    for d in &loaded.diagnostics {
        let _ = pactum::diagnostics::JsonDiagnostic::of(d, &loaded.sources);
    }
    for d in loaded.diagnostics.iter().take(4) {
        let _ = pactum::diagnostics::render(d, &loaded.sources, false);
    }
});
