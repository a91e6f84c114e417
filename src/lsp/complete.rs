//! Completion: the names in scope by kind, subject paths, and the words of
//! the language. After `openai_ip.` only the children of `openai_ip` fit;
//! where the text before the cursor tells what the grammar expects (the
//! start of a clause's line, a point after `until`, a power's holder), only
//! the phrases the lexicon lists for that place and the names that fit.

use lsp_types::{CompletionItem, CompletionItemKind, Documentation, Position};

use super::analysis::Analysis;
use crate::model::{Contract, Named};
use crate::syntax::lexicon::{self, Place};
use crate::syntax::trivia;

pub fn complete(a: &Analysis, pos: Position) -> Vec<CompletionItem> {
    let offset = a.offset(pos);
    let text = a.text(a.main);
    let before = &text[..crate::source::floor_char_boundary(text, offset)];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = &before[word_start..];
    if in_section_id(before) {
        return sections(a);
    }
    match word.rfind('.') {
        Some(dot) => children(a, &word[..dot]),
        None => match place(&before[..word_start]) {
            Some(place) => in_place(a, place),
            None => everything(a),
        },
    }
}

/// What the grammar expects at the cursor, as far as the text before it
/// (`before`, up to the word being typed) tells: the item it is in, how deep
/// in braces, and the words already written on its line. `None` where the
/// text does not say, and every name and word is offered.
fn place(before: &str) -> Option<Found> {
    // The item the cursor is in starts on the last line that begins, in its
    // first column, with an item keyword.
    let mut start = before.len();
    let item = loop {
        let line_start = before[..start].rfind('\n').map_or(0, |i| i + 1);
        let first = before[line_start..]
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        // `interest` is a soft word: it starts an item only in the first
        // column, which is where this looks.
        if lexicon::is_item_keyword(first.as_bytes()) || first == "interest" {
            break Some((first, line_start));
        }
        if line_start == 0 {
            break None;
        }
        start = line_start - 1;
    };
    let Some((item, item_start)) = item else {
        // Before any item, only an item can start.
        return trivia::is_only_trivia(before).then_some(Found::ItemStart);
    };
    let text = trivia::blank(&before[item_start..]);
    let (depth, line) = depth_and_line(&text);
    let words: Vec<&str> = line.split_whitespace().collect();
    let last = words.last().copied().unwrap_or("");
    if let Some(found) = amount_place(item, depth, &words) {
        return Some(found);
    }
    if is_point_word(&words) || last.ends_with('(') {
        return Some(Found::At(Place::Point));
    }
    match (item, depth, words.as_slice()) {
        // A line that starts in the first column starts an item; an
        // indented one continues the header.
        (_, 0, []) if line.is_empty() => Some(Found::ItemStart),
        ("contract", 0, []) => Some(Found::Header),
        ("event", 0, [_, ..]) if last.ends_with(',') => Some(Found::At(Place::EventConstraint)),
        ("clause", 1, []) => Some(Found::Line(Place::ClauseLine)),
        ("power", 1, []) => Some(Found::Line(Place::PowerLine)),
        // A holder is a name, never a reserved word (`source "§2"`).
        ("power", 1, [holder]) if !lexicon::is_reserved(holder) => Some(Found::At(Place::Grant)),
        ("power", 1, [holder, "may"]) if !lexicon::is_reserved(holder) => {
            Some(Found::At(Place::PowerKind))
        }
        ("term", 1, []) => Some(Found::At(Place::TermLine)),
        ("interest", 1, []) => Some(Found::At(Place::InterestLine)),
        ("assert", 1.., [..]) if after_pattern(&words) => Some(Found::AfterPattern),
        _ => None,
    }
}

