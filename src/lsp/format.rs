//! The one seam between the language server and the formatter.

/// The formatted text of a whole document, or `None` when it cannot be
/// formatted (it does not parse): the same formatter as `pactum fmt`.
pub fn format_document(text: &str) -> Option<String> {
    crate::fmt::format_source(text).ok()
}
