//! `pactum schedule FILE [--assume EVENT=DATE|never|INPUT=VALUE]... [--from D] [--to D]
//! [--format human|json|csv]`: every dated obligation in one scenario, in
//! date order. The library computes the calendar
//! ([`crate::views::schedule::schedule`]); this front end parses the flags
//! and prints it (docs/schedule.md).

use std::path::PathBuf;

use super::{status, Color};
use crate::semantics::query::parse_day;
use crate::views::schedule;

/// How `pactum schedule` prints the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub(crate) enum ScheduleFormat {
    /// One line per obligation, for a person.
    #[default]
    Human,
    /// One JSON document (docs/schedule.md).
    Json,
    /// Comma-separated values with a header line, for a spreadsheet.
    Csv,
}

/// The flags of `pactum schedule`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The contract file.
    file: PathBuf,
    /// When an event happens, or an input's value (repeatable). Events not assumed never happen.
    #[arg(long, value_name = "EVENT=DATE|never|INPUT=VALUE")]
    assume: Vec<String>,
    /// List only obligations due on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// List only obligations due on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ScheduleFormat,
    /// When to color diagnostics.
    #[arg(long, value_enum, default_value_t)]
    color: Color,
}

/// Runs `pactum schedule`; the exit status is in [`status`].
pub(crate) fn run(args: Args) -> u8 {
    let loaded = match super::load_whole(&args.file, args.color.enabled(), "listing its schedule") {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let day =
        |text: &Option<String>, what: &str| text.as_deref().map(|t| parse_day(t, what)).transpose();
    let calendar = day(&args.from, "`--from`").and_then(|from| {
        let to = day(&args.to, "`--to`")?;
        schedule::schedule(&loaded.contract, &args.assume, from, to)
    });
    let calendar = match calendar {
        Ok(c) => c,
        Err(e) => {
            say!("error: {}\n", e.message);
            if let Some(help) = e.help {
                say!("  help: {help}\n");
            }
            return status::USAGE;
        }
    };
    let text = match args.format {
        ScheduleFormat::Human => schedule::human(&calendar),
        ScheduleFormat::Csv => schedule::csv(&calendar),
        ScheduleFormat::Json => match serde_json::to_string_pretty(&calendar) {
            Ok(text) => text + "\n",
            Err(e) => {
                say!("error: cannot write JSON: {e}\n");
                return status::USAGE;
            }
        },
    };
    if super::write_stdout(&text) {
        status::OK
    } else {
        status::USAGE
    }
}
