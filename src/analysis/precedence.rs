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
        let mut targets = contract.clause(c).overrides.clone();
        targets.sort();
        targets.dedup();
        for t in targets {
            match never_together(contract, c, t) {
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
