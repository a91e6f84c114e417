//! The words of the language, in one table, and the plain-word names of the
//! grammar's rules: what the splitter, the lowering, syntax errors, completion
//! and the editor grammar know about words all comes from here.
//!
//! The grammar (`grammar/pactum.pest`) and this table are the only two places
//! that list words; tests check them against each other in both directions
//! (every word the grammar matches is in the table, every word in the table is
//! matched by the grammar, and the item keywords are exactly the first words of
//! the grammar's item rules). As in Typst's `SyntaxKind`, the reserved words
//! are a property of the table (`is_reserved`), not a second list kept by hand.

use super::Rule;

/// How the language uses a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// Starts a top-level item (`party`, `clause`); reserved.
    Item,
    /// Starts a top-level item (`holiday`, `weekend`) but is not reserved:
    /// the splitter starts an item with it only at the start of a line
    /// outside braces when something other than a comma, `=`, `)` or a
    /// comment follows it on the line, and elsewhere it is a name.
    SoftItem,
    /// Reserved: a word of the grammar that can never be a name (`must`, `until`).
    Keyword,
    /// A word of the grammar that is still a name where the grammar expects
    /// one (`first`, `stake`), because its place in a sentence tells it apart.
    Context,
    /// A unit of a duration (`90 days after`); not reserved.
    TimeUnit,
    /// A scale of an amount of money (`USD 5 billion`); not reserved.
    Scale,
}

impl Class {
    /// Whether words of this class are reserved: never a name.
    pub const fn is_reserved(self) -> bool {
        matches!(self, Class::Item | Class::Keyword)
    }
}

/// One word of the language and how it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// The word as written.
    pub text: &'static str,
    /// How the language uses it.
    pub class: Class,
}

const fn w(text: &'static str, class: Class) -> Word {
    Word { text, class }
}

use Class::{Context, Item, Keyword, Scale, SoftItem, TimeUnit};

/// Every word of the grammar, in byte order (checked when compiling), so that
/// lookups search it by halves.
pub const WORDS: &[Word] = &[
    w("action", Item),
    w("active", Context),
    w("actual", Context),
    w("after", Keyword),
    w("allow", Context),
    w("always", Keyword),
    w("amends", Keyword),
    w("amount", Item),
    w("and", Keyword),
    w("assert", Item),
    w("at", Context),
    w("before", Keyword),
    w("billion", Scale),
    w("breach", Context),
    w("business", Context),
    w("by", Context),
    w("calendar", Context),
    w("clause", Item),
    w("compounded", Context),
    w("conflicts", Context),
    w("consecutive", Context),
    w("contract", Item),
    w("count", Context),
    w("cover", Item),
    w("date", Context),
    w("day", TimeUnit),
    w("days", TimeUnit),
    w("discharged", Context),
    w("due", Context),
    w("each", Context),
    w("effective", Keyword),
    w("else", Context),
    w("end", Context),
    w("event", Item),
    w("every", Context),
    w("exactly", Keyword),
    w("except", Keyword),
    w("exception", Keyword),
    w("exercise", Context),
    w("fact", Item),
    w("first", Context),
    w("for", Context),
    w("from", Keyword),
    w("greater", Context),
    w("happened", Context),
    w("has", Context),
    w("holiday", SoftItem),
    w("if", Context),
    w("in", Context),
    w("increasing", Context),
    w("indefinitely", Keyword),
    w("input", Item),
    w("interest", SoftItem),
    w("into", Context),
    w("is", Context),
    w("last", Context),
    w("later", Context),
    w("least", Context),
    w("lesser", Context),
    w("may", Keyword),
    w("million", Scale),
    w("money", Context),
    w("month", TimeUnit),
    w("months", TimeUnit),
    w("must", Keyword),
    w("never", Keyword),
    w("next", Context),
    w("no", Context),
    w("not", Keyword),
    w("notice", Context),
    w("number", Context),
    w("of", Context),
    w("on", Keyword),
    w("only", Keyword),
    w("or", Keyword),
    w("overrides", Keyword),
    w("paid", Context),
    w("party", Item),
    w("per", Context),
    w("percent", Context),
    w("period", SoftItem),
    w("power", Item),
    w("prevails", Context),
    w("previous", Context),
    w("qualifier", Item),
    w("quantity", Item),
    w("refers", Context),
    w("renews", Context),
    w("replaces", Keyword),
    w("rounded", Context),
    w("schedule", Context),
    w("section", Item),
    w("source", Keyword),
    w("split", Context),
    w("stake", Context),
    w("stakes", Context),
    w("start", Context),
    w("starts", Context),
    w("subject", Item),
    w("sum", Context),
    w("survives", Context),
    w("tbd", Keyword),
    w("term", Item),
    w("terminate", Context),
    w("the", Context),
    w("then", Context),
    w("thousand", Scale),
    w("through", Keyword),
    w("tiered", Context),
    w("time", Context),
    w("times", Context),
    w("to", Keyword),
    w("trillion", Scale),
    w("unless", Context),
    w("until", Keyword),
    w("week", TimeUnit),
    w("weekend", SoftItem),
    w("weeks", TimeUnit),
    w("when", Context),
    w("whichever", Keyword),
    w("within", Context),
    w("year", TimeUnit),
    w("years", TimeUnit),
];

