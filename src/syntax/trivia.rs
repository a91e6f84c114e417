//! Trivia: what the parser skips between tokens besides blanks, that is
//! comments and byte-order marks. This is the one scanner of them; the
//! splitter, the blanking before pest runs, the formatter and doc comments
//! all read comments through it.
//!
//! The lexical rules: `//` runs to the end of the line (`///` is a doc
//! comment), `/* … */` does not nest and, unclosed, runs to the end of the
//! text; a string runs to its closing quote (a backslash escapes the next
//! byte) or, unterminated, to the end of the line, and hides any comment
//! marker inside it; a U+FEFF byte-order mark is blank wherever it stands
//! outside a string, as editors leave it.

use std::borrow::Cow;
use std::ops::Range;

/// What a piece of trivia is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriviaKind {
    /// `// …` or `/// …`, up to the end of its line (the line break excluded).
    LineComment,
    /// `/* … */`, closed.
    BlockComment,
    /// `/*` never closed: it runs to the end of the text.
    UnclosedComment,
    /// U+FEFF.
    ByteOrderMark,
}

/// One piece of trivia and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trivia {
    /// Byte range of the whole piece, comment markers included.
    pub range: Range<usize>,
    /// What it is.
    pub kind: TriviaKind,
}

impl Trivia {
    /// Whether this is a comment (closed or not), not a byte-order mark.
    pub fn is_comment(&self) -> bool {
        self.kind != TriviaKind::ByteOrderMark
    }
}

/// U+FEFF, a byte-order mark, in UTF-8.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// The trivia that starts at byte `i` of `text`, if any. `i` must not be
/// inside a string or comment; the caller's scan knows that.
#[inline]
pub fn trivia_at(text: &str, i: usize) -> Option<Trivia> {
    let bytes = text.as_bytes();
    let (range, kind) = match bytes.get(i..i + 2)? {
        b"//" => {
            let end = bytes[i..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |n| i + n);
            (i..end, TriviaKind::LineComment)
        }
        // `/*` is ASCII, so `i + 2` is a character boundary.
        b"/*" => match text[i + 2..].find("*/") {
            Some(n) => (i..i + 2 + n + 2, TriviaKind::BlockComment),
            None => (i..bytes.len(), TriviaKind::UnclosedComment),
        },
        _ if bytes[i..].starts_with(BOM) => (i..i + BOM.len(), TriviaKind::ByteOrderMark),
        _ => return None,
    };
    Some(Trivia { range, kind })
}

/// Returns the index just past the string that opens at `i`; a string ends at
/// its closing quote or, unterminated, at the end of the line.
#[inline]
pub fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Every piece of trivia in `text`, in order; strings are skipped, so
/// `"a // b"` holds none.
pub fn scan(text: &str) -> Scanner<'_> {
    Scanner { text, at: 0 }
}

/// The iterator `scan` returns.
pub struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl Iterator for Scanner<'_> {
    type Item = Trivia;

    fn next(&mut self) -> Option<Trivia> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => i = skip_string(bytes, i),
                b'/' | 0xEF => match trivia_at(self.text, i) {
                    Some(t) => {
                        self.at = t.range.end;
                        return Some(t);
                    }
                    None => i += 1,
                },
                _ => i += 1,
            }
        }
        self.at = bytes.len();
        None
    }
}

/// The text with every closed comment and every byte-order mark replaced by
/// spaces, byte for byte, so that offsets (and so spans) stay the same. Pest
/// matching comments one character at a time was a large part of parsing a
/// well-commented contract, and every alternative of `WHITESPACE` is tried
/// between every two tokens; blanked, all of it is plain ASCII blanks. An
/// unclosed `/*` is left in place for the parser to report.
pub fn blank(text: &str) -> Cow<'_, str> {
    let mut out: Option<Vec<u8>> = None;
    for t in scan(text) {
        if t.kind != TriviaKind::UnclosedComment {
            blank_range(out.get_or_insert_with(|| text.as_bytes().to_vec()), t.range);
        }
    }
    match out {
        // Only ASCII comment bytes, whole UTF-8 sequences inside comments
        // and whole marks were replaced by spaces, so the result is still UTF-8.
        Some(bytes) => Cow::Owned(
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
        None => Cow::Borrowed(text),
    }
}

