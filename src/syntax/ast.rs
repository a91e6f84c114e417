//! The syntax tree of one `.pactum` file: what was written, with byte spans,
//! before any name is resolved. Spans are byte ranges into the file's text.

use std::ops::Range;

/// A byte range into the text of the file an item was read from.
pub type ByteSpan = Range<usize>;

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The name exactly as written.
    pub name: String,
    /// Where the name was written.
    pub span: ByteSpan,
}

/// A string literal, with its quotes removed and escapes resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The text between the quotes, escapes resolved.
    pub value: String,
    /// Where the literal was written, quotes included.
    pub span: ByteSpan,
}

/// A whole file: its top-level items in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    /// The items that parsed; an item that did not parse is left out and reported.
    pub items: Vec<Item>,
}

/// One top-level item of a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// The `contract` header.
    Header(Header),
    /// A `party` declaration.
    Party(Decl),
    /// An `action` declaration.
    Action(Decl),
    /// A `qualifier` declaration.
    Qualifier(Decl),
    /// An `event` declaration.
    Event(EventDecl),
    /// A `subject` tree.
    Subject(SubjectNode),
    /// A `quantity` declaration.
    Quantity(QuantityDecl),
    /// A `clause` with its norms.
    Clause(Clause),
    /// A `power` of a party to change the contract.
    Power(Power),
    /// A `fact` giving quantities their values.
    Fact(Fact),
    /// An `assert` to be verified.
    Assert(Assertion),
    /// A `cover` requirement checked by gap finding.
    Cover(Cover),
    /// A `section` of the agreement, with its heading.
    Section(SectionDecl),
    /// The contract's `term`.
    Term(Term),
    /// `weekend friday, saturday`: the days of the week that are not business days.
    Weekend(WeekendDecl),
    /// `holiday 2026-12-25 "Christmas Day"`: a day that is not a business day.
    Holiday(HolidayDecl),
    /// `amount licence_fee = USD 2,000`: a named amount.
    Amount(AmountDecl),
    /// An `input`: a number the agreement depends on but does not fix.
    Input(InputDecl),
    /// `period fiscal_year starts 04-01`: a kind of period.
    Period(PeriodDecl),
    /// `interest late_payment { at 6 % per year … }`: interest on late payments.
    Interest(InterestDecl),
}

impl Item {
    /// Where the whole item was written.
    pub fn span(&self) -> ByteSpan {
        match self {
            Item::Header(h) => h.span.clone(),
            Item::Party(d) | Item::Action(d) | Item::Qualifier(d) => d.span.clone(),
            Item::Event(e) => e.span.clone(),
            Item::Subject(s) => s.span.clone(),
            Item::Quantity(q) => q.span.clone(),
            Item::Clause(c) => c.span.clone(),
            Item::Power(p) => p.span.clone(),
            Item::Fact(f) => f.span.clone(),
            Item::Assert(a) => a.span.clone(),
            Item::Cover(c) => c.span.clone(),
            Item::Section(s) => s.span.clone(),
            Item::Term(t) => t.span.clone(),
            Item::Weekend(w) => w.span.clone(),
            Item::Holiday(h) => h.span.clone(),
            Item::Amount(a) => a.span.clone(),
            Item::Input(i) => i.span.clone(),
            Item::Period(p) => p.span.clone(),
            Item::Interest(i) => i.span.clone(),
        }
    }
}

/// `contract "title" effective 2025-10-28 amends "history.pactum"`
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The contract's title.
    pub title: Text,
    /// Every `effective` written: a date, or an event (`effective closing`)
    /// on whose day the contract takes effect; the model reports more than one.
    pub effective: Vec<Point>,
    /// Every `amends` path written; the model reports more than one.
    pub amends: Vec<Text>,
    /// Where the header was written.
    pub span: ByteSpan,
}

/// `party microsoft "Microsoft Corporation"`, and likewise `action` and `qualifier`.
#[derive(Debug, Clone, PartialEq)]
pub struct Decl {
    /// The declared name.
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// The members of a party group (`party hydraspin = water_now, subsidiary`);
    /// empty for a plain party, an action or a qualifier.
    pub members: Vec<Ident>,
    /// Where the declaration was written.
    pub span: ByteSpan,
}

