//! Time questions the analyses share: a cheap conservative filter (the hull
//! of a window over every scenario), the exact overlap of two windows, and
//! the scenario and date range where something happens (put into words by
//! [`crate::print`]).

use super::budget;
use crate::model::{Contract, Day, EventId, Interval, TimeExpr, Window};
use crate::print;
use crate::semantics::points::{self, Exhausted, TooManyScenarios};
use crate::semantics::{window_interval, Scenario};

/// A point that never comes sorts after every day.
const NEVER: Day = Day::MAX;

/// The earliest and latest day a point can fall on over every scenario,
/// with [`NEVER`] for "may never come". Ordering constraints between events
/// are ignored, so the bounds are loose but always safe.
fn bounds(t: &TimeExpr) -> (Day, Day) {
    match t {
        TimeExpr::Day(d) => (*d, *d),
        TimeExpr::Event(_) => (Day::MIN, NEVER),
        // Both kinds of offset are monotone, so they move the bounds.
        TimeExpr::Offset { base, .. } | TimeExpr::BusinessDays { base, .. } => {
            let (lo, hi) = bounds(base);
            let shift = |d: Day| {
                if d == Day::MIN || d == NEVER {
                    d
                } else {
                    t.step(d)
                }
            };
            (shift(lo), shift(hi))
        }
        // `first` ignores points that never come, `last` is never if one
        // never comes: with never as the largest day both are plain min/max.
        // A renewing term ends no earlier than its initial period and, with
        // no limit on renewals, possibly never.
        TimeExpr::Renewed {
            end, period, times, ..
        } => {
            let (lo, hi) = bounds(end);
            let hi = match times {
                Some(t) if hi != NEVER => match period.0.checked_mul(*t) {
                    Some(n) => hi.shift(n, period.1, true),
                    None => NEVER,
                },
                _ => NEVER,
            };
            (lo, hi)
        }
        // It comes no earlier than its point, and may never come.
        TimeExpr::Unless { point, .. } => (bounds(point).0, NEVER),
        TimeExpr::First(items) => fold(items, Day::min),
        TimeExpr::Last(items) => fold(items, Day::max),
    }
}

fn fold(items: &[TimeExpr], pick: fn(Day, Day) -> Day) -> (Day, Day) {
    let mut all = items.iter().map(bounds);
    let Some(first) = all.next() else {
        return (NEVER, NEVER);
    };
    all.fold(first, |(lo, hi), (l, h)| (pick(lo, l), pick(hi, h)))
}

/// Every day a window can be active on, in some scenario, lies in
/// `[from, until)`. Two windows whose hulls are disjoint never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hull {
    /// The first day the window can be active on.
    pub from: Day,
    /// The first day after every day it can be active on.
    pub until: Day,
}

impl Hull {
    /// The hull of a window over every scenario.
    pub fn of(window: &Window) -> Hull {
        let from = window.from.as_ref().map_or(Day::MIN, |f| bounds(f).0);
        let until = window.until.as_ref().map_or(NEVER, |u| bounds(u).1);
        Hull { from, until }
    }

    /// Whether two hulls share a day.
    pub fn overlaps(&self, other: &Hull) -> bool {
        self.from < other.until && other.from < self.until && self.from < self.until
    }
}

/// The bounds of a window, for the scenario enumeration.
pub fn terms(window: &Window) -> impl Iterator<Item = &TimeExpr> {
    window.from.iter().chain(window.until.iter())
}

/// A scenario and the date range in it where something happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The scenario.
    pub scenario: Scenario,
    /// The days in that scenario.
    pub interval: Interval,
    /// The events the question depended on, to name in messages.
    pub events: Vec<EventId>,
}

impl Found {
    /// "from 2025-10-28, with no end, when `agi_verified` never happens"
    /// ([`crate::print::interval_in`]).
    pub fn describe(&self, contract: &Contract) -> String {
        print::interval_in(contract, &self.interval, &self.scenario, &self.events)
    }
}