/// Reserved words (item keywords included), in byte order: derived from
/// `WORDS` when compiling.
pub const KEYWORDS: &[&str] = &RESERVED_ARRAY;

/// Words that start a top-level item, in byte order: derived from `WORDS`.
pub const ITEM_KEYWORDS: &[&str] = &ITEM_ARRAY;

/// Words that start a top-level item without being reserved, in byte order:
/// derived from `WORDS`.
pub const SOFT_ITEM_KEYWORDS: &[&str] = &SOFT_ITEM_ARRAY;

/// Words of the grammar that are not reserved, in byte order: derived from `WORDS`.
pub const CONTEXT_WORDS: &[&str] = &CONTEXT_ARRAY;

/// Units of a duration, in byte order: derived from `WORDS`.
pub const TIME_UNITS: &[&str] = &TIME_UNIT_ARRAY;

/// Scales of an amount of money, in byte order: derived from `WORDS`.
pub const SCALES: &[&str] = &SCALE_ARRAY;

/// The class of a word of the language, if it is one.
pub fn class(word: &str) -> Option<Class> {
    WORDS
        .binary_search_by(|w| w.text.cmp(word))
        .ok()
        .map(|i| WORDS[i].class)
}

/// Whether a word is reserved. The grammar lets a name be any word, which
/// keeps the parser from testing every keyword at every name; reserved words
/// used as names are caught while lowering instead, and this runs on every
/// name of every file. No reserved word is longer than this.
#[inline]
pub fn is_reserved(word: &str) -> bool {
    word.len() <= LONGEST_KEYWORD && KEYWORDS.binary_search(&word).is_ok()
}

/// Whether a word starts a top-level item.
#[inline]
pub fn is_item_keyword(word: &[u8]) -> bool {
    ITEM_KEYWORDS
        .binary_search_by(|kw| kw.as_bytes().cmp(word))
        .is_ok()
}

/// Whether a word starts a top-level item where one can start, without
/// being reserved (`holiday`, `weekend`).
#[inline]
pub fn is_soft_item_keyword(word: &[u8]) -> bool {
    SOFT_ITEM_KEYWORDS
        .binary_search_by(|kw| kw.as_bytes().cmp(word))
        .is_ok()
}

/// Whether a word is a unit of a duration.
#[inline]
pub fn is_time_unit(word: &[u8]) -> bool {
    TIME_UNITS
        .binary_search_by(|u| u.as_bytes().cmp(word))
        .is_ok()
}

// ---------------------------------------------------------------- phrases by place

