//! Periods and recurring obligations against the naive oracle
//! (tests/oracle): the index and window of every day's period agree with
//! stepping the calendar one day at a time, and a recurring clause written
//! in text is in force, instalment by instalment, exactly on the days a
//! day-by-day reading of its `every`, `from`, `until` and `due` lines says.

mod oracle;

use oracle::{period_key, period_window, PeriodRule};
use pactum::model::period::PeriodKind;
use pactum::model::{load_text, Day, Loaded};
use pactum::testing::day;
use proptest::prelude::*;
use std::path::Path;

fn load(text: &str) -> Loaded {
    load_text(Path::new("periods.pactum"), text, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    })
}

/// A kind of period, as the library and the oracle each know it, with the
/// `period` line that declares it (if it is not built in) and its name.
#[derive(Debug, Clone)]
struct Kind {
    library: PeriodKind,
    oracle: PeriodRule,
    declaration: String,
    name: &'static str,
}

fn kinds() -> impl Strategy<Value = Kind> {
    let start = (0i32..3000).prop_map(|k| Day(day("2028-01-01").0 + k));
    prop_oneof![
        Just(Kind {
            library: PeriodKind::Month,
            oracle: PeriodRule::Month,
            declaration: String::new(),
            name: "month"
        }),
        Just(Kind {
            library: PeriodKind::Quarter,
            oracle: PeriodRule::Quarter,
            declaration: String::new(),
            name: "quarter"
        }),
        Just(Kind {
            library: PeriodKind::Year,
            oracle: PeriodRule::Year,
            declaration: String::new(),
            name: "year"
        }),
        (1u32..=12, 1u32..=28).prop_map(|(m, d)| Kind {
            library: PeriodKind::Fiscal { month: m, day: d },
            oracle: PeriodRule::Fiscal(m, d),
            declaration: format!("period fiscal_year starts {m:02}-{d:02}\n"),
            name: "fiscal_year",
        }),
        start.prop_map(|s| Kind {
            library: PeriodKind::Counted {
                start: s,
                event: None
            },
            oracle: PeriodRule::Counted(s),
            declaration: format!("period contract_year from {s}\n"),
            name: "contract_year",
        }),
    ]
}

