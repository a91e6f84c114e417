//! Powers that cannot be used as written: one that no scenario lets its
//! holder exercise, and an option left open forever.

use super::findings::{self, Question};
use super::when;
use crate::diagnostics::Diagnostic;
use crate::model::{Contract, TimeExpr};
use crate::syntax::ast::PowerKind;

/// Every finding about the contract's powers.
pub fn check(contract: &Contract) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &contract.powers {
        let exercise = TimeExpr::Event(p.event);
        // The exact search places the exercise wherever its windows allow,
        // so this asks whether any scenario lets it happen at all.
        match when::some_scenario(contract, &[&exercise], |s| s.date(p.event).is_some()) {
            Ok(true) => {}
            Ok(false) => {
                out.push(findings::power_never(contract, p));
                continue;
            }
            Err(too_many) => {
                let events = contract.predecessors(p.event).len() + 1;
                out.push(findings::analysis_undecided(
                    contract,
                    Question::Exercised(p),
                    events,
                    &too_many,
                ));
                continue;
            }
        }
        // The power's own lines decide: the end of the term is no exercise
        // period (a right of first refusal open until the agreement ends
        // still leaves the seller waiting for years).
        if p.kind == PowerKind::Exercise && p.own_until.is_none() && !p.window.indefinite {
            out.push(findings::power_no_deadline(p));
        }
    }
    out
}
