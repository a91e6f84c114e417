//! The contract as meaning: names resolved to ids, types checked, dates
//! validated, and amendments applied. Everything downstream (semantics,
//! analysis, the front ends) reads a [`Contract`], never the syntax tree.

pub mod amount;
pub mod bindings;
pub(crate) mod errors;
pub mod feasible;
pub mod input;
pub mod interest;
mod load;
mod names;
pub mod period;
pub mod recurring;
mod resolve;
pub mod run;
pub mod subjects;
pub mod time;
mod values;

pub use amount::{Amount, ClauseAmount, NamedAmount, Unit};
pub use bindings::{Bindings, Target};
pub use input::{Input, InputValues, Threshold};
pub use load::{load, load_text, Loaded, ReadFile, MAX_CHAIN};
pub(crate) use names::suggest;
pub(crate) use resolve::doc_comment;
pub(crate) use resolve::find_cycles;
pub use subjects::{SubjectId, SubjectSet, Taxonomy};
pub use time::{
    renewal_deadline, renewed_end, Calendar, Day, Interval, RenewalAssumption, TimeExpr, Window,
};
pub use values::Value;

use crate::diagnostics::Span;
use crate::syntax::ast::{CmpOp, Modality, TimeUnit};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[doc = concat!("The index of one `", stringify!($name), "` target in its table of the [`Contract`].")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            /// The index as a `usize`, for indexing the table.
            pub fn index(self) -> usize { self.0 as usize }
        }
    )*};
}
id_type!(
    PartyId,
    ActionId,
    QualifierId,
    EventId,
    QuantityId,
    ClauseId,
    FactId,
    AssertId,
    SectionId,
    AmountId,
    InputId
);

/// A declared name with its documentation.
#[derive(Debug, Clone)]
pub struct Named {
    /// The declared name.
    pub name: String,
    /// The description in quotes, if written.
    pub description: Option<String>,
    /// The `///` comment lines right above the declaration.
    pub doc: Option<String>,
    /// Where the whole declaration was written.
    pub span: Span,
    /// Where the name was written in the declaration.
    pub name_span: Span,
}

/// A declared event: a date that may or may not come, chosen by the scenario.
#[derive(Debug, Clone)]
pub struct Event {
    /// The name and its documentation.
    pub named: Named,
    /// The party that declares the event happened, if written.
    pub by: Option<PartyId>,
    /// `(other, strict)`: if this event happens, `other` happened on or before
    /// it (`not before`), or strictly before it (`after`).
    pub after: Vec<(EventId, bool)>,
    /// Windows the event can only happen in: if it happens, its day lies in
    /// each of them, resolved in the same scenario (`before 2030-01-01`,
    /// `within 30 days after notice`, a power's window). A window whose start
    /// never comes keeps the event from happening at all.
    pub windows: Vec<EventWindow>,
    /// `on 2020-11-12 when locations < 25`: an event the inputs decide. It
    /// happens on that day if the comparison holds, never otherwise; its
    /// day is also one of its windows, so the scenario search places it
    /// there or nowhere.
    pub defined: Option<Threshold>,
    /// `at the end of the first 4 consecutive quarters after first_sale
    /// when sales = USD 0`: an event a run of periods decides
    /// (src/model/run.rs). It also follows its anchor (`after`), so that
    /// the scenario search places it after the anchor, as any event.
    pub run: Option<run::Run>,
}

/// A party's power to change the contract by an act, its **exercise**: an
/// event of the same name that can only happen while the power is in force
/// (its window is one of the event's windows).
#[derive(Debug, Clone)]
pub struct Power {
    /// The name (also the exercise's) and its documentation.
    pub named: Named,
    /// The terms of the source text it formalises.
    pub sources: Vec<String>,
    /// The party that holds the power.
    pub party: PartyId,
    /// What exercising it does.
    pub kind: crate::syntax::ast::PowerKind,
    /// `notice 60 days`: how long after the exercise it takes effect.
    pub notice: Option<(u32, crate::syntax::ast::TimeUnit)>,
    /// When it can be exercised, with the defaults applied (from the
    /// contract's effective date).
    pub window: Window,
    /// The exercise.
    pub event: EventId,
    /// The `when` and `unless` lines as written, resolved: their meaning is
    /// already in `window` (see [`Condition`]).
    pub conditions: Vec<Condition>,
}

