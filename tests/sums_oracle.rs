//! Sums over a schedule (`sum of royalties for the previous year`, `sum of
//! royalties paid in the year`) and inputs with one value per period, on
//! random contracts, against a naive oracle: it walks the calendar one day
//! at a time with chrono (not through Pactum's periods or instalments),
//! finds the first day of each quarter the recurrence meets and the day
//! each quarter's royalty is paid, and adds the royalties whose day falls
//! in the year summed over. Pactum's answer is the library's payment
//! calendar (`pactum::views::schedule`), as `pactum schedule` prints it,
//! in the scenario the same `--assume` flags give.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};
use pactum::model::load_text;
use proptest::prelude::*;

/// A random case: the quarterly royalties' first and last day (the
/// recurrence `from` and `until`), each quarter's royalty in whole dollars
/// (by the quarter's first day), the day each paid quarter is paid (days
/// after the quarter's end), and how the annual clause sums them.
#[derive(Debug, Clone)]
struct Case {
    from: NaiveDate,
    until: NaiveDate,
    royalties: Vec<u32>,
    delays: Vec<Option<u32>>,
    paid: bool,
    offset: i64,
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid day")
}

fn quarter_label(d: NaiveDate) -> String {
    format!("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
}

fn case() -> impl Strategy<Value = Case> {
    (
        0i64..700,
        200i64..1200,
        prop::collection::vec(0u32..5_000, 20),
        prop::collection::vec(prop::option::of(0u32..200), 20),
        any::<bool>(),
        -1i64..=0,
    )
        .prop_map(|(start, length, royalties, delays, paid, offset)| {
            let from = day(2016, 1, 1) + Duration::days(start);
            Case {
                from,
                until: from + Duration::days(length),
                royalties,
                delays,
                paid,
                offset,
            }
        })
}

/// The first days of the quarters the recurrence `[from, until)` meets,
/// found by walking every day from the first day of `from`'s quarter.
fn quarters(c: &Case) -> Vec<NaiveDate> {
    let mut d = day(c.from.year(), (c.from.month() - 1) / 3 * 3 + 1, 1);
    let mut out = Vec::new();
    while d < c.until {
        if d.day() == 1 && matches!(d.month(), 1 | 4 | 7 | 10) {
            out.push(d);
        }
        d += Duration::days(1);
    }
    out
}

/// The day after a quarter that starts on `q`.
fn quarter_end(q: NaiveDate) -> NaiveDate {
    let mut d = q;
    while d.month() == q.month() || (d.month() - 1) / 3 == (q.month() - 1) / 3 {
        d += Duration::days(1);
    }
    d
}

fn contract(c: &Case) -> String {
    let (grouping, period) = match c.offset {
        -1 => ("previous ", "year"),
        _ => ("", "year"),
    };
    let how = if c.paid { "paid in" } else { "for" };
    format!(
        "contract \"sums\" effective 2015-01-01\n\
         party licensee\nparty licensor\naction pay\nsubject royalties\nsubject reports\n\
         event royalties_paid by licensee\n\
         input royalty: money USD per quarter\n\
         clause royalty_instalments {{\n  licensee must pay royalties to licensor\n  every quarter\n  \
         from {}\n  until {}\n  due within 30 days after the end of each quarter\n  \
         discharged by royalties_paid\n  amount royalty\n}}\n\
         clause annual_report {{\n  licensee must pay reports to licensor\n  every year\n  \
         from 2016-01-01\n  until 2022-01-01\n  due on the first day of each year\n  \
         amount sum of royalty_instalments {how} the {grouping}{period}\n}}\n",
        c.from, c.until
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Each annual instalment's amount is the sum of the quarterly
    /// royalties whose quarter starts in (`for`), or which are paid in
    /// (`paid in`), the calendar year the instalment is for (or the one
    /// before, with `previous`).
    #[test]
    fn sums_agree_with_a_walk_over_the_days(c in case()) {
        let text = contract(&c);
        let loaded = load_text(Path::new("sums.pactum"), &text, &mut |_| {
            Err(std::io::ErrorKind::NotFound.into())
        });
        prop_assert!(!loaded.has_errors(), "{text}\n{:#?}", loaded.diagnostics);
        let quarters = quarters(&c);
        let mut assume = Vec::new();
        // The oracle's view: each quarter's royalty and payment day.
        let mut royalty: BTreeMap<NaiveDate, u32> = BTreeMap::new();
        let mut paid_on: BTreeMap<NaiveDate, NaiveDate> = BTreeMap::new();
        for (i, &q) in quarters.iter().enumerate() {
            let r = c.royalties[i % c.royalties.len()];
            royalty.insert(q, r);
            assume.push(format!("royalty[{}]=USD {r}", quarter_label(q)));
            if let Some(delay) = c.delays[i % c.delays.len()] {
                let p = quarter_end(q) + Duration::days(i64::from(delay));
                paid_on.insert(q, p);
                assume.push(format!("royalties_paid[{}]={p}", quarter_label(q)));
            }
        }
        let calendar = pactum::views::schedule::schedule(&loaded.contract, &assume, None, None)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        for year in 2016..2022 {
            let clause = format!("annual_report[{year}]");
            let row = calendar.rows.iter().find(|r| r.clause == clause);
            let Some(row) = row else {
                return Err(TestCaseError::fail(format!("no row {clause}")));
            };
            // The window summed over, walked one day at a time.
            let summed = year + i32::try_from(c.offset).expect("small");
            let (start, end) = (day(summed, 1, 1), day(summed + 1, 1, 1));
            let mut expected: u64 = 0;
            let mut d = start;
            while d < end {
                for (q, r) in &royalty {
                    let hit = if c.paid { paid_on.get(q) == Some(&d) } else { *q == d };
                    if hit {
                        expected += u64::from(*r);
                    }
                }
                d += Duration::days(1);
            }
            let amount = row.amount.as_ref().expect("an amount");
            let expected = expected.to_string();
            prop_assert_eq!(
                amount.value.as_deref(),
                Some(expected.as_str()),
                "{}: {}\n{}",
                clause,
                amount.computed,
                text
            );
        }
    }
}

/// A sum with an instalment whose royalty the scenario does not give has
/// no value, and says which instalment and input it waits for.
#[test]
fn a_sum_waits_for_the_royalty_it_needs() {
    let c = Case {
        from: day(2016, 1, 1),
        until: day(2017, 1, 1),
        royalties: vec![100],
        delays: vec![Some(5)],
        paid: false,
        offset: -1,
    };
    let text = contract(&c);
    let loaded = load_text(Path::new("sums.pactum"), &text, &mut |_| {
        Err(std::io::ErrorKind::NotFound.into())
    });
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let assume = vec!["royalty[2016-Q1]=USD 100".to_string()];
    let calendar = pactum::views::schedule::schedule(&loaded.contract, &assume, None, None)
        .expect("a calendar");
    let row = (calendar.rows.iter())
        .find(|r| r.clause == "annual_report[2017]")
        .expect("the 2017 report");
    let amount = row.amount.as_ref().expect("an amount");
    assert_eq!(amount.value, None);
    assert!(amount.text.contains("royalty[2016-Q2]"), "{}", amount.text);
}

/// A clause whose amount sums its own instalments of the period before
/// (USD 1 more each month) has a value in every instalment, over a
/// recurrence of 160 years (1,920 instalments), computed without
/// recursing once per instalment: the n-th month owes USD n.
#[test]
fn a_clause_may_sum_its_own_earlier_instalments() {
    let text = "contract \"t\" effective 2000-01-01\nparty a\nparty b\naction pay\nsubject fee\n\
                event paid by a\n\
                clause fees {\n  a must pay fee to b\n  every month\n  from 2000-01-01\n  \
                until 2160-01-01\n  due on the first day of each month\n  discharged by paid\n  \
                amount USD 1 + sum of fees for the previous month\n}\n";
    let loaded = load_text(Path::new("self.pactum"), text, &mut |_| {
        Err(std::io::ErrorKind::NotFound.into())
    });
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let calendar =
        pactum::views::schedule::schedule(&loaded.contract, &[], None, None).expect("a calendar");
    assert_eq!(calendar.rows.len(), 1920);
    for (n, row) in calendar.rows.iter().enumerate() {
        let value = row.amount.as_ref().and_then(|a| a.value.clone());
        assert_eq!(value, Some((n + 1).to_string()), "{}", row.clause);
    }
}
