//! The timeline of a contract: for each party, which of its clauses are in
//! force on which calendar days, in a few telling scenarios, with the events
//! that happen, the versions of the contract, the conflicts and the coverage
//! gaps. [`build`] computes it as plain data ([`Timeline`]); [`html`] draws
//! it; `pactum timeline` only asks for both (docs/timeline.md).
//!
//! Nothing here reads a window a second way. The bars are the stretches of
//! days on which the semantics has a clause in force: its window resolved in
//! the scenario ([`clause_interval`], what [`state`](crate::semantics::state) reads), cut where what
//! takes precedence over it changes ([`state_of`], which works that out as
//! [`state`](crate::semantics::state) does); a test checks them against `state` on every day on which
//! anything changes. The conflicts are the pairs [`conflicts::find`] reports,
//! drawn wherever both clauses are in force in the scenario shown; the gaps
//! are `analysis::gaps::ungoverned_in`, the coverage check's own reading of one
//! scenario. Every date and window in words comes from [`crate::print`].
//!
//! **The scenarios that matter.** The first is the one the user assumed
//! (`--assume`; every other event never happens). Then, for each event that
//! some clause, fact or `cover` window depends on and that the user did not
//! assume, one scenario in which it happens: the analyses' own
//! representative scenarios of the windows that name it
//! ([`points::scenarios`], or [`points::renewal_witnesses`] where a renewal
//! keeps the search from deciding; of a recurring clause's instalments, only
//! the first, and only for an event no other window names: see
//! `own_terms`) are the candidates, those in which the fewest events
//! happen first; each is laid over the assumed scenario and
//! moved as a whole so that the event falls in the middle of the contract's
//! dated span (in the assumed scenario), where its effect is easiest to see. The library decides which
//! scenarios the contract allows ([`Scenario::broken_order`]): a moved
//! candidate that breaks a constraint is kept where the search put it, and
//! one that breaks a constraint there too is dropped. An event with no
//! allowed candidate is named in [`Timeline::notes`].

pub mod html;

use rustc_hash::FxHashMap;

use crate::analysis::conflicts::{self, Item};
use crate::analysis::{budget, diff, gaps, when};
use crate::model::{ClauseId, Contract, Day, EventId, Interval, TimeExpr};
use crate::print;
use crate::semantics::{clause_interval, points, state_of, Scenario};
use crate::syntax::ast::Modality;

/// What the caller fixes: the assumed scenario and, optionally, the days to
/// show.
#[derive(Debug, Clone)]
pub struct Options {
    /// The scenario the user assumed (`--assume`); other events never happen.
    pub base: Scenario,
    /// The events the user assumed: they keep their day in every scenario.
    pub assumed: Vec<EventId>,
    /// The first day to show; chosen from the contract's dates if `None`.
    pub from: Option<Day>,
    /// The last day to show (inclusive); chosen if `None`.
    pub through: Option<Day>,
}

impl Options {
    /// No assumption and the days chosen from the contract.
    pub fn new(contract: &Contract) -> Options {
        Options {
            base: Scenario::never(contract),
            assumed: Vec::new(),
            from: None,
            through: None,
        }
    }
}

/// The kind of norm a bar shows, which its colour says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `may`.
    Permission,
    /// `must`.
    Obligation,
    /// `must not`.
    Prohibition,
    /// `only … may`: an exclusive right.
    Exclusive,
}

impl Kind {
    /// The kind of a clause's norm.
    pub fn of(contract: &Contract, clause: ClauseId) -> Kind {
        let norm = &contract.clause(clause).norm;
        match norm.modality {
            Modality::May if norm.exclusive => Kind::Exclusive,
            Modality::May => Kind::Permission,
            Modality::Must => Kind::Obligation,
            Modality::MustNot => Kind::Prohibition,
        }
    }

    /// The kind in words: "permission", "obligation", "prohibition",
    /// "exclusive right".
    pub fn word(self) -> &'static str {
        match self {
            Kind::Permission => "permission",
            Kind::Obligation => "obligation",
            Kind::Prohibition => "prohibition",
            Kind::Exclusive => "exclusive right",
        }
    }

    /// A short name for style sheets and data attributes.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Permission => "may",
            Kind::Obligation => "must",
            Kind::Prohibition => "must-not",
            Kind::Exclusive => "only",
        }
    }
}

