//! The meaning of a contract: which norms are active and what every fact is,
//! on a given day, in a given scenario. This is the one definition of meaning;
//! the query command, the checker, the verifier and the language server all
//! ask [`state`] (or the narrower functions it is built from).

mod business;
mod constraints;
mod inputs;
pub mod interest;
mod links;
pub mod points;
pub mod query;
mod renewal;
mod runs;

use crate::model::{
    scopes_overlap, ClauseId, Contract, Day, EventId, FactId, InputId, Interval, Norm, PartyId,
    Scope, SubjectSet, Value,
};
use crate::model::{Cond, Window};
use crate::syntax::ast::{CmpOp, Modality};
use std::borrow::Cow;

/// When each event happens: a day, or never.
///
/// A scenario the search finds for a contract with events the inputs decide
/// (`on DATE when COMPARISON`) also carries the values of the inputs that
/// make those events happen as it says, so that a finding shown in it can
/// be replayed with `pactum query --assume INPUT=VALUE`. The values are a
/// witness, not part of what the scenario is: two scenarios with the same
/// days are equal whatever values they carry.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// By event id, the day the event happens, or `None` if it never does.
    pub dates: Vec<Option<Day>>,
    /// By input id, a value of the input (in its unit) that, with the
    /// others, gives the events the inputs decide the days of `dates`;
    /// empty when the scenario carries none.
    pub inputs: Vec<Option<rust_decimal::Decimal>>,
}

impl PartialEq for Scenario {
    fn eq(&self, other: &Self) -> bool {
        self.dates == other.dates
    }
}

impl Eq for Scenario {}

impl std::hash::Hash for Scenario {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.dates.hash(state);
    }
}

impl Scenario {
    /// The scenario in which no event ever happens.
    pub fn never(contract: &Contract) -> Self {
        Scenario {
            dates: vec![None; contract.events.len()],
            inputs: Vec::new(),
        }
    }

    /// The values the scenario carries of the inputs that events decided by
    /// inputs read, if it carries any and
    /// they give every event the inputs decide the day the scenario gives
    /// it, as `pactum query` decides it from assumed inputs (an event whose
    /// comparison they do not decide is left to its day in the scenario).
    /// `None` when a value is missing or the days disagree: the scenario is
    /// then shown by its days alone.
    pub fn input_values(&self, contract: &Contract) -> Option<crate::model::input::InputValues> {
        use crate::model::input::{InputValues, Valuation};
        use crate::model::Amount;
        if self.inputs.is_empty() || self.inputs.len() != contract.inputs.len() {
            return None;
        }
        // Only the inputs some decided event reads are given: the others
        // carry an arbitrary value that decides nothing.
        let mut read = Vec::new();
        for e in contract.event_ids() {
            if let Some(t) = &contract.event(e).defined {
                read.extend(crate::model::input::inputs_used(contract, &t.left));
                read.extend(crate::model::input::inputs_used(contract, &t.right));
            }
        }
        let mut values = InputValues::none(contract);
        for (i, input) in contract.inputs.iter().enumerate() {
            let Some(v) = self.inputs[i].filter(|_| read.contains(&InputId(i as u32))) else {
                continue;
            };
            let amount = Amount::new(input.unit.clone(), v);
            match input.instance_of {
                Some((of, k)) => values.set_at(contract, of, k, amount),
                None => values.set(InputId(i as u32), amount),
            }
        }
        let valuation = Valuation::new(contract, values.clone());
        for e in contract.event_ids() {
            let Some(t) = &contract.event(e).defined else {
                continue;
            };
            if let Some(holds) = t.holds(&valuation) {
                if self.date(e) != holds.then_some(t.day) {
                    return None;
                }
            }
        }
        Some(values)
    }

    /// The day the event happens in this scenario, or `None`.
    pub fn date(&self, event: EventId) -> Option<Day> {
        self.dates.get(event.index()).copied().flatten()
    }

    /// Makes the event happen on `date`, or never if `None`.
    pub fn set(&mut self, event: EventId, date: Option<Day>) {
        if let Some(slot) = self.dates.get_mut(event.index()) {
            *slot = date;
        }
    }

