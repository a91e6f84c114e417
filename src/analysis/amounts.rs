//! Checks over amounts: the parts an amount is `split into` add up to it, and
//! the brackets of every tier table cover the ranks once each.
//! Amounts are constants computed exactly while resolving, so the check is a
//! comparison of exact sums, with no day or scenario involved.

use crate::diagnostics::Diagnostic;
use crate::model::amount::{add, tier_flaws, Amount, Expr, ExprKind, Tier};
use crate::model::Contract;

use super::findings;

/// `pactum::amount::parts_mismatch` for each amount whose parts do not add
/// up to it. Parts in another unit than the total are reported by the same
/// finding (their sum has no meaning); a part without a value (already
/// reported) skips the check.
pub fn check(contract: &Contract) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in &contract.amounts {
        let (Some(total), Some(split)) = (&a.value, &a.split_span) else {
            continue;
        };
        let values: Option<Vec<Amount>> = a
            .parts
            .iter()
            .map(|p| p.eval(&|id| contract.amount(id).value.clone()).ok())
            .collect();
        let Some(values) = values else { continue };
        let same_unit = values.iter().all(|v| v.unit == total.unit);
        let sum = values
            .iter()
            .try_fold(rust_decimal::Decimal::ZERO, |acc, v| add(acc, v.value));
        match sum {
            Some(sum) if same_unit && sum == total.value => {}
            _ => out.push(findings::parts_mismatch(
                contract,
                a,
                split,
                &values,
                sum.filter(|_| same_unit),
                total,
            )),
        }
    }
    out.extend(tiers(contract));
    out
}

/// `pactum::amount::tier_overlap` and `pactum::amount::tier_gap` for every
/// tier table written in the contract: in named amounts (a table applied
/// with `at` is checked once, where it is declared) and on clauses. The
/// brackets are whole ranks, so the check is exact arithmetic on their
/// bounds ([`tier_flaws`]), whatever rank the table is applied to.
pub fn tiers(contract: &Contract) -> Vec<Diagnostic> {
    let mut tables: Vec<&[Tier]> = Vec::new();
    for a in &contract.amounts {
        written_tables(&a.expr, &mut tables);
    }
    for c in &contract.clauses {
        if let Some(amount) = &c.amount {
            written_tables(&amount.expr, &mut tables);
        }
    }
    let mut out = Vec::new();
    for tiers in tables {
        for flaw in tier_flaws(tiers) {
            out.push(findings::tier_flaw(tiers, &flaw));
        }
    }
    out
}

/// The tier tables written in `e` (not those copied by `at`). Iterative:
/// the depth of an expression is bounded by the splitter's guard, but a
/// long chain is wide.
fn written_tables<'e>(e: &'e Expr, out: &mut Vec<&'e [Tier]>) {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::Literal(..)
            | ExprKind::Name(..)
            | ExprKind::Input(..)
            | ExprKind::PerPeriod { .. }
            | ExprKind::Sum(_)
            | ExprKind::Broken => {}
            ExprKind::Paren(x) | ExprKind::Rounded(x, ..) | ExprKind::NameIn(_, _, x) => {
                stack.push(x)
            }
            ExprKind::Schedule { rows, .. } => stack.extend(rows.iter().map(|r| &r.amount)),
            ExprKind::Escalated { base, step, .. } => {
                stack.push(base);
                stack.push(step);
            }
            ExprKind::Chain(first, rest) => {
                stack.push(first);
                stack.extend(rest.iter().map(|(_, x)| x));
            }
            ExprKind::Of(xs) | ExprKind::Extremum(_, xs) => stack.extend(xs),
            ExprKind::Tiered { rank, tiers, table } => {
                if table.is_none() {
                    out.push(tiers);
                }
                stack.extend(rank.as_deref());
                stack.extend(tiers.iter().map(|t| &t.rate));
            }
        }
    }
}
