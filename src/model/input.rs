//! Inputs: numbers the agreement depends on but does not fix (net sales in
//! a period, royalties paid, units installed), declared with `input NAME:
//! money USD | percent | number`, given by a scenario (`pactum query
//! --assume net_sales=USD 1.2 million`), used in amounts by name, and
//! deciding events: `event benchmark_missed on 2020-11-12 when locations <
//! 25` happens on that day if the comparison holds, and never otherwise.
//!
//! The verifier decides questions over such events exactly when each of
//! their comparisons is linear in the inputs (sums of inputs scaled by
//! constants, plus constants; `greater of` and `lesser of` of such sums are
//! taken case by case). One input against a constant is [`Form::Bound`]:
//! the constants the contract compares an input with cut its line into
//! finitely many intervals (each bound, and the open stretches between and
//! around them), every comparison is constant on each interval, so one
//! witness value per interval ([`witnesses`]) realizes every combination of
//! those events that any value realizes, and no other. Comparisons over
//! several inputs are [`Form::Linear`]: the inputs they tie together form a
//! group whose realizable combinations an exact search over rational
//! inequalities finds, each with decimal values that realize it
//! (src/model/feasible.rs). Both are behind [`Realizable`];
//! docs/semantics.md §6.5 gives the argument. Any other comparison (an
//! input times an input, `rounded to`) is [`Form::Other`], and a question
//! that depends on it is undecided, with the reason.