/// Spaces over a comment, keeping its line breaks so lines stay where they were.
fn blank_range(bytes: &mut [u8], range: Range<usize>) {
    for b in &mut bytes[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// Whether `piece` holds nothing but blanks and closed trivia, as the text
/// before a file's first item often does (a licence header).
pub fn is_only_trivia(piece: &str) -> bool {
    let mut i = 0;
    loop {
        i += piece[i..]
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(piece.len() - i);
        if i == piece.len() {
            return true;
        }
        match trivia_at(piece, i) {
            Some(t) if t.kind != TriviaKind::UnclosedComment => i = t.range.end,
            _ => return false,
        }
    }
}

/// The `///` lines directly above `offset` (blank lines between them and
/// `offset` skipped), joined, without their markers and one space after them.
pub fn doc_comment(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let mut lines: Vec<&str> = Vec::new();
    // Walking back line by line costs only the lines read, where a scan from
    // the start of the file would cost the file for every declaration.
    for line in before
        .lines()
        .rev()
        .skip_while(|l| l.trim().is_empty())
        .take(1000)
    {
        let code = line.trim_start();
        match trivia_at(code, 0) {
            Some(t) if t.kind == TriviaKind::LineComment && code.starts_with("///") => {
                let doc = &code[3..t.range.end];
                lines.push(doc.strip_prefix(' ').unwrap_or(doc));
            }
            _ => break,
        }
    }
    if lines.is_empty() {
        return None;
    }
    lines.reverse();
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comments(src: &str) -> Vec<&str> {
        scan(src)
            .filter(Trivia::is_comment)
            .map(|t| &src[t.range])
            .collect()
    }

    #[test]
    fn finds_line_block_and_doc_comments_but_not_inside_strings() {
        let src = "/// doc\nparty a \"x // y /* z\" // tail\n/* a\n b */ party b";
        assert_eq!(comments(src), ["/// doc", "// tail", "/* a\n b */"]);
    }

    #[test]
    fn an_escaped_quote_does_not_end_a_string() {
        assert_eq!(comments(r#"party a "q\" // no" // yes"#), ["// yes"]);
    }

    #[test]
    fn an_unclosed_comment_runs_to_the_end() {
        let found: Vec<Trivia> = scan("a /* b\nc").collect();
        assert_eq!(
            found,
            [Trivia {
                range: 2..8,
                kind: TriviaKind::UnclosedComment
            }]
        );
    }

    #[test]
    fn blanking_comments_keeps_offsets_strings_and_unclosed_comments() {
        let src = "a // x “ü”\n\"// not\" /* b\n c */ d /* open";
        let blanked = blank(src);
        assert_eq!(blanked.len(), src.len());
        assert_eq!(
            blanked,
            format!(
                "a {}\n\"// not\" {}\n{} d /* open",
                " ".repeat(13),
                " ".repeat(4),
                " ".repeat(5)
            )
        );
    }

    #[test]
    fn byte_order_marks_are_blanked_outside_strings() {
        let src = "\u{feff}party a \"\u{feff}\"\u{feff}";
        assert_eq!(blank(src), "   party a \"\u{feff}\"   ");
    }

    #[test]
    fn only_trivia_is_blanks_and_closed_comments() {
        assert!(is_only_trivia(""));
        assert!(is_only_trivia(" // a\n/* b */\n\u{feff}\n"));
        assert!(!is_only_trivia("/* open"));
        assert!(!is_only_trivia("// a\nparty"));
        assert!(!is_only_trivia("\"// a\""));
    }

    #[test]
    fn doc_comments_are_the_triple_slash_lines_right_above() {
        let src = "// plain\n/// one\n///two\n\nparty a";
        assert_eq!(
            doc_comment(src, src.find("party").unwrap()).as_deref(),
            Some("one\ntwo")
        );
        let src = "/// far\nparty b\nparty a";
        assert_eq!(doc_comment(src, src.find("party a").unwrap()), None);
    }
}
