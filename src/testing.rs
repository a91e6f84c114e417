//! Property-test helpers for contract authors: load a contract, draw dates and
//! scenarios that respect its event ordering, ask for the state, and check
//! your own invariants with proptest. `tests/user_invariants.rs` is a worked
//! example.
//!
//! ```no_run
//! use pactum::testing::{load_contract, scenarios, dates, day};
//! use proptest::prelude::*;
//!
//! let contract = load_contract("contracts/microsoft-openai-2025.pactum");
//! proptest!(|(scenario in scenarios(&contract), d in dates(day("2025-01-01")..=day("2034-12-31")))| {
//!     let state = pactum::semantics::state(&contract, d, &scenario);
//!     prop_assert!(state.facts.len() < 100);
//! });
//! ```
//!
//! [`contracts`] generates random valid contract source text (parties,
//! actions, a subject tree, events with ordering constraints, clauses with
//! windows built from dates, events, offsets, `first`/`last` and precedence,
//! sometimes a `term` with clauses that survive it and points at `end of
//! term`, facts and assertions); Pactum's own tests use it to compare the library
//! with a deliberately naive evaluator.

use std::ops::RangeInclusive;
use std::path::Path;

use proptest::prelude::*;

use crate::model::{Contract, Day, EventId, Loaded};
use crate::semantics::{state, Scenario, State};

/// A day from `YYYY-MM-DD`; panics on a malformed date (for test code).
pub fn day(text: &str) -> Day {
    Day::parse(text).unwrap_or_else(|| panic!("`{text}` is not a date (YYYY-MM-DD)"))
}

/// Loads a contract file (and the files it amends) from disk, panicking with
/// the rendered diagnostics if it has errors.
pub fn load_contract(path: impl AsRef<Path>) -> Contract {
    let loaded = crate::model::load(path.as_ref(), &mut |p| crate::fs::read_contract(p));
    expect_sound(loaded)
}

/// Like [`load_contract`], for source text.
pub fn load_contract_text(text: &str) -> Contract {
    let loaded = crate::model::load_text(Path::new("generated.pactum"), text, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    });
    expect_sound(loaded)
}

fn expect_sound(loaded: Loaded) -> Contract {
    if loaded.has_errors() {
        let rendered: String = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| crate::diagnostics::render(d, &loaded.sources, false))
            .collect();
        panic!("the contract has errors:\n{rendered}");
    }
    loaded.contract
}

/// The state on `date` when each listed event happens on its day (`None`:
/// never); unlisted events never happen. Panics on unknown events or dates.
pub fn state_at(contract: &Contract, date: &str, events: &[(&str, Option<&str>)]) -> State {
    let mut scenario = Scenario::never(contract);
    for (name, when) in events {
        let e = contract
            .find_event(name)
            .unwrap_or_else(|| panic!("unknown event `{name}`"));
        scenario.set(e, when.map(day));
    }
    if let Some(broken) = scenario.broken_order(contract) {
        let why = crate::print::broken_order(contract, &broken);
        panic!("the scenario breaks an ordering constraint: {why}");
    }
    state(contract, day(date), &scenario)
}

/// Days in a range, uniformly.
pub fn dates(range: RangeInclusive<Day>) -> impl Strategy<Value = Day> + Clone {
    (range.start().0..=range.end().0).prop_map(Day)
}

/// The literal dates the contract's windows name, widened by two years on
/// each side: a range that reaches every window's start and end.
pub fn contract_range(contract: &Contract) -> RangeInclusive<Day> {
    let mut found = Vec::new();
    let windows = contract
        .clauses
        .iter()
        .map(|c| &c.window)
        .chain(contract.facts.iter().map(|f| &f.window))
        .chain(contract.assertions.iter().map(|a| &a.window));
    for w in windows {
        for t in w.from.iter().chain(w.until.iter()) {
            t.days(&mut found);
        }
    }
    found.retain(|d| d.in_calendar());
    let lo = found
        .iter()
        .min()
        .copied()
        .unwrap_or_else(|| day("2020-01-01"));
    let hi = found
        .iter()
        .max()
        .copied()
        .unwrap_or_else(|| day("2030-01-01"));
    Day(lo.0 - 730)..=Day(hi.0 + 730)
}

