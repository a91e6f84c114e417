//! Finite sets of representative scenarios and days.
//!
//! Whether a norm is active on day `d` in a scenario depends only on how `d`
//! compares with the days its window's bounds resolve to. Those bounds are
//! built from literal dates, event dates, fixed offsets from them, and
//! min/max (`first`/`last`). So the state can only change where one of these
//! terms falls, and the whole (day, scenario) space splits into finitely many
//! regions in which nothing changes. This module picks one point in each
//! region; docs/semantics.md gives the argument in full.
//!
//! - Days, for one scenario: every day a term resolves to, plus one day
//!   before all of them. The state is constant from one such day up to the next.
//! - Scenarios: events are placed one at a time, predecessors first. An event
//!   either never happens, or happens on, just before or just after a day at
//!   which one of its offsets lands on an earlier anchor (a literal date or a
//!   term of an event already placed), or far before or after all of them.
//!   Month and year offsets clamp at month ends, so around them a few more
//!   neighbouring days are tried.

use std::collections::{BTreeSet, HashMap};

use super::Scenario;
use crate::model::{Contract, Day, EventId, TimeExpr};
use crate::syntax::ast::TimeUnit;

/// One step of an offset chain: `amount unit` forward (after) or backward.
type Step = (u32, TimeUnit, bool);

/// Too many representative scenarios to enumerate; the caller reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooManyScenarios {
    pub limit: usize,
}

/// The default cap on scenarios one question may need.
pub const SCENARIO_LIMIT: usize = 200_000;

/// The offset chains applied to each event in the terms: `90 days after
/// (6 months after e)` gives e the chain [6 months, 90 days].
fn chains(terms: &[&TimeExpr]) -> HashMap<EventId, Vec<Vec<Step>>> {
    fn walk(t: &TimeExpr, steps: &mut Vec<Step>, out: &mut HashMap<EventId, Vec<Vec<Step>>>) {
        match t {
            TimeExpr::Day(_) => {}
            TimeExpr::Event(e) => {
                let mut chain = steps.clone();
                chain.reverse();
                let list = out.entry(*e).or_default();
                if !list.contains(&chain) {
                    list.push(chain);
                }
            }
            TimeExpr::Offset {
                base,
                amount,
                unit,
                forward,
            } => {
                steps.push((*amount, *unit, *forward));
                walk(base, steps, out);
                steps.pop();
            }
            TimeExpr::First(items) | TimeExpr::Last(items) => {
                items.iter().for_each(|i| walk(i, steps, out))
            }
        }
    }
    let mut out = HashMap::new();
    for t in terms {
        walk(t, &mut Vec::new(), &mut out);
    }
    for list in out.values_mut() {
        if !list.contains(&Vec::new()) {
            list.push(Vec::new());
        }
    }
    out
}

fn apply(day: Day, chain: &[Step]) -> Day {
    chain.iter().fold(day, |d, &(amount, unit, forward)| {
        d.shift(amount, unit, forward)
    })
}

fn unapply(day: Day, chain: &[Step]) -> Day {
    chain.iter().rev().fold(day, |d, &(amount, unit, forward)| {
        d.shift(amount, unit, !forward)
    })
}

/// How many neighbouring days to try around an inverted chain: one for pure
/// day and week offsets (before, on, after), more where month ends clamp.
fn slack(chain: &[Step]) -> i32 {
    if chain
        .iter()
        .any(|(_, u, _)| matches!(u, TimeUnit::Month | TimeUnit::Year))
    {
        3
    } else {
        1
    }
}

/// The events the terms depend on, with every event they must follow, in an
/// order where predecessors come first.
fn relevant_events(contract: &Contract, terms: &[&TimeExpr]) -> Vec<EventId> {
    let mut direct = Vec::new();
    for t in terms {
        t.events(&mut direct);
    }
    let mut wanted = BTreeSet::new();
    let mut stack = direct;
    while let Some(e) = stack.pop() {
        if wanted.insert(e) {
            stack.extend(contract.event(e).after.iter().map(|(o, _)| *o));
        }
    }
    // Predecessors first; a cycle (already reported) falls back to id order.
    let mut ordered = Vec::new();
    let mut placed = BTreeSet::new();
    while ordered.len() < wanted.len() {
        let ready = wanted.iter().copied().find(|e| {
            !placed.contains(e)
                && contract
                    .event(*e)
                    .after
                    .iter()
                    .all(|(o, _)| placed.contains(o) || !wanted.contains(o))
        });
        let next = ready.or_else(|| wanted.iter().copied().find(|e| !placed.contains(e)));
        let Some(e) = next else { break };
        placed.insert(e);
        ordered.push(e);
    }
    ordered
}

/// Representative scenarios for questions about `terms`: for every scenario
/// there is one here in which every term compares with every other term, and
/// with every day, in the same way. Events the terms do not depend on never
/// happen in all of them.
pub fn scenarios(
    contract: &Contract,
    terms: &[&TimeExpr],
) -> Result<Vec<Scenario>, TooManyScenarios> {
    scenarios_with_limit(contract, terms, SCENARIO_LIMIT)
}

