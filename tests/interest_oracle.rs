//! Late-payment interest against a naive day-by-day oracle (issue 10:
//! "schedule amounts agree with a naive day-by-day oracle").
//!
//! The oracle walks the days one at a time: each day adds its interest,
//! `principal × rate / 100 / basis`, to what the current compounding period
//! has accrued, and at the end of a compounding day that is added to the
//! principal. It knows nothing of stretches between compoundings, of the
//! next compounding day or of the model's period arithmetic: it asks of
//! each day only whether it is a compounding day (its month and day are
//! listed, or the next day starts a year, a quarter or a month). Pactum's
//! [`accrue`] computes stretch by stretch; both must give the same exact
//! rational, over random principals, rates, day counts (the 30-day bases
//! counted per stretch, from each date's place on a calendar of 30-day
//! months), compounding rules
//! and runs of days that span several year ends (and leap days). The
//! figure shown, rounded half away from zero to the cent, is checked
//! against the oracle's own rounding of its rational.

use chrono::Datelike;
use num_bigint::BigInt;
use num_rational::BigRational;
use pactum::model::interest::{accrue, rational, round, Basis, Compounding};
use pactum::model::period::PeriodKind;
use pactum::model::Day;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Whether `day` is a compounding day, asked of the calendar directly.
fn compounds_on(rule: &Compounding, day: Day) -> bool {
    let (d, next) = (day.date(), day.succ().date());
    match rule {
        Compounding::Never => false,
        Compounding::Days(days) => days.contains(&(d.month(), d.day())),
        Compounding::LastDayOf(_, PeriodKind::Year) => next.ordinal() == 1,
        Compounding::LastDayOf(_, PeriodKind::Quarter) => {
            next.day() == 1 && matches!(next.month(), 1 | 4 | 7 | 10)
        }
        Compounding::LastDayOf(_, PeriodKind::Month) => next.day() == 1,
        Compounding::LastDayOf(..) => unreachable!("the strategy draws calendar periods only"),
    }
}

/// A date's place on a calendar of twelve 30-day months, as the 30-day
/// bases read it: the day of the month is at most 30, and a 31st at the
/// end of a stretch stays the 31st only on the bond basis after a start
/// that is not a 30th or 31st. The days a stretch counts are the
/// difference of its ends' places.
fn thirty_day_place(date: chrono::NaiveDate, end_of: Option<(chrono::NaiveDate, bool)>) -> i64 {
    let day = match end_of {
        Some((start, eurobond)) if date.day() == 31 && !eurobond && start.day() < 30 => 31,
        _ => date.day().min(30),
    };
    (i64::from(date.year()) * 12 + i64::from(date.month0())) * 30 + i64::from(day)
}

/// The interest, one day at a time: on an actual basis each day adds its
/// share; on a 30-day basis the days of each stretch (found by the same
/// walk) are counted at once, from its places on a 30-day calendar.
fn oracle(
    principal: Decimal,
    rate: Decimal,
    basis: Basis,
    rule: &Compounding,
    from: Day,
    until: Day,
) -> BigRational {
    let daily_share = rational(rate) / BigRational::from_integer(BigInt::from(100 * basis.days()));
    let thirty = match basis {
        Basis::Thirty360 => Some(false),
        Basis::Thirty360E => Some(true),
        _ => None,
    };
    let mut principal = rational(principal);
    let mut period = BigRational::from_integer(BigInt::from(0));
    let mut total = period.clone();
    let mut day = from;
    let mut stretch = from;
    while day < until {
        let compounds = compounds_on(rule, day);
        match thirty {
            None => {
                let today = &principal * &daily_share;
                period += &today;
                total += today;
            }
            // The stretch closes after a compounding day or on the last
            // day: count it whole.
            Some(eurobond) if compounds || day.succ() == until => {
                let (a, b) = (stretch.date(), day.succ().date());
                let n = thirty_day_place(b, Some((a, eurobond))) - thirty_day_place(a, None);
                let share = &principal * &daily_share * BigRational::from_integer(BigInt::from(n));
                period += &share;
                total += share;
                stretch = day.succ();
            }
            Some(_) => {}
        }
        if compounds {
            principal += &period;
            period = BigRational::from_integer(BigInt::from(0));
        }
        day = day.succ();
    }
    total
}

