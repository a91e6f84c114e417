//! The analyses `pactum check` runs once a contract resolves without errors:
//! conflicts between norms and between facts, precedence problems, gaps in
//! coverage, open ends, dead and shadowed clauses.
//!
//! Each analysis works from indexes (by party and action, by subject, by the
//! time hull of a window) so that only candidate pairs are compared, and
//! decides each candidate exactly with the representative scenarios of
//! [`crate::semantics::points`] for just the windows involved.

pub(crate) mod amounts;
pub mod budget;
pub mod conflicts;
pub(crate) mod dead;
pub(crate) mod deadlines;
pub mod diff;
pub(crate) mod findings;
pub(crate) mod gaps;
pub(crate) mod index;
pub(crate) mod powers;
pub(crate) mod precedence;
pub mod verify;
pub(crate) mod when;

use crate::diagnostics::Diagnostic;
use crate::model::Contract;

/// Every finding of every analysis, in no particular order (front ends sort).
pub fn check(contract: &Contract) -> Vec<Diagnostic> {
    crate::semantics::points::memoized(|| analyses(contract))
}

fn analyses(contract: &Contract) -> Vec<Diagnostic> {
    let loops = precedence::loops(contract);
    let mut out = Vec::new();
    out.extend(conflicts::check(contract));
    out.extend(precedence::check(contract, &loops));
    out.extend(gaps::check(contract));
    out.extend(dead::check(contract, &loops));
    out.extend(powers::check(contract));
    out.extend(deadlines::check(contract));
    out.extend(amounts::check(contract));
    out
}
