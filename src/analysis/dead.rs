//! Clauses that never take effect: their window is empty in every scenario,
//! or every act they govern is, whenever they are in force, governed by
//! clauses that take precedence over them.

use super::gaps::window_span;
use super::when;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{ClauseId, Contract, Day, TimeExpr, Window};
use crate::semantics::{clause_active, points, qualifiers_include, window_interval, Scenario};

/// `loops`: the precedence loops ([`super::precedence::loops`]).
pub fn check(contract: &Contract, loops: &[Vec<ClauseId>]) -> Vec<Diagnostic> {
    let mut overriders: Vec<Vec<ClauseId>> = vec![Vec::new(); contract.clauses.len()];
    for c in contract.clause_ids() {
        for &t in &contract.clause(c).overrides {
            // Only a clause that applies to every act of its target can
            // leave the target nothing to govern.
            let (o, n) = (&contract.clause(c).norm, &contract.clause(t).norm);
            if qualifiers_include(o, n) && !overriders[t.index()].contains(&c) {
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
        if !when::opens(contract, &clause.window) {
            // A clause an amendment superseded before it began is history,
            // not a mistake.
            if clause.superseded_by.is_none() {
                out.push(dead(contract, c));
            }
            continue;
        }
        // In a precedence loop no clause really wins, so calling one of them
        // shadowed would be a guess; the loop itself is reported.
        if !overriders[c.index()].is_empty()
            && !in_cycle[c.index()]
            && shadowed(contract, c, &overriders[c.index()])
        {
            out.push(shadowed_diagnostic(contract, c, &overriders[c.index()]));
        }
    }
    out
}

fn dead(contract: &Contract, c: ClauseId) -> Diagnostic {
    let clause = contract.clause(c);
    let never = Scenario::never(contract);
    let resolved = clause
        .window
        .resolve(&never.event_day())
        .filter(|_| events_of(&clause.window).is_empty());
    let detail = match resolved {
        Some(i) => format!(
            ": it would start on {} but ends on {}",
            i.from.map_or("-".into(), |d| d.to_string()),
            i.until.map_or("-".into(), |d| d.to_string())
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
    .with_help("check the dates and events: the end must come after the start")
}

fn events_of(w: &Window) -> Vec<crate::model::EventId> {
    when::events_of(when::terms(w))
}

/// Whether, in every scenario and on every day the clause is in force, the
/// clauses that override it and are in force cover all its subjects.
fn shadowed(contract: &Contract, c: ClauseId, overriders: &[ClauseId]) -> bool {
    // Cheap first: all of them together must at least cover its subjects.
    let mut left = contract.clause(c).norm.subjects.clone();
    for &o in overriders {
        left.subtract(&contract.clause(o).norm.subjects);
    }
    if !left.is_empty() {
        return false;
    }
    let mut terms: Vec<&TimeExpr> = when::terms(&contract.clause(c).window).collect();
    for &o in overriders {
        terms.extend(when::terms(&contract.clause(o).window));
    }
    let scenarios = if when::events_of(terms.iter().copied()).is_empty() {
        vec![Scenario::never(contract)]
    } else {
        match points::scenarios(contract, &terms) {
            Ok(s) => s,
            // Undecided is not shadowed: say nothing rather than guess.
            Err(_) => return false,
        }
    };
    scenarios
        .iter()
        .all(|s| shadowed_in(contract, c, overriders, &terms, s))
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

fn shadowed_diagnostic(contract: &Contract, c: ClauseId, overriders: &[ClauseId]) -> Diagnostic {
    let clause = contract.clause(c);
    let names: Vec<String> = overriders
        .iter()
        .map(|&o| format!("`{}`", contract.clause(o).named.name))
        .collect();
    let mut d = Diagnostic::new(
        Code::ShadowedClause,
        format!(
            "clause `{}` never takes effect: {} take{} precedence over all of it whenever it is in force",
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