/// The intersection of two resolved intervals, if not empty.
pub fn intersect(a: &Interval, b: &Interval) -> Option<Interval> {
    let from = match (a.from, b.from) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    };
    let until = match (a.until, b.until) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    let i = Interval { from, until };
    (!i.is_empty()).then_some(i)
}

/// The events a set of terms depends on, each once, in id order.
pub fn events_of<'a>(terms: impl IntoIterator<Item = &'a TimeExpr>) -> Vec<EventId> {
    let mut events = Vec::new();
    for t in terms {
        t.events(&mut events);
    }
    events.sort();
    events.dedup();
    events
}

/// Calls `test` on the scenarios that represent every way the `terms` can
/// fall, the scenario in which no event happens first, until it finds
/// something. Terms without events need one scenario. When the scenarios
/// would take more than [`budget::WINDOW_POINTS`] points to enumerate and the
/// cheap guesses found nothing, the question is undecided: the caller says
/// so rather than read it as "nothing found".
pub fn first_scenario<T>(
    contract: &Contract,
    terms: &[&TimeExpr],
    test: impl FnMut(&Scenario) -> Option<T>,
) -> Result<Option<(Scenario, T)>, TooManyScenarios> {
    Ok(search(contract, terms, test)?
        .map(|(scenario, found)| (scenario.unwrap_or_else(|| Scenario::never(contract)), found)))
}

/// Whether some scenario passes `test`: [`first_scenario`] for callers that
/// need only the verdict.
pub fn some_scenario(
    contract: &Contract,
    terms: &[&TimeExpr],
    mut test: impl FnMut(&Scenario) -> bool,
) -> Result<bool, TooManyScenarios> {
    Ok(search(contract, terms, |s| test(s).then_some(()))?.is_some())
}

/// An empty scenario reads as `never` for every event. The search tries it
/// first, for every clause, and a contract may have hundreds of events: this
/// one is never built, let alone filled.
static NOTHING_HAPPENS: Scenario = Scenario {
    dates: Vec::new(),
    inputs: Vec::new(),
};

/// What [`search`] finds: `None` for the scenario in which no event happens,
/// so that it is built only when a caller keeps it.
type Searched<T> = Option<(Option<Scenario>, T)>;

/// The search behind [`first_scenario`].
fn search<T>(
    contract: &Contract,
    terms: &[&TimeExpr],
    mut test: impl FnMut(&Scenario) -> Option<T>,
) -> Result<Searched<T>, TooManyScenarios> {
    if let Some(found) = test(&NOTHING_HAPPENS) {
        return Ok(Some((None, found)));
    }
    let events = events_of(terms.iter().copied());
    if events.is_empty() {
        return Ok(None);
    }
    // Two cheap guesses before the full enumeration: every event long
    // before, or long after, every date the terms name, in order.
    for s in [
        early_or_late(contract, terms, &events, true, 1, Placed::Followed),
        early_or_late(contract, terms, &events, false, 1, Placed::Followed),
    ]
    .into_iter()
    .flatten()
    {
        if let Some(found) = test(&s) {
            return Ok(Some((Some(s), found)));
        }
    }
    // The scenarios in their order, enumerated only as far as the first
    // that `test` finds something in.
    let mut hit = None;
    let searched = points::find_scenario(contract, terms, budget::WINDOW_POINTS, |s| {
        hit = test(s);
        hit.is_some()
    });
    match searched {
        Ok(scenario) => Ok(scenario.zip(hit).map(|(s, found)| (Some(s), found))),
        // Where the search cannot decide (a renewal, business days or
        // months counted from an event), a witness still decides: the
        // events the windows count from placed too, in the order the windows
        // name them, a day, a few weeks or more than a year apart (first with
        // only the events that open those windows, the others never
        // happening, then with every event they name); and for a renewing
        // term, the scenarios with its notice fixed.
        Err(too_many) => {
            let mut candidates: Vec<Scenario> = [Placed::Starts, Placed::Named]
                .into_iter()
                .flat_map(|placed| [1, 40, 400].map(|gap| (placed, gap)))
                .filter_map(|(placed, gap)| {
                    early_or_late(contract, terms, &events, false, gap, placed)
                })
                .collect();
            if too_many.budget == Exhausted::Renewal {
                let witnesses = points::renewal_witnesses(contract, terms, budget::WINDOW_POINTS);
                candidates.extend(witnesses.into_iter().map(|(_, s)| s));
            }
            match candidates
                .into_iter()
                .find_map(|s| test(&s).map(|found| (Some(s), found)))
            {
                Some(found) => Ok(Some(found)),
                None => Err(too_many),
            }
        }
    }
}