/// A kind of place in the text where the language expects certain words:
/// what completion offers there. Item keywords are not listed as phrases:
/// they are the words of class [`Class::Item`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A line of the contract header, after `contract "…"`.
    Header,
    /// The start of a line inside a clause.
    ClauseLine,
    /// The start of a line inside a power.
    PowerLine,
    /// The start of a line inside the term.
    TermLine,
    /// After a power's holder: what the holder may do.
    Grant,
    /// After `may` in a power: what exercising the power does.
    PowerKind,
    /// After a comma in an event declaration: a constraint on its day.
    EventConstraint,
    /// Where a point in time is expected (after `from`, `until`, `after` …).
    Point,
    /// After a norm pattern in an assertion's condition.
    AfterPattern,
    /// Where an amount is expected (after `amount`, `=` in an amount
    /// declaration, an operator).
    Amount,
    /// After an amount expression: what can end it.
    AfterAmount,
    /// The start of a line inside an `interest` declaration.
    InterestLine,
}

/// Words of the language that are written together in one place, with what
/// they mean there: completion offers them as they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    /// The words as written, separated by single spaces.
    pub text: &'static str,
    /// Where it is written.
    pub place: Place,
    /// What it says, in a few words, for the editor's list.
    pub detail: &'static str,
}

const fn phrase(text: &'static str, place: Place, detail: &'static str) -> Phrase {
    Phrase {
        text,
        place,
        detail,
    }
}

