//! Interest on late payments (`interest late_payment { at 6 % per year … }`):
//! what a declaration says, and the exact arithmetic of the interest a late
//! payment accrues (docs/semantics.md, "Late-payment interest").
//!
//! The principal is the obligation's amount. Interest runs from a day fixed
//! relative to the due date (`from the 10th day after the due date`) for
//! each day through the day before payment (or through the day asked
//! about, while unpaid): the day of payment itself accrues nothing, which
//! is how the corpus counts 36 days from 2017-11-09 to a payment on
//! 2017-12-15. Within a compounding period the interest is simple; at the
//! end of each compounding day the interest of the period is added to the
//! principal, which then accrues from the next day on.
//!
//! A day's interest is `principal × rate / 100 / basis` (365 or 360; on
//! the 30-day bases, `30/360` and `30E/360`, a stretch between
//! compoundings accrues on the days the basis counts from its first date to
//! the next stretch's, not day by day): a
//! quotient that has in general no finite decimal value (10,000 × 6 % ×
//! 36/365 = 4320/73), so every figure here is an exact rational of big
//! integers ([`BigRational`]), never a decimal that rounds. Only a shown
//! figure is rounded ([`round`]): to the contract's own `rounded to`, or,
//! when the contract states none and the exact value has no finite decimal,
//! to 0.01 of the currency, saying so. tests/interest_oracle.rs checks
//! [`accrue`] against a naive day-by-day accrual.

use num_bigint::BigInt;
use num_rational::BigRational;
use rust_decimal::Decimal;

use super::amount::Expr;
use super::period::PeriodKind;
use super::time::Day;
use super::{ClauseId, Named};
use crate::diagnostics::Span;

/// The most compounding steps one accrual is computed for (a yearly
/// compounding over 120 years, a monthly one over 10): the exact fractions
/// grow with each step, and their arithmetic with them, so beyond it the
/// answer says it was not computed rather than run for seconds. The steps
/// are counted before any fraction is computed.
pub const MAX_STEPS: usize = 120;

/// An `interest` declaration.
#[derive(Debug, Clone)]
pub struct Interest {
    /// The name and its documentation.
    pub named: Named,
    /// The `source` references.
    pub sources: Vec<String>,
    /// The yearly rate, as resolved (a percentage).
    pub rate: Expr,
    /// How many days after the due date interest starts to run (0: on the
    /// due date itself).
    pub start_after: u32,
    /// When interest is added to the principal.
    pub compounding: Compounding,
    /// How a day's share of the yearly rate is counted.
    pub basis: Basis,
    /// The contract's own rounding (`rounded to 0.01`), with its text.
    pub rounding: Option<(Decimal, String)>,
    /// The clauses it applies to (a recurring clause stands for each of its
    /// instalments); `None`: every obligation with a due date and a
    /// discharge event.
    pub on: Option<Vec<ClauseId>>,
    /// Where the declaration was written.
    pub span: Span,
}

/// When accrued interest is added to the principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compounding {
    /// Never: simple interest.
    Never,
    /// On these days of every year, `(month, day)`, in calendar order; a
    /// 02-29 only in leap years.
    Days(Vec<(u32, u32)>),
    /// On the last day of each period of this kind, with the period's name.
    LastDayOf(String, PeriodKind),
}

impl Compounding {
    /// The first compounding day on or after `day`, if there is one within
    /// the calendar.
    pub fn next_on_or_after(&self, day: Day) -> Option<Day> {
        match self {
            Compounding::Never => None,
            Compounding::Days(days) => {
                // A 02-29 may be eight years away (2096 to 2104); every
                // other listed day comes within a year.
                let year = chrono::Datelike::year(&day.date());
                (year..=year.checked_add(8)?)
                    .flat_map(|y| {
                        days.iter()
                            .filter_map(move |&(m, d)| Day::from_ymd(y, m, d))
                    })
                    .find(|&c| c >= day)
            }
            Compounding::LastDayOf(_, kind) => {
                let (_, next) = kind.window(kind.index(day));
                next.in_calendar().then(|| next.pred())
            }
        }
    }

    /// The compounding days in words: `12-31`, `the last day of each quarter`.
    pub fn words(&self) -> String {
        match self {
            Compounding::Never => "never (simple interest)".to_string(),
            Compounding::Days(days) => days
                .iter()
                .map(|(m, d)| format!("{m:02}-{d:02}"))
                .collect::<Vec<_>>()
                .join(", "),
            Compounding::LastDayOf(name, _) => format!("the last day of each {name}"),
        }
    }
}

