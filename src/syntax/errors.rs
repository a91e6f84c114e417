//! Syntax findings as values, and the one place that puts each into words.
//!
//! The parser decides what went wrong and where (a `Finding`); this module
//! alone turns a finding into a `Diagnostic`, so that a message, its labels and
//! its help are written once per kind of mistake and cannot drift apart (as
//! Cedar's validator and Gleam's error printer do it).

use std::ops::Range;

use crate::diagnostics::{Code, Diagnostic, Span};
use crate::source::FileId;

use super::split::MAX_DEPTH;

/// Something wrong with the text of one item, found before any name is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Finding<'a> {
    /// The parser expected something else at `span`.
    Expected {
        /// The text underlined: the word or symbol found, or one byte.
        span: Range<usize>,
        /// What would have fitted, in plain words (`lexicon::rule_name`).
        expected: String,
        /// The word or symbol found; empty at the end of the item.
        found: &'a str,
        /// The item opened more `{` than it closed.
        unclosed_brace: bool,
    },
    /// A reserved word where a name belongs (`party until`).
    ReservedName {
        /// The reserved word as written.
        span: Range<usize>,
        /// The word.
        word: &'a str,
    },
    /// A string whose closing quote is not on its line.
    UnclosedString {
        /// The string, from its opening quote to the end of its line.
        span: Range<usize>,
    },
    /// A `/*` that is never closed.
    UnclosedComment {
        /// Where the `/*` stands.
        at: usize,
    },
    /// Nesting deeper than `MAX_DEPTH`, found by the depth guard.
    TooDeep {
        /// The bracket or word that went one level too deep.
        at: usize,
    },
    /// The parser's own limit stopped it: nesting the depth guard did not see.
    ParserLimit {
        /// Where parsing stopped.
        span: Range<usize>,
    },
}

/// Help for nesting too deep, whichever guard caught it.
const FLATTEN_HELP: &str = "flatten the expression; contracts rarely need more than a few levels";

/// Help when a reserved word stands where a name or something else belongs.
pub(crate) fn reserved_word_help(word: &str) -> String {
    format!("`{word}` is a keyword; a name cannot be `{word}`")
}

impl Finding<'_> {
    /// The finding in words, with its label and help, in file `file`.
    pub(crate) fn diagnostic(self, file: FileId) -> Diagnostic {
        let at = |range: Range<usize>| Span::new(file, range);
        match self {
            Finding::Expected {
                span,
                expected,
                found,
                unclosed_brace,
            } => {
                let found_words = if found.is_empty() {
                    "the end of the item".to_string()
                } else {
                    format!("`{found}`")
                };
                let d = Diagnostic::new(
                    Code::Syntax,
                    format!("expected {expected}, found {found_words}"),
                )
                .with_label(at(span), format!("expected {expected}"));
                if super::lexicon::is_reserved(found) {
                    d.with_help(reserved_word_help(found))
                } else if found.is_empty() && unclosed_brace {
                    d.with_help("close the item's `{` with `}`")
                } else {
                    d
                }
            }
            Finding::ReservedName { span, word } => Diagnostic::new(
                Code::Syntax,
                format!("expected a name, found the reserved word `{word}`"),
            )
            .with_label(at(span), "a reserved word")
            .with_help(reserved_word_help(word)),
            Finding::UnclosedString { span } => {
                Diagnostic::new(Code::Syntax, "this string is not closed")
                    .with_label(at(span), "opened here")
                    .with_help("end the string with `\"` on the same line")
            }
            Finding::UnclosedComment { at: start } => {
                Diagnostic::new(Code::Syntax, "this comment is not closed")
                    .with_label(at(start..start + 2), "opened here")
                    .with_help("end the comment with `*/`")
            }
            Finding::TooDeep { at: start } => Diagnostic::new(
                Code::TooDeep,
                format!("the text nests deeper than {MAX_DEPTH} levels"),
            )
            .with_label(at(start..start + 1), "nested too deep here")
            .with_help(FLATTEN_HELP),
            Finding::ParserLimit { span } => {
                Diagnostic::new(Code::TooDeep, "the text nests too deeply to parse")
                    .with_label(at(span), "parsing stopped here")
                    .with_help(FLATTEN_HELP)
            }
        }
    }
}
