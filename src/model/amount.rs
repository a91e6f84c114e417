//! Exact amounts: money in a currency, percentages and plain numbers, and the
//! arithmetic of amount expressions (`15 % of net_revenue - USD 4,000`).
//!
//! Values are [`Decimal`]s, never floating point, and every operation is
//! **exact or refused**: rust_decimal keeps 96 bits of mantissa and at most 28
//! decimal places, and rounds silently when a result needs more. Each
//! operation here checks that it did not ([`Decimal::scale`] of a sum is the
//! larger of its operands', of a product their sum; a quotient times the
//! divisor gives the dividend back), and reports [`Failure::Overflow`] or
//! [`Failure::Inexact`] otherwise. The only rounding is the one a contract
//! writes (`rounded to 0.01`), half away from zero, and a division under it is
//! rounded from its exact quotient (by an exact remainder), not from a 28-digit approximation
//! ([`div_round`]). tests/amounts_exact.rs checks all of this against exact
//! rationals.

use rust_decimal::Decimal;

use super::period::PeriodKind;
use super::{AmountId, InputId, Named};
use crate::diagnostics::Span;
use crate::syntax::ast::BinOp;

/// What an amount counts: money in one currency, percentage points, or a
/// plain number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Money in the currency with this code (`USD`).
    Money(String),
    /// Percentage points: `18 %` is 18 of them.
    Percent,
    /// A plain number: a count, a factor.
    Number,
}

impl Unit {
    /// The kind in words, as messages name it: "an amount in USD".
    pub fn words(&self) -> String {
        match self {
            Unit::Money(c) => format!("an amount in {c}"),
            Unit::Percent => "a percentage".to_string(),
            Unit::Number => "a number".to_string(),
        }
    }
}

/// An exact amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// What it counts.
    pub unit: Unit,
    /// How many, exactly.
    pub value: Decimal,
}

impl Amount {
    /// An amount of `value` in `unit`.
    pub fn new(unit: Unit, value: Decimal) -> Self {
        Amount { unit, value }
    }
}

/// A named amount: `amount licence_fee = USD 2,000`.
#[derive(Debug, Clone)]
pub struct NamedAmount {
    /// The name and its documentation.
    pub named: Named,
    /// The expression as resolved.
    pub expr: Expr,
    /// `split into A, B`: the parts that must add up to the amount.
    pub parts: Vec<Expr>,
    /// Where `split into …` was written.
    pub split_span: Option<Span>,
    /// The value, if the expression could be computed.
    pub value: Option<Amount>,
}

/// An amount on a clause (`amount USD 2,000`): what the obligation is for.
#[derive(Debug, Clone)]
pub struct ClauseAmount {
    /// The expression as resolved.
    pub expr: Expr,
    /// The value, if the expression could be computed.
    pub value: Option<Amount>,
    /// Where the line was written.
    pub span: Span,
}

/// A resolved amount expression: names are ids, literals are exact values.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What kind of expression it is.
    pub kind: ExprKind,
    /// Where it was written.
    pub span: Span,
}

/// The kinds of resolved amount expression; see [`crate::syntax::ast::ExprKind`].
#[derive(Debug, Clone)]
pub enum ExprKind {
    /// A literal, with its text as written (`USD 1.2 million`).
    Literal(Amount, String),
    /// A named amount, with its name.
    Name(AmountId, String),
    /// An input (`input net_sales: money USD`), with its name: its value
    /// comes from the scenario (src/model/input.rs).
    Input(InputId, String),
    /// An operand and the operations that follow it, left to right.
    Chain(Box<Expr>, Vec<(BinOp, Expr)>),
    /// `P of Q of X`.
    Of(Vec<Expr>),
    /// `greater of (…)` (`true`) or `lesser of (…)`.
    Extremum(bool, Vec<Expr>),
    /// `X rounded to Q`, with Q and its text.
    Rounded(Box<Expr>, Decimal, String),
    /// `( X )`.
    Paren(Box<Expr>),
    /// A name that did not resolve (already reported).
    Broken,
    /// `tiered by RANK { 1..10: 7.5 %, 11..: 15 % }`, or `TABLE at RANK`
    /// (`table` is then the table's name, and `tiers` are its brackets,
    /// spans and all); with no rank, a tier table, which has no value of its
    /// own. The rate is that of the first bracket, in written order, that
    /// holds the rank ([`tier_index`]).
    Tiered {
        /// The rank the bracket is chosen by; `None` for a table.
        rank: Option<Box<Expr>>,
        /// The brackets, as written.
        tiers: Vec<Tier>,
        /// The name of the tier table applied with `at`, if any.
        table: Option<String>,
    },
    /// `schedule by PERIOD { LABEL: EXPR, … }`: one amount per period. It
    /// has a value only in a period ([`Expr::in_period`] sets `at`).
    Schedule {
        /// The period's name as written (`fiscal_year`).
        period: String,
        /// What the periods are.
        kind: PeriodKind,
        /// The rows, as written, each with its period's index.
        rows: Vec<ScheduleRow>,
        /// The index of the period the amount is taken in, once known.
        at: Option<i64>,
    },
    /// `BASE increasing by STEP each PERIOD after|from LABEL`: escalation.
    /// With `at` known, the number of steps is the periods from the first
    /// stepped one through `at` (none before it); a money or number step
    /// adds, a percentage step compounds (each step is that percentage of
    /// the amount after the step before it), every step exact.
    Escalated {
        /// The amount before any step.
        base: Box<Expr>,
        /// What each step adds.
        step: Box<Expr>,
        /// The period's name as written.
        period: String,
        /// What the periods are.
        kind: PeriodKind,
        /// The index of the first period that takes a step.
        first: i64,
        /// `after 3` or `from 6`, as written.
        written: String,
        /// The index of the period the amount is taken in, once known.
        at: Option<i64>,
    },
    /// A named amount that depends on the period, taken in one period (its
    /// expression with [`Expr::in_period`] applied), with its name.
    NameIn(AmountId, String, Box<Expr>),
    /// An input with one value per period (`input net_sales: money USD per
    /// quarter`) written by its bare name: the value of the period `at`,
    /// once known ([`Expr::in_period`] sets it to the period the
    /// instalment starts in); with none, it has no single value.
    PerPeriod {
        /// The input.
        input: InputId,
        /// Its name.
        name: String,
        /// What its periods are.
        kind: PeriodKind,
        /// The index of the period taken, once known.
        at: Option<i64>,
    },
    /// `sum of CLAUSE for PERIOD`, `sum of CLAUSE paid in PERIOD`.
    Sum(Box<Sum>),
    /// `if COND then A else B`: the amount of the case whose condition
    /// holds. Without `else` (`otherwise` is `None`) the amount has no
    /// value where the condition does not hold ([`Failure::NoCase`]). The
    /// condition is one of the condition language ([`super::Cond`]),
    /// limited to comparisons of amounts, `and`, `or` and `not`: an amount
    /// is not dated, so nothing that changes from day to day decides it.
    If {
        /// The condition.
        cond: Box<super::Cond>,
        /// The amount where it holds.
        then: Box<Expr>,
        /// The amount where it does not, if the contract gives one.
        otherwise: Option<Box<Expr>>,
    },
}

