//! The checker on small contracts: a snippet, then what must be found (or
//! must not). Whole contracts with one mistake each are in
//! tests/reference_mistakes.rs; one file per finding is in tests/analysis/.

use std::collections::HashMap;
use std::path::Path;

use pactum::diagnostics::{Code, Diagnostic, Severity};
use pactum::model::Loaded;

const HEAD: &str = r#"
contract "t" effective 2025-10-28
party microsoft
party openai
party us_natsec
party panel
action use
action serve
qualifier azure
qualifier other_cloud
event agi_declared by openai
event agi_verified by panel, not before agi_declared
subject openai_ip { models { weights, architecture }, research, consumer_hardware }
subject api_products
quantity microsoft_stake: percent stake of microsoft in openai
quantity threshold: number
"#;

/// Checks `body` below the common declarations; the model must resolve.
fn check(body: &str) -> Loaded {
    check_files(&format!("{HEAD}{body}"), &[])
}

/// Checks `main` with other files the loader may read (for `amends`).
fn check_files(main: &str, others: &[(&str, &str)]) -> Loaded {
    let files: HashMap<String, String> = others
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let loaded = pactum::check::check_text(Path::new("main.pactum"), main, &mut |p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        files
            .get(name)
            .map(|t| t.clone().into_bytes())
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    });
    let model_errors: Vec<&Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && !d.code.as_str().starts_with("pactum::conflict"))
        .filter(|d| d.code != Code::PrecedenceCycle && d.code != Code::AssertionViolated)
        .collect();
    assert!(model_errors.is_empty(), "{model_errors:#?}");
    loaded
}

fn with_code(loaded: &Loaded, code: Code) -> Vec<&Diagnostic> {
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

fn one(loaded: &Loaded, code: Code) -> &Diagnostic {
    let found = with_code(loaded, code);
    assert_eq!(
        found.len(),
        1,
        "expected one {code}: {:#?}",
        loaded.diagnostics
    );
    found[0]
}

fn none(loaded: &Loaded, code: Code) {
    let found = with_code(loaded, code);
    assert!(found.is_empty(), "expected no {code}: {found:#?}");
}

/// The source text under label `i`.
fn labelled<'a>(loaded: &'a Loaded, d: &Diagnostic, i: usize) -> &'a str {
    let span = &d.labels[i].span;
    &loaded.sources.text(span.file)[span.range.clone()]
}

fn conflicts(loaded: &Loaded) -> usize {
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str().starts_with("pactum::conflict"))
        .count()
}

// ---------------------------------------------------------------- conflicts

const NATSEC: &str = r#"
clause T4 {
  openai must not serve api_products on other_cloud
  until agi_verified
}
clause T13 {
  openai may serve api_products to us_natsec on other_cloud
  from 2025-10-28
}
"#;

#[test]
fn permission_against_prohibition_is_a_conflict_with_both_spans_and_a_scenario() {
    let loaded = check(NATSEC);
    let d = one(&loaded, Code::ConflictPermissionProhibition);
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("`T13` and `T4`"), "{}", d.message);
    assert!(
        d.message.contains("from 2025-10-28, with no end"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("`agi_verified` never happens"),
        "{}",
        d.message
    );
    assert_eq!(
        labelled(&loaded, d, 0),
        "openai may serve api_products to us_natsec on other_cloud"
    );
    assert_eq!(
        labelled(&loaded, d, 1),
        "openai must not serve api_products on other_cloud"
    );
    assert_eq!(d.labels[1].message, "conflicts with this");
    let help = d.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("add `exception to T4` to clause `T13`"),
        "{help}"
    );
}

#[test]
fn an_exception_resolves_the_conflict() {
    let fixed = NATSEC.replace("from 2025-10-28\n", "from 2025-10-28\n  exception to T4\n");
    let loaded = check(&fixed);
    assert_eq!(conflicts(&loaded), 0, "{:#?}", loaded.diagnostics);
}

#[test]
fn disjoint_qualifiers_do_not_conflict() {
    let loaded = check(&NATSEC.replace("to us_natsec on other_cloud", "on azure"));
    assert_eq!(conflicts(&loaded), 0, "{:#?}", loaded.diagnostics);
}

