use super::*;
use crate::model::{load_text, AssertKind, Loaded};
use std::path::Path;

fn load(src: &str) -> Loaded {
    let loaded = load_text(Path::new("test.pactum"), src, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    });
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded
}

const RESEARCH: &str = r#"
contract "t" effective 2025-10-28
party microsoft
party openai
party panel
action use
event agi_declared by openai
event agi_verified by panel, not before agi_declared
subject ip { research, models }
clause research_ip {
  microsoft may use ip.research
  until agi_verified or end of 2030, whichever first
}
clause model_ip {
  microsoft may use ip.models
  through 2032
}
assert I2 { never microsoft may use ip.research from first(agi_verified, end of 2030) }
assert I3 { always microsoft may use ip.models from 2025-10-28 through 2032 }
assert bad { always microsoft may use ip.research from 2025-10-28 through 2032 }
"#;

/// Brute force over a grid of days and scenarios: the oracle for the
/// representative points on this small contract.
fn holds_everywhere(contract: &crate::model::Contract, a: &crate::model::Assertion) -> bool {
    let cond = a.cond.as_ref().expect("condition");
    let start = Day::parse("2025-01-01").unwrap().0;
    let days: Vec<Day> = (0..365 * 10).step_by(7).map(|i| Day(start + i)).collect();
    let events: Vec<Option<Day>> = std::iter::once(None)
        .chain(days.iter().step_by(26).map(|d| Some(*d)))
        .collect();
    for &declared in &events {
        for &verified in &events {
            let scenario = Scenario {
                dates: vec![declared, verified],
                inputs: Vec::new(),
            };
            if !scenario.is_consistent(contract) {
                continue;
            }
            for &day in &days {
                let in_window =
                    window_interval(&a.window, &scenario).is_some_and(|i| i.contains(day));
                let state = state(contract, day, &scenario);
                let value = state.holds(contract, &scenario, cond);
                let ok = match a.kind {
                    AssertKind::Always => !in_window || value,
                    AssertKind::Never => !in_window || !value,
                    AssertKind::Exactly => value == in_window,
                    AssertKind::NoConflicts => true,
                };
                if !ok {
                    return false;
                }
            }
        }
    }
    true
}

#[test]
fn research_ip_ends_at_verification_or_2030() {
    let loaded = load(RESEARCH);
    let c = &loaded.contract;
    let verdicts: Vec<(String, bool)> = c
        .assertions
        .iter()
        .map(|a| (a.named.name.clone(), holds_everywhere(c, a)))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("I2".into(), true),
            ("I3".into(), true),
            ("bad".into(), false)
        ]
    );
}

#[test]
fn representative_scenarios_respect_ordering_and_include_never() {
    let loaded = load(RESEARCH);
    let c = &loaded.contract;
    let terms: Vec<&crate::model::TimeExpr> = c
        .clauses
        .iter()
        .flat_map(|cl| cl.window.from.iter().chain(cl.window.until.iter()))
        .collect();
    let scenarios = points::scenarios(c, &terms, crate::analysis::budget::WINDOW_POINTS).unwrap();
    assert!(scenarios.iter().all(|s| s.is_consistent(c)));
    assert!(scenarios.iter().any(|s| s.dates == [None, None]));
    let end_2030 = Day::parse("2031-01-01").unwrap();
    let verified = |s: &Scenario| s.dates[1];
    assert!(scenarios
        .iter()
        .any(|s| verified(s).is_some_and(|v| v < end_2030)));
    assert!(scenarios
        .iter()
        .any(|s| verified(s).is_some_and(|v| v >= end_2030)));
    assert!(scenarios.iter().any(|s| verified(s).is_none()));
}