/// The amount expressions a condition of a conditional amount compares,
/// in written order.
pub fn cond_exprs<'c>(c: &'c super::Cond, out: &mut Vec<&'c Expr>) {
    use super::Cond;
    match c {
        Cond::Or(parts) | Cond::And(parts) => parts.iter().for_each(|p| cond_exprs(p, out)),
        Cond::Not(inner) => cond_exprs(inner, out),
        Cond::Amount(cmp) => {
            out.push(&cmp.left);
            out.push(&cmp.right);
        }
        _ => {}
    }
}

/// Calls `f` on every amount expression a condition compares, to change it.
fn cond_exprs_mut(c: &mut super::Cond, f: &mut dyn FnMut(&mut Expr)) {
    use super::Cond;
    match c {
        Cond::Or(parts) | Cond::And(parts) => parts.iter_mut().for_each(|p| cond_exprs_mut(p, f)),
        Cond::Not(inner) => cond_exprs_mut(inner, f),
        Cond::Amount(cmp) => {
            f(&mut cmp.left);
            f(&mut cmp.right);
        }
        _ => {}
    }
}

/// Whether the condition of a conditional amount holds in `env`: each
/// comparison exactly, on two amounts of one kind; `or` and `and` read
/// their parts left to right and stop once the answer is known (a part
/// after it need not have a value). Atoms other than comparisons of
/// amounts are rejected where the contract is loaded.
pub fn cond_holds(c: &super::Cond, env: &dyn Env) -> Result<bool, Failure> {
    use super::Cond;
    match c {
        Cond::Or(parts) => {
            for p in parts {
                if cond_holds(p, env)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Cond::And(parts) => {
            for p in parts {
                if !cond_holds(p, env)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Cond::Not(inner) => Ok(!cond_holds(inner, env)?),
        Cond::Amount(cmp) => {
            let l = cmp.left.eval_env(env)?;
            let r = cmp.right.eval_env(env)?;
            comparable(cmp.op.as_str(), (&cmp.left.span, &l), (&cmp.right.span, &r))?;
            Ok(cmp.op.holds(l.value, r.value))
        }
        _ => Err(Failure::Upstream),
    }
}

/// A sum over the instalments of a recurring clause: those whose period
/// starts in one period (`for year 2017`), or whose discharge event
/// happens in it (`paid in the previous contract_year`), each with its
/// own amount. Only instalments owed in the scenario count.
#[derive(Debug, Clone)]
pub struct Sum {
    /// The recurring clause (as written: it stands for its instalments).
    pub clause: super::ClauseId,
    /// Its name.
    pub name: String,
    /// Where its name was written.
    pub name_span: Span,
    /// Grouped by the day each instalment is paid, rather than by its period.
    pub paid: bool,
    /// The name of the kind of period summed over (`year`, `contract_year`).
    pub period: String,
    /// What those periods are.
    pub kind: PeriodKind,
    /// `for year 2017`: the period named by its label; `None` for one
    /// relative to the instalment using the sum.
    pub fixed: Option<i64>,
    /// `previous` (-1), `next` (+1) or 0: the period relative to the one
    /// of this kind the instalment using the sum starts in.
    pub offset: i64,
    /// The index of the period summed over, once known.
    pub at: Option<i64>,
    /// The grouping as written: `for year 2017`, `paid in the previous
    /// contract_year`.
    pub written: String,
    /// The value, when it is the same in every scenario (computed when the
    /// contract is loaded; [`Env::sum`] gives it by default).
    pub value: Option<Amount>,
    /// Why it is not known without a scenario, in words, when it is not.
    pub why: Option<String>,
    /// The unit of the clause's instalments' amounts (the sum of none is
    /// zero in it), when known.
    pub unit: Option<Unit>,
}

impl Sum {
    /// The window `[start, end)` of the period summed over, once known.
    pub fn window(&self) -> Option<(super::time::Day, super::time::Day)> {
        self.at.map(|k| self.kind.window(k))
    }
}

/// What an expression's value is computed from: named amounts, inputs, the
/// values of inputs that have one per period, and sums over schedules.
pub trait Env {
    /// The value of a named amount, if it has one.
    fn amount(&self, id: AmountId) -> Option<Amount>;
    /// The value of an input, if given.
    fn input(&self, id: InputId) -> Option<Amount>;
    /// The value of an input that has one per period, in period `k`.
    fn input_at(&self, _id: InputId, _k: i64) -> Option<Amount> {
        None
    }
    /// The value of a sum over a schedule whose period is known: by
    /// default the one it has in every scenario, if known.
    fn sum(&self, s: &Sum) -> Eval {
        s.value.clone().ok_or(Failure::Upstream)
    }
}

/// An [`Env`] of two functions: named amounts and inputs.
struct Closures<'a> {
    named: &'a dyn Fn(AmountId) -> Option<Amount>,
    input: &'a dyn Fn(InputId) -> Option<Amount>,
}

impl Env for Closures<'_> {
    fn amount(&self, id: AmountId) -> Option<Amount> {
        (self.named)(id)
    }
    fn input(&self, id: InputId) -> Option<Amount> {
        (self.input)(id)
    }
}

/// One row of a schedule: the period's index, its label and the amount.
#[derive(Debug, Clone)]
pub struct ScheduleRow {
    /// The period's index ([`PeriodKind::index`]).
    pub index: i64,
    /// The label as written (`FY2000`).
    pub label: String,
    /// Where the label was written.
    pub span: Span,
    /// The amount for the period.
    pub amount: Expr,
}

/// The most steps an escalation is computed for: a percentage compounded
/// further overflows 28 digits long before, and a step added further is
/// past any agreement's term (a monthly escalation over 160 years).
pub const MAX_STEPS: i64 = 2_000;

/// How many steps an escalation whose first stepped period is `first` has
/// taken in period `at`: none before `first`, one in it, and one more in
/// each period after.
pub fn steps(first: i64, at: i64) -> i64 {
    if at < first {
        0
    } else {
        at - first + 1
    }
}

/// `base` after `n` steps of `step`: a percentage compounds (each step
/// multiplies by `1 + step/100`, exactly), any other kind adds `n · step`.
/// `None` when a step needs more than 28 digits.
pub fn escalate(base: Decimal, step: Decimal, percent: bool, n: i64) -> Option<Decimal> {
    if percent {
        let factor = add(Decimal::ONE, div(step, Decimal::ONE_HUNDRED).ok()?)?;
        let mut v = base;
        for _ in 0..n {
            v = mul(v, factor)?;
        }
        Some(v.normalize())
    } else {
        add(base, mul(step, Decimal::from(n))?).map(|v| v.normalize())
    }
}

/// One bracket of a tier table: the whole ranks `from..=to` (`to` is `None`
/// for `11..`, which has no end) and the amount for them.
#[derive(Debug, Clone)]
pub struct Tier {
    /// The first rank of the bracket.
    pub from: Decimal,
    /// The last rank of the bracket, if it has one.
    pub to: Option<Decimal>,
    /// The range as written: `1..10`, `11..`.
    pub written: String,
    /// Where the range was written.
    pub range: Span,
    /// The amount for the ranks of the bracket.
    pub rate: Expr,
}

impl Tier {
    /// Whether the bracket holds `rank`.
    pub fn holds(&self, rank: Decimal) -> bool {
        self.from <= rank && self.to.is_none_or(|to| rank <= to)
    }
}

/// The bracket that applies to `rank`: the first, in written order, that
/// holds it. The checker reports brackets that overlap, so in a table it
/// accepts the first is the only one.
pub fn tier_index(tiers: &[Tier], rank: Decimal) -> Option<usize> {
    tiers.iter().position(|t| t.holds(rank))
}

/// What is wrong with a table's brackets as a cover of the ranks from its
/// lowest first rank on: brackets that hold no rank, two that share ranks,
/// and ranks between brackets that none holds. Brackets are whole numbers,
/// so `1..10` and `11..` meet exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TierFlaw {
    /// Bracket `i` ends before it starts.
    Empty(usize),
    /// Brackets `i` and `j` (written in this order) share the ranks
    /// `from..=to` (`to` is `None` when both have no end).
    Overlap(usize, usize, Decimal, Option<Decimal>),
    /// No bracket holds the ranks `from..=to`, which lie between bracket
    /// `i` (before) and bracket `j` (after).
    Gap(usize, usize, Decimal, Decimal),
}

/// Every flaw of a table's brackets ([`TierFlaw`]): each pair that
/// overlaps, and each gap between consecutive brackets in the order of
/// their first ranks. Quadratic in the number of brackets for the overlaps,
/// which stays readable for the few brackets tables have; a table of
/// thousands of brackets is checked in well under a second still.
pub fn tier_flaws(tiers: &[Tier]) -> Vec<TierFlaw> {
    let mut out = Vec::new();
    let live: Vec<usize> = (0..tiers.len())
        .filter(|&i| match tiers[i].to {
            Some(to) if to < tiers[i].from => {
                out.push(TierFlaw::Empty(i));
                false
            }
            _ => true,
        })
        .collect();
    for (k, &i) in live.iter().enumerate() {
        for &j in &live[k + 1..] {
            let (a, b) = (&tiers[i], &tiers[j]);
            let from = a.from.max(b.from);
            let to = match (a.to, b.to) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            if to.is_none_or(|to| from <= to) {
                out.push(TierFlaw::Overlap(i, j, from, to));
            }
        }
    }
    let mut sorted = live;
    sorted.sort_by_key(|&i| tiers[i].from);
    // The highest rank covered so far, and the bracket that reaches it.
    let mut reach: Option<(Decimal, usize)> = None;
    for &j in &sorted {
        let t = &tiers[j];
        if let Some((end, i)) = reach {
            // Past the largest decimal nothing is left to cover.
            let Some(next) = end.checked_add(Decimal::ONE) else {
                return out;
            };
            if t.from > next {
                out.push(TierFlaw::Gap(i, j, next, t.from - Decimal::ONE));
            }
        }
        match (reach, t.to) {
            (_, None) => return out,
            (Some((end, _)), Some(to)) if to <= end => {}
            (_, Some(to)) => reach = Some((to, j)),
        }
    }
    out
}

/// Why an expression has no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A part of it has no value, for a reason reported where that part is
    /// declared (or an unknown name, reported where it is written).
    Upstream,
    /// Two amounts whose units do not go together in this operation.
    Type {
        /// The operation, in words (`+`, `of`, `greater of`).
        op: String,
        /// The left (or first) operand: where, and what it is.
        left: (Span, Unit),
        /// The operand that does not fit: where, and what it is.
        right: (Span, Unit),
    },
    /// Two amounts of money in different currencies.
    Currency {
        /// The operation, in words.
        op: String,
        /// The first operand and its currency.
        left: (Span, String),
        /// The operand in another currency.
        right: (Span, String),
    },
    /// A division by zero.
    DivisionByZero {
        /// The divisor.
        divisor: Span,
    },
    /// The result is larger, or needs more decimal places, than 28 digits hold.
    Overflow {
        /// The operation.
        at: Span,
    },
    /// A quotient with no exact decimal value (`USD 2,000,000 / 3`).
    Inexact {
        /// The division.
        at: Span,
        /// The divisor.
        divisor: Amount,
    },
    /// `rounded to` something that is not a positive plain number.
    Quantum {
        /// The quantum as written.
        at: Span,
    },
    /// An amount that varies by period, used where no period is known
    /// (outside the instalments of a recurring clause). Not reported: it
    /// has no single value, and query says so.
    PeriodDependent,
    /// No row of a schedule is for the period an instalment falls in.
    NoRow {
        /// The schedule.
        at: Span,
        /// The period's label (`FY2004`, `3`).
        label: String,
        /// The period in words (`FY2004`, `contract year 3`).
        words: String,
    },
    /// An escalation with more than [`MAX_STEPS`] steps, or whose step is
    /// neither a percentage nor of the base's kind.
    Steps {
        /// The escalation.
        at: Span,
    },
    /// The condition of a conditional amount without `else` does not hold.
    NoCase {
        /// The conditional amount.
        at: Span,
        /// Its condition.
        cond: Span,
    },
    /// No bracket of a tier table holds the rank.
    NoTier {
        /// The rank.
        rank: Span,
        /// Its value.
        value: Decimal,
        /// The brackets, as written (`1..10`, `11..`).
        ranges: Vec<String>,
    },
}

