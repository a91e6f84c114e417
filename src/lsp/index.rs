//! Where every name is written: declarations and uses, in every file of an
//! amendment chain. The model keeps only resolved ids, so go to definition,
//! find references and hover start here, from the syntax trees.

use crate::model::Day;
use crate::source::FileId;
use crate::syntax::ast::{self, ByteSpan, PointKind};

/// What a written name stands for. Names are compared as written, which is
/// how the model resolves them too: one shared namespace for declarations,
/// one namespace per kind of item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A party, action, qualifier, event, quantity or subject root.
    Name(String),
    /// A subject below a root, by its whole dotted path (`openai_ip.models`).
    Subject(String),
    Clause(String),
    Fact(String),
    Assert(String),
    Cover(String),
}

impl Target {
    pub fn name(&self) -> &str {
        match self {
            Target::Name(n)
            | Target::Subject(n)
            | Target::Clause(n)
            | Target::Fact(n)
            | Target::Assert(n)
            | Target::Cover(n) => n,
        }
    }
}

/// One place a name is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub file: FileId,
    pub span: ByteSpan,
    pub target: Target,
    /// This is where the name is declared (or, for clauses, one version of it).
    pub is_def: bool,
}

/// A date written in the text, with the day it stands for where it is
/// written: `2030` in `from 2030` is 2030-01-01, in `through 2030` it is
/// 2031-01-01 (the first day no longer included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateUse {
    pub file: FileId,
    pub span: ByteSpan,
    pub text: String,
    pub day: Option<Day>,
    /// Written as `end of …` or `through …`.
    pub end_of: bool,
}

/// The `amends "…"` string of a file: it points at the file before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmendsUse {
    pub file: FileId,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, Default)]
pub struct Index {
    pub occurrences: Vec<Occurrence>,
    pub dates: Vec<DateUse>,
    pub amends: Vec<AmendsUse>,
}

impl Index {
    pub fn build(trees: &[(FileId, ast::File)]) -> Index {
        let mut index = Index::default();
        for (file, tree) in trees {
            let mut w = Walker {
                index: &mut index,
                file: *file,
            };
            for item in &tree.items {
                w.item(item);
            }
        }
        index
    }

    /// The innermost name written at `offset` (the cursor may be just after it).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .filter(|o| o.file == file && o.span.start <= offset && offset <= o.span.end)
            .min_by_key(|o| o.span.len())
    }

    pub fn date_at(&self, file: FileId, offset: usize) -> Option<&DateUse> {
        self.dates
            .iter()
            .find(|d| d.file == file && d.span.start <= offset && offset <= d.span.end)
    }

    pub fn amends_at(&self, file: FileId, offset: usize) -> Option<&AmendsUse> {
        self.amends
            .iter()
            .find(|a| a.file == file && a.span.start <= offset && offset < a.span.end)
    }

    /// Every place `target` is written, declarations first.
    pub fn occurrences_of<'a>(
        &'a self,
        target: &'a Target,
    ) -> impl Iterator<Item = &'a Occurrence> {
        let defs = self
            .occurrences
            .iter()
            .filter(move |o| o.is_def && &o.target == target);
        let uses = self
            .occurrences
            .iter()
            .filter(move |o| !o.is_def && &o.target == target);
        defs.chain(uses)
    }

    /// Where `target` is declared; for a clause, every version, newest first.
    pub fn definitions<'a>(&'a self, target: &'a Target) -> Vec<&'a Occurrence> {
        let mut defs: Vec<&Occurrence> = self
            .occurrences
            .iter()
            .filter(|o| o.is_def && &o.target == target)
            .collect();
        defs.reverse();
        defs
    }
}

struct Walker<'a> {
    index: &'a mut Index,
    file: FileId,
}

