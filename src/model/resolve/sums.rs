//! Resolving sums over a schedule (`sum of running_royalties for year
//! 2017`) and inputs with one value per period where no period applies.
//!
//! A sum names a recurring clause, which may be written after the amount
//! that sums it: the sums are linked to their clauses once every recurring
//! clause is expanded ([`Builder::finish_sums`]). A sum whose value is the
//! same in every scenario (grouped by period, over instalments owed on
//! fixed days, each with a constant amount) gets that value then, so that
//! the checker and the verifier can read it; any other waits for a
//! scenario (`pactum query`, `pactum schedule`) and says why
//! ([`amount::Sum::why`]).

use super::*;
use crate::model::amount::{self, Amount, Env, ExprKind, Failure, Sum, Unit};

/// The environment of a sum's unit: every input at 1 of its unit, the
/// named amounts as computed, and a sum whose unit is not known yet in the
/// unit supposed (for a clause whose amount sums its own instalments).
struct Ones<'a>(&'a Contract, Option<&'a Unit>);

impl Env for Ones<'_> {
    fn amount(&self, id: AmountId) -> Option<Amount> {
        self.0.amount(id).value.clone()
    }
    fn input(&self, id: InputId) -> Option<Amount> {
        Some(Amount::new(
            self.0.input(id).unit.clone(),
            rust_decimal::Decimal::ONE,
        ))
    }
    fn input_at(&self, id: InputId, _k: i64) -> Option<Amount> {
        self.input(id)
    }
    fn sum(&self, s: &Sum) -> Result<Amount, Failure> {
        (s.unit.clone().or_else(|| self.1.cloned()))
            .map(|u| Amount::new(u, rust_decimal::Decimal::ONE))
            .ok_or(Failure::Upstream)
    }
}

impl<'s, 't> Builder<'s, 't> {
    /// Reports an amount with one value per period (a bare input per
    /// period, or a sum relative to an instalment; with `any_sum`, any sum)
    /// written in `place`, where no period applies; `true` if there was one.
    pub(super) fn no_period(&mut self, e: &amount::Expr, place: &str, any_sum: bool) -> bool {
        let mut found: Option<(String, Span)> = None;
        e.visit(&mut |x| {
            if found.is_some() {
                return;
            }
            match &x.kind {
                ExprKind::PerPeriod { name, at: None, .. } => {
                    found = Some((format!("input `{name}`"), x.span.clone()))
                }
                ExprKind::Sum(s) if any_sum || s.at.is_none() => {
                    found = Some((format!("`sum of {} {}`", s.name, s.written), x.span.clone()))
                }
                _ => {}
            }
        });
        match found {
            Some((what, at)) => {
                let d = errors::input_no_period(&what, place, at);
                self.error(d);
                true
            }
            None => false,
        }
    }

    /// Links every sum to its recurring clause (reported where written:
    /// in named amounts and in clauses as written, not again in each
    /// instalment's copy), gives those that have one the value they have in
    /// every scenario, and computes again the amounts that read them.
    pub(super) fn finish_sums(&mut self) {
        for i in 0..self.contract.amounts.len() {
            let mut e = self.contract.amounts[i].expr.clone();
            if self.link_sums(&mut e, true) {
                self.contract.amounts[i].expr = e;
            }
        }
        for i in 0..self.contract.clauses.len() {
            let Some(mut a) = self.contract.clauses[i].amount.clone() else {
                continue;
            };
            let report = self.contract.clauses[i].instance_of.is_none();
            if self.link_sums(&mut a.expr, report) {
                self.contract.clauses[i].amount = Some(a);
            }
        }
        // The unit of each summed clause's amounts, once every sum is linked
        // (a clause's amount may sum its own instalments).
        let mut units: Vec<(ClauseId, Option<Unit>)> = Vec::new();
        let mut summed = Vec::new();
        for e in (self.contract.amounts.iter().map(|a| &a.expr)).chain(
            self.contract
                .clauses
                .iter()
                .filter_map(|c| c.amount.as_ref().map(|a| &a.expr)),
        ) {
            e.visit(&mut |x| {
                if let ExprKind::Sum(s) = &x.kind {
                    if s.clause.0 != u32::MAX && !summed.contains(&s.clause) {
                        summed.push(s.clause);
                    }
                }
            });
        }
        for id in summed {
            units.push((id, unit_of(&self.contract, id)));
        }
        let unit = |id: ClauseId| {
            units
                .iter()
                .find(|(c, _)| *c == id)
                .and_then(|(_, u)| u.clone())
        };
        for a in &mut self.contract.amounts {
            a.expr.sums_mut(&mut |s| s.unit = unit(s.clause));
        }
        for c in &mut self.contract.clauses {
            if let Some(a) = &mut c.amount {
                a.expr.sums_mut(&mut |s| s.unit = unit(s.clause));
            }
        }
        // Values known in every scenario: the named amounts' sums first,
        // then the clauses', each computed again where it had none.
        let order = self.contract.amount_order.clone();
        for id in order {
            let mut e = self.contract.amount(id).expr.clone();
            if static_sums(&self.contract, &mut e) {
                let amounts = &self.contract.amounts;
                let v = e.eval(&|u| amounts[u.index()].value.clone()).ok();
                let entry = &mut self.contract.amounts[id.index()];
                entry.expr = e;
                if entry.value.is_none() {
                    entry.value = v;
                }
            }
        }
        for i in 0..self.contract.clauses.len() {
            let Some(mut a) = self.contract.clauses[i].amount.clone() else {
                continue;
            };
            if static_sums(&self.contract, &mut a.expr) {
                if a.value.is_none() {
                    let amounts = &self.contract.amounts;
                    a.value = a.expr.eval(&|u| amounts[u.index()].value.clone()).ok();
                }
                self.contract.clauses[i].amount = Some(a);
            }
        }
    }

