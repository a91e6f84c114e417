//! Puts every comment back into the laid-out lines and renders the text.
//!
//! The tree holds no comments, so each comment is placed by where it was
//! written relative to the code fragments of the output lines:
//! - after code on the same source line: a trailing comment of that code's line;
//! - inside the code of a line (`a /* x */ b`): above that line;
//! - on its own line: above the line of the code that follows it;
//! - after all code: at the end of the file.
//!
//! Leading comments keep one empty line after them when the author left one,
//! so section headings stay apart from the code below them.

use std::ops::Range;

use super::layout::Line;
use super::scan::{Comment, Scanned};

/// Where one comment goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Above(usize),
    Trailing(usize),
    End,
}

/// One output fragment and the line that prints it.
struct Frag {
    range: Range<usize>,
    line: usize,
}

pub fn render(src: &Scanned<'_>, lines: &[Line]) -> String {
    let frags = fragments(src, lines);
    let places = place_comments(src, &frags);
    let mut above: Vec<Vec<&Comment>> = vec![Vec::new(); lines.len()];
    let mut trailing: Vec<Vec<&Comment>> = vec![Vec::new(); lines.len()];
    let mut end = Vec::new();
    for (c, place) in src.comments.iter().zip(places) {
        match place {
            Place::Above(l) => above[l].push(c),
            Place::Trailing(l) => trailing[l].push(c),
            Place::End => end.push(c),
        }
    }
    for (l, t) in trailing.iter_mut().enumerate() {
        above[l].extend(demote_trailing(t));
        above[l].sort_by_key(|c| c.range.start);
    }

    let mut out = Out::default();
    for (i, line) in lines.iter().enumerate() {
        if line.blank_before {
            out.blank();
        }
        for c in &above[i] {
            out.comment_line(src, c, line.comment_indent);
        }
        let mut text = format!("{}{}", "  ".repeat(line.indent), line.code);
        for c in &trailing[i] {
            text.push(' ');
            text.push_str(&src.comment_text(c));
        }
        out.line(text);
    }
    if let Some(first) = end.first() {
        let last_code = frags.iter().map(|f| f.range.end).max().unwrap_or(0);
        if out.lines.is_empty() || src.has_blank_line(last_code..first.range.start) {
            out.blank();
        }
        for c in &end {
            out.comment_line(src, c, 0);
        }
    }
    out.finish()
}

/// Every line's fragments, trimmed to code and sorted by position.
fn fragments(src: &Scanned<'_>, lines: &[Line]) -> Vec<Frag> {
    let mut frags: Vec<Frag> = lines
        .iter()
        .enumerate()
        .flat_map(|(line, l)| {
            l.frags.iter().map(move |r| Frag {
                range: src.trim_code(r.clone()),
                line,
            })
        })
        .filter(|f| !f.range.is_empty())
        .collect();
    frags.sort_by_key(|f| f.range.start);
    frags
}

fn place_comments(src: &Scanned<'_>, frags: &[Frag]) -> Vec<Place> {
    let mut places = Vec::with_capacity(src.comments.len());
    // The line and the end of the last thing (code or comment) a run of
    // trailing comments hangs from.
    let mut hanging: Option<(usize, usize)> = None;
    for c in &src.comments {
        let start = c.range.start;
        let k = frags.partition_point(|f| f.range.start < start);
        let inside = k
            .checked_sub(1)
            .map(|p| &frags[p])
            .filter(|f| f.range.end > start);
        let place = if let Some(f) = inside {
            Place::Above(f.line)
        } else {
            // Fragments do not overlap, so the one before is the last to end.
            let anchor = k
                .checked_sub(1)
                .map(|p| (frags[p].line, frags[p].range.end));
            let anchor = match (anchor, hanging) {
                (Some((_, end)), Some((line, after))) if after > end => Some((line, after)),
                _ => anchor,
            };
            match anchor {
                Some((line, after)) if !src.text[after..start].contains('\n') => {
                    Place::Trailing(line)
                }
                _ => frags.get(k).map_or(Place::End, |f| Place::Above(f.line)),
            }
        };
        hanging = match place {
            Place::Trailing(line) => Some((line, c.range.end)),
            _ => None,
        };
        places.push(place);
    }
    places
}

/// Only the last trailing comment may be a `//` comment, which runs to the end
/// of the line. When trailing comments from several source lines meet on one
/// output line, the ones that cannot stay move above it.
fn demote_trailing<'c>(trailing: &mut Vec<&'c Comment>) -> Vec<&'c Comment> {
    let keep_from = trailing[..trailing.len().saturating_sub(1)]
        .iter()
        .rposition(|c| c.is_line)
        .map_or(0, |i| i + 1);
    trailing.drain(..keep_from).collect()
}

#[derive(Default)]
struct Out {
    lines: Vec<String>,
}

impl Out {
    fn line(&mut self, text: String) {
        self.lines.push(text);
    }

    /// One empty line, never two, and none at the top of the file.
    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    fn comment_line(&mut self, src: &Scanned<'_>, c: &Comment, indent: usize) {
        self.line(format!("{}{}", "  ".repeat(indent), src.comment_text(c)));
        let next = src.next_code(c.range.end).max(c.range.end);
        let after = src
            .comments
            .partition_point(|o| o.range.start < c.range.end);
        let gap_end = src
            .comments
            .get(after)
            .map_or(next, |o| o.range.start.min(next));
        if src.has_blank_line(c.range.end..gap_end) {
            self.blank();
        }
    }

    fn finish(mut self) -> String {
        while self.lines.last().is_some_and(|l| l.is_empty()) {
            self.lines.pop();
        }
        if self.lines.is_empty() {
            return String::new();
        }
        let mut s = self.lines.join("\n");
        s.push('\n');
        s
    }
}