#[test]
fn a_window_ending_at_an_event_does_not_meet_one_starting_at_it() {
    let loaded = check(
        r#"
clause pre { microsoft may use openai_ip.research until agi_verified }
clause post { microsoft must not use openai_ip from agi_verified }
"#,
    );
    assert_eq!(conflicts(&loaded), 0, "{:#?}", loaded.diagnostics);
}

#[test]
fn a_conflict_that_needs_an_event_names_the_scenario() {
    let loaded = check(
        r#"
clause ms { microsoft may use openai_ip.research through 2030 }
clause stop { microsoft must not use openai_ip from 90 days after agi_declared }
"#,
    );
    let d = one(&loaded, Code::ConflictPermissionProhibition);
    assert!(
        d.message.contains("`agi_declared` happens on"),
        "{}",
        d.message
    );
    assert!(d.message.contains("`openai_ip.research`"), "{}", d.message);
    // The narrower clause is the one to change.
    assert_eq!(
        labelled(&loaded, d, 0),
        "microsoft may use openai_ip.research"
    );
}

#[test]
fn obligation_against_prohibition() {
    let loaded = check(
        r#"
clause pay { openai must serve api_products to microsoft }
clause stop { openai must not serve api_products from 2027-01-01 through 2027 }
"#,
    );
    let d = one(&loaded, Code::ConflictObligationProhibition);
    assert!(
        d.message.contains("from 2027-01-01 through 2027-12-31"),
        "{}",
        d.message
    );
    assert!(d.message.contains("must and must not"), "{}", d.message);
}

#[test]
fn windows_that_never_meet_do_not_conflict() {
    let loaded = check(
        r#"
clause old { openai may serve api_products through 2026 }
clause new { openai must not serve api_products from 2027-01-01 }
"#,
    );
    assert_eq!(conflicts(&loaded), 0, "{:#?}", loaded.diagnostics);
}

const EXCLUSIVE: &str = r#"
clause azure_only { only microsoft may serve api_products until agi_verified }
clause joint { openai may serve api_products from 2026-01-01 }
"#;

#[test]
fn an_exclusive_right_against_another_partys_permission() {
    let loaded = check(EXCLUSIVE);
    let d = one(&loaded, Code::ConflictExclusive);
    assert!(
        d.message.contains("`microsoft` has the exclusive right"),
        "{}",
        d.message
    );
    assert_eq!(labelled(&loaded, d, 0), "openai may serve api_products");
    assert_eq!(
        labelled(&loaded, d, 1),
        "only microsoft may serve api_products"
    );
}

#[test]
fn an_exclusive_right_with_an_exception_or_for_the_same_party_is_fine() {
    let with_exception = EXCLUSIVE.replace(
        "from 2026-01-01 }",
        "from 2026-01-01 exception to azure_only }",
    );
    assert_eq!(conflicts(&check(&with_exception)), 0);
    let same_party = EXCLUSIVE.replace("openai may serve", "microsoft may serve");
    assert_eq!(conflicts(&check(&same_party)), 0);
}

/// A group's norms meet its members': a group's exclusive right leaves each
/// member free to act, a member's exclusive right does not cover its group,
/// and a group's prohibition binds each member. Two groups that share more
/// than one member conflict once.
#[test]
fn party_groups_conflict_through_their_members() {
    let group = "party ms_group = microsoft, panel\nparty everyone = ms_group, openai\n";
    let member_free = format!(
        "{group}clause g {{ only ms_group may serve api_products }}\n\
         clause m {{ microsoft may serve api_products }}\n"
    );
    assert_eq!(conflicts(&check(&member_free)), 0);
    let member_exclusive = format!(
        "{group}clause g {{ ms_group may serve api_products }}\n\
         clause m {{ only microsoft may serve api_products }}\n"
    );
    one(&check(&member_exclusive), Code::ConflictExclusive);
    let prohibited = format!(
        "{group}clause g {{ ms_group must not serve api_products }}\n\
         clause m {{ panel may serve api_products }}\n"
    );
    let loaded = check(&prohibited);
    let d = one(&loaded, Code::ConflictPermissionProhibition);
    assert!(
        d.message.contains("`panel` may and must not"),
        "{}",
        d.message
    );
    let two_groups = format!(
        "{group}clause g {{ ms_group must not serve api_products }}\n\
         clause m {{ everyone may serve api_products }}\n"
    );
    one(&check(&two_groups), Code::ConflictPermissionProhibition);
    let apart = format!(
        "{group}clause g {{ ms_group must not serve api_products }}\n\
         clause m {{ openai may serve api_products }}\n"
    );
    assert_eq!(conflicts(&check(&apart)), 0);
}

