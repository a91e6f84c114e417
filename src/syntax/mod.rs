//! Text to syntax tree: the pest binding, error recovery at top-level items,
//! the depth guard, and plain-word syntax errors.

pub mod ast;
mod errors;
pub mod lexicon;
pub(crate) mod lower;
pub mod split;
pub(crate) mod trivia;

pub use lexicon::{is_reserved, KEYWORDS};

use pest::Parser as _;

use crate::diagnostics::Diagnostic;
use crate::source::FileId;
use errors::Finding;

/// The pest parser and its `Rule` enum, in a module of their own so that the
/// generated `pub enum Rule` stays inside the crate.
mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/pactum.pest"]
    pub(crate) struct PactumParser;
}
pub(crate) use grammar::{PactumParser, Rule};

/// Files at least this large are parsed on several threads. Items parse
/// independently, so a large contract splits into contiguous runs of items,
/// one per core; below this size the threads would cost more than they save.
const PARALLEL_BYTES: usize = 256 * 1024;

/// Parses one file. Always returns a tree of the items that parsed, with a
/// diagnostic for every item that did not.
pub fn parse(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    let slices = split::split_items(text);
    let blanked = trivia::blank(text);
    let texts = Texts {
        original: text,
        blanked: &blanked,
    };
    if text.len() >= PARALLEL_BYTES {
        parse_in_parallel(file, texts, &slices)
    } else {
        let mut out = Output::default();
        parse_runs(file, texts, &slices, &mut out);
        (out.tree, out.diagnostics)
    }
}

/// The items and diagnostics of a run of slices. Items are moved into the
/// tree once: an item is a few hundred bytes, and a contract of 100 000 of
/// them copied through intermediate lists spent its time in `memmove`.
#[derive(Default)]
struct Output {
    tree: ast::File,
    diagnostics: Vec<Diagnostic>,
}

impl Output {
    fn push(&mut self, parsed: Parsed) {
        self.tree.items.extend(parsed.item);
        self.diagnostics.extend(parsed.diagnostics);
    }
}

/// The file as written (for messages) and with its comments blanked (for pest).
#[derive(Clone, Copy)]
struct Texts<'a> {
    original: &'a str,
    blanked: &'a str,
}

/// What one item slice gave: its item, or the diagnostics saying why not.
#[derive(Default)]
struct Parsed {
    item: Option<ast::Item>,
    diagnostics: Vec<Diagnostic>,
}

fn parse_in_parallel(
    file: FileId,
    texts: Texts<'_>,
    slices: &[split::Slice],
) -> (ast::File, Vec<Diagnostic>) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = slices.len().div_ceil(threads).max(1);
    let parts: Vec<Output> = std::thread::scope(|scope| {
        let handles: Vec<_> = slices
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut out = Output::default();
                    parse_runs(file, texts, part, &mut out);
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(out) => out,
                // A panic in a worker is a bug; re-raise it on this thread so
                // that it is reported like any other, not lost.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    let mut parts = parts.into_iter();
    let mut all = parts.next().unwrap_or_default();
    let rest: Vec<Output> = parts.collect();
    all.tree
        .items
        .reserve(rest.iter().map(|p| p.tree.items.len()).sum());
    for mut part in rest {
        all.tree.items.append(&mut part.tree.items);
        all.diagnostics.append(&mut part.diagnostics);
    }
    (all.tree, all.diagnostics)
}

/// Items parse in runs of up to this many per pest call. Each call sets up
/// pest's state and grows its token queue afresh, which cost about as much as
/// parsing a short item.
const RUN_ITEMS: usize = 64;

/// Parses the slices in runs, each slice on its own where its run fails.
fn parse_runs(file: FileId, texts: Texts<'_>, slices: &[split::Slice], out: &mut Output) {
    out.tree.items.reserve(slices.len());
    for run in slices.chunks(RUN_ITEMS) {
        match parse_together(texts, run) {
            Some(parsed) => parsed.into_iter().for_each(|p| out.push(p)),
            None => run
                .iter()
                .for_each(|s| out.push(parse_slice(file, texts, s))),
        }
    }
}

/// The run's items from one pest call, one `Parsed` per slice; `None` when
/// any item fails (a syntax error, a reserved word, nesting too deep) or the
/// items do not line up one to a slice, so that each slice is parsed on its
/// own and reports exactly what it would alone.
fn parse_together(texts: Texts<'_>, run: &[split::Slice]) -> Option<Vec<Parsed>> {
    if run.len() < 2 || run.iter().any(|s| s.too_deep_at.is_some()) {
        return None;
    }
    let base = run[0].range.start;
    let end = run[run.len() - 1].range.end;
    let mut pairs = PactumParser::parse(Rule::items_file, &texts.blanked[base..end]).ok()?;
    let mut items = pairs
        .next()?
        .into_inner()
        .filter(|p| p.as_rule() != Rule::EOI)
        .peekable();
    let mut out = Vec::with_capacity(run.len());
    for slice in run {
        let inside = |p: &pest::iterators::Pair<'_, Rule>| {
            let span = p.as_span();
            slice.range.start <= base + span.start() && base + span.end() <= slice.range.end
        };
        let item = match items.next_if(inside) {
            Some(pair) => Some(lower::item(pair, base).ok()?),
            None if trivia::is_only_trivia(&texts.blanked[slice.range.clone()]) => None,
            None => return None,
        };
        out.push(Parsed {
            item,
            diagnostics: Vec::new(),
        });
    }
    items.next().is_none().then_some(out)
}