/// `event agi_verified "…" by panel, not before agi_declared`
#[derive(Debug, Clone, PartialEq)]
pub struct EventDecl {
    /// The declared name.
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// The party that declares the event happened, if written (`by panel`).
    pub by: Option<Ident>,
    /// The ordering constraints on other events.
    pub constraints: Vec<EventConstraint>,
    /// `on 2020-11-12 when locations < 25`: the event the inputs decide.
    pub defined: Option<Threshold>,
    /// `at the end of the first 4 consecutive quarters after first_sale
    /// when sales = USD 0`: the event a run of periods decides.
    pub run: Option<Box<Run>>,
    /// Where the declaration was written.
    pub span: ByteSpan,
}

/// `on 2020-11-12 when locations < 25`: an event that happens on the day if
/// the comparison of amounts over inputs holds, and never otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// The day it happens on if the comparison holds: a date, or a point
    /// that comes to one (`18 months after 2001-05-18`).
    pub day: Point,
    /// The left side of the comparison.
    pub left: Expr,
    /// The comparison.
    pub op: CmpOp,
    /// The right side.
    pub right: Expr,
    /// Where `on … when …` was written.
    pub span: ByteSpan,
}

/// `at the end of the first 4 consecutive quarters after first_sale when
/// sales = USD 0`: an event that happens at the end of the first run of
/// that many consecutive whole periods after an event's day in which each
/// period's value of an input satisfies the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// How many consecutive periods, as written.
    pub count: Amount,
    /// The periods, as written (`quarters`: the period's name, or its plural).
    pub period: Ident,
    /// The event the periods are counted after.
    pub anchor: Ident,
    /// The left side of the comparison, for each period.
    pub left: Expr,
    /// The comparison.
    pub op: CmpOp,
    /// The right side.
    pub right: Expr,
    /// Where `at the end of … when …` was written.
    pub span: ByteSpan,
}

/// `input net_sales "Net Sales": money USD`
#[derive(Debug, Clone, PartialEq)]
pub struct InputDecl {
    /// The declared name.
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// What the input counts: money in a currency, a percentage or a number.
    pub ty: QuantityType,
    /// Where the type was written.
    pub ty_span: ByteSpan,
    /// `per quarter`: the period it has one value per, if it has one.
    pub per: Option<Ident>,
    /// Where the declaration was written.
    pub span: ByteSpan,
}

/// When an event can happen, against other points in time.
#[derive(Debug, Clone, PartialEq)]
pub enum EventConstraint {
    /// `not before P`: if this event happens, it is on or after `P`.
    NotBefore(Point),
    /// `after P`: if this event happens, it is strictly after `P`.
    After(Point),
    /// `before P`: if this event happens, it is strictly before `P`.
    Before(Point),
    /// `within 30 days after P`: if this event happens, it is on `P` or on one
    /// of the 30 days after it.
    Within {
        /// How many units.
        amount: Amount,
        /// Days, weeks, months or years.
        unit: TimeUnit,
        /// The point counted from.
        base: Point,
        /// Where the whole constraint was written.
        span: ByteSpan,
    },
}

impl EventConstraint {
    /// The point this constraint counts from.
    pub fn point(&self) -> &Point {
        match self {
            EventConstraint::NotBefore(p)
            | EventConstraint::After(p)
            | EventConstraint::Before(p)
            | EventConstraint::Within { base: p, .. } => p,
        }
    }
}

/// `subject openai_ip "…" { models { weights } research }`
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectNode {
    /// The subject's own name (not its dotted path).
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// The parts of this subject, written in braces.
    pub children: Vec<SubjectNode>,
    /// Where the subject and its children were written.
    pub span: ByteSpan,
}

/// `quantity microsoft_stake "…": percent stake of microsoft in openai`
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityDecl {
    /// The declared name.
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// The type of the values the quantity takes.
    pub ty: QuantityType,
    /// Where the type was written.
    pub ty_span: ByteSpan,
    /// `stake of holder in target`: the holder and the party held, if written.
    pub stake: Option<(Ident, Ident)>,
    /// Where the declaration was written.
    pub span: ByteSpan,
}

/// The type of a quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityType {
    /// A percentage, from 0 to 100.
    Percent,
    /// An amount of money, in the named currency if one is written.
    Money(Option<String>),
    /// A plain number.
    Number,
}

