//! The normative difference between two versions of a contract: per party,
//! the rights and duties gained, lost, widened or narrowed, with the days on
//! which each change holds, in each scenario where the answer depends on
//! events. `pactum diff` (docs/diff.md) renders what [`diff`] returns.
//!
//! **What is compared.** On a day, in a scenario, a version of a contract
//! says, for each *right or duty* (a party, a modality, an action and
//! whether the right is exclusive), which **acts** it governs: one subject
//! leaf, directed to one party (`to`), on one qualifier (`on`). The norms in
//! force are those [`crate::semantics::clause_interval`] puts in force, the
//! same test [`crate::semantics::state`] makes; precedence is not subtracted
//! (an `exception to` is a norm of its own, and it shows as one). Two
//! versions are matched by name: parties, actions, qualifiers, events and
//! subject paths with the same name are the same, so a clause may be renamed
//! or moved without showing as a change, and only what it says counts.
//!
//! **Gained, lost, widened, narrowed.** For one right or duty, let `O` be
//! the acts the old version governs and `N` those the new one does. The
//! change is *gained* when `O` is empty and `N` is not, *lost* in the
//! opposite case, *widened* when `N` strictly contains `O`, *narrowed* when
//! `O` strictly contains `N`, and *changed* when each has acts the other
//! lacks. A subject covers more when it has more leaves of the subject tree
//! (`openai_ip` covers `openai_ip.models`; `openai_ip except
//! openai_ip.research` covers less than `openai_ip`); a `to` or `on` scope
//! covers more when it admits more parties or qualifiers (no scope admits
//! all). The gained part is `N \ O` and the lost part `O \ N`, each said as
//! subjects with the `to` and `on` scopes they hold for.
//!
//! **Windows.** A change holds on a range of days: the days on which the
//! comparison gives the same answer. A window moved later is a gain at one
//! end and a loss at the other; a window cut short is a loss from the new
//! end on. The ranges are resolved in each scenario; in words, each bound is
//! named by the window bound it comes from (a date, or an event: "from
//! `agi_declared` through 2030-12-31"), and printed by
//! [`crate::print::window`], the one printer of windows.
//!
//! **Scenarios.** Without assumptions, the diff is worked out in each of the
//! representative scenarios of [`crate::semantics::points`] for the windows
//! of both versions (events matched by name), the one in which no event
//! happens first; scenarios whose changes say the same on days named the
//! same way are reported once. Events that only the old version declares
//! never happen. With assumptions (`--assume`), there is one scenario, as in
//! `pactum query`: events not assumed never happen.
//!
//! **How it scales.** Subject sets are bitsets over the leaves of a merged
//! subject tree. In each scenario, every clause's window is resolved once;
//! a sweep over the days on which some window opens or closes keeps the
//! norms in force grouped by right or duty (a hash index), and only the
//! groups a boundary touches are compared again. A scenario costs
//! `O((n + b) log n + Σ g)` for `n` clauses, `b` boundaries and groups of
//! `g` norms touched, never all pairs of norms (one right or duty with `g`
//! norms that start or end on `g` different days costs `g²`). The number of scenarios is
//! capped by [`MAX_SCENARIOS`]; past it the diff says so and reports the
//! scenario in which no event happens.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::model::{Contract, Day, EventId, Interval, Norm, Scope, SubjectSet, Taxonomy, TimeExpr};
use crate::print;
use crate::semantics::points;
use crate::semantics::query::QuestionError;
use crate::semantics::{clause_interval, Scenario};
use crate::syntax::ast::Modality;

/// The version of the JSON document of `pactum diff` (docs/diff.md).
pub const SCHEMA_VERSION: u32 = 1;

/// The most representative scenarios one diff works out. Past it, the diff
/// reports the scenario in which no event happens and says why it stopped.
pub const MAX_SCENARIOS: usize = 256;

/// Representative points the enumeration of scenarios may visit. Each
/// scenario costs a sweep of every clause, so a diff stops long before the
/// other analyses' time questions would (`budget::WINDOW_POINTS`): past
/// [`MAX_SCENARIOS`] the answer is not read anyway.
const POINTS: usize = 20_000;

