//! The diagnostics of loading, resolving and formatting a contract, one
//! constructor per code (or per variant of a code). Callers pass what they
//! know (names, spans, kinds); the message, the labels and the help are
//! worded here and nowhere else, so the same mistake reads the same wherever
//! it is found.
//!
//! Help speaks of the user's own contract: examples are built from the names
//! it declares (a [`Sample`]), never from another contract's.

use std::fmt;
use std::path::Path;

use super::names::Kind;
use super::time::Day;
use super::QuantityType;
use crate::diagnostics::{Change, Code, Diagnostic, Fix, Span};

// ---------------------------------------------------------------- samples

/// Names the user's contract declares, for the examples in help texts. A
/// missing name is shown as a placeholder such as `<party>`.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Sample<'a> {
    pub party: Option<&'a str>,
    pub action: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub quantity: Option<(&'a str, &'a QuantityType)>,
}

impl Sample<'_> {
    /// A line naming a party, an action and a subject, with `modality`
    /// between the first two when it is a norm (`may`), without for a
    /// coverage target.
    fn line(&self, modality: Option<&str>) -> String {
        let party = self.party.unwrap_or("<party>");
        let action = self.action.unwrap_or("<action>");
        let subject = self.subject.unwrap_or("<subject>");
        match modality {
            Some(m) => format!("{party} {m} {action} {subject}"),
            None => format!("{party} {action} {subject}"),
        }
    }

    fn fact_value(&self) -> String {
        match self.quantity {
            Some((name, ty)) => format!("{name} = {}", example_value(ty)),
            None => "<quantity> = <value>".to_string(),
        }
    }
}

/// A value of the type, to show how one is written.
fn example_value(ty: &QuantityType) -> String {
    match ty {
        QuantityType::Percent => "10 %".to_string(),
        QuantityType::Money(c) => format!("{} 100 million", c.as_deref().unwrap_or("USD")),
        QuantityType::Number => "12".to_string(),
    }
}

// ---------------------------------------------------------------- files

/// Why a file could not be read, in a few words.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_string(),
        _ => e.to_string(),
    }
}

/// `pactum::io`: the file asked for cannot be read. There is no text to
/// point into, so the diagnostic is about the file as a whole.
pub(crate) fn cannot_read(path: &Path, e: &std::io::Error) -> Diagnostic {
    let d = Diagnostic::file_level(
        Code::Io,
        format!("cannot read `{}`: {}", path.display(), io_reason(e)),
    );
    match crate::fs::not_a_file(e) {
        Some(why) => d.with_help(why.help()),
        None => d,
    }
}

/// `pactum::io`: the file asked for is not UTF-8; `at` is the first bad
/// byte in the file's lossy text.
pub(crate) fn not_utf8(path: &Path, at: Span) -> Diagnostic {
    Diagnostic::new(Code::Io, format!("`{}` is not UTF-8 text", path.display()))
        .with_label(at, "invalid byte here")
        .with_help("save the file as UTF-8")
}

/// `pactum::amends::not_found`: the amended contract cannot be read.
pub(crate) fn amended_unreadable(
    target: &str,
    at: Span,
    resolved: &Path,
    e: &std::io::Error,
) -> Diagnostic {
    // The path names something that exists but is not a contract file (a
    // FIFO, a device, a directory, a huge file): an I/O problem, not a
    // missing file.
    if let Some(why) = crate::fs::not_a_file(e) {
        return Diagnostic::new(
            Code::Io,
            format!("cannot read the amended contract `{target}`: {why}"),
        )
        .with_label(at, format!("{} is not read", resolved.display()))
        .with_help(why.help());
    }
    Diagnostic::new(
        Code::AmendsNotFound,
        format!("cannot read the amended contract `{target}`"),
    )
    .with_label(at, format!("{}: {}", resolved.display(), io_reason(e)))
    .with_help("the path is relative to the directory of the file that amends it")
}

/// `pactum::amends::not_found`: the amended contract is not UTF-8.
pub(crate) fn amended_not_utf8(target: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::AmendsNotFound,
        format!("the amended contract `{target}` is not UTF-8 text"),
    )
    .with_label(at, "cannot be read as text")
    .with_help("save the amended file as UTF-8")
}

/// `pactum::amends::cycle`: the amended file already belongs to the chain.
pub(crate) fn amends_loop(target: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::AmendsCycle,
        format!("`{target}` is already part of this amendment chain"),
    )
    .with_label(at, "amends a file that amends this one")
    .with_help("each contract amends an older one; remove the loop")
}

/// `pactum::amends::cycle`: the chain reached its longest allowed length.
pub(crate) fn chain_too_long(at: Span, limit: usize) -> Diagnostic {
    Diagnostic::new(
        Code::AmendsCycle,
        format!("the amendment chain is longer than {limit} contracts"),
    )
    .with_label(at, "the chain is cut here")
    .with_help("a chain this long is almost always a loop; check the `amends` paths")
}

// ---------------------------------------------------------------- header

/// `pactum::contract::header`: a second `amends` in one header.
pub(crate) fn amends_twice(second: Span) -> Diagnostic {
    Diagnostic::new(Code::Header, "a contract amends one earlier contract")
        .with_label(second, "second `amends`")
        .with_help("amend the earlier file in a chain: each file amends the one before it")
}

/// `pactum::contract::header`: a second effective date in one header.
pub(crate) fn effective_twice(second: Span, first: Span) -> Diagnostic {
    Diagnostic::new(Code::Header, "the effective date is given twice")
        .with_label(second, "second effective date")
        .with_label(first, "first given here")
        .with_help("keep one `effective` date")
}

/// `pactum::contract::header`: a second contract header in one file.
pub(crate) fn header_twice(second: Span, first: Span) -> Diagnostic {
    Diagnostic::new(Code::Header, "a file has one contract header")
        .with_label(second, "second header")
        .with_label(first, "first header here")
        .with_help("merge the two headers, or move one contract to its own file")
}

// ---------------------------------------------------------------- names

/// What was declared twice, for [`declared_twice`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Declared {
    /// A name of the shared namespace (a subject path too).
    Name(Kind),
    Clause,
    Fact,
    Assertion,
    Section,
}

impl fmt::Display for Declared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Declared::Name(kind) => kind.fmt(f),
            Declared::Clause => f.write_str("clause"),
            Declared::Fact => f.write_str("fact"),
            Declared::Assertion => f.write_str("assertion"),
            Declared::Section => f.write_str("section"),
        }
    }
}

/// `pactum::name::duplicate`: the same thing declared twice in one file.
pub(crate) fn declared_twice(what: Declared, name: &str, again: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Duplicate,
        format!("{what} `{name}` is declared twice"),
    )
    .with_label(again, "declared again here")
    .with_label(first, "first declared here")
    .with_help(format!(
        "rename one of the two `{name}`, or remove the repeated declaration"
    ))
}

/// `pactum::name::duplicate`: an amending contract restates a named amount.
/// Amounts are not dated, so the new value would hold on every day, before
/// the amendment too.
pub(crate) fn amount_restated(name: &str, again: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Duplicate,
        format!("amount `{name}` is already declared by the amended contract"),
    )
    .with_label(again, "declared again here")
    .with_label(first, "first declared here")
    .with_help(format!(
        "amounts are not dated: a new value for `{name}` would also hold before this amendment takes effect; give the new amount another name and use it in the clauses this contract restates"
    ))
}

/// `pactum::name::duplicate`: a name declared as one kind and then another.
pub(crate) fn declared_as_other(
    name: &str,
    first_kind: Kind,
    again: Span,
    first: Span,
) -> Diagnostic {
    Diagnostic::new(
        Code::Duplicate,
        format!(
            "`{name}` is already declared as {}",
            first_kind.with_article()
        ),
    )
    .with_label(again, "declared again here")
    .with_label(first, "first declared here")
    .with_help(format!(
        "a name means one thing in a contract; rename one of the two `{name}`"
    ))
}

