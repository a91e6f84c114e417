//! The `pactum` command line: a thin front end over the library.

/// Writes to standard error without panicking when it is closed or is a
/// pipe whose reader has gone away (`pactum check 2>&1 | head`): there is
/// nowhere left to report such a failure, so it is ignored.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod check;
mod completions;
mod diff;
mod explain;
mod export;
mod fmt;
mod gen;
mod init;
mod query;
mod report;
mod schedule;
mod timeline;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Contracts as formal, checkable specifications.
#[derive(Debug, Parser)]
#[command(name = "pactum", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse, resolve and check contract files.
    Check(check::Args),
    /// Print a synthetic contract (for benchmarks and experiments).
    Gen(gen::Args),
    /// Show the norms and facts in force on a date in a scenario.
    Query(query::Args),
    /// Rewrite files in the canonical layout, keeping every comment.
    Fmt(fmt::Args),
    /// Run the language server on standard input and output.
    Lsp(LspArgs),
    /// Show the documentation of a diagnostic code, with an example.
    Explain(explain::Args),
    /// Write a small commented contract and an invariant test to start from.
    Init(init::Args),
    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions(completions::Args),
    /// Print the resolved contract as JSON for other tools (docs/export.md).
    Export(export::Args),
    /// Show the normative change between two versions of a contract.
    Diff(diff::Args),
    /// Draw who holds which right when, as one self-contained HTML page.
    Timeline(timeline::Args),
    /// List every dated obligation (instalments, deadlines) in date order.
    Schedule(schedule::Args),
}

#[derive(Debug, clap::Args)]
struct LspArgs {
    /// Talk over standard input and output (the only transport; editors pass it).
    #[arg(long)]
    stdio: bool,
}

/// How a subcommand reports its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum Format {
    /// Diagnostics drawn for a person, on standard error.
    #[default]
    Human,
    /// One JSON document on standard output (docs/json.md).
    Json,
}

/// Whether human output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum Color {
    #[default]
    Auto,
    Always,
    Never,
}

impl Color {
    pub(crate) fn enabled(self) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
            }
        }
    }
}

/// Exit statuses shared by every subcommand.
pub(crate) mod status {
    pub(crate) const OK: u8 = 0;
    pub(crate) const FINDINGS: u8 = 1;
    pub(crate) const USAGE: u8 = 2;
}

/// Runs the `pactum` command with the process's arguments and returns its exit status.
///
/// This is the whole command line; `src/main.rs` only calls it.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                status::USAGE
            } else {
                status::OK
            });
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Lsp(_) => crate::lsp::run() as u8,
        Command::Fmt(args) => fmt::run(args),
        Command::Query(args) => query::run(args),
        Command::Gen(args) => gen::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Init(args) => init::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Export(args) => export::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Timeline(args) => timeline::run(args),
        Command::Schedule(args) => schedule::run(args),
    };
    ExitCode::from(code)
}

/// Writes `text` to standard output. A reader that has gone away (`pactum
/// check --format json FILE | head`) is not an error: the rest of the output is
/// simply not wanted, as for any Unix tool. Any other failure is said on
/// standard error, and the result is false.
pub(crate) fn write_stdout(text: &str) -> bool {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            say!("error: cannot write standard output: {e}\n");
            false
        }
    }
}

/// Reads a file from disk; the loader's view of the file system.
pub(crate) fn read_from_disk(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    crate::fs::read_contract(path)
}

/// Loads a contract for a command that needs it whole (`query`, `diff`,
/// `timeline`, `export`): a file that cannot be read is reported with every
/// diagnostic and [`status::USAGE`]; a contract with errors with its errors,
/// in order, a line saying what `doing` needs, and [`status::FINDINGS`]. A
/// model with errors is missing what did not resolve, so no command answers
/// from it.
pub(crate) fn load_whole(
    path: &std::path::Path,
    color: bool,
    doing: &str,
) -> Result<crate::model::Loaded, u8> {
    let loaded = crate::model::load(path, &mut read_from_disk);
    if loaded.unreadable {
        for d in &loaded.diagnostics {
            say!("{}", crate::diagnostics::render(d, &loaded.sources, color));
        }
        return Err(status::USAGE);
    }
    if loaded.has_errors() {
        let mut ds = loaded.diagnostics.clone();
        crate::diagnostics::sort(&mut ds);
        for d in ds.iter().filter(|d| d.is_error()) {
            say!("{}", crate::diagnostics::render(d, &loaded.sources, color));
        }
        say!(
            "error: `{}` has errors; fix them before {doing}\n",
            path.display()
        );
        return Err(status::FINDINGS);
    }
    Ok(loaded)
}
