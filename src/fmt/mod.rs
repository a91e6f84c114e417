//! `pactum fmt`: one canonical layout for every file (docs/fmt.md).
//!
//! [`format_source`] is a pure function of the text, used by the command line
//! and by the language server. It lays out the syntax tree (`layout`), puts
//! every comment back next to its code (`scan`, `attach`), and then checks its
//! own work: the result must parse to the same tree, spans aside, and hold the
//! same comments. A file with a syntax error is never rewritten.

mod attach;
mod layout;
mod scan;
mod spanless;

use crate::diagnostics::{Diagnostic, Span};
use crate::model::errors::{fmt_internal, FmtProblem};
use crate::source::FileId;
use crate::syntax;

pub use spanless::same_tree;

/// The file id the diagnostics of [`format_source`] point into.
pub const FILE: FileId = FileId(0);

/// The canonical text of a `.pactum` file, or the syntax errors that prevent
/// formatting it (their spans point into `text` with file id [`FILE`]).
///
/// The result always parses to the same syntax tree as `text` (spans aside) and
/// keeps every comment, and `format_source` of the result is the result itself.
pub fn format_source(text: &str) -> Result<String, Vec<Diagnostic>> {
    let (tree, diagnostics) = syntax::parse(FILE, text);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let scanned = scan::Scanned::new(text);
    let lines = layout::layout(&scanned, &tree);
    let formatted = attach::render(&scanned, &lines);
    verify(text, &tree, &formatted)?;
    Ok(formatted)
}

/// Refuses output that would change the meaning or lose a comment. Such output
/// is a bug in the formatter; the user's file is then left as it is.
fn verify(text: &str, tree: &syntax::ast::File, formatted: &str) -> Result<(), Vec<Diagnostic>> {
    let (again, diagnostics) = syntax::parse(FILE, formatted);
    let problem = if !diagnostics.is_empty() {
        Some(FmtProblem::DoesNotParse)
    } else if !same_tree(tree, &again) {
        Some(FmtProblem::MeansSomethingElse)
    } else if comment_texts(text) != comment_texts(formatted) {
        Some(FmtProblem::LosesComment)
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(vec![fmt_internal(Span::new(FILE, 0..0), problem)]),
    }
}

/// The comments of a text as they are printed, in order.
fn comment_texts(text: &str) -> Vec<String> {
    let scanned = scan::Scanned::new(text);
    let mut texts: Vec<String> = scanned
        .comments
        .iter()
        .map(|c| scanned.comment_text(c))
        .collect();
    // Comments may move relative to each other (with the lines they belong to),
    // so the comparison is of the collection, not the order.
    texts.sort();
    texts
}

#[cfg(test)]
mod tests;
