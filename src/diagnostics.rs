//! The one diagnostic type. Every finding, from a stray byte to a violated
//! invariant, is a [`Diagnostic`]; the terminal renderer, the JSON output, the
//! language server and the tests all read this type and nothing else.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::source::{FileId, Sources};

/// How bad a finding is. Only errors make `pactum check` exit with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A mistake: the contract is malformed, contradicts itself or fails an assertion.
    Error,
    /// Probably a mistake, such as a norm that never ends or a clause never in force.
    Warning,
    /// Worth knowing, not necessarily wrong.
    Info,
}

/// A byte range in one file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// The byte range in the file's text.
    pub range: Range<usize>,
}

impl Span {
    /// A span of `range` in `file`.
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span { file, range }
    }
}

/// A place the diagnostic points at. The first label of a diagnostic is its
/// primary location; the others are related locations ("declared here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where it points.
    pub span: Span,
    /// What it says there.
    pub message: String,
}

/// One finding. Each is built by the constructor of its code (in
/// `model::errors`, `syntax::errors` or `analysis::findings`), which words its
/// message, labels and help, so that the same finding always reads the same.
///
/// Every diagnostic has a primary label (its first), except a file-level one
/// (see [`Diagnostic::file_level`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code, such as `pactum::name::unknown`.
    pub code: Code,
    /// How bad it is; the code's default unless changed.
    pub severity: Severity,
    /// The one-line message: lowercase, no final period, user input in backticks.
    pub message: String,
    /// The places it points at, the primary one first.
    pub labels: Vec<Label>,
    /// Extra sentences on what to do, if any.
    pub help: Option<String>,
    /// About a whole file that has no text to point into (it could not be
    /// read), so it has no label. Front ends show it with the file's path.
    pub file_level: bool,
    /// Changes to the text that resolve the finding, if the constructor knows
    /// any: the help words them for the terminal, the language server offers
    /// them as quick fixes. Both read the same value.
    pub fixes: Vec<Fix>,
}

/// One way to resolve a finding by editing the text: what a quick fix applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in words for a menu: "replace with `ms`".
    pub title: String,
    /// The change.
    pub change: Change,
}

/// A change to the text, said by what it does rather than as raw bytes, so
/// that [`Change::edit`] lays it out where the surrounding text says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Replace the text of `span` with `with` (a name, for "did you mean").
    Replace {
        /// What to replace.
        span: Span,
        /// The new text.
        with: String,
    },
    /// Add `line` to the block whose whole span is `block` (a clause), just
    /// before its closing brace, on a line of its own when the brace is.
    AddLine {
        /// The whole block, its closing brace last.
        block: Span,
        /// The line to add, without indentation.
        line: String,
    },
    /// Insert `line` as a new line right after the item whose span is `after`
    /// (at the start of the file when `after` is empty at offset 0).
    LineAfter {
        /// The item the new line follows.
        after: Span,
        /// The line to insert.
        line: String,
    },
}

impl Fix {
    /// A fix replacing the text of `span` with `with`, titled "replace with `with`".
    pub fn replace(span: Span, with: impl Into<String>) -> Self {
        let with = with.into();
        Fix {
            title: format!("replace with `{with}`"),
            change: Change::Replace { span, with },
        }
    }
}

impl Change {
    /// The file the change edits.
    pub fn file(&self) -> FileId {
        match self {
            Change::Replace { span, .. }
            | Change::AddLine { block: span, .. }
            | Change::LineAfter { after: span, .. } => span.file,
        }
    }

    /// The change as one replacement of a byte range of `text` (the text of
    /// [`Change::file`]): the range and the new text. Spans past the end of
    /// the text are clamped, so a stale fix cannot make a front end panic.
    pub fn edit(&self, text: &str) -> (Range<usize>, String) {
        let clamp = |at: usize| crate::source::floor_char_boundary(text, at.min(text.len()));
        // A new line ends as the file's lines do.
        let nl = match text.find('\n') {
            Some(i) if text[..i].ends_with('\r') => "\r\n",
            _ => "\n",
        };
        match self {
            Change::Replace { span, with } => {
                (clamp(span.range.start)..clamp(span.range.end), with.clone())
            }
            Change::LineAfter { after, line } => {
                let at = clamp(after.range.end);
                if after.range.is_empty() && at == 0 {
                    (0..0, format!("{line}{nl}"))
                } else {
                    (at..at, format!("{nl}{line}"))
                }
            }
            Change::AddLine { block, line } => {
                let end = clamp(block.range.end);
                let start = clamp(block.range.start).min(end);
                let body = &text[start..end];
                let Some(close) = body.rfind('}').map(|i| start + i) else {
                    return (end..end, format!(" {line}"));
                };
                let line_start = text[..close].rfind('\n').map_or(0, |i| i + 1);
                let before = &text[line_start..close];
                if before.trim().is_empty() && line_start > start {
                    // The brace stands on its own line: a new line above it,
                    // indented as the block's last line of content is.
                    let prev_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
                    let prev = &text[prev_start.max(start)..line_start - 1].trim_end_matches('\r');
                    let indent: String = if prev_start > start {
                        prev.chars()
                            .take_while(|c| *c == ' ' || *c == '\t')
                            .collect()
                    } else {
                        format!("{before}  ")
                    };
                    (line_start..line_start, format!("{indent}{line}{nl}"))
                } else {
                    // `clause a { … }` on one line: the line goes before the brace.
                    let pad = if text[..close].ends_with([' ', '\t']) {
                        ""
                    } else {
                        " "
                    };
                    (close..close, format!("{pad}{line} "))
                }
            }
        }
    }
}

