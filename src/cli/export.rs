//! `pactum export FILE --format json`: the resolved contract as data for
//! other tools. The library builds it ([`crate::export::export`]); this front
//! end loads the file, refuses one with errors, and prints the document.

use std::path::PathBuf;

use super::{status, Color};

/// What `pactum export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub(crate) enum ExportFormat {
    /// One JSON document on standard output (docs/export.md).
    #[default]
    Json,
}

/// The flags of `pactum export`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The contract file to export (with the contracts it amends).
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ExportFormat,
    /// When to color diagnostics.
    #[arg(long, value_enum, default_value_t)]
    color: Color,
}

/// Runs `pactum export`; the exit status is in [`status`].
pub(crate) fn run(args: Args) -> u8 {
    // A model with errors is missing what did not resolve: exporting it
    // would hand other tools a contract that is not the one written.
    let loaded = match super::load_whole(&args.file, args.color.enabled(), "exporting it") {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let ExportFormat::Json = args.format;
    match serde_json::to_string_pretty(&crate::export::export(&loaded)) {
        Ok(mut text) => {
            text.push('\n');
            if super::write_stdout(&text) {
                status::OK
            } else {
                status::USAGE
            }
        }
        Err(e) => {
            say!("error: cannot write JSON: {e}\n");
            status::USAGE
        }
    }
}
