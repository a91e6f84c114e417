//! The arithmetic of amounts against exact rationals: 10 000 random
//! sequences of operations (sums, differences, products, exact quotients and
//! rounded quotients) on decimals of up to 28 digits. Every result Pactum
//! accepts equals the rational one, digit for digit (no rounding drift, ever);
//! every result it refuses is one the rationals say has no exact decimal
//! value of at most 28 significant digits (or a division by zero), except
//! near the top of the range (10^14 and more), where a step on the way (a
//! remainder, an aligned sum) may need more than 96 bits and is refused too.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits_shim::*;
use pactum::model::amount::{add, div, div_round, mul, sub};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// The few number-theory helpers the test needs, without another crate.
mod num_traits_shim {
    use num_bigint::BigInt;

    pub fn ten_pow(n: u32) -> BigInt {
        BigInt::from(10u32).pow(n)
    }
}

fn exact(d: Decimal) -> BigRational {
    BigRational::new(BigInt::from(d.mantissa()), ten_pow(d.scale()))
}

/// The decimal a rational is, if it is a finite decimal of at most 28
/// decimal places with a mantissa of at most 96 bits: what rust_decimal can
/// hold exactly.
fn representable(r: &BigRational) -> Option<Decimal> {
    for scale in 0..=28u32 {
        let scaled = r * BigRational::from_integer(ten_pow(scale));
        if scaled.is_integer() {
            let m = scaled.to_integer();
            let limit = BigInt::from(1u128 << 96);
            if m >= limit || m <= -limit {
                return None;
            }
            let m: i128 = m.try_into().ok()?;
            return Decimal::try_from_i128_with_scale(m, scale).ok();
        }
    }
    None
}

#[derive(Debug, Clone)]
enum Op {
    Add(Decimal),
    Sub(Decimal),
    Mul(Decimal),
    Div(Decimal),
    DivRound(Decimal, Decimal),
}

fn decimal() -> impl Strategy<Value = Decimal> {
    (-2_000_000_000_000i64..2_000_000_000_000, 0u32..=8).prop_map(|(m, s)| Decimal::new(m, s))
}

fn small() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (-1000i64..1000).prop_map(|m| Decimal::new(m, 0)),
        (-1000i64..1000, 1u32..=4).prop_map(|(m, s)| Decimal::new(m, s)),
        Just(Decimal::new(3, 0)),
        Just(Decimal::new(7, 0)),
        Just(Decimal::ZERO),
    ]
}

fn quantum() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::new(1, 2)),
        Just(Decimal::new(5, 2)),
        Just(Decimal::ONE),
        Just(Decimal::new(1, 3)),
        Just(Decimal::new(100, 0)),
        Just(Decimal::new(25, 1)),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        decimal().prop_map(Op::Add),
        decimal().prop_map(Op::Sub),
        prop_oneof![small(), decimal()].prop_map(Op::Mul),
        small().prop_map(Op::Div),
        (small(), quantum()).prop_map(|(d, q)| Op::DivRound(d, q)),
    ]
}

/// `r` rounded half away from zero to a multiple of `q`.
fn round_to(r: &BigRational, q: &BigRational) -> BigRational {
    (r / q).round() * q
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn amounts_are_exact_or_refused(start in decimal(), ops in prop::collection::vec(op(), 1..10)) {
        let mut acc = start;
        for op in ops {
            let a = exact(acc);
            let (got, want): (Result<Decimal, bool>, Result<BigRational, bool>) = match op {
                Op::Add(x) => (add(acc, x).ok_or(false), Ok(a + exact(x))),
                Op::Sub(x) => (sub(acc, x).ok_or(false), Ok(a - exact(x))),
                Op::Mul(x) => (mul(acc, x).ok_or(false), Ok(a * exact(x))),
                Op::Div(x) if x.is_zero() => (div(acc, x), Err(true)),
                Op::Div(x) => (div(acc, x), Ok(a / exact(x))),
                Op::DivRound(x, _) if x.is_zero() => (div(acc, x), Err(true)),
                Op::DivRound(x, q) => (div_round(acc, x, q), Ok(round_to(&(a / exact(x)), &exact(q)))),
            };
            match (got, want) {
                (Ok(v), Ok(r)) => {
                    // No drift: the accepted value is the rational one.
                    prop_assert_eq!(exact(v), r, "{:?} from {}", op, acc);
                    acc = v;
                }
                (Err(true), Err(true)) => {}
                (Err(false), Ok(r)) => {
                    // Refused: the rational result has no exact 28-digit
                    // decimal, or (only near the top of the range, where a
                    // remainder or an aligned sum needs more than 96 bits) a
                    // step on the way to it has none.
                    let near_the_top = acc.abs() >= Decimal::from(10u64.pow(14))
                        || r >= BigRational::from_integer(ten_pow(14))
                        || r <= -BigRational::from_integer(ten_pow(14));
                    prop_assert!(
                        representable(&r).is_none() || near_the_top,
                        "{:?} from {} refused, but {} is a decimal", op, acc, r
                    );
                    break;
                }
                (got, want) => prop_assert!(false, "{:?} from {}: got {:?}, want {:?}", op, acc, got, want),
            }
        }
    }
}