/// A `when` or `unless` line of a clause or power, resolved. It is kept for
/// hover and printing only: the line's meaning is folded into the item's
/// window when the contract is resolved (only conditions whose days form one
/// period are accepted), so every analysis reads the window alone.
#[derive(Debug, Clone)]
pub struct Condition {
    /// Whether the line says `unless` rather than `when`.
    pub unless: bool,
    /// The condition as written.
    pub cond: Cond,
    /// Where the line was written.
    pub span: Span,
}

impl Power {
    /// The day the exercise takes effect: the exercise's day, or the notice
    /// period after it (business days count with `calendar`, the
    /// contract's). Never, if the power is never exercised.
    pub fn effect(&self, calendar: &std::sync::Arc<Calendar>) -> TimeExpr {
        let exercise = TimeExpr::Event(self.event);
        match self.notice {
            Some((amount, unit)) if amount > 0 => {
                TimeExpr::offset(exercise, amount, unit, true, calendar)
            }
            _ => exercise,
        }
    }
}

/// A window that limits when an event can happen, and what wrote it.
#[derive(Debug, Clone)]
pub struct EventWindow {
    /// The days on which the event can happen.
    pub window: Window,
    /// Where the limit was written (the constraint, or the item that sets it).
    pub span: Span,
}

/// The type of a quantity, checked against every value given to it.
#[derive(Debug, Clone, PartialEq)]
pub enum QuantityType {
    /// A percentage, from 0 to 100.
    Percent,
    /// An amount of money, in the named currency if one is written.
    Money(Option<String>),
    /// A plain number.
    Number,
}

/// A declared quantity whose value facts give over time.
#[derive(Debug, Clone)]
pub struct Quantity {
    /// The name and its documentation.
    pub named: Named,
    /// The type of its values.
    pub ty: QuantityType,
    /// `stake of holder in target`
    pub stake: Option<(PartyId, PartyId)>,
}

/// Which parties or qualifiers a norm is limited to; `None` means all.
pub type Scope<T> = Option<Vec<T>>;

/// Two scopes overlap unless both list members and share none.
pub fn scopes_overlap<T: PartialEq>(a: &Scope<T>, b: &Scope<T>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.iter().any(|x| b.contains(x)),
        _ => true,
    }
}

/// A resolved norm: a party may, must or must not do an action on subjects.
#[derive(Debug, Clone)]
pub struct Norm {
    /// Whether `only` was written: no other party may do this.
    pub exclusive: bool,
    /// The party the norm binds or entitles.
    pub party: PartyId,
    /// May, must or must not.
    pub modality: Modality,
    /// The action.
    pub action: ActionId,
    /// The subjects, as a set of leaves of the taxonomy.
    pub subjects: SubjectSet,
    /// The parties the norm is directed to; `None` means all.
    pub to: Scope<PartyId>,
    /// The qualifiers that narrow the norm; `None` means all.
    pub on: Scope<QualifierId>,
    /// Where the norm was written.
    pub span: Span,
}

/// Whether a clause outlives the contract's term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Survival {
    /// The clause ends with the term (the default): its end is the earlier
    /// of its own end and the end of the term.
    #[default]
    EndsWithTerm,
    /// `survives`: the end of the term does not end the clause; its own
    /// window applies.
    Survives,
    /// `survives for 3 years`: the clause ends at the earlier of its own end
    /// and that long after the end of the term.
    For {
        /// How many units.
        amount: u32,
        /// Days, weeks, months or years.
        unit: crate::syntax::ast::TimeUnit,
    },
}