/// Which scenarios a diff is worked out in.
#[derive(Debug, Clone)]
pub enum Scenarios {
    /// The representative scenarios of the new version's windows.
    Representative,
    /// One scenario of the new version, with the events the user assumed
    /// (every other event never happens).
    Given {
        /// When each event of the new version happens.
        scenario: Scenario,
        /// The events the user gave a day (or `never`) for.
        assumed: Vec<EventId>,
    },
}

/// What to compare, and what to report.
#[derive(Debug, Clone)]
pub struct Options {
    /// Report only the changes in force on this day.
    pub on: Option<Day>,
    /// Report only the changes of the party with this name.
    pub party: Option<String>,
    /// The scenarios to work the diff out in.
    pub scenarios: Scenarios,
}

impl Options {
    /// Checks the options of `pactum diff` in words against the two
    /// versions: `on` as `YYYY-MM-DD`, a party declared in either version,
    /// and assumptions `EVENT=YYYY-MM-DD|never` about the new version's
    /// events (checked as `pactum query` checks them).
    pub fn new(
        old: &Contract,
        new: &Contract,
        on: Option<&str>,
        party: Option<&str>,
        assume: &[String],
    ) -> Result<Options, QuestionError> {
        let on = on
            .map(|text| {
                Day::parse(text).ok_or_else(|| {
                    QuestionError {
                    message: format!("`{text}` is not a date"),
                    help: Some(
                        "write the day of `--on` as YYYY-MM-DD, a day that exists (e.g. 2025-10-28)"
                            .into(),
                    ),
                }
                })
            })
            .transpose()?;
        if let Some(p) = party {
            if old.find_party(p).is_none() && new.find_party(p).is_none() {
                let names: BTreeSet<&str> = (old.parties.iter())
                    .chain(&new.parties)
                    .map(|n| n.name.as_str())
                    .collect();
                let help = crate::model::suggest(p, names.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        let all: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                        format!("the parties are {}", all.join(", "))
                    });
                return Err(QuestionError {
                    message: format!("unknown party `{p}`"),
                    help: Some(help),
                });
            }
        }
        let scenarios = if assume.is_empty() {
            Scenarios::Representative
        } else {
            // The query's own reading of assumptions, ordering constraints
            // included; the day it also asks for plays no part here.
            let day = on.unwrap_or(Day::from_ymd(2000, 1, 1).unwrap_or(Day(730_120)));
            let q = crate::semantics::query::Question::new(
                new,
                &day.to_string(),
                assume,
                &Default::default(),
            )?;
            Scenarios::Given {
                scenario: q.scenario,
                assumed: q.assumed,
            }
        };
        Ok(Options {
            on,
            party: party.map(str::to_string),
            scenarios,
        })
    }
}

/// The normative difference between two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The version of this document's layout ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The day asked about, if any.
    pub on: Option<Day>,
    /// The party asked about, if any.
    pub party: Option<String>,
    /// One entry per distinct answer, in the order the scenarios were found.
    pub scenarios: Vec<ScenarioDiff>,
    /// Why the diff did not work out every representative scenario, if it
    /// did not; then `scenarios` holds only the one in which no event happens.
    pub undecided: Option<String>,
}

impl Diff {
    /// Whether no scenario has a change.
    pub fn is_empty(&self) -> bool {
        self.scenarios.iter().all(|s| s.changes.is_empty())
    }
}

/// The changes in one scenario (and in the others that give the same).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioDiff {
    /// The scenario in words ([`crate::print::scenario`]); `None` when the
    /// windows of the contracts depend on no event.
    pub scenario: Option<String>,
    /// The days of the events the scenario names, `None` for never, in the
    /// form `--assume` takes, so that it can be asked about again.
    pub assume: Vec<Assumption>,
    /// How many other representative scenarios give exactly these changes.
    pub same_in: usize,
    /// The changes, by party, then by first day.
    pub changes: Vec<Change>,
}

/// When one event happens in a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assumption {
    /// The event's name.
    pub event: String,
    /// Its day, or `None`: it never happens.
    pub day: Option<Day>,
}