/// `pactum::input::day_not_fixed`: an event the inputs decide on a point
/// that is not one fixed day (it counts from an event, or never comes).
pub(crate) fn input_day_not_fixed(at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::InputDayNotFixed,
        "an event the inputs decide must happen on a fixed day",
    )
    .with_label(at, "not one fixed day")
    .with_help(
        "write the day the measured period ends, as a date or counted from a date (`on 18 months \
         after 2001-05-18 when sales < USD 1,000,000`); a day that counts from an event is not \
         decided yet",
    )
}

/// `pactum::event::run_condition`: the comparison of a run of periods does
/// not compare one period's value of an input per period with a constant.
pub(crate) fn event_run_condition(event: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::EventRunCondition,
        format!(
            "the run of periods of `{event}` must compare each period's value of an input per period with a fixed amount"
        ),
    )
    .with_label(at, "not a period's value against a fixed amount")
    .with_help(
        "write the bare name of an input declared `per quarter` (or per another period) on one          side and a fixed amount on the other, as in `when sales = USD 0`: each period of the run          is judged by its own value",
    )
}

/// `pactum::event::run_period`: a run of periods whose count is not a
/// whole number from 1 to [`super::run::MOST_RUN`], or whose periods are
/// not the input's.
pub(crate) fn event_run_period(message: String, label: &str, help: String, at: Span) -> Diagnostic {
    Diagnostic::new(Code::EventRunPeriod, message)
        .with_label(at, label)
        .with_help(help)
}

/// `pactum::input::period_label`: `name[label]` where the input has no
/// value per period, or the label names no period of its kind.
pub(crate) fn input_period_label(
    name: &str,
    label: &str,
    per: Option<&super::period::Period>,
    at: Span,
) -> Diagnostic {
    match per {
        None => Diagnostic::new(
            Code::InputPeriodLabel,
            format!("input `{name}` has one value, not one per period"),
        )
        .with_label(at, "no period to name")
        .with_help(format!(
            "write `{name}` alone, or declare it with one value per period, as in `input {name}: \
             money USD per quarter`"
        )),
        Some(p) => {
            let example = crate::print::example_label(p.kind);
            Diagnostic::new(
                Code::InputPeriodLabel,
                format!("`{label}` is not a label of a period `{}`", p.name),
            )
            .with_label(at, format!("not a `{}`", p.name))
            .with_help(format!(
                "`{name}` has one value per `{}`, labelled like `{name}[{example}]`",
                p.name
            ))
        }
    }
}

/// `pactum::input::no_period`: an amount with one value per period (an
/// input per period, a sum relative to an instalment) where no period
/// applies.
pub(crate) fn input_no_period(what: &str, place: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::InputNoPeriod,
        format!("{what} has no single value in {place}"),
    )
    .with_label(at, "one value per period")
    .with_help(
        "name one period, as in `net_sales[2017-Q2]` or `sum of royalties for year 2017`; the \
         bare form takes a period only in the amount of a recurring clause's instalment",
    )
}

/// `pactum::amount::sum`: a sum over a schedule of a clause that cannot
/// be summed, with why.
pub(crate) fn amount_sum(clause: &str, why: &str, help: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::AmountSum,
        format!("cannot sum the instalments of `{clause}`: {why}"),
    )
    .with_label(at, why.to_string())
    .with_help(help.to_string())
}

/// `pactum::name::unknown`: a name no declaration gives.
pub(crate) fn unknown_name(
    kind: Kind,
    name: &str,
    at: Span,
    suggestion: Option<String>,
    declaration: Option<Fix>,
) -> Diagnostic {
    let d = Diagnostic::new(Code::UnknownName, format!("unknown {kind} `{name}`"))
        .with_label(at.clone(), format!("no {kind} has this name"));
    let d = match suggestion {
        Some(s) => d
            .with_help(format!("did you mean `{s}`?"))
            .with_fix(Fix::replace(at, s)),
        None if kind == Kind::Amount => d.with_help(format!(
            "declare it first: `amount {name} = …` if the agreement fixes it, or `input {name}: \
             money USD` (or `number`, `percent`) if it depends on a figure the agreement does not \
             fix, such as net sales"
        )),
        None => d.with_help(format!("declare it first: `{kind} {name} …`")),
    };
    d.with_fixes(declaration)
}

/// The fix that declares `name` as a `kind` on a new line after the item at
/// `after`: the skeleton the help of [`unknown_name`] shows. A dotted subject
/// path is declared as a tree: `ip.models.weights` is
/// `subject ip { models { weights } }`.
pub(crate) fn declaration(kind: Kind, name: &str, after: Span) -> Fix {
    let line = match kind {
        // A quantity needs its type; `number` is the one without a unit.
        Kind::Quantity => format!("quantity {name}: number"),
        Kind::Subject => format!("subject {}", subject_tree(name)),
        _ => format!("{kind} {name}"),
    };
    let name = name.split('.').next().unwrap_or(name);
    Fix {
        title: format!("declare {kind} `{name}`"),
        change: Change::LineAfter { after, line },
    }
}

/// A dotted path written as the subject tree that declares it:
/// `models.weights` is `models { weights }`.
fn subject_tree(path: &str) -> String {
    let mut parts = path.rsplit('.');
    let mut tree = parts.next().unwrap_or(path).to_string();
    for part in parts {
        tree = format!("{part} {{ {tree} }}");
    }
    tree
}

/// The fix that adds the missing part `rest` of a subject path to its
/// longest declared prefix `parent` (written at `at`): inside its braces, or
/// in new braces after a subject that has no parts yet.
pub(crate) fn taxonomy_addition(parent: &str, rest: &str, at: Span, has_parts: bool) -> Fix {
    let tree = subject_tree(rest);
    let change = if has_parts {
        Change::AddLine {
            block: at,
            line: tree,
        }
    } else {
        let end = Span::new(at.file, at.range.end..at.range.end);
        Change::Replace {
            span: end,
            with: format!(" {{ {tree} }}"),
        }
    };
    Fix {
        title: format!("add `{rest}` to subject `{parent}`"),
        change,
    }
}

/// `pactum::name::unknown`: a dotted subject path below a known root that
/// names no node of the taxonomy.
pub(crate) fn unknown_subject_path(
    path: &str,
    root: &str,
    at: Span,
    suggestion: Option<String>,
    addition: Option<Fix>,
) -> Diagnostic {
    let d = Diagnostic::new(Code::UnknownName, format!("unknown subject `{path}`"))
        .with_label(at.clone(), "no subject has this path");
    match suggestion {
        Some(s) => d
            .with_help(format!("did you mean `{s}`?"))
            .with_fix(Fix::replace(at, s)),
        None => d.with_help(format!("add it to the taxonomy under `subject {root}`")),
    }
    .with_fixes(addition)
}

/// `pactum::type::mismatch`: a name of one kind where another is expected.
pub(crate) fn wrong_kind(
    name: &str,
    expected: Kind,
    found: Kind,
    at: Span,
    declared: Span,
    suggestion: Option<String>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::TypeMismatch,
        format!(
            "expected {}, found {found} `{name}`",
            expected.with_article()
        ),
    )
    .with_label(at.clone(), format!("this is {}", found.with_article()))
    .with_label(declared, format!("`{name}` is declared here"));
    match suggestion {
        Some(s) => d
            .with_help(format!("did you mean the {expected} `{s}`?"))
            .with_fix(Fix::replace(at, s)),
        None => d.with_help(format!("use the name of {} here", expected.with_article())),
    }
}

/// `pactum::precedence::missing_clause`: a precedence or `is active` names
/// something that is not a clause.
pub(crate) fn missing_clause(
    keyword: &str,
    name: &str,
    at: Span,
    suggestion: Option<String>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::MissingClause,
        format!("`{keyword}` names `{name}`, which is not a clause"),
    )
    .with_label(at.clone(), "no clause has this id");
    match suggestion {
        Some(s) => d
            .with_help(format!("did you mean `{s}`?"))
            .with_fix(Fix::replace(at, s)),
        None => d.with_help("name a clause of this contract or of the contract it amends"),
    }
}