impl Walker<'_> {
    fn push(&mut self, span: ByteSpan, target: Target, is_def: bool) {
        self.index.occurrences.push(Occurrence {
            file: self.file,
            span,
            target,
            is_def,
        });
    }

    fn name(&mut self, ident: &ast::Ident, is_def: bool) {
        self.push(ident.span.clone(), Target::Name(ident.name.clone()), is_def);
    }

    fn item(&mut self, item: &ast::Item) {
        match item {
            ast::Item::Header(h) => {
                for date in &h.effective {
                    self.date(date, false);
                }
                for a in &h.amends {
                    self.index.amends.push(AmendsUse {
                        file: self.file,
                        span: a.span.clone(),
                    });
                }
            }
            ast::Item::Party(d) | ast::Item::Action(d) | ast::Item::Qualifier(d) => {
                self.name(&d.name, true)
            }
            ast::Item::Event(e) => {
                self.name(&e.name, true);
                if let Some(by) = &e.by {
                    self.name(by, false);
                }
                for c in &e.constraints {
                    self.name(c.other(), false);
                }
            }
            ast::Item::Subject(root) => self.subject_node(root, None),
            ast::Item::Quantity(q) => {
                self.name(&q.name, true);
                if let Some((holder, target)) = &q.stake {
                    self.name(holder, false);
                    self.name(target, false);
                }
            }
            ast::Item::Clause(c) => self.clause(c),
            ast::Item::Fact(f) => {
                self.push(f.name.span.clone(), Target::Fact(f.name.name.clone()), true);
                for v in &f.values {
                    self.name(&v.quantity, false);
                }
                self.window(&f.window);
            }
            ast::Item::Assert(a) => {
                self.push(
                    a.name.span.clone(),
                    Target::Assert(a.name.name.clone()),
                    true,
                );
                if let Some(cond) = &a.cond {
                    self.cond(cond);
                }
                self.window(&a.window);
            }
            ast::Item::Cover(c) => {
                self.push(
                    c.name.span.clone(),
                    Target::Cover(c.name.name.clone()),
                    true,
                );
                for t in &c.targets {
                    self.name(&t.party, false);
                    self.name(&t.action, false);
                    self.subject_set(&t.subjects);
                }
                self.window(&c.window);
            }
        }
    }

    fn clause(&mut self, c: &ast::Clause) {
        self.push(
            c.name.span.clone(),
            Target::Clause(c.name.name.clone()),
            true,
        );
        for n in &c.norms {
            self.norm(n);
        }
        self.window(&c.window);
        for other in c.overrides.iter().chain(&c.exception_to).chain(&c.replaces) {
            self.push(
                other.span.clone(),
                Target::Clause(other.name.clone()),
                false,
            );
        }
    }

    fn subject_node(&mut self, node: &ast::SubjectNode, parent: Option<&str>) {
        let path = match parent {
            Some(p) => format!("{p}.{}", node.name.name),
            None => node.name.name.clone(),
        };
        self.push(node.name.span.clone(), subject_target(&path), true);
        for child in &node.children {
            self.subject_node(child, Some(&path));
        }
    }

    /// A dotted path is a use of each of its prefixes: in
    /// `openai_ip.models.weights`, the segment `models` stands for
    /// `openai_ip.models`.
    fn subject_path(&mut self, ident: &ast::Ident) {
        let mut end = 0;
        for segment in ident.name.split('.') {
            let start = end;
            end = start + segment.len();
            let span = ident.span.start + start..ident.span.start + end;
            self.push(span, subject_target(&ident.name[..end]), false);
            end += 1; // the dot
        }
    }

    fn norm(&mut self, n: &ast::Norm) {
        self.name(&n.party, false);
        self.name(&n.action, false);
        self.subject_set(&n.subjects);
        for p in n.to.iter().chain(&n.on) {
            self.name(p, false);
        }
    }

    fn subject_set(&mut self, s: &ast::SubjectSet) {
        for atom in s.include.iter().chain(&s.except) {
            match atom {
                ast::SubjectAtom::Path(p) => self.subject_path(p),
                ast::SubjectAtom::Nested(inner) => self.subject_set(inner),
            }
        }
    }

    fn window(&mut self, w: &ast::Window) {
        for p in &w.from {
            self.point(p);
        }
        for u in &w.until {
            for p in &u.points {
                self.point(p);
            }
        }
    }

    fn point(&mut self, p: &ast::Point) {
        match &p.kind {
            PointKind::Date(d) => self.date(d, false),
            PointKind::EndOf(d) => self.date(d, true),
            PointKind::Event(e) => self.name(e, false),
            PointKind::Offset { base, .. } => self.point(base),
            PointKind::First(items) | PointKind::Last(items) => {
                items.iter().for_each(|i| self.point(i))
            }
        }
    }

    fn date(&mut self, lit: &ast::DateLit, end_of: bool) {
        self.index.dates.push(DateUse {
            file: self.file,
            span: lit.span.clone(),
            text: lit.text.clone(),
            day: date_day(lit, end_of),
            end_of,
        });
    }

    fn cond(&mut self, c: &ast::Cond) {
        match &c.kind {
            ast::CondKind::Or(items) | ast::CondKind::And(items) => {
                items.iter().for_each(|i| self.cond(i))
            }
            ast::CondKind::Not(inner) => self.cond(inner),
            ast::CondKind::Norm(n) => self.norm(n),
            ast::CondKind::IsActive(clause) => self.push(
                clause.span.clone(),
                Target::Clause(clause.name.clone()),
                false,
            ),
            ast::CondKind::Happened(e) => self.name(e, false),
            ast::CondKind::Compare { quantity, .. } => self.name(quantity, false),
            ast::CondKind::Stakes { target, .. } => self.name(target, false),
        }
    }
}