/// How one right or duty of one party changed over one range of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The party the right or duty belongs to, as written in its norms.
    pub party: String,
    /// Gained, lost, widened, narrowed or changed.
    pub kind: Kind,
    /// `may`, `must` or `must not`.
    pub modality: String,
    /// The action.
    pub action: String,
    /// Whether the right is exclusive (`only`).
    pub exclusive: bool,
    /// The days on which the change holds: `from` inclusive, `until`
    /// exclusive, `None` unbounded.
    pub interval: Interval,
    /// The same days in words ([`crate::print::interval`]).
    pub window: String,
    /// What the new version governs that the old one does not.
    pub gained: Vec<Part>,
    /// What the old version governs that the new one does not.
    pub lost: Vec<Part>,
    /// The old version's norms of this right or duty in force then.
    pub before: Vec<Held>,
    /// The new version's norms of this right or duty in force then.
    pub after: Vec<Held>,
}

/// The kind of a change (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The old version has none of it, the new one has some.
    Gained,
    /// The old version has some of it, the new one has none.
    Lost,
    /// The new version has all the old one had, and more.
    Widened,
    /// The old version has all the new one has, and more.
    Narrowed,
    /// Each version has acts the other lacks.
    Changed,
}

impl Kind {
    /// The kind of the same change read backwards (the new version against
    /// the old): a gain is a loss, a widening a narrowing.
    pub fn reversed(self) -> Kind {
        match self {
            Kind::Gained => Kind::Lost,
            Kind::Lost => Kind::Gained,
            Kind::Widened => Kind::Narrowed,
            Kind::Narrowed => Kind::Widened,
            Kind::Changed => Kind::Changed,
        }
    }

    /// The kind in one word.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Gained => "gained",
            Kind::Lost => "lost",
            Kind::Widened => "widened",
            Kind::Narrowed => "narrowed",
            Kind::Changed => "changed",
        }
    }
}

/// A set of acts: subjects, directed to the parties of `to`, on the
/// qualifiers of `on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// The subjects as the fewest dotted paths.
    pub subjects: Vec<String>,
    /// The parties the acts are directed to.
    pub to: Reach,
    /// The qualifiers the acts are on.
    pub on: Reach,
}

/// The parties (or qualifiers) a part of a change holds for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// Any of them.
    Any,
    /// Only these.
    Only(Vec<String>),
    /// Any but these.
    AnyBut(Vec<String>),
}

/// A norm in force in one version: its clause and the norm as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Held {
    /// The clause's name.
    pub clause: String,
    /// The norm ([`crate::print::norm`]).
    pub norm: String,
}

impl Part {
    /// The part in words: "`openai_ip.consumer_hardware` to `us_natsec` on
    /// `other_cloud`".
    pub fn words(&self) -> String {
        let list = |names: &[String]| {
            let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            print::join_and(&quoted)
        };
        let mut out = if self.subjects.is_empty() {
            "nothing".to_string()
        } else {
            list(&self.subjects)
        };
        let reach = |r: &Reach, word: &str, whom: &str| match r {
            Reach::Any => String::new(),
            Reach::Only(names) => format!(" {word} {}", list(names)),
            Reach::AnyBut(names) => format!(" {word} any {whom} but {}", list(names)),
        };
        out.push_str(&reach(&self.to, "to", "party"));
        out.push_str(&reach(&self.on, "on", "qualifier"));
        out
    }
}

