//! The timeline's data checked against the library's own answers: the bars
//! against the window of each clause in each scenario, the scenarios against
//! the contract's constraints, the range against every dated boundary.

use super::*;
use crate::semantics::{state, window_interval};

fn load(name: &str) -> crate::model::Loaded {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("contracts")
        .join(name);
    let loaded = crate::model::load(&path, &mut |p: &std::path::Path| std::fs::read(p));
    assert!(!loaded.has_errors(), "{name} loads without errors");
    loaded
}

const REFERENCE: &str = "microsoft-openai-2025.pactum";
const CORPUS: &[&str] = &[
    "microsoft-openai-2025.pactum",
    "apollo-establishmentlabs-2014.pactum",
    "hydraspin-bestev-2019.pactum",
    "impco-minda-2001.pactum",
    "jhu-virtuososurgical-2016.pactum",
];

fn day(text: &str) -> Day {
    Day::parse(text).unwrap()
}

fn view_where<'t>(t: &'t Timeline, c: &Contract, event: &str) -> &'t View {
    let e = c.find_event(event).unwrap();
    t.views
        .iter()
        .find(|v| v.varies == Some(e))
        .unwrap_or_else(|| panic!("a scenario in which `{event}` happens"))
}

/// The bars of each clause, joined, are exactly its window in the scenario:
/// the state function, asked cell by cell, agrees with the window.
#[test]
fn bars_are_the_windows_of_the_clauses_in_every_scenario_of_every_agreement() {
    for name in CORPUS {
        let loaded = load(name);
        let c = &loaded.contract;
        let t = build(c, &Options::new(c));
        for v in &t.views {
            for clause in c.clause_ids() {
                let mine: Vec<&Bar> = v.bars.iter().filter(|b| b.clause == clause).collect();
                let expected = clause_interval(c, clause, &v.scenario);
                match expected {
                    None => assert!(mine.is_empty(), "{name}: {clause:?} in {}", v.label),
                    Some(i) => {
                        assert!(!mine.is_empty(), "{name}: {clause:?} in {}", v.label);
                        assert_eq!(mine[0].interval.from, i.from, "{name} {}", v.label);
                        assert_eq!(mine.last().unwrap().interval.until, i.until);
                        // Consecutive stretches meet, and differ in what
                        // takes precedence (else they would be one).
                        for w in mine.windows(2) {
                            assert_eq!(w[0].interval.until, w[1].interval.from);
                            assert_ne!(w[0].overridden_by, w[1].overridden_by);
                        }
                    }
                }
            }
            // Every bar is in its clause's row and has its clause's kind.
            for b in &v.bars {
                let row = &t.lanes[b.lane].rows[b.row];
                assert!(row.clauses.contains(&b.clause));
                assert_eq!(b.kind, Kind::of(c, b.clause));
                assert_eq!(
                    t.lanes[b.lane].party,
                    c.party(c.clause(b.clause).norm.party).name
                );
            }
        }
    }
}

/// Each scenario shown is one the contract allows, and each event the
/// windows depend on happens in one of them.
#[test]
fn every_scenario_is_allowed_and_every_event_that_matters_happens_in_one() {
    for name in CORPUS {
        let loaded = load(name);
        let c = &loaded.contract;
        let t = build(c, &Options::new(c));
        assert_eq!(t.views[0].varies, None);
        assert_eq!(t.views[0].scenario, Scenario::never(c));
        for v in &t.views {
            assert_eq!(v.scenario.broken_order(c), None, "{name}: {}", v.label);
            if let Some(e) = v.varies {
                assert!(v.scenario.date(e).is_some(), "{name}: {}", v.label);
            }
        }
        let terms = all_terms(c);
        for e in when::events_of(terms.iter().copied()) {
            let shown = t.views.iter().any(|v| v.varies == Some(e));
            // An instalment's discharge event left out is noted within its
            // recurring clause's range of them.
            let instalments = super::performed(c, e).map(|k| {
                format!(
                    "instalments of `{}` are performed by",
                    c.clause(k).named.name
                )
            });
            let noted = t.notes.iter().any(|n| {
                n.contains(&format!("`{}`", c.event(e).named.name))
                    || instalments.as_ref().is_some_and(|i| n.contains(i))
            });
            assert!(shown || noted, "{name}: `{}`", c.event(e).named.name);
        }
        // The corpus agreements all have a scenario for every such event.
        assert!(
            t.notes.iter().all(|n| !n.starts_with("no scenario")),
            "{name}: {:?}",
            t.notes
        );
    }
}

