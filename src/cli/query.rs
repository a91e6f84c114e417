//! `pactum query FILE --at DATE [--assume EVENT=DATE|never]...`: the norms and
//! facts in force on one day in one scenario. This front end parses the
//! flags into a [`Question`], asks the library ([`answer`]) and renders the
//! [`Answer`]; docs/query.md documents the output.

use std::path::PathBuf;

use super::{status, Color, Format};
use crate::print;
use crate::semantics::query::{answer, Answer, Filters, NormAnswer, Question};

/// The flags of `pactum query`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The contract file to query.
    file: PathBuf,
    /// The day to look at, as YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    at: String,
    /// When an event happens, or an input's value (repeatable). Events
    /// not assumed never happen, unless assumed inputs decide them.
    #[arg(long, value_name = "EVENT=DATE|never|INPUT=VALUE")]
    assume: Vec<String>,
    /// Show only the norms of this party.
    #[arg(long, value_name = "PARTY")]
    party: Option<String>,
    /// Show only norms about this subject (a part of it, or a whole containing it).
    #[arg(long, value_name = "SUBJECT")]
    subject: Option<String>,
    /// Show only norms directed to this party (by `to`), or to anyone.
    #[arg(long, value_name = "PARTY")]
    to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// When to color diagnostics.
    #[arg(long, value_enum, default_value_t)]
    color: Color,
    /// Instead of the answer, print a `cargo test` case asserting that no
    /// assertion is violated and no clauses conflict on this day in this
    /// scenario, so that a fixed mistake stays fixed (run it from the package
    /// root: the test finds FILE from there).
    #[arg(long)]
    emit_test: bool,
}

/// The answer for a person.
pub(crate) fn human(report: &Answer) -> String {
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
        } else if report.decided.contains(event) {
            "decided by the inputs"
        } else {
            "not assumed, so never"
        };
        let _ = writeln!(out, "  {event} = {when}  ({note})");
    }
    for (input, value) in &report.inputs {
        let _ = writeln!(out, "  {input} = {value}  (assumed input)");
    }
    let mut filter = Vec::new();
    if let Some(p) = &report.party {
        filter.push(format!("of `{p}`"));
    }
    if let Some(s) = &report.subject {
        filter.push(format!("about `{s}`"));
    }
    if let Some(p) = &report.to {
        filter.push(format!("directed to `{p}`"));
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
    if !report.precedence.is_empty() {
        let _ = writeln!(
            out,
            "\nwhat prevails where two of them apply to the same act:"
        );
        for p in &report.precedence {
            let _ = writeln!(out, "  {}", print::precedence(p));
        }
    }
    if !report.amounts.is_empty() {
        let _ = writeln!(out, "\namounts over the inputs:");
        for a in &report.amounts {
            let _ = writeln!(out, "  {}: {}", a.name, a.amount.computed);
        }
    }
    if !report.interest.is_empty() {
        let _ = writeln!(out, "\nlate-payment interest:");
        for i in &report.interest {
            let paid = i
                .paid
                .map_or_else(|| "unpaid".to_string(), |p| format!("paid {p}"));
            let _ = writeln!(
                out,
                "  {} (due {}, {paid}): {} under `{}`, from {} through {}",
                i.clause, i.due, i.text, i.interest, i.from, i.through
            );
            let _ = writeln!(out, "    {}", i.computed);
        }
    }
    if report.party.is_some() || report.subject.is_some() || report.to.is_some() {
        // Facts have no party or subject; a filtered question leaves them out.
        if !report.facts.is_empty() {
            let _ = writeln!(
                out,
                "\n({} facts in force; query without --party, --subject and --to to see them)",
                report.facts.len()
            );
        }
    } else if !report.facts.is_empty() {
        let _ = writeln!(out, "\nfacts in force:");
        for f in &report.facts {
            let _ = writeln!(
                out,
                "  {}: {} = {}  ({})",
                f.name, f.quantity, f.text, f.in_force
            );
        }
    }
    out
}

fn write_norm(out: &mut String, n: &NormAnswer) {
    use std::fmt::Write;
    let sources = if n.sources.is_empty() {
        String::new()
    } else {
        format!(" [{}]", n.sources.join(", "))
    };
    let _ = writeln!(out, "\n  {}{sources}", n.clause);
    let _ = writeln!(out, "    {}", n.norm);
    let written = n.window.as_deref().unwrap_or("(no window written)");
    let _ = writeln!(out, "    window: {written}  =  {}", n.in_force);
    if let Some(a) = &n.amount {
        let _ = writeln!(out, "    amount: {}", a.computed);
    }
    if !n.overrides.is_empty() {
        let _ = writeln!(out, "    overrides: {}", n.overrides.join(", "));
    }
    if !n.overridden_by.is_empty() {
        let _ = writeln!(out, "    overridden by: {}", n.overridden_by.join(", "));
    }
}

/// Runs `pactum query`; the exit status is in [`status`].
pub(crate) fn run(args: Args) -> u8 {
    let loaded = match super::load_whole(&args.file, args.color.enabled(), "querying it") {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let filters = Filters {
        party: args.party.as_deref(),
        subject: args.subject.as_deref(),
        to: args.to.as_deref(),
    };
    let question = Question::new(&loaded.contract, &args.at, &args.assume, &filters);
    let question = match question {
        Ok(q) => q,
        Err(e) => {
            say!("error: {}\n", e.message);
            if let Some(help) = e.help {
                say!("  help: {help}\n");
            }
            return status::USAGE;
        }
    };
    if args.emit_test {
        return emit_test(&loaded.contract, &args.file, &question);
    }
    let report = answer(&loaded, &question);
    match args.format {
        Format::Human => {
            if !super::write_stdout(&human(&report)) {
                return status::USAGE;
            }
        }
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(text) => {
                if !super::write_stdout(&(text + "\n")) {
                    return status::USAGE;
                }
            }
            Err(e) => {
                say!("error: cannot write JSON: {e}\n");
                return status::USAGE;
            }
        },
    }
    status::OK
}

/// `--emit-test`: the regression test of what is wrong on the question's
/// day in its scenario ([`crate::regression::emit_test`]).
fn emit_test(contract: &crate::model::Contract, file: &std::path::Path, q: &Question) -> u8 {
    // The test names the file with forward slashes, as Rust's `concat!` path
    // and every platform's file functions accept.
    let file = file.to_string_lossy().replace('\\', "/");
    match crate::regression::emit_test(contract, &file, q.day, &q.scenario) {
        Some(test) if super::write_stdout(&test) => status::OK,
        Some(_) => status::USAGE,
        None => {
            say!(
                "error: nothing to emit: on {} in this scenario no assertion is violated and no \
                 clauses conflict\n  help: `pactum check {file}` names the violated assertions \
                 (each with the `pactum query` command of a counterexample) and the conflicts \
                 (with the days and events where they occur)\n",
                q.day
            );
            status::FINDINGS
        }
    }
}
