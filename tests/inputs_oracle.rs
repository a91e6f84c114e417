//! Events the inputs decide (`event e on D when x < 10`), against the naive
//! oracle (tests/oracle): random contracts with one or two inputs, events on
//! them with random thresholds (often equal, often correlated), clauses whose
//! windows read those events and assertions over them. The oracle picks the
//! inputs' values directly, from a grid that holds every threshold, the
//! values around each and between each two, derives the events' days from
//! the values by evaluating the comparisons itself, and checks every day of
//! a range. A proof must survive every value of the grid; a counterexample
//! must fail in the oracle and be the days that some value gives every
//! decided event (docs/semantics.md §6.5).

mod oracle;

use pactum::analysis::verify::{self, Verdict};
use pactum::model::{load_text, Contract, Day, Loaded};
use proptest::prelude::*;
use rust_decimal::Decimal;
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
const DAYS: [&str; 3] = ["2030-01-05", "2030-01-10", "2030-01-15"];

/// One decided event: its input, operator, constant, day, whether the
/// constant is written on the left (`5 > x`), and how the input is written:
/// alone, doubled (`x * 2`), doubled and shifted (`2 * x + 1`), or shifted
/// (`(x - 1)`), so that thresholds fall on halves too.
type EventSpec = (usize, usize, u32, usize, bool, usize);
/// One clause: the modality (may / must not), and the events its window
/// starts and ends with (`None`: a date).
type ClauseSpec = (bool, Option<usize>, Option<usize>);
/// One assertion: `never` or `always`, two clauses, and `and` or `or`.
type AssertSpec = (bool, usize, usize, bool);

fn contract_text(
    inputs: usize,
    events: &[EventSpec],
    clauses: &[ClauseSpec],
    asserts: &[AssertSpec],
) -> String {
    let mut t = String::from(
        "contract \"generated\" effective 2030-01-01\nparty a\naction act\nsubject s\n",
    );
    for i in 0..inputs {
        t += &format!("input x{i}: number\n");
    }
    for (k, &(input, op, c, d, flipped, shape)) in events.iter().enumerate() {
        let input = input % inputs;
        let x = match shape {
            0 => format!("x{input}"),
            1 => format!("x{input} * 2"),
            2 => format!("2 * x{input} + 1"),
            _ => format!("(x{input} - 1)"),
        };
        let cmp = if flipped {
            format!("{c} {} {x}", OPS[op])
        } else {
            format!("{x} {} {c}", OPS[op])
        };
        t += &format!("event e{k} on {} when {cmp}\n", DAYS[d]);
    }
    for (k, &(may, from, until)) in clauses.iter().enumerate() {
        let norm = if may {
            "a may act s"
        } else {
            "a must not act s"
        };
        let from = from.map_or("2030-01-02".to_string(), |e| {
            format!("e{}", e % events.len())
        });
        let until = until.map_or("2030-01-20".to_string(), |e| {
            format!("e{} or 2030-01-20, whichever first", e % events.len())
        });
        t += &format!("clause c{k} {{\n  {norm}\n  from {from}\n  until {until}\n}}\n");
    }
    for (k, &(never, i, j, and)) in asserts.iter().enumerate() {
        let (i, j) = (i % clauses.len(), j % clauses.len());
        let word = if never { "never" } else { "always" };
        let join = if and { "and" } else { "or" };
        t += &format!("assert k{k} {{\n  {word} c{i} is active {join} c{j} is active\n}}\n");
    }
    t
}

fn contracts() -> impl Strategy<Value = String> {
    (
        prop_oneof![3 => Just(1usize), 1 => Just(2usize)],
        prop::collection::vec(
            (
                0usize..2,
                0usize..6,
                0u32..5,
                0usize..3,
                any::<bool>(),
                prop_oneof![3 => Just(0usize), 1 => 1usize..4],
            ),
            2..=4,
        ),
        // Most windows start with an event, so that assertions about two
        // clauses ask about two events together.
        prop::collection::vec(
            (
                any::<bool>(),
                prop::option::weighted(0.8, 0usize..4),
                prop::option::weighted(0.3, 0usize..4),
            ),
            2..=3,
        ),
        prop::collection::vec(
            (
                prop::bool::weighted(0.75),
                0usize..3,
                0usize..3,
                any::<bool>(),
            ),
            1..=3,
        ),
    )
        .prop_map(|(inputs, events, clauses, asserts)| {
            contract_text(inputs, &events, &clauses, &asserts)
        })
}

/// Every value of one input the oracle tries: the quarters from -2 to 7, so
/// every threshold (the constants 0 to 4, halved, shifted: from -0.5 to 5,
/// on halves), the values next to it and the values between two of them.
fn value_grid() -> Vec<Decimal> {
    (-8..=28).map(|q| Decimal::new(q * 25, 2)).collect()
}