impl Diagnostic {
    /// A diagnostic with the default severity of its code. Its constructor
    /// adds the primary label next.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            file_level: false,
            fixes: Vec::new(),
        }
    }

    /// A diagnostic about a whole file, which has no place in the text to
    /// point at (the file could not be read): the one kind of diagnostic
    /// without a primary label.
    pub fn file_level(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            file_level: true,
            ..Diagnostic::new(code, message)
        }
    }

    /// Whether the diagnostic has a primary label or is documented as
    /// file-level: every diagnostic should be one or the other.
    pub fn is_located(&self) -> bool {
        self.primary().is_some() || self.file_level
    }

    /// Adds a label; the first added is the primary one.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the help.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a way to resolve the finding by editing the text.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// Adds several ways to resolve the finding.
    pub fn with_fixes(mut self, fixes: impl IntoIterator<Item = Fix>) -> Self {
        self.fixes.extend(fixes);
        self
    }

    /// The primary label, if the diagnostic has one.
    pub fn primary(&self) -> Option<&Label> {
        self.labels.first()
    }

    /// Whether the diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics into the order every front end shows them: by file, then
/// position, then code, so that output is deterministic.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.primary()
                .map(|l| (l.span.file, l.span.range.start, l.span.range.end))
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.code.as_str().cmp(b.code.as_str()))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Which stage of `pactum check` produces a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Reading, parsing and resolving a contract: mistakes in the text, each
    /// with a file in `tests/ui/`.
    Static,
    /// The analyses of a resolved contract: conflicts, gaps, dead clauses,
    /// assertions.
    Analysis,
    /// The formatter's check of its own output, which no input to
    /// `pactum check` produces.
    Format,
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, $severity:ident, $phase:ident; )*) => {
        /// The catalogue of stable diagnostic codes. docs/diagnostics.md documents
        /// each with an input that triggers it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( $(#[doc = $doc])* $variant, )* }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code as printed, such as `pactum::name::unknown`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The severity diagnostics of this code have unless changed.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// The catalogue's one sentence about the code (its doc comment).
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => concat!($($doc),*).trim_ascii(), )* }
            }

            /// The stage of the check that produces this code.
            pub fn phase(self) -> Phase {
                match self { $( Code::$variant => Phase::$phase, )* }
            }
        }
    };
}