/// The range shows every day on which something drawn changes, in every
/// scenario, and every version boundary, with a margin.
#[test]
fn the_range_shows_every_dated_boundary() {
    for name in CORPUS {
        let loaded = load(name);
        let c = &loaded.contract;
        let t = build(c, &Options::new(c));
        let terms = all_terms(c);
        for v in &t.views {
            for d in points::days(&terms, &v.scenario).into_iter().skip(1) {
                assert!(t.from < d && d < t.until, "{name}: {d} in {}", v.label);
            }
            for e in &v.events {
                assert!(t.from < e.day && e.day < t.until);
            }
        }
        for version in &t.versions {
            assert!(t.from < version.effective && version.effective < t.until);
        }
    }
}

#[test]
fn the_reference_contract_in_words_and_dates() {
    let loaded = load(REFERENCE);
    let c = &loaded.contract;
    let t = build(c, &Options::new(c));
    assert_eq!(t.versions.len(), 2, "the history and the 2025 agreement");
    assert_eq!(t.versions[1].effective, day("2025-10-28"));
    let research = c.find_clause("research_ip").unwrap();
    let exclusive = c.find_clause("exclusive_ip").unwrap();
    let bar = |v: &View, clause| -> Vec<Interval> {
        v.bars
            .iter()
            .filter(|b| b.clause == clause)
            .map(|b| b.interval)
            .collect()
    };
    // No event: research IP "until agi_verified or end of 2030".
    let never = &t.views[0];
    assert_eq!(
        bar(never, research),
        vec![Interval {
            from: Some(day("2025-10-28")),
            until: Some(day("2031-01-01"))
        }]
    );
    // The panel verifies AGI: every right "until AGI" ends on that day,
    // after `agi_declared` (which it must follow).
    let verified = view_where(&t, c, "agi_verified");
    let v_day = verified
        .scenario
        .date(c.find_event("agi_verified").unwrap())
        .unwrap();
    let d_day = verified
        .scenario
        .date(c.find_event("agi_declared").unwrap())
        .unwrap();
    assert!(d_day <= v_day);
    assert!(
        v_day < day("2031-01-01"),
        "verified where it shows: {v_day}"
    );
    assert_eq!(bar(verified, research)[0].until, Some(v_day));
    assert_eq!(bar(verified, exclusive)[0].until, Some(v_day));
    // The T7 gap: research IP ungoverned from its end through 2032.
    let gap = |v: &View| -> Vec<Interval> { v.gaps.iter().map(|g| g.interval).collect() };
    assert_eq!(
        gap(never),
        vec![Interval {
            from: Some(day("2031-01-01")),
            until: Some(day("2033-01-01"))
        }]
    );
    assert_eq!(gap(verified)[0].from, Some(v_day));
    assert!(never.gaps[0].subjects.contains("openai_ip.research"));
    // The reference contract has no conflict; T13 takes precedence over the
    // API exclusivity where both apply.
    assert!(t.views.iter().all(|v| v.conflicts.is_empty()));
    let api = c.find_clause("azure_api_exclusivity").unwrap();
    let natsec = c.find_clause("natsec_api").unwrap();
    assert!(never
        .bars
        .iter()
        .any(|b| b.clause == api && b.overridden_by == vec![natsec]));
}