/// `pactum::event::cycle`: ordering constraints that go round; `cycle` holds
/// each event's name and where it is declared, in the order of the loop.
pub(crate) fn event_cycle(cycle: &[(&str, Span)]) -> Diagnostic {
    let names: Vec<String> = cycle.iter().map(|(n, _)| format!("`{n}`")).collect();
    let mut d = Diagnostic::new(
        Code::EventCycle,
        format!("events {} must each come after the other", names.join(", ")),
    );
    for (k, (_, span)) in cycle.iter().enumerate() {
        let next = cycle[(k + 1) % cycle.len()].0;
        d = d.with_label(span.clone(), format!("must come after `{next}`"));
    }
    d.with_help("no scenario satisfies a cycle; remove one of the ordering constraints")
}

/// `pactum::party::group_cycle`: party groups that contain each other;
/// `cycle` holds each group's name and where it is declared, in the order of
/// the loop.
pub(crate) fn party_group_cycle(cycle: &[(&str, Span)]) -> Diagnostic {
    let names: Vec<String> = cycle.iter().map(|(n, _)| format!("`{n}`")).collect();
    let message = match names.as_slice() {
        [one] => format!("party group {one} is a member of itself"),
        _ => format!("party groups {} each contain the other", names.join(", ")),
    };
    let mut d = Diagnostic::new(Code::PartyGroupCycle, message);
    for (k, (_, span)) in cycle.iter().enumerate() {
        let next = cycle[(k + 1) % cycle.len()].0;
        d = d.with_label(span.clone(), format!("has `{next}` as a member"));
    }
    let first = cycle.first().map_or("<group>", |(n, _)| n);
    d.with_help(format!(
        "a group stands for the parties it lists; list the parties `{first}` stands for instead of a group that contains it"
    ))
}

// ---------------------------------------------------------------- sections

/// `pactum::section::unknown`: a clause's section, or a section it cites,
/// that no `section` item declares.
pub(crate) fn section_unknown(id: &str, at: Span, suggestion: Option<String>) -> Diagnostic {
    let d = Diagnostic::new(
        Code::SectionUnknown,
        format!("section `{id}` is not declared"),
    )
    .with_label(at.clone(), "no `section` item has this id");
    match suggestion {
        Some(s) => d
            .with_help(format!(
                "did you mean section `{s}`? If not, declare it: `section \"{id}\" \"<heading>\"`"
            ))
            .with_fix(Fix {
                title: format!("replace with section `{s}`"),
                change: Change::Replace {
                    span: at,
                    with: format!("\"{s}\""),
                },
            }),
        None => d.with_help(format!(
            "declare the agreement's section: `section \"{id}\" \"<heading>\"`, or correct the id"
        )),
    }
}

/// `pactum::section::self_reference`: a clause cites its own section, or a
/// section that contains it.
pub(crate) fn section_self_reference(
    clause: &str,
    cited: &str,
    own: &str,
    at: Span,
    own_span: Span,
) -> Diagnostic {
    let (what, label) = if cited == own {
        (
            format!("its own section `{own}`"),
            "cites the clause's own section",
        )
    } else {
        (
            format!("section `{cited}`, which contains its own section `{own}`"),
            "cites a section the clause is part of",
        )
    };
    Diagnostic::new(
        Code::SectionSelfReference,
        format!("clause `{clause}` refers to {what}"),
    )
    .with_label(at, label)
    .with_label(own_span, format!("clause `{clause}` is in section `{own}`"))
    .with_help(format!(
        "a clause that cites itself usually means another section was meant; check the id in the text of `{clause}`"
    ))
}

/// `pactum::section::heading_mismatch`: a reference gives a section a
/// heading other than the one declared; `holder` is the section that has the
/// given heading, if one does.
pub(crate) fn section_heading_mismatch(
    id: &str,
    given: &str,
    declared: &str,
    holder: Option<&str>,
    at: Span,
    declared_at: Span,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::SectionHeadingMismatch,
        format!("the reference calls section `{id}` `{given}`, but its heading is `{declared}`"),
    )
    .with_label(at, "heading given here")
    .with_label(declared_at, format!("section `{id}` is declared here"));
    match holder {
        Some(h) => d.with_help(format!(
            "section `{h}` is headed `{given}`: the reference probably means `{h}`"
        )),
        None => d.with_help(format!(
            "no section is headed `{given}`: correct the id or the heading"
        )),
    }
}

/// `pactum::item::malformed`: a clause with a second `section` line.
pub(crate) fn section_twice(clause: &str, second: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Malformed,
        format!("clause `{clause}` gives its section twice"),
    )
    .with_label(second, "second `section`")
    .with_help("a clause is in one section; cite the others with `refers to`")
}

// ---------------------------------------------------------------- items

/// `pactum::item::malformed`: a clause without a norm.
pub(crate) fn clause_without_norm(name: &str, at: Span, sample: Sample<'_>) -> Diagnostic {
    Diagnostic::new(Code::Malformed, format!("clause `{name}` states no norm"))
        .with_label(at, "this clause")
        .with_help(format!("add a line such as `{}`", sample.line(Some("may"))))
}

/// `pactum::item::malformed`: a clause with a second norm.
pub(crate) fn clause_with_two_norms(name: &str, second: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Malformed,
        format!("clause `{name}` states more than one norm"),
    )
    .with_label(second, "second norm")
    .with_help("one clause states one norm; split it into two clauses")
}

/// `pactum::item::malformed`: a clause line that may be written once,
/// written twice (`what`: "deadline", "discharge").
pub(crate) fn clause_line_twice(name: &str, what: &str, second: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Malformed,
        format!("clause `{name}` states more than one {what}"),
    )
    .with_label(second, format!("second {what}"))
    .with_help("one obligation has one deadline and one event that performs it; keep one line")
}

/// `pactum::item::malformed`: `within` and a written window on one clause.
pub(crate) fn deadline_and_window(name: &str, deadline: Span, window: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Malformed,
        format!("clause `{name}` states its window twice"),
    )
    .with_label(deadline, "from the point through the deadline")
    .with_label(window, "and a window of its own")
    .with_help(
        "`within 30 days after P` is the window from P through its last day; write either it \
         or `from`/`until`, not both",
    )
}

/// `pactum::item::malformed`: `discharged by` on a norm that is not an
/// obligation.
pub(crate) fn discharge_of_non_obligation(name: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Malformed,
        format!("clause `{name}` is discharged, but it is not an obligation"),
    )
    .with_label(at, "only a `must` is performed")
    .with_help(
        "`discharged by EVENT` ends an obligation when it is performed; for a permission or a \
         prohibition, end its window with `until EVENT`",
    )
}

/// `pactum::breach::undefined`: `breach of` a clause with no deadline or
/// no event that discharges it.
pub(crate) fn breach_undefined(name: &str, missing: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::BreachUndefined,
        format!("clause `{name}` cannot be breached as written"),
    )
    .with_label(at, format!("`{name}` has {missing}"))
    .with_help(format!(
        "give `{name}` a deadline (`within 30 days after <event>`, or `until`) and the event \
         that performs it (`discharged by <event>`); its breach is the day after the deadline \
         unless that event came by then"
    ))
}

/// `pactum::breach::undefined`: `breach of` a name that is not a clause.
pub(crate) fn breach_of_unknown(name: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::BreachUndefined,
        format!("`breach of {name}` names no clause"),
    )
    .with_label(at, "not a clause of this contract")
    .with_help("`breach of` names a clause with a deadline and a `discharged by` event")
}

