//! `pactum query FILE --at DATE [--assume EVENT=DATE|never]...`: the norms and
//! facts in force on one day in one scenario. docs/query.md documents the
//! output. The question and the report are library types so that tests and
//! other front ends ask exactly what the command shows.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::{read_from_disk, status, Color, Format};
use crate::diagnostics;
use crate::model::{suggest, Contract, Day, EventId, Loaded, PartyId, Scope, SubjectSet, Window};
use crate::semantics::{state, Scenario};
use crate::source::FileId;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The contract file to query.
    file: PathBuf,
    /// The day to look at, as YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    at: String,
    /// When an event happens (repeatable). Events not assumed never happen.
    #[arg(long, value_name = "EVENT=DATE|never")]
    assume: Vec<String>,
    /// Show only the norms of this party.
    #[arg(long, value_name = "PARTY")]
    party: Option<String>,
    /// Show only norms about this subject (a part of it, or a whole containing it).
    #[arg(long, value_name = "SUBJECT")]
    subject: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// When to color diagnostics.
    #[arg(long, value_enum, default_value_t)]
    color: Color,
}

/// A question to the contract: a day, a scenario, and optional filters.
#[derive(Debug, Clone)]
pub struct Question {
    pub day: Day,
    pub scenario: Scenario,
    /// The events the user gave a day (or `never`) for.
    pub assumed: Vec<EventId>,
    pub party: Option<PartyId>,
    /// The subject asked about, as written, and its leaves.
    pub subject: Option<(String, SubjectSet)>,
}

/// Why a question cannot be asked (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionError {
    pub message: String,
    pub help: Option<String>,
}

impl QuestionError {
    fn new(message: String, help: Option<String>) -> Self {
        QuestionError { message, help }
    }
}

fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    suggest(name, candidates).map(|s| format!("did you mean `{s}`?"))
}

fn parse_day(text: &str, what: &str) -> Result<Day, QuestionError> {
    Day::parse(text).ok_or_else(|| {
        QuestionError::new(
            format!("`{text}` is not a date"),
            Some(format!(
                "write {what} as YYYY-MM-DD, a day that exists (e.g. 2031-06-01)"
            )),
        )
    })
}

impl Question {
    /// Checks the command-line words against the contract.
    pub fn new(
        contract: &Contract,
        at: &str,
        assume: &[String],
        party: Option<&str>,
        subject: Option<&str>,
    ) -> Result<Question, QuestionError> {
        let day = parse_day(at, "the day of `--at`")?;
        let mut scenario = Scenario::never(contract);
        let mut assumed: Vec<EventId> = Vec::new();
        for a in assume {
            let (event, date) = parse_assumption(contract, a)?;
            if assumed.contains(&event) {
                return Err(QuestionError::new(
                    format!("`{}` is assumed twice", contract.event(event).named.name),
                    Some("give each event one `--assume`".into()),
                ));
            }
            assumed.push(event);
            scenario.set(event, date);
        }
        check_order(contract, &scenario, &assumed)?;
        let party = party.map(|p| find_party(contract, p)).transpose()?;
        let subject = subject.map(|s| find_subject(contract, s)).transpose()?;
        Ok(Question {
            day,
            scenario,
            assumed,
            party,
            subject,
        })
    }
}

fn parse_assumption(
    contract: &Contract,
    text: &str,
) -> Result<(EventId, Option<Day>), QuestionError> {
    let Some((name, value)) = text.split_once('=') else {
        return Err(QuestionError::new(
            format!("`--assume {text}` does not say when"),
            Some("write `--assume EVENT=YYYY-MM-DD` or `--assume EVENT=never`".into()),
        ));
    };
    let (name, value) = (name.trim(), value.trim());
    let event = contract.find_event(name).ok_or_else(|| {
        let names = contract.events.iter().map(|e| e.named.name.as_str());
        let help = did_you_mean(name, names.clone()).or_else(|| {
            let all: Vec<String> = names.map(|n| format!("`{n}`")).collect();
            Some(if all.is_empty() {
                "this contract declares no events".into()
            } else {
                format!("the events are {}", all.join(", "))
            })
        });
        QuestionError::new(format!("unknown event `{name}`"), help)
    })?;
    let date = match value {
        "never" => None,
        v => Some(parse_day(v, &format!("the day of `{name}`"))?),
    };
    Ok((event, date))
}

