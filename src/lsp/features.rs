//! Hover, go to definition and find references: the index says which name is
//! under the cursor, the model says what it means.

use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, Location, MarkupContent, MarkupKind, Position};

use super::analysis::Analysis;
use super::index::{Occurrence, Target};
use crate::model::{self, Contract, Interval, Named, Window};
use crate::print;
use crate::source::FileId;

pub fn hover(a: &Analysis, pos: Position) -> Option<Hover> {
    let offset = a.offset(pos);
    let (text, span) = if let Some(o) = a.index.at(a.main, offset) {
        (describe(a, o)?, o.span.clone())
    } else if let Some(d) = a.index.date_at(a.main, offset) {
        (describe_date(&a.loaded.contract, d), d.span.clone())
    } else {
        let am = a.index.amends_at(a.main, offset)?;
        (
            describe_amended(a, amended_file(a, am.file)?),
            am.span.clone(),
        )
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(a.range(a.main, &span)),
    })
}

pub fn definition(a: &Analysis, pos: Position) -> Vec<Location> {
    let offset = a.offset(pos);
    if let Some(o) = a.index.at(a.main, offset) {
        return a
            .index
            .definitions(&o.target)
            .into_iter()
            .map(|d| a.location_in(d.file, &d.span))
            .collect();
    }
    let amended = a
        .index
        .amends_at(a.main, offset)
        .and_then(|am| amended_file(a, am.file));
    amended
        .map(|f| vec![a.location_in(f, &(0..0))])
        .unwrap_or_default()
}

pub fn references(a: &Analysis, pos: Position, include_declaration: bool) -> Vec<Location> {
    let Some(o) = a.index.at(a.main, a.offset(pos)) else {
        return Vec::new();
    };
    a.index
        .occurrences_of(&o.target)
        .filter(|r| include_declaration || !r.is_def)
        .map(|r| a.location_in(r.file, &r.span))
        .collect()
}

/// The file that `file` amends: the one before it in the chain.
fn amended_file(a: &Analysis, file: FileId) -> Option<FileId> {
    let at = a.loaded.trees.iter().position(|(f, _)| *f == file)?;
    at.checked_sub(1).map(|i| a.loaded.trees[i].0)
}

fn describe(a: &Analysis, o: &Occurrence) -> Option<String> {
    let c = &a.loaded.contract;
    match &o.target {
        Target::Name(name) => describe_name(c, name),
        Target::Subject(path) => describe_subject(a, path),
        Target::Clause(name) => {
            // On a declaration, that version; on a use, the newest.
            let clause = c
                .clauses
                .iter()
                .find(|k| k.named.name_span.file == o.file && k.named.name_span.range == o.span)
                .or_else(|| c.find_clause(name).map(|id| c.clause(id)))?;
            Some(describe_clause(a, clause))
        }
        Target::Fact(name) => {
            let f = c.facts.iter().rev().find(|f| &f.named.name == name)?;
            let q = &c.quantity(f.quantity).named.name;
            let mut s = heading("fact", &f.named);
            let _ = write!(s, "\n\n`{q}` = {}", f.value);
            window_lines(&mut s, c, &f.window);
            Some(with_doc(s, &f.named))
        }
        Target::Assert(name) => {
            let x = c.assertions.iter().find(|x| &x.named.name == name)?;
            let kind = match x.kind {
                model::AssertKind::Always => "always",
                model::AssertKind::Never => "never",
                model::AssertKind::Exactly => "exactly",
                model::AssertKind::NoConflicts => "no conflicts",
            };
            let mut s = heading("assertion", &x.named);
            let _ = write!(s, "\n\nchecks: {kind}");
            window_lines(&mut s, c, &x.window);
            Some(with_doc(s, &x.named))
        }
        Target::Cover(name) => {
            let x = c.coverages.iter().find(|x| &x.named.name == name)?;
            let mut s = heading("cover", &x.named);
            let _ = write!(
                s,
                "\n\nkeeps {} governed for `{}` `{}`",
                print::subjects(c, &x.subjects),
                c.party(x.party).name,
                c.action(x.action).name
            );
            window_lines(&mut s, c, &x.window);
            Some(with_doc(s, &x.named))
        }
    }
}

fn heading(kind: &str, named: &Named) -> String {
    let mut s = format!("**{kind}** `{}`", named.name);
    if let Some(d) = &named.description {
        let _ = write!(s, " — {d}");
    }
    s
}

fn with_doc(mut s: String, named: &Named) -> String {
    if let Some(doc) = &named.doc {
        let _ = write!(s, "\n\n---\n\n{doc}");
    }
    s
}