codes! {
    /// The file could not be read, or is not UTF-8.
    Io = "pactum::io", Error, Static;
    /// The text does not follow the grammar.
    Syntax = "pactum::syntax", Error, Static;
    /// Brackets, braces, parentheses, `not` or offsets nest deeper than the parser allows.
    TooDeep = "pactum::syntax::too_deep", Error, Static;
    /// A name is used that is not declared.
    UnknownName = "pactum::name::unknown", Error, Static;
    /// The same name is declared twice.
    Duplicate = "pactum::name::duplicate", Error, Static;
    /// A name of one kind is used where another kind is expected.
    TypeMismatch = "pactum::type::mismatch", Error, Static;
    /// A date that does not exist in the calendar.
    InvalidDate = "pactum::date::invalid", Error, Static;
    /// A percentage below 0 or above 100.
    PercentRange = "pactum::value::percent_range", Error, Static;
    /// A number too large to represent.
    NumberRange = "pactum::value::number_range", Error, Static;
    /// A precedence (`overrides`, `exception to`, `replaces`) names a clause that does not exist.
    MissingClause = "pactum::precedence::missing_clause", Error, Static;
    /// The amended contract file cannot be found or read.
    AmendsNotFound = "pactum::amends::not_found", Error, Static;
    /// Contract files amend each other in a loop.
    AmendsCycle = "pactum::amends::cycle", Error, Static;
    /// Event ordering constraints form a cycle, so no scenario satisfies them.
    EventCycle = "pactum::event::cycle", Error, Static;
    /// A clause or fact block is incomplete or says something twice.
    Malformed = "pactum::item::malformed", Error, Static;
    /// A file has more than one contract header, effective date or `amends`.
    Header = "pactum::contract::header", Error, Static;
    /// A contract (with the contracts it amends) declares a second `term`.
    TermDuplicate = "pactum::term::duplicate", Error, Static;
    /// `end of term` or `survives` in a contract that declares no `term`.
    TermUndeclared = "pactum::term::undeclared", Error, Static;
    /// `breach of` a clause that has no deadline or no `discharged by` event, or is not a clause.
    BreachUndefined = "pactum::breach::undefined", Error, Static;
    /// A term that `renews` has no end for the renewal to start from.
    RenewalWithoutEnd = "pactum::term::renewal_without_end", Error, Static;
    /// A term renews for ever: no notice stops it, no limit ends it, no power terminates it.
    RenewalUnstoppable = "pactum::term::renewal_unstoppable", Warning, Static;
    /// The notice that stops a renewal is due on or before the first day of its period.
    NoticeNeverInTime = "pactum::term::notice_never_in_time", Warning, Static;
    /// A clause that survives the term has no end of its own.
    SurvivesWithoutEnd = "pactum::term::survives_without_end", Warning, Static;
    /// A term, fact or cover whose window, written in dates, starts after it ends.
    WindowEmpty = "pactum::window::empty", Warning, Static;
    /// A clause, fact or the term starts on a date before its contract file takes effect.
    BeforeEffective = "pactum::clause::before_effective", Warning, Static;
    /// A `weekend` names a word that is not a day of the week.
    CalendarUnknownDay = "pactum::calendar::unknown_day", Error, Static;
    /// A contract (with the contracts it amends) declares a second `weekend`.
    CalendarWeekendDuplicate = "pactum::calendar::weekend_duplicate", Error, Static;
    /// A `weekend` of all seven days leaves no business day.
    CalendarNoBusinessDay = "pactum::calendar::no_business_day", Error, Static;
    /// The same day is declared a holiday twice.
    CalendarHolidayDuplicate = "pactum::calendar::holiday_duplicate", Warning, Static;
    /// A holiday falls on a weekend day, so it changes no count of business days.
    CalendarHolidayOnWeekend = "pactum::calendar::holiday_on_weekend", Warning, Static;
    /// A weekend or holidays are declared but no duration counts business days.
    CalendarUnused = "pactum::calendar::unused", Warning, Static;
    /// A `when` or `unless` line whose days need not form one period, or that asks about norms or values.
    ConditionUnsupported = "pactum::condition::unsupported", Error, Static;
    /// Clauses whose `when` or `unless` lines name each other in a loop.
    ConditionCycle = "pactum::condition::cycle", Error, Static;
    /// A permission and a prohibition of the same act overlap in time and scope.
    ConflictPermissionProhibition = "pactum::conflict::permission_prohibition", Error, Analysis;
    /// An obligation and a prohibition of the same act overlap in time and scope.
    ConflictObligationProhibition = "pactum::conflict::obligation_prohibition", Error, Analysis;
    /// One party's exclusive right overlaps another party's permission.
    ConflictExclusive = "pactum::conflict::exclusive", Error, Analysis;
    /// Two values of the same quantity hold at once.
    ConflictFact = "pactum::conflict::fact", Error, Analysis;
    /// Clauses override each other in a loop.
    PrecedenceCycle = "pactum::precedence::cycle", Error, Analysis;
    /// An override or exception whose target never overlaps it.
    PrecedenceNoOverlap = "pactum::precedence::no_overlap", Warning, Analysis;
    /// A subject that must stay covered is governed by no norm somewhere.
    Gap = "pactum::gap::uncovered", Warning, Analysis;
    /// A norm with no end, or whose only end is an event that may never happen.
    OpenEnded = "pactum::norm::open_ended", Warning, Analysis;
    /// A quantity the text names but does not quantify.
    Tbd = "pactum::value::tbd", Info, Analysis;
    /// A clause whose window is empty in every scenario.
    DeadClause = "pactum::clause::dead", Warning, Analysis;
    /// A clause fully shadowed by clauses that take precedence over it.
    ShadowedClause = "pactum::clause::shadowed", Warning, Analysis;
    /// An event whose windows leave it no day in any scenario: a deadline before its trigger.
    EventImpossible = "pactum::event::impossible", Warning, Analysis;
    /// An obligation whose deadline can pass before the event that creates it.
    DueBeforeTrigger = "pactum::deadline::before_trigger", Warning, Analysis;
    /// A power that can be exercised in no scenario.
    PowerNever = "pactum::power::never", Warning, Analysis;
    /// An option or refusal right that stays exercisable with no end.
    PowerNoDeadline = "pactum::power::no_deadline", Warning, Analysis;
    /// An assertion that fails on some date in some scenario.
    AssertionViolated = "pactum::assert::violated", Error, Analysis;
    /// Party groups contain each other in a loop.
    PartyGroupCycle = "pactum::party::group_cycle", Error, Static;
    /// A clause's section, or a section it cites, is not declared.
    SectionUnknown = "pactum::section::unknown", Warning, Static;
    /// A clause cites its own section, or a section that contains it.
    SectionSelfReference = "pactum::section::self_reference", Warning, Static;
    /// A reference gives a section a heading other than its declared one.
    SectionHeadingMismatch = "pactum::section::heading_mismatch", Warning, Static;
    /// `pactum fmt` produced text that does not mean the same; the file is left unchanged.
    FmtInternal = "pactum::fmt::internal", Error, Format;
    /// An assertion needs more representative scenarios than the verifier enumerates.
    AssertionUndecided = "pactum::assert::undecided", Warning, Analysis;
    /// A clause's `allow` line that allows nothing: an unknown code, an error's code, or a code the clause does not produce.
    AllowUnused = "pactum::allow::unused", Warning, Analysis;
    /// An amount expression combines amounts whose kinds do not go together (money with a percentage, a percentage of something that is not a percentage).
    AmountType = "pactum::amount::type", Error, Static;
    /// An amount expression adds, compares or picks between amounts of money in different currencies.
    AmountCurrency = "pactum::amount::currency", Error, Static;
    /// An amount expression divides by zero.
    AmountDivisionByZero = "pactum::amount::division_by_zero", Error, Static;
    /// An amount is too large, or needs more decimal places, than the 28 digits Pactum computes exactly with.
    AmountOverflow = "pactum::amount::overflow", Error, Static;
    /// A division whose quotient has no exact decimal value, and no rounding is stated.
    AmountInexact = "pactum::amount::inexact", Error, Static;
    /// Named amounts defined in terms of each other.
    AmountCycle = "pactum::amount::cycle", Error, Static;
    /// The parts an amount is `split into` do not add up to it.
    AmountPartsMismatch = "pactum::amount::parts_mismatch", Warning, Analysis;
    /// No bracket of a tier table holds the rank it is applied to.
    AmountNoTier = "pactum::amount::no_tier", Error, Static;
    /// A conditional amount's condition reads something other than amounts (a norm, a clause in force, an event, a quantity).
    AmountCondition = "pactum::amount::condition", Error, Static;
    /// A conditional amount without `else` whose condition does not hold: it has no value.
    AmountNoCase = "pactum::amount::no_case", Error, Static;
    /// An amount that has no value for some values of the inputs it reads (a conditional without `else` whose condition can fail), or for none.
    AmountUndefinedCase = "pactum::amount::undefined_case", Warning, Analysis;
    /// An instalment of a recurring clause falls in a period that its amount's schedule has no row for.
    AmountScheduleGap = "pactum::amount::schedule_gap", Error, Static;
    /// A schedule lists the same period twice.
    AmountScheduleDuplicate = "pactum::amount::schedule_duplicate", Error, Static;
    /// A schedule or escalation names a period that is not declared, or a row label that names no period of it.
    AmountSchedulePeriod = "pactum::amount::schedule_period", Error, Static;
    /// Two brackets of a tier table hold the same rank, or a bracket holds none.
    AmountTierOverlap = "pactum::amount::tier_overlap", Error, Analysis;
    /// Two recurring clauses oblige the same party to the same payment with no precedence between them, and either give it different amounts for the same period, in force at once, or count it by two kinds of period that overlap (a contract year and a calendar year).
    AmountConflict = "pactum::amount::conflict", Warning, Analysis;
    /// An obligation with an amount and no day by which it must be performed: no deadline, no discharge, no end of its own, so it is owed until the term ends and is never late.
    AmountNoDueDate = "pactum::amount::no_due_date", Warning, Analysis;
    /// Ranks between two brackets of a tier table that no bracket holds.
    AmountTierGap = "pactum::amount::tier_gap", Warning, Analysis;
    /// An event the inputs decide (`on P when …`) on a point that is not one fixed day.
    InputDayNotFixed = "pactum::input::day_not_fixed", Error, Static;
    /// A run of periods (`at the end of the first 4 consecutive quarters after E when …`) whose comparison does not compare the period's value of an input per period with a constant.
    EventRunCondition = "pactum::event::run_condition", Error, Static;
    /// A run of periods whose count is not a whole number from 1 to 1,000, or whose periods are not those of the input it compares (or are years counted from an event).
    EventRunPeriod = "pactum::event::run_period", Error, Static;
    /// One period's value of an input (`net_sales[2017-Q2]`) that names no period of the input's kind, or an input that has no value per period, or one assumed for a period with `--assume` that names no such period.
    InputPeriodLabel = "pactum::input::period_label", Error, Static;
    /// An input with one value per period, or a sum over a schedule relative to an instalment, written where no period applies (an event's comparison, an assertion): it has no single value there.
    InputNoPeriod = "pactum::input::no_period", Error, Static;
    /// A sum over a schedule (`sum of royalties for year 2017`) of a clause that is not recurring, states no amount, or (`paid in`) has no event that pays each instalment.
    AmountSum = "pactum::amount::sum", Error, Static;
    /// A recurring clause whose instalments never stop (no end, and the term may never end): checked and listed up to a horizon only.
    RecurringNoEnd = "pactum::recurring::no_end", Warning, Static;
    /// Years counted from an event (`period contract_year from closing`) used where a period needs days known without a scenario: a sum over the period's instalments (`sum of royalties for contract_year`), interest compounded on its last day, or an instalment amount by another kind of period.
    PeriodFromEvent = "pactum::period::from_event", Error, Static;
    /// The rate of an `interest` declaration is not a percentage a year.
    InterestRate = "pactum::interest::rate", Error, Static;
    /// A compounding day of an `interest` declaration that no year has (`02-30`, `13-01`).
    InterestDay = "pactum::interest::day", Error, Static;
    /// An `interest` declaration names a clause that has no due date, so no payment of it is ever late.
    InterestNoDueDate = "pactum::interest::no_due_date", Error, Static;
    /// An `interest` declaration names a clause with a due date but no `discharged by` event, so no payment day can be known.
    InterestNoDischarge = "pactum::interest::no_discharge", Error, Static;
    /// An `interest` declaration names a clause that states no amount: there is no principal to compute interest on.
    InterestNoAmount = "pactum::interest::no_amount", Warning, Static;
    /// Two `interest` declarations apply to the same obligation.
    InterestTwice = "pactum::interest::twice", Error, Static;
    /// An analysis question (a conflict, a gap, a dead, shadowed or open-ended clause, a precedence) needs more representative scenarios than its budget allows.
    AnalysisUndecided = "pactum::analysis::undecided", Warning, Analysis;
}