/// The whole picture: rows common to every scenario, and one [`View`] per
/// scenario.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The contract's title, if written.
    pub title: Option<String>,
    /// The first day shown.
    pub from: Day,
    /// The day after the last day shown (the range is half-open, like windows).
    pub until: Day,
    /// The contract files of the amendment chain that have an effective date.
    pub versions: Vec<VersionMark>,
    /// One lane per party that has a clause or a `cover` requirement.
    pub lanes: Vec<Lane>,
    /// The scenarios, the assumed one first.
    pub views: Vec<View>,
    /// What the picture leaves out, in words (events with no scenario shown,
    /// conflict questions the budget left undecided).
    pub notes: Vec<String>,
}

/// A version boundary: the day a contract file of the chain takes effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionMark {
    /// Index in [`Contract::versions`], oldest first.
    pub index: usize,
    /// The file's title, if written.
    pub title: Option<String>,
    /// Its effective date.
    pub effective: Day,
}

/// A party's lane: its clauses, one row per clause name, and its `cover`
/// requirements.
#[derive(Debug, Clone)]
pub struct Lane {
    /// The party's name.
    pub party: String,
    /// The party's description, if written.
    pub description: Option<String>,
    /// The rows of its clauses, in the order they are first written.
    pub rows: Vec<Row>,
}

/// One row: every version of one clause name, or one `cover` requirement.
#[derive(Debug, Clone)]
pub struct Row {
    /// The clause's name, or the requirement's.
    pub name: String,
    /// The clause versions of that name, oldest first (empty for a `cover`).
    pub clauses: Vec<ClauseId>,
    /// For a `cover` row, the index in [`Contract::coverages`].
    pub coverage: Option<usize>,
}

/// One scenario's picture.
#[derive(Debug, Clone)]
pub struct View {
    /// The scenario in words, from [`print::scenario`].
    pub label: String,
    /// The scenario.
    pub scenario: Scenario,
    /// The event this scenario makes happen, if it is not the assumed one.
    pub varies: Option<EventId>,
    /// The events that happen, in day order.
    pub events: Vec<EventMark>,
    /// The stretches in force, in row order.
    pub bars: Vec<Bar>,
    /// The conflicts in force in this scenario.
    pub conflicts: Vec<ConflictMark>,
    /// The stretches in which part of a `cover` requirement is ungoverned.
    pub gaps: Vec<GapMark>,
}

/// An event that happens in a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMark {
    /// The event.
    pub event: EventId,
    /// Its name.
    pub name: String,
    /// Its day in the scenario.
    pub day: Day,
}

/// A stretch of days on which a clause is in force, with the same clauses
/// taking precedence over it throughout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// Index in [`Timeline::lanes`].
    pub lane: usize,
    /// Index in that lane's rows.
    pub row: usize,
    /// The clause (the version in force).
    pub clause: ClauseId,
    /// Its kind.
    pub kind: Kind,
    /// The days, half-open; `None` is unbounded on that side.
    pub interval: Interval,
    /// The clauses in force on those days that take precedence over it
    /// where they apply to the same act.
    pub overridden_by: Vec<ClauseId>,
}

/// Two clauses in conflict, both in force on `interval`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictMark {
    /// The conflict's code, such as `pactum::conflict::permission_prohibition`.
    pub code: &'static str,
    /// The clause the finding is about.
    pub primary: ClauseId,
    /// The clause it conflicts with.
    pub other: ClauseId,
    /// The days both are in force in this scenario.
    pub interval: Interval,
}

/// Part of a `cover` requirement that no norm governs for a while.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapMark {
    /// Index in [`Timeline::lanes`].
    pub lane: usize,
    /// Index of the requirement's row in that lane.
    pub row: usize,
    /// The ungoverned subjects in words ([`print::subjects`]).
    pub subjects: String,
    /// The days.
    pub interval: Interval,
}

/// Every bound of every clause, fact and `cover` window: the days these
/// resolve to in a scenario are the only days on which anything drawn changes.
fn all_terms(contract: &Contract) -> Vec<&TimeExpr> {
    let mut terms: Vec<&TimeExpr> = Vec::new();
    for c in &contract.clauses {
        terms.extend(when::terms(&c.window));
    }
    for f in &contract.facts {
        terms.extend(when::terms(&f.window));
    }
    for cov in &contract.coverages {
        terms.extend(when::terms(&cov.window));
    }
    terms
}

