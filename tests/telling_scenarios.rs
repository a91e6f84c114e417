//! The scenarios findings are shown with, run as a user would (issue 9): on a
//! contract effective in 2000, `pactum check` names no event before
//! 2000-01-01, and replaying the shown `--assume` list with `pactum query`
//! shows the finding again. On the Hydraspin agreement the deadline that
//! falls due before it arises is shown with the two events that make it, not
//! with the four that never happen and do not matter.

use std::path::{Path, PathBuf};
use std::process::Command;

fn path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn pactum_json(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("pactum runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The days a text names after `happens on `.
fn event_days(text: &str) -> Vec<String> {
    text.match_indices(" happens on ")
        .filter_map(|(at, w)| text.get(at + w.len()..at + w.len() + 10))
        .map(str::to_string)
        .collect()
}

/// The clauses `pactum query` shows active on `day` with `assume` flags.
fn active(file: &Path, day: &str, assume: &[String]) -> Vec<String> {
    let mut args = vec!["query", file.to_str().unwrap(), "--at", day];
    for a in assume {
        args.extend(["--assume", a.as_str()]);
    }
    let answer = pactum_json(&args);
    (answer["norms"].as_array().expect("norms"))
        .iter()
        .map(|n| n["clause"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_contract_effective_in_2000_is_shown_with_events_from_2000_on() {
    // Written where no corpus test looks for contracts that check clean:
    // this one has a conflict and a violated assertion on purpose.
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("supply-2000.pactum");
    std::fs::write(&file, include_str!("telling_scenarios.pactum.txt")).expect("written");
    let report = pactum_json(&["check", file.to_str().unwrap()]);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");

    // The conflict: shown with its scenario, every event from 2000 on, and
    // replayed on its first day both clauses are active.
    let conflict = diagnostics
        .iter()
        .find(|d| d["code"] == "pactum::conflict::obligation_prohibition")
        .expect("the delivery conflict");
    let message = conflict["message"].as_str().unwrap();
    let days = event_days(message);
    assert!(!days.is_empty(), "no scenario in `{message}`");
    assert!(days.iter().all(|d| d.as_str() >= "2000-01-01"), "{message}");
    let first = message.split(" from ").nth(1).expect("a first day")[..10].to_string();
    let scenario: Vec<String> = message
        .split("when ")
        .nth(1)
        .unwrap()
        .split(" and ")
        .map(|part| {
            let (name, day) = part.split_once(" happens on ").unwrap();
            format!("{}={}", name.trim_matches('`'), &day[..10])
        })
        .collect();
    let on = active(&file, &first, &scenario);
    for clause in ["delivery", "no_delivery_after_termination"] {
        assert!(
            on.contains(&clause.to_string()),
            "{clause} not active: {on:?}"
        );
    }

    // The assertion: its counterexample has no event before 2000, and the
    // state there, asked as the help says, has the fee owed a year or more
    // after the notice.
    let assertion = (report["assertions"].as_array().unwrap().iter())
        .find(|a| a["name"] == "fee_after_notice")
        .expect("the assertion's result");
    assert_eq!(assertion["status"], "violated");
    let cx = &assertion["counterexample"];
    let day = cx["day"].as_str().unwrap();
    let scenario = cx["scenario"].as_object().unwrap();
    let notice = scenario["notice"].as_str().unwrap();
    assert!(notice >= "2000-01-01", "notice on {notice}");
    assert!(
        scenario
            .values()
            .all(|d| d == "never" || d.as_str().unwrap() >= "2000-01-01"),
        "{scenario:?}"
    );
    let flags: Vec<String> = (scenario.iter())
        .map(|(e, d)| format!("{e}={}", d.as_str().unwrap()))
        .collect();
    assert!(active(&file, day, &flags).contains(&"termination_fee".to_string()));
}

#[test]
fn the_hydraspin_deadline_is_shown_with_the_events_that_make_it() {
    let file = path("contracts/hydraspin-bestev-2019.pactum");
    if !file.exists() {
        return; // A checkout without the corpus has nothing to show.
    }
    let report = pactum_json(&["check", file.to_str().unwrap()]);
    let finding = (report["diagnostics"].as_array().unwrap().iter())
        .find(|d| d["code"] == "pactum::deadline::before_trigger")
        .expect("the change-of-control payout finding");
    let help = finding["help"].as_str().unwrap();
    assert!(!help.contains("never happen"), "{help}");
    assert!(help.contains("`change_of_control` happens on"), "{help}");
    assert!(
        help.contains("`terminate_on_change_of_control` happens on"),
        "{help}"
    );
    assert!(
        event_days(help).iter().all(|d| d.as_str() >= "2019-11-12"),
        "{help}"
    );
}