impl Code {
    /// Whether the analyses of a resolved contract produce this code, rather
    /// than parsing and resolution or the formatter's self-check, as the
    /// catalogue says.
    pub fn is_analysis(self) -> bool {
        self.phase() == Phase::Analysis
    }
}

/// docs/diagnostics.md, built into the program: the one source of the
/// explanation of each code, for the page and for the rules of `pactum check
/// --format sarif` alike.
const DIAGNOSTICS_DOC: &str = include_str!("../docs/diagnostics.md");

impl Code {
    /// The explanation docs/diagnostics.md gives of the code: the prose
    /// under its heading, before its first example. `None` for a code the
    /// page does not document (tests/diagnostics_doc.rs keeps that from
    /// happening).
    pub fn explanation(self) -> Option<&'static str> {
        let heading = format!("### `{}`", self.as_str());
        let start = DIAGNOSTICS_DOC.find(&heading)?;
        let body = &DIAGNOSTICS_DOC[start..];
        let body = &body[body.find('\n')? + 1..];
        let end = ["\n<!-- corpus", "\n```", "\n#", "\n`tests/"]
            .iter()
            .filter_map(|stop| body.find(stop))
            .min()
            .unwrap_or(body.len());
        let text = body[..end].trim();
        (!text.is_empty()).then_some(text)
    }
}