/// The normative difference between `old` and `new` (see the module
/// documentation for what is compared and how).
pub fn diff(old: &Contract, new: &Contract, options: &Options) -> Diff {
    let ctx = Ctx::new(old, new);
    let relevant = ctx.relevant_events(&options.scenarios);
    let (scenarios, undecided) = match &options.scenarios {
        Scenarios::Given { scenario, .. } => (vec![scenario.clone()], None),
        Scenarios::Representative => {
            let moved = ctx.old_terms_in_new();
            let mut terms = ctx.new_terms();
            terms.extend(moved.iter());
            match points::scenarios(new, &terms, POINTS) {
                Ok(mut list) if list.len() <= MAX_SCENARIOS => {
                    // The scenario in which no event happens comes first: the
                    // human output lists the others against it.
                    let never = Scenario::never(new);
                    list.retain(|s| *s != never);
                    list.insert(0, never);
                    (list, None)
                }
                Ok(list) => (
                    vec![Scenario::never(new)],
                    Some(format!(
                        "the windows have {} representative scenarios, more than the {MAX_SCENARIOS} a diff works out; only the scenario in which no event happens is shown (give `--assume` for others)",
                        list.len()
                    )),
                ),
                Err(e) => (
                    vec![Scenario::never(new)],
                    Some(format!(
                        "the windows' scenarios cannot be enumerated: the question {}; only the scenario in which no event happens is shown (give `--assume` for others)",
                        e.reason()
                    )),
                ),
            }
        }
    };
    let mut out: Vec<ScenarioDiff> = Vec::new();
    for s in scenarios {
        let mut changes = ctx.changes_in(&s);
        changes.retain(|c| {
            options.on.is_none_or(|d| c.interval.contains(d))
                && options.party.as_ref().is_none_or(|p| &c.party == p)
        });
        if let Some(same) = out.iter_mut().find(|d| same_answer(&d.changes, &changes)) {
            same.same_in += 1;
            continue;
        }
        let named = print::scenario_events(new, &s, &relevant);
        out.push(ScenarioDiff {
            scenario: print::scenario(new, &s, &relevant),
            assume: named
                .iter()
                .map(|&e| Assumption {
                    event: new.event(e).named.name.clone(),
                    day: s.date(e),
                })
                .collect(),
            same_in: 0,
            changes,
        });
    }
    Diff {
        schema_version: SCHEMA_VERSION,
        on: options.on,
        party: options.party.clone(),
        scenarios: out,
        undecided,
    }
}

// ---------------------------------------------------------------- the two versions side by side

/// A right or duty: whose, which modality, which action, exclusive or not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key {
    party: String,
    modality: Modality,
    action: String,
    exclusive: bool,
}

/// One clause's norm in terms both versions share: names, and subjects over
/// the merged subject tree.
#[derive(Debug, Clone)]
struct Flat {
    key: Key,
    subjects: SubjectSet,
    /// The plain parties of `to`, by name; `None` admits all.
    to: Scope<String>,
    /// The qualifiers of `on`, by name; `None` admits all.
    on: Scope<String>,
    held: Held,
}

/// Which version a clause is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Old,
    New,
}

struct Ctx<'a> {
    old: &'a Contract,
    new: &'a Contract,
    subjects: Taxonomy,
    old_norms: Vec<Flat>,
    new_norms: Vec<Flat>,
}

/// The subject trees of both versions as one tree, nodes matched by path,
/// and each version's leaves as sets of the merged tree's leaves (a leaf of
/// one version may have parts in the other).
fn merge_subjects(old: &Taxonomy, new: &Taxonomy) -> (Taxonomy, Vec<SubjectSet>, Vec<SubjectSet>) {
    let mut merged = Taxonomy::default();
    let mut ids = [Vec::new(), Vec::new()];
    for (side, tree) in [old, new].into_iter().enumerate() {
        // A node's parent is added before it, so it is mapped already.
        for node in &tree.nodes {
            let parent = node.parent.map(|p| ids[side][p.0 as usize]);
            let (id, _) = merged.add(
                parent,
                &node.name,
                node.description.clone(),
                node.file,
                node.span.clone(),
            );
            ids[side].push(id);
        }
    }
    merged.finish();
    let leaves = |tree: &Taxonomy, ids: &[crate::model::SubjectId]| -> Vec<SubjectSet> {
        (0..tree.leaf_count())
            .map(|bit| merged.set_of(ids[tree.leaf_node(bit).0 as usize]))
            .collect()
    };
    let (o, n) = (leaves(old, &ids[0]), leaves(new, &ids[1]));
    (merged, o, n)
}