/// Computes the timeline of `contract` (a contract without errors).
pub fn build(contract: &Contract, options: &Options) -> Timeline {
    let terms = all_terms(contract);
    let mut notes = Vec::new();
    let scenarios = scenarios(contract, &terms, options, &mut notes);
    draw(contract, &terms, scenarios, options, notes)
}

/// The scenarios that matter (see the module comment), the assumed one
/// first, each with the event it makes happen; what is left out goes to
/// `notes`.
fn scenarios(
    contract: &Contract,
    terms: &[&TimeExpr],
    options: &Options,
    notes: &mut Vec<String>,
) -> Vec<(Scenario, Option<EventId>)> {
    let middle = middle(contract, terms, &options.base);
    let mut scenarios = vec![(options.base.clone(), None)];
    let events: Vec<EventId> = when::events_of(terms.iter().copied())
        .into_iter()
        .filter(|e| !options.assumed.contains(e))
        .collect();
    for (k, &e) in events.iter().enumerate() {
        if scenarios.len() == MOST_SCENARIOS {
            left_out(contract, &events[k..], notes);
            break;
        }
        match happening(contract, &options.base, &options.assumed, e, middle) {
            Some(s) => scenarios.push((s, Some(e))),
            None => notes.push(format!(
                "no scenario in which `{}` happens is shown: the contract allows none of the \
                 scenarios tried (the analyses' representative scenarios of its windows, and the \
                 events it must follow placed in order before it) with the assumed days",
                contract.event(e).named.name
            )),
        }
    }
    scenarios
}

/// The recurring clause whose instalments `event` performs (`discharged
/// by`), if it is one of their discharge events.
fn performed(contract: &Contract, event: EventId) -> Option<ClauseId> {
    contract.clause_ids().find(|&c| {
        (contract.clause(c).recurrence.iter())
            .flat_map(|r| &r.instances)
            .any(|i| i.discharge == Some(event))
    })
}

/// The note for the events the picker has no room for: the instalments'
/// discharge events by recurring clause, as a range (forty quarterly
/// payments are one line, not forty names), and the others by name, the
/// first five of them.
fn left_out(contract: &Contract, events: &[EventId], notes: &mut Vec<String>) {
    let mut others: Vec<EventId> = Vec::new();
    let mut groups: Vec<(ClauseId, Vec<EventId>)> = Vec::new();
    for &e in events {
        match performed(contract, e) {
            Some(c) => match groups.iter_mut().find(|(g, _)| *g == c) {
                Some((_, group)) => group.push(e),
                None => groups.push((c, vec![e])),
            },
            None => others.push(e),
        }
    }
    let name = |e: EventId| format!("`{}`", contract.event(e).named.name);
    if !others.is_empty() {
        let mut rest: Vec<String> = others.iter().take(5).map(|&e| name(e)).collect();
        if others.len() > 5 {
            rest.push(format!("{} other events", others.len() - 5));
        }
        notes.push(format!(
            "the picker offers {MOST_SCENARIOS} scenarios; none is shown in which {} happens \
             (assume them with `--assume` to see them)",
            print::join_or(&rest)
        ));
    }
    for (c, group) in groups {
        let (first, last) = (group[0], group[group.len() - 1]);
        let which = if first == last {
            name(first)
        } else {
            format!(
                "{} through {} ({} events)",
                name(first),
                name(last),
                group.len()
            )
        };
        notes.push(format!(
            "the picker offers {MOST_SCENARIOS} scenarios; none is shown in which the \
             instalments of `{}` are performed by {which} (assume them with `--assume` to see \
             them)",
            contract.clause(c).named.name
        ));
    }
}