/// Month offsets clamp at month ends, so `1 month after e` and `30 days
/// after e` compare differently depending on the month `e` falls in. The
/// representative points must find the February case even though no literal
/// date in the contract is near a February.
#[test]
fn month_clamping_cases_are_represented() {
    let loaded = load(
        r#"
contract "t" effective 2030-06-15
party p
action act
event e
subject s
clause month { p may act s from e until 1 month after e }
clause days30 { p may act s from e until 30 days after e }
clause june { p may act s from 2030-06-15 }
assert short_month { always month is active or not days30 is active }
"#,
    );
    let c = &loaded.contract;
    let terms: Vec<&crate::model::TimeExpr> = c
        .clauses
        .iter()
        .flat_map(|cl| cl.window.from.iter().chain(cl.window.until.iter()))
        .collect();
    let points = points::points(c, &terms, crate::analysis::budget::ASSERTION_POINTS).unwrap();
    let cond = c.assertions[0].cond.as_ref().unwrap();
    let fails = |(day, s): &(Day, Scenario)| !state(c, *day, s).holds(c, s, cond);
    let found = points.iter().find(|p| fails(p)).expect("a February case");
    // Only a month shorter than 30 days makes `1 month after e` come first.
    let e = found.1.dates[0].unwrap();
    assert!(e.shift(1, crate::syntax::ast::TimeUnit::Month, true) < Day(e.0 + 30));
}

#[test]
fn offsets_of_literal_dates_are_leaves() {
    let loaded = load(
        r#"
contract "t"
party p
action act
event e
subject s
clause a { p may act s until 90 days after 2030-01-01 }
clause b { p may act s from e until 1 day after e }
assert covered { always a is active or not b is active }
"#,
    );
    let c = &loaded.contract;
    let a = &c.assertions[0];
    let mut terms: Vec<&crate::model::TimeExpr> = c
        .clauses
        .iter()
        .flat_map(|cl| cl.window.from.iter().chain(cl.window.until.iter()))
        .collect();
    terms.extend(a.window.from.iter());
    let cond = a.cond.as_ref().unwrap();
    let points = points::points(c, &terms, crate::analysis::budget::ASSERTION_POINTS).unwrap();
    // Fails exactly when e is on or after 2030-04-01.
    assert!(points
        .iter()
        .any(|(day, s)| !state(c, *day, s).holds(c, s, cond)));
}

/// The restricted state the verifier asks for is the full state cut down:
/// over every clause and fact it has the same norms and facts.
#[test]
fn a_state_of_every_clause_is_the_state_without_precedence() {
    let loaded = load(RESEARCH);
    let c = &loaded.contract;
    let clauses: Vec<ClauseId> = c.clause_ids().collect();
    let facts: Vec<FactId> = (0..c.facts.len() as u32).map(FactId).collect();
    let terms: Vec<&crate::model::TimeExpr> = c
        .clauses
        .iter()
        .flat_map(|cl| cl.window.from.iter().chain(cl.window.until.iter()))
        .collect();
    let points = points::points(c, &terms, crate::analysis::budget::ASSERTION_POINTS).unwrap();
    for (day, s) in &points {
        let full = state(c, *day, s);
        let cut = state_of(c, *day, s, &clauses, &facts);
        let ids = |st: &State| st.norms.iter().map(|n| n.clause).collect::<Vec<_>>();
        assert_eq!(ids(&full), ids(&cut));
        assert_eq!(full.facts, cut.facts);
    }
}

/// An override counts where the two norms can apply to the same act: not
/// over a clause of another action, however its scopes overlap.
#[test]
fn an_override_counts_only_where_the_norms_meet() {
    let loaded = load(
        r#"
contract "t" effective 2030-01-01
party p
action use
action sell
subject s
clause base { p may use s }
clause same { p must not use s overrides base }
clause other { p must not sell s overrides base }
"#,
    );
    let c = &loaded.contract;
    let day = Day::parse("2030-06-01").unwrap();
    let st = state(c, day, &Scenario::never(c));
    let base = st
        .norms
        .iter()
        .find(|n| c.clause(n.clause).named.name == "base")
        .expect("base is active");
    let names: Vec<&str> = base
        .overridden_by
        .iter()
        .map(|&o| c.clause(o).named.name.as_str())
        .collect();
    assert_eq!(names, ["same"]);
}