/// Rejects scenarios that break an ordering constraint, saying how to fix it.
fn check_order(
    contract: &Contract,
    scenario: &Scenario,
    assumed: &[EventId],
) -> Result<(), QuestionError> {
    for e in contract.event_ids() {
        let Some(day) = scenario.date(e) else {
            continue;
        };
        for &(before, strict) in &contract.event(e).after {
            let ok = match scenario.date(before) {
                Some(b) if strict => b < day,
                Some(b) => b <= day,
                None => false,
            };
            if ok {
                continue;
            }
            let (name, other) = (
                &contract.event(e).named.name,
                &contract.event(before).named.name,
            );
            let relation = if strict { "after" } else { "on or after" };
            let example = if strict { day.pred() } else { day };
            let help = if assumed.contains(&before) {
                format!("`{name}` can only happen {relation} `{other}`; change one of the days")
            } else {
                format!(
                    "`{other}` is not assumed, so it never happens; add `--assume {other}={example}` (or an earlier day)"
                )
            };
            return Err(QuestionError::new(
                format!("`{name}` on {day} must come {relation} `{other}`"),
                Some(help),
            ));
        }
    }
    Ok(())
}

fn find_party(contract: &Contract, name: &str) -> Result<PartyId, QuestionError> {
    contract.find_party(name).ok_or_else(|| {
        let names = contract.parties.iter().map(|p| p.name.as_str());
        QuestionError::new(format!("unknown party `{name}`"), did_you_mean(name, names))
    })
}

fn find_subject(contract: &Contract, path: &str) -> Result<(String, SubjectSet), QuestionError> {
    let t = &contract.subjects;
    match t.get(path) {
        Some(id) => Ok((path.to_string(), t.set_of(id))),
        None => Err(QuestionError::new(
            format!("unknown subject `{path}`"),
            did_you_mean(path, t.paths()),
        )),
    }
}

// ---------------------------------------------------------------- report

/// What `pactum query --format json` prints (docs/query.md).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub contract: Option<String>,
    pub at: Day,
    /// Every event: its day, or `"never"`.
    pub scenario: BTreeMap<String, String>,
    /// The events given with `--assume`; the others never happen.
    pub assumed: Vec<String>,
    pub party: Option<String>,
    pub subject: Option<String>,
    pub norms: Vec<NormReport>,
    pub facts: Vec<FactReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NormReport {
    pub clause: String,
    pub sources: Vec<String>,
    pub party: String,
    /// `may`, `must` or `must_not`.
    pub modality: &'static str,
    pub exclusive: bool,
    pub action: String,
    /// The subjects after exclusions, as the fewest dotted paths.
    pub subjects: Vec<String>,
    pub qualifiers: Qualifiers,
    /// The window as written, if it was.
    pub window: Option<String>,
    /// The first day the norm is active; `null` when it reaches back forever.
    pub from: Option<Day>,
    /// The first day it is no longer active; `null` when it never ends.
    pub until: Option<Day>,
    /// Active clauses this one takes precedence over here.
    pub overrides: Vec<String>,
    /// Active clauses that take precedence over this one here.
    pub overridden_by: Vec<String>,
}