/// `pactum::item::malformed`: a power that says nobody may exercise it.
pub(crate) fn power_without_grant(name: &str, at: Span, party: Option<&str>) -> Diagnostic {
    let party = party.unwrap_or("licensee");
    Diagnostic::new(
        Code::Malformed,
        format!("power `{name}` names no party that may exercise it"),
    )
    .with_label(at, "this power")
    .with_help(format!(
        "add a line such as `{party} may terminate` (the term ends when it takes effect) or \
         `{party} may exercise` (an option)"
    ))
}

/// `pactum::item::malformed`: a power with a second grant or notice.
pub(crate) fn power_twice(name: &str, what: &str, second: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Malformed,
        format!("power `{name}` states more than one {what}"),
    )
    .with_label(second, format!("second {what}"))
    .with_help(
        "one power has one holder and one notice period; a right that either party holds is \
         two powers, or one of a party group",
    )
}

/// `pactum::item::malformed`: a fact without a value.
pub(crate) fn fact_without_value(name: &str, at: Span, sample: Sample<'_>) -> Diagnostic {
    Diagnostic::new(Code::Malformed, format!("fact `{name}` states no value"))
        .with_label(at, "this fact")
        .with_help(format!("add a line such as `{}`", sample.fact_value()))
}

/// `pactum::item::malformed`: a fact with a second value.
pub(crate) fn fact_with_two_values(name: &str, second: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Malformed,
        format!("fact `{name}` states more than one value"),
    )
    .with_label(second, "second value")
    .with_help("one fact states one value; split it into two facts")
}

/// `pactum::item::malformed`: a coverage without targets.
pub(crate) fn cover_without_target(name: &str, at: Span, sample: Sample<'_>) -> Diagnostic {
    Diagnostic::new(
        Code::Malformed,
        format!("`cover {name}` names nothing to cover"),
    )
    .with_label(at, "this coverage")
    .with_help(format!("add a line such as `{}`", sample.line(None)))
}

/// `pactum::item::malformed`: a window with a second `from`.
pub(crate) fn start_twice(second: Span) -> Diagnostic {
    Diagnostic::new(Code::Malformed, "the start is given twice")
        .with_label(second, "second `from`")
        .with_help("use `from last(a, b)` or `from first(a, b)` to combine starts")
}

/// `pactum::item::malformed`: a window with a second `until` or `through`.
pub(crate) fn end_twice(second: Span) -> Diagnostic {
    Diagnostic::new(Code::Malformed, "the end is given twice")
        .with_label(second, "second `until` or `through`")
        .with_help("combine them: `until a or b, whichever first`")
}

/// `pactum::item::malformed`: a window that both ends and is indefinite.
pub(crate) fn end_and_indefinitely(indefinitely: Span, end: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Malformed,
        "a window cannot both end and last indefinitely",
    )
    .with_label(indefinitely, "no end, on purpose")
    .with_label(end, "but an end is given here")
    .with_help("remove `indefinitely`, or remove the end")
}

/// `pactum::item::malformed`: several ends without `whichever`.
pub(crate) fn which_end(ends: Span) -> Diagnostic {
    Diagnostic::new(Code::Malformed, "say which of the ends applies")
        .with_label(ends, "several ends")
        .with_help("add `, whichever first` or `, whichever later`")
}

// ---------------------------------------------------------------- term

/// `pactum::term::duplicate`: a second `term` in the amendment chain.
pub(crate) fn term_twice(again: Span, first: Span) -> Diagnostic {
    Diagnostic::new(Code::TermDuplicate, "the contract has a second `term`")
        .with_label(again, "second term")
        .with_label(first, "the term is declared here")
        .with_help(
            "a contract and the contracts it amends share one term; keep one `term` \
             and give it every line (`from`, `until`) there",
        )
}

/// `pactum::item::malformed`: a second `renews` line.
pub(crate) fn renews_twice(again: Span) -> Diagnostic {
    Diagnostic::new(Code::Malformed, "the term renews twice")
        .with_label(again, "second `renews` line")
        .with_help(
            "a term renews one way: keep one `renews` line, e.g. `renews for 1 year unless \
             non_renewal at least 90 days before`",
        )
}

/// `pactum::item::malformed`: `renews for 0 years`.
pub(crate) fn renewal_period_zero(at: Span) -> Diagnostic {
    Diagnostic::new(Code::Malformed, "the term renews for a period of zero")
        .with_label(at, "no time")
        .with_help("give the length of each renewal period, e.g. `renews for 1 year`")
}

/// `pactum::item::malformed`: a renewal counted in business days.
pub(crate) fn renewal_in_business_days(at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Malformed,
        "a renewal counts its periods and notice in days, weeks, months or years",
    )
    .with_label(at, "business days")
    .with_help(
        "write the renewal period and the notice in calendar units, e.g. `renews for 1 year \
         unless non_renewal at least 90 days before`",
    )
}

/// `pactum::term::renewal_without_end`: `renews` in a term that never ends.
pub(crate) fn renewal_without_end(at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RenewalWithoutEnd,
        "the term renews but its initial period has no end",
    )
    .with_label(at, "renews from which day?")
    .with_help(
        "give the initial period its end with `until` (e.g. `until 5 years after <date>`); \
         each renewal starts where the previous period ends",
    )
}

/// `pactum::term::renewal_unstoppable`: a renewal nothing ends.
pub(crate) fn renewal_unstoppable(at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RenewalUnstoppable,
        "the term renews for ever: nothing stops the renewal",
    )
    .with_label(at, "no notice, no limit, and no power to terminate")
    .with_help(
        "say what stops it: `unless <event> at least 90 days before` (a non-renewal notice), \
         `, 3 times` (a limit), or a `power` that terminates the contract",
    )
}

/// `pactum::term::notice_never_in_time`: the notice that stops a renewal is
/// due on or before the first day of the period it stops.
pub(crate) fn notice_never_in_time(at: Span, period: u32, begins: Day, due: Day) -> Diagnostic {
    let which = if period == 0 {
        "the initial period".to_string()
    } else {
        format!("renewal period {period}")
    };
    let when = if due == begins {
        "on its first day".to_string()
    } else {
        "before it starts".to_string()
    };
    Diagnostic::new(
        Code::NoticeNeverInTime,
        format!("the notice that stops the renewal is due {when}"),
    )
    .with_label(
        at,
        format!("{which} starts on {begins}; its notice is due by {due}"),
    )
    .with_help(
        "a notice period as long as the period it ends leaves no time within the period to \
         give it; check the text (a shorter notice, or notice in the period before)",
    )
}

/// An example `term` item for help texts, starting on the contract's
/// effective date when it has one.
fn term_example(effective: Option<Day>) -> String {
    match effective {
        Some(d) => format!("term {{ from {d}  until 5 years after {d} }}"),
        None => "term { from <date>  until <date> }".to_string(),
    }
}

/// `pactum::term::undeclared`: `end of term` in a contract without a term.
pub(crate) fn end_of_undeclared_term(at: Span, effective: Option<Day>) -> Diagnostic {
    Diagnostic::new(
        Code::TermUndeclared,
        "`end of term` names a term this contract does not declare",
    )
    .with_label(at, "no `term` item in this contract")
    .with_help(format!(
        "declare the term, e.g. `{}`, or name the day itself",
        term_example(effective)
    ))
}

/// `pactum::term::undeclared`: a clause that survives a term the contract
/// does not declare.
pub(crate) fn survives_undeclared_term(
    clause: &str,
    at: Span,
    effective: Option<Day>,
) -> Diagnostic {
    Diagnostic::new(
        Code::TermUndeclared,
        format!("clause `{clause}` survives a term this contract does not declare"),
    )
    .with_label(at, "no `term` item in this contract")
    .with_help(format!(
        "declare the term, e.g. `{}`, or remove `survives`",
        term_example(effective)
    ))
}