/// The phrases of the language by the place they are written in. Every word
/// of every phrase is a word of [`WORDS`] (checked by a test), so the
/// grammar and the lexicon stay the only lists of words.
pub const PHRASES: &[Phrase] = &[
    phrase(
        "effective",
        Place::Header,
        "the day the contract takes effect: a date, or an event (`effective closing`)",
    ),
    phrase("amends", Place::Header, "the contract this file amends"),
    phrase(
        "source",
        Place::ClauseLine,
        "the text the clause formalises",
    ),
    phrase("section", Place::ClauseLine, "the clause's own section"),
    phrase(
        "refers to",
        Place::ClauseLine,
        "the sections the clause cites",
    ),
    phrase(
        "survives",
        Place::ClauseLine,
        "the end of the term does not end the clause",
    ),
    phrase(
        "survives for",
        Place::ClauseLine,
        "the clause survives the term that long",
    ),
    phrase("from", Place::ClauseLine, "when the clause starts"),
    phrase(
        "until",
        Place::ClauseLine,
        "the first day the clause no longer holds",
    ),
    phrase(
        "through",
        Place::ClauseLine,
        "the last day the clause holds",
    ),
    phrase("indefinitely", Place::ClauseLine, "the clause has no end"),
    phrase(
        "overrides",
        Place::ClauseLine,
        "the clauses this one prevails over",
    ),
    phrase(
        "exception to",
        Place::ClauseLine,
        "a carve-out that prevails over a clause",
    ),
    phrase(
        "replaces",
        Place::ClauseLine,
        "ends a clause of the amended contract",
    ),
    phrase("only", Place::ClauseLine, "an exclusive norm"),
    phrase(
        "when",
        Place::ClauseLine,
        "in force only while a condition holds",
    ),
    phrase(
        "unless",
        Place::ClauseLine,
        "in force only while a condition does not hold",
    ),
    phrase(
        "within",
        Place::ClauseLine,
        "a deadline: from a point through its last day",
    ),
    phrase(
        "discharged by",
        Place::ClauseLine,
        "the event that performs the obligation",
    ),
    phrase(
        "allow",
        Place::ClauseLine,
        "a warning about this clause, allowed with a reason",
    ),
    phrase(
        "amount",
        Place::ClauseLine,
        "what the obligation is for, an exact amount",
    ),
    phrase(
        "every",
        Place::ClauseLine,
        "one instalment per period, as in `every quarter`",
    ),
    phrase(
        "due",
        Place::ClauseLine,
        "when each instalment falls due, as in `due within 30 days after the end of each quarter`",
    ),
    phrase(
        "when",
        Place::PowerLine,
        "exercisable only while a condition holds",
    ),
    phrase(
        "unless",
        Place::PowerLine,
        "exercisable only while a condition does not hold",
    ),
    phrase("source", Place::PowerLine, "the text the power formalises"),
    phrase(
        "notice",
        Place::PowerLine,
        "how long after the exercise it takes effect",
    ),
    phrase(
        "from",
        Place::PowerLine,
        "when the power can first be exercised",
    ),
    phrase(
        "until",
        Place::PowerLine,
        "the first day it can no longer be exercised",
    ),
    phrase(
        "through",
        Place::PowerLine,
        "the last day it can be exercised",
    ),
    phrase(
        "indefinitely",
        Place::PowerLine,
        "the text gives no exercise deadline",
    ),
    phrase("source", Place::TermLine, "the text the term formalises"),
    phrase(
        "renews for",
        Place::TermLine,
        "automatic renewal, period after period",
    ),
    phrase("from", Place::TermLine, "when the term starts"),
    phrase("until", Place::TermLine, "the first day after the term"),
    phrase("through", Place::TermLine, "the term's last day"),
    phrase(
        "indefinitely",
        Place::TermLine,
        "the term has no end of its own",
    ),
    phrase("source", Place::InterestLine, "the text the interest formalises"),
    phrase(
        "at",
        Place::InterestLine,
        "the yearly rate, as in `at 6 % per year`",
    ),
    phrase(
        "from the",
        Place::InterestLine,
        "the first day interest runs, as in `from the 10th day after the due date`",
    ),
    phrase(
        "compounded on",
        Place::InterestLine,
        "the days interest is added to the principal, as in `compounded on 12-31`",
    ),
    phrase(
        "day count",
        Place::InterestLine,
        "`actual/365` (the default), `actual/360`, `30/360` (bond basis) or `30E/360` (Eurobond basis)",
    ),
    phrase(
        "rounded to",
        Place::InterestLine,
        "the rounding the contract states, as in `rounded to 0.01`",
    ),
    phrase(
        "on",
        Place::InterestLine,
        "only the clauses named, as in `on royalties`",
    ),
    phrase("may terminate", Place::Grant, "the exercise ends the term"),
    phrase("may exercise", Place::Grant, "an option or a refusal right"),
    phrase("terminate", Place::PowerKind, "the exercise ends the term"),
    phrase("exercise", Place::PowerKind, "an option or a refusal right"),
    phrase(
        "within",
        Place::EventConstraint,
        "on the day of a point or the N days after",
    ),
    phrase("not before", Place::EventConstraint, "on or after a point"),
    phrase("after", Place::EventConstraint, "strictly after a point"),
    phrase("before", Place::EventConstraint, "strictly before a point"),
    phrase("end of term", Place::Point, "the day the term ends"),
    phrase(
        "breach of",
        Place::Point,
        "the day after a clause's deadline, unless performed by then",
    ),
    phrase("first", Place::Point, "the earliest of points"),
    phrase("last", Place::Point, "the latest of points"),
    phrase(
        "greater of",
        Place::Amount,
        "the largest of amounts, as in `greater of (a, b)`",
    ),
    phrase(
        "lesser of",
        Place::Amount,
        "the smallest of amounts, as in `lesser of (a, b)`",
    ),
    phrase(
        "if",
        Place::Amount,
        "the amount of the case whose condition holds, as in `if amount offered < held then 5 % else held`; without `else`, none where it does not",
    ),
    phrase(
        "tiered by",
        Place::Amount,
        "the rate of the bracket a rank falls in, as in `tiered by rank { 1..10: 7.5 %, 11..: 15 % }`",
    ),
    phrase(
        "schedule by",
        Place::Amount,
        "an amount for each period, as in `schedule by fiscal_year { FY1999: USD 1,000,000, FY2000: USD 2,000,000 }`",
    ),
    phrase(
        "sum of",
        Place::Amount,
        "the instalments of a recurring clause added up, as in `sum of royalties for year 2017` or `sum of royalties paid in the previous contract_year`",
    ),
    phrase(
        "increasing by",
        Place::AfterAmount,
        "an escalation, one step a period, as in `USD 10,000 increasing by 3 % each contract_year from 6`",
    ),
    phrase(
        "at",
        Place::AfterAmount,
        "a tier table applied to a rank, as in `distributor_share at 12`",
    ),
    phrase(
        "prevails",
        Place::AfterPattern,
        "the pattern holds after precedence",
    ),
    phrase(
        "rounded to",
        Place::AfterAmount,
        "rounds half away from zero to a multiple, as in `rounded to 0.01`",
    ),
    phrase(
        "split into",
        Place::AfterAmount,
        "the parts the amount is divided into, which must add up to it",
    ),
];

