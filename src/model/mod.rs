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
pub use names::suggest;
pub use resolve::doc_comment;
pub(crate) use resolve::find_cycles;
pub use subjects::{SubjectId, SubjectSet, Taxonomy};
pub use time::{Day, Interval, TimeExpr, Window};
pub use values::Value;

use crate::diagnostics::Span;
use crate::syntax::ast::{CmpOp, Modality};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
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
    pub name: String,
    pub description: Option<String>,
    /// The `///` comment lines right above the declaration.
    pub doc: Option<String>,
    pub span: Span,
    pub name_span: Span,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub named: Named,
    pub by: Option<PartyId>,
    /// `(other, strict)`: if this event happens, `other` happened on or before
    /// it (`not before`), or strictly before it (`after`).
    pub after: Vec<(EventId, bool)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum QuantityType {
    Percent,
    Money(Option<String>),
    Number,
}

#[derive(Debug, Clone)]
pub struct Quantity {
    pub named: Named,
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

#[derive(Debug, Clone)]
pub struct Norm {
    pub exclusive: bool,
    pub party: PartyId,
    pub modality: Modality,
    pub action: ActionId,
    pub subjects: SubjectSet,
    pub to: Scope<PartyId>,
    pub on: Scope<QualifierId>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Clause {
    pub named: Named,
    pub sources: Vec<String>,
    pub norm: Norm,
    pub window: Window,
    /// Clauses this one takes precedence over (`overrides` and `exception to`).
    pub overrides: Vec<ClauseId>,
    /// The subset of `overrides` written as `exception to`.
    pub exception_to: Vec<ClauseId>,
    /// The clause of a later contract that ends this one, if any.
    pub superseded_by: Option<ClauseId>,
    /// Index of the contract file in [`Contract::versions`] this clause is from.
    pub version: usize,
}

#[derive(Debug, Clone)]
pub struct Fact {
    pub named: Named,
    pub sources: Vec<String>,
    pub quantity: QuantityId,
    pub value: Value,
    pub value_span: Span,
    pub window: Window,
    pub superseded_by: Option<FactId>,
    pub version: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssertKind {
    Always,
    Never,
    Exactly,
    /// The conflict checker finds nothing; `cond` is `None`.
    NoConflicts,
}

#[derive(Debug, Clone)]
pub struct Assertion {
    pub named: Named,
    pub sources: Vec<String>,
    pub kind: AssertKind,
    /// `None` only for [`AssertKind::NoConflicts`].
    pub cond: Option<Cond>,
    pub window: Window,
}

#[derive(Debug, Clone)]
pub enum Cond {
    Or(Vec<Cond>),
    And(Vec<Cond>),
    Not(Box<Cond>),
    /// Every subject of the pattern is governed by some active norm of the same
    /// party, modality, action (and exclusivity, when the pattern says `only`)
    /// whose `to` and `on` scopes overlap the pattern's.
    Norm(Norm),
    /// The clause (any version of it) is active.
    IsActive(ClauseId),
    /// The event has happened on or before the date.
    Happened(EventId),
    Compare {
        quantity: QuantityId,
        op: CmpOp,
        value: Value,
    },
    /// The sum of every stake held in `target`.
    Stakes {
        target: PartyId,
        op: CmpOp,
        value: Value,
    },
}

/// A declaration that subjects must stay governed: on every day of the window,
/// in every scenario, each subject is governed by some active norm of the
/// party and action (of any modality).
#[derive(Debug, Clone)]
pub struct Coverage {
    pub named: Named,
    pub sources: Vec<String>,
    pub party: PartyId,
    pub action: ActionId,
    pub subjects: SubjectSet,
    pub target_span: Span,
    pub window: Window,
}

/// One contract file in an amendment chain.
#[derive(Debug, Clone)]
pub struct Version {
    pub title: Option<String>,
    pub effective: Option<Day>,
    pub file: crate::source::FileId,
}

/// A contract with the history it amends, merged into one model.
#[derive(Debug, Clone, Default)]
pub struct Contract {
    /// The contract files, oldest first; the last is the file that was checked.
    pub versions: Vec<Version>,
    pub parties: Vec<Named>,
    pub actions: Vec<Named>,
    pub qualifiers: Vec<Named>,
    pub events: Vec<Event>,
    pub subjects: Taxonomy,
    pub quantities: Vec<Quantity>,
    pub clauses: Vec<Clause>,
    pub facts: Vec<Fact>,
    pub assertions: Vec<Assertion>,
    pub coverages: Vec<Coverage>,
    /// What every name and date written in the chain stands for.
    pub bindings: Bindings,
}

impl Contract {
    pub fn party(&self, id: PartyId) -> &Named {
        &self.parties[id.index()]
    }
    pub fn action(&self, id: ActionId) -> &Named {
        &self.actions[id.index()]
    }
    pub fn qualifier(&self, id: QualifierId) -> &Named {
        &self.qualifiers[id.index()]
    }
    pub fn event(&self, id: EventId) -> &Event {
        &self.events[id.index()]
    }
    pub fn quantity(&self, id: QuantityId) -> &Quantity {
        &self.quantities[id.index()]
    }
    pub fn clause(&self, id: ClauseId) -> &Clause {
        &self.clauses[id.index()]
    }
    pub fn fact(&self, id: FactId) -> &Fact {
        &self.facts[id.index()]
    }

    pub fn clause_ids(&self) -> impl Iterator<Item = ClauseId> {
        (0..self.clauses.len() as u32).map(ClauseId)
    }

    pub fn event_ids(&self) -> impl Iterator<Item = EventId> {
        (0..self.events.len() as u32).map(EventId)
    }

    pub fn find_party(&self, name: &str) -> Option<PartyId> {
        find(&self.parties, name).map(PartyId)
    }
    pub fn find_event(&self, name: &str) -> Option<EventId> {
        self.events
            .iter()
            .position(|e| e.named.name == name)
            .map(|i| EventId(i as u32))
    }
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

    /// The effective date of the newest contract file, if it has one.
    pub fn effective(&self) -> Option<Day> {
        self.versions.last().and_then(|v| v.effective)
    }
}

fn find(list: &[Named], name: &str) -> Option<u32> {
    list.iter().position(|n| n.name == name).map(|i| i as u32)
}
