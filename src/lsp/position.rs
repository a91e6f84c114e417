//! Byte offsets ↔ protocol positions. The protocol counts columns in UTF-16
//! code units (an umlaut is one, an emoji is two), the syntax tree in bytes
//! (an umlaut is two, an emoji four); every conversion goes through here.
//!
//! We keep our own small converter rather than `line-index` because the
//! server must clamp whatever a client sends (a column past the line end, a
//! line past the file end, a column inside a surrogate pair) instead of
//! returning `None` or panicking.

use lsp_types::{Position, Range};

/// Where each line starts in one text. Lines end at `\n`, `\r\n` or a lone
/// `\r`, as the protocol defines them.
#[derive(Debug, Clone)]
pub struct LineMap {
    starts: Vec<usize>,
    len: usize,
}

impl LineMap {
    /// The line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let lone_cr = b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
            if b == b'\n' || lone_cr {
                starts.push(i + 1);
            }
        }
        LineMap {
            starts,
            len: text.len(),
        }
    }

    /// The position of a byte offset. Offsets inside a character or past the
    /// end are moved back to the nearest character boundary.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = crate::source::floor_char_boundary(text, offset.min(self.len));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    /// The range of a byte span, as [`LineMap::position`] maps each end.
    pub fn range(&self, text: &str, span: &std::ops::Range<usize>) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end.max(span.start)),
        )
    }

    /// The byte offset of a position, clamped: a line past the end gives the
    /// end of the text, a column past the line's end gives the line's end, and
    /// a column in the middle of a surrogate pair gives the start of its character.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.len;
        };
        let end = self.line_end(text, pos.line as usize);
        let mut units = 0usize;
        for (i, c) in text[start..end].char_indices() {
            units += c.len_utf16();
            if units > pos.character as usize {
                return start + i;
            }
        }
        end
    }

    /// The byte range of a protocol range, with its ends in order.
    pub fn span(&self, text: &str, range: Range) -> std::ops::Range<usize> {
        let a = self.offset(text, range.start);
        let b = self.offset(text, range.end);
        a.min(b)..a.max(b)
    }

    /// The end of the line's content, before its line break.
    fn line_end(&self, text: &str, line: usize) -> usize {
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let content = &text[self.starts[line]..next];
        let trimmed = content
            .strip_suffix("\r\n")
            .or_else(|| content.strip_suffix('\n'))
            .or_else(|| content.strip_suffix('\r'))
            .unwrap_or(content);
        self.starts[line] + trimmed.len()
    }

    /// The position just past the last character, for whole-document edits.
    pub fn end(&self, text: &str) -> Position {
        self.position(text, self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn ascii_columns_are_bytes() {
        let text = "party a\nparty b\n";
        let map = LineMap::new(text);
        assert_eq!(map.position(text, 8), pos(1, 0));
        assert_eq!(map.position(text, 14), pos(1, 6));
        assert_eq!(map.offset(text, pos(1, 6)), 14);
    }

    #[test]
    fn umlauts_accents_and_quotes_are_one_unit_each() {
        // "Ü" and "é" are two bytes, "“" and "”" three, each one UTF-16 unit.
        let text = "contract \"Über “é”\" x";
        let map = LineMap::new(text);
        let x = text.rfind('x').unwrap();
        assert_eq!(map.position(text, x), pos(0, 20));
        assert_eq!(map.offset(text, pos(0, 20)), x);
        let quote = text.find('”').unwrap();
        assert_eq!(map.position(text, quote), pos(0, 17));
        assert_eq!(map.offset(text, pos(0, 17)), quote);
    }

    #[test]
    fn astral_characters_are_two_units() {
        let text = "// 🙂 ok\nparty ä😀b";
        let map = LineMap::new(text);
        let ok = text.find("ok").unwrap();
        assert_eq!(map.position(text, ok), pos(0, 6));
        assert_eq!(map.offset(text, pos(0, 6)), ok);
        let b = text.rfind('b').unwrap();
        assert_eq!(map.position(text, b), pos(1, 9));
        assert_eq!(map.offset(text, pos(1, 9)), b);
        // Column 8 is between the two halves of 😀: snap to its start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(map.offset(text, pos(1, 8)), emoji);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\r\ncd";
        let map = LineMap::new(text);
        assert_eq!(map.offset(text, pos(0, 99)), 2, "before the \\r\\n");
        assert_eq!(map.offset(text, pos(9, 0)), text.len());
        assert_eq!(map.position(text, 999), pos(1, 2));
        // Inside a multi-byte character: the character's start.
        let text = "ä";
        assert_eq!(LineMap::new(text).position(text, 1), pos(0, 0));
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "a\rb\r\nc\nd";
        let map = LineMap::new(text);
        assert_eq!(map.position(text, 2), pos(1, 0));
        assert_eq!(map.position(text, 5), pos(2, 0));
        assert_eq!(map.position(text, 7), pos(3, 0));
        assert_eq!(map.end(text), pos(3, 1));
    }

    #[test]
    fn every_boundary_round_trips() {
        let text = "ÄÖÜ “x” 😀\n\ne\u{301}\r\n🙂🙂 end";
        let map = LineMap::new(text);
        for (i, c) in text.char_indices() {
            if c == '\n' && text[..i].ends_with('\r') {
                continue; // the middle of a `\r\n` is not a position
            }
            let p = map.position(text, i);
            // Offsets on a line break map to the line end and back.
            assert_eq!(map.offset(text, p), i, "offset {i} -> {p:?}");
        }
    }
}
