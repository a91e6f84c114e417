//! `pactum diff` on random pairs of contracts from
//! `pactum::testing::contracts_with`, which share their parties, actions,
//! qualifiers, subjects and event names, so that every kind of change occurs:
//!
//! - a contract against itself changes nothing, in any scenario;
//! - the diff read backwards swaps gains and losses, on the same days;
//! - on a random day in a random scenario, the rights and duties the diff
//!   says changed, and how, are those a naive oracle finds by asking the one
//!   state function which norms are in force in each version and listing,
//!   act by act (subject leaf × party directed to × qualifier), what each
//!   governs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pactum::analysis::diff::{diff, Kind, Options, Scenarios};
use pactum::model::{load_text, Contract, Day, Norm, PartyId};
use pactum::semantics::{state, Scenario};
use pactum::testing::{contracts_with, dates, day, scenarios_in, GenConfig};
use proptest::prelude::*;

fn config() -> GenConfig {
    GenConfig {
        start: day("2030-01-01"),
        date_span: 12,
        max_events: 2,
        max_clauses: 5,
        max_facts: 0,
        max_assertions: 0,
        months: true,
        windows: true,
        renewals: false,
        month_windows: false,
    }
}

/// The number of cases, unless PROPTEST_CASES asks for more (or fewer).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn sound(text: &str) -> Contract {
    let loaded = load_text(Path::new("generated.pactum"), text, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    });
    assert!(!loaded.has_errors(), "{:#?}\n{text}", loaded.diagnostics);
    loaded.contract
}

fn given(scenario: Scenario) -> Options {
    Options {
        on: None,
        party: None,
        scenarios: Scenarios::Given {
            scenario,
            assumed: Vec::new(),
        },
    }
}

/// `s`, a scenario of `from`, as a scenario of `to`: events by name.
fn rename(s: &Scenario, from: &Contract, to: &Contract) -> Scenario {
    let mut out = Scenario::never(to);
    for e in to.event_ids() {
        if let Some(f) = from.find_event(&to.event(e).named.name) {
            out.set(e, s.date(f));
        }
    }
    out
}

/// A right or duty by name: party, modality, action, exclusive.
type Key = (String, String, String, bool);
/// An act: subject leaf, the party it is directed to and the qualifier it
/// is on (`None`: any other).
type Act = (String, Option<String>, Option<String>);

/// Every act each right or duty governs on `d` in `s`, from the norms the
/// state function puts in force, one act at a time.
fn acts(c: &Contract, d: Day, s: &Scenario) -> BTreeMap<Key, BTreeSet<Act>> {
    let leaves: Vec<(String, usize)> = (0..c.subjects.leaf_count())
        .map(|bit| (c.subjects.node(c.subjects.leaf_node(bit)).path.clone(), bit))
        .collect();
    let parties: Vec<Option<PartyId>> = (0..c.parties.len() as u32)
        .map(|i| Some(PartyId(i)))
        .filter(|p| !c.is_group(p.unwrap()))
        .chain([None])
        .collect();
    let quals: Vec<Option<usize>> = (0..c.qualifiers.len()).map(Some).chain([None]).collect();
    let admits_to = |n: &Norm, p: Option<PartyId>| match (&n.to, p) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(list), Some(p)) => list
            .iter()
            .any(|&x| x == p || c.party_members(x).contains(&p)),
    };
    let admits_on = |n: &Norm, q: Option<usize>| match (&n.on, q) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(list), Some(q)) => list.iter().any(|x| x.index() == q),
    };
    let mut out: BTreeMap<Key, BTreeSet<Act>> = BTreeMap::new();
    for a in state(c, d, s).norms {
        let n = &c.clause(a.clause).norm;
        let key = (
            c.party(n.party).name.clone(),
            n.modality.words().to_string(),
            c.action(n.action).name.clone(),
            n.exclusive,
        );
        let set = out.entry(key).or_default();
        for (path, bit) in &leaves {
            for &p in &parties {
                for &q in &quals {
                    if n.subjects.contains(*bit) && admits_to(n, p) && admits_on(n, q) {
                        set.insert((
                            path.clone(),
                            p.map(|p| c.party(p).name.clone()),
                            q.map(|q| c.qualifiers[q].name.clone()),
                        ));
                    }
                }
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn a_contract_against_itself_changes_nothing(text in contracts_with(config())) {
        let c = sound(&text);
        let d = diff(&c, &c, &Options::new(&c, &c, None, None, &[]).unwrap());
        prop_assert!(d.is_empty(), "{d:#?}\n{text}");
    }

    #[test]
    fn a_diff_read_backwards_swaps_gains_and_losses(
        a in contracts_with(config()),
        b in contracts_with(config()),
    ) {
        let (ca, cb) = (sound(&a), sound(&b));
        let forward = diff(&ca, &cb, &given(Scenario::never(&cb)));
        let backward = diff(&cb, &ca, &given(Scenario::never(&ca)));
        let (f, r) = (&forward.scenarios[0].changes, &backward.scenarios[0].changes);
        prop_assert_eq!(f.len(), r.len());
        for c in f {
            prop_assert!(
                r.iter().any(|x| x.party == c.party
                    && x.action == c.action
                    && x.modality == c.modality
                    && x.exclusive == c.exclusive
                    && x.interval == c.interval
                    && x.kind == c.kind.reversed()
                    && x.gained == c.lost
                    && x.lost == c.gained),
                "{c:#?} has no mirror\n{a}\n{b}"
            );
        }
    }

    #[test]
    fn the_changes_on_a_day_are_those_of_the_oracle(
        (a, b, s, d) in (contracts_with(config()), contracts_with(config())).prop_flat_map(|(a, b)| {
            let cb = sound(&b);
            let s = scenarios_in(&cb, day("2029-12-01")..=day("2030-03-01"));
            (Just(a), Just(b), s, dates(day("2029-12-01")..=day("2030-03-01")))
        })
    ) {
        let (ca, cb) = (sound(&a), sound(&b));
        let s_a = rename(&s, &cb, &ca);
        let old = acts(&ca, d, &s_a);
        let new = acts(&cb, d, &s);
        let empty = BTreeSet::new();
        let mut expected: BTreeMap<Key, Kind> = BTreeMap::new();
        for key in old.keys().chain(new.keys()) {
            let (o, n) = (old.get(key).unwrap_or(&empty), new.get(key).unwrap_or(&empty));
            let kind = if o == n {
                continue;
            } else if o.is_empty() {
                Kind::Gained
            } else if n.is_empty() {
                Kind::Lost
            } else if o.is_subset(n) {
                Kind::Widened
            } else if n.is_subset(o) {
                Kind::Narrowed
            } else {
                Kind::Changed
            };
            expected.insert(key.clone(), kind);
        }
        let report = diff(&ca, &cb, &given(s.clone()));
        let found: BTreeMap<Key, Kind> = report.scenarios[0]
            .changes
            .iter()
            .filter(|c| c.interval.contains(d))
            .map(|c| ((c.party.clone(), c.modality.clone(), c.action.clone(), c.exclusive), c.kind))
            .collect();
        prop_assert_eq!(found, expected, "on {} in {:?}\n{}\n{}", d, s, a, b);
    }
}
