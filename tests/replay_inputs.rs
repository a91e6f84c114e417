//! A finding shown in a scenario with events the inputs decide names the
//! values of the inputs that make those events happen, and its `pactum
//! query` command assumes them (issue 10, item 5): a user copies the shown
//! command into a shell, as this test does with the binary, and the query
//! shows the scenario of the finding: the events on the days it names, the
//! assertion's condition failing on the day it names.

use std::path::Path;
use std::process::Command;

const PACTUM: &str = env!("CARGO_BIN_EXE_pactum");

/// `pactum check --format json FILE`: the diagnostics.
fn check(file: &Path) -> Vec<serde_json::Value> {
    let out = Command::new(PACTUM)
        .args(["check", "--format", "json"])
        .arg(file)
        .output()
        .expect("pactum runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    json["diagnostics"].as_array().expect("diagnostics").clone()
}

/// The violation of assertion `name`: its label and the command its help shows.
fn violation(diagnostics: &[serde_json::Value], name: &str) -> (String, String) {
    let d = (diagnostics.iter())
        .find(|d| {
            d["code"] == "pactum::assert::violated"
                && (d["message"].as_str()).is_some_and(|m| m.contains(&format!("`{name}`")))
        })
        .unwrap_or_else(|| panic!("`{name}` is violated: {diagnostics:#?}"));
    let help = d["help"].as_str().expect("a help");
    let command = help.split('`').nth(1).expect("a command in the help");
    assert!(command.starts_with("pactum query "), "{command}");
    (
        d["label"].as_str().expect("a label").to_string(),
        command.to_string(),
    )
}

/// The shown command run in a shell as a user would, asking for JSON: the
/// answer; the command must be accepted as written.
fn replay(command: &str) -> serde_json::Value {
    let line = format!("{PACTUM} {} --format json", &command["pactum ".len()..]);
    let out = Command::new("sh")
        .args(["-c", &line])
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "`{command}` is refused: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// Whether the answer shows the clause active.
fn active(answer: &serde_json::Value, clause: &str) -> bool {
    let norms = answer["norms"].as_array().expect("norms");
    norms.iter().any(|n| n["clause"] == clause)
}

/// Hydraspin's benchmark (a) of the second period, with the carry-over of
/// the first period's excess: the assertion that it is never missed is
/// violated on 2021-11-12, in a scenario the shown counts give; the shown
/// command assumes the counts, not the event, and the query gives the event
/// that day.
#[test]
fn the_hydraspin_carry_over_counterexample_replays_with_its_counts() {
    let dir = tempfile::tempdir().expect("a directory");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts/hydraspin-bestev-2019.pactum"),
    )
    .expect("the contract");
    let file = dir.path().join("hydraspin.pactum");
    std::fs::write(
        &file,
        format!(
            "{text}\nassert never_missed {{\n  never second_period_locations_missed has happened\n}}\n"
        ),
    )
    .expect("written");
    let (label, command) = violation(&check(&file), "never_missed");
    assert!(
        label.contains("when `second_period_locations_missed` happens on 2021-11-12, given `first_period_locations` = "),
        "{label}"
    );
    assert!(command.contains(" --at 2021-11-12 "), "{command}");
    assert!(
        command.contains("--assume first_period_locations="),
        "{command}"
    );
    assert!(
        command.contains("--assume second_period_locations="),
        "{command}"
    );
    assert!(
        !command.contains("--assume second_period_locations_missed="),
        "the event the counts decide is left to them: {command}"
    );
    let answer = replay(&command);
    assert_eq!(
        answer["scenario"]["second_period_locations_missed"],
        "2021-11-12"
    );
    assert_eq!(answer["decided"][0], "second_period_locations_missed");
}

/// A contract of money inputs: net sales of USD 20 million by mid-year
/// open a right to terminate, and one quarter's royalty under USD 500 opens
/// another. The assertion that neither right is ever open together is
/// violated; the shown values (money with its currency and grouping, the
/// quarter's value as `royalty[2030-Q1]`) replay it.
#[test]
fn a_money_counterexample_replays_with_its_amounts() {
    let dir = tempfile::tempdir().expect("a directory");
    let file = dir.path().join("sales target.pactum");
    std::fs::write(
        &file,
        "contract \"replay\" effective 2030-01-01\n\
         party seller\n\
         party buyer\n\
         action terminate\n\
         subject agreement\n\
         input net_sales \"Net Sales\": money USD\n\
         input royalty \"the royalty of a quarter\": money USD per quarter\n\
         event target_met on 2030-06-30 when net_sales >= USD 20,000,000\n\
         event low_royalty on 2030-04-15 when royalty[2030-Q1] + USD 500 < USD 1,000\n\
         clause walk_away {\n  buyer may terminate agreement\n  from target_met\n}\n\
         clause walk_early {\n  seller may terminate agreement\n  from low_royalty\n}\n\
         assert not_both {\n  never walk_away is active and walk_early is active\n}\n",
    )
    .expect("written");
    let (label, command) = violation(&check(&file), "not_both");
    assert!(label.contains("on 2030-06-30 when"), "{label}");
    assert!(
        label.contains("`target_met` happens on 2030-06-30"),
        "{label}"
    );
    assert!(
        label.contains("`low_royalty` happens on 2030-04-15"),
        "{label}"
    );
    // The search's value for `net_sales` is the threshold itself, which
    // meets the target; money is written as the language writes amounts.
    assert!(
        label.contains("given `net_sales` = USD 20,000,000"),
        "{label}"
    );
    assert!(label.contains("`royalty[2030-Q1]` = USD "), "{label}");
    assert!(
        command.contains("sales target.pactum' --at 2030-06-30 "),
        "{command}"
    );
    assert!(
        command.contains(" --assume \"net_sales=USD 20,000,000\""),
        "{command}"
    );
    assert!(
        command.contains(" --assume \"royalty[2030-Q1]=USD "),
        "{command}"
    );
    assert!(!command.contains("target_met="), "{command}");
    assert!(!command.contains("low_royalty="), "{command}");
    let answer = replay(&command);
    assert_eq!(answer["scenario"]["target_met"], "2030-06-30");
    assert_eq!(answer["scenario"]["low_royalty"], "2030-04-15");
    assert!(
        active(&answer, "walk_away") && active(&answer, "walk_early"),
        "{answer:#}"
    );
}
