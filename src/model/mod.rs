//! The contract as meaning: names resolved to ids, types checked, dates
//! validated, and amendments applied. Everything downstream (semantics,
//! analysis, the front ends) reads a [`Contract`], never the syntax tree.

pub mod bindings;
pub(crate) mod errors;
mod load;
mod names;
mod resolve;
pub mod subjects;
pub mod time;
mod values;

pub use bindings::{Bindings, Target};
pub use load::{load, load_text, Loaded, ReadFile, MAX_CHAIN};
pub(crate) use names::suggest;
pub(crate) use resolve::doc_comment;
pub(crate) use resolve::find_cycles;
pub use subjects::{SubjectId, SubjectSet, Taxonomy};
pub use time::{Day, Interval, TimeExpr, Window};
pub use values::Value;

use crate::diagnostics::Span;
use crate::syntax::ast::{CmpOp, Modality};

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
    AssertId
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
    pub window: Window,
    /// Index of the contract file in [`Contract::versions`] the term is from.
    pub version: usize,
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
    /// The end the clause's own lines give (with a later version's cutoff),
    /// before the term ends it.
    pub own_until: Option<TimeExpr>,
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
    /// The file in the source map.
    pub file: crate::source::FileId,
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
    /// The contract's term, if one is declared in the chain.
    pub term: Option<Term>,
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

    /// The point the term ends (exclusive), as `end of term` stands for it:
    /// `None` when the contract has no term or the term has no end. This is
    /// the one place the term's end is computed.
    pub fn term_end(&self) -> Option<TimeExpr> {
        self.term.as_ref().and_then(|t| t.window.until.clone())
    }

    /// The end of a clause whose own lines end it at `own` (`None`: never):
    /// the earlier of that and the end of the term, unless the clause
    /// survives (then its own end, or the earlier of it and the survival
    /// period after the end of the term).
    pub fn clause_until(&self, own: Option<&TimeExpr>, survival: Survival) -> Option<TimeExpr> {
        let cut = match (survival, self.term_end()) {
            (Survival::Survives, _) | (_, None) => None,
            (Survival::EndsWithTerm, Some(end)) => Some(end),
            (Survival::For { amount, unit }, Some(end)) => Some(TimeExpr::Offset {
                base: Box::new(end),
                amount,
                unit,
                forward: true,
            }),
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