fn describe_name(c: &Contract, name: &str) -> Option<String> {
    if let Some(id) = c.find_party(name) {
        return Some(with_doc(heading("party", c.party(id)), c.party(id)));
    }
    if let Some(id) = c.find_action(name) {
        return Some(with_doc(heading("action", c.action(id)), c.action(id)));
    }
    if let Some(q) = c.qualifiers.iter().find(|q| q.name == name) {
        return Some(with_doc(heading("qualifier", q), q));
    }
    if let Some(id) = c.find_event(name) {
        let e = c.event(id);
        let mut s = heading("event", &e.named);
        if let Some(by) = e.by {
            let _ = write!(s, "\n\ndeclared by `{}`", c.party(by).name);
        }
        for (other, strict) in &e.after {
            let word = if *strict { "after" } else { "not before" };
            let _ = write!(s, "\n\nhappens {word} `{}`", c.event(*other).named.name);
        }
        return Some(with_doc(s, &e.named));
    }
    if let Some(q) = c.quantities.iter().find(|q| q.named.name == name) {
        let mut s = heading("quantity", &q.named);
        let ty = match &q.ty {
            model::QuantityType::Percent => "percent".to_string(),
            model::QuantityType::Money(Some(cur)) => format!("money ({cur})"),
            model::QuantityType::Money(None) => "money".to_string(),
            model::QuantityType::Number => "number".to_string(),
        };
        let _ = write!(s, "\n\ntype: {ty}");
        if let Some((holder, target)) = q.stake {
            let _ = write!(
                s,
                ", the stake of `{}` in `{}`",
                c.party(holder).name,
                c.party(target).name
            );
        }
        return Some(with_doc(s, &q.named));
    }
    None
}

fn describe_subject(a: &Analysis, path: &str) -> Option<String> {
    let c = &a.loaded.contract;
    let node = c.subjects.node(c.subjects.get(path)?);
    let mut s = format!("**subject** `{}`", node.path);
    if let Some(d) = &node.description {
        let _ = write!(s, " — {d}");
    }
    if !node.children.is_empty() {
        let kids: Vec<String> = node
            .children
            .iter()
            .map(|k| format!("`{}`", c.subjects.node(*k).name))
            .collect();
        let _ = write!(s, "\n\ncontains {}", kids.join(", "));
    }
    if let Some(doc) = model::doc_comment(a.text(node.file), node.span.start) {
        let _ = write!(s, "\n\n---\n\n{doc}");
    }
    Some(s)
}

fn describe_clause(a: &Analysis, k: &model::Clause) -> String {
    let c = &a.loaded.contract;
    let mut s = heading("clause", &k.named);
    if !k.sources.is_empty() {
        let _ = write!(s, " (source {})", k.sources.join(", "));
    }
    let _ = write!(s, "\n\n`{}`", print::norm(c, &k.norm));
    window_lines(&mut s, c, &k.window);
    for other in &k.overrides {
        let word = if k.exception_to.contains(other) {
            "exception to"
        } else {
            "overrides"
        };
        let _ = write!(s, "\n\n{word} `{}`", c.clause(*other).named.name);
    }
    if let Some(next) = k.superseded_by {
        let newer = c.clause(next);
        let file = a.loaded.sources.path(newer.named.span.file);
        let from = c
            .versions
            .get(newer.version)
            .and_then(|v| v.effective)
            .map_or(String::new(), |d| format!(" from {d}"));
        let _ = write!(s, "\n\nsuperseded by the version in `{file}`{from}");
    }
    with_doc(s, &k.named)
}

/// The window as written, in words, and, when it depends on events, the
/// days it gives when no event ever happens (the default scenario).
fn window_lines(s: &mut String, c: &Contract, w: &Window) {
    let _ = write!(s, "\n\n**window:** {}", print::window(c, w));
    let mut events = Vec::new();
    for p in w.from.iter().chain(w.until.iter()) {
        p.events(&mut events);
    }
    if !events.is_empty() {
        let _ = write!(
            s,
            "\n\n**if no event happens:** {}",
            print::in_force(w.resolve(&|_| None).as_ref())
        );
    }
}

fn describe_date(c: &Contract, d: &super::index::DateUse) -> String {
    let Some(day) = d.day else {
        return format!("`{}` is not a date in the calendar", d.text);
    };
    let mut s = if d.end_of {
        format!(
            "**{day}**: the end of `{}` (its last day is {})",
            d.text,
            day.pred()
        )
    } else {
        format!("**{day}**")
    };
    let starting = clauses_where(c, |i| i.from == Some(day));
    let ending = clauses_where(c, |i| i.until == Some(day));
    if starting.is_empty() && ending.is_empty() {
        let _ = write!(
            s,
            "\n\nno clause starts or ends on this day (if no event happens)"
        );
    }
    if !starting.is_empty() {
        let _ = write!(
            s,
            "\n\nclauses starting this day: {}",
            print::join_and(&starting)
        );
    }
    if !ending.is_empty() {
        let _ = write!(
            s,
            "\n\nclauses ending this day (last in force {}): {}",
            day.pred(),
            print::join_and(&ending)
        );
    }
    s
}

/// Clause names whose window, when no event happens, matches `pick`.
fn clauses_where(c: &Contract, pick: impl Fn(&Interval) -> bool) -> Vec<String> {
    let mut names: Vec<String> = c
        .clauses
        .iter()
        .filter(|k| k.window.resolve(&|_| None).is_some_and(|i| pick(&i)))
        .map(|k| format!("`{}`", k.named.name))
        .collect();
    names.dedup();
    names
}

fn describe_amended(a: &Analysis, file: FileId) -> String {
    let c = &a.loaded.contract;
    let version = c.versions.iter().find(|v| v.file == file);
    let mut s = format!("amends `{}`", a.loaded.sources.path(file));
    if let Some(title) = version.and_then(|v| v.title.as_ref()) {
        let _ = write!(s, "\n\n**contract** {title}");
    }
    if let Some(day) = version.and_then(|v| v.effective) {
        let _ = write!(s, ", effective {day}");
    }
    s
}