/// Every combination of values of the contract's inputs.
fn valuations(c: &Contract) -> Vec<Vec<Decimal>> {
    let mut all: Vec<Vec<Decimal>> = vec![Vec::new()];
    for _ in &c.inputs {
        all = all
            .into_iter()
            .flat_map(|v| {
                value_grid().into_iter().map(move |x| {
                    let mut w = v.clone();
                    w.push(x);
                    w
                })
            })
            .collect();
    }
    all
}

fn range(first: &str, last: &str) -> Vec<Day> {
    (day(first).0..=day(last).0).map(Day).collect()
}

fn verifier_agrees(text: &str) -> Result<(), TestCaseError> {
    let loaded = load(text);
    prop_assert!(!loaded.has_errors(), "{:#?}\n{text}", loaded.diagnostics);
    let c = &loaded.contract;
    let never: oracle::Dates = vec![None; c.events.len()];
    let scenarios: Vec<oracle::Dates> = (valuations(c).iter())
        .map(|v| oracle::with_inputs(c, v, &never))
        .collect();
    let days = range("2029-12-30", "2030-01-25");
    for a in &c.assertions {
        match verify::check_assertion(c, a, verify::Options::default().limit) {
            Verdict::Violated(cx) => {
                let dates = &cx.scenario.dates;
                prop_assert!(
                    scenarios.contains(dates),
                    "counterexample {cx:?} of {} is no values' scenario\n{text}",
                    a.named.name
                );
                prop_assert!(
                    oracle::assertion_fails(c, a, cx.day, dates),
                    "counterexample {cx:?} of {} does not fail\n{text}",
                    a.named.name
                );
            }
            Verdict::Holds => {
                for dates in &scenarios {
                    for &d in &days {
                        prop_assert!(
                            !oracle::assertion_fails(c, a, d, dates),
                            "{} fails on {d} with {dates:?} but the verifier says it holds\n{text}",
                            a.named.name
                        );
                    }
                }
            }
            Verdict::Undecided(why) => {
                prop_assert!(false, "undecided: {}\n{text}", why.reason())
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_verifier_agrees_with_picking_the_inputs_values(text in contracts()) {
        verifier_agrees(&text)?;
    }
}

/// With thresholds 10 and 20 on one input, the first event cannot happen
/// without the second: the clause that ends with the second is never in
/// force with the one that starts with the first. Choosing the two events
/// freely would find a counterexample; the verifier proves it, and the
/// oracle agrees on every value.
#[test]
fn correlated_events_are_proved_together() {
    let text = "contract \"c\" effective 2030-01-01\nparty a\naction act\nsubject s\n\
        input x: number\n\
        event below_ten on 2030-01-10 when x < 10\n\
        event below_twenty on 2030-01-10 when x < 20\n\
        clause exclusive {\n  a may act s\n  until below_twenty or 2031-01-01, whichever first\n}\n\
        clause penalty {\n  a must not act s\n  from below_ten\n  until 2031-01-01\n}\n\
        assert apart {\n  never exclusive is active and penalty is active\n}\n";
    let loaded = load(text);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    let a = &c.assertions[0];
    assert!(matches!(
        verify::check_assertion(c, a, verify::Options::default().limit),
        Verdict::Holds
    ));
    // The same events chosen freely (no inputs) make it fail.
    let free = text
        .replace(
            " on 2030-01-10 when x < 10",
            ", not before 2030-01-10, before 2030-01-11",
        )
        .replace(
            " on 2030-01-10 when x < 20",
            ", not before 2030-01-10, before 2030-01-11",
        );
    let loaded = load(&free);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    assert!(matches!(
        verify::check_assertion(c, &c.assertions[0], verify::Options::default().limit),
        Verdict::Violated(_)
    ));
}

/// A comparison that is not one input against a constant is undecided, with
/// the reason; never guessed.
#[test]
fn a_product_of_inputs_is_undecided_with_the_reason() {
    let text = "contract \"c\" effective 2030-01-01\nparty a\naction act\nsubject s\n\
        input x: number\ninput y: number\n\
        event big on 2030-01-10 when x * y > 10\n\
        clause late {\n  a may act s\n  from big\n  until 2031-01-01\n}\n\
        assert never_late {\n  never late is active\n}\n";
    let loaded = load(text);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    match verify::check_assertion(c, &c.assertions[0], verify::Options::default().limit) {
        Verdict::Undecided(why) => {
            let reason = why.reason();
            assert!(reason.contains("depends on `big`"), "{reason}");
            assert!(
                reason.contains("is not linear in the inputs"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
}