#[test]
fn two_values_of_one_quantity_at_once() {
    let loaded = check(
        r#"
fact old_stake { microsoft_stake = 32.5 % from 2019-07-22 }
fact new_stake { microsoft_stake = 27 % }
"#,
    );
    let d = one(&loaded, Code::ConflictFact);
    assert!(d.message.contains("32.5 %"), "{}", d.message);
    assert!(
        d.message.contains("from 2025-10-28, with no end"),
        "{}",
        d.message
    );
    assert_eq!(labelled(&loaded, d, 0), "27 %");
    assert_eq!(labelled(&loaded, d, 1), "32.5 %");
}

#[test]
fn successive_values_do_not_conflict() {
    let loaded = check(
        r#"
fact old_stake { microsoft_stake = 32.5 % from 2019-07-22 until 2025-10-28 }
fact new_stake { microsoft_stake = 27 % }
fact same_again { microsoft_stake = 27 % from 2026-01-01 }
"#,
    );
    none(&loaded, Code::ConflictFact);
}

const HISTORY: &str = r#"
contract "history" effective 2019-07-22
party microsoft
party openai
action host
subject compute
clause H1 { only microsoft may host compute }
"#;

#[test]
fn an_amendment_that_supersedes_the_old_term_resolves_the_conflict() {
    let amended = |h1: &str| {
        format!(
            r#"
contract "2025" effective 2025-10-28 amends "history.pactum"
party microsoft
party openai
action host
subject compute
{h1}
clause T9 {{ openai may host compute }}
"#
        )
    };
    let standing = check_files(&amended(""), &[("history.pactum", HISTORY)]);
    let d = one(&standing, Code::ConflictExclusive);
    assert!(d.message.contains("`H1`"), "{}", d.message);
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .contains("replaces H1"),
        "{d:#?}"
    );
    let superseded = check_files(
        &amended("clause H1 { microsoft may host compute }"),
        &[("history.pactum", HISTORY)],
    );
    assert_eq!(conflicts(&superseded), 0, "{:#?}", superseded.diagnostics);
}

#[test]
fn no_conflicts_assertions_fail_exactly_when_there_is_a_conflict() {
    let loaded = check(&format!("{NATSEC}\nassert I9 {{ no conflicts }}"));
    let d = one(&loaded, Code::AssertionViolated);
    assert_eq!(labelled(&loaded, d, 0), "I9");
    assert_eq!(d.labels[1].message, "first conflict");
    let fixed = NATSEC.replace("from 2025-10-28\n", "from 2025-10-28 exception to T4\n");
    none(
        &check(&format!("{fixed}\nassert I9 {{ no conflicts }}")),
        Code::AssertionViolated,
    );
}

// ---------------------------------------------------------------- precedence

#[test]
fn overrides_in_a_loop() {
    let loaded = check(
        r#"
clause a { microsoft may use openai_ip overrides b }
clause b { microsoft must not use openai_ip.research exception to a }
"#,
    );
    let d = one(&loaded, Code::PrecedenceCycle);
    assert_eq!(d.labels.len(), 2);
    assert!(d.message.contains("`a` and `b`"), "{}", d.message);
}

#[test]
fn an_override_of_a_clause_it_never_meets() {
    let other_party = check(
        r#"
clause a { microsoft may use openai_ip }
clause b { openai must not use openai_ip exception to a }
"#,
    );
    let d = one(&other_party, Code::PrecedenceNoOverlap);
    assert!(d.message.contains("different parties"), "{}", d.message);
    let other_time = check(
        r#"
clause a { microsoft may use openai_ip until agi_declared }
clause b { microsoft must not use openai_ip from agi_verified overrides a }
"#,
    );
    let d = one(&other_time, Code::PrecedenceNoOverlap);
    assert!(d.message.contains("never overlap"), "{}", d.message);
    let fine = check(
        r#"
clause a { microsoft may use openai_ip until agi_verified }
clause b { microsoft must not use openai_ip.research from agi_declared overrides a }
"#,
    );
    none(&fine, Code::PrecedenceNoOverlap);
}

