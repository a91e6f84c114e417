//! Every diagnostic the analyses produce, built here and nowhere else: one
//! constructor per code, so that a code's message, labels and help cannot
//! drift apart between the places that find it (as Cedar builds each
//! validation finding from one type). The analyses decide *what* they found
//! and hand the facts over; this module decides how it reads.
//!
//! Help speaks of the user's own contract: it names the contract's clauses,
//! events and dates, never those of an example.

use chrono::Datelike;

use super::conflicts::{Conflict, Item};
use super::gaps::window_span;
use super::verify::Counterexample;
use super::when::{self, Found};
use crate::diagnostics::{Change, Code, Diagnostic, Fix, Span};
use crate::model::{
    AssertKind, Assertion, ClauseId, Contract, Coverage, Day, EventId, FactId, PartyId, Power,
    SubjectSet, Survival,
};
use crate::print;
use crate::semantics::points::{Exhausted, TooManyScenarios};
use crate::semantics::{Apart, Scenario};

// ------------------------------------------------------------- conflicts

/// `pactum::conflict::*`: two norms that cannot both be honoured, or two
/// values of one quantity, at once. The primary label marks the item the
/// help suggests changing, the secondary one the item it conflicts with.
pub fn conflict(contract: &Contract, c: &Conflict) -> Diagnostic {
    let when = c.found.describe(contract);
    match (c.primary, c.other) {
        (Item::Clause(a), Item::Clause(b)) if c.code == Code::ConflictExclusive => {
            exclusive_conflict(contract, a, b, &when)
        }
        (Item::Clause(a), Item::Clause(b)) => prohibition_conflict(contract, c.code, a, b, &when),
        (Item::Fact(a), Item::Fact(b)) => fact_conflict(contract, a, b, &when),
        // The search pairs clauses with clauses and facts with facts only.
        (a, b) => Diagnostic::new(
            c.code,
            format!(
                "`{}` conflicts with `{}` {when}",
                item_name(contract, a),
                item_name(contract, b)
            ),
        )
        .with_label(item_span(contract, a), "conflicts")
        .with_label(item_span(contract, b), "conflicts with this"),
    }
}

fn item_name(contract: &Contract, item: Item) -> &str {
    match item {
        Item::Clause(c) => &contract.clause(c).named.name,
        Item::Fact(f) => &contract.fact(f).named.name,
    }
}

fn item_span(contract: &Contract, item: Item) -> Span {
    match item {
        Item::Clause(c) => contract.clause(c).norm.span.clone(),
        Item::Fact(f) => contract.fact(f).value_span.clone(),
    }
}

/// `pactum::conflict::permission_prohibition` and
/// `pactum::conflict::obligation_prohibition`: `code` says which.
fn prohibition_conflict(
    contract: &Contract,
    code: Code,
    a: ClauseId,
    b: ClauseId,
    when: &str,
) -> Diagnostic {
    let (ca, cb) = (contract.clause(a), contract.clause(b));
    let (na, nb) = (&ca.norm, &cb.norm);
    let what = when::paths(contract, &na.subjects.intersect(&nb.subjects));
    let action = &contract.action(na.action).name;
    // Norms of a group and of its member conflict over the member's acts.
    let bound = match na.party == nb.party {
        true => na.party,
        false => (contract.shared_member(na.party, nb.party)).unwrap_or(na.party),
    };
    let party = &contract.party(bound).name;
    let both = if code == Code::ConflictObligationProhibition {
        "must and must not"
    } else {
        "may and must not"
    };
    Diagnostic::new(
        code,
        format!(
            "clauses `{}` and `{}` conflict: `{party}` {both} `{action}` {what} {when}",
            ca.named.name, cb.named.name
        ),
    )
    .with_label(
        na.span.clone(),
        format!("`{party}` {} `{action}` this", na.modality.words()),
    )
    .with_label(nb.span.clone(), "conflicts with this")
    .with_help(clause_conflict_help(contract, a, b))
    .with_fixes(exception_fixes(contract, a, b))
}

/// `pactum::conflict::exclusive`: `a` is the other party's norm, `b` the
/// exclusive right.
fn exclusive_conflict(contract: &Contract, a: ClauseId, b: ClauseId, when: &str) -> Diagnostic {
    let (ca, cb) = (contract.clause(a), contract.clause(b));
    let (na, nb) = (&ca.norm, &cb.norm);
    let what = when::paths(contract, &na.subjects.intersect(&nb.subjects));
    let action = &contract.action(na.action).name;
    let party = &contract.party(na.party).name;
    let owner = &contract.party(nb.party).name;
    Diagnostic::new(
        Code::ConflictExclusive,
        format!(
            "clauses `{}` and `{}` conflict: `{owner}` has the exclusive right to `{action}` \
             {what}, yet `{party}` {} too, {when}",
            ca.named.name,
            cb.named.name,
            na.modality.words()
        ),
    )
    .with_label(
        na.span.clone(),
        format!("`{party}` {} `{action}` this", na.modality.words()),
    )
    .with_label(nb.span.clone(), "conflicts with this")
    .with_help(clause_conflict_help(contract, a, b))
    .with_fixes(exception_fixes(contract, a, b))
}

/// The quick fixes of a conflict between clauses `a` and `b`: either one
/// made an `exception to` the other, as [`clause_conflict_help`] suggests.
/// A clause can name only clauses of its own contract file or of the files
/// it amends, so a direction that would name a newer clause is left out.
fn exception_fixes(contract: &Contract, a: ClauseId, b: ClauseId) -> Vec<Fix> {
    [(a, b), (b, a)]
        .into_iter()
        .filter(|&(p, o)| contract.clause(o).version <= contract.clause(p).version)
        .map(|(p, o)| {
            let (cp, co) = (contract.clause(p), contract.clause(o));
            Fix {
                title: format!(
                    "add `exception to {}` to clause `{}`",
                    co.named.name, cp.named.name
                ),
                change: Change::AddLine {
                    block: cp.named.span.clone(),
                    line: format!("exception to {}", co.named.name),
                },
            }
        })
        .collect()
}