/// A conditional amount over exact decimals, with its value computed here
/// over the rationals: `None` where no case applies.
#[derive(Debug, Clone)]
enum Cond {
    Leaf(Decimal),
    Sum(Box<Cond>, bool, Box<Cond>),
    If(Box<Cond>, usize, Box<Cond>, Box<Cond>, Option<Box<Cond>>),
}

const OPS: [&str; 6] = ["<", "<=", "=", "!=", ">=", ">"];

impl Cond {
    fn text(&self) -> String {
        match self {
            Cond::Leaf(d) => d.to_string(),
            Cond::Sum(a, plus, b) => {
                format!(
                    "({} {} {})",
                    a.text(),
                    if *plus { "+" } else { "-" },
                    b.text()
                )
            }
            Cond::If(l, op, r, then, otherwise) => {
                let otherwise = otherwise
                    .as_ref()
                    .map_or(String::new(), |o| format!(" else {}", o.text()));
                format!(
                    "(if amount {} {} {} then {}{otherwise})",
                    l.text(),
                    OPS[*op],
                    r.text(),
                    then.text()
                )
            }
        }
    }

    fn value(&self) -> Option<BigRational> {
        match self {
            Cond::Leaf(d) => Some(exact(*d)),
            Cond::Sum(a, plus, b) => {
                let (a, b) = (a.value()?, b.value()?);
                Some(if *plus { a + b } else { a - b })
            }
            Cond::If(l, op, r, then, otherwise) => {
                let (l, r) = (l.value()?, r.value()?);
                let holds = match OPS[*op] {
                    "<" => l < r,
                    "<=" => l <= r,
                    "=" => l == r,
                    "!=" => l != r,
                    ">=" => l >= r,
                    _ => l > r,
                };
                if holds {
                    then.value()
                } else {
                    otherwise.as_ref()?.value()
                }
            }
        }
    }
}

fn cond_amount() -> impl Strategy<Value = Cond> {
    let leaf = prop_oneof![
        (0i64..2_000_000, 0u32..=4).prop_map(|(m, s)| Cond::Leaf(Decimal::new(m, s))),
        // Equal values often, so that `=` and the strict comparisons meet.
        Just(Cond::Leaf(Decimal::new(5, 0))),
        Just(Cond::Leaf(Decimal::new(50, 1))),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            (inner.clone(), any::<bool>(), inner.clone()).prop_map(|(a, p, b)| Cond::Sum(
                Box::new(a),
                p,
                Box::new(b)
            )),
            (
                inner.clone(),
                0usize..6,
                inner.clone(),
                inner.clone(),
                prop::option::weighted(0.8, inner),
            )
                .prop_map(|(l, op, r, t, o)| Cond::If(
                    Box::new(l),
                    op,
                    Box::new(r),
                    Box::new(t),
                    o.map(Box::new)
                )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// Conditional amounts over constants against the rationals, both ways:
    /// where a case applies, Pactum's value is the rational one, digit for
    /// digit; where none does, Pactum has no value and says so with
    /// `pactum::amount::no_case`, never another number.
    #[test]
    fn conditional_amounts_take_the_case_the_rationals_take(e in cond_amount()) {
        let text = format!("amount v = {}\n", e.text());
        let loaded = pactum::model::load_text(std::path::Path::new("c.pactum"), &text, &mut |_| {
            Err(std::io::Error::from(std::io::ErrorKind::NotFound))
        });
        let got = loaded.contract.amounts.first().and_then(|a| a.value.clone());
        match e.value() {
            Some(want) => {
                let got = got.unwrap_or_else(|| panic!("no value: {:?}\n{text}", loaded.diagnostics));
                prop_assert_eq!(exact(got.value), want, "{}", text);
            }
            None => {
                prop_assert!(got.is_none(), "{text}");
                prop_assert!(
                    loaded.diagnostics.iter().any(|d| d.code.as_str() == "pactum::amount::no_case"),
                    "{:?}\n{}", loaded.diagnostics, text
                );
            }
        }
    }
}
