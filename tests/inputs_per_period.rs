//! Inputs with one value per period, as a user gives them: `pactum query
//! --assume NAME[PERIOD]=VALUE`, the refusals of an assumption that names
//! no such value, an event decided by one period's value, and what `pactum
//! check` decides about assertions over sums.

#[path = "common/ask.rs"]
mod ask;

use std::path::PathBuf;

const TEXT: &str = r#"contract "Licence" effective 2017-01-01
party licensee
party licensor
action pay
subject royalties
event royalties_paid by licensee

input royalty "the royalty reported for a quarter": money USD per quarter
input units "units installed": number

event low_royalty on 2020-01-01 when royalty[2019-Q4] < USD 1,000

clause quarterly_royalties {
  licensee must pay royalties to licensor
  every quarter
  from 2017-01-01 until 2020-01-01
  due within 30 days after the end of each quarter
  discharged by royalties_paid
  amount royalty
}

assert paid_royalties_capped {
  always amount sum of quarterly_royalties paid in year 2018 <= USD 50,000
}

assert no_low_royalty {
  never low_royalty has happened
}
"#;

fn file(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, TEXT).expect("written");
    path
}

#[test]
fn an_instalment_owes_its_own_periods_value() {
    let path = file("per-period-owes.pactum");
    let report = ask::answer(
        &path,
        &[
            "--at",
            "2018-04-30",
            "--assume",
            "royalty[2018-Q1]=USD 1,200",
            "--assume",
            "royalty[2017-Q4]=USD 900",
        ],
    );
    let norm = ask::active_norm(&report, "quarterly_royalties[2018-Q1]");
    assert_eq!(norm["amount"]["text"], "USD 1,200");
    assert_eq!(report["inputs"]["royalty[2018-Q1]"], "USD 1,200");
    // Another quarter's instalment waits for its own value.
    let report = ask::answer(&path, &["--at", "2018-07-30"]);
    let norm = ask::active_norm(&report, "quarterly_royalties[2018-Q2]");
    let text = norm["amount"]["text"].as_str().expect("text");
    assert!(text.contains("`royalty[2018-Q2]`"), "{text}");
}

#[test]
fn an_assumption_must_name_one_period_of_the_inputs_kind() {
    let path = file("per-period-refusals.pactum");
    let bare = ask::rejection(&path, &["--at", "2018-01-01", "--assume", "royalty=USD 5"]);
    assert!(
        bare.contains("`royalty` has one value per `quarter`"),
        "{bare}"
    );
    assert!(bare.contains("--assume royalty[2000-Q1]=USD 5"), "{bare}");
    let year = ask::rejection(
        &path,
        &["--at", "2018-01-01", "--assume", "royalty[2018]=USD 5"],
    );
    assert!(
        year.contains("`2018` is not a label of a period `quarter`"),
        "{year}"
    );
    let scalar = ask::rejection(
        &path,
        &["--at", "2018-01-01", "--assume", "units[2018-Q1]=5"],
    );
    assert!(
        scalar.contains("input `units` has one value, not one per period"),
        "{scalar}"
    );
    let twice = ask::rejection(
        &path,
        &[
            "--at",
            "2018-01-01",
            "--assume",
            "royalty[2018-Q1]=USD 5",
            "--assume",
            "royalty[2018-Q1]=USD 6",
        ],
    );
    assert!(
        twice.contains("`royalty[2018-Q1]` is assumed twice"),
        "{twice}"
    );
}

#[test]
fn one_periods_value_decides_an_event() {
    let path = file("per-period-event.pactum");
    let low = ask::answer(
        &path,
        &["--at", "2020-01-01", "--assume", "royalty[2019-Q4]=USD 800"],
    );
    assert_eq!(low["scenario"]["low_royalty"], "2020-01-01");
    let high = ask::answer(
        &path,
        &[
            "--at",
            "2020-01-01",
            "--assume",
            "royalty[2019-Q4]=USD 1,000",
        ],
    );
    assert_eq!(high["scenario"]["low_royalty"], "never");
}

#[test]
fn check_decides_the_event_and_leaves_a_sum_by_payment_undecided() {
    let path = file("per-period-check.pactum");
    let found = ask::finding_lines(&path);
    // The event over one period's value is decided exactly: some value
    // makes it happen.
    assert!(
        found
            .iter()
            .any(|l| l.starts_with("pactum::assert::violated") && l.contains("no_low_royalty")),
        "{found:#?}"
    );
    // A sum grouped by the day each instalment is paid depends on the
    // scenario: undecided, with the reason, never a guess.
    let loaded = pactum::check::check_file(&path, &mut |p| std::fs::read(p));
    let undecided = (loaded.diagnostics.iter())
        .find(|d| d.code.as_str() == "pactum::assert::undecided")
        .expect("the sum's assertion is undecided");
    let why = &undecided.labels[0].message;
    assert!(
        why.contains("depends on the days the instalments are paid"),
        "{why}"
    );
}