use std::cell::RefCell;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::amount::{self, Amount, Env as _, Expr, ExprKind, Failure, Unit};
use super::feasible;
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
    /// A comparison linear in any number of inputs, case by case (one case
    /// unless `greater of` or `lesser of` reads an input): the search of
    /// [`Realizable`] decides it with exact rational feasibility.
    Linear(Vec<Case>),
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
    // Every part of the expression (`Expr::visit`: a sum reads the
    // instalments' amounts in the scenario, not an input of its own), and
    // each named amount it uses where it is met, once: a cycle of amounts is
    // reported elsewhere, and cannot loop here.
    fn walk(c: &Contract, e: &Expr, seen: &mut Vec<AmountId>, out: &mut Vec<InputId>) {
        e.visit(&mut |x| match &x.kind {
            ExprKind::Input(id, _) | ExprKind::PerPeriod { input: id, .. } if !out.contains(id) => {
                out.push(*id);
            }
            ExprKind::Name(id, _) if !seen.contains(id) => {
                seen.push(*id);
                walk(c, &c.amount(*id).expr, seen, out);
            }
            _ => {}
        });
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
    // The case of a conditional amount that is not taken reads nothing.
    let env = Valuation::new(c, values.clone());
    while let Some(e) = stack.pop() {
        e.visit_taken(&env, &mut |x| match &x.kind {
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
    let mut memo = Memo::default();
    if let (Some(l), Some(r)) = (linear(c, left, &mut memo), linear(c, right, &mut memo)) {
        comparable(op, (&left.span, &l.unit), (&right.span, &r.unit))?;
        if let Some(form) = linear_form(&l, op, &r) {
            return Ok(form);
        }
    }
    let names: Vec<String> = (used.iter())
        .map(|&i| format!("`{}`", c.input(i).named.name))
        .collect();
    Ok(Form::Other(format!(
        "its comparison over {} is not linear in the inputs (sums of inputs scaled by constants, \
         and `greater of` / `lesser of` of such sums, compared with each other), which is what \
         the exact search decides; a product of inputs, `rounded to` or a quotient with no \
         exact decimal is not",
        names.join(" and ")
    )))
}

/// What a comparison of amounts over inputs is, over every value of them.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// It holds for every value of the inputs (`true`), or for none.
    Always(bool),
    /// It holds for some values and not for others, or the exact search
    /// does not decide it: why, in words, and values of the inputs for
    /// which it does not hold, when the search found them (decimal).
    Depends(String, Vec<(InputId, Decimal)>),
    /// A side has no value for a reason reported where it is written.
    Broken,
}

/// Whether `left op right`, over the inputs its sides read, holds for
/// every value of them, for none, or depends on them: case by case, as an
/// event's comparison is classified ([`classify`]), each case's guards with
/// the comparison (or its negation) solved exactly. Where both are
/// satisfiable the answer depends on the values, and the reason gives
/// values for which the comparison does not hold.
pub fn decide(c: &Contract, left: &Expr, op: CmpOp, right: &Expr) -> Result<Decision, Failure> {
    let written = format!(
        "`{} {} {}`",
        crate::print::expression(c, left),
        op.as_str(),
        crate::print::expression(c, right)
    );
    let cases = match classify(c, left, op, right)? {
        Form::Fixed(holds) => return Ok(Decision::Always(holds)),
        Form::Broken => return Ok(Decision::Broken),
        Form::Other(why) => {
            return Ok(Decision::Depends(
                format!(
                    "{written} reads inputs, and {}",
                    why.trim_start_matches("its ")
                ),
                Vec::new(),
            ))
        }
        Form::Bound { input, op, bound } => vec![Case {
            guards: Vec::new(),
            test: Atom {
                sum: Sum {
                    terms: vec![(input, Decimal::ONE)],
                    constant: -bound,
                },
                op,
            },
        }],
        Form::Linear(cases) => cases,
    };
    let budget = || {
        Decision::Depends(
            format!(
                "{written} reads inputs, and deciding it for every value of them passes the \
                 search's budget"
            ),
            Vec::new(),
        )
    };
    let witness = |test: CmpOp| -> Result<Option<Vec<(InputId, feasible::Q)>>, ()> {
        for k in &cases {
            let mut guards = k.guards.clone();
            guards.push(Atom {
                sum: k.test.sum.clone(),
                op: test,
            });
            // `!=` is `<` or `>`: [`feasible::solve`] splits it.
            match satisfiable(&guards) {
                Ok(Some(x)) => return Ok(Some(x)),
                Ok(None) => {}
                Err(_) => return Err(()),
            }
        }
        Ok(None)
    };
    let (Ok(holds), Ok(fails)) = (witness(op), witness(negate(op))) else {
        return Ok(budget());
    };
    Ok(match (holds, fails) {
        (_, None) => Decision::Always(true),
        (None, Some(_)) => Decision::Always(false),
        (Some(_), Some(values)) => {
            let words: Vec<String> = (values.iter())
                .map(|(i, q)| {
                    let value = feasible::decimal(q).map_or_else(
                        || q.to_string(),
                        |d| crate::print::amount(&Amount::new(c.input(*i).unit.clone(), d)),
                    );
                    format!("`{}` = {value}", c.input(*i).named.name)
                })
                .collect();
            let decimals = (values.iter())
                .map(|(i, q)| feasible::decimal(q).map(|d| (*i, d)))
                .collect::<Option<Vec<_>>>()
                .unwrap_or_default();
            Decision::Depends(
                format!(
                    "{written} holds for some values of the inputs it reads and not for others \
                     (not for {}); an assertion over amounts is decided when the comparison \
                     goes the same way for every value of its inputs",
                    crate::print::join_and(&words)
                ),
                decimals,
            )
        }
    })
}

/// `Σ coefficient × input + constant`, exactly: the inputs by increasing
/// id, each with a nonzero coefficient.
#[derive(Debug, Clone, PartialEq)]
pub struct Sum {
    /// The inputs and their coefficients.
    pub terms: Vec<(InputId, Decimal)>,
    /// The constant.
    pub constant: Decimal,
}

impl Sum {
    fn constant(value: Decimal) -> Sum {
        Sum {
            terms: Vec::new(),
            constant: value,
        }
    }

    /// `self + k·other`, exactly, or `None` past 28 digits.
    fn plus(&self, k: Decimal, other: &Sum) -> Option<Sum> {
        let mut terms = self.terms.clone();
        for &(i, q) in &other.terms {
            let q = amount::mul(q, k)?;
            match terms.iter().position(|&(j, _)| j == i) {
                Some(at) => terms[at].1 = amount::add(terms[at].1, q)?,
                None => terms.push((i, q)),
            }
        }
        terms.retain(|(_, p)| !p.is_zero());
        terms.sort_by_key(|&(i, _)| i);
        Some(Sum {
            terms,
            constant: amount::add(self.constant, amount::mul(other.constant, k)?)?,
        })
    }

    /// `k·self`, exactly.
    fn scaled(&self, k: Decimal) -> Option<Sum> {
        Sum::constant(Decimal::ZERO).plus(k, self)
    }

    /// The value of the sum for these values of the inputs (`None` for one
    /// without a value, or past 28 digits).
    fn value(&self, values: &[Option<Decimal>]) -> Option<Decimal> {
        let mut v = self.constant;
        for &(i, p) in &self.terms {
            v = amount::add(v, amount::mul(p, (*values.get(i.index())?)?)?)?;
        }
        Some(v)
    }
}

/// `sum op 0`: one comparison linear in the inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Atom {
    /// The left side, the right side moved over.
    pub sum: Sum,
    /// The comparison with zero.
    pub op: CmpOp,
}

/// One case of a comparison linear in its inputs: where every guard holds
/// (the cases of `greater of` and `lesser of`: which operand is the
/// greater), the comparison is `test`. The guards of a comparison's cases
/// cover every value of the inputs once.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// What selects the case.
    pub guards: Vec<Atom>,
    /// The comparison in that case.
    pub test: Atom,
}

