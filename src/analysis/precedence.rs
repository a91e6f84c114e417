//! Precedence problems: clauses that override each other in a loop, and an
//! `overrides` or `exception to` whose target never applies to the same act
//! at the same time (so the precedence resolves nothing, and probably names
//! the wrong clause).

use super::when::{self, Hull};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{find_cycles, ClauseId, Contract};
use crate::semantics::{norms_apart, Apart};

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

pub fn check(contract: &Contract, loops: &[Vec<ClauseId>]) -> Vec<Diagnostic> {
    let mut out = cycles(contract, loops);
    for c in contract.clause_ids() {
        let mut targets = contract.clause(c).overrides.clone();
        targets.sort();
        targets.dedup();
        for t in targets {
            if let Some(d) = no_overlap(contract, c, t) {
                out.push(d);
            }
        }
    }
    out
}

fn keyword(contract: &Contract, c: ClauseId, target: ClauseId) -> &'static str {
    if contract.clause(c).exception_to.contains(&target) {
        "exception to"
    } else {
        "overrides"
    }
}

fn cycles(contract: &Contract, loops: &[Vec<ClauseId>]) -> Vec<Diagnostic> {
    loops
        .iter()
        .map(|ids| {
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
                        keyword(contract, c, next),
                        contract.clause(next).named.name
                    ),
                );
            }
            d.with_help(
                "precedence must go one way; remove the `overrides` or `exception to` that \
                 points back",
            )
        })
        .collect()
}

/// Why two norms can never apply to the same act, if they cannot: an
/// exclusive right meets other parties' norms, any other norm only its own
/// party's.
fn why_apart(contract: &Contract, a: ClauseId, b: ClauseId) -> Option<&'static str> {
    let (x, y) = (&contract.clause(a).norm, &contract.clause(b).norm);
    if let Some(apart) = norms_apart(x, y) {
        return Some(match apart {
            Apart::Actions => "they govern different actions",
            Apart::Parties => "they bind different parties",
            Apart::Subjects => "their subjects do not overlap",
            Apart::To => "their `to` parties do not overlap",
            Apart::On => "their `on` qualifiers do not overlap",
        });
    }
    let (wa, wb) = (&contract.clause(a).window, &contract.clause(b).window);
    if !Hull::of(wa).overlaps(&Hull::of(wb)) || !when::can_overlap(contract, wa, wb) {
        Some("their windows never overlap, in any scenario")
    } else {
        None
    }
}

fn no_overlap(contract: &Contract, c: ClauseId, target: ClauseId) -> Option<Diagnostic> {
    let why = why_apart(contract, c, target)?;
    let kw = keyword(contract, c, target);
    let (name, tname) = (
        &contract.clause(c).named.name,
        &contract.clause(target).named.name,
    );
    let message = if kw == "overrides" {
        format!("`{name}` overrides `{tname}`, which resolves nothing: {why}")
    } else {
        format!("`{name}` is an exception to `{tname}` that resolves nothing: {why}")
    };
    Some(
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
            )),
    )
}
