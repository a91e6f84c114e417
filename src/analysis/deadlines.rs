//! Obligations that can fall due before they arise: the deadline of an
//! obligation that an event discharges (`within`, or its own `until`) can
//! pass before the point its window starts from, the event that creates it.
//! "Within three business days of the Change of Control" for a payment owed
//! only once the agreement is terminated for that change of control is due
//! before it is owed when the termination comes later. In such a scenario
//! the window is empty, so no other analysis sees anything wrong: the
//! obligation silently never binds.

use super::findings::{self, Question};
use super::when;
use crate::diagnostics::Diagnostic;
use crate::model::{Contract, EventId, TimeExpr, Window};
use crate::semantics::{window_interval, Scenario};
use crate::syntax::ast::TimeUnit;

/// One finding per obligation whose deadline comes on or before its start in
/// some scenario in which it starts, searched exactly over the scenarios of
/// the events its start and deadline depend on; undecided when the search
/// would exceed its budget. A clause whose window is empty in every scenario
/// is left to `pactum::clause::dead`.
pub fn check(contract: &Contract) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in contract.clause_ids() {
        let clause = contract.clause(c);
        let (Some(deadline), Some(from)) = (&clause.deadline, &clause.window.from) else {
            continue;
        };
        let terms: Vec<&TimeExpr> = vec![from, deadline];
        let events = when::events_of(terms.iter().copied());
        if events.is_empty() {
            // Dates alone: an empty window is already `pactum::clause::dead`.
            continue;
        }
        // The deadline is on or before the start, which comes, exactly when
        // this window has a day: from the later of the two through the start.
        // A question about one window's days, which the search decides
        // exactly (a comparison of two points in one scenario is not).
        let late = Window {
            from: Some(TimeExpr::Last(vec![deadline.clone(), from.clone()])),
            until: Some(TimeExpr::offset(
                from.clone(),
                1,
                TimeUnit::Day,
                true,
                &contract.calendar,
            )),
            indefinite: false,
            span: None,
        };
        let searched: Vec<&TimeExpr> = when::terms(&late).collect();
        let found = when::first_scenario(contract, &searched, |s| {
            window_interval(&late, s)?;
            Some(())
        })
        .map(|found| {
            found.and_then(|(s, ())| {
                let s = telling(contract, s, &events, |s| {
                    window_interval(&late, s).is_some()
                });
                let (start, end) = {
                    let day = s.event_day();
                    (from.eval(&day)?, deadline.eval(&day)?)
                };
                Some((s, (start, end.pred())))
            })
        });
        match found {
            Ok(Some((scenario, (start, last)))) => {
                if when::opens(contract, &clause.window) == Ok(false) {
                    continue;
                }
                out.push(findings::due_before_trigger(
                    contract, c, &scenario, start, last,
                ));
            }
            Ok(None) => {}
            Err(too_many) => {
                let events = when::events_of(terms.iter().copied()).len();
                out.push(findings::analysis_undecided(
                    contract,
                    Question::DueBeforeTrigger(c),
                    events,
                    &too_many,
                ));
            }
        }
    }
    out
}

/// The scenario moved, when it can be, so that no event of `events` happens
/// before the contract's effective date: the same days apart, the earliest on
/// the effective date, if the moved scenario still respects every
/// constraint and still shows the finding (`shows`). Else it is moved by
/// whole weeks, the earliest within a week after the effective date, which
/// keeps every event on its weekday, so that business days counted from
/// the events span what they spanned (unless holidays differ: the moved
/// scenario is checked again all the same). A finding that only a scenario
/// with earlier events shows is reported with that scenario.
fn telling(
    contract: &Contract,
    scenario: Scenario,
    events: &[EventId],
    shows: impl Fn(&Scenario) -> bool,
) -> Scenario {
    let Some(effective) = contract.effective() else {
        return scenario;
    };
    let earliest = events.iter().filter_map(|&e| scenario.date(e)).min();
    let Some(earliest) = earliest.filter(|&d| d < effective) else {
        return scenario;
    };
    let shift = effective.0 - earliest.0;
    let weeks = (shift + 6) / 7 * 7;
    for shift in [shift, weeks] {
        let mut moved = scenario.clone();
        for (i, day) in scenario.dates.iter().enumerate() {
            if let Some(day) = day {
                moved.set(EventId(i as u32), Some(crate::model::Day(day.0 + shift)));
            }
        }
        let consistent = (0..moved.dates.len() as u32)
            .map(EventId)
            .all(|e| moved.respects_constraints_of(contract, e));
        if consistent && shows(&moved) {
            return moved;
        }
    }
    scenario
}
