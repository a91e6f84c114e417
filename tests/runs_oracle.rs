//! Events a run of periods decides (`event r at the end of the first 2
//! consecutive months after start when x = 1`), against a naive oracle that
//! walks the periods one by one with given values of the input.
//!
//! - **The verifier.** Random contracts with such an event, clauses whose
//!   windows read it (on its day, or counted from it) and assertions over
//!   them. The oracle takes every anchor day of a range and every
//!   assignment of values (the constant, one below, one above) to the
//!   months after it, derives the event's day by its own walk (the month
//!   after the anchor's first, a streak of months whose value satisfies the
//!   comparison, the first day after the month that completes it), and
//!   checks every day of a range. A proof must survive every such
//!   scenario; a counterexample must fail in the oracle and give the event
//!   a day some values give it (docs/semantics.md §6.6).
//! - **`pactum query`.** Random anchors and values per month, some not
//!   given: the day the query gives the event is the oracle's when the
//!   values decide it, and a day assumed for it is accepted exactly when
//!   some values of the months not given make the oracle's walk end there.

mod oracle;

use oracle::{period_key, period_window, Dates, PeriodRule};
use pactum::analysis::verify::{self, Verdict};
use pactum::model::{load_text, Contract, Day, EventId, Loaded};
use pactum::semantics::query;
use proptest::prelude::*;
use std::path::Path;

fn load(text: &str) -> Loaded {
    load_text(Path::new("generated.pactum"), text, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    })
}

fn day(s: &str) -> Day {
    Day::parse(s).expect("a date")
}

const OPS: [&str; 6] = ["<", "<=", "=", "!=", ">=", ">"];

/// Whether `value OP bound` holds, read here from the operator's text.
fn compare(value: i64, op: &str, bound: i64) -> bool {
    match op {
        "<" => value < bound,
        "<=" => value <= bound,
        "=" => value == bound,
        "!=" => value != bound,
        ">=" => value >= bound,
        _ => value > bound,
    }
}

/// One run: how many months, the operator, the constant.
#[derive(Debug, Clone, Copy)]
struct RunSpec {
    count: u32,
    op: usize,
    bound: i64,
}

/// The oracle's walk: from the month after the anchor's, each month judged
/// by its value (`None`: not given), to the first day after the month that
/// completes a streak of `count` months that hold. `Ok(Some(day))` when a
/// streak completes, `Ok(None)` when the values end first (every later
/// month fails), `Err(k)` at the first month `k` (counted from the first)
/// whose value is not given.
fn walk(run: RunSpec, anchor: Day, values: &[Option<i64>]) -> Result<Option<Day>, usize> {
    let mut month = period_window(PeriodRule::Month, anchor).1;
    let mut streak = 0;
    for (k, v) in values.iter().enumerate() {
        let end = period_window(PeriodRule::Month, month).1;
        match v {
            None => return Err(k),
            Some(v) if compare(*v, OPS[run.op], run.bound) => streak += 1,
            Some(_) => streak = 0,
        }
        if streak == run.count {
            return Ok(Some(end));
        }
        month = end;
    }
    Ok(None)
}

/// Values that hold and fail the run's comparison.
fn holding(run: RunSpec) -> i64 {
    (run.bound - 1..=run.bound + 1)
        .find(|&v| compare(v, OPS[run.op], run.bound))
        .expect("a value that holds")
}

fn failing(run: RunSpec) -> i64 {
    (run.bound - 1..=run.bound + 1)
        .find(|&v| !compare(v, OPS[run.op], run.bound))
        .expect("a value that fails")
}