/// `pactum::term::survives_without_end`: a clause that survives the term
/// and has no end of its own.
pub(crate) fn survives_without_end(clause: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::SurvivesWithoutEnd,
        format!("clause `{clause}` survives the term and has no end"),
    )
    .with_label(at, "in force for ever after the term ends")
    .with_help(format!(
        "say how long `{clause}` survives, e.g. `survives for 3 years`, or give it a last \
         day with `until`; if it is meant to last for ever, add `indefinitely`"
    ))
}

/// `pactum::item::malformed`: a clause with a second `survives`.
pub(crate) fn survives_twice(second: Span, first: Span) -> Diagnostic {
    Diagnostic::new(Code::Malformed, "`survives` is given twice")
        .with_label(second, "second `survives`")
        .with_label(first, "first given here")
        .with_help("keep one `survives` line")
}

/// `pactum::item::malformed`: `end of term` inside the term itself.
pub(crate) fn term_refers_to_itself(at: Span) -> Diagnostic {
    Diagnostic::new(Code::Malformed, "the term cannot be bounded by its own end")
        .with_label(at, "`end of term` inside the term")
        .with_help("bound the term with a date, an event, or an offset from one of them")
}

/// `pactum::window::empty`: a term, fact or cover (`what`, in words) whose
/// window starts on `first` and ends, exclusive, at `until`, no later.
/// `from_written` says whether the start is written or is the effective date.
pub(crate) fn window_empty(
    what: &str,
    at: Span,
    first: Day,
    until: Day,
    from_written: bool,
) -> Diagnostic {
    let last = until.pred();
    let starts = if from_written {
        format!("starts on {first}")
    } else {
        format!("starts on the effective date, {first},")
    };
    Diagnostic::new(
        Code::WindowEmpty,
        format!("{what} applies on no day: it {starts} and its last day is {last}"),
    )
    .with_label(at, "starts after it ends")
    .with_help(format!(
        "the first day, {first}, comes after the last, {last}; check the dates for a \
         mistyped year"
    ))
}

/// `pactum::clause::before_effective`: a clause, fact or the term (`what`,
/// in words) that starts on `from`, before its file takes effect.
pub(crate) fn before_effective(what: &str, at: Span, from: Day, effective: Day) -> Diagnostic {
    Diagnostic::new(
        Code::BeforeEffective,
        format!("{what} starts on {from}, before the contract takes effect on {effective}"),
    )
    .with_label(at, format!("before `effective {effective}`"))
    .with_help(format!(
        "start it on or after the effective date (`from {effective}`); if the agreement \
         really applies from {from}, move the contract's effective date instead"
    ))
}

// ---------------------------------------------------------------- calendar

/// The day of the week `weekday` (Monday = 0) in words, as written in a `weekend`.
fn weekday_name(weekday: u8) -> &'static str {
    super::time::WEEKDAYS
        .get(usize::from(weekday))
        .copied()
        .unwrap_or("?")
}

/// `pactum::calendar::unknown_day`: a `weekend` names no day of the week.
pub(crate) fn unknown_weekday(name: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::CalendarUnknownDay,
        format!("`{name}` is not a day of the week"),
    )
    .with_label(at, "not a day of the week")
    .with_help(format!(
        "write the days in lowercase English: {}",
        super::time::WEEKDAYS.join(", ")
    ))
}

/// `pactum::calendar::weekend_duplicate`: a second `weekend` in the chain.
pub(crate) fn weekend_twice(again: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::CalendarWeekendDuplicate,
        "the contract has a second `weekend`",
    )
    .with_label(again, "second weekend rule")
    .with_label(first, "the weekend is declared here")
    .with_help(
        "a contract and the contracts it amends share one weekend rule; keep one `weekend` \
         line and list every weekend day there",
    )
}

/// `pactum::calendar::no_business_day`: a weekend of all seven days.
pub(crate) fn no_business_day(at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::CalendarNoBusinessDay,
        "every day of the week is a weekend day, so no day is a business day",
    )
    .with_label(at, "all seven days")
    .with_help(
        "leave out the days on which the parties do business; business days count with \
         Saturday and Sunday as the weekend until this is fixed",
    )
}

/// `pactum::calendar::holiday_duplicate`: the same day declared a holiday twice.
pub(crate) fn holiday_twice(day: Day, again: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::CalendarHolidayDuplicate,
        format!("{day} is declared a holiday twice"),
    )
    .with_label(again, "declared again")
    .with_label(first, "first declared here")
    .with_help("remove one of the two `holiday` lines; a day is a holiday once")
}

/// `pactum::calendar::holiday_on_weekend`: a holiday that is a weekend day
/// anyway, which often means a mistyped date or an observed holiday moved
/// to a weekday that the contract does not declare.
pub(crate) fn holiday_on_weekend(day: Day, at: Span, weekend_declared: bool) -> Diagnostic {
    let name = weekday_name(day.weekday());
    let weekday = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
    let rule = if weekend_declared {
        "the contract's `weekend`"
    } else {
        "the default weekend (Saturday and Sunday)"
    };
    Diagnostic::new(
        Code::CalendarHolidayOnWeekend,
        format!("the holiday {day} is a {weekday}, a weekend day"),
    )
    .with_label(at, format!("a {weekday}, already no business day"))
    .with_help(format!(
        "it changes no count of business days under {rule}; if the holiday is observed on \
         another day (the Monday after), declare that day instead, or check the date for a typo"
    ))
}

/// `pactum::calendar::unused`: a calendar that no duration counts with.
pub(crate) fn calendar_unused(at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::CalendarUnused,
        "the contract declares a weekend or holidays but counts no business days",
    )
    .with_label(at, "declared here, used by no duration")
    .with_help(
        "weekends and holidays only change durations written in business days \
         (`within 10 business days after invoiced`); write the periods the text counts in \
         business days that way, or remove the declarations",
    )
}

// ---------------------------------------------------------------- values

/// `pactum::date::invalid`: a date that is not in the calendar.
pub(crate) fn invalid_date(text: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidDate,
        format!("`{text}` is not a date in the calendar"),
    )
    .with_label(at, "no such day")
    .with_help(invalid_date_help(text))
}

fn invalid_date_help(text: &str) -> String {
    let mut parts = text.split('-');
    let (y, m) = (parts.next(), parts.next());
    match (
        y.and_then(|y| y.parse::<i32>().ok()),
        m.and_then(|m| m.parse::<u32>().ok()),
    ) {
        (Some(_), Some(m)) if !(1..=12).contains(&m) => "months run from 01 to 12".to_string(),
        (Some(y), Some(m)) => {
            let last = (28..=31)
                .rev()
                .find(|d| Day::from_ymd(y, m, *d).is_some())
                .unwrap_or(28);
            format!("{y:04}-{m:02} has {last} days")
        }
        _ => "write dates as YYYY-MM-DD".to_string(),
    }
}

/// `pactum::value::percent_range`: a percentage outside 0–100.
pub(crate) fn percent_range(percent: f64, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::PercentRange,
        format!("{percent} % is not a percentage between 0 and 100"),
    )
    .with_label(at, "out of range")
    .with_help("a percentage lies between 0 % and 100 %")
}

/// `pactum::value::number_range`: a value too large to represent.
pub(crate) fn number_too_large(at: Span) -> Diagnostic {
    Diagnostic::new(Code::NumberRange, "this number is too large")
        .with_label(at, "too large to represent")
}

/// `pactum::value::number_range`: an offset that is not a usable count.
pub(crate) fn offset_range(text: &str, at: Span, limit: u32) -> Diagnostic {
    Diagnostic::new(
        Code::NumberRange,
        format!("`{text}` is not a usable length of time"),
    )
    .with_label(at, format!("expected a whole number up to {limit}"))
    .with_help("offsets count whole days, weeks, months or years")
}

