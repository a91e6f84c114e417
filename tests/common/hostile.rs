//! Hostile inputs shared by the robustness property tests and the stress
//! test: the check as the front ends call it, what a front end does with its
//! result, the seed files, the language's tokens and byte mutations.

// Each test binary that includes this file uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use pactum::check::{check_file, check_text};
use pactum::diagnostics::{render, Code};
use pactum::model::Loaded;

/// Checks text that amends nothing readable.
pub fn check(text: &str) -> Loaded {
    check_text(Path::new("input.pactum"), text, &mut |p| {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            p.display().to_string(),
        ))
    })
}

/// Checks bytes as a file, the way the CLI reads one.
pub fn check_bytes(bytes: &[u8]) -> Loaded {
    let bytes = bytes.to_vec();
    check_file(Path::new("input.pactum"), &mut |p| {
        if p == Path::new("input.pactum") {
            Ok(bytes.clone())
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        }
    })
}

/// Everything a front end does with a result: render every diagnostic and
/// turn it into JSON. Rendering is part of "never panics".
pub fn consume(loaded: &Loaded) {
    for d in &loaded.diagnostics {
        assert!(d.is_located(), "{d:?}");
        for l in &d.labels {
            let text = loaded.sources.text(l.span.file);
            assert!(
                l.span.range.start <= l.span.range.end && l.span.range.end <= text.len(),
                "label out of bounds: {d:?}"
            );
            // A span inside a character cannot be drawn, quoted or turned
            // into a column without guessing; every span is whole characters.
            assert!(
                text.is_char_boundary(l.span.range.start)
                    && text.is_char_boundary(l.span.range.end),
                "label inside a character: {d:?}"
            );
        }
        let _ = pactum::diagnostics::JsonDiagnostic::of(d, &loaded.sources);
    }
    // Rendering is quadratic in pathological cases (every diagnostic draws its
    // line); a few are enough to show it does not panic.
    for d in loaded.diagnostics.iter().take(3) {
        let _ = render(d, &loaded.sources, false);
    }
}

/// The codes of the diagnostics, in order.
pub fn codes(loaded: &Loaded) -> Vec<Code> {
    loaded.diagnostics.iter().map(|d| d.code).collect()
}

/// The `.pactum` files in `dirs` (those that exist), in a stable order.
pub fn pactum_files(dirs: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        if let Ok(entries) = std::fs::read_dir(dir) {
            files.extend(
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "pactum")),
            );
        }
    }
    files.sort();
    files
}

/// The valid files to mutate: the good corpus and, when present, the
/// reference contracts.
pub fn seeds() -> Vec<String> {
    pactum_files(&["tests/ok", "contracts"])
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed is UTF-8"))
        .collect()
}

/// The language's own tokens: every reserved word, words that mean something
/// in one place only, names, values and punctuation.
pub fn soup_tokens() -> Vec<&'static str> {
    // The reserved words come from the one list, in the parser.
    let mut tokens: Vec<&'static str> = pactum::syntax::KEYWORDS.to_vec();
    tokens.extend([
        "first",
        "later",
        "last",
        "by",
        "end",
        "of",
        "is",
        "active",
        "has",
        "happened",
        "stakes",
        "in",
        "stake",
        "percent",
        "money",
        "number",
        "no",
        "conflicts",
        "a",
        "b",
        "ip",
        "ip.x",
        "microsoft",
        "use",
        "USD",
        "27",
        "%",
        "120",
        "2030",
        "2030-02-30",
        "2025-10-28",
        "90",
        "days",
        "month",
        "billion",
        "{",
        "}",
        "(",
        ")",
        ",",
        ":",
        "=",
        "<=",
        "!=",
        "\"T1\"",
        "\"",
        "//",
        "/*",
        "*/",
        "\n",
        " ",
        "é",
        "\u{0}",
    ]);
    tokens
}

/// One edit of a file's bytes; positions wrap around the length.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// Deletes up to `n` bytes from a position.
    Delete(usize, usize),
    /// Repeats up to `n` bytes from a position right after them.
    Duplicate(usize, usize),
    /// Swaps two bytes.
    Swap(usize, usize),
    /// Inserts a byte.
    Insert(usize, u8),
}

/// Applies `mutations` to the bytes of `text` in order.
pub fn mutate(text: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Mutation::Duplicate(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                let copy = bytes.get(at..end).unwrap_or_default().to_vec();
                bytes.splice(end..end, copy);
            }
            Mutation::Swap(a, b) => {
                let n = bytes.len();
                if n > 0 {
                    bytes.swap(a % n, b % n);
                }
            }
            Mutation::Insert(at, byte) => bytes.insert(at % (bytes.len() + 1), byte),
        }
    }
    bytes
}
