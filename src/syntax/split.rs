//! Splits a file into top-level item slices, and guards nesting depth.
//!
//! Both run in one linear pass over the bytes, before any tree is built:
//! - Splitting lets each item parse on its own, so one typo does not hide the
//!   diagnostics of every later item (the recovery strategy Cedar uses per policy).
//! - The depth guard keeps the parser, the tree walk and the tree's destructor
//!   from overflowing the stack on input such as 100 000 open parentheses. Words
//!   that nest without brackets count too: a run of `not` (`not not not x`) and
//!   of offsets (`1 day after 1 day after x`) builds a tree as deep as the run,
//!   and so does each conditional amount (`if … then if … then …`) until the
//!   bracket or list item it is written in ends.
//!
//! [`syntax::parse`](super::parse) runs both; they are public for the phase
//! timer (`examples/parse_time.rs`) and the depth tests, not as an entry point.

use std::ops::Range;

use super::lexicon;
use super::trivia::{self, skip_string, TriviaKind};

/// The deepest nesting of `(`, `{`, `[` and nesting words the parser accepts
/// inside one item.
/// Real contracts nest three or four levels; 64 leaves ample room while keeping
/// every recursive walk far from the stack limit.
pub const MAX_DEPTH: usize = 64;

/// One top-level item's text, and where nesting first went too deep in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice {
    /// The item's byte range in the file.
    pub range: Range<usize>,
    /// Where nesting first went deeper than [`MAX_DEPTH`], if it did.
    pub too_deep_at: Option<usize>,
}

/// Cuts `text` before every line that starts with an item keyword, either at
/// brace depth zero or in the first column (so a missing `}` cannot swallow the
/// rest of the file). Strings and comments are skipped, so a keyword inside
/// them never cuts, and so is the `term` of `end of term`, the one item
/// keyword that also stands inside items.
pub fn split_items(text: &str) -> Vec<Slice> {
    let bytes = text.as_bytes();
    let mut slices = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    // Nesting words (`not`, `after`, `before`) since the last other word.
    let mut run = 0usize;
    // Conditional amounts (`if`) open in the current bracket, and, for
    // each bracket open around it, how many were open where it opened: a
    // conditional ends with its bracket or at a comma of its list, so an
    // `if` after another one in a list does not nest in it.
    let mut ifs = 0usize;
    let mut ifs_outside: Vec<usize> = Vec::new();
    let mut too_deep_at = None;
    let mut at_line_start = true;
    // The last two words were `end of`: a `term` next is a point, not an item.
    let mut after_end_of = false;
    let mut last_was_end = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if at_line_start && b != b' ' && b != b'\t' && b != b'\n' && b != b'\r' {
            at_line_start = false;
            let column_zero = i == 0 || bytes[i - 1] == b'\n';
            if i > start
                && (((depth == 0 || column_zero)
                    && starts_item(bytes, i)
                    && !(after_end_of && &bytes[i..word_end(bytes, i)] == b"term"))
                    || (depth == 0 && starts_soft_item(bytes, i)))
            {
                slices.push(Slice {
                    range: start..i,
                    too_deep_at,
                });
                start = i;
                depth = 0;
                run = 0;
                ifs = 0;
                ifs_outside.clear();
                too_deep_at = None;
            }
        }
        match b {
            b'\n' => at_line_start = true,
            b'"' => {
                (after_end_of, last_was_end) = (false, false);
                i = skip_string(bytes, i);
                continue;
            }
            b'/' => {
                if let Some(t) = trivia::trivia_at(text, i) {
                    if t.kind == TriviaKind::BlockComment {
                        // After a block comment the line counts as starting
                        // afresh only if the comment's last byte before `*/`
                        // is a line break.
                        let end = t.range.end;
                        at_line_start = end >= i + 5 && bytes[end - 3] == b'\n';
                    }
                    i = t.range.end;
                    continue;
                }
            }
            b'(' | b'{' | b'[' => {
                (after_end_of, last_was_end) = (false, false);
                depth += 1;
                ifs_outside.push(ifs);
                if depth + ifs > MAX_DEPTH && too_deep_at.is_none() {
                    too_deep_at = Some(i);
                }
            }
            b')' | b'}' | b']' => {
                (after_end_of, last_was_end) = (false, false);
                depth = depth.saturating_sub(1);
                ifs = ifs_outside.pop().unwrap_or(0);
            }
            b',' => {
                (after_end_of, last_was_end) = (false, false);
                ifs = ifs_outside.last().copied().unwrap_or(0);
            }
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                let end = word_end(bytes, i);
                let word = &bytes[i..end];
                after_end_of = last_was_end && word == b"of";
                last_was_end = word == b"end";
                if word == b"if" {
                    ifs += 1;
                }
                run = match &bytes[i..end] {
                    b"not" | b"after" | b"before" => run + 1,
                    // A run of nesting words is the only thing a count or
                    // unit can continue; outside one, the answer is 0 anyway.
                    w if run > 0 && is_count_or_unit(w) => run,
                    _ => 0,
                };
                if depth + run + ifs > MAX_DEPTH && too_deep_at.is_none() {
                    too_deep_at = Some(i);
                }
                i = end;
                continue;
            }
            // Blanks between words keep what the last words were; any
            // other byte ends the `end of` before a `term`.
            b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c' => {}
            _ => (after_end_of, last_was_end) = (false, false),
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
    lexicon::is_item_keyword(&bytes[i..word_end(bytes, i)])
}

