//! Checks over amounts: the parts an amount is `split into` add up to it,
//! the brackets of every tier table cover the ranks once each, and an
//! amount over inputs has a value for every value of them.
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
    out.extend(undefined_cases(contract));
    out.extend(instalment_amounts(contract));
    out
}

/// `pactum::amount::conflict` for each two recurring clauses that oblige
/// the same party to the same payment (the same action, to the same
/// parties, on subjects that overlap) by the same kind of period, whose
/// instalments for one period are owed on days that overlap, with no
/// precedence between the clauses, and whose amounts differ: computed,
/// different values; not computed (they read inputs or the scenario),
/// different expressions. One payment then has two amounts and nothing in
/// the contract says which one is owed. Reported once per pair, on the
/// first period they share.
pub fn instalment_amounts(contract: &Contract) -> Vec<Diagnostic> {
    use crate::syntax::ast::Modality;
    let recurring: Vec<crate::model::ClauseId> = (contract.clause_ids())
        .filter(|&c| {
            let clause = contract.clause(c);
            clause.recurrence.is_some()
                && clause.amount.is_some()
                && clause.norm.modality == Modality::Must
        })
        .collect();
    let mut out = Vec::new();
    for (i, &a) in recurring.iter().enumerate() {
        for &b in &recurring[i + 1..] {
            if let Some(d) = two_amounts(contract, a, b) {
                out.push(d);
            }
        }
    }
    out
}

fn two_amounts(
    contract: &Contract,
    a: crate::model::ClauseId,
    b: crate::model::ClauseId,
) -> Option<Diagnostic> {
    let (x, y) = (contract.clause(a), contract.clause(b));
    let (m, n) = (&x.norm, &y.norm);
    let same_payment = m.party == n.party
        && m.action == n.action
        && m.to == n.to
        && m.subjects.overlaps(&n.subjects);
    if !same_payment || crate::semantics::precedence_between(contract, a, b) {
        return None;
    }
    let (r, s) = (x.recurrence.as_ref()?, y.recurrence.as_ref()?);
    if r.period.kind != s.period.kind {
        return None;
    }
    let (p, q) = (x.amount.as_ref()?, y.amount.as_ref()?);
    let differ = match (&p.value, &q.value) {
        (Some(u), Some(v)) => u != v,
        _ => {
            crate::print::expression(contract, &p.expr)
                != crate::print::expression(contract, &q.expr)
        }
    };
    if !differ {
        return None;
    }
    let (i, j) = r.instances.iter().find_map(|i| {
        let j = s
            .instances
            .iter()
            .find(|j| j.index == i.index && i.due_from < j.deadline && j.due_from < i.deadline)?;
        Some((i, j))
    })?;
    let period = crate::print::period(&r.period, i.index);
    let (pi, pj) = (
        contract.clause(i.clause).amount.as_ref()?,
        contract.clause(j.clause).amount.as_ref()?,
    );
    Some(findings::instalment_amounts(
        contract,
        (x, pi),
        (y, pj),
        &period,
    ))
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
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                crate::model::amount::cond_exprs(cond, &mut stack);
                stack.push(then);
                stack.extend(otherwise.as_deref());
            }
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

/// Whether an amount, over the values of its inputs, always has a value,
/// lacks one for some values (these), or for every value (these, where a
/// part of it lacks one), or cannot be told by the exact search.
#[derive(Debug, Clone)]
enum Defined {
    Always,
    Sometimes(Vec<(crate::model::InputId, rust_decimal::Decimal)>),
    Never(Vec<(crate::model::InputId, rust_decimal::Decimal)>),
    Unknown,
}

/// `pactum::amount::undefined_case` for each amount over inputs that has
/// no value for some of their values: written with a conditional without
/// `else` whose condition can fail, or (through its parts) with no value
/// for any value of its inputs, such as the `lesser of` two conditionals
/// whose conditions exclude each other. Decided exactly, case by case, as
/// an event's comparison is (docs/semantics.md §6.5): each case in which
/// the amount has no value is a system of linear guards, and the search
/// gives values of the inputs in it. An amount that is not linear in its
/// inputs is not judged (nothing is claimed about it).
pub fn undefined_cases(contract: &Contract) -> Vec<Diagnostic> {
    use crate::model::input::{self, Memo};
    let judge = |e: &Expr| -> Defined {
        let Some(l) = input::linear(contract, e, &mut Memo::default()) else {
            return Defined::Unknown;
        };
        // Most amounts have a value in every piece: nothing to solve.
        if l.pieces.iter().all(|(_, sum)| sum.is_some()) {
            return Defined::Always;
        }
        let (mut defined, mut witness) = (false, None);
        for (guards, sum) in &l.pieces {
            match (sum, input::satisfiable(guards)) {
                (_, Ok(None)) => {}
                (Some(_), _) => defined = true,
                (None, Err(_)) => return Defined::Unknown,
                (None, Ok(Some(values))) => {
                    let decimals: Option<Vec<_>> = (values.iter())
                        .map(|(i, q)| crate::model::feasible::decimal(q).map(|d| (*i, d)))
                        .collect();
                    match decimals {
                        Some(d) if witness.is_none() => witness = Some(d),
                        Some(_) => {}
                        None => return Defined::Unknown,
                    }
                }
            }
        }
        match (witness, defined) {
            (None, _) => Defined::Always,
            (Some(w), true) => Defined::Sometimes(w),
            (Some(w), false) => Defined::Never(w),
        }
    };
    let reads_inputs = |e: &Expr| !input::inputs_used(contract, e).is_empty();
    let mut out = Vec::new();
    // Named amounts first, each after those it uses, so that an amount
    // that has no value only because a part of it never has one is not
    // reported again.
    let mut never = vec![false; contract.amounts.len()];
    let report = |name: &str, e: &Expr, never_parts: bool, out: &mut Vec<Diagnostic>| {
        if !reads_inputs(e) {
            return false;
        }
        let verdict = judge(e);
        let (values, none) = match verdict {
            Defined::Sometimes(w) if partial(e) => (w, false),
            Defined::Never(w) if !never_parts => (w, true),
            Defined::Never(_) => return true,
            _ => return false,
        };
        out.push(findings::undefined_case(contract, name, e, &values, none));
        none
    };
    for &id in &contract.amount_order {
        let a = contract.amount(id);
        if a.value.is_some() {
            continue;
        }
        let mut used = Vec::new();
        a.expr.names(&mut used);
        let never_parts = used.iter().any(|u| never[u.index()]);
        never[id.index()] = report(&a.named.name, &a.expr, never_parts, &mut out);
    }
    // A recurring clause's instalments share its amount's expression:
    // each expression written is judged once.
    let mut seen: Vec<crate::diagnostics::Span> = Vec::new();
    for c in &contract.clauses {
        let Some(a) = &c.amount else { continue };
        if a.value.is_some() || seen.contains(&a.expr.span) {
            continue;
        }
        seen.push(a.expr.span.clone());
        let mut used = Vec::new();
        a.expr.names(&mut used);
        let never_parts = used.iter().any(|u| never[u.index()]);
        report(&c.named.name, &a.expr, never_parts, &mut out);
    }
    out
}

/// Whether `e` itself (not the named amounts it uses) writes a
/// conditional amount without `else`.
fn partial(e: &Expr) -> bool {
    let mut any = false;
    e.visit(&mut |x| {
        any |= matches!(
            &x.kind,
            ExprKind::If {
                otherwise: None,
                ..
            }
        )
    });
    any
}
