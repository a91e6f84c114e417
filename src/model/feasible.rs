//! Exact feasibility of linear comparisons over the rationals, and the
//! search over their truth values (docs/semantics.md §6.5).
//!
//! A system is a conjunction of comparisons `Σ aᵢ·xᵢ op b` with rational
//! `aᵢ`, `b` and `op` one of `< <= = >= >` (`!=` is the disjunction of `<`
//! and `>`, split by the caller). [`solve`] decides it by Fourier–Motzkin
//! elimination: equalities are solved for one of their variables and
//! substituted away, then each variable in turn is eliminated from the
//! inequalities by pairing every lower bound on it with every upper bound
//! (the pair's sum is strict if either is). A system is feasible exactly
//! when no step leaves a contradiction among constants (`0 < 0`, `0 <= -1`),
//! and then the bounds recorded at each step, read back in reverse order,
//! give every variable an interval that is never empty: a value is chosen
//! in each (a short decimal where the interval is not a single point), so
//! the witness is exact. [`combinations`] walks the truth values of a list
//! of comparisons, one at a time, and keeps a prefix only while it is
//! feasible. Both stop at a budget and say so; they never guess.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use rust_decimal::Decimal;

use crate::syntax::ast::CmpOp;

/// An exact rational number.
pub type Q = BigRational;

/// One comparison `Σ coef[i]·x[i] op rhs` over the variables `x`.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// The coefficient of each variable (as many as the system has).
    pub coef: Vec<Q>,
    /// The comparison; a `!=` is solved as `<` or `>`, one after the other
    /// (the search splits it itself, so that each side is its own case).
    pub op: CmpOp,
    /// The constant on the right.
    pub rhs: Q,
}

impl Constraint {
    /// Whether the values `x` satisfy it.
    pub fn holds(&self, x: &[Q]) -> bool {
        let lhs = (self.coef.iter().zip(x)).fold(Q::zero(), |acc, (a, v)| acc + a * v);
        self.op.holds(&lhs, &self.rhs)
    }
}

/// The search went past its budget: the question is undecided, never
/// guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exceeded;

/// The most inequalities one elimination step may produce.
pub const MOST_ROWS: usize = 512;

/// The most systems [`combinations`] may decide with [`solve`].
pub const MOST_SOLVES: usize = 4_096;

/// The most comparisons [`combinations`] takes: the search goes one level
/// deeper per comparison, and the witnesses of many shallow levels can
/// carry it down without deciding a system.
pub const MOST_COMPARISONS: usize = 256;

/// A decimal as an exact rational.
pub fn rational(d: Decimal) -> Q {
    Q::new(
        BigInt::from(d.mantissa()),
        BigInt::from(10u32).pow(d.scale()),
    )
}

/// The rational as a decimal of at most 28 significant digits, if it has
/// a finite decimal expansion that fits.
pub fn decimal(q: &Q) -> Option<Decimal> {
    let mut d = q.denom().clone();
    let (two, five) = (BigInt::from(2u32), BigInt::from(5u32));
    let mut scale = 0u32;
    let (mut twos, mut fives) = (0u32, 0u32);
    while (&d % &two).is_zero() {
        d /= &two;
        twos += 1;
    }
    while (&d % &five).is_zero() {
        d /= &five;
        fives += 1;
    }
    if !d.is_one() {
        return None;
    }
    scale = scale.max(twos).max(fives);
    if scale > 28 {
        return None;
    }
    let m = q.numer() * BigInt::from(10u32).pow(scale) / q.denom();
    Decimal::try_from_i128_with_scale(i128::try_from(&m).ok()?, scale)
        .ok()
        .map(|d| d.normalize())
}

/// The relation of an inequality kept in the form `Σ a·x rel b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    Lt,
    Le,
    Eq,
}

/// A row `Σ coef·x rel rhs`.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    coef: Vec<Q>,
    rel: Rel,
    rhs: Q,
}

impl Row {
    /// The constraint as a row: `>` and `>=` turned round by negating.
    fn of(c: &Constraint) -> Row {
        let (rel, negate) = match c.op {
            CmpOp::Lt => (Rel::Lt, false),
            CmpOp::Le => (Rel::Le, false),
            CmpOp::Eq => (Rel::Eq, false),
            CmpOp::Gt => (Rel::Lt, true),
            CmpOp::Ge => (Rel::Le, true),
            // Split by `solve_point` before rows are made.
            CmpOp::Ne => (Rel::Lt, false),
        };
        let sign = |q: &Q| if negate { -q.clone() } else { q.clone() };
        Row {
            coef: c.coef.iter().map(sign).collect(),
            rel,
            rhs: sign(&c.rhs),
        }
    }

