//! The output of `pactum check`, written as it is found, in each format:
//! the terminal (miette, on standard error), JSON (docs/json.md), SARIF 2.1.0
//! (docs/json.md) and GitHub workflow commands. The driver
//! (`super::check`) hands each diagnostic to a [`Report`] once; nothing is
//! collected into a document before it is printed, so memory does not grow
//! with the number of findings and the first finding shows at once.

use std::io::{self, Write};

use serde::Serialize;

use crate::analysis::verify::{AssertionResult, Outcome};
use crate::check::Allowed;
use crate::diagnostics::{self, Code, Diagnostic, JsonDiagnostic, JsonLocation, Severity};
use crate::model::Loaded;

/// The version of the JSON document's layout (docs/json.md): raised when a
/// field changes meaning or goes away, not when one is added.
pub(crate) const SCHEMA_VERSION: u32 = 2;

/// How `pactum check` reports its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub(crate) enum CheckFormat {
    /// Diagnostics drawn for a person, on standard error.
    #[default]
    Human,
    /// One JSON document on standard output (docs/json.md).
    Json,
    /// One SARIF 2.1.0 log on standard output, for code scanning (docs/json.md).
    Sarif,
    /// GitHub Actions workflow commands on standard output, one per finding.
    Github,
}

/// How many findings of each kind were reported.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub(crate) struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub proved: usize,
    pub violated: usize,
    pub undecided: usize,
    pub allowed: usize,
}

impl Summary {
    pub fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    pub fn count_assertion(&mut self, r: &AssertionResult) {
        match r.outcome {
            Outcome::Proved => self.proved += 1,
            Outcome::Violated { .. } => self.violated += 1,
            Outcome::Undecided { .. } => self.undecided += 1,
        }
    }
}

/// The program that wrote a document.
#[derive(Debug, Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

const TOOL: Tool = Tool {
    name: env!("CARGO_PKG_NAME"),
    version: env!("CARGO_PKG_VERSION"),
};

/// Where the report goes, and whether the reader is still there.
pub(crate) struct Report<W: Write> {
    format: CheckFormat,
    color: bool,
    out: W,
    /// Elements written so far in the JSON array being written, for commas.
    written: usize,
    /// The terminal's lines for allowed findings and assertion verdicts,
    /// shown after the diagnostics (they are few: one per allowed finding
    /// and three per contract at most).
    notes: Vec<String>,
    /// The first write error: a reader that went away ends the output
    /// quietly; any other error is said once and makes the exit status 2.
    pub failed: Option<io::Error>,
}

impl<W: Write> Report<W> {
    pub fn new(format: CheckFormat, color: bool, out: W) -> Self {
        Report {
            format,
            color,
            out,
            written: 0,
            notes: Vec::new(),
            failed: None,
        }
    }

    /// Writes through `f` unless an earlier write failed.
    fn put(&mut self, f: impl FnOnce(&mut W) -> io::Result<()>) {
        if self.failed.is_none() {
            if let Err(e) = f(&mut self.out) {
                self.failed = Some(e);
            }
        }
    }