/// Which other events a witness scenario places before an event it places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placed {
    /// Those it must follow (`after`, `not before`).
    Followed,
    /// Those too that its windows start from: without them its windows never
    /// open. Events that only end its windows are left never happening.
    Starts,
    /// Every event its constraints name ([`Contract::predecessors`]).
    Named,
}

/// The events (and their predecessors) happen a day apart, in an order that
/// respects every constraint, ten years before the earliest date of the
/// terms or ten years after the latest; `None` if that breaks a constraint.
fn early_or_late(
    contract: &Contract,
    terms: &[&TimeExpr],
    events: &[EventId],
    early: bool,
    gap: i32,
    placed: Placed,
) -> Option<Scenario> {
    let mut days = Vec::new();
    for t in terms {
        t.days(&mut days);
    }
    let anchor = if early {
        days.iter()
            .min()
            .map_or(Day(730_000), |d| Day(d.0 - 3650 - 2 * events.len() as i32))
    } else {
        days.iter().max().map_or(Day(740_000), |d| Day(d.0 + 3650))
    };
    // Predecessors first: place an event once everything it follows is placed.
    let mut wanted: Vec<EventId> = events.to_vec();
    let before = |e: EventId| -> Vec<EventId> {
        let followed = contract.event(e).after.iter().map(|(o, _)| *o);
        match placed {
            Placed::Followed => followed.collect(),
            Placed::Starts => {
                let mut out: Vec<EventId> = followed.collect();
                for w in &contract.event(e).windows {
                    w.window.from.iter().for_each(|t| t.events(&mut out));
                }
                out.retain(|&o| o != e);
                out.sort();
                out.dedup();
                out
            }
            Placed::Named => contract.predecessors(e),
        }
    };
    let mut i = 0;
    while i < wanted.len() {
        for other in before(wanted[i]) {
            if !wanted.contains(&other) {
                wanted.push(other);
            }
        }
        i += 1;
    }
    let mut s = Scenario::never(contract);
    let mut next = anchor;
    for _ in 0..wanted.len() {
        let ready = wanted
            .iter()
            .copied()
            .find(|&e| s.date(e).is_none() && before(e).iter().all(|o| s.date(*o).is_some()))?;
        s.set(ready, Some(next));
        next = Day(next.0.saturating_add(gap));
    }
    // Events left out never happen, which breaks no constraint of theirs.
    wanted
        .iter()
        .all(|&e| s.respects_constraints_of(contract, e))
        .then_some(s)
}

/// The first scenario and date range in which both windows are active;
/// an error when the windows need more scenarios than the budget.
pub fn overlap(
    contract: &Contract,
    a: &Window,
    b: &Window,
) -> Result<Option<Found>, TooManyScenarios> {
    let terms: Vec<&TimeExpr> = terms(a).chain(terms(b)).collect();
    let both = |s: &Scenario| intersect(&window_interval(a, s)?, &window_interval(b, s)?);
    let found = first_scenario(contract, &terms, both)?;
    Ok(found.map(|(scenario, interval)| {
        // Any overlap shows the finding: the windows are active together.
        let (scenario, interval) =
            telling(contract, &scenario, |s, _| both(s)).unwrap_or((scenario, interval));
        Found {
            scenario,
            interval,
            events: events_of(terms),
        }
    }))
}

/// Whether two windows are both active on some day in some scenario.
pub fn can_overlap(contract: &Contract, a: &Window, b: &Window) -> Result<bool, TooManyScenarios> {
    let terms: Vec<&TimeExpr> = terms(a).chain(terms(b)).collect();
    some_scenario(contract, &terms, |s| {
        window_interval(a, s)
            .zip(window_interval(b, s))
            .is_some_and(|(x, y)| intersect(&x, &y).is_some())
    })
}

