//! Invariants of contract.pactum checked with proptest, written by `pactum
//! init` to start from. `pactum check` already proves the contract's own
//! `assert` blocks on every date and in every scenario; a test like this one
//! states a property in Rust, for what the language cannot say, and runs with
//! `cargo test`. It needs, in Cargo.toml:
//!
//! ```toml
//! [dev-dependencies]
//! pactum = { path = "/path/to/pactum", features = ["testing"] } # a clone of Pactum
//! proptest = "1"
//! ```
//!
//! The property: while the licensee may use the software, it must not
//! disclose it (the confidentiality duty outlives the licence). It is checked
//! on random days in random scenarios: every event, and every exercise of a
//! power, on a random day or never, respecting the contract's ordering.

use pactum::model::Contract;
use pactum::semantics::{state, State};
use pactum::testing::{contract_range, dates, load_contract_text, scenarios, state_at};
use proptest::prelude::*;

/// The contract, built into the test so that `cargo test` runs again when it
/// changes. `load_contract_text` panics with the diagnostics if it has errors.
fn contract() -> Contract {
    load_contract_text(include_str!("../contract.pactum"))
}

/// Whether the clause named `name` is in force in `st`.
fn in_force(c: &Contract, st: &State, name: &str) -> bool {
    let clause = c.find_clause(name).expect("a clause of contract.pactum");
    st.norms.iter().any(|n| n.clause == clause)
}

proptest! {
    #[test]
    fn the_licence_never_outlives_confidentiality(
        (day, scenario) in {
            let c = contract();
            (dates(contract_range(&c)), scenarios(&c))
        }
    ) {
        let c = contract();
        let st = state(&c, day, &scenario);
        prop_assert!(!in_force(&c, &st, "licence") || in_force(&c, &st, "confidentiality"));
    }
}

/// The property is not vacuous: the licence is in force during the term, and
/// confidentiality alone binds after it, until five years have passed.
#[test]
fn the_licence_ends_with_the_term_and_confidentiality_later() {
    let c = contract();
    let during = state_at(&c, "2027-06-01", &[]);
    assert!(in_force(&c, &during, "licence"));
    let after = state_at(&c, "2030-06-01", &[]);
    assert!(!in_force(&c, &after, "licence"));
    assert!(in_force(&c, &after, "confidentiality"));
    let later = state_at(&c, "2034-06-01", &[]);
    assert!(!in_force(&c, &later, "confidentiality"));
}

/// Terminating for convenience ends the licence once the notice has run.
#[test]
fn termination_ends_the_licence_after_the_notice() {
    let c = contract();
    let notice = [("terminate_for_convenience", Some("2027-03-01"))];
    assert!(in_force(
        &c,
        &state_at(&c, "2027-03-15", &notice),
        "licence"
    ));
    assert!(!in_force(
        &c,
        &state_at(&c, "2027-06-01", &notice),
        "licence"
    ));
}