/// The timeline of `contract` in the given scenarios; `notes` are those
/// the choice of scenarios left.
fn draw(
    contract: &Contract,
    terms: &[&TimeExpr],
    scenarios: Vec<(Scenario, Option<EventId>)>,
    options: &Options,
    mut notes: Vec<String>,
) -> Timeline {
    let mut lanes = lanes(contract);
    let rows: usize = lanes.iter().map(|l| l.rows.len()).sum();
    if rows > MOST_ROWS {
        let mut left = MOST_ROWS;
        for lane in &mut lanes {
            lane.rows.truncate(left);
            left -= lane.rows.len();
        }
        lanes.retain(|l| !l.rows.is_empty());
        notes.insert(
            0,
            format!(
                "only the first {MOST_ROWS} of {rows} rows are drawn: a picture of more is not \
                 read at a glance; ask `pactum query` about a day, or `pactum check` for every \
                 finding"
            ),
        );
    }
    let versions: Vec<VersionMark> = (contract.versions.iter().enumerate())
        .filter_map(|(index, v)| {
            Some(VersionMark {
                index,
                title: v.title.clone(),
                effective: v.effective?,
            })
        })
        .collect();
    let (from, until) = range(contract, terms, &scenarios, &versions, options);
    let search = conflicts::find(contract);
    for u in &search.undecided {
        if let (Item::Clause(a), Item::Clause(b)) = (u.primary, u.other) {
            notes.push(format!(
                "whether `{}` and `{}` conflict is undecided: the question {}",
                contract.clause(a).named.name,
                contract.clause(b).named.name,
                u.too_many.reason()
            ));
        }
    }
    // By clause, the clauses that take precedence over it.
    let mut overriders: FxHashMap<ClauseId, Vec<ClauseId>> = FxHashMap::default();
    for o in contract.clause_ids() {
        for &target in &contract.clause(o).overrides {
            overriders.entry(target).or_default().push(o);
        }
    }
    let mut place: FxHashMap<ClauseId, (usize, usize)> = FxHashMap::default();
    let mut cover_place: FxHashMap<usize, (usize, usize)> = FxHashMap::default();
    for (l, lane) in lanes.iter().enumerate() {
        for (r, row) in lane.rows.iter().enumerate() {
            for &c in &row.clauses {
                place.insert(c, (l, r));
            }
            if let Some(i) = row.coverage {
                cover_place.insert(i, (l, r));
            }
        }
    }
    let views = scenarios
        .into_iter()
        .map(|(scenario, varies)| {
            // The events that happen, and those assumed never to: the
            // others never happen and need no words.
            let named: Vec<EventId> = (contract.event_ids())
                .filter(|e| scenario.date(*e).is_some() || options.assumed.contains(e))
                .collect();
            let label = print::scenario(contract, &scenario, &named)
                .map(|s| match varies {
                    Some(_) => s,
                    None => format!("{s}; no other event happens"),
                })
                .unwrap_or_else(|| {
                    if contract.events.is_empty() {
                        "the contract declares no events".to_string()
                    } else {
                        "when no event happens".to_string()
                    }
                });
            let mut events: Vec<EventMark> = (contract.event_ids())
                .filter_map(|e| {
                    Some(EventMark {
                        event: e,
                        name: contract.event(e).named.name.clone(),
                        day: scenario.date(e)?,
                    })
                })
                .collect();
            events.sort_by_key(|m| (m.day, m.event));
            let bars = bars(contract, &scenario, &place, &overriders);
            let conflicts = (search.conflicts.iter())
                .filter_map(|c| match (c.primary, c.other) {
                    (Item::Clause(a), Item::Clause(b)) => {
                        let both = when::intersect(
                            &clause_interval(contract, a, &scenario)?,
                            &clause_interval(contract, b, &scenario)?,
                        )?;
                        Some(ConflictMark {
                            code: c.code.as_str(),
                            primary: a,
                            other: b,
                            interval: both,
                        })
                    }
                    _ => None,
                })
                .collect();
            let gaps = (contract.coverages.iter().enumerate())
                .filter_map(|(i, cov)| Some((*cover_place.get(&i)?, cov)))
                .flat_map(|((lane, row), cov)| {
                    gaps::ungoverned_in(contract, cov, &scenario)
                        .into_iter()
                        .map(move |(set, interval)| GapMark {
                            lane,
                            row,
                            subjects: print::subjects(contract, &set),
                            interval,
                        })
                })
                .collect();
            View {
                label,
                scenario,
                varies,
                events,
                bars,
                conflicts,
                gaps,
            }
        })
        .collect();
    Timeline {
        title: contract.versions.last().and_then(|v| v.title.clone()),
        from,
        until,
        versions,
        lanes,
        views,
        notes,
    }
}