fn flatten(c: &Contract, norm: &Norm, leaves: &[SubjectSet], width: usize) -> Flat {
    let mut subjects = SubjectSet::empty(width);
    for bit in norm.subjects.bits() {
        if let Some(set) = leaves.get(bit) {
            subjects.union_with(set);
        }
    }
    // A group in `to` admits each of its members, as in the state's tests.
    let to = crate::semantics::plain_parties(c, &norm.to).map(|list| {
        let mut names: Vec<String> = list.iter().map(|&p| c.party(p).name.clone()).collect();
        names.sort();
        names.dedup();
        names
    });
    let on = norm.on.as_ref().map(|list| {
        let mut names: Vec<String> = list.iter().map(|&q| c.qualifier(q).name.clone()).collect();
        names.sort();
        names.dedup();
        names
    });
    Flat {
        key: Key {
            party: c.party(norm.party).name.clone(),
            modality: norm.modality,
            action: c.action(norm.action).name.clone(),
            exclusive: norm.exclusive,
        },
        subjects,
        to,
        on,
        held: Held {
            clause: String::new(),
            norm: print::norm(c, norm),
        },
    }
}

impl<'a> Ctx<'a> {
    fn new(old: &'a Contract, new: &'a Contract) -> Self {
        let (subjects, old_leaves, new_leaves) = merge_subjects(&old.subjects, &new.subjects);
        let width = subjects.leaf_count();
        let flat = |c: &Contract, leaves: &[SubjectSet]| -> Vec<Flat> {
            (c.clauses.iter())
                .map(|cl| {
                    let mut f = flatten(c, &cl.norm, leaves, width);
                    f.held.clause = cl.named.name.clone();
                    f
                })
                .collect()
        };
        Ctx {
            old,
            new,
            old_norms: flat(old, &old_leaves),
            new_norms: flat(new, &new_leaves),
            subjects,
        }
    }