impl Code {
    /// The whole section docs/diagnostics.md gives the code: its heading, its
    /// explanation and its examples (the corpus files and, for the analyses,
    /// what `pactum check` prints for them), up to the next heading. This is
    /// what `pactum explain CODE` prints; `None` for a code the page does not
    /// document.
    pub fn documentation(self) -> Option<&'static str> {
        let heading = format!("### `{}`", self.as_str());
        let start = DIAGNOSTICS_DOC.find(&heading)?;
        let body = &DIAGNOSTICS_DOC[start..];
        let first_line = body.find('\n').map_or(body.len(), |at| at + 1);
        let end = first_line
            + ["\n### ", "\n## "]
                .iter()
                .filter_map(|stop| body[first_line..].find(stop))
                .min()
                .unwrap_or(body.len() - first_line);
        Some(body[..end].trim_end())
    }

    /// The code named `name`, written in full (`pactum::name::unknown`) or
    /// without the `pactum::` prefix (`name::unknown`).
    pub fn from_name(name: &str) -> Option<Code> {
        let name = name.trim();
        let full = name.strip_prefix("pactum::").unwrap_or(name);
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().strip_prefix("pactum::") == Some(full))
    }

    /// The codes a mistyped `name` most likely means: every code under it
    /// when it names a family (`conflict`), else at most three codes closest
    /// to it in spelling, best first, with or without the `pactum::` prefix.
    /// Empty when none is close.
    pub fn nearest(name: &str) -> Vec<Code> {
        let name = name.trim();
        let bare = name.strip_prefix("pactum::").unwrap_or(name);
        let bare_of = |c: Code| c.as_str().strip_prefix("pactum::").unwrap_or(c.as_str());
        let family: Vec<Code> = Code::ALL
            .iter()
            .copied()
            .filter(|c| !bare.is_empty() && bare_of(*c).starts_with(&format!("{bare}::")))
            .collect();
        if !family.is_empty() {
            return family;
        }
        let mut scored: Vec<(f64, Code)> = Code::ALL
            .iter()
            .map(|c| (strsim::jaro_winkler(bare_of(*c), bare), *c))
            .filter(|(score, _)| *score > 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().take(3).map(|(_, c)| c).collect()
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

// ---------------------------------------------------------------- JSON

/// One diagnostic as `--format json` prints it (docs/json.md).
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    /// The stable code.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// The one-line message.
    pub message: String,
    /// The path of the primary label's file, if there is a primary label.
    pub file: Option<String>,
    /// The 1-based line where the primary label starts.
    pub line: Option<usize>,
    /// The 1-based column (in characters) where the primary label starts.
    pub column: Option<usize>,
    /// The 1-based line where the primary label ends.
    pub end_line: Option<usize>,
    /// The 1-based column where the primary label ends.
    pub end_column: Option<usize>,
    /// The primary label's message.
    pub label: Option<String>,
    /// The help, if any.
    pub help: Option<String>,
    /// The other labels.
    pub related: Vec<JsonLocation>,
}

/// A label of a JSON diagnostic other than the primary one.
#[derive(Debug, Serialize)]
pub struct JsonLocation {
    /// The path of the file.
    pub file: String,
    /// The 1-based line where the label starts.
    pub line: usize,
    /// The 1-based column (in characters) where it starts.
    pub column: usize,
    /// The 1-based line where it ends.
    pub end_line: usize,
    /// The 1-based column where it ends.
    pub end_column: usize,
    /// The label's message.
    pub message: String,
}

impl JsonLocation {
    fn of(label: &Label, sources: &Sources) -> Self {
        let (line, column) = sources.line_col(&label.span.file, label.span.range.start);
        let (end_line, end_column) = sources.line_col(&label.span.file, label.span.range.end);
        JsonLocation {
            file: sources.path(label.span.file).to_string(),
            line,
            column,
            end_line,
            end_column,
            message: label.message.clone(),
        }
    }
}

impl JsonDiagnostic {
    /// The JSON form of a diagnostic, with positions read from `sources`.
    pub fn of(d: &Diagnostic, sources: &Sources) -> Self {
        let primary = d.primary().map(|l| JsonLocation::of(l, sources));
        JsonDiagnostic {
            code: d.code,
            severity: d.severity,
            message: d.message.clone(),
            file: primary.as_ref().map(|p| p.file.clone()),
            line: primary.as_ref().map(|p| p.line),
            column: primary.as_ref().map(|p| p.column),
            end_line: primary.as_ref().map(|p| p.end_line),
            end_column: primary.as_ref().map(|p| p.end_column),
            label: primary.map(|p| p.message),
            help: d.help.clone(),
            related: d
                .labels
                .iter()
                .skip(1)
                .map(|l| JsonLocation::of(l, sources))
                .collect(),
        }
    }
}

// ---------------------------------------------------------------- terminal

/// Renders a diagnostic for the terminal with miette. Labels in the primary
/// label's file are drawn on its snippet; labels in other files (an amended
/// contract) are rendered as related diagnostics with their own snippet.
pub fn render(d: &Diagnostic, sources: &Sources, color: bool) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme};
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        // Dates, codes and names keep their hyphens on one line.
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_links(false);
    let report = MietteView::new(d, sources);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}: {}\n", d.code, d.message);
    }
    out
}