/// How to resolve a conflict between clause `p` (the one to change) and
/// clause `o`: clauses of different versions may be meant to replace each
/// other.
fn clause_conflict_help(contract: &Contract, p: ClauseId, o: ClauseId) -> String {
    let (cp, co) = (contract.clause(p), contract.clause(o));
    let (pn, on) = (&cp.named.name, &co.named.name);
    if cp.version != co.version {
        let (old, new) = if cp.version < co.version {
            (pn, on)
        } else {
            (on, pn)
        };
        format!(
            "if the newer terms end the older ones, add `replaces {old}` to clause `{new}`; \
             if both stand, add `exception to {on}` to clause `{pn}`, or narrow the subjects \
             or window of one of them"
        )
    } else {
        format!(
            "add `exception to {on}` to clause `{pn}` (or `overrides {on}`), or narrow the \
             subjects, scopes or window of one of them"
        )
    }
}

/// `pactum::conflict::fact`: `a` is the newer fact.
fn fact_conflict(contract: &Contract, a: FactId, b: FactId, when: &str) -> Diagnostic {
    let (fa, fb) = (contract.fact(a), contract.fact(b));
    let q = &contract.quantity(fa.quantity).named.name;
    Diagnostic::new(
        Code::ConflictFact,
        format!(
            "facts `{}` and `{}` give `{q}` two values at once: {} and {} {when}",
            fa.named.name, fb.named.name, fa.value, fb.value
        ),
    )
    .with_label(fa.value_span.clone(), format!("`{q}` = {}", fa.value))
    .with_label(fb.value_span.clone(), "conflicts with this")
    .with_help(
        "end the older fact where the newer one begins (`until …`); in an amending contract, \
         giving the newer fact the older one's name supersedes it",
    )
}

// ------------------------------------------------------------ precedence

/// `pactum::precedence::cycle`: the clauses along one loop of precedence.
pub fn precedence_cycle(contract: &Contract, ids: &[ClauseId]) -> Diagnostic {
    let names: Vec<String> = ids
        .iter()
        .map(|&c| format!("`{}`", contract.clause(c).named.name))
        .collect();
    let mut d = Diagnostic::new(
        Code::PrecedenceCycle,
        format!(
            "clauses {} take precedence over each other in a loop",
            when::join_and(&names)
        ),
    );
    for (k, &c) in ids.iter().enumerate() {
        let next = ids[(k + 1) % ids.len()];
        d = d.with_label(
            contract.clause(c).named.name_span.clone(),
            format!(
                "{} `{}`",
                precedence_keyword(contract, c, next),
                contract.clause(next).named.name
            ),
        );
    }
    d.with_help(
        "precedence must go one way; remove the `overrides` or `exception to` that points back",
    )
}

/// The words a clause used to take precedence over `target`.
fn precedence_keyword(contract: &Contract, c: ClauseId, target: ClauseId) -> &'static str {
    if contract.clause(c).exception_to.contains(&target) {
        "exception to"
    } else {
        "overrides"
    }
}

/// Why a precedence resolves nothing: its two clauses never apply to the
/// same act, or never at the same time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeverTogether {
    /// The norms themselves never meet (see [`crate::semantics::norms_apart`]).
    Norms(Apart),
    /// The norms could meet, but their windows never overlap.
    Windows,
}

/// `pactum::precedence::no_overlap`: clause `c` takes precedence over
/// `target`, but the two never apply together.
pub fn precedence_no_overlap(
    contract: &Contract,
    c: ClauseId,
    target: ClauseId,
    why: NeverTogether,
) -> Diagnostic {
    let why = match why {
        NeverTogether::Norms(Apart::Actions) => "they govern different actions",
        NeverTogether::Norms(Apart::Parties) => "they bind different parties",
        NeverTogether::Norms(Apart::Subjects) => "their subjects do not overlap",
        NeverTogether::Norms(Apart::To) => "their `to` parties do not overlap",
        NeverTogether::Norms(Apart::On) => "their `on` qualifiers do not overlap",
        NeverTogether::Windows => "their windows never overlap, in any scenario",
    };
    let kw = precedence_keyword(contract, c, target);
    let (name, tname) = (
        &contract.clause(c).named.name,
        &contract.clause(target).named.name,
    );
    let message = if kw == "overrides" {
        format!("`{name}` overrides `{tname}`, which resolves nothing: {why}")
    } else {
        format!("`{name}` is an exception to `{tname}` that resolves nothing: {why}")
    };
    Diagnostic::new(Code::PrecedenceNoOverlap, message)
        .with_label(
            contract.clause(c).norm.span.clone(),
            format!("{kw} `{tname}`"),
        )
        .with_label(
            contract.clause(target).norm.span.clone(),
            "never applies together with it",
        )
        .with_help(format!(
            "remove `{kw} {tname}`, or name the clause that `{name}` really takes precedence over"
        ))
}

// ------------------------------------------------------------------ gaps

/// `pactum::gap::uncovered`: part of a coverage no norm governs for a while.
/// `ended` are the clauses that governed part of it just before.
pub fn gap(
    contract: &Contract,
    cov: &Coverage,
    uncovered: &SubjectSet,
    found: &Found,
    ended: &[ClauseId],
    lacking: &[PartyId],
) -> Diagnostic {
    // For a group, the members that lack a norm, and the group they are in.
    let who = match lacking {
        [one] if *one == cov.party => format!("`{}`", contract.party(cov.party).name),
        _ => {
            let names: Vec<String> = (lacking.iter())
                .map(|p| format!("`{}`", contract.party(*p).name))
                .collect();
            format!(
                "{} (of `{}`)",
                names.join(", "),
                contract.party(cov.party).name
            )
        }
    };
    let action = &contract.action(cov.action).name;
    let what = when::paths(contract, uncovered);
    let when = found.describe(contract);
    let mut d = Diagnostic::new(
        Code::Gap,
        format!(
            "coverage `{}` has a gap: no norm of {who} to `{action}` governs {what} {when}",
            cov.named.name
        ),
    )
    .with_label(cov.target_span.clone(), format!("{what} ungoverned {when}"));
    // The clause's last day is the day before the gap opens.
    let last = found
        .interval
        .from
        .map(|f| f.pred().to_string())
        .unwrap_or_default();
    for &c in ended {
        d = d.with_label(
            contract.clause(c).norm.span.clone(),
            format!("governs it through {last}"),
        );
    }
    d.with_help(format!(
        "add a clause that says what {who} may or must do with {what} in this period, \
         or narrow the coverage"
    ))
}

