//! Inputs: numbers the agreement depends on but does not fix (net sales in
//! a period, royalties paid, units installed), declared with `input NAME:
//! money USD | percent | number`, given by a scenario (`pactum query
//! --assume net_sales=USD 1.2 million`), used in amounts by name, and
//! deciding events: `event benchmark_missed on 2020-11-12 when locations <
//! 25` happens on that day if the comparison holds, and never otherwise.
//!
//! The verifier decides questions over such events exactly when each of
//! their comparisons is linear in one input, which makes it one input
//! against a constant ([`Form::Bound`]):
//! the constants the contract compares an input with cut its line into
//! finitely many intervals (each bound, and the open stretches between and
//! around them), every comparison is constant on each interval, so one
//! witness value per interval ([`witnesses`]) realizes every combination of
//! those events that any value realizes, and no other ([`Realizable`]).
//! docs/semantics.md gives the argument. Any other comparison (an input
//! times an input, two inputs, `greater of`) is [`Form::Other`], and a
//! question that depends on it is undecided, with the reason.

use std::cell::RefCell;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::amount::{self, Amount, Env as _, Expr, ExprKind, Failure, Sum, Unit};
use super::{AmountId, ClauseId, Contract, Day, EventId, InputId, Named};
use crate::diagnostics::Span;
use crate::syntax::ast::{BinOp, CmpOp};

/// A declared input: `input net_sales "Net Sales": money USD`.
#[derive(Debug, Clone)]
pub struct Input {
    /// The name and its documentation.
    pub named: Named,
    /// What its values count: money in one currency, a percentage, a number.
    pub unit: Unit,
    /// `per quarter`: the kind of period it has one value per, if any.
    pub per: Option<super::period::Period>,
    /// For one period's value written in the contract (`net_sales[2017-Q2]`,
    /// named so): the input it is a value of, and the period's index. Such
    /// an instance is a scalar input of its own, so that the exact search
    /// decides an event over it as over any input.
    pub instance_of: Option<(InputId, i64)>,
}

/// `on 2020-11-12 when locations < 25`: the day an event the inputs decide
/// happens on, and the comparison that decides it.
#[derive(Debug, Clone)]
pub struct Threshold {
    /// The day it happens on if the comparison holds.
    pub day: Day,
    /// The left side.
    pub left: Expr,
    /// The comparison.
    pub op: CmpOp,
    /// The right side.
    pub right: Expr,
    /// Where `on … when …` was written.
    pub span: Span,
    /// The shape of the comparison, for the verifier.
    pub form: Form,
}

/// The shape of a threshold's comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    /// One input compared with a constant, the input on the left
    /// (`25 > locations` is `locations < 25`).
    Bound {
        /// The input.
        input: InputId,
        /// The comparison, with the input on its left.
        op: CmpOp,
        /// The constant, in the input's unit.
        bound: Decimal,
    },
    /// No input on either side: the comparison always holds, or never.
    Fixed(bool),
    /// Any other comparison over inputs, with why the exact search does not
    /// decide it, in words.
    Other(String),
    /// A side has no value for a reason reported where it is written.
    Broken,
}

/// Whether `a op b` holds.
pub fn compare(a: Decimal, op: CmpOp, b: Decimal) -> bool {
    op.holds(a, b)
}

/// The comparison with its sides swapped: `a op b` is `b flip(op) a`.
pub fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        other => other,
    }
}

/// The input an expression is, through parentheses, if it is one alone.
fn lone_input(e: &Expr) -> Option<InputId> {
    match &e.kind {
        ExprKind::Input(id, _) => Some(*id),
        ExprKind::Paren(inner) => lone_input(inner),
        _ => None,
    }
}