/// Scenarios of the contract over [`contract_range`], respecting its event
/// ordering constraints.
pub fn scenarios(contract: &Contract) -> impl Strategy<Value = Scenario> {
    scenarios_in(contract, contract_range(contract))
}

/// Scenarios with every event on a day of `range` or never (about one in four
/// never), repaired to respect ordering: an event whose predecessor never
/// happens never happens, and one placed too early moves just after it.
pub fn scenarios_in(
    contract: &Contract,
    range: RangeInclusive<Day>,
) -> impl Strategy<Value = Scenario> {
    let order = predecessors_first(contract);
    let contract = contract.clone();
    let constraints: Vec<Vec<(EventId, bool)>> =
        contract.events.iter().map(|e| e.after.clone()).collect();
    let n = contract.events.len();
    let day = prop_oneof![1 => Just(None), 3 => dates(range).prop_map(Some)];
    proptest::collection::vec(day, n).prop_map(move |mut dates| {
        for &e in &order {
            let Some(mut d) = dates[e.index()] else {
                continue;
            };
            for &(before, strict) in &constraints[e.index()] {
                match dates[before.index()] {
                    None => {
                        dates[e.index()] = None;
                        break;
                    }
                    Some(b) => {
                        let earliest = if strict { b.succ() } else { b };
                        d = d.max(earliest);
                        dates[e.index()] = Some(d);
                    }
                }
            }
        }
        // An event outside one of its windows never happens; that may
        // leave another without an event it must follow, so repeat.
        let mut scenario = Scenario {
            dates,
            inputs: Vec::new(),
        };
        while let Some(broken) = scenario.broken_order(&contract) {
            scenario.set(broken.event, None);
        }
        scenario
    })
}

/// Event ids with every event after the events it must follow (cycles, which
/// are errors, fall back to id order).
fn predecessors_first(contract: &Contract) -> Vec<EventId> {
    let mut out: Vec<EventId> = Vec::new();
    while out.len() < contract.events.len() {
        let next = contract
            .event_ids()
            .filter(|e| !out.contains(e))
            .find(|e| {
                contract
                    .event(*e)
                    .after
                    .iter()
                    .all(|(b, _)| out.contains(b))
            })
            .or_else(|| contract.event_ids().find(|e| !out.contains(e)));
        match next {
            Some(e) => out.push(e),
            None => break,
        }
    }
    out
}

// ---------------------------------------------------------------- generated contracts

/// How big and how spread out generated contracts are.
#[derive(Debug, Clone)]
pub struct GenConfig {
    /// The first literal date; the others fall within `date_span` days of it.
    pub start: Day,
    /// How many days after `start` the literal dates may fall.
    pub date_span: u32,
    /// The most events a contract declares.
    pub max_events: usize,
    /// The most clauses.
    pub max_clauses: usize,
    /// The most facts.
    pub max_facts: usize,
    /// The most assertions.
    pub max_assertions: usize,
    /// Whether offsets may be in months and years (which clamp at month ends).
    pub months: bool,
    /// Whether events may have windows (`within 3 days after e0`, `before
    /// 2 days after e1`, `not before DATE`, `before DATE`), which bound
    /// events by each other both ways.
    pub windows: bool,
    /// Whether every contract has a term that renews (`renews for`, a
    /// limited number of times), for the tests that look at renewal; else
    /// some terms do.
    pub renewals: bool,
    /// Whether events may also have windows that count months from another
    /// event (`within 1 month after e0`, `before 1 month after e1`, `not
    /// before 1 month after e0`), which clamp at month ends.
    pub month_windows: bool,
}

impl Default for GenConfig {
    fn default() -> Self {
        GenConfig {
            start: Day::from_ymd(2030, 1, 1).unwrap_or(Day(741_000)),
            date_span: 20,
            max_events: 3,
            max_clauses: 6,
            max_facts: 3,
            max_assertions: 3,
            months: true,
            windows: true,
            renewals: false,
            month_windows: false,
        }
    }
}

/// Random valid contract source text with the default [`GenConfig`].
pub fn contracts() -> impl Strategy<Value = String> {
    contracts_with(GenConfig::default())
}