fn parse_slice(file: FileId, texts: Texts<'_>, slice: &split::Slice) -> Parsed {
    let text = texts.original;
    let piece = &texts.blanked[slice.range.clone()];
    let mut out = Parsed::default();
    if trivia::is_only_trivia(piece) {
        return out;
    }
    if let Some(at) = slice.too_deep_at {
        out.diagnostics
            .push(Finding::TooDeep { at }.diagnostic(file));
        return out;
    }
    match PactumParser::parse(Rule::item_file, piece) {
        Ok(mut pairs) => {
            let item = pairs
                .next()
                .and_then(|file_pair| file_pair.into_inner().next())
                .filter(|p| p.as_rule() != Rule::EOI);
            if let Some(item) = item {
                match lower::item(item, slice.range.start) {
                    Ok(item) => out.item = Some(item),
                    Err(names) => out.diagnostics.extend(names.iter().map(|n| {
                        Finding::ReservedName {
                            span: n.span.clone(),
                            word: &n.name,
                        }
                        .diagnostic(file)
                    })),
                }
            }
        }
        Err(e) => out
            .diagnostics
            .push(syntax_error(file, text, slice.range.clone(), &e)),
    }
    out
}

fn syntax_error(
    file: FileId,
    text: &str,
    slice: std::ops::Range<usize>,
    e: &pest::error::Error<Rule>,
) -> Diagnostic {
    let piece = &text[slice.clone()];
    let at = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    // pest reports a missing end after the trailing blank lines, that is on the
    // next item's first word; point just after the item's last word instead.
    // pest parsed the comment-blanked text, where a blanked multi-byte
    // character is several spaces: keep the offset on a boundary of the text
    // as written, which every span and slice below uses.
    let start = crate::source::floor_char_boundary(
        text,
        slice.start
            + if at >= piece.trim_end().len() {
                piece.trim_end().len()
            } else {
                at
            },
    );
    // The found word is taken from this item only, never from the next one.
    let found = token_at(&text[..slice.end], start);
    // Nothing found: underline the one character there (a blank), and a `\r\n` line
    // break whole, so that an error at a line end ends on the next line, as
    // with `\n`, rather than past the end of the line on the `\r`.
    let width = if !found.is_empty() {
        found.len()
    } else if text[start..slice.end].starts_with("\r\n") {
        2
    } else {
        text[start..slice.end]
            .chars()
            .next()
            .map_or(0, char::len_utf8)
    };
    let end = start + width;
    let expected = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        // pest's own stack or call limit: nesting the depth guard did not see.
        pest::error::ErrorVariant::CustomError { .. } => {
            return Finding::ParserLimit { span: start..end }.diagnostic(file);
        }
    };
    if let Some(finding) = unclosed(text, start, slice.end) {
        return finding.diagnostic(file);
    }
    Finding::Expected {
        span: start..end,
        expected,
        found,
        unclosed_brace: piece.matches('{').count() > piece.matches('}').count(),
    }
    .diagnostic(file)
}

/// A string or block comment that opens at `at` and is never closed: pest
/// only sees an unexpected `"` or `/`, so say what is really wrong.
fn unclosed(text: &str, at: usize, end: usize) -> Option<Finding<'static>> {
    let rest = &text[at..end];
    // The string runs to the end of its line; a `\r` before the `\n` ends the
    // line and is not part of the string.
    let line = rest.split('\n').next().unwrap_or("");
    let line = line.strip_suffix('\r').unwrap_or(line);
    if rest.starts_with('"') && !closes_string(&line[1..]) {
        Some(Finding::UnclosedString {
            span: at..at + line.len().max(1),
        })
    } else if rest.starts_with("/*") && !rest.contains("*/") {
        Some(Finding::UnclosedComment { at })
    } else {
        None
    }
}

/// Whether the text after an opening quote holds its closing quote.
fn closes_string(after_quote: &str) -> bool {
    let mut chars = after_quote.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return true,
            _ => {}
        }
    }
    false
}

/// The word or symbol that starts at `at`, for "found `…`" in messages.
fn token_at(text: &str, at: usize) -> &str {
    let rest = &text[crate::source::floor_char_boundary(text, at)..];
    let rest = rest.trim_end_matches(['\n']);
    let word_len = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '.'))
        .map_or(rest.len(), |(i, _)| i);
    if word_len > 0 {
        // At most 40 bytes are quoted, cut at a character boundary: the word
        // may be made of multi-byte letters.
        return &rest[..crate::source::floor_char_boundary(rest, word_len.min(40))];
    }
    rest.chars().next().map_or("", |c| {
        if c.is_whitespace() {
            ""
        } else {
            &rest[..c.len_utf8()]
        }
    })
}

fn describe_expected(rules: &[Rule]) -> String {
    let mut words: Vec<&str> = rules.iter().map(|r| lexicon::rule_name(*r)).collect();
    words.sort_unstable();
    words.dedup();
    match words.len() {
        0 => "something else".to_string(),
        1 => words[0].to_string(),
        n => format!("{} or {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

#[cfg(test)]
mod tests;
