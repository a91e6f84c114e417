//! A mistake found on one day in one scenario, written out as a `cargo test`
//! case that keeps it fixed: what `pactum query … --emit-test` prints.
//!
//! On a day in a scenario, two things can be wrong: an assertion fails there
//! ([`crate::analysis::verify::fails_at`]), or two clauses (or two facts)
//! that conflict are both in force there ([`conflicts_at`]). The test that
//! [`emit_test`] writes loads the contract, rebuilds the scenario, and
//! asserts, through the library's public API, that none of these is still
//! the case: it fails until the contract is fixed, and fails again if the
//! mistake comes back.

use crate::analysis::conflicts::{self, Conflict, Item};
use crate::model::{Contract, Day};
use crate::semantics::{window_interval, Scenario};

/// Whether an item of a conflict is in force on `day` in `scenario`.
fn in_force(contract: &Contract, item: Item, day: Day, scenario: &Scenario) -> bool {
    let window = match item {
        Item::Clause(c) => &contract.clause(c).window,
        Item::Fact(f) => &contract.fact(f).window,
    };
    window_interval(window, scenario).is_some_and(|i| i.contains(day))
}

/// The name of one side of a conflict.
pub fn item_name(contract: &Contract, item: Item) -> &str {
    match item {
        Item::Clause(c) => &contract.clause(c).named.name,
        Item::Fact(f) => &contract.fact(f).named.name,
    }
}

/// The conflicts of the contract that hold on `day` in `scenario`: the pairs
/// the conflict search reports ([`conflicts::find`]) whose two sides are
/// both in force there. Whether two norms or two facts clash does not depend
/// on the day (parties, action, subjects, qualifiers, precedence, values);
/// the search reports a clashing pair when their windows meet in some
/// scenario, so a pair is in conflict on a day exactly when the search
/// reports it and both are in force on that day. Pairs the search leaves
/// undecided (over its budget) are not included.
pub fn conflicts_at(contract: &Contract, day: Day, scenario: &Scenario) -> Vec<Conflict> {
    conflicts::find(contract)
        .conflicts
        .into_iter()
        .filter(|k| {
            in_force(contract, k.primary, day, scenario)
                && in_force(contract, k.other, day, scenario)
        })
        .collect()
}

/// Whether the items named `a` and `b` (any versions of them, in either
/// order) conflict on `day` in `scenario`.
pub fn conflict_between(
    contract: &Contract,
    a: &str,
    b: &str,
    day: Day,
    scenario: &Scenario,
) -> bool {
    conflicts_at(contract, day, scenario).iter().any(|k| {
        let (x, y) = (item_name(contract, k.primary), item_name(contract, k.other));
        (x, y) == (a, b) || (x, y) == (b, a)
    })
}

/// A Rust string literal of `text`.
fn literal(text: &str) -> String {
    format!("{text:?}")
}