/// The most cases one comparison may be taken in (`greater of` doubles
/// them per operand).
const MOST_CASES: usize = 64;

/// Pieces of a [`Linear`]: where the guards hold, the amount is the sum,
/// or has no value (`None`: a conditional amount without `else` whose
/// condition fails there).
pub type Pieces = Vec<(Vec<Atom>, Option<Sum>)>;

/// The guards `atoms` together, those over no input (true or false by
/// themselves) left out; `None` when one of those is false.
fn conj(atoms: impl IntoIterator<Item = Atom>) -> Option<Vec<Atom>> {
    let mut open = Vec::new();
    for atom in atoms {
        if atom.sum.terms.is_empty() {
            if !compare(atom.sum.constant, atom.op, Decimal::ZERO) {
                return None;
            }
        } else {
            open.push(atom);
        }
    }
    Some(open)
}

/// Every pair of a conjunction of `a` and one of `b`, joined.
fn product(a: &[Vec<Atom>], b: &[Vec<Atom>]) -> Vec<Vec<Atom>> {
    let mut out = Vec::new();
    for x in a {
        for y in b {
            out.extend(conj(x.iter().chain(y).cloned()));
        }
    }
    out
}

/// Where a condition holds and where it does not, each as conjunctions of
/// guards that exclude each other.
type Truth = (Vec<Vec<Atom>>, Vec<Vec<Atom>>);

/// The cases of a conditional amount's condition, when each comparison in
/// it is linear in the inputs and has a value for every value of them:
/// `a op b` holds where `a - b op 0` does, case by case over the pieces of
/// its sides; `not` swaps; `A and B` holds where both do and fails where
/// `A` fails or `A` holds and `B` fails (and `or` the other way round),
/// which is also the order [`amount::cond_holds`] reads them in.
fn cond_cases(c: &Contract, cond: &super::Cond, memo: &mut Memo) -> Option<Truth> {
    use super::Cond;
    let too_many = |t: &Truth| t.0.len() + t.1.len() > MOST_CASES;
    let truth = match cond {
        Cond::Amount(cmp) => {
            let l = linear(c, &cmp.left, memo)?;
            let r = linear(c, &cmp.right, memo)?;
            if l.unit != r.unit {
                return None;
            }
            let (mut holds, mut fails) = (Vec::new(), Vec::new());
            for (gl, sl) in &l.pieces {
                for (gr, sr) in &r.pieces {
                    let (Some(sl), Some(sr)) = (sl, sr) else {
                        return None;
                    };
                    let diff = sl.plus(-Decimal::ONE, sr)?;
                    let both = || gl.iter().chain(gr).cloned();
                    let test = |op| Atom {
                        sum: diff.clone(),
                        op,
                    };
                    holds.extend(conj(both().chain([test(cmp.op)])));
                    fails.extend(conj(both().chain([test(negate(cmp.op))])));
                }
            }
            (holds, fails)
        }
        Cond::Not(inner) => {
            let (holds, fails) = cond_cases(c, inner, memo)?;
            (fails, holds)
        }
        Cond::And(parts) | Cond::Or(parts) => {
            let and = matches!(cond, Cond::And(_));
            let mut parts = parts.iter();
            let mut acc = cond_cases(c, parts.next()?, memo)?;
            for p in parts {
                let (holds, fails) = cond_cases(c, p, memo)?;
                acc = if and {
                    let mut f = acc.1;
                    f.extend(product(&acc.0, &fails));
                    (product(&acc.0, &holds), f)
                } else {
                    let mut h = acc.0;
                    h.extend(product(&acc.1, &holds));
                    (h, product(&acc.1, &fails))
                };
                if too_many(&acc) {
                    return None;
                }
            }
            acc
        }
        _ => return None,
    };
    (!too_many(&truth)).then_some(truth)
}

/// The named amounts [`linear`] has read, each once: a name used twice
/// (or by two amounts) is read from here, and one still being read is a
/// cycle (reported elsewhere), which is not linear.
#[derive(Default)]
pub struct Memo {
    reading: Vec<AmountId>,
    done: BTreeMap<AmountId, Option<Linear>>,
}

/// An amount linear in the inputs, case by case: in each piece, where its
/// guards hold, the amount is the piece's sum, in `unit` (the constant's
/// unit, and each input's times a plain number).
#[derive(Debug, Clone)]
pub struct Linear {
    /// The pieces, whose guards exclude each other and cover every value.
    pub pieces: Pieces,
    /// What the amount counts.
    pub unit: Unit,
}