/// Whether some values give the event `day` (or never) after this anchor,
/// by the oracle's walk over values it builds: the months of a streak
/// that ends the day before `day` hold and every other month fails.
fn realizable(run: RunSpec, anchor: Option<Day>, event: Option<Day>) -> bool {
    let (Some(anchor), Some(event)) = (anchor, event) else {
        return event.is_none();
    };
    let first = period_key(PeriodRule::Month, anchor) + 1;
    let last = period_key(PeriodRule::Month, event.pred());
    if last < first || period_window(PeriodRule::Month, event).0 != event {
        return false;
    }
    let values: Vec<Option<i64>> = (first..=last)
        .map(|k| {
            Some(if k > last - i64::from(run.count) {
                holding(run)
            } else {
                failing(run)
            })
        })
        .collect();
    walk(run, anchor, &values) == Ok(Some(event))
}

/// One clause: may or must not, and its window's start and end, each one
/// of: a date, the anchor, the run's event, 10 days after the run's event.
type ClauseSpec = (bool, usize, usize);
/// One assertion: `never` or `always`, two clauses, `and` or `or`.
type AssertSpec = (bool, usize, usize, bool);

fn point(which: usize, start: bool) -> &'static str {
    match (which % 6, start) {
        (0, true) => "2030-02-15",
        (0, false) => "2030-05-10",
        (1, _) => "start",
        (2, _) => "r",
        (3, _) => "10 days after r",
        (4, true) => "2030-03-20",
        (4, false) => "2030-03-25",
        (_, true) => "40 days after start",
        (_, false) => "1 month after start",
    }
}

fn contract_text(run: RunSpec, clauses: &[ClauseSpec], asserts: &[AssertSpec]) -> String {
    let mut t = String::from(
        "contract \"generated\" effective 2029-12-01\nparty a\naction act\nsubject s\n\
         input x: number per month\nevent start by a\n",
    );
    t += &format!(
        "event r at the end of the first {} consecutive months after start when x {} {}\n",
        run.count, OPS[run.op], run.bound
    );
    for (k, &(may, from, until)) in clauses.iter().enumerate() {
        let norm = if may {
            "a may act s"
        } else {
            "a must not act s"
        };
        let until = match point(until, false) {
            p if p.starts_with("2030") => p.to_string(),
            p => format!("{p} or 2030-07-20, whichever first"),
        };
        t += &format!(
            "clause c{k} {{\n  {norm}\n  from {}\n  until {until}\n}}\n",
            point(from, true)
        );
    }
    for (k, &(never, i, j, and)) in asserts.iter().enumerate() {
        let (i, j) = (i % clauses.len(), j % clauses.len());
        let word = if never { "never" } else { "always" };
        let join = if and { "and" } else { "or" };
        t += &format!("assert k{k} {{\n  {word} c{i} is active {join} c{j} is active\n}}\n");
    }
    t
}

fn runs() -> impl Strategy<Value = RunSpec> {
    (1u32..=3, 0usize..6, 0i64..3).prop_map(|(count, op, bound)| RunSpec { count, op, bound })
}

fn contracts() -> impl Strategy<Value = (RunSpec, String)> {
    (
        runs(),
        prop::collection::vec((any::<bool>(), 0usize..6, 0usize..6), 2..=3),
        prop::collection::vec(
            (
                prop::bool::weighted(0.75),
                0usize..3,
                0usize..3,
                any::<bool>(),
            ),
            1..=2,
        ),
    )
        .prop_map(|(run, clauses, asserts)| (run, contract_text(run, &clauses, &asserts)))
}

fn range(first: &str, last: &str) -> Vec<Day> {
    (day(first).0..=day(last).0).map(Day).collect()
}

/// Every scenario the oracle builds: the anchor never, or on each day of
/// a range, and each assignment of values to the five months after it,
/// the later ones failing; the event's day from the oracle's walk.
fn scenarios(c: &Contract, run: RunSpec, start: EventId, r: EventId) -> Vec<Dates> {
    let mut out = vec![vec![None; c.events.len()]];
    let values = [run.bound - 1, run.bound, run.bound + 1];
    for anchor in range("2029-12-25", "2030-02-05") {
        for code in 0..values.len().pow(5) {
            let months: Vec<Option<i64>> = (0..5)
                .map(|k| Some(values[code / values.len().pow(k) % values.len()]))
                .collect();
            let event = walk(run, anchor, &months).expect("every value given");
            let mut dates = vec![None; c.events.len()];
            dates[start.index()] = Some(anchor);
            dates[r.index()] = event;
            out.push(dates);
        }
    }
    out.sort();
    out.dedup();
    out
}