/// `to` and `on` limits; `null` means no limit.
#[derive(Debug, Clone, Serialize)]
pub struct Qualifiers {
    pub to: Option<Vec<String>>,
    pub on: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactReport {
    pub name: String,
    pub quantity: String,
    /// The number; `null` for `tbd`.
    pub value: Option<f64>,
    /// `%`, a currency code, or `null` for plain numbers and `tbd`.
    pub unit: Option<String>,
    /// The value as written out, e.g. `27 %`.
    pub text: String,
    pub window: Option<String>,
    pub from: Option<Day>,
    pub until: Option<Day>,
}

fn names<T: Copy>(scope: &Scope<T>, name: impl Fn(T) -> String) -> Option<Vec<String>> {
    scope
        .as_ref()
        .map(|ids| ids.iter().map(|&i| name(i)).collect())
}

fn written(loaded: &Loaded, file: FileId, window: &Window) -> Option<String> {
    let span = window.span.clone()?;
    let text = loaded.sources.text(file).get(span)?;
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The state on the question's day, filtered, as a report.
pub fn report(loaded: &Loaded, q: &Question) -> Report {
    let c = &loaded.contract;
    let st = state(c, q.day, &q.scenario);
    let name = |id: crate::model::ClauseId| c.clause(id).named.name.clone();
    let norms = st
        .norms
        .iter()
        .filter(|n| {
            let norm = &c.clause(n.clause).norm;
            q.party.is_none_or(|p| norm.party == p)
                && q.subject
                    .as_ref()
                    .is_none_or(|(_, s)| norm.subjects.overlaps(s))
        })
        .map(|n| {
            let clause = c.clause(n.clause);
            let norm = &clause.norm;
            let overrides = st
                .norms
                .iter()
                .filter(|o| o.overridden_by.contains(&n.clause))
                .map(|o| name(o.clause))
                .collect();
            NormReport {
                clause: clause.named.name.clone(),
                sources: clause.sources.clone(),
                party: c.party(norm.party).name.clone(),
                modality: norm.modality.as_str(),
                exclusive: norm.exclusive,
                action: c.action(norm.action).name.clone(),
                subjects: c.subjects.describe(&norm.subjects),
                qualifiers: Qualifiers {
                    to: names(&norm.to, |p| c.party(p).name.clone()),
                    on: names(&norm.on, |q| c.qualifier(q).name.clone()),
                },
                window: written(loaded, clause.named.span.file, &clause.window),
                from: n.interval.from,
                until: n.interval.until,
                overrides,
                overridden_by: n.overridden_by.iter().map(|&o| name(o)).collect(),
            }
        })
        .collect();
    let facts = st
        .facts
        .iter()
        .map(|&f| {
            let fact = c.fact(f);
            let interval = crate::semantics::window_interval(&fact.window, &q.scenario);
            FactReport {
                name: fact.named.name.clone(),
                quantity: c.quantity(fact.quantity).named.name.clone(),
                value: fact.value.number(),
                unit: fact.value.unit(),
                text: fact.value.to_string(),
                window: written(loaded, fact.named.span.file, &fact.window),
                from: interval.and_then(|i| i.from),
                until: interval.and_then(|i| i.until),
            }
        })
        .collect();
    Report {
        contract: c.versions.last().and_then(|v| v.title.clone()),
        at: q.day,
        scenario: c
            .event_ids()
            .map(|e| {
                let when = q
                    .scenario
                    .date(e)
                    .map_or_else(|| "never".to_string(), |d| d.to_string());
                (c.event(e).named.name.clone(), when)
            })
            .collect(),
        assumed: q
            .assumed
            .iter()
            .map(|&e| c.event(e).named.name.clone())
            .collect(),
        party: q.party.map(|p| c.party(p).name.clone()),
        subject: q.subject.as_ref().map(|(s, _)| s.clone()),
        norms,
        facts,
    }
}

/// The resolved window in words: `2025-10-28 to 2032-12-31` (last day inclusive).
fn span_words(from: Option<Day>, until: Option<Day>) -> String {
    let start = from.map_or_else(|| "always".to_string(), |d| d.to_string());
    let end = until.map_or_else(|| "no end".to_string(), |d| d.pred().to_string());
    format!("{start} to {end}")
}

/// The report for a person.
pub fn human(report: &Report) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let title = report
        .contract
        .as_ref()
        .map_or(String::new(), |t| format!("contract \"{t}\" "));
    let _ = writeln!(out, "{title}on {}", report.at);
    if report.scenario.is_empty() {
        let _ = writeln!(out, "  (the contract declares no events)");
    }
    for (event, when) in &report.scenario {
        let note = if report.assumed.contains(event) {
            "assumed"
        } else {
            "not assumed, so never"
        };
        let _ = writeln!(out, "  {event} = {when}  ({note})");
    }
    let mut filter = Vec::new();
    if let Some(p) = &report.party {
        filter.push(format!("of `{p}`"));
    }
    if let Some(s) = &report.subject {
        filter.push(format!("about `{s}`"));
    }
    let filter = if filter.is_empty() {
        String::new()
    } else {
        format!(" {}", filter.join(" "))
    };
    out.push('\n');
    if report.norms.is_empty() {
        let _ = writeln!(out, "no active norm{filter}");
    } else {
        let n = report.norms.len();
        let _ = writeln!(
            out,
            "{n} active norm{}{filter}:",
            if n == 1 { "" } else { "s" }
        );
    }
    for n in &report.norms {
        write_norm(&mut out, n);
    }
    if report.party.is_some() || report.subject.is_some() {
        // Facts have no party or subject; a filtered question leaves them out.
        if !report.facts.is_empty() {
            let _ = writeln!(
                out,
                "\n({} facts in force; query without --party and --subject to see them)",
                report.facts.len()
            );
        }
    } else if !report.facts.is_empty() {
        let _ = writeln!(out, "\nfacts in force:");
        for f in &report.facts {
            let _ = writeln!(
                out,
                "  {}: {} = {}  ({})",
                f.name,
                f.quantity,
                f.text,
                span_words(f.from, f.until)
            );
        }
    }
    out
}

fn write_norm(out: &mut String, n: &NormReport) {
    use std::fmt::Write;
    let sources = if n.sources.is_empty() {
        String::new()
    } else {
        format!(" [{}]", n.sources.join(", "))
    };
    let _ = writeln!(out, "\n  {}{sources}", n.clause);
    let modality = match n.modality {
        "must_not" => "must not",
        m => m,
    };
    let only = if n.exclusive { "only " } else { "" };
    let mut line = format!(
        "{only}{} {modality} {} {}",
        n.party,
        n.action,
        n.subjects.join(", ")
    );
    if let Some(to) = &n.qualifiers.to {
        line.push_str(&format!(" to {}", to.join(", ")));
    }
    if let Some(on) = &n.qualifiers.on {
        line.push_str(&format!(" on {}", on.join(", ")));
    }
    let _ = writeln!(out, "    {line}");
    let written = n.window.as_deref().unwrap_or("(no window written)");
    let _ = writeln!(
        out,
        "    window: {written}  =  {}",
        span_words(n.from, n.until)
    );
    if !n.overrides.is_empty() {
        let _ = writeln!(out, "    overrides: {}", n.overrides.join(", "));
    }
    if !n.overridden_by.is_empty() {
        let _ = writeln!(out, "    overridden by: {}", n.overridden_by.join(", "));
    }
}

pub fn run(args: Args) -> u8 {
    let loaded = crate::model::load(&args.file, &mut read_from_disk);
    if loaded.unreadable {
        for d in &loaded.diagnostics {
            eprint!(
                "{}",
                diagnostics::render(d, &loaded.sources, args.color.enabled())
            );
        }
        return status::USAGE;
    }
    if loaded.has_errors() {
        let mut ds = loaded.diagnostics.clone();
        diagnostics::sort(&mut ds);
        for d in ds.iter().filter(|d| d.is_error()) {
            eprint!(
                "{}",
                diagnostics::render(d, &loaded.sources, args.color.enabled())
            );
        }
        eprintln!(
            "error: `{}` has errors; fix them before querying it",
            args.file.display()
        );
        return status::FINDINGS;
    }
    let question = Question::new(
        &loaded.contract,
        &args.at,
        &args.assume,
        args.party.as_deref(),
        args.subject.as_deref(),
    );
    let question = match question {
        Ok(q) => q,
        Err(e) => {
            eprintln!("error: {}", e.message);
            if let Some(help) = e.help {
                eprintln!("  help: {help}");
            }
            return status::USAGE;
        }
    };
    let report = report(&loaded, &question);
    match args.format {
        Format::Human => print!("{}", human(&report)),
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: cannot write JSON: {e}");
                return status::USAGE;
            }
        },
    }
    status::OK
}
