//! Builds a [`Contract`] from the syntax trees of an amendment chain: resolves
//! names, checks types, dates and values, and applies amendments.
//!
//! It runs in passes so that order inside a file does not matter: first every
//! declaration of every file, then the clause and fact names, then their bodies.

use rustc_hash::{FxHashMap, FxHashSet};

use super::bindings::{Bindings, NameKey, Target};
use super::errors::{self, Declared, Sample};
use super::names::{Kind, NameTable, Symbol};
use super::subjects::{SubjectId, SubjectSet};
use super::time::{Day, TimeExpr, Window, WEEKDAYS};
use super::values::{Value, ValueError};
use super::*;
use crate::diagnostics::{Diagnostic, Span};
use crate::source::{FileId, Sources};
use crate::syntax::ast::{self, EventConstraint, PointKind, TimeUnit, Whichever};
use crate::syntax::split;

mod interest;
mod recurrences;
mod runs;
mod sums;

/// One parsed file of the chain, oldest first.
pub struct ParsedFile<'a> {
    pub file: FileId,
    pub tree: &'a ast::File,
}

/// Resolves the chain `files`. `chain_cut` says that the chain stops before
/// its oldest contract (an amended file could not be read), so that names it
/// would declare are not reported as unknown: the cut is the one error.
pub fn build<'t>(
    files: &[ParsedFile<'t>],
    sources: &Sources,
    chain_cut: bool,
) -> (Contract, Vec<Diagnostic>) {
    let mut b = Builder {
        contract: Contract::default(),
        diagnostics: Vec::new(),
        names: NameTable::default(),
        clause_names: FxHashMap::default(),
        fact_names: FxHashMap::default(),
        written_clauses: Default::default(),
        declared_in_file: FxHashMap::default(),
        keys: FxHashMap::default(),
        bindings: Bindings::default(),
        sources,
        file: FileId(0),
        version: 0,
        chain_cut,
        trees: files.iter().map(|f| (f.file, f.tree)).collect(),
        broken: None,
        section_ids: FxHashMap::default(),
        sections_in_file: FxHashMap::default(),
        first_term: None,
        declaration_places: FxHashMap::default(),
        in_term: false,
        term_written: None,
        breaches: FxHashMap::default(),
        weekend: None,
        holidays: FxHashMap::default(),
        first_calendar_item: None,
        business_days_used: false,
        clause_conditions: Vec::new(),
        power_conditions: Vec::new(),
        amount_ids: FxHashMap::default(),
        plans: FxHashMap::default(),
        term_known: false,
        recurring: Vec::new(),
    };
    b.reserve(files);
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.header(f.tree);
    }
    // The calendar is known before any point is resolved: business days
    // count with it wherever they are written.
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.calendar(f.tree);
    }
    b.finish_calendar();
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.declarations(f.tree);
    }
    b.contract.subjects.finish();
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.effective_events(f.tree);
    }
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.party_groups(f.tree);
    }
    b.expand_party_groups();
    // Named amounts are constants: resolved and computed once every name is
    // declared, before any clause carries one.
    // Tier tables first, so that every `TABLE at RANK` finds its brackets.
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.tier_tables(f.tree);
    }
    // Periods are known before any amount is read (a schedule counts
    // one) and before any recurring clause is planned.
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.periods(f.tree);
    }
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.amount_bodies(f.tree);
    }
    b.evaluate_amounts();
    // Every power is known, then the term, before any `end of term` is
    // read: the term ends when a terminating power takes effect.
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.power_heads(f.tree);
    }
    // The deadlines and discharges of clauses, before any `breach of` is
    // read (the term or a power's window may count from one); read again
    // once the term is known, for deadlines that count from its end.
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.deadlines(f.tree);
    }
    // The term resolves before every constraint, clause, fact and
    // assertion, so that `end of term` reads its end wherever it is written.
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.term(f.tree);
    }
    b.term_known = true;
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.deadlines(f.tree);
    }
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.events_constraints(f.tree);
    }
    b.check_event_cycles();
    let mut pending = Vec::new();
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        pending.extend(
            b.clauses_and_facts(f.tree)
                .into_iter()
                .map(|p| (version, f.file, p)),
        );
    }
    for (version, file, p) in pending {
        b.at(version, file);
        b.precedence(p);
    }
    b.end_clauses_with_term();
    // Conditions fold into windows once every clause has its window, the
    // end of the term included: `when other is active` reads that window.
    b.fold_conditions();
    b.expand_recurring();
    b.finish_sums();
    // Interest names clauses, recurring ones expanded (an `on` line checks
    // their instalments' discharge events).
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.interests(f.tree);
    }
    for (version, f) in files.iter().enumerate() {
        b.at(version, f.file);
        b.assertions(f.tree);
        b.coverages(f.tree);
    }
    b.check_calendar_used();
    b.contract.bindings = b.bindings;
    (b.contract, b.diagnostics)
}

/// The versions of one clause or fact, oldest first. Most names have one or
/// two, kept inline: a list on the heap per name cost a cache miss on every
/// look-up, and a free per name at the end.
type Versions<T> = smallvec::SmallVec<[T; 2]>;