    /// The bounds of every clause window of the new version.
    fn new_terms(&self) -> Vec<&'a TimeExpr> {
        (self.new.clauses.iter())
            .flat_map(|c| c.window.from.iter().chain(c.window.until.iter()))
            .collect()
    }

    /// The bounds of the old version's clause windows in terms of the new
    /// version's events (matched by name), so that its scenarios place them
    /// too; a bound that names an event the new version does not declare is
    /// left out (that event never happens in the new version's scenarios).
    fn old_terms_in_new(&self) -> Vec<TimeExpr> {
        (self.old.clauses.iter())
            .flat_map(|c| c.window.from.iter().chain(c.window.until.iter()))
            .filter_map(|t| in_other(t, self.old, self.new))
            .collect()
    }

    /// The events the windows of either version depend on, and those assumed.
    fn relevant_events(&self, scenarios: &Scenarios) -> Vec<EventId> {
        let mut out = Vec::new();
        for t in self.new_terms() {
            t.events(&mut out);
        }
        for t in self.old_terms_in_new() {
            t.events(&mut out);
        }
        if let Scenarios::Given { assumed, .. } = scenarios {
            out.extend(assumed);
        }
        out.sort();
        out.dedup();
        out
    }

    /// The old version's scenario matching the new one's, by event name.
    fn old_scenario(&self, s: &Scenario) -> Scenario {
        let mut out = Scenario::never(self.old);
        for e in self.old.event_ids() {
            let name = &self.old.event(e).named.name;
            if let Some(n) = self.new.find_event(name) {
                out.set(e, s.date(n));
            }
        }
        out
    }

    fn norms(&self, side: Side) -> &[Flat] {
        match side {
            Side::Old => &self.old_norms,
            Side::New => &self.new_norms,
        }
    }

    /// Every change in the scenario `s` of the new version, by a sweep over
    /// the days on which some clause of either version starts or ends.
    fn changes_in(&self, s: &Scenario) -> Vec<Change> {
        let s_old = self.old_scenario(s);
        // Day → (side, clause, opens): the boundaries of every window.
        let mut bounds: BTreeMap<Day, Vec<(Side, usize, bool)>> = BTreeMap::new();
        // Day → the point of a window that falls on it, in the new version's
        // events, for the days of a change in words.
        let mut labels: FxHashMap<Day, TimeExpr> = FxHashMap::default();
        for (side, c, sc) in [(Side::Old, self.old, &s_old), (Side::New, self.new, s)] {
            let event_day = sc.event_day();
            let mut label = |day: Day, expr: Option<&TimeExpr>| {
                let Some(expr) = expr else { return };
                let leaf = deciding_leaf(expr, &event_day);
                let leaf = match side {
                    Side::New => Some(leaf.clone()),
                    Side::Old => in_other(leaf, self.old, self.new),
                }
                .unwrap_or(TimeExpr::Day(day));
                // A date written in a window names its day better than an
                // event a scenario happens to place on it.
                let keep = labels.get(&day).is_some_and(|l| {
                    matches!(l, TimeExpr::Day(_)) || !matches!(leaf, TimeExpr::Day(_))
                });
                if !keep {
                    labels.insert(day, leaf);
                }
            };
            for id in c.clause_ids() {
                let Some(i) = clause_interval(c, id, sc) else {
                    continue;
                };
                if i.is_empty() {
                    continue;
                }
                let window = &c.clause(id).window;
                let i_idx = id.index();
                let from = i.from.unwrap_or(Day::MIN);
                bounds.entry(from).or_default().push((side, i_idx, true));
                if i.from.is_some() {
                    label(from, window.from.as_ref());
                }
                if let Some(u) = i.until {
                    bounds.entry(u).or_default().push((side, i_idx, false));
                    label(u, window.until.as_ref());
                }
            }
        }
        let with_interval = |mut c: Change, from: Day, until: Option<Day>| {
            // Days beyond the calendar are the sentinels of saturated
            // arithmetic: no bound on that side.
            c.interval = Interval {
                from: Some(from).filter(|d| d.in_calendar()),
                until: until.filter(|d| d.in_calendar()),
            };
            let point =
                |d: Option<Day>| d.map(|d| labels.get(&d).cloned().unwrap_or(TimeExpr::Day(d)));
            c.window = print::window(
                self.new,
                &crate::model::Window {
                    from: point(c.interval.from),
                    until: point(c.interval.until),
                    ..Default::default()
                },
            );
            c
        };
        // Right or duty → the clauses of each version in force.
        let mut active: FxHashMap<Key, [BTreeSet<usize>; 2]> = FxHashMap::default();
        // Right or duty → its change since a day, while it lasts.
        let mut open: FxHashMap<Key, (Day, Change)> = FxHashMap::default();
        let mut done: Vec<Change> = Vec::new();
        for (&day, events) in &bounds {
            let mut touched: BTreeSet<Key> = BTreeSet::new();
            for &(side, idx, opens) in events {
                let key = &self.norms(side)[idx].key;
                let slot = &mut active.entry(key.clone()).or_default()[side as usize];
                if opens {
                    slot.insert(idx);
                } else {
                    slot.remove(&idx);
                }
                touched.insert(key.clone());
            }
            for key in touched {
                let now = active.get(&key).and_then(|sets| self.compare(&key, sets));
                let same = match (open.get(&key), &now) {
                    (Some((_, c)), Some(n)) => same_change(c, n),
                    (None, None) => true,
                    _ => false,
                };
                if same {
                    continue;
                }
                if let Some((from, c)) = open.remove(&key) {
                    done.push(with_interval(c, from, Some(day)));
                }
                if let Some(n) = now {
                    open.insert(key, (day, n));
                }
            }
        }
        done.extend(
            open.into_values()
                .map(|(from, c)| with_interval(c, from, None)),
        );
        done.sort_by(|a, b| {
            (
                &a.party,
                a.interval.from,
                &a.action,
                a.modality.as_str(),
                a.exclusive,
            )
                .cmp(&(
                    &b.party,
                    b.interval.from,
                    &b.action,
                    b.modality.as_str(),
                    b.exclusive,
                ))
        });
        done
    }

    /// The change of one right or duty between the old clauses in force
    /// and the new ones, `None` if they govern the same acts.
    fn compare(&self, key: &Key, sets: &[BTreeSet<usize>; 2]) -> Option<Change> {
        let old: Vec<&Flat> = sets[0].iter().map(|&i| &self.old_norms[i]).collect();
        let new: Vec<&Flat> = sets[1].iter().map(|&i| &self.new_norms[i]).collect();
        // The acts split into cells: each party (qualifier) some scope names,
        // and one cell (`None`) for every other; a scope admits a cell
        // entirely or not at all, so one act of each cell stands for it.
        let to_cells = cells(old.iter().chain(&new).map(|f| &f.to));
        let on_cells = cells(old.iter().chain(&new).map(|f| &f.on));
        let width = self.subjects.leaf_count();
        let covered = |norms: &[&Flat], t: &Option<String>, q: &Option<String>| {
            let mut set = SubjectSet::empty(width);
            for f in norms
                .iter()
                .filter(|f| admits(&f.to, t) && admits(&f.on, q))
            {
                set.union_with(&f.subjects);
            }
            set
        };
        let mut gained: Vec<(SubjectSet, usize, usize)> = Vec::new();
        let mut lost: Vec<(SubjectSet, usize, usize)> = Vec::new();
        let (mut had, mut has) = (false, false);
        for (ti, t) in to_cells.iter().enumerate() {
            for (qi, q) in on_cells.iter().enumerate() {
                let o = covered(&old, t, q);
                let n = covered(&new, t, q);
                had |= !o.is_empty();
                has |= !n.is_empty();
                let mut g = n.clone();
                g.subtract(&o);
                let mut l = o;
                l.subtract(&n);
                if !g.is_empty() {
                    gained.push((g, ti, qi));
                }
                if !l.is_empty() {
                    lost.push((l, ti, qi));
                }
            }
        }
        if gained.is_empty() && lost.is_empty() {
            return None;
        }
        let kind = match (had, has, gained.is_empty(), lost.is_empty()) {
            (false, _, _, _) => Kind::Gained,
            (_, false, _, _) => Kind::Lost,
            (_, _, false, true) => Kind::Widened,
            (_, _, true, false) => Kind::Narrowed,
            _ => Kind::Changed,
        };
        let held = |v: &[&Flat]| -> Vec<Held> { v.iter().map(|f| f.held.clone()).collect() };
        Some(Change {
            party: key.party.clone(),
            kind,
            modality: key.modality.words().to_string(),
            action: key.action.clone(),
            exclusive: key.exclusive,
            interval: Interval {
                from: None,
                until: None,
            },
            window: String::new(),
            gained: self.parts(gained, &to_cells, &on_cells),
            lost: self.parts(lost, &to_cells, &on_cells),
            before: held(&old),
            after: held(&new),
        })
    }

    /// Cells with their subjects, in few parts that never overlap: each
    /// subject leaf goes with the cells it is in, leaves in the same cells
    /// are joined, and each group is one part when its cells form every
    /// combination of their parties and qualifiers, else one per party.
    /// (`may serve non_api_products` and `may serve api_products to
    /// us_natsec` gain "`non_api_products`" and "`api_products` to
    /// `us_natsec`".)
    fn parts(
        &self,
        cells: Vec<(SubjectSet, usize, usize)>,
        to_cells: &[Option<String>],
        on_cells: &[Option<String>],
    ) -> Vec<Part> {
        let mut by_leaf: BTreeMap<usize, BTreeSet<(usize, usize)>> = BTreeMap::new();
        for (set, t, q) in &cells {
            for bit in set.bits() {
                by_leaf.entry(bit).or_default().insert((*t, *q));
            }
        }
        let mut by_set: Vec<(SubjectSet, BTreeSet<(usize, usize)>)> = Vec::new();
        for (bit, list) in by_leaf {
            match by_set.iter_mut().find(|(_, l)| *l == list) {
                Some((set, _)) => set.insert(bit),
                None => {
                    let mut set = self.subjects.empty_set();
                    set.insert(bit);
                    by_set.push((set, list));
                }
            }
        }
        let mut out = Vec::new();
        for (set, list) in by_set {
            let subjects = self.subjects.describe(&set);
            let ts: BTreeSet<usize> = list.iter().map(|&(t, _)| t).collect();
            let qs: BTreeSet<usize> = list.iter().map(|&(_, q)| q).collect();
            if ts.len() * qs.len() == list.len() {
                out.push(Part {
                    subjects,
                    to: reach(&ts, to_cells),
                    on: reach(&qs, on_cells),
                });
            } else {
                for t in ts {
                    let qs: BTreeSet<usize> = (list.iter())
                        .filter(|&&(x, _)| x == t)
                        .map(|&(_, q)| q)
                        .collect();
                    out.push(Part {
                        subjects: subjects.clone(),
                        to: reach(&BTreeSet::from([t]), to_cells),
                        on: reach(&qs, on_cells),
                    });
                }
            }
        }
        out
    }
}