    /// The closure windows are resolved with.
    pub fn event_day(&self) -> impl Fn(EventId) -> Option<Day> + '_ {
        move |e| self.date(e)
    }

    /// Whether the scenario respects every ordering constraint: an event that
    /// happens has its predecessors happen on or before it (`not before`) or
    /// strictly before it (`after`).
    pub fn is_consistent(&self, contract: &Contract) -> bool {
        self.broken_order(contract).is_none()
    }

    /// Whether `event`, if it happens, comes after the events it must follow.
    pub fn respects_constraints_of(&self, contract: &Contract, event: EventId) -> bool {
        self.broken_order_of(contract, event).is_none()
    }

    /// The first ordering constraint the scenario breaks, in event order.
    pub fn broken_order(&self, contract: &Contract) -> Option<BrokenOrder> {
        contract
            .event_ids()
            .find_map(|e| self.broken_order_of(contract, e))
    }

    /// The first constraint of `event` that the scenario breaks. This is the
    /// one statement of the rule: an event that never happens constrains
    /// nothing; one that happens needs each event it follows to have happened
    /// on or before its day (`not before`), or strictly before it (`after`),
    /// and its day to lie in each of its windows, resolved in the same
    /// scenario (a window whose start never comes contains no day).
    pub fn broken_order_of(&self, contract: &Contract, event: EventId) -> Option<BrokenOrder> {
        let day = self.date(event)?;
        let e = contract.event(event);
        let follows = e
            .after
            .iter()
            .find(|&&(other, strict)| match self.date(other) {
                Some(o) if strict => o >= day,
                Some(o) => o > day,
                None => true,
            });
        if let Some(&(other, strict)) = follows {
            return Some(BrokenOrder {
                event,
                day,
                rule: Rule::Follows { other, strict },
            });
        }
        let event_day = self.event_day();
        e.windows
            .iter()
            .position(|w| !w.window.contains(day, &event_day))
            .map(|index| BrokenOrder {
                event,
                day,
                rule: Rule::Window {
                    index,
                    interval: w_interval(&e.windows[index].window, &event_day),
                },
            })
    }
}

fn w_interval(w: &Window, event_day: &dyn Fn(EventId) -> Option<Day>) -> Option<Interval> {
    w.resolve(event_day)
}

/// A constraint a scenario breaks: `event` happens on `day`, which `rule`
/// does not allow. [`crate::print::broken_order`] puts it into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrokenOrder {
    /// The event that happens on a day it cannot.
    pub event: EventId,
    /// Its day in the scenario.
    pub day: Day,
    /// The constraint it breaks.
    pub rule: Rule,
}

/// Which constraint of an event a scenario breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `not before other` or (`strict`) `after other`: `other` did not
    /// happen before the event.
    Follows {
        /// The event it must follow.
        other: EventId,
        /// `after` (strictly before) rather than `not before` (on or before).
        strict: bool,
    },
    /// The event's day is outside one of its windows.
    Window {
        /// Which of the event's windows ([`crate::model::Event::windows`]).
        index: usize,
        /// That window in the scenario; `None` when it never opens.
        interval: Option<Interval>,
    },
}

/// A norm active on the state's day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveNorm {
    /// The clause whose norm is active.
    pub clause: ClauseId,
    /// The clause's window resolved in the scenario.
    pub interval: Interval,
    /// Active clauses that take precedence over this one where they overlap.
    pub overridden_by: Vec<ClauseId>,
}

/// Everything in force on one day in one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The day.
    pub day: Day,
    /// The norms active on that day.
    pub norms: Vec<ActiveNorm>,
    /// The facts that hold on that day.
    pub facts: Vec<FactId>,
}

/// The resolved window of a clause in a scenario; `None` when it never opens.
pub fn clause_interval(
    contract: &Contract,
    clause: ClauseId,
    scenario: &Scenario,
) -> Option<Interval> {
    window_interval(&contract.clause(clause).window, scenario)
}

/// A window resolved in a scenario; `None` when it never opens or is empty.
pub fn window_interval(window: &Window, scenario: &Scenario) -> Option<Interval> {
    window
        .resolve(&scenario.event_day())
        .filter(|i| !i.is_empty())
}

/// Whether the clause is in force on the day in the scenario.
pub fn clause_active(contract: &Contract, clause: ClauseId, day: Day, scenario: &Scenario) -> bool {
    clause_interval(contract, clause, scenario).is_some_and(|i| i.contains(day))
}

/// Whether the fact holds on the day in the scenario.
pub fn fact_active(contract: &Contract, fact: FactId, day: Day, scenario: &Scenario) -> bool {
    window_interval(&contract.fact(fact).window, scenario).is_some_and(|i| i.contains(day))
}

