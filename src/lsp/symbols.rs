//! The outline of a document and the symbols of the workspace, from syntax
//! trees alone: they must work in a file that does not resolve.

use lsp_types::{DocumentSymbol, Location, SymbolInformation, SymbolKind, Url};

use super::analysis::Analysis;
use super::position::LineMap;
use crate::source::FileId;
use crate::syntax::ast::{self, ByteSpan, Ident, Item, Text};

/// One outline entry before it is placed in a file.
struct Entry {
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    span: ByteSpan,
    name_span: ByteSpan,
    children: Vec<Entry>,
}

fn entry(kind: SymbolKind, name: &Ident, description: &Option<Text>, span: &ByteSpan) -> Entry {
    Entry {
        name: name.name.clone(),
        detail: description.as_ref().map(|t| t.value.clone()),
        kind,
        span: span.clone(),
        name_span: name.span.clone(),
        children: Vec::new(),
    }
}

fn entries(tree: &ast::File) -> Vec<Entry> {
    tree.items.iter().map(item).collect()
}

fn item(item: &Item) -> Entry {
    match item {
        Item::Header(h) => Entry {
            name: h.title.value.clone(),
            detail: Some("contract".to_string()),
            kind: SymbolKind::FILE,
            span: h.span.clone(),
            name_span: h.title.span.clone(),
            children: Vec::new(),
        },
        Item::Party(d) => entry(SymbolKind::OBJECT, &d.name, &d.description, &d.span),
        Item::Action(d) => entry(SymbolKind::FUNCTION, &d.name, &d.description, &d.span),
        Item::Qualifier(d) => entry(SymbolKind::ENUM_MEMBER, &d.name, &d.description, &d.span),
        Item::Event(e) => entry(SymbolKind::EVENT, &e.name, &e.description, &e.span),
        Item::Subject(s) => subject(s),
        Item::Quantity(q) => entry(SymbolKind::VARIABLE, &q.name, &q.description, &q.span),
        Item::Clause(c) => entry(SymbolKind::STRUCT, &c.name, &c.description, &c.span),
        Item::Power(p) => entry(SymbolKind::METHOD, &p.name, &p.description, &p.span),
        Item::Fact(f) => entry(SymbolKind::CONSTANT, &f.name, &f.description, &f.span),
        Item::Amount(a) => entry(SymbolKind::NUMBER, &a.name, &a.description, &a.span),
        Item::Input(i) => entry(SymbolKind::FIELD, &i.name, &i.description, &i.span),
        Item::Period(p) => entry(SymbolKind::ENUM, &p.name, &p.description, &p.span),
        Item::Interest(i) => entry(SymbolKind::FUNCTION, &i.name, &i.description, &i.span),
        Item::Assert(a) => entry(SymbolKind::BOOLEAN, &a.name, &a.description, &a.span),
        Item::Cover(c) => entry(SymbolKind::ARRAY, &c.name, &c.description, &c.span),
        Item::Section(s) => Entry {
            name: format!("section {}", s.id.value),
            detail: s.heading.as_ref().map(|h| h.value.clone()),
            kind: SymbolKind::MODULE,
            span: s.span.clone(),
            name_span: s.id.span.clone(),
            children: Vec::new(),
        },
        Item::Term(t) => Entry {
            name: "term".to_string(),
            detail: t.description.as_ref().map(|d| d.value.clone()),
            kind: SymbolKind::KEY,
            span: t.span.clone(),
            name_span: t.keyword.clone(),
            children: Vec::new(),
        },
        Item::Weekend(w) => Entry {
            name: "weekend".to_string(),
            detail: Some(
                w.days
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            kind: SymbolKind::KEY,
            span: w.span.clone(),
            name_span: w.span.start..w.span.start + "weekend".len(),
            children: Vec::new(),
        },
        Item::Holiday(h) => Entry {
            name: format!("holiday {}", h.date.text),
            detail: h.name.as_ref().map(|n| n.value.clone()),
            kind: SymbolKind::KEY,
            span: h.span.clone(),
            name_span: h.date.span.clone(),
            children: Vec::new(),
        },
    }
}

fn subject(node: &ast::SubjectNode) -> Entry {
    let mut e = entry(
        SymbolKind::NAMESPACE,
        &node.name,
        &node.description,
        &node.span,
    );
    e.children = node.children.iter().map(subject).collect();
    e
}

/// The outline of the checked document, subjects nested.
pub fn document(a: &Analysis) -> Vec<DocumentSymbol> {
    let Some((file, tree)) = a.loaded.trees.iter().find(|(f, _)| *f == a.main) else {
        return Vec::new();
    };
    entries(tree)
        .into_iter()
        .map(|e| nested(a, *file, e))
        .collect()
}

#[allow(deprecated)] // `deprecated` is a required field of the type
fn nested(a: &Analysis, file: FileId, e: Entry) -> DocumentSymbol {
    let range = a.range(file, &e.span);
    let mut selection_range = a.range(file, &e.name_span);
    // Clients reject a selection outside the range.
    if selection_range.start < range.start || selection_range.end > range.end {
        selection_range = range;
    }
    DocumentSymbol {
        name: if e.name.is_empty() {
            "(unnamed)".to_string()
        } else {
            e.name
        },
        detail: e.detail,
        kind: e.kind,
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: (!e.children.is_empty())
            .then(|| e.children.into_iter().map(|c| nested(a, file, c)).collect()),
    }
}

/// Every declared name in `files` whose name matches `query` (its letters in
/// order, ignoring case, as editors filter).
pub fn workspace(files: &[(Url, String)], query: &str) -> Vec<SymbolInformation> {
    let mut out = Vec::new();
    for (url, text) in files {
        let (tree, _) = crate::syntax::parse(FileId(0), text);
        let map = LineMap::new(text);
        let mut stack: Vec<(Entry, Option<String>)> =
            entries(&tree).into_iter().map(|e| (e, None)).collect();
        while let Some((e, container)) = stack.pop() {
            let path = match &container {
                Some(c) if e.kind == SymbolKind::NAMESPACE => format!("{c}.{}", e.name),
                _ => e.name.clone(),
            };
            if e.kind != SymbolKind::FILE && matches(&path, query) {
                #[allow(deprecated)] // `deprecated` is a required field of the type
                out.push(SymbolInformation {
                    name: path.clone(),
                    kind: e.kind,
                    tags: None,
                    deprecated: None,
                    location: Location::new(url.clone(), map.range(text, &e.name_span)),
                    container_name: container.clone(),
                });
            }
            for child in e.children {
                stack.push((child, Some(path.clone())));
            }
        }
    }
    out.sort_by(|a, b| {
        (&a.location.uri, a.location.range.start).cmp(&(&b.location.uri, b.location.range.start))
    });
    out
}

fn matches(name: &str, query: &str) -> bool {
    let mut name = name.chars().flat_map(char::to_lowercase);
    query
        .chars()
        .flat_map(char::to_lowercase)
        .all(|q| name.any(|n| n == q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_matches_letters_in_order() {
        assert!(matches("research_ip", "rip"));
        assert!(matches("Research_IP", "rIp"));
        assert!(!matches("research_ip", "pir"));
        assert!(matches("anything", ""));
    }

    #[test]
    fn workspace_symbols_name_nested_subjects_by_path() {
        let url = Url::parse("file:///w/a.pactum").unwrap();
        let text = "subject ip { models { weights } }\nparty ms\n".to_string();
        let found = workspace(&[(url, text)], "weights");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "ip.models.weights");
        assert_eq!(found[0].container_name.as_deref(), Some("ip.models"));
        assert_eq!(found[0].location.range.start.character, 22);
    }
}