/// A non-negative rational rounded half up to the cent, by integer
/// division alone.
fn cents(r: &BigRational) -> Decimal {
    let n = r.numer() * BigInt::from(100);
    let d = r.denom().clone();
    let k = (BigInt::from(2) * n + &d) / (BigInt::from(2) * d);
    Decimal::from_i128_with_scale(i128::try_from(k).expect("small"), 2).normalize()
}

fn compounding() -> impl Strategy<Value = Compounding> {
    prop_oneof![
        Just(Compounding::Never),
        Just(Compounding::Days(vec![(12, 31)])),
        Just(Compounding::Days(vec![(6, 30), (12, 31)])),
        Just(Compounding::Days(vec![(2, 29)])),
        Just(Compounding::Days(vec![(1, 1), (3, 15), (9, 30)])),
        Just(Compounding::LastDayOf("year".into(), PeriodKind::Year)),
        Just(Compounding::LastDayOf(
            "quarter".into(),
            PeriodKind::Quarter
        )),
        Just(Compounding::LastDayOf("month".into(), PeriodKind::Month)),
    ]
}

/// The first day (days after 2014-01-01) and the days accrued: any, or,
/// as often, both ends on the days the 30-day bases treat apart (the 28th
/// to the 31st and the 1st of a month, February's ends among them).
fn days() -> impl Strategy<Value = (i32, i32)> {
    let any = (0i32..4_000, 0i32..1_600);
    let month_ends = (0u32..130, 0u32..60, 0usize..6, 0usize..6).prop_map(|(m, n, a, b)| {
        let edge = |month: u32, k: usize| {
            let first =
                chrono::NaiveDate::from_ymd_opt(2014 + (month / 12) as i32, month % 12 + 1, 1)
                    .expect("a month");
            let next = first
                .checked_add_months(chrono::Months::new(1))
                .expect("a month");
            let last = next.pred_opt().expect("a day");
            match k {
                0 => first,
                // The 28th, 29th, 30th and 31st when the month has them,
                // else its last day.
                k => (first + chrono::Days::new(26 + k as u64)).min(last),
            }
        };
        let base = chrono::NaiveDate::from_ymd_opt(2014, 1, 1).expect("a date");
        let from = edge(m, a);
        let until = edge(m + n, b).max(from);
        let start = (from - base).num_days() as i32;
        (start, (until - from).num_days() as i32)
    });
    prop_oneof![any, month_ends]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn accrual_agrees_with_the_day_by_day_oracle(
        principal in (1i64..1_000_000_000, 0u32..=2).prop_map(|(m, s)| Decimal::new(m, s)),
        // 0.01 % to 300 % a year: at 2,000 % compounded monthly the interest
        // outgrows the 28 digits a shown figure has.
        rate in (1i64..3_000, 1u32..=2).prop_map(|(m, s)| Decimal::new(m, s)),
        basis in prop_oneof![
            Just(Basis::Actual365),
            Just(Basis::Actual360),
            Just(Basis::Thirty360),
            Just(Basis::Thirty360E),
        ],
        rule in compounding(),
        (start, length) in days(),
    ) {
        let from = Day(Day::parse("2014-01-01").expect("a date").0 + start);
        let until = Day(from.0 + length);
        let a = accrue(principal, rate, basis, &rule, from, until).expect("few steps");
        let expected = oracle(principal, rate, basis, &rule, from, until);
        prop_assert_eq!(&a.interest, &expected);
        prop_assert_eq!(a.days, length as u32);
        prop_assert_eq!(a.steps.iter().map(|s| s.days).sum::<u32>(), length as u32);
        prop_assert_eq!(a.steps.iter().map(|s| s.counted).sum::<u32>(), a.counted);
        if matches!(basis, Basis::Actual365 | Basis::Actual360) {
            prop_assert_eq!(a.counted, a.days);
        }
        // Stretches cover the days in order, each ending on a compounding
        // day exactly when it says it compounded.
        let mut next = from;
        for s in &a.steps {
            prop_assert_eq!(s.from, next);
            prop_assert_eq!(s.compounded, compounds_on(&rule, s.through));
            next = s.through.succ();
        }
        prop_assert_eq!(round(&a.interest, Decimal::new(1, 2)), Some(cents(&expected)));
    }
}