const PARTIES: [&str; 3] = ["p0", "p1", "p2"];
/// Party groups, one of them a group of a group, declared after the parties.
const GROUPS: [(&str, &str); 3] = [("g01", "p0, p1"), ("g12", "p1, p2"), ("gall", "g01, p2")];
/// The parties a norm may name: plain parties twice as often as groups.
const NORM_PARTIES: [&str; 9] = ["p0", "p1", "p2", "p0", "p1", "p2", "g01", "g12", "gall"];
const ACTIONS: [&str; 2] = ["use", "serve"];
const SUBJECTS: [&str; 8] = [
    "s",
    "s.x",
    "s.x.x1",
    "s.x.x2",
    "s.y",
    "s except s.x.x2",
    "s.x, s.y",
    "s.x except s.x.x1",
];
const MODALITIES: [&str; 3] = ["may", "must", "must not"];

/// Random valid contract source text.
pub fn contracts_with(config: GenConfig) -> impl Strategy<Value = String> {
    let events = 0..=config.max_events;
    (events, any::<bool>(), any::<bool>()).prop_flat_map(move |(n_events, effective, has_term)| {
        let c = config.clone();
        let has_term = has_term || c.renewals;
        let kinds = match (c.windows, c.month_windows) {
            // Kinds 10 to 12 are the month windows again, so that about
            // half of the events' constraints count months.
            (true, true) => 13u8,
            (true, false) => 7u8,
            _ => 3u8,
        };
        let constraints =
            proptest::collection::vec((any::<u8>(), 0..kinds, 1..=6u8, 0..=c.date_span), n_events);
        let term = if has_term {
            term(&c, n_events).prop_map(Some).boxed()
        } else {
            Just(None).boxed()
        };
        let clauses = proptest::collection::vec(clause(&c, n_events, has_term), 1..=c.max_clauses);
        let facts = proptest::collection::vec(fact(&c, n_events, has_term), 0..=c.max_facts);
        let n_clauses = c.max_clauses;
        let asserts = proptest::collection::vec(
            (
                0..3u8,
                condition(n_events, n_clauses),
                window_with(&c, n_events, has_term),
            ),
            0..=c.max_assertions,
        );
        let start = c.start;
        let effective_day = (0..=c.date_span).prop_map(move |o| Day(start.0 + o as i32));
        (
            Just((n_events, start)),
            Just(effective),
            effective_day,
            constraints,
            term,
            // A terminating power (its notice in days, and from which day
            // it can be exercised), which ends the term when exercised.
            proptest::option::of((0..=6u8, 0..=c.date_span, any::<bool>())),
            clauses,
            facts,
            asserts,
        )
            .prop_map(render)
    })
}

type Generated = (
    (usize, Day),
    bool,
    Day,
    Vec<(u8, u8, u8, u32)>,
    Option<String>,
    Option<(u8, u32, bool)>,
    Vec<ClauseSpec>,
    Vec<(u8, String)>,
    Vec<(u8, String, String)>,
);

#[derive(Debug, Clone)]
struct ClauseSpec {
    norm: NormSpec,
    window: String,
    /// `survives`, `survives for …` or nothing.
    survives: String,
    /// Overrides the clause this many places before it, if any.
    overrides: Option<u8>,
    /// A `when` or `unless` line, if any, chosen by this number: on an
    /// event, or on an earlier clause (never a loop).
    condition: Option<u8>,
}

/// A norm in parts, so that an overriding clause can speak of its target's
/// party and action (else precedence would rarely meet a norm it decides).
#[derive(Debug, Clone)]
struct NormSpec {
    only: bool,
    party: &'static str,
    modality: &'static str,
    action: &'static str,
    subjects: &'static str,
    to: u8,
    on: u8,
}

impl std::fmt::Display for NormSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let only = if self.only && self.modality == "may" {
            "only "
        } else {
            ""
        };
        let to = match self.to {
            1 => " to p1",
            2 => " to p1, p2",
            3 => " to g01",
            _ => "",
        };
        let on = match self.on {
            1 => " on q0",
            2 => " on q1",
            _ => "",
        };
        let NormSpec {
            party: p,
            modality: m,
            action: a,
            subjects: s,
            ..
        } = self;
        write!(f, "{only}{p} {m} {a} {s}{to}{on}")
    }
}