/// How a day's share of the yearly rate is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Each day is 1/365 of a year, leap years included (the default).
    Actual365,
    /// Each day is 1/360 of a year.
    Actual360,
    /// `30/360`, the bond basis (ISDA 2006 Definitions §4.16(f)): every
    /// month has 30 days and the year 360; a stretch's days are counted
    /// from its first day's date and its end's date ([`Basis::counted`]).
    Thirty360,
    /// `30E/360`, the Eurobond basis (ISDA 2006 Definitions §4.16(g)): as
    /// `30/360`, with a 31st always counted as the 30th.
    Thirty360E,
}

impl Basis {
    /// The days of a year on this basis.
    pub fn days(self) -> u32 {
        match self {
            Basis::Actual365 => 365,
            Basis::Actual360 | Basis::Thirty360 | Basis::Thirty360E => 360,
        }
    }

    /// As written: `actual/365`.
    pub fn words(self) -> &'static str {
        match self {
            Basis::Actual365 => "actual/365",
            Basis::Actual360 => "actual/360",
            Basis::Thirty360 => "30/360",
            Basis::Thirty360E => "30E/360",
        }
    }

    /// The basis written `text`, if it is one.
    pub fn parse(text: &str) -> Option<Basis> {
        match text {
            "actual/365" => Some(Basis::Actual365),
            "actual/360" => Some(Basis::Actual360),
            "30/360" => Some(Basis::Thirty360),
            "30E/360" => Some(Basis::Thirty360E),
            _ => None,
        }
    }

    /// The days this basis counts from `from` to `until` (the day interest
    /// runs first, and the first day it no longer runs; `until > from`).
    /// On an actual basis, the days between. On the 30-day bases, ISDA's
    /// formula on the two dates: `360 × (Y2 − Y1) + 30 × (M2 − M1) + (D2 −
    /// D1)`, where a 31st as `D1` is the 30th, and a 31st as `D2` is the
    /// 30th when `D1` (so read) is the 30th (`30/360`) or always
    /// (`30E/360`). The end of February is not moved: from 28 February to
    /// 1 March counts 3 days, and from 30 January to 28 February 28. Such
    /// a count is of a whole stretch, not a sum of days: over
    /// 2007-02-28..2007-03-31 `30E/360` counts 32, though the day before
    /// the 1st counts 3 alone.
    pub fn counted(self, from: Day, until: Day) -> u32 {
        let actual = u32::try_from((until.0 - from.0).max(0)).unwrap_or(u32::MAX);
        let eurobond = match self {
            Basis::Actual365 | Basis::Actual360 => return actual,
            Basis::Thirty360 => false,
            Basis::Thirty360E => true,
        };
        use chrono::Datelike;
        let (a, b) = (from.date(), until.date());
        let d1 = a.day().min(30);
        let d2 = if b.day() == 31 && (eurobond || d1 == 30) {
            30
        } else {
            b.day()
        };
        let count = 360 * (i64::from(b.year()) - i64::from(a.year()))
            + 30 * (i64::from(b.month()) - i64::from(a.month()))
            + (i64::from(d2) - i64::from(d1));
        u32::try_from(count.max(0)).unwrap_or(u32::MAX)
    }
}

/// One stretch of days between compoundings.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Its first day.
    pub from: Day,
    /// Its last day.
    pub through: Day,
    /// How many days: `through - from + 1`.
    pub days: u32,
    /// How many the day count counts ([`Basis::counted`]): `days` on an
    /// actual basis.
    pub counted: u32,
    /// The principal the days accrue on, exactly.
    pub principal: BigRational,
    /// The interest of the stretch, exactly.
    pub interest: BigRational,
    /// Whether the stretch ends on a compounding day, so that its interest
    /// is added to the principal.
    pub compounded: bool,
}

/// The interest accrued over a run of days.
#[derive(Debug, Clone, PartialEq)]
pub struct Accrual {
    /// The days accrued.
    pub days: u32,
    /// The days the day count counts: the sum of the stretches' counts.
    pub counted: u32,
    /// The stretches between compoundings, in order.
    pub steps: Vec<Step>,
    /// The interest, exactly: the sum of the stretches' interest.
    pub interest: BigRational,
}

/// An exact decimal as a rational.
pub fn rational(d: Decimal) -> BigRational {
    BigRational::new(
        BigInt::from(d.mantissa()),
        BigInt::from(10u32).pow(d.scale()),
    )
}