type Eval = Result<Amount, Failure>;

/// The exact sum `a + b`, or `None` if it needs more than 28 digits.
pub fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (a, b) = (a.normalize(), b.normalize());
    let r = a.checked_add(b)?;
    // rust_decimal drops decimal places when the aligned sum does not fit
    // in 96 bits; the result is kept only if it is still the sum.
    let scale = a.scale().max(b.scale()).max(r.scale());
    (wide(a, scale).add(wide(b, scale)) == wide(r, scale)).then_some(r)
}

/// The exact difference `a - b`, or `None` if it needs more than 28 digits.
pub fn sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    add(a, -b)
}

/// The exact product `a * b`, or `None` if it needs more than 28 digits.
pub fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (a, b) = (a.normalize(), b.normalize());
    let r = a.checked_mul(b)?;
    // A product that lost decimal places (down to zero, for two tiny
    // factors) is kept only if it is still the product: the mantissas'
    // product equals the result's mantissa scaled to the factors' places.
    let places = a.scale() + b.scale();
    if r.scale() > places {
        return None;
    }
    let product = I256::product(a.mantissa(), b.mantissa());
    (product == wide(r, places)).then_some(r)
}

/// A signed 256-bit integer, two's complement in two halves: wide enough for
/// any 96-bit mantissa times 10^28 or times another mantissa, which is all
/// the checks above need (they must not themselves round).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct I256 {
    hi: u128,
    lo: u128,
}