/// The most scenarios the picker offers: the assumed one and one per event.
pub const MOST_SCENARIOS: usize = 30;

/// The most rows (clause names and `cover` requirements) a timeline draws.
pub const MOST_ROWS: usize = 1_000;

/// One lane per party, in declaration order: a row per clause name the party's
/// norms are written under, then a row per `cover` requirement of the party.
fn lanes(contract: &Contract) -> Vec<Lane> {
    let mut lanes: Vec<Lane> = Vec::new();
    for (p, party) in contract.parties.iter().enumerate() {
        let mut rows: Vec<Row> = Vec::new();
        for c in contract.clause_ids() {
            let clause = contract.clause(c);
            if clause.norm.party.index() != p {
                continue;
            }
            match rows.iter_mut().find(|r| r.name == clause.named.name) {
                Some(row) => row.clauses.push(c),
                None => rows.push(Row {
                    name: clause.named.name.clone(),
                    clauses: vec![c],
                    coverage: None,
                }),
            }
        }
        for (i, cov) in contract.coverages.iter().enumerate() {
            if cov.party.index() == p {
                rows.push(Row {
                    name: cov.named.name.clone(),
                    clauses: Vec::new(),
                    coverage: Some(i),
                });
            }
        }
        if !rows.is_empty() {
            lanes.push(Lane {
                party: party.name.clone(),
                description: party.description.clone(),
                rows,
            });
        }
    }
    lanes
}

/// The stretches in force in one scenario. A clause is in force on the days
/// of its window resolved in the scenario ([`clause_interval`], what
/// [`state`](crate::semantics::state) reads); within them, what takes precedence over it changes
/// only where the window of a clause that can override it starts or ends,
/// so [`state_of`] (the state of just the clause and those that can
/// override it, which works out the same precedence as `state`) is asked
/// once per such stretch. This keeps the cost linear in the clauses where
/// asking `state` of every clause on every day that matters would be
/// quadratic; `bars_are_the_state_on_every_day` checks one against the other.
fn bars(
    contract: &Contract,
    scenario: &Scenario,
    place: &FxHashMap<ClauseId, (usize, usize)>,
    overriders: &FxHashMap<ClauseId, Vec<ClauseId>>,
) -> Vec<Bar> {
    let mut out: Vec<Bar> = Vec::new();
    for c in contract.clause_ids() {
        let Some(window) = clause_interval(contract, c, scenario) else {
            continue;
        };
        let Some(&(lane, row)) = place.get(&c) else {
            continue;
        };
        let bar = |interval, overridden_by| Bar {
            lane,
            row,
            clause: c,
            kind: Kind::of(contract, c),
            interval,
            overridden_by,
        };
        let Some(over) = overriders.get(&c) else {
            out.push(bar(window, Vec::new()));
            continue;
        };
        // The stretches start at the window's start and wherever the window
        // of an overriding clause starts or ends inside it.
        let mut cuts: Vec<Day> = over
            .iter()
            .filter_map(|&o| clause_interval(contract, o, scenario))
            .flat_map(|i| [i.from, i.until])
            .flatten()
            .filter(|&d| window.contains(d) && Some(d) != window.from)
            .collect();
        cuts.sort();
        cuts.dedup();
        let mut starts: Vec<Option<Day>> = vec![window.from];
        starts.extend(cuts.into_iter().map(Some));
        let asked: Vec<ClauseId> = std::iter::once(c).chain(over.iter().copied()).collect();
        let mut mine: Vec<Bar> = Vec::new();
        for (k, &from) in starts.iter().enumerate() {
            let until = starts.get(k + 1).copied().flatten().or(window.until);
            // A stretch with no first day reaches back forever: its last
            // day (or any day, if it has none) stands for all of it.
            let day = from.unwrap_or_else(|| until.map_or(Day(0), Day::pred));
            let mut overridden_by = state_of(contract, day, scenario, &asked, &[])
                .norms
                .into_iter()
                .find(|n| n.clause == c)
                .map(|n| n.overridden_by)
                .unwrap_or_default();
            overridden_by.sort();
            match mine.last_mut() {
                Some(last) if last.overridden_by == overridden_by => last.interval.until = until,
                _ => mine.push(bar(Interval { from, until }, overridden_by)),
            }
        }
        out.extend(mine);
    }
    out.sort_by_key(|b| (b.lane, b.row, b.interval.from, b.clause));
    out
}