/// Whether the window is active on some day in some scenario.
pub fn opens(contract: &Contract, w: &Window) -> Result<bool, TooManyScenarios> {
    let terms: Vec<&TimeExpr> = terms(w).collect();
    some_scenario(contract, &terms, |s| window_interval(w, s).is_some())
}

/// "a", "a and b", "a, b and c" ([`crate::print::join_and`]).
pub fn join_and(parts: &[String]) -> String {
    print::join_and(parts)
}

/// Subject paths in backticks: "`openai_ip.research` and `compute`"
/// ([`crate::print::subjects`]).
pub fn paths(contract: &Contract, set: &crate::model::SubjectSet) -> String {
    print::subjects(contract, set)
}

/// Days in 4, 28 and 400 Gregorian years. From 1901 through 2099 every
/// fourth year is a leap year, so a shift by 4 years keeps every month and
/// leap day, and one by 28 years keeps weekdays too; 400 years do both on
/// any dates. Each is a shift [`telling`] tries (and checks: holidays, a
/// century or a fixed date the contract names may still tell the days
/// apart).
const CYCLES: [i32; 3] = [1_461, 10_227, 146_097];

/// The scenario a finding is shown with, moved so that no event happens
/// before the contract's effective date, when an equivalent one exists: the
/// earliest event on the effective date (every event the same days apart,
/// so each still follows the events it must follow), else the least shift
/// by whole weeks (which keeps weekdays, so business days counted from the
/// events span what they spanned), by whole 4 years (months), 28 years
/// (months and weekdays) or 400 years (`CYCLES`) that brings it on or
/// after the effective date. A candidate is kept only if it
/// respects every ordering constraint and `shows(moved, shift)` finds the
/// finding in it again, re-evaluated with the real semantics, and returns
/// what it found there; `shift` is how many days every event moved (the
/// finding's own days move with them, unless a fixed date bounds them).
/// `None` when the scenario has no event before the effective date, the
/// contract has none, or no candidate shows the finding: the caller keeps
/// the original. Events the inputs decide stay on their day. Only the
/// findings shown run this, never the search itself.
pub fn telling<T>(
    contract: &Contract,
    scenario: &Scenario,
    mut shows: impl FnMut(&Scenario, i32) -> Option<T>,
) -> Option<(Scenario, T)> {
    let effective = contract.effective()?;
    // An event the inputs decide (`on DATE when …`) happens on its own day
    // or never: it stays where it is, and the others move.
    let pinned = |i: usize| {
        (contract.event_ids().nth(i)).is_some_and(|e| contract.event(e).defined.is_some())
    };
    let movable = || {
        (scenario.dates.iter().enumerate())
            .filter(move |(i, _)| !pinned(*i))
            .filter_map(|(_, d)| *d)
    };
    let earliest = movable().min()?;
    if earliest >= effective {
        return None;
    }
    let exact = effective.0.checked_sub(earliest.0)?;
    // The least multiple of `unit` days that brings the earliest event on or
    // after the effective date.
    let whole = |unit: i32| Some(exact.checked_add(unit - 1)? / unit * unit);
    let mut shifts = vec![exact];
    shifts.extend(std::iter::once(7).chain(CYCLES).filter_map(whole));
    shifts.dedup();
    for shift in shifts {
        let mut moved = scenario.clone();
        for (i, day) in moved.dates.iter_mut().enumerate() {
            if let Some(day) = day.as_mut().filter(|_| !pinned(i)) {
                *day = Day(day.0.checked_add(shift)?);
            }
        }
        let consistent = contract
            .event_ids()
            .all(|e| moved.respects_constraints_of(contract, e));
        if !consistent {
            continue;
        }
        if let Some(found) = shows(&moved, shift) {
            return Some((moved, found));
        }
    }
    None
}

/// `day` moved by `shift` days, as [`telling`] moves a scenario's events.
pub fn shifted(day: Day, shift: i32) -> Day {
    Day(day.0.saturating_add(shift))
}