impl Linear {
    fn constant(v: Amount) -> Linear {
        Linear {
            pieces: vec![(Vec::new(), Some(Sum::constant(v.value)))],
            unit: v.unit,
        }
    }

    /// The constant plain number it is, if it is one.
    fn number(&self) -> Option<Decimal> {
        match self.pieces.as_slice() {
            [(guards, Some(sum))] if guards.is_empty() && sum.terms.is_empty() => {
                (self.unit == Unit::Number).then_some(sum.constant)
            }
            _ => None,
        }
    }

    /// `k × self` for a constant `k`, exactly.
    fn scaled(self, k: Decimal) -> Option<Linear> {
        let pieces = (self.pieces.into_iter())
            .map(|(g, s)| match s {
                Some(s) => Some((g, Some(s.scaled(k)?))),
                None => Some((g, None)),
            })
            .collect::<Option<_>>()?;
        Some(Linear {
            pieces,
            unit: self.unit,
        })
    }

    /// Every pair of a piece of `self` and one of `other`, combined by
    /// `f` into the pieces it gives (each with both guards; a guard over no
    /// input is true or false by itself); a piece without a value makes
    /// its pairs have none. `None` past [`MOST_CASES`] or 28 digits.
    fn pairs(&self, other: &Linear, f: &dyn Fn(&Sum, &Sum) -> Option<Pieces>) -> Option<Pieces> {
        let mut out = Vec::new();
        for (ga, a) in &self.pieces {
            for (gb, b) in &other.pieces {
                let combined = match (a, b) {
                    (Some(a), Some(b)) => f(a, b)?,
                    _ => vec![(Vec::new(), None)],
                };
                for (g, sum) in combined {
                    if let Some(open) = conj(ga.iter().chain(gb).chain(&g).cloned()) {
                        out.push((open, sum));
                    }
                }
                if out.len() > MOST_CASES {
                    return None;
                }
            }
        }
        Some(out)
    }
}