impl I256 {
    const MASK: u128 = u64::MAX as u128;

    /// The product of two magnitudes below 2^128, exactly.
    fn magnitude_product(a: u128, b: u128) -> I256 {
        let (a1, a0) = (a >> 64, a & Self::MASK);
        let (b1, b0) = (b >> 64, b & Self::MASK);
        let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
        let mid = (p00 >> 64) + (p01 & Self::MASK) + (p10 & Self::MASK);
        I256 {
            lo: (p00 & Self::MASK) | (mid << 64),
            hi: p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64),
        }
    }

    /// The product of two signed integers below 2^127 in magnitude.
    fn product(a: i128, b: i128) -> I256 {
        let m = Self::magnitude_product(a.unsigned_abs(), b.unsigned_abs());
        if (a < 0) != (b < 0) {
            m.neg()
        } else {
            m
        }
    }

    fn neg(self) -> I256 {
        I256 {
            hi: !self.hi,
            lo: !self.lo,
        }
        .add(I256 { hi: 0, lo: 1 })
    }

    fn add(self, other: I256) -> I256 {
        let lo = self.lo.wrapping_add(other.lo);
        let carry = u128::from(lo < self.lo);
        I256 {
            lo,
            hi: self.hi.wrapping_add(other.hi).wrapping_add(carry),
        }
    }
}

/// The decimal's mantissa scaled to `scale` places (at least its own), exactly.
fn wide(d: Decimal, scale: u32) -> I256 {
    I256::product(d.mantissa(), 10i128.pow(scale - d.scale()))
}

/// The exact quotient `a / b`: `Err(true)` if `b` is zero, `Err(false)` if
/// the quotient has no exact decimal value within 28 digits.
pub fn div(a: Decimal, b: Decimal) -> Result<Decimal, bool> {
    if b.is_zero() {
        return Err(true);
    }
    let q = a.checked_div(b).ok_or(false)?;
    match mul(q, b) {
        Some(back) if back == a => Ok(q.normalize()),
        _ => Err(false),
    }
}

/// `a / b` rounded half away from zero to a multiple of `quantum` (> 0),
/// from the exact quotient: with `t = a / (b·quantum)`, the remainder of
/// `a` by `b·quantum` (exact: rust_decimal aligns the scales and divides
/// integers) gives the whole part of `t` by an exact division, and twice the
/// remainder against the divisor says whether `t` lies past the midpoint.
/// Each step is checked, so nothing is approximated. `Err(true)` if `b` is
/// zero, `Err(false)` on overflow.
pub fn div_round(a: Decimal, b: Decimal, quantum: Decimal) -> Result<Decimal, bool> {
    if b.is_zero() {
        return Err(true);
    }
    let bq = mul(b, quantum).ok_or(false)?;
    let rem = a.checked_rem(bq).ok_or(false)?;
    let whole = div(sub(a, rem).ok_or(false)?, bq).map_err(|_| false)?;
    // The checks that the remainder is one: smaller than the divisor, of
    // the dividend's sign, leaving a whole multiple.
    let is_remainder = rem.abs() < bq.abs()
        && (rem.is_zero() || rem.is_sign_negative() == a.is_sign_negative())
        && whole.fract().is_zero();
    if !is_remainder {
        return Err(false);
    }
    let twice = mul(rem.abs(), Decimal::TWO).ok_or(false)?;
    let n = if !rem.is_zero() && twice >= bq.abs() {
        // At or past the midpoint: away from zero.
        if a.is_sign_negative() != bq.is_sign_negative() {
            sub(whole, Decimal::ONE).ok_or(false)?
        } else {
            add(whole, Decimal::ONE).ok_or(false)?
        }
    } else {
        whole
    };
    mul(n, quantum).map(|r| r.normalize()).ok_or(false)
}

impl Expr {
    /// The value of the expression, given the values of named amounts
    /// (`None`: that amount has no value, and says why where it is declared).
    /// An input has no value here ([`Failure::Upstream`]).
    pub fn eval(&self, named: &dyn Fn(AmountId) -> Option<Amount>) -> Eval {
        self.eval_in(named, &|_| None)
    }

    /// The value of the expression, given the values of named amounts and
    /// of inputs (`None`: the scenario does not give that input).
    pub fn eval_in(
        &self,
        named: &dyn Fn(AmountId) -> Option<Amount>,
        input: &dyn Fn(InputId) -> Option<Amount>,
    ) -> Eval {
        self.eval_env(&Closures { named, input })
    }