/// `clause name "…" { norms… from … until … overrides other }`
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// The clause's name.
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// The `source` references to the text the clause formalises.
    pub sources: Vec<Text>,
    /// The norms the clause states.
    pub norms: Vec<Norm>,
    /// When the clause is in force.
    pub window: Window,
    /// The clauses this one takes precedence over (`overrides`).
    pub overrides: Vec<Ident>,
    /// The clauses this one is an exception to (`exception to`).
    pub exception_to: Vec<Ident>,
    /// The clauses of the amended contract this one replaces (`replaces`).
    pub replaces: Vec<Ident>,
    /// Every `section "ID"` line written: the clause's own section. The
    /// model reports a second one.
    pub section: Vec<Text>,
    /// The sections the clause cites (`refers to "9.13" "Headings"`).
    pub refers: Vec<SectionRef>,
    /// Every `survives` line written; the model reports more than one.
    pub survives: Vec<Survives>,
    /// Every `within 30 days after P` line: the clause's deadline, and its
    /// window from P through the last day.
    pub within: Vec<Deadline>,
    /// Every `discharged by EVENT` line: the event that performs the
    /// obligation and ends it.
    pub discharged: Vec<Discharged>,
    /// The `when` and `unless` lines: the clause is in force only while
    /// they hold.
    pub conditions: Vec<Condition>,
    /// The codes whose warnings about this clause are allowed (`allow`).
    pub allows: Vec<Allow>,
    /// Every `amount EXPR` line: what the obligation is for. The model
    /// reports a second one.
    pub amounts: Vec<ClauseAmount>,
    /// Every `every PERIOD` line: the clause recurs once per period. The
    /// model reports a second one.
    pub every: Vec<Every>,
    /// Every `due …` line: when each instalment of a recurring clause falls
    /// due. The model reports a second one.
    pub due: Vec<Due>,
    /// Where the clause was written.
    pub span: ByteSpan,
}

/// `every quarter` on a clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Every {
    /// The kind of period (`quarter`, or a declared `period`).
    pub period: Ident,
    /// Where the line was written.
    pub span: ByteSpan,
}

/// `due within 30 days after the end of each quarter` on a clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    /// When in or after the period the instalment falls due.
    pub kind: DueKind,
    /// The period named after `each`.
    pub period: Ident,
    /// Where the line was written.
    pub span: ByteSpan,
}

/// The ways an instalment's due day is written.
#[derive(Debug, Clone, PartialEq)]
pub enum DueKind {
    /// `on the first day of each quarter`.
    FirstDay,
    /// `within 30 days after the end of each quarter`.
    AfterEnd {
        /// How many units.
        amount: Amount,
        /// Days, weeks, months or years.
        unit: TimeUnit,
    },
    /// `within 30 days after the start of each contract_year`.
    AfterStart {
        /// How many units.
        amount: Amount,
        /// Days, weeks, months or years.
        unit: TimeUnit,
    },
    /// `by the end of each contract_year`: owed over the whole period,
    /// from its first day through its last.
    ByEnd,
}

/// `period fiscal_year "the fiscal year" starts 04-01`, or `period
/// contract_year from 2016-05-11`.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodDecl {
    /// The declared name.
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// Where its years start; `None`: counted from the effective date.
    pub start: Option<PeriodStart>,
    /// Where the declaration was written.
    pub span: ByteSpan,
}

/// `interest late_payment "…" { at 6 % per year  from the 10th day after
/// the due date  compounded on 12-31 }`: interest on payments made late.
#[derive(Debug, Clone, PartialEq)]
pub struct InterestDecl {
    /// The declared name.
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// The `source` references to the text it formalises.
    pub sources: Vec<Text>,
    /// The yearly rate (`at 6 % per year`): an amount expression.
    pub rate: Expr,
    /// Where the `at … per year` line was written.
    pub rate_span: ByteSpan,
    /// The `from …` line, if written.
    pub start: Option<InterestStart>,
    /// The `compounded on …` line, if written.
    pub compounding: Option<Compounding>,
    /// The `day count …` line, if written: the basis as written
    /// (`actual/360`) and where.
    pub basis: Option<(String, ByteSpan)>,
    /// The `rounded to Q` line, if written: Q as written and where.
    pub rounding: Option<(String, ByteSpan)>,
    /// The clauses of the `on` line; empty: every obligation with a due
    /// date and a discharge.
    pub on: Vec<Ident>,
    /// Where the declaration was written.
    pub span: ByteSpan,
}

/// The first day interest runs, relative to the due date.
#[derive(Debug, Clone, PartialEq)]
pub struct InterestStart {
    /// How many days after the due date: 0 for `the due date`, 1 for `the
    /// day after the due date`, N for `the Nth day after the due date`.
    pub days: u32,
    /// The ordinal as written (`10th`), if one was.
    pub ordinal: Option<String>,
    /// Where the line was written.
    pub span: ByteSpan,
}

