//! The diff on small contracts: each test is two versions and the change
//! that must be found, with its days.

use super::*;
use crate::model::{load_text, Loaded};
use std::path::Path;

fn load(src: &str) -> Loaded {
    let loaded = load_text(Path::new("test.pactum"), src, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    });
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded
}

const HEAD: &str = r#"
contract "t" effective 2020-01-01
party a
party b
party c
action use
qualifier eu
qualifier us
event done by a
subject ip { models { weights, code }, research }
"#;

fn versions(old: &str, new: &str) -> (Loaded, Loaded) {
    (load(&format!("{HEAD}{old}")), load(&format!("{HEAD}{new}")))
}

/// The changes in the one scenario where no event happens.
fn changes(old: &str, new: &str) -> Vec<Change> {
    let (o, n) = versions(old, new);
    let s = Scenario::never(&n.contract);
    let options = Options {
        on: None,
        party: None,
        scenarios: Scenarios::Given {
            scenario: s,
            assumed: Vec::new(),
        },
    };
    let d = diff(&o.contract, &n.contract, &options);
    assert_eq!(d.scenarios.len(), 1);
    d.scenarios[0].changes.clone()
}

fn day(s: &str) -> Option<Day> {
    Some(Day::parse(s).unwrap())
}

fn subjects(parts: &[Part]) -> Vec<Vec<String>> {
    parts.iter().map(|p| p.subjects.clone()).collect()
}

#[test]
fn the_same_contract_has_no_change() {
    let text = "clause x { a may use ip through 2030 }";
    assert!(changes(text, text).is_empty());
}

#[test]
fn a_new_right_is_gained_from_its_first_day() {
    let c = changes(
        "",
        "clause x { a may use ip.models from 2021-01-01 through 2030 }",
    );
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].kind, Kind::Gained);
    assert_eq!(c[0].party, "a");
    assert_eq!(subjects(&c[0].gained), [["ip.models"]]);
    assert_eq!(c[0].interval.from, day("2021-01-01"));
    assert_eq!(c[0].interval.until, day("2031-01-01"));
    assert_eq!(c[0].window, "from 2021-01-01 through 2030-12-31");
    assert!(c[0].lost.is_empty() && c[0].before.is_empty());
    assert_eq!(c[0].after[0].clause, "x");
}

#[test]
fn a_removed_duty_is_lost() {
    let c = changes("clause x { b must not use ip.research indefinitely }", "");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].kind, Kind::Lost);
    assert_eq!(c[0].modality, "must not");
    assert_eq!(subjects(&c[0].lost), [["ip.research"]]);
    // From the effective date, with no end.
    assert_eq!(c[0].interval.from, day("2020-01-01"));
    assert_eq!(c[0].interval.until, None);
}

#[test]
fn a_subject_that_covers_more_widens_the_right() {
    let c = changes(
        "clause x { a may use ip.models.weights indefinitely }",
        "clause x { a may use ip.models indefinitely }",
    );
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].kind, Kind::Widened);
    assert_eq!(subjects(&c[0].gained), [["ip.models.code"]]);
    assert!(c[0].lost.is_empty());
}

#[test]
fn an_exception_in_the_subject_narrows_the_right() {
    let c = changes(
        "clause x { a may use ip indefinitely }",
        "clause renamed { a may use ip except ip.research indefinitely }",
    );
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].kind, Kind::Narrowed);
    assert_eq!(subjects(&c[0].lost), [["ip.research"]]);
    assert_eq!(c[0].before[0].clause, "x");
    assert_eq!(c[0].after[0].clause, "renamed");
}

#[test]
fn a_wider_to_scope_widens_the_right_for_the_other_parties() {
    let c = changes(
        "clause x { a may use ip to b indefinitely }",
        "clause x { a may use ip indefinitely }",
    );
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].kind, Kind::Widened);
    assert_eq!(c[0].gained.len(), 1);
    assert_eq!(c[0].gained[0].to, Reach::AnyBut(vec!["b".into()]));
    assert_eq!(c[0].gained[0].on, Reach::Any);
    assert_eq!(c[0].gained[0].words(), "`ip` to any party but `b`");
}

#[test]
fn a_narrower_on_scope_narrows_the_duty() {
    let c = changes(
        "clause x { b must not use ip on eu, us indefinitely }",
        "clause x { b must not use ip on us indefinitely }",
    );
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].kind, Kind::Narrowed);
    assert_eq!(c[0].lost[0].on, Reach::Only(vec!["eu".into()]));
}

#[test]
fn one_part_more_and_one_less_is_a_change() {
    let c = changes(
        "clause x { a may use ip.research indefinitely }",
        "clause x { a may use ip.models indefinitely }",
    );
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].kind, Kind::Changed);
    assert_eq!(subjects(&c[0].gained), [["ip.models"]]);
    assert_eq!(subjects(&c[0].lost), [["ip.research"]]);
}