/// Why two norms can never apply to the same act: the first of the tests of
/// [`norms_overlap`] that fails, for messages that explain it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Apart {
    /// They govern different actions.
    Actions,
    /// They bind different parties and neither is an exclusive right.
    Parties,
    /// Their subjects do not overlap.
    Subjects,
    /// Their `to` scopes do not overlap.
    To,
    /// Their `on` scopes do not overlap.
    On,
}

/// Whether two norms can apply to the same act, and if not, why. An act is
/// one party doing one action on one subject, to one party, on one
/// qualifier; an exclusive right (`only X may`) speaks about every party's
/// doing of its action, so it meets other parties' norms too. A party group
/// stands for its members ([`Contract::party_members`]), so a group's norm
/// meets the norms of each member.
pub fn norms_apart(contract: &Contract, a: &Norm, b: &Norm) -> Option<Apart> {
    if a.action != b.action {
        Some(Apart::Actions)
    } else if !a.exclusive && !b.exclusive && !contract.parties_overlap(a.party, b.party) {
        Some(Apart::Parties)
    } else if !a.subjects.overlaps(&b.subjects) {
        Some(Apart::Subjects)
    } else if !contract.party_scopes_overlap(&a.to, &b.to) {
        Some(Apart::To)
    } else if !scopes_overlap(&a.on, &b.on) {
        Some(Apart::On)
    } else {
        None
    }
}

/// Whether two norms can apply to the same act (see [`norms_apart`]).
pub fn norms_overlap(contract: &Contract, a: &Norm, b: &Norm) -> bool {
    a.action == b.action
        && (a.exclusive || b.exclusive || contract.parties_overlap(a.party, b.party))
        && scopes_overlap_all(contract, a, b)
}

/// Overlap in subjects and in the `to` and `on` scopes, whoever the parties are.
pub fn scopes_overlap_all(contract: &Contract, a: &Norm, b: &Norm) -> bool {
    a.subjects.overlaps(&b.subjects) && qualifiers_overlap(contract, a, b)
}

/// Overlap in the `to` and `on` scopes alone: for callers that already know
/// the subjects overlap (the analyses find candidates through a subject
/// index) and would otherwise test them twice.
pub fn qualifiers_overlap(contract: &Contract, a: &Norm, b: &Norm) -> bool {
    contract.party_scopes_overlap(&a.to, &b.to) && scopes_overlap(&a.on, &b.on)
}

/// Whether `over`'s scopes include all of `inner`'s, apart from subjects:
/// the same action, a party that stands for every party `inner`'s does (or
/// an exclusive right on either side, which speaks for every party), and
/// `to` and `on` scopes at least as wide. Where both are in force, `over`
/// then applies to every act `inner` governs on the subjects they share.
pub fn qualifiers_include(contract: &Contract, over: &Norm, inner: &Norm) -> bool {
    fn includes<T: PartialEq>(scope: &Scope<T>, inner: &Scope<T>) -> bool {
        match (scope, inner) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(s), Some(i)) => i.iter().all(|x| s.contains(x)),
        }
    }
    over.action == inner.action
        && (over.exclusive || inner.exclusive || contract.party_includes(over.party, inner.party))
        && contract.party_scope_includes(&over.to, &inner.to)
        && includes(&over.on, &inner.on)
}

/// Whether clause `over` takes precedence over clause `target` (it
/// `overrides` it, is an `exception to` it, or `replaces` it), wherever the
/// two apply to the same act. This is the one reading of precedence.
pub fn takes_precedence(contract: &Contract, over: ClauseId, target: ClauseId) -> bool {
    contract.clause(over).overrides.contains(&target)
}

/// Whether either clause takes precedence over the other.
pub fn precedence_between(contract: &Contract, a: ClauseId, b: ClauseId) -> bool {
    takes_precedence(contract, a, b) || takes_precedence(contract, b, a)
}

/// Whether a clause's norm counts towards a norm pattern of an assertion
/// (see [`State::governs`]): a party that stands for one of the pattern
/// party's members, the same modality and action, exclusive if the pattern
/// says `only`, and `to` and `on` scopes that overlap the pattern's.
/// Subjects are summed over every such norm, and members are told apart, by
/// [`ungoverned`]; they are not tested here.
pub fn counts_towards(contract: &Contract, norm: &Norm, pattern: &Norm) -> bool {
    contract.parties_overlap(norm.party, pattern.party)
        && norm.action == pattern.action
        && norm.modality == pattern.modality
        && (norm.exclusive || !pattern.exclusive)
        && qualifiers_overlap(contract, norm, pattern)
}