/// The interest on `principal` at `rate` percent a year, counted on
/// `basis`, for each day from `from` through the day before `until`,
/// compounded on the days `compounding` names: each stretch between
/// compoundings accrues on the days its basis counts for it
/// ([`Basis::counted`]). `None` when it would take
/// more than [`MAX_STEPS`] compoundings. No days (`until <= from`) accrue
/// nothing.
pub fn accrue(
    principal: Decimal,
    rate: Decimal,
    basis: Basis,
    compounding: &Compounding,
    from: Day,
    until: Day,
) -> Option<Accrual> {
    // Count the stretches first, on days alone: a run too long is refused
    // before any fraction grows.
    let mut count = 0;
    let mut day = from;
    while day < until {
        count += 1;
        if count > MAX_STEPS {
            return None;
        }
        day = match compounding.next_on_or_after(day) {
            Some(c) if c.succ() <= until => c.succ(),
            _ => until,
        };
    }
    let per_day = rational(rate) / BigRational::from_integer(BigInt::from(100 * basis.days()));
    let mut principal = rational(principal);
    let mut total = BigRational::from_integer(BigInt::from(0));
    let mut steps = Vec::new();
    let mut start = from;
    while start < until {
        let compounding_day = compounding.next_on_or_after(start);
        let (end, compounded) = match compounding_day {
            Some(c) if c.succ() <= until => (c.succ(), true),
            _ => (until, false),
        };
        let days = u32::try_from(end.0 - start.0).ok()?;
        let counted = basis.counted(start, end);
        let interest = &principal * &per_day * BigRational::from_integer(BigInt::from(counted));
        total += &interest;
        steps.push(Step {
            from: start,
            through: end.pred(),
            days,
            counted,
            principal: principal.clone(),
            interest: interest.clone(),
            compounded,
        });
        if compounded {
            principal += interest;
        }
        start = end;
    }
    Some(Accrual {
        days: u32::try_from((until.0 - from.0).max(0)).ok()?,
        counted: steps.iter().map(|s| s.counted).sum(),
        steps,
        interest: total,
    })
}

/// The rational as a decimal, if it has a finite one of at most 28 places
/// that rust_decimal holds.
pub fn finite(r: &BigRational) -> Option<Decimal> {
    // A finite decimal's denominator (in lowest terms) is 2^a·5^b: the twos
    // are its trailing zero bits, and what remains must be a power of five,
    // of the one exponent its size allows (5^b has between 2.32·b and
    // 2.33·b bits). Each test is one shift or one power, not a division per
    // factor: the fractions of a long accrual have thousands of digits.
    let d = r.denom();
    let twos = u32::try_from(d.trailing_zeros().unwrap_or(0)).ok()?;
    let odd = d >> twos;
    let bits = odd.bits();
    let fives = ((bits as f64) / 5f64.log2()).round() as u32;
    if odd != BigInt::from(5u32).pow(fives) {
        return None;
    }
    let scale = twos.max(fives);
    if scale > 28 {
        return None;
    }
    let m = r.numer() * BigInt::from(10u32).pow(scale) / d;
    let m = i128::try_from(m).ok()?;
    Decimal::try_from_i128_with_scale(m, scale)
        .ok()
        .map(|d| d.normalize())
}

/// The rational rounded half away from zero to a multiple of `quantum`
/// (> 0); `None` if the result does not fit a decimal.
pub fn round(r: &BigRational, quantum: Decimal) -> Option<Decimal> {
    let q = rational(quantum);
    if q <= BigRational::from_integer(BigInt::from(0)) {
        return None;
    }
    let t = r / &q;
    let (n, d) = (t.numer().clone(), t.denom().clone());
    let negative = (n < BigInt::from(0)) != (d < BigInt::from(0));
    let (n, d) = (n.magnitude().clone(), d.magnitude().clone());
    let mut k = &n / &d;
    if (&n % &d) * 2u32 >= d {
        k += 1u32;
    }
    let k = BigInt::from(k);
    let k = if negative { -k } else { k };
    let scaled = rational(quantum) * BigRational::from_integer(k);
    finite(&scaled)
}