/// The contract's term: `term "initial term" { from …  until … }`. Every
/// clause ends with it unless it survives.
#[derive(Debug, Clone)]
pub struct Term {
    /// The word `term` as the name, the description and the documentation.
    pub named: Named,
    /// The `source` references to the text the term formalises.
    pub sources: Vec<String>,
    /// When the term runs; `from` defaults to its file's effective date.
    /// `until` is the end of the initial period when the term renews.
    pub window: Window,
    /// How the term renews (`renews for`), if it does.
    pub renewal: Option<Renewal>,
    /// Index of the contract file in [`Contract::versions`] the term is from.
    pub version: usize,
}

/// How a term renews: `renews for 1 year, 3 times unless non_renewal at
/// least 90 days before`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewal {
    /// The length of each renewal period.
    pub period: (u32, TimeUnit),
    /// The most renewals; `None`: no limit.
    pub times: Option<u32>,
    /// The event that stops the renewal and how long before a period's end
    /// it must come; `None`: nothing stops it.
    pub notice: Option<(EventId, (u32, TimeUnit))>,
    /// Where the `renews` line was written.
    pub span: Span,
}

impl Term {
    /// The end of the term apart from powers: the written end, renewed as
    /// the `renews` line says ([`crate::model::renewed_end`]).
    pub fn own_end(&self) -> Option<TimeExpr> {
        let until = self.window.until.clone()?;
        let Some(r) = &self.renewal else {
            return Some(until);
        };
        Some(match (r.notice, r.times) {
            (Some((notice, lead)), times) => TimeExpr::Renewed {
                end: Box::new(until),
                period: r.period,
                times,
                notice,
                lead,
            },
            // Nothing stops it: it runs every renewal, or never ends.
            (None, Some(times)) => TimeExpr::period_end(until, r.period, times)
                .unwrap_or_else(|| TimeExpr::First(Vec::new())),
            (None, None) => TimeExpr::First(Vec::new()),
        })
    }
}

/// A resolved clause: one norm with the window in which it is in force.
#[derive(Debug, Clone)]
pub struct Clause {
    /// The name and its documentation.
    pub named: Named,
    /// The `source` references to the text the clause formalises.
    pub sources: Vec<String>,
    /// The norm the clause states.
    pub norm: Norm,
    /// When the clause is in force: its own window, ended with the term
    /// unless it survives ([`Contract::clause_until`]).
    pub window: Window,
    /// The end the clause's own window lines give (with a later version's
    /// cutoff), before the term ends it and before its conditions narrow it.
    pub own_until: Option<TimeExpr>,
    /// The deadline of an obligation that an event discharges (`within N
    /// days after P`, or its own `until`, with `discharged by`): the
    /// (exclusive) end by which it must be performed, before the discharge,
    /// the term or a later version ends it sooner. `None` for other clauses.
    pub deadline: Option<TimeExpr>,
    /// Whether the clause outlives the term.
    pub survival: Survival,
    /// Clauses this one takes precedence over (`overrides` and `exception to`).
    pub overrides: Vec<ClauseId>,
    /// The subset of `overrides` written as `exception to`.
    pub exception_to: Vec<ClauseId>,
    /// The clause of a later contract that ends this one, if any.
    pub superseded_by: Option<ClauseId>,
    /// Index of the contract file in [`Contract::versions`] this clause is from.
    pub version: usize,
    /// The id of the agreement's section the clause is in (`section "6.5"`), if written.
    pub section: Option<String>,
    /// The ids of the sections the clause cites (`refers to`), as written.
    pub refers: Vec<String>,
    /// The `when` and `unless` lines, resolved; their meaning is already in
    /// `window` (see [`Condition`]).
    pub conditions: Vec<Condition>,
    /// The window before the conditions narrowed it, when the clause has
    /// conditions: it tells a clause that its conditions keep out of force
    /// from one whose dates already do.
    pub unconditioned: Option<Window>,
    /// The codes whose warnings about this clause are allowed (`allow`).
    pub allows: Vec<Allow>,
    /// `amount USD 2,000`: what the obligation is for, evaluated exactly.
    /// It does not change when the clause is in force.
    pub amount: Option<ClauseAmount>,
    /// `every quarter`: the clause as written stands for its instalments,
    /// each a clause of its own; it is never in force itself.
    pub recurrence: Option<recurring::Recurrence>,
    /// The recurring clause this clause is an instalment of, and the index
    /// of the instalment in its [`recurring::Recurrence::instances`].
    pub instance_of: Option<(ClauseId, usize)>,
}