/// The declarations the `prevails` examples share.
const LICENSING: &str = "contract \"t\" effective 2030-01-01\n\
    party licensor\nparty rival\nparty agency\naction license\nqualifier abroad\n\
    subject products { app, kit }\n";

/// The issue's example: a licensor that both must not and may license the
/// same product, where an override decides which of the two prevails.
const LICENCE: &str = r#"
clause may_license { licensor may license products }
clause no_kit {
  licensor must not license products.kit
  overrides may_license
}
assert both_governed { always licensor must not license products.kit and licensor may license products.kit from 2030-01-01 }
assert may_prevails_on_kit { always licensor may license products.kit prevails from 2030-01-01 }
assert must_not_prevails { always licensor must not license products.kit prevails from 2030-01-01 }
assert may_prevails_on_app { always licensor may license products.app prevails from 2030-01-01 }
"#;

#[test]
fn prevails_tells_apart_two_norms_that_are_both_governed() {
    let loaded = load(&format!("{LICENSING}{LICENCE}"));
    let c = &loaded.contract;
    let verdicts: Vec<(&str, bool)> = c
        .assertions
        .iter()
        .map(|a| {
            let v = crate::analysis::verify::check_assertion(c, a, 10_000);
            let holds = v == crate::analysis::verify::Verdict::Holds;
            (a.named.name.as_str(), holds)
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("both_governed", true),
            ("may_prevails_on_kit", false),
            ("must_not_prevails", true),
            ("may_prevails_on_app", true),
        ]
    );
}

/// With no precedence between two contrary norms neither is overridden, so
/// both prevail (and the conflict checker reports them).
#[test]
fn without_precedence_every_governed_norm_prevails() {
    let loaded = load(&format!("{LICENSING}{LICENCE}").replace("  overrides may_license\n", ""));
    let c = &loaded.contract;
    let day = Day::parse("2030-06-01").unwrap();
    let st = state(c, day, &Scenario::never(c));
    for a in &c.assertions {
        let Some(Cond::Prevails(pattern)) = &a.cond else {
            continue;
        };
        assert!(st.prevails(c, pattern), "{}", a.named.name);
    }
}

/// An overriding norm directed to a group denies the act directed to each
/// of its members (found by the oracle proptest: the cells of `to` scopes
/// compared group ids with member ids).
#[test]
fn an_override_directed_to_a_group_reaches_its_members() {
    let text = "contract \"t\" effective 2030-01-01\n\
        party licensor\nparty rival\nparty agency\nparty both = rival, agency\n\
        action license\nsubject products { app, kit }\n\
        clause grant { licensor may license products to rival }\n\
        clause not_both { licensor must not license products.kit to both\n overrides grant }\n";
    let loaded = load(text);
    let c = &loaded.contract;
    let day = Day::parse("2030-06-01").unwrap();
    let st = state(c, day, &Scenario::never(c));
    let pattern = |subject: &str| {
        let probe = load(&format!(
            "{text}assert p {{ always licensor may license {subject} to rival prevails }}\n"
        ));
        let Some(Cond::Prevails(p)) = probe.contract.assertions[0].cond.clone() else {
            panic!("a prevails atom");
        };
        p
    };
    assert!(!st.prevails(c, &pattern("products.kit")));
    assert!(st.prevails(c, &pattern("products.app")));
}

/// On `LICENSING` with `clauses`, on 2030-06-01 when no event happens:
/// whether each condition holds is as given.
#[track_caller]
fn expect(clauses: &str, cases: &[(&str, bool)]) {
    let probes: String = cases
        .iter()
        .enumerate()
        .map(|(i, (cond, _))| format!("assert probe{i} {{ always {cond} }}\n"))
        .collect();
    let loaded = load(&format!("{LICENSING}{clauses}{probes}"));
    let c = &loaded.contract;
    let never = Scenario::never(c);
    let st = state(c, Day::parse("2030-06-01").unwrap(), &never);
    let first = c.assertions.len() - cases.len();
    for ((cond, want), a) in cases.iter().zip(&c.assertions[first..]) {
        let got = st.holds(c, &never, a.cond.as_ref().expect("a condition"));
        assert_eq!(got, *want, "`{cond}`");
    }
}

