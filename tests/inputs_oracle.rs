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
use pactum::model::input::Realizable;
use pactum::model::{load_text, Contract, Day, EventId, Loaded};
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
/// (`(x - 1)`), so that thresholds fall on halves too; or with the next
/// input: their sum, their difference, or the greater of the two.
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
        let other = (input + 1) % inputs;
        let x = match shape {
            0 => format!("x{input}"),
            1 => format!("x{input} * 2"),
            2 => format!("2 * x{input} + 1"),
            3 => format!("(x{input} - 1)"),
            4 => format!("(x{input} + x{other})"),
            5 => format!("(x{input} - x{other})"),
            _ => format!("greater of (x{input}, x{other})"),
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
        prop_oneof![3 => Just(1usize), 2 => Just(2usize), 1 => Just(3usize)],
        prop::collection::vec(
            (
                0usize..3,
                0usize..6,
                0u32..5,
                0usize..3,
                any::<bool>(),
                prop_oneof![3 => Just(0usize), 1 => 1usize..4, 2 => 4usize..7],
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
/// With three inputs, the halves from -2 to 6: the grid is then a sample
/// of the values (a cell between three lines can hold no grid point), so
/// what the verifier finds is checked by its own witnesses, below.
fn value_grid(inputs: usize) -> Vec<Decimal> {
    if inputs >= 3 {
        return (-4..=12).map(|h| Decimal::new(h * 5, 1)).collect();
    }
    (-8..=28).map(|q| Decimal::new(q * 25, 2)).collect()
}

/// Every combination of values of the contract's inputs.
fn valuations(c: &Contract) -> Vec<Vec<Decimal>> {
    let mut all: Vec<Vec<Decimal>> = vec![Vec::new()];
    let grid = value_grid(c.inputs.len());
    for _ in &c.inputs {
        all = all
            .into_iter()
            .flat_map(|v| {
                grid.clone().into_iter().map(move |x| {
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
    let mut scenarios: Vec<oracle::Dates> = (valuations(c).iter())
        .map(|v| oracle::with_inputs(c, v, &never))
        .collect();
    scenarios.sort();
    scenarios.dedup();
    let decided: Vec<EventId> = (c.event_ids())
        .filter(|&e| c.event(e).defined.is_some())
        .collect();
    let days = range("2029-12-30", "2030-01-25");
    for a in &c.assertions {
        match verify::check_assertion(c, a, verify::Options::default().limit) {
            Verdict::Violated(cx) => {
                let dates = &cx.scenario.dates;
                // Some values give every decided event its day there: the
                // search's own witness, evaluated by the oracle, or a grid
                // value.
                let witnessed = match Realizable::of(c, &decided) {
                    Ok(Some(r)) => r.admits(&|e| dates[e.index()]).is_some_and(|values| {
                        let values: Vec<Decimal> =
                            values.iter().map(|v| v.unwrap_or_default()).collect();
                        oracle::with_inputs(c, &values, dates) == *dates
                    }),
                    _ => false,
                };
                prop_assert!(
                    witnessed || scenarios.contains(dates),
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
            // Only where an equality divides, so that the values found
            // have no short decimal (docs/semantics.md §6.5).
            Verdict::Undecided(why) => prop_assert!(
                why.reason().contains("could not write as decimals"),
                "undecided: {}\n{text}",
                why.reason()
            ),
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

    #[test]
    fn the_search_over_several_inputs_agrees_with_a_grid(text in linear_contracts()) {
        search_agrees(&text)?;
    }

    #[test]
    fn shown_scenarios_carry_input_values_that_replay_them(text in contracts()) {
        replays(&text)?;
    }
}

/// Every counterexample the checker shows carries values of the inputs:
/// evaluated by the amount evaluator (the one `pactum query` uses) and by
/// the oracle, they give each decided event the day the scenario claims
/// (on its day, or never); and the `--assume` flags of the shown `pactum
/// query` command, taken as the query takes them, give back the scenario.
fn replays(text: &str) -> Result<(), TestCaseError> {
    use pactum::model::input::{InputValues, Valuation};
    use pactum::model::{Amount, InputId};
    let loaded = load(text);
    prop_assert!(!loaded.has_errors(), "{:#?}\n{text}", loaded.diagnostics);
    let c = &loaded.contract;
    let (diagnostics, results) = verify::verify_all(c, &verify::Options::default(), &[]);
    for r in &results {
        let verify::Outcome::Violated {
            counterexample: Some((cx, _)),
            message,
        } = &r.outcome
        else {
            continue;
        };
        let dates = &cx.scenario.dates;
        // No event here must follow another, so the search's values always
        // complete the scenario and are carried with it.
        prop_assert_eq!(
            cx.scenario.inputs.len(),
            c.inputs.len(),
            "{}\n{}",
            message,
            text
        );
        let mut given = InputValues::none(c);
        let mut plain = Vec::new();
        for (i, v) in cx.scenario.inputs.iter().enumerate() {
            let v = v.expect("a value for every input");
            given.set(InputId(i as u32), Amount::new(c.inputs[i].unit.clone(), v));
            plain.push(v);
        }
        let valuation = Valuation::new(c, given);
        for e in c.event_ids() {
            let t = c.event(e).defined.as_ref().expect("a decided event");
            let holds = t.holds(&valuation);
            prop_assert_eq!(
                holds.map(|h| h.then_some(t.day)),
                Some(dates[e.index()]),
                "`{}` with {:?}\n{}",
                &c.event(e).named.name,
                &plain,
                text
            );
        }
        prop_assert_eq!(&oracle::with_inputs(c, &plain, dates), dates);
        // The shown command, its `--assume` words unquoted as a shell does.
        let d = (diagnostics.iter())
            .find(|d| &d.message == message)
            .expect("the violation's diagnostic");
        let help = d.help.as_deref().expect("a help");
        let command = help.split('`').nth(1).expect("a command");
        let words: Vec<String> = command
            .split(" --assume ")
            .skip(1)
            .map(|w| w.trim_matches('"').to_string())
            .collect();
        // A violation in every scenario shows none ("does not hold on D in
        // every scenario"): its command assumes nothing, and the assertion
        // must fail on its day in the scenario that replays.
        if words.is_empty() {
            let replayed = pactum::semantics::query::assumptions(c, &words)
                .unwrap_or_else(|e| panic!("`{command}` refused: {e:?}\n{text}"));
            let a = (c.assertions.iter())
                .find(|a| message.contains(&format!("`{}`", a.named.name)))
                .expect("the assertion named");
            prop_assert!(
                oracle::assertion_fails(c, a, cx.day, &replayed.scenario.dates),
                "`{}` does not fail on {} with no assumption\n{}",
                &a.named.name,
                cx.day,
                text
            );
            continue;
        }
        prop_assert!(
            words.iter().any(|w| w.starts_with('x')),
            "no input assumed in `{}`",
            command
        );
        let replayed = pactum::semantics::query::assumptions(c, &words)
            .unwrap_or_else(|e| panic!("`{command}` refused: {e:?}\n{text}"));
        prop_assert_eq!(&replayed.scenario, &cx.scenario, "`{}`\n{}", command, text);
    }
    Ok(())
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
    match first_verdict(text) {
        Verdict::Undecided(why) => {
            let reason = why.reason();
            assert!(reason.contains("depends on `big`"), "{reason}");
            assert!(reason.contains("is not linear in the inputs"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

/// The verifier's verdict on the first assertion of a contract that loads
/// without errors.
fn first_verdict(text: &str) -> Verdict {
    let loaded = load(text);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    verify::check_assertion(c, &c.assertions[0], verify::Options::default().limit)
}

/// One comparison over several inputs: a coefficient for each of three
/// inputs (-2 to 2, often zero), an operator and a constant; or the
/// greater (or lesser) of two inputs, the second shifted, against a
/// constant.
type LinearSpec = ([i32; 3], usize, i32, Option<(bool, usize, usize, i32)>);

/// A contract with `inputs` number inputs and one event per comparison,
/// all on one day.
fn linear_text(inputs: usize, specs: &[LinearSpec]) -> String {
    let mut t = String::from(
        "contract \"generated\" effective 2030-01-01\nparty a\naction act\nsubject s\n",
    );
    for i in 0..inputs {
        t += &format!("input x{i}: number\n");
    }
    for (k, (coef, op, c, extremum)) in specs.iter().enumerate() {
        let left = match extremum {
            Some((greater, i, j, shift)) => format!(
                "{} of (x{}, x{} {} {})",
                if *greater { "greater" } else { "lesser" },
                i % inputs,
                j % inputs,
                if *shift < 0 { "-" } else { "+" },
                shift.abs()
            ),
            None => {
                let mut left = String::from("0");
                for (i, &a) in coef.iter().take(inputs).enumerate() {
                    match a {
                        0 => {}
                        a if a > 0 => left += &format!(" + {a} * x{i}"),
                        a => left += &format!(" - {} * x{i}", -a),
                    }
                }
                left
            }
        };
        // The language writes no negative literal: `(0 - 2)`.
        let c = if *c < 0 {
            format!("(0 - {})", -c)
        } else {
            c.to_string()
        };
        t += &format!("event e{k} on 2030-01-10 when {left} {} {c}\n", OPS[*op]);
    }
    t
}

fn linear_contracts() -> impl Strategy<Value = String> {
    (
        2usize..=3,
        prop::collection::vec(
            (
                [
                    prop_oneof![2 => Just(0), 3 => -2i32..=2],
                    prop_oneof![2 => Just(0), 3 => -2i32..=2],
                    prop_oneof![2 => Just(0), 3 => -2i32..=2],
                ],
                0usize..6,
                -2i32..=4,
                prop::option::weighted(0.25, (any::<bool>(), 0usize..3, 0usize..3, -1i32..=1)),
            ),
            2..=5,
        ),
    )
        .prop_map(|(inputs, specs)| linear_text(inputs, &specs))
}

/// The search against a grid of values, in both directions: every
/// combination of the events (each on its day or never) the search says
/// some values give comes with values that give it, evaluated by the oracle
/// itself; and every combination a value of the grid gives, the search
/// finds.
fn search_agrees(text: &str) -> Result<(), TestCaseError> {
    let loaded = load(text);
    prop_assert!(!loaded.has_errors(), "{:#?}\n{text}", loaded.diagnostics);
    let c = &loaded.contract;
    let events: Vec<EventId> = c.event_ids().collect();
    let realizable = match Realizable::of(c, &events) {
        Ok(r) => r.expect("events decided by inputs"),
        // Only where an equality divides (docs/semantics.md §6.5).
        Err((_, why)) => {
            prop_assert!(why.contains("could not write as decimals"), "{why}\n{text}");
            return Ok(());
        }
    };
    let never: oracle::Dates = vec![None; c.events.len()];
    let mut grid: Vec<oracle::Dates> = (valuations(c).iter())
        .map(|v| oracle::with_inputs(c, v, &never))
        .collect();
    grid.sort();
    grid.dedup();
    let day = Day::parse("2030-01-10").expect("a date");
    for bits in 0u32..(1 << events.len()) {
        let dates: oracle::Dates = (0..events.len())
            .map(|k| (bits >> k & 1 == 1).then_some(day))
            .collect();
        match realizable.admits(&|e| dates[e.index()]) {
            Some(values) => {
                // An input no comparison reads takes any value.
                let values: Vec<Decimal> = values.iter().map(|v| v.unwrap_or_default()).collect();
                prop_assert_eq!(
                    oracle::with_inputs(c, &values, &never),
                    dates.clone(),
                    "the witness {:?} does not give {:?}\n{}",
                    values,
                    dates,
                    text
                );
            }
            None => prop_assert!(
                !grid.contains(&dates),
                "{dates:?} is given by a grid value but not found\n{text}"
            ),
        }
    }
    Ok(())
}

/// With `x < 5` and `y < 5`, `x + y < 10` follows, and with `x >= 5` and
/// `y >= 5` it cannot hold: the sum's event is correlated with the two
/// bounds, which the verifier proves; the same events chosen freely do not.
#[test]
fn a_sum_of_two_inputs_is_proved_with_its_bounds() {
    let text = "contract \"c\" effective 2030-01-01\nparty a\naction act\nsubject s\n\
        input x: number\ninput y: number\n\
        event x_low on 2030-01-10 when x < 5\n\
        event y_low on 2030-01-10 when y < 5\n\
        event sum_low on 2030-01-10 when x + y < 10\n\
        clause low_x {\n  a may act s\n  from x_low\n  until 2031-01-01\n}\n\
        clause low_y {\n  a may act s\n  from y_low\n  until 2031-01-01\n}\n\
        clause high_sum {\n  a must not act s\n  until sum_low or 2031-01-01, whichever first\n}\n\
        assert apart {\n  never low_x is active and low_y is active and high_sum is active\n}\n";
    let verdict = first_verdict(text);
    assert!(matches!(verdict, Verdict::Holds), "{verdict:?}");
    // With `x + y < 9` the sum can be 9 with both bounds holding (4.5 and
    // 4.5): the verifier finds such a scenario, with values the oracle
    // confirms.
    let wider = text.replace("x + y < 10", "x + y < 9");
    let loaded = load(&wider);
    let c = &loaded.contract;
    match verify::check_assertion(c, &c.assertions[0], verify::Options::default().limit) {
        Verdict::Violated(cx) => {
            let events: Vec<EventId> = c.event_ids().collect();
            let dates = &cx.scenario.dates;
            let values = Realizable::of(c, &events)
                .expect("decided")
                .expect("inputs")
                .admits(&|e| dates[e.index()])
                .expect("a witness");
            let values: Vec<Decimal> = values.iter().map(|v| v.unwrap_or_default()).collect();
            assert_eq!(oracle::with_inputs(c, &values, dates), *dates);
        }
        other => panic!("{other:?}"),
    }
}

/// `rounded to` over an input is not linear: undecided, with the reason.
#[test]
fn a_rounded_input_is_undecided_with_the_reason() {
    let text = "contract \"c\" effective 2030-01-01\nparty a\naction act\nsubject s\n\
        input x: number\ninput y: number\n\
        event big on 2030-01-10 when x rounded to 1 > y\n\
        clause late {\n  a may act s\n  from big\n  until 2031-01-01\n}\n\
        assert never_late {\n  never late is active\n}\n";
    match first_verdict(text) {
        Verdict::Undecided(why) => {
            let reason = why.reason();
            assert!(reason.contains("depends on `big`"), "{reason}");
            assert!(reason.contains("is not linear in the inputs"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

/// A question over many comparisons of three inputs, with `!=` splitting
/// each, needs more systems than the search's budget: undecided, with the
/// reason, never guessed.
#[test]
fn past_the_budget_the_question_is_undecided() {
    let mut text = String::from(
        "contract \"c\" effective 2030-01-01\nparty a\naction act\nsubject s\n\
         input x: number\ninput y: number\ninput z: number\n",
    );
    let mut names = Vec::new();
    for k in 0..8 {
        text += &format!("event p{k} on 2030-01-10 when x + y != {k}\n");
        text += &format!("event m{k} on 2030-01-10 when x - z != {k}\n");
        text += &format!("event q{k} on 2030-01-10 when y + 2 * z < {k}\n");
        names.extend([format!("p{k}"), format!("m{k}"), format!("q{k}")]);
    }
    text += &format!(
        "clause late {{\n  a may act s\n  from first({})\n  until 2031-01-01\n}}\n\
         assert never_late {{\n  never late is active\n}}\n",
        names.join(", ")
    );
    match first_verdict(&text) {
        Verdict::Undecided(why) => {
            let reason = why.reason();
            assert!(reason.contains("systems of inequalities"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

/// Inputs take decimal values: `3 * x = 1` holds only at 1/3, which no
/// decimal is, so the event never happens and the verifier proves it; and
/// where a free choice forces a value with no decimal (`3 * x = y` with `y`
/// strictly between 0 and 2, the search choosing `y = 1`), the question is
/// undecided with the reason rather than guessed.
#[test]
fn values_with_no_decimal() {
    let text = "contract \"c\" effective 2030-01-01\nparty a\naction act\nsubject s\n\
        input x: number\n\
        event third on 2030-01-10 when 3 * x = 1\n\
        clause late {\n  a may act s\n  from third\n  until 2031-01-01\n}\n\
        assert never_late {\n  never late is active\n}\n";
    let verdict = first_verdict(text);
    assert!(matches!(verdict, Verdict::Holds), "{verdict:?}");
    let text = "contract \"c\" effective 2030-01-01\nparty a\naction act\nsubject s\n\
        input x: number\ninput y: number\n\
        event low on 2030-01-10 when y > 0\n\
        event high on 2030-01-10 when y < 2\n\
        event third on 2030-01-10 when 3 * x = y\n\
        clause late {\n  a may act s\n  from first(low, high, third)\n  until 2031-01-01\n}\n\
        assert never_late {\n  never late is active\n}\n";
    match first_verdict(text) {
        Verdict::Undecided(why) => {
            assert!(
                why.reason().contains("could not write as decimals"),
                "{}",
                why.reason()
            )
        }
        other => panic!("{other:?}"),
    }
}

/// Hundreds of comparisons over two inputs in one question: undecided with
/// the reason, quickly, whatever the depth the search would need.
#[test]
fn hundreds_of_comparisons_are_undecided_quickly() {
    let mut text = String::from(
        "contract \"c\" effective 2030-01-01\nparty a\naction act\nsubject s\n\
         input x: number\ninput y: number\n",
    );
    let names: Vec<String> = (0..300).map(|k| format!("e{k}")).collect();
    for (k, name) in names.iter().enumerate() {
        text += &format!("event {name} on 2030-01-10 when x + {k} * y < {k}\n");
    }
    text += &format!(
        "clause late {{\n  a may act s\n  from first({})\n  until 2031-01-01\n}}\n\
         assert never_late {{\n  never late is active\n}}\n",
        names.join(", ")
    );
    let started = std::time::Instant::now();
    match first_verdict(&text) {
        Verdict::Undecided(why) => {
            assert!(
                why.reason().contains("comparisons in one question"),
                "{}",
                why.reason()
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

// ---------------------------------------------------------------- conditional amounts

/// One comparison over a conditional amount: `(if amount x{a} OP1 C1
/// [and|or amount x{b} OP2 C2] then x{p} + x{q} [else 2 * x{p}]) OP C`.
#[derive(Debug, Clone)]
struct CondSpec {
    a: usize,
    op1: usize,
    c1: i64,
    /// `and` (`true`) or `or`, the second input, its operator and constant.
    second: Option<(bool, usize, usize, i64)>,
    p: usize,
    q: usize,
    with_else: bool,
    op: usize,
    c: i64,
}

impl CondSpec {
    fn text(&self, inputs: usize) -> String {
        let mut cond = format!("amount x{} {} {}", self.a % inputs, OPS[self.op1], self.c1);
        if let Some((and, b, op2, c2)) = self.second {
            let join = if and { "and" } else { "or" };
            cond += &format!(" {join} amount x{} {} {c2}", b % inputs, OPS[op2]);
        }
        let (p, q) = (self.p % inputs, self.q % inputs);
        let otherwise = if self.with_else {
            format!(" else 2 * x{p}")
        } else {
            String::new()
        };
        format!(
            "(if {cond} then x{p} + x{q}{otherwise}) {} {}",
            OPS[self.op], self.c
        )
    }

    /// What the comparison says for these values, computed here from the
    /// spec, not by Pactum: `None` where the amount has no value.
    fn holds(&self, x: &[Decimal]) -> Option<bool> {
        let n = x.len();
        let cmp = |v: Decimal, op: usize, c: i64| {
            let c = Decimal::from(c);
            match OPS[op] {
                "<" => v < c,
                "<=" => v <= c,
                "=" => v == c,
                "!=" => v != c,
                ">=" => v >= c,
                _ => v > c,
            }
        };
        let mut cond = cmp(x[self.a % n], self.op1, self.c1);
        if let Some((and, b, op2, c2)) = self.second {
            let other = cmp(x[b % n], op2, c2);
            cond = if and { cond && other } else { cond || other };
        }
        let (p, q) = (x[self.p % n], x[self.q % n]);
        let left = if cond {
            p + q
        } else if self.with_else {
            Decimal::TWO * p
        } else {
            return None;
        };
        Some(cmp(left, self.op, self.c))
    }
}

fn cond_spec(with_else: impl Strategy<Value = bool>) -> impl Strategy<Value = CondSpec> {
    (
        (0usize..3, 0usize..6, 0i64..4),
        prop::option::weighted(0.4, (any::<bool>(), 0usize..3, 0usize..6, 0i64..4)),
        (0usize..3, 0usize..3, with_else, 0usize..6, 0i64..6),
    )
        .prop_map(
            |((a, op1, c1), second, (p, q, with_else, op, c))| CondSpec {
                a,
                op1,
                c1,
                second,
                p,
                q,
                with_else,
                op,
                c,
            },
        )
}

fn conditional_text(inputs: usize, specs: &[CondSpec]) -> String {
    let mut t = String::from(
        "contract \"generated\" effective 2030-01-01\nparty a\naction act\nsubject s\n",
    );
    for i in 0..inputs {
        t += &format!("input x{i}: number\n");
    }
    for (k, spec) in specs.iter().enumerate() {
        t += &format!("event e{k} on 2030-01-10 when {}\n", spec.text(inputs));
    }
    t
}

/// The evaluator against the spec: for every value of the grid, each
/// event happens exactly when the comparison the spec computes holds (an
/// amount without a value decides no event).
fn evaluator_agrees(inputs: usize, specs: &[CondSpec]) -> Result<(), TestCaseError> {
    let text = conditional_text(inputs, specs);
    let loaded = load(&text);
    prop_assert!(!loaded.has_errors(), "{:#?}\n{text}", loaded.diagnostics);
    let c = &loaded.contract;
    let day = Day::parse("2030-01-10").expect("a date");
    let never: oracle::Dates = vec![None; c.events.len()];
    for values in valuations(c) {
        let dates = oracle::with_inputs(c, &values, &never);
        for (k, spec) in specs.iter().enumerate() {
            let want = spec.holds(&values).unwrap_or(false).then_some(day);
            prop_assert_eq!(dates[k], want, "e{} at {:?}\n{}", k, &values, &text);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    /// Conditional amounts in events' comparisons, split into cases: the
    /// search agrees with the grid in both directions (every combination
    /// it finds has values the oracle confirms, every combination a value
    /// of the grid gives it finds), and the evaluator with the spec.
    #[test]
    fn conditional_amounts_are_split_into_cases_exactly(
        inputs in 2usize..=3,
        specs in prop::collection::vec(cond_spec(Just(true)), 1..=3),
    ) {
        evaluator_agrees(inputs, &specs)?;
        search_agrees(&conditional_text(inputs, &specs))?;
    }

    /// Without `else`, the evaluator still agrees with the spec; where the
    /// amount has no value for some values, a question over the event is
    /// undecided with that reason, never guessed.
    #[test]
    fn a_conditional_without_else_is_never_guessed(
        inputs in 2usize..=3,
        spec in cond_spec(Just(false)),
    ) {
        evaluator_agrees(inputs, std::slice::from_ref(&spec))?;
        let text = conditional_text(inputs, std::slice::from_ref(&spec));
        let loaded = load(&text);
        let c = &loaded.contract;
        let events: Vec<EventId> = c.event_ids().collect();
        let undefined = valuations(c).iter().any(|v| spec.holds(v).is_none());
        match Realizable::of(c, &events) {
            Err((_, why)) => prop_assert!(
                why.contains("has no value for some values") || why.contains("could not write as decimals"),
                "{why}\n{text}"
            ),
            // Decided: the amount has a value wherever the grid looks.
            Ok(_) => prop_assert!(!undefined, "decided, yet undefined on the grid\n{text}"),
        }
    }

    /// A comparison over a conditional amount in an assertion, decided for
    /// every value of the inputs at once: `holds for every value` only if
    /// every value of the grid says so, `for none` only if none does, and
    /// where it depends, the values shown make it fail.
    #[test]
    fn an_assertion_over_a_conditional_amount_is_decided_or_shown_to_depend(
        inputs in 2usize..=3,
        spec in cond_spec(Just(true)),
    ) {
        use pactum::model::input::{decide, Decision};
        let text = conditional_text(inputs, std::slice::from_ref(&spec));
        let (left, right) = spec.text(inputs).rsplit_once(&format!(" {} ", OPS[spec.op]))
            .map(|(l, r)| (l.to_string(), r.to_string()))
            .expect("a comparison");
        let text = format!("{text}amount lhs = {left}\nassert k {{\n  always amount lhs {} {right}\n}}\n", OPS[spec.op]);
        let loaded = load(&text);
        prop_assert!(!loaded.has_errors(), "{:#?}\n{text}", loaded.diagnostics);
        let c = &loaded.contract;
        let lhs = &c.amounts[0].expr;
        let Some(pactum::model::Cond::Amount(cmp)) = &c.assertions[0].cond else {
            return Err(TestCaseError::fail("an amount comparison"));
        };
        let grid: Vec<bool> = valuations(c).iter().map(|v| spec.holds(v).expect("total")).collect();
        match decide(c, lhs, cmp.op, &cmp.right).expect("of one kind") {
            Decision::Always(holds) => prop_assert!(grid.iter().all(|&g| g == holds), "{holds}\n{text}"),
            Decision::Depends(why, values) => {
                prop_assert!(!values.is_empty(), "{why}\n{text}");
                let mut x = vec![Decimal::ZERO; inputs];
                for (i, v) in values {
                    x[i.index()] = v;
                }
                prop_assert_eq!(spec.holds(&x), Some(false), "{} at {:?}\n{}", why, x, text);
            }
            Decision::Broken => prop_assert!(false, "broken\n{text}"),
        }
    }
}