/// The inputs an expression depends on, directly or through the named
/// amounts it uses, each once, in the order first met.
pub fn inputs_used(c: &Contract, e: &Expr) -> Vec<InputId> {
    fn walk(c: &Contract, e: &Expr, seen: &mut Vec<AmountId>, out: &mut Vec<InputId>) {
        match &e.kind {
            ExprKind::Input(id, _) | ExprKind::PerPeriod { input: id, .. } => {
                if !out.contains(id) {
                    out.push(*id);
                }
            }
            // A sum reads the instalments' amounts in the scenario, not an
            // input of its own.
            ExprKind::Sum(_) => {}
            ExprKind::Name(id, _) => {
                // A cycle of amounts is reported elsewhere; each amount is
                // read once here, so it cannot loop.
                if !seen.contains(id) {
                    seen.push(*id);
                    walk(c, &c.amount(*id).expr, seen, out);
                }
            }
            ExprKind::Literal(..) | ExprKind::Broken => {}
            ExprKind::Paren(x) | ExprKind::Rounded(x, ..) => walk(c, x, seen, out),
            ExprKind::Chain(first, rest) => {
                walk(c, first, seen, out);
                rest.iter().for_each(|(_, x)| walk(c, x, seen, out));
            }
            ExprKind::Of(xs) | ExprKind::Extremum(_, xs) => {
                xs.iter().for_each(|x| walk(c, x, seen, out))
            }
            ExprKind::Tiered { rank, tiers, .. } => {
                if let Some(rank) = rank {
                    walk(c, rank, seen, out);
                }
                tiers.iter().for_each(|t| walk(c, &t.rate, seen, out))
            }
            ExprKind::NameIn(_, _, x) => walk(c, x, seen, out),
            ExprKind::Schedule { rows, .. } => {
                rows.iter().for_each(|r| walk(c, &r.amount, seen, out))
            }
            ExprKind::Escalated { base, step, .. } => {
                walk(c, base, seen, out);
                walk(c, step, seen, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(c, e, &mut Vec::new(), &mut out);
    out
}

/// The inputs an expression reads that `values` does not give, by name,
/// each once: a scalar input by its name, one period's value of an input
/// per period as `net_sales[2017-Q2]`; through named amounts, as
/// [`inputs_used`] reads them.
pub fn missing(c: &Contract, e: &Expr, values: &InputValues) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: Vec<AmountId> = Vec::new();
    let mut stack = vec![e.clone()];
    while let Some(e) = stack.pop() {
        e.visit(&mut |x| match &x.kind {
            ExprKind::Input(id, _) if values.get(*id).is_none() => {
                let name = c.input(*id).named.name.clone();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
            ExprKind::PerPeriod {
                input,
                name,
                kind,
                at: Some(k),
            } if values.at(*input, *k).is_none() => {
                let name = format!("{name}[{}]", crate::print::period_label(*kind, *k));
                if !out.contains(&name) {
                    out.push(name);
                }
            }
            // A cycle is reported elsewhere; each amount is read once.
            ExprKind::Name(id, _) if !seen.contains(id) && c.amount(*id).value.is_none() => {
                seen.push(*id);
                stack.push(c.amount(*id).expr.clone());
            }
            _ => {}
        });
    }
    out
}

/// Whether an expression, directly or through the named amounts it uses,
/// sums over a schedule: its value then depends on the scenario.
pub fn sums_over_schedule(c: &Contract, e: &Expr) -> bool {
    let mut seen: Vec<AmountId> = Vec::new();
    let mut todo: Vec<&Expr> = vec![e];
    while let Some(e) = todo.pop() {
        let mut any = false;
        let mut names = Vec::new();
        e.visit(&mut |x| match &x.kind {
            ExprKind::Sum(_) => any = true,
            ExprKind::Name(id, _) => names.push(*id),
            _ => {}
        });
        if any {
            return true;
        }
        // Each amount is read once: a cycle cannot loop.
        for id in names {
            if !seen.contains(&id) {
                seen.push(id);
                todo.push(&c.amount(id).expr);
            }
        }
    }
    false
}

/// Two sides compared must be amounts of one kind (money in one currency,
/// percentages, or numbers); the failure says which do not fit.
pub fn comparable(op: CmpOp, left: (&Span, &Unit), right: (&Span, &Unit)) -> Result<(), Failure> {
    match (left.1, right.1) {
        (Unit::Money(a), Unit::Money(b)) if a != b => Err(Failure::Currency {
            op: op.as_str().to_string(),
            left: (left.0.clone(), a.clone()),
            right: (right.0.clone(), b.clone()),
        }),
        (a, b) if a == b => Ok(()),
        (a, b) => Err(Failure::Type {
            op: op.as_str().to_string(),
            left: (left.0.clone(), a.clone()),
            right: (right.0.clone(), b.clone()),
        }),
    }
}

/// The shape of `left op right` in a contract whose named amounts are
/// computed, or the type failure of the comparison (an input compared with
/// a constant of another kind).
pub fn classify(c: &Contract, left: &Expr, op: CmpOp, right: &Expr) -> Result<Form, Failure> {
    let constant = |e: &Expr| e.eval(&|id| c.amount(id).value.clone());
    let sides = [(left, op), (right, flip(op))];
    for (i, (side, op)) in sides.iter().enumerate() {
        let Some(input) = lone_input(side) else {
            continue;
        };
        let other = sides[1 - i].0;
        if !inputs_used(c, other).is_empty() {
            break;
        }
        let Ok(bound) = constant(other) else {
            return Ok(Form::Broken);
        };
        let unit = &c.input(input).unit;
        comparable(*op, (&side.span, unit), (&other.span, &bound.unit))?;
        return Ok(Form::Bound {
            input,
            op: *op,
            bound: bound.value,
        });
    }
    let used: Vec<InputId> = (inputs_used(c, left).into_iter())
        .chain(inputs_used(c, right))
        .collect();
    if used.is_empty() {
        return match (constant(left), constant(right)) {
            (Ok(a), Ok(b)) => {
                comparable(op, (&left.span, &a.unit), (&right.span, &b.unit))?;
                Ok(Form::Fixed(compare(a.value, op, b.value)))
            }
            _ => Ok(Form::Broken),
        };
    }
    if let (Some(l), Some(r)) = (
        linear(c, left, &mut Vec::new()),
        linear(c, right, &mut Vec::new()),
    ) {
        comparable(op, (&left.span, &l.unit), (&right.span, &r.unit))?;
        if let Some(form) = bound_of(&l, op, &r) {
            return Ok(form);
        }
    }
    let names: Vec<String> = (used.iter())
        .map(|&i| format!("`{}`", c.input(i).named.name))
        .collect();
    Ok(Form::Other(format!(
        "its comparison over {} is not one input scaled and shifted by constants compared with \
         a constant, which is what the exact search decides (write it as `INPUT < CONSTANT`, \
         `2 * INPUT + CONSTANT >= CONSTANT`, …)",
        names.join(" and ")
    )))
}

/// An amount linear in at most one input: `coefficient × input + constant`,
/// in `unit` (the constant's unit, and the input's times a plain number).
#[derive(Debug, Clone)]
struct Linear {
    input: Option<(InputId, Decimal)>,
    constant: Decimal,
    unit: Unit,
}

/// `e` as a [`Linear`], if it is one: literals, named amounts (through
/// their expressions when they use inputs), an input, sums and differences
/// of such amounts over one input, products and quotients by a constant
/// plain number, and a constant percentage of one (or a percentage input
/// of a constant). Anything else (`greater of`, `rounded to`, two inputs,
/// an input times an input, a quotient with no exact decimal) is `None`.
fn linear(c: &Contract, e: &Expr, seen: &mut Vec<AmountId>) -> Option<Linear> {
    let constant = |v: Amount| Linear {
        input: None,
        constant: v.value,
        unit: v.unit,
    };
    match &e.kind {
        ExprKind::Literal(a, _) => Some(constant(a.clone())),
        ExprKind::Input(id, _) => Some(Linear {
            input: Some((*id, Decimal::ONE)),
            constant: Decimal::ZERO,
            unit: c.input(*id).unit.clone(),
        }),
        ExprKind::Name(id, _) => match &c.amount(*id).value {
            Some(v) => Some(constant(v.clone())),
            // A cycle is reported elsewhere; each amount is read once.
            None if !seen.contains(id) => {
                seen.push(*id);
                linear(c, &c.amount(*id).expr, seen)
            }
            None => None,
        },
        ExprKind::Paren(inner) | ExprKind::NameIn(_, _, inner) => linear(c, inner, seen),
        // A schedule or an escalation taken in a period that no input
        // moves is a constant, like a tier.
        ExprKind::Schedule { .. } | ExprKind::Escalated { .. } => {
            if !inputs_used(c, e).is_empty() {
                return None;
            }
            e.eval(&|id| c.amount(id).value.clone()).ok().map(constant)
        }
        // A tier applied to a rank that no input moves is a constant; one
        // whose rank or rates read inputs is not linear in them.
        ExprKind::Tiered { .. } => {
            if !inputs_used(c, e).is_empty() {
                return None;
            }
            e.eval(&|id| c.amount(id).value.clone()).ok().map(constant)
        }
        ExprKind::Chain(first, rest) => {
            let mut acc = linear(c, first, seen)?;
            for (op, x) in rest {
                let x = linear(c, x, seen)?;
                acc = match op {
                    BinOp::Add | BinOp::Sub => {
                        let minus = *op == BinOp::Sub;
                        plus(acc, x, minus)?
                    }
                    BinOp::Mul => match (
                        acc.input.is_none() && acc.unit == Unit::Number,
                        x.input.is_none() && x.unit == Unit::Number,
                    ) {
                        (true, _) => scale(x, acc.constant)?,
                        (_, true) => scale(acc, x.constant)?,
                        _ => return None,
                    },
                    BinOp::Div => {
                        if x.input.is_some() || x.unit != Unit::Number || x.constant.is_zero() {
                            return None;
                        }
                        scale(acc, amount::div(Decimal::ONE, x.constant).ok()?)?
                    }
                };
            }
            Some(acc)
        }
        ExprKind::Of(operands) => {
            let (base, percents) = operands.split_last()?;
            let mut acc = linear(c, base, seen)?;
            for p in percents.iter().rev() {
                let p = linear(c, p, seen)?;
                if p.unit != Unit::Percent {
                    return None;
                }
                acc = match (p.input, acc.input) {
                    (None, _) => scale(acc, amount::div(p.constant, Decimal::ONE_HUNDRED).ok()?)?,
                    (Some(_), None) => {
                        let unit = acc.unit.clone();
                        let mut r =
                            scale(p, amount::div(acc.constant, Decimal::ONE_HUNDRED).ok()?)?;
                        r.unit = unit;
                        r
                    }
                    (Some(_), Some(_)) => return None,
                };
            }
            Some(acc)
        }
        ExprKind::Extremum(..)
        | ExprKind::Rounded(..)
        | ExprKind::PerPeriod { .. }
        | ExprKind::Sum(_)
        | ExprKind::Broken => None,
    }
}

/// `a + b` (or `a - b`) over at most one input, both in one unit.
fn plus(a: Linear, b: Linear, minus: bool) -> Option<Linear> {
    if a.unit != b.unit {
        return None;
    }
    let b = if minus { scale(b, -Decimal::ONE)? } else { b };
    let input = match (a.input, b.input) {
        (None, x) | (x, None) => x,
        (Some((i, p)), Some((j, q))) if i == j => Some((i, amount::add(p, q)?)),
        _ => return None,
    };
    Some(Linear {
        input,
        constant: amount::add(a.constant, b.constant)?,
        unit: a.unit,
    })
}

/// `a × k` for a constant `k`, exactly.
fn scale(a: Linear, k: Decimal) -> Option<Linear> {
    Some(Linear {
        input: match a.input {
            Some((i, p)) => Some((i, amount::mul(p, k)?)),
            None => None,
        },
        constant: amount::mul(a.constant, k)?,
        unit: a.unit,
    })
}

/// `left op right` as one input against a constant, if it is one:
/// `p·x + k op q·x + m` is `(p - q)·x op m - k`, and dividing by `p - q`
/// (the comparison turned round when it is negative) gives the bound, when
/// that quotient is an exact decimal.
fn bound_of(left: &Linear, op: CmpOp, right: &Linear) -> Option<Form> {
    let (input, p) = match (left.input, right.input) {
        (Some((i, p)), None) => (i, p),
        (None, Some((i, q))) => (i, -q),
        (Some((i, p)), Some((j, q))) if i == j => (i, amount::sub(p, q)?),
        _ => return None,
    };
    let m = amount::sub(right.constant, left.constant)?;
    if p.is_zero() {
        return Some(Form::Fixed(compare(Decimal::ZERO, op, m)));
    }
    let bound = amount::div(m, p).ok()?;
    let op = if p.is_sign_negative() { flip(op) } else { op };
    Some(Form::Bound { input, op, bound })
}

/// The values a scenario gives the inputs, by [`InputId`] (`None` where it
/// gives none), and the values it gives inputs that have one per period,
/// by input and period index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputValues(
    pub Vec<Option<Amount>>,
    pub BTreeMap<(InputId, i64), Amount>,
);

impl InputValues {
    /// No input given a value.
    pub fn none(c: &Contract) -> Self {
        InputValues(vec![None; c.inputs.len()], BTreeMap::new())
    }

    /// The value of one input, if given.
    pub fn get(&self, id: InputId) -> Option<Amount> {
        self.0.get(id.index()).cloned().flatten()
    }

    /// The value of an input that has one per period, in period `k`.
    pub fn at(&self, id: InputId, k: i64) -> Option<Amount> {
        self.1.get(&(id, k)).cloned()
    }

    /// Gives an input its value.
    pub fn set(&mut self, id: InputId, value: Amount) {
        if let Some(slot) = self.0.get_mut(id.index()) {
            *slot = Some(value);
        }
    }

    /// Gives an input that has one value per period its value in period
    /// `k`, and the instance the contract names for that period, if any
    /// (`net_sales[2017-Q2]` in an event's comparison), the same value.
    pub fn set_at(&mut self, c: &Contract, id: InputId, k: i64, value: Amount) {
        if let Some(i) = (c.inputs.iter()).position(|i| i.instance_of == Some((id, k))) {
            self.set(InputId(i as u32), value.clone());
        }
        self.1.insert((id, k), value);
    }

    /// Whether no input is given a value.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none) && self.1.is_empty()
    }
}

/// What a scenario says of a recurring clause's instalments, for sums over
/// a schedule: whether an instalment (by its clause) is owed, and the day
/// an event (a discharge event) happens, if it does.
pub struct Instalments<'a> {
    /// Whether the instalment that is this clause is owed in the scenario.
    pub owed: &'a dyn Fn(ClauseId) -> bool,
    /// The day an event happens in the scenario.
    pub day: &'a dyn Fn(EventId) -> Option<Day>,
}

/// How deeply sums over a schedule may read each other in one scenario.
pub const MAX_SUM_DEPTH: usize = 64;

/// The key of a sum over a schedule computed in a scenario: the clause,
/// by payment or by period, and the window.
type SumKey = (ClauseId, bool, Day, Day);

/// The values of every named amount in one scenario: the model's, and
/// those that depend on inputs computed again from the scenario's values;
/// with the scenario's instalments, every sum over a schedule the contract
/// writes.
#[derive(Debug, Clone)]
pub struct Valuation {
    /// The inputs' values.
    pub inputs: InputValues,
    amounts: Vec<Option<Amount>>,
    sums: BTreeMap<SumKey, Result<Amount, Failure>>,
    waits: BTreeMap<SumKey, String>,
}

impl Valuation {
    /// The named amounts' values given `inputs`, without a scenario: a sum
    /// over a schedule has the value it has in every scenario, if it has one.
    pub fn new(c: &Contract, inputs: InputValues) -> Self {
        Valuation::in_scenario(c, inputs, None)
    }

    /// The named amounts' values given `inputs` and, when given, the
    /// instalments of a scenario, which sums over a schedule read.
    pub fn in_scenario(
        c: &Contract,
        inputs: InputValues,
        scenario: Option<&Instalments<'_>>,
    ) -> Self {
        let lazy = Lazy {
            c,
            inputs: &inputs,
            scenario,
            amounts: RefCell::new(vec![None; c.amounts.len()]),
            busy: RefCell::new(vec![false; c.amounts.len()]),
            sums: RefCell::new(BTreeMap::new()),
            summing: RefCell::new(Vec::new()),
            waits: RefCell::new(BTreeMap::new()),
        };
        let needed = !inputs.is_empty() || scenario.is_some();
        let amounts: Vec<Option<Amount>> = (0..c.amounts.len() as u32)
            .map(AmountId)
            .map(|id| match &c.amount(id).value {
                Some(v) => Some(v.clone()),
                None if needed => lazy.amount(id),
                None => None,
            })
            .collect();
        if scenario.is_some() {
            // Every sum the clauses' amounts write, so that the answer for
            // each instalment finds it.
            for clause in &c.clauses {
                if let Some(a) = &clause.amount {
                    a.expr.visit(&mut |e| {
                        if let ExprKind::Sum(s) = &e.kind {
                            let _ = lazy.sum(s);
                        }
                    });
                }
            }
        }
        let (sums, waits) = (lazy.sums.into_inner(), lazy.waits.into_inner());
        Valuation {
            inputs,
            amounts,
            sums,
            waits,
        }
    }

    /// What a sum over a schedule computed in this scenario waits for, in
    /// words, when it has no value here (an instalment's amount that
    /// depends on an input not given).
    pub fn sum_waits(&self, s: &Sum) -> Option<&str> {
        let (start, end) = s.window()?;
        self.waits
            .get(&(s.clause, s.paid, start, end))
            .map(String::as_str)
    }

    /// The value of a named amount, if it has one here.
    pub fn amount(&self, id: AmountId) -> Option<Amount> {
        self.amounts.get(id.index()).cloned().flatten()
    }

    /// The value of an expression here.
    pub fn eval(&self, e: &Expr) -> Result<Amount, Failure> {
        e.eval_env(self)
    }
}

impl amount::Env for Valuation {
    fn amount(&self, id: AmountId) -> Option<Amount> {
        Valuation::amount(self, id)
    }
    fn input(&self, id: InputId) -> Option<Amount> {
        self.inputs.get(id)
    }
    fn input_at(&self, id: InputId, k: i64) -> Option<Amount> {
        self.inputs.at(id, k)
    }
    fn sum(&self, s: &Sum) -> Result<Amount, Failure> {
        let Some((start, end)) = s.window() else {
            return Err(Failure::PeriodDependent);
        };
        match self.sums.get(&(s.clause, s.paid, start, end)) {
            Some(v) => v.clone(),
            None => s.value.clone().ok_or(Failure::Upstream),
        }
    }
}

/// The environment [`Valuation::in_scenario`] computes in: each named
/// amount and each sum computed once, when first asked for; one asked for
/// again while it is computed (a cycle through sums) has no value.
struct Lazy<'a> {
    c: &'a Contract,
    inputs: &'a InputValues,
    scenario: Option<&'a Instalments<'a>>,
    amounts: RefCell<Vec<Option<Option<Amount>>>>,
    busy: RefCell<Vec<bool>>,
    sums: RefCell<BTreeMap<SumKey, Result<Amount, Failure>>>,
    summing: RefCell<Vec<SumKey>>,
    waits: RefCell<BTreeMap<SumKey, String>>,
}