/// The phrases written at `place`.
pub fn phrases(place: Place) -> impl Iterator<Item = &'static Phrase> {
    PHRASES.iter().filter(move |p| p.place == place)
}

// ---------------------------------------------------------------- derived lists

const RESERVED_CLASSES: &[Class] = &[Item, Keyword];
const CONTEXT_CLASSES: &[Class] = &[Context, SoftItem, TimeUnit, Scale];

const RESERVED_ARRAY: [&str; count(RESERVED_CLASSES)] = pick(RESERVED_CLASSES);
const ITEM_ARRAY: [&str; count(&[Item])] = pick(&[Item]);
const SOFT_ITEM_ARRAY: [&str; count(&[SoftItem])] = pick(&[SoftItem]);
const CONTEXT_ARRAY: [&str; count(CONTEXT_CLASSES)] = pick(CONTEXT_CLASSES);
const TIME_UNIT_ARRAY: [&str; count(&[TimeUnit])] = pick(&[TimeUnit]);
const SCALE_ARRAY: [&str; count(&[Scale])] = pick(&[Scale]);

const LONGEST_KEYWORD: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < RESERVED_ARRAY.len() {
        if RESERVED_ARRAY[i].len() > longest {
            longest = RESERVED_ARRAY[i].len();
        }
        i += 1;
    }
    longest
};

const fn in_classes(classes: &[Class], class: Class) -> bool {
    let mut i = 0;
    while i < classes.len() {
        if classes[i] as u8 == class as u8 {
            return true;
        }
        i += 1;
    }
    false
}

const fn count(classes: &[Class]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < WORDS.len() {
        if in_classes(classes, WORDS[i].class) {
            n += 1;
        }
        i += 1;
    }
    n
}

const fn pick<const N: usize>(classes: &[Class]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut n = 0;
    let mut i = 0;
    while i < WORDS.len() {
        if in_classes(classes, WORDS[i].class) {
            out[n] = WORDS[i].text;
            n += 1;
        }
        i += 1;
    }
    out
}