    /// Whether every coefficient is zero: the row is then `0 rel rhs`,
    /// true or false by itself.
    fn is_constant(&self) -> bool {
        self.coef.iter().all(Zero::is_zero)
    }

    /// Whether a constant row holds.
    fn constant_holds(&self) -> bool {
        match self.rel {
            Rel::Lt => Q::zero() < self.rhs,
            Rel::Le => Q::zero() <= self.rhs,
            Rel::Eq => self.rhs.is_zero(),
        }
    }

    /// `self + k·other`.
    fn add_scaled(&self, k: &Q, other: &Row) -> Row {
        Row {
            coef: (self.coef.iter().zip(&other.coef))
                .map(|(a, b)| a + k * b)
                .collect(),
            rel: self.rel,
            rhs: &self.rhs + k * &other.rhs,
        }
    }

    /// The row divided by the absolute value of its first nonzero
    /// coefficient, so that rows that say the same thing compare equal.
    fn normalized(mut self) -> Row {
        if let Some(a) = self.coef.iter().find(|a| !a.is_zero()).map(Q::abs) {
            self.coef.iter_mut().for_each(|c| *c /= &a);
            self.rhs /= &a;
        }
        self
    }

    /// `rhs - Σ_{k≠j} coef[k]·x[k]`, the part of the row that bounds `x[j]`
    /// once `coef[j]` divides it.
    fn rest(&self, j: usize, x: &[Q]) -> Q {
        let mut r = self.rhs.clone();
        for (k, (a, v)) in self.coef.iter().zip(x).enumerate() {
            if k != j && !a.is_zero() {
                r -= a * v;
            }
        }
        r
    }
}

/// Keeps one row per left side, the tightest (a smaller bound, or a
/// strict one at the same bound), drops constant rows that hold, and says
/// `None` when a constant row does not: the system is infeasible.
fn tidy(rows: Vec<Row>) -> Option<Vec<Row>> {
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    let mut index: std::collections::HashMap<(Vec<Q>, bool), usize> = Default::default();
    for row in rows {
        let row = row.normalized();
        if row.is_constant() {
            if !row.constant_holds() {
                return None;
            }
            continue;
        }
        // An equality and an inequality over one left side are both kept;
        // two equalities over one left side agree or contradict.
        let key = (row.coef.clone(), row.rel == Rel::Eq);
        match index.get(&key) {
            Some(&i) => {
                let kept = &mut out[i];
                if row.rel == Rel::Eq {
                    if row.rhs != kept.rhs {
                        return None;
                    }
                } else if row.rhs < kept.rhs || (row.rhs == kept.rhs && row.rel == Rel::Lt) {
                    *kept = row;
                }
            }
            None => {
                index.insert(key, out.len());
                out.push(row);
            }
        }
    }
    Some(out)
}

/// How a variable was eliminated, for reading the witness back.
enum Step {
    /// Solved from an equality: `x[j] = rest / coef[j]`.
    Solved(usize, Row),
    /// Eliminated between its lower and upper bounds.
    Bounded {
        var: usize,
        lower: Vec<Row>,
        upper: Vec<Row>,
    },
}

/// Whether the conjunction of `constraints` over `n` variables has a
/// rational solution: `Ok(Some(x))` with one (decimal where a choice was
/// free), `Ok(None)` if none, `Err` past [`MOST_ROWS`].
pub fn solve(n: usize, constraints: &[Constraint]) -> Result<Option<Vec<Q>>, Exceeded> {
    Ok(solve_point(n, constraints)?.map(|(x, _)| x))
}

