//! The comments of a file, found by a small scanner, and helpers that look at
//! the text around syntax-tree spans (which do not record comments).
//!
//! Comments are found by `syntax::trivia`, the scanner the parser uses too,
//! so the formatter and the parser agree on what is a comment.

use std::ops::Range;

use crate::syntax::trivia::{self, TriviaKind};

/// One comment, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Byte range of the whole comment, `//` or `/*` included.
    pub range: Range<usize>,
    /// A `//` comment (also `///`): nothing may follow it on its line.
    pub is_line: bool,
}

/// The text of a file and its comments, sorted by position.
pub struct Scanned<'a> {
    pub text: &'a str,
    pub comments: Vec<Comment>,
}

impl<'a> Scanned<'a> {
    pub fn new(text: &'a str) -> Self {
        Scanned {
            text,
            comments: comments(text),
        }
    }

    /// The comment that contains byte `i`, if any.
    fn comment_at(&self, i: usize) -> Option<&Comment> {
        let k = self.comments.partition_point(|c| c.range.end <= i);
        self.comments.get(k).filter(|c| c.range.start <= i)
    }

    /// The first byte at or after `i` that is code: not whitespace, not comment.
    pub fn next_code(&self, mut i: usize) -> usize {
        let bytes = self.text.as_bytes();
        while i < bytes.len() {
            if let Some(c) = self.comment_at(i) {
                i = c.range.end;
            } else if bytes[i].is_ascii_whitespace() {
                i += 1;
            } else {
                break;
            }
        }
        i
    }

    /// The start of the word that ends just before `at`, whitespace and
    /// comments between them skipped: the keyword in front of a value whose
    /// span starts at `at` (`from` in `from 2025-01-01`).
    pub fn keyword_before(&self, at: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut end = at.min(bytes.len());
        while end > 0 {
            if let Some(c) = self.comment_at(end - 1) {
                end = c.range.start;
            } else if bytes[end - 1].is_ascii_whitespace() {
                end -= 1;
            } else {
                break;
            }
        }
        let mut start = end;
        while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            start -= 1;
        }
        if start == end {
            at
        } else {
            start
        }
    }

    /// `range` without the whitespace and comments at either end. Spans from
    /// the parser can end with the whitespace it skipped before an optional part.
    pub fn trim_code(&self, range: Range<usize>) -> Range<usize> {
        let bytes = self.text.as_bytes();
        let end_limit = range.end.min(bytes.len());
        let start = self.next_code(range.start).min(end_limit);
        let mut end = end_limit;
        while end > start {
            if let Some(c) = self.comment_at(end - 1) {
                end = c.range.start.max(start);
            } else if bytes[end - 1].is_ascii_whitespace() {
                end -= 1;
            } else {
                break;
            }
        }
        start..end
    }

    /// Whether `range` holds a blank line: a whole line with nothing but
    /// whitespace. Comments count as content.
    pub fn has_blank_line(&self, range: Range<usize>) -> bool {
        let bytes = self.text.as_bytes();
        let end = range.end.min(bytes.len());
        let mut i = range.start;
        let mut seen_newline = false;
        let mut line_blank = true;
        while i < end {
            if let Some(c) = self.comment_at(i) {
                line_blank = false;
                // A block comment's own newlines are not blank lines of the file.
                i = c.range.end;
                continue;
            }
            match bytes[i] {
                b'\n' => {
                    if seen_newline && line_blank {
                        return true;
                    }
                    seen_newline = true;
                    line_blank = true;
                }
                b if b.is_ascii_whitespace() => {}
                _ => line_blank = false,
            }
            i += 1;
        }
        false
    }

    /// The comment's text as it will be printed: trailing whitespace removed
    /// from each of its lines, everything else kept byte for byte.
    pub fn comment_text(&self, c: &Comment) -> String {
        let raw = &self.text[c.range.clone()];
        raw.split('\n')
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Every comment in `text`, in order. Strings are skipped, so `"a // b"` holds
/// no comment. An unterminated block comment runs to the end of the text.
pub fn comments(text: &str) -> Vec<Comment> {
    trivia::scan(text)
        .filter(trivia::Trivia::is_comment)
        .map(|t| Comment {
            is_line: t.kind == TriviaKind::LineComment,
            range: t.range,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_keyword_before_a_value_across_comments() {
        let s = Scanned::new("effective /* a */ // b\n 2025");
        assert_eq!(s.keyword_before(24), 0);
        let s = Scanned::new("(2025");
        assert_eq!(s.keyword_before(1), 1);
    }

    #[test]
    fn trims_whitespace_and_comments_off_both_ends() {
        let s = Scanned::new("  /* a */ party b // c\n  ");
        assert_eq!(s.trim_code(0..s.text.len()), 10..17);
    }

    #[test]
    fn blank_lines_are_whole_empty_lines_outside_comments() {
        let s = Scanned::new("a // x\n\nb");
        assert!(s.has_blank_line(1..8));
        let s = Scanned::new("a /*\n\n*/\nb");
        assert!(!s.has_blank_line(1..9));
    }
}