impl amount::Env for Lazy<'_> {
    fn amount(&self, id: AmountId) -> Option<Amount> {
        if let Some(v) = &self.c.amount(id).value {
            return Some(v.clone());
        }
        if let Some(v) = &self.amounts.borrow()[id.index()] {
            return v.clone();
        }
        if std::mem::replace(&mut self.busy.borrow_mut()[id.index()], true) {
            return None;
        }
        let v = self.c.amount(id).expr.eval_env(self).ok();
        self.amounts.borrow_mut()[id.index()] = Some(v.clone());
        v
    }
    fn input(&self, id: InputId) -> Option<Amount> {
        self.inputs.get(id)
    }
    fn input_at(&self, id: InputId, k: i64) -> Option<Amount> {
        self.inputs.at(id, k)
    }
    fn sum(&self, s: &Sum) -> Result<Amount, Failure> {
        let Some(scenario) = self.scenario else {
            return s.value.clone().ok_or(Failure::Upstream);
        };
        let Some((start, end)) = s.window() else {
            return Err(Failure::PeriodDependent);
        };
        let key = (s.clause, s.paid, start, end);
        if let Some(v) = self.sums.borrow().get(&key) {
            return v.clone();
        }
        // A sum that reads itself has no value; nor has one nested deeper
        // than [`MAX_SUM_DEPTH`] (an instalment whose amount sums the
        // instalments before it, each of which sums those before it…),
        // which would otherwise recurse once per instalment.
        if self.summing.borrow().contains(&key) || self.summing.borrow().len() >= MAX_SUM_DEPTH {
            return Err(Failure::Upstream);
        }
        self.summing.borrow_mut().push(key);
        let v = sum_in(self.c, s, (start, end), scenario, self);
        if v.is_err() {
            if let Some(why) = waits_for(self.c, s, (start, end), scenario, self) {
                self.waits.borrow_mut().insert(key, why);
            }
        }
        self.summing.borrow_mut().retain(|k| *k != key);
        self.sums.borrow_mut().insert(key, v.clone());
        v
    }
}