/// The rational as written in an answer: its decimal when it has a finite
/// one, else `numerator/denominator` in lowest terms.
pub fn exact_text(r: &BigRational) -> String {
    match finite(r) {
        Some(d) => d.to_string(),
        None => format!("{}/{}", r.numer(), r.denom()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        Day::parse(s).expect("a date")
    }

    #[test]
    fn the_corpus_thirty_six_days_at_six_percent() {
        let a = accrue(
            Decimal::new(10_000, 0),
            Decimal::new(6, 0),
            Basis::Actual365,
            &Compounding::Days(vec![(12, 31)]),
            d("2017-11-09"),
            d("2017-12-15"),
        )
        .expect("computed");
        assert_eq!(a.days, 36);
        assert_eq!(exact_text(&a.interest), "4320/73");
        assert_eq!(
            round(&a.interest, Decimal::new(1, 2)),
            Some(Decimal::new(5918, 2))
        );
        assert_eq!(finite(&a.interest), None);
    }

    #[test]
    fn interest_is_added_to_the_principal_on_the_compounding_day() {
        let a = accrue(
            Decimal::new(36_000, 0),
            Decimal::new(10, 0),
            Basis::Actual360,
            &Compounding::Days(vec![(12, 31)]),
            d("2017-12-31"),
            d("2018-01-02"),
        )
        .expect("computed");
        // 12-31 accrues 10 on 36,000, compounds, and 01-01 accrues on 36,010.
        assert_eq!(a.steps.len(), 2);
        assert!(a.steps[0].compounded);
        assert_eq!(exact_text(&a.steps[1].principal), "36010");
        assert_eq!(exact_text(&a.interest), "7201/360");
    }

    /// The examples of the 30/360 and 30E/360 day counts as the ISDA 2006
    /// Definitions state the rules (§4.16(f), (g)): a 31st start counts as
    /// the 30th; a 31st end as the 30th after a 30th (bond basis) or always
    /// (Eurobond basis); February's end is not moved.
    #[test]
    fn the_thirty_day_bases_count_as_isda_states() {
        let cases = [
            // (from, until, 30/360, 30E/360, actual)
            ("2007-01-15", "2007-01-30", 15, 15, 15),
            ("2007-01-15", "2007-02-15", 30, 30, 31),
            ("2007-01-15", "2007-07-15", 180, 180, 181),
            ("2007-09-30", "2008-03-31", 180, 180, 183),
            ("2007-09-30", "2007-10-31", 30, 30, 31),
            ("2007-09-30", "2008-09-30", 360, 360, 366),
            ("2007-01-31", "2007-02-28", 28, 28, 28),
            ("2007-02-28", "2007-03-01", 3, 3, 1),
            ("2007-02-28", "2007-03-31", 33, 32, 31),
            ("2006-08-31", "2007-02-28", 178, 178, 181),
            ("2007-08-31", "2008-02-29", 179, 179, 182),
            ("2007-03-30", "2007-03-31", 0, 0, 1),
            ("2007-03-31", "2007-04-01", 1, 1, 1),
        ];
        for (from, until, bond, euro, actual) in cases {
            let (f, u) = (d(from), d(until));
            assert_eq!(
                Basis::Thirty360.counted(f, u),
                bond,
                "30/360 {from} {until}"
            );
            assert_eq!(
                Basis::Thirty360E.counted(f, u),
                euro,
                "30E/360 {from} {until}"
            );
            assert_eq!(Basis::Actual360.counted(f, u), actual, "{from} {until}");
        }
        assert_eq!(Basis::parse("30E/360"), Some(Basis::Thirty360E));
        assert_eq!(
            Basis::parse(Basis::Thirty360.words()),
            Some(Basis::Thirty360)
        );
    }

    /// A 30-day basis counts each stretch between compoundings on its own:
    /// USD 36,000 at 10 % from 2017-12-31, compounded on 12-31, paid on
    /// 2018-02-01 is one day (12-31 to 01-01) and 30 days (01-01 to 02-01).
    #[test]
    fn a_thirty_day_basis_counts_each_stretch() {
        let a = accrue(
            Decimal::new(36_000, 0),
            Decimal::new(10, 0),
            Basis::Thirty360,
            &Compounding::Days(vec![(12, 31)]),
            d("2017-12-31"),
            d("2018-02-01"),
        )
        .expect("computed");
        assert_eq!((a.days, a.counted), (32, 31));
        let counts: Vec<u32> = a.steps.iter().map(|s| s.counted).collect();
        assert_eq!(counts, [1, 30]);
        // 10 on 36,000 for the day, then 36,010 × 10 % × 30/360.
        assert_eq!(exact_text(&a.interest), "3721/12");
    }
}