/// The `compounded on …` line.
#[derive(Debug, Clone, PartialEq)]
pub struct Compounding {
    /// What the compounding days are.
    pub kind: CompoundingKind,
    /// Where the line was written.
    pub span: ByteSpan,
}

/// The days interest is compounded on.
#[derive(Debug, Clone, PartialEq)]
pub enum CompoundingKind {
    /// `compounded on 06-30, 12-31`: these days of every year, `MM-DD` as
    /// written, each with where.
    Days(Vec<(String, ByteSpan)>),
    /// `compounded on the last day of each quarter`.
    LastDayOf(Ident),
}

/// Where the years of a declared period start.
#[derive(Debug, Clone, PartialEq)]
pub enum PeriodStart {
    /// `starts 04-01`: on this day of every calendar year (a fiscal year).
    Starts {
        /// The month and day as written, `MM-DD`.
        text: String,
        /// Where the month and day were written.
        span: ByteSpan,
    },
    /// `from 2016-05-11`: counted from this point (contract years).
    From(Point),
}

/// `discharged by paid` on a clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Discharged {
    /// The event that performs the obligation.
    pub event: Ident,
    /// Where the line was written.
    pub span: ByteSpan,
}

/// `within 30 days after invoiced` on a clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    /// How many units.
    pub amount: Amount,
    /// Days, weeks, months or years.
    pub unit: TimeUnit,
    /// The point the period counts from.
    pub base: Point,
    /// Where the line was written.
    pub span: ByteSpan,
}

/// `power company_terminates { company may terminate  notice 60 days }`
#[derive(Debug, Clone, PartialEq)]
pub struct Power {
    /// The power's name, which is also the name of its exercise (an event).
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// The `source` references to the text the power formalises.
    pub sources: Vec<Text>,
    /// Who may exercise it and what exercising it does (`company may
    /// terminate`); exactly one is valid.
    pub grants: Vec<Grant>,
    /// `notice 60 days`: how long after the exercise it takes effect.
    pub notice: Vec<Notice>,
    /// When the power can be exercised.
    pub window: Window,
    /// The `when` and `unless` lines: the power can be exercised only while
    /// they hold.
    pub conditions: Vec<Condition>,
    /// Where the power was written.
    pub span: ByteSpan,
}

/// `company may terminate`
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    /// The party that holds the power.
    pub party: Ident,
    /// What exercising it does.
    pub kind: PowerKind,
    /// Where the line was written.
    pub span: ByteSpan,
}

/// What exercising a power does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PowerKind {
    /// `terminate`: the contract's term ends when the exercise takes effect.
    Terminate,
    /// `exercise`: an option or a right of refusal; clauses name the
    /// exercise (an event) for what follows from it.
    Exercise,
}

/// `notice 60 days`
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// How many units.
    pub amount: Amount,
    /// Days, weeks, months or years.
    pub unit: TimeUnit,
    /// Where the line was written.
    pub span: ByteSpan,
}

/// `section "9.13" "Headings"`: a section of the agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionDecl {
    /// The section's id, compared exactly (`"9.13"`).
    pub id: Text,
    /// The section's heading, if written.
    pub heading: Option<Text>,
    /// Where the declaration was written.
    pub span: ByteSpan,
}

/// `weekend friday, saturday`: the weekend rule of the contract's calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekendDecl {
    /// The days of the week as written (`friday`), checked by the model.
    pub days: Vec<Ident>,
    /// Where the item was written.
    pub span: ByteSpan,
}

/// `holiday 2026-12-25 "Christmas Day"`: a holiday of the contract's calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct HolidayDecl {
    /// The day.
    pub date: DateLit,
    /// Its name, if written.
    pub name: Option<Text>,
    /// Where the item was written.
    pub span: ByteSpan,
}

/// One section a clause cites: `"9.13" "Headings"` in `refers to`.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionRef {
    /// The id of the section cited.
    pub id: Text,
    /// The heading the citing text gives it, if it gives one.
    pub heading: Option<Text>,
    /// Where the reference was written.
    pub span: ByteSpan,
}

/// `survives` or `survives for 3 years`: the clause outlives the term.
#[derive(Debug, Clone, PartialEq)]
pub struct Survives {
    /// How long after the end of the term the clause survives (`for 3
    /// years`); `None` when no duration is written.
    pub duration: Option<(Amount, TimeUnit)>,
    /// Where the line was written.
    pub span: ByteSpan,
}