#[test]
fn an_exclusive_right_is_its_own_right() {
    let c = changes(
        "clause x { a may use ip indefinitely }",
        "clause x { a may use ip indefinitely }\nclause y { only a may use ip.models through 2030 }",
    );
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].kind, Kind::Gained);
    assert!(c[0].exclusive);
    assert_eq!(c[0].interval.until, day("2031-01-01"));
}

#[test]
fn a_window_moved_later_is_a_gain_at_its_end_and_a_loss_at_its_start() {
    let c = changes(
        "clause x { a may use ip from 2021-01-01 until 2023-01-01 }",
        "clause x { a may use ip from 2022-01-01 until 2024-01-01 }",
    );
    assert_eq!(c.len(), 2, "{c:#?}");
    assert_eq!(c[0].kind, Kind::Lost);
    assert_eq!(c[0].window, "from 2021-01-01 through 2021-12-31");
    assert_eq!(c[1].kind, Kind::Gained);
    assert_eq!(c[1].window, "from 2023-01-01 through 2023-12-31");
}

#[test]
fn the_party_filter_and_the_day_keep_only_what_was_asked() {
    let (o, n) = versions(
        "clause x { a may use ip through 2030 }",
        "clause x { a may use ip through 2025 }\nclause y { b may use ip.research }",
    );
    let ask = |on: Option<&str>, party: Option<&str>| {
        let options = Options::new(&o.contract, &n.contract, on, party, &[]).unwrap();
        diff(&o.contract, &n.contract, &options)
    };
    let all = ask(None, None);
    assert_eq!(all.scenarios.len(), 1);
    assert_eq!(all.scenarios[0].changes.len(), 2);
    let a = ask(None, Some("a"));
    assert_eq!(a.scenarios[0].changes.len(), 1);
    assert_eq!(a.scenarios[0].changes[0].kind, Kind::Lost);
    // On a day before the loss, only `b`'s gain is in force.
    let early = ask(Some("2024-06-01"), None);
    assert_eq!(early.scenarios[0].changes.len(), 1);
    assert_eq!(early.scenarios[0].changes[0].party, "b");
    let e = Options::new(&o.contract, &n.contract, None, Some("bb"), &[]).unwrap_err();
    assert_eq!(e.message, "unknown party `bb`");
    assert_eq!(e.help.as_deref(), Some("did you mean `b`?"));
    let e = Options::new(&o.contract, &n.contract, Some("2024-02-30"), None, &[]).unwrap_err();
    assert_eq!(e.message, "`2024-02-30` is not a date");
}

#[test]
fn the_answer_depends_on_the_event_where_a_window_does() {
    let (o, n) = versions(
        "clause x { a may use ip until done }",
        "clause x { a may use ip through 2030 }",
    );
    let options = Options::new(&o.contract, &n.contract, None, None, &[]).unwrap();
    let d = diff(&o.contract, &n.contract, &options);
    // If `done` never happens, the right is lost from 2031 on; if it
    // happens before 2031, it is gained from that day through 2030.
    let never = d
        .scenarios
        .iter()
        .find(|s| s.assume.iter().all(|a| a.day.is_none()))
        .expect("a scenario in which `done` never happens");
    assert_eq!(never.changes.len(), 1);
    assert_eq!(never.changes[0].kind, Kind::Lost);
    assert_eq!(never.changes[0].interval.from, day("2031-01-01"));
    let early = d
        .scenarios
        .iter()
        .find(|s| {
            s.assume.iter().any(|a| {
                a.day
                    .is_some_and(|d| day("2020-01-01") <= Some(d) && Some(d) < day("2031-01-01"))
            })
        })
        .expect("a scenario in which `done` happens in the 2020s");
    let done = early.assume[0].day;
    assert_eq!(early.changes.len(), 1);
    assert_eq!(early.changes[0].kind, Kind::Gained);
    assert_eq!(early.changes[0].interval.from, done);
    assert_eq!(early.changes[0].interval.until, day("2031-01-01"));
    assert!(early
        .scenario
        .as_deref()
        .unwrap()
        .contains("`done` happens on"));
}

#[test]
fn subjects_refined_in_the_new_version_are_compared_leaf_by_leaf() {
    // The new version splits `data` into parts; the old right over all of
    // `data` is the new right over both parts.
    let old = load(
        "contract \"o\" effective 2020-01-01\nparty a\naction use\nsubject data\nclause x { a may use data indefinitely }",
    );
    let new = load(
        "contract \"n\" effective 2020-01-01\nparty a\naction use\nsubject data { raw, clean }\nclause x { a may use data.raw indefinitely }",
    );
    let options = Options::new(&old.contract, &new.contract, None, None, &[]).unwrap();
    let d = diff(&old.contract, &new.contract, &options);
    let c = &d.scenarios[0].changes;
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].kind, Kind::Narrowed);
    assert_eq!(subjects(&c[0].lost), [["data.clean"]]);
}

