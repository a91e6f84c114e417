//! `pactum completions SHELL`: a completion script for the shell, generated
//! by clap_complete from the same definition clap parses the command line
//! with, so every subcommand and flag is completed as it is.

use clap::CommandFactory;

use super::{status, write_stdout, Cli};

/// The flags of `pactum completions`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// The completion script for `shell`.
pub(crate) fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "pactum", &mut out);
    out
}

/// Runs `pactum completions`; the exit status is in [`status`].
pub(crate) fn run(args: Args) -> u8 {
    let text = String::from_utf8_lossy(&script(args.shell)).into_owned();
    if write_stdout(&text) {
        status::OK
    } else {
        status::USAGE
    }
}
