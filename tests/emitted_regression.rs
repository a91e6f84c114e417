//! Written by `pactum query tests/fixtures/emit/contract.pactum --at 2027-01-10
//! --assume terminated=2027-01-01 --emit-test`. On 2027-01-10 when `terminated`
//! happens on 2027-01-01, assertion `no_use_after_termination` is violated and
//! `no_source` conflicts with `licence`. This test fails until the contract is
//! fixed, and keeps it fixed: it loads the contract, rebuilds the scenario, and
//! asks the library whether the mistake is still there.

use std::path::Path;

use pactum::model::{Contract, Day};
use pactum::semantics::Scenario;

/// Makes the event happen on `date` (`None`: never) in `scenario`.
fn happens(contract: &Contract, scenario: &mut Scenario, name: &str, date: Option<&str>) {
    let event = contract.find_event(name);
    let event = event.unwrap_or_else(|| panic!("no event `{name}` in the contract"));
    scenario.set(event, date.map(|d| Day::parse(d).expect("a date")));
}

#[test]
fn stays_fixed_on_2027_01_10() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("tests/fixtures/emit/contract.pactum");
    let loaded = pactum::model::load(&path, &mut |p| std::fs::read(p));
    assert!(!loaded.has_errors(), "`{}` has errors", path.display());
    let contract = &loaded.contract;
    let day = Day::parse("2027-01-10").expect("a date");
    let mut scenario = Scenario::never(contract);
    happens(contract, &mut scenario, "terminated", Some("2027-01-01"));

    let name = "no_use_after_termination";
    let assertion = contract.assertions.iter().find(|a| a.named.name == name);
    let assertion = assertion.unwrap_or_else(|| panic!("no assertion `{name}`"));
    assert!(
        !pactum::analysis::verify::fails_at(contract, assertion, day, &scenario),
        "assertion `{name}` is still violated on {day} in this scenario"
    );

    // pactum::conflict::permission_prohibition
    let (a, b) = ("no_source", "licence");
    assert!(
        !pactum::regression::conflict_between(contract, a, b, day, &scenario),
        "`{a}` still conflicts with `{b}` on {day} in this scenario"
    );
}