/// [`solve`], and whether the solution is the only one: every variable's
/// interval, read back, was a single point.
pub fn solve_point(
    n: usize,
    constraints: &[Constraint],
) -> Result<Option<(Vec<Q>, bool)>, Exceeded> {
    // A `!=` is `<` or `>`: the first that is feasible (a solution of
    // either satisfies the `!=`; it is the only one only if the other
    // side has none).
    if let Some(i) = constraints.iter().position(|c| c.op == CmpOp::Ne) {
        let mut found = Vec::new();
        for op in [CmpOp::Lt, CmpOp::Gt] {
            let mut split = constraints.to_vec();
            split[i].op = op;
            found.extend(solve_point(n, &split)?);
        }
        let unique = found.len() == 1 && found[0].1;
        return Ok(found.into_iter().next().map(|(x, _)| (x, unique)));
    }
    let rows: Vec<Row> = constraints.iter().map(Row::of).collect();
    // A variable no constraint reads, or one an equality solves, takes no
    // part in whether the solution is the only one.
    let mut settled: Vec<bool> = (0..n)
        .map(|j| rows.iter().all(|r| r.coef[j].is_zero()))
        .collect();
    let Some(mut rows) = tidy(rows) else {
        return Ok(None);
    };
    let mut steps = Vec::new();
    // Equalities first: each removes a variable without growing the system.
    while let Some(i) = rows.iter().position(|r| r.rel == Rel::Eq) {
        let eq = rows.swap_remove(i);
        let j =
            (eq.coef.iter().position(|a| !a.is_zero())).expect("a constant row is removed by tidy");
        let pivot = eq.coef[j].clone();
        let substituted: Vec<Row> = (rows.into_iter())
            .map(|r| {
                let k = -(&r.coef[j] / &pivot);
                r.add_scaled(&k, &eq)
            })
            .collect();
        settled[j] = true;
        steps.push(Step::Solved(j, eq));
        let Some(next) = tidy(substituted) else {
            return Ok(None);
        };
        rows = next;
    }
    for var in 0..n {
        let (mut lower, mut upper, mut others) = (Vec::new(), Vec::new(), Vec::new());
        for r in rows {
            if r.coef[var].is_positive() {
                upper.push(r);
            } else if r.coef[var].is_negative() {
                lower.push(r);
            } else {
                others.push(r);
            }
        }
        if lower.len() * upper.len() + others.len() > MOST_ROWS {
            return Err(Exceeded);
        }
        for l in &lower {
            for u in &upper {
                // l: -a·x + … rel b (a > 0), u: c·x + … rel d (c > 0):
                // c·l + a·u eliminates x.
                let (a, c) = (-&l.coef[var], u.coef[var].clone());
                let strict = l.rel == Rel::Lt || u.rel == Rel::Lt;
                let zero = Row {
                    coef: vec![Q::zero(); n],
                    rel: if strict { Rel::Lt } else { Rel::Le },
                    rhs: Q::zero(),
                };
                others.push(zero.add_scaled(&c, l).add_scaled(&a, u));
            }
        }
        steps.push(Step::Bounded { var, lower, upper });
        let Some(next) = tidy(others) else {
            return Ok(None);
        };
        rows = next;
    }
    // Every variable is gone and no contradiction was met: read the values
    // back, last eliminated first, each from rows over the later ones.
    let mut x = vec![Q::zero(); n];
    let mut unique = true;
    for step in steps.iter().rev() {
        match step {
            Step::Solved(j, eq) => x[*j] = eq.rest(*j, &x) / &eq.coef[*j],
            Step::Bounded { var, lower, upper } => {
                let j = *var;
                let mut lo: Option<(Q, bool)> = None;
                for r in lower {
                    // -a·x + rest' rel b, a > 0: x (>|>=) (rest) / coef.
                    let v = r.rest(j, &x) / &r.coef[j];
                    let strict = r.rel == Rel::Lt;
                    if lo
                        .as_ref()
                        .is_none_or(|(b, s)| v > *b || (v == *b && strict && !s))
                    {
                        lo = Some((v, strict));
                    }
                }
                let mut hi: Option<(Q, bool)> = None;
                for r in upper {
                    let v = r.rest(j, &x) / &r.coef[j];
                    let strict = r.rel == Rel::Lt;
                    if hi
                        .as_ref()
                        .is_none_or(|(b, s)| v < *b || (v == *b && strict && !s))
                    {
                        hi = Some((v, strict));
                    }
                }
                unique &=
                    settled[j] || matches!((&lo, &hi), (Some((a, _)), Some((b, _))) if a == b);
                x[j] = pick(lo, hi);
            }
        }
    }
    Ok(Some((x, unique)))
}