    /// The start of the document, before any diagnostic.
    pub fn begin(&mut self, files: &[String]) {
        match self.format {
            CheckFormat::Human | CheckFormat::Github => {}
            CheckFormat::Json => {
                let head = format!(
                    "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"tool\": {},\n  \"files\": {},\n  \"diagnostics\": [",
                    json_line(&TOOL),
                    json_line(&files),
                );
                self.put(|o| o.write_all(head.as_bytes()));
            }
            CheckFormat::Sarif => {
                let rules: Vec<SarifRule> = Code::ALL.iter().map(|&c| SarifRule::of(c)).collect();
                let driver = serde_json::json!({
                    "name": TOOL.name,
                    "version": TOOL.version,
                    "semanticVersion": TOOL.version,
                    "rules": rules,
                });
                let head = format!(
                    "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": {{ \"driver\": {} }},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
                    indented(&driver, 6),
                );
                self.put(|o| o.write_all(head.as_bytes()));
            }
        }
    }

    /// One diagnostic, written now.
    pub fn diagnostic(&mut self, d: &Diagnostic, loaded: &Loaded) {
        match self.format {
            CheckFormat::Human => {
                let text = diagnostics::render(d, &loaded.sources, self.color);
                self.put(|o| o.write_all(text.as_bytes()));
            }
            CheckFormat::Json => {
                let record = JsonDiagnostic::of(d, &loaded.sources);
                self.element(&record, 4);
            }
            CheckFormat::Sarif => {
                let result = sarif_result(d, loaded, None);
                self.element(&result, 8);
            }
            CheckFormat::Github => {
                let line = github_command(d, loaded, None);
                self.put(|o| o.write_all(line.as_bytes()));
            }
        }
    }

    /// The diagnostics of every file are written; the allowed findings
    /// come next, then the assertions and the summary, in [`Report::end`].
    /// SARIF lists allowed findings among its results, suppressed.
    pub fn allowed(&mut self, a: &Allowed, loaded: &Loaded) {
        match self.format {
            CheckFormat::Human => self.notes.push(allowed_line(a, loaded)),
            CheckFormat::Json => {} // written in `end`, after the diagnostics
            CheckFormat::Sarif => {
                let result = sarif_result(&a.diagnostic, loaded, Some(&a.reason));
                self.element(&result, 8);
            }
            CheckFormat::Github => {
                let line = github_command(&a.diagnostic, loaded, Some(&a.reason));
                self.put(|o| o.write_all(line.as_bytes()));
            }
        }
    }

    /// The end of the document: for JSON, the allowed findings, the
    /// assertions and the summary; for the terminal, the notes and the
    /// summary line.
    pub fn end(&mut self, checked: &[&Loaded], file_count: usize, summary: &Summary) {
        match self.format {
            CheckFormat::Human => {
                for loaded in checked {
                    self.notes.extend(assertion_summary(loaded));
                }
                let allowed = match summary.allowed {
                    0 => String::new(),
                    n => format!(", {n} allowed"),
                };
                let mut text: String = self.notes.iter().map(|n| format!("{n}\n")).collect();
                text += &format!(
                    "checked {} file{}: {} error{}, {} warning{}, {} info{allowed}\n",
                    file_count,
                    plural(file_count),
                    summary.errors,
                    plural(summary.errors),
                    summary.warnings,
                    plural(summary.warnings),
                    summary.infos,
                );
                self.put(|o| o.write_all(text.as_bytes()));
            }
            CheckFormat::Json => {
                self.close_array(2);
                self.put(|o| o.write_all(b",\n  \"allowed\": ["));
                self.written = 0;
                for loaded in checked {
                    for a in &loaded.allowed {
                        let record = JsonAllowed {
                            diagnostic: JsonDiagnostic::of(&a.diagnostic, &loaded.sources),
                            reason: &a.reason,
                        };
                        self.element(&record, 4);
                    }
                }
                self.close_array(2);
                self.put(|o| o.write_all(b",\n  \"assertions\": ["));
                self.written = 0;
                for loaded in checked {
                    for r in &loaded.assertions {
                        self.element(&JsonAssertion::of(r, loaded), 4);
                    }
                }
                self.close_array(2);
                let tail = format!(",\n  \"summary\": {}\n}}\n", json_line(summary));
                self.put(|o| o.write_all(tail.as_bytes()));
            }
            CheckFormat::Sarif => {
                self.close_array(6);
                self.put(|o| o.write_all(b"\n    }\n  ]\n}\n"));
            }
            CheckFormat::Github => {}
        }
        self.put(|o| o.flush());
    }

    /// One element of a JSON array, pretty-printed at `indent` spaces.
    fn element<T: Serialize>(&mut self, value: &T, indent: usize) {
        let sep = if self.written == 0 { "\n" } else { ",\n" };
        self.written += 1;
        let text = format!("{sep}{}{}", " ".repeat(indent), indented(value, indent));
        self.put(|o| o.write_all(text.as_bytes()));
    }

    /// `]`, on its own line if the array has elements.
    fn close_array(&mut self, indent: usize) {
        let text = if self.written == 0 {
            "]".to_string()
        } else {
            format!("\n{}]", " ".repeat(indent))
        };
        self.put(|o| o.write_all(text.as_bytes()));
    }
}

/// `value` as pretty JSON whose lines after the first are indented by
/// `indent` spaces, to sit inside an enclosing document.
fn indented<T: Serialize>(value: &T, indent: usize) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_string());
    text.replace('\n', &format!("\n{}", " ".repeat(indent)))
}

