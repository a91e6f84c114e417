//! `pactum diff OLD NEW` and `pactum diff FILE`: the normative change between
//! two versions of a contract, or between a contract and the one it amends.
//! This front end loads the two versions, checks the flags into
//! [`Options`], asks the library ([`diff`]) and renders the [`Diff`];
//! docs/diff.md documents the output and the exit statuses.

use std::path::{Path, PathBuf};

use super::{status, Color, Format};
use crate::analysis::diff::{diff, Change, Diff, Options};
use crate::model::Loaded;

/// The flags of `pactum diff`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The old version; alone, the contract to compare with the one it amends.
    old: PathBuf,
    /// The new version.
    new: Option<PathBuf>,
    /// Show only the changes in force on this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// Show only the changes of this party.
    #[arg(long, value_name = "PARTY")]
    party: Option<String>,
    /// When an event happens (repeatable): one scenario, in which events not
    /// assumed never happen. Without it, every representative scenario.
    #[arg(long, value_name = "EVENT=DATE|never")]
    assume: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// When to color diagnostics.
    #[arg(long, value_enum, default_value_t)]
    color: Color,
}

/// A version as the output names it: its file and title.
struct Named {
    file: String,
    title: Option<String>,
}

impl Named {
    fn of(loaded: &Loaded, path: &Path) -> Named {
        Named {
            file: path.display().to_string(),
            title: loaded
                .contract
                .versions
                .last()
                .and_then(|v| v.title.clone()),
        }
    }

    fn words(&self) -> String {
        match &self.title {
            Some(t) => format!("\"{t}\" ({})", self.file),
            None => self.file.clone(),
        }
    }
}

/// The diff for a person.
fn human(old: &Named, new: &Named, d: &Diff) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "from {}", old.words());
    let _ = writeln!(out, "  to {}", new.words());
    if let Some(day) = d.on {
        let _ = writeln!(out, "changes in force on {day}");
    }
    if let Some(p) = &d.party {
        let _ = writeln!(out, "changes of `{p}`");
    }
    if let Some(why) = &d.undecided {
        let _ = writeln!(out, "\nnote: {why}");
    }
    let many = d.scenarios.len() > 1;
    let first = d.scenarios.first();
    for (i, s) in d.scenarios.iter().enumerate() {
        out.push('\n');
        let when = s
            .scenario
            .clone()
            .unwrap_or_else(|| "in every scenario (no window depends on an event)".into());
        let same = match s.same_in {
            0 => String::new(),
            1 => " (and 1 other representative scenario with the same changes)".into(),
            n => format!(" (and {n} other representative scenarios with the same changes)"),
        };
        if many {
            let _ = writeln!(
                out,
                "scenario {} of {}: {when}{same}",
                i + 1,
                d.scenarios.len()
            );
        } else {
            let _ = writeln!(out, "{when}{same}");
        }
        // After the first scenario, only what differs from it: the same
        // changes again and again would hide where the scenarios part.
        let base = first.filter(|_| i > 0);
        let (shown, missing): (Vec<&Change>, Vec<&Change>) = match base {
            None => (s.changes.iter().collect(), Vec::new()),
            Some(b) => (
                (s.changes.iter())
                    .filter(|c| !b.changes.iter().any(|x| same_answer(x, c)))
                    .collect(),
                (b.changes.iter())
                    .filter(|x| !s.changes.iter().any(|c| same_answer(x, c)))
                    .collect(),
            ),
        };
        if s.changes.is_empty() {
            let _ = writeln!(out, "  no normative change");
        } else if base.is_some() {
            let _ = writeln!(out, "  as in scenario 1, except:");
        }
        if !missing.is_empty() {
            let _ = writeln!(out, "  these changes of scenario 1 do not hold:");
            for c in &missing {
                let _ = writeln!(out, "    {}", headline(c));
            }
            if !shown.is_empty() {
                let _ = writeln!(out, "  these hold instead:");
            }
        }
        let mut party: Option<&str> = None;
        for c in shown {
            if base.is_none() && party != Some(c.party.as_str()) {
                let _ = writeln!(out, "  {}", c.party);
                party = Some(&c.party);
            }
            write_change(&mut out, c);
        }
    }
    out
}

/// Whether two changes say the same, on days named the same way.
fn same_answer(a: &Change, b: &Change) -> bool {
    crate::analysis::diff::same_answer(std::slice::from_ref(a), std::slice::from_ref(b))
}

/// A change in one line: "narrowed  microsoft may use  from 2025-10-28, with no end".
fn headline(c: &Change) -> String {
    let only = if c.exclusive { "only " } else { "" };
    format!(
        "{:<9} {only}{} {} {}  {}",
        c.kind.word(),
        c.party,
        c.modality,
        c.action,
        c.window
    )
}