/// `allow CODE "reason"` in a clause: a warning of that code whose primary
/// location is in the clause is reported as allowed, with the reason
/// ([`crate::check`] applies it, after every analysis has run).
#[derive(Debug, Clone)]
pub struct Allow {
    /// The code as written, such as `pactum::norm::open_ended`.
    pub code: String,
    /// Where the code is written.
    pub code_span: crate::diagnostics::Span,
    /// Why the finding is allowed.
    pub reason: String,
    /// The whole clause, from `clause` to its `}`.
    pub clause_span: crate::diagnostics::Span,
}

/// A section of the agreement (`section "9.13" "Headings"`).
#[derive(Debug, Clone)]
pub struct Section {
    /// The section's id, compared exactly.
    pub id: String,
    /// The section's heading, if written.
    pub heading: Option<String>,
    /// Where the whole declaration was written.
    pub span: Span,
    /// Where the id was written, between its quotes.
    pub id_span: Span,
}

/// Whether section `outer` is section `inner` or contains it: `"11"` contains
/// `"11.10"` and `"11.10.2"`, not `"110"` nor `"11.1"`'s sibling `"11.10"`.
pub fn section_contains(outer: &str, inner: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// A resolved fact: one quantity's value over a window.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The name and its documentation.
    pub named: Named,
    /// The `source` references to the text the fact formalises.
    pub sources: Vec<String>,
    /// The quantity given a value.
    pub quantity: QuantityId,
    /// The value, checked against the quantity's type.
    pub value: Value,
    /// Where the value was written.
    pub value_span: Span,
    /// When the fact holds.
    pub window: Window,
    /// The fact of a later contract that ends this one, if any.
    pub superseded_by: Option<FactId>,
    /// Index of the contract file in [`Contract::versions`] this fact is from.
    pub version: usize,
}

/// What an assertion claims about its condition over its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssertKind {
    /// The condition holds on every date of the window.
    Always,
    /// The condition holds on no date of the window.
    Never,
    /// The condition holds on a date exactly when the date is in the window.
    Exactly,
    /// The conflict checker finds nothing; `cond` is `None`.
    NoConflicts,
}

/// A resolved assertion, ready for the verifier.
#[derive(Debug, Clone)]
pub struct Assertion {
    /// The name and its documentation.
    pub named: Named,
    /// The `source` references to the text the assertion checks.
    pub sources: Vec<String>,
    /// Always, never, exactly or no conflicts.
    pub kind: AssertKind,
    /// `None` only for [`AssertKind::NoConflicts`].
    pub cond: Option<Cond>,
    /// The dates the assertion speaks of.
    pub window: Window,
}

/// A resolved condition on the state of a contract on one date.
#[derive(Debug, Clone)]
pub enum Cond {
    /// At least one of the conditions holds.
    Or(Vec<Cond>),
    /// All of the conditions hold.
    And(Vec<Cond>),
    /// The condition does not hold.
    Not(Box<Cond>),
    /// Every subject of the pattern is governed by some active norm of the same
    /// party, modality, action (and exclusivity, when the pattern says `only`)
    /// whose `to` and `on` scopes overlap the pattern's.
    Norm(Norm),
    /// `PATTERN prevails`: as [`Cond::Norm`], counting only what each norm
    /// still says after precedence: a norm is left out where an active norm
    /// that denies it takes precedence over it
    /// ([`crate::semantics::State::prevails`]).
    Prevails(Norm),
    /// The clause (any version of it) is active.
    IsActive(ClauseId),
    /// The event has happened on or before the date.
    Happened(EventId),
    /// The quantity's value on the date compares with `value` as `op` says.
    Compare {
        /// The quantity compared.
        quantity: QuantityId,
        /// The comparison.
        op: CmpOp,
        /// The value compared with.
        value: Value,
    },
    /// `amount A <= B`: two amount expressions compare as `op` says
    /// ([`AmountCmp::holds`]).
    Amount(AmountCmp),
    /// The sum of every stake held in `target`.
    Stakes {
        /// The party whose stakes are summed.
        target: PartyId,
        /// The comparison.
        op: CmpOp,
        /// The value compared with.
        value: Value,
    },
}

