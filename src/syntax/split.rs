//! Splits a file into top-level item slices, and guards nesting depth.
//!
//! Both run in one linear pass over the bytes, before any tree is built:
//! - Splitting lets each item parse on its own, so one typo does not hide the
//!   diagnostics of every later item (the recovery strategy Cedar uses per policy).
//! - The depth guard keeps the parser, the tree walk and the tree's destructor
//!   from overflowing the stack on input such as 100 000 open parentheses. Words
//!   that nest without brackets count too: a run of `not` (`not not not x`) and
//!   of offsets (`1 day after 1 day after x`) builds a tree as deep as the run.

use std::ops::Range;

/// The deepest nesting of `(`, `{`, `[` and nesting words the parser accepts
/// inside one item.
/// Real contracts nest three or four levels; 64 leaves ample room while keeping
/// every recursive walk far from the stack limit.
pub const MAX_DEPTH: usize = 64;

/// Words that start a top-level item.
pub const ITEM_KEYWORDS: &[&str] = &[
    "contract",
    "party",
    "action",
    "qualifier",
    "event",
    "subject",
    "quantity",
    "clause",
    "fact",
    "assert",
    "cover",
];

/// One top-level item's text, and where nesting first went too deep in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice {
    pub range: Range<usize>,
    pub too_deep_at: Option<usize>,
}

/// Cuts `text` before every line that starts with an item keyword, either at
/// brace depth zero or in the first column (so a missing `}` cannot swallow the
/// rest of the file). Strings and comments are skipped, so a keyword inside
/// them never cuts.
pub fn split_items(text: &str) -> Vec<Slice> {
    let bytes = text.as_bytes();
    let mut slices = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    // Nesting words (`not`, `after`, `before`) since the last other word.
    let mut run = 0usize;
    let mut too_deep_at = None;
    let mut at_line_start = true;
    let mut in_block_comment = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_block_comment {
            if b == b'*' && bytes.get(i + 1) == Some(&b'/') {
                in_block_comment = false;
                i += 2;
            } else {
                at_line_start = b == b'\n';
                i += 1;
            }
            continue;
        }
        if at_line_start && b != b' ' && b != b'\t' && b != b'\n' && b != b'\r' {
            at_line_start = false;
            let column_zero = i == 0 || bytes[i - 1] == b'\n';
            if (depth == 0 || column_zero) && i > start && starts_item(bytes, i) {
                slices.push(Slice {
                    range: start..i,
                    too_deep_at,
                });
                start = i;
                depth = 0;
                run = 0;
                too_deep_at = None;
            }
        }
        match b {
            b'\n' => at_line_start = true,
            b'"' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                in_block_comment = true;
                i += 2;
                continue;
            }
            b'(' | b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH && too_deep_at.is_none() {
                    too_deep_at = Some(i);
                }
            }
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                let end = word_end(bytes, i);
                run = match &bytes[i..end] {
                    b"not" | b"after" | b"before" => run + 1,
                    w if is_count_or_unit(w) => run,
                    _ => 0,
                };
                if depth + run > MAX_DEPTH && too_deep_at.is_none() {
                    too_deep_at = Some(i);
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() || slices.is_empty() {
        slices.push(Slice {
            range: start..bytes.len(),
            too_deep_at,
        });
    }
    slices
}

fn starts_item(bytes: &[u8], i: usize) -> bool {
    ITEM_KEYWORDS.iter().any(|kw| {
        let end = i + kw.len();
        bytes.get(i..end) == Some(kw.as_bytes())
            && !bytes
                .get(end)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    })
}

fn word_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
        i += 1;
    }
    i
}

/// Numbers and time units sit inside an offset chain (`90 days after …`)
/// without ending it.
fn is_count_or_unit(word: &[u8]) -> bool {
    word[0].is_ascii_digit()
        || matches!(
            word,
            b"day" | b"days" | b"week" | b"weeks" | b"month" | b"months" | b"year" | b"years"
        )
}

