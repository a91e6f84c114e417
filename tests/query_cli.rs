//! `pactum query` run as a binary: the question the command exists for, its
//! JSON and human output, and its input errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "common/shell.rs"]
mod shell;

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

/// The fixture with a carve-out for one product and a norm directed to one
/// party.
fn carve_out() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/query/carve_out.pactum")
}

fn query_file(file: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .arg("query")
        .arg(file)
        .args(args)
        .output()
        .expect("pactum runs")
}

fn json_of(file: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = query_file(file, &all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// The `overridden_by` list of a clause in a JSON answer.
fn overridden_by(report: &serde_json::Value, clause: &str) -> Vec<String> {
    let norms = report["norms"].as_array().expect("norms");
    let n = norms
        .iter()
        .find(|n| n["clause"] == clause)
        .unwrap_or_else(|| panic!("`{clause}` is not in {report:#}"));
    n["overridden_by"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_carve_out_overrides_only_the_subject_it_carves_out() {
    let file = carve_out();
    // `no_watches` is an exception to `sell_all` for watches only: asked
    // about phones, the permission stands; asked about watches, it does not.
    let phones = json_of(
        &file,
        &["--at", "2026-01-01", "--subject", "products.phone"],
    );
    assert!(overridden_by(&phones, "sell_all").is_empty(), "{phones:#}");
    let watches = json_of(
        &file,
        &["--at", "2026-01-01", "--subject", "products.watch"],
    );
    assert_eq!(overridden_by(&watches, "sell_all"), ["no_watches"]);
    // Without a subject the whole clause is asked about, watches included.
    let all = json_of(&file, &["--at", "2026-01-01"]);
    assert_eq!(overridden_by(&all, "sell_all"), ["no_watches"]);
    let out = query_file(
        &file,
        &["--at", "2026-01-01", "--subject", "products.phone"],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("maker may sell products"), "{text}");
    assert!(!text.contains("overridden by"), "{text}");
}

#[test]
fn the_answer_says_which_of_two_norms_prevails() {
    let file = carve_out();
    let all = json_of(&file, &["--at", "2026-01-01"]);
    assert_eq!(
        all["precedence"],
        serde_json::json!([{
            "prevails": "no_watches",
            "over": "sell_all",
            "subjects": ["products.watch"],
            "qualifiers": {"to": null, "on": null},
            "contrary": true
        }]),
        "{all:#}"
    );
    // Asked about phones, the carve-out decides nothing.
    let phones = json_of(
        &file,
        &["--at", "2026-01-01", "--subject", "products.phone"],
    );
    assert_eq!(phones["precedence"], serde_json::json!([]));
    // Asked about every product, the pair is shown about watches only.
    let products = json_of(&file, &["--at", "2026-01-01", "--subject", "products"]);
    assert_eq!(
        products["precedence"][0]["subjects"],
        serde_json::json!(["products.watch"])
    );
    let out = query_file(&file, &["--at", "2026-01-01"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "what prevails where two of them apply to the same act:\n  no_watches prevails over sell_all about products.watch\n"
        ),
        "{text}"
    );
    // After the recall, the permission has ended: nothing to decide.
    let later = json_of(
        &file,
        &[
            "--at",
            "2027-01-01",
            "--assume",
            "launch=2026-01-01",
            "--assume",
            "recall=2026-06-01",
        ],
    );
    assert_eq!(later["precedence"], serde_json::json!([]));
    // Where two norms meet only for some parties and qualifiers, the line
    // says for which (docs/query.md shows this one), when this checkout has
    // the reference contract.
    let reference =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts/microsoft-openai-2025.pactum");
    if reference.exists() {
        let out = query_file(&reference, &["--at", "2026-06-01"]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains(
                "  natsec_api prevails over azure_api_exclusivity about api_products to us_natsec on other_cloud\n"
            ),
            "{text}"
        );
    }
}

#[test]
fn to_filters_by_the_party_a_norm_is_directed_to() {
    let file = carve_out();
    let clauses = |to: &str| -> Vec<String> {
        let report = json_of(&file, &["--at", "2026-01-01", "--to", to]);
        assert_eq!(report["to"], to);
        report["norms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["clause"].as_str().unwrap().to_string())
            .collect()
    };
    // Norms without `to` apply whoever they are directed to.
    assert_eq!(
        clauses("agency"),
        ["sell_all", "no_watches", "agency_tablets"]
    );
    assert_eq!(clauses("buyer"), ["sell_all", "no_watches"]);
    let out = query_file(&file, &["--at", "2026-01-01", "--to", "agency"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("directed to `agency`"), "{text}");
    assert!(
        text.contains("maker must sell products.tablet to agency"),
        "{text}"
    );
    let out = query_file(&file, &["--at", "2026-01-01", "--to", "agensy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `agency`?"));
}

#[test]
fn json_gives_the_days_in_words_with_the_last_day_included() {
    let report = json(&["--at", "2028-06-01", "--subject", "openai_ip.research"]);
    let research = report["norms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["party"] == "microsoft" && n["modality"] == "may")
        .expect("research IP norm")
        .clone();
    assert_eq!(research["until"], "2031-01-01");
    assert!(
        research["in_force"]
            .as_str()
            .unwrap()
            .ends_with("through 2030-12-31"),
        "{research:#}"
    );
    assert_eq!(research["norm"], "microsoft may use openai_ip.research");
    assert!(report["to"].is_null());
}

/// Every `.pactum` file under `dir`.
fn pactum_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            pactum_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "pactum") {
            out.push(path);
        }
    }
}

/// Every counterexample command the verifier prints for the contracts in
/// tests/ and contracts/ is accepted by `pactum query` as written, and shows
/// the counterexample's day and whole scenario.
#[test]
fn every_counterexample_command_is_accepted_by_the_query() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    pactum_files(&root.join("tests"), &mut files);
    pactum_files(&root.join("contracts"), &mut files);
    files.sort();
    let mut commands = 0;
    for file in &files {
        let loaded = pactum::check::check_file(file, &mut |p| std::fs::read(p));
        for d in &loaded.diagnostics {
            if d.code != pactum::diagnostics::Code::AssertionViolated {
                continue;
            }
            // A failed `no conflicts` assertion points at the conflicts the
            // checker found; it has no day and scenario of its own to replay.
            if d.message.contains("the checker finds") {
                continue;
            }
            let help = d.help.as_deref().expect("a counterexample has help");
            let command = help
                .split('`')
                .find(|s| s.starts_with("pactum query "))
                .unwrap_or_else(|| panic!("no query command in {help}"));
            assert!(
                !command.contains('\''),
                "a test path needs no quoting: {command}"
            );
            // Split as a shell does: input values are quoted.
            let args: Vec<String> = shell::words(command).into_iter().skip(1).collect();
            let out = Command::new(env!("CARGO_BIN_EXE_pactum"))
                .args(&args)
                .args(["--format", "json"])
                .output()
                .expect("pactum runs");
            assert!(
                out.status.success(),
                "{command}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let at = report["at"].as_str().unwrap();
            // A condition of constant amounts fails on every day: its
            // message names none, and the command's day is any day.
            let dayless = d.message.ends_with("is violated");
            assert!(
                dayless || d.message.ends_with(&format!("violated on {at}")),
                "{command}"
            );
            // The command names the events that matter (those the assertion
            // depends on, and every event that happens): never more than the
            // contract has, and the query accepts it as written.
            let events = loaded.contract.events.len();
            assert!(report["assumed"].as_array().unwrap().len() <= events);
            commands += 1;
        }
    }
    // tests/query/carve_out.pactum and tests/fmt/example-basic.pactum
    // give one each; without them the test would prove nothing.
    assert!(commands >= 2, "only {commands} counterexample commands");
}