fn write_change(out: &mut String, c: &Change) {
    use std::fmt::Write;
    let _ = writeln!(out, "    {}", headline(c));
    for (word, parts) in [("gains", &c.gained), ("loses", &c.lost)] {
        for p in parts {
            let _ = writeln!(out, "              {word} {}", p.words());
        }
    }
    for (word, held) in [("before", &c.before), ("after", &c.after)] {
        for h in held {
            let _ = writeln!(out, "              {word}: {}  ({})", h.norm, h.clause);
        }
    }
}

/// The diff as the JSON document of docs/diff.md.
fn json(old: &Named, new: &Named, d: &Diff) -> serde_json::Result<String> {
    let version = |n: &Named| serde_json::json!({ "file": n.file, "title": n.title });
    let mut doc = serde_json::to_value(d)?;
    if let Some(map) = doc.as_object_mut() {
        let tool = serde_json::json!({ "name": "pactum", "version": env!("CARGO_PKG_VERSION") });
        map.insert("tool".into(), tool);
        map.insert("old".into(), version(old));
        map.insert("new".into(), version(new));
    }
    serde_json::to_string_pretty(&doc)
}

/// Loads one version; on failure, says why and gives the exit status.
fn load(path: &Path, color: bool) -> Result<Loaded, u8> {
    super::load_whole(path, color, "comparing it")
}

/// Two versions of a contract, loaded without errors, with their files.
pub(crate) struct Versions {
    /// The old version's file.
    pub(crate) old_path: PathBuf,
    /// The old version.
    pub(crate) old: Loaded,
    /// The new version's file.
    pub(crate) new_path: PathBuf,
    /// The new version.
    pub(crate) new: Loaded,
}

/// Loads two versions: `first` and `second`, or, with no `second`, `first`
/// as the new version and the file it amends as the old one (`pactum diff`
/// and `pactum timeline --compare`). `usage` is how the command names two
/// versions, for the help when `first` amends nothing. On failure, says why
/// and gives the exit status.
pub(crate) fn load_versions(
    first: &Path,
    second: Option<&Path>,
    color: bool,
    usage: &str,
) -> Result<Versions, u8> {
    // With one file, the new version is that file's chain, loaded once, and
    // the old version the file it amends, as the loader found it.
    let (old_path, new_path, new) = match second {
        Some(new) => (first.to_path_buf(), new.to_path_buf(), None),
        None => {
            let new = load(first, color)?;
            let Some((file, _)) = new.trees.len().checked_sub(2).map(|i| &new.trees[i]) else {
                say!(
                    "error: `{}` amends no contract, so there is nothing to compare it with\n  help: name the two versions: {usage}, or add `amends \"OLD.pactum\"` to the contract's header\n",
                    first.display()
                );
                return Err(status::USAGE);
            };
            let old_path = PathBuf::from(new.sources.path(*file));
            (old_path, first.to_path_buf(), Some(new))
        }
    };
    let old = load(&old_path, color)?;
    let new = new.map_or_else(|| load(&new_path, color), Ok)?;
    Ok(Versions {
        old_path,
        old,
        new_path,
        new,
    })
}

/// Runs `pactum diff`; the exit status is in [`status`].
pub(crate) fn run(args: Args) -> u8 {
    let color = args.color.enabled();
    let versions = load_versions(
        &args.old,
        args.new.as_deref(),
        color,
        "`pactum diff OLD NEW`",
    );
    let Versions {
        old_path,
        old,
        new_path,
        new,
    } = match versions {
        Ok(v) => v,
        Err(code) => return code,
    };
    let options = Options::new(
        &old.contract,
        &new.contract,
        args.on.as_deref(),
        args.party.as_deref(),
        &args.assume,
    );
    let options = match options {
        Ok(o) => o,
        Err(e) => {
            say!("error: {}\n", e.message);
            if let Some(help) = e.help {
                say!("  help: {help}\n");
            }
            return status::USAGE;
        }
    };
    let report = diff(&old.contract, &new.contract, &options);
    let (old_name, new_name) = (Named::of(&old, &old_path), Named::of(&new, &new_path));
    let text = match args.format {
        Format::Human => human(&old_name, &new_name, &report),
        Format::Json => match json(&old_name, &new_name, &report) {
            Ok(text) => text + "\n",
            Err(e) => {
                say!("error: cannot write JSON: {e}\n");
                return status::USAGE;
            }
        },
    };
    if !super::write_stdout(&text) {
        return status::USAGE;
    }
    status::OK
}
