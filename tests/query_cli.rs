//! `pactum query` run as a binary: the question the command exists for, its
//! JSON and human output, and its input errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The reference contract if this checkout has it, else a small fixture with
/// the same clauses for the question.
fn contract() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = root.join("contracts/microsoft-openai-2025.pactum");
    if reference.exists() {
        reference
    } else {
        root.join("tests/fixtures/agi.pactum")
    }
}

fn query(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .arg("query")
        .arg(contract())
        .args(args)
        .output()
        .expect("pactum runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = query(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

const AGI_2029: [&str; 4] = [
    "--assume",
    "agi_declared=2029-03-01",
    "--assume",
    "agi_verified=2029-03-01",
];

/// The norms that let Microsoft use the subject on 2031-06-01 after AGI was
/// verified on 2029-03-01.
fn microsoft_may_use(subject: &str) -> Vec<serde_json::Value> {
    let mut args = vec![
        "--at",
        "2031-06-01",
        "--party",
        "microsoft",
        "--subject",
        subject,
    ];
    args.extend(AGI_2029);
    let report = json(&args);
    assert_eq!(report["at"], "2031-06-01");
    assert_eq!(report["scenario"]["agi_verified"], "2029-03-01");
    assert_eq!(report["assumed"].as_array().unwrap().len(), 2);
    report["norms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["modality"] == "may" && n["action"] == "use" && n["party"] == "microsoft")
        .cloned()
        .collect()
}

#[test]
fn after_verified_agi_microsoft_keeps_weights_but_not_research() {
    assert!(microsoft_may_use("openai_ip.research").is_empty());
    let weights = microsoft_may_use("openai_ip.models.weights");
    assert!(!weights.is_empty());
    assert!(weights
        .iter()
        .any(|n| n["sources"].as_array().unwrap().iter().any(|s| s == "T6")));
    for n in &weights {
        // Resolved window: started, not yet ended.
        assert!(n["from"].as_str().unwrap() <= "2031-06-01");
        assert!(n["until"].is_null() || n["until"].as_str().unwrap() > "2031-06-01");
        assert!(n["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s != "openai_ip.research"));
    }
}

#[test]
fn before_verification_research_ip_is_active() {
    let report = json(&["--at", "2028-06-01", "--subject", "openai_ip.research"]);
    let norms = report["norms"].as_array().unwrap();
    let research = norms
        .iter()
        .find(|n| n["party"] == "microsoft" && n["modality"] == "may")
        .expect("research IP norm");
    // No assumption: AGI is never verified, so the right ends with 2030.
    assert_eq!(research["until"], "2031-01-01");
    assert!(research["window"]
        .as_str()
        .unwrap()
        .contains("agi_verified"));
    assert_eq!(report["scenario"]["agi_verified"], "never");
    assert!(report["assumed"].as_array().unwrap().is_empty());
    assert!(report["facts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["quantity"] == "microsoft_stake" && f["unit"] == "%"));
}

#[test]
fn human_output_names_the_scenario_and_the_norms() {
    let mut args = vec!["--at", "2031-06-01"];
    args.extend(AGI_2029);
    let out = query(&args);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("agi_verified = 2029-03-01  (assumed)"),
        "{text}"
    );
    assert!(text.contains("microsoft may use"), "{text}");
    assert!(text.contains("through 2032"), "{text}");
    assert!(!text.contains("research_ip"), "{text}");
    let out = query(&["--at", "2031-06-01"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("not assumed, so never"), "{text}");
}

fn fails_with(args: &[&str], status: i32, needle: &str) {
    let out = query(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(status), "{stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in {stderr}");
}

#[test]
fn bad_input_exits_with_status_2_and_says_why() {
    fails_with(&["--at", "2030-02-30"], 2, "`2030-02-30` is not a date");
    fails_with(
        &["--at", "2030-01-01", "--assume", "agi_verifed=2029-01-01"],
        2,
        "did you mean `agi_verified`?",
    );
    fails_with(
        &["--at", "2030-01-01", "--assume", "agi_verified"],
        2,
        "does not say when",
    );
    fails_with(
        &["--at", "2030-01-01", "--assume", "agi_verified=2029-01-01"],
        2,
        "--assume agi_declared=2029-01-01",
    );
    fails_with(
        &[
            "--at",
            "2030-01-01",
            "--assume",
            "agi_declared=2029-05-01",
            "--assume",
            "agi_verified=2029-01-01",
        ],
        2,
        "must come on or after `agi_declared`",
    );
    fails_with(
        &["--at", "2030-01-01", "--party", "microsfot"],
        2,
        "did you mean `microsoft`?",
    );
    fails_with(
        &["--at", "2030-01-01", "--subject", "openai_ip.reserch"],
        2,
        "did you mean `openai_ip.research`?",
    );
}

#[test]
fn a_file_with_errors_is_not_queried() {
    let dir = std::env::temp_dir().join(format!("pactum-query-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.pactum");
    std::fs::write(&file, "contract \"bad\"\nclause c { nobody may act s }\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args([
            "query",
            file.to_str().unwrap(),
            "--at",
            "2030-01-01",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pactum::name::unknown"));
}
