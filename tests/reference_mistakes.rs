//! The checker against the reference contract with one mistake planted in it.
//!
//! Each variant is made here from the real text of contracts/ by one precise
//! edit (asserted to apply exactly once), written to a scratch directory next
//! to a copy of the history it amends, and checked from disk as `pactum check`
//! would. So the fixtures cannot drift from the contract: when the contract
//! changes so that an edit no longer applies, the test says so.
//!
//! For every violated assertion, the `pactum query` command in its help is
//! run, and must show the state that breaks the assertion.

use std::path::{Path, PathBuf};
use std::process::Command;

use pactum::diagnostics::{Code, Diagnostic, Severity};
use pactum::model::Loaded;

const CURRENT: &str = "microsoft-openai-2025.pactum";
const HISTORY: &str = "microsoft-openai-history.pactum";

fn reference(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("contracts")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` with `old` replaced by `new`; `old` must occur exactly once, so
/// that the edit is the one meant.
fn edit(text: &str, old: &str, new: &str) -> String {
    assert_eq!(
        text.matches(old).count(),
        1,
        "the edit no longer applies exactly once:\n{old}"
    );
    text.replacen(old, new, 1)
}

/// A broken copy of the reference contract on disk, with its history.
struct Variant {
    _dir: tempfile::TempDir,
    path: PathBuf,
    loaded: Loaded,
}

/// Writes the two files to a scratch directory and checks the current one.
fn variant(current: &str, history: &str) -> Variant {
    let dir = tempfile::tempdir().expect("scratch directory");
    std::fs::write(dir.path().join(HISTORY), history).expect("write history");
    let path = dir.path().join(CURRENT);
    std::fs::write(&path, current).expect("write contract");
    let loaded = pactum::check::check_file(&path, &mut |p| std::fs::read(p));
    Variant {
        _dir: dir,
        path,
        loaded,
    }
}

/// The reference contract with one edit of the 2025 file.
fn broken(old: &str, new: &str) -> Variant {
    variant(&edit(&reference(CURRENT), old, new), &reference(HISTORY))
}

impl Variant {
    fn errors(&self) -> Vec<&Diagnostic> {
        self.loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect()
    }

    fn error_codes(&self) -> Vec<String> {
        let mut codes: Vec<String> = self
            .errors()
            .iter()
            .map(|d| d.code.as_str().to_string())
            .collect();
        codes.sort();
        codes
    }

    fn one(&self, code: Code, message_part: &str) -> &Diagnostic {
        let found: Vec<&Diagnostic> = self
            .loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == code && d.message.contains(message_part))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected one {code} mentioning {message_part:?}: {:#?}",
            self.loaded.diagnostics
        );
        found[0]
    }

    /// The source text under label `i` of `d`.
    fn labelled(&self, d: &Diagnostic, i: usize) -> &str {
        let span = &d.labels[i].span;
        &self.loaded.sources.text(span.file)[span.range.clone()]
    }

    /// The name of the clause whose norm label `i` of `d` underlines.
    fn clause_at(&self, d: &Diagnostic, i: usize) -> String {
        let span = &d.labels[i].span;
        let c = &self.loaded.contract;
        let clause = c
            .clauses
            .iter()
            .find(|x| x.norm.span == *span)
            .unwrap_or_else(|| panic!("label {i} of {d:#?} is on no clause's norm"));
        clause.named.name.clone()
    }

    /// Runs the `pactum query` command that the help of `d` gives, in JSON.
    fn query_from_help(&self, d: &Diagnostic) -> serde_json::Value {
        let help = d.help.as_deref().expect("a counterexample has help");
        let command = help
            .split('`')
            .find(|s| s.starts_with("pactum query "))
            .unwrap_or_else(|| panic!("no query command in the help: {help}"));
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        assert_eq!(
            Path::new(args[1]),
            self.path,
            "the command queries the checked file"
        );
        let out = Command::new(env!("CARGO_BIN_EXE_pactum"))
            .args(&args)
            .args(["--format", "json"])
            .output()
            .expect("run pactum query");
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("query JSON")
    }
}