/// The instalments of the sum's clause that it groups: those whose
/// discharge event happens in `window` (`paid in`), or whose period starts
/// in it and that are owed or paid in the scenario (`for`).
pub fn grouped(
    c: &Contract,
    s: &Sum,
    window: (Day, Day),
    scenario: &Instalments<'_>,
) -> Vec<ClauseId> {
    let Some(r) = &c.clause(s.clause).recurrence else {
        return Vec::new();
    };
    let within = |d: Day| window.0 <= d && d < window.1;
    (r.instances.iter())
        .filter(|inst| {
            let paid = inst.discharge.and_then(|e| (scenario.day)(e));
            if s.paid {
                paid.is_some_and(within)
            } else {
                within(inst.period.0) && (paid.is_some() || (scenario.owed)(inst.clause))
            }
        })
        .map(|inst| inst.clause)
        .collect()
}

/// What a sum that has no value in a scenario waits for: the first
/// instalment it groups whose amount has none, and the inputs it reads that
/// the scenario does not give.
fn waits_for(
    c: &Contract,
    s: &Sum,
    window: (Day, Day),
    scenario: &Instalments<'_>,
    env: &Lazy<'_>,
) -> Option<String> {
    let id = (grouped(c, s, window, scenario).into_iter()).find(|&id| {
        (c.clause(id).amount.as_ref())
            .is_some_and(|a| a.value.is_none() && a.expr.eval_env(env).is_err())
    })?;
    let a = c.clause(id).amount.as_ref()?;
    let inputs = missing(c, &a.expr, env.inputs);
    let name = &c.clause(id).named.name;
    Some(match inputs.as_slice() {
        [] => format!("the amount of `{name}`, which has no value"),
        [one] => format!("the amount of `{name}`, which depends on the input `{one}`"),
        many => format!(
            "the amount of `{name}`, which depends on the inputs {}",
            many.iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

/// The sum's value in a scenario: the amounts of the instalments it groups
/// ([`grouped`]), added exactly; zero in the clause's unit when it groups
/// none.
fn sum_in(
    c: &Contract,
    s: &Sum,
    window: (Day, Day),
    scenario: &Instalments<'_>,
    env: &dyn amount::Env,
) -> Result<Amount, Failure> {
    let mut total: Option<Amount> = None;
    for id in grouped(c, s, window, scenario) {
        let Some(a) = &c.clause(id).amount else {
            return Err(Failure::Upstream);
        };
        let v = match &a.value {
            Some(v) => v.clone(),
            None => a.expr.eval_env(env)?,
        };
        total = Some(match total {
            None => v,
            Some(t) => amount::plus(t, v, &a.expr.span)?,
        });
    }
    match (total, &s.unit) {
        (Some(t), _) => Ok(t),
        (None, Some(unit)) => Ok(Amount::new(unit.clone(), Decimal::ZERO)),
        (None, None) => Err(Failure::Upstream),
    }
}

impl Threshold {
    /// Whether the comparison holds for these values; `None` if a side
    /// has no value (an input it needs is not given).
    pub fn holds(&self, v: &Valuation) -> Option<bool> {
        let (a, b) = (v.eval(&self.left).ok()?, v.eval(&self.right).ok()?);
        (a.unit == b.unit).then(|| compare(a.value, self.op, b.value))
    }
}

/// One witness value per interval the sorted, distinct `bounds` cut the
/// line into: below the first, each bound, between each two, above the
/// last. `None` if one of them needs more than 28 digits.
pub fn witnesses(bounds: &[Decimal]) -> Option<Vec<Decimal>> {
    let Some(first) = bounds.first() else {
        return Some(vec![Decimal::ZERO]);
    };
    let mut out = vec![amount::sub(*first, Decimal::ONE)?];
    for (i, &b) in bounds.iter().enumerate() {
        out.push(b);
        match bounds.get(i + 1) {
            Some(&next) => out.push(amount::div(amount::add(b, next)?, Decimal::TWO).ok()?),
            None => out.push(amount::add(b, Decimal::ONE)?),
        }
    }
    Some(out)
}

/// One event's comparison of an input with a constant: the event, the
/// comparison (the input on its left), the constant, and the event's day.
type Reading = (EventId, CmpOp, Decimal, Day);

/// The combinations of events the inputs decide that some values of the
/// inputs realize: for each input, the events whose comparisons read it and
/// a witness per interval of its line.
#[derive(Debug, Clone)]
pub struct Realizable {
    by_input: Vec<(Vec<Reading>, Vec<Decimal>)>,
    fixed: Vec<(EventId, bool, Day)>,
}

impl Realizable {
    /// The events of the contract decided by inputs; `Ok(None)` if it has
    /// none, and the first event whose comparison the exact search does
    /// not decide, with why, among `events` (the events a question reads).
    pub fn of(c: &Contract, events: &[EventId]) -> Result<Option<Realizable>, (EventId, String)> {
        let mut by_input: Vec<(Vec<Reading>, Vec<Decimal>)> =
            vec![(Vec::new(), Vec::new()); c.inputs.len()];
        let mut fixed = Vec::new();
        let mut any = false;
        for &e in events {
            let Some(t) = &c.event(e).defined else {
                continue;
            };
            any = true;
            match t.form.clone() {
                Form::Bound { input, op, bound } => {
                    by_input[input.index()].0.push((e, op, bound, t.day))
                }
                Form::Fixed(holds) => fixed.push((e, holds, t.day)),
                Form::Broken => fixed.push((e, false, t.day)),
                Form::Other(why) => return Err((e, why)),
            }
        }
        if !any {
            return Ok(None);
        }
        for (events, witness) in &mut by_input {
            if events.is_empty() {
                continue;
            }
            let mut bounds: Vec<Decimal> = events.iter().map(|&(_, _, b, _)| b).collect();
            bounds.sort();
            bounds.dedup();
            *witness = match self::witnesses(&bounds) {
                Some(w) => w,
                None => {
                    let (e, ..) = events[0];
                    return Err((
                        e,
                        "its constants are too close to the limit of 28 digits to pick a value \
                         between them"
                            .to_string(),
                    ));
                }
            };
        }
        Ok(Some(Realizable { by_input, fixed }))
    }

    /// A value of the input with this index that the witnesses hold (the
    /// first), if events read it.
    pub fn any_value(&self, input: usize) -> Option<Decimal> {
        self.by_input.get(input)?.1.first().copied()
    }

    /// Whether some values of the inputs give exactly the days `day_of`
    /// gives these events (each on its day, or never); if so, a value per
    /// input that does, in the input's unit (`None` for an input no event
    /// reads).
    pub fn admits(&self, day_of: &dyn Fn(EventId) -> Option<Day>) -> Option<Vec<Option<Decimal>>> {
        for &(e, holds, day) in &self.fixed {
            if day_of(e) != holds.then_some(day) {
                return None;
            }
        }
        let mut values = Vec::with_capacity(self.by_input.len());
        for (events, witness) in &self.by_input {
            if events.is_empty() {
                values.push(None);
                continue;
            }
            let fits = |w: Decimal| {
                (events.iter())
                    .all(|&(e, op, b, day)| day_of(e) == compare(w, op, b).then_some(day))
            };
            values.push(Some(witness.iter().copied().find(|&w| fits(w))?));
        }
        Some(values)
    }
}

/// The day the witness `values` (by input, as [`Realizable::admits`] gives
/// them) give event `e` when its comparison is one input with a constant
/// and that input has a value: `Some(day)` or `Some(None)` (never); `None`
/// when they do not decide it.
pub fn decided_day(c: &Contract, e: EventId, values: &[Option<Decimal>]) -> Option<Option<Day>> {
    let t = c.event(e).defined.as_ref()?;
    match t.form {
        Form::Bound { input, op, bound } => {
            let v = (*values.get(input.index())?)?;
            Some(compare(v, op, bound).then_some(t.day))
        }
        Form::Fixed(holds) => Some(holds.then_some(t.day)),
        Form::Broken => Some(None),
        Form::Other(_) => None,
    }
}
