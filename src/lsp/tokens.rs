//! Semantic tokens: what each word of the document is, for highlighting that
//! knows a party from an event. Comments and strings come from the one
//! scanner of trivia ([`crate::syntax::trivia`]), keywords from the lexicon
//! ([`lexicon::class`]), names from the resolver's bindings (a name is
//! coloured as what it was resolved to, never by guessing from its text),
//! dates from the dates the resolver read.
//!
//! The legend uses the protocol's standard token types, so that every client
//! colours them with its theme: a party is a `class`, a clause (or fact,
//! assertion, cover) a `function`, a subject a `namespace`, an action a
//! `method`, a qualifier an `enumMember`, a quantity a `variable`. Dates and
//! durations are `number`s with the modifier `date` or `duration`.

use std::collections::HashMap;

use lsp_types::{
    Range, SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens,
    SemanticTokensLegend,
};

use super::analysis::Analysis;
use crate::model::bindings::{Site, Target};
use crate::syntax::lexicon::{self, Class};
use crate::syntax::trivia::{self, TriviaKind};

/// The token types, in legend order.
const TYPES: [SemanticTokenType; 11] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::CLASS,
    SemanticTokenType::EVENT,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::METHOD,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::NUMBER,
    SemanticTokenType::STRING,
    SemanticTokenType::COMMENT,
];

/// What a token is; the discriminant is its index in [`TYPES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Keyword,
    Party,
    Event,
    Clause,
    Subject,
    Action,
    Qualifier,
    Quantity,
    Number,
    Str,
    Comment,
}

/// Modifier bits, in legend order.
const DECLARATION: u32 = 1;
const DOCUMENTATION: u32 = 2;
const DATE: u32 = 4;
const DURATION: u32 = 8;

/// The legend the server advertises: [`TYPES`] and the modifiers above.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: vec![
            SemanticTokenModifier::DECLARATION,
            SemanticTokenModifier::DOCUMENTATION,
            SemanticTokenModifier::new("date"),
            SemanticTokenModifier::new("duration"),
        ],
    }
}

/// One token: a byte range of one line, what it is and its modifier bits.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    range: std::ops::Range<usize>,
    kind: Kind,
    modifiers: u32,
}

/// The tokens of the document, encoded as the protocol asks (each relative
/// to the one before, in UTF-16 units); with `range`, only the tokens that
/// start in it.
pub fn semantic_tokens(a: &Analysis, range: Option<Range>) -> SemanticTokens {
    let text = a.text(a.main);
    let map = &a.files[a.main.0 as usize].map;
    let bounds = range.map(|r| map.span(text, r));
    let mut data = Vec::new();
    let (mut line, mut col) = (0u32, 0u32);
    for t in tokens(a) {
        if let Some(b) = &bounds {
            if t.range.start < b.start || t.range.start > b.end {
                continue;
            }
        }
        let start = map.position(text, t.range.start);
        let length: usize = text[t.range.clone()].chars().map(char::len_utf16).sum();
        let delta_line = start.line - line;
        let delta_start = if delta_line == 0 {
            start.character - col
        } else {
            start.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: length as u32,
            token_type: t.kind as u32,
            token_modifiers_bitset: t.modifiers,
        });
        (line, col) = (start.line, start.character);
    }
    SemanticTokens {
        result_id: None,
        data,
    }
}