/// Where an amount expression is being written (a declaration after its
/// `=`, or a clause's `amount` line): after an operator, `of`, `(` or `,`
/// an amount is expected, after an operand what may end or continue it.
fn amount_place(item: &str, depth: usize, words: &[&str]) -> Option<Found> {
    // A tier table's brackets are inside braces of the declaration; a
    // comparison of amounts (`amount a <= b`) is part of an assertion's line.
    let in_amount = match (item, depth) {
        ("amount", _) => words.contains(&"="),
        ("clause", 1) => words.first() == Some(&"amount"),
        ("interest", 1) => words.first() == Some(&"at") && !words.contains(&"per"),
        ("assert", 1..) => words.contains(&"amount"),
        _ => false,
    };
    if !in_amount {
        return None;
    }
    let last = words.last().copied().unwrap_or("");
    // `sum of CLAUSE for|paid in PERIOD`: its own words, in order.
    let n = words.len();
    let before = |k: usize| n.checked_sub(k).map(|i| words[i]);
    if before(2) == Some("sum") && last == "of" {
        return Some(Found::SumOf);
    }
    if before(3) == Some("sum") && before(2) == Some("of") {
        return Some(Found::SumHow);
    }
    if (last == "for" && before(4) == Some("sum"))
        || (last == "in" && before(2) == Some("paid") && before(5) == Some("sum"))
        || (matches!(last, "the" | "previous" | "next")
            && words[..n - 1]
                .iter()
                .rev()
                .take(3)
                .any(|w| *w == "for" || *w == "in"))
    {
        return Some(Found::SumPeriod);
    }
    let expects_operand = matches!(
        last,
        "=" | "amount"
            | "+"
            | "-"
            | "*"
            | "/"
            | "of"
            | "into"
            | "at"
            | "by"
            | "<"
            | "<="
            | ">"
            | ">="
            | "!="
    ) || last.ends_with('(')
        || last.ends_with(',')
        || last.ends_with(':');
    Some(Found::At(if expects_operand {
        Place::Amount
    } else {
        Place::AfterAmount
    }))
}

/// A kind of place [`place`] tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// The start of a top-level item: its keyword.
    ItemStart,
    /// A line of the header, or the next item.
    Header,
    /// The start of a line in an item's body: the place's phrases, and the
    /// parties that start a norm or a grant.
    Line(Place),
    /// The place's phrases, and the names that fit there.
    At(Place),
    /// After a norm pattern in an assertion: `prevails`, and whatever else
    /// the pattern or the condition may go on with.
    AfterPattern,
    /// After `sum of`: the recurring clauses.
    SumOf,
    /// After `sum of CLAUSE`: how the instalments are grouped.
    SumHow,
    /// After `for` or `paid in` in a sum: the period.
    SumPeriod,
}

/// The brace depth at the end of `text` (blanked of comments) and the text
/// of its last line, with strings left out.
fn depth_and_line(text: &str) -> (usize, String) {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut line: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // A string is one blank: its words are not the language's.
            b'"' => {
                i = trivia::skip_string(bytes, i);
                line.push(b' ');
                continue;
            }
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'\n' => line.clear(),
            b'\r' => {}
            b => line.push(b),
        }
        i += 1;
    }
    // Only whole strings were left out, so the line is still UTF-8.
    (depth, String::from_utf8_lossy(&line).into_owned())
}

/// Whether a point in time follows the words of a line: a window line's
/// keyword, an offset's direction, or the `or` of a list of ends (in a
/// condition, `or` joins conditions instead).
fn is_point_word(words: &[&str]) -> bool {
    match words.last().copied().unwrap_or("") {
        "from" | "until" | "through" | "after" | "before" => true,
        "or" => matches!(words.first(), Some(&("until" | "through"))),
        _ => false,
    }
}

/// Whether the words of an assertion's line end with a norm pattern: a
/// modality, then an action and at least one subject after it.
fn after_pattern(words: &[&str]) -> bool {
    let Some(at) = words.iter().rposition(|w| matches!(*w, "may" | "must")) else {
        return false;
    };
    let rest = &words[at + 1..];
    let rest = rest.strip_prefix(&["not"]).unwrap_or(rest);
    rest.len() >= 2
        && !matches!(
            rest[rest.len() - 1],
            "to" | "on" | "except" | "and" | "or" | "not"
        )
        && !rest[rest.len() - 1].ends_with(',')
}

