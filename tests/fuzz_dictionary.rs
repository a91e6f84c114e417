//! The libFuzzer dictionary (fuzz/pactum.dict) against the lexicon
//! (src/syntax/lexicon.rs) and the grammar's punctuation: every word and every
//! punctuation token of the language, so the fuzzer can splice whole tokens
//! instead of guessing them byte by byte. Run with `PACTUM_UPDATE_DICT=1` to
//! rewrite the file after changing the lexicon or the grammar.

use std::collections::BTreeSet;
use std::path::Path;

use pactum::syntax::lexicon;

const GRAMMAR: &str = include_str!("../grammar/pactum.pest");

/// Characters that are not in the grammar but that break code which counts
/// bytes as characters (issue 12: a word cut inside `é`): two-, three- and
/// four-byte characters, a combining mark, right-to-left and zero-width marks,
/// a byte order mark, a non-breaking space, a carriage return.
const ODD_CHARACTERS: &[&str] = &[
    "é", "e\u{301}", "€", "→", "\u{200f}", "\u{200b}", "\u{feff}", "\u{a0}", "😀", "\r\n",
];

/// What the grammar does not spell as punctuation: comments are blanked before
/// it runs (src/syntax/trivia.rs), and quotes and escapes sit inside its
/// string rule.
const TRIVIA: &[&str] = &["//", "/*", "*/", "\"", "\\"];

/// The grammar's quoted literals that are punctuation, not words: `{`, `<=`.
fn punctuation() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in GRAMMAR
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
    {
        let mut rest = line;
        while let Some(open) = rest.find(['"', '\'']) {
            let quote = rest.as_bytes()[open] as char;
            let body = &rest[open + 1..];
            let Some(close) = body.find(quote) else {
                break;
            };
            let literal = &body[..close];
            if !literal.is_empty()
                && !literal.starts_with('\\')
                && literal
                    .chars()
                    .all(|c| c.is_ascii_punctuation() && c != '"' && c != '\\')
            {
                out.insert(literal.to_string());
            }
            rest = &body[close + 1..];
        }
    }
    out
}

/// One dictionary entry in libFuzzer's syntax: a quoted string with `\xNN`
/// escapes for every byte outside printable ASCII and for `"` and `\`.
fn entry(text: &str) -> String {
    let mut out = String::from("\"");
    for b in text.bytes() {
        if (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\' {
            out.push(b as char);
        } else {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out.push('"');
    out
}

fn dictionary() -> String {
    let mut out = String::from(
        "# Written from src/syntax/lexicon.rs and grammar/pactum.pest by\n\
         # tests/fuzz_dictionary.rs (PACTUM_UPDATE_DICT=1 cargo test --test fuzz_dictionary); do not edit.\n",
    );
    out.push_str("# words of the language\n");
    for w in lexicon::WORDS {
        out.push_str(&format!("{}\n", entry(w.text)));
    }
    out.push_str("# punctuation of the grammar\n");
    for p in punctuation() {
        out.push_str(&format!("{}\n", entry(&p)));
    }
    out.push_str("# comments, quotes and escapes\n");
    for t in TRIVIA {
        out.push_str(&format!("{}\n", entry(t)));
    }
    out.push_str("# characters of more than one byte, and other odd ones\n");
    for c in ODD_CHARACTERS {
        out.push_str(&format!("{}\n", entry(c)));
    }
    out
}

#[test]
fn the_fuzz_dictionary_is_the_lexicon() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/pactum.dict");
    let expected = dictionary();
    if std::env::var_os("PACTUM_UPDATE_DICT").is_some() {
        std::fs::write(&path, &expected).expect("write pactum.dict");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is not the lexicon: run `PACTUM_UPDATE_DICT=1 cargo test --test fuzz_dictionary`",
        path.display()
    );
}

#[test]
fn the_dictionary_has_the_punctuation_of_the_grammar() {
    let p = punctuation();
    for token in ["{", "}", "(", ")", ",", ":", "<=", "!="] {
        assert!(p.contains(token), "`{token}` missing from {p:?}");
    }
}