/// `pactum::type::mismatch`: a value of the wrong type for its quantity.
/// `expected` and `found` are in words ("a percentage", "an amount in EUR").
pub(crate) fn value_type(
    expected: &str,
    found: &str,
    quantity: &str,
    ty: &QuantityType,
    at: Span,
) -> Diagnostic {
    let example = match ty {
        QuantityType::Percent => "a percentage",
        QuantityType::Money(_) => "an amount",
        QuantityType::Number => "a plain number",
    };
    Diagnostic::new(
        Code::TypeMismatch,
        format!("expected {expected}, found {found}"),
    )
    .with_label(at, format!("`{quantity}` takes {expected}"))
    .with_help(format!("write {example} such as `{}`", example_value(ty)))
}

/// `pactum::type::mismatch`: a stake declared with another type than percent.
pub(crate) fn stake_not_percent(ty: Span) -> Diagnostic {
    Diagnostic::new(Code::TypeMismatch, "a stake is a percentage")
        .with_label(ty, "expected `percent`")
        .with_help("declare the quantity as `: percent stake of … in …`")
}

// ---------------------------------------------------------------- amounts

/// A schedule or escalation that counts a name that is no period.
pub(crate) fn schedule_unknown_period(name: &str, at: Span) -> Diagnostic {
    Diagnostic::new(Code::AmountSchedulePeriod, format!("`{name}` is not a period"))
        .with_label(at, "not a period")
        .with_help("use `year`, `quarter` or `month`, or declare the period, as in `period fiscal_year starts 04-01`")
}

/// A schedule row or escalation label that names no period of its kind.
pub(crate) fn schedule_label(p: &super::period::Period, label: &str, at: Span) -> Diagnostic {
    let example = crate::print::example_label(p.kind);
    Diagnostic::new(
        Code::AmountSchedulePeriod,
        format!("`{label}` is not a label of a period `{}`", p.name),
    )
    .with_label(at, format!("not a `{}`", p.name))
    .with_help(format!(
        "periods `{}` are labelled like `{example}`",
        p.name
    ))
}

/// A schedule that lists one period twice.
pub(crate) fn schedule_duplicate(label: &str, at: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::AmountScheduleDuplicate,
        format!("the schedule lists `{label}` twice"),
    )
    .with_label(at, "listed again here")
    .with_label(first, "first listed here")
    .with_help("keep one row per period: remove or relabel one of them")
}

/// `pactum::amount::condition`: a conditional amount's condition reads
/// something that changes from day to day (`what`, in words).
pub(crate) fn amount_condition(what: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::AmountCondition,
        format!("an amount cannot depend on {what}"),
    )
    .with_label(at, "not a comparison of amounts")
    .with_help(
        "an amount has one value whatever the day: its condition compares amounts, as in \
         `if amount net_sales > USD 1 million then …`, joined with `and`, `or` and \
         `not`; a clause in force `when` an event has happened takes its own amount line",
    )
}

/// The diagnostic for an amount expression that has no value (none for a
/// failure already reported where it comes from). `whole` is the expression.
pub(crate) fn amount_failure(f: &super::amount::Failure, whole: Span) -> Option<Diagnostic> {
    use super::amount::{Failure, Unit};
    Some(match f {
        Failure::Upstream | Failure::PeriodDependent => return None,
        Failure::NoRow { at, label, words } => {
            let d = Diagnostic::new(
                Code::AmountScheduleGap,
                format!("the schedule has no row for {words}"),
            )
            .with_label(at.clone(), format!("no amount for {words}"));
            let d = if whole != *at {
                d.with_label(whole.clone(), format!("an instalment in {words} takes its amount here"))
            } else {
                d
            };
            d.with_help(format!("add a row `{label}: …` to the schedule, or end the recurrence before {words} (later periods without a row are not listed again)"))
        }
        Failure::Steps { at } => Diagnostic::new(
            Code::AmountOverflow,
            format!("the escalation takes more than {} steps", super::amount::MAX_STEPS),
        )
        .with_label(at.clone(), "this escalation")
        .with_help("an escalation is computed step by step; check the period it counts and the label it starts from"),
        Failure::Type { op, left, .. } if op == "tiered by" => Diagnostic::new(
            Code::AmountType,
            format!("the rank of a tier table must be a plain number, found {}", left.1.words()),
        )
        .with_label(left.0.clone(), left.1.words())
        .with_help("a rank counts, as in `tiered by 12 { … }` for the twelfth; the brackets hold whole ranks"),
        Failure::NoCase { at, cond } => Diagnostic::new(
            Code::AmountNoCase,
            "no case of the conditional amount applies",
        )
        .with_label(cond.clone(), "this condition does not hold")
        .with_label(at.clone(), "and this amount has no `else`")
        .with_help("add `else …` with the amount where the condition does not hold, or check the amounts compared"),
        Failure::Type { op, left, right } if op == "if" => Diagnostic::new(
            Code::AmountType,
            format!("the cases of `if` give {} and {}", left.1.words(), right.1.words()),
        )
        .with_label(left.0.clone(), left.1.words())
        .with_label(right.0.clone(), right.1.words())
        .with_help("both cases of a conditional amount must be of one kind: money in one currency, percentages, or plain numbers"),
        Failure::NoTier { rank, value, ranges } => Diagnostic::new(
            Code::AmountNoTier,
            format!("no tier holds the rank {}", crate::print::amount(&super::amount::Amount::new(Unit::Number, *value))),
        )
        .with_label(rank.clone(), "this rank")
        .with_help(format!(
            "the brackets are {}; add a bracket for this rank, or check the rank",
            ranges.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
        )),
        Failure::Type { op, left, right } => {
            let (message, help) = match (op.as_str(), &left.1, &right.1) {
                ("of", _, _) => (
                    format!("`of` takes a percentage of an amount, found {} of {}", left.1.words(), right.1.words()),
                    "write a percentage before `of`, as in `15 % of <amount>`".to_string(),
                ),
                ("*", Unit::Percent, _) | ("*", _, Unit::Percent) => (
                    format!("cannot multiply {} by {}", left.1.words(), right.1.words()),
                    "a share of an amount is written with `of`, as in `15 % of <amount>`; `*` multiplies by a plain number".to_string(),
                ),
                ("*", _, _) => (
                    format!("cannot multiply {} by {}", left.1.words(), right.1.words()),
                    "one side of `*` must be a plain number, as in `18 * <amount>`".to_string(),
                ),
                ("/", _, _) => (
                    format!("cannot divide {} by {}", left.1.words(), right.1.words()),
                    "divide by a plain number, as in `<amount> / 3`".to_string(),
                ),
                ("<" | "<=" | "=" | "!=" | ">=" | ">", _, _) => (
                    format!("cannot compare {} with {}", left.1.words(), right.1.words()),
                    "compare amounts of one kind: money in one currency, percentages, or plain numbers".to_string(),
                ),
                (op, _, _) => (
                    format!("`{op}` cannot combine {} with {}", left.1.words(), right.1.words()),
                    match (&left.1, &right.1) {
                        (Unit::Percent, Unit::Money(_)) | (Unit::Money(_), Unit::Percent) => {
                            "to take a share of an amount of money, write `P % of <amount>`".to_string()
                        }
                        _ => format!("`{op}` needs amounts of one kind: money in one currency, percentages, or plain numbers"),
                    },
                ),
            };
            // The operand that does not fit is the primary label: before
            // `of`, the one that is not a percentage; elsewhere the second.
            let (bad, other) = if op == "of" { (left, right) } else { (right, left) };
            Diagnostic::new(Code::AmountType, message)
                .with_label(bad.0.clone(), bad.1.words())
                .with_label(other.0.clone(), other.1.words())
                .with_help(help)
        }
        Failure::Currency { op, left, right } => Diagnostic::new(
            Code::AmountCurrency,
            format!("`{op}` mixes {} with {}", left.1, right.1),
        )
        .with_label(right.0.clone(), format!("in {}", right.1))
        .with_label(left.0.clone(), format!("in {}", left.1))
        .with_help("Pactum does not convert currencies: state the amounts in one currency, or keep them apart"),
        Failure::DivisionByZero { divisor } => {
            Diagnostic::new(Code::AmountDivisionByZero, "division by zero")
                .with_label(divisor.clone(), "this is zero")
                .with_help("divide by a number other than zero")
        }
        Failure::Overflow { at } => Diagnostic::new(
            Code::AmountOverflow,
            "this amount cannot be computed exactly in 28 digits",
        )
        .with_label(at.clone(), "too large, or too many decimal places")
        .with_help("Pactum computes amounts exactly with at most 28 significant digits; state a rounding with `rounded to`, or check the figures"),
        Failure::Inexact { at, divisor } => Diagnostic::new(
            Code::AmountInexact,
            "this division has no exact decimal value",
        )
        .with_label(at.clone(), "the quotient's decimals never end")
        .with_help(format!(
            "state the rounding the contract uses after the division, as in `… / {} rounded to 0.01`; Pactum never rounds unless told",
            crate::print::amount(divisor)
        )),
        Failure::Quantum { at } => Diagnostic::new(
            Code::AmountType,
            "`rounded to` takes a positive plain number",
        )
        .with_label(at.clone(), "expected a positive number, as in `0.01`")
        .with_help("round to a multiple of a plain number in the amount's own unit, as in `rounded to 0.01`"),
    })
    .map(|d| if d.labels.is_empty() { d.with_label(whole, "here") } else { d })
}

