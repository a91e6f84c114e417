//! What each fuzz target does with one input, shared by the targets in
//! fuzz/fuzz_targets/ and by tests/fuzz_regressions.rs (through `#[path]`), so
//! that every committed regression input is replayed by `cargo test` exactly
//! as the fuzzer ran it.

use std::path::Path;

/// Arbitrary bytes through everything `pactum check` does: reading (UTF-8 or
/// not), splitting, parsing, resolving, and drawing every diagnostic.
pub fn check(data: &[u8]) {
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
}

/// `pactum fmt` on arbitrary text: it never panics, and what it accepts it
/// formats to a fixed point that means the same (same syntax tree, spans
/// aside). `format_source` checks the meaning itself and reports a broken
/// result as an internal error, which is a bug here like a panic.
pub fn fmt(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let formatted = match pactum::fmt::format_source(text) {
        Ok(formatted) => formatted,
        Err(diagnostics) => {
            let (_, syntax) = pactum::syntax::parse(pactum::fmt::FILE, text);
            assert!(
                !syntax.is_empty(),
                "fmt refused a file that parses: {diagnostics:?}"
            );
            return;
        }
    };
    let (before, _) = pactum::syntax::parse(pactum::fmt::FILE, text);
    let (after, errors) = pactum::syntax::parse(pactum::fmt::FILE, &formatted);
    assert!(
        errors.is_empty(),
        "formatted text does not parse: {errors:?}"
    );
    assert!(
        pactum::fmt::same_tree(&before, &after),
        "formatting changed the meaning:\n{formatted}"
    );
    let again = pactum::fmt::format_source(&formatted).expect("formatted text formats again");
    assert_eq!(again, formatted, "fmt is not idempotent");
}

/// `pactum query` on arbitrary bytes. The contract is the input up to its last
/// `0xFF` byte (never part of UTF-8 text), the question is made from the bytes
/// after it; without one, from a hash of the whole input. The question is a
/// day and assumptions for the contract's events, some of them invalid dates
/// on purpose, and is asked as `pactum query` asks it: only of contracts
/// without errors.
pub fn query(data: &[u8]) {
    let (text, tail) = match data.iter().rposition(|&b| b == 0xFF) {
        Some(i) => (&data[..i], data[i + 1..].to_vec()),
        None => (data, fnv(data).to_le_bytes().to_vec()),
    };
    let bytes = text.to_vec();
    let loaded = pactum::model::load(Path::new("fuzz.pactum"), &mut |_| Ok(bytes.clone()));
    if loaded.unreadable || loaded.has_errors() {
        return;
    }
    let mut question = tail.iter().copied().cycle().take(256.max(tail.len()));
    let mut next = move || question.next().unwrap_or(0);
    let at = date(&mut next);
    let mut assume = Vec::new();
    for event in &loaded.contract.events {
        match next() % 4 {
            0 => {}
            1 => assume.push(format!("{}=never", event.named.name)),
            _ => assume.push(format!("{}={}", event.named.name, date(&mut next))),
        }
    }
    let party = loaded.contract.parties.first().map(|p| p.name.as_str());
    let filters = pactum::semantics::query::Filters {
        party: party.filter(|_| next() % 3 == 0),
        subject: None,
        to: party.filter(|_| next() % 3 == 0),
    };
    if let Ok(q) = pactum::semantics::query::Question::new(&loaded.contract, &at, &assume, &filters)
    {
        let answer = pactum::semantics::query::answer(&loaded, &q);
        let _ = format!("{answer:?}");
    }
}

/// A date as a user might type it: mostly real days around the contracts'
/// years, sometimes a day that does not exist (month 13, 31 February).
fn date(next: &mut impl FnMut() -> u8) -> String {
    let year = 1990 + u32::from(next()) % 80;
    let month = 1 + u32::from(next()) % 13;
    let day = 1 + u32::from(next()) % 31;
    format!("{year:04}-{month:02}-{day:02}")
}

/// The FNV-1a hash, so that every input asks a different question.
fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