/// The middle of the contract's dated span: from the newest version's
/// effective date (or the earliest date) to the latest date written or
/// reached in the assumed scenario (`5 years after 2014-11-03`), on the
/// first of its month.
fn middle(contract: &Contract, terms: &[&TimeExpr], base: &Scenario) -> Day {
    let mut days = Vec::new();
    for t in terms {
        t.days(&mut days);
    }
    // The first day `points::days` lists is the day before the earliest.
    days.extend(points::days(terms, base).into_iter().skip(1));
    days.retain(|d| d.in_calendar());
    let first = contract
        .effective()
        .or_else(|| days.iter().min().copied())
        .unwrap_or(Day(738_000));
    let last = days.iter().max().copied().unwrap_or(first).max(first);
    let mid = Day(first.0 + (last.0 - first.0) / 2);
    let date = mid.date();
    use chrono::Datelike;
    Day::from_ymd(date.year(), date.month(), 1).unwrap_or(mid)
}

/// A scenario in which `event` happens, laid over `base` (see the module
/// comment); `None` if no candidate is allowed.
fn happening(
    contract: &Contract,
    base: &Scenario,
    assumed: &[EventId],
    event: EventId,
    middle: Day,
) -> Option<Scenario> {
    let own = own_terms(contract, event);
    // A candidate laid over the assumed scenario (an assumed event keeps its
    // day, so a candidate that needs another day for it is not this one),
    // then moved to put the event in the middle: the moved scenario if the
    // contract allows it; the first allowed unmoved one is kept in
    // `fallback`.
    let mut fallback = None;
    let mut fit = |c: &Scenario| -> Option<Scenario> {
        let at = c.date(event)?;
        let mut laid = base.clone();
        for e in contract.event_ids() {
            if let Some(day) = c.date(e) {
                if assumed.contains(&e) && base.date(e) != Some(day) {
                    return None;
                }
                laid.set(e, Some(day));
            }
        }
        let shift = middle.0 - at.0;
        let mut moved = laid.clone();
        for e in contract.event_ids() {
            if let (Some(day), false) = (c.date(e), assumed.contains(&e)) {
                moved.set(e, Some(Day(day.0.saturating_add(shift))));
            }
        }
        if moved.dates.iter().flatten().all(|d| d.in_calendar()) && moved.is_consistent(contract) {
            return Some(moved);
        }
        if fallback.is_none() && laid.is_consistent(contract) {
            fallback = Some(laid);
        }
        None
    };
    match points::scenarios(contract, &own, budget::COVERAGE_POINTS) {
        Ok(mut candidates) => {
            candidates.retain(|s| s.date(event).is_some());
            candidates.sort_by_key(|s| s.dates.iter().flatten().count());
            if let Some(found) = candidates.iter().find_map(&mut fit) {
                return Some(found);
            }
        }
        Err(_) => {
            // Too many representative scenarios to list them all (an event
            // that many windows name, each with conditions of its own): the
            // first the search reaches that fits, within the same budget,
            // found without listing the rest.
            let mut hit = None;
            let _ = points::find_scenario(contract, &own, budget::COVERAGE_POINTS, |s| {
                hit = fit(s);
                hit.is_some()
            });
            if hit.is_some() {
                return hit;
            }
            let witnesses = points::renewal_witnesses(contract, &own, budget::COVERAGE_POINTS);
            if let Some(found) = witnesses.iter().find_map(|(_, s)| fit(s)) {
                return Some(found);
            }
        }
    }
    // Where the search cannot decide the windows (months or business days
    // counted from an event) or nothing it found is allowed: the event in
    // the middle (or a quarter of a year later, up to two years), and each
    // event its constraints name either never or some way before the event
    // that names it.
    let mut budget = WITNESS_TRIES;
    for quarter in 0..=8 {
        let mut laid = base.clone();
        laid.set(event, Some(Day(middle.0.saturating_add(91 * quarter))));
        let mut decided: Vec<EventId> = assumed.to_vec();
        decided.push(event);
        if let Some(found) = before_it(contract, &mut laid, &mut decided, &mut budget) {
            return Some(found);
        }
    }
    fallback
}

