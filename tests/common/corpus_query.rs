//! Asking a contract of contracts/ a question through `pactum query`, as a
//! user would, and reading what `pactum check` reports on it. Shared by the
//! corpus tests (tests/corpus_*.rs), which include it with `#[path]`.

// Each corpus test uses the parts its questions need.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// `pactum query FILE ARGS...`, run from the package root.
pub fn query(file: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .arg("query")
        .arg(file)
        .args(args)
        .output()
        .expect("pactum runs")
}

/// The JSON answer to a question whose scenario the contract accepts.
pub fn answer(file: &str, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = query(file, &all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// The message with which Pactum rejects a scenario (exit status 2): how a
/// question "was it on time?" is answered no.
pub fn rejection(file: &str, args: &[&str]) -> String {
    let out = query(file, args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "the scenario was accepted: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The clauses active in an answer.
pub fn active(report: &serde_json::Value) -> Vec<String> {
    report["norms"]
        .as_array()
        .expect("norms")
        .iter()
        .map(|n| n["clause"].as_str().expect("clause").to_string())
        .collect()
}

/// The norm of this clause in an answer; it must be active.
pub fn norm<'a>(report: &'a serde_json::Value, clause: &str) -> &'a serde_json::Value {
    report["norms"]
        .as_array()
        .expect("norms")
        .iter()
        .find(|n| n["clause"] == clause)
        .unwrap_or_else(|| panic!("`{clause}` is not active: {report:#}"))
}

/// Every finding `pactum check` reports on the file, as "code message",
/// sorted.
pub fn findings(file: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let loaded = pactum::check::check_file(&path, &mut |p| std::fs::read(p));
    let mut found: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code.as_str(), d.message))
        .collect();
    found.sort();
    found
}