    /// The value of the expression in an environment that gives named
    /// amounts, inputs (one per period, for an input that has one per
    /// period) and sums over schedules ([`Env`]).
    pub fn eval_env(&self, env: &dyn Env) -> Eval {
        match &self.kind {
            ExprKind::Input(id, _) => env.input(*id).ok_or(Failure::Upstream),
            ExprKind::PerPeriod { input, at, .. } => match at {
                Some(k) => env.input_at(*input, *k).ok_or(Failure::Upstream),
                None => Err(Failure::PeriodDependent),
            },
            ExprKind::Sum(sum) => match sum.at {
                // A sum that names no recurring clause was reported.
                Some(_) if sum.clause.0 == u32::MAX => Err(Failure::Upstream),
                Some(_) => env.sum(sum),
                None => Err(Failure::PeriodDependent),
            },
            ExprKind::Literal(a, _) => Ok(a.clone()),
            ExprKind::Name(id, _) => env.amount(*id).ok_or(Failure::Upstream),
            ExprKind::Broken => Err(Failure::Upstream),
            ExprKind::Paren(inner) => inner.eval_env(env),
            ExprKind::Chain(first, rest) => {
                let mut acc = first.eval_env(env)?;
                let mut acc_span = first.span.clone();
                for (op, operand) in rest {
                    let right = operand.eval_env(env)?;
                    let at = Span::new(acc_span.file, acc_span.range.start..operand.span.range.end);
                    acc = binary(*op, (&acc_span, acc), (&operand.span, right), &at)?;
                    acc_span = at;
                }
                Ok(acc)
            }
            ExprKind::Of(operands) => {
                let (base, percents) = operands.split_last().expect("`of` has two operands");
                let mut acc = base.eval_env(env)?;
                let mut acc_span = base.span.clone();
                for p in percents.iter().rev() {
                    let share = p.eval_env(env)?;
                    let at = Span::new(p.span.file, p.span.range.start..acc_span.range.end);
                    acc = percent_of((&p.span, share), (&acc_span, acc), &at)?;
                    acc_span = at;
                }
                Ok(acc)
            }
            ExprKind::Extremum(greater, args) => {
                let op = if *greater { "greater of" } else { "lesser of" };
                let mut best: Option<(Span, Amount)> = None;
                for arg in args {
                    let v = arg.eval_env(env)?;
                    best = Some(match best {
                        None => (arg.span.clone(), v),
                        Some((s, b)) => {
                            same_unit(op, (&s, &b.unit), (&arg.span, &v.unit))?;
                            let take = if *greater {
                                v.value > b.value
                            } else {
                                v.value < b.value
                            };
                            if take {
                                (s, v)
                            } else {
                                (s, b)
                            }
                        }
                    });
                }
                Ok(best.expect("grammar: at least one argument").1)
            }
            ExprKind::Rounded(inner, quantum, _) => {
                // A division that ends the rounded expression is rounded from
                // its exact quotient; anything else must be exact first.
                if let ExprKind::Chain(first, rest) = &inner.kind {
                    if let Some(((BinOp::Div, divisor), before)) = rest.split_last() {
                        let prefix = Expr {
                            kind: ExprKind::Chain(first.clone(), before.to_vec()),
                            span: Span::new(
                                first.span.file,
                                first.span.range.start
                                    ..before
                                        .last()
                                        .map_or(first.span.range.end, |(_, e)| e.span.range.end),
                            ),
                        };
                        let a = prefix.eval_env(env)?;
                        let b = divisor.eval_env(env)?;
                        number_divisor(&a, (&divisor.span, &b), &prefix.span)?;
                        return div_round(a.value, b.value, *quantum)
                            .map(|v| Amount::new(a.unit, v))
                            .map_err(|zero| rounding_failure(zero, divisor, &self.span));
                    }
                }
                let x = inner.eval_env(env)?;
                div_round(x.value, Decimal::ONE, *quantum)
                    .map(|v| Amount::new(x.unit, v))
                    .map_err(|_| Failure::Overflow {
                        at: self.span.clone(),
                    })
            }
            ExprKind::NameIn(_, _, inner) => inner.eval_env(env),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                let (taken, other) = if cond_holds(cond, env)? {
                    (Some(then.as_ref()), otherwise.as_deref())
                } else {
                    (otherwise.as_deref(), Some(then.as_ref()))
                };
                let Some(taken) = taken else {
                    return Err(Failure::NoCase {
                        at: self.span.clone(),
                        cond: cond_span(cond).unwrap_or_else(|| self.span.clone()),
                    });
                };
                let v = taken.eval_env(env)?;
                // The other case, where it has a value too, must be of the
                // same kind, so that the amount has one kind in every case.
                // Each case is computed once from here: linear in the size.
                if let Some(Ok(w)) = other.map(|o| o.eval_env(env)) {
                    let other = other.expect("computed");
                    let (first, second) = if std::ptr::eq(taken, then.as_ref()) {
                        ((&taken.span, &v.unit), (&other.span, &w.unit))
                    } else {
                        ((&other.span, &w.unit), (&taken.span, &v.unit))
                    };
                    same_unit("if", first, second)?;
                }
                Ok(v)
            }
            ExprKind::Schedule {
                rows,
                at,
                kind,
                period,
            } => {
                // Every row is computed and of one unit, so that the amount
                // has one kind whatever the period.
                let mut first: Option<(Span, Unit)> = None;
                let mut chosen = None;
                for r in rows {
                    let v = r.amount.eval_env(env)?;
                    if let Some((s, u)) = &first {
                        same_unit("schedule", (s, u), (&r.amount.span, &v.unit))?;
                    } else {
                        first = Some((r.amount.span.clone(), v.unit.clone()));
                    }
                    if Some(r.index) == *at && chosen.is_none() {
                        chosen = Some(v);
                    }
                }
                let Some(at) = at else {
                    return Err(Failure::PeriodDependent);
                };
                chosen.ok_or_else(|| Failure::NoRow {
                    at: self.span.clone(),
                    label: crate::print::period_label(*kind, *at),
                    words: crate::print::period_named(period, *kind, *at),
                })
            }
            ExprKind::Escalated {
                base,
                step,
                first,
                at,
                ..
            } => {
                let b = base.eval_env(env)?;
                let s = step.eval_env(env)?;
                let percent = s.unit == Unit::Percent && b.unit != Unit::Percent;
                if !percent {
                    same_unit(
                        "increasing by",
                        (&base.span, &b.unit),
                        (&step.span, &s.unit),
                    )?;
                }
                let Some(at) = at else {
                    return Err(Failure::PeriodDependent);
                };
                let n = steps(*first, *at);
                if n > MAX_STEPS {
                    return Err(Failure::Steps {
                        at: self.span.clone(),
                    });
                }
                escalate(b.value, s.value, percent, n)
                    .map(|v| Amount::new(b.unit, v))
                    .ok_or_else(|| Failure::Overflow {
                        at: self.span.clone(),
                    })
            }
            ExprKind::Tiered { rank, tiers, .. } => {
                // Every rate is computed and of one unit, so that the amount
                // has one kind whatever the rank (which inputs will vary).
                let mut rates: Vec<(Span, Amount)> = Vec::with_capacity(tiers.len());
                for t in tiers {
                    let v = t.rate.eval_env(env)?;
                    if let Some((s, first)) = rates.first() {
                        same_unit("tiered", (s, &first.unit), (&t.rate.span, &v.unit))?;
                    }
                    rates.push((t.rate.span.clone(), v));
                }
                // A table has no value of its own: it is applied with `at`.
                let Some(rank) = rank else {
                    return Err(Failure::Upstream);
                };
                let r = rank.eval_env(env)?;
                if r.unit != Unit::Number {
                    return Err(Failure::Type {
                        op: "tiered by".to_string(),
                        left: (rank.span.clone(), r.unit.clone()),
                        right: (rank.span.clone(), r.unit),
                    });
                }
                match tier_index(tiers, r.value) {
                    Some(i) => Ok(rates.swap_remove(i).1),
                    None => Err(Failure::NoTier {
                        rank: rank.span.clone(),
                        value: r.value,
                        ranges: tiers.iter().map(|t| t.written.clone()).collect(),
                    }),
                }
            }
        }
    }

    /// Every named amount the expression uses, in the order written.
    pub fn names(&self, out: &mut Vec<AmountId>) {
        self.visit(&mut |e| {
            if let ExprKind::Name(id, _) | ExprKind::NameIn(id, ..) = &e.kind {
                out.push(*id);
            }
        });
    }

    /// Whether the expression varies by period: it has a schedule or an
    /// escalation not yet taken in a period, or uses a named amount that
    /// does (`named` says which do: [`varying`]).
    pub fn by_period(&self, named: &dyn Fn(AmountId) -> bool) -> bool {
        let mut any = false;
        self.visit(&mut |e| {
            any |= match &e.kind {
                ExprKind::Schedule { at, .. }
                | ExprKind::Escalated { at, .. }
                | ExprKind::PerPeriod { at, .. } => at.is_none(),
                ExprKind::Sum(sum) => sum.at.is_none(),
                ExprKind::Name(id, _) => named(*id),
                _ => false,
            }
        });
        any
    }

    /// How many expressions it is made of.
    pub fn size(&self) -> usize {
        let mut n = 0;
        self.visit(&mut |_| n += 1);
        n
    }

    /// Calls `f` on every sum over a schedule inside the expression, to
    /// change it (the loader links each to its clause once every clause
    /// is known).
    pub fn sums_mut(&mut self, f: &mut dyn FnMut(&mut Sum)) {
        match &mut self.kind {
            ExprKind::Sum(s) => f(s),
            ExprKind::Literal(..)
            | ExprKind::Name(..)
            | ExprKind::Input(..)
            | ExprKind::PerPeriod { .. }
            | ExprKind::Broken => {}
            ExprKind::Paren(e) | ExprKind::Rounded(e, ..) | ExprKind::NameIn(_, _, e) => {
                e.sums_mut(f)
            }
            ExprKind::Chain(first, rest) => {
                first.sums_mut(f);
                rest.iter_mut().for_each(|(_, e)| e.sums_mut(f));
            }
            ExprKind::Of(es) | ExprKind::Extremum(_, es) => {
                es.iter_mut().for_each(|e| e.sums_mut(f))
            }
            ExprKind::Tiered { rank, tiers, .. } => {
                if let Some(rank) = rank {
                    rank.sums_mut(f);
                }
                tiers.iter_mut().for_each(|t| t.rate.sums_mut(f));
            }
            ExprKind::Schedule { rows, .. } => rows.iter_mut().for_each(|r| r.amount.sums_mut(f)),
            ExprKind::Escalated { base, step, .. } => {
                base.sums_mut(f);
                step.sums_mut(f);
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                cond_exprs_mut(cond, &mut |e| e.sums_mut(f));
                then.sums_mut(f);
                if let Some(o) = otherwise {
                    o.sums_mut(f);
                }
            }
        }
    }

    /// Calls `f` on the expression and every expression inside it (which
    /// `f` may keep: they live as long as this one).
    pub fn visit<'e>(&'e self, f: &mut dyn FnMut(&'e Expr)) {
        f(self);
        match &self.kind {
            ExprKind::Literal(..)
            | ExprKind::Name(..)
            | ExprKind::Input(..)
            | ExprKind::PerPeriod { .. }
            | ExprKind::Sum(_)
            | ExprKind::Broken => {}
            ExprKind::Paren(e) | ExprKind::Rounded(e, ..) | ExprKind::NameIn(_, _, e) => e.visit(f),
            ExprKind::Chain(first, rest) => {
                first.visit(f);
                rest.iter().for_each(|(_, e)| e.visit(f));
            }
            ExprKind::Of(es) | ExprKind::Extremum(_, es) => es.iter().for_each(|e| e.visit(f)),
            ExprKind::Tiered { rank, tiers, .. } => {
                if let Some(rank) = rank {
                    rank.visit(f);
                }
                tiers.iter().for_each(|t| t.rate.visit(f));
            }
            ExprKind::Schedule { rows, .. } => rows.iter().for_each(|r| r.amount.visit(f)),
            ExprKind::Escalated { base, step, .. } => {
                base.visit(f);
                step.visit(f);
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                let mut compared = Vec::new();
                cond_exprs(cond, &mut compared);
                compared.into_iter().for_each(|e| e.visit(f));
                then.visit(f);
                if let Some(o) = otherwise {
                    o.visit(f);
                }
            }
        }
    }

    /// Calls `f` as [`Expr::visit`] does, but skips the case of a
    /// conditional amount that `env` decides is not taken: what the value
    /// reads there.
    pub fn visit_taken(&self, env: &dyn Env, f: &mut dyn FnMut(&Expr)) {
        match &self.kind {
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                f(self);
                let mut compared = Vec::new();
                cond_exprs(cond, &mut compared);
                compared.into_iter().for_each(|e| e.visit_taken(env, f));
                match cond_holds(cond, env) {
                    Ok(true) => then.visit_taken(env, f),
                    Ok(false) => {
                        if let Some(o) = otherwise {
                            o.visit_taken(env, f);
                        }
                    }
                    Err(_) => {
                        then.visit_taken(env, f);
                        if let Some(o) = otherwise {
                            o.visit_taken(env, f);
                        }
                    }
                }
            }
            // Elsewhere every part is read: only a conditional has parts
            // that are not.
            _ if !self.has_if() => self.visit(f),
            ExprKind::Paren(e) | ExprKind::Rounded(e, ..) | ExprKind::NameIn(_, _, e) => {
                f(self);
                e.visit_taken(env, f)
            }
            ExprKind::Chain(first, rest) => {
                f(self);
                first.visit_taken(env, f);
                rest.iter().for_each(|(_, e)| e.visit_taken(env, f));
            }
            ExprKind::Of(es) | ExprKind::Extremum(_, es) => {
                f(self);
                es.iter().for_each(|e| e.visit_taken(env, f))
            }
            _ => self.visit(f),
        }
    }

    /// Whether a conditional amount is written in the expression.
    pub fn has_if(&self) -> bool {
        let mut any = false;
        self.visit(&mut |x| any |= matches!(x.kind, ExprKind::If { .. }));
        any
    }

    /// The expression taken in the period that starts on `day`: every
    /// schedule and escalation gets the index of its own period's kind
    /// that `day` lies in (a quarterly instalment of a schedule by fiscal
    /// year takes the row of the fiscal year its quarter starts in), and
    /// every named amount that varies by period (`named` gives its
    /// expression) is replaced by its own expression so taken, under its
    /// name, while `budget` (expressions copied) lasts: an amount used
    /// twice by one used twice… would otherwise copy exponentially many.
    /// A name left as it is keeps its value through the `named` values of
    /// the evaluation ([`period_values`]); only its printed provenance is
    /// shorter.
    pub fn in_period(
        &self,
        day: super::time::Day,
        named: &dyn Fn(AmountId) -> Option<Expr>,
        budget: &mut usize,
    ) -> Expr {
        let kind = match &self.kind {
            ExprKind::Schedule {
                period, kind, rows, ..
            } => ExprKind::Schedule {
                period: period.clone(),
                kind: *kind,
                rows: (rows.iter())
                    .map(|r| ScheduleRow {
                        amount: r.amount.in_period(day, named, budget),
                        ..r.clone()
                    })
                    .collect(),
                at: Some(kind.index(day)),
            },
            ExprKind::Escalated {
                base,
                step,
                period,
                kind,
                first,
                written,
                ..
            } => ExprKind::Escalated {
                base: Box::new(base.in_period(day, named, budget)),
                step: Box::new(step.in_period(day, named, budget)),
                period: period.clone(),
                kind: *kind,
                first: *first,
                written: written.clone(),
                at: Some(kind.index(day)),
            },
            ExprKind::Name(id, name) => match named(*id).filter(|e| e.size() <= *budget) {
                Some(e) => {
                    *budget -= e.size();
                    ExprKind::NameIn(*id, name.clone(), Box::new(e.in_period(day, named, budget)))
                }
                None => self.kind.clone(),
            },
            ExprKind::PerPeriod {
                input, name, kind, ..
            } => ExprKind::PerPeriod {
                input: *input,
                name: name.clone(),
                kind: *kind,
                at: Some(kind.index(day)),
            },
            // A sum relative to the instalment takes the period of its kind
            // the instalment starts in, shifted by its offset.
            ExprKind::Sum(sum) if sum.fixed.is_none() => {
                let mut sum = sum.clone();
                sum.at = sum.kind.index(day).checked_add(sum.offset);
                ExprKind::Sum(sum)
            }
            ExprKind::Literal(..)
            | ExprKind::Input(..)
            | ExprKind::Sum(_)
            | ExprKind::Broken
            | ExprKind::NameIn(..) => self.kind.clone(),
            ExprKind::Paren(e) => ExprKind::Paren(Box::new(e.in_period(day, named, budget))),
            ExprKind::Rounded(e, q, w) => {
                ExprKind::Rounded(Box::new(e.in_period(day, named, budget)), *q, w.clone())
            }
            ExprKind::Chain(first, rest) => ExprKind::Chain(
                Box::new(first.in_period(day, named, budget)),
                (rest.iter())
                    .map(|(op, e)| (*op, e.in_period(day, named, budget)))
                    .collect(),
            ),
            ExprKind::Of(es) => {
                ExprKind::Of(es.iter().map(|e| e.in_period(day, named, budget)).collect())
            }
            ExprKind::Extremum(g, es) => ExprKind::Extremum(
                *g,
                es.iter().map(|e| e.in_period(day, named, budget)).collect(),
            ),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                let mut cond = cond.clone();
                cond_exprs_mut(&mut cond, &mut |e| *e = e.in_period(day, named, budget));
                ExprKind::If {
                    cond,
                    then: Box::new(then.in_period(day, named, budget)),
                    otherwise: otherwise
                        .as_ref()
                        .map(|o| Box::new(o.in_period(day, named, budget))),
                }
            }
            ExprKind::Tiered { rank, tiers, table } => ExprKind::Tiered {
                rank: rank
                    .as_ref()
                    .map(|r| Box::new(r.in_period(day, named, budget))),
                tiers: (tiers.iter())
                    .map(|t| Tier {
                        rate: t.rate.in_period(day, named, budget),
                        ..t.clone()
                    })
                    .collect(),
                table: table.clone(),
            },
        };
        Expr {
            kind,
            span: self.span.clone(),
        }
    }
}