/// The bounds of the windows that name `event` (those of [`all_terms`] that
/// do), whose representative scenarios are the candidates of [`happening`].
/// The instalments of recurring clauses count only where no other window
/// names the event, and then only the first instalment (per recurring
/// clause) that names it: the others differ from it only in their period
/// and their own discharge event, so they show the event's effect on the
/// same clause again, while each instalment's discharge event multiplies
/// the scenarios the search enumerates (forty quarterly instalments that
/// all end with the term made the candidates of a termination number in
/// the trillions), and even one makes the search of an event that many
/// other windows name exceed its budget. The picture itself still draws
/// every instalment in the scenario chosen.
fn own_terms(contract: &Contract, event: EventId) -> Vec<&TimeExpr> {
    let names = |t: &&TimeExpr| {
        let mut used = Vec::new();
        t.events(&mut used);
        used.contains(&event)
    };
    let mut own: Vec<&TimeExpr> = Vec::new();
    let mut instalments: Vec<&TimeExpr> = Vec::new();
    let mut recurrences: Vec<ClauseId> = Vec::new();
    for c in &contract.clauses {
        let named = when::terms(&c.window).filter(names);
        match c.instance_of {
            None => own.extend(named),
            Some((recurring, _)) => {
                let named: Vec<&TimeExpr> = named.collect();
                if !named.is_empty() && !recurrences.contains(&recurring) {
                    recurrences.push(recurring);
                    instalments.extend(named);
                }
            }
        }
    }
    for f in &contract.facts {
        own.extend(when::terms(&f.window).filter(names));
    }
    for cov in &contract.coverages {
        own.extend(when::terms(&cov.window).filter(names));
    }
    if own.is_empty() {
        own = instalments;
    }
    own
}

/// How many scenarios [`before_it`] may try for one event.
const WITNESS_TRIES: usize = 4_000;

/// How far before an event its predecessors are tried, in days: the next
/// day, after a month's notice period, after a year, after five years.
const LEADS: [i32; 4] = [1, 45, 400, 2_000];

/// Decides, depth first, each event that the constraints of a happening
/// event in `s` name and that is not yet decided: never (unless the event
/// must follow it), or one of [`LEADS`] before the event that names it; the
/// first complete scenario the contract allows ([`Scenario::is_consistent`])
/// is the answer.
fn before_it(
    contract: &Contract,
    s: &mut Scenario,
    decided: &mut Vec<EventId>,
    budget: &mut usize,
) -> Option<Scenario> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    // A constraint broken by decided events alone stays broken whatever the
    // others do: give up on this branch as soon as there is one.
    let settled = |b: &crate::semantics::BrokenOrder| match b.rule {
        crate::semantics::Rule::Follows { other, .. } => decided.contains(&other),
        crate::semantics::Rule::Window { index, .. } => {
            let window = &contract.event(b.event).windows[index].window;
            when::events_of(when::terms(window))
                .iter()
                .all(|e| decided.contains(e))
        }
    };
    if (decided.iter()).any(|&e| s.broken_order_of(contract, e).is_some_and(|b| settled(&b))) {
        return None;
    }
    let next = decided.iter().find_map(|&e| {
        let day = s.date(e)?;
        let p = contract
            .predecessors(e)
            .into_iter()
            .find(|p| !decided.contains(p))?;
        let must = contract.event(e).after.iter().any(|(o, _)| *o == p);
        Some((p, day, must))
    });
    let Some((p, day, must)) = next else {
        return s.is_consistent(contract).then(|| s.clone());
    };
    decided.push(p);
    let options = (!must).then_some(None).into_iter().chain(
        LEADS
            .iter()
            .map(|&lead| Some(Day(day.0.saturating_sub(lead)))),
    );
    for option in options {
        s.set(p, option);
        if let Some(found) = before_it(contract, s, decided, budget) {
            return Some(found);
        }
    }
    s.set(p, None);
    decided.pop();
    None
}