/// Labels each member of a loop with the next one: `uses `b``, in the order
/// of the loop, so that the labels read round it.
fn label_cycle(mut d: Diagnostic, cycle: &[(&str, Span)], verb: &str) -> Diagnostic {
    for (k, (_, span)) in cycle.iter().enumerate() {
        let next = cycle[(k + 1) % cycle.len()].0;
        d = d.with_label(span.clone(), format!("{verb} `{next}`"));
    }
    d
}

/// `pactum::amount::cycle`: named amounts defined in terms of each other;
/// `cycle` holds each one's name and where it is declared.
pub(crate) fn amount_cycle(cycle: &[(&str, Span)]) -> Diagnostic {
    let names: Vec<String> = cycle.iter().map(|(n, _)| format!("`{n}`")).collect();
    let message = match names.as_slice() {
        [one] => format!("amount {one} is defined in terms of itself"),
        _ => format!(
            "amounts {} are defined in terms of each other",
            names.join(", ")
        ),
    };
    label_cycle(Diagnostic::new(Code::AmountCycle, message), cycle, "uses")
        .with_help("give one of these amounts a value that does not depend on the others")
}

/// `pactum::amount::type`: a tier table used as an amount (`name` without
/// `at RANK`), `at` applied to an amount that is not a table, or `tiered`
/// without `by` anywhere but a named amount's whole expression.
pub(crate) fn tier_table_misused(what: TableMisuse<'_>, at: Span) -> Diagnostic {
    let (message, label, help) = match what {
        TableMisuse::WithoutRank(name) => (
            format!("`{name}` is a tier table, not an amount"),
            "needs a rank".to_string(),
            format!("apply it to a rank, as in `{name} at 12`"),
        ),
        TableMisuse::NotATable(name) => (
            format!("`{name}` is not a tier table"),
            "`at` applies a tier table".to_string(),
            format!("declare `{name}` as `tiered {{ 1..10: …, 11..: … }}`, or use it without `at`"),
        ),
        TableMisuse::Inline => (
            "a tier table without `by` must be a named amount".to_string(),
            "no rank".to_string(),
            "write `tiered by RANK { … }` here, or declare the table as a named amount and apply it with `at`".to_string(),
        ),
    };
    Diagnostic::new(Code::AmountType, message)
        .with_label(at, label)
        .with_help(help)
}

/// How a tier table was misused ([`tier_table_misused`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum TableMisuse<'a> {
    /// The table's name used as an amount.
    WithoutRank(&'a str),
    /// `at` after a name that is not a table.
    NotATable(&'a str),
    /// `tiered { … }` without `by` inside another expression.
    Inline,
}

/// `pactum::item::malformed`: a clause with two `amount` lines.
pub(crate) fn amount_twice(name: &str, second: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Malformed,
        format!("clause `{name}` states more than one amount"),
    )
    .with_label(second, "second amount")
    .with_help("one obligation is for one amount; add the parts with `+`, or split the obligation into two clauses")
}

/// `pactum::value::number_range`: the number of an amount with more than
/// 28 digits.
pub(crate) fn amount_literal_too_long(at: Span) -> Diagnostic {
    Diagnostic::new(Code::NumberRange, "this number has more than 28 digits")
        .with_label(at, "too many digits to compute with exactly")
        .with_help("Pactum computes amounts exactly with at most 28 significant digits")
}

// ---------------------------------------------------------------- formatter

/// Why the formatter refused its own output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FmtProblem {
    DoesNotParse,
    MeansSomethingElse,
    LosesComment,
}

/// `pactum::fmt::internal`: the formatter's output failed its self-check.
/// The label sits at the start of the file, which is left unchanged.
pub(crate) fn fmt_internal(file_start: Span, problem: FmtProblem) -> Diagnostic {
    let what = match problem {
        FmtProblem::DoesNotParse => "the formatted text does not parse",
        FmtProblem::MeansSomethingElse => "the formatted text would mean something else",
        FmtProblem::LosesComment => "the formatted text would lose or change a comment",
    };
    Diagnostic::new(
        Code::FmtInternal,
        format!("cannot format this file: {what}"),
    )
    .with_label(file_start, "the file is left unchanged")
    .with_help("this is a bug in `pactum fmt`; please report it with the file")
}

/// Why a `when` or `unless` line cannot be folded into one period.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Unsupported {
    /// `when a or b`: the days either holds on may be two periods.
    WhenOr,
    /// `unless a and b`: the days both do not hold on may be two periods.
    UnlessAnd,
    /// A norm pattern (`microsoft may use x`), with or without `prevails`.
    Norm,
    /// A comparison of a quantity's value, or of the stakes in a party.
    Value(String),
    /// `CLAUSE is active` where the clause has versions in several files.
    Amended(String),
    /// `unless CLAUSE is active` where the clause starts after this one may
    /// and ends before it may: what is left is two periods.
    TwoPeriods {
        /// The clause named in the condition.
        other: String,
        /// Its start, as it would be written (`2021-01-01`, `launch`).
        start: String,
        /// Its end, as it would be written.
        end: String,
    },
}

/// `pactum::condition::unsupported`: a condition line of `item` (in words,
/// "clause `a`") that the checker cannot fold into its window exactly.
pub(crate) fn condition_unsupported(
    item: &str,
    why: &Unsupported,
    line: Span,
    at: Span,
) -> Diagnostic {
    let (message, label, help) = match why {
        Unsupported::WhenOr => (
            format!("{item} cannot be in force `when` either of two conditions holds"),
            "`or` may hold on two separate periods".to_string(),
            "a clause is in force over one period: write one clause per alternative, each with \
             its own `when` line"
                .to_string(),
        ),
        Unsupported::UnlessAnd => (
            format!("{item} cannot be in force `unless` both of two conditions hold"),
            "what is left may be two separate periods".to_string(),
            "if the clause ends as soon as either holds, write `unless a or b`; otherwise write \
             one clause per case"
                .to_string(),
        ),
        Unsupported::Norm => (
            format!("{item} cannot be conditioned on what norms say"),
            "a norm pattern".to_string(),
            "name the clause that states the norm instead: `when CLAUSE is active`".to_string(),
        ),
        Unsupported::Value(q) => (
            format!("{item} cannot be conditioned on the value of {q}"),
            "a comparison of values".to_string(),
            "values hold over the windows of their facts: condition the clause on the event or \
             date that changes the value (`when EVENT has happened`, `from DATE`)"
                .to_string(),
        ),
        Unsupported::Amended(c) => (
            format!("{item} cannot be conditioned on clause `{c}`, which an amendment restates"),
            "its versions together need not be one period".to_string(),
            format!(
                "condition on the events or dates that start and end the version of `{c}` meant"
            ),
        ),
        Unsupported::TwoPeriods { other, start, end } => (
            format!(
                "`unless {other} is active` leaves {item} two periods, before and after `{other}`"
            ),
            "not one period".to_string(),
            format!(
                "say which period is meant: `until {start}` for the days before `{other}`, or \
                 `from {end}` for the days after it; for both, write two clauses"
            ),
        ),
    };
    // A condition that is all one atom needs one label; a part of a larger
    // one is pointed at, with the line it is in.
    let whole = at.range.end == line.range.end
        && at.range.start.saturating_sub(line.range.start) <= "unless ".len();
    let d = Diagnostic::new(Code::ConditionUnsupported, message);
    let d = if whole {
        d.with_label(line, label)
    } else {
        d.with_label(at, label)
            .with_label(line, "in this condition")
    };
    d.with_help(help)
}