/// Where a condition was written: from its first compared amount to its
/// last (`None` for a condition that compares none).
fn cond_span(c: &super::Cond) -> Option<Span> {
    let mut compared = Vec::new();
    cond_exprs(c, &mut compared);
    let (first, last) = (compared.first()?, compared.last()?);
    Some(Span::new(
        first.span.file,
        first.span.range.start..last.span.range.end,
    ))
}

/// Which named amounts vary by period ([`Expr::by_period`]), by index:
/// each decided once, in `order` (every amount before those that use it;
/// amounts in a cycle are not in it and do not vary).
pub fn varying(amounts: &[NamedAmount], order: &[AmountId]) -> Vec<bool> {
    let mut out = vec![false; amounts.len()];
    for id in order {
        out[id.index()] = amounts[id.index()].expr.by_period(&|u| out[u.index()]);
    }
    out
}

/// The values of the named amounts in the period that starts on `day`:
/// each that varies by period computed there, once, in `order`; the others
/// as computed for the contract. Linear in the amounts' size.
pub fn period_values(
    amounts: &[NamedAmount],
    order: &[AmountId],
    varies: &[bool],
    day: super::time::Day,
) -> Vec<Option<Amount>> {
    let mut out: Vec<Option<Amount>> = amounts.iter().map(|a| a.value.clone()).collect();
    for id in order {
        if varies[id.index()] {
            // No name is copied in: each is read from `out`.
            let e = amounts[id.index()].expr.in_period(day, &|_| None, &mut 0);
            out[id.index()] = e.eval(&|u| out[u.index()].clone()).ok();
        }
    }
    out
}

