//! The syntax tree of one `.pactum` file: what was written, with byte spans,
//! before any name is resolved. Spans are byte ranges into the file's text.

use std::ops::Range;

pub type ByteSpan = Range<usize>;

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: ByteSpan,
}

/// A string literal, with its quotes removed and escapes resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Header(Header),
    Party(Decl),
    Action(Decl),
    Qualifier(Decl),
    Event(EventDecl),
    Subject(SubjectNode),
    Quantity(QuantityDecl),
    Clause(Clause),
    Fact(Fact),
    Assert(Assertion),
    Cover(Cover),
}

impl Item {
    pub fn span(&self) -> ByteSpan {
        match self {
            Item::Header(h) => h.span.clone(),
            Item::Party(d) | Item::Action(d) | Item::Qualifier(d) => d.span.clone(),
            Item::Event(e) => e.span.clone(),
            Item::Subject(s) => s.span.clone(),
            Item::Quantity(q) => q.span.clone(),
            Item::Clause(c) => c.span.clone(),
            Item::Fact(f) => f.span.clone(),
            Item::Assert(a) => a.span.clone(),
            Item::Cover(c) => c.span.clone(),
        }
    }
}

/// `contract "title" effective 2025-10-28 amends "history.pactum"`
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub title: Text,
    pub effective: Vec<DateLit>,
    pub amends: Vec<Text>,
    pub span: ByteSpan,
}

/// `party microsoft "Microsoft Corporation"`, and likewise `action` and `qualifier`.
#[derive(Debug, Clone, PartialEq)]
pub struct Decl {
    pub name: Ident,
    pub description: Option<Text>,
    pub span: ByteSpan,
}

/// `event agi_verified "…" by panel, not before agi_declared`
#[derive(Debug, Clone, PartialEq)]
pub struct EventDecl {
    pub name: Ident,
    pub description: Option<Text>,
    pub by: Option<Ident>,
    pub constraints: Vec<EventConstraint>,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EventConstraint {
    /// `not before other`: if this event happens, `other` has happened on or before it.
    NotBefore(Ident),
    /// `after other`: if this event happens, `other` has happened strictly before it.
    After(Ident),
}

impl EventConstraint {
    pub fn other(&self) -> &Ident {
        match self {
            EventConstraint::NotBefore(i) | EventConstraint::After(i) => i,
        }
    }
}

/// `subject openai_ip "…" { models { weights } research }`
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectNode {
    pub name: Ident,
    pub description: Option<Text>,
    pub children: Vec<SubjectNode>,
    pub span: ByteSpan,
}

/// `quantity microsoft_stake "…": percent stake of microsoft in openai`
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityDecl {
    pub name: Ident,
    pub description: Option<Text>,
    pub ty: QuantityType,
    pub ty_span: ByteSpan,
    pub stake: Option<(Ident, Ident)>,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityType {
    Percent,
    Money(Option<String>),
    Number,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub name: Ident,
    pub description: Option<Text>,
    pub sources: Vec<Text>,
    pub norms: Vec<Norm>,
    pub window: Window,
    pub overrides: Vec<Ident>,
    pub exception_to: Vec<Ident>,
    pub replaces: Vec<Ident>,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Modality {
    May,
    Must,
    MustNot,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::May => "may",
            Modality::Must => "must",
            Modality::MustNot => "must_not",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Modality::May => "may",
            Modality::Must => "must",
            Modality::MustNot => "must not",
        }
    }
}

/// `only microsoft may use openai_ip except openai_ip.research to x on azure`
#[derive(Debug, Clone, PartialEq)]
pub struct Norm {
    pub exclusive: bool,
    pub party: Ident,
    pub modality: Modality,
    pub action: Ident,
    pub subjects: SubjectSet,
    pub to: Vec<Ident>,
    pub on: Vec<Ident>,
    pub span: ByteSpan,
}

/// A set of subjects: a union of paths and nested sets, minus another union.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectSet {
    pub include: Vec<SubjectAtom>,
    pub except: Vec<SubjectAtom>,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SubjectAtom {
    Path(Ident),
    Nested(Box<SubjectSet>),
}

/// The time bounds written on a clause, fact or assertion. Each list holds
/// every occurrence so that the model can report a bound given twice.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Window {
    pub from: Vec<Point>,
    pub until: Vec<Until>,
    /// Where `indefinitely` was written: the norm has no end, on purpose.
    pub indefinitely: Option<ByteSpan>,
    pub span: Option<ByteSpan>,
}