fn verifier_agrees(run: RunSpec, text: &str) -> Result<(), TestCaseError> {
    let loaded = load(text);
    prop_assert!(!loaded.has_errors(), "{:#?}\n{text}", loaded.diagnostics);
    let c = &loaded.contract;
    let start = c.find_event("start").expect("start");
    let r = c.find_event("r").expect("r");
    let all = scenarios(c, run, start, r);
    let days = range("2029-12-20", "2030-07-25");
    for a in &c.assertions {
        match verify::check_assertion(c, a, verify::Options::default().limit) {
            Verdict::Violated(cx) => {
                let dates = &cx.scenario.dates;
                prop_assert!(
                    realizable(run, dates[start.index()], dates[r.index()]),
                    "counterexample {cx:?} of {} gives `r` a day no values give it\n{text}",
                    a.named.name
                );
                prop_assert!(
                    oracle::assertion_fails(c, a, cx.day, dates),
                    "counterexample {cx:?} of {} does not fail\n{text}",
                    a.named.name
                );
            }
            Verdict::Holds => {
                for dates in &all {
                    for &d in &days {
                        prop_assert!(
                            !oracle::assertion_fails(c, a, d, dates),
                            "{} fails on {d} with {dates:?} but the verifier says it holds\n{text}",
                            a.named.name
                        );
                    }
                }
            }
            // Where no real scenario of a point's type was found near it
            // (a window of the event shorter than a period, around a date),
            // and no real point answered: said, with the event and why.
            Verdict::Undecided(why) => {
                prop_assert!(
                    why.reason().contains("consecutive months after `start`"),
                    "undecided: {}\n{text}",
                    why.reason()
                )
            }
        }
    }
    Ok(())
}

/// The `--assume` lines of one question: the anchor, and the months'
/// values given (`None`: not given).
fn assumptions(anchor: Day, values: &[Option<i64>]) -> Vec<String> {
    let first = period_key(PeriodRule::Month, anchor) + 1;
    let mut out = vec![format!("start={anchor}")];
    for (k, v) in values.iter().enumerate() {
        if let Some(v) = v {
            let key = first + k as i64;
            out.push(format!(
                "x[{}-{:02}]={v}",
                key.div_euclid(12),
                key.rem_euclid(12) + 1
            ));
        }
    }
    out
}

/// Every way of giving the months not given a value (holding or failing),
/// over the months of `values`.
fn completions(run: RunSpec, values: &[Option<i64>]) -> Vec<Vec<Option<i64>>> {
    let mut all: Vec<Vec<Option<i64>>> = vec![Vec::new()];
    for v in values {
        let choices = match v {
            Some(v) => vec![*v],
            None => vec![holding(run), failing(run)],
        };
        all = (all.into_iter())
            .flat_map(|p| {
                choices.iter().map(move |&x| {
                    let mut q = p.clone();
                    q.push(Some(x));
                    q
                })
            })
            .collect();
    }
    all
}

