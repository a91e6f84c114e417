//! `pactum timeline FILE [--assume EVENT=DATE|never]... [--from D] [--to D]
//! [-o FILE]`: the contract's timeline as one self-contained HTML page
//! (docs/timeline.md). This front end parses the flags, asks the library for
//! the timeline ([`crate::views::timeline::build`]) and its page
//! ([`crate::views::timeline::html::render`]), and writes it.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{status, Color};
use crate::fs::Refused;
use crate::semantics::query::{assumed_scenario, parse_day, QuestionError};
use crate::views::timeline::{build, compare, html, Options};

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
    /// Draw an old version of the contract above FILE, over the same days
    /// and in the same scenarios, with the changes between them.
    #[arg(long, value_name = "OLD")]
    compare: Option<PathBuf>,
    /// Draw the contract FILE amends above FILE, as `--compare` does.
    #[arg(long, conflicts_with = "compare")]
    compare_amended: bool,
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
    if args.compare.is_some() || args.compare_amended {
        return run_comparison(&args);
    }
    let loaded = match super::load_whole(&args.file, args.color.enabled(), "drawing its timeline") {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let contract = &loaded.contract;
    let options = match options(contract, &args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let timeline = build(contract, &options);
    emit(&args, &html::render(contract, &timeline), &[&args.file])
}

/// `pactum timeline NEW --compare OLD` and `pactum timeline FILE
/// --compare-amended`: the two versions loaded as `pactum diff` loads them,
/// drawn one above the other.
fn run_comparison(args: &Args) -> u8 {
    let versions = match &args.compare {
        Some(old) => super::diff::load_versions(
            old,
            Some(&args.file),
            args.color.enabled(),
            "`pactum timeline NEW --compare OLD`",
        ),
        None => super::diff::load_versions(
            &args.file,
            None,
            args.color.enabled(),
            "`pactum timeline NEW --compare OLD`",
        ),
    };
    let v = match versions {
        Ok(v) => v,
        Err(code) => return code,
    };
    let (old, new) = (&v.old.contract, &v.new.contract);
    let options = match options(new, args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let comparison = compare(old, new, &options);
    let (old_file, new_file) = (
        v.old_path.display().to_string(),
        v.new_path.display().to_string(),
    );
    let page = html::render_comparison(
        html::Version {
            contract: old,
            file: &old_file,
        },
        html::Version {
            contract: new,
            file: &new_file,
        },
        &comparison,
    );
    emit(args, &page, &[&v.new_path, &v.old_path])
}

/// The options the flags give, checked against `contract` (the version
/// whose scenarios are shown); on failure, says why and gives the status.
fn options(contract: &crate::model::Contract, args: &Args) -> Result<Options, u8> {
    let (base, assumed) = assumed_scenario(contract, &args.assume).map_err(usage)?;
    let day = |text: &Option<String>, what: &str| {
        text.as_deref()
            .map(|d| parse_day(d, what))
            .transpose()
            .map_err(usage)
    };
    let from = day(&args.from, "the day of `--from`")?;
    let through = day(&args.to, "the day of `--to`")?;
    if let (Some(f), Some(t)) = (from, through) {
        if t < f {
            return Err(usage(QuestionError {
                message: format!("`--to {t}` comes before `--from {f}`"),
                help: Some(
                    "give the first day shown with `--from` and the last with `--to`".into(),
                ),
            }));
        }
    }
    Ok(Options {
        base,
        assumed,
        from,
        through,
    })
}

/// Writes `page` where the flags say; `contracts` are the files drawn, never
/// written over.
fn emit(args: &Args, page: &str, contracts: &[&Path]) -> u8 {
    match &args.output {
        None => {
            if super::write_stdout(page) {
                status::OK
            } else {
                status::USAGE
            }
        }
        Some(path) => match write_page(path, contracts, page.as_bytes()) {
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
fn write_page(path: &Path, contracts: &[&Path], bytes: &[u8]) -> Result<(), String> {
    let shown = path.display();
    for contract in contracts {
        let (Ok(a), Ok(b)) = (std::fs::canonicalize(path), std::fs::canonicalize(contract)) else {
            continue;
        };
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