/// Conflicts are drawn where the conflict search's pairs are both in force.
#[test]
fn conflicts_are_the_searched_pairs_where_both_are_in_force() {
    let loaded = load("impco-minda-2001.pactum");
    let c = &loaded.contract;
    let t = build(c, &Options::new(c));
    let found = conflicts::find(c);
    assert!(!found.conflicts.is_empty());
    let marks: usize = t.views.iter().map(|v| v.conflicts.len()).sum();
    assert!(marks > 0, "the corpus conflicts are drawn");
    for v in &t.views {
        for m in &v.conflicts {
            assert!(found
                .conflicts
                .iter()
                .any(|f| f.primary == Item::Clause(m.primary) && f.other == Item::Clause(m.other)));
            for side in [m.primary, m.other] {
                let i = clause_interval(c, side, &v.scenario).unwrap();
                assert_eq!(when::intersect(&i, &m.interval), Some(m.interval));
            }
        }
    }
}

/// Assumed events keep their day in every scenario, and the range and days
/// given are the ones shown.
#[test]
fn assumptions_and_a_given_range_hold_in_every_scenario() {
    let loaded = load(REFERENCE);
    let c = &loaded.contract;
    let declared = c.find_event("agi_declared").unwrap();
    let mut base = Scenario::never(c);
    base.set(declared, Some(day("2027-03-01")));
    let options = Options {
        base,
        assumed: vec![declared],
        from: Some(day("2025-01-01")),
        through: Some(day("2030-12-31")),
    };
    let t = build(c, &options);
    assert_eq!((t.from, t.until), (day("2025-01-01"), day("2031-01-01")));
    for v in &t.views {
        assert_eq!(v.scenario.date(declared), Some(day("2027-03-01")));
        assert_ne!(v.varies, Some(declared));
    }
    // `agi_verified` is placed on or after the assumed declaration.
    let verified = view_where(&t, c, "agi_verified");
    let v_day = verified
        .scenario
        .date(c.find_event("agi_verified").unwrap())
        .unwrap();
    assert!(v_day >= day("2027-03-01"));
    // The compute cap ends on the assumed declaration in every scenario.
    let cap = c.find_clause("agi_compute_cap").unwrap();
    let cap_window = &c.clause(cap).window;
    for v in &t.views {
        let until = v
            .bars
            .iter()
            .rfind(|b| b.clause == cap)
            .unwrap()
            .interval
            .until;
        assert_eq!(
            until,
            window_interval(cap_window, &v.scenario).unwrap().until
        );
        assert_eq!(until, Some(day("2027-03-01")));
    }
}

/// The bars agree with the one state function on every day on which
/// anything changes (so on every day): the same clauses in force, with the
/// same clauses taking precedence over them.
#[test]
fn bars_are_the_state_on_every_day() {
    for name in CORPUS {
        let loaded = load(name);
        let c = &loaded.contract;
        let t = build(c, &Options::new(c));
        let terms = all_terms(c);
        for v in &t.views {
            for d in points::days(&terms, &v.scenario) {
                let mut from_state: Vec<(ClauseId, Vec<ClauseId>)> = state(c, d, &v.scenario)
                    .norms
                    .into_iter()
                    .map(|mut n| {
                        n.overridden_by.sort();
                        (n.clause, n.overridden_by)
                    })
                    .collect();
                from_state.sort();
                let mut drawn: Vec<(ClauseId, Vec<ClauseId>)> = (v.bars.iter())
                    .filter(|b| b.interval.contains(d))
                    .map(|b| (b.clause, b.overridden_by.clone()))
                    .collect();
                drawn.sort();
                assert_eq!(drawn, from_state, "{name} on {d} {}", v.label);
            }
        }
    }
}

