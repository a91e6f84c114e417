//! Clauses that never take effect: their window is empty in every scenario,
//! or every act they govern is, whenever they are in force, governed by
//! clauses that take precedence over them.

use super::budget;
use super::findings::{self, Question};
use super::when;
use crate::diagnostics::Diagnostic;
use crate::model::{ClauseId, Contract, Day, TimeExpr, Window};
use crate::semantics::points::{Exhausted, TooManyScenarios};
use crate::semantics::{clause_active, points, qualifiers_include, window_interval, Scenario};

/// `loops`: the precedence loops ([`super::precedence::loops`]).
pub fn check(contract: &Contract, loops: &[Vec<ClauseId>]) -> Vec<Diagnostic> {
    let mut overriders: Vec<Vec<ClauseId>> = vec![Vec::new(); contract.clauses.len()];
    for c in contract.clause_ids() {
        for &t in &contract.clause(c).overrides {
            // Only a clause that applies to every act of its target can
            // leave the target nothing to govern.
            let (o, n) = (&contract.clause(c).norm, &contract.clause(t).norm);
            if qualifiers_include(contract, o, n) && !overriders[t.index()].contains(&c) {
                overriders[t.index()].push(c);
            }
        }
    }
    let mut in_cycle = vec![false; contract.clauses.len()];
    for c in loops.iter().flatten() {
        in_cycle[c.index()] = true;
    }
    let mut out = Vec::new();
    for c in contract.clause_ids() {
        let clause = contract.clause(c);
        // A recurring clause stands for its instalments, which are checked
        // each as a clause; it is never in force itself, by design.
        if clause.recurrence.is_some() {
            continue;
        }
        match when::opens(contract, &clause.window) {
            Ok(true) => {}
            Ok(false) => {
                // A clause an amendment superseded before it began is
                // history, not a mistake.
                if clause.superseded_by.is_none() {
                    // Said of the conditions when the window alone opens:
                    // they are what keeps the clause out of force.
                    let by_conditions = (clause.unconditioned.as_ref())
                        .is_some_and(|w| when::opens(contract, w) == Ok(true));
                    out.push(if by_conditions {
                        findings::dead_by_conditions(contract, c)
                    } else {
                        findings::dead_clause(contract, c)
                    });
                }
                continue;
            }
            Err(too_many) => {
                let events = events_of(&clause.window).len();
                out.push(findings::analysis_undecided(
                    contract,
                    Question::Opens(c),
                    events,
                    &too_many,
                ));
                continue;
            }
        }
        // In a precedence loop no clause really wins, so calling one of them
        // shadowed would be a guess; the loop itself is reported.
        let over = &overriders[c.index()];
        if over.is_empty() || in_cycle[c.index()] {
            continue;
        }
        match shadowed(contract, c, over) {
            Ok(true) => out.push(findings::shadowed_clause(contract, c, over)),
            Ok(false) => {}
            Err((events, too_many)) => out.push(findings::analysis_undecided(
                contract,
                Question::Shadowed(c),
                events,
                &too_many,
            )),
        }
    }
    out
}

fn events_of(w: &Window) -> Vec<crate::model::EventId> {
    when::events_of(when::terms(w))
}

/// Whether, in every scenario and on every day the clause is in force, the
/// clauses that override it and are in force cover all its subjects; when
/// the windows need more scenarios than the budget, how many events they
/// depend on and the budget that ran out.
fn shadowed(
    contract: &Contract,
    c: ClauseId,
    overriders: &[ClauseId],
) -> Result<bool, (usize, TooManyScenarios)> {
    // Cheap first: all of them together must at least cover its subjects.
    let mut left = contract.clause(c).norm.subjects.clone();
    for &o in overriders {
        left.subtract(&contract.clause(o).norm.subjects);
    }
    if !left.is_empty() {
        return Ok(false);
    }
    let mut terms: Vec<&TimeExpr> = when::terms(&contract.clause(c).window).collect();
    for &o in overriders {
        terms.extend(when::terms(&contract.clause(o).window));
    }
    let events = when::events_of(terms.iter().copied());
    let scenarios = if events.is_empty() {
        vec![Scenario::never(contract)]
    } else {
        match points::scenarios(contract, &terms, budget::WINDOW_POINTS) {
            Ok(scenarios) => scenarios,
            // A term renewing without a limit is not searched exactly: one scenario
            // with the notice fixed where the clause is not shadowed decides.
            Err(too_many) if too_many.budget == Exhausted::Renewal => {
                let candidates = points::renewal_witnesses(contract, &terms, budget::WINDOW_POINTS);
                if candidates
                    .iter()
                    .any(|(_, s)| !shadowed_in(contract, c, overriders, &terms, s))
                {
                    return Ok(false);
                }
                return Err((events.len(), too_many));
            }
            Err(too_many) => return Err((events.len(), too_many)),
        }
    };
    Ok(scenarios
        .iter()
        .all(|s| shadowed_in(contract, c, overriders, &terms, s)))
}

fn shadowed_in(
    contract: &Contract,
    c: ClauseId,
    overriders: &[ClauseId],
    terms: &[&TimeExpr],
    s: &Scenario,
) -> bool {
    let Some(span) = window_interval(&contract.clause(c).window, s) else {
        return true;
    };
    let days = points::days(terms, s);
    let mut samples: Vec<Day> = days.iter().copied().filter(|&d| span.contains(d)).collect();
    samples.push(span.from.unwrap_or(days[0]));
    let subjects = &contract.clause(c).norm.subjects;
    samples.iter().all(|&day| {
        let mut left = subjects.clone();
        for &o in overriders {
            if clause_active(contract, o, day, s) {
                left.subtract(&contract.clause(o).norm.subjects);
            }
        }
        left.is_empty()
    })
}
