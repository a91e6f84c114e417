//! Amounts that vary by period (`schedule by PERIOD { … }`, `… increasing
//! by STEP each PERIOD after|from LABEL`), on random contracts, against a
//! naive reference: each quarterly instalment's contract year is found by
//! counting anniversaries one by one with chrono (not through Pactum's
//! periods), and its amount is computed step by step in exact rationals.
//! Each case is a contract text that Pactum loads as a user's file.

use std::path::Path;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use num_rational::BigRational;
use pactum::diagnostics::Code;
use pactum::model::{load_text, Loaded};
use proptest::prelude::*;

fn load(text: &str) -> Loaded {
    load_text(Path::new("t.pactum"), text, &mut |_| {
        Err(std::io::ErrorKind::NotFound.into())
    })
}

/// The contract year of an instalment whose period starts on `day`, for
/// years counted from `start` (a day of the month at most 28, so every
/// anniversary exists): the year its first covered day (`day`, or `start`
/// for a period that began before it) lies in, 1 plus the anniversaries
/// after `start` on or before that day, counted one by one.
fn naive_contract_year(start: NaiveDate, day: NaiveDate) -> i64 {
    let day = day.max(start);
    let mut year = 1;
    let mut next = start.with_year(start.year() + 1).expect("day <= 28");
    while next <= day {
        year += 1;
        next = next.with_year(next.year() + 1).expect("day <= 28");
    }
    year
}

fn rational(text: &str) -> BigRational {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = format!("{int}{frac}");
    let n = num_bigint::BigInt::from_str(&digits).expect("digits");
    let d = num_bigint::BigInt::from(10u32).pow(frac.len() as u32);
    BigRational::new(n, d)
}

/// Whether Pactum's decimals hold `r` exactly: at most 28 decimal places,
/// and a mantissa (the digits at the fewest places) below 2^96.
fn representable(r: &BigRational) -> bool {
    let max = rational("79228162514264337593543950335");
    (0..=28u32).any(|s| {
        let scaled = r * BigRational::from_integer(num_bigint::BigInt::from(10u32).pow(s));
        scaled.is_integer() && scaled <= max
    })
}

/// Every instalment of clause `name`: the first day of its period and its
/// amount (as a decimal string), in period order.
fn instalments(loaded: &Loaded, name: &str) -> Vec<(NaiveDate, Option<String>)> {
    let c = &loaded.contract;
    let id = (0..c.clauses.len())
        .find(|&i| c.clauses[i].named.name == name)
        .expect("the clause");
    let rec = c.clauses[id].recurrence.as_ref().expect("recurring");
    rec.instances
        .iter()
        .map(|inst| {
            let clause = &c.clauses[inst.clause.0 as usize];
            let day = NaiveDate::parse_from_str(&inst.period.0.to_string(), "%Y-%m-%d").unwrap();
            let v = (clause.amount.as_ref())
                .and_then(|a| a.value.as_ref())
                .map(|v| v.value.normalize().to_string());
            (day, v)
        })
        .collect()
}

fn contract(start: NaiveDate, years: u32, amounts: &str, clause_amount: &str) -> String {
    let end = start.with_year(start.year() + years as i32).unwrap();
    format!(
        "contract \"escalation\" effective {start}
party licensor
party licensee
action pay
subject fees
term {{
  until {end}
}}
period contract_year from {start}
{amounts}
clause fees {{
  licensee must pay fees to licensor
  every quarter
  from {start}
  due within 30 days after the end of each quarter
  amount {clause_amount}
}}
"
    )
}