/// `pactum::norm::open_ended`: a clause with no end (`endless` is `None`), or
/// whose only end may never come (`endless` is the scenario in which it does
/// not, in words).
pub fn open_ended(contract: &Contract, c: ClauseId, endless: Option<&str>) -> Diagnostic {
    let clause = contract.clause(c);
    let name = &clause.named.name;
    let (message, label) = match endless {
        None => (
            format!("clause `{name}` has no end"),
            "in force from here on, forever",
        ),
        Some(scenario) => (
            format!("clause `{name}` has no end {scenario}"),
            "its only end may never come",
        ),
    };
    let d = Diagnostic::new(Code::OpenEnded, message)
        .with_label(window_span(contract, c), label)
        .with_help(format!(
            "if it is not meant to last forever, give it a last day, e.g. `{}`; if it is, \
             say so with `indefinitely`",
            suggested_end(contract, c)
        ));
    // A window cannot have both an end and `indefinitely`: the line is the
    // fix only for a clause that writes no end at all.
    match endless {
        None if clause.own_until.is_none() => d.with_fix(Fix {
            title: format!("add `indefinitely` to clause `{name}`"),
            change: Change::AddLine {
                block: clause.named.span.clone(),
                line: "indefinitely".to_string(),
            },
        }),
        _ => d,
    }
}

/// An end for clause `c` written with the contract's own words: the first
/// event its end names (else its start, else the contract's first event),
/// and the last year the contract names (in a window or an effective date).
/// A contract with neither gets placeholders.
fn suggested_end(contract: &Contract, c: ClauseId) -> String {
    let window = &contract.clause(c).window;
    let event: Option<EventId> = when::events_of(window.until.iter())
        .first()
        .or(when::events_of(window.from.iter()).first())
        .copied()
        .or_else(|| contract.event_ids().next());
    let mut days: Vec<Day> = contract
        .versions
        .iter()
        .filter_map(|v| v.effective)
        .collect();
    let windows = contract
        .clauses
        .iter()
        .map(|c| &c.window)
        .chain(contract.facts.iter().map(|f| &f.window))
        .chain(contract.coverages.iter().map(|c| &c.window))
        .chain(contract.assertions.iter().map(|a| &a.window));
    for w in windows {
        w.from.iter().for_each(|t| t.days(&mut days));
        // An end is exclusive: `through 2031` ends on 2032-01-01, and names
        // the year 2031.
        let mut ends = Vec::new();
        w.until.iter().for_each(|t| t.days(&mut ends));
        days.extend(ends.into_iter().map(Day::pred));
    }
    let year = days
        .into_iter()
        .filter(|d| d.in_calendar())
        .max()
        .map_or_else(|| "YEAR".to_string(), |d| d.date().year().to_string());
    match event {
        Some(e) => format!(
            "until {} or end of {year}, whichever first",
            contract.event(e).named.name
        ),
        // A contract without events gets no event in its suggestion, unless
        // it has no dates either and the suggestion is all placeholders.
        None if year != "YEAR" => format!("until end of {year}"),
        None => "until EVENT or end of YEAR, whichever first".to_string(),
    }
}

/// `pactum::value::tbd`: a fact that leaves its quantity to be decided.
pub fn tbd(contract: &Contract, f: FactId) -> Diagnostic {
    let fact = contract.fact(f);
    let q = &contract.quantity(fact.quantity).named.name;
    Diagnostic::new(
        Code::Tbd,
        format!("fact `{}` leaves `{q}` to be decided", fact.named.name),
    )
    .with_label(fact.value_span.clone(), "not quantified")
    .with_help(format!(
        "fill in the value when it is known; until then no assertion that compares `{q}` can hold"
    ))
}

// ---------------------------------------------------------------- clauses

/// `pactum::clause::dead`: a clause whose window is empty in every scenario.
pub fn dead_clause(contract: &Contract, c: ClauseId) -> Diagnostic {
    let clause = contract.clause(c);
    // Without events the window has one reading, and its two ends say why.
    let resolved = clause
        .window
        .resolve(&Scenario::never(contract).event_day())
        .filter(|_| when::events_of(when::terms(&clause.window)).is_empty());
    let detail = match resolved {
        Some(i) => format!(
            ": it would start on {} but its last day is {}",
            i.from.map_or("-".into(), |d| d.to_string()),
            i.until.map_or("-".into(), |d| d.pred().to_string())
        ),
        None => String::new(),
    };
    Diagnostic::new(
        Code::DeadClause,
        format!("clause `{}` is never in force{detail}", clause.named.name),
    )
    .with_label(
        window_span(contract, c),
        "this window is empty in every scenario",
    )
    .with_help(
        if clause.survival == Survival::EndsWithTerm && contract.term_end().is_some() {
            // The end may be the term's, not one the clause itself gives.
            "check the dates and events: the end must come after the start; the clause also \
             ends with the term, so if it is meant to outlive it, add `survives`"
        } else {
            "check the dates and events: the end must come after the start"
        },
    )
}

/// `pactum::clause::dead`, said of a clause's `when` and `unless` lines: its
/// window opens in some scenario, but on none of its days do the conditions
/// hold.
pub fn dead_by_conditions(contract: &Contract, c: ClauseId) -> Diagnostic {
    let clause = contract.clause(c);
    let mut d = Diagnostic::new(
        Code::DeadClause,
        format!(
            "clause `{}` is never in force: its conditions never hold while its window is open",
            clause.named.name
        ),
    );
    for (k, line) in clause.conditions.iter().enumerate() {
        let label = if k == 0 {
            "never holds while the clause's window is open"
        } else {
            "and this"
        };
        d = d.with_label(line.span.clone(), label);
    }
    if clause.window.span.is_some() {
        d = d.with_label(window_span(contract, c), "the window");
    }
    d.with_help(
        "check the conditions against the window: an event named with `has happened` must \
             be able to happen while the window is open (see its constraints), and a clause \
             named with `is active` must be in force on some of its days",
    )
}

/// `pactum::power::never`: a power whose exercise cannot happen in any
/// scenario: its window never opens, or closes before it opens.
pub fn power_never(contract: &Contract, p: &Power) -> Diagnostic {
    let window = print::window(contract, &p.window);
    let mut d = Diagnostic::new(
        Code::PowerNever,
        format!("power `{}` can never be exercised", p.named.name),
    )
    .with_label(
        p.named.name_span.clone(),
        "no scenario lets this be exercised",
    );
    if let Some(range) = &p.window.span {
        d = d.with_label(
            Span {
                file: p.named.span.file,
                range: range.clone(),
            },
            format!("in force {window}"),
        );
    }
    // Its `when` and `unless` lines are folded into that window: they may
    // be what closes it.
    for line in &p.conditions {
        d = d.with_label(line.span.clone(), "narrows the window");
    }
    d.with_help(
        "the window in which it can be exercised is empty in every scenario (it starts on or \
         after its end, or counts from an event that cannot happen); check its dates and events",
    )
}