// ---------------------------------------------------------------- gaps

const COVERED: &str = r#"
clause research { microsoft may use openai_ip.research until agi_verified or end of 2030, whichever first }
clause models { microsoft may use openai_ip.models through 2032 }
clause hardware { microsoft must not use openai_ip.consumer_hardware }
cover ms_ip { microsoft use openai_ip from 2025-10-28 through 2032 }
"#;

#[test]
fn a_coverage_gap_names_the_part_the_range_and_the_scenario() {
    let loaded = check(COVERED);
    let d = one(&loaded, Code::Gap);
    assert!(d.message.contains("`openai_ip.research`"), "{}", d.message);
    assert!(
        d.message.contains("from 2031-01-01 through 2032-12-31"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("`agi_verified` never happens"),
        "{}",
        d.message
    );
    assert_eq!(labelled(&loaded, d, 0), "microsoft use openai_ip");
    assert_eq!(
        labelled(&loaded, d, 1),
        "microsoft may use openai_ip.research"
    );
}

#[test]
fn a_fully_governed_coverage_has_no_gap() {
    let loaded = check(&format!(
        "{COVERED}\nclause later {{ microsoft must not use openai_ip.research from first(agi_verified, end of 2030) }}"
    ));
    none(&loaded, Code::Gap);
}

#[test]
fn open_ends_are_reported_and_bounded_ends_are_not() {
    let loaded = check(
        r#"
clause forever { microsoft may use openai_ip.models }
clause until_agi { openai must serve api_products to microsoft until agi_verified }
clause bounded { microsoft may use openai_ip.research until agi_verified or end of 2030, whichever first }
"#,
    );
    let found = with_code(&loaded, Code::OpenEnded);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found
        .iter()
        .any(|d| d.message == "clause `forever` has no end"));
    assert!(found
        .iter()
        .any(|d| d.message == "clause `until_agi` has no end when `agi_verified` never happens"));
}

#[test]
fn tbd_values_are_noted_at_the_value() {
    let loaded = check("fact compute_threshold { threshold = tbd }");
    let d = one(&loaded, Code::Tbd);
    assert_eq!(d.severity, Severity::Info);
    assert_eq!(labelled(&loaded, d, 0), "tbd");
}

// ---------------------------------------------------------------- dead clauses

#[test]
fn a_window_that_ends_before_it_starts_is_dead() {
    let loaded = check(
        r#"
clause backwards { microsoft may use openai_ip.models from 2030-01-01 until 2029-01-01 }
clause after_event { microsoft may use openai_ip.models from agi_verified until agi_declared }
clause fine { microsoft may use openai_ip.models from agi_declared until agi_verified }
"#,
    );
    let found = with_code(&loaded, Code::DeadClause);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0]
        .message
        .contains("would start on 2030-01-01 but its last day is 2028-12-31"));
    assert!(found.iter().any(|d| d.message.contains("`after_event`")));
}

#[test]
fn a_clause_overridden_everywhere_is_shadowed() {
    let loaded = check(
        r#"
clause base { microsoft may use openai_ip.models through 2030 }
clause weights { microsoft must not use openai_ip.models.weights overrides base }
clause arch { microsoft must not use openai_ip.models.architecture from 2020-01-01 overrides base }
"#,
    );
    let d = one(&loaded, Code::ShadowedClause);
    assert!(d.message.contains("`base`"), "{}", d.message);
    assert_eq!(d.labels.len(), 3);
    // Starting the second override later leaves part of `base` in force.
    let partial = check(
        r#"
clause base { microsoft may use openai_ip.models through 2030 }
clause weights { microsoft must not use openai_ip.models.weights overrides base }
clause arch { microsoft must not use openai_ip.models.architecture from agi_declared overrides base }
"#,
    );
    none(&partial, Code::ShadowedClause);
}