/// `value` as compact JSON on one line.
fn json_line<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

// ---------------------------------------------------------------- JSON

/// A finding an `allow` line of its clause allows, with the reason.
#[derive(Debug, Serialize)]
struct JsonAllowed<'a> {
    #[serde(flatten)]
    diagnostic: JsonDiagnostic,
    reason: &'a str,
}

/// One assertion's result in the JSON output.
#[derive(Debug, Serialize)]
struct JsonAssertion {
    name: String,
    file: String,
    line: usize,
    column: usize,
    /// `proved`, `violated` or `undecided`.
    status: &'static str,
    /// For a violated assertion: the diagnostic's message.
    message: Option<String>,
    /// For a violated assertion with a condition: where it fails.
    counterexample: Option<JsonCounterexample>,
    /// For an undecided assertion: why the verifier gave up.
    why: Option<String>,
}

/// A day and the scenario (the events that matter, each with its day or
/// `never`) on which an assertion fails: `pactum query FILE --at DAY
/// --assume EVENT=DAY...` shows that state.
#[derive(Debug, Serialize)]
struct JsonCounterexample {
    day: String,
    scenario: std::collections::BTreeMap<String, String>,
    /// The values of the inputs that decide events in the scenario, as
    /// `--assume INPUT=VALUE` takes them; omitted when there are none.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    inputs: std::collections::BTreeMap<String, String>,
}

impl JsonAssertion {
    fn of(r: &AssertionResult, loaded: &Loaded) -> Self {
        let (line, column) = loaded.sources.line_col(&r.span.file, r.span.range.start);
        let mut out = JsonAssertion {
            name: r.name.clone(),
            file: loaded.sources.path(r.span.file).to_string(),
            line,
            column,
            status: "proved",
            message: None,
            counterexample: None,
            why: None,
        };
        match &r.outcome {
            Outcome::Proved => {}
            Outcome::Violated {
                counterexample,
                message,
            } => {
                out.status = "violated";
                out.message = Some(message.clone());
                out.counterexample = counterexample.as_ref().map(|(cx, events)| {
                    let c = &loaded.contract;
                    JsonCounterexample {
                        day: cx.day.to_string(),
                        scenario: (events.iter())
                            .map(|&e| {
                                let when = cx.scenario.date(e);
                                let when =
                                    when.map_or_else(|| "never".to_string(), |d| d.to_string());
                                (c.event(e).named.name.clone(), when)
                            })
                            .collect(),
                        inputs: crate::print::scenario_input_values(c, &cx.scenario)
                            .into_iter()
                            .collect(),
                    }
                });
            }
            Outcome::Undecided { why } => {
                out.status = "undecided";
                out.why = Some(why.clone());
            }
        }
        out
    }
}

// ---------------------------------------------------------------- terminal

