//! How to check your own invariants of a contract with proptest, using
//! `pactum::testing`. This is the example the documentation points to; copy it
//! into your own project's tests/ and change the property.
//!
//! The property here: Microsoft never holds a research-IP right on a day on
//! which the panel has already verified AGI. It is checked on random days in
//! random scenarios (every event on a random day, or never, respecting the
//! contract's ordering constraints: `agi_verified` never comes before
//! `agi_declared`).

use std::path::Path;
use std::sync::OnceLock;

use pactum::model::Contract;
use pactum::semantics::{state, State};
use pactum::testing::{contract_range, dates, load_contract, scenarios, state_at};
use proptest::prelude::*;

/// The reference contract if this checkout has it, else a small fixture;
/// loaded once (`load_contract` panics with the diagnostics if it has errors).
fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let reference = root.join("contracts/microsoft-openai-2025.pactum");
        if reference.exists() {
            load_contract(reference)
        } else {
            load_contract(root.join("tests/fixtures/agi.pactum"))
        }
    })
}

/// Whether Microsoft holds any right (a `may`) over research IP in this state.
fn microsoft_may_use_research(c: &Contract, st: &State) -> bool {
    let microsoft = c.find_party("microsoft").expect("party microsoft");
    let research = c.subjects.get("openai_ip.research").expect("subject");
    let research = c.subjects.set_of(research);
    st.norms.iter().any(|n| {
        let norm = &c.clause(n.clause).norm;
        norm.party == microsoft
            && norm.modality == pactum::syntax::ast::Modality::May
            && norm.subjects.overlaps(&research)
    })
}

proptest! {
    #[test]
    fn no_research_ip_after_verified_agi(
        (day, scenario) in {
            let c = contract();
            (dates(contract_range(c)), scenarios(c))
        }
    ) {
        let c = contract();
        let verified = c.find_event("agi_verified").expect("event agi_verified");
        let st = state(c, day, &scenario);
        let agi_verified = scenario.date(verified).is_some_and(|v| v <= day);
        prop_assert!(!(agi_verified && microsoft_may_use_research(c, &st)));
    }
}

/// The property is not vacuous: before verification the right exists.
#[test]
fn research_ip_exists_before_verification() {
    let c = contract();
    let st = state_at(c, "2028-06-01", &[]);
    assert!(microsoft_may_use_research(c, &st));
    let after = state_at(
        c,
        "2028-06-01",
        &[
            ("agi_declared", Some("2028-01-01")),
            ("agi_verified", Some("2028-02-01")),
        ],
    );
    assert!(!microsoft_may_use_research(c, &after));
}