#[test]
fn open_ended_help_speaks_of_the_contracts_own_events_and_dates() {
    let loaded = check(
        r#"
clause forever { microsoft may use openai_ip.models }
clause until_agi { openai must serve api_products to microsoft until agi_verified }
clause bounded { microsoft may use openai_ip.research until end of 2031 }
"#,
    );
    let help = |name: &str| {
        let d = with_code(&loaded, Code::OpenEnded)
            .into_iter()
            .find(|d| d.message.contains(&format!("`{name}`")))
            .expect("an open end");
        d.help.clone().expect("help")
    };
    // Its own end's event first, else the contract's first event; the last
    // year the contract names.
    assert!(
        help("until_agi").contains("`until agi_verified or end of 2031, whichever first`"),
        "{}",
        help("until_agi")
    );
    assert!(
        help("forever").contains("`until agi_declared or end of 2031, whichever first`"),
        "{}",
        help("forever")
    );
    // A contract with neither events nor dates of its own gets placeholders,
    // never another contract's names.
    let bare = check_files(
        "contract \"c\"\nparty p\naction use\nsubject ip\nclause c { p may use ip }\n",
        &[],
    );
    let d = one(&bare, Code::OpenEnded);
    let text = d.help.as_deref().unwrap_or_default();
    assert!(
        text.contains("`until EVENT or end of YEAR, whichever first`"),
        "{text}"
    );
}

// ---------------------------------------------------------------- budgets

/// `count` events named `e1`, `e2`, ... for contracts that need many.
fn events(count: usize) -> String {
    (1..=count).map(|i| format!("event e{i}\n")).collect()
}

#[test]
fn a_coverage_over_its_budget_says_it_was_searched_one_event_at_a_time() {
    // Seven independent starts: more combinations than a coverage may
    // enumerate, so the gap search varies one event at a time, and says so.
    let clauses: String = (1..=7)
        .map(|i| {
            format!("clause c{i} {{ microsoft may use api_products from e{i} indefinitely }}\n")
        })
        .collect();
    let loaded = check(&format!(
        "{}{clauses}cover governed {{ microsoft use api_products from 2025-10-28 }}\n",
        events(7)
    ));
    let d = one(&loaded, Code::AnalysisUndecided);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.message,
        "coverage `governed` was searched for gaps one event at a time only"
    );
    assert_eq!(labelled(&loaded, d, 0), "microsoft use api_products");
    assert!(d.labels[0].message.contains("7 events"), "{:?}", d.labels);
    assert!(d.labels[0]
        .message
        .contains(&pactum::analysis::budget::COVERAGE_POINTS.to_string()));
    // What one event's timing opens is still found: nothing governs before
    // any event happens.
    one(&loaded, Code::Gap);
}

#[test]
fn a_conflict_over_the_budget_is_undecided_not_absent() {
    // The two windows could meet only if `e3` fell between `e1` and `e2`,
    // and it must come after `e2`: they never meet, but showing that means
    // enumerating every way the twelve events can fall, which is over the
    // budget, so the pair is undecided rather than called conflict-free.
    let events = events(12).replace("event e3\n", "event e3, after e2\n");
    let loaded = check(&format!(
        "{events}{}{}assert quiet {{ no conflicts }}\n",
        "clause yes { openai may serve api_products from e1 until e2 }\n",
        "clause no { openai must not serve api_products from e3 \
         until first(e4, e5, e6, e7, e8, e9, e10, e11, e12) }\n",
    ));
    assert_eq!(conflicts(&loaded), 0);
    let d = one(&loaded, Code::AnalysisUndecided);
    assert_eq!(
        d.message,
        "could not decide whether `no` and `yes` conflict"
    );
    assert_eq!(d.labels.len(), 2, "a label on each clause: {:?}", d.labels);
    // The `no conflicts` assertion cannot hold or fail on an undecided pair.
    let a = one(&loaded, Code::AssertionUndecided);
    assert!(a.message.contains("`quiet`"), "{}", a.message);
    none(&loaded, Code::AssertionViolated);
}

#[test]
fn a_conflict_found_before_the_budget_runs_out_is_reported() {
    // The two windows meet only if `e3` falls between `e1` and `e2` and
    // before every one of nine other events: the cheap guesses miss it, and
    // every way the twelve events can fall is more than the budget, but the
    // search meets a scenario that shows the conflict before the budget
    // runs out, and that scenario decides it.
    let loaded = check(&format!(
        "{}{}{}assert quiet {{ no conflicts }}\n",
        events(12),
        "clause yes { openai may serve api_products from e1 until e2 }\n",
        "clause no { openai must not serve api_products from e3 \
         until first(e4, e5, e6, e7, e8, e9, e10, e11, e12) }\n",
    ));
    assert_eq!(conflicts(&loaded), 1);
    none(&loaded, Code::AnalysisUndecided);
    one(&loaded, Code::AssertionViolated);
}