/// `pactum::event::impossible`: an event whose windows leave it no day in
/// any scenario, such as a deadline that falls before its trigger.
pub fn event_impossible(contract: &Contract, e: EventId) -> Diagnostic {
    let event = contract.event(e);
    let mut d = Diagnostic::new(
        Code::EventImpossible,
        format!("event `{}` can never happen", event.named.name),
    )
    .with_label(event.named.name_span.clone(), "no scenario gives it a day");
    for w in &event.windows {
        d = d.with_label(
            w.span.clone(),
            format!("only {}", print::window(contract, &w.window)),
        );
    }
    d.with_help(format!(
        "its windows leave `{}` no day in any scenario: a deadline that falls before the event \
         it counts from, or a window that starts after it ends; check the dates and the order of \
         the events",
        event.named.name
    ))
}

/// `pactum::deadline::before_trigger`: in `scenario` the deadline of
/// obligation `c` (its last day `last`) passes before the clause starts on
/// `start`, so the obligation is breached, or void, before it arises.
pub fn due_before_trigger(
    contract: &Contract,
    c: ClauseId,
    scenario: &Scenario,
    start: Day,
    last: Day,
) -> Diagnostic {
    let clause = contract.clause(c);
    let mut events = Vec::new();
    (clause.window.from.iter())
        .chain(&clause.deadline)
        .for_each(|t| t.events(&mut events));
    events.sort();
    events.dedup();
    let when = print::shown_scenario(contract, scenario, &events)
        .unwrap_or_else(|| "in some scenario".to_string());
    let start_words = (clause.window.from.as_ref())
        .map_or_else(|| start.to_string(), |f| print::point(contract, f));
    Diagnostic::new(
        Code::DueBeforeTrigger,
        format!(
            "clause `{}` can fall due before it arises",
            clause.named.name
        ),
    )
    .with_label(
        window_span(contract, c),
        format!("its deadline can pass before it starts with {start_words}"),
    )
    .with_help(format!(
        "{when}: its last day is {last} but it starts only on {start}, so it is due before \
         the event that creates it; count the deadline from that event, or say what is due \
         when it comes later"
    ))
}

/// `pactum::power::no_deadline`: an option (`exercise`) that can be
/// exercised with no end.
pub fn power_no_deadline(p: &Power) -> Diagnostic {
    Diagnostic::new(
        Code::PowerNoDeadline,
        format!("option `{}` has no exercise deadline", p.named.name),
    )
    .with_label(p.named.name_span.clone(), "exercisable with no end")
    .with_help(format!(
        "an option or a right of first refusal left open forever binds the other party \
         forever; give `{}` an end (`until ...`, `through ...`), or write `indefinitely` if the \
         text really gives none",
        p.named.name
    ))
}

/// `pactum::clause::shadowed`: clause `c` is, whenever it is in force, fully
/// overridden by `overriders`.
pub fn shadowed_clause(contract: &Contract, c: ClauseId, overriders: &[ClauseId]) -> Diagnostic {
    let clause = contract.clause(c);
    let names: Vec<String> = overriders
        .iter()
        .map(|&o| format!("`{}`", contract.clause(o).named.name))
        .collect();
    let mut d = Diagnostic::new(
        Code::ShadowedClause,
        format!(
            "clause `{}` never takes effect: {} take{} precedence over all of it whenever it is \
             in force",
            clause.named.name,
            when::join_and(&names),
            if names.len() == 1 { "s" } else { "" }
        ),
    )
    .with_label(clause.norm.span.clone(), "always overridden");
    for &o in overriders {
        d = d.with_label(
            contract.clause(o).norm.span.clone(),
            "takes precedence here",
        );
    }
    d.with_help("remove the clause, or narrow the clauses that override it")
}

// ------------------------------------------------------------- assertions

/// Why an assertion fails.
#[derive(Debug, Clone, Copy)]
pub enum Violation<'a> {
    /// A day and scenario where its condition comes out wrong. `value` is
    /// what the condition is there; `explained` the clauses (with whether
    /// each is active there) and facts that make it so; `file` the checked
    /// file, for the `pactum query` command in help.
    Counterexample {
        /// Where it fails.
        cx: &'a Counterexample,
        /// The condition's value there.
        value: bool,
        /// Clauses that decide the condition, each with whether it is active.
        clauses: &'a [(ClauseId, bool)],
        /// Facts in force there that the condition compares.
        facts: &'a [FactId],
        /// The comparisons of amounts in the condition.
        amounts: &'a [&'a crate::model::AmountCmp],
        /// Whether the condition reads nothing that changes with the day or
        /// the scenario (only amounts): its value is the same everywhere.
        constant: bool,
        /// The checked file, if known.
        file: Option<&'a str>,
    },
    /// A `no conflicts` assertion, and the checker found `count` conflicts,
    /// the first at `first`.
    Conflicts {
        /// How many conflicts the checker found.
        count: usize,
        /// The primary location of the first.
        first: &'a Span,
    },
}