    /// Links the sums of an expression written after every clause is
    /// expanded (an assertion's), gives them their value in every scenario
    /// when they have one, and reports those that cannot be.
    pub(super) fn sums_now(&mut self, e: &mut amount::Expr) {
        self.link_sums(e, true);
        let c = &self.contract;
        e.sums_mut(&mut |s| {
            if s.clause.0 != u32::MAX {
                s.unit = unit_of(c, s.clause);
            }
        });
        static_sums(&self.contract, e);
    }

    /// Links each sum of `e` not yet linked to its clause; with `report`,
    /// reports those that name no recurring clause with an amount (they stay
    /// unlinked, with no value). `true` if it found a sum.
    fn link_sums(&mut self, e: &mut amount::Expr, report: bool) -> bool {
        let mut found = Vec::new();
        let mut any = false;
        {
            let (names, c) = (&self.clause_names, &self.contract);
            e.sums_mut(&mut |s| {
                any = true;
                if s.clause.0 != u32::MAX {
                    return;
                }
                let id = names.get(s.name.as_str()).and_then(|v| v.last().copied());
                match link(c, id, s) {
                    Ok(id) => s.clause = id,
                    Err(d) => found.push(d),
                }
            });
        }
        if report {
            for d in found {
                self.error(d);
            }
            // The clause a sum names is a use of it, for the editor (go to
            // definition, references, rename).
            let mut names = Vec::new();
            e.visit(&mut |x| {
                if let ExprKind::Sum(s) = &x.kind {
                    names.push((s.name.clone(), s.name_span.clone()));
                }
            });
            for (name, at) in names {
                let key = self.keys.get(&(Space::Clause, name.as_str())).copied();
                if let Some(key) = key {
                    self.bindings
                        .bind(at.file, &at.range, Target::Clause(key), false);
                }
            }
        }
        any
    }
}

/// The clause a sum names, if it is a recurring clause with an amount
/// (and, for `paid in`, an event that pays each instalment).
fn link(c: &Contract, id: Option<ClauseId>, s: &Sum) -> Result<ClauseId, Diagnostic> {
    let fail = |why: &str, help: &str| errors::amount_sum(&s.name, why, help, s.name_span.clone());
    let Some(id) = id else {
        return Err(fail(
            "no clause has this name",
            "name a recurring clause (one with an `every` line and an `amount` line)",
        ));
    };
    let t = c.clause(id);
    let Some(r) = &t.recurrence else {
        return Err(fail(
            "it is not a recurring clause",
            "sum a clause with an `every` line and a `due` line: its instalments are what a sum adds up",
        ));
    };
    if t.amount.is_none() {
        return Err(fail(
            "it states no amount",
            "give the clause an `amount` line: each instalment's amount is what the sum adds up",
        ));
    }
    if !s.paid && r.period.kind.event().is_some() {
        return Err(fail(
            "its instalments' periods are counted from an event, so which of them fall in a period depends on the event's day",
            "sum by the day each instalment is paid (`paid in` rather than `for`), with `discharged by EVENT` on the clause",
        ));
    }
    if s.paid && r.instances.iter().any(|i| i.discharge.is_none()) {
        return Err(fail(
            "no event pays its instalments",
            "add `discharged by EVENT` to the clause, so that each instalment has the day it is paid, \
             or sum by period (`for` rather than `paid in`)",
        ));
    }
    Ok(id)
}