fn render(
    (
        (n_events, start),
        effective,
        effective_day,
        constraints,
        term,
        power,
        clauses,
        facts,
        asserts,
    ): Generated,
) -> String {
    let mut out = String::from("contract \"generated\"");
    if effective {
        out.push_str(&format!(" effective {effective_day}"));
    }
    out.push('\n');
    for p in PARTIES {
        out.push_str(&format!("party {p}\n"));
    }
    for (g, members) in GROUPS {
        out.push_str(&format!("party {g} = {members}\n"));
    }
    for a in ACTIONS {
        out.push_str(&format!("action {a}\n"));
    }
    out.push_str("qualifier q0\nqualifier q1\n");
    out.push_str("subject s { x { x1, x2 }, y }\n");
    out.push_str("quantity share: percent stake of p0 in p1\n");
    out.push_str("quantity level: number\n");
    for (i, &(pick, kind, amount, offset)) in constraints.iter().enumerate() {
        out.push_str(&format!("event e{i}"));
        let date = Day(start.0 + offset as i32);
        // An earlier event, so that `after` and `not before` never form a
        // cycle; any other event for an upper bound, which may.
        let earlier = (i > 0).then(|| pick as usize % i);
        let other = (n_events > 1).then(|| (i + 1 + pick as usize % (n_events - 1)) % n_events);
        let kind = if kind >= 10 { kind - 3 } else { kind };
        let constraint = match (kind, earlier, other) {
            (1, Some(j), _) => format!("not before e{j}"),
            (2, Some(j), _) => format!("after e{j}"),
            (3, Some(j), _) => format!("within {amount} days after e{j}"),
            (3, None, _) => format!("within {amount} days after {date}"),
            (4, _, Some(j)) => format!("before {amount} days after e{j}"),
            (5, _, _) => format!("not before {date}"),
            (6, _, _) | (4, _, None) => format!("before {date}"),
            (7, Some(j), _) if amount % 2 == 0 => format!("within 2 months after e{j}"),
            (7, Some(j), _) => format!("within 1 month after e{j}"),
            (7, None, _) => format!("within 1 month after {date}"),
            (8, _, Some(j)) => format!("before 1 month after e{j}"),
            (8, _, None) => format!("before 1 month after {date}"),
            (9, Some(j), _) => format!("not before 1 month after e{j}"),
            _ => String::new(),
        };
        if !constraint.is_empty() {
            out.push_str(&format!(", {constraint}"));
        }
        out.push('\n');
    }
    // An obligation with a deadline and the event that performs it, whose
    // breach other windows may count from (`breach of cb`).
    if n_events >= 2 {
        out.push_str(
            "clause cb {\n  p2 must use s.y\n  within 3 days after e0\n  discharged by e1\n}\n",
        );
    }
    if let Some(term) = term {
        out.push_str(&term);
        if let Some((notice, from, windowed)) = power {
            out.push_str(&format!(
                "power pw {{\n  p0 may terminate\n  notice {notice} days\n"
            ));
            if windowed && n_events >= 2 && from % 3 == 0 {
                out.push_str("  from breach of cb\n");
            } else if windowed {
                out.push_str(&format!("  from {}\n", Day(start.0 + from as i32)));
            }
            out.push_str("}\n");
        }
    }
    let mut norms: Vec<NormSpec> = Vec::new();
    for (i, c) in clauses.iter().enumerate() {
        let mut norm = c.norm.clone();
        let target = c
            .overrides
            .filter(|_| i > 0)
            .map(|back| i - 1 - (back as usize % i));
        // Most overrides speak of their target's act (some of another
        // party's, against an exclusive right), so that they decide something.
        if let (Some(t), Some(back)) = (target, c.overrides) {
            if back % 2 == 0 {
                norm.party = norms[t].party;
            }
            if back % 5 != 1 {
                norm.action = norms[t].action;
            }
            if back % 3 == 0 {
                norm.subjects = norms[t].subjects;
            }
            if back % 4 != 3 {
                norm.modality = if norms[t].modality == "must not" {
                    "may"
                } else {
                    "must not"
                };
            }
        }
        out.push_str(&format!("clause c{i} {{\n  {norm}\n  {}\n", c.window));
        if !c.survives.is_empty() {
            out.push_str(&format!("  {}\n", c.survives));
        }
        let line = match c.condition {
            Some(v) if v % 4 == 0 && n_events > 0 => {
                format!("when e{} has happened", (v / 4) as usize % n_events)
            }
            Some(v) if v % 4 == 1 && n_events > 0 => {
                format!("unless e{} has happened", (v / 4) as usize % n_events)
            }
            Some(v) if v % 4 == 2 && i > 0 => {
                format!("when c{} is active", i - 1 - (v / 4) as usize % i)
            }
            _ => String::new(),
        };
        if !line.is_empty() {
            out.push_str(&format!("  {line}\n"));
        }
        if let Some(target) = target {
            out.push_str(&format!("  overrides c{target}\n"));
        }
        out.push_str("}\n");
        norms.push(norm);
    }
    for (i, (value, window)) in facts.iter().enumerate() {
        let line = if value % 2 == 0 {
            format!("share = {} %", value % 101)
        } else {
            format!("level = {}", value % 7)
        };
        out.push_str(&format!("fact f{i} {{\n  {line}\n  {window}\n}}\n"));
    }
    for (i, (kind, cond, window)) in asserts.iter().enumerate() {
        // Conditions name clauses by number; keep to those that exist.
        let cond = renumber(cond, &norms);
        let body = match kind {
            0 => format!("always {cond} {window}"),
            1 => format!("never {cond} {window}"),
            _ if window.trim().is_empty() => format!("always {cond}"),
            _ => format!("{cond} exactly {window}"),
        };
        out.push_str(&format!("assert k{i} {{ {body} }}\n"));
    }
    out
}