fn query_agrees(run: RunSpec, anchor: Day, values: &[Option<i64>]) -> Result<(), TestCaseError> {
    let text = contract_text(run, &[(true, 2, 0)], &[]);
    let loaded = load(&text);
    prop_assert!(!loaded.has_errors(), "{:#?}\n{text}", loaded.diagnostics);
    let c = &loaded.contract;
    let r = c.find_event("r").expect("r");
    let given = assumptions(anchor, values);
    let answer = query::assumptions(c, &given);
    let mut padded = values.to_vec();
    padded.extend([None, None]);
    let gives = |assumed: Option<Day>| {
        // Months beyond those given fail in some completion; every
        // completion over two months more decides every end listed below.
        completions(run, &padded).iter().any(|v| {
            let mut v = v.clone();
            v.push(Some(failing(run)));
            walk(run, anchor, &v) == Ok(assumed)
        })
    };
    match walk(run, anchor, values) {
        // Decided: the oracle's day, or never when every month given fails
        // and the later ones are not given.
        Ok(day) => {
            prop_assert!(answer.is_ok(), "{given:?} refused: {:?}", answer.err());
            prop_assert_eq!(
                answer.expect("accepted").scenario.date(r),
                day,
                "{:?}",
                given
            );
        }
        // Not decided: the event is left to the scenario, never by default,
        // which the query refuses when no values of the months not given
        // make it never happen.
        Err(_) => match answer {
            Ok(a) => {
                prop_assert_eq!(a.scenario.date(r), None, "{:?}", given);
                prop_assert!(
                    gives(None),
                    "{given:?}: never accepted, but a run always closes"
                );
            }
            Err(e) => prop_assert!(!gives(None), "{given:?} refused: {}", e.message),
        },
    }
    // A day assumed for the event (each month's end over the months given,
    // and never) is accepted exactly when some values of the months not
    // given make the walk end there.
    let ends: Vec<Option<Day>> = std::iter::once(None)
        .chain((0..=values.len() + 1).map(|k| {
            let mut month = period_window(PeriodRule::Month, anchor).1;
            for _ in 0..k {
                month = period_window(PeriodRule::Month, month).1;
            }
            Some(month)
        }))
        .collect();
    for assumed in ends {
        let mut with = given.clone();
        with.push(match assumed {
            Some(d) => format!("r={d}"),
            None => "r=never".to_string(),
        });
        let accepted = query::assumptions(c, &with).is_ok();
        let possible = gives(assumed);
        prop_assert_eq!(accepted, possible, "{:?}", with);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(32),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_verifier_agrees_with_walking_the_periods((run, text) in contracts()) {
        verifier_agrees(run, &text)?;
    }

    #[test]
    fn the_query_agrees_with_walking_the_periods(
        run in runs(),
        anchor in (0i32..70).prop_map(|k| Day(day("2029-12-20").0 + k)),
        values in prop::collection::vec(prop::option::weighted(0.8, -1i64..=3), 0..6),
    ) {
        query_agrees(run, anchor, &values)?;
    }
}

/// The corpus's reading of JHU §6.3, on a small contract: a first sale on
/// 2017-05-20 and no sales in the four calendar quarters after its own.
#[test]
fn four_quarters_without_sales_end_on_the_first_day_of_the_next() {
    let text = "contract \"licence\" effective 2016-05-11\nparty company\n\
                input sales: money USD per quarter\nevent first_sale by company\n\
                event no_sales at the end of the first 4 consecutive quarters after first_sale \
                when sales = USD 0\n";
    let loaded = load(text);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    let no_sales = c.find_event("no_sales").expect("no_sales");
    let mut given = vec!["first_sale=2017-05-20".to_string()];
    for q in ["2017-Q3", "2017-Q4", "2018-Q1", "2018-Q2"] {
        given.push(format!("sales[{q}]=USD 0"));
    }
    let answer = query::assumptions(c, &given).expect("accepted");
    assert_eq!(answer.scenario.date(no_sales), Some(day("2018-07-01")));
    // A sale in 2017-Q4 restarts the count: the run cannot close before the
    // end of 2018-Q4, so 2018-07-01 is refused.
    given[2] = "sales[2017-Q4]=USD 10".to_string();
    given.push("no_sales=2018-07-01".to_string());
    let refused = query::assumptions(c, &given).expect_err("refused");
    assert!(
        refused.message.contains("close no first run"),
        "{}",
        refused.message
    );
}