/// `amount A <= B` in a condition: two amounts of one kind, compared
/// exactly. Amounts are constants, so the comparison has one value on every
/// day in every scenario; once inputs enter amount expressions it will
/// depend on the scenario, and [`AmountCmp::holds`] will take it.
#[derive(Debug, Clone)]
pub struct AmountCmp {
    /// The left side.
    pub left: amount::Expr,
    /// The comparison.
    pub op: CmpOp,
    /// The right side.
    pub right: amount::Expr,
    /// Why the comparison has no value without a scenario (a sum over a
    /// schedule that depends on it, or inputs for some of whose values it
    /// holds and for others not), if it has none: the verifier reports
    /// the assertion undecided, with this reason.
    pub undecided: Option<String>,
    /// For a comparison of amounts over inputs, its truth when it is the
    /// same for every value of them, decided exactly case by case
    /// ([`crate::model::input::decide`]).
    pub fixed: Option<bool>,
}

impl AmountCmp {
    /// The two sides' values, if both can be computed (a side without one
    /// was reported where the contract was loaded).
    pub fn values(&self, contract: &Contract) -> Option<(Amount, Amount)> {
        let named = |id: AmountId| contract.amount(id).value.clone();
        Some((self.left.eval(&named).ok()?, self.right.eval(&named).ok()?))
    }

    /// Whether the comparison holds: exactly, on the decimals; `false` if a
    /// side has no value (which the loader reported as an error).
    pub fn holds(&self, contract: &Contract) -> bool {
        if let Some(fixed) = self.fixed {
            return fixed;
        }
        self.values(contract)
            .is_some_and(|(l, r)| self.op.holds(l.value, r.value))
    }
}

/// A declaration that subjects must stay governed: on every day of the window,
/// in every scenario, each subject is governed by some active norm of the
/// party and action (of any modality).
#[derive(Debug, Clone)]
pub struct Coverage {
    /// The name and its documentation.
    pub named: Named,
    /// The `source` references to the text the requirement comes from.
    pub sources: Vec<String>,
    /// The party.
    pub party: PartyId,
    /// The action.
    pub action: ActionId,
    /// The subjects that must stay governed.
    pub subjects: SubjectSet,
    /// Where the target was written, for the diagnostic of a gap.
    pub target_span: Span,
    /// When the subjects must stay governed.
    pub window: Window,
}

/// One contract file in an amendment chain.
#[derive(Debug, Clone)]
pub struct Version {
    /// The contract's title, if its header parsed.
    pub title: Option<String>,
    /// The day the file takes effect, if its header gives one.
    pub effective: Option<Day>,
    /// The event on whose day the file takes effect (`effective closing`),
    /// if its header names one instead of a date.
    pub effective_event: Option<EventId>,
    /// The file in the source map.
    pub file: crate::source::FileId,
}

impl Version {
    /// When the file takes effect: its effective date, or the day of its
    /// effective event (a point that never comes if the event never happens).
    /// Items without `from` start here, and an amending file's items replace
    /// the older ones from here.
    pub fn start(&self) -> Option<TimeExpr> {
        match (self.effective, self.effective_event) {
            (Some(day), _) => Some(TimeExpr::Day(day)),
            (None, Some(event)) => Some(TimeExpr::Event(event)),
            (None, None) => None,
        }
    }
}