/// One line for a finding that an `allow` line allows, such as `allowed
/// pactum::norm::open_ended at FILE:LINE:COLUMN: MESSAGE (reason: REASON)`:
/// shown, so that an exemption is never silent.
fn allowed_line(a: &Allowed, loaded: &Loaded) -> String {
    let place = a.diagnostic.primary().map_or_else(String::new, |l| {
        let (line, column) = loaded.sources.line_col(&l.span.file, l.span.range.start);
        format!(" at {}:{line}:{column}", loaded.sources.path(l.span.file))
    });
    format!(
        "allowed {}{place}: {} (reason: {})",
        a.diagnostic.code, a.diagnostic.message, a.reason
    )
}

/// The lines that say, for one checked contract, which assertions were
/// proved, violated and left undecided, such as `proved 9 assertions in
/// FILE: `I1`, `I2`, ...`; none for a contract without
/// assertions.
fn assertion_summary(loaded: &Loaded) -> Vec<String> {
    let Some(file) = loaded.main_file() else {
        return Vec::new();
    };
    let path = loaded.sources.path(file);
    let status = |r: &AssertionResult| match r.outcome {
        Outcome::Proved => "proved",
        Outcome::Violated { .. } => "violated",
        Outcome::Undecided { .. } => "undecided",
    };
    let mut lines = Vec::new();
    for verdict in ["proved", "violated", "undecided"] {
        let names: Vec<String> = (loaded.assertions.iter())
            .filter(|r| status(r) == verdict)
            .map(|r| format!("`{}`", r.name))
            .collect();
        if !names.is_empty() {
            lines.push(format!(
                "{verdict} {} assertion{} in {path}: {}",
                names.len(),
                plural(names.len()),
                names.join(", ")
            ));
        }
    }
    lines
}

// ---------------------------------------------------------------- SARIF

/// A rule of the SARIF log: one per diagnostic code, with the catalogue's
/// sentence and the explanation of docs/diagnostics.md as its help.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule {
    id: &'static str,
    short_description: SarifText,
    full_description: SarifText,
    help: SarifHelp,
    default_configuration: SarifConfiguration,
}

#[derive(Debug, Serialize)]
struct SarifText {
    text: String,
}

#[derive(Debug, Serialize)]
struct SarifHelp {
    text: String,
    markdown: String,
}

#[derive(Debug, Serialize)]
struct SarifConfiguration {
    level: &'static str,
}

impl SarifRule {
    fn of(code: Code) -> Self {
        let explanation = code.explanation().unwrap_or(code.summary());
        let see = format!(
            "See `{}` in docs/diagnostics.md for an example.",
            code.as_str()
        );
        SarifRule {
            id: code.as_str(),
            short_description: SarifText {
                text: code.summary().to_string(),
            },
            full_description: SarifText {
                text: explanation.to_string(),
            },
            help: SarifHelp {
                text: format!("{explanation}\n\n{see}"),
                markdown: format!("{explanation}\n\n{see}"),
            },
            default_configuration: SarifConfiguration {
                level: sarif_level(code.severity()),
            },
        }
    }
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a SARIF URI reference: relative paths stay relative (to the
/// directory `pactum check` ran in), absolute ones become `file://` URIs;
/// characters that a URI cannot hold are percent-encoded.
fn sarif_uri(path: &str) -> String {
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn sarif_location(l: &JsonLocation, id: Option<usize>) -> serde_json::Value {
    let mut location = serde_json::json!({
        "physicalLocation": {
            "artifactLocation": { "uri": sarif_uri(&l.file) },
            "region": {
                "startLine": l.line,
                "startColumn": l.column,
                "endLine": l.end_line,
                "endColumn": l.end_column,
            },
        },
    });
    if !l.message.is_empty() {
        location["message"] = serde_json::json!({ "text": l.message });
    }
    if let Some(id) = id {
        location["id"] = serde_json::json!(id);
    }
    location
}

/// A diagnostic as a SARIF result: the primary label is its location, the
/// other labels its related locations; an allowed finding carries an
/// in-source suppression with the `allow` line's reason.
fn sarif_result(d: &Diagnostic, loaded: &Loaded, allowed: Option<&str>) -> serde_json::Value {
    let record = JsonDiagnostic::of(d, &loaded.sources);
    let rule_index = Code::ALL.iter().position(|&c| c == d.code).unwrap_or(0);
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text += &format!("\nhelp: {help}");
    }
    let mut result = serde_json::json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rule_index,
        "level": sarif_level(d.severity),
        "message": { "text": text },
    });
    if let (Some(file), Some(line), Some(column), Some(end_line), Some(end_column)) = (
        &record.file,
        record.line,
        record.column,
        record.end_line,
        record.end_column,
    ) {
        let primary = JsonLocation {
            file: file.clone(),
            line,
            column,
            end_line,
            end_column,
            message: record.label.clone().unwrap_or_default(),
        };
        result["locations"] = serde_json::json!([sarif_location(&primary, None)]);
    }
    if !record.related.is_empty() {
        let related: Vec<serde_json::Value> = (record.related.iter().enumerate())
            .map(|(i, l)| sarif_location(l, Some(i + 1)))
            .collect();
        result["relatedLocations"] = serde_json::Value::Array(related);
    }
    if let Some(reason) = allowed {
        result["suppressions"] = serde_json::json!([
            { "kind": "inSource", "status": "accepted", "justification": reason }
        ]);
    }
    result
}