/// A short value in the interval between `lo` and `hi` (each a bound and
/// whether it is strict, or none), which elimination guarantees is not
/// empty: zero if it lies there, else the whole number nearest zero, else
/// the decimal with the fewest places; the single point when the interval
/// is one; the midpoint if no decimal of up to 28 places fits.
fn pick(lo: Option<(Q, bool)>, hi: Option<(Q, bool)>) -> Q {
    let above = |v: &Q| {
        lo.as_ref()
            .is_none_or(|(b, s)| if *s { v > b } else { v >= b })
    };
    let below = |v: &Q| {
        hi.as_ref()
            .is_none_or(|(b, s)| if *s { v < b } else { v <= b })
    };
    let inside = |v: &Q| above(v) && below(v);
    if let (Some((a, _)), Some((b, _))) = (&lo, &hi) {
        if a == b {
            return a.clone();
        }
    }
    if inside(&Q::zero()) {
        return Q::zero();
    }
    // Zero lies below the interval (then it has a lower bound) or above it.
    let from_below = lo.as_ref().is_some_and(|(b, _)| b >= &Q::zero());
    let mut scale = Q::one();
    let ten = Q::from_integer(BigInt::from(10u32));
    for _ in 0..=28 {
        let candidate = if from_below {
            let (b, _) = lo.as_ref().expect("a lower bound");
            // The least multiple of 1/scale above b (strictly, if b itself
            // is one and the bound is strict: `inside` then says no).
            let mut v = (b * &scale).ceil() / &scale;
            if !above(&v) {
                v += Q::one() / &scale;
            }
            v
        } else {
            let (b, _) = hi.as_ref().expect("an upper bound");
            let mut v = (b * &scale).floor() / &scale;
            if !below(&v) {
                v -= Q::one() / &scale;
            }
            v
        };
        if inside(&candidate) {
            return candidate;
        }
        scale *= &ten;
    }
    match (lo, hi) {
        (Some((a, _)), Some((b, _))) => (a + b) / Q::from_integer(BigInt::from(2u32)),
        (Some((a, _)), None) => a + Q::one(),
        (None, Some((b, _))) => b - Q::one(),
        (None, None) => Q::zero(),
    }
}

/// One comparison of the search: for each truth value (`[false, true]`),
/// the alternatives that make it so, each a conjunction of constraints (a
/// `!=`, or a `greater of` taken case by case, gives more than one).
pub type Cases = [Vec<Vec<Constraint>>; 2];

/// What the caller of [`combinations`] makes of a witness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// It takes the witness: the combination is realized.
    Taken,
    /// A value has no decimal of at most 28 digits.
    NoDecimal,
    /// It cannot use the witness for another reason.
    Refused,
}

/// What [`combinations`] found.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The combinations realized by a witness the caller took, in the
    /// order of the search.
    pub realized: Vec<Vec<bool>>,
    /// Combinations some rational values realize in a case for which no
    /// witness was taken and none was shown to be the case's only solution
    /// (a single point with no decimal means no decimal realizes the case);
    /// another case may still have realized them.
    pub unwritten: Vec<Vec<bool>>,
    /// Combinations whose witness the caller refused for another reason.
    pub refused: Vec<Vec<bool>>,
}

