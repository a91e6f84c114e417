//! Conditions on clauses and powers (`when COND`, `unless COND`): they are
//! folded into windows when the contract resolves, so a clause with a
//! condition is in force on exactly the days its plain window and the
//! condition agree, in every scenario; what cannot be folded into one period
//! is an error, never an approximation.

use std::path::Path;
use std::process::Command;

use pactum::check::check_text;
use pactum::diagnostics::Code;
use pactum::model::{Contract, Loaded};
use pactum::semantics::{clause_active, Scenario};
use pactum::testing::day;

const HEAD: &str = "contract \"licence\" effective 2020-01-01\nparty licensor\nparty licensee\n\
                    action sell\naction assign\naction audit\nsubject goods\nsubject licence\n\
                    subject records\nevent launch by licensee\nevent consent by licensor\n";

fn check(body: &str) -> Loaded {
    let text = format!("{HEAD}{body}");
    check_text(Path::new("/c/current.pactum"), &text, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    })
}

fn codes(loaded: &Loaded) -> Vec<Code> {
    loaded.diagnostics.iter().map(|d| d.code).collect()
}

fn errors(loaded: &Loaded) -> Vec<Code> {
    (loaded.diagnostics.iter())
        .filter(|d| d.severity == pactum::diagnostics::Severity::Error)
        .map(|d| d.code)
        .collect()
}

/// Every scenario of the two events over a few days around the windows'
/// dates (never included), with the days to look at.
fn scenarios(c: &Contract) -> Vec<Scenario> {
    let days = [
        None,
        Some("2019-06-01"),
        Some("2020-01-01"),
        Some("2020-05-31"),
        Some("2021-03-01"),
        Some("2022-12-31"),
    ];
    let (launch, consent) = (
        c.find_event("launch").unwrap(),
        c.find_event("consent").unwrap(),
    );
    let mut out = Vec::new();
    for l in days {
        for k in days {
            let mut s = Scenario::never(c);
            s.set(launch, l.map(day));
            s.set(consent, k.map(day));
            out.push(s);
        }
    }
    out
}

const DAYS: [&str; 10] = [
    "2019-12-31",
    "2020-01-01",
    "2020-05-30",
    "2020-05-31",
    "2020-06-01",
    "2021-02-28",
    "2021-03-01",
    "2021-06-01",
    "2022-12-31",
    "2023-01-01",
];

fn id(c: &Contract, name: &str) -> pactum::model::ClauseId {
    c.find_clause(name)
        .unwrap_or_else(|| panic!("no clause `{name}`"))
}

/// Checks, on every day and in every scenario, that clause `a` is in force
/// exactly when `expected` says, from the activity of the other clauses.
fn agree(loaded: &Loaded, a: &str, expected: impl Fn(&dyn Fn(&str) -> bool) -> bool) {
    let c = &loaded.contract;
    for s in scenarios(c) {
        for d in DAYS {
            let active = |name: &str| clause_active(c, id(c, name), day(d), &s);
            assert_eq!(
                active(a),
                expected(&active),
                "`{a}` on {d} in {:?}",
                (c.event_ids()).map(|e| s.date(e)).collect::<Vec<_>>()
            );
        }
    }
}

/// `when launch has happened` is `from launch` wherever the launch comes on
/// or after the effective date; before it, the clause keeps its own start
/// (the effective date, by default), which `from launch` would replace: it
/// is `from last(2020-01-01, launch)` in every scenario.
#[test]
fn when_an_event_has_happened_is_from_the_event() {
    let loaded = check(
        "clause conditioned { licensee may sell goods  until 2022-12-31  when launch has happened }\n\
         clause written { licensee may sell goods  from launch  until 2022-12-31 }\n\
         clause clamped { licensee may sell goods  from last(2020-01-01, launch)  until 2022-12-31 }\n",
    );
    assert_eq!(errors(&loaded), []);
    agree(&loaded, "conditioned", |active| active("clamped"));
    let c = &loaded.contract;
    let launch = c.find_event("launch").unwrap();
    for s in scenarios(c) {
        if s.date(launch).is_some_and(|d| d < day("2020-01-01")) {
            continue;
        }
        for d in DAYS {
            let active = |name: &str| clause_active(c, id(c, name), day(d), &s);
            assert_eq!(active("conditioned"), active("written"), "on {d}");
        }
    }
}