// ---------------------------------------------------------------- GitHub

/// A diagnostic as a GitHub Actions workflow command, such as
/// `::warning file=a.pactum,line=3,col=5,endLine=3,endColumn=9,title=CODE::message`.
/// Errors are `::error`, warnings `::warning`, infos and allowed findings
/// `::notice` (an allowed one says so, with the reason).
fn github_command(d: &Diagnostic, loaded: &Loaded, allowed: Option<&str>) -> String {
    let record = JsonDiagnostic::of(d, &loaded.sources);
    let command = match (allowed, d.severity) {
        (Some(_), _) | (None, Severity::Info) => "notice",
        (None, Severity::Error) => "error",
        (None, Severity::Warning) => "warning",
    };
    let mut properties = Vec::new();
    if let Some(file) = &record.file {
        properties.push(format!("file={}", github_property(file)));
    }
    for (key, value) in [
        ("line", record.line),
        ("col", record.column),
        ("endLine", record.end_line),
        ("endColumn", record.end_column),
    ] {
        if let Some(value) = value {
            properties.push(format!("{key}={value}"));
        }
    }
    let title = match allowed {
        Some(_) => format!("{} (allowed)", d.code),
        None => d.code.to_string(),
    };
    properties.push(format!("title={}", github_property(&title)));
    let mut message = d.message.clone();
    if let Some(reason) = allowed {
        message += &format!(" (allowed: {reason})");
    }
    if let Some(help) = &d.help {
        message += &format!("\nhelp: {help}");
    }
    format!(
        "::{command} {}::{}\n",
        properties.join(","),
        github_data(&message)
    )
}

/// A workflow command's message: `%`, carriage returns and line feeds are
/// escaped, as the runner expects.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`, which separate
/// properties.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_values_escape_what_separates_them() {
        assert_eq!(github_data("50% of\na"), "50%25 of%0Aa");
        assert_eq!(github_property("pactum::x, y"), "pactum%3A%3Ax%2C y");
    }

    #[test]
    fn sarif_uris_are_relative_or_file_uris() {
        assert_eq!(sarif_uri("contracts/a b.pactum"), "contracts/a%20b.pactum");
        assert_eq!(sarif_uri("/tmp/x.pactum"), "file:///tmp/x.pactum");
        assert_eq!(sarif_uri("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn every_code_has_an_explanation_for_its_rule() {
        for &code in Code::ALL {
            if code == Code::FmtInternal {
                continue;
            }
            let text = code
                .explanation()
                .unwrap_or_else(|| panic!("{code} has no explanation"));
            assert!(
                !text.contains("<!--") && !text.contains("```"),
                "{code}: {text}"
            );
        }
    }
}