/// An override directed to one party leaves the norm standing for every
/// other party; one that reaches every act the pattern asks about does not.
#[test]
fn an_override_defeats_a_norm_only_for_the_acts_it_reaches() {
    let clauses = r#"
clause may_license { licensor may license products }
clause not_to_rival {
  licensor must not license products.kit to rival
  overrides may_license
}
clause not_abroad {
  licensor must not license products.app on abroad
  overrides may_license
}
"#;
    expect(
        clauses,
        &[
            ("licensor may license products.kit prevails", true),
            ("licensor may license products.kit to rival prevails", false),
            ("licensor may license products.kit to agency prevails", true),
            (
                "licensor may license products.kit to agency, rival prevails",
                true,
            ),
            ("licensor may license products.app prevails", true),
            (
                "licensor may license products.app on abroad prevails",
                false,
            ),
            // Still governed, whatever prevails.
            ("licensor may license products.app on abroad", true),
        ],
    );
}

/// Two overrides that each reach part of a norm's acts defeat it together
/// only where together they reach all of them.
#[test]
fn overrides_defeat_a_norm_together() {
    let clauses = r#"
clause may_license { licensor may license products to rival, agency }
clause not_to_rival {
  licensor must not license products to rival
  overrides may_license
}
clause not_to_agency {
  licensor must not license products.kit to agency
  overrides may_license
}
"#;
    expect(
        clauses,
        &[
            ("licensor may license products.kit prevails", false),
            ("licensor may license products.app prevails", true),
            ("licensor may license products prevails", false),
        ],
    );
}

/// An exclusive right is denied by another party's permission that takes
/// precedence over it, but only as far as exclusivity is asked about: the
/// holder's own right still prevails.
#[test]
fn another_partys_permission_denies_only_the_exclusivity() {
    let clauses = r#"
clause exclusive { only licensor may license products }
clause rival_kits {
  rival may license products.kit
  exception to exclusive
}
"#;
    expect(
        clauses,
        &[
            ("licensor may license products prevails", true),
            ("only licensor may license products.app prevails", true),
            ("only licensor may license products.kit prevails", false),
            ("only licensor may license products.kit", true),
            ("rival may license products.kit prevails", true),
        ],
    );
}

/// An exclusive right that takes precedence denies another party's right.
#[test]
fn an_exclusive_right_that_takes_precedence_denies_other_rights() {
    let clauses = r#"
clause rival_all { rival may license products }
clause exclusive_kits {
  only licensor may license products.kit
  overrides rival_all
}
"#;
    expect(
        clauses,
        &[
            ("rival may license products.app prevails", true),
            ("rival may license products.kit prevails", false),
            ("rival may license products.kit", true),
        ],
    );
}

/// A norm that takes precedence but says the same thing (`must` over `may`)
/// denies nothing.
#[test]
fn an_override_that_agrees_defeats_nothing() {
    let clauses = r#"
clause may_license { licensor may license products }
clause must_license { licensor must license products overrides may_license }
"#;
    expect(
        clauses,
        &[
            ("licensor may license products prevails", true),
            ("licensor must license products prevails", true),
        ],
    );
}

const GROUPS: &str = r#"
contract "jv" effective 2030-01-01
party water_now
party subsidiary
party buyer
party hydraspin = water_now, subsidiary
party everyone = hydraspin, buyer
party loop_a = loop_b, buyer
party loop_b = loop_a
action sell
subject pumps { small, large }
clause group_may { hydraspin may sell pumps.small through 2030 }
clause member_may { water_now may sell pumps.large through 2030 }
clause member_must_not { subsidiary must not sell pumps to buyer through 2030 }
"#;

fn groups() -> Loaded {
    load_text(Path::new("test.pactum"), GROUPS, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    })
}