/// A contract with the history it amends, merged into one model.
#[derive(Debug, Clone, Default)]
pub struct Contract {
    /// The contract files, oldest first; the last is the file that was checked.
    pub versions: Vec<Version>,
    /// The parties, indexed by [`PartyId`].
    pub parties: Vec<Named>,
    /// The actions, indexed by [`ActionId`].
    pub actions: Vec<Named>,
    /// The qualifiers, indexed by [`QualifierId`].
    pub qualifiers: Vec<Named>,
    /// The events, indexed by [`EventId`].
    pub events: Vec<Event>,
    /// The subject tree and its leaves.
    pub subjects: Taxonomy,
    /// The quantities, indexed by [`QuantityId`].
    pub quantities: Vec<Quantity>,
    /// Every version of every clause, indexed by [`ClauseId`].
    pub clauses: Vec<Clause>,
    /// Every version of every fact, indexed by [`FactId`].
    pub facts: Vec<Fact>,
    /// The assertions, indexed by [`AssertId`].
    pub assertions: Vec<Assertion>,
    /// The `cover` requirements.
    pub coverages: Vec<Coverage>,
    /// The powers of the parties to change the contract.
    pub powers: Vec<Power>,
    /// The named amounts, indexed by [`AmountId`].
    pub amounts: Vec<NamedAmount>,
    /// The named amounts in an order in which each comes after the amounts
    /// it uses (amounts in a cycle left out): the order to compute them in
    /// again when a scenario gives inputs.
    pub amount_order: Vec<AmountId>,
    /// The inputs, indexed by [`InputId`].
    pub inputs: Vec<Input>,
    /// The agreement's sections, indexed by [`SectionId`].
    pub sections: Vec<Section>,
    /// The declared kinds of period (`period fiscal_year starts 04-01`);
    /// `year`, `quarter` and `month` are built in ([`period::BUILT_IN`]).
    pub periods: Vec<period::Period>,
    /// The `interest` declarations: interest on late payments.
    pub interests: Vec<interest::Interest>,
    /// By [`PartyId`], the members a party group names as written
    /// (`party hydraspin = water_now, subsidiary`); empty for a plain party.
    pub group_members: Vec<Vec<PartyId>>,
    /// By [`PartyId`], the plain parties a party stands for, in id order:
    /// itself for a plain party, every plain member reached through a group.
    /// Read it through [`Contract::party_members`].
    pub members: Vec<Vec<PartyId>>,
    /// The contract's term, if one is declared in the chain.
    pub term: Option<Term>,
    /// The weekend and holidays that business days count with (`weekend`,
    /// `holiday`); Saturday and Sunday and no holidays unless declared.
    pub calendar: std::sync::Arc<Calendar>,
    /// What every name and date written in the chain stands for.
    pub bindings: Bindings,
}

impl Contract {
    /// The party with this id.
    pub fn party(&self, id: PartyId) -> &Named {
        &self.parties[id.index()]
    }
    /// The action with this id.
    pub fn action(&self, id: ActionId) -> &Named {
        &self.actions[id.index()]
    }
    /// The qualifier with this id.
    pub fn qualifier(&self, id: QualifierId) -> &Named {
        &self.qualifiers[id.index()]
    }
    /// The event with this id.
    pub fn event(&self, id: EventId) -> &Event {
        &self.events[id.index()]
    }
    /// The quantity with this id.
    pub fn quantity(&self, id: QuantityId) -> &Quantity {
        &self.quantities[id.index()]
    }
    /// The clause with this id.
    pub fn clause(&self, id: ClauseId) -> &Clause {
        &self.clauses[id.index()]
    }
    /// The input with this id.
    pub fn input(&self, id: InputId) -> &Input {
        &self.inputs[id.index()]
    }
    /// The input with this name, if declared.
    pub fn find_input(&self, name: &str) -> Option<InputId> {
        (self.inputs.iter())
            .position(|i| i.named.name == name)
            .map(|i| InputId(i as u32))
    }
    /// The named amount with this id.
    pub fn amount(&self, id: AmountId) -> &NamedAmount {
        &self.amounts[id.index()]
    }

    /// The fact with this id.
    pub fn fact(&self, id: FactId) -> &Fact {
        &self.facts[id.index()]
    }

