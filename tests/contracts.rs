//! The contracts in contracts/ are sound: `cargo test` fails if any has an
//! error-severity finding (including a violated assertion), and their
//! invariants hold at random days in random scenarios, asked both of the
//! library and of the naive oracle, which must agree. A corpus agreement
//! may state an assertion its text breaks (a drafting defect, such as the
//! board ratio of the IMPCO agreement): its own test (tests/corpus_*.rs)
//! pins that finding, and here only the agreement of library and oracle on
//! it is asked. The fixtures in tests/fixtures are held
//! to the same standard, so the test means something before contracts/ exists.

#[path = "common/agreements.rs"]
mod agreements;
mod oracle;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pactum::analysis::verify;
use pactum::diagnostics::render;
use pactum::model::{Contract, Day};
use pactum::semantics::Scenario;
use pactum::testing::{contract_range, dates, load_contract, scenarios};
use proptest::prelude::*;

fn files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["contracts", "tests/fixtures"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            out.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "pactum")),
            );
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no contracts to check");
    out
}

/// Every contract but the corpus agreements whose errors are their real
/// drafting defects (tests/corpus_*.rs checks those).
#[test]
fn every_contract_checks_without_errors() {
    let mut failures = String::new();
    for path in files().into_iter().filter(|p| !agreements::has_defects(p)) {
        let loaded = pactum::check::check_file(&path, &mut |p| std::fs::read(p));
        for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
            failures.push_str(&render(d, &loaded.sources, false));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn the_verifier_decides_every_assertion_quickly() {
    for path in files() {
        let contract = load_contract(&path);
        let start = std::time::Instant::now();
        let mut findings = verify::verify(&contract);
        let elapsed = start.elapsed();
        // A defect its corpus test pins: an assertion the text breaks.
        if agreements::has_defects(&path) {
            findings.retain(|d| d.code != pactum::diagnostics::Code::AssertionViolated);
        }
        assert!(findings.is_empty(), "{}: {findings:#?}", path.display());
        // Generous for debug builds on a shared machine; release is far faster.
        assert!(
            elapsed.as_millis() < 2_000,
            "{}: {elapsed:?}",
            path.display()
        );
    }
}

fn contracts() -> &'static [(PathBuf, Contract)] {
    static LOADED: OnceLock<Vec<(PathBuf, Contract)>> = OnceLock::new();
    LOADED.get_or_init(|| {
        files()
            .into_iter()
            .map(|p| (p.clone(), load_contract(p)))
            .collect()
    })
}

/// A contract, a day in its range, and a scenario respecting its ordering.
fn points() -> impl Strategy<Value = (usize, Day, Scenario)> {
    (0..contracts().len()).prop_flat_map(|i| {
        let c = &contracts()[i].1;
        (Just(i), dates(contract_range(c)), scenarios(c))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_at_random_points((i, d, s) in points()) {
        let (path, c) = &contracts()[i];
        for a in &c.assertions {
            let fails = verify::fails_at(c, a, d, &s);
            prop_assert_eq!(
                fails,
                oracle::assertion_fails(c, a, d, &s.dates),
                "{}: the library and the oracle disagree on {} on {} in {:?}",
                path.display(), a.named.name, d, s
            );
            prop_assert!(
                !fails || agreements::has_defects(path),
                "{}: {} fails on {d} in {s:?}", path.display(), a.named.name
            );
        }
    }
}

/// Every contract in contracts/ is already in the canonical layout, as
/// `pactum fmt --check` (which CI runs) demands: caught here by `cargo test`
/// too, so an encoding written by hand cannot reach CI unformatted.
#[test]
fn every_contract_is_in_the_canonical_layout() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts");
    let mut checked = 0;
    for entry in std::fs::read_dir(&root).expect("contracts/").flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "pactum") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a contract");
        let formatted = pactum::fmt::format_source(&text)
            .unwrap_or_else(|d| panic!("{} does not parse: {d:?}", path.display()));
        assert!(
            formatted == text,
            "{} is not in the canonical layout: run `pactum fmt {}`",
            path.display(),
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} contracts found");
}