/// The completions for a place [`place`] found.
fn in_place(a: &Analysis, found: Found) -> Vec<CompletionItem> {
    let c = &a.loaded.contract;
    let mut out = Vec::new();
    match found {
        Found::ItemStart => items(&mut out),
        Found::Header => {
            phrase_items(&mut out, c, Place::Header);
            items(&mut out);
        }
        Found::Line(place) => {
            phrase_items(&mut out, c, place);
            parties(&mut out, c);
        }
        Found::At(place) => {
            phrase_items(&mut out, c, place);
            if matches!(place, Place::Point | Place::EventConstraint) {
                events(&mut out, c);
            }
            if place == Place::Amount {
                amounts(&mut out, c);
            }
        }
        Found::AfterPattern => {
            phrase_items(&mut out, c, Place::AfterPattern);
            out.extend(everything(a).into_iter().filter(|i| i.label != "prevails"));
        }
        Found::SumOf => {
            for clause in c.clauses.iter().filter(|c| c.instance_of.is_none()) {
                if let Some(r) = &clause.recurrence {
                    let what = format!("recurring clause, every {}", r.period.name);
                    out.push(named_item(
                        &clause.named,
                        CompletionItemKind::FUNCTION,
                        &what,
                    ));
                }
            }
        }
        Found::SumHow => {
            let how = [
                ("for", "the instalments whose period starts in a period"),
                ("paid in", "the instalments paid in a period"),
            ];
            for (text, detail) in how {
                out.push(item(text, CompletionItemKind::KEYWORD, Some(detail), None));
            }
        }
        Found::SumPeriod => {
            let relative = [
                ("the", "the period the instalment using the sum starts in"),
                ("the previous", "the period before it"),
                ("the next", "the period after it"),
                (
                    "calendar year",
                    "a calendar year, as in `calendar year 2017`",
                ),
            ];
            for (text, detail) in relative {
                out.push(item(text, CompletionItemKind::KEYWORD, Some(detail), None));
            }
            for (name, _) in crate::model::period::BUILT_IN {
                out.push(item(name, CompletionItemKind::ENUM, Some("period"), None));
            }
            for p in &c.periods {
                out.push(item(
                    &p.name,
                    CompletionItemKind::ENUM,
                    Some("period"),
                    None,
                ));
            }
        }
    }
    out
}

/// The item keywords, from the lexicon.
fn items(out: &mut Vec<CompletionItem>) {
    for word in lexicon::ITEM_KEYWORDS {
        out.push(item(word, CompletionItemKind::KEYWORD, None, None));
    }
}

/// The lexicon's phrases for `place`; `end of term` only in a contract
/// that has a term, since it is an error without one.
fn phrase_items(out: &mut Vec<CompletionItem>, c: &Contract, place: Place) {
    for p in lexicon::phrases(place) {
        if p.text == "end of term" && c.term.is_none() {
            continue;
        }
        out.push(item(
            p.text,
            CompletionItemKind::KEYWORD,
            Some(p.detail),
            None,
        ));
    }
}

fn parties(out: &mut Vec<CompletionItem>, c: &Contract) {
    for n in &c.parties {
        out.push(named_item(n, CompletionItemKind::CLASS, "party"));
    }
}

/// Every event; a power's exercise says it is one.
/// The named amounts, each with its value, and the inputs.
fn amounts(out: &mut Vec<CompletionItem>, c: &Contract) {
    for a in &c.amounts {
        let what = match &a.value {
            Some(v) => format!("amount, {}", crate::print::amount(v)),
            None => "amount".to_string(),
        };
        out.push(named_item(&a.named, CompletionItemKind::CONSTANT, &what));
    }
    // An input stands wherever an amount does; one period's value of an
    // input per period (`net_sales[2017-Q2]`) is written, not declared.
    for i in c.inputs.iter().filter(|i| i.instance_of.is_none()) {
        let what = match &i.per {
            Some(p) => format!("input, {}, one per {}", i.unit.words(), p.name),
            None => format!("input, {}", i.unit.words()),
        };
        out.push(named_item(&i.named, CompletionItemKind::VARIABLE, &what));
    }
}

