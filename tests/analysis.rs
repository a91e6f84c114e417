//! The analysis corpus: one small contract per analysis finding in
//! `tests/analysis/`, as `tests/ui/` holds one per parsing and resolution
//! error. Adding a case is adding a file (and accepting its snapshot).
//!
//! A file is named after the code it must produce
//! (`norm.open_ended.pactum`, `norm.open_ended.event.pactum` for
//! `pactum::norm::open_ended`), reads like a clause of a real agreement, says
//! in a leading comment what it shows, and states what matters in `//~`
//! comments:
//!
//! ```text
//! //~ span: seller must operate business   the primary label underlines exactly this text
//! //~ related: 5 %                         the second label underlines exactly this text
//! //~ help: `indefinitely`                 the help contains this text
//! //~ also: pactum::norm::open_ended       another code the file reports on purpose
//! ```
//!
//! In annotations, `\n` stands for a line break. A file reports its own code
//! and the codes of its `also` lines, each at least once, and nothing else: a
//! corpus contract is sound, so the analyses run on it, and shows one finding.
//!
//! Its rendered diagnostics, without colour, as `pactum check` prints them
//! before its summary line, are snapshot-tested (`tests/snapshots/analysis/`).
//! Run `INSTA_UPDATE=always cargo test --test analysis --test diagnostics_doc`
//! to accept new snapshots and rewrite the examples of docs/diagnostics.md,
//! then read both before committing them.

#[path = "common/corpus.rs"]
mod corpus;

use std::path::Path;

use pactum::diagnostics::{render, Code};
use pactum::model::Loaded;

use corpus::{
    analysis_codes, annotations, check_style, code_of, files, label_text, stem, ANALYSIS,
};

fn check(path: &Path) -> Loaded {
    pactum::check::check_file(path, &mut |p| std::fs::read(p))
}

/// Checks one file's findings against its name and annotations; the error
/// says what is wrong.
fn check_case(path: &Path, loaded: &Loaded) -> Result<(), String> {
    let name = stem(path);
    let code = code_of(&name).ok_or_else(|| format!("`{name}` does not start with a code"))?;
    if !code.is_analysis() {
        return Err(format!(
            "{code} is not an analysis code: its case belongs in tests/ui"
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("not readable: {e}"))?;
    let mut expected = vec![code];
    for also in annotations(&text, "also") {
        let other = Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == also)
            .ok_or_else(|| format!("`//~ also: {also}` is not a code"))?;
        expected.push(other);
    }
    let found: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
    if let Some(d) = loaded
        .diagnostics
        .iter()
        .find(|d| !expected.contains(&d.code))
    {
        return Err(format!(
            "expected only {:?}, also found {}: {}",
            expected.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            d.code,
            d.message
        ));
    }
    if let Some(missing) = expected.iter().find(|c| !found.contains(&c.as_str())) {
        return Err(format!("expected {missing}, found {found:?}"));
    }
    for d in &loaded.diagnostics {
        check_style(d)?;
        if d.severity != d.code.severity() {
            return Err(format!(
                "{} reported as {:?}, its code says {:?}",
                d.code,
                d.severity,
                d.code.severity()
            ));
        }
    }
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .expect("checked above");
    let spans = annotations(&text, "span");
    let Some(want) = spans.first() else {
        return Err("the file has no `//~ span:` annotation".into());
    };
    let got = label_text(loaded, d, 0);
    if got != Some(want.as_str()) {
        return Err(format!("primary span: expected {want:?}, got {got:?}"));
    }
    if let Some(want) = annotations(&text, "related").first() {
        let got = label_text(loaded, d, 1);
        if got != Some(want.as_str()) {
            return Err(format!("related span: expected {want:?}, got {got:?}"));
        }
    }
    if let Some(want) = annotations(&text, "help").first() {
        let help = d.help.as_deref().unwrap_or("");
        if !help.contains(want.as_str()) {
            return Err(format!("help: expected to contain {want:?}, got {help:?}"));
        }
    }
    Ok(())
}

/// The diagnostics as the terminal shows them without colour: what `pactum
/// check` prints for the file before its summary line.
fn rendered(loaded: &Loaded) -> String {
    loaded
        .diagnostics
        .iter()
        .map(|d| render(d, &loaded.sources, false))
        .collect()
}

#[test]
fn every_file_reports_its_code_where_annotated() {
    let mut failures = Vec::new();
    for path in files(ANALYSIS) {
        let loaded = check(&path);
        if let Err(why) = check_case(&path, &loaded) {
            failures.push(format!("{}: {why}", path.display()));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn rendered_diagnostics_match_their_snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/analysis");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut failed = Vec::new();
    for path in files(ANALYSIS) {
        let output = rendered(&check(&path));
        let name = stem(&path);
        settings.set_input_file(&path);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(name.clone(), output));
        }));
        if outcome.is_err() {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "snapshots differ: {failed:?}");
}

/// The list of codes comes from the catalogue, so a new analysis code fails
/// here until it has a file.
#[test]
fn every_analysis_code_has_a_file() {
    let covered: Vec<Code> = files(ANALYSIS)
        .iter()
        .filter_map(|p| code_of(&stem(p)))
        .collect();
    let missing: Vec<&str> = analysis_codes()
        .filter(|c| !covered.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "add a tests/analysis file for each of: {missing:?}"
    );
}

/// `pactum check` prints exactly the snapshot's text and then its summary
/// line, so the snapshots (and the outputs docs/diagnostics.md shows) are
/// what a user sees.
#[test]
fn the_cli_prints_the_rendered_diagnostics() {
    for path in files(ANALYSIS) {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pactum"))
            .arg("check")
            .arg(&path)
            .args(["--color", "never"])
            .output()
            .expect("run pactum");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let expected = rendered(&check(&path));
        let summary = stderr.strip_prefix(expected.as_str()).unwrap_or_else(|| {
            panic!(
                "{}: pactum check printed\n{stderr}\ninstead of\n{expected}",
                path.display()
            )
        });
        // After the diagnostics: the findings `allow` lines allowed and the
        // verdicts on assertions, one line each, then the summary line.
        let lines: Vec<&str> = summary.lines().collect();
        let notes = ["allowed ", "proved ", "violated ", "undecided "];
        assert!(
            lines
                .last()
                .is_some_and(|l| l.starts_with("checked 1 file: "))
                && (lines[..lines.len() - 1].iter())
                    .all(|l| notes.iter().any(|n| l.starts_with(n))),
            "{}: after the diagnostics, expected notes and one summary line, got {summary:?}",
            path.display()
        );
    }
}