    /// Every clause id, in table order.
    pub fn clause_ids(&self) -> impl Iterator<Item = ClauseId> {
        (0..self.clauses.len() as u32).map(ClauseId)
    }

    /// Every event id.
    pub fn event_ids(&self) -> impl Iterator<Item = EventId> {
        (0..self.events.len() as u32).map(EventId)
    }

    /// The party with this name.
    pub fn find_party(&self, name: &str) -> Option<PartyId> {
        find(&self.parties, name).map(PartyId)
    }
    /// The event with this name.
    pub fn find_event(&self, name: &str) -> Option<EventId> {
        self.events
            .iter()
            .position(|e| e.named.name == name)
            .map(|i| EventId(i as u32))
    }
    /// The action with this name.
    pub fn find_action(&self, name: &str) -> Option<ActionId> {
        find(&self.actions, name).map(ActionId)
    }
    /// The latest version of the clause with this name.
    pub fn find_clause(&self, name: &str) -> Option<ClauseId> {
        self.clauses
            .iter()
            .rposition(|c| c.named.name == name)
            .map(|i| ClauseId(i as u32))
    }

    /// The days on which terminating powers end the contract when exercised
    /// (each never, if its power is never exercised).
    pub fn terminations(&self) -> Vec<TimeExpr> {
        self.terminations_apart_from(None)
    }

    /// [`Contract::terminations`] without the effect of the power whose
    /// exercise is the event `own`, if any.
    fn terminations_apart_from(&self, own: Option<EventId>) -> Vec<TimeExpr> {
        self.powers
            .iter()
            .filter(|p| p.kind == crate::syntax::ast::PowerKind::Terminate)
            .filter(|p| Some(p.event) != own)
            .map(|p| p.effect(&self.calendar))
            .collect()
    }

    /// The events an event's constraints name: those it must follow and
    /// those its windows count from, each once, in the order written. If the
    /// event happens, the days of these decide whether its day is allowed.
    pub fn predecessors(&self, event: EventId) -> Vec<EventId> {
        let e = self.event(event);
        let mut out: Vec<EventId> = e.after.iter().map(|(o, _)| *o).collect();
        for w in &e.windows {
            for t in w.window.from.iter().chain(w.window.until.iter()) {
                t.events(&mut out);
            }
        }
        let mut seen = Vec::with_capacity(out.len());
        out.retain(|o| {
            let new = *o != event && !seen.contains(o);
            seen.push(*o);
            new
        });
        out
    }

    /// The plain parties `party` stands for, in id order: the party itself,
    /// or, for a party group, every plain party it names directly or through
    /// other groups. This is the one answer to "whom does a norm of `party`
    /// bind": wherever two parties are compared (conflicts, `to` scopes,
    /// assertion patterns, coverage), the comparison asks this function.
    pub fn party_members(&self, party: PartyId) -> &[PartyId] {
        match self.members.get(party.index()) {
            Some(m) if !m.is_empty() => m,
            // A contract built without resolving groups: every party is plain.
            _ => &[],
        }
    }

    /// Whether a party group: a party that stands for other parties.
    pub fn is_group(&self, party: PartyId) -> bool {
        self.group_members
            .get(party.index())
            .is_some_and(|m| !m.is_empty())
    }

    /// Whether two parties stand for a common party: a norm of one and a norm
    /// of the other can bind the same party's act.
    pub fn parties_overlap(&self, a: PartyId, b: PartyId) -> bool {
        a == b || self.shared_member(a, b).is_some()
    }