/// A contract too large to read at a glance is drawn in part, and the page
/// says what is left out.
#[test]
fn a_large_contract_is_drawn_within_the_caps() {
    let generated = crate::gen::generate(&crate::gen::Options {
        clauses: 3_500,
        ..Default::default()
    });
    let path = std::path::Path::new("generated.pactum");
    let loaded = crate::model::load_text(path, &generated.text, &mut |_: &std::path::Path| {
        Err(std::io::Error::other("no other file"))
    });
    assert!(!loaded.has_errors());
    let c = &loaded.contract;
    let t = build(c, &Options::new(c));
    let rows: usize = t.lanes.iter().map(|l| l.rows.len()).sum();
    assert_eq!(rows, MOST_ROWS);
    assert!(t
        .notes
        .iter()
        .any(|n| n.starts_with("only the first 1000 of")));
    let events = when::events_of(all_terms(c)).len();
    assert!(events >= MOST_SCENARIOS, "{events} events");
    assert_eq!(t.views.len(), MOST_SCENARIOS);
    assert!(t
        .notes
        .iter()
        .any(|n| n.starts_with("the picker offers 30 scenarios")));
    for v in &t.views {
        assert!(v.bars.iter().all(|b| b.lane < t.lanes.len()));
    }
}

/// Loads a contract written in the test, with no file behind it.
fn load_text(text: &str) -> crate::model::Loaded {
    let bytes = text.as_bytes().to_vec();
    let loaded = crate::model::load(std::path::Path::new("inline.pactum"), &mut |_| {
        Ok(bytes.clone())
    });
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded
}

/// The reference contract against its history: one range for both
/// pictures, covering every dated bar of each, the old version drawn in the
/// new version's scenarios (events matched by name), each with its own rows.
#[test]
fn compared_versions_share_the_days_and_the_scenarios() {
    let (old_l, new_l) = (load("microsoft-openai-history.pactum"), load(REFERENCE));
    let (old, new) = (&old_l.contract, &new_l.contract);
    let cmp = compare(old, new, &Options::new(new));
    assert_eq!((cmp.old.from, cmp.old.until), (cmp.new.from, cmp.new.until));
    // The common range holds what each version alone would show.
    let alone = build(new, &Options::new(new));
    assert!(cmp.new.from <= alone.from && alone.until <= cmp.new.until);
    assert_eq!(cmp.new.views.len(), alone.views.len());
    assert_eq!(cmp.old.views.len(), cmp.new.views.len());
    assert_eq!(cmp.changes.len(), cmp.new.views.len());
    for t in [&cmp.old, &cmp.new] {
        for v in &t.views {
            for b in &v.bars {
                for d in [b.interval.from, b.interval.until].into_iter().flatten() {
                    assert!(t.from <= d && d <= t.until, "{d} outside the range");
                }
            }
        }
    }
    // The history starts in 2019: the range reaches back to it.
    assert!(cmp.new.from <= day("2019-07-22"), "{}", cmp.new.from);
    for (o, n) in cmp.old.views.iter().zip(&cmp.new.views) {
        // Same events on the same days where both declare them.
        for e in old.event_ids() {
            let name = &old.event(e).named.name;
            let theirs = new.find_event(name).and_then(|n2| n.scenario.date(n2));
            assert_eq!(o.scenario.date(e), theirs, "`{name}` in {}", n.label);
        }
        // The old bars are the old clauses' windows in that scenario.
        for clause in old.clause_ids() {
            let mine: Vec<&Bar> = o.bars.iter().filter(|b| b.clause == clause).collect();
            match clause_interval(old, clause, &o.scenario) {
                None => assert!(mine.is_empty()),
                Some(i) => {
                    assert_eq!(mine.first().unwrap().interval.from, i.from);
                    assert_eq!(mine.last().unwrap().interval.until, i.until);
                }
            }
        }
    }
    // Each picture has its own rows: the 2025 agreement's exclusive IP
    // right is a row of the new version only.
    let rows = |t: &Timeline| -> Vec<String> {
        (t.lanes.iter())
            .flat_map(|l| l.rows.iter().map(|r| r.name.clone()))
            .collect()
    };
    let (old_rows, new_rows) = (rows(&cmp.old), rows(&cmp.new));
    assert!(old_rows.contains(&"azure_exclusive_cloud".to_string()));
    assert!(!old_rows.contains(&"exclusive_ip".to_string()));
    assert!(new_rows.contains(&"exclusive_ip".to_string()));
    assert_eq!(old_rows.len(), old.clauses.len() + old.coverages.len());
    // The changes are the diff's: Microsoft loses its right to preempt
    // compute on the new agreement's effective date, in every scenario.
    for changes in &cmp.changes {
        assert!(changes.iter().any(|c| c.party == "microsoft"
            && c.action == "preempt"
            && c.kind == diff::Kind::Lost
            && c.interval.from == Some(day("2025-10-28"))));
    }
}