/// `pactum::assert::violated`.
pub fn assertion_violated(contract: &Contract, a: &Assertion, why: Violation<'_>) -> Diagnostic {
    match why {
        Violation::Conflicts { count, first } => Diagnostic::new(
            Code::AssertionViolated,
            format!(
                "assertion `{}` fails: the checker finds {count} conflict{}",
                a.named.name,
                if count == 1 { "" } else { "s" }
            ),
        )
        .with_label(a.named.name_span.clone(), "asserts that nothing conflicts")
        .with_label(first.clone(), "first conflict")
        .with_help("resolve each `pactum::conflict` finding with a precedence or narrower terms"),
        Violation::Counterexample {
            cx,
            value,
            amounts,
            constant: true,
            file,
            ..
        } if a.window.from.is_none() && a.window.until.is_none() => {
            // Only amounts, which are constants, and no window: the
            // verdict is the same on every day, so no day is named.
            let what = match a.kind {
                AssertKind::Never => "the condition holds",
                AssertKind::Exactly if value => "the condition holds outside the window",
                AssertKind::Exactly => "the condition does not hold inside the window",
                _ => "the condition does not hold",
            };
            let mut d = Diagnostic::new(
                Code::AssertionViolated,
                format!("assertion `{}` is violated", a.named.name),
            )
            .with_label(a.named.name_span.clone(), what)
            .with_help(format!(
                "the amounts compared are the same on every day: correct the amount that breaks the assertion, or the assertion (`{}` shows the state)",
                crate::print::query_command_about(contract, file, cx.day, &cx.scenario, &[])
            ));
            for cmp in amounts {
                d = d.with_label(amount_cmp_span(cmp), amount_cmp_words(contract, cmp));
            }
            d
        }
        Violation::Counterexample {
            cx,
            value,
            clauses,
            facts,
            amounts,
            file,
            ..
        } => {
            let what = match a.kind {
                AssertKind::Never => "the condition holds",
                AssertKind::Exactly if value => "the condition holds outside the window",
                AssertKind::Exactly => "the condition does not hold inside the window",
                _ => "the condition does not hold",
            };
            let day = cx.day;
            // The events the assertion depends on are named (with the
            // events they must follow): the others never happen in the
            // counterexample and change nothing about it.
            let events = super::verify::depends_on(contract, a);
            let scenario = crate::print::shown_scenario(contract, &cx.scenario, &events)
                .unwrap_or_else(|| "in every scenario".to_string());
            let mut d = Diagnostic::new(
                Code::AssertionViolated,
                format!("assertion `{}` is violated on {day}", a.named.name),
            )
            .with_label(
                a.named.name_span.clone(),
                format!("{what} on {day} {scenario}"),
            )
            .with_help(format!(
                "see the state there with `{}`",
                crate::print::query_command_about(contract, file, cx.day, &cx.scenario, &events)
            ));
            for &(c, active) in clauses {
                let message = if active {
                    format!("active on {day}")
                } else {
                    format!("not active on {day}")
                };
                d = d.with_label(contract.clause(c).named.name_span.clone(), message);
            }
            for &f in facts {
                let fact = contract.fact(f);
                d = d.with_label(
                    fact.value_span.clone(),
                    format!(
                        "`{}` is {} on {day}",
                        contract.quantity(fact.quantity).named.name,
                        fact.value
                    ),
                );
            }
            for cmp in amounts {
                d = d.with_label(amount_cmp_span(cmp), amount_cmp_words(contract, cmp));
            }
            d
        }
    }
}

/// Where a comparison of amounts is written: from its left side to its right.
fn amount_cmp_span(cmp: &crate::model::AmountCmp) -> Span {
    Span::new(
        cmp.left.span.file,
        cmp.left.span.range.start..cmp.right.span.range.end,
    )
}

/// A comparison of amounts with the computed value of each side and its
/// verdict: `twelfth (USD 6,900) <= USD 6,000 does not hold`.
fn amount_cmp_words(contract: &Contract, cmp: &crate::model::AmountCmp) -> String {
    use crate::model::amount::ExprKind as K;
    let Some((l, r)) = cmp.values(contract) else {
        // Over inputs, decided for every value of them at once.
        return match cmp.fixed {
            Some(holds) => format!(
                "{} {} {} holds for {} value of its inputs",
                print::expression(contract, &cmp.left),
                cmp.op.as_str(),
                print::expression(contract, &cmp.right),
                if holds { "every" } else { "no" }
            ),
            None => "has no value".to_string(),
        };
    };
    let side = |e: &crate::model::amount::Expr, v: &crate::model::Amount| match e.kind {
        K::Literal(..) | K::Name(..) | K::Sum(_) => print::expression(contract, e),
        _ => format!(
            "{} (= {})",
            print::expression(contract, e),
            print::amount(v)
        ),
    };
    let verdict = if cmp.holds(contract) {
        "holds"
    } else {
        "does not hold"
    };
    format!(
        "{} {} {} {verdict}",
        side(&cmp.left, &l),
        cmp.op.as_str(),
        side(&cmp.right, &r)
    )
}

/// `pactum::assert::undecided`: the assertion compares an amount that
/// depends on the scenario (a sum over a schedule), which the verifier does
/// not decide; `why` says which and how.
pub fn assertion_undecided_amounts(a: &Assertion, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::AssertionUndecided,
        format!("assertion `{}` was not verified", a.named.name),
    )
    .with_label(a.named.name_span.clone(), why.to_string())
    .with_help(
        "ask `pactum query` or `pactum schedule` about the scenario you have in mind \
         (`--assume EVENT=DATE`, `--assume INPUT=VALUE`, `--assume INPUT[PERIOD]=VALUE`), which \
         computes the amounts; or sum by period (`for year 2017`) over instalments with constant \
         amounts",
    )
}

/// `pactum::assert::undecided`: the assertion needs more representative
/// points than [`super::budget::ASSERTION_POINTS`] (or the verifier's
/// configured cap).
pub fn assertion_undecided(a: &Assertion, too_many: &TooManyScenarios) -> Diagnostic {
    Diagnostic::new(
        Code::AssertionUndecided,
        format!("assertion `{}` was not verified", a.named.name),
    )
    .with_label(a.named.name_span.clone(), too_many.reason())
    .with_help(match too_many.budget {
        Exhausted::Scenarios => {
            "the condition depends on too many independent events; split the assertion or name \
             fewer clauses in it"
        }
        Exhausted::CalendarDays => {
            "two points of the condition are offsets from events of months or years that differ \
             by centuries; state the longer one in days, or from a date"
        }
        Exhausted::MonthsFromEvent => {
            "two events bound each other through a window that counts months, years or business \
             days and one that counts about as many days the other way; state one of those \
             periods in days or weeks, or both in the same unit"
        }
        Exhausted::Windows => {
            "the windows that limit when the events can happen nest too many `first` and `last`, \
             or chain too many events through windows that count months or years; simplify them"
        }
        Exhausted::Renewal => {
            "the condition depends on the end of the renewing term; ask `pactum query` about \
             the scenario you have in mind (`--assume NOTICE=DATE`)"
        }
        Exhausted::Inputs(..) => {
            "compare sums of inputs scaled by constants in the event's `when` (`units < 25`, \
             `a + b >= 25`), with fewer such events in one question, or ask \
             `pactum query` about the values you have in mind (`--assume INPUT=VALUE`)"
        }
        Exhausted::Run(..) => {
            "the event's day is the end of a period, and the condition turns on a window shorter \
             than a period around it; ask `pactum query` about the values you have in mind \
             (`--assume \"INPUT[PERIOD]=VALUE\"`)"
        }
    })
}

// ------------------------------------------------------------------ budget

