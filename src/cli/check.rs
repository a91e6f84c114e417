//! `pactum check [FILES...]`

use std::collections::HashSet;
use std::path::PathBuf;

use serde::Serialize;

use super::{read_from_disk, status, Color, Format};
use crate::diagnostics::{self, JsonDiagnostic, Severity};
use crate::model::Loaded;
use crate::workspace::{files_to_process, STDIN};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Contract files or directories to check (directories recursively, for
    /// their .pactum files); `-` checks standard input, named `<stdin>` in
    /// diagnostics (default: every .pactum file under contracts/).
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// When to color terminal output.
    #[arg(long, value_enum, default_value_t)]
    color: Color,
}

#[derive(Debug, Serialize)]
struct JsonReport {
    files: Vec<String>,
    diagnostics: Vec<JsonDiagnostic>,
    summary: Summary,
}

#[derive(Debug, Default, Clone, Copy, Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl Summary {
    fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
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
    let color = args.color.enabled();
    let mut summary = Summary::default();
    let mut json = Vec::new();
    let mut seen = HashSet::new();
    let mut unreadable = false;
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
    let amended = amended_by_another(&checked);
    for loaded in &checked {
        unreadable |= loaded.unreadable;
        // A contract that another file in the run amends is checked as part
        // of that file's chain: on its own it would report, say, clauses as
        // open-ended that its amendment ends.
        if loaded.main_path().is_some_and(|p| amended.contains(&p)) {
            continue;
        }
        for d in &loaded.diagnostics {
            let record = JsonDiagnostic::of(d, &loaded.sources);
            // A file checked on its own and again as the history of a later
            // contract reports its findings once.
            let key = serde_json::to_string(&record).unwrap_or_default();
            if !seen.insert(key) {
                continue;
            }
            summary.count(d.severity);
            match args.format {
                Format::Human => say!("{}", diagnostics::render(d, &loaded.sources, color)),
                Format::Json => json.push(record),
            }
        }
    }
    match args.format {
        Format::Human => say!(
            "checked {} file{}: {} error{}, {} warning{}, {} info\n",
            files.len(),
            plural(files.len()),
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings),
            summary.infos,
        ),
        Format::Json => {
            let report = JsonReport {
                files: files.iter().map(|f| shown(f)).collect(),
                diagnostics: json,
                summary,
            };
            match serde_json::to_string_pretty(&report) {
                Ok(text) => {
                    if !super::write_stdout(&(text + "\n")) {
                        unreadable = true;
                    }
                }
                Err(e) => say!("error: cannot write JSON: {e}\n"),
            }
        }
    }
    // The process ends next and the system takes its memory back at once;
    // freeing a model of 100 000 clauses piece by piece took 140 ms.
    std::mem::forget(checked);
    if unreadable {
        status::USAGE
    } else if summary.errors > 0 {
        status::FINDINGS
    } else {
        status::OK
    }
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

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
