//! Precedence problems: clauses that override each other in a loop, and an
//! `overrides` or `exception to` whose target never applies to the same act
//! at the same time (so the precedence resolves nothing, and probably names
//! the wrong clause).

use super::findings::{self, NeverTogether, Question};
use super::when::{self, Hull};
use crate::diagnostics::Diagnostic;
use crate::model::{find_cycles, ClauseId, Contract};
use crate::semantics::norms_apart;
use crate::semantics::points::TooManyScenarios;

/// The loops of `overrides` and `exception to`, each as the clauses along it.
/// The dead-clause analysis needs them too, so `analysis::check` finds them once.
pub fn loops(contract: &Contract) -> Vec<Vec<ClauseId>> {
    let clauses = &contract.clauses;
    find_cycles(clauses.len(), |c, k| {
        clauses[c].overrides.get(k).map(|o| o.index())
    })
    .into_iter()
    .map(|cycle| cycle.into_iter().map(|i| ClauseId(i as u32)).collect())
    .collect()
}

/// Every precedence loop, and every precedence that resolves nothing (or
/// that could not be decided within the budget).
pub fn check(contract: &Contract, loops: &[Vec<ClauseId>]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = loops
        .iter()
        .map(|ids| findings::precedence_cycle(contract, ids))
        .collect();
    for c in contract.clause_ids() {
        // An instalment's precedence is its recurring clause's, inherited
        // (each instalment of the one over each of the other): the written
        // pair is judged once, over the instalments of each side, since two
        // instalments of different periods never meet and say nothing.
        if contract.clause(c).instance_of.is_some() {
            continue;
        }
        let mut targets: Vec<ClauseId> = (contract.clause(c).overrides.iter().copied())
            .filter(|&t| {
                let of = contract.clause(t).instance_of.map(|(r, _)| r);
                of.is_none_or(|r| !contract.clause(c).overrides.contains(&r))
            })
            .collect();
        targets.sort();
        targets.dedup();
        for t in targets {
            match never_together_written(contract, c, t) {
                Ok(None) => {}
                Ok(Some(why)) => out.push(findings::precedence_no_overlap(contract, c, t, why)),
                Err(too_many) => {
                    let (wa, wb) = (&contract.clause(c).window, &contract.clause(t).window);
                    let events = when::events_of(when::terms(wa).chain(when::terms(wb))).len();
                    out.push(findings::analysis_undecided(
                        contract,
                        Question::Precedence { over: c, target: t },
                        events,
                        &too_many,
                    ));
                }
            }
        }
    }
    out
}

/// [`never_together`] for a precedence as written: a recurring clause
/// stands for its instalments, so the pair meets when some instalment of
/// one meets some instalment of the other (a clause that does not recur
/// stands for itself).
fn never_together_written(
    contract: &Contract,
    a: ClauseId,
    b: ClauseId,
) -> Result<Option<NeverTogether>, TooManyScenarios> {
    let family = |c: ClauseId| -> Vec<ClauseId> {
        match &contract.clause(c).recurrence {
            Some(r) if !r.instances.is_empty() => r.instances.iter().map(|i| i.clause).collect(),
            _ => vec![c],
        }
    };
    let (xs, ys) = (family(a), family(b));
    if xs.len() == 1 && ys.len() == 1 {
        return never_together(contract, xs[0], ys[0]);
    }
    // Instalments share their clause's norm: norms apart are apart for all.
    let (x, y) = (&contract.clause(a).norm, &contract.clause(b).norm);
    if let Some(apart) = norms_apart(contract, x, y) {
        return Ok(Some(NeverTogether::Norms(apart)));
    }
    for &x in &xs {
        let hull = Hull::of(&contract.clause(x).window);
        for &y in &ys {
            // Instalments whose time hulls are apart never meet: only the
            // candidates are decided.
            let (wx, wy) = (&contract.clause(x).window, &contract.clause(y).window);
            if hull.overlaps(&Hull::of(wy)) && when::can_overlap(contract, wx, wy)? {
                return Ok(None);
            }
        }
    }
    Ok(Some(NeverTogether::Windows))
}

/// Why two norms can never apply to the same act, if they cannot: an
/// exclusive right meets other parties' norms, any other norm only its own
/// party's (see [`norms_apart`]); norms that meet must also be in force
/// together at some time.
fn never_together(
    contract: &Contract,
    a: ClauseId,
    b: ClauseId,
) -> Result<Option<NeverTogether>, TooManyScenarios> {
    let (x, y) = (&contract.clause(a).norm, &contract.clause(b).norm);
    if let Some(apart) = norms_apart(contract, x, y) {
        return Ok(Some(NeverTogether::Norms(apart)));
    }
    let (wa, wb) = (&contract.clause(a).window, &contract.clause(b).window);
    let together = Hull::of(wa).overlaps(&Hull::of(wb)) && when::can_overlap(contract, wa, wb)?;
    Ok((!together).then_some(NeverTogether::Windows))
}