/// The label the library gives the period with this first day, read the
/// oracle's way from the date.
fn label(kind: &Kind, start: Day, key: i64) -> String {
    let d = start.date();
    match kind.oracle {
        PeriodRule::Month => d.format("%Y-%m").to_string(),
        PeriodRule::Quarter => {
            use chrono::Datelike;
            format!("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
        }
        PeriodRule::Year => d.format("%Y").to_string(),
        PeriodRule::Fiscal(..) => format!("FY{}", d.format("%Y")),
        PeriodRule::Counted(_) => key.to_string(),
    }
}

/// The oracle's periods that meet `[from, until)`, found by walking it one
/// day at a time: each its key, first day and first day after it.
fn periods_meeting(rule: PeriodRule, from: Day, until: Day) -> Vec<(i64, Day, Day)> {
    let mut periods: Vec<(i64, Day, Day)> = Vec::new();
    let mut d = from;
    while d < until {
        let key = period_key(rule, d);
        if periods.last().map(|p| p.0) != Some(key) {
            let (s, e) = period_window(rule, d);
            periods.push((key, s, e));
        }
        d = d.succ();
    }
    periods
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_day_lies_in_the_period_the_oracle_steps_to(
        kind in kinds(),
        offset in 0i32..4000,
    ) {
        let d = Day(day("2028-01-01").0 + offset);
        // A counted year is compared from its first day on.
        if let PeriodRule::Counted(s) = kind.oracle {
            prop_assume!(d >= s);
        }
        let k = kind.library.index(d);
        let (start, end) = period_window(kind.oracle, d);
        prop_assert_eq!(kind.library.window(k), (start, end), "{:?} on {}", kind, d);
        prop_assert_eq!(
            pactum::print::period_label(kind.library, k),
            label(&kind, start, period_key(kind.oracle, d))
        );
        let written = pactum::print::period_label(kind.library, k);
        prop_assert_eq!(kind.library.parse_label(&written), Some(k));
    }

    #[test]
    fn instalments_are_in_force_on_the_days_the_oracle_reads(
        kind in kinds(),
        from_offset in 0i32..900,
        length in 1i32..1500,
        form in 0u8..4,
        n in 0u32..60,
        probes in proptest::collection::vec(0i32..2000, 8),
    ) {
        let from = Day(day("2030-01-01").0 + from_offset);
        let until = Day(from.0 + length);
        if let PeriodRule::Counted(s) = kind.oracle {
            prop_assume!(from >= s);
        }
        let due = match form {
            0 => format!("due on the first day of each {}", kind.name),
            1 => format!("due within {n} days after the end of each {}", kind.name),
            2 => format!("due within {n} days after the start of each {}", kind.name),
            _ => format!("due by the end of each {}", kind.name),
        };
        let text = format!(
            "contract \"periods\" effective 2027-01-01\nparty a\naction pay\nsubject rent\n{}\
             clause rent {{\n  a must pay rent\n  every {}\n  from {from}\n  until {until}\n  {due}\n}}\n",
            kind.declaration, kind.name
        );
        let loaded = load(&text);
        prop_assert!(loaded.diagnostics.is_empty(), "{}\n{:#?}", text, loaded.diagnostics);
        let c = &loaded.contract;

        // The oracle: the periods that meet [from, until), found by walking
        // it; each instalment's days from its `due` line, counted by steps.
        let periods = periods_meeting(kind.oracle, from, until);
        let after = |base: Day, days: u32| (0..days).fold(base, |x, _| x.succ());
        let owed: Vec<(String, Day, Day)> = periods
            .iter()
            .filter_map(|&(key, s, e)| {
                let (first, end) = match form {
                    0 => {
                        let first = if s > from { s } else { from };
                        (first, first.succ())
                    }
                    1 => (e, after(e.pred(), n).succ()),
                    2 => (if s > from { s } else { from }, after(s, n).succ()),
                    // Owed over the whole period the recurrence covers,
                    // through its last day.
                    _ => (if s > from { s } else { from }, e),
                };
                (first < end).then(|| (format!("rent[{}]", label(&kind, s, key)), first, end))
            })
            .collect();

        for p in probes {
            let on = Day(from.0 + p - 100);
            let expected: Vec<String> = owed
                .iter()
                .filter(|(_, first, end)| *first <= on && on < *end)
                .map(|(name, ..)| name.clone())
                .collect();
            let mut library: Vec<String> = pactum::testing::state_at(c, &on.to_string(), &[])
                .norms
                .iter()
                .map(|n| c.clause(n.clause).named.name.clone())
                .collect();
            library.sort();
            let mut expected = expected;
            expected.sort();
            prop_assert_eq!(library, expected, "on {}:\n{}", on, text);
        }
    }

    #[test]
    fn instalments_counted_from_an_event_are_in_force_on_the_days_the_oracle_reads(
        event_offset in 0i32..3000,
        happens in 0u8..4,
        form in 0u8..4,
        n in 0u32..60,
        probes in proptest::collection::vec(0i32..4000, 8),
    ) {
        // The event's day: 2028-01-01 to 2036-03, which holds 29 February
        // of 2028 and 2032 (years from them clamp to the 28th).
        let event = Day(day("2028-01-01").0 + event_offset);
        let due = match form {
            0 => "due on the first day of each contract_year".to_string(),
            1 => format!("due within {n} days after the end of each contract_year"),
            2 => format!("due within {n} days after the start of each contract_year"),
            _ => "due by the end of each contract_year".to_string(),
        };
        let text = format!(
            "contract \"periods\" effective 2027-01-01\nparty a\naction pay\nsubject rent\nevent closing\n\
             period contract_year from closing\n\
             clause rent {{\n  a must pay rent\n  every contract_year\n  {due}\n}}\n"
        );
        let loaded = load(&text);
        // The one diagnostic: the recurrence is expanded ten years only.
        let codes: Vec<_> = loaded.diagnostics.iter().map(|d| d.code).collect();
        prop_assert_eq!(codes, vec![pactum::diagnostics::Code::RecurringNoEnd], "{}", text);
        let c = &loaded.contract;

        // The oracle: contract years 1 to 10 stepped day by day from the
        // event's day, and each instalment's days from its `due` line.
        let rule = PeriodRule::Counted(event);
        let mut periods: Vec<(i64, Day, Day)> = Vec::new();
        let mut d = event;
        while periods.len() < 10 {
            let (s, e) = period_window(rule, d);
            periods.push((period_key(rule, d), s, e));
            d = e;
        }
        let after = |base: Day, days: u32| (0..days).fold(base, |x, _| x.succ());
        let owed: Vec<(String, Day, Day)> = periods
            .iter()
            .map(|&(key, s, e)| {
                let (first, end) = match form {
                    0 => (s, s.succ()),
                    1 => (e, after(e.pred(), n).succ()),
                    2 => (s, after(s, n).succ()),
                    _ => (s, e),
                };
                (format!("rent[{key}]"), first, end)
            })
            .collect();

        // One scenario in four: the event never happens, and nothing is owed.
        let happened = event.to_string();
        let scenario: Vec<(&str, Option<&str>)> = if happens == 0 {
            Vec::new()
        } else {
            vec![("closing", Some(happened.as_str()))]
        };
        for p in probes {
            let on = Day(event.0 + p - 100);
            let mut expected: Vec<String> = owed
                .iter()
                .filter(|(_, first, end)| happens != 0 && *first <= on && on < *end)
                .map(|(name, ..)| name.clone())
                .collect();
            let mut library: Vec<String> = pactum::testing::state_at(c, &on.to_string(), &scenario)
                .norms
                .iter()
                .map(|n| c.clause(n.clause).named.name.clone())
                .collect();
            library.sort();
            expected.sort();
            prop_assert_eq!(library, expected, "on {} with closing {}:\n{}", on, event, text);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The other direction of `due by the end of each P`: an instalment is
    /// performed in time through its period's last day, and is in breach
    /// from the next day when its own discharge event has not come by then
    /// (read by `breach of rent[LABEL]`, which opens a remedy), as the
    /// oracle's stepped period says.
    #[test]
    fn an_instalment_due_by_the_end_is_breached_the_day_after_its_period(
        kind in kinds(),
        from_offset in 0i32..900,
        length in 1i32..1500,
        pick in 0usize..64,
        paid in proptest::option::of(-3i32..4),
        probes in proptest::collection::vec(-5i32..6, 6),
    ) {
        let from = Day(day("2030-01-01").0 + from_offset);
        let until = Day(from.0 + length);
        if let PeriodRule::Counted(s) = kind.oracle {
            prop_assume!(from >= s);
        }
        // The oracle's periods that meet [from, until), one picked.
        let periods = periods_meeting(kind.oracle, from, until);
        let (key, start, end) = periods[pick % periods.len()];
        let label = label(&kind, start, key);
        // The discharge, a few days either side of the period's last day.
        let paid_on = paid.map(|k| Day(end.pred().0 + k));
        let text = format!(
            "contract \"periods\" effective 2027-01-01\nparty a\nparty b\naction pay\naction claim\nsubject rent\n\
             event paid by a\n{}\
             clause rent {{\n  a must pay rent\n  every {}\n  from {from}\n  until {until}\n  due by the end of each {}\n  discharged by paid\n}}\n\
             clause remedy {{\n  b may claim rent\n  from breach of rent[{label}]\n  indefinitely\n}}\n",
            kind.declaration, kind.name, kind.name
        );
        let loaded = load(&text);
        prop_assert!(loaded.diagnostics.is_empty(), "{}\n{:#?}", text, loaded.diagnostics);
        let c = &loaded.contract;
        let event = format!("paid[{label}]");
        let paid_text = paid_on.map(|d| d.to_string());
        let scenario = [(event.as_str(), paid_text.as_deref())];
        // In breach from the first day after the period, unless paid by
        // its last day (a discharge on or before the period's first day
        // counts too: only lateness breaches).
        let breached = paid_on.is_none_or(|p| p >= end);
        for p in probes {
            let on = Day(end.0 + p);
            let expected = breached && on >= end;
            let state = pactum::testing::state_at(c, &on.to_string(), &scenario);
            let remedy = state
                .norms
                .iter()
                .any(|n| c.clause(n.clause).named.name == "remedy");
            prop_assert_eq!(remedy, expected, "on {} paid {:?}:\n{}", on, paid_on, text);
            // The instalment itself is owed through the period's last day
            // unless performed before.
            let owed = state
                .norms
                .iter()
                .any(|n| c.clause(n.clause).named.name == format!("rent[{label}]"));
            let first = if start > from { start } else { from };
            let expected_owed = first <= on && on < end && paid_on.is_none_or(|p| on < p);
            prop_assert_eq!(owed, expected_owed, "on {} paid {:?}:\n{}", on, paid_on, text);
        }
    }
}

/// Years counted from an event have no days known without a scenario: a
/// sum that groups their instalments by a calendar period, or by the years
/// themselves, is refused, and says why.
#[test]
fn sums_by_period_refuse_years_counted_from_an_event() {
    let head = "contract \"licence\" effective 2019-01-01\nparty licensee\nparty licensor\naction pay\nsubject fee\n\
        event closing\nevent paid\nperiod contract_year from closing\n\
        clause annual_fee {\n  licensee must pay fee to licensor\n  amount USD 10,000\n  every contract_year\n\
        \x20 due on the first day of each contract_year\n  discharged by paid\n}\n";
    let codes = |tail: &str| -> Vec<String> {
        let loaded = load(&format!("{head}{tail}"));
        loaded
            .diagnostics
            .iter()
            .map(|d| d.code.to_string())
            .collect()
    };
    let by_year = codes("amount fees_2020 = sum of annual_fee for year 2020\n");
    assert!(
        by_year.contains(&"pactum::amount::sum".to_string()),
        "{by_year:?}"
    );
    let by_own = codes("amount fees_1 = sum of annual_fee for contract_year 1\n");
    assert!(
        by_own.contains(&"pactum::period::from_event".to_string()),
        "{by_own:?}"
    );
    // By the day each instalment is paid, the sum has its days.
    let paid = codes("amount paid_2020 = sum of annual_fee paid in year 2020\n");
    assert_eq!(paid, ["pactum::recurring::no_end"]);
}

/// The amount of an instalment counted from an event is taken by the
/// years' index: by them it varies (an escalation), by a calendar period
/// (through a named amount) it is refused, since which calendar year an
/// instalment lies in depends on the event's day.
#[test]
fn amounts_of_years_counted_from_an_event_vary_by_those_years_only() {
    let text = |amount: &str| {
        format!(
            "contract \"licence\" effective 2019-01-01\nparty licensee\nparty licensor\naction pay\nsubject fee\n\
             event closing\nperiod contract_year from closing\n{amount}\n\
             clause annual_fee {{\n  licensee must pay fee to licensor\n  amount fee_amount\n  every contract_year\n\
             \x20 due on the first day of each contract_year\n}}\n"
        )
    };
    let escalated = load(&text(
        "amount fee_amount = USD 100 increasing by USD 10 each contract_year after 1",
    ));
    let codes: Vec<String> = escalated
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    assert_eq!(codes, ["pactum::recurring::no_end"]);
    let c = &escalated.contract;
    let third = c.find_clause("annual_fee[3]").expect("instalment 3");
    let value = c
        .clause(third)
        .amount
        .as_ref()
        .and_then(|a| a.value.clone());
    assert_eq!(
        value.map(|v| pactum::print::amount(&v)).as_deref(),
        Some("USD 120")
    );

    let by_year = load(&text(
        "amount yearly = schedule by year { 2019: USD 1, 2020: USD 2 }\namount fee_amount = yearly + USD 5",
    ));
    let codes: Vec<String> = by_year
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    assert_eq!(
        codes,
        ["pactum::period::from_event", "pactum::recurring::no_end"]
    );
}

proptest! {
    // Each case runs the exact verifier once: a few cases suffice to vary
    // the window, and the brute force below covers every phase of the leap
    // years, the century year 2100 among them.
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// The verifier decides an assertion about instalments counted from an
    /// event as a brute force over the event's day does: `never` an
    /// instalment owed in `[A days, B days)` after the closing fails
    /// exactly when, for some closing day, some contract year starts there.
    #[test]
    fn the_verifier_reads_years_from_an_event_as_the_brute_force_does(
        years in 0u32..10,
        shift in 0u32..14,
        length in 1u32..4,
    ) {
        // Near an anniversary, where the verdict turns on the leap days.
        let a = (365 * years + shift).saturating_sub(2);
        let b = a + length;
        let text = format!(
            "contract \"periods\" effective 2027-01-01\nparty p\nparty q\naction pay\nsubject fee\nevent closing\n\
             period contract_year from closing\n\
             clause fee {{\n  p must pay fee to q\n  every contract_year\n  due on the first day of each contract_year\n}}\n\
             assert quiet {{\n  never p must pay fee to q from {a} days after closing until {b} days after closing\n}}\n"
        );
        let loaded = pactum::check::check_text(Path::new("periods.pactum"), &text, &mut |_| {
            Err(std::io::Error::from(std::io::ErrorKind::NotFound))
        });
        let codes: Vec<String> = loaded.diagnostics.iter().map(|d| d.code.to_string()).collect();
        let violated = codes.iter().any(|c| c == "pactum::assert::violated");
        prop_assert!(
            codes.iter().all(|c| c == "pactum::recurring::no_end" || c == "pactum::assert::violated"),
            "{:?}", codes
        );

        // The brute force: every closing day of 2095 to 2105 (all leap
        // phases, and 2100, which has no 29 February) and of 2016 to 2019,
        // each contract year's first day the anniversary chrono steps to
        // (12 months on, clamped to the month's end).
        let closings = (day("2016-01-01").0..day("2020-01-01").0)
            .chain(day("2095-01-01").0..day("2105-01-01").0)
            .map(Day);
        let found = closings
            .flat_map(|c| (0..10u32).map(move |k| (c, k)))
            .find(|&(c, k)| {
                let start = c.date() + chrono::Months::new(12 * k);
                let offset = (start - c.date()).num_days();
                i64::from(a) <= offset && offset < i64::from(b)
            });
        prop_assert_eq!(violated, found.is_some(), "window [{}, {}) days: brute force {:?}, verifier {:?}", a, b, found, codes);
    }
}

/// The `pactum::amount::conflict` findings of a contract; any other
/// finding fails the test, but a clause shadowed by one that overrides it.
fn amount_conflicts(text: &str) -> Vec<pactum::diagnostics::Diagnostic> {
    use pactum::diagnostics::Code;
    let loaded = pactum::check::check_text(Path::new("periods.pactum"), text, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    });
    let others: Vec<_> = (loaded.diagnostics.iter())
        .filter(|d| ![Code::AmountConflict, Code::ShadowedClause].contains(&d.code))
        .map(|d| d.message.clone())
        .collect();
    assert!(others.is_empty(), "{others:?}\n{text}");
    (loaded.diagnostics.into_iter())
        .filter(|d| d.code == pactum::diagnostics::Code::AmountConflict)
        .collect()
}

/// A minimum by contract year and one by calendar year, with the lines
/// each clause adds.
fn two_minimums(contract_year: &str, calendar_year: &str) -> String {
    format!(
        "contract \"supply\" effective 2015-07-01\nparty buyer\naction purchase\nsubject product\n\
         period contract_year from 2015-07-01\n\
         clause by_contract_year {{\n  buyer must purchase product\n  every contract_year\n  until 2018-07-01\n\
         \x20 due by the end of each contract_year\n{contract_year}}}\n\
         clause by_calendar_year {{\n  buyer must purchase product\n  every year\n  from 2016-01-01 until 2018-07-01\n\
         \x20 due by the end of each year\n{calendar_year}}}\n"
    )
}

/// One obligation counted by two kinds of period that overlap is
/// reported, with the amounts when they differ too; a precedence between
/// the clauses settles it, and periods that never overlap are no conflict.
#[test]
fn one_obligation_by_two_kinds_of_period_is_an_amount_conflict() {
    let same = amount_conflicts(&two_minimums("  amount 100\n", "  amount 100\n"));
    assert_eq!(same.len(), 1, "{same:#?}");
    assert!(!same[0].message.contains("different amounts"), "{same:#?}");
    assert_eq!(same[0].labels.len(), 2);
    assert!(
        same[0].labels[0].message.contains(
            "`by_contract_year[1]` is owed for contract year 1, from 2015-07-01 through 2016-06-30"
        ),
        "{same:#?}"
    );

    let differ = amount_conflicts(&two_minimums("  amount 100\n", "  amount 120\n"));
    assert_eq!(differ.len(), 1, "{differ:#?}");
    assert!(
        differ[0].message.ends_with("and give it different amounts"),
        "{differ:#?}"
    );
    assert_eq!(differ[0].labels.len(), 4, "{differ:#?}");

    let settled = amount_conflicts(&two_minimums(
        "  amount 100\n",
        "  amount 120\n  overrides by_contract_year\n",
    ));
    assert!(settled.is_empty(), "{settled:#?}");

    // Contract years that end where the calendar years start never overlap.
    let apart = two_minimums("  amount 100\n", "  amount 100\n")
        .replace(
            "every contract_year\n  until 2018-07-01",
            "every contract_year\n  until 2016-01-01",
        )
        .replace(
            "period contract_year from 2015-07-01",
            "period contract_year from 2015-01-01",
        );
    assert!(amount_conflicts(&apart).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Across two kinds of period, `pactum::amount::conflict` is reported
    /// exactly when some period of one recurrence and some period of the
    /// other cover a day in common, as the day-stepping oracle reads their
    /// periods (each from its recurrence's first day).
    #[test]
    fn two_kinds_of_period_conflict_exactly_when_their_periods_overlap(
        a in kinds(),
        b in kinds(),
        starts in (0i32..900, 0i32..900),
        lengths in (1i32..900, 1i32..900),
    ) {
        prop_assume!(a.library != b.library);
        // One declaration per name: two declared kinds cannot share it.
        prop_assume!(a.name != b.name || a.declaration.is_empty());
        let from = |k: i32| Day(day("2030-01-01").0 + k);
        let (fa, fb) = (from(starts.0), from(starts.1));
        let (ua, ub) = (Day(fa.0 + lengths.0), Day(fb.0 + lengths.1));
        for (kind, f) in [(&a, fa), (&b, fb)] {
            if let PeriodRule::Counted(s) = kind.oracle {
                prop_assume!(f >= s);
            }
        }
        let clause = |name: &str, kind: &Kind, f: Day, u: Day| {
            format!(
                "clause {name} {{\n  buyer must purchase product\n  every {0}\n  from {f}\n  until {u}\n\
                 \x20 due by the end of each {0}\n  amount 100\n}}\n",
                kind.name
            )
        };
        let text = format!(
            "contract \"supply\" effective 2027-01-01\nparty buyer\naction purchase\nsubject product\n{}{}{}{}",
            a.declaration, b.declaration, clause("first", &a, fa, ua), clause("second", &b, fb, ub)
        );
        // The oracle: the days each recurrence's periods cover, stepped.
        let covered = |kind: &Kind, f: Day, u: Day| -> Vec<(Day, Day)> {
            (periods_meeting(kind.oracle, f, u).into_iter())
                .map(|(_, s, e)| (if s > f { s } else { f }, e))
                .collect()
        };
        let (x, y) = (covered(&a, fa, ua), covered(&b, fb, ub));
        let overlap = x.iter().any(|p| y.iter().any(|q| p.0 < q.1 && q.0 < p.1));
        let found = amount_conflicts(&text);
        prop_assert_eq!(found.len(), usize::from(overlap), "{}\n{:#?}", text, found);
    }
}

/// A precedence written between two recurring clauses is judged over their
/// instalments: it resolves something when some instalment of one meets
/// some instalment of the other (instalments of different periods never
/// meet, and say nothing), and nothing when none does.
#[test]
fn a_precedence_between_recurring_clauses_is_judged_over_their_instalments() {
    let text = |until: &str| {
        format!(
            "contract \"supply\" effective 2015-01-01\nparty buyer\naction pay\nsubject fee\n\
             clause base {{\n  buyer must pay fee\n  every quarter\n  from 2015-01-01 until {until}\n\
             \x20 due by the end of each quarter\n  amount 100\n}}\n\
             clause exhibit {{\n  buyer must pay fee\n  every quarter\n  from 2016-01-01 until 2017-01-01\n\
             \x20 due by the end of each quarter\n  amount 120\n  overrides base\n}}\n"
        )
    };
    let codes = |text: &str| -> Vec<String> {
        let loaded = pactum::check::check_text(Path::new("periods.pactum"), text, &mut |_| {
            Err(std::io::Error::from(std::io::ErrorKind::NotFound))
        });
        let mut codes: Vec<String> = (loaded.diagnostics.iter())
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        codes.sort();
        codes
    };
    // The quarters of 2016 meet: the precedence settles them, and the
    // base's quarters of 2016 never take effect.
    let meet = codes(&text("2017-01-01"));
    assert!(
        meet.iter()
            .all(|c| c.starts_with("pactum::clause::shadowed clause `base[2016-Q")),
        "{meet:#?}"
    );
    assert_eq!(meet.len(), 4, "{meet:#?}");
    // The base ends before the exhibit starts: once, on the written pair.
    let apart = codes(&text("2016-01-01"));
    assert_eq!(
        apart,
        ["pactum::precedence::no_overlap `exhibit` overrides `base`, which resolves nothing: their windows never overlap, in any scenario"]
    );
}