/// The subjects of `wanted` that, for some party `party` stands for, no norm
/// among `norms` binding that party covers. A group is governed only where
/// each of its members is, and a group's norm governs each member. This is
/// the one reading of "governed" that assertion patterns and `cover`
/// requirements share.
pub fn ungoverned<'n>(
    contract: &Contract,
    party: PartyId,
    wanted: &SubjectSet,
    norms: impl Iterator<Item = &'n Norm> + Clone,
) -> SubjectSet {
    ungoverned_by(
        contract,
        party,
        wanted,
        norms.map(|n| (n, Cow::Borrowed(&n.subjects))),
    )
}

/// [`ungoverned`] where each norm governs only the subjects given with it
/// (for `prevails`, those on which it still prevails).
pub fn ungoverned_by<'n>(
    contract: &Contract,
    party: PartyId,
    wanted: &SubjectSet,
    parts: impl Iterator<Item = (&'n Norm, Cow<'n, SubjectSet>)> + Clone,
) -> SubjectSet {
    let members = contract.party_members(party);
    let mut left = contract.subjects.empty_set();
    let whole: &[PartyId] = if members.is_empty() {
        std::slice::from_ref(&party)
    } else {
        members
    };
    for &m in whole {
        let mut uncovered = wanted.clone();
        for (n, subjects) in parts.clone() {
            let binds = if members.is_empty() {
                n.party == party
            } else {
                contract.parties_overlap(n.party, m)
            };
            if binds {
                uncovered.subtract(&subjects);
            }
        }
        left.union_with(&uncovered);
    }
    left
}

/// Whether norm `other` denies what `norm` says about an act both apply to:
/// for the same party (or parties that stand for a common one), the contrary modality (`must not` against `may` or
/// `must`); for another party, an exclusive right (`only P may`) against
/// `norm`'s permission or obligation, or, when `exclusivity` is what is
/// asked about, a permission or obligation against `norm`'s exclusive
/// right (it denies the exclusivity, not `norm`'s party's own right). These
/// are the pairs the conflict checker reports when neither takes precedence
/// (src/analysis/conflicts.rs finds its candidates by the same rule).
pub fn denies(contract: &Contract, other: &Norm, norm: &Norm, exclusivity: bool) -> bool {
    let positive = |n: &Norm| n.modality != Modality::MustNot;
    let exclusive_right = |n: &Norm| n.exclusive && n.modality == Modality::May;
    if other.action != norm.action {
        false
    } else if contract.parties_overlap(other.party, norm.party) {
        positive(other) != positive(norm)
    } else {
        positive(other)
            && positive(norm)
            && (exclusive_right(other) || (exclusivity && exclusive_right(norm)))
    }
}

/// The parties (or qualifiers) two scopes both admit; `None` admits all.
pub(crate) fn meet<T: Copy + PartialEq>(a: &Scope<T>, b: &Scope<T>) -> Scope<T> {
    match (a, b) {
        (None, s) | (s, None) => s.clone(),
        (Some(a), Some(b)) => Some(a.iter().copied().filter(|x| b.contains(x)).collect()),
    }
}

/// One representative of each kind of party (or qualifier) a scope admits,
/// as far as the `others` scopes can tell them apart: each one it names, or,
/// for a scope that admits all, each one an `other` scope names and `None`
/// for any other one.
fn cells<'a, T: Copy + PartialEq + 'a>(
    scope: &Scope<T>,
    others: impl Iterator<Item = &'a Scope<T>>,
) -> Vec<Option<T>> {
    match scope {
        Some(list) => list.iter().copied().map(Some).collect(),
        None => {
            let mut out: Vec<Option<T>> = Vec::new();
            for x in others.flatten().flatten() {
                if !out.contains(&Some(*x)) {
                    out.push(Some(*x));
                }
            }
            out.push(None);
            out
        }
    }
}