impl Window {
    pub fn extend_span(&mut self, span: &ByteSpan) {
        self.span = Some(match &self.span {
            None => span.clone(),
            Some(s) => s.start.min(span.start)..s.end.max(span.end),
        });
    }
}

/// `until a or b, whichever first`, or `through 2030`.
#[derive(Debug, Clone, PartialEq)]
pub struct Until {
    pub points: Vec<Point>,
    pub whichever: Option<Whichever>,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whichever {
    First,
    Later,
}

/// A point in time as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub kind: PointKind,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PointKind {
    /// The start of a day.
    Date(DateLit),
    /// `end of 2030` or `end of 2030-06-30`: the start of the following day.
    EndOf(DateLit),
    /// The day an event happens.
    Event(Ident),
    /// `90 days after x`, `6 months before x`.
    Offset {
        amount: Amount,
        unit: TimeUnit,
        after: bool,
        base: Box<Point>,
    },
    /// `first(a, b)`: the earliest of the points that happen.
    First(Vec<Point>),
    /// `last(a, b)`: the latest, and never if any of them never happens.
    Last(Vec<Point>),
}

/// A date or a bare year as written; validated by the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLit {
    pub text: String,
    pub span: ByteSpan,
}

impl DateLit {
    pub fn is_year(&self) -> bool {
        !self.text.contains('-')
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    Day,
    Week,
    Month,
    Year,
}

/// A whole number of time units, kept as written until the model checks its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    pub text: String,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub name: Ident,
    pub description: Option<Text>,
    pub sources: Vec<Text>,
    pub values: Vec<FactValue>,
    pub window: Window,
    pub span: ByteSpan,
}

/// `microsoft_stake = 27 %`
#[derive(Debug, Clone, PartialEq)]
pub struct FactValue {
    pub quantity: Ident,
    pub value: Value,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    Tbd,
    /// The number as written, without the `%`.
    Percent(String),
    Money {
        currency: String,
        amount: String,
        scale: Option<String>,
    },
    Number(String),
}

/// `cover microsoft_ip { microsoft use openai_ip  from 2025-10-28 through 2032 }`
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    pub name: Ident,
    pub description: Option<Text>,
    pub sources: Vec<Text>,
    pub targets: Vec<CoverTarget>,
    pub window: Window,
    pub span: ByteSpan,
}

/// `microsoft use openai_ip`: a party, an action and the subjects to keep governed.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverTarget {
    pub party: Ident,
    pub action: Ident,
    pub subjects: SubjectSet,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assertion {
    pub name: Ident,
    pub description: Option<Text>,
    pub sources: Vec<Text>,
    pub kind: AssertKind,
    /// The condition; `None` only for `no conflicts`.
    pub cond: Option<Cond>,
    pub window: Window,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssertKind {
    /// The condition holds on every date of the window.
    Always,
    /// The condition holds on no date of the window.
    Never,
    /// The condition holds on a date exactly when the date is in the window.
    Exactly,
    /// No two norms conflict on any date in any scenario.
    NoConflicts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cond {
    pub kind: CondKind,
    pub span: ByteSpan,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CondKind {
    Or(Vec<Cond>),
    And(Vec<Cond>),
    Not(Box<Cond>),
    /// Some active norm matches the pattern on every part of its subjects.
    Norm(Norm),
    /// `clause_id is active`
    IsActive(Ident),
    /// `event has happened` (on or before the date)
    Happened(Ident),
    /// `quantity <= 100 %`
    Compare {
        quantity: Ident,
        op: CmpOp,
        value: Value,
    },
    /// `stakes in openai <= 100 %`: the sum of all stakes held in a party.
    Stakes {
        target: Ident,
        op: CmpOp,
        value: Value,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Ge => ">=",
            CmpOp::Gt => ">",
        }
    }
}
