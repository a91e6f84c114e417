//! Asking `pactum query` a corpus agreement's dated questions, as the
//! binary: shared by tests/corpus_*.rs, which include it with `#[path]`.

// Each corpus test uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A contract of contracts/, by file name.
pub fn contract(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("contracts")
        .join(name)
}

fn query(contract: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .arg("query")
        .arg(contract)
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("pactum runs")
}

/// The answer to a question whose scenario Pactum accepts.
pub fn accepted(contract: &Path, args: &[&str]) -> serde_json::Value {
    let out = query(contract, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// What Pactum says when it rejects a question's scenario.
pub fn rejected(contract: &Path, args: &[&str]) -> String {
    let out = query(contract, args);
    assert_eq!(out.status.code(), Some(2), "{args:?} was accepted");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The clauses active in an answer.
pub fn active(answer: &serde_json::Value) -> Vec<String> {
    answer["norms"]
        .as_array()
        .expect("norms")
        .iter()
        .map(|n| n["clause"].as_str().expect("clause").to_string())
        .collect()
}

/// The norm of `clause` in an answer, if it is active.
pub fn norm<'a>(answer: &'a serde_json::Value, clause: &str) -> Option<&'a serde_json::Value> {
    answer["norms"]
        .as_array()
        .expect("norms")
        .iter()
        .find(|n| n["clause"] == clause)
}

/// Whether the answer says clause `prevails` prevails over clause `over`.
pub fn prevails(answer: &serde_json::Value, prevails: &str, over: &str) -> bool {
    answer["precedence"]
        .as_array()
        .expect("precedence")
        .iter()
        .any(|p| p["prevails"] == prevails && p["over"] == over)
}

/// The codes `pactum check` reports for the contract, sorted, each with its
/// message.
pub fn findings(contract: &Path) -> Vec<(&'static str, String)> {
    let loaded = pactum::check::check_file(contract, &mut |p| std::fs::read(p));
    let mut found: Vec<(&'static str, String)> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.message.clone()))
        .collect();
    found.sort();
    found
}
