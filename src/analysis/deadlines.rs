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
use crate::model::{Contract, TimeExpr, Window};
use crate::semantics::window_interval;
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
                let s = when::telling(contract, &s, |s, _| window_interval(&late, s))
                    .map_or(s, |(moved, _)| moved);
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