fn start_day() -> impl Strategy<Value = NaiveDate> {
    (1990i32..2030, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// `BASE increasing by STEP each contract_year after|from K`, taken by
    /// quarterly instalments: each instalment's amount is the base after
    /// the steps its contract year has taken (compounded for a
    /// percentage), exactly, or an overflow is reported when the exact
    /// value needs more than 28 digits.
    #[test]
    fn escalation_matches_step_by_step_compounding(
        start in start_day(),
        years in 1u32..9,
        base_cents in 1u64..100_000_000,
        percent in prop::bool::ANY,
        step_hundredths in 1u64..1_500,
        k in 1i64..8,
        from in prop::bool::ANY,
    ) {
        let base = format!("{}.{:02}", base_cents / 100, base_cents % 100);
        let step = format!("{}.{:02}", step_hundredths / 100, step_hundredths % 100);
        let step_text = if percent { format!("{step} %") } else { format!("USD {step}") };
        let word = if from { "from" } else { "after" };
        let amounts = format!("amount fee = USD {base} increasing by {step_text} each contract_year {word} {k}");
        let text = contract(start, years, &amounts, "fee");
        let loaded = load(&text);
        let overflowed = loaded.diagnostics.iter().any(|d| d.code == Code::AmountOverflow);
        prop_assert!(
            loaded.diagnostics.iter().all(|d| d.code == Code::AmountOverflow),
            "{text}\n{:?}", loaded.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
        let (b, s) = (rational(&base), rational(&step));
        let first = if from { k } else { k + 1 };
        let rows = instalments(&loaded, "fees");
        prop_assert!(!rows.is_empty());
        for (day, value) in rows {
            let year = naive_contract_year(start, day);
            let n = (year - first + 1).max(0);
            let mut expected = b.clone();
            for _ in 0..n {
                expected = if percent {
                    &expected + &expected * &s / BigRational::from_integer(100.into())
                } else {
                    &expected + &s
                };
            }
            match value {
                Some(v) => prop_assert_eq!(rational(&v), expected, "{} in year {}:\n{}", day, year, text),
                None => prop_assert!(overflowed && !representable(&expected), "{} has no amount:\n{}", day, text),
            }
        }
    }

    /// `schedule by contract_year { … }` with random rows: each quarterly
    /// instalment takes the row of the contract year its quarter starts
    /// in, and a year with an instalment and no row is reported.
    #[test]
    fn schedule_rows_follow_the_contract_year(
        start in start_day(),
        years in 1u32..7,
        rows in prop::collection::btree_map(0i64..9, 1u64..1_000_000, 1..9),
    ) {
        let table: Vec<String> = (rows.iter())
            .filter(|(y, _)| **y >= 1)
            .map(|(y, v)| format!("{y}: USD {v}"))
            .collect();
        prop_assume!(!table.is_empty());
        let amounts = format!("amount minimum = schedule by contract_year {{ {} }}", table.join(", "));
        let text = contract(start, years, &amounts, "25 % of minimum");
        let loaded = load(&text);
        let mut gap = false;
        for (day, value) in instalments(&loaded, "fees") {
            let year = naive_contract_year(start, day);
            match rows.get(&year).filter(|_| year >= 1) {
                Some(v) => {
                    let expected = BigRational::from_integer((*v).into()) / BigRational::from_integer(4.into());
                    prop_assert_eq!(value.map(|v| rational(&v)), Some(expected), "{}:\n{}", day, text);
                }
                None => {
                    gap = true;
                    prop_assert_eq!(value, None);
                }
            }
        }
        let reported = loaded.diagnostics.iter().any(|d| d.code == Code::AmountScheduleGap);
        prop_assert_eq!(reported, gap, "{}", text);
    }
}

/// A named schedule used by a clause that is not recurring has no single
/// value, and `pactum query` says so rather than choosing a row.
#[test]
fn a_schedule_outside_an_instalment_depends_on_the_period() {
    let text = "contract \"c\" effective 2020-01-01
party a
party b
action pay
subject fees
period contract_year from 2020-01-01
amount minimum = schedule by contract_year { 1: USD 100, 2: USD 200 }
clause once {
  a must pay fees to b
  from 2020-01-01
  amount minimum
}
";
    let loaded = load(text);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let c = &loaded.contract;
    let once = c.clauses.iter().find(|x| x.named.name == "once").unwrap();
    let a = once.amount.as_ref().unwrap();
    assert_eq!(a.value, None);
    let answer = pactum::semantics::query::AmountAnswer::of(c, a).expect("an answer");
    assert_eq!(answer.value, None);
    assert!(
        answer.text.contains("depends on the period"),
        "{}",
        answer.text
    );
}

/// The formatter prints schedules and escalations canonically, and reading
/// its output back gives the same text.
#[test]
fn schedules_and_escalations_round_trip_through_fmt() {
    let text = "period fiscal_year starts 04-01\namount minimum = schedule by fiscal_year {FY1999:USD 1,000,000,FY2000: USD 2,000,000 ,}\namount fee = USD 10,000   increasing by 3 %  each fiscal_year from FY2001 rounded to 0.01\n";
    let once = pactum::fmt::format_source(text).expect("formats");
    assert!(
        once.contains("schedule by fiscal_year { FY1999: USD 1,000,000, FY2000: USD 2,000,000 }"),
        "{once}"
    );
    assert!(
        once.contains("USD 10,000 increasing by 3 % each fiscal_year from FY2001 rounded to 0.01"),
        "{once}"
    );
    assert_eq!(
        pactum::fmt::format_source(&once).expect("formats again"),
        once
    );
}

/// Amounts that each use the one before twice, over a schedule: taken in a
/// period, each is computed once (not copied 2^60 times), and the
/// instalments' amounts are still exact.
#[test]
fn a_deep_chain_of_amounts_over_a_schedule_is_computed_once_each() {
    let mut amounts =
        String::from("amount a0 = schedule by contract_year { 1: USD 1, 2: USD 2 }\n");
    for k in 1..=60 {
        amounts += &format!("amount a{k} = a{} + a{}\n", k - 1, k - 1);
    }
    // And a long chain of names, each the one before.
    amounts += "amount b0 = a60\n";
    for k in 1..=300 {
        amounts += &format!("amount b{k} = b{}\n", k - 1);
    }
    let text = contract(
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        2,
        amounts.trim_end(),
        "b300 / 1152921504606846976",
    );
    let started = std::time::Instant::now();
    let loaded = load(&text);
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let values: Vec<Option<String>> = instalments(&loaded, "fees")
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    // Seven quarters: the eighth falls due after the term.
    assert_eq!(values.len(), 7);
    assert!(
        values[..4].iter().all(|v| v.as_deref() == Some("1")),
        "{values:?}"
    );
    assert!(
        values[4..].iter().all(|v| v.as_deref() == Some("2")),
        "{values:?}"
    );
}