const fn before(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

// The lookups search by halves: a word out of order is a compile error.
const _: () = {
    let mut i = 1;
    while i < WORDS.len() {
        assert!(
            before(WORDS[i - 1].text, WORDS[i].text),
            "lexicon: WORDS must be in byte order, without repeats"
        );
        i += 1;
    }
};

// ---------------------------------------------------------------- rule names

/// A grammar rule in the words a legal engineer reads in a message
/// ("expected `until`", never `Rule::until`).
pub(crate) fn rule_name(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the item",
        Rule::item_file | Rule::items_file => "an item",
        Rule::contract_header => "`contract`",
        Rule::party_decl => "`party`",
        Rule::action_decl => "`action`",
        Rule::qualifier_decl => "`qualifier`",
        Rule::event_decl => "`event`",
        Rule::subject_decl => "`subject`",
        Rule::quantity_decl => "`quantity`",
        Rule::clause => "`clause`",
        Rule::power => "`power`",
        Rule::grant => "a party and what it may do, as in `<party> may terminate`",
        Rule::power_kind | Rule::terminate_kw | Rule::exercise_kw => "`terminate` or `exercise`",
        Rule::notice => "`notice`",
        Rule::fact => "`fact`",
        Rule::assertion => "`assert`",
        Rule::coverage => "`cover`",
        Rule::section_decl | Rule::clause_section => "`section`",
        Rule::party_members => "`=`",
        Rule::refers_to => "`refers to`",
        Rule::section_ref => "a section id in quotes, as in `\"9.13\"`",
        Rule::term_item => "`term`",
        Rule::term_kw => "`term`",
        Rule::weekend_decl => "`weekend`",
        Rule::holiday_decl => "`holiday`",
        Rule::survives | Rule::survives_kw => "`survives`",
        Rule::renews | Rule::renews_kw => "`renews`",
        Rule::discharged | Rule::discharged_kw => "`discharged by <event>`",
        Rule::breach_of | Rule::breach_kw => "`breach of <clause>`",
        Rule::of_kw => "`of`",
        Rule::renew_times | Rule::times_kw => "`, <count> times`",
        Rule::renew_unless => "`unless <event> at least <duration> before`",
        Rule::condition => "`when`, `unless`",
        Rule::when_kw => "`when`",
        Rule::unless_kw => "`unless`",
        Rule::allow | Rule::allow_kw => "`allow`",
        Rule::diag_code => "a diagnostic code, such as the one a warning names",
        Rule::for_kw => "`for`",
        Rule::duration => "a duration, as in `3 years`",
        Rule::cover_target => "a party, an action and subjects, as in `<party> <action> <subject>`",
        Rule::ident => "a name",
        Rule::path => "a subject name",
        Rule::string => "a quoted string",
        Rule::date => "a date (YYYY-MM-DD)",
        Rule::year => "a year",
        Rule::number => "a number",
        Rule::currency => "a currency code such as `USD`",
        Rule::effective => "`effective`",
        Rule::amends => "`amends`",
        Rule::event_by => "`by`",
        Rule::not_before => "`not before`",
        Rule::after_event => "`after`",
        Rule::before_point => "`before`",
        Rule::within => "`within`",
        Rule::subject_node => "a subject",
        Rule::subject_kids => "`{`",
        Rule::quantity_type => "a quantity type (`percent`, `money` or `number`)",
        Rule::stake_of => "`stake of`",
        Rule::source => "`source`",
        Rule::norm => "a norm, as in `<party> may <action> <subject>`",
        Rule::exclusive => "`only`",
        Rule::modality => "`may`, `must` or `must not`",
        Rule::to_parties | Rule::to_w => "`to`",
        Rule::on_qualifiers | Rule::on_w => "`on`",
        Rule::or_w => "`or`",
        Rule::and_w => "`and`",
        Rule::not_w => "`not`",
        Rule::except_w => "`except`",
        Rule::subject_set | Rule::subject_union => "a subject",
        Rule::from => "`from`",
        Rule::until => "`until`",
        Rule::through => "`through`",
        Rule::indefinitely => "`indefinitely`",
        Rule::whichever => "`, whichever first` or `, whichever later`",
        Rule::point => "a date, an event or an offset",
        Rule::time_unit => "a time unit (days, weeks, months, years, business days)",
        Rule::direction => "`after` or `before`",
        Rule::overrides => "`overrides`",
        Rule::exception_to => "`exception to`",
        Rule::replaces => "`replaces`",
        Rule::fact_value => "a value, as in `<quantity> = <value>`",
        Rule::value => "a value (a percentage, an amount of money, a number or `tbd`)",
        Rule::scale => "`thousand`, `million`, `billion` or `trillion`",
        Rule::always | Rule::never | Rule::exactly | Rule::no_conflicts => {
            "`always`, `never`, `no conflicts` or a condition"
        }
        Rule::cond | Rule::conj | Rule::neg => "a condition",
        Rule::prevails_kw => "`prevails`",
        Rule::cmp => "a comparison (`<`, `<=`, `=`, `!=`, `>=`, `>`)",
        Rule::amount_decl | Rule::amount_kw | Rule::clause_amount => "`amount`",
        Rule::decimal => "a number",
        Rule::split_into | Rule::split_kw | Rule::into_kw => "`split into`",
        Rule::rounding | Rule::rounded_kw => "`rounded to`",
        Rule::amount_expr
        | Rule::amount_sum
        | Rule::amount_product
        | Rule::amount_of
        | Rule::amount_paren => {
            "an amount, as in `USD 2,000`, `18 %`, `15 % of <amount>` or a name"
        }
        Rule::add_op | Rule::mul_op => "an operator (`+`, `-`, `*`, `/`)",
        Rule::extremum | Rule::greater_kw | Rule::lesser_kw => "`greater of` or `lesser of`",
        Rule::tiered | Rule::tiered_kw => "`tiered`",
        Rule::by_kw => "`by`",
        Rule::tier => "a tier, as in `11..: 15 %`",
        Rule::tier_range | Rule::tier_bound => "a range of ranks, as in `1..10` or `11..`",
        Rule::tier_at | Rule::at_kw => "`at`",
        Rule::schedule_tbl | Rule::schedule_kw => "`schedule by`",
        Rule::schedule_row => "a row: a period's label, a colon and an amount, as in `3: USD 2,000`",
        Rule::period_label => "a period's label, as in `2000` or `3` (a quarter's is its year, -Q and its number; a fiscal year's FY and its year)",
        Rule::escalation | Rule::increasing_kw => "`increasing by`",
        Rule::from_esc => "`from`",
        Rule::amount_cmp => "a comparison of amounts, as in `amount <amount> <= USD 2,500`",
        Rule::amount_if | Rule::if_kw => "`if`",
        Rule::then_kw => "`then`",
        Rule::else_kw => "`else`",
        Rule::percent => "a percentage, as in `18 %`",
        Rule::money => "an amount of money, as in `USD 2,000`",
        Rule::input_decl => "`input`",
        Rule::input_type | Rule::input_money => {
            "an input type (`money USD`, `percent` or `number`)"
        }
        Rule::event_defined => "`on <date> when <comparison>`",
        Rule::event_run => {
            "`at the end of the first <number> consecutive <periods> after <event> when <comparison>`"
        }
        Rule::consecutive_kw => "`consecutive`",
        Rule::threshold => "a comparison of amounts, as in `net_sales >= USD 20 million`",
        Rule::period_decl => "`period`",
        Rule::period_starts | Rule::starts_kw => "`starts`",
        Rule::month_day => "a month and day (MM-DD), as in `04-01`",
        Rule::every | Rule::every_kw => "`every <period>`",
        Rule::due | Rule::due_kw => "`due`",
        Rule::due_first_day | Rule::due_after_end | Rule::due_after_start | Rule::due_by_end => {
            "`on the first day of each <period>`, `within <duration> after the end of each <period>` (or the start), or `by the end of each <period>`"
        }
        Rule::start_kw => "`start`",
        Rule::the_kw => "`the`",
        Rule::day_kw => "`day`",
        Rule::end_kw => "`end`",
        Rule::each_kw => "`each`",
        Rule::interest_decl => "`interest`",
        Rule::interest_rate => "a yearly rate, as in `at 6 % per year`",
        Rule::interest_from => "`from the <ordinal> day after the due date`",
        Rule::ordinal => "an ordinal number, such as 1st, 2nd, 3rd or 10th",
        Rule::date_kw => "`date`",
        Rule::compounded | Rule::compounded_kw => {
            "`compounded on`, as in `compounded on 12-31` or `compounded on the last day of each year`"
        }
        Rule::compound_each => "`the last day of each <period>`",
        Rule::day_count | Rule::count_kw => "`day count`",
        Rule::day_basis => "a day count, `actual/365`, `actual/360`, `30/360` or `30E/360`",
        Rule::interest_on => "`on <clause>`",
        Rule::instalment => "an instalment, as in `<clause>[<period>]`",
        Rule::input_per | Rule::per_kw => "`per <period>`",
        Rule::sum_of | Rule::sum_kw => "`sum of <clause> for <period>`",
        Rule::sum_paid | Rule::paid_kw => "`paid in <period>`",
        Rule::sum_for => "`for`",
        Rule::in_kw => "`in`",
        Rule::period_ref | Rule::period_name => {
            "a period, as in `year 2017`, `the year` or `the previous contract_year`"
        }
        Rule::period_step | Rule::previous_kw | Rule::next_kw => "`previous` or `next`",
        Rule::calendar_kw => "`calendar year`",
        Rule::year_kw => "`year`",
        _ => "more input",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_of_a_phrase_is_a_word_of_the_language() {
        for p in PHRASES {
            for word in p.text.split(' ') {
                assert!(class(word).is_some(), "`{word}` of `{}`", p.text);
            }
        }
    }
}
