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
    out.extend(no_due_date(contract));
    out
}

/// `pactum::amount::no_due_date` for each obligation that states an amount
/// but no day by which it is owed: it does not recur (an instalment has its
/// `due` line), has no deadline (`within`), no `discharged by` event and no
/// end of its own (`until`), is not written `indefinitely`, ends with the
/// term, and the term has a written end. Its only end is then the term's:
/// it may be performed on any day until the term ends and is never late,
/// so neither `breach of` nor interest can apply to it. Where the term has
/// no end either, the clause is `pactum::norm::open_ended` instead, and a
/// clause that survives the term with no end is
/// `pactum::term::survives_without_end`; so each clause with no end is
/// reported once. A clause that is never in force (reported as dead) is
/// not reported; nor is one whose window the budget cannot decide (the
/// dead-clause check says so).
pub fn no_due_date(contract: &Contract) -> Vec<Diagnostic> {
    use crate::model::Survival;
    use crate::syntax::ast::Modality;
    let term_ends = (contract.term.as_ref()).is_some_and(|t| t.window.until.is_some());
    if !term_ends {
        return Vec::new();
    }
    (contract.clause_ids())
        .filter(|&c| {
            let clause = contract.clause(c);
            clause.norm.modality == Modality::Must
                && clause.amount.is_some()
                && clause.recurrence.is_none()
                && clause.instance_of.is_none()
                && clause.deadline.is_none()
                && clause.own_until.is_none()
                && !clause.window.indefinite
                && clause.survival == Survival::EndsWithTerm
                && super::when::opens(contract, &clause.window) == Ok(true)
        })
        .map(|c| findings::no_due_date(contract, c))
        .collect()
}

/// `pactum::amount::conflict` for each two recurring clauses that oblige
/// the same party to the same payment (the same action, to the same
/// parties, on subjects that overlap) with no precedence between the
/// clauses, and either
/// - by the same kind of period, whose instalments for one period are owed
///   on days that overlap, and whose amounts differ: computed, different
///   values; not computed (they read inputs or the scenario), different
///   expressions. One payment then has two amounts and nothing in the
///   contract says which one is owed. Reported once per pair, on the first
///   period they share;
/// - by two kinds of period whose instalments cover days in common
///   ([`two_periods`]): one payment is then counted by two periods that
///   overlap, and nothing says which basis governs.
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
    let (p, q) = (x.amount.as_ref()?, y.amount.as_ref()?);
    let differ = match (&p.value, &q.value) {
        (Some(u), Some(v)) => u != v,
        _ => {
            crate::print::expression(contract, &p.expr)
                != crate::print::expression(contract, &q.expr)
        }
    };
    if r.period.kind != s.period.kind {
        return two_periods(contract, (x, r), (y, s), differ);
    }
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

/// The cross-kind half of [`two_amounts`]: two recurring clauses that
/// oblige one payment by two kinds of period (a contract year and a
/// calendar year) whose instalments cover days in common. One obligation
/// measured over two kinds of period that overlap is owed twice for those
/// days, or once on a basis the contract does not choose, whatever the
/// amounts (`differ` says whether they also differ). The days compared are
/// the periods each instalment covers ([`crate::model::recurring::Recurrence::covered`]),
/// constants of the model. Years counted from an event have no days
/// without a scenario, so a recurrence by them is compared with one of its
/// own kind only. Reported once per pair, on the first two instalments
/// that overlap and can both be owed when the events come on or after the
/// recurrences' first days (an instalment of a recurrence from an event is
/// owed only if the event came by its period's start or end); on the first
/// two that overlap when no such pair exists.
fn two_periods(
    contract: &Contract,
    (x, r): (&crate::model::Clause, &crate::model::recurring::Recurrence),
    (y, s): (&crate::model::Clause, &crate::model::recurring::Recurrence),
    differ: bool,
) -> Option<Diagnostic> {
    use crate::model::recurring::{Instance, Recurrence};
    if r.period.kind.event().is_some() || s.period.kind.event().is_some() {
        return None;
    }
    let possible = |rec: &Recurrence, i: &Instance| rec.gate.is_none() || rec.gate_by(i) > rec.from;
    let mut first = None;
    let mut likely = None;
    // Both lists are in period order: a merge walk finds every overlapping
    // pair in linear time.
    let (mut a, mut b) = (0, 0);
    while a < r.instances.len() && b < s.instances.len() {
        let (i, j) = (&r.instances[a], &s.instances[b]);
        let (u, v) = (r.covered(i), s.covered(j));
        if u.0 < v.1 && v.0 < u.1 {
            first = first.or(Some((i, j)));
            if possible(r, i) && possible(s, j) {
                likely = Some((i, j));
                break;
            }
        }
        if u.1 <= v.1 {
            a += 1;
        } else {
            b += 1;
        }
    }
    let (i, j) = likely.or(first)?;
    Some(findings::instalment_periods(
        contract,
        (x, r, i),
        (y, s, j),
        differ,
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

/// The tier tables written in `e` (not those copied by `at`).
fn written_tables<'e>(e: &'e Expr, out: &mut Vec<&'e [Tier]>) {
    e.visit(&mut |x| {
        if let ExprKind::Tiered {
            tiers, table: None, ..
        } = &x.kind
        {
            out.push(tiers);
        }
    });
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