/// A question an analysis gave up on (see [`super::budget`]).
#[derive(Debug, Clone, Copy)]
pub enum Question<'a> {
    /// Whether two clauses, or two facts, are ever in force together (and
    /// so conflict).
    Conflict(Item, Item),
    /// Whether clause `over`, which takes precedence over `target`, ever
    /// applies together with it.
    Precedence {
        /// The clause that takes precedence.
        over: ClauseId,
        /// The clause it takes precedence over.
        target: ClauseId,
    },
    /// Whether a clause is ever in force.
    Opens(ClauseId),
    /// Whether a power can ever be exercised.
    Exercised(&'a Power),
    /// Whether an event with windows can ever happen.
    Happens(EventId),
    /// Whether a clause's end may never come.
    Ends(ClauseId),
    /// Whether the clauses that override a clause leave it anything to govern.
    Shadowed(ClauseId),
    /// Whether an obligation's deadline can pass before it arises.
    DueBeforeTrigger(ClauseId),
    /// The gaps of a coverage: only searched one event at a time.
    Coverage(&'a Coverage),
}

/// `pactum::analysis::undecided`: an analysis other than the verifier ran
/// out of its budget on `question`. `events` is how many events the windows
/// involved depend on.
pub fn analysis_undecided(
    contract: &Contract,
    question: Question<'_>,
    events: usize,
    too_many: &TooManyScenarios,
) -> Diagnostic {
    let clause = |c: ClauseId| &contract.clause(c).named.name;
    let (message, span, secondary) = match question {
        Question::Conflict(a, b) => (
            format!(
                "could not decide whether `{}` and `{}` conflict",
                item_name(contract, a),
                item_name(contract, b)
            ),
            item_span(contract, a),
            Some((item_span(contract, b), "checked against this")),
        ),
        Question::Precedence { over, target } => (
            format!(
                "could not decide whether `{}` ever applies together with `{}`, which it takes \
                 precedence over",
                clause(over),
                clause(target)
            ),
            contract.clause(over).norm.span.clone(),
            Some((
                contract.clause(target).norm.span.clone(),
                "takes precedence over this",
            )),
        ),
        Question::Opens(c) => (
            format!(
                "could not decide whether clause `{}` is ever in force",
                clause(c)
            ),
            window_span(contract, c),
            None,
        ),
        Question::DueBeforeTrigger(c) => (
            format!(
                "could not decide whether the deadline of `{}` can pass before it arises",
                clause(c)
            ),
            window_span(contract, c),
            None,
        ),
        Question::Happens(e) => (
            format!(
                "could not decide whether event `{}` can ever happen",
                contract.event(e).named.name
            ),
            contract.event(e).named.name_span.clone(),
            None,
        ),
        Question::Exercised(p) => (
            format!(
                "could not decide whether power `{}` can ever be exercised",
                p.named.name
            ),
            p.window.span.as_ref().map_or_else(
                || p.named.name_span.clone(),
                |range| Span {
                    file: p.named.span.file,
                    range: range.clone(),
                },
            ),
            None,
        ),
        Question::Ends(c) => (
            format!(
                "could not decide whether clause `{}` always ends",
                clause(c)
            ),
            window_span(contract, c),
            None,
        ),
        Question::Shadowed(c) => (
            format!(
                "could not decide whether clause `{}` is always overridden",
                clause(c)
            ),
            contract.clause(c).norm.span.clone(),
            None,
        ),
        Question::Coverage(cov) => (
            format!(
                "coverage `{}` was searched for gaps one event at a time only",
                cov.named.name
            ),
            cov.target_span.clone(),
            None,
        ),
    };
    let mut d = Diagnostic::new(Code::AnalysisUndecided, message).with_label(
        span,
        match too_many.budget {
            Exhausted::Scenarios => format!(
                "{events} event{} to vary: more than {} representative scenarios",
                if events == 1 { "" } else { "s" },
                too_many.limit
            ),
            Exhausted::CalendarDays
            | Exhausted::MonthsFromEvent
            | Exhausted::Windows
            | Exhausted::Renewal
            | Exhausted::Inputs(..)
            | Exhausted::Run(..) => too_many.reason(),
        },
    );
    if let Some((span, label)) = secondary {
        d = d.with_label(span, label);
    }
    let consequence = match question {
        Question::Coverage(_) => {
            "a gap that needs two events to fall in a particular way may go unreported"
        }
        _ => "nothing is reported either way",
    };
    let remedy = match too_many.budget {
        Exhausted::Scenarios => {
            "ordering the events (`after`, `not before`) or tying fewer of these windows to \
             events makes the question small enough to decide"
        }
        Exhausted::CalendarDays => {
            "stating the longer offset in days, or from a date, makes the question small enough \
             to decide"
        }
        Exhausted::MonthsFromEvent => {
            "stating in days or weeks one period of the cycle of windows that counts months, \
             years or business days between events makes the question decidable"
        }
        Exhausted::Windows => {
            "fewer nested `first` and `last` in the windows of the events, or fewer events \
             chained through windows that count months or years, makes the question small \
             enough to decide"
        }
        Exhausted::Renewal => {
            "`pactum query` with `--assume NOTICE=DATE` answers it for a given day of the notice \
             that stops the renewal"
        }
        Exhausted::Inputs(..) => {
            "comparing sums of inputs scaled by constants in the event's `when` (with fewer such \
             events in one question) makes the question \
             decidable, and `pactum query` with `--assume INPUT=VALUE` answers it for given values"
        }
        Exhausted::Run(..) => {
            "`pactum query` with `--assume \"INPUT[PERIOD]=VALUE\"` answers it for given values of \
             the periods"
        }
    };
    d.with_help(format!("{consequence}; {remedy}"))
}

// ------------------------------------------------------------------ allow

/// Why an `allow` line of a clause allows nothing.
#[derive(Debug, Clone, Copy)]
pub enum UselessAllow<'a> {
    /// No code has this name; the closest one, if any is close.
    UnknownCode(Option<Code>),
    /// The code is an error's: errors are not allowed.
    Error(Code),
    /// The clause has no finding of the code.
    Unused(&'a str),
}

/// `pactum::allow::unused`: an `allow` line that allows nothing, because its
/// code does not exist, is an error's, or the clause does not produce it.
pub fn allow_unused(clause: &str, code: &str, at: Span, why: UselessAllow<'_>) -> Diagnostic {
    let (message, label, help) = match why {
        UselessAllow::UnknownCode(near) => (
            format!("clause `{clause}` allows `{code}`, which is not a diagnostic code"),
            "no code has this name".to_string(),
            match near {
                Some(near) => format!("did you mean `{near}`?"),
                None => "docs/diagnostics.md lists every code".to_string(),
            },
        ),
        UselessAllow::Error(code) => (
            format!("clause `{clause}` allows `{code}`, which is an error"),
            "an error cannot be allowed".to_string(),
            "only warnings and infos can be allowed; resolve the error instead".to_string(),
        ),
        UselessAllow::Unused(code) => (
            format!("clause `{clause}` allows `{code}`, but the clause has no such finding"),
            "allowed here".to_string(),
            "remove the `allow` line, or move it to the clause the finding is about".to_string(),
        ),
    };
    let d = Diagnostic::new(Code::AllowUnused, message)
        .with_label(at.clone(), label)
        .with_help(help);
    match why {
        UselessAllow::UnknownCode(Some(near)) => d.with_fix(Fix::replace(at, near.as_str())),
        _ => d,
    }
}

// ------------------------------------------------------------- amounts

/// `pactum::amount::tier_overlap` (two brackets share ranks, or one holds
/// none) or `pactum::amount::tier_gap` (ranks between brackets that none
/// holds), with labels on the brackets' ranges.
pub fn tier_flaw(
    tiers: &[crate::model::amount::Tier],
    flaw: &crate::model::amount::TierFlaw,
) -> Diagnostic {
    use crate::model::amount::TierFlaw;
    let ranks = |from: rust_decimal::Decimal, to: Option<rust_decimal::Decimal>| match to {
        Some(to) if to == from => format!("rank {}", print::decimal_grouped(from)),
        Some(to) => format!(
            "ranks {} to {}",
            print::decimal_grouped(from),
            print::decimal_grouped(to)
        ),
        None => format!("every rank from {} on", print::decimal_grouped(from)),
    };
    match *flaw {
        TierFlaw::Empty(i) => {
            let t = &tiers[i];
            Diagnostic::new(
                Code::AmountTierOverlap,
                format!("the tier `{}` holds no rank", t.written),
            )
            .with_label(t.range.clone(), "ends before it starts")
            .with_help("write the first rank of the bracket before its last, as in `1..10`")
        }
        TierFlaw::Overlap(i, j, from, to) => {
            let (a, b) = (&tiers[i], &tiers[j]);
            Diagnostic::new(
                Code::AmountTierOverlap,
                format!("the tiers `{}` and `{}` overlap", a.written, b.written),
            )
            .with_label(b.range.clone(), format!("also holds {}", ranks(from, to)))
            .with_label(a.range.clone(), "overlaps this")
            .with_help(format!(
                "the {} would have two rates; make the brackets meet without sharing a rank, as in `1..10` and `11..`",
                ranks(from, to)
            ))
        }
        TierFlaw::Gap(i, j, from, to) => {
            let (a, b) = (&tiers[i], &tiers[j]);
            Diagnostic::new(
                Code::AmountTierGap,
                format!(
                    "no tier holds the {} between `{}` and `{}`",
                    ranks(from, Some(to)),
                    a.written,
                    b.written
                ),
            )
            .with_label(b.range.clone(), format!("starts after a gap of {}", ranks(from, Some(to))))
            .with_label(a.range.clone(), "ends here")
            .with_help(format!(
                "the contract gives no rate for the {}; extend a bracket to meet the next one, or add a bracket for them",
                ranks(from, Some(to))
            ))
        }
    }
}

/// `pactum::amount::conflict`: two recurring clauses give one instalment
/// (the payment for `period`) two amounts, each clause with the amount of
/// its instalment for that period.
pub fn instalment_amounts(
    contract: &Contract,
    a: (&crate::model::Clause, &crate::model::ClauseAmount),
    b: (&crate::model::Clause, &crate::model::ClauseAmount),
    period: &str,
) -> Diagnostic {
    let (x, y) = (&a.0.named.name, &b.0.named.name);
    let words = |c: &crate::model::Clause, amount: &crate::model::ClauseAmount| {
        let template = c.amount.as_ref().unwrap_or(amount);
        match &amount.value {
            Some(v) => format!(
                "`{}` says {}",
                c.named.name,
                print::computed(contract, &template.expr, v)
            ),
            None => format!(
                "`{}` says {}",
                c.named.name,
                print::expression(contract, &template.expr)
            ),
        }
    };
    Diagnostic::new(
        Code::AmountConflict,
        format!("`{x}` and `{y}` give the payment for {period} two different amounts"),
    )
    .with_label(
        a.0.amount
            .as_ref()
            .map_or(a.1.span.clone(), |t| t.span.clone()),
        words(a.0, a.1),
    )
    .with_label(
        b.0.amount
            .as_ref()
            .map_or(b.1.span.clone(), |t| t.span.clone()),
        words(b.0, b.1),
    )
    .with_help(format!(
        "both oblige the same payment for each period, in force at once, and neither takes \
         precedence: say which prevails (`overrides {x}` in `{y}`, or the other way round), or \
         make the amounts agree"
    ))
}

/// `pactum::amount::conflict` across kinds of period: clauses `a` and `b`
/// oblige one payment by two kinds of period, and their instalments `i` and
/// `j` cover days in common. The primary label is `a`'s `every` line, the
/// secondary `b`'s, each with the instalment's period and days; when the
/// amounts differ too, each amount line says its amount.
pub fn instalment_periods(
    contract: &Contract,
    a: (
        &crate::model::Clause,
        &crate::model::recurring::Recurrence,
        &crate::model::recurring::Instance,
    ),
    b: (
        &crate::model::Clause,
        &crate::model::recurring::Recurrence,
        &crate::model::recurring::Instance,
    ),
    differ: bool,
) -> Diagnostic {
    let (x, y) = (&a.0.named.name, &b.0.named.name);
    let (p, q) = (&a.1.period.name, &b.1.period.name);
    let covers = |r: &crate::model::recurring::Recurrence,
                  i: &crate::model::recurring::Instance| {
        let (from, until) = r.covered(i);
        format!(
            "`{}` is owed for {}, {}",
            contract.clause(i.clause).named.name,
            print::period(&r.period, i.index),
            print::interval(&crate::model::Interval {
                from: Some(from),
                until: Some(until),
            })
        )
    };
    let message = if differ {
        format!(
            "`{x}` and `{y}` count one obligation by `{p}` and by `{q}`, whose periods overlap, \
             and give it different amounts"
        )
    } else {
        format!("`{x}` and `{y}` count one obligation by `{p}` and by `{q}`, whose periods overlap")
    };
    let mut d = Diagnostic::new(Code::AmountConflict, message)
        .with_label(a.1.span.clone(), covers(a.1, a.2))
        .with_label(b.1.span.clone(), covers(b.1, b.2));
    if differ {
        for c in [a.0, b.0] {
            if let Some(amount) = &c.amount {
                let words = match &amount.value {
                    Some(v) => print::computed(contract, &amount.expr, v),
                    None => print::expression(contract, &amount.expr),
                };
                d = d.with_label(
                    amount.span.clone(),
                    format!("`{}` says {words}", c.named.name),
                );
            }
        }
    }
    d.with_help(format!(
        "both oblige the same party to the same act, one for each `{p}` and one for each `{q}`, and \
         neither takes precedence, so the days both cover are counted twice: if one basis replaces \
         the other, keep only its clause, or say which prevails where both apply (`overrides {x}` \
         in `{y}`, or the other way round); if both are owed, give them different subjects"))
}

/// `pactum::amount::no_due_date`: clause `c` owes an amount with no day by
/// which it must be performed. The primary label is the norm, the
/// secondary the amount.
pub fn no_due_date(contract: &Contract, c: ClauseId) -> Diagnostic {
    let clause = contract.clause(c);
    let name = &clause.named.name;
    let mut d = Diagnostic::new(
        Code::AmountNoDueDate,
        format!("clause `{name}` owes an amount with no due date"),
    )
    .with_label(
        clause.norm.span.clone(),
        "owed on any day until the term ends, and never late",
    );
    if let Some(amount) = &clause.amount {
        let words = match &amount.value {
            Some(v) => print::computed(contract, &amount.expr, v),
            None => print::expression(contract, &amount.expr),
        };
        d = d.with_label(amount.span.clone(), format!("the amount owed: {words}"));
    }
    d.with_help(format!(
        "give `{name}` a day by which it must be paid: `within 30 days after` the day it \
         arises, with `discharged by` the event that pays it, or `until` a date; as written, \
         no breach of it and no interest on it can ever arise"
    ))
}

/// `pactum::amount::undefined_case`: the amount `name` (expression `e`)
/// has no value for the inputs' `values` (found by the exact search), and
/// for none of their values when `never`. The label is on the conditional
/// without `else` that has no case there, as the evaluator finds it.
pub fn undefined_case(
    contract: &Contract,
    name: &str,
    e: &crate::model::amount::Expr,
    values: &[(crate::model::InputId, rust_decimal::Decimal)],
    never: bool,
) -> Diagnostic {
    use crate::model::input::{InputValues, Valuation};
    // The inputs no guard reads do not choose the case: any value shows it.
    let mut given = InputValues::none(contract);
    for i in crate::model::input::inputs_used(contract, e) {
        let unit = contract.input(i).unit.clone();
        given.set(
            i,
            crate::model::Amount::new(unit, rust_decimal::Decimal::ZERO),
        );
    }
    for &(i, v) in values {
        given.set(
            i,
            crate::model::Amount::new(contract.input(i).unit.clone(), v),
        );
    }
    let words: Vec<String> = (values.iter())
        .map(|&(i, v)| {
            let unit = contract.input(i).unit.clone();
            format!(
                "`{}` = {}",
                contract.input(i).named.name,
                print::amount(&crate::model::Amount::new(unit, v))
            )
        })
        .collect();
    let when = if words.is_empty() {
        String::new()
    } else {
        format!(" for {}", print::join_and(&words))
    };
    let (at, cond) = match Valuation::new(contract, given).eval(e) {
        Err(crate::model::amount::Failure::NoCase { at, cond }) => (at, Some(cond)),
        _ => (e.span.clone(), None),
    };
    let (message, help) = if never {
        (
            format!("`{name}` has no value for any value of its inputs"),
            "in every case its conditions admit, a conditional without `else` in it has no \
             value, and `lesser of`, `greater of` and arithmetic need every operand's: its \
             conditions exclude each other; state the amount of each case, as in `if … then A \
             else B`"
                .to_string(),
        )
    } else {
        (
            format!("`{name}` has no value for some values of its inputs"),
            "add `else …` with the amount where the condition does not hold, if the agreement \
             gives one; if it gives none, the amount is left open in that case"
                .to_string(),
        )
    };
    let d = Diagnostic::new(Code::AmountUndefinedCase, message)
        .with_label(at, format!("no case applies here{when}"));
    let d = match cond {
        Some(cond) => d.with_label(cond, "this condition does not hold there"),
        None => d,
    };
    d.with_help(help)
}

/// `pactum::amount::parts_mismatch`: the parts `split` lists do not add up to
/// the amount `a` (`sum` is their exact sum, when they share its unit). The
/// primary label is the `split into` line, the secondary the total.
pub fn parts_mismatch(
    contract: &Contract,
    a: &crate::model::NamedAmount,
    split: &Span,
    parts: &[crate::model::Amount],
    sum: Option<rust_decimal::Decimal>,
    total: &crate::model::Amount,
) -> Diagnostic {
    let name = &a.named.name;
    let total_words = print::amount(total);
    let listed: Vec<String> = (a.parts.iter().zip(parts))
        .map(|(p, v)| match p.kind {
            crate::model::amount::ExprKind::Literal(..) => print::amount(v),
            _ => print::expression(contract, p),
        })
        .collect();
    let d = Diagnostic::new(
        Code::AmountPartsMismatch,
        format!("the parts of `{name}` do not add up to it"),
    );
    match sum {
        Some(sum) => {
            let sum_amount = crate::model::Amount::new(total.unit.clone(), sum);
            let gap = crate::model::amount::sub(total.value, sum).unwrap_or_default();
            let gap_words =
                print::amount(&crate::model::Amount::new(total.unit.clone(), gap.abs()));
            let side = if gap > rust_decimal::Decimal::ZERO {
                "less"
            } else {
                "more"
            };
            d.with_label(split.clone(), format!("these add up to {}", print::amount(&sum_amount)))
                .with_label(a.expr.span.clone(), format!("`{name}` is {total_words}"))
                .with_help(format!(
                    "the parts ({}) add up to {}, {gap_words} {side} than `{name}` ({total_words}); correct a part or the total, or state how the difference is settled",
                    listed.join(" + "),
                    print::amount(&sum_amount),
                ))
        }
        None => d
            .with_label(
                split.clone(),
                "these are not all of one kind with the total",
            )
            .with_label(a.expr.span.clone(), format!("`{name}` is {total_words}"))
            .with_help(format!(
                "each part of `{name}` must be {} like the total; the parts are {}",
                total.unit.words(),
                listed.join(", ")
            )),
    }
}
