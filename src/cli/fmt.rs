//! `pactum fmt [--check] [FILES...]`: rewrites files in the canonical layout
//! (docs/fmt.md). `-` reads standard input and writes standard output.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::{status, Color};
use crate::diagnostics;
use crate::fs::{Refused, Replaced, Snapshot};
use crate::source::Sources;
use crate::workspace::{files_to_process, STDIN};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files or directories to format (default: every .pactum file under
    /// contracts/); `-` formats standard input to standard output.
    files: Vec<PathBuf>,
    /// Change nothing; list the files that are not formatted, with a diff,
    /// and exit with status 1 if there are any.
    #[arg(long)]
    check: bool,
    /// Also rewrite read-only files (they stay read-only).
    #[arg(long)]
    force: bool,
    /// When to color diagnostics.
    #[arg(long, value_enum, default_value_t)]
    color: Color,
}

/// Lines of diff shown per file by `--check`.
const DIFF_LINES: usize = 40;

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Unchanged,
    Formatted,
    WouldChange,
    SyntaxErrors,
    Unusable,
}

pub(crate) fn run(args: Args) -> u8 {
    let files = match files_to_process(&args.files, "name the files to format") {
        Ok(files) => files,
        Err(message) => {
            say!("error: {message}\n");
            return status::USAGE;
        }
    };
    let color = args.color.enabled();
    let outcomes: Vec<Outcome> = files
        .iter()
        .map(|path| {
            if path.as_os_str() == STDIN {
                format_stdin(args.check, color)
            } else {
                format_file(path, args.check, args.force, color)
            }
        })
        .collect();
    summarize(&files, &outcomes, args.check);
    exit_status(&outcomes)
}

fn format_file(path: &Path, check: bool, force: bool, color: bool) -> Outcome {
    let shown = path.display().to_string();
    let snapshot = match Snapshot::read(path) {
        Ok(snapshot) => snapshot,
        Err(refused) => {
            say!("error: {}\n", refusal(&shown, &refused));
            return Outcome::Unusable;
        }
    };
    let Ok(text) = std::str::from_utf8(snapshot.bytes()) else {
        say!("error: {shown} is not UTF-8 text\n");
        return Outcome::Unusable;
    };
    let formatted = match crate::fmt::format_source(text) {
        Ok(formatted) => formatted,
        Err(diagnostics) => {
            show_diagnostics(&shown, text, &diagnostics, color);
            say!("error: {shown} is left unchanged because it does not parse\n");
            return Outcome::SyntaxErrors;
        }
    };
    if formatted == text {
        Outcome::Unchanged
    } else if check {
        print_diff(&shown, text, &formatted);
        Outcome::WouldChange
    } else {
        match snapshot.replace(formatted.as_bytes(), force) {
            Ok(how) => {
                say!("formatted {shown}{}\n", how_written(path, &snapshot, how));
                Outcome::Formatted
            }
            Err(refused) => {
                say!("error: {}\n", refusal(&shown, &refused));
                Outcome::Unusable
            }
        }
    }
}

/// What became of links, when there are any: a symbolic link is followed and
/// its target rewritten; hard links all keep pointing at the one file.
fn how_written(path: &Path, snapshot: &Snapshot, how: Replaced) -> String {
    let through_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let mut note = String::new();
    if through_link {
        note = format!(" (the link's target, {})", snapshot.path().display());
    }
    if let Replaced::InPlace(links) = how {
        note.push_str(&format!(
            " in place: it has {links} hard links, and all of them show the formatted text"
        ));
    }
    note
}

/// Why the file at `shown` was left as it is, naming what is at fault: the
/// file, or its directory when the directory refuses the new file.
fn refusal(shown: &str, refused: &Refused) -> String {
    match refused {
        Refused::Read(e) => match crate::fs::not_a_file(e) {
            Some(why) => format!("cannot read {shown}: {why}"),
            None => format!("cannot read {shown}: {e}"),
        },
        Refused::Locked => format!(
            "{shown} is locked by another program (being saved?); left as it is, run `pactum fmt` again"
        ),
        Refused::Changed => format!(
            "{shown} changed while it was being formatted; left as it is (with the other change), run `pactum fmt` again"
        ),
        Refused::ReadOnly => {
            format!("{shown} is read-only; left as it is (`pactum fmt --force` formats it and keeps it read-only)")
        }
        Refused::Directory(dir, e) => format!(
            "cannot write in the directory {} (to replace {shown}): {e}; {shown} is left as it is",
            dir.display()
        ),
        Refused::Owner { uid, gid, error } => format!(
            "cannot give the formatted {shown} its owner and group (uid {uid}, gid {gid}): {error}; left as it is"
        ),
        Refused::Write(e) => format!("cannot write {shown}: {e}; left as it is"),
    }
}

/// For editors: the formatted text on standard output, or nothing and the
/// diagnostics on standard error.
fn format_stdin(check: bool, color: bool) -> Outcome {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        say!("error: cannot read standard input: {e}\n");
        return Outcome::Unusable;
    }
    let Ok(text) = String::from_utf8(bytes) else {
        say!("error: standard input is not UTF-8 text\n");
        return Outcome::Unusable;
    };
    match crate::fmt::format_source(&text) {
        Err(diagnostics) => {
            show_diagnostics("<stdin>", &text, &diagnostics, color);
            Outcome::SyntaxErrors
        }
        Ok(formatted) if check => {
            if formatted == text {
                Outcome::Unchanged
            } else {
                print_diff("<stdin>", &text, &formatted);
                Outcome::WouldChange
            }
        }
        Ok(formatted) => {
            let mut out = std::io::stdout().lock();
            match out
                .write_all(formatted.as_bytes())
                .and_then(|()| out.flush())
            {
                Ok(()) => Outcome::Formatted,
                Err(e) => {
                    say!("error: cannot write standard output: {e}\n");
                    Outcome::Unusable
                }
            }
        }
    }
}

fn show_diagnostics(path: &str, text: &str, found: &[diagnostics::Diagnostic], color: bool) {
    let mut sources = Sources::new();
    // `format_source` reports into file id 0, the first file added here.
    sources.add(path, text);
    for d in found {
        say!("{}", diagnostics::render(d, &sources, color));
    }
}

/// A unified diff of the change, cut short after [`DIFF_LINES`] lines.
fn print_diff(path: &str, old: &str, new: &str) {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(path, &format!("{path} (formatted)"))
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = std::io::stdout().lock();
    for line in lines.iter().take(DIFF_LINES) {
        let _ = writeln!(out, "{line}");
    }
    if lines.len() > DIFF_LINES {
        let _ = writeln!(out, "... {} more diff lines", lines.len() - DIFF_LINES);
    }
}

fn summarize(files: &[PathBuf], outcomes: &[Outcome], check: bool) {
    let count = |o: Outcome| outcomes.iter().filter(|&&x| x == o).count();
    let changed = count(Outcome::WouldChange);
    if check && changed > 0 {
        say!(
            "{changed} of {} file{} would be reformatted\n",
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        );
    }
}

/// 2 if a file could not be read or written, else 1 if a file has syntax
/// errors or (with `--check`) is not formatted, else 0.
fn exit_status(outcomes: &[Outcome]) -> u8 {
    match outcomes.iter().max() {
        Some(Outcome::Unusable) => status::USAGE,
        Some(Outcome::SyntaxErrors | Outcome::WouldChange) => status::FINDINGS,
        _ => status::OK,
    }
}