struct Builder<'s, 't> {
    contract: Contract,
    /// Clause name → what `breach of` it means: the day after its deadline
    /// unless its discharging event came by then (`None`: the clause has no
    /// deadline or no discharge to breach).
    breaches: FxHashMap<&'t str, Result<TimeExpr, &'static str>>,
    diagnostics: Vec<Diagnostic>,
    names: NameTable,
    /// Clause name → its versions, oldest first.
    /// (Names are borrowed from the syntax trees: a copy of each would cost
    /// as much as the rest of resolving the clause.)
    clause_names: FxHashMap<&'t str, Versions<ClauseId>>,
    fact_names: FxHashMap<&'t str, Versions<FactId>>,
    /// Where each name was first declared in each file, to find duplicates
    /// within one file of an amendment chain.
    declared_in_file: FxHashMap<(FileId, &'t str), Span>,
    /// Every clause id written, including clauses that failed to resolve.
    written_clauses: FxHashSet<&'t str>,
    /// The key of each clause, fact, assertion and cover name, so that every
    /// version of one shares a [`Target`].
    keys: FxHashMap<(Space, &'t str), NameKey>,
    /// Every name and date as resolved, for the language server.
    bindings: Bindings,
    sources: &'s Sources,
    file: FileId,
    version: usize,
    /// The chain stops before its oldest contract: see [`build`].
    chain_cut: bool,
    /// The files of the chain with their syntax trees, to find the
    /// declarations that did not parse.
    trees: Vec<(FileId, &'t ast::File)>,
    /// Names whose declarations are written in the chain but did not parse,
    /// found when first needed, so that only a contract with an unknown name
    /// pays for the search.
    broken: Option<FxHashSet<&'s str>>,
    /// Section id → the section, across the chain.
    section_ids: FxHashMap<&'t str, SectionId>,
    /// Where each section id was first declared in each file, to find
    /// duplicates within one file.
    sections_in_file: FxHashMap<(FileId, &'t str), Span>,
    /// Where the first `term` of the chain was written, resolved or not.
    first_term: Option<Span>,
    /// Where each file's declarations end, found when a name is first unknown.
    declaration_places: FxHashMap<FileId, DeclarationPlaces>,
    /// Whether the term's own window is being resolved, where `end of term`
    /// would name itself.
    in_term: bool,
    /// Whether some file of the chain has an item starting with `term`,
    /// parsed or not; found when first needed.
    term_written: Option<bool>,
    /// The weekend days (Monday = 0) of the first `weekend` of the chain,
    /// and where it was written.
    weekend: Option<(Vec<u8>, Span)>,
    /// Each declared holiday, with where it was first declared.
    holidays: FxHashMap<Day, Span>,
    /// The first `weekend` or `holiday` of the chain.
    first_calendar_item: Option<Span>,
    /// Whether some duration counts business days.
    business_days_used: bool,
    /// The clauses with `when` or `unless` lines, with the file they are in
    /// and their id if they resolved: folded once every clause is known.
    clause_conditions: Vec<(usize, FileId, Option<ClauseId>, &'t ast::Clause)>,
    /// The powers with `when` or `unless` lines, with the file they are in.
    power_conditions: Vec<(usize, FileId, &'t ast::Power)>,
    /// The id each `amount` declaration declares or restates, by its file
    /// and where its name is written.
    amount_ids: FxHashMap<(FileId, usize), AmountId>,
    /// Recurring clause name → its planned instalments, for `breach of`.
    plans: FxHashMap<&'t str, recurrences::Plan>,
    /// The recurring clauses that resolved, expanded into their instalments
    /// once every clause has its window.
    recurring: Vec<(usize, FileId, ClauseId, &'t ast::Clause)>,
    /// Whether the term is resolved: a recurrence is planned only then,
    /// since it may end with the term.
    term_known: bool,
}

/// Where the declarations of one file end, for the fix that declares an
/// unknown name ([`Builder::declaration_place`]).
#[derive(Debug, Default)]
struct DeclarationPlaces {
    /// The last declaration of each kind, in the order of [`Kind::ALL`].
    by_kind: [Option<ast::ByteSpan>; Kind::ALL.len()],
    /// The last declaration of any kind.
    any: Option<ast::ByteSpan>,
    /// The first header.
    header: Option<ast::ByteSpan>,
}

/// What one atom of a `when` or `unless` line does to a window.
#[derive(Debug, Clone)]
enum Narrow {
    /// The window starts no earlier than the point (`when e has happened`).
    From(TimeExpr),
    /// The window ends no later than the point (`unless e has happened`).
    Until(TimeExpr),
    /// The window lies within the clause's (`when c is active`).
    Within(ClauseId),
    /// The window lies outside the clause's (`unless c is active`).
    Outside(ClauseId),
}

/// One [`Narrow`], with where it was written.
#[derive(Debug, Clone)]
struct Narrowing {
    narrow: Narrow,
    /// The whole `when` or `unless` line.
    line: Span,
    /// The atom that says it.
    at: Span,
}

/// The longest offset, in its unit, that a point may name.
const LONGEST_OFFSET: u32 = 1_000_000;

/// The namespaces of clause, fact, assertion and cover names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Space {
    Clause,
    Fact,
    Assert,
    Cover,
}

/// Precedence of one clause, resolved after every clause is known.
struct PendingPrecedence<'a> {
    /// `None` when the clause itself did not resolve; its references are
    /// still checked.
    clause: Option<ClauseId>,
    overrides: &'a [ast::Ident],
    exception_to: &'a [ast::Ident],
    replaces: &'a [ast::Ident],
}

impl<'s, 't> Builder<'s, 't> {
    /// Room for every clause and fact at once: growing a list of 100 000
    /// clauses step by step copies each one many times.
    fn reserve(&mut self, files: &[ParsedFile<'t>]) {
        let items = || files.iter().flat_map(|f| &f.tree.items);
        let clauses = items()
            .filter(|i| matches!(i, ast::Item::Clause(_)))
            .count();
        let facts = items().filter(|i| matches!(i, ast::Item::Fact(_))).count();
        self.contract.clauses.reserve(clauses);
        self.clause_names.reserve(clauses);
        self.written_clauses.reserve(clauses);
        self.contract.facts.reserve(facts);
        self.fact_names.reserve(facts);
        self.keys.reserve(clauses + facts);
        // A clause names about eight things (its id, a party, an action, a
        // path of subjects, dates): room for them at once saves copying the
        // list as it grows.
        self.bindings.reserve(8 * clauses + 4 * facts);
    }

    /// Records that the name at `span` in the current file stands for `target`.
    fn bind(&mut self, span: &ast::ByteSpan, target: Target, is_def: bool) {
        self.bindings.bind(self.file, span, target, is_def);
    }

    /// Records a use of a declared name without checking its kind or
    /// reporting anything: for names in a restated declaration, which the
    /// first declaration already resolved.
    fn bind_use(&mut self, name: &ast::Ident) {
        if let Some(s) = self.names.get(&name.name) {
            let target = target_of(s.kind, s.id);
            self.bindings.bind(self.file, &name.span, target, false);
        }
    }

    /// The key shared by every version of a clause, fact, assertion or
    /// cover named `name`.
    fn key(&mut self, space: Space, name: &'t str) -> NameKey {
        let next = NameKey(self.keys.len() as u32);
        *self.keys.entry((space, name)).or_insert(next)
    }

    fn at(&mut self, version: usize, file: FileId) {
        self.version = version;
        self.file = file;
    }

    fn span(&self, range: &ast::ByteSpan) -> Span {
        Span::new(self.file, range.clone())
    }

    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Whether a name (or clause id) that resolves to nothing is unknown only
    /// because of an earlier error: the amended contract could not be read,
    /// or the name's own declaration did not parse. That error is reported;
    /// its consequences are not.
    fn is_consequence(&mut self, name: &str) -> bool {
        if self.chain_cut {
            return true;
        }
        let sources = self.sources;
        let trees = &self.trees;
        self.broken
            .get_or_insert_with(|| {
                trees
                    .iter()
                    .flat_map(|&(f, tree)| broken_declarations(sources.text(f), tree))
                    .collect()
            })
            .contains(name)
    }

    /// Names from the contract itself for the examples in help texts: its
    /// first party, action, subject and quantity.
    fn sample(&self) -> Sample<'_> {
        let c = &self.contract;
        Sample {
            party: c.parties.first().map(|n| n.name.as_str()),
            action: c.actions.first().map(|n| n.name.as_str()),
            subject: c.subjects.nodes.first().map(|n| n.path.as_str()),
            quantity: c.quantities.first().map(|q| (q.named.name.as_str(), &q.ty)),
        }
    }

    fn named(
        &self,
        name: &ast::Ident,
        description: &Option<ast::Text>,
        span: &ast::ByteSpan,
    ) -> Named {
        Named {
            name: name.name.clone(),
            description: description.as_ref().map(|t| t.value.clone()),
            doc: doc_comment(self.sources.text(self.file), span.start),
            span: self.span(span),
            name_span: self.span(&name.span),
        }
    }

    // ------------------------------------------------------------ header

    fn header(&mut self, tree: &'t ast::File) {
        let headers: Vec<&ast::Header> = tree
            .items
            .iter()
            .filter_map(|i| match i {
                ast::Item::Header(h) => Some(h),
                _ => None,
            })
            .collect();
        let mut version = Version {
            title: None,
            effective: None,
            effective_event: None,
            file: self.file,
        };
        if let Some(first) = headers.first() {
            version.title = Some(first.title.value.clone());
            // An effective event is read with the declarations
            // (`effective_events`), once every event is known.
            if let Some(PointKind::Date(date)) = first.effective.first().map(|p| &p.kind) {
                version.effective = self.date(date);
                let file = self.file;
                (self.bindings).date(file, &date.span, version.effective, false);
            }
            if let Some(extra) = first.effective.get(1) {
                let d = errors::effective_twice(
                    self.span(&extra.span),
                    self.span(&first.effective[0].span),
                );
                self.error(d);
            }
        }
        for extra in headers.iter().skip(1) {
            let d = errors::header_twice(self.span(&extra.span), self.span(&headers[0].span));
            self.error(d);
        }
        self.contract.versions.push(version);
    }

    /// The event a file's header names as its effective date (`effective
    /// closing`), read once every event is declared.
    fn effective_events(&mut self, tree: &'t ast::File) {
        let first = tree.items.iter().find_map(|i| match i {
            ast::Item::Header(h) => Some(h),
            _ => None,
        });
        if let Some(PointKind::Event(name)) =
            first.and_then(|h| h.effective.first()).map(|p| &p.kind)
        {
            let event = self.lookup(name, Kind::Event).map(EventId);
            self.contract.versions[self.version].effective_event = event;
        }
    }

    /// A date or a year as written; a bare year means its first day.
    fn date(&mut self, lit: &ast::DateLit) -> Option<Day> {
        let parsed = if lit.is_year() {
            lit.text.parse().ok().and_then(|y| Day::from_ymd(y, 1, 1))
        } else {
            Day::parse(&lit.text)
        };
        if parsed.is_none() {
            let d = errors::invalid_date(&lit.text, self.span(&lit.span));
            self.error(d);
        }
        parsed
    }

    /// The day after the date or year: `end of 2030` is 2031-01-01.
    fn end_of(&mut self, lit: &ast::DateLit) -> Option<Day> {
        if lit.is_year() {
            let year: i32 = lit.text.parse().ok()?;
            self.date(lit)?;
            Day::from_ymd(year + 1, 1, 1).or(Some(Day::MAX))
        } else {
            self.date(lit).map(Day::succ)
        }
    }

    // ------------------------------------------------------------ declarations

    fn declarations(&mut self, tree: &'t ast::File) {
        for item in &tree.items {
            match item {
                ast::Item::Party(d) => {
                    let named = self.named(&d.name, &d.description, &d.span);
                    self.declare(&d.name, Kind::Party, named, |c| &mut c.parties);
                }
                ast::Item::Action(d) => {
                    let named = self.named(&d.name, &d.description, &d.span);
                    self.declare(&d.name, Kind::Action, named, |c| &mut c.actions);
                }
                ast::Item::Qualifier(d) => {
                    let named = self.named(&d.name, &d.description, &d.span);
                    self.declare(&d.name, Kind::Qualifier, named, |c| &mut c.qualifiers);
                }
                ast::Item::Event(e) => self.event(e),
                ast::Item::Power(p) => self.power_event(p),
                ast::Item::Subject(s) => self.subject_root(s),
                ast::Item::Quantity(q) => self.quantity(q),
                ast::Item::Section(sec) => self.section(sec),
                ast::Item::Amount(a) => self.declare_amount(a),
                ast::Item::Input(i) => self.declare_input(i),
                _ => {}
            }
        }
    }

    // ------------------------------------------------------------ amounts

    /// Declares a named amount; its expression is resolved once every name
    /// is known. A later file of the chain may not restate it: amounts are
    /// not dated, so a new value would hold before the amendment too.
    fn declare_amount(&mut self, a: &'t ast::AmountDecl) {
        let id = match self.check_new_name(&a.name, Kind::Amount) {
            Ok(()) => {
                let id = AmountId(self.contract.amounts.len() as u32);
                let named = self.named(&a.name, &a.description, &a.span);
                let span = self.span(&a.span);
                self.contract.amounts.push(NamedAmount {
                    named,
                    expr: amount::Expr {
                        kind: amount::ExprKind::Broken,
                        span,
                    },
                    parts: Vec::new(),
                    split_span: None,
                    value: None,
                });
                let span = self.span(&a.name.span);
                self.names.insert(
                    &a.name.name,
                    Symbol {
                        kind: Kind::Amount,
                        id: id.0,
                        span,
                    },
                );
                self.bind(&a.name.span, Target::Amount(id), true);
                id
            }
            Err(Some(id)) => {
                let first = self.contract.amounts[id as usize].named.name_span.clone();
                let d = errors::amount_restated(&a.name.name, self.span(&a.name.span), first);
                self.error(d);
                return;
            }
            Err(None) => return,
        };
        self.amount_ids.insert((self.file, a.name.span.start), id);
    }

    /// Resolves the tier tables: named amounts whose whole expression is
    /// `tiered { … }` without `by`. Their brackets are copied wherever the
    /// table is applied (`TABLE at RANK`), so they resolve before any other
    /// amount; a table's rates may use named amounts, but not another table.
    fn tier_tables(&mut self, tree: &'t ast::File) {
        for item in &tree.items {
            let ast::Item::Amount(a) = item else { continue };
            let ast::ExprKind::Tiered(None, tiers) = &a.expr.kind else {
                continue;
            };
            let Some(&id) = self.amount_ids.get(&(self.file, a.name.span.start)) else {
                continue;
            };
            let tiers = self.tiers(tiers);
            let span = self.span(&a.expr.span);
            self.contract.amounts[id.index()].expr = amount::Expr {
                kind: match tiers {
                    Some(tiers) => amount::ExprKind::Tiered {
                        rank: None,
                        tiers,
                        table: None,
                    },
                    None => amount::ExprKind::Broken,
                },
                span,
            };
        }
    }

    /// The brackets of a tier table, resolved; `None` if a bound has more
    /// than 28 digits (reported).
    fn tiers(&mut self, tiers: &[ast::Tier]) -> Option<Vec<amount::Tier>> {
        let mut out = Vec::with_capacity(tiers.len());
        let mut whole = true;
        for t in tiers {
            let range = self.span(&t.range);
            let rate = self.expr(&t.rate);
            let from = amount::literal(&t.from, None);
            let to = t.to.as_deref().map(|to| amount::literal(to, None));
            let (Some(from), Some(to)) = (from, to.map_or(Some(None), |to| to.map(Some))) else {
                let d = errors::amount_literal_too_long(range);
                self.error(d);
                whole = false;
                continue;
            };
            out.push(amount::Tier {
                from,
                to,
                written: format!("{}..{}", t.from, t.to.as_deref().unwrap_or("")),
                range,
                rate,
            });
        }
        whole.then_some(out)
    }

    /// Whether the named amount is a tier table (resolved by [`Self::tier_tables`]).
    fn is_table(&self, id: AmountId) -> bool {
        matches!(
            self.contract.amounts[id.index()].expr.kind,
            amount::ExprKind::Tiered { rank: None, .. }
        )
    }

    /// Declares an input. A later file of the chain that restates it
    /// keeps the first declaration, as for events and quantities.
    fn declare_input(&mut self, i: &'t ast::InputDecl) {
        if self.check_new_name(&i.name, Kind::Input).is_err() {
            return;
        }
        let id = self.contract.inputs.len() as u32;
        let named = self.named(&i.name, &i.description, &i.span);
        let unit = match &i.ty {
            ast::QuantityType::Percent => Unit::Percent,
            ast::QuantityType::Money(c) => Unit::Money(c.clone().unwrap_or_default()),
            ast::QuantityType::Number => Unit::Number,
        };
        let per = i.per.as_ref().and_then(|p| {
            let found = self.find_period(&p.name);
            if found.is_none() {
                let d = errors::schedule_unknown_period(&p.name, self.span(&p.span));
                self.error(d);
            }
            found
        });
        self.contract.inputs.push(Input {
            named,
            unit,
            per,
            instance_of: None,
        });
        let span = self.span(&i.name.span);
        let symbol = Symbol {
            kind: Kind::Input,
            id,
            span,
        };
        self.names.insert(&i.name.name, symbol);
        self.bind(&i.name.span, Target::Input(InputId(id)), true);
    }

    /// `net_sales[2017-Q2]`: one period's value of an input that has one per
    /// period, a scalar input of its own (declared on first use, named with
    /// the label as the printer writes it).
    fn input_at(&mut self, name: &ast::Ident, label: &str, at: &ast::ByteSpan) -> amount::ExprKind {
        let Some(id) = self.lookup(name, Kind::Input) else {
            return amount::ExprKind::Broken;
        };
        let parent = &self.contract.inputs[id as usize];
        let per = parent.per.clone();
        let Some(k) = per.as_ref().and_then(|p| p.kind.parse_label(label)) else {
            let d = errors::input_period_label(&name.name, label, per.as_ref(), self.span(at));
            self.error(d);
            return amount::ExprKind::Broken;
        };
        let kind = per.expect("a period").kind;
        let instance =
            (self.contract.inputs.iter()).position(|i| i.instance_of == Some((InputId(id), k)));
        let instance = match instance {
            Some(i) => i as u32,
            None => {
                let mut named = parent.named.clone();
                named.name = format!("{}[{}]", name.name, crate::print::period_label(kind, k));
                let unit = parent.unit.clone();
                self.contract.inputs.push(Input {
                    named,
                    unit,
                    per: None,
                    instance_of: Some((InputId(id), k)),
                });
                (self.contract.inputs.len() - 1) as u32
            }
        };
        amount::ExprKind::Input(InputId(instance), format!("{}[{label}]", name.name))
    }

    /// `sum of CLAUSE for PERIOD`: the period is resolved here; the clause
    /// once every clause is known ([`Self::finish_sums`]).
    fn sum_of(&mut self, s: &ast::SumOf) -> amount::ExprKind {
        let Some(p) = self.schedule_period(&s.period.kind) else {
            return amount::ExprKind::Broken;
        };
        if !self.dated_period(&p, "a sum over its periods", &s.period.kind.span) {
            return amount::ExprKind::Broken;
        }
        let fixed = match &s.period.label {
            Some((label, at)) => match p.kind.parse_label(label) {
                Some(k) => Some(k),
                None => {
                    let d = errors::schedule_label(&p, label, self.span(at));
                    self.error(d);
                    return amount::ExprKind::Broken;
                }
            },
            None => None,
        };
        let name = if s.period.calendar {
            "calendar year".to_string()
        } else {
            p.name.clone()
        };
        let group = match (&s.period.label, s.period.offset) {
            (Some((label, _)), _) => format!("{name} {label}"),
            (None, -1) => format!("the previous {name}"),
            (None, 1) => format!("the next {name}"),
            (None, _) => format!("the {name}"),
        };
        let written = if s.paid {
            format!("paid in {group}")
        } else {
            format!("for {group}")
        };
        amount::ExprKind::Sum(Box::new(amount::Sum {
            clause: ClauseId(u32::MAX),
            name: s.clause.name.clone(),
            name_span: self.span(&s.clause.span),
            paid: s.paid,
            period: p.name,
            kind: p.kind,
            fixed,
            offset: s.period.offset,
            at: fixed,
            written,
            value: None,
            why: None,
            unit: None,
        }))
    }

    /// Whether a name written in an amount is a declared input.
    fn is_input(&self, name: &ast::Ident) -> bool {
        matches!(self.names.get(&name.name), Some(s) if s.kind == Kind::Input)
    }

    /// `on 2020-11-12 when locations < 25`: the event happens on that day
    /// or never, so the day is one of its windows; the comparison's shape
    /// is kept for the verifier, and a comparison of amounts of different
    /// kinds is reported.
    fn threshold(&mut self, id: u32, t: &'t ast::Threshold) {
        let point = self.point(&t.day);
        let left = self.expr(&t.left);
        let right = self.expr(&t.right);
        let place = "an event's comparison";
        if self.no_period(&left, place, true) | self.no_period(&right, place, true) {
            return;
        }
        let Some(point) = point else { return };
        let Some(day) = point.eval(&|_| None) else {
            let d = errors::input_day_not_fixed(self.span(&t.day.span));
            self.error(d);
            return;
        };
        let form = match input::classify(&self.contract, &left, t.op, &right) {
            Ok(form) => form,
            Err(f) => {
                if let Some(d) = errors::amount_failure(&f, self.span(&t.span)) {
                    self.error(d);
                }
                input::Form::Broken
            }
        };
        let span = self.span(&t.span);
        let event = &mut self.contract.events[id as usize];
        event.windows.push(EventWindow {
            window: Window {
                from: Some(TimeExpr::Day(day)),
                until: Some(TimeExpr::Day(day.succ())),
                ..Window::default()
            },
            span: span.clone(),
        });
        event.defined = Some(Threshold {
            day,
            left,
            op: t.op,
            right,
            span,
            form,
        });
    }

    fn amount_bodies(&mut self, tree: &'t ast::File) {
        for item in &tree.items {
            let ast::Item::Amount(a) = item else { continue };
            let is_table = matches!(a.expr.kind, ast::ExprKind::Tiered(None, _));
            let expr = (!is_table).then(|| self.expr(&a.expr));
            let parts: Vec<amount::Expr> = a.parts.iter().map(|p| self.expr(p)).collect();
            let split_span = a.split_span.as_ref().map(|s| self.span(s));
            let Some(&id) = self.amount_ids.get(&(self.file, a.name.span.start)) else {
                continue;
            };
            let entry = &mut self.contract.amounts[id.index()];
            if let Some(expr) = expr {
                entry.expr = expr;
            }
            entry.parts = parts;
            entry.split_span = split_span;
        }
    }

    /// Resolves an amount expression: names to amounts, literals to exact
    /// values. Nesting is bounded by the splitter's depth guard.
    fn expr(&mut self, e: &ast::Expr) -> amount::Expr {
        use amount::ExprKind as K;
        let span = self.span(&e.span);
        let kind = match &e.kind {
            ast::ExprKind::Literal(v) => match self.literal(v, &e.span) {
                Some(a) => K::Literal(a, v.written()),
                None => K::Broken,
            },
            ast::ExprKind::Name(name) if self.is_input(name) => {
                match self.lookup(name, Kind::Input) {
                    Some(id) => match &self.contract.inputs[id as usize].per {
                        Some(p) => K::PerPeriod {
                            input: InputId(id),
                            name: name.name.clone(),
                            kind: p.kind,
                            at: None,
                        },
                        None => K::Input(InputId(id), name.name.clone()),
                    },
                    None => K::Broken,
                }
            }
            ast::ExprKind::InputAt(name, label, at) => self.input_at(name, label, at),
            ast::ExprKind::Sum(sum) => self.sum_of(sum),
            ast::ExprKind::Name(name) => match self.lookup(name, Kind::Amount) {
                Some(id) if self.is_table(AmountId(id)) => {
                    let d = errors::tier_table_misused(
                        errors::TableMisuse::WithoutRank(&name.name),
                        span.clone(),
                    );
                    self.error(d);
                    K::Broken
                }
                Some(id) => K::Name(AmountId(id), name.name.clone()),
                None => K::Broken,
            },
            ast::ExprKind::Tiered(None, _) => {
                let d = errors::tier_table_misused(errors::TableMisuse::Inline, span.clone());
                self.error(d);
                K::Broken
            }
            ast::ExprKind::Tiered(Some(rank), tiers) => {
                let rank = Box::new(self.expr(rank));
                match self.tiers(tiers) {
                    Some(tiers) => K::Tiered {
                        rank: Some(rank),
                        tiers,
                        table: None,
                    },
                    None => K::Broken,
                }
            }
            ast::ExprKind::TierAt(name, rank) => {
                let rank = Box::new(self.expr(rank));
                match self.lookup(name, Kind::Amount).map(AmountId) {
                    Some(id) => match &self.contract.amounts[id.index()].expr.kind {
                        K::Tiered {
                            rank: None, tiers, ..
                        } => K::Tiered {
                            rank: Some(rank),
                            tiers: tiers.clone(),
                            table: Some(name.name.clone()),
                        },
                        _ => {
                            let d = errors::tier_table_misused(
                                errors::TableMisuse::NotATable(&name.name),
                                self.span(&name.span),
                            );
                            self.error(d);
                            K::Broken
                        }
                    },
                    None => K::Broken,
                }
            }
            ast::ExprKind::Chain(first, rest) => K::Chain(
                Box::new(self.expr(first)),
                rest.iter().map(|(op, x)| (*op, self.expr(x))).collect(),
            ),
            ast::ExprKind::Of(es) => K::Of(es.iter().map(|x| self.expr(x)).collect()),
            ast::ExprKind::Extremum(g, es) => {
                K::Extremum(*g, es.iter().map(|x| self.expr(x)).collect())
            }
            ast::ExprKind::Rounded(inner, quantum, qspan) => {
                let inner = Box::new(self.expr(inner));
                match amount::literal(quantum, None) {
                    Some(q) if q > rust_decimal::Decimal::ZERO => {
                        K::Rounded(inner, q, quantum.clone())
                    }
                    _ => {
                        let f = amount::Failure::Quantum {
                            at: self.span(qspan),
                        };
                        if let Some(d) = errors::amount_failure(&f, span.clone()) {
                            self.error(d);
                        }
                        K::Broken
                    }
                }
            }
            ast::ExprKind::Paren(inner) => K::Paren(Box::new(self.expr(inner))),
            ast::ExprKind::If(c, then, otherwise) => {
                let cond = self.amount_cond(c);
                let then = Box::new(self.expr(then));
                let otherwise = otherwise.as_ref().map(|o| Box::new(self.expr(o)));
                match cond {
                    Some(cond) => K::If {
                        cond: Box::new(cond),
                        then,
                        otherwise,
                    },
                    None => K::Broken,
                }
            }
            ast::ExprKind::Schedule(period, rows) => {
                let resolved: Vec<(&ast::ScheduleRow, amount::Expr)> =
                    rows.iter().map(|r| (r, self.expr(&r.amount))).collect();
                match self.schedule_period(period) {
                    Some(p) => {
                        let mut out: Vec<amount::ScheduleRow> = Vec::new();
                        for (r, e) in resolved {
                            let at = self.span(&r.span);
                            let Some(index) = p.kind.parse_label(&r.label) else {
                                let d = errors::schedule_label(&p, &r.label, at);
                                self.error(d);
                                continue;
                            };
                            if let Some(first) = out.iter().find(|o| o.index == index) {
                                let d =
                                    errors::schedule_duplicate(&r.label, at, first.span.clone());
                                self.error(d);
                                continue;
                            }
                            out.push(amount::ScheduleRow {
                                index,
                                label: r.label.clone(),
                                span: at,
                                amount: e,
                            });
                        }
                        K::Schedule {
                            period: p.name,
                            kind: p.kind,
                            rows: out,
                            at: None,
                        }
                    }
                    None => K::Broken,
                }
            }
            ast::ExprKind::Escalated(x) => {
                let base = Box::new(self.expr(&x.base));
                let step = Box::new(self.expr(&x.step));
                let Some(p) = self.schedule_period(&x.period) else {
                    return amount::Expr {
                        kind: K::Broken,
                        span,
                    };
                };
                match p.kind.parse_label(&x.label) {
                    Some(k) => K::Escalated {
                        base,
                        step,
                        period: p.name,
                        kind: p.kind,
                        first: if x.from { k } else { k.saturating_add(1) },
                        written: format!("{} {}", if x.from { "from" } else { "after" }, x.label),
                        at: None,
                    },
                    None => {
                        let d = errors::schedule_label(&p, &x.label, self.span(&x.label_span));
                        self.error(d);
                        K::Broken
                    }
                }
            }
        };
        amount::Expr { kind, span }
    }

    /// The condition of a conditional amount, in the condition language:
    /// comparisons of amounts (resolved as any amount, and compared where
    /// the amount is computed), `and`, `or` and `not`. Any other atom reads
    /// the day (a norm, a clause, an event, a fact), which an amount does
    /// not have: reported, and the amount has no value.
    fn amount_cond(&mut self, c: &ast::Cond) -> Option<Cond> {
        match &c.kind {
            ast::CondKind::Or(parts) | ast::CondKind::And(parts) => {
                let resolved: Vec<Option<Cond>> =
                    parts.iter().map(|p| self.amount_cond(p)).collect();
                let resolved: Vec<Cond> = resolved.into_iter().collect::<Option<_>>()?;
                Some(if matches!(c.kind, ast::CondKind::Or(_)) {
                    Cond::Or(resolved)
                } else {
                    Cond::And(resolved)
                })
            }
            ast::CondKind::Not(inner) => Some(Cond::Not(Box::new(self.amount_cond(inner)?))),
            ast::CondKind::Amount(left, op, right) => Some(Cond::Amount(AmountCmp {
                left: self.expr(left),
                op: *op,
                right: self.expr(right),
                undecided: None,
                fixed: None,
            })),
            ast::CondKind::Norm(_) | ast::CondKind::Prevails(_) => {
                self.amount_condition_unsupported("what norms say", c)
            }
            ast::CondKind::IsActive(_) => self.amount_condition_unsupported("a clause in force", c),
            ast::CondKind::Happened(_) => {
                self.amount_condition_unsupported("whether an event has happened", c)
            }
            ast::CondKind::Compare { .. } | ast::CondKind::Stakes { .. } => {
                self.amount_condition_unsupported("the value of a quantity", c)
            }
        }
    }

    fn amount_condition_unsupported(&mut self, what: &str, c: &ast::Cond) -> Option<Cond> {
        let d = errors::amount_condition(what, self.span(&c.span));
        self.error(d);
        None
    }

    /// Whether `p` has days known without a scenario, reported (for `what`,
    /// written at `at`) when it is counted from an event: a sum over its
    /// instalments, or interest compounded at its end, reads their days.
    pub(super) fn dated_period(
        &mut self,
        p: &crate::model::period::Period,
        what: &str,
        at: &ast::ByteSpan,
    ) -> bool {
        let Some(e) = p.kind.event() else {
            return true;
        };
        let event = self.contract.event(e).named.name.clone();
        let d = errors::period_from_event(
            &p.name,
            &event,
            what,
            self.span(at),
            "use a calendar period such as `year`, `quarter` or `month` here",
        );
        self.error(d);
        false
    }

    /// The period a schedule or an escalation counts, reported when the
    /// name is no period.
    fn schedule_period(&mut self, name: &ast::Ident) -> Option<crate::model::period::Period> {
        let found = self.find_period(&name.name);
        if found.is_none() {
            let d = errors::schedule_unknown_period(&name.name, self.span(&name.span));
            self.error(d);
        }
        found
    }

    fn literal(&mut self, v: &ast::ValueKind, at: &ast::ByteSpan) -> Option<Amount> {
        let (unit, number, scale) = match v {
            ast::ValueKind::Percent(n) => (Unit::Percent, n, None),
            ast::ValueKind::Money {
                currency,
                amount,
                scale,
            } => (Unit::Money(currency.clone()), amount, scale.as_deref()),
            ast::ValueKind::Number(n) => (Unit::Number, n, None),
            // The grammar has no `tbd` in an amount.
            ast::ValueKind::Tbd => return None,
        };
        match amount::literal(number, scale) {
            Some(value) => Some(Amount::new(unit, value)),
            None => {
                let d = errors::amount_literal_too_long(self.span(at));
                self.error(d);
                None
            }
        }
    }

    /// Computes every named amount, each after the amounts it uses (Kahn's
    /// order, no recursion: a chain of a thousand amounts each defined by
    /// the one before must not reach the stack's end). Amounts in a cycle
    /// are reported once per cycle and have no value.
    fn evaluate_amounts(&mut self) {
        let n = self.contract.amounts.len();
        let uses: Vec<Vec<usize>> = (self.contract.amounts.iter())
            .map(|a| {
                let mut ids = Vec::new();
                a.expr.names(&mut ids);
                ids.into_iter().map(|id| id.index()).collect()
            })
            .collect();
        for cycle in find_cycles(n, |a, k| uses[a].get(k).copied()) {
            let amounts = &self.contract.amounts;
            let named: Vec<(&str, Span)> = (cycle.iter())
                .map(|&i| {
                    let a = &amounts[i].named;
                    (a.name.as_str(), a.name_span.clone())
                })
                .collect();
            let d = errors::amount_cycle(&named);
            self.error(d);
        }
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut waiting: Vec<usize> = vec![0; n];
        for (a, used) in uses.iter().enumerate() {
            for &u in used {
                users[u].push(a);
                waiting[a] += 1;
            }
        }
        let mut ready: Vec<usize> = (0..n).filter(|&a| waiting[a] == 0).collect();
        let first = self.contract.amount_order.len();
        while let Some(a) = ready.pop() {
            self.contract.amount_order.push(AmountId(a as u32));
            let result = {
                let amounts = &self.contract.amounts;
                amounts[a]
                    .expr
                    .eval(&|id| amounts[id.index()].value.clone())
            };
            match result {
                Ok(v) => self.contract.amounts[a].value = Some(v),
                Err(f) => {
                    let whole = self.contract.amounts[a].expr.span.clone();
                    if let Some(d) = errors::amount_failure(&f, whole) {
                        self.error(d);
                    }
                }
            }
            for &user in &users[a] {
                waiting[user] -= 1;
                if waiting[user] == 0 {
                    ready.push(user);
                }
            }
        }
        // Amounts over inputs have no value here; their kinds are checked
        // all the same, each once (an amount that fails this way makes those
        // that use it fail upstream, silently).
        let order: Vec<AmountId> = self.contract.amount_order[first..].to_vec();
        for id in order {
            if self.contract.amount(id).value.is_none() {
                let expr = self.contract.amount(id).expr.clone();
                self.check_kinds_over_inputs(&expr);
            }
        }
    }

    /// An expression that has no value because it uses inputs is still
    /// checked for amounts of kinds that do not go together (`4 % of
    /// net_sales + EUR 3`): computed with every input at 1 of its unit, a
    /// type or currency failure is the expression's whatever the values;
    /// other failures (a division that is inexact for some values) are not
    /// reported, since they depend on the values.
    fn check_kinds_over_inputs(&mut self, e: &amount::Expr) {
        if input::inputs_used(&self.contract, e).is_empty() {
            return;
        }
        // A failure already reported stops the check: only an expression
        // that waits for an input (upstream, silently) is checked again.
        let amounts = &self.contract.amounts;
        if e.eval(&|id| amounts[id.index()].value.clone()) != Err(amount::Failure::Upstream) {
            return;
        }
        let ones = InputValues(
            (self.contract.inputs.iter())
                .map(|i| Some(Amount::new(i.unit.clone(), rust_decimal::Decimal::ONE)))
                .collect(),
            std::collections::BTreeMap::new(),
        );
        let values = input::Valuation::new(&self.contract, ones);
        if let Err(f @ (amount::Failure::Type { .. } | amount::Failure::Currency { .. })) =
            values.eval(e)
        {
            if let Some(d) = errors::amount_failure(&f, e.span.clone()) {
                self.error(d);
            }
        }
    }

    /// The value of an expression over the named amounts computed so far,
    /// with its failure reported.
    fn evaluate(&mut self, e: &amount::Expr) -> Option<Amount> {
        let result = {
            let amounts = &self.contract.amounts;
            e.eval(&|id| amounts[id.index()].value.clone())
        };
        match result {
            Ok(v) => Some(v),
            Err(f) => {
                if let Some(d) = errors::amount_failure(&f, e.span.clone()) {
                    self.error(d);
                }
                None
            }
        }
    }

    /// A clause's `amount` line, resolved and computed; a second line is
    /// reported.
    fn clause_amount(&mut self, c: &'t ast::Clause) -> Option<ClauseAmount> {
        if let Some(second) = c.amounts.get(1) {
            let d = errors::amount_twice(&c.name.name, self.span(&second.span));
            self.error(d);
        }
        let line = c.amounts.first()?;
        let expr = self.expr(&line.expr);
        let value = self.evaluate(&expr);
        if value.is_none() {
            self.check_kinds_over_inputs(&expr);
        }
        Some(ClauseAmount {
            expr,
            value,
            span: self.span(&line.span),
        })
    }

    /// Declares a section. The same id in a later file of the chain is the
    /// same section (its heading, if given, is the newer one); twice in one
    /// file, it is a duplicate.
    fn section(&mut self, sec: &'t ast::SectionDecl) {
        let id_span = self.span(&quoted(&sec.id.span));
        let here = self.span(&sec.id.span);
        let key = (self.file, sec.id.value.as_str());
        if let Some(first) = self.sections_in_file.get(&key).cloned() {
            let d = errors::declared_twice(Declared::Section, &sec.id.value, here, first);
            self.error(d);
            if let Some(&id) = self.section_ids.get(sec.id.value.as_str()) {
                self.bind(&id_span.range, Target::Section(id), true);
            }
            return;
        }
        self.sections_in_file.insert(key, here);
        let heading = sec.heading.as_ref().map(|h| h.value.clone());
        let id = match self.section_ids.get(sec.id.value.as_str()) {
            Some(&id) => {
                let restated = &mut self.contract.sections[id.index()];
                if heading.is_some() {
                    restated.heading = heading;
                }
                id
            }
            None => {
                let id = SectionId(self.contract.sections.len() as u32);
                self.contract.sections.push(Section {
                    id: sec.id.value.clone(),
                    heading,
                    span: self.span(&sec.span),
                    id_span: id_span.clone(),
                });
                self.section_ids.insert(&sec.id.value, id);
                id
            }
        };
        self.bind(&id_span.range, Target::Section(id), true);
    }

    /// The members of each party group, resolved once every party is
    /// declared. A group restated with members in a later file of the chain
    /// takes the members the later file lists (the amendment redefines it);
    /// a duplicate in one file is reported elsewhere and changes nothing.
    fn party_groups(&mut self, tree: &'t ast::File) {
        for item in &tree.items {
            let ast::Item::Party(d) = item else { continue };
            if d.members.is_empty() {
                continue;
            }
            let first = self.names.get(&d.name.name).cloned();
            let Some(Symbol {
                kind: Kind::Party,
                id,
                span,
            }) = first
            else {
                continue;
            };
            if span.file == self.file && span.range != d.name.span {
                d.members.iter().for_each(|m| self.bind_use(m));
                continue;
            }
            let members: Vec<PartyId> = (d.members.iter())
                .filter_map(|m| self.lookup(m, Kind::Party).map(PartyId))
                .collect();
            let groups = &mut self.contract.group_members;
            if groups.len() <= id as usize {
                groups.resize(id as usize + 1, Vec::new());
            }
            groups[id as usize] = members;
        }
    }

    /// Works out the plain parties every party stands for
    /// ([`Contract::party_members`]), and reports each cycle of groups once.
    fn expand_party_groups(&mut self) {
        let n = self.contract.parties.len();
        self.contract.group_members.resize(n, Vec::new());
        let groups = &self.contract.group_members;
        let cycles = find_cycles(n, |p, k| groups[p].get(k).map(|m| m.index()));
        for cycle in cycles {
            let parties = &self.contract.parties;
            let named: Vec<(&str, Span)> = (cycle.iter())
                .map(|&i| (parties[i].name.as_str(), parties[i].name_span.clone()))
                .collect();
            let d = errors::party_group_cycle(&named);
            self.error(d);
        }
        // Each party's plain members, worked out once, members first (a
        // walk in post-order), so a long chain of groups costs its length,
        // not its square. An edge back into the walk (a cycle, reported
        // above) is skipped: the contract has an error, and the answer for
        // the groups in the loop need only be some set of parties.
        let groups = &self.contract.group_members;
        let mut memo: Vec<Option<Vec<PartyId>>> = vec![None; n];
        let mut on_path = vec![false; n];
        for root in 0..n {
            if memo[root].is_some() {
                continue;
            }
            let mut path: Vec<(usize, usize)> = vec![(root, 0)];
            on_path[root] = true;
            while let Some(&mut (node, ref mut next)) = path.last_mut() {
                if let Some(m) = groups[node].get(*next).map(|m| m.index()) {
                    *next += 1;
                    if memo[m].is_none() && !on_path[m] {
                        on_path[m] = true;
                        path.push((m, 0));
                    }
                    continue;
                }
                let mut found: Vec<PartyId> = (groups[node].iter())
                    .filter_map(|m| memo[m.index()].as_deref())
                    .flatten()
                    .copied()
                    .collect();
                found.sort_unstable();
                found.dedup();
                if groups[node].is_empty() {
                    found.push(PartyId(node as u32));
                }
                memo[node] = Some(found);
                on_path[node] = false;
                path.pop();
            }
        }
        // A group of nothing but a cycle stands for itself.
        let members: Vec<Vec<PartyId>> = (memo.into_iter().enumerate())
            .map(|(p, m)| match m {
                Some(m) if !m.is_empty() => m,
                _ => vec![PartyId(p as u32)],
            })
            .collect();
        self.contract.members = members;
    }

    /// Declares a name. The same kind of thing declared again in a later file
    /// of the chain is the same thing (the amending file restates it); declared
    /// twice in one file, or as another kind, it is a duplicate.
    fn check_new_name(&mut self, name: &'t ast::Ident, kind: Kind) -> Result<(), Option<u32>> {
        let here = self.span(&name.span);
        let earlier_here = self.declared_in_file.insert((self.file, &name.name), here);
        let Some(mut existing) = self.names.get(&name.name).cloned() else {
            return Ok(());
        };
        match earlier_here {
            // Declared twice in this file: point at the earlier one here, even
            // when an amended file declared it too.
            Some(span) => existing.span = span,
            None if existing.kind == kind && existing.span.file != self.file => {
                // Subject trees bind each of their nodes as they are walked.
                if kind != Kind::Subject {
                    self.bind(&name.span, target_of(kind, existing.id), true);
                }
                return Err(Some(existing.id));
            }
            None => {}
        }
        let again = self.span(&name.span);
        let d = if existing.kind == kind {
            errors::declared_twice(Declared::Name(kind), &name.name, again, existing.span)
        } else {
            errors::declared_as_other(&name.name, existing.kind, again, existing.span)
        };
        self.error(d);
        // Declared twice as the same kind, both declarations name one thing:
        // renaming it renames both.
        if existing.kind == kind {
            self.bind(&name.span, target_of(kind, existing.id), true);
        }
        Err(None)
    }

    fn declare(
        &mut self,
        name: &'t ast::Ident,
        kind: Kind,
        named: Named,
        list: fn(&mut Contract) -> &mut Vec<Named>,
    ) {
        match self.check_new_name(name, kind) {
            Ok(()) => {
                let list = list(&mut self.contract);
                let id = list.len() as u32;
                list.push(named);
                let span = self.span(&name.span);
                self.names.insert(&name.name, Symbol { kind, id, span });
                self.bind(&name.span, target_of(kind, id), true);
            }
            Err(Some(id)) => {
                let entry = &mut list(&mut self.contract)[id as usize];
                if named.description.is_some() {
                    entry.description = named.description;
                }
            }
            Err(None) => {}
        }
    }

    fn event(&mut self, e: &'t ast::EventDecl) {
        if self.check_new_name(&e.name, Kind::Event).is_err() {
            if let Some(by) = &e.by {
                self.bind_use(by);
            }
            return;
        }
        let by = e.by.as_ref().and_then(|p| self.lookup(p, Kind::Party));
        self.declare_event(&e.name, &e.description, &e.span, by);
    }

    /// A power declares its exercise, an event of the same name; the holder
    /// and the window resolve with the other constraints.
    fn power_event(&mut self, p: &'t ast::Power) {
        if self.check_new_name(&p.name, Kind::Event).is_ok() {
            self.declare_event(&p.name, &p.description, &p.span, None);
        }
    }

    fn declare_event(
        &mut self,
        name: &'t ast::Ident,
        description: &Option<ast::Text>,
        span: &ast::ByteSpan,
        by: Option<u32>,
    ) {
        let id = self.contract.events.len() as u32;
        let named = self.named(name, description, span);
        self.contract.events.push(Event {
            named,
            by: by.map(PartyId),
            after: Vec::new(),
            windows: Vec::new(),
            defined: None,
            run: None,
        });
        let span = self.span(&name.span);
        self.names.insert(
            &name.name,
            Symbol {
                kind: Kind::Event,
                id,
                span,
            },
        );
        self.bind(&name.span, Target::Event(EventId(id)), true);
    }

    /// Ordering constraints name other events, so they resolve after every
    /// event is declared.
    fn events_constraints(&mut self, tree: &'t ast::File) {
        for item in &tree.items {
            if let ast::Item::Power(p) = item {
                self.power(p);
                if !p.conditions.is_empty() {
                    (self.power_conditions).push((self.version, self.file, p));
                }
                continue;
            }
            let ast::Item::Event(e) = item else { continue };
            let Some(Symbol {
                kind: Kind::Event,
                id,
                span,
            }) = self.names.get(&e.name.name).cloned()
            else {
                continue;
            };
            let restated = span.file != self.file || span.range != e.name.span;
            if let (Some(t), false) = (&e.defined, restated) {
                self.threshold(id, t);
            }
            if let (Some(r), false) = (&e.run, restated) {
                self.run(id, r);
            }
            for c in &e.constraints {
                // A restatement binds its names; the first declaration
                // resolves the order.
                let Some(point) = self.point(c.point()) else {
                    continue;
                };
                if restated {
                    continue;
                }
                let event = &mut self.contract.events[id as usize];
                let span = match c {
                    EventConstraint::Within { span, .. } => span.clone(),
                    other => other.point().span.clone(),
                };
                let window = match (c, point) {
                    (EventConstraint::NotBefore(_), TimeExpr::Event(other)) => {
                        event.after.push((other, false));
                        continue;
                    }
                    (EventConstraint::After(_), TimeExpr::Event(other)) => {
                        event.after.push((other, true));
                        continue;
                    }
                    (EventConstraint::NotBefore(_), p) => Window {
                        from: Some(p),
                        ..Window::default()
                    },
                    (EventConstraint::After(_), p) => Window {
                        from: Some(TimeExpr::Offset {
                            base: Box::new(p),
                            amount: 1,
                            unit: TimeUnit::Day,
                            forward: true,
                        }),
                        ..Window::default()
                    },
                    (EventConstraint::Before(_), p) => Window {
                        until: Some(p),
                        ..Window::default()
                    },
                    (EventConstraint::Within { amount, unit, .. }, p) => {
                        let Some(n) = self.amount(amount) else {
                            continue;
                        };
                        let unit = self.unit(*unit);
                        Window::within(p, n, unit, &self.contract.calendar)
                    }
                };
                let span = Span {
                    file: self.file,
                    range: span,
                };
                self.contract.events[id as usize]
                    .windows
                    .push(EventWindow { window, span });
            }
        }
    }

    /// The clauses of one file that can be breached: a deadline (`within`,
    /// or an end of their own) and a `discharged by` event. Their windows are
    /// resolved here for `breach of` alone; what is wrong in them is
    /// reported when the clause itself is resolved, once.
    fn deadlines(&mut self, tree: &'t ast::File) {
        for item in &tree.items {
            let ast::Item::Clause(c) = item else { continue };
            // Read again when the clause itself is resolved: what this
            // reading reports or binds is taken back.
            let reported = self.diagnostics.len();
            let bound = self.bindings.mark();
            if c.every.is_empty() {
                let breach = self.breach(c);
                self.breaches.insert(&c.name.name, breach);
            } else {
                self.recurring_breaches(c);
            }
            self.diagnostics.truncate(reported);
            self.bindings.truncate(bound);
        }
    }

    /// `breach of` the clause: the day after its deadline, unless the event
    /// that discharges it comes before that day; or what it lacks, in words.
    fn breach(&mut self, c: &'t ast::Clause) -> Result<TimeExpr, &'static str> {
        const UNREADABLE: &str = "its deadline or discharge does not resolve";
        if c.discharged.is_empty() {
            return Err("no `discharged by` event that performs it");
        }
        let deadline = match c.within.first() {
            Some(w) => {
                let base = self.point(&w.base).ok_or(UNREADABLE)?;
                let n = self.amount(&w.amount).ok_or(UNREADABLE)?;
                Window::within(base, n, w.unit, &self.contract.calendar).until
            }
            None => self.window(&c.window).ok_or(UNREADABLE)?.until,
        };
        let Some(deadline) = deadline else {
            return Err("no deadline: no `within` or `until`");
        };
        let Some(discharge) = c.discharged.first() else {
            return Err("no `discharged by` event that performs it");
        };
        let event = self
            .lookup(&discharge.event, Kind::Event)
            .ok_or(UNREADABLE)?;
        Ok(TimeExpr::Unless {
            point: Box::new(deadline.clone()),
            event: EventId(event),
            before: Box::new(deadline),
        })
    }

    /// A clause's window with its deadline (`within N days after P`) and
    /// the event that discharges it (`discharged by`).
    /// Also gives the deadline of an obligation that an event discharges:
    /// the end its `within` or own `until` gives, before the discharge ends
    /// it sooner ([`Clause::deadline`]).
    fn deadline_window(
        &mut self,
        c: &'t ast::Clause,
        mut window: Window,
    ) -> Option<(Window, Option<TimeExpr>)> {
        for again in c.within.iter().skip(1) {
            let d = errors::clause_line_twice(&c.name.name, "deadline", self.span(&again.span));
            self.error(d);
        }
        for again in c.discharged.iter().skip(1) {
            let d = errors::clause_line_twice(&c.name.name, "discharge", self.span(&again.span));
            self.error(d);
        }
        if let Some(w) = c.within.first() {
            if let Some(other) = &c.window.span {
                let d =
                    errors::deadline_and_window(&c.name.name, self.span(&w.span), self.span(other));
                self.error(d);
                return None;
            }
            let base = self.point(&w.base)?;
            let n = self.amount(&w.amount)?;
            let within = Window::within(base, n, w.unit, &self.contract.calendar);
            window.from = within.from;
            window.until = within.until;
            window.span = Some(w.span.clone());
        }
        if let Some(d) = c.discharged.first() {
            let event = TimeExpr::Event(EventId(self.lookup(&d.event, Kind::Event)?));
            let obligation = c
                .norms
                .first()
                .is_some_and(|n| n.modality == Modality::Must);
            if !obligation {
                let e = errors::discharge_of_non_obligation(&c.name.name, self.span(&d.span));
                self.error(e);
                return None;
            }
            let deadline = window.until.clone();
            window.until = Some(match window.until.take() {
                Some(until) => TimeExpr::First(vec![until, event]),
                None => event,
            });
            return Some((window, deadline));
        }
        Some((window, None))
    }

    /// A power: its holder, notice and window, which becomes a window of its
    /// exercise.
    /// A power's holder, kind and notice: all that the end of the term
    /// needs, so that every power is known before any `end of term` is read.
    fn power_heads(&mut self, tree: &'t ast::File) {
        for item in &tree.items {
            let ast::Item::Power(p) = item else { continue };
            let party = p
                .grants
                .first()
                .and_then(|g| self.lookup(&g.party, Kind::Party));
            for g in p.grants.iter().skip(1) {
                self.bind_use(&g.party);
            }
            let notice = p
                .notice
                .first()
                .and_then(|n| self.amount(&n.amount).map(|a| (a, n.unit)));
            if let Some((_, unit)) = notice {
                self.unit(unit);
            }
            if p.grants.is_empty() {
                let party = self.contract.parties.first().map(|n| n.name.clone());
                let d = errors::power_without_grant(
                    &p.name.name,
                    self.span(&p.name.span),
                    party.as_deref(),
                );
                self.error(d);
            }
            if let Some(second) = p.grants.get(1) {
                let d = errors::power_twice(&p.name.name, "holder", self.span(&second.span));
                self.error(d);
            }
            if let Some(second) = p.notice.get(1) {
                let d = errors::power_twice(&p.name.name, "notice period", self.span(&second.span));
                self.error(d);
            }
            let Some(Symbol {
                kind: Kind::Event,
                id,
                span,
            }) = self.names.get(&p.name.name).cloned()
            else {
                continue;
            };
            if span.file != self.file || span.range != p.name.span {
                continue;
            }
            let (Some(party), Some(grant)) = (party, p.grants.first()) else {
                continue;
            };
            self.contract.events[id as usize].by = Some(PartyId(party));
            let named = self.contract.events[id as usize].named.clone();
            self.contract.powers.push(Power {
                named,
                sources: p.sources.iter().map(|t| t.value.clone()).collect(),
                party: PartyId(party),
                kind: grant.kind,
                notice,
                window: Window::default(),
                event: EventId(id),
                conditions: Vec::new(),
            });
        }
    }

    /// A power's window, which becomes a window of its exercise: as written,
    /// from the effective date by default, and never past the end of the
    /// term (which another power's exercise may bring about; its own effect
    /// comes on or after its exercise, so it is left out).
    fn power(&mut self, p: &'t ast::Power) {
        let window = self.window(&p.window).map(|w| self.default_from(w));
        let Some(mut window) = window else { return };
        let Some(index) = self
            .contract
            .powers
            .iter()
            .position(|q| q.named.name_span == self.span(&p.name.span))
        else {
            return;
        };
        let own = self.contract.powers[index].event;
        if let Some(end) = self.contract.term_end_apart_from(Some(own)) {
            window.until = Some(match window.until.take() {
                Some(until) => TimeExpr::First(vec![until, end]),
                None => end,
            });
        }
        let span = self.span(&p.span);
        let power = &mut self.contract.powers[index];
        power.window = window.clone();
        let event = power.event;
        self.contract.events[event.index()]
            .windows
            .push(EventWindow { window, span });
    }

    fn subject_root(&mut self, node: &'t ast::SubjectNode) {
        match self.check_new_name(&node.name, Kind::Subject) {
            Ok(()) | Err(Some(_)) => {}
            Err(None) => return,
        }
        let mut stack = vec![(None, node)];
        while let Some((parent, n)) = stack.pop() {
            let description = n.description.as_ref().map(|t| t.value.clone());
            let (id, fresh) = self.contract.subjects.add(
                parent,
                &n.name.name,
                description,
                self.file,
                n.span.clone(),
            );
            self.bind(&n.name.span, Target::Subject(id), true);
            if parent.is_none() && fresh {
                let span = self.span(&n.name.span);
                self.names.insert(
                    &n.name.name,
                    Symbol {
                        kind: Kind::Subject,
                        id: id.0,
                        span,
                    },
                );
            }
            if parent.is_some() && !fresh && self.contract.subjects.node(id).file == self.file {
                let first = self.contract.subjects.node(id).span.clone();
                let path = self.contract.subjects.node(id).path.clone();
                let d = errors::declared_twice(
                    Declared::Name(Kind::Subject),
                    &path,
                    self.span(&n.name.span),
                    Span::new(self.file, first),
                );
                self.error(d);
            }
            for child in n.children.iter().rev() {
                stack.push((Some(id), child));
            }
        }
    }

    fn quantity(&mut self, q: &'t ast::QuantityDecl) {
        if self.check_new_name(&q.name, Kind::Quantity).is_err() {
            if let Some((holder, target)) = &q.stake {
                self.bind_use(holder);
                self.bind_use(target);
            }
            return;
        }
        let ty = match &q.ty {
            ast::QuantityType::Percent => QuantityType::Percent,
            ast::QuantityType::Money(c) => QuantityType::Money(c.clone()),
            ast::QuantityType::Number => QuantityType::Number,
        };
        let stake = q.stake.as_ref().and_then(|(holder, target)| {
            let h = self.lookup(holder, Kind::Party);
            let t = self.lookup(target, Kind::Party);
            Some((PartyId(h?), PartyId(t?)))
        });
        if q.stake.is_some() && ty != QuantityType::Percent {
            let d = errors::stake_not_percent(self.span(&q.ty_span));
            self.error(d);
        }
        let id = self.contract.quantities.len() as u32;
        let named = self.named(&q.name, &q.description, &q.span);
        self.contract.quantities.push(Quantity { named, ty, stake });
        let span = self.span(&q.name.span);
        self.names.insert(
            &q.name.name,
            Symbol {
                kind: Kind::Quantity,
                id,
                span,
            },
        );
        self.bind(&q.name.span, Target::Quantity(QuantityId(id)), true);
    }

    /// Resolves a name that must be of `kind`, reporting unknown names (with a
    /// suggestion) and names of another kind.
    fn lookup(&mut self, name: &ast::Ident, kind: Kind) -> Option<u32> {
        match self.names.get(&name.name) {
            Some(s) if s.kind == kind => {
                let id = s.id;
                self.bind(&name.span, target_of(kind, id), false);
                Some(id)
            }
            Some(s) => {
                // The name stands for what it was declared as, even here.
                let target = target_of(s.kind, s.id);
                let found = s.kind;
                let declared = s.span.clone();
                self.bind(&name.span, target, false);
                let suggestion = self.names.suggest(&name.name, self.names.names_of(kind));
                let at = self.span(&name.span);
                let d = errors::wrong_kind(&name.name, kind, found, at, declared, suggestion);
                self.error(d);
                None
            }
            None => {
                if self.is_consequence(&name.name) {
                    return None;
                }
                self.unknown_name(name, kind, &name.name);
                None
            }
        }
    }

    /// Reports `name` as an unknown `kind`, with a suggestion and a fix that
    /// declares `declared` (the name, or a whole subject path to declare as
    /// a tree).
    fn unknown_name(&mut self, name: &ast::Ident, kind: Kind, declared: &str) {
        let suggestion = self.names.suggest(&name.name, self.names.names_of(kind));
        let at = self.span(&name.span);
        // An amount's declaration needs its value, which no skeleton can give.
        let fix = (kind != Kind::Amount)
            .then(|| self.declaration_place(kind))
            .flatten()
            .map(|p| errors::declaration(kind, declared, p));
        let d = errors::unknown_name(kind, &name.name, at, suggestion, fix);
        self.error(d);
    }

    /// Where a missing declaration of `kind` goes in the current file: after
    /// the last declaration of that kind, else after the last declaration of
    /// any kind, else after the header, else at the start of the file. The
    /// places are found once per file: a file of 100 000 clauses may have as
    /// many unknown names.
    fn declaration_place(&mut self, kind: Kind) -> Option<Span> {
        let file = self.file;
        if !self.declaration_places.contains_key(&file) {
            let (_, tree) = self.trees.iter().find(|(f, _)| *f == file)?;
            let mut places = DeclarationPlaces::default();
            for item in &tree.items {
                let kind = match item {
                    ast::Item::Party(_) => Kind::Party,
                    ast::Item::Action(_) => Kind::Action,
                    ast::Item::Qualifier(_) => Kind::Qualifier,
                    ast::Item::Event(_) => Kind::Event,
                    ast::Item::Subject(_) => Kind::Subject,
                    ast::Item::Quantity(_) => Kind::Quantity,
                    ast::Item::Amount(_) => Kind::Amount,
                    ast::Item::Input(_) => Kind::Input,
                    ast::Item::Header(h) => {
                        places.header.get_or_insert(h.span.clone());
                        continue;
                    }
                    _ => continue,
                };
                let index = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
                places.by_kind[index] = Some(item.span());
                places.any = Some(item.span());
            }
            self.declaration_places.insert(file, places);
        }
        let places = &self.declaration_places[&file];
        let index = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        let after = (places.by_kind[index].clone())
            .or_else(|| places.any.clone())
            .or_else(|| places.header.clone())
            .unwrap_or(0..0);
        Some(self.span(&after))
    }

    /// Reports each cycle of ordering constraints once. Even a cycle of
    /// `not before` alone, which events on one day would satisfy, is reported:
    /// it is never what the drafter meant.
    fn check_event_cycles(&mut self) {
        let events = &self.contract.events;
        let cycles = find_cycles(events.len(), |e, k| {
            events[e].after.get(k).map(|(o, _)| o.index())
        });
        for cycle in cycles {
            let events = &self.contract.events;
            let named: Vec<(&str, Span)> = cycle
                .iter()
                .map(|&i| {
                    (
                        events[i].named.name.as_str(),
                        events[i].named.name_span.clone(),
                    )
                })
                .collect();
            let d = errors::event_cycle(&named);
            self.error(d);
        }
    }

    // ------------------------------------------------------------ clauses and facts

    fn clauses_and_facts(&mut self, tree: &'t ast::File) -> Vec<PendingPrecedence<'t>> {
        let mut pending = Vec::new();
        for item in &tree.items {
            match item {
                ast::Item::Clause(c) => {
                    self.written_clauses.insert(&c.name.name);
                    let key = self.key(Space::Clause, &c.name.name);
                    self.bind(&c.name.span, Target::Clause(key), true);
                    self.clause_sections(c);
                    let clause = self.clause(c);
                    if clause.is_some() {
                        self.bindings.clause_resolved(key);
                    }
                    if !c.conditions.is_empty() {
                        (self.clause_conditions).push((self.version, self.file, clause, c));
                    }
                    pending.push(PendingPrecedence {
                        clause,
                        overrides: &c.overrides,
                        exception_to: &c.exception_to,
                        replaces: &c.replaces,
                    });
                }
                ast::Item::Fact(f) => {
                    let key = self.key(Space::Fact, &f.name.name);
                    self.bind(&f.name.span, Target::Fact(key), true);
                    let before = self.contract.facts.len();
                    self.fact(f);
                    if self.contract.facts.len() > before {
                        self.bindings.fact_resolved(key);
                    }
                }
                _ => {}
            }
        }
        pending
    }

    fn clause(&mut self, c: &'t ast::Clause) -> Option<ClauseId> {
        let norm = match c.norms.as_slice() {
            [norm] => self.norm(norm),
            [] => {
                let d = errors::clause_without_norm(
                    &c.name.name,
                    self.span(&c.name.span),
                    self.sample(),
                );
                self.error(d);
                None
            }
            [_, second, ..] => {
                let d = errors::clause_with_two_norms(&c.name.name, self.span(&second.span));
                self.error(d);
                None
            }
        };
        let recurring = !c.every.is_empty();
        let window = self.window(&c.window).and_then(|w| {
            if recurring {
                self.recurring_lines(c);
                Some((w, None))
            } else {
                self.deadline_window(c, w)
            }
        });
        let (window, deadline) = window.unzip();
        let amount = self.clause_amount(c);
        let survival = self.survival(c, window.as_ref());
        let name_clash = self.same_file_duplicate(&self.clause_names, &c.name);
        let (norm, window, survival) = (norm?, window?, survival?);
        let deadline = deadline.flatten();
        if let Some(first) = name_clash {
            let again = self.span(&c.name.span);
            let d = errors::declared_twice(Declared::Clause, &c.name.name, again, first);
            self.error(d);
            return None;
        }
        let id = ClauseId(self.contract.clauses.len() as u32);
        let named = self.named(&c.name, &c.description, &c.span);
        let window = self.default_from(window);
        let what = || format!("clause `{}`", c.name.name);
        self.check_start(what, &c.window, &window);
        self.contract.clauses.push(Clause {
            named,
            sources: c.sources.iter().map(|s| s.value.clone()).collect(),
            norm,
            window,
            // Set once every clause is known, by `end_clauses_with_term`.
            own_until: None,
            deadline,
            survival,
            overrides: Vec::new(),
            exception_to: Vec::new(),
            superseded_by: None,
            version: self.version,
            section: c.section.first().map(|t| t.value.clone()),
            refers: c.refers.iter().map(|r| r.id.value.clone()).collect(),
            // Set once every clause is known, by `fold_conditions`.
            conditions: Vec::new(),
            unconditioned: None,
            allows: (c.allows.iter())
                .map(|a| Allow {
                    code: a.code.name.clone(),
                    code_span: self.span(&a.code.span),
                    reason: a.reason.value.clone(),
                    clause_span: self.span(&c.span),
                })
                .collect(),
            amount,
            recurrence: None,
            instance_of: None,
        });
        if recurring {
            self.recurring.push((self.version, self.file, id, c));
        }
        let earlier = self.clause_names.entry(&c.name.name).or_default();
        let previous = earlier.last().copied();
        earlier.push(id);
        if let Some(old) = previous {
            self.supersede_clause(old, id);
        }
        Some(id)
    }

    /// Checks a clause's own section and the sections it cites against the
    /// declared sections, and binds each id written to its section.
    fn clause_sections(&mut self, c: &'t ast::Clause) {
        for extra in c.section.iter().skip(1) {
            let d = errors::section_twice(&c.name.name, self.span(&extra.span));
            self.error(d);
        }
        let own = c.section.first();
        if let Some(own) = own {
            self.section_use(&own.span, &own.value);
        }
        for r in &c.refers {
            let id = self.section_use(&r.id.span, &r.id.value);
            if let Some(own) = own.filter(|o| section_contains(&r.id.value, &o.value)) {
                let d = errors::section_self_reference(
                    &c.name.name,
                    &r.id.value,
                    &own.value,
                    self.span(&r.id.span),
                    self.span(&own.span),
                );
                self.error(d);
            }
            let (Some(id), Some(heading)) = (id, &r.heading) else {
                continue;
            };
            let declared = self.contract.sections[id.index()].heading.clone();
            let Some(declared) = declared else { continue };
            if same_heading(&declared, &heading.value) {
                continue;
            }
            let holder = (self.contract.sections.iter())
                .find(|s| {
                    s.heading
                        .as_deref()
                        .is_some_and(|h| same_heading(h, &heading.value))
                })
                .map(|s| s.id.as_str());
            let d = errors::section_heading_mismatch(
                &r.id.value,
                &heading.value,
                &declared,
                holder,
                self.span(&heading.span),
                self.contract.sections[id.index()].span.clone(),
            );
            self.error(d);
        }
    }

    /// A section id written in a clause: bound to its section, or reported
    /// as unknown.
    fn section_use(&mut self, span: &ast::ByteSpan, id: &str) -> Option<SectionId> {
        match self.section_ids.get(id) {
            Some(&section) => {
                self.bind(&quoted(span), Target::Section(section), false);
                Some(section)
            }
            None => {
                let known = self.contract.sections.iter().map(|s| s.id.as_str());
                let suggestion = self.names.suggest(id, known);
                let d = errors::section_unknown(id, self.span(span), suggestion);
                self.error(d);
                None
            }
        }
    }

    /// The span of an item of the same name in the current file, if any.
    fn same_file_duplicate<T: Copy>(
        &self,
        map: &FxHashMap<&'t str, Versions<T>>,
        name: &ast::Ident,
    ) -> Option<Span>
    where
        Builder<'s, 't>: ItemSpan<T>,
    {
        map.get(name.name.as_str())?
            .iter()
            .map(|&id| self.item_name_span(id))
            .find(|s| s.file == self.file)
    }

    /// A clause or fact without `from` starts at its contract's effective date.
    fn default_from(&self, mut window: Window) -> Window {
        if window.from.is_none() {
            window.from = self.contract.versions[self.version].start();
        }
        window
    }

    /// The point from which the current file's items replace earlier ones: its
    /// effective date, else the replacing item's own start, else always.
    fn cutoff(&self, replacing: &Window) -> TimeExpr {
        self.contract.versions[self.version]
            .start()
            .or_else(|| replacing.from.clone())
            .unwrap_or(TimeExpr::Day(Day::MIN))
    }

    fn supersede_clause(&mut self, old: ClauseId, new: ClauseId) {
        let cutoff = self.cutoff(&self.contract.clause(new).window.clone());
        let old_clause = &mut self.contract.clauses[old.index()];
        old_clause.superseded_by = Some(new);
        old_clause.window.until = Some(match old_clause.window.until.take() {
            Some(until) => TimeExpr::First(vec![until, cutoff]),
            None => cutoff,
        });
    }

    fn supersede_fact(&mut self, old: FactId, new: FactId) {
        let cutoff = self.cutoff(&self.contract.fact(new).window.clone());
        let old_fact = &mut self.contract.facts[old.index()];
        old_fact.superseded_by = Some(new);
        old_fact.window.until = Some(match old_fact.window.until.take() {
            Some(until) => TimeExpr::First(vec![until, cutoff]),
            None => cutoff,
        });
    }

    fn norm(&mut self, n: &ast::Norm) -> Option<Norm> {
        let party = self.lookup(&n.party, Kind::Party);
        let action = self.lookup(&n.action, Kind::Action);
        let subjects = self.subject_set(&n.subjects);
        let to: Vec<Option<u32>> = n.to.iter().map(|p| self.lookup(p, Kind::Party)).collect();
        let on: Vec<Option<u32>> =
            n.on.iter()
                .map(|q| self.lookup(q, Kind::Qualifier))
                .collect();
        let to = scope(to, PartyId);
        let on = scope(on, QualifierId);
        Some(Norm {
            exclusive: n.exclusive,
            party: PartyId(party?),
            modality: n.modality,
            action: ActionId(action?),
            subjects: subjects?,
            to: to?,
            on: on?,
            span: self.span(&n.span),
        })
    }

    fn subject_set(&mut self, s: &ast::SubjectSet) -> Option<SubjectSet> {
        let mut set = self.contract.subjects.empty_set();
        let mut ok = true;
        for atom in &s.include {
            match self.subject_atom(atom) {
                Some(part) => set.union_with(&part),
                None => ok = false,
            }
        }
        for atom in &s.except {
            match self.subject_atom(atom) {
                Some(part) => set.subtract(&part),
                None => ok = false,
            }
        }
        ok.then_some(set)
    }

    fn subject_atom(&mut self, atom: &ast::SubjectAtom) -> Option<SubjectSet> {
        match atom {
            ast::SubjectAtom::Nested(inner) => self.subject_set(inner),
            ast::SubjectAtom::Path(path) => self
                .subject_path(path)
                .map(|id| self.contract.subjects.set_of(id)),
        }
    }

    fn subject_path(&mut self, path: &ast::Ident) -> Option<SubjectId> {
        if let Some(id) = self.contract.subjects.get(&path.name) {
            self.bind_path(path.span.start, &path.name, id);
            return Some(id);
        }
        // The part of the path that exists is still a use of what it names.
        let known = (path.name.match_indices('.').rev())
            .find_map(|(dot, _)| Some((dot, self.contract.subjects.get(&path.name[..dot])?)));
        if let Some((dot, id)) = known {
            self.bind_path(path.span.start, &path.name[..dot], id);
        }
        let root = path.name.split('.').next().unwrap_or_default();
        let root_ident = ast::Ident {
            name: root.to_string(),
            span: path.span.start..path.span.start + root.len(),
        };
        if path.name.contains('.') && self.names.get(root).is_none() {
            // An unknown root of a dotted path: declaring the root alone
            // would leave the rest of the path unknown, so the fix declares
            // the path as a tree.
            if !self.is_consequence(root) {
                self.unknown_name(&root_ident, Kind::Subject, &path.name);
            }
            return None;
        }
        if !path.name.contains('.') || self.names.get(root).is_none_or(|s| s.kind != Kind::Subject)
        {
            // Unknown root, or a name of another kind: report it as such.
            self.lookup(&root_ident, Kind::Subject)?;
        }
        if self.is_consequence(root) {
            // A restatement of the tree did not parse: the path may be in it.
            return None;
        }
        let suggestion = self
            .names
            .suggest(&path.name, self.contract.subjects.paths());
        let addition = self.taxonomy_addition(&path.name);
        let at = self.span(&path.span);
        let d = errors::unknown_subject_path(&path.name, root, at, suggestion, addition);
        self.error(d);
        None
    }

    /// The fix that adds the undeclared end of `path` to its longest declared
    /// prefix, when that prefix is declared in the current file (a subject of
    /// an amended contract is not changed from here).
    fn taxonomy_addition(&self, path: &str) -> Option<crate::diagnostics::Fix> {
        let mut cut = path.len();
        let parent = loop {
            cut = path[..cut].rfind('.')?;
            if let Some(id) = self.contract.subjects.get(&path[..cut]) {
                break self.contract.subjects.node(id);
            }
        };
        if parent.file != self.file {
            return None;
        }
        let written = self.sources.text(self.file).get(parent.span.clone())?;
        let has_parts = written.trim_end().ends_with('}');
        let at = self.span(&parent.span);
        Some(errors::taxonomy_addition(
            &parent.path,
            &path[cut + 1..],
            at,
            has_parts,
        ))
    }

    /// Binds each segment of the dotted path `name` (written at `start`) to
    /// the node it leads to: in `ip.models.weights`, `models` is `ip.models`.
    ///
    /// The path resolved to `id`, so its segments are the names of `id` and
    /// its ancestors: their lengths place each segment without scanning the
    /// text for dots (which cost more than the rest of binding a path).
    fn bind_path(&mut self, start: usize, name: &str, id: SubjectId) {
        let mut end = name.len();
        let mut node = Some(id);
        while let Some(n) = node {
            let from = end.saturating_sub(self.contract.subjects.node(n).name.len());
            self.bind(&(start + from..start + end), Target::Subject(n), false);
            if from == 0 {
                break;
            }
            end = from - 1;
            node = self.contract.subjects.node(n).parent;
        }
    }

    // ------------------------------------------------------------ time

    fn window(&mut self, w: &ast::Window) -> Option<Window> {
        for extra in w.from.iter().skip(1) {
            let d = errors::start_twice(self.span(&extra.span));
            self.error(d);
        }
        for extra in w.until.iter().skip(1) {
            let d = errors::end_twice(self.span(&extra.span));
            self.error(d);
        }
        // Both ends are resolved before either failure returns, so that
        // every name in the window is bound.
        let from = w.from.first().map(|p| self.point(p));
        let until = w.until.first().map(|u| self.until(u));
        let from = match from {
            Some(p) => Some(p?),
            None => None,
        };
        let until = match until {
            // `until end of term` when the term has no end: no end at all.
            Some(Some(TimeExpr::First(never))) if never.is_empty() => None,
            Some(u) => Some(u?),
            None => None,
        };
        if let (Some(at), Some(until)) = (&w.indefinitely, w.until.first()) {
            let d = errors::end_and_indefinitely(self.span(at), self.span(&until.span));
            self.error(d);
            return None;
        }
        Some(Window {
            from,
            until,
            indefinite: w.indefinitely.is_some(),
            span: w.span.clone(),
        })
    }

    /// `pactum::window::empty`: a window whose ends are both days, the first
    /// no earlier than the end. (A clause's empty window is a dead clause,
    /// which the analyses report in every scenario.) `what` names the item
    /// in words, only when there is something to report.
    fn check_empty(
        &mut self,
        what: impl Fn() -> String,
        written: &ast::Window,
        w: &Window,
        item: &ast::ByteSpan,
    ) {
        if let (Some(TimeExpr::Day(from)), Some(TimeExpr::Day(until))) = (&w.from, &w.until) {
            if from >= until {
                let at = self.span(written.span.as_ref().unwrap_or(item));
                let written_from = !written.from.is_empty();
                let d = errors::window_empty(&what(), at, *from, *until, written_from);
                self.error(d);
            }
        }
    }

    /// `pactum::clause::before_effective`: a `from` written as a day before
    /// the effective date of the file it is written in.
    fn check_start(&mut self, what: impl Fn() -> String, written: &ast::Window, w: &Window) {
        let effective = self.contract.versions[self.version].effective;
        if let (Some(point), Some(TimeExpr::Day(from)), Some(effective)) =
            (written.from.first(), &w.from, effective)
        {
            if *from < effective {
                let at = self.span(&point.span);
                let d = errors::before_effective(&what(), at, *from, effective);
                self.error(d);
            }
        }
    }

    fn until(&mut self, u: &ast::Until) -> Option<TimeExpr> {
        let points: Option<Vec<TimeExpr>> = u
            .points
            .iter()
            .map(|p| self.point(p))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        let mut points = points?;
        if points.len() == 1 {
            return points.pop();
        }
        match u.whichever {
            Some(Whichever::First) => Some(TimeExpr::First(points)),
            Some(Whichever::Later) => Some(TimeExpr::Last(points)),
            None => {
                let d = errors::which_end(self.span(&u.span));
                self.error(d);
                None
            }
        }
    }

    fn point(&mut self, p: &ast::Point) -> Option<TimeExpr> {
        match &p.kind {
            PointKind::Date(d) => {
                let day = self.date(d);
                let file = self.file;
                self.bindings.date(file, &d.span, day, false);
                day.map(TimeExpr::Day)
            }
            PointKind::EndOf(d) => {
                let day = self.end_of(d);
                let file = self.file;
                self.bindings.date(file, &d.span, day, true);
                day.map(TimeExpr::Day)
            }
            PointKind::EndOfTerm => self.end_of_term(&p.span),
            PointKind::BreachOf(clause) => {
                // The clause named is a use of it, for go-to-definition,
                // references and rename, whether or not it can be breached.
                if let Some((&name, _)) = self.breaches.get_key_value(clause.name.as_str()) {
                    let key = self.key(Space::Clause, name);
                    self.bind(&clause.span, Target::Clause(key), false);
                }
                self.breach_point(clause)
            }
            PointKind::Event(e) => self
                .lookup(e, Kind::Event)
                .map(|id| TimeExpr::Event(EventId(id))),
            PointKind::Offset {
                amount,
                unit,
                after,
                base,
            } => {
                let n = self.amount(amount);
                let base = self.point(base);
                let unit = self.unit(*unit);
                Some(TimeExpr::offset(
                    base?,
                    n?,
                    unit,
                    *after,
                    &self.contract.calendar,
                ))
            }
            PointKind::First(items) | PointKind::Last(items) => {
                let resolved: Vec<Option<TimeExpr>> = items.iter().map(|i| self.point(i)).collect();
                let resolved: Vec<TimeExpr> = resolved.into_iter().collect::<Option<_>>()?;
                Some(if matches!(p.kind, PointKind::First(_)) {
                    TimeExpr::First(resolved)
                } else {
                    TimeExpr::Last(resolved)
                })
            }
        }
    }

    /// `breach of CLAUSE`: the clause's breach point, or an error saying why
    /// there is none.
    fn breach_point(&mut self, clause: &ast::Ident) -> Option<TimeExpr> {
        if let Some(instalment) = self.instalment_breach(clause) {
            return instalment;
        }
        match self.breaches.get(clause.name.as_str()) {
            Some(Ok(breach)) => Some(breach.clone()),
            Some(Err(missing)) => {
                let missing = *missing;
                let at = self.span(&clause.span);
                let d = errors::breach_undefined(&clause.name, missing, at);
                self.error(d);
                None
            }
            None => {
                let d = errors::breach_of_unknown(&clause.name, self.span(&clause.span));
                self.error(d);
                None
            }
        }
    }

    /// A duration's unit, noting that the contract counts business days.
    fn unit(&mut self, unit: TimeUnit) -> TimeUnit {
        self.business_days_used |= unit == TimeUnit::BusinessDay;
        unit
    }

    // ------------------------------------------------------------ calendar

    /// The `weekend` and `holiday` items of one file: the first `weekend`
    /// of the chain is the weekend rule; every holiday counts once.
    fn calendar(&mut self, tree: &'t ast::File) {
        for item in &tree.items {
            match item {
                ast::Item::Weekend(w) => {
                    let at = self.span(&w.span);
                    self.first_calendar_item.get_or_insert_with(|| at.clone());
                    let mut days = Vec::new();
                    for name in &w.days {
                        match WEEKDAYS.iter().position(|d| *d == name.name) {
                            Some(i) => days.push(i as u8),
                            None => {
                                let d = errors::unknown_weekday(&name.name, self.span(&name.span));
                                self.error(d);
                            }
                        }
                    }
                    if let Some((_, first)) = &self.weekend {
                        let d = errors::weekend_twice(at, first.clone());
                        self.error(d);
                        continue;
                    }
                    self.weekend = Some((days, at));
                }
                ast::Item::Holiday(h) => {
                    let at = self.span(&h.span);
                    self.first_calendar_item.get_or_insert_with(|| at.clone());
                    let day = self.date(&h.date);
                    let file = self.file;
                    self.bindings.date(file, &h.date.span, day, false);
                    let Some(day) = day else { continue };
                    let date_at = self.span(&h.date.span);
                    if let Some(first) = self.holidays.get(&day) {
                        let d = errors::holiday_twice(day, date_at, first.clone());
                        self.error(d);
                        continue;
                    }
                    self.holidays.insert(day, date_at);
                }
                _ => {}
            }
        }
    }

    /// The contract's calendar, once every `weekend` and `holiday` is read.
    fn finish_calendar(&mut self) {
        let mut weekend = vec![5, 6];
        if let Some((days, at)) = self.weekend.clone() {
            if (0..7).all(|d| days.contains(&d)) {
                let d = errors::no_business_day(at);
                self.error(d);
            } else {
                weekend = days;
            }
        }
        let mut holidays: Vec<(Day, Span)> =
            self.holidays.iter().map(|(d, s)| (*d, s.clone())).collect();
        holidays.sort_by_key(|(d, _)| *d);
        for (day, at) in &holidays {
            if weekend.contains(&day.weekday()) {
                let d = errors::holiday_on_weekend(*day, at.clone(), self.weekend.is_some());
                self.error(d);
            }
        }
        let days = holidays.into_iter().map(|(d, _)| d).collect();
        self.contract.calendar = std::sync::Arc::new(Calendar::new(&weekend, days));
    }

    /// `pactum::calendar::unused`: a weekend or holidays that no duration
    /// counts with.
    fn check_calendar_used(&mut self) {
        if let (Some(at), false) = (&self.first_calendar_item, self.business_days_used) {
            let d = errors::calendar_unused(at.clone());
            self.error(d);
        }
    }

    fn amount(&mut self, a: &ast::Amount) -> Option<u32> {
        let cleaned: String = a.text.chars().filter(|&c| c != '_').collect();
        match cleaned.parse::<u32>() {
            Ok(n) if n <= LONGEST_OFFSET => Some(n),
            _ => {
                let d = errors::offset_range(&a.text, self.span(&a.span), LONGEST_OFFSET);
                self.error(d);
                None
            }
        }
    }

    // ------------------------------------------------------------ term

    /// The `term` items of one file: the first of the chain is the term;
    /// any other is reported, with its window still resolved so that its
    /// names are bound.
    fn term(&mut self, tree: &'t ast::File) {
        for item in &tree.items {
            let ast::Item::Term(t) = item else { continue };
            let keyword = self.span(&t.keyword);
            let file = self.file;
            self.bindings.term(file, &t.keyword, true);
            self.in_term = true;
            let window = self.window(&t.window);
            self.in_term = false;
            if let Some(first) = self.first_term.clone() {
                let d = errors::term_twice(keyword, first);
                self.error(d);
                continue;
            }
            self.first_term = Some(keyword.clone());
            let Some(window) = window else { continue };
            let window = self.default_from(window);
            let what = || "the term".to_string();
            self.check_start(what, &t.window, &window);
            self.check_empty(what, &t.window, &window, &t.span);
            let named = Named {
                name: "term".to_string(),
                description: t.description.as_ref().map(|d| d.value.clone()),
                doc: doc_comment(self.sources.text(self.file), t.span.start),
                span: self.span(&t.span),
                name_span: keyword,
            };
            let renewal = self.renewal(t, &window);
            self.contract.term = Some(Term {
                named,
                sources: t.sources.iter().map(|s| s.value.clone()).collect(),
                window,
                renewal,
                version: self.version,
            });
        }
    }

    /// The term's `renews` line, with what can be told of it without any
    /// scenario: a second line, a term with no end to renew, a zero period,
    /// a renewal nothing stops, a notice that cannot come within the period.
    fn renewal(&mut self, t: &ast::Term, window: &Window) -> Option<Renewal> {
        let r = t.renewals.first()?;
        for again in &t.renewals[1..] {
            let d = errors::renews_twice(self.span(&again.span));
            self.error(d);
        }
        let at = self.span(&r.span);
        let business = r.period.1 == TimeUnit::BusinessDay
            || r.notice
                .as_ref()
                .is_some_and(|n| n.lead.1 == TimeUnit::BusinessDay);
        if business {
            let d = errors::renewal_in_business_days(at);
            self.error(d);
            return None;
        }
        let period = (self.amount(&r.period.0)?, r.period.1);
        if period.0 == 0 {
            let d = errors::renewal_period_zero(self.span(&r.period.0.span));
            self.error(d);
            return None;
        }
        let times = match &r.times {
            Some(t) => Some(self.amount(t)?),
            None => None,
        };
        let notice = match &r.notice {
            Some(n) => {
                let event = self.lookup(&n.event, Kind::Event);
                let lead = (self.amount(&n.lead.0)?, n.lead.1);
                Some((EventId(event?), lead))
            }
            None => None,
        };
        let Some(until) = &window.until else {
            let d = errors::renewal_without_end(at);
            self.error(d);
            return None;
        };
        let terminates = (self.contract.powers.iter())
            .any(|p| p.kind == crate::syntax::ast::PowerKind::Terminate);
        if notice.is_none() && times.is_none() && !terminates {
            let d = errors::renewal_unstoppable(at.clone());
            self.error(d);
        }
        // With dates, the deadline of each notice is known: one that falls
        // on or before the first day of its period leaves no time within it.
        if let (Some((_, lead)), Some(end)) = (notice, until.eval(&|_| None)) {
            let start = window.from.as_ref().and_then(|f| f.eval(&|_| None));
            let period_end = |k: u32| end.shift(period.0.saturating_mul(k), period.1, true);
            let renewals = times.unwrap_or(2).min(2);
            for k in 0..=renewals {
                let (begins, ends) = match k {
                    0 => match start {
                        Some(s) => (s, end),
                        None => continue,
                    },
                    _ => (period_end(k - 1), period_end(k)),
                };
                let due = ends.shift(lead.0, lead.1, false);
                if ends.in_calendar() && due <= begins {
                    let d = errors::notice_never_in_time(at.clone(), k, begins, due);
                    self.error(d);
                    break;
                }
            }
        }
        Some(Renewal {
            period,
            times,
            notice,
            span: at,
        })
    }

    /// `end of term`: the term's end, or a point that never comes when the
    /// term has none. `None` (with the error) when there is no term to name.
    fn end_of_term(&mut self, at: &ast::ByteSpan) -> Option<TimeExpr> {
        let file = self.file;
        self.bindings.term(file, at, false);
        if self.in_term {
            let d = errors::term_refers_to_itself(self.span(at));
            self.error(d);
            return None;
        }
        if self.contract.term.is_some() {
            // `first` of nothing is a point that never comes.
            return Some(
                self.contract
                    .term_end()
                    .unwrap_or(TimeExpr::First(Vec::new())),
            );
        }
        if !self.term_is_written() {
            let effective = self.contract.versions[self.version].effective;
            let d = errors::end_of_undeclared_term(self.span(at), effective);
            self.error(d);
        }
        None
    }

    /// Whether the chain writes a term, even one that did not parse or
    /// resolve (its own errors then explain what depends on it), or may
    /// write one in a file that could not be read.
    fn term_is_written(&mut self) -> bool {
        if self.first_term.is_some() || self.chain_cut {
            return true;
        }
        let sources = self.sources;
        let trees = &self.trees;
        *self.term_written.get_or_insert_with(|| {
            trees.iter().any(|&(f, _)| {
                let text = sources.text(f);
                let blanked = crate::syntax::trivia::blank(text);
                split::split_items(text).iter().any(|slice| {
                    let item = blanked.get(slice.range.clone()).unwrap_or_default();
                    let word = item.trim_start();
                    word.strip_prefix("term").is_some_and(|rest| {
                        !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                    })
                })
            })
        })
    }

    /// How a clause outlives the term, from its `survives` lines; `None`
    /// when the duration is not usable (reported).
    fn survival(&mut self, c: &ast::Clause, window: Option<&Window>) -> Option<Survival> {
        let Some(first) = c.survives.first() else {
            return Some(Survival::EndsWithTerm);
        };
        for extra in c.survives.iter().skip(1) {
            let d = errors::survives_twice(self.span(&extra.span), self.span(&first.span));
            self.error(d);
        }
        let term = self.term_is_written();
        if !term {
            let effective = self.contract.versions[self.version].effective;
            let d =
                errors::survives_undeclared_term(&c.name.name, self.span(&first.span), effective);
            self.error(d);
        }
        let Some((amount, unit)) = &first.duration else {
            // Without a term, the error above says all there is to say.
            // `unless EVENT has happened` ends the clause as `until EVENT` would.
            let ends_on_event = (c.conditions.iter())
                .any(|l| l.unless && matches!(l.cond.kind, ast::CondKind::Happened(_)));
            if term && !ends_on_event && window.is_some_and(|w| w.until.is_none() && !w.indefinite)
            {
                let d = errors::survives_without_end(&c.name.name, self.span(&first.span));
                self.error(d);
            }
            return Some(Survival::Survives);
        };
        let amount = self.amount(amount)?;
        if let Some(at) = &c.window.indefinitely {
            let d = errors::end_and_indefinitely(self.span(at), self.span(&first.span));
            self.error(d);
            return None;
        }
        Some(Survival::For {
            amount,
            unit: self.unit(*unit),
        })
    }

    /// Ends every clause with the term, unless it survives; every clause is
    /// known by now, and so is every later version's cutoff.
    fn end_clauses_with_term(&mut self) {
        let contract = &mut self.contract;
        for i in 0..contract.clauses.len() {
            let own = contract.clauses[i].window.until.take();
            let until = contract.clause_until(own.as_ref(), contract.clauses[i].survival);
            let clause = &mut contract.clauses[i];
            clause.window.until = until;
            clause.own_until = own;
        }
    }

    // ------------------------------------------------------------ conditions

    /// Folds every `when` and `unless` line into the window of its clause or
    /// power. Clauses fold in dependency order, so that `when other is
    /// active` reads the window of `other` with its own conditions folded;
    /// clauses whose conditions name each other in a loop are reported and
    /// left as written (the contract has an error, so nothing analyses it).
    fn fold_conditions(&mut self) {
        // Most contracts have no conditions: they pay nothing for the graph.
        if !self.clause_conditions.is_empty() {
            self.fold_clause_conditions();
        }
        for (version, file, p) in std::mem::take(&mut self.power_conditions) {
            self.at(version, file);
            let item = format!("power `{}`", p.name.name);
            let (lines, folds) = self.condition_lines(&p.conditions, &item);
            let name_span = self.span(&p.name.span);
            let Some(index) =
                (self.contract.powers.iter()).position(|q| q.named.name_span == name_span)
            else {
                continue;
            };
            self.contract.powers[index].conditions = lines;
            let Some(folds) = folds else { continue };
            let mut window = self.contract.powers[index].window.clone();
            let effect = self.contract.powers[index].effect(&self.contract.calendar);
            if !self.narrow_window(&mut window, folds, &item, Some(&effect)) {
                continue;
            }
            let span = self.span(&p.span);
            let power = &mut self.contract.powers[index];
            power.window = window.clone();
            let event = power.event;
            // The power's window is one of its exercise's windows: the one
            // written at the power.
            if let Some(w) =
                (self.contract.events[event.index()].windows.iter_mut()).find(|w| w.span == span)
            {
                w.window = window;
            }
        }
    }

    /// Folds the conditions of every clause, in dependency order.
    fn fold_clause_conditions(&mut self) {
        let n = self.contract.clauses.len();
        let mut narrows: Vec<Option<Vec<Narrowing>>> = vec![None; n];
        for (version, file, id, c) in std::mem::take(&mut self.clause_conditions) {
            self.at(version, file);
            let item = format!("clause `{}`", c.name.name);
            let (lines, folds) = self.condition_lines(&c.conditions, &item);
            if let Some(id) = id {
                self.contract.clauses[id.index()].conditions = lines;
                narrows[id.index()] = folds;
            }
        }
        let deps = |ns: &Option<Vec<Narrowing>>| -> Vec<(ClauseId, Span)> {
            ns.iter()
                .flatten()
                .filter_map(|x| match x.narrow {
                    Narrow::Within(b) | Narrow::Outside(b) => Some((b, x.line.clone())),
                    _ => None,
                })
                .collect()
        };
        let edges: Vec<Vec<(ClauseId, Span)>> = narrows.iter().map(deps).collect();
        for cycle in find_cycles(n, |a, k| edges[a].get(k).map(|(b, _)| b.index())) {
            let steps: Vec<(&str, Span)> = (0..cycle.len())
                .map(|k| {
                    let (a, next) = (cycle[k], cycle[(k + 1) % cycle.len()]);
                    let line = (edges[a].iter())
                        .find(|(b, _)| b.index() == next)
                        .map(|(_, s)| s.clone())
                        .unwrap_or_else(|| self.contract.clauses[a].named.name_span.clone());
                    (self.contract.clauses[a].named.name.as_str(), line)
                })
                .collect();
            let d = errors::condition_cycle(&steps);
            self.error(d);
        }
        // Kahn's order: a clause folds once every clause it names has.
        let mut waiting: Vec<usize> = edges.iter().map(Vec::len).collect();
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (a, out) in edges.iter().enumerate() {
            for (b, _) in out {
                dependents[b.index()].push(a);
            }
        }
        let mut ready: Vec<usize> = (0..n).filter(|&a| waiting[a] == 0).collect();
        while let Some(a) = ready.pop() {
            if let Some(folds) = narrows[a].take() {
                self.fold_clause(ClauseId(a as u32), folds);
            }
            for &d in &dependents[a] {
                waiting[d] -= 1;
                if waiting[d] == 0 {
                    ready.push(d);
                }
            }
        }
    }

    /// The `when` and `unless` lines of `item` (in words, "clause `a`"),
    /// resolved, and what each does to its window; `None` for the second
    /// when a line failed to resolve or cannot be folded (reported).
    fn condition_lines(
        &mut self,
        lines: &'t [ast::Condition],
        item: &str,
    ) -> (Vec<Condition>, Option<Vec<Narrowing>>) {
        let mut resolved = Vec::new();
        let mut folds = Some(Vec::new());
        for line in lines {
            let Some(cond) = self.cond(&line.cond) else {
                folds = None;
                continue;
            };
            let span = self.span(&line.span);
            let mut out = Vec::new();
            if !self.narrowings(&cond, &line.cond, !line.unless, &span, item, &mut out) {
                folds = None;
            }
            if let Some(f) = &mut folds {
                f.extend(out);
            }
            resolved.push(Condition {
                unless: line.unless,
                cond,
                span,
            });
        }
        (resolved, folds)
    }

    /// What a condition does to a window where it must hold (`positive`) or
    /// must not: an `and` of conditions that must hold, or an `or` of
    /// conditions that must not, narrows the window once per part; `not`
    /// turns one into the other. Anything else need not leave one period,
    /// and is reported: false then.
    #[allow(clippy::too_many_arguments)]
    fn narrowings(
        &mut self,
        cond: &Cond,
        written: &ast::Cond,
        positive: bool,
        line: &Span,
        item: &str,
        out: &mut Vec<Narrowing>,
    ) -> bool {
        let at = self.span(&written.span);
        let why = match (cond, &written.kind) {
            (Cond::And(parts), ast::CondKind::And(ws)) if positive => {
                return self.all_narrowings(parts, ws, positive, line, item, out);
            }
            (Cond::Or(parts), ast::CondKind::Or(ws)) if !positive => {
                return self.all_narrowings(parts, ws, positive, line, item, out);
            }
            (Cond::Not(inner), ast::CondKind::Not(w)) => {
                return self.narrowings(inner, w, !positive, line, item, out);
            }
            (Cond::Happened(e), _) => {
                let point = TimeExpr::Event(*e);
                let narrow = if positive {
                    Narrow::From(point)
                } else {
                    Narrow::Until(point)
                };
                out.push(Narrowing {
                    narrow,
                    line: line.clone(),
                    at,
                });
                return true;
            }
            (Cond::IsActive(c), _) => {
                let name = self.contract.clauses[c.index()].named.name.clone();
                if (self.clause_names.get(name.as_str())).is_some_and(|v| v.len() > 1) {
                    errors::Unsupported::Amended(name)
                } else {
                    let narrow = if positive {
                        Narrow::Within(*c)
                    } else {
                        Narrow::Outside(*c)
                    };
                    out.push(Narrowing {
                        narrow,
                        line: line.clone(),
                        at,
                    });
                    return true;
                }
            }
            (Cond::And(_), _) => errors::Unsupported::UnlessAnd,
            (Cond::Or(_), _) => errors::Unsupported::WhenOr,
            (Cond::Not(_), _) => errors::Unsupported::Norm,
            (Cond::Norm(_) | Cond::Prevails(_), _) => errors::Unsupported::Norm,
            (Cond::Compare { quantity, .. }, _) => errors::Unsupported::Value(format!(
                "`{}`",
                self.contract.quantity(*quantity).named.name
            )),
            (Cond::Stakes { target, .. }, _) => errors::Unsupported::Value(format!(
                "the stakes in `{}`",
                self.contract.party(*target).name
            )),
            // A comparison of amounts has one value today, but will depend
            // on the scenario once inputs enter amounts; it is not folded.
            (Cond::Amount(_), _) => errors::Unsupported::Value("the amounts compared".to_string()),
        };
        let d = errors::condition_unsupported(item, &why, line.clone(), at);
        self.error(d);
        false
    }

    fn all_narrowings(
        &mut self,
        parts: &[Cond],
        written: &[ast::Cond],
        positive: bool,
        line: &Span,
        item: &str,
        out: &mut Vec<Narrowing>,
    ) -> bool {
        let mut ok = true;
        for (c, w) in parts.iter().zip(written) {
            ok &= self.narrowings(c, w, positive, line, item, out);
        }
        ok
    }

    /// Folds a clause's conditions into its window, keeping the window as
    /// it was for the findings that explain a clause never in force.
    fn fold_clause(&mut self, id: ClauseId, folds: Vec<Narrowing>) {
        let clause = &self.contract.clauses[id.index()];
        let item = format!("clause `{}`", clause.named.name);
        let before = clause.window.clone();
        let mut window = before.clone();
        if !self.narrow_window(&mut window, folds, &item, None) {
            return;
        }
        let clause = &mut self.contract.clauses[id.index()];
        clause.window = window;
        clause.unconditioned = Some(before);
    }

    /// Narrows `window` by each fold: the days it is in force become those
    /// of the window on which the conditions hold, still one period (the
    /// folds were chosen so that it is). `unless CLAUSE is active` goes
    /// last, so that it sees the window the other lines leave; when what it
    /// leaves may be two periods, it is reported and false is returned.
    ///
    /// `effect` is, for a power, the day its own exercise takes effect: a
    /// clause that ends with the term ends then too, but a power is not cut
    /// by the termination it brings about itself (as in
    /// [`Contract::term_end_apart_from`]), so the clause's window is read
    /// without that end.
    fn narrow_window(
        &mut self,
        window: &mut Window,
        mut folds: Vec<Narrowing>,
        item: &str,
        effect: Option<&TimeExpr>,
    ) -> bool {
        let other_window = |c: &Contract, b: ClauseId| {
            let mut w = c.clauses[b.index()].window.clone();
            if let (Some(effect), Some(until)) = (effect, &w.until) {
                w.until = Some(without(until, effect));
            }
            w
        };
        folds.sort_by_key(|f| matches!(f.narrow, Narrow::Outside(_)));
        let mut ok = true;
        for f in folds {
            match f.narrow {
                Narrow::From(t) => window.from = Some(later(window.from.take(), t)),
                Narrow::Until(t) => window.until = Some(earlier(window.until.take(), t)),
                Narrow::Within(b) => {
                    let other = &other_window(&self.contract, b);
                    if let Some(f) = other.from.clone() {
                        window.from = Some(later(window.from.take(), f));
                    }
                    if let Some(u) = other.until.clone() {
                        window.until = Some(earlier(window.until.take(), u));
                    }
                }
                Narrow::Outside(b) => {
                    let other = other_window(&self.contract, b);
                    // The days outside `[F, U)` are those before F and those
                    // from U: one period within this window only when the
                    // other clause starts no later than this one (the days
                    // from U are left) or ends no earlier (those before F).
                    if starts_no_later(other.from.as_ref(), window.from.as_ref()) {
                        let end = other.until.unwrap_or_else(never);
                        window.from = Some(later(window.from.take(), end));
                    } else if let (Some(start), true) = (
                        other.from.clone(),
                        ends_no_later(window.until.as_ref(), other.until.as_ref()),
                    ) {
                        window.until = Some(earlier(window.until.take(), start));
                    } else {
                        let c = &self.contract;
                        let point = |p: &Option<TimeExpr>| {
                            p.as_ref()
                                .map_or("-".into(), |p| crate::print::point_as_written(c, p))
                        };
                        let why = errors::Unsupported::TwoPeriods {
                            other: c.clauses[b.index()].named.name.clone(),
                            start: point(&other.from),
                            end: point(&other.until),
                        };
                        let d = errors::condition_unsupported(item, &why, f.line, f.at);
                        self.error(d);
                        ok = false;
                    }
                }
            }
        }
        ok
    }

    // ------------------------------------------------------------ facts

    fn fact(&mut self, f: &'t ast::Fact) {
        let value = match f.values.as_slice() {
            [v] => self.fact_value(v),
            [] => {
                let d = errors::fact_without_value(
                    &f.name.name,
                    self.span(&f.name.span),
                    self.sample(),
                );
                self.error(d);
                None
            }
            [_, second, ..] => {
                let d = errors::fact_with_two_values(&f.name.name, self.span(&second.span));
                self.error(d);
                None
            }
        };
        let window = self.window(&f.window);
        let clash = self.same_file_duplicate(&self.fact_names, &f.name);
        let ((quantity, value, value_span), window) = match (value, window) {
            (Some(v), Some(w)) => (v, w),
            _ => return,
        };
        if let Some(first) = clash {
            let again = self.span(&f.name.span);
            let d = errors::declared_twice(Declared::Fact, &f.name.name, again, first);
            self.error(d);
            return;
        }
        let id = FactId(self.contract.facts.len() as u32);
        let named = self.named(&f.name, &f.description, &f.span);
        let window = self.default_from(window);
        let what = || format!("fact `{}`", f.name.name);
        self.check_start(what, &f.window, &window);
        self.check_empty(what, &f.window, &window, &f.span);
        self.contract.facts.push(Fact {
            named,
            sources: f.sources.iter().map(|s| s.value.clone()).collect(),
            quantity,
            value,
            value_span,
            window,
            superseded_by: None,
            version: self.version,
        });
        let versions = self.fact_names.entry(&f.name.name).or_default();
        let previous = versions.last().copied();
        versions.push(id);
        if let Some(old) = previous {
            self.supersede_fact(old, id);
        }
    }

    fn fact_value(&mut self, v: &'t ast::FactValue) -> Option<(QuantityId, Value, Span)> {
        let quantity = self.lookup(&v.quantity, Kind::Quantity).map(QuantityId);
        let value = self.value(&v.value);
        let (quantity, value) = (quantity?, value?);
        let ty = self.contract.quantity(quantity).ty.clone();
        self.check_value_type(&ty, &value, &v.value.span, &v.quantity.name)?;
        Some((quantity, value, self.span(&v.value.span)))
    }

    fn value(&mut self, v: &'t ast::Value) -> Option<Value> {
        match Value::from_ast(&v.kind) {
            Ok(value) => Some(value),
            Err(ValueError::PercentRange(p)) => {
                let d = errors::percent_range(p, self.span(&v.span));
                self.error(d);
                None
            }
            Err(ValueError::TooLarge) => {
                let d = errors::number_too_large(self.span(&v.span));
                self.error(d);
                None
            }
        }
    }

    fn check_value_type(
        &mut self,
        ty: &QuantityType,
        value: &Value,
        span: &ast::ByteSpan,
        quantity: &str,
    ) -> Option<()> {
        let expected = match (ty, value) {
            (_, Value::Tbd) => return Some(()),
            (QuantityType::Percent, Value::Percent { .. })
            | (QuantityType::Number, Value::Number { .. }) => return Some(()),
            (QuantityType::Money(None), Value::Money { .. }) => return Some(()),
            (QuantityType::Money(Some(c)), Value::Money { currency, .. }) if c == currency => {
                return Some(())
            }
            (QuantityType::Money(Some(c)), Value::Money { .. }) => format!("an amount in {c}"),
            (QuantityType::Percent, _) => "a percentage".to_string(),
            (QuantityType::Money(_), _) => "an amount of money".to_string(),
            (QuantityType::Number, _) => "a number".to_string(),
        };
        let found = match value {
            Value::Money { currency, .. } => format!("an amount in {currency}"),
            other => other.kind_words().to_string(),
        };
        let d = errors::value_type(&expected, &found, quantity, ty, self.span(span));
        self.error(d);
        None
    }

    // ------------------------------------------------------------ precedence

    fn precedence(&mut self, p: PendingPrecedence<'t>) {
        let overrides: Vec<ClauseId> = p
            .overrides
            .iter()
            .filter_map(|n| self.clause_ref(n, "overrides"))
            .collect();
        let exceptions: Vec<ClauseId> = p
            .exception_to
            .iter()
            .filter_map(|n| self.clause_ref(n, "exception to"))
            .collect();
        let replaced: Vec<ClauseId> = p
            .replaces
            .iter()
            .filter_map(|n| self.clause_ref(n, "replaces"))
            .collect();
        let Some(id) = p.clause else { return };
        let clause = &mut self.contract.clauses[id.index()];
        clause
            .overrides
            .extend(overrides.iter().chain(&exceptions).copied());
        clause.exception_to.extend(exceptions);
        for old in replaced {
            if old != id {
                self.supersede_clause(old, id);
            }
        }
    }

    fn clause_ref(&mut self, name: &ast::Ident, keyword: &str) -> Option<ClauseId> {
        let keys: &FxHashMap<(Space, &str), NameKey> = &self.keys;
        if let Some(&key) = keys.get(&(Space::Clause, name.name.as_str())) {
            self.bind(&name.span, Target::Clause(key), false);
        }
        if let Some(id) = self
            .clause_names
            .get(name.name.as_str())
            .and_then(|v| v.last())
        {
            return Some(*id);
        }
        if self.written_clauses.contains(name.name.as_str()) || self.is_consequence(&name.name) {
            // The clause exists but did not resolve, or may exist where an
            // earlier error hides it; those errors say why.
            return None;
        }
        let suggestion = (self.names).suggest(&name.name, self.written_clauses.iter().copied());
        let d = errors::missing_clause(keyword, &name.name, self.span(&name.span), suggestion);
        self.error(d);
        None
    }

    // ------------------------------------------------------------ assertions

    fn assertions(&mut self, tree: &'t ast::File) {
        let mut seen: FxHashMap<String, Span> = self
            .contract
            .assertions
            .iter()
            .filter(|a| a.named.span.file == self.file)
            .map(|a| (a.named.name.clone(), a.named.name_span.clone()))
            .collect();
        for item in &tree.items {
            let ast::Item::Assert(a) = item else { continue };
            let key = self.key(Space::Assert, &a.name.name);
            self.bind(&a.name.span, Target::Assert(key), true);
            let cond = a.cond.as_ref().map(|c| self.cond(c));
            let window = self.window(&a.window);
            if let Some(first) = seen.get(&a.name.name) {
                let again = self.span(&a.name.span);
                let d =
                    errors::declared_twice(Declared::Assertion, &a.name.name, again, first.clone());
                self.error(d);
                continue;
            }
            seen.insert(a.name.name.clone(), self.span(&a.name.span));
            // `cond` is None for `no conflicts`, Some(None) when it failed to resolve.
            let (Some(cond), Some(window)) = (cond.map_or(Some(None), |c| c.map(Some)), window)
            else {
                continue;
            };
            let kind = match a.kind {
                ast::AssertKind::Always => AssertKind::Always,
                ast::AssertKind::Never => AssertKind::Never,
                ast::AssertKind::Exactly => AssertKind::Exactly,
                ast::AssertKind::NoConflicts => AssertKind::NoConflicts,
            };
            let named = self.named(&a.name, &a.description, &a.span);
            self.contract.assertions.push(Assertion {
                named,
                sources: a.sources.iter().map(|s| s.value.clone()).collect(),
                kind,
                cond,
                window,
            });
        }
    }

    fn coverages(&mut self, tree: &'t ast::File) {
        for item in &tree.items {
            let ast::Item::Cover(c) = item else { continue };
            let key = self.key(Space::Cover, &c.name.name);
            self.bind(&c.name.span, Target::Cover(key), true);
            let window = self.window(&c.window);
            if let Some(w) = &window {
                let what = || format!("cover `{}`", c.name.name);
                let w = self.default_from(w.clone());
                self.check_empty(what, &c.window, &w, &c.span);
            }
            if c.targets.is_empty() {
                let d = errors::cover_without_target(
                    &c.name.name,
                    self.span(&c.name.span),
                    self.sample(),
                );
                self.error(d);
            }
            for t in &c.targets {
                let party = self.lookup(&t.party, Kind::Party);
                let action = self.lookup(&t.action, Kind::Action);
                let subjects = self.subject_set(&t.subjects);
                let (Some(party), Some(action), Some(subjects), Some(window)) =
                    (party, action, subjects, window.clone())
                else {
                    continue;
                };
                let named = self.named(&c.name, &c.description, &c.span);
                let window = self.default_from(window);
                self.contract.coverages.push(Coverage {
                    named,
                    sources: c.sources.iter().map(|s| s.value.clone()).collect(),
                    party: PartyId(party),
                    action: ActionId(action),
                    subjects,
                    target_span: self.span(&t.span),
                    window,
                });
            }
        }
    }

    fn cond(&mut self, c: &'t ast::Cond) -> Option<Cond> {
        match &c.kind {
            ast::CondKind::Or(parts) | ast::CondKind::And(parts) => {
                let resolved: Vec<Option<Cond>> = parts.iter().map(|p| self.cond(p)).collect();
                let resolved: Vec<Cond> = resolved.into_iter().collect::<Option<_>>()?;
                Some(if matches!(c.kind, ast::CondKind::Or(_)) {
                    Cond::Or(resolved)
                } else {
                    Cond::And(resolved)
                })
            }
            ast::CondKind::Not(inner) => Some(Cond::Not(Box::new(self.cond(inner)?))),
            ast::CondKind::Norm(n) => self.norm(n).map(Cond::Norm),
            ast::CondKind::Prevails(n) => self.norm(n).map(Cond::Prevails),
            ast::CondKind::IsActive(name) => self.clause_ref(name, "is active").map(Cond::IsActive),
            ast::CondKind::Happened(e) => self
                .lookup(e, Kind::Event)
                .map(|id| Cond::Happened(EventId(id))),
            ast::CondKind::Compare {
                quantity,
                op,
                value,
            } => {
                let q = self.lookup(quantity, Kind::Quantity).map(QuantityId);
                let v = self.value(value);
                let (q, v) = (q?, v?);
                let ty = self.contract.quantity(q).ty.clone();
                self.check_value_type(&ty, &v, &value.span, &quantity.name)?;
                Some(Cond::Compare {
                    quantity: q,
                    op: *op,
                    value: v,
                })
            }
            ast::CondKind::Amount(left, op, right) => {
                // Both sides are computed now, so that a kind or currency
                // mismatch is reported here, as in any amount.
                let (mut left, mut right) = (self.expr(left), self.expr(right));
                let place = "an assertion";
                if self.no_period(&left, place, false) | self.no_period(&right, place, false) {
                    return None;
                }
                self.sums_now(&mut left);
                self.sums_now(&mut right);
                // A sum that depends on the scenario leaves the comparison
                // to a scenario: the verifier says it is undecided, and why.
                if let Some(why) = undecided_sum(&left).or_else(|| undecided_sum(&right)) {
                    return Some(Cond::Amount(AmountCmp {
                        left,
                        op: *op,
                        right,
                        undecided: Some(why),
                        fixed: None,
                    }));
                }
                // Over inputs, the comparison is decided for every value
                // of them at once, or left undecided with the reason.
                if !input::inputs_used(&self.contract, &left).is_empty()
                    || !input::inputs_used(&self.contract, &right).is_empty()
                {
                    let (undecided, fixed) = match input::decide(&self.contract, &left, *op, &right)
                    {
                        Ok(input::Decision::Always(holds)) => (None, Some(holds)),
                        Ok(input::Decision::Depends(why, _)) => (Some(why), None),
                        Ok(input::Decision::Broken) => return None,
                        Err(f) => {
                            if let Some(d) = errors::amount_failure(&f, left.span.clone()) {
                                self.error(d);
                            }
                            return None;
                        }
                    };
                    return Some(Cond::Amount(AmountCmp {
                        left,
                        op: *op,
                        right,
                        undecided,
                        fixed,
                    }));
                }
                let l = self.evaluate(&left)?;
                let r = self.evaluate(&right)?;
                if let Err(f) = amount::comparable(op.as_str(), (&left.span, &l), (&right.span, &r))
                {
                    if let Some(d) = errors::amount_failure(&f, left.span.clone()) {
                        self.error(d);
                    }
                    return None;
                }
                Some(Cond::Amount(AmountCmp {
                    left,
                    op: *op,
                    right,
                    undecided: None,
                    fixed: None,
                }))
            }
            ast::CondKind::Stakes { target, op, value } => {
                let t = self.lookup(target, Kind::Party).map(PartyId);
                let v = self.value(value);
                let (t, v) = (t?, v?);
                self.check_value_type(&QuantityType::Percent, &v, &value.span, "stakes")?;
                Some(Cond::Stakes {
                    target: t,
                    op: *op,
                    value: v,
                })
            }
        }
    }
}

/// The point `p` with every occurrence of the point `gone` taken to never
/// come: the earliest of points no longer counts it.
fn without(p: &TimeExpr, gone: &TimeExpr) -> TimeExpr {
    if p == gone {
        return never();
    }
    match p {
        TimeExpr::First(items) => {
            let mut kept: Vec<TimeExpr> = items.iter().map(|i| without(i, gone)).collect();
            kept.retain(|i| !matches!(i, TimeExpr::First(v) if v.is_empty()));
            match kept.len() {
                1 => kept.pop().unwrap_or_else(never),
                _ => TimeExpr::First(kept),
            }
        }
        TimeExpr::Last(items) => TimeExpr::Last(items.iter().map(|i| without(i, gone)).collect()),
        TimeExpr::Offset {
            base,
            amount,
            unit,
            forward,
        } => TimeExpr::Offset {
            base: Box::new(without(base, gone)),
            amount: *amount,
            unit: *unit,
            forward: *forward,
        },
        other => other.clone(),
    }
}

/// A point that never comes: the earliest of no points.
/// Why a sum in `e` has no value without a scenario, if one has none.
fn undecided_sum(e: &amount::Expr) -> Option<String> {
    let mut why = None;
    e.visit(&mut |x| {
        if let amount::ExprKind::Sum(s) = &x.kind {
            if s.value.is_none() && why.is_none() {
                why.clone_from(&s.why);
            }
        }
    });
    why
}

fn never() -> TimeExpr {
    TimeExpr::First(Vec::new())
}

/// The later of a window's start (`None`: it reaches back forever) and a
/// point, written as simply as the two allow: a point known to come no later
/// than another is left out.
fn later(start: Option<TimeExpr>, point: TimeExpr) -> TimeExpr {
    match start {
        None => point,
        Some(s) => simplest(s, point, false),
    }
}

/// The earlier of a window's end (`None`: it never ends) and a point.
fn earlier(end: Option<TimeExpr>, point: TimeExpr) -> TimeExpr {
    match end {
        None => point,
        Some(e) => simplest(e, point, true),
    }
}

/// The earliest (`first`) or latest of `a`'s points and `b`, dropping each
/// point that another one decides in every scenario.
fn simplest(a: TimeExpr, b: TimeExpr, first: bool) -> TimeExpr {
    let mut items = match a {
        TimeExpr::First(v) if first && !v.is_empty() => v,
        TimeExpr::Last(v) if !first && !v.is_empty() => v,
        other => vec![other],
    };
    items.push(b);
    let mut kept: Vec<TimeExpr> = Vec::with_capacity(items.len());
    for (k, i) in items.iter().enumerate() {
        // Dropped when another point (the earlier one, if two are the same)
        // always comes before it for `first`, after it for `last`.
        let decided = items.iter().enumerate().any(|(j, o)| {
            j != k
                && (if first {
                    no_later(o, i)
                } else {
                    no_later(i, o)
                })
                && (j < k
                    || !(if first {
                        no_later(i, o)
                    } else {
                        no_later(o, i)
                    }))
        });
        if !decided {
            kept.push(i.clone());
        }
    }
    // Points known to fall on one day each decide the other only once; a
    // loop of such facts could in principle leave none, so keep them all.
    if kept.is_empty() {
        kept = items;
    }
    match kept.len() {
        1 => kept.pop().unwrap_or_else(never),
        _ if first => TimeExpr::First(kept),
        _ => TimeExpr::Last(kept),
    }
}

/// Whether the start `a` comes no later than the start `b` in every
/// scenario (`None` reaches back forever; a start that never comes is after
/// every day).
fn starts_no_later(a: Option<&TimeExpr>, b: Option<&TimeExpr>) -> bool {
    match (a, b) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => no_later(a, b),
    }
}

/// Whether the end `a` comes no later than the end `b` in every scenario
/// (`None` never ends).
fn ends_no_later(a: Option<&TimeExpr>, b: Option<&TimeExpr>) -> bool {
    match (a, b) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => no_later(a, b),
    }
}

/// Whether point `x` falls on or before point `y` in every scenario, a point
/// that never comes counting as after every day. Only what follows from the
/// form of the two points is known (the same point, two days, the earliest
/// or latest of points, an offset after a point); `false` means "not known",
/// never a guess.
fn no_later(x: &TimeExpr, y: &TimeExpr) -> bool {
    if x == y {
        return true;
    }
    let by_y = match y {
        TimeExpr::Day(b) => matches!(x, TimeExpr::Day(a) if a <= b),
        // The latest of points is on or after each of them.
        TimeExpr::Last(items) => items.iter().any(|i| no_later(x, i)),
        // The earliest is on or after x when each of them is (never, if none).
        TimeExpr::First(items) => items.iter().all(|i| no_later(x, i)),
        TimeExpr::Offset {
            base,
            forward: true,
            ..
        } => no_later(x, base),
        _ => false,
    };
    by_y || match x {
        TimeExpr::First(items) => items.iter().any(|i| no_later(i, y)),
        TimeExpr::Last(items) => !items.is_empty() && items.iter().all(|i| no_later(i, y)),
        TimeExpr::Offset {
            base,
            forward: false,
            ..
        } => no_later(base, y),
        _ => false,
    }
}

/// The target a declared name of `kind` with this id stands for.
fn target_of(kind: Kind, id: u32) -> Target {
    match kind {
        Kind::Party => Target::Party(PartyId(id)),
        Kind::Action => Target::Action(ActionId(id)),
        Kind::Qualifier => Target::Qualifier(QualifierId(id)),
        Kind::Event => Target::Event(EventId(id)),
        Kind::Subject => Target::Subject(SubjectId(id)),
        Kind::Quantity => Target::Quantity(QuantityId(id)),
        Kind::Amount => Target::Amount(AmountId(id)),
        Kind::Input => Target::Input(InputId(id)),
    }
}

/// The span of a string literal's text, between its quotes, so that a
/// rename replaces the text and keeps the quotes.
fn quoted(span: &ast::ByteSpan) -> ast::ByteSpan {
    if span.end >= span.start + 2 {
        span.start + 1..span.end - 1
    } else {
        span.clone()
    }
}

/// Whether two headings are the same heading: letter case and runs of blanks
/// do not tell headings apart ("Binding  effect" is "Binding Effect").
fn same_heading(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> { s.split_whitespace().map(str::to_lowercase).collect() };
    words(a) == words(b)
}

/// Resolved members of a `to` or `on` list: `Some(None)` when nothing is
/// listed (all), `None` when a member did not resolve.
fn scope<T>(ids: Vec<Option<u32>>, make: fn(u32) -> T) -> Option<Scope<T>> {
    if ids.is_empty() {
        return Some(None);
    }
    let ids: Option<Vec<u32>> = ids.into_iter().collect();
    ids.map(|v| Some(v.into_iter().map(make).collect()))
}

/// The cycles of a directed graph on nodes `0..nodes`, one per strongly
/// connected component that has one, each as the nodes along it.
/// `successor(n, k)` is the `k`-th edge out of `n`, so callers need not build
/// the graph. Iterative, so a long chain of events cannot overflow the stack.
pub fn find_cycles(
    nodes: usize,
    successor: impl Fn(usize, usize) -> Option<usize>,
) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; nodes];
    let mut cycles = Vec::new();
    for root in 0..nodes {
        if mark[root] != Mark::New {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(succ) = successor(node, *next) {
                *next += 1;
                match mark[succ] {
                    Mark::New => {
                        mark[succ] = Mark::OnPath;
                        path.push((succ, 0));
                    }
                    Mark::OnPath => {
                        let from = path.iter().position(|(n, _)| *n == succ).unwrap_or(0);
                        cycles.push(path[from..].iter().map(|(n, _)| *n).collect());
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                path.pop();
            }
        }
    }
    cycles
}

/// Where a clause's or fact's name was written, to point at duplicates.
trait ItemSpan<T> {
    fn item_name_span(&self, id: T) -> Span;
}

impl ItemSpan<ClauseId> for Builder<'_, '_> {
    fn item_name_span(&self, id: ClauseId) -> Span {
        self.contract.clause(id).named.name_span.clone()
    }
}

impl ItemSpan<FactId> for Builder<'_, '_> {
    fn item_name_span(&self, id: FactId) -> Span {
        self.contract.fact(id).named.name_span.clone()
    }
}

/// The `///` lines directly above `offset`, joined, without their markers;
/// `syntax::trivia` reads them, as it reads every comment.
pub fn doc_comment(text: &str, offset: usize) -> Option<String> {
    crate::syntax::trivia::doc_comment(text, offset)
}

/// The names that the declarations written in `text` but missing from its
/// syntax `tree` (they did not parse) would declare: parties, actions,
/// qualifiers, events, subject roots, quantities and clause ids. The name is
/// read from the start of the item, as the splitter cuts the file, which a
/// syntax error later in the item does not hide.
fn broken_declarations<'a>(text: &'a str, tree: &ast::File) -> Vec<&'a str> {
    // Where the parsed items start, in order; an item's span may begin after
    // its keyword (a subject's begins at its name), but always in its slice.
    let mut parsed: Vec<usize> = tree.items.iter().map(|i| i.span().start).collect();
    parsed.sort_unstable();
    let blanked = crate::syntax::trivia::blank(text);
    let word_len = |from: usize, to: usize| {
        blanked.as_bytes()[from..to]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count()
    };
    let mut names = Vec::new();
    for slice in split::split_items(text) {
        let Some(item) = blanked.get(slice.range.clone()) else {
            continue;
        };
        let first_after = parsed.partition_point(|&p| p < slice.range.start);
        if parsed
            .get(first_after)
            .is_some_and(|&p| p < slice.range.end)
        {
            continue;
        }
        let at = slice.range.start + (item.len() - item.trim_start().len());
        let keyword = &blanked[at..at + word_len(at, slice.range.end)];
        if keyword != "clause" && !Kind::ALL.iter().any(|k| k.word() == keyword) {
            continue;
        }
        let after = &blanked[at + keyword.len()..slice.range.end];
        let gap = after.len() - after.trim_start().len();
        let name_at = at + keyword.len() + gap;
        let name_len = word_len(name_at, slice.range.end);
        // The blanked copy matches the text byte for byte outside comments,
        // so the name is taken from the text, which outlives the copy.
        if gap > 0 && name_len > 0 {
            names.extend(text.get(name_at..name_at + name_len));
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::broken_declarations;
    use crate::source::FileId;

    #[test]
    fn only_declarations_that_did_not_parse_are_broken() {
        let text = "/// The vendor.\nparty vendor \"Vendor\" region eu\naction host\n\
                    subject models { weights, code; }\nclause hosting { vendor may host }\n\
                    clause kept { vendor may host models }\nfact f { q = 1 % oops }\n";
        let (tree, diagnostics) = crate::syntax::parse(FileId(0), text);
        assert!(!diagnostics.is_empty());
        let mut broken = broken_declarations(text, &tree);
        broken.sort_unstable();
        // `fact` names nothing that is looked up; `host` and `kept` parsed.
        assert_eq!(broken, ["hosting", "models", "vendor"]);
    }
}

#[cfg(test)]
mod folding {
    use super::{earlier, later, never, no_later, without};
    use crate::model::{Day, EventId, TimeExpr};
    use crate::syntax::ast::TimeUnit;

    fn day(s: &str) -> TimeExpr {
        TimeExpr::Day(Day::parse(s).expect("valid date"))
    }
    fn event(i: u32) -> TimeExpr {
        TimeExpr::Event(EventId(i))
    }
    fn after(base: TimeExpr, days: u32) -> TimeExpr {
        TimeExpr::Offset {
            base: Box::new(base),
            amount: days,
            unit: TimeUnit::Day,
            forward: true,
        }
    }

    #[test]
    fn no_later_knows_only_what_the_form_of_the_points_says() {
        assert!(no_later(&day("2020-01-01"), &day("2020-01-01")));
        assert!(no_later(&day("2020-01-01"), &day("2021-01-01")));
        assert!(!no_later(&day("2021-01-01"), &day("2020-01-01")));
        // An event may come on any day: nothing is known against a date.
        assert!(!no_later(&day("2020-01-01"), &event(0)));
        assert!(!no_later(&event(0), &day("2020-01-01")));
        // An offset after a point, the latest of points, the earliest.
        assert!(no_later(&event(0), &after(event(0), 30)));
        let latest = TimeExpr::Last(vec![event(0), day("2020-01-01")]);
        assert!(no_later(&day("2019-06-01"), &latest) && no_later(&event(0), &latest));
        let earliest = TimeExpr::First(vec![event(0), day("2020-01-01")]);
        assert!(no_later(&earliest, &day("2020-01-01")) && no_later(&earliest, &event(0)));
        assert!(!no_later(&day("2020-01-01"), &earliest));
        // Never comes after every day, and every point is no later than it.
        assert!(no_later(&event(0), &never()) && !no_later(&never(), &event(0)));
    }

    #[test]
    fn later_and_earlier_leave_out_points_that_never_decide() {
        assert_eq!(later(None, event(0)), event(0));
        assert_eq!(
            later(Some(day("2020-01-01")), day("2021-01-01")),
            day("2021-01-01")
        );
        assert_eq!(
            later(Some(day("2020-01-01")), event(0)),
            TimeExpr::Last(vec![day("2020-01-01"), event(0)])
        );
        // A third point that an earlier one already decides is left out.
        let start = later(Some(day("2020-01-01")), event(0));
        assert_eq!(
            later(Some(start), day("2021-01-01")),
            TimeExpr::Last(vec![event(0), day("2021-01-01")])
        );
        assert_eq!(
            earlier(Some(day("2030-01-01")), after(day("2030-01-01"), 1)),
            day("2030-01-01")
        );
        assert_eq!(
            earlier(Some(day("2030-01-01")), event(1)),
            TimeExpr::First(vec![day("2030-01-01"), event(1)])
        );
        // A point that never comes decides no earliest.
        assert_eq!(earlier(Some(never()), event(1)), event(1));
    }

    #[test]
    fn without_takes_a_point_to_never_come() {
        let effect = after(event(2), 60);
        let end = TimeExpr::First(vec![day("2030-01-01"), effect.clone()]);
        assert_eq!(without(&end, &effect), day("2030-01-01"));
        assert_eq!(without(&effect, &effect), never());
        assert_eq!(without(&event(1), &effect), event(1));
    }
}
