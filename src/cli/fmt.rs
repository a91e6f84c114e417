//! `pactum fmt [--check] [FILES...]`: rewrites files in the canonical layout
//! (docs/fmt.md). `-` reads standard input and writes standard output.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::{status, Color};
use crate::diagnostics;
use crate::source::Sources;
use crate::workspace::contract_files;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories to format (default: every .pactum file under
    /// contracts/); `-` formats standard input to standard output.
    files: Vec<PathBuf>,
    /// Change nothing; list the files that are not formatted, with a diff,
    /// and exit with status 1 if there are any.
    #[arg(long)]
    check: bool,
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

pub fn run(args: Args) -> u8 {
    let files = match files_to_format(&args.files) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return status::USAGE;
        }
    };
    let color = args.color.enabled();
    let outcomes: Vec<Outcome> = files
        .iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                format_stdin(args.check, color)
            } else {
                format_file(path, args.check, color)
            }
        })
        .collect();
    summarize(&files, &outcomes, args.check);
    exit_status(&outcomes)
}

/// The files named on the command line, with directories expanded to the
/// `.pactum` files in them; without names, the files under contracts/.
fn files_to_format(named: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if named.is_empty() {
        return match contract_files(Path::new("contracts")) {
            Ok(files) if !files.is_empty() => Ok(files),
            Ok(_) => Err("no .pactum files under contracts/; name the files to format".into()),
            Err(e) => Err(format!(
                "cannot list contracts/: {e}; name the files to format"
            )),
        };
    }
    let mut files = Vec::new();
    for path in named {
        if path.is_dir() {
            let found =
                contract_files(path).map_err(|e| format!("cannot list {}: {e}", path.display()))?;
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn format_file(path: &Path, check: bool, color: bool) -> Outcome {
    let shown = path.display().to_string();
    let text = match read_text(path) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Unusable;
        }
    };
    let formatted = match crate::fmt::format_source(&text) {
        Ok(formatted) => formatted,
        Err(diagnostics) => {
            show_diagnostics(&shown, &text, &diagnostics, color);
            eprintln!("error: {shown} is left unchanged because it does not parse");
            return Outcome::SyntaxErrors;
        }
    };
    if formatted == text {
        Outcome::Unchanged
    } else if check {
        print_diff(&shown, &text, &formatted);
        Outcome::WouldChange
    } else {
        match write_atomically(path, &formatted) {
            Ok(()) => {
                eprintln!("formatted {shown}");
                Outcome::Formatted
            }
            Err(e) => {
                eprintln!("error: cannot write {shown}: {e}");
                Outcome::Unusable
            }
        }
    }
}

/// For editors: the formatted text on standard output, or nothing and the
/// diagnostics on standard error.
fn format_stdin(check: bool, color: bool) -> Outcome {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("error: cannot read standard input: {e}");
        return Outcome::Unusable;
    }
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("error: standard input is not UTF-8 text");
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
                    eprintln!("error: cannot write standard output: {e}");
                    Outcome::Unusable
                }
            }
        }
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))
}

fn show_diagnostics(path: &str, text: &str, found: &[diagnostics::Diagnostic], color: bool) {
    let mut sources = Sources::new();
    // `format_source` reports into file id 0, the first file added here.
    sources.add(path, text);
    for d in found {
        eprint!("{}", diagnostics::render(d, &sources, color));
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

/// Replaces the file in one step: the new text goes to a temporary file in the
/// same directory (so the rename stays on one file system), with the old
/// file's permissions, and is renamed over the old file. A reader never sees
/// half a file, and a failed write leaves the old file in place.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    // Through a symbolic link, the link's target is the file to replace.
    let path = std::fs::canonicalize(path)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.fmt.tmp", std::process::id()));
    let permissions = std::fs::metadata(&path)?.permissions();
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::set_permissions(&tmp, permissions)?;
        std::fs::rename(&tmp, &path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn summarize(files: &[PathBuf], outcomes: &[Outcome], check: bool) {
    let count = |o: Outcome| outcomes.iter().filter(|&&x| x == o).count();
    let changed = count(Outcome::WouldChange);
    if check && changed > 0 {
        eprintln!(
            "{changed} of {} file{} would be reformatted",
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