/// Every token of the checked document, in text order, none spanning lines.
fn tokens(a: &Analysis) -> Vec<Token> {
    let text = a.text(a.main);
    let bytes = text.as_bytes();
    let bindings = &a.loaded.contract.bindings;
    let sites: HashMap<usize, &Site> = (bindings.sites().iter())
        .filter(|s| s.file == a.main)
        .map(|s| (s.span().start, s))
        .collect();
    let dates: HashMap<usize, usize> = (bindings.dates().iter())
        .filter(|d| d.file == a.main)
        .map(|d| (d.span().start, d.span().end))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(t) = (b == b'/' || b == 0xEF)
            .then(|| trivia::trivia_at(text, i))
            .flatten()
        {
            if t.is_comment() {
                let doc =
                    t.kind == TriviaKind::LineComment && text[t.range.clone()].starts_with("///");
                let modifiers = if doc { DOCUMENTATION } else { 0 };
                push_lines(text, t.range.clone(), Kind::Comment, modifiers, &mut out);
            }
            i = t.range.end;
        } else if b == b'"' {
            let end = trivia::skip_string(bytes, i);
            push_lines(text, i..end, Kind::Str, 0, &mut out);
            i = end;
        } else if let Some(&end) = dates.get(&i) {
            let end = end.max(i + 1);
            push_lines(text, i..end, Kind::Number, DATE, &mut out);
            i = end;
        } else if b.is_ascii_digit() {
            let end = i + word_len(&bytes[i..], |c| c.is_ascii_digit() || b".,_-".contains(&c));
            match duration_unit(text, end) {
                Some(unit_end) => {
                    push_lines(text, i..unit_end, Kind::Number, DURATION, &mut out);
                    i = unit_end;
                }
                None => {
                    out.push(Token {
                        range: i..end,
                        kind: Kind::Number,
                        modifiers: 0,
                    });
                    i = end;
                }
            }
        } else if b.is_ascii_alphabetic() || b == b'_' {
            let end = i + word_len(&bytes[i..], |c| c.is_ascii_alphanumeric() || c == b'_');
            if let Some(site) = sites.get(&i) {
                let modifiers = if site.is_def { DECLARATION } else { 0 };
                let end = site.span().end.max(end);
                out.push(Token {
                    range: i..end,
                    kind: of_target(site.target),
                    modifiers,
                });
                i = end;
            } else {
                if lexicon::class(&text[i..end]).is_some_and(|c| c != Class::Scale) {
                    out.push(Token {
                        range: i..end,
                        kind: Kind::Keyword,
                        modifiers: 0,
                    });
                }
                i = end;
            }
        } else {
            // Punctuation and blanks; step over a whole character.
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// How many leading bytes satisfy `f`.
fn word_len(bytes: &[u8], f: impl Fn(u8) -> bool) -> usize {
    bytes.iter().position(|&c| !f(c)).unwrap_or(bytes.len())
}

/// The end of the time unit that follows a number ending at `at` (`90 days`,
/// `10 business days`), if one does on the same line.
fn duration_unit(text: &str, at: usize) -> Option<usize> {
    let mut i = at;
    let bytes = text.as_bytes();
    let mut words = 0;
    loop {
        let blank = word_len(&bytes[i..], |c| c == b' ' || c == b'\t');
        if blank == 0 || words == 2 {
            return None;
        }
        i += blank;
        let len = word_len(&bytes[i..], |c| c.is_ascii_alphabetic());
        let word = &text[i..i + len];
        if lexicon::is_time_unit(word.as_bytes()) {
            return Some(i + len);
        }
        if word != "business" {
            return None;
        }
        i += len;
        words += 1;
    }
}

fn of_target(t: Target) -> Kind {
    match t {
        Target::Party(_) => Kind::Party,
        Target::Action(_) => Kind::Action,
        Target::Qualifier(_) => Kind::Qualifier,
        Target::Event(_) => Kind::Event,
        // A named amount is a value, as a quantity is.
        Target::Quantity(_) | Target::Amount(_) | Target::Input(_) => Kind::Quantity,
        Target::Subject(_) => Kind::Subject,
        Target::Clause(_) | Target::Fact(_) | Target::Assert(_) | Target::Cover(_) => Kind::Clause,
        // Section ids are written inside quotes; the string covers them.
        Target::Section(_) => Kind::Str,
    }
}

/// A token over `range`, cut at line breaks: clients need not support tokens
/// that span lines.
fn push_lines(
    text: &str,
    range: std::ops::Range<usize>,
    kind: Kind,
    modifiers: u32,
    out: &mut Vec<Token>,
) {
    let mut start = range.start;
    for (k, _) in text[range.clone()].match_indices('\n') {
        let end = range.start + k;
        let end = if text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        if end > start {
            out.push(Token {
                range: start..end,
                kind,
                modifiers,
            });
        }
        start = range.start + k + 1;
    }
    if range.end > start {
        out.push(Token {
            range: start..range.end,
            kind,
            modifiers,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Position;

    fn analysis(text: &str) -> Analysis {
        Analysis::of_text(text)
    }

    /// Each token as its text, its type name and its modifier names.
    fn decode(text: &str, tokens: &SemanticTokens) -> Vec<(String, String, Vec<String>)> {
        let lines: Vec<&str> = text.split('\n').collect();
        let legend = legend();
        let (mut line, mut col) = (0usize, 0usize);
        let mut out = Vec::new();
        for t in &tokens.data {
            line += t.delta_line as usize;
            col = if t.delta_line == 0 {
                col + t.delta_start as usize
            } else {
                t.delta_start as usize
            };
            let units: Vec<u16> = lines[line].encode_utf16().collect();
            let word = String::from_utf16(&units[col..col + t.length as usize]).unwrap();
            let modifiers = (0..4)
                .filter(|k| t.token_modifiers_bitset & (1 << k) != 0)
                .map(|k| legend.token_modifiers[k].as_str().to_string())
                .collect();
            let ty = legend.token_types[t.token_type as usize]
                .as_str()
                .to_string();
            out.push((word, ty, modifiers));
        }
        out
    }

    fn find<'a>(
        all: &'a [(String, String, Vec<String>)],
        word: &str,
    ) -> Vec<(&'a str, Vec<&'a str>)> {
        (all.iter())
            .filter(|(w, _, _)| w == word)
            .map(|(_, t, m)| (t.as_str(), m.iter().map(String::as_str).collect()))
            .collect()
    }

    const TEXT: &str = "contract \"T\" effective 2025-01-01 // the “date”\n\
        /// Microsoft 😀\nparty ms\naction use\nevent agi\nsubject ip { models }\n\
        clause a {\n  ms may use ip.models\n  from 90 days after agi\n  through 2030\n}\n\
        /* two\n   lines */\nclause b { ms must not use ip.models indefinitely exception to a }\n";

    #[test]
    fn every_kind_of_word_has_its_type() {
        let a = analysis(TEXT);
        let all = decode(TEXT, &semantic_tokens(&a, None));
        assert_eq!(find(&all, "ms")[0], ("class", vec!["declaration"]));
        assert_eq!(find(&all, "ms")[1], ("class", vec![]));
        assert_eq!(
            find(&all, "agi"),
            [("event", vec!["declaration"]), ("event", vec![])],
            "{all:?}"
        );
        assert_eq!(find(&all, "use")[1], ("method", vec![]));
        assert_eq!(find(&all, "ip")[1], ("namespace", vec![]));
        assert_eq!(find(&all, "models")[1], ("namespace", vec![]));
        assert_eq!(
            find(&all, "a"),
            [("function", vec!["declaration"]), ("function", vec![])]
        );
        assert_eq!(find(&all, "clause")[0], ("keyword", vec![]));
        assert_eq!(find(&all, "indefinitely")[0], ("keyword", vec![]));
        assert_eq!(find(&all, "2025-01-01"), [("number", vec!["date"])]);
        assert_eq!(find(&all, "2030"), [("number", vec!["date"])]);
        assert_eq!(find(&all, "90 days"), [("number", vec!["duration"])]);
        assert_eq!(find(&all, "\"T\""), [("string", vec![])]);
        assert_eq!(find(&all, "// the “date”"), [("comment", vec![])]);
        assert_eq!(
            find(&all, "/// Microsoft 😀"),
            [("comment", vec!["documentation"])]
        );
        // A comment over two lines is two tokens.
        assert_eq!(find(&all, "/* two"), [("comment", vec![])]);
        assert_eq!(find(&all, "   lines */"), [("comment", vec![])]);
    }

    #[test]
    fn a_range_request_answers_its_lines_only() {
        let a = analysis(TEXT);
        let r = Range::new(Position::new(2, 0), Position::new(2, 99));
        let all = decode(TEXT, &semantic_tokens(&a, Some(r)));
        let words: Vec<&str> = all.iter().map(|(w, _, _)| w.as_str()).collect();
        assert_eq!(words, ["party", "ms"]);
        let far = Position::new(999, 999);
        assert!(semantic_tokens(&a, Some(Range::new(far, far)))
            .data
            .is_empty());
    }

    #[test]
    fn unresolved_names_and_broken_text_get_no_name_tokens() {
        let text = "party \"x\nclause { nobody may \u{feff}use 5 business days ";
        let a = analysis(text);
        let all = decode(text, &semantic_tokens(&a, None));
        assert!(find(&all, "nobody").is_empty(), "{all:?}");
        assert_eq!(
            find(&all, "5 business days"),
            [("number", vec!["duration"])]
        );
    }
}
