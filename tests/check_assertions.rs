//! What `pactum check` says about each assertion: a summary in the terminal
//! and a result per assertion in the JSON output (docs/json.md), with the
//! document's schema version and the tool's version.

use std::process::{Command, Output};

use serde_json::Value;

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the pactum binary runs")
}

fn json(file: &str) -> Value {
    let out = pactum(&["check", "--format", "json", file]);
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn the_assertion<'a>(doc: &'a Value, name: &str) -> &'a Value {
    (doc["assertions"].as_array().expect("assertions"))
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no assertion `{name}` in {doc}"))
}

#[test]
fn the_document_says_its_schema_and_the_tool_version() {
    let doc = json("tests/ok/example-basic.pactum");
    assert_eq!(doc["schema_version"], 2);
    assert_eq!(doc["tool"]["name"], "pactum");
    assert_eq!(doc["tool"]["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn the_reference_contract_proves_every_assertion() {
    let file = "contracts/microsoft-openai-2025.pactum";
    let doc = json(file);
    let all = doc["assertions"].as_array().expect("assertions");
    assert!(all.len() >= 9, "{all:?}");
    for name in ["I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "I9"] {
        let a = the_assertion(&doc, name);
        assert_eq!(a["status"], "proved", "{a}");
        assert_eq!(a["file"], file);
        assert!(a["counterexample"].is_null() && a["why"].is_null());
    }
    assert_eq!(doc["summary"]["proved"], all.len());
    assert_eq!(doc["summary"]["violated"], 0);

    let out = pactum(&["check", "--color", "never", file]);
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("proved "))
        .unwrap_or_else(|| panic!("no summary of proved assertions:\n{err}"));
    assert!(
        line.starts_with(&format!(
            "proved {} assertions in {file}: `I1`, ",
            all.len()
        )),
        "{line}"
    );
    assert!(line.contains("`I9`"), "{line}");
}

#[test]
fn a_violated_assertion_gives_its_counterexample() {
    let doc = json("tests/analysis/assert.violated.pactum");
    let a = the_assertion(&doc, "ends_by_2030");
    assert_eq!(a["status"], "violated");
    assert_eq!(a["counterexample"]["day"], "2025-01-01");
    assert_eq!(a["counterexample"]["scenario"]["acquisition"], "2025-01-01");
    assert!(a["message"]
        .as_str()
        .unwrap()
        .contains("is violated on 2025-01-01"));
    assert_eq!(doc["summary"]["violated"], 1);

    // The counterexample is the state `pactum query` shows: replay it.
    let out = pactum(&[
        "query",
        "tests/analysis/assert.violated.pactum",
        "--at",
        "2025-01-01",
        "--assume",
        "acquisition=2025-01-01",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = pactum(&[
        "check",
        "--color",
        "never",
        "tests/analysis/assert.violated.pactum",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "violated 1 assertion in tests/analysis/assert.violated.pactum: `ends_by_2030`"
        ),
        "{err}"
    );
}

#[test]
fn a_no_conflicts_assertion_is_violated_by_the_conflicts() {
    let doc = json("tests/analysis/assert.violated.no_conflicts.pactum");
    let a = the_assertion(&doc, "consistent");
    assert_eq!(a["status"], "violated");
    assert!(
        a["counterexample"].is_null(),
        "the conflicts are the diagnostics"
    );
    assert!(a["message"].as_str().unwrap().contains("finds 1 conflict"));
}

#[test]
fn an_undecided_assertion_says_why() {
    let doc = json("tests/analysis/assert.undecided.pactum");
    let a = the_assertion(&doc, "no_double_booking");
    assert_eq!(a["status"], "undecided");
    assert!(
        a["why"]
            .as_str()
            .unwrap()
            .contains("representative scenarios"),
        "{a}"
    );
    assert_eq!(doc["summary"]["undecided"], 1);
    let out = pactum(&[
        "check",
        "--color",
        "never",
        "tests/analysis/assert.undecided.pactum",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("undecided 1 assertion in "), "{err}");
}