/// Replaces `#c<N>` clause references by `c<N mod clauses>`, and `#n<N>`
/// by the norm of that clause (as a pattern).
fn renumber(cond: &str, norms: &[NormSpec]) -> String {
    let clauses = norms.len().max(1);
    let index = |n: &str| n.parse::<usize>().unwrap_or(0) % clauses;
    cond.split(' ')
        .map(|w| {
            if let Some(n) = w.strip_prefix("#c") {
                format!("c{}", index(n))
            } else if let Some(n) = w.strip_prefix("#n") {
                norms
                    .get(index(n))
                    .map_or_else(|| "p0 may use s".to_string(), |norm| norm.to_string())
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn pick<T: Clone + std::fmt::Debug + 'static>(
    items: &'static [T],
) -> impl Strategy<Value = T> + Clone {
    proptest::sample::select(items)
}

fn norm() -> impl Strategy<Value = NormSpec> {
    (
        any::<bool>(),
        pick(&NORM_PARTIES),
        pick(&MODALITIES),
        pick(&ACTIONS),
        pick(&SUBJECTS),
        0..5u8,
        0..4u8,
    )
        .prop_map(
            |(only, party, modality, action, subjects, to, on)| NormSpec {
                only,
                party,
                modality,
                action,
                subjects,
                to,
                on,
            },
        )
}

fn clause(c: &GenConfig, n_events: usize, term: bool) -> impl Strategy<Value = ClauseSpec> {
    // Most clauses end with the term; some survive it, for ever or for a
    // few days or weeks (so that every end stays near the literal dates).
    let survives = if term {
        prop_oneof![
            3 => Just(String::new()),
            1 => Just("survives".to_string()),
            1 => (1..=6u32).prop_map(|n| format!("survives for {n} days")),
            1 => (1..=2u32).prop_map(|n| format!("survives for {n} weeks")),
        ]
        .boxed()
    } else {
        Just(String::new()).boxed()
    };
    (
        norm(),
        window_with(c, n_events, term),
        survives,
        proptest::option::of(any::<u8>()),
        proptest::option::weighted(0.3, any::<u8>()),
    )
        .prop_map(
            |(norm, window, survives, overrides, condition)| ClauseSpec {
                norm,
                window,
                survives,
                overrides: overrides.filter(|o| o % 3 != 2),
                condition,
            },
        )
}

fn fact(c: &GenConfig, n_events: usize, term: bool) -> impl Strategy<Value = (u8, String)> {
    (any::<u8>(), window_with(c, n_events, term))
}

/// A `term` item whose bounds are single dates or events (never `end of
/// term`, which would name itself), so that `end of term` stays a leaf:
/// every point built on it lies as near the literal dates as any other.
///
/// A term with an end may renew (`renews for`, [`renews`]), a limited
/// number of times so that the exact search decides it.
fn term(c: &GenConfig, n_events: usize) -> impl Strategy<Value = String> {
    let leaf = leaf(c, n_events, false);
    let until = leaf.clone().prop_map(|u| format!("until {u}"));
    let events: Vec<String> = (0..n_events).map(|e| format!("e{e}")).collect();
    let (end, renewal) = if c.renewals {
        // The notice is an event of its own, which nothing else names: its
        // day is told apart only by the renewal's deadlines.
        let end = prop_oneof![3 => until, 1 => through(c)].boxed();
        (
            end,
            renews(vec!["nr".to_string()], true).prop_map(Some).boxed(),
        )
    } else {
        let end = prop_oneof![
            3 => until,
            1 => through(c),
            1 => Just("indefinitely".to_string()),
            1 => Just(String::new()),
        ]
        .boxed();
        (end, proptest::option::of(renews(events, true)).boxed())
    };
    (from_line(leaf), end, renewal).prop_map(|(f, e, r)| {
        // Only a term with an end can renew (else `renewal_without_end`).
        // Months counted from an event's day are not decided by the exact
        // search (docs/semantics.md §6.4), and the powers' windows end with
        // the term: from an event, a month's period is 30 days instead.
        let from_date = e
            .split(' ')
            .nth(1)
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
        let r = match r {
            Some(r) if e.starts_with("until") || e.starts_with("through") => {
                let r = if from_date {
                    r
                } else {
                    r.replace("1 month", "30 days")
                };
                format!("  {r}\n")
            }
            _ => String::new(),
        };
        let nr = if r.contains(" nr ") {
            "event nr by p0\n"
        } else {
            ""
        };
        format!("{nr}term {{\n  {f} {e}\n{r}}}\n")
    })
}

/// A `renews for` line whose periods stay near the literal dates: periods
/// of 3 to 20 days, one or two weeks, or a month (which clamps at month
/// ends); one to three renewals when `limited`, else sometimes no limit; a
/// notice by one of `notices` (events that may have windows of their own)
/// at least 0 to 10 days or a week before, or no notice.
pub fn renews(notices: Vec<String>, limited: bool) -> impl Strategy<Value = String> {
    let period = prop_oneof![
        2 => (3..=20u32).prop_map(|n| format!("{n} days")),
        1 => (1..=2u32).prop_map(|n| format!("{n} weeks")),
        1 => Just("1 month".to_string()),
    ];
    let times = if limited {
        (1..=3u32).prop_map(Some).boxed()
    } else {
        proptest::option::of(1..=3u32).boxed()
    };
    let lead = prop_oneof![
        3 => (0..=10u32).prop_map(|n| format!("{n} days")),
        1 => Just("1 week".to_string()),
    ];
    let notice = if notices.is_empty() {
        Just(None).boxed()
    } else {
        proptest::option::weighted(0.8, (proptest::sample::select(notices), lead)).boxed()
    };
    (period, times, notice).prop_map(|(period, times, notice)| {
        let times = times.map_or(String::new(), |t| format!(", {t} times"));
        let notice = notice.map_or(String::new(), |(e, lead)| {
            format!(" unless {e} at least {lead} before")
        });
        format!("renews for {period}{times}{notice}")
    })
}

/// `from POINT`, or nothing.
fn from_line(p: impl Strategy<Value = String> + Clone) -> impl Strategy<Value = String> + Clone {
    proptest::option::of(p).prop_map(|f| f.map_or(String::new(), |f| format!("from {f}")))
}

/// `through` one of the literal dates.
fn through(c: &GenConfig) -> impl Strategy<Value = String> + Clone {
    let start = c.start;
    (0..=c.date_span).prop_map(move |o| format!("through {}", Day(start.0 + o as i32)))
}

/// A date, an event or, when the contract has a term, `end of term`.
fn leaf(c: &GenConfig, n_events: usize, term: bool) -> BoxedStrategy<String> {
    let start = c.start;
    let date = (0..=c.date_span).prop_map(move |o| Day(start.0 + o as i32).to_string());
    let mut leaves = vec![(2, date.boxed())];
    if n_events > 0 {
        leaves.push((2, (0..n_events).prop_map(|e| format!("e{e}")).boxed()));
    }
    if term {
        leaves.push((1, Just("end of term".to_string()).boxed()));
    }
    if c.windows && n_events >= 2 {
        leaves.push((1, Just("breach of cb".to_string()).boxed()));
    }
    proptest::strategy::Union::new_weighted(leaves).boxed()
}

/// A point in time: a date, an event, an offset, `first`, `last`.
pub fn point(c: &GenConfig, n_events: usize) -> impl Strategy<Value = String> + Clone {
    point_with(c, n_events, false)
}

/// A point in time, which may name `end of term` when `term` says the
/// contract has one.
fn point_with(c: &GenConfig, n_events: usize, term: bool) -> impl Strategy<Value = String> + Clone {
    let leaf = leaf(c, n_events, term);
    let months = c.months;
    leaf.prop_recursive(2, 6, 2, move |inner| {
        let unit = if months {
            prop_oneof![
                (1..=6u32).prop_map(|n| format!("{n} days")),
                (1..=2u32).prop_map(|n| format!("{n} weeks")),
                Just("1 month".to_string()),
            ]
            .boxed()
        } else {
            prop_oneof![
                (1..=6u32).prop_map(|n| format!("{n} days")),
                (1..=2u32).prop_map(|n| format!("{n} weeks")),
            ]
            .boxed()
        };
        prop_oneof![
            (unit, any::<bool>(), inner.clone()).prop_map(|(u, after, p)| {
                let dir = if after { "after" } else { "before" };
                format!("{u} {dir} ({p})")
            }),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("first({a}, {b})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("last({a}, {b})")),
        ]
    })
}

/// A window: optional `from`, optional `until` with one or two ends, or
/// `through` a date.
pub fn window(c: &GenConfig, n_events: usize) -> impl Strategy<Value = String> + Clone {
    window_with(c, n_events, false)
}

/// A window whose points may name `end of term` when `term` says the
/// contract has one.
fn window_with(
    c: &GenConfig,
    n_events: usize,
    term: bool,
) -> impl Strategy<Value = String> + Clone {
    let p = point_with(c, n_events, term);
    let from = from_line(p.clone());
    let until = prop_oneof![
        Just(String::new()),
        p.clone().prop_map(|u| format!("until {u}")),
        (p.clone(), p, any::<bool>()).prop_map(|(a, b, first)| {
            let which = if first { "first" } else { "later" };
            format!("until {a} or {b}, whichever {which}")
        }),
        through(c),
    ];
    (from, until).prop_map(|(f, u)| format!("{f} {u}").trim().to_string())
}

/// An assertion condition; clause references are `#cN`, renumbered later.
fn condition(n_events: usize, n_clauses: usize) -> impl Strategy<Value = String> {
    let mut atoms: Vec<BoxedStrategy<String>> = vec![
        norm().prop_map(|n| n.to_string()).boxed(),
        norm().prop_map(|n| format!("{n} prevails")).boxed(),
        (0..n_clauses.max(1))
            .prop_map(|i| format!("#n{i} prevails"))
            .boxed(),
        (0..n_clauses.max(1))
            .prop_map(|i| format!("#c{i} is active"))
            .boxed(),
        (0..=100u32, 0..3u8)
            .prop_map(|(v, op)| format!("share {} {v} %", [">=", "<", "="][op as usize]))
            .boxed(),
        (0..=6u32).prop_map(|v| format!("level != {v}")).boxed(),
        Just("stakes in p1 <= 50 %".to_string()).boxed(),
    ];
    if n_events > 0 {
        atoms.push(
            (0..n_events)
                .prop_map(|e| format!("e{e} has happened"))
                .boxed(),
        );
    }
    let atom = proptest::strategy::Union::new(atoms);
    atom.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|c| format!("not ( {c} )")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("( {a} ) and ( {b} )")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("( {a} ) or ( {b} )")),
        ]
    })
}