/// A `to` scope with each group replaced by the plain parties it stands for.
pub(crate) fn plain_parties(contract: &Contract, scope: &Scope<PartyId>) -> Scope<PartyId> {
    scope.as_ref().map(|list| {
        let mut out: Vec<PartyId> = Vec::new();
        for &p in list {
            let members = contract.party_members(p);
            let each = if members.is_empty() {
                std::slice::from_ref(&p)
            } else {
                members
            };
            for &m in each {
                if !out.contains(&m) {
                    out.push(m);
                }
            }
        }
        out
    })
}

/// Whether a scope admits a representative of [`cells`].
fn admits<T: PartialEq>(scope: &Scope<T>, cell: &Option<T>) -> bool {
    match (scope, cell) {
        (None, _) => true,
        (Some(list), Some(x)) => list.contains(x),
        (Some(_), None) => false,
    }
}

/// The norms of `clauses` active on `day` in `scenario`, with no precedence
/// worked out yet.
fn active_norms(
    contract: &Contract,
    clauses: impl Iterator<Item = ClauseId>,
    day: Day,
    scenario: &Scenario,
) -> Vec<ActiveNorm> {
    clauses
        .filter_map(|c| {
            let interval = clause_interval(contract, c, scenario)?;
            interval.contains(day).then(|| ActiveNorm {
                clause: c,
                interval,
                overridden_by: Vec::new(),
            })
        })
        .collect()
}

/// Fills in `overridden_by` of each norm: the norms among `norms` that take
/// precedence over it and apply to some act it applies to.
fn work_out_precedence(contract: &Contract, norms: &mut [ActiveNorm]) {
    let active: Vec<ClauseId> = norms.iter().map(|n| n.clause).collect();
    for n in norms {
        let norm = &contract.clause(n.clause).norm;
        n.overridden_by = active
            .iter()
            .copied()
            .filter(|&other| {
                takes_precedence(contract, other, n.clause)
                    && norms_overlap(contract, &contract.clause(other).norm, norm)
            })
            .collect();
    }
}

/// The state of the contract on `day` in `scenario`.
pub fn state(contract: &Contract, day: Day, scenario: &Scenario) -> State {
    let mut norms = active_norms(contract, contract.clause_ids(), day, scenario);
    work_out_precedence(contract, &mut norms);
    let facts = (0..contract.facts.len() as u32)
        .map(FactId)
        .filter(|&f| fact_active(contract, f, day, scenario))
        .collect();
    State { day, norms, facts }
}

/// The state on `day` in `scenario` of just the given clauses and facts: the
/// fast path for a question that reads only a few of them (an assertion's
/// condition). [`State::holds`] gives the same answer on it as on the full
/// [`state`] for any condition that reads nothing else. Precedence is worked
/// out among the given clauses only: a `prevails` condition reads the
/// clauses that could override its norms, so that is all it needs.
pub fn state_of(
    contract: &Contract,
    day: Day,
    scenario: &Scenario,
    clauses: &[ClauseId],
    facts: &[FactId],
) -> State {
    let mut norms = active_norms(contract, clauses.iter().copied(), day, scenario);
    work_out_precedence(contract, &mut norms);
    let facts = facts
        .iter()
        .copied()
        .filter(|&f| fact_active(contract, f, day, scenario))
        .collect();
    State { day, norms, facts }
}