/// `pactum::condition::cycle`: clauses whose conditions name each other in
/// a loop; `cycle` holds each clause's name and the condition line that names
/// the next, in the order of the loop.
pub(crate) fn condition_cycle(cycle: &[(&str, Span)]) -> Diagnostic {
    let names: Vec<String> = cycle.iter().map(|(n, _)| format!("`{n}`")).collect();
    let message = match names.as_slice() {
        [one] => format!("clause {one} is in force only when it is itself in force"),
        _ => format!(
            "clauses {} are each in force only when the next is",
            names.join(", ")
        ),
    };
    label_cycle(
        Diagnostic::new(Code::ConditionCycle, message),
        cycle,
        "conditioned on",
    )
    .with_help(
        "a clause's period cannot depend on itself: condition one of them on the events or \
         dates that start and end the other",
    )
}

/// `pactum::item::malformed`: a `period`, `every` or `due` line that does
/// not make a period or a recurrence.
pub(crate) fn period_invalid(at: Span, message: String, help: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Code::Malformed, message)
        .with_label(at, "here")
        .with_help(help.into())
}

/// `pactum::recurring::no_end`: a recurring clause whose instalments never
/// stop (no end, and the term may never end), or more than Pactum expands.
pub(crate) fn recurring_no_end(
    name: &str,
    at: Span,
    period: &str,
    horizon: crate::model::Day,
    too_many: bool,
) -> Diagnostic {
    let last = horizon.pred();
    if too_many {
        return Diagnostic::new(
            Code::RecurringNoEnd,
            format!(
                "clause `{name}` recurs more than {} times",
                crate::model::recurring::MAX_INSTALMENTS
            ),
        )
        .with_label(at, format!("one instalment each {period}"))
        .with_help(format!(
            "Pactum checks and lists its instalments through {last} only; end it sooner with `until`"
        ));
    }
    Diagnostic::new(
        Code::RecurringNoEnd,
        format!("clause `{name}` recurs every {period} with no end"),
    )
    .with_label(at, "no `until`, and the term may never end")
    .with_help(format!(
        "end it with `until end of term` (and a term that ends) or `until <date>`; Pactum checks \
         and lists its instalments through {last} only"
    ))
}

/// `pactum::recurring::no_end` for a recurrence by years counted from an
/// event: how many of them the event's scenarios need is not known without
/// the event's day, so the first [`crate::model::recurring::HORIZON_YEARS`]
/// are expanded.
pub(crate) fn recurring_no_end_from_event(
    name: &str,
    at: Span,
    period: &str,
    event: &str,
) -> Diagnostic {
    let years = crate::model::recurring::HORIZON_YEARS;
    Diagnostic::new(
        Code::RecurringNoEnd,
        format!("clause `{name}` recurs every {period} from `{event}` with no end known before the day of `{event}`"),
    )
    .with_label(at, format!("one instalment each {period}, counted from `{event}`"))
    .with_help(format!(
        "Pactum checks and lists instalments `{name}[1]` to `{name}[{years}]` only (the first {years} years after `{event}`); \
         the term's end still ends each of them"
    ))
}

/// `pactum::period::from_event`: a period counted from an event, used
/// where its days must be known without a scenario (`what` says where).
pub(crate) fn period_from_event(
    period: &str,
    event: &str,
    what: &str,
    at: Span,
    instead: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::PeriodFromEvent,
        format!("{what} needs the days of `{period}`, which are counted from event `{event}`"),
    )
    .with_label(at, format!("its days depend on the day of `{event}`"))
    .with_help(format!(
        "count `{period}` from a date (`period {period} from 2016-05-11`), or {instead}"
    ))
}

/// `pactum::breach::undefined`: `breach of royalties[2030-Q1]` names a
/// period the recurring clause has no instalment for.
pub(crate) fn instalment_unknown(
    name: &str,
    label: &str,
    at: Span,
    (first, last): (String, String),
) -> Diagnostic {
    Diagnostic::new(
        Code::BreachUndefined,
        format!("clause `{name}` has no instalment `{label}`"),
    )
    .with_label(at, "no such instalment")
    .with_help(format!(
        "the instalments of `{name}` are named by their period, from `{name}[{first}]` to `{name}[{last}]`"
    ))
}

// ---------------------------------------------------------------- interest

/// `pactum::interest::rate`: the rate of an `interest` declaration is not a
/// percentage (`at USD 10 per year`), or is negative.
pub(crate) fn interest_rate(name: &str, at: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InterestRate,
        format!("the rate of interest `{name}` is {what}, not a percentage"),
    )
    .with_label(at, "the yearly rate")
    .with_help("write the yearly rate as a percentage, as in `at 6 % per year`, or name an amount that is one")
}

/// `pactum::interest::day`: a compounding day that no year has.
pub(crate) fn interest_day(name: &str, day: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::InterestDay,
        format!("interest `{name}` is compounded on `{day}`, a day no year has"),
    )
    .with_label(at, "no such day")
    .with_help("write a month and day that exist, as in `12-31` (the last day of each calendar year) or `06-30`")
}

/// `pactum::interest::no_due_date`: a clause on the `on` line with no due
/// date.
pub(crate) fn interest_no_due_date(interest: &str, clause: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::InterestNoDueDate,
        format!("interest `{interest}` applies to clause `{clause}`, which has no due date"),
    )
    .with_label(at, "no due date")
    .with_help(format!(
        "a payment is late only after its due date: give `{clause}` a deadline (`within 30 days after invoiced`) or a `due` line, or take it off the `on` line"
    ))
}

/// `pactum::interest::no_discharge`: a clause on the `on` line with no
/// `discharged by` event.
pub(crate) fn interest_no_discharge(interest: &str, clause: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::InterestNoDischarge,
        format!(
            "interest `{interest}` applies to clause `{clause}`, which no event discharges"
        ),
    )
    .with_label(at, "no payment event")
    .with_help(format!(
        "interest runs until the payment: add `discharged by <event>` to `{clause}`, the event of paying it"
    ))
}

/// `pactum::interest::no_amount`: a clause on the `on` line that states no
/// amount.
pub(crate) fn interest_no_amount(interest: &str, clause: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::InterestNoAmount,
        format!("interest `{interest}` applies to clause `{clause}`, which states no amount"),
    )
    .with_label(at, "no principal")
    .with_help(format!(
        "the principal is the obligation's amount: add an `amount` line to `{clause}` (an input, if the agreement does not fix it)"
    ))
}

/// `pactum::interest::twice`: two declarations apply to the same obligation.
pub(crate) fn interest_twice(what: String, at: Span, first: Span) -> Diagnostic {
    Diagnostic::new(Code::InterestTwice, what)
        .with_label(at, "applies again here")
        .with_label(first, "first applies here")
        .with_help("keep one `interest` declaration per obligation: name the clauses each applies to on its `on` line")
}