/// The days shown: those the options give, else every dated boundary of
/// every scenario shown (and every version's effective date) with a margin
/// of a twentieth of the span (at least a month), from the first of a month
/// to the first of a month.
fn range(
    contract: &Contract,
    terms: &[&TimeExpr],
    scenarios: &[(Scenario, Option<EventId>)],
    versions: &[VersionMark],
    options: &Options,
) -> (Day, Day) {
    let mut days: Vec<Day> = versions.iter().map(|v| v.effective).collect();
    for (s, _) in scenarios {
        // The first day `points::days` lists is the day before the earliest.
        days.extend(points::days(terms, s).into_iter().skip(1));
    }
    days.retain(|d| d.in_calendar());
    let (lo, hi) = match (days.iter().min(), days.iter().max()) {
        (Some(&lo), Some(&hi)) => (lo, hi),
        _ => {
            let at = contract.effective().unwrap_or(Day(738_000));
            (at, at)
        }
    };
    let margin = ((hi.0 - lo.0) / 20).max(31);
    let month_start = |d: Day| {
        use chrono::Datelike;
        let date = d.date();
        Day::from_ymd(date.year(), date.month(), 1).unwrap_or(d)
    };
    let from = options
        .from
        .unwrap_or_else(|| month_start(Day(lo.0.saturating_sub(margin))));
    let until = match options.through {
        Some(t) => t.succ(),
        None => month_start(Day(hi.0.saturating_add(margin)).shift(
            1,
            crate::syntax::ast::TimeUnit::Month,
            true,
        )),
    };
    // A range given on one side only still shows at least a day.
    let until = if until <= from { from.succ() } else { until };
    (from, until)
}

/// Two versions of a contract drawn over the same days, in the same
/// scenarios: `pactum timeline NEW --compare OLD` (docs/timeline.md).
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The old version's timeline, in the new version's scenarios.
    pub old: Timeline,
    /// The new version's timeline.
    pub new: Timeline,
    /// For each scenario (each view of `new`), the normative changes
    /// [`diff::diff`] reports in it.
    pub changes: Vec<Vec<diff::Change>>,
}

/// The scenario of `to` matching `s` of `from`, events matched by name: an
/// event that only `to` declares never happens, as in [`diff`].
fn by_name(from: &Contract, to: &Contract, s: &Scenario) -> Scenario {
    let mut out = Scenario::never(to);
    for e in to.event_ids() {
        if let Some(f) = from.find_event(&to.event(e).named.name) {
            out.set(e, s.date(f));
        }
    }
    out
}

/// The timelines of two versions of a contract (both without errors) for a
/// side-by-side picture. The scenarios are chosen for `new` as [`build`]
/// chooses them (`options` speaks of `new`'s events); `old` is drawn in the
/// same scenarios, events matched by name, so that an event only one version
/// declares never happens in the other (as in [`diff`]). Both timelines show
/// the same days: the union of the ranges each would show, or the range the
/// options give.
pub fn compare(old: &Contract, new: &Contract, options: &Options) -> Comparison {
    let mut new_tl = build(new, options);
    let old_name = |e: EventId| old.find_event(&new.event(e).named.name);
    let scenarios: Vec<(Scenario, Option<EventId>)> = (new_tl.views.iter())
        .map(|v| (by_name(new, old, &v.scenario), v.varies.and_then(old_name)))
        .collect();
    let old_options = Options {
        base: by_name(new, old, &options.base),
        assumed: options
            .assumed
            .iter()
            .filter_map(|&e| old_name(e))
            .collect(),
        from: options.from,
        through: options.through,
    };
    let old_terms = all_terms(old);
    let mut old_tl = draw(old, &old_terms, scenarios, &old_options, Vec::new());
    let from = old_tl.from.min(new_tl.from);
    let until = old_tl.until.max(new_tl.until);
    for t in [&mut old_tl, &mut new_tl] {
        t.from = from;
        t.until = until;
    }
    let changes = (new_tl.views.iter())
        .map(|v| {
            let asked = diff::Options {
                on: None,
                party: None,
                scenarios: diff::Scenarios::Given {
                    scenario: v.scenario.clone(),
                    assumed: options.assumed.clone(),
                },
            };
            (diff::diff(old, new, &asked).scenarios.into_iter())
                .flat_map(|s| s.changes)
                .collect()
        })
        .collect();
    Comparison {
        old: old_tl,
        new: new_tl,
        changes,
    }
}

#[cfg(test)]
mod tests;
