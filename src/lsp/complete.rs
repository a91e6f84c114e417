//! Completion: the names in scope by kind, subject paths, and the words of
//! the language. After `openai_ip.` only the children of `openai_ip` fit.

use lsp_types::{CompletionItem, CompletionItemKind, Documentation, Position};

use super::analysis::Analysis;
use crate::model::Named;
use crate::syntax::lexicon;

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
        None => everything(a),
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
    for e in &c.events {
        out.push(named_item(&e.named, CompletionItemKind::EVENT, "event"));
    }
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
