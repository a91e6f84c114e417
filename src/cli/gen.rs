//! `pactum gen --clauses N [--seed S] [--no-conflicts]`: a synthetic contract
//! on standard output, for benchmarks and experiments.

use std::io::Write;

use super::status;
use crate::gen::{agreement, generate, AgreementOptions, Options};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// How many clauses to write.
    #[arg(long, default_value_t = 1000)]
    clauses: usize,
    /// The same seed gives the same contract.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Keep every precedence, so that the contract has no conflicts.
    #[arg(long)]
    no_conflicts: bool,
    /// The share of clause blocks that get a planted conflict.
    #[arg(long, default_value_t = 0.02)]
    conflict_rate: f64,
    /// Write an agreement shaped like a real one instead (a term, powers,
    /// cures, deadlines, survival), with `--clauses` clauses and this many
    /// events.
    #[arg(long, value_name = "EVENTS")]
    agreement: Option<usize>,
}

pub(crate) fn run(args: Args) -> u8 {
    let text = match args.agreement {
        Some(events) => agreement(&AgreementOptions {
            events,
            clauses: args.clauses,
            seed: args.seed,
        }),
        None => {
            generate(&Options {
                clauses: args.clauses,
                seed: args.seed,
                plant: !args.no_conflicts,
                conflict_rate: args.conflict_rate,
            })
            .text
        }
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()) {
        Ok(()) => status::OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => status::OK,
        Err(e) => {
            say!("error: cannot write the contract: {e}\n");
            status::FINDINGS
        }
    }
}