/// Every combination of truth values of `comparisons` (over `n` variables)
/// that some values realize, found by choosing them one at a time and
/// keeping a prefix only while some alternatives of its choices are
/// feasible together. For each one found, `accept` is offered the truth
/// values and a witness; if it does not take it, the whole system of the
/// combination's case is solved again for a witness of its own, offered
/// once more. `Err` when the search needs more than [`MOST_SOLVES`]
/// systems decided, a system past [`MOST_ROWS`], or more than
/// [`MOST_COMPARISONS`] comparisons.
pub fn combinations(
    n: usize,
    comparisons: &[Cases],
    accept: &mut dyn FnMut(&[bool], &[Q]) -> Offer,
) -> Result<Found, Exceeded> {
    if comparisons.len() > MOST_COMPARISONS {
        return Err(Exceeded);
    }
    struct Walk<'a> {
        n: usize,
        comparisons: &'a [Cases],
        accept: &'a mut dyn FnMut(&[bool], &[Q]) -> Offer,
        solves: usize,
        found: Found,
    }
    impl Walk<'_> {
        fn solve(&mut self, rows: &[Constraint]) -> Result<Option<(Vec<Q>, bool)>, Exceeded> {
            self.solves += 1;
            if self.solves > MOST_SOLVES {
                return Err(Exceeded);
            }
            solve_point(self.n, rows)
        }

        fn leaf(
            &mut self,
            truth: &[bool],
            rows: &[Constraint],
            witness: &[Q],
        ) -> Result<(), Exceeded> {
            if self.found.realized.iter().any(|t| t == truth) {
                return Ok(());
            }
            if (self.accept)(truth, witness) == Offer::Taken {
                self.found.realized.push(truth.to_vec());
                return Ok(());
            }
            let Some((x, unique)) = self.solve(rows)? else {
                return Ok(());
            };
            match (self.accept)(truth, &x) {
                Offer::Taken => self.found.realized.push(truth.to_vec()),
                // The case holds at this point alone, which no decimal is.
                Offer::NoDecimal if unique => {}
                Offer::NoDecimal => {
                    if !self.found.unwritten.iter().any(|t| t == truth) {
                        self.found.unwritten.push(truth.to_vec());
                    }
                }
                Offer::Refused => {
                    if !self.found.refused.iter().any(|t| t == truth) {
                        self.found.refused.push(truth.to_vec());
                    }
                }
            }
            Ok(())
        }

        fn walk(
            &mut self,
            truth: &mut Vec<bool>,
            rows: &mut Vec<Constraint>,
            witness: &[Q],
        ) -> Result<(), Exceeded> {
            let k = truth.len();
            if k == self.comparisons.len() {
                return self.leaf(truth, rows, witness);
            }
            for value in [false, true] {
                for alternative in &self.comparisons[k][value as usize] {
                    let before = rows.len();
                    rows.extend(alternative.iter().cloned());
                    // The parent's witness often satisfies the new rows too:
                    // then the prefix is feasible without another elimination.
                    let next = if alternative.iter().all(|c| c.holds(witness)) {
                        Some(witness.to_vec())
                    } else {
                        self.solve(rows)?.map(|(x, _)| x)
                    };
                    if let Some(next) = next {
                        truth.push(value);
                        self.walk(truth, rows, &next)?;
                        truth.pop();
                    }
                    rows.truncate(before);
                }
            }
            Ok(())
        }
    }
    let mut walk = Walk {
        n,
        comparisons,
        accept,
        solves: 0,
        found: Found::default(),
    };
    walk.walk(&mut Vec::new(), &mut Vec::new(), &vec![Q::zero(); n])?;
    Ok(walk.found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64) -> Q {
        Q::from_integer(BigInt::from(n))
    }

    fn c(coef: &[i64], op: CmpOp, rhs: i64) -> Constraint {
        Constraint {
            coef: coef.iter().map(|&a| q(a)).collect(),
            op,
            rhs: q(rhs),
        }
    }

    /// Solves and checks the witness against every constraint.
    fn feasible(n: usize, cs: &[Constraint]) -> bool {
        match solve(n, cs).expect("within budget") {
            Some(x) => {
                for k in cs {
                    assert!(k.holds(&x), "{k:?} fails at {x:?}");
                }
                true
            }
            None => false,
        }
    }

    #[test]
    fn strict_and_non_strict_bounds_meet_only_when_both_allow() {
        use CmpOp::*;
        // x <= 1 and x >= 1: the single point.
        assert!(feasible(1, &[c(&[1], Le, 1), c(&[1], Ge, 1)]));
        // x < 1 and x >= 1: nothing.
        assert!(!feasible(1, &[c(&[1], Lt, 1), c(&[1], Ge, 1)]));
        assert!(!feasible(1, &[c(&[1], Le, 1), c(&[1], Gt, 1)]));
        // x + y < 2, x > 0.. through elimination: x >= 1 and y >= 1 and x + y < 2.
        assert!(!feasible(
            2,
            &[c(&[1, 0], Ge, 1), c(&[0, 1], Ge, 1), c(&[1, 1], Lt, 2)]
        ));
        assert!(feasible(
            2,
            &[c(&[1, 0], Ge, 1), c(&[0, 1], Ge, 1), c(&[1, 1], Le, 2)]
        ));
        // `!=`: x != 1 with 1 <= x <= 1 has none; with x <= 2 it has some.
        assert!(!feasible(
            1,
            &[c(&[1], Ne, 1), c(&[1], Le, 1), c(&[1], Ge, 1)]
        ));
        assert!(feasible(
            1,
            &[c(&[1], Ne, 1), c(&[1], Le, 2), c(&[1], Ge, 1)]
        ));
        // An open sliver: 0 < x - y < 1/1000 scaled: 1000x - 1000y in (0, 1).
        assert!(feasible(
            2,
            &[c(&[1000, -1000], Gt, 0), c(&[1000, -1000], Lt, 1)]
        ));
    }

    #[test]
    fn equalities_are_substituted() {
        use CmpOp::*;
        // x = 2y, y = 3: x = 6, and x > 5 holds, x < 6 does not.
        assert!(feasible(
            2,
            &[c(&[1, -2], Eq, 0), c(&[0, 1], Eq, 3), c(&[1, 0], Gt, 5)]
        ));
        assert!(!feasible(
            2,
            &[c(&[1, -2], Eq, 0), c(&[0, 1], Eq, 3), c(&[1, 0], Lt, 6)]
        ));
        // Two equalities that contradict: x + y = 1, x + y = 2.
        assert!(!feasible(2, &[c(&[1, 1], Eq, 1), c(&[1, 1], Eq, 2)]));
        // The same equality twice, scaled: redundant.
        assert!(feasible(2, &[c(&[1, 1], Eq, 1), c(&[2, 2], Eq, 2)]));
        // 3x = 1: a rational witness with no decimal.
        let x = solve(1, &[c(&[3], Eq, 1)]).unwrap().unwrap();
        assert_eq!(x[0], Q::new(BigInt::from(1), BigInt::from(3)));
        assert_eq!(decimal(&x[0]), None);
        // It is the only solution; 3x = y with 0 < y < 2 has others.
        assert!(solve_point(2, &[c(&[3, 0], Eq, 1)]).unwrap().unwrap().1);
        let (x, unique) = solve_point(
            2,
            &[c(&[3, -1], Eq, 0), c(&[0, 1], Gt, 0), c(&[0, 1], Lt, 2)],
        )
        .unwrap()
        .unwrap();
        assert!(!unique, "{x:?}");
    }

    #[test]
    fn redundant_and_contradictory_systems() {
        use CmpOp::*;
        // Redundant bounds: x < 5, x < 7, 2x < 10.
        assert!(feasible(
            1,
            &[c(&[1], Lt, 5), c(&[1], Lt, 7), c(&[2], Lt, 10)]
        ));
        // A cycle of strict inequalities: x < y < z < x.
        assert!(!feasible(
            3,
            &[
                c(&[1, -1, 0], Lt, 0),
                c(&[0, 1, -1], Lt, 0),
                c(&[-1, 0, 1], Lt, 0)
            ]
        ));
        // The same cycle non-strict: x = y = z.
        assert!(feasible(
            3,
            &[
                c(&[1, -1, 0], Le, 0),
                c(&[0, 1, -1], Le, 0),
                c(&[-1, 0, 1], Le, 0)
            ]
        ));
        // No constraint at all, and a variable no constraint reads.
        assert!(feasible(2, &[]));
        assert!(feasible(3, &[c(&[1, 0, 0], Gt, 4)]));
    }

    #[test]
    fn witnesses_are_short_decimals_when_free() {
        use CmpOp::*;
        let x = solve(1, &[c(&[10], Gt, 1), c(&[10], Lt, 2)])
            .unwrap()
            .unwrap();
        assert_eq!(decimal(&x[0]), Some(Decimal::new(11, 2)));
        let x = solve(1, &[c(&[1], Gt, 25)]).unwrap().unwrap();
        assert_eq!(decimal(&x[0]), Some(Decimal::from(26)));
        let x = solve(1, &[c(&[1], Le, -3)]).unwrap().unwrap();
        assert_eq!(decimal(&x[0]), Some(Decimal::from(-3)));
    }

    #[test]
    fn the_search_finds_the_cells_of_two_lines() {
        use CmpOp::*;
        // x < 0 and y < 0 and x + y < 0: the third follows from the two
        // first, and its negation from their negations, so (true, true,
        // false) and (false, false, true) are impossible; the other six
        // combinations are realized.
        let cases = |k: Constraint| -> Cases {
            let mut negated = k.clone();
            negated.op = Ge;
            [vec![vec![negated]], vec![vec![k]]]
        };
        let comparisons = [
            cases(c(&[1, 0], Lt, 0)),
            cases(c(&[0, 1], Lt, 0)),
            cases(c(&[1, 1], Lt, 0)),
        ];
        let mut checked = 0;
        let found = combinations(2, &comparisons, &mut |truth, x| {
            let xs = [
                x[0] < Q::zero(),
                x[1] < Q::zero(),
                &x[0] + &x[1] < Q::zero(),
            ];
            assert_eq!(truth, xs);
            checked += 1;
            Offer::Taken
        })
        .unwrap()
        .realized;
        assert_eq!(found.len(), 6);
        assert_eq!(checked, 6);
        assert!(!found.contains(&vec![true, true, false]));
        assert!(!found.contains(&vec![false, false, true]));
    }
}