/// `when consent has happened` or `unless licence is active`: a line that
/// narrows when a clause or power is in force to the days a condition holds
/// (or does not hold).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Whether the line says `unless` (the clause is in force while the
    /// condition does not hold) rather than `when`.
    pub unless: bool,
    /// The condition, in the condition language of assertions.
    pub cond: Cond,
    /// Where the whole line was written, from its keyword.
    pub span: ByteSpan,
}

/// `allow pactum::norm::open_ended "the licence is perpetual by design"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Allow {
    /// The diagnostic code as written, such as `pactum::norm::open_ended`.
    pub code: Ident,
    /// Why the finding is allowed.
    pub reason: Text,
    /// Where the line was written.
    pub span: ByteSpan,
}

/// `term "initial term" { from 2014-12-05  until 5 years after 2014-12-05 }`:
/// the contract's term, which every clause ends with unless it survives.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Where the word `term` was written, the term's name in labels.
    pub keyword: ByteSpan,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// The `source` references to the text the term formalises.
    pub sources: Vec<Text>,
    /// When the term runs.
    pub window: Window,
    /// The `renews` lines (at most one is valid).
    pub renewals: Vec<Renews>,
    /// Where the term was written.
    pub span: ByteSpan,
}

/// `renews for 1 year, 3 times unless non_renewal at least 90 days before`:
/// automatic renewal of the term, period after period.
#[derive(Debug, Clone, PartialEq)]
pub struct Renews {
    /// The length of each renewal period.
    pub period: (Amount, TimeUnit),
    /// `, N times`: the most renewals; none written: for as long as no
    /// notice stops it.
    pub times: Option<Amount>,
    /// `unless EVENT at least DURATION before`: the notice that stops the
    /// renewal when it comes at least that long before a period's end.
    pub notice: Option<RenewalNotice>,
    /// Where the line was written.
    pub span: ByteSpan,
}

/// The notice that stops a renewal, and how long before a period's end it
/// must come.
#[derive(Debug, Clone, PartialEq)]
pub struct RenewalNotice {
    /// The event that gives the notice.
    pub event: Ident,
    /// At least this long before the end of the current period.
    pub lead: (Amount, TimeUnit),
}

/// What a norm says a party may, must or must not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Modality {
    /// A permission.
    May,
    /// An obligation.
    Must,
    /// A prohibition.
    MustNot,
}

impl Modality {
    /// The keyword as written in a contract (`must_not`).
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::May => "may",
            Modality::Must => "must",
            Modality::MustNot => "must_not",
        }
    }

    /// The modality in plain words for messages (`must not`).
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
    /// Whether `only` was written: no other party may do this.
    pub exclusive: bool,
    /// The party the norm binds or entitles.
    pub party: Ident,
    /// May, must or must not.
    pub modality: Modality,
    /// The action.
    pub action: Ident,
    /// The subjects the action is on.
    pub subjects: SubjectSet,
    /// The parties the norm is directed to (`to x`).
    pub to: Vec<Ident>,
    /// The qualifiers that narrow the norm (`on azure`).
    pub on: Vec<Ident>,
    /// Where the norm was written.
    pub span: ByteSpan,
}

/// A set of subjects: a union of paths and nested sets, minus another union.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectSet {
    /// The subjects included.
    pub include: Vec<SubjectAtom>,
    /// The subjects taken out again (`except …`).
    pub except: Vec<SubjectAtom>,
    /// Where the set was written.
    pub span: ByteSpan,
}

/// One member of a subject set.
#[derive(Debug, Clone, PartialEq)]
pub enum SubjectAtom {
    /// A subject named by its dotted path.
    Path(Ident),
    /// A set in parentheses.
    Nested(Box<SubjectSet>),
}

/// The time bounds written on a clause, fact or assertion. Each list holds
/// every occurrence so that the model can report a bound given twice.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Window {
    /// Every `from` bound written.
    pub from: Vec<Point>,
    /// Every `until` or `through` bound written.
    pub until: Vec<Until>,
    /// Where `indefinitely` was written: the norm has no end, on purpose.
    pub indefinitely: Option<ByteSpan>,
    /// Where the bounds were written, from the first to the last; `None` if none was.
    pub span: Option<ByteSpan>,
}

impl Window {
    /// Widens the window's span to cover `span`, as the bounds are read.
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
    /// The points the window ends at; more than one needs `whichever`.
    pub points: Vec<Point>,
    /// Which of several points ends the window, if written.
    pub whichever: Option<Whichever>,
    /// Where the bound was written.
    pub span: ByteSpan,
}