#[derive(Debug)]
struct MietteView {
    code: Code,
    severity: Severity,
    message: String,
    help: Option<String>,
    source: Option<Snippet>,
    labels: Vec<miette::LabeledSpan>,
    related: Vec<MietteView>,
}

/// Lines longer than this are not drawn: a diagnostic on a megabyte-long line
/// gives its location in words instead of a snippet of the whole line.
const LONGEST_DRAWN_LINE: usize = 1000;

/// The lines of a file around some labels, for miette to draw: for each
/// label, its lines and two lines of context, found with the file's line
/// index; windows that touch are merged. Only these lines are copied, so
/// rendering costs the size of the snippets, not of the file, however many
/// diagnostics a large file has and however far apart their labels are (a
/// conflict between the first and the last clause of a 14 MB contract once
/// made miette scan the 14 MB between them for every label).
#[derive(Debug)]
struct Snippet {
    name: String,
    windows: Vec<Window>,
}

/// Consecutive whole lines of a file.
#[derive(Debug)]
struct Window {
    text: String,
    /// Byte offset of `text` in the file.
    start: usize,
    /// 0-based line number of the first line of `text`.
    first_line: usize,
}

/// Windows closer than this many bytes are drawn from one piece of text, as
/// if the whole stretch between their labels had been given to miette:
/// whether miette draws two nearby labels in one frame depends on the text
/// it is given, and the output stays as it was before windows. Copying a few
/// kilobytes is cheap; copying the megabytes between distant labels was not.
const NEAR: usize = 8 * 1024;