/// A root is a declared name like any other; deeper nodes are paths.
fn subject_target(path: &str) -> Target {
    if path.contains('.') {
        Target::Subject(path.to_string())
    } else {
        Target::Name(path.to_string())
    }
}

/// The day a date literal stands for, as the model reads it: a year is its
/// first day, and `end of` moves to the day after.
fn date_day(lit: &ast::DateLit, end_of: bool) -> Option<Day> {
    if lit.is_year() {
        let year: i32 = lit.text.parse().ok()?;
        Day::from_ymd(if end_of { year + 1 } else { year }, 1, 1)
    } else {
        let day = Day::parse(&lit.text)?;
        Some(if end_of { day.succ() } else { day })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> Index {
        let (tree, diagnostics) = crate::syntax::parse(FileId(0), text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        Index::build(&[(FileId(0), tree)])
    }

    fn at<'a>(idx: &'a Index, text: &str, needle: &str) -> &'a Target {
        let offset = text.find(needle).expect("needle in text");
        &idx.at(FileId(0), offset).expect("a name there").target
    }

    const TEXT: &str = "party ms\naction use\nsubject ip { models { weights } research }\n\
        clause c { ms may use ip.models.weights, ip.research until 2030-06-01 }\n\
        clause d { ms must not use ip through 2031 overrides c }\n";

    #[test]
    fn each_segment_of_a_path_is_its_prefix() {
        let idx = index(TEXT);
        assert_eq!(at(&idx, TEXT, "ip.models.w"), &Target::Name("ip".into()));
        assert_eq!(
            at(&idx, TEXT, "models.weights"),
            &Target::Subject("ip.models".into())
        );
        assert_eq!(
            at(&idx, TEXT, "weights,"),
            &Target::Subject("ip.models.weights".into())
        );
    }

    #[test]
    fn references_include_the_declaration_and_every_use() {
        let idx = index(TEXT);
        let uses: Vec<_> = idx
            .occurrences_of(&Target::Name("ip".into()))
            .map(|o| (o.is_def, &TEXT[o.span.clone()]))
            .collect();
        assert_eq!(uses.len(), 4, "{uses:?}");
        assert_eq!(uses[0], (true, "ip"));
        let c = Target::Clause("c".into());
        assert_eq!(idx.occurrences_of(&c).count(), 2);
        assert_eq!(idx.definitions(&c).len(), 1);
    }

    #[test]
    fn dates_know_the_day_they_stand_for() {
        let idx = index(TEXT);
        let until = idx.date_at(FileId(0), TEXT.find("2030").unwrap()).unwrap();
        assert_eq!(until.day, Day::parse("2030-06-01"));
        assert!(!until.end_of);
        let through = idx.date_at(FileId(0), TEXT.find("2031").unwrap()).unwrap();
        assert_eq!(through.day, Day::parse("2032-01-01"));
        assert!(through.end_of);
    }
}