/// Which of several end points ends a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whichever {
    /// `whichever first`: the earliest that happens.
    First,
    /// `whichever later`: the latest, and never if one never happens.
    Later,
}

/// A point in time as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// What kind of point it is.
    pub kind: PointKind,
    /// Where the point was written.
    pub span: ByteSpan,
}

/// The kinds of point in time a contract can name.
#[derive(Debug, Clone, PartialEq)]
pub enum PointKind {
    /// The start of a day.
    Date(DateLit),
    /// `end of 2030` or `end of 2030-06-30`: the start of the following day.
    EndOf(DateLit),
    /// `end of term`: the day the contract's term ends (exclusive).
    EndOfTerm,
    /// `breach of CLAUSE`: the day after the clause's deadline, unless the
    /// event that discharges it came by then.
    BreachOf(Ident),
    /// The day an event happens.
    Event(Ident),
    /// `90 days after x`, `6 months before x`.
    Offset {
        /// How many units.
        amount: Amount,
        /// Days, weeks, months or years.
        unit: TimeUnit,
        /// `after` if true, `before` if false.
        after: bool,
        /// The point the offset counts from.
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
    /// The date as written (`2030`, `2030-06-30`).
    pub text: String,
    /// Where the date was written.
    pub span: ByteSpan,
}

impl DateLit {
    /// Whether only a year was written.
    pub fn is_year(&self) -> bool {
        !self.text.contains('-')
    }
}

/// The unit of an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    /// Days.
    Day,
    /// Weeks of seven days.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
    /// Business days: days that are neither weekend days nor holidays of
    /// the contract's calendar (`10 business days after invoiced`).
    BusinessDay,
}

impl TimeUnit {
    /// The unit's word in the singular, as a contract writes it and messages print it.
    pub fn word(self) -> &'static str {
        match self {
            TimeUnit::Day => "day",
            TimeUnit::Week => "week",
            TimeUnit::Month => "month",
            TimeUnit::Year => "year",
            TimeUnit::BusinessDay => "business day",
        }
    }
}

/// A whole number of time units, kept as written until the model checks its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// The digits as written.
    pub text: String,
    /// Where the number was written.
    pub span: ByteSpan,
}

/// `fact stake_2025 { microsoft_stake = 27 % from 2025-10-28 }`
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The fact's name.
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// The `source` references to the text the fact formalises.
    pub sources: Vec<Text>,
    /// The values the fact gives quantities.
    pub values: Vec<FactValue>,
    /// When the fact holds.
    pub window: Window,
    /// Where the fact was written.
    pub span: ByteSpan,
}

/// `microsoft_stake = 27 %`
#[derive(Debug, Clone, PartialEq)]
pub struct FactValue {
    /// The quantity given a value.
    pub quantity: Ident,
    /// The value.
    pub value: Value,
    /// Where the assignment was written.
    pub span: ByteSpan,
}

/// A value as written, checked against its quantity's type by the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// What kind of value it is.
    pub kind: ValueKind,
    /// Where the value was written.
    pub span: ByteSpan,
}

/// The kinds of value a contract can write.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// `tbd`: the value is not yet known.
    Tbd,
    /// The number as written, without the `%`.
    Percent(String),
    /// `USD 250 billion`.
    Money {
        /// The currency code.
        currency: String,
        /// The number as written.
        amount: String,
        /// The scale word, if written (`billion`).
        scale: Option<String>,
    },
    /// A plain number as written.
    Number(String),
}

/// `amount licence_fee "the licence fee" = USD 2,000 split into a, b`
#[derive(Debug, Clone, PartialEq)]
pub struct AmountDecl {
    /// The declared name.
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// The amount.
    pub expr: Expr,
    /// `split into A, B`: the parts that must add up to the amount.
    pub parts: Vec<Expr>,
    /// Where `split into …` was written, if it was.
    pub split_span: Option<ByteSpan>,
    /// Where the declaration was written.
    pub span: ByteSpan,
}

/// `amount USD 2,000` on a clause.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseAmount {
    /// The amount.
    pub expr: Expr,
    /// Where the line was written.
    pub span: ByteSpan,
}

/// An amount expression as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What kind of expression it is.
    pub kind: ExprKind,
    /// Where it was written.
    pub span: ByteSpan,
}

/// The operators between two amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

