//! `pactum diff` run as a binary, as a user would: the reference contract
//! against its history (the question the command exists for: "what did
//! Microsoft lose on 2025-10-28?"), its JSON, and its input errors, each
//! with a clear message and never a panic.

use std::path::Path;
use std::process::{Command, Output};

const NEW: &str = "contracts/microsoft-openai-2025.pactum";
const OLD: &str = "contracts/microsoft-openai-history.pactum";

/// Runs `pactum diff` from the crate's root, so that paths in the output
/// are the relative ones given.
fn diff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("diff")
        .args(args)
        .output()
        .expect("pactum runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "status {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&stdout(&diff(&all))).expect("JSON output")
}

/// A failure: its exit status and standard error, which must not be a panic.
fn fails(args: &[&str]) -> (i32, String) {
    let out = diff(args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.stdout.is_empty(),
        "nothing on standard output on failure"
    );
    (out.status.code().expect("an exit status"), err)
}

#[test]
fn what_microsoft_lost_on_the_effective_date() {
    let text = stdout(&diff(&[NEW, "--on", "2025-10-28", "--party", "microsoft"]));
    insta::assert_snapshot!("microsoft_on_2025_10_28", text);
}

#[test]
fn the_reference_contract_against_its_history() {
    let text = stdout(&diff(&[NEW]));
    insta::assert_snapshot!("reference_against_history", text);
}

#[test]
fn one_scenario_as_json() {
    let report = json(&[
        NEW,
        "--on",
        "2025-10-28",
        "--party",
        "microsoft",
        "--assume",
        "agi_declared=never",
        "--assume",
        "agi_verified=never",
    ]);
    insta::assert_snapshot!(
        "microsoft_on_2025_10_28_json",
        serde_json::to_string_pretty(&report).unwrap()
    );
    // The structure a script reads, asserted apart from the snapshot.
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["old"]["file"], OLD);
    assert_eq!(report["new"]["file"], NEW);
    let scenarios = report["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 1);
    let changes = scenarios[0]["changes"].as_array().unwrap();
    let lost: Vec<&serde_json::Value> = changes.iter().filter(|c| c["kind"] == "lost").collect();
    // Microsoft's right of first refusal on compute (H5) ends with T12.
    assert_eq!(lost.len(), 1);
    assert_eq!(lost[0]["action"], "preempt");
    assert_eq!(lost[0]["lost"][0]["subjects"][0], "compute");
    assert_eq!(lost[0]["interval"]["from"], "2025-10-28");
    assert_eq!(lost[0]["before"][0]["clause"], "compute_rofr");
    // Its IP rights narrow: consumer hardware is out (T8).
    let narrowed: Vec<&serde_json::Value> =
        changes.iter().filter(|c| c["kind"] == "narrowed").collect();
    assert_eq!(narrowed.len(), 1);
    assert_eq!(
        narrowed[0]["lost"][0]["subjects"][0],
        "openai_ip.consumer_hardware"
    );
    assert!(changes.iter().all(|c| c["party"] == "microsoft"));
}

#[test]
fn a_file_against_the_one_it_amends_is_the_two_files_named() {
    let one = stdout(&diff(&[NEW, "--format", "json"]));
    let two = stdout(&diff(&[OLD, NEW, "--format", "json"]));
    assert_eq!(one, two);
}

#[test]
fn a_version_against_itself_has_no_change() {
    let text = stdout(&diff(&[NEW, NEW]));
    assert!(text.contains("no normative change"), "{text}");
}

#[test]
fn a_file_that_amends_nothing_says_so() {
    let (code, err) = fails(&[OLD]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("`{OLD}` amends no contract")),
        "{err}"
    );
    assert!(err.contains("pactum diff OLD NEW"), "{err}");
}

#[test]
fn an_unknown_party_gets_a_suggestion() {
    let (code, err) = fails(&[NEW, "--party", "microsft"]);
    assert_eq!(code, 2);
    assert!(err.contains("error: unknown party `microsft`"), "{err}");
    assert!(err.contains("did you mean `microsoft`?"), "{err}");
}

#[test]
fn a_bad_date_and_a_bad_assumption_are_named() {
    let (code, err) = fails(&[NEW, "--on", "2025-02-30"]);
    assert_eq!(code, 2);
    assert!(err.contains("`2025-02-30` is not a date"), "{err}");
    let (code, err) = fails(&[NEW, "--assume", "agi=2030-01-01"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown event `agi`"), "{err}");
    // The scenario must respect the events' order, as in `pactum query`.
    let (code, err) = fails(&[NEW, "--assume", "agi_verified=2030-01-01"]);
    assert_eq!(code, 2);
    assert!(err.contains("agi_declared"), "{err}");
}

#[test]
fn a_missing_file_and_a_file_with_errors_are_reported() {
    let (code, err) = fails(&["no/such/file.pactum", NEW]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/file.pactum"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.pactum");
    std::fs::write(
        &bad,
        "contract \"bad\" effective 2025-01-01\nclause x { nobody may use nothing }\n",
    )
    .unwrap();
    let bad = bad.to_str().unwrap();
    let (code, err) = fails(&[bad, NEW]);
    assert_eq!(code, 1);
    assert!(
        err.contains("has errors; fix them before comparing it"),
        "{err}"
    );
    let binary = dir.path().join("binary.pactum");
    std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
    let (code, err) = fails(&[binary.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("UTF-8"), "{err}");
    assert!(Path::new(bad).exists());
}

/// Every `$ pactum diff ...` block in README.md and docs/diff.md is the
/// command's real output, run again here.
#[test]
fn the_examples_in_the_docs_are_real_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for page in ["README.md", "docs/diff.md"] {
        let text = std::fs::read_to_string(root.join(page)).unwrap();
        for block in text.split("```text\n").skip(1) {
            let block = &block[..block.find("```").expect("a closed block")];
            let Some(first) = block.lines().next() else {
                continue;
            };
            let Some(command) = first.strip_prefix("$ pactum diff ") else {
                continue;
            };
            let args: Vec<&str> = command.split_whitespace().collect();
            let expected = &block[first.len() + 1..];
            assert_eq!(stdout(&diff(&args)), expected, "{page}: {first}");
            seen += 1;
        }
    }
    assert!(seen >= 3, "the docs show {seen} examples");
}

/// Without assumptions, every representative scenario is worked out, the
/// one in which no event happens first, and each names its events so that
/// it can be asked about alone with the same answer.
#[test]
fn the_scenarios_start_with_no_event_and_can_be_asked_about_alone() {
    let report = json(&[NEW, "--party", "microsoft"]);
    let scenarios = report["scenarios"].as_array().unwrap();
    assert!(scenarios.len() > 1, "the answer depends on AGI");
    let events = |s: &serde_json::Value| -> Vec<String> {
        (s["assume"].as_array().unwrap().iter())
            .map(|a| {
                let day = a["day"].as_str().unwrap_or("never");
                format!("{}={day}", a["event"].as_str().unwrap())
            })
            .collect()
    };
    assert!(events(&scenarios[0]).iter().all(|e| e.ends_with("=never")));
    for s in scenarios.iter().take(4) {
        let mut args = vec![NEW, "--party", "microsoft"];
        let assumed = events(s);
        for a in &assumed {
            args.extend(["--assume", a.as_str()]);
        }
        let alone = json(&args);
        assert_eq!(
            alone["scenarios"][0]["changes"], s["changes"],
            "{assumed:?}"
        );
    }
}
