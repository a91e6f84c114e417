//! `pactum check [FILES|DIRS|-]...`: checks each contract and reports as it
//! goes, in the format asked for (src/cli/report.rs).

use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;

use super::report::{CheckFormat, Report, Summary};
use super::{read_from_disk, status, Color};
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::model::Loaded;
use crate::workspace::{files_to_process, STDIN};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Contract files or directories to check (directories recursively, for
    /// their .pactum files); `-` checks standard input, named `<stdin>` in
    /// diagnostics (default: every .pactum file under contracts/).
    files: Vec<PathBuf>,
    /// Output format: `human` on standard error; `json`, `sarif` (SARIF
    /// 2.1.0, for code scanning) and `github` (workflow annotations) on
    /// standard output.
    #[arg(long, value_enum, default_value_t)]
    format: CheckFormat,
    /// When to color terminal output.
    #[arg(long, value_enum, default_value_t)]
    color: Color,
    /// Exit with status 1 when any diagnostic of this level is reported
    /// (allowed ones do not count), as for errors.
    #[arg(long, value_enum, value_name = "LEVEL")]
    deny: Vec<Deny>,
}

/// What `--deny` makes fail the check besides errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Deny {
    /// Any warning.
    Warnings,
}

/// What makes two diagnostics the same finding: a file checked on its own
/// and again as the history of a later contract reports its findings once.
/// The key borrows from the checked models, which outlive the run; it is
/// compared field by field, never serialized.
#[derive(PartialEq, Eq, Hash)]
struct Key<'a> {
    code: Code,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    labels: Vec<(&'a str, Range<usize>, &'a str)>,
}

impl<'a> Key<'a> {
    fn of(d: &'a Diagnostic, loaded: &'a Loaded) -> Self {
        Key {
            code: d.code,
            severity: d.severity,
            message: &d.message,
            help: d.help.as_deref(),
            labels: (d.labels.iter())
                .map(|l| {
                    let path = loaded.sources.path(l.span.file);
                    (path, l.span.range.clone(), l.message.as_str())
                })
                .collect(),
        }
    }
}

pub(crate) fn run(args: Args) -> u8 {
    let files = match files_to_process(&args.files, "name the files to check") {
        Ok(files) => files,
        Err(message) => {
            say!("error: {message}\n");
            return status::USAGE;
        }
    };
    for path in &args.files {
        if path.as_os_str() != STDIN && path.is_dir() && !files.iter().any(|f| f.starts_with(path))
        {
            // A CI step pointed at the wrong directory must not pass for
            // having found nothing to check.
            say!("error: no .pactum files under {}\n", path.display());
            return status::USAGE;
        }
    }
    let mut stdin = None;
    let checked: Vec<Loaded> = files
        .iter()
        .map(|path| {
            if path.as_os_str() == STDIN {
                check_stdin(&mut stdin)
            } else {
                crate::check::check_file(path, &mut read_from_disk)
            }
        })
        .collect();
    let unreadable = checked.iter().any(|l| l.unreadable);
    // A contract that another file in the run amends is checked as part of
    // that file's chain: on its own it would report, say, clauses as
    // open-ended that its amendment ends.
    let amended = amended_by_another(&checked);
    let reported: Vec<&Loaded> = (checked.iter())
        .filter(|l| !l.main_path().is_some_and(|p| amended.contains(&p)))
        .collect();
    let shown_files: Vec<String> = files.iter().map(|f| shown(f)).collect();
    let (summary, failed) = if args.format == CheckFormat::Human {
        let out = std::io::stderr().lock();
        report(
            &reported,
            &shown_files,
            Report::new(args.format, args.color.enabled(), out),
        )
    } else {
        let out = std::io::BufWriter::new(std::io::stdout().lock());
        report(
            &reported,
            &shown_files,
            Report::new(args.format, false, out),
        )
    };
    let write_failed = match failed {
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => false,
        Some(e) => {
            say!("error: cannot write the report: {e}\n");
            true
        }
        None => false,
    };
    // The process ends next and the system takes its memory back at once;
    // freeing a model of 100 000 clauses piece by piece took 140 ms.
    std::mem::forget(checked);
    let denied = args.deny.contains(&Deny::Warnings) && summary.warnings > 0;
    if unreadable || write_failed {
        status::USAGE
    } else if summary.errors > 0 || denied {
        status::FINDINGS
    } else {
        status::OK
    }
}

/// Writes every finding of the checked contracts to `report` as it comes,
/// each once, and returns the counts and the first write error.
fn report<W: std::io::Write>(
    checked: &[&Loaded],
    files: &[String],
    mut report: Report<W>,
) -> (Summary, Option<std::io::Error>) {
    let mut summary = Summary::default();
    let mut seen = HashSet::new();
    report.begin(files);
    for &loaded in checked {
        for d in &loaded.diagnostics {
            if seen.insert(Key::of(d, loaded)) {
                summary.count(d.severity);
                report.diagnostic(d, loaded);
            }
        }
    }
    for &loaded in checked {
        for a in &loaded.allowed {
            if seen.insert(Key::of(&a.diagnostic, loaded)) {
                summary.allowed += 1;
                report.allowed(a, loaded);
            }
        }
        for r in &loaded.assertions {
            summary.count_assertion(r);
        }
    }
    report.end(checked, files.len(), &summary);
    (summary, report.failed)
}

/// The name standard input has in diagnostics and in the JSON `files`.
const STDIN_NAME: &str = "<stdin>";

/// A checked file as the output names it.
fn shown(path: &std::path::Path) -> String {
    if path.as_os_str() == STDIN {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// Checks the contract on standard input as the file [`STDIN_NAME`]: the
/// contracts it amends are read from disk, relative to the current
/// directory. Reading goes through the loader as for a file, so that bytes
/// that are not UTF-8 are reported the same way.
fn check_stdin(read: &mut Option<std::io::Result<Vec<u8>>>) -> Loaded {
    use std::io::Read;
    let read = read.get_or_insert_with(|| {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
    });
    let name = std::path::Path::new(STDIN_NAME);
    crate::check::check_file(name, &mut |path| {
        if path == name {
            match read {
                Ok(bytes) => Ok(bytes.clone()),
                Err(e) => Err(std::io::Error::new(e.kind(), e.to_string())),
            }
        } else {
            read_from_disk(path)
        }
    })
}

/// The files that some other checked file's amendment chain includes.
fn amended_by_another(checked: &[Loaded]) -> HashSet<PathBuf> {
    checked
        .iter()
        .flat_map(|l| {
            let mut chain = l.chain_files();
            chain.pop(); // the file asked for
            chain
        })
        .collect()
}