/// The kinds of amount expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A literal: `USD 2,000`, `18 %`, `3` (never `tbd`).
    Literal(ValueKind),
    /// A named amount.
    Name(Ident),
    /// `A + B - C` or `A * B / C`: an operand and the operations that follow
    /// it, left to right, all of one level (sums, or products). A chain is a
    /// list, not a nested tree, so that a long sum cannot nest deeper than
    /// the splitter's depth guard allows.
    Chain(Box<Expr>, Vec<(BinOp, Expr)>),
    /// `P of Q of X`: percentages of an amount, at least two operands, the
    /// last one the base (kept flat for the same reason).
    Of(Vec<Expr>),
    /// `greater of (A, B, …)` (`true`) or `lesser of (…)` (`false`).
    Extremum(bool, Vec<Expr>),
    /// `EXPR rounded to Q`, with Q as written.
    Rounded(Box<Expr>, String, ByteSpan),
    /// `( EXPR )`, kept so that the formatter prints what was written.
    Paren(Box<Expr>),
    /// `tiered by RANK { 1..10: 7.5 %, 11..: 15 % }`; without `by RANK`, a
    /// tier table (only as a named amount's whole expression).
    Tiered(Option<Box<Expr>>, Vec<Tier>),
    /// `TABLE at RANK`: a tier table applied to a rank.
    TierAt(Ident, Box<Expr>),
    /// `schedule by PERIOD { LABEL: EXPR, … }`: an amount per period.
    Schedule(Ident, Vec<ScheduleRow>),
    /// `BASE increasing by STEP each PERIOD after|from LABEL`.
    Escalated(Box<Escalation>),
    /// `net_sales[2017-Q2]`: one period's value of an input that has one
    /// per period, with the label as written and where it was written.
    InputAt(Ident, String, ByteSpan),
    /// `sum of CLAUSE for PERIOD` or `sum of CLAUSE paid in PERIOD`.
    Sum(Box<SumOf>),
    /// `if COND then A else B`, or without `else`: the amount of the case
    /// whose condition holds (none, without `else`, where it does not).
    If(Box<Cond>, Box<Expr>, Option<Box<Expr>>),
}

/// `sum of running_royalties for year 2017`, `sum of running_royalties
/// paid in the previous contract_year`: the instalments of a recurring
/// clause summed, grouped by their period or by the day they are paid.
#[derive(Debug, Clone, PartialEq)]
pub struct SumOf {
    /// The recurring clause.
    pub clause: Ident,
    /// `paid in` (by the day each instalment's discharge event happens)
    /// rather than `for` (by the instalment's period).
    pub paid: bool,
    /// The period summed over.
    pub period: PeriodRef,
}

impl SumOf {
    /// The sum as the formatter writes it: `sum of royalties for year
    /// 2017`, `sum of royalties paid in the previous contract_year`.
    pub fn written(&self) -> String {
        let p = &self.period;
        let kind = if p.calendar {
            format!("calendar {}", p.kind.name)
        } else {
            p.kind.name.clone()
        };
        let period = match (&p.label, p.offset) {
            (Some((label, _)), _) => format!("{kind} {label}"),
            (None, -1) => format!("the previous {kind}"),
            (None, 1) => format!("the next {kind}"),
            (None, _) => format!("the {kind}"),
        };
        let how = if self.paid { "paid in" } else { "for" };
        format!("sum of {} {how} {period}", self.clause.name)
    }
}

/// The period a sum is over: one named by its label (`year 2017`), or the
/// one of a kind the instalment using the sum starts in, shifted by
/// `offset` periods (`the year`: 0; `the previous contract_year`: -1).
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodRef {
    /// The kind of period (`year`, `contract_year`); `calendar year` is
    /// `year`.
    pub kind: Ident,
    /// Whether it was written `calendar year`.
    pub calendar: bool,
    /// The label (`2017`) and where it was written, or `None` for a period
    /// relative to the instalment.
    pub label: Option<(String, ByteSpan)>,
    /// `previous` (-1), `next` (+1), or 0.
    pub offset: i64,
}

/// One row of a schedule: `FY2000: USD 2,000,000`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRow {
    /// The period's label as written (`FY2000`, `3`).
    pub label: String,
    /// Where the label was written.
    pub span: ByteSpan,
    /// The amount for that period.
    pub amount: Expr,
}

/// `BASE increasing by STEP each PERIOD after|from LABEL`.
#[derive(Debug, Clone, PartialEq)]
pub struct Escalation {
    /// The amount before any step.
    pub base: Expr,
    /// What each step adds: an amount of the base's kind, or a percentage
    /// of the amount before the step.
    pub step: Expr,
    /// The period the steps count.
    pub period: Ident,
    /// `from LABEL` (the labelled period takes the first step) rather than
    /// `after LABEL` (the next one does).
    pub from: bool,
    /// The label as written.
    pub label: String,
    /// Where the label was written.
    pub label_span: ByteSpan,
}