// ---------------------------------------------------------------- generated contracts

mod generated {
    use std::collections::BTreeSet;

    use pactum::analysis::conflicts::{self, Item};
    use pactum::gen::{generate, Options};
    use proptest::prelude::*;

    use super::*;

    fn load(text: &str) -> Loaded {
        let loaded = pactum::model::load_text(Path::new("gen.pactum"), text, &mut |_| {
            Err(std::io::Error::from(std::io::ErrorKind::NotFound))
        });
        assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
        loaded
    }

    /// The conflicts found, as (code, the two names in order).
    fn found(loaded: &Loaded) -> BTreeSet<(Code, String, String)> {
        let c = &loaded.contract;
        let name = |i: Item| match i {
            Item::Clause(id) => c.clause(id).named.name.clone(),
            Item::Fact(id) => c.fact(id).named.name.clone(),
        };
        conflicts::find(c)
            .conflicts
            .into_iter()
            .map(|k| {
                let (a, b) = (name(k.primary), name(k.other));
                (k.code, a.clone().min(b.clone()), a.max(b))
            })
            .collect()
    }

    #[test]
    fn generated_contracts_resolve_without_errors() {
        for (clauses, seed) in [(1, 1), (50, 2), (2000, 3)] {
            let g = generate(&Options {
                clauses,
                seed,
                ..Options::default()
            });
            let loaded = load(&g.text);
            assert_eq!(loaded.contract.clauses.len(), clauses);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_contract() {
        let opts = Options {
            clauses: 300,
            seed: 9,
            ..Options::default()
        };
        assert_eq!(generate(&opts).text, generate(&opts).text);
        let other = Options { seed: 10, ..opts };
        assert_ne!(generate(&opts).text, generate(&other).text);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn planted_conflicts_are_found_and_restored_precedence_clears_them(
            seed in any::<u64>(),
            clauses in 10usize..400,
        ) {
            let opts = Options { clauses, seed, plant: true, conflict_rate: 0.3 };
            let g = generate(&opts);
            let planted: BTreeSet<(Code, String, String)> = g
                .planted
                .iter()
                .map(|p| (p.code, p.first.clone().min(p.second.clone()), p.first.clone().max(p.second.clone())))
                .collect();
            prop_assert_eq!(found(&load(&g.text)), planted);
            let clean = generate(&Options { plant: false, ..opts });
            prop_assert!(clean.planted.is_empty());
            prop_assert_eq!(found(&load(&clean.text)), BTreeSet::new());
        }
    }
}

#[test]
fn indefinitely_says_a_norm_has_no_end_on_purpose() {
    let loaded = check(
        r#"
clause forgotten { openai may serve api_products }
clause on_purpose {
  openai may serve api_products to us_natsec
  indefinitely
}
"#,
    );
    let open: Vec<String> = with_code(&loaded, Code::OpenEnded)
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(open, ["clause `forgotten` has no end"]);
}

#[test]
fn a_window_cannot_both_end_and_last_indefinitely() {
    let src = format!(
        "{HEAD}clause both {{ openai may serve api_products until 2030-01-01 indefinitely }}"
    );
    let loaded = pactum::check::check_text(Path::new("main.pactum"), &src, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    });
    let malformed = with_code(&loaded, Code::Malformed);
    assert_eq!(malformed.len(), 1, "{:#?}", loaded.diagnostics);
    let labels: Vec<&str> = malformed[0]
        .labels
        .iter()
        .map(|l| &src[l.span.range.clone()])
        .collect();
    assert_eq!(labels, ["indefinitely", "until 2030-01-01"]);
}

#[test]
fn clauses_in_a_precedence_loop_are_not_called_shadowed() {
    let loaded = check(
        r#"
clause a { openai may serve api_products from 2026-01-01 through 2026 overrides b }
clause b { openai must not serve api_products through 2026 overrides a }
"#,
    );
    assert_eq!(with_code(&loaded, Code::PrecedenceCycle).len(), 1);
    assert!(with_code(&loaded, Code::ShadowedClause).is_empty());
}