#[test]
fn days_of_events_are_named_by_their_event() {
    let (o, n) = versions(
        "clause x { a may use ip until done }",
        "clause x { a may use ip through 2030 }",
    );
    let options = Options::new(
        &o.contract,
        &n.contract,
        None,
        None,
        &["done=2025-01-01".into()],
    )
    .unwrap();
    let d = diff(&o.contract, &n.contract, &options);
    let c = &d.scenarios[0].changes;
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].window, "from `done` through 2030-12-31");
    assert_eq!(c[0].interval.from, day("2025-01-01"));
}

fn reference() -> (Loaded, Loaded) {
    let read = &mut |p: &Path| std::fs::read(p);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts");
    let old = crate::model::load(&dir.join("microsoft-openai-history.pactum"), read);
    let new = crate::model::load(&dir.join("microsoft-openai-2025.pactum"), read);
    assert!(!old.has_errors() && !new.has_errors());
    (old, new)
}

/// The sweep keeps the norms in force by an index; the oracle asks the one
/// state function on each day where something starts or ends (and the day
/// before), in every representative scenario, and compares the two
/// versions' norms in force there right or duty by right or duty.
#[test]
fn the_sweep_agrees_with_the_state_on_every_day_that_matters() {
    let (old, new) = reference();
    let (o, n) = (&old.contract, &new.contract);
    let ctx = Ctx::new(o, n);
    let mut terms = ctx.new_terms();
    let moved = ctx.old_terms_in_new();
    terms.extend(moved.iter());
    let scenarios = points::scenarios(n, &terms, POINTS).unwrap();
    assert!(scenarios.len() > 10, "{} scenarios", scenarios.len());
    for s in &scenarios {
        let changes = ctx.changes_in(s);
        let s_old = ctx.old_scenario(s);
        let mut days: Vec<Day> = changes
            .iter()
            .flat_map(|c| [c.interval.from, c.interval.until])
            .flatten()
            .flat_map(|d| [d.pred(), d])
            .collect();
        days.push(Day::parse("2025-10-28").unwrap());
        days.push(Day::parse("2040-01-01").unwrap());
        for d in days {
            let state_old = crate::semantics::state(o, d, &s_old);
            let state_new = crate::semantics::state(n, d, s);
            let mut by_key: BTreeMap<Key, [BTreeSet<usize>; 2]> = BTreeMap::new();
            for a in &state_old.norms {
                let k = ctx.old_norms[a.clause.index()].key.clone();
                by_key.entry(k).or_default()[0].insert(a.clause.index());
            }
            for a in &state_new.norms {
                let k = ctx.new_norms[a.clause.index()].key.clone();
                by_key.entry(k).or_default()[1].insert(a.clause.index());
            }
            let oracle: Vec<Change> = by_key
                .iter()
                .filter_map(|(k, sets)| ctx.compare(k, sets))
                .collect();
            let swept: Vec<&Change> = changes.iter().filter(|c| c.interval.contains(d)).collect();
            assert_eq!(oracle.len(), swept.len(), "on {d} in {s:?}");
            for c in &oracle {
                assert!(
                    swept
                        .iter()
                        .any(|x| same_change(x, c) && x.party == c.party),
                    "on {d} in {s:?}: {c:#?} not found by the sweep"
                );
            }
        }
    }
}

/// What the new version gained over the old is what the old one gains
/// over the new, read backwards, on the same days.
#[test]
fn a_diff_read_backwards_swaps_gains_and_losses() {
    let (old, new) = reference();
    let (o, n) = (&old.contract, &new.contract);
    let never = |c: &crate::model::Contract| Options {
        on: None,
        party: None,
        scenarios: Scenarios::Given {
            scenario: Scenario::never(c),
            assumed: Vec::new(),
        },
    };
    let forward = diff(o, n, &never(n));
    let backward = diff(n, o, &never(o));
    let (f, b) = (
        &forward.scenarios[0].changes,
        &backward.scenarios[0].changes,
    );
    assert!(!f.is_empty());
    assert_eq!(f.len(), b.len());
    for c in f {
        assert!(
            b.iter().any(|x| x.party == c.party
                && x.interval == c.interval
                && x.kind == c.kind.reversed()
                && x.gained == c.lost
                && x.lost == c.gained
                && x.before == c.after
                && x.after == c.before),
            "{c:#?} has no mirror"
        );
    }
}

/// Each version of the reference contract compared with itself, in every
/// representative scenario: nothing changes.
#[test]
fn each_version_against_itself_changes_nothing() {
    let (old, new) = reference();
    for c in [&old.contract, &new.contract] {
        let d = diff(c, c, &Options::new(c, c, None, None, &[]).unwrap());
        assert!(d.undecided.is_none());
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(d.scenarios.len(), 1);
    }
}