/// The point `t` of contract `from`, with its events renamed to those of
/// the same name in `to`; `None` if one has no namesake there.
fn in_other(t: &TimeExpr, from: &Contract, to: &Contract) -> Option<TimeExpr> {
    t.try_map(
        &mut |e: EventId| to.find_event(&from.event(e).named.name),
        &mut Some,
    )
}

/// Whether two lists of changes give the same answer: the changes say the
/// same, on days named the same way (the concrete days of events may
/// differ). Scenarios that give the same answer are reported once.
pub fn same_answer(a: &[Change], b: &[Change]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.party == y.party
                && x.modality == y.modality
                && x.action == y.action
                && x.exclusive == y.exclusive
                && x.window == y.window
                && same_change(x, y)
        })
}

/// Two changes are one while they say the same, whatever their days.
fn same_change(a: &Change, b: &Change) -> bool {
    a.kind == b.kind
        && a.gained == b.gained
        && a.lost == b.lost
        && a.before == b.before
        && a.after == b.after
}

/// The item of a `first` or `last` that decides its day in the scenario,
/// down to a point of another kind: the bound a window's day comes from, so
/// that the day can be named as written (`agi_verified`, 2031-01-01).
fn deciding_leaf<'t>(t: &'t TimeExpr, event_day: &dyn Fn(EventId) -> Option<Day>) -> &'t TimeExpr {
    match t {
        TimeExpr::First(items) => items
            .iter()
            .filter_map(|i| Some((i.eval(event_day)?, i)))
            .min_by_key(|(d, _)| *d)
            .map_or(t, |(_, i)| deciding_leaf(i, event_day)),
        TimeExpr::Last(items) if items.iter().all(|i| i.eval(event_day).is_some()) => items
            .iter()
            .filter_map(|i| Some((i.eval(event_day)?, i)))
            .max_by_key(|(d, _)| *d)
            .map_or(t, |(_, i)| deciding_leaf(i, event_day)),
        _ => t,
    }
}