/// The unit of a recurring clause's instalments' amounts, if any computes
/// with every input at 1 of its unit; an amount that sums over a schedule
/// whose unit is not known yet (its own, say) has the unit that, supposed
/// for that sum, it computes to, among the units it names.
fn unit_of(c: &Contract, id: ClauseId) -> Option<Unit> {
    let r = c.clause(id).recurrence.as_ref()?;
    let amounts = || (r.instances.iter()).filter_map(|i| c.clause(i.clause).amount.as_ref());
    let found = amounts().find_map(|a| match &a.value {
        Some(v) => Some(v.unit.clone()),
        None => a.expr.eval_env(&Ones(c, None)).ok().map(|v| v.unit),
    });
    if found.is_some() {
        return found;
    }
    let a = amounts().next()?;
    let mut candidates = vec![Unit::Number, Unit::Percent];
    a.expr.visit(&mut |x| {
        let unit = match &x.kind {
            ExprKind::Literal(v, _) => Some(v.unit.clone()),
            ExprKind::Input(i, _) | ExprKind::PerPeriod { input: i, .. } => {
                Some(c.input(*i).unit.clone())
            }
            _ => None,
        };
        if let Some(u) = unit.filter(|u| !candidates.contains(u)) {
            candidates.push(u);
        }
    });
    candidates.into_iter().find(|u| {
        a.expr
            .eval_env(&Ones(c, Some(u)))
            .is_ok_and(|v| v.unit == *u)
    })
}

/// Gives each linked sum of `e` whose period is known its value in every
/// scenario, or why it has none. `true` if `e` has a sum.
fn static_sums(c: &Contract, e: &mut amount::Expr) -> bool {
    let mut any = false;
    e.sums_mut(&mut |s| {
        any = true;
        if s.clause.0 == u32::MAX || s.at.is_none() || s.value.is_some() || s.why.is_some() {
            return;
        }
        match static_value(c, s) {
            Ok(v) => s.value = Some(v),
            Err(why) => s.why = Some(why),
        }
    });
    any
}

/// A sum's value in every scenario: grouped by period, over instalments
/// whose days name no event (each owed or not whatever the scenario), each
/// with a constant amount; otherwise why it depends on the scenario.
fn static_value(c: &Contract, s: &Sum) -> Result<Amount, String> {
    let written = format!("`sum of {} {}`", s.name, s.written);
    if s.paid {
        return Err(format!(
            "{written} depends on the days the instalments are paid, which differ between scenarios"
        ));
    }
    let (Some(r), Some((start, end))) = (&c.clause(s.clause).recurrence, s.window()) else {
        return Err(format!("{written} has no period"));
    };
    if r.horizon.is_some_and(|h| end > h) {
        return Err(format!(
            "{written} reaches past the horizon `{}` is listed through (it has no end)",
            s.name
        ));
    }
    let mut total: Option<Amount> = None;
    for inst in &r.instances {
        if !(start <= inst.period.0 && inst.period.0 < end) {
            continue;
        }
        let clause = c.clause(inst.clause);
        // The instalment's own payment ends its window early, but a paid
        // instalment is summed all the same: only other events matter.
        let mut events = Vec::new();
        for p in clause.window.from.iter().chain(clause.window.until.iter()) {
            p.events(&mut events);
        }
        events.retain(|&e| Some(e) != inst.discharge);
        if let Some(e) = events.first() {
            return Err(format!(
                "{written} depends on whether `{}` is owed, which depends on `{}`",
                clause.named.name,
                c.event(*e).named.name
            ));
        }
        let from = match &clause.window.from {
            Some(p) => p.eval(&|_| None),
            None => Some(Day::MIN),
        };
        let until = clause.window.until.as_ref().and_then(|p| p.eval(&|_| None));
        let owed = from.is_some_and(|f| until.is_none_or(|u| f < u));
        if !owed {
            continue;
        }
        let Some(v) = clause.amount.as_ref().and_then(|a| a.value.clone()) else {
            return Err(format!(
                "{written} depends on the amount of `{}`, which depends on the scenario",
                clause.named.name
            ));
        };
        total = Some(match total {
            None => v,
            Some(t) => amount::plus(t, v, &s.name_span)
                .map_err(|_| format!("{written} adds amounts of different kinds"))?,
        });
    }
    match (total, &s.unit) {
        (Some(t), _) => Ok(t),
        (None, Some(u)) => Ok(Amount::new(u.clone(), rust_decimal::Decimal::ZERO)),
        (None, None) => Err(format!("{written} has no instalment whose unit is known")),
    }
}