/// `e` as a [`Linear`], if it is one: literals, named amounts (through
/// their expressions when they use inputs), inputs, sums and differences,
/// products and quotients by a constant plain number, a constant
/// percentage of one (or a percentage input of a constant), and `greater
/// of` / `lesser of` of such amounts and conditional amounts whose
/// conditions compare such amounts, taken case by case. Anything else
/// (`rounded to`, an input times an input, a quotient with no exact
/// decimal, more than 64 cases) is `None`.
pub fn linear(c: &Contract, e: &Expr, seen: &mut Memo) -> Option<Linear> {
    match &e.kind {
        ExprKind::Literal(a, _) => Some(Linear::constant(a.clone())),
        ExprKind::Input(id, _) => Some(Linear {
            pieces: vec![(
                Vec::new(),
                Some(Sum {
                    terms: vec![(*id, Decimal::ONE)],
                    constant: Decimal::ZERO,
                }),
            )],
            unit: c.input(*id).unit.clone(),
        }),
        ExprKind::Name(id, _) => match &c.amount(*id).value {
            Some(v) => Some(Linear::constant(v.clone())),
            // A cycle is reported elsewhere; each amount is read once.
            None if seen.reading.contains(id) => None,
            None => {
                if let Some(done) = seen.done.get(id) {
                    return done.clone();
                }
                seen.reading.push(*id);
                let l = linear(c, &c.amount(*id).expr, seen);
                seen.reading.pop();
                seen.done.insert(*id, l.clone());
                l
            }
        },
        ExprKind::Paren(inner) | ExprKind::NameIn(_, _, inner) => linear(c, inner, seen),
        // A schedule, an escalation or a tier that no input moves is a
        // constant; one that reads inputs is not linear in them.
        ExprKind::Schedule { .. } | ExprKind::Escalated { .. } | ExprKind::Tiered { .. } => {
            if !inputs_used(c, e).is_empty() {
                return None;
            }
            (e.eval(&|id| c.amount(id).value.clone()).ok()).map(Linear::constant)
        }
        ExprKind::Chain(first, rest) => {
            let mut acc = linear(c, first, seen)?;
            for (op, x) in rest {
                let x = linear(c, x, seen)?;
                acc = match op {
                    BinOp::Add | BinOp::Sub => {
                        if acc.unit != x.unit {
                            return None;
                        }
                        let k = if *op == BinOp::Sub {
                            -Decimal::ONE
                        } else {
                            Decimal::ONE
                        };
                        Linear {
                            pieces: acc
                                .pairs(&x, &|a, b| Some(vec![(Vec::new(), Some(a.plus(k, b)?))]))?,
                            unit: acc.unit,
                        }
                    }
                    BinOp::Mul => match (acc.number(), x.number()) {
                        (Some(k), _) => x.scaled(k)?,
                        (_, Some(k)) => acc.scaled(k)?,
                        _ => return None,
                    },
                    BinOp::Div => match x.number() {
                        Some(k) if !k.is_zero() => {
                            acc.scaled(amount::div(Decimal::ONE, k).ok()?)?
                        }
                        _ => return None,
                    },
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
                let constant = |l: &Linear| match l.pieces.as_slice() {
                    [(g, Some(s))] if g.is_empty() && s.terms.is_empty() => Some(s.constant),
                    _ => None,
                };
                acc = match (constant(&p), constant(&acc)) {
                    (Some(k), _) => acc.scaled(amount::div(k, Decimal::ONE_HUNDRED).ok()?)?,
                    (None, Some(base)) => {
                        let unit = acc.unit.clone();
                        let mut r = p.scaled(amount::div(base, Decimal::ONE_HUNDRED).ok()?)?;
                        r.unit = unit;
                        r
                    }
                    (None, None) => return None,
                };
            }
            Some(acc)
        }
        ExprKind::Extremum(greater, operands) => {
            let mut operands = operands.iter();
            let mut acc = linear(c, operands.next()?, seen)?;
            // The first operand that is the greatest (or least) is taken:
            // `a` where `a >= b` (`a <= b` for the least), `b` where not.
            let (keep, other) = if *greater {
                (CmpOp::Ge, CmpOp::Lt)
            } else {
                (CmpOp::Le, CmpOp::Gt)
            };
            for x in operands {
                let x = linear(c, x, seen)?;
                if x.unit != acc.unit {
                    return None;
                }
                let pieces = acc.pairs(&x, &|a, b| {
                    let diff = a.plus(-Decimal::ONE, b)?;
                    Some(vec![
                        (
                            vec![Atom {
                                sum: diff.clone(),
                                op: keep,
                            }],
                            Some(a.clone()),
                        ),
                        (
                            vec![Atom {
                                sum: diff,
                                op: other,
                            }],
                            Some(b.clone()),
                        ),
                    ])
                })?;
                acc = Linear {
                    pieces,
                    unit: acc.unit,
                };
            }
            Some(acc)
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            let (holds, fails) = cond_cases(c, cond, seen)?;
            let then = linear(c, then, seen)?;
            let otherwise = match otherwise {
                Some(o) => Some(linear(c, o, seen)?),
                None => None,
            };
            if otherwise.as_ref().is_some_and(|o| o.unit != then.unit) {
                return None;
            }
            let mut pieces = Vec::new();
            let mut case = |guards: &[Vec<Atom>], l: Option<&Linear>| {
                for g in guards {
                    match l {
                        Some(l) => {
                            for (h, sum) in &l.pieces {
                                if let Some(both) = conj(g.iter().chain(h).cloned()) {
                                    pieces.push((both, sum.clone()));
                                }
                            }
                        }
                        None => pieces.push((g.clone(), None)),
                    }
                }
            };
            case(&holds, Some(&then));
            case(&fails, otherwise.as_ref());
            (pieces.len() <= MOST_CASES).then_some(Linear {
                pieces,
                unit: then.unit,
            })
        }
        ExprKind::Rounded(..)
        | ExprKind::PerPeriod { .. }
        | ExprKind::Sum(_)
        | ExprKind::Broken => None,
    }
}

/// Whether some rational values of the inputs satisfy every guard, and
/// values that do (by input, decimal where a choice was free); `Err` past
/// the search's budget.
pub fn satisfiable(
    guards: &[Atom],
) -> Result<Option<Vec<(InputId, feasible::Q)>>, feasible::Exceeded> {
    let mut inputs: Vec<InputId> = (guards.iter())
        .flat_map(|a| a.sum.terms.iter().map(|&(i, _)| i))
        .collect();
    inputs.sort();
    inputs.dedup();
    let constraints: Vec<feasible::Constraint> = (guards.iter())
        .map(|a| {
            let mut coef = vec![feasible::Q::default(); inputs.len()];
            for &(i, p) in &a.sum.terms {
                let at = inputs.binary_search(&i).expect("an input of the guards");
                coef[at] = feasible::rational(p);
            }
            feasible::Constraint {
                coef,
                op: a.op,
                rhs: feasible::rational(-a.sum.constant),
            }
        })
        .collect();
    Ok(feasible::solve(inputs.len(), &constraints)?.map(|x| inputs.into_iter().zip(x).collect()))
}

/// `left op right` over linear sides, as [`Form::Bound`] when it is one
/// input against a constant that is an exact decimal (`p·x + k op q·x + m`
/// is `(p - q)·x op m - k`, turned round when `p - q` is negative), as
/// [`Form::Fixed`] when no input is left, and as [`Form::Linear`] with its
/// cases otherwise.
fn linear_form(left: &Linear, op: CmpOp, right: &Linear) -> Option<Form> {
    let mut cases: Vec<Case> = Vec::new();
    for (guards, sum) in left.pairs(right, &|a, b| {
        Some(vec![(Vec::new(), Some(a.plus(-Decimal::ONE, b)?))])
    })? {
        match sum {
            Some(sum) => cases.push(Case {
                guards,
                test: Atom { sum, op },
            }),
            // A side without a value where some values of the inputs
            // put it: the comparison has none there, which is no answer.
            None => {
                if !matches!(satisfiable(&guards), Ok(None)) {
                    return Some(Form::Other(
                        "a side of its comparison has no value for some values of the inputs \
                         (a conditional amount without `else` whose condition does not hold)"
                            .to_string(),
                    ));
                }
            }
        }
    }
    if let [Case { guards, test }] = cases.as_slice() {
        if guards.is_empty() {
            match test.sum.terms.as_slice() {
                [] => return Some(Form::Fixed(compare(test.sum.constant, op, Decimal::ZERO))),
                &[(input, p)] => {
                    if let Ok(bound) = amount::div(-test.sum.constant, p) {
                        let op = if p.is_sign_negative() { flip(op) } else { op };
                        return Some(Form::Bound { input, op, bound });
                    }
                }
                _ => {}
            }
        }
    }
    Some(Form::Linear(cases))
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
    pub fn sum_waits(&self, s: &amount::Sum) -> Option<&str> {
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
    fn sum(&self, s: &amount::Sum) -> Result<Amount, Failure> {
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
    fn sum(&self, s: &amount::Sum) -> Result<Amount, Failure> {
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
    s: &amount::Sum,
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
    s: &amount::Sum,
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
    s: &amount::Sum,
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

/// Inputs that comparisons over several of them tie together, and the
/// events on them: the combinations of those events that some values of
/// the inputs give, each with values that give it, found by the exact
/// search of [`feasible::combinations`].
#[derive(Debug, Clone)]
struct Group {
    /// The events, each with its day.
    events: Vec<(EventId, Day)>,
    /// The inputs, in the order of the witnesses' values.
    inputs: Vec<InputId>,
    /// Each realizable combination (whether each event happens) and the
    /// values of `inputs` that give it.
    combinations: Vec<(Vec<bool>, Vec<Decimal>)>,
}

/// The combinations of events the inputs decide that some values of the
/// inputs realize: for each input compared with constants alone, the events
/// whose comparisons read it and a witness per interval of its line; for
/// inputs tied together by a comparison over several, the combinations an
/// exact search finds.
#[derive(Debug, Clone)]
pub struct Realizable {
    by_input: Vec<(Vec<Reading>, Vec<Decimal>)>,
    fixed: Vec<(EventId, bool, Day)>,
    groups: Vec<Group>,
}

impl Realizable {
    /// The events of the contract decided by inputs; `Ok(None)` if it has
    /// none, and the first event whose comparison the exact search does
    /// not decide, with why, among `events` (the events a question reads).
    pub fn of(c: &Contract, events: &[EventId]) -> Result<Option<Realizable>, (EventId, String)> {
        Realizable::build(c, events, true)
    }

    /// Like [`Realizable::of`], but without the search over comparisons of
    /// several inputs: those events are left out, and only the witnesses of
    /// inputs compared with constants are kept (for [`Realizable::any_value`]).
    pub fn one_input(c: &Contract, events: &[EventId]) -> Option<Realizable> {
        Realizable::build(c, events, false).ok().flatten()
    }

    fn build(
        c: &Contract,
        events: &[EventId],
        search: bool,
    ) -> Result<Option<Realizable>, (EventId, String)> {
        let mut by_input: Vec<(Vec<Reading>, Vec<Decimal>)> =
            vec![(Vec::new(), Vec::new()); c.inputs.len()];
        let mut fixed = Vec::new();
        let mut any = false;
        // The inputs tied together, as a union-find forest by input index.
        let mut root: Vec<usize> = (0..c.inputs.len()).collect();
        fn find(root: &mut [usize], mut i: usize) -> usize {
            while root[i] != i {
                root[i] = root[root[i]];
                i = root[i];
            }
            i
        }
        let mut linked = vec![false; c.inputs.len()];
        let mut multi: Vec<EventId> = Vec::new();
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
                Form::Linear(cases) if search => {
                    let used: Vec<usize> = (cases.iter())
                        .flat_map(|k| k.guards.iter().chain([&k.test]))
                        .flat_map(|a| a.sum.terms.iter().map(|(i, _)| i.index()))
                        .collect();
                    for &i in &used {
                        linked[i] = true;
                        let (a, b) = (find(&mut root, used[0]), find(&mut root, i));
                        root[a] = b;
                    }
                    multi.push(e);
                }
                Form::Linear(_) => {}
            }
        }
        if !any {
            return Ok(None);
        }
        // Each tied group of inputs, with every event on its inputs:
        // those that compare one of them with a constant too.
        let mut groups: Vec<(usize, Vec<EventId>)> = Vec::new();
        let mut group_of = |root: &mut [usize], i: usize, e: EventId| {
            let r = find(root, i);
            match groups.iter_mut().find(|(g, _)| *g == r) {
                Some((_, es)) => es.push(e),
                None => groups.push((r, vec![e])),
            }
        };
        for (i, (readings, _)) in by_input.iter_mut().enumerate() {
            if linked[i] {
                for (e, ..) in readings.drain(..) {
                    group_of(&mut root, i, e);
                }
            }
        }
        for &e in &multi {
            let Some(Form::Linear(cases)) = c.event(e).defined.as_ref().map(|t| &t.form) else {
                continue;
            };
            let first = (cases.iter())
                .flat_map(|k| k.guards.iter().chain([&k.test]))
                .find_map(|a| a.sum.terms.first().map(|(i, _)| i.index()));
            match (first, &c.event(e).defined) {
                (Some(i), _) => group_of(&mut root, i, e),
                // Every case is over constants alone: decided by itself.
                (None, Some(t)) => fixed.push((e, holds_constant(cases), t.day)),
                (None, None) => {}
            }
        }
        let groups = (groups.into_iter())
            .map(|(r, events)| {
                let inputs: Vec<InputId> = (0..c.inputs.len())
                    .filter(|&i| linked[i] && find(&mut root, i) == r)
                    .map(|i| InputId(i as u32))
                    .collect();
                Group::search(c, events, inputs)
            })
            .collect::<Result<Vec<Group>, _>>()?;
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
        Ok(Some(Realizable {
            by_input,
            fixed,
            groups,
        }))
    }

    /// A value of the input with this index that the witnesses hold (the
    /// first), if events compare it with constants alone.
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
        for g in &self.groups {
            let mut truth = Vec::with_capacity(g.events.len());
            for &(e, day) in &g.events {
                match day_of(e) {
                    None => truth.push(false),
                    Some(d) if d == day => truth.push(true),
                    Some(_) => return None,
                }
            }
            let (_, witness) = g.combinations.iter().find(|(t, _)| *t == truth)?;
            for (&i, &v) in g.inputs.iter().zip(witness) {
                values[i.index()] = Some(v);
            }
        }
        Some(values)
    }
}

/// Whether a comparison whose cases read no input holds: the case whose
/// guards hold decides.
fn holds_constant(cases: &[Case]) -> bool {
    let holds = |a: &Atom| compare(a.sum.constant, a.op, Decimal::ZERO);
    (cases.iter()).any(|k| k.guards.iter().all(holds) && holds(&k.test))
}

impl Group {
    /// The combinations of `events` that values of `inputs` give, by the
    /// exact search; each witness is checked by evaluating the events'
    /// comparisons with the amounts' own arithmetic.
    fn search(
        c: &Contract,
        events: Vec<EventId>,
        inputs: Vec<InputId>,
    ) -> Result<Group, (EventId, String)> {
        use feasible::{rational, Constraint};
        let n = inputs.len();
        let var = |i: InputId| inputs.iter().position(|&j| j == i);
        let constraint = |sum: &Sum, op: CmpOp| -> Constraint {
            let mut coef = vec![feasible::Q::default(); n];
            for &(i, p) in &sum.terms {
                coef[var(i).expect("an input of the group")] = rational(p);
            }
            Constraint {
                coef,
                op,
                rhs: rational(-sum.constant),
            }
        };
        // `!=` is `<` or `>`: two alternatives.
        let alternatives = |guards: Vec<Constraint>, sum: &Sum, op: CmpOp| {
            let ops = match op {
                CmpOp::Ne => vec![CmpOp::Lt, CmpOp::Gt],
                op => vec![op],
            };
            (ops.into_iter())
                .map(|op| {
                    let mut all = guards.clone();
                    all.push(constraint(sum, op));
                    all
                })
                .collect::<Vec<_>>()
        };
        let mut comparisons: Vec<feasible::Cases> = Vec::new();
        let mut days = Vec::new();
        for &e in &events {
            let t = c.event(e).defined.as_ref().expect("a decided event");
            days.push((e, t.day));
            let cases = match &t.form {
                Form::Bound { input, op, bound } => vec![Case {
                    guards: Vec::new(),
                    test: Atom {
                        sum: Sum {
                            terms: vec![(*input, Decimal::ONE)],
                            constant: -*bound,
                        },
                        op: *op,
                    },
                }],
                Form::Linear(cases) => cases.clone(),
                _ => unreachable!("only comparisons over inputs are grouped"),
            };
            let mut both: feasible::Cases = [Vec::new(), Vec::new()];
            for k in &cases {
                let guards: Vec<Constraint> =
                    k.guards.iter().map(|a| constraint(&a.sum, a.op)).collect();
                both[1].extend(alternatives(guards.clone(), &k.test.sum, k.test.op));
                both[0].extend(alternatives(guards, &k.test.sum, negate(k.test.op)));
            }
            comparisons.push(both);
        }
        let mut combinations: Vec<(Vec<bool>, Vec<Decimal>)> = Vec::new();
        let found = feasible::combinations(n, &comparisons, &mut |truth, x| {
            let Some(values) = x.iter().map(feasible::decimal).collect::<Option<Vec<_>>>() else {
                return feasible::Offer::NoDecimal;
            };
            let mut given = InputValues::none(c);
            for (&i, &v) in inputs.iter().zip(&values) {
                given.set(i, Amount::new(c.input(i).unit.clone(), v));
            }
            let valuation = Valuation::new(c, given);
            // The ordinary evaluation of each comparison must agree.
            let agrees = (events.iter().zip(truth)).all(|(&e, &holds)| {
                let t = c.event(e).defined.as_ref().expect("a decided event");
                t.holds(&valuation) == Some(holds)
            });
            if !agrees {
                return feasible::Offer::Refused;
            }
            combinations.push((truth.to_vec(), values));
            feasible::Offer::Taken
        });
        let names = || {
            let names: Vec<String> = (inputs.iter())
                .map(|&i| format!("`{}`", c.input(i).named.name))
                .collect();
            names.join(", ")
        };
        match found {
            Err(feasible::Exceeded) => Err((
                events[0],
                format!(
                    "its comparisons over {} need more than {} systems of inequalities (or one \
                     of more than {} inequalities, or more than {} comparisons in one question) \
                     to decide exactly",
                    names(),
                    feasible::MOST_SOLVES,
                    feasible::MOST_ROWS,
                    feasible::MOST_COMPARISONS
                ),
            )),
            Ok(found) if (found.refused.iter()).any(|t| !found.realized.contains(t)) => Err((
                events[0],
                format!(
                    "its comparisons over {} hold at values whose amounts cannot be computed \
                     exactly within 28 digits, so the values found for them are not confirmed",
                    names()
                ),
            )),
            Ok(found) => match (found.unwritten.iter()).find(|t| !found.realized.contains(t)) {
                Some(_) => Err((
                    events[0],
                    format!(
                        "its comparisons over {} can hold together at values the search could \
                         not write as decimals of at most 28 digits (such as 1/3, where an \
                         equality divides), so whether decimal values make them hold is not \
                         decided",
                        names()
                    ),
                )),
                None => Ok(Group {
                    events: days,
                    inputs,
                    combinations,
                }),
            },
        }
    }
}

/// The comparison that holds exactly where `op` does not.
fn negate(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Ge => CmpOp::Lt,
        CmpOp::Gt => CmpOp::Le,
    }
}

/// The day the witness `values` (by input, as [`Realizable::admits`] gives
/// them) give event `e` when every input its comparison reads has a value:
/// `Some(day)` or `Some(None)` (never); `None` when they do not decide it.
pub fn decided_day(c: &Contract, e: EventId, values: &[Option<Decimal>]) -> Option<Option<Day>> {
    let t = c.event(e).defined.as_ref()?;
    match &t.form {
        Form::Bound { input, op, bound } => {
            let v = (*values.get(input.index())?)?;
            Some(compare(v, *op, *bound).then_some(t.day))
        }
        Form::Linear(cases) => {
            let holds = |a: &Atom| Some(compare(a.sum.value(values)?, a.op, Decimal::ZERO));
            for k in cases {
                let mut guards = true;
                for g in &k.guards {
                    guards &= holds(g)?;
                }
                if guards {
                    return Some(holds(&k.test)?.then_some(t.day));
                }
            }
            None
        }
        Form::Fixed(holds) => Some(holds.then_some(t.day)),
        Form::Broken => Some(None),
        Form::Other(_) => None,
    }
}