/// The clauses in a query result that grant `party` a permission over `subject`
/// and are overridden by nothing.
fn permissions(query: &serde_json::Value, party: &str, subject: &str) -> Vec<String> {
    query["norms"]
        .as_array()
        .expect("norms")
        .iter()
        .filter(|n| n["party"] == party && n["modality"] == "may")
        .filter(|n| n["overridden_by"].as_array().is_some_and(|o| o.is_empty()))
        .filter(|n| {
            n["subjects"]
                .as_array()
                .is_some_and(|s| s.iter().any(|x| x == subject))
        })
        .map(|n| n["clause"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_unbroken_contract_has_no_errors() {
    let v = variant(&reference(CURRENT), &reference(HISTORY));
    assert!(v.errors().is_empty(), "{:#?}", v.errors());
}

// T13 vs T4: without its exception, national-security access on other clouds
// contradicts the Azure API exclusivity, in the scenario where AGI is never
// verified (the exclusivity never ends).
#[test]
fn without_the_national_security_exception_t13_conflicts_with_t4() {
    let v = broken(
        "  openai may serve api_products to us_natsec\n  indefinitely\n  exception to azure_api_exclusivity\n",
        "  openai may serve api_products to us_natsec\n  indefinitely\n",
    );
    assert_eq!(
        v.error_codes(),
        [
            "pactum::assert::violated",
            "pactum::conflict::permission_prohibition"
        ]
    );
    let d = v.one(Code::ConflictPermissionProhibition, "natsec_api");
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message
            .contains("clauses `natsec_api` and `azure_api_exclusivity` conflict"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("from 2025-10-28, with no end"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("when `agi_verified` never happens"),
        "{}",
        d.message
    );
    assert_eq!(v.clause_at(d, 0), "natsec_api");
    assert_eq!(
        v.labelled(d, 0),
        "openai may serve api_products to us_natsec"
    );
    assert_eq!(v.clause_at(d, 1), "azure_api_exclusivity");
    assert_eq!(
        v.labelled(d, 1),
        "openai must not serve api_products on other_cloud"
    );
    // The 2025 version of the exclusivity, not the history's.
    assert!(v
        .loaded
        .sources
        .path(d.labels[1].span.file)
        .ends_with(CURRENT));
    let help = d.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("add `exception to azure_api_exclusivity` to clause `natsec_api`"),
        "{help}"
    );

    let i9 = v.one(Code::AssertionViolated, "`I9`");
    assert!(i9.message.contains("1 conflict"), "{}", i9.message);
    assert_eq!(
        i9.labels[1].span, d.labels[0].span,
        "I9 points at the conflict"
    );
}

// T8: with consumer hardware back in the scope of T6's rights, Microsoft may
// use it (I1 fails) and the permission contradicts T8's prohibition.
#[test]
fn without_the_consumer_hardware_exclusion_i1_fails_and_t6_conflicts_with_t8() {
    let v = broken(
        "  microsoft may use openai_ip except openai_ip.research, openai_ip.consumer_hardware\n  through 2032\n",
        "  microsoft may use openai_ip except openai_ip.research\n  through 2032\n",
    );
    assert_eq!(
        v.error_codes(),
        [
            "pactum::assert::violated",
            "pactum::assert::violated",
            "pactum::conflict::permission_prohibition"
        ]
    );
    let d = v.one(
        Code::ConflictPermissionProhibition,
        "consumer_hardware_excluded",
    );
    assert!(
        d.message
            .contains("`consumer_hardware_excluded` and `model_and_product_ip`"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("`openai_ip.consumer_hardware`"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("from 2025-10-28 through 2032-12-31"),
        "{}",
        d.message
    );
    assert_eq!(v.clause_at(d, 0), "consumer_hardware_excluded");
    assert_eq!(
        v.labelled(d, 0),
        "microsoft must not use openai_ip.consumer_hardware"
    );
    assert_eq!(v.clause_at(d, 1), "model_and_product_ip");
    assert_eq!(
        v.labelled(d, 1),
        "microsoft may use openai_ip except openai_ip.research"
    );
    let help = d.help.as_deref().unwrap_or_default();
    assert!(help.contains("model_and_product_ip"), "{help}");

    let i1 = v.one(Code::AssertionViolated, "`I1`");
    assert!(
        i1.message.contains("is violated on 2025-10-28"),
        "{}",
        i1.message
    );
    assert_eq!(v.labelled(i1, 0), "I1");
    assert!(
        i1.labels[0]
            .message
            .contains("`agi_declared` and `agi_verified` never happen"),
        "{}",
        i1.labels[0].message
    );
    // The counterexample reproduces: on that day, in that scenario, T6 lets
    // Microsoft use consumer hardware.
    let q = v.query_from_help(i1);
    assert_eq!(q["at"], "2025-10-28");
    assert_eq!(
        permissions(&q, "microsoft", "openai_ip.consumer_hardware"),
        ["model_and_product_ip"]
    );
    v.one(Code::AssertionViolated, "`I9`");
}

// H1's exclusive hosting ends at H5 in the history, so dropping `replaces`
// alone breaks nothing; it must also run on (its `until` dropped) to collide
// with T9.
#[test]
fn an_unsuperseded_2019_hosting_exclusivity_conflicts_with_t9() {
    let any_cloud =
        "  openai may serve non_api_products\n  indefinitely\n  replaces azure_exclusive_hosting\n";
    let hosting = "  openai must not serve non_api_products on other_cloud\n  until 2025-01-21\n";
    let current = edit(
        &reference(CURRENT),
        any_cloud,
        "  openai may serve non_api_products\n  indefinitely\n",
    );
    let history = edit(
        &reference(HISTORY),
        hosting,
        "  openai must not serve non_api_products on other_cloud\n",
    );

    // Each edit alone is harmless: the other one still ends H1's clause.
    let unreplaced = variant(&current, &reference(HISTORY));
    assert!(unreplaced.errors().is_empty(), "{:#?}", unreplaced.errors());
    let unended = variant(&reference(CURRENT), &history);
    assert!(unended.errors().is_empty(), "{:#?}", unended.errors());

    let v = variant(&current, &history);
    assert_eq!(
        v.error_codes(),
        [
            "pactum::assert::violated",
            "pactum::conflict::permission_prohibition"
        ]
    );
    let d = v.one(Code::ConflictPermissionProhibition, "non_api_any_cloud");
    assert!(
        d.message
            .contains("`non_api_any_cloud` and `azure_exclusive_hosting`"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("from 2025-10-28, with no end"),
        "{}",
        d.message
    );
    assert_eq!(v.clause_at(d, 0), "non_api_any_cloud");
    assert_eq!(v.labelled(d, 0), "openai may serve non_api_products");
    assert_eq!(v.clause_at(d, 1), "azure_exclusive_hosting");
    assert_eq!(
        v.labelled(d, 1),
        "openai must not serve non_api_products on other_cloud"
    );
    assert!(v
        .loaded
        .sources
        .path(d.labels[1].span.file)
        .ends_with(HISTORY));
    let help = d.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("add `replaces azure_exclusive_hosting` to clause `non_api_any_cloud`"),
        "{help}"
    );
    v.one(Code::AssertionViolated, "`I9`");
}

// T7: research IP through 2032 outlives both its end in 2030 and the
// verification of AGI, so I2 fails.
#[test]
fn research_ip_through_2032_violates_i2() {
    let v = broken(
        "  microsoft may use openai_ip.research\n  until agi_verified or end of 2030, whichever first\n",
        "  microsoft may use openai_ip.research\n  through 2032\n",
    );
    assert_eq!(v.error_codes(), ["pactum::assert::violated"]);
    let i2 = v.one(Code::AssertionViolated, "`I2`");
    assert_eq!(v.labelled(i2, 0), "I2");
    // The earliest counterexample: AGI verified on the effective date.
    assert!(
        i2.message.contains("is violated on 2025-10-28"),
        "{}",
        i2.message
    );
    assert!(
        i2.labels[0]
            .message
            .contains("`agi_verified` happens on 2025-10-28"),
        "{}",
        i2.labels[0].message
    );
    let q = v.query_from_help(i2);
    assert_eq!(q["scenario"]["agi_verified"], "2025-10-28");
    assert_eq!(
        permissions(&q, "microsoft", "openai_ip.research"),
        ["research_ip"]
    );
}

// T4 read as a right of its own: an exclusivity `until agi_verified` alone
// outlives T6's rights (through 2032) whenever AGI is not verified by then,
// and the assertion that exclusivity qualifies those rights fails.
#[test]
fn t4_exclusivity_as_a_right_of_its_own_outlives_t6() {
    let v = broken(
        "  until agi_verified or end of 2032, whichever first\n}",
        "  until agi_verified\n}",
    );
    assert_eq!(v.error_codes(), ["pactum::assert::violated"]);
    let d = v.one(Code::AssertionViolated, "`T4_exclusivity_qualifies_rights`");
    assert!(
        d.message.contains("is violated on 2033-01-01"),
        "{}",
        d.message
    );
    assert_eq!(v.labelled(d, 0), "T4_exclusivity_qualifies_rights");
    assert_eq!(v.labelled(d, 1), "exclusive_ip");
    let q = v.query_from_help(d);
    assert_eq!(q["scenario"]["agi_verified"], "never");
    assert_eq!(
        permissions(&q, "microsoft", "openai_ip.models"),
        ["exclusive_ip"]
    );
}