#[test]
fn unless_an_event_has_happened_is_until_the_event() {
    let loaded = check(
        "clause conditioned { licensee must not assign licence  through 2022  unless consent has happened }\n\
         clause written { licensee must not assign licence  until consent or end of 2022, whichever first }\n",
    );
    assert_eq!(errors(&loaded), []);
    agree(&loaded, "conditioned", |active| active("written"));
}

#[test]
fn when_a_clause_is_active_is_the_days_both_are() {
    let loaded = check(
        "clause sales { licensee may sell goods  from launch  until 2022-01-01 }\n\
         clause audits { licensor may audit records  from 2020-06-01  when sales is active }\n\
         clause plain { licensor may audit records  from 2020-06-01 }\n",
    );
    assert_eq!(errors(&loaded), []);
    agree(&loaded, "audits", |active| {
        active("plain") && active("sales")
    });
}

#[test]
fn unless_a_clause_is_active_is_the_days_outside_it_when_that_is_one_period() {
    // The other clause starts no later: what is left starts at its end.
    let loaded = check(
        "clause exclusivity { only licensee may sell goods  until consent }\n\
         clause licensor_sales { licensor may sell goods  from 2020-06-01  unless exclusivity is active }\n\
         clause plain { licensor may audit records  from 2020-06-01 }\n",
    );
    assert_eq!(errors(&loaded), []);
    agree(&loaded, "licensor_sales", |active| {
        active("plain") && !active("exclusivity")
    });
    // The other clause never ends, and starts on an event: what is left ends at its start.
    let loaded = check(
        "clause launched { licensee may sell goods  from launch  indefinitely }\n\
         clause pre_launch { licensor may audit records  from 2020-06-01  until 2022-01-01  unless launched is active }\n\
         clause plain { licensor may audit records  from 2020-06-01  until 2022-01-01 }\n",
    );
    assert_eq!(errors(&loaded), []);
    agree(&loaded, "pre_launch", |active| {
        active("plain") && !active("launched")
    });
}

#[test]
fn and_not_and_de_morgan_fold_line_by_line() {
    let loaded = check(
        "clause a { licensee may sell goods  from 2020-06-01  when launch has happened and not consent has happened }\n\
         clause b { licensee may sell goods  from 2020-06-01  unless consent has happened or not launch has happened }\n\
         clause plain { licensee may sell goods  from 2020-06-01 }\n",
    );
    assert_eq!(errors(&loaded), []);
    let c = &loaded.contract;
    for s in scenarios(c) {
        for d in DAYS {
            let happened = |e: &str| {
                s.date(c.find_event(e).unwrap())
                    .is_some_and(|x| x <= day(d))
            };
            let expected = clause_active(c, id(c, "plain"), day(d), &s)
                && happened("launch")
                && !happened("consent");
            for name in ["a", "b"] {
                assert_eq!(
                    clause_active(c, id(c, name), day(d), &s),
                    expected,
                    "`{name}` on {d}"
                );
            }
        }
    }
}

#[test]
fn conditions_that_need_not_leave_one_period_are_errors() {
    for (body, code) in [
        ("clause a { licensee may sell goods  when launch has happened or consent has happened }", Code::ConditionUnsupported),
        ("clause a { licensee may sell goods  unless launch has happened and consent has happened }", Code::ConditionUnsupported),
        ("clause a { licensee may sell goods  when licensor may audit records }", Code::ConditionUnsupported),
        ("clause a { licensee may sell goods  when not a is active }", Code::ConditionCycle),
        (
            "clause mid { licensor may sell goods  from 2021-01-01 until 2022-01-01 }\n\
             clause a { licensee may sell goods  until 2023-01-01  unless mid is active }",
            Code::ConditionUnsupported,
        ),
    ] {
        let loaded = check(&format!("{body}\n"));
        assert_eq!(errors(&loaded), [code], "{body}");
    }
}

#[test]
fn a_cycle_of_conditions_labels_each_step() {
    let loaded = check(
        "clause a { licensee may sell goods  when b is active }\n\
         clause b { licensee may assign licence  when c is active }\n\
         clause c { licensor may audit records  unless a is active }\n",
    );
    assert_eq!(codes(&loaded), [Code::ConditionCycle]);
    assert_eq!(loaded.diagnostics[0].labels.len(), 3);
}