/// A soft item word (`holiday`, `weekend`) starts an item only when
/// something follows it on the same line other than a comma, an `=`, a `)`
/// or a comment: where a name stands at the start of a line outside braces
/// (a continued `party` group, an event's point), one of those or the end
/// of the line follows it. A `holiday "Christmas"` without its date is then
/// an item of its own, whose error says that a date is missing.
fn starts_soft_item(bytes: &[u8], i: usize) -> bool {
    let end = word_end(bytes, i);
    if !lexicon::is_soft_item_keyword(&bytes[i..end]) {
        return false;
    }
    let rest = &bytes[end..];
    let next = rest.iter().position(|&b| b != b' ' && b != b'\t');
    next.is_some_and(|k| k > 0 && !matches!(rest[k], b',' | b'=' | b')' | b'/' | b'\n' | b'\r'))
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
    word[0].is_ascii_digit() || lexicon::is_time_unit(word) || word == b"business"
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
    fn soft_item_words_cut_only_first_on_a_line_outside_braces_before_a_word() {
        let src = "party a\nweekend friday, saturday\nholiday 2026-12-25 \"x\"\n";
        assert_eq!(
            texts(src),
            [
                "party a\n",
                "weekend friday, saturday\n",
                "holiday 2026-12-25 \"x\"\n"
            ]
        );
        // As names: a group continued on the next line, a norm in a block,
        // even in the first column.
        let names = "party g = a,\n  weekend\nclause c {\nholiday may use s\n}\n";
        assert_eq!(
            texts(names),
            [
                "party g = a,\n  weekend\n",
                "clause c {\nholiday may use s\n}\n"
            ]
        );
    }

    #[test]
    fn business_days_continue_a_run_of_offsets() {
        let offsets = format!(
            "clause c {{ a may use s from {}x }}",
            "1 business day after ".repeat(MAX_DEPTH + 1)
        );
        assert!(split_items(&offsets)[0].too_deep_at.is_some());
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
    fn the_term_of_end_of_term_does_not_cut_even_in_the_first_column() {
        let src = "clause c {\n  a may use s\n  until end of\nterm\n}\nterm { through 2030 }\n";
        assert_eq!(
            texts(src),
            [
                "clause c {\n  a may use s\n  until end of\nterm\n}\n",
                "term { through 2030 }\n"
            ]
        );
        // Another word between `of` and `term`, or a bracket, and it cuts again.
        let src = "clause c { until end of x\nterm { }\n";
        assert_eq!(texts(src).len(), 2);
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