/// One bracket of a tier table: `11..: 15 %`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    /// The first rank of the bracket, as written (`1`, `1,000`).
    pub from: String,
    /// The last rank, as written; `None` for `11..`, which has no end.
    pub to: Option<String>,
    /// Where the bracket's range was written.
    pub range: ByteSpan,
    /// The amount for the ranks of the bracket.
    pub rate: Expr,
}

impl ValueKind {
    /// The value as written, in canonical spacing: `27 %`, `USD 250
    /// billion`, `666,666.66`, `tbd` (numbers keep their separators).
    pub fn written(&self) -> String {
        match self {
            ValueKind::Tbd => "tbd".to_string(),
            ValueKind::Percent(n) => format!("{n} %"),
            ValueKind::Money {
                currency,
                amount,
                scale: Some(scale),
            } => format!("{currency} {amount} {scale}"),
            ValueKind::Money {
                currency, amount, ..
            } => format!("{currency} {amount}"),
            ValueKind::Number(n) => n.clone(),
        }
    }
}

/// `cover microsoft_ip { microsoft use openai_ip  from 2025-10-28 through 2032 }`
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    /// The requirement's name.
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// The `source` references to the text the requirement comes from.
    pub sources: Vec<Text>,
    /// What must stay governed.
    pub targets: Vec<CoverTarget>,
    /// When it must stay governed.
    pub window: Window,
    /// Where the requirement was written.
    pub span: ByteSpan,
}

/// `microsoft use openai_ip`: a party, an action and the subjects to keep governed.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverTarget {
    /// The party.
    pub party: Ident,
    /// The action.
    pub action: Ident,
    /// The subjects.
    pub subjects: SubjectSet,
    /// Where the target was written.
    pub span: ByteSpan,
}

/// `assert name { always cond from … }`: a property the verifier proves or refutes.
#[derive(Debug, Clone, PartialEq)]
pub struct Assertion {
    /// The assertion's name.
    pub name: Ident,
    /// The optional description in quotes.
    pub description: Option<Text>,
    /// The `source` references to the text the assertion checks.
    pub sources: Vec<Text>,
    /// Always, never, exactly or no conflicts.
    pub kind: AssertKind,
    /// The condition; `None` only for `no conflicts`.
    pub cond: Option<Cond>,
    /// The dates the assertion speaks of.
    pub window: Window,
    /// Where the assertion was written.
    pub span: ByteSpan,
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
    /// No two norms conflict on any date in any scenario.
    NoConflicts,
}

/// A condition on the state of a contract on one date.
#[derive(Debug, Clone, PartialEq)]
pub struct Cond {
    /// What kind of condition it is.
    pub kind: CondKind,
    /// Where the condition was written.
    pub span: ByteSpan,
}

/// The kinds of condition.
#[derive(Debug, Clone, PartialEq)]
pub enum CondKind {
    /// At least one of the conditions holds.
    Or(Vec<Cond>),
    /// All of the conditions hold.
    And(Vec<Cond>),
    /// The condition does not hold.
    Not(Box<Cond>),
    /// Some active norm matches the pattern on every part of its subjects.
    Norm(Norm),
    /// `PATTERN prevails`: the pattern is governed by active norms that no
    /// active contrary norm overrides there.
    Prevails(Norm),
    /// `clause_id is active`
    IsActive(Ident),
    /// `event has happened` (on or before the date)
    Happened(Ident),
    /// `quantity <= 100 %`
    Compare {
        /// The quantity compared.
        quantity: Ident,
        /// The comparison.
        op: CmpOp,
        /// The value compared with.
        value: Value,
    },
    /// `amount royalty_rate <= 20 %`: two amounts compared.
    Amount(Expr, CmpOp, Expr),
    /// `stakes in openai <= 100 %`: the sum of all stakes held in a party.
    Stakes {
        /// The party whose stakes are summed.
        target: Ident,
        /// The comparison.
        op: CmpOp,
        /// The value compared with.
        value: Value,
    },
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `>=`
    Ge,
    /// `>`
    Gt,
}

impl CmpOp {
    /// Whether `a OP b` holds: the one place the operators get their meaning.
    pub fn holds<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Ge => a >= b,
            CmpOp::Gt => a > b,
        }
    }

    /// The operator as written.
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
