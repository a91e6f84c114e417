//! Checks over amounts: the parts an amount is `split into` add up to it.
//! Amounts are constants computed exactly while resolving, so the check is a
//! comparison of exact sums, with no day or scenario involved.

use crate::diagnostics::Diagnostic;
use crate::model::amount::{add, Amount};
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
    out
}