/// A party stands for itself; a group for every plain party it reaches,
/// through other groups too; a loop of groups ends the walk and is reported.
#[test]
fn a_group_stands_for_the_plain_parties_it_reaches() {
    let loaded = groups();
    let c = &loaded.contract;
    let p = |n: &str| c.find_party(n).unwrap();
    let names = |id| -> Vec<&str> {
        (c.party_members(id).iter())
            .map(|m| c.party(*m).name.as_str())
            .collect()
    };
    assert_eq!(names(p("water_now")), ["water_now"]);
    assert_eq!(names(p("hydraspin")), ["water_now", "subsidiary"]);
    assert_eq!(names(p("everyone")), ["water_now", "subsidiary", "buyer"]);
    assert_eq!(names(p("loop_a")), ["buyer"]);
    assert!(c.parties_overlap(p("hydraspin"), p("subsidiary")));
    assert!(!c.parties_overlap(p("hydraspin"), p("buyer")));
    assert!(c.party_includes(p("everyone"), p("hydraspin")));
    assert!(!c.party_includes(p("hydraspin"), p("everyone")));
    let cycles: Vec<_> = (loaded.diagnostics.iter())
        .filter(|d| d.code == crate::diagnostics::Code::PartyGroupCycle)
        .collect();
    assert_eq!(cycles.len(), 1, "{:#?}", loaded.diagnostics);
}

/// A pattern of a member is governed by its group's norms; a pattern of a
/// group only where every member is governed.
#[test]
fn a_group_pattern_holds_for_each_member() {
    let src = GROUPS.replace("party loop_a = loop_b, buyer\nparty loop_b = loop_a\n", "");
    let loaded = load(&src);
    let c = &loaded.contract;
    let s = Scenario::never(c);
    let st = state(c, Day::parse("2030-06-01").unwrap(), &s);
    let holds = |text: &str| {
        let full = format!("{src}assert x {{ always {text} }}\n");
        let l = load(&full);
        let cond = l.contract.assertions[0].cond.clone().unwrap();
        let st = state(&l.contract, st.day, &s);
        st.holds(&l.contract, &s, &cond)
    };
    assert!(holds("water_now may sell pumps"));
    assert!(holds("subsidiary may sell pumps.small"));
    assert!(!holds("subsidiary may sell pumps"));
    assert!(holds("hydraspin may sell pumps.small"));
    assert!(!holds("hydraspin may sell pumps"));
    assert!(!holds("everyone must not sell pumps to buyer"));
    assert!(holds("subsidiary must not sell pumps.large to everyone"));
}

/// Asked about a party, `pactum query` shows the norms that bind it: its own
/// and those of its groups; a group in `to` reaches each member.
#[test]
fn the_query_counts_a_groups_norms_for_each_member() {
    use super::query::{answer, Filters, Question};
    let src = GROUPS.replace("party loop_a = loop_b, buyer\nparty loop_b = loop_a\n", "")
        + "clause to_group { water_now must sell pumps.large to hydraspin through 2030 }\n";
    let loaded = load(&src);
    let clauses = |filters: Filters<'_>| -> Vec<String> {
        let q = Question::new(&loaded.contract, "2030-06-01", &[], &filters).unwrap();
        answer(&loaded, &q)
            .norms
            .into_iter()
            .map(|n| n.clause)
            .collect()
    };
    let party = |p| Filters {
        party: Some(p),
        ..Filters::default()
    };
    assert_eq!(
        clauses(party("water_now")),
        ["group_may", "member_may", "to_group"]
    );
    assert_eq!(
        clauses(party("subsidiary")),
        ["group_may", "member_must_not"]
    );
    assert_eq!(clauses(party("buyer")), Vec::<String>::new());
    let to = |p| Filters {
        to: Some(p),
        ..Filters::default()
    };
    assert_eq!(
        clauses(to("subsidiary")),
        ["group_may", "member_may", "to_group"]
    );
    assert_eq!(
        clauses(to("buyer")),
        ["group_may", "member_may", "member_must_not"]
    );
}
