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
    Error,
    Warning,
    Info,
}

/// A byte range in one file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span { file, range }
    }
}

/// A place the diagnostic points at. The first label of a diagnostic is its
/// primary location; the others are related locations ("declared here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the default severity of its code.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn primary(&self) -> Option<&Label> {
        self.labels.first()
    }

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

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident; )*) => {
        /// The catalogue of stable diagnostic codes. docs/diagnostics.md documents
        /// each with an input that triggers it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( $(#[$doc])* $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }
        }
    };
}

codes! {
    /// The file could not be read, or is not UTF-8.
    Io = "pactum::io", Error;
    /// The text does not follow the grammar.
    Syntax = "pactum::syntax", Error;
    /// Brackets, braces, parentheses, `not` or offsets nest deeper than the parser allows.
    TooDeep = "pactum::syntax::too_deep", Error;
    /// A name is used that is not declared.
    UnknownName = "pactum::name::unknown", Error;
    /// The same name is declared twice.
    Duplicate = "pactum::name::duplicate", Error;
    /// A name of one kind is used where another kind is expected.
    TypeMismatch = "pactum::type::mismatch", Error;
    /// A date that does not exist in the calendar.
    InvalidDate = "pactum::date::invalid", Error;
    /// A percentage below 0 or above 100.
    PercentRange = "pactum::value::percent_range", Error;
    /// A number too large to represent.
    NumberRange = "pactum::value::number_range", Error;
    /// A precedence (`overrides`, `exception to`, `replaces`) names a clause that does not exist.
    MissingClause = "pactum::precedence::missing_clause", Error;
    /// The amended contract file cannot be found or read.
    AmendsNotFound = "pactum::amends::not_found", Error;
    /// Contract files amend each other in a loop.
    AmendsCycle = "pactum::amends::cycle", Error;
    /// Event ordering constraints form a cycle, so no scenario satisfies them.
    EventCycle = "pactum::event::cycle", Error;
    /// A clause or fact block is incomplete or says something twice.
    Malformed = "pactum::item::malformed", Error;
    /// A file has more than one contract header, effective date or `amends`.
    Header = "pactum::contract::header", Error;
    /// A permission and a prohibition of the same act overlap in time and scope.
    ConflictPermissionProhibition = "pactum::conflict::permission_prohibition", Error;
    /// An obligation and a prohibition of the same act overlap in time and scope.
    ConflictObligationProhibition = "pactum::conflict::obligation_prohibition", Error;
    /// One party's exclusive right overlaps another party's permission.
    ConflictExclusive = "pactum::conflict::exclusive", Error;
    /// Two values of the same quantity hold at once.
    ConflictFact = "pactum::conflict::fact", Error;
    /// Clauses override each other in a loop.
    PrecedenceCycle = "pactum::precedence::cycle", Error;
    /// An override or exception whose target never overlaps it.
    PrecedenceNoOverlap = "pactum::precedence::no_overlap", Warning;
    /// A subject that must stay covered is governed by no norm somewhere.
    Gap = "pactum::gap::uncovered", Warning;
    /// A norm with no end, or whose only end is an event that may never happen.
    OpenEnded = "pactum::norm::open_ended", Warning;
    /// A quantity the text names but does not quantify.
    Tbd = "pactum::value::tbd", Info;
    /// A clause whose window is empty in every scenario.
    DeadClause = "pactum::clause::dead", Warning;
    /// A clause fully shadowed by clauses that take precedence over it.
    ShadowedClause = "pactum::clause::shadowed", Warning;
    /// An assertion that fails on some date in some scenario.
    AssertionViolated = "pactum::assert::violated", Error;
    /// `pactum fmt` produced text that does not mean the same; the file is left unchanged.
    FmtInternal = "pactum::fmt::internal", Error;
    /// An assertion needs more representative scenarios than the verifier enumerates.
    AssertionUndecided = "pactum::assert::undecided", Warning;
    /// An analysis question (a conflict, a gap, a dead, shadowed or open-ended clause, a precedence) needs more representative scenarios than its budget allows.
    AnalysisUndecided = "pactum::analysis::undecided", Warning;
}

impl Code {
    /// Whether the analyses of a resolved contract produce this code, rather
    /// than parsing and resolution (or the formatter's self-check).
    pub fn is_analysis(self) -> bool {
        matches!(
            self,
            Code::ConflictPermissionProhibition
                | Code::ConflictObligationProhibition
                | Code::ConflictExclusive
                | Code::ConflictFact
                | Code::PrecedenceCycle
                | Code::PrecedenceNoOverlap
                | Code::Gap
                | Code::OpenEnded
                | Code::Tbd
                | Code::DeadClause
                | Code::ShadowedClause
                | Code::AssertionViolated
                | Code::AssertionUndecided
                | Code::AnalysisUndecided
        )
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
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub label: Option<String>,
    pub help: Option<String>,
    pub related: Vec<JsonLocation>,
}

#[derive(Debug, Serialize)]
pub struct JsonLocation {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
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

/// The lines of a file around some labels, for miette to draw. Only these
/// lines are copied, so rendering costs the size of the snippet, not of the
/// file, however many diagnostics a large file has.
#[derive(Debug)]
struct Snippet {
    name: String,
    text: String,
    /// Byte offset of `text` in the file.
    start: usize,
    /// 0-based line number of the first line of `text`.
    first_line: usize,
}

impl Snippet {
    fn of(sources: &Sources, file: FileId, ranges: &[Range<usize>]) -> Snippet {
        let lo = ranges.iter().map(|r| r.start).min().unwrap_or(0);
        let hi = ranges.iter().map(|r| r.end).max().unwrap_or(0);
        let (bytes, first_line) = sources.lines_around(file, &(lo..hi), 2);
        Snippet {
            name: sources.path(file).to_string(),
            text: sources
                .text(file)
                .get(bytes.clone())
                .unwrap_or("")
                .to_string(),
            start: bytes.start,
            first_line,
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
        let local =
            miette::SourceSpan::new(span.offset().saturating_sub(self.start).into(), span.len());
        let inner = self.text.read_span(&local, context_before, context_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            miette::SourceSpan::new(
                (inner.span().offset() + self.start).into(),
                inner.span().len(),
            ),
            inner.line() + self.first_line,
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