    /// The first plain party (in id order) both `a` and `b` stand for.
    pub fn shared_member(&self, a: PartyId, b: PartyId) -> Option<PartyId> {
        let (ma, mb) = (self.party_members(a), self.party_members(b));
        if ma.is_empty() || mb.is_empty() {
            return (a == b).then_some(a);
        }
        // Both lists are sorted: one merge finds the first common member.
        let (mut i, mut j) = (0, 0);
        while i < ma.len() && j < mb.len() {
            match ma[i].cmp(&mb[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return Some(ma[i]),
            }
        }
        None
    }

    /// Whether `outer` stands for every party `inner` stands for, so that a
    /// norm of `outer` binds every act a norm of `inner` binds.
    pub fn party_includes(&self, outer: PartyId, inner: PartyId) -> bool {
        if outer == inner {
            return true;
        }
        let (mo, mi) = (self.party_members(outer), self.party_members(inner));
        !mi.is_empty() && mi.iter().all(|m| mo.binary_search(m).is_ok())
    }

    /// Two `to` scopes overlap unless both list parties and no party of one
    /// list stands for a party of the other.
    pub fn party_scopes_overlap(&self, a: &Scope<PartyId>, b: &Scope<PartyId>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => a
                .iter()
                .any(|&x| b.iter().any(|&y| self.parties_overlap(x, y))),
            _ => true,
        }
    }

    /// Whether the `to` scope `outer` reaches every party `inner` reaches.
    pub fn party_scope_includes(&self, outer: &Scope<PartyId>, inner: &Scope<PartyId>) -> bool {
        match (outer, inner) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(o), Some(i)) => i.iter().all(|&x| {
                let inner_members = self.party_members(x);
                if inner_members.is_empty() {
                    return o.contains(&x);
                }
                inner_members
                    .iter()
                    .all(|m| o.iter().any(|&y| self.party_includes(y, *m)))
            }),
        }
    }

    /// The section with this id, if one is declared.
    pub fn find_section(&self, id: &str) -> Option<SectionId> {
        self.sections
            .iter()
            .position(|s| s.id == id)
            .map(|i| SectionId(i as u32))
    }

    /// The point the term ends (exclusive), as `end of term` stands for it:
    /// `None` when the contract has no term or the term has no end. This is
    /// the one place the term's end is computed.
    /// The term ends at the earlier of its written end and the day each
    /// terminating power takes effect, if it is exercised.
    pub fn term_end(&self) -> Option<TimeExpr> {
        self.term_end_apart_from(None)
    }

    /// The end of the term as the window of the power whose exercise is the
    /// event `own` sees it: [`Contract::term_end`] without that power's own
    /// effect. A power is not cut by the termination it brings about itself:
    /// an immediate termination (`notice 0 days`, "effective upon delivery of
    /// notice") takes effect on the day of its exercise, and would otherwise
    /// close its own window on that very day, so it could never be exercised.
    pub fn term_end_apart_from(&self, own: Option<EventId>) -> Option<TimeExpr> {
        let term = self.term.as_ref()?;
        let mut ends: Vec<TimeExpr> = term.own_end().into_iter().collect();
        ends.extend(self.terminations_apart_from(own));
        match ends.len() {
            0 => None,
            1 => ends.pop(),
            _ => Some(TimeExpr::First(ends)),
        }
    }

    /// The end of a clause whose own lines end it at `own` (`None`: never):
    /// the earlier of that and the end of the term, unless the clause
    /// survives (then its own end, or the earlier of it and the survival
    /// period after the end of the term).
    pub fn clause_until(&self, own: Option<&TimeExpr>, survival: Survival) -> Option<TimeExpr> {
        let cut = match (survival, self.term_end()) {
            (Survival::Survives, _) | (_, None) => None,
            (Survival::EndsWithTerm, Some(end)) => Some(end),
            (Survival::For { amount, unit }, Some(end)) => {
                Some(TimeExpr::offset(end, amount, unit, true, &self.calendar))
            }
        };
        match (own, cut) {
            (Some(own), Some(cut)) => Some(TimeExpr::First(vec![own.clone(), cut])),
            (own, cut) => own.cloned().or(cut),
        }
    }

    /// The effective date of the newest contract file, if it has one.
    pub fn effective(&self) -> Option<Day> {
        self.versions.last().and_then(|v| v.effective)
    }
}

fn find(list: &[Named], name: &str) -> Option<u32> {
    list.iter().position(|n| n.name == name).map(|i| i as u32)
}