/// The text with every closed comment and every byte-order mark replaced by
/// spaces, byte for byte, so that offsets (and so spans) stay the same. Pest
/// matching comments one character at a time was a large part of parsing a
/// well-commented contract, and every alternative of `WHITESPACE` is tried
/// between every two tokens; blanked, all of it is plain ASCII blanks. An
/// unclosed `/*` is left in place for the parser to report.
pub fn blank_trivia(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |n| i + n);
                blank(out.get_or_insert_with(|| bytes.to_vec()), i..end);
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let Some(n) = text[i + 2..].find("*/") else {
                    break;
                };
                let end = i + 2 + n + 2;
                blank(out.get_or_insert_with(|| bytes.to_vec()), i..end);
                i = end;
            }
            0xEF if bytes[i..].starts_with(BOM) => {
                blank(out.get_or_insert_with(|| bytes.to_vec()), i..i + BOM.len());
                i += BOM.len();
            }
            _ => i += 1,
        }
    }
    match out {
        // Only ASCII comment bytes, whole UTF-8 sequences inside comments
        // and whole marks were replaced by spaces, so the result is still UTF-8.
        Some(bytes) => std::borrow::Cow::Owned(
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// U+FEFF, a byte-order mark: blank wherever it stands, as editors leave it.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// Spaces over a comment, keeping its line breaks so lines stay where they were.
fn blank(bytes: &mut [u8], range: std::ops::Range<usize>) {
    for b in &mut bytes[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// Returns the index just past the string that opens at `i`; a string ends at
/// its closing quote or, unterminated, at the end of the line.
pub(crate) fn skip_string(bytes: &[u8], mut i: usize) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        split_items(src)
            .into_iter()
            .map(|s| &src[s.range])
            .collect()
    }

    #[test]
    fn cuts_before_each_item_keyword() {
        let src = "party a\nparty b \"x\"\nclause c {\n  a may use s\n}\n";
        assert_eq!(
            texts(src),
            [
                "party a\n",
                "party b \"x\"\n",
                "clause c {\n  a may use s\n}\n"
            ]
        );
    }

    #[test]
    fn keywords_in_strings_comments_and_blocks_do_not_cut() {
        let src =
            "clause c {\n  source \"x\", \"party\"\n  // party x\n  /* party y\nparty z */\n}\n";
        assert_eq!(texts(src).len(), 1);
    }

    #[test]
    fn a_missing_brace_does_not_swallow_the_next_item() {
        let src = "clause c {\n  a may use s\nparty b\n";
        assert_eq!(texts(src), ["clause c {\n  a may use s\n", "party b\n"]);
    }

    #[test]
    fn flags_deep_nesting_at_the_first_bracket_too_deep() {
        let src = "(".repeat(MAX_DEPTH + 5);
        let slices = split_items(&src);
        assert_eq!(slices[0].too_deep_at, Some(MAX_DEPTH));
    }

    #[test]
    fn flags_long_runs_of_nesting_words() {
        let nots = format!(
            "assert a {{ always {}x is active }}",
            "not ".repeat(MAX_DEPTH + 1)
        );
        assert!(split_items(&nots)[0].too_deep_at.is_some());
        let offsets = format!(
            "clause c {{ a may use s from {}x }}",
            "1 day after ".repeat(MAX_DEPTH + 1)
        );
        assert!(split_items(&offsets)[0].too_deep_at.is_some());
    }

    #[test]
    fn other_words_end_a_run_of_nesting_words() {
        let events = format!("event a{}", ", after b".repeat(MAX_DEPTH * 2));
        assert_eq!(split_items(&events)[0].too_deep_at, None);
        let offsets = format!(
            "clause c {{ a may use s from first({}) }}",
            vec!["90 days after x"; MAX_DEPTH * 2].join(", ")
        );
        assert_eq!(split_items(&offsets)[0].too_deep_at, None);
    }

    #[test]
    fn blanking_comments_keeps_offsets_strings_and_unclosed_comments() {
        let src = "a // x “ü”\n\"// not\" /* b\n c */ d /* open";
        let blanked = blank_trivia(src);
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
        let blanked = blank_trivia(src);
        assert_eq!(blanked, "   party a \"\u{feff}\"   ");
    }

    #[test]
    fn empty_text_is_one_empty_slice() {
        assert_eq!(
            split_items(""),
            [Slice {
                range: 0..0,
                too_deep_at: None
            }]
        );
    }
}