pub fn scenarios_with_limit(
    contract: &Contract,
    terms: &[&TimeExpr],
    limit: usize,
) -> Result<Vec<Scenario>, TooManyScenarios> {
    let events = relevant_events(contract, terms);
    let chains = chains(terms);
    let mut constants = Vec::new();
    for t in terms {
        t.days(&mut constants);
    }
    constants.sort();
    constants.dedup();
    let mut out = Vec::new();
    let mut scenario = Scenario::never(contract);
    place(
        contract,
        &events,
        &chains,
        &constants,
        &mut scenario,
        &mut out,
        limit,
    )?;
    Ok(out)
}

fn place(
    contract: &Contract,
    events: &[EventId],
    chains: &HashMap<EventId, Vec<Vec<Step>>>,
    constants: &[Day],
    scenario: &mut Scenario,
    out: &mut Vec<Scenario>,
    limit: usize,
) -> Result<(), TooManyScenarios> {
    let Some((&event, rest)) = events.split_first() else {
        if out.len() >= limit {
            return Err(TooManyScenarios { limit });
        }
        out.push(scenario.clone());
        return Ok(());
    };
    let anchors = anchors(scenario, chains, constants);
    let own = chains
        .get(&event)
        .cloned()
        .unwrap_or_else(|| vec![Vec::new()]);
    let mut candidates: BTreeSet<Option<Day>> = BTreeSet::new();
    candidates.insert(None);
    for &a in &anchors {
        for chain in &own {
            let base = unapply(a, chain);
            let s = slack(chain);
            for delta in -s..=s {
                candidates.insert(Some(Day(base.0.saturating_add(delta))));
            }
        }
    }
    let (lo, hi) = match (anchors.first(), anchors.last()) {
        (Some(lo), Some(hi)) => (*lo, *hi),
        _ => (quiet_day(), quiet_day()),
    };
    // Far enough that every offset of the event lands beyond every anchor.
    let reach = own
        .iter()
        .map(|c| {
            apply(lo, c)
                .0
                .abs_diff(lo.0)
                .max(unapply(lo, c).0.abs_diff(lo.0))
        })
        .max()
        .unwrap_or(0) as i32;
    candidates.insert(Some(Day(lo.0 - reach - 2)));
    candidates.insert(Some(Day(hi.0 + reach + 2)));
    for candidate in candidates {
        scenario.set(event, candidate);
        if predecessors_respected(contract, event, scenario) {
            place(contract, rest, chains, constants, scenario, out, limit)?;
        }
    }
    scenario.set(event, None);
    Ok(())
}

/// The days already fixed: literal dates and every offset of every event
/// placed so far.
fn anchors(
    scenario: &Scenario,
    chains: &HashMap<EventId, Vec<Vec<Step>>>,
    constants: &[Day],
) -> Vec<Day> {
    let mut anchors: Vec<Day> = constants.to_vec();
    for (event, list) in chains {
        if let Some(day) = scenario.date(*event) {
            anchors.extend(list.iter().map(|c| apply(day, c)));
        }
    }
    anchors.sort();
    anchors.dedup();
    anchors
}

fn predecessors_respected(contract: &Contract, event: EventId, scenario: &Scenario) -> bool {
    let Some(day) = scenario.date(event) else {
        return true;
    };
    contract
        .event(event)
        .after
        .iter()
        .all(|&(other, strict)| match scenario.date(other) {
            Some(o) if strict => o < day,
            Some(o) => o <= day,
            None => false,
        })
}

/// Representative days for `terms` in one scenario: every day a term or one
/// of its parts resolves to, every event day, and the day before the earliest.
/// Between two consecutive days of the list nothing about the terms changes.
pub fn days(terms: &[&TimeExpr], scenario: &Scenario) -> Vec<Day> {
    fn walk(t: &TimeExpr, scenario: &Scenario, out: &mut Vec<Day>) {
        if let Some(d) = t.eval(&scenario.event_day()) {
            out.push(d);
        }
        match t {
            TimeExpr::Offset { base, .. } => walk(base, scenario, out),
            TimeExpr::First(items) | TimeExpr::Last(items) => {
                items.iter().for_each(|i| walk(i, scenario, out))
            }
            TimeExpr::Day(_) | TimeExpr::Event(_) => {}
        }
    }
    let mut out = Vec::new();
    for t in terms {
        walk(t, scenario, &mut out);
    }
    out.extend(scenario.dates.iter().flatten().copied());
    out.sort();
    out.dedup();
    let before = out.first().map_or(quiet_day(), |d| d.pred());
    out.insert(0, before);
    out
}

/// Any day serves where no term names one; this one is easy to read in output.
fn quiet_day() -> Day {
    Day::from_ymd(2000, 1, 1).unwrap_or(Day(730_120))
}