/// The `cargo test` case for what is wrong on `day` in `scenario`, or `None`
/// when nothing is: no assertion fails there and no two items in force there
/// conflict. `file` is the contract's path as the test should find it,
/// relative to the package root of the test (where `cargo test` runs) unless
/// absolute. Its comment quotes the `pactum query … --emit-test` command
/// that writes it.
pub fn emit_test(contract: &Contract, file: &str, day: Day, scenario: &Scenario) -> Option<String> {
    let command = format!(
        "{} --emit-test",
        crate::print::query_command(contract, Some(file), day, scenario)
    );
    use std::fmt::Write;
    let violated: Vec<_> = (contract.assertions.iter())
        .filter(|a| crate::analysis::verify::fails_at(contract, a, day, scenario))
        .collect();
    let conflicts = conflicts_at(contract, day, scenario);
    if violated.is_empty() && conflicts.is_empty() {
        return None;
    }
    let mut found = Vec::new();
    for a in &violated {
        found.push(format!("assertion `{}` is violated", a.named.name));
    }
    for k in &conflicts {
        found.push(format!(
            "`{}` conflicts with `{}`",
            item_name(contract, k.primary),
            item_name(contract, k.other)
        ));
    }
    let test_name: String = format!("stays_fixed_on_{day}")
        .chars()
        .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '_' })
        .collect();
    let all_events: Vec<_> = contract.event_ids().collect();
    let scenario_words = crate::print::scenario(contract, scenario, &all_events)
        .unwrap_or_else(|| "in every scenario".to_string());
    let summary = format!(
        "Written by `{command}`. On {day} {scenario_words}, {}. This test fails until \
         the contract is fixed, and keeps it fixed: it loads the contract, rebuilds the \
         scenario, and asks the library whether the mistake is still there.",
        crate::print::join_and(&found)
    );
    let mut out = String::new();
    for line in textwrap::wrap(&summary, 76) {
        let _ = writeln!(out, "//! {line}");
    }
    // The code is laid out as rustfmt lays it out, so that the test can be
    // committed as it is; names stand on lines of their own to keep every
    // line short whatever their length.
    out.push_str(
        "\n\
         use std::path::Path;\n\
         \n\
         use pactum::model::{Contract, Day};\n\
         use pactum::semantics::Scenario;\n\
         \n\
         /// Makes the event happen on `date` (`None`: never) in `scenario`.\n\
         fn happens(contract: &Contract, scenario: &mut Scenario, name: &str, date: Option<&str>) {\n    \
             let event = contract.find_event(name);\n    \
             let event = event.unwrap_or_else(|| panic!(\"no event `{name}` in the contract\"));\n    \
             scenario.set(event, date.map(|d| Day::parse(d).expect(\"a date\")));\n\
         }\n\
         \n\
         #[test]\n",
    );
    let _ = writeln!(out, "fn {test_name}() {{");
    // `join` keeps an absolute path as it is.
    let _ = writeln!(
        out,
        "    let root = Path::new(env!(\"CARGO_MANIFEST_DIR\"));"
    );
    let _ = writeln!(out, "    let path = root.join({});", literal(file));
    out.push_str(
        "    let loaded = pactum::model::load(&path, &mut |p| std::fs::read(p));\n    \
             assert!(!loaded.has_errors(), \"`{}` has errors\", path.display());\n    \
             let contract = &loaded.contract;\n",
    );
    let _ = writeln!(
        out,
        "    let day = Day::parse(\"{day}\").expect(\"a date\");"
    );
    let _ = writeln!(out, "    let mut scenario = Scenario::never(contract);");
    for e in contract.event_ids() {
        let name = literal(&contract.event(e).named.name);
        let date = match scenario.date(e) {
            Some(d) => format!("Some(\"{d}\")"),
            None => "None".to_string(),
        };
        let _ = writeln!(out, "    happens(contract, &mut scenario, {name}, {date});");
    }
    for a in &violated {
        let _ = writeln!(out);
        let _ = writeln!(out, "    let name = {};", literal(&a.named.name));
        out.push_str(
            "    let assertion = contract.assertions.iter().find(|a| a.named.name == name);\n    \
                 let assertion = assertion.unwrap_or_else(|| panic!(\"no assertion `{name}`\"));\n    \
                 assert!(\n        \
                     !pactum::analysis::verify::fails_at(contract, assertion, day, &scenario),\n        \
                     \"assertion `{name}` is still violated on {day} in this scenario\"\n    \
                 );\n",
        );
    }
    for k in &conflicts {
        let (a, b) = (item_name(contract, k.primary), item_name(contract, k.other));
        let _ = writeln!(out);
        let _ = writeln!(out, "    // {}", k.code);
        let _ = writeln!(out, "    let (a, b) = ({}, {});", literal(a), literal(b));
        out.push_str(
            "    assert!(\n        \
                 !pactum::regression::conflict_between(contract, a, b, day, &scenario),\n        \
                 \"`{a}` still conflicts with `{b}` on {day} in this scenario\"\n    \
             );\n",
        );
    }
    let _ = writeln!(out, "}}");
    Some(out)
}