/// An event that only one version declares never happens in the other; an
/// assumed day and a given range hold in both pictures.
#[test]
fn an_event_of_one_version_only_never_happens_in_the_other() {
    let old_l = load_text(
        "contract \"old\" effective 2024-01-01\nparty a\naction use\nsubject s\n\
         event launch by a\nevent audit by a\n\
         clause c { a may use s until launch }\nclause d { a must not use s from audit }\n",
    );
    let new_l = load_text(
        "contract \"new\" effective 2024-01-01\nparty a\naction use\nsubject s\n\
         event launch by a\nevent review by a\n\
         clause c { a may use s until 1 year after launch }\nclause e { a must use s from review }\n",
    );
    let (old, new) = (&old_l.contract, &new_l.contract);
    let cmp = compare(old, new, &Options::new(new));
    let audit = old.find_event("audit").unwrap();
    let launch = (
        old.find_event("launch").unwrap(),
        new.find_event("launch").unwrap(),
    );
    assert!(cmp.new.views.iter().any(|v| v.varies == Some(launch.1)));
    for (o, n) in cmp.old.views.iter().zip(&cmp.new.views) {
        assert_eq!(o.scenario.date(audit), None, "{}", n.label);
        assert_eq!(o.scenario.date(launch.0), n.scenario.date(launch.1));
        assert!(o
            .bars
            .iter()
            .all(|b| old.clause(b.clause).named.name != "d"));
    }
    // `c` ends a year later in the new version: in the scenario in which
    // the launch happens, the diff says the right is gained for that year.
    let at = cmp
        .new
        .views
        .iter()
        .position(|v| v.varies == Some(launch.1))
        .unwrap();
    assert!(cmp.changes[at]
        .iter()
        .any(|c| c.kind == diff::Kind::Gained && c.action == "use"));

    let (base, assumed) =
        crate::semantics::query::assumed_scenario(new, &["launch=2026-03-01".to_string()]).unwrap();
    let options = Options {
        base,
        assumed,
        from: Some(day("2025-01-01")),
        through: Some(day("2028-12-31")),
    };
    let cmp = compare(old, new, &options);
    for t in [&cmp.old, &cmp.new] {
        assert_eq!((t.from, t.until), (day("2025-01-01"), day("2029-01-01")));
    }
    for o in &cmp.old.views {
        assert_eq!(o.scenario.date(launch.0), Some(day("2026-03-01")));
    }
}

/// An event that so many windows name that listing their representative
/// scenarios runs over the budget still gets a scenario in which it
/// happens: the first one the search reaches that the contract allows.
/// JHU's §7.1 terminations end the term, which ends every clause; with the
/// Asset Sale fee owed only if no Initial Public Offering came first
/// (Exhibit A §4.1, "only the first to occur"), the terminations' windows
/// have more than the budget's representative scenarios.
#[test]
fn an_event_whose_scenarios_are_too_many_to_list_is_still_shown() {
    let loaded = load("jhu-virtuososurgical-2016.pactum");
    let c = &loaded.contract;
    let event = c.find_event("jhu_terminates_for_default").unwrap();
    // The premise: listing the scenarios of its windows is over the budget.
    assert!(points::scenarios(c, &own_terms(c, event), budget::COVERAGE_POINTS).is_err());
    let t = build(c, &Options::new(c));
    for name in [
        "jhu_terminates_for_default",
        "company_terminates_for_default",
    ] {
        let v = view_where(&t, c, name);
        assert_eq!(v.scenario.broken_order(c), None, "{name}");
    }
    assert!(
        t.notes.iter().all(|n| !n.starts_with("no scenario")),
        "{:?}",
        t.notes
    );
}