/// Whether two amounts can be compared: money in one currency, two
/// percentages or two numbers. `op` is the comparison as written.
pub fn comparable(
    op: &str,
    left: (&Span, &Amount),
    right: (&Span, &Amount),
) -> Result<(), Failure> {
    same_unit(op, (left.0, &left.1.unit), (right.0, &right.1.unit))
}

fn rounding_failure(zero: bool, divisor: &Expr, whole: &Span) -> Failure {
    if zero {
        Failure::DivisionByZero {
            divisor: divisor.span.clone(),
        }
    } else {
        Failure::Overflow { at: whole.clone() }
    }
}

fn same_unit(op: &str, left: (&Span, &Unit), right: (&Span, &Unit)) -> Result<(), Failure> {
    match (left.1, right.1) {
        (Unit::Money(a), Unit::Money(b)) if a != b => Err(Failure::Currency {
            op: op.to_string(),
            left: (left.0.clone(), a.clone()),
            right: (right.0.clone(), b.clone()),
        }),
        (a, b) if a == b => Ok(()),
        (a, b) => Err(Failure::Type {
            op: op.to_string(),
            left: (left.0.clone(), a.clone()),
            right: (right.0.clone(), b.clone()),
        }),
    }
}

/// A divisor must be a plain number, and not zero.
fn number_divisor(a: &Amount, divisor: (&Span, &Amount), a_span: &Span) -> Result<(), Failure> {
    if divisor.1.unit != Unit::Number {
        return Err(Failure::Type {
            op: "/".to_string(),
            left: (a_span.clone(), a.unit.clone()),
            right: (divisor.0.clone(), divisor.1.unit.clone()),
        });
    }
    if divisor.1.value.is_zero() {
        return Err(Failure::DivisionByZero {
            divisor: divisor.0.clone(),
        });
    }
    Ok(())
}