/// Every name the scopes list, sorted, then `None` for every other one.
fn cells<'s>(scopes: impl Iterator<Item = &'s Scope<String>>) -> Vec<Option<String>> {
    let named: BTreeSet<&String> = scopes.flatten().flatten().collect();
    let mut out: Vec<Option<String>> = named.into_iter().cloned().map(Some).collect();
    out.push(None);
    out
}

fn admits(scope: &Scope<String>, cell: &Option<String>) -> bool {
    match (scope, cell) {
        (None, _) => true,
        (Some(list), Some(x)) => list.contains(x),
        (Some(_), None) => false,
    }
}

/// The cells `chosen` in words: all of them, only some names, or all but
/// some names.
fn reach(chosen: &BTreeSet<usize>, cells: &[Option<String>]) -> Reach {
    if chosen.len() == cells.len() {
        return Reach::Any;
    }
    let others = chosen.iter().any(|&i| cells[i].is_none());
    if others {
        let missing = (0..cells.len())
            .filter(|i| !chosen.contains(i))
            .filter_map(|i| cells[i].clone())
            .collect();
        Reach::AnyBut(missing)
    } else {
        Reach::Only(chosen.iter().filter_map(|&i| cells[i].clone()).collect())
    }
}

#[cfg(test)]
mod tests;