fn events(out: &mut Vec<CompletionItem>, c: &Contract) {
    for (i, e) in c.events.iter().enumerate() {
        let power = c.powers.iter().any(|p| p.event.index() == i);
        let what = if power {
            "power (its exercise)"
        } else {
            "event"
        };
        out.push(named_item(&e.named, CompletionItemKind::EVENT, what));
    }
}

/// Whether the cursor is inside the quotes of a section id: on a line that
/// starts with `section` or `refers to`, after an opening quote.
fn in_section_id(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or(before);
    let first = line.split_whitespace().next().unwrap_or("");
    // An odd number of quotes before the cursor leaves a string open.
    (first == "section" || first == "refers") && line.matches('"').count() % 2 == 1
}

/// The declared sections, by id, with their headings.
fn sections(a: &Analysis) -> Vec<CompletionItem> {
    (a.loaded.contract.sections.iter())
        .map(|s| {
            let detail = match &s.heading {
                Some(h) => format!("section — {h}"),
                None => "section".to_string(),
            };
            item(&s.id, CompletionItemKind::MODULE, Some(&detail), None)
        })
        .collect()
}

/// The children of the subject at `parent`, named by their last segment:
/// the client replaces only the word after the dot.
fn children(a: &Analysis, parent: &str) -> Vec<CompletionItem> {
    let subjects = &a.loaded.contract.subjects;
    let Some(id) = subjects.get(parent) else {
        return Vec::new();
    };
    subjects
        .node(id)
        .children
        .iter()
        .map(|k| {
            let node = subjects.node(*k);
            item(
                &node.name,
                CompletionItemKind::FIELD,
                Some(&node.path),
                None,
            )
        })
        .collect()
}

fn everything(a: &Analysis) -> Vec<CompletionItem> {
    let c = &a.loaded.contract;
    let mut out = Vec::new();
    let named = |out: &mut Vec<CompletionItem>, list: &[Named], kind, what: &str| {
        for n in list {
            out.push(named_item(n, kind, what));
        }
    };
    named(&mut out, &c.parties, CompletionItemKind::CLASS, "party");
    named(&mut out, &c.actions, CompletionItemKind::FUNCTION, "action");
    named(
        &mut out,
        &c.qualifiers,
        CompletionItemKind::ENUM_MEMBER,
        "qualifier",
    );
    events(&mut out, c);
    amounts(&mut out, c);
    for q in &c.quantities {
        out.push(named_item(
            &q.named,
            CompletionItemKind::VARIABLE,
            "quantity",
        ));
    }
    for path in c.subjects.paths() {
        out.push(item(
            path,
            CompletionItemKind::MODULE,
            Some("subject"),
            None,
        ));
    }
    // Every clause written in the chain, as the resolver bound them: one
    // that does not resolve yet can still be named in `overrides`.
    let mut clauses: Vec<&str> = c.bindings.clause_names(&a.loaded.sources);
    clauses.sort_unstable();
    clauses.dedup();
    for name in clauses {
        out.push(item(
            name,
            CompletionItemKind::REFERENCE,
            Some("clause"),
            None,
        ));
    }
    // Every word of the language: the reserved ones and those that are
    // words only in context (`first`, `stake`, `days`).
    for word in lexicon::WORDS.iter().map(|w| w.text) {
        out.push(item(word, CompletionItemKind::KEYWORD, None, None));
    }
    out
}

fn named_item(n: &Named, kind: CompletionItemKind, what: &str) -> CompletionItem {
    let detail = match &n.description {
        Some(d) => format!("{what} — {d}"),
        None => what.to_string(),
    };
    item(&n.name, kind, Some(&detail), n.doc.as_deref())
}

fn item(
    label: &str,
    kind: CompletionItemKind,
    detail: Option<&str>,
    doc: Option<&str>,
) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: detail.map(str::to_string),
        documentation: doc.map(|d| Documentation::String(d.to_string())),
        ..Default::default()
    }
}