/// `a + b` for two amounts of one kind, exactly (`at`: the operand added).
pub fn plus(a: Amount, b: Amount, at: &Span) -> Eval {
    binary(BinOp::Add, (at, a), (at, b), at)
}

fn binary(op: BinOp, left: (&Span, Amount), right: (&Span, Amount), at: &Span) -> Eval {
    let overflow = || Failure::Overflow { at: at.clone() };
    match op {
        BinOp::Add | BinOp::Sub => {
            same_unit(
                op.symbol(),
                (left.0, &left.1.unit),
                (right.0, &right.1.unit),
            )?;
            let v = if op == BinOp::Add {
                add(left.1.value, right.1.value)
            } else {
                sub(left.1.value, right.1.value)
            };
            Ok(Amount::new(left.1.unit, v.ok_or_else(overflow)?))
        }
        BinOp::Mul => {
            // One side must be a plain number; the product has the other's unit.
            let unit = match (&left.1.unit, &right.1.unit) {
                (Unit::Number, u) => u.clone(),
                (u, Unit::Number) => u.clone(),
                (a, b) => {
                    return Err(Failure::Type {
                        op: "*".to_string(),
                        left: (left.0.clone(), a.clone()),
                        right: (right.0.clone(), b.clone()),
                    })
                }
            };
            let v = mul(left.1.value, right.1.value).ok_or_else(overflow)?;
            Ok(Amount::new(unit, v))
        }
        BinOp::Div => {
            number_divisor(&left.1, (right.0, &right.1), left.0)?;
            match div(left.1.value, right.1.value) {
                Ok(v) => Ok(Amount::new(left.1.unit, v)),
                Err(true) => Err(Failure::DivisionByZero {
                    divisor: right.0.clone(),
                }),
                Err(false) => Err(Failure::Inexact {
                    at: at.clone(),
                    divisor: right.1,
                }),
            }
        }
    }
}

fn percent_of(share: (&Span, Amount), base: (&Span, Amount), at: &Span) -> Eval {
    if share.1.unit != Unit::Percent {
        return Err(Failure::Type {
            op: "of".to_string(),
            left: (share.0.clone(), share.1.unit),
            right: (base.0.clone(), base.1.unit),
        });
    }
    let overflow = || Failure::Overflow { at: at.clone() };
    let product = mul(share.1.value, base.1.value).ok_or_else(overflow)?;
    let v = div(product, Decimal::ONE_HUNDRED).map_err(|_| overflow())?;
    Ok(Amount::new(base.1.unit, v))
}

/// The exact value of a literal's number as written (`666,666.66`, `1_000`,
/// `1.2` with the scale `million`), or `None` if it has more than 28 digits.
pub fn literal(number: &str, scale: Option<&str>) -> Option<Decimal> {
    let digits: String = number.chars().filter(|&c| c != '_' && c != ',').collect();
    let v = Decimal::from_str_exact(&digits).ok()?;
    let factor = match scale {
        Some("thousand") => 3,
        Some("million") => 6,
        Some("billion") => 9,
        Some("trillion") => 12,
        _ => 0,
    };
    mul(v, Decimal::from_i128_with_scale(10i128.pow(factor), 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn sums_and_products_are_exact() {
        assert_eq!(add(d("0.1"), d("0.2")), Some(d("0.3")));
        assert_eq!(mul(d("666666.66"), d("3")), Some(d("1999999.98")));
        assert_eq!(sub(d("2000000"), d("1999999.98")), Some(d("0.02")));
    }

    #[test]
    fn a_result_that_needs_more_than_28_digits_is_refused() {
        let tiny = d("0.000000000000001");
        assert_eq!(mul(tiny, tiny), None);
        let huge = Decimal::MAX;
        assert_eq!(add(huge, Decimal::ONE), None);
        assert_eq!(mul(huge, d("2")), None);
        // 1e28 + 1e-28 would need 57 digits: refused, not rounded.
        assert_eq!(
            add(
                d("10000000000000000000000000000"),
                d("0.0000000000000000000000000001")
            ),
            None
        );
    }

    #[test]
    fn division_is_exact_or_refused() {
        assert_eq!(div(d("2000000"), d("4")), Ok(d("500000")));
        assert_eq!(div(d("2000000"), d("3")), Err(false));
        assert_eq!(div(d("1"), d("0")), Err(true));
        assert_eq!(div(d("1"), d("8")), Ok(d("0.125")));
    }

    #[test]
    fn rounding_follows_the_exact_quotient() {
        let cent = d("0.01");
        assert_eq!(div_round(d("2000000"), d("3"), cent), Ok(d("666666.67")));
        assert_eq!(div_round(d("1000000"), d("3"), cent), Ok(d("333333.33")));
        // Half away from zero, both signs.
        assert_eq!(div_round(d("0.125"), d("1"), cent), Ok(d("0.13")));
        assert_eq!(div_round(d("-0.125"), d("1"), cent), Ok(d("-0.13")));
        assert_eq!(div_round(d("0.135"), d("1"), cent), Ok(d("0.14")));
        assert_eq!(div_round(d("1"), d("-3"), cent), Ok(d("-0.33")));
        assert_eq!(div_round(d("1"), d("0"), cent), Err(true));
        assert_eq!(div_round(d("59178.08219"), d("1"), d("1")), Ok(d("59178")));
    }

    #[test]
    fn literals_keep_every_digit() {
        assert_eq!(literal("666,666.66", None), Some(d("666666.66")));
        assert_eq!(literal("1.2", Some("million")), Some(d("1200000")));
        assert_eq!(literal("1_000", Some("thousand")), Some(d("1000000")));
        assert_eq!(literal("1000000000000000000000000000000", None), None);
    }
}
