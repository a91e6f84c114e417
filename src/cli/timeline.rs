//! `pactum timeline FILE [--assume EVENT=DATE|never]... [--from D] [--to D]
//! [-o FILE]`: the contract's timeline as one self-contained HTML page
//! (docs/timeline.md). This front end parses the flags, asks the library for
//! the timeline ([`crate::views::timeline::build`]) and its page
//! ([`crate::views::timeline::html::render`]), and writes it.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{read_from_disk, status, Color};
use crate::diagnostics;
use crate::fs::Refused;
use crate::semantics::query::{assumed_scenario, parse_day, QuestionError};
use crate::views::timeline::{build, html, Options};

/// The flags of `pactum timeline`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The contract file to draw.
    file: PathBuf,
    /// When an event happens in every scenario shown (repeatable). Events not
    /// assumed never happen in the first scenario; the others vary them.
    #[arg(long, value_name = "EVENT=DATE|never")]
    assume: Vec<String>,
    /// The first day shown, as YYYY-MM-DD (default: chosen from the contract).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// The last day shown, as YYYY-MM-DD (default: chosen from the contract).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Write the page to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// When to color diagnostics.
    #[arg(long, value_enum, default_value_t)]
    color: Color,
}

fn usage(e: QuestionError) -> u8 {
    say!("error: {}\n", e.message);
    if let Some(help) = e.help {
        say!("  help: {help}\n");
    }
    status::USAGE
}

/// Runs `pactum timeline`; the exit status is in [`status`].
pub(crate) fn run(args: Args) -> u8 {
    let loaded = crate::model::load(&args.file, &mut read_from_disk);
    if loaded.unreadable || loaded.has_errors() {
        let mut ds = loaded.diagnostics.clone();
        diagnostics::sort(&mut ds);
        for d in ds.iter().filter(|d| d.is_error()) {
            say!(
                "{}",
                diagnostics::render(d, &loaded.sources, args.color.enabled())
            );
        }
        if loaded.unreadable {
            return status::USAGE;
        }
        say!(
            "error: `{}` has errors; fix them before drawing its timeline\n",
            args.file.display()
        );
        return status::FINDINGS;
    }
    let contract = &loaded.contract;
    let (base, assumed) = match assumed_scenario(contract, &args.assume) {
        Ok(found) => found,
        Err(e) => return usage(e),
    };
    let from = match args
        .from
        .as_deref()
        .map(|d| parse_day(d, "the day of `--from`"))
    {
        Some(Err(e)) => return usage(e),
        Some(Ok(d)) => Some(d),
        None => None,
    };
    let through = match args
        .to
        .as_deref()
        .map(|d| parse_day(d, "the day of `--to`"))
    {
        Some(Err(e)) => return usage(e),
        Some(Ok(d)) => Some(d),
        None => None,
    };
    if let (Some(f), Some(t)) = (from, through) {
        if t < f {
            return usage(QuestionError {
                message: format!("`--to {t}` comes before `--from {f}`"),
                help: Some(
                    "give the first day shown with `--from` and the last with `--to`".into(),
                ),
            });
        }
    }
    let options = Options {
        base,
        assumed,
        from,
        through,
    };
    let timeline = build(contract, &options);
    let page = html::render(contract, &timeline);
    match &args.output {
        None => {
            if super::write_stdout(&page) {
                status::OK
            } else {
                status::USAGE
            }
        }
        Some(path) => match write_page(path, &args.file, page.as_bytes()) {
            Ok(()) => status::OK,
            Err(message) => {
                say!("error: {message}\n");
                status::USAGE
            }
        },
    }
}

/// Writes the page to `path` without ever losing data: never over the
/// contract itself, and through a new file in the same directory renamed over
/// the old one, so that a failure (a full disk) leaves what was there.
fn write_page(path: &Path, contract: &Path, bytes: &[u8]) -> Result<(), String> {
    let shown = path.display();
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(path), std::fs::canonicalize(contract)) {
        if a == b {
            return Err(format!(
                "`-o {shown}` names the contract itself; write the page to another file (e.g. timeline.html)"
            ));
        }
    }
    if path.is_dir() {
        return Err(format!(
            "`-o {shown}` is a directory; name a file in it (e.g. {})",
            path.join("timeline.html").display()
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let (tmp_path, mut tmp) = crate::fs::temp_file(dir, path).map_err(|r| match r {
        Refused::Directory(dir, e) => {
            format!("cannot write in the directory {}: {e}", dir.display())
        }
        Refused::Write(e) | Refused::Read(e) => format!("cannot write {shown}: {e}"),
        _ => format!("cannot write {shown}"),
    })?;
    let result = tmp
        .write_all(bytes)
        .and_then(|()| tmp.sync_all())
        .and_then(|()| {
            // The page is for reading: readable by all, as a new file would be.
            use std::os::unix::fs::PermissionsExt;
            tmp.set_permissions(std::fs::Permissions::from_mode(0o644))
        })
        .and_then(|()| std::fs::rename(&tmp_path, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp_path);
        return Err(format!("cannot write {shown}: {e}; nothing was changed"));
    }
    Ok(())
}