impl Snippet {
    fn of(sources: &Sources, file: FileId, ranges: &[Range<usize>]) -> Snippet {
        let mut around: Vec<(Range<usize>, usize)> = ranges
            .iter()
            .map(|r| sources.lines_around(file, r, 2))
            .collect();
        around.sort_by_key(|(bytes, _)| bytes.start);
        let mut merged: Vec<(Range<usize>, usize)> = Vec::new();
        for (bytes, first_line) in around {
            match merged.last_mut() {
                Some((last, _)) if bytes.start <= last.end + NEAR => {
                    last.end = last.end.max(bytes.end)
                }
                _ => merged.push((bytes, first_line)),
            }
        }
        let text = sources.text(file);
        Snippet {
            name: sources.path(file).to_string(),
            windows: merged
                .into_iter()
                .map(|(bytes, first_line)| Window {
                    text: text.get(bytes.clone()).unwrap_or("").to_string(),
                    start: bytes.start,
                    first_line,
                })
                .collect(),
        }
    }
}

impl miette::SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_before: usize,
        context_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        // The window that holds the span: every label's span lies in one.
        let window = self
            .windows
            .iter()
            .rev()
            .find(|w| w.start <= span.offset())
            .ok_or(miette::MietteError::OutOfBounds)?;
        let local = miette::SourceSpan::new(
            span.offset().saturating_sub(window.start).into(),
            span.len(),
        );
        let inner = window
            .text
            .read_span(&local, context_before, context_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            miette::SourceSpan::new(
                (inner.span().offset() + window.start).into(),
                inner.span().len(),
            ),
            inner.line() + window.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

impl MietteView {
    fn new(d: &Diagnostic, sources: &Sources) -> Self {
        let too_long = d
            .labels
            .iter()
            .any(|l| sources.longest_line(l.span.file, &l.span.range) > LONGEST_DRAWN_LINE);
        if too_long {
            return MietteView::in_words(d, sources);
        }
        let home = d.primary().map(|l| l.span.file);
        let mut labels = Vec::new();
        let mut related = Vec::new();
        for (i, label) in d.labels.iter().enumerate() {
            let span = miette::SourceSpan::from(label.span.range.clone());
            let text = (!label.message.is_empty()).then(|| label.message.clone());
            if Some(label.span.file) == home {
                labels.push(if i == 0 {
                    miette::LabeledSpan::new_primary_with_span(text, span)
                } else {
                    miette::LabeledSpan::new_with_span(text, span)
                });
            } else {
                related.push(MietteView {
                    code: d.code,
                    severity: Severity::Info,
                    message: format!("see {}", sources.path(label.span.file)),
                    help: None,
                    source: Some(Snippet::of(
                        sources,
                        label.span.file,
                        std::slice::from_ref(&label.span.range),
                    )),
                    labels: vec![miette::LabeledSpan::new_with_span(text, span)],
                    related: Vec::new(),
                });
            }
        }
        MietteView {
            code: d.code,
            severity: d.severity,
            message: d.message.clone(),
            help: d.help.clone(),
            source: home.map(|f| {
                let here: Vec<Range<usize>> = d
                    .labels
                    .iter()
                    .filter(|l| l.span.file == f)
                    .map(|l| l.span.range.clone())
                    .collect();
                Snippet::of(sources, f, &here)
            }),
            labels,
            related,
        }
    }

    /// The diagnostic with its locations as `path:line:column` text, for
    /// labels on lines too long to draw.
    fn in_words(d: &Diagnostic, sources: &Sources) -> Self {
        let places: Vec<String> = d
            .labels
            .iter()
            .map(|l| {
                let (line, column) = sources.line_col(&l.span.file, l.span.range.start);
                format!(
                    "{}:{line}:{column}: {}",
                    sources.path(l.span.file),
                    l.message
                )
            })
            .collect();
        MietteView {
            code: d.code,
            severity: d.severity,
            message: format!("{}\n  at {}", d.message, places.join("\n  at ")),
            help: d.help.clone(),
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        }
    }
}

impl fmt::Display for MietteView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteView {}

impl miette::Diagnostic for MietteView {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Code, Diagnostic, Phase};
    use std::path::{Path, PathBuf};

    /// The modules that hold the constructors of diagnostics, one per code.
    const CONSTRUCTOR_MODULES: &[&str] = &[
        "src/diagnostics.rs",
        "src/model/errors.rs",
        "src/syntax/errors.rs",
        "src/analysis/findings.rs",
    ];

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src/ is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// A diagnostic is worded only by the constructor of its code, so that
    /// wording cannot drift. Test code (a `tests.rs` module, or whatever
    /// follows a file's `#[cfg(test)]`) may build diagnostics to exercise the
    /// front ends.
    #[test]
    fn diagnostics_are_built_only_in_their_constructor_modules() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        rust_files(&root.join("src"), &mut files);
        let mut strays = Vec::new();
        for path in files {
            let relative = path
                .strip_prefix(root)
                .expect("under the crate")
                .to_string_lossy()
                .replace('\\', "/");
            let allowed =
                CONSTRUCTOR_MODULES.contains(&relative.as_str()) || relative.ends_with("/tests.rs");
            if allowed {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable source");
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code.lines().enumerate() {
                if line.contains(concat!("Diagnostic::", "new(")) {
                    strays.push(format!("{relative}:{}: {}", n + 1, line.trim()));
                }
            }
        }
        assert!(
            strays.is_empty(),
            "build these with a constructor of their code:\n{}",
            strays.join("\n")
        );
    }

    #[test]
    fn the_catalogue_says_which_codes_the_analyses_produce() {
        assert!(Code::Gap.is_analysis());
        assert!(!Code::UnknownName.is_analysis());
        assert_eq!(Code::FmtInternal.phase(), Phase::Format);
        // Every code's name is unique, so that the catalogue is one list.
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    /// Two labels at the two ends of a long file: the snippet copies the
    /// lines around each, not the file between them (which miette once
    /// scanned for every label: 1.2 ms a diagnostic on a 14 MB contract).
    #[test]
    fn a_snippet_copies_the_lines_around_each_label_only() {
        use crate::source::Sources;
        let text: String = (0..100_000).map(|i| format!("line {i}\n")).collect();
        let mut sources = Sources::new();
        let file = sources.add("long.pactum", text.clone());
        let first = text.find("line 10\n").unwrap();
        let last = text.find("line 99990\n").unwrap();
        let snippet = super::Snippet::of(&sources, file, &[first..first + 7, last..last + 10]);
        let copied: usize = snippet.windows.iter().map(|w| w.text.len()).sum();
        assert!(copied < 200, "{copied} bytes copied");
        let d = Diagnostic::new(Code::Duplicate, "m")
            .with_label(super::Span::new(file, first..first + 7), "here")
            .with_label(super::Span::new(file, last..last + 10), "and here");
        let out = super::render(&d, &sources, false);
        assert!(
            out.contains("11 │ line 10") && out.contains("99991 │ line 99990"),
            "{out}"
        );
        assert!(!out.contains("line 5000"), "{out}");
    }

    #[test]
    fn a_file_level_diagnostic_counts_as_located() {
        let d = Diagnostic::file_level(Code::Io, "cannot read `x.pactum`: no such file");
        assert!(d.is_located() && d.primary().is_none());
        assert!(!Diagnostic::new(Code::Io, "m").is_located());
    }
}
