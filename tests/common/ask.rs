//! Asking a contract of contracts/ a question through `pactum query`, as a
//! user would (the binary, from the package root), and reading what `pactum
//! check` reports on it. Shared by the corpus tests (tests/corpus_*.rs),
//! which include it with `#[path]`.

// Each corpus test uses the parts its questions need.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A contract of contracts/, by file name.
pub fn contract(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("contracts")
        .join(name)
}

/// `pactum query FILE ARGS...`, run from the package root: `file` is
/// relative to it, as the corpus tests name their contracts, or absolute.
pub fn query(file: &(impl AsRef<Path> + ?Sized), args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .arg("query")
        .arg(file.as_ref())
        .args(args)
        .output()
        .expect("pactum runs")
}

/// The JSON answer to a question whose scenario the contract accepts.
pub fn answer(file: &(impl AsRef<Path> + ?Sized), args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = query(file, &all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// The message with which Pactum rejects a scenario (exit status 2): how a
/// question "was it on time?" is answered no.
pub fn rejection(file: &(impl AsRef<Path> + ?Sized), args: &[&str]) -> String {
    let out = query(file, args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?} was accepted: {}",
        String::from_utf8_lossy(&out.stdout)
    );
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

/// The norm of `clause` in an answer, which must be active.
pub fn active_norm<'a>(answer: &'a serde_json::Value, clause: &str) -> &'a serde_json::Value {
    norm(answer, clause).unwrap_or_else(|| panic!("`{clause}` is not active: {answer:#}"))
}

/// Whether the answer says clause `prevails` prevails over clause `over`.
pub fn prevails(answer: &serde_json::Value, prevails: &str, over: &str) -> bool {
    answer["precedence"]
        .as_array()
        .expect("precedence")
        .iter()
        .any(|p| p["prevails"] == prevails && p["over"] == over)
}

/// The codes `pactum check` reports for the contract (relative to the
/// package root, or absolute), sorted, each with its message.
pub fn findings(file: &(impl AsRef<Path> + ?Sized)) -> Vec<(&'static str, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let loaded = pactum::check::check_file(&path, &mut |p| std::fs::read(p));
    let mut found: Vec<(&'static str, String)> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.message.clone()))
        .collect();
    found.sort();
    found
}

/// [`findings`] as lines "code message", sorted.
pub fn finding_lines(file: &(impl AsRef<Path> + ?Sized)) -> Vec<String> {
    let mut lines: Vec<String> = (findings(file).into_iter())
        .map(|(c, m)| format!("{c} {m}"))
        .collect();
    lines.sort();
    lines
}

/// The value of the named amount `name`, in words (`USD 6,900`), once the
/// lines `question` (the question's own figures, as named amounts that use
/// the contract's) are added to the contract: the library computes it, the
/// test only states the figures the question gives. The contract with the
/// question's lines must load without errors.
pub fn amount_with(file: &str, question: &str, name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(&path).expect("the contract reads");
    let text = format!("{text}\n{question}\n");
    let loaded = pactum::check::check_text(&path, &text, &mut |p| std::fs::read(p));
    let errors: Vec<&str> = (loaded.diagnostics.iter())
        .filter(|d| d.is_error() && d.code.as_str().starts_with("pactum::amount"))
        .map(|d| d.message.as_str())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let amount = (loaded.contract.amounts.iter())
        .find(|a| a.named.name == name)
        .unwrap_or_else(|| panic!("no amount `{name}`"));
    pactum::print::amount(amount.value.as_ref().expect("a value"))
}

/// A named amount over inputs in an answer (its `amounts`), in words: the
/// value, or what it waits for.
pub fn named_amount(answer: &serde_json::Value, name: &str) -> String {
    (answer["amounts"].as_array().expect("amounts").iter())
        .find(|a| a["name"] == name)
        .and_then(|a| a["amount"]["text"].as_str())
        .unwrap_or_else(|| panic!("no amount `{name}`: {answer:#}"))
        .to_string()
}

/// The amount of clause `clause` in an answer, in words, if it states one.
pub fn clause_amount(answer: &serde_json::Value, clause: &str) -> Option<String> {
    answer["norms"]
        .as_array()?
        .iter()
        .find(|n| n["clause"] == clause)?["amount"]["text"]
        .as_str()
        .map(str::to_string)
}

/// `pactum schedule FILE ARGS... --format json`, run from the package root:
/// the dated obligations of the scenario the arguments assume.
pub fn schedule(file: &(impl AsRef<Path> + ?Sized), args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .arg("schedule")
        .arg(file.as_ref())
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("pactum runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// The row of a schedule for one clause (an instalment's full name).
pub fn schedule_row<'a>(
    schedule: &'a serde_json::Value,
    clause: &str,
) -> Option<&'a serde_json::Value> {
    schedule["rows"]
        .as_array()?
        .iter()
        .find(|r| r["clause"] == clause)
}