#[test]
fn a_condition_that_never_holds_makes_a_dead_clause_that_points_at_it() {
    let loaded = check(
        "event late, not before 2031-01-01\n\
         clause a { licensee may sell goods  until 2030-01-01  when late has happened }\n",
    );
    assert_eq!(codes(&loaded), [Code::DeadClause]);
    let d = &loaded.diagnostics[0];
    assert!(d.message.contains("conditions"), "{}", d.message);
    let first = &d.labels[0];
    let file = loaded.sources.text(first.span.file);
    assert_eq!(&file[first.span.range.clone()], "when late has happened");
}

#[test]
fn a_power_conditioned_on_a_clause_is_not_cut_by_its_own_termination() {
    let loaded = check(
        "term { until 2025-01-01 }\n\
         clause supply { licensee may sell goods  from 2021-01-01 }\n\
         power change_of_control { licensor may terminate  when launch has happened and supply is active }\n",
    );
    assert_eq!(codes(&loaded), []);
    let c = &loaded.contract;
    let mut s = Scenario::never(c);
    s.set(c.find_event("launch").unwrap(), Some(day("2020-06-01")));
    let exercise = c.find_event("change_of_control").unwrap();
    s.set(exercise, Some(day("2020-12-31")));
    assert!(!s.is_consistent(c), "before `supply` starts");
    s.set(exercise, Some(day("2021-01-01")));
    assert!(s.is_consistent(c));
    s.set(exercise, Some(day("2025-01-01")));
    assert!(!s.is_consistent(c), "after the term");
}

#[test]
fn a_party_named_when_still_states_a_norm() {
    let text = "contract \"x\" effective 2020-01-01\nparty when\nparty unless\naction sell\nsubject goods\n\
                clause a { when may sell goods }\nclause b { unless must not sell goods  from 2021-01-01 }\n";
    let loaded = check_text(Path::new("/c/x.pactum"), text, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    });
    assert_eq!(errors(&loaded), []);
    assert_eq!(loaded.contract.clauses.len(), 2);
    assert!(loaded
        .contract
        .clauses
        .iter()
        .all(|c| c.conditions.is_empty()));
}

/// `pactum query` with the consent assumed: the prohibition is in force the
/// day before the licensor consents and not on that day.
#[test]
fn query_shows_the_prohibition_until_the_consent() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/query/consent.pactum");
    let ask = |at: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_pactum"))
            .arg("query")
            .arg(&file)
            .args(["--at", at, "--assume", "consent_to_assign=2021-05-03"])
            .output()
            .expect("pactum runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = ask("2021-05-02");
    assert!(before.contains("no_assignment"), "{before}");
    assert!(
        before.contains("unless consent_to_assign has happened"),
        "{before}"
    );
    let after = ask("2021-05-03");
    assert!(!after.contains("no_assignment"), "{after}");
}

#[test]
fn a_condition_on_a_clause_an_amendment_restates_is_an_error() {
    let base = format!(
        "{HEAD}clause sales {{ licensee may sell goods  until 2022-01-01 }}\n\
         clause audits {{ licensor may audit records  when sales is active }}\n"
    );
    let text = "contract \"amendment\" effective 2021-01-01 amends \"base.pactum\"\n\
                clause sales { licensee may sell goods  until 2024-01-01 }\n";
    let loaded = check_text(Path::new("/c/current.pactum"), text, &mut |p: &Path| {
        if p.ends_with("base.pactum") {
            Ok(base.clone().into_bytes())
        } else {
            Err(std::io::Error::from(std::io::ErrorKind::NotFound))
        }
    });
    assert_eq!(errors(&loaded), [Code::ConditionUnsupported]);
    assert!(loaded.diagnostics[0].message.contains("amendment restates"));
}

#[test]
fn unless_an_event_is_an_end_as_until_the_event_is() {
    // No term: an end that may never come is open-ended, as `until consent` is.
    let loaded =
        check("clause a { licensee must not assign licence  unless consent has happened }\n");
    assert_eq!(codes(&loaded), [Code::OpenEnded]);
    // A surviving clause with it has an end of its own.
    let loaded = check(
        "term { until 2025-01-01 }\n\
         clause a { licensee must not assign licence  survives  unless consent has happened }\n",
    );
    assert!(
        !codes(&loaded).contains(&Code::SurvivesWithoutEnd),
        "{:?}",
        codes(&loaded)
    );
}