impl State {
    /// The value of a quantity on this day, if exactly one fact gives it.
    /// (Two facts at once are a conflict the checker reports.)
    pub fn value_of<'c>(
        &self,
        contract: &'c Contract,
        quantity: crate::model::QuantityId,
    ) -> Option<&'c Value> {
        let mut values = self
            .facts
            .iter()
            .map(|&f| contract.fact(f))
            .filter(|f| f.quantity == quantity)
            .map(|f| &f.value);
        let first = values.next()?;
        values.next().is_none().then_some(first)
    }

    /// The sum of every stake held in `target` today, as a percentage.
    pub fn stakes_in(&self, contract: &Contract, target: PartyId) -> Value {
        let total = self
            .facts
            .iter()
            .map(|&f| contract.fact(f))
            .filter(|f| {
                contract
                    .quantity(f.quantity)
                    .stake
                    .is_some_and(|(_, t)| t == target)
            })
            .filter_map(|f| f.value.number())
            .sum();
        Value::Percent { value: total }
    }

    /// Whether an assertion's condition holds in this state.
    pub fn holds(&self, contract: &Contract, scenario: &Scenario, cond: &Cond) -> bool {
        match cond {
            Cond::Or(parts) => parts.iter().any(|p| self.holds(contract, scenario, p)),
            Cond::And(parts) => parts.iter().all(|p| self.holds(contract, scenario, p)),
            Cond::Not(inner) => !self.holds(contract, scenario, inner),
            Cond::Norm(pattern) => self.governs(contract, pattern),
            Cond::Prevails(pattern) => self.prevails(contract, pattern),
            Cond::IsActive(clause) => {
                let name = &contract.clause(*clause).named.name;
                self.norms
                    .iter()
                    .any(|n| &contract.clause(n.clause).named.name == name)
            }
            Cond::Happened(event) => scenario.date(*event).is_some_and(|d| d <= self.day),
            Cond::Compare {
                quantity,
                op,
                value,
            } => self
                .value_of(contract, *quantity)
                .and_then(|v| v.compare(*op, value))
                .unwrap_or(*op == CmpOp::Ne),
            Cond::Stakes { target, op, value } => self
                .stakes_in(contract, *target)
                .compare(*op, value)
                .unwrap_or(false),
            Cond::Amount(cmp) => cmp.holds(contract),
        }
    }

    /// Whether every subject of the pattern is governed, for each party the
    /// pattern's party stands for, by an active norm binding that party with
    /// the same modality and action (exclusive, if the pattern says `only`)
    /// whose `to` and `on` scopes overlap the pattern's.
    pub fn governs(&self, contract: &Contract, pattern: &Norm) -> bool {
        let norms = (self.norms.iter())
            .map(|n| &contract.clause(n.clause).norm)
            .filter(|norm| counts_towards(contract, norm, pattern));
        !pattern.subjects.is_empty()
            && ungoverned(contract, pattern.party, &pattern.subjects, norms).is_empty()
    }

    /// `PATTERN prevails`: whether every subject of the pattern is governed
    /// as [`State::governs`] says by a norm that still says so there after
    /// precedence: on that subject, for some act within both the norm's and
    /// the pattern's `to` and `on` scopes, no active norm that takes
    /// precedence over it ([`takes_precedence`]) denies it ([`denies`]).
    /// This is the one definition of what prevails; it reads which clauses
    /// are active and nothing else, as `governs` does.
    pub fn prevails(&self, contract: &Contract, pattern: &Norm) -> bool {
        let parts = (self.norms.iter())
            .filter(|n| counts_towards(contract, &contract.clause(n.clause).norm, pattern))
            .map(|n| {
                (
                    &contract.clause(n.clause).norm,
                    prevailing_subjects(contract, n, pattern),
                )
            });
        !pattern.subjects.is_empty()
            && ungoverned_by(contract, pattern.party, &pattern.subjects, parts).is_empty()
    }
}

/// The subjects on which the active norm `n` still says what `pattern` asks
/// after precedence: those where, for some act in the `to` and `on` scopes
/// of both, none of the norms that override it and deny it applies.
fn prevailing_subjects<'c>(
    contract: &'c Contract,
    n: &ActiveNorm,
    pattern: &Norm,
) -> Cow<'c, SubjectSet> {
    let norm = &contract.clause(n.clause).norm;
    let deniers: Vec<&Norm> = n
        .overridden_by
        .iter()
        .map(|&o| &contract.clause(o).norm)
        .filter(|o| denies(contract, o, norm, pattern.exclusive))
        .collect();
    if deniers.is_empty() {
        return Cow::Borrowed(&norm.subjects);
    }
    // An act is a subject, a party it is directed to and a qualifier. The
    // deniers' scopes split the norm's into a few kinds of act that each
    // denier either reaches entirely or not at all; one act of each kind
    // stands for all of them.
    // A scope that names a group admits each of its members: the cells of
    // parties are worked out over plain parties.
    let plain = |scope: &Scope<PartyId>| plain_parties(contract, scope);
    let to = meet(&plain(&norm.to), &plain(&pattern.to));
    let on = meet(&norm.on, &pattern.on);
    let denier_to: Vec<Scope<PartyId>> = deniers.iter().map(|o| plain(&o.to)).collect();
    let mut out = contract.subjects.empty_set();
    for t in cells(&to, denier_to.iter()) {
        for q in cells(&on, deniers.iter().map(|o| &o.on)) {
            let mut here = norm.subjects.clone();
            for (o, _) in (deniers.iter().zip(&denier_to))
                .filter(|(o, to)| admits(to, &t) && admits(&o.on, &q))
            {
                here.subtract(&o.subjects);
            }
            out.union_with(&here);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests;
