//! The diagnostic corpus: one bad file per case in `tests/ui/`, one good file
//! per construct in `tests/ok/`. Adding a case is adding a file.
//!
//! A file in `tests/ui/` is named after the code it must produce
//! (`name.unknown.pactum`, `name.unknown.subject_path.pactum` for
//! `pactum::name::unknown`) and states what matters in `//~` comments:
//!
//! ```text
//! //~ span: microsft                      the primary label underlines exactly this text
//! //~ related: microsoft                  a second label underlines exactly this text
//! //~ help: did you mean `microsoft`?     the help contains this text
//! ```
//!
//! In annotations, `\n` stands for a line break.
//!
//! Its rendered diagnostics are also snapshot-tested (`tests/snapshots/ui/`).
//! Run `INSTA_UPDATE=always cargo test --test ui` to accept new snapshots,
//! then read the `.snap` files before committing them.

#[allow(dead_code)]
#[path = "common/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};

use pactum::diagnostics::{render, Code, Diagnostic, Phase};
use pactum::model::Loaded;

use corpus::{annotations, check_style, code_of, files, label_text, stem};

fn is_analysis(code: Code) -> bool {
    code.is_analysis()
}

/// Codes of parsing and resolution, which the corpus covers one file each.
/// The catalogue says which they are; the formatter's self-check, which no
/// input to `pactum check` produces, is not among them (its tests are in
/// src/fmt).
fn is_static(code: Code) -> bool {
    code.phase() == Phase::Static
}

fn check(path: &Path) -> Loaded {
    pactum::check::check_file(path, &mut |p| std::fs::read(p))
}

/// Checks one bad file's structure; the error says what is wrong.
fn check_ui_case(path: &Path, loaded: &Loaded) -> Result<(), String> {
    let name = stem(path);
    let code = code_of(&name).ok_or_else(|| format!("`{name}` does not start with a code"))?;
    let text = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).into_owned();
    let found: Vec<&Diagnostic> = loaded.diagnostics.iter().collect();
    let Some(d) = found.iter().find(|d| d.code == code) else {
        return Err(format!("expected {code}, found {:?}", codes(&found)));
    };
    if let Some(other) = found.iter().find(|d| d.code != code) {
        return Err(format!(
            "expected only {code}, also found {}: {}",
            other.code, other.message
        ));
    }
    for d in &found {
        check_style(d)?;
    }
    let spans = annotations(&text, "span");
    if spans.is_empty() {
        return Err("the file has no `//~ span:` annotation".into());
    }
    if let Some(want) = spans.first() {
        let got = label_text(loaded, d, 0);
        if got != Some(want.as_str()) {
            return Err(format!("primary span: expected {want:?}, got {got:?}"));
        }
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
    // Most static codes are errors; a few (a section cited that is not
    // declared, a survival without end, an empty window, a start before the
    // effective date) are warnings. Each has the severity its catalogue says.
    if d.severity != code.severity() {
        return Err(format!("{code} should be a {:?}", code.severity()));
    }
    Ok(())
}

fn codes(ds: &[&Diagnostic]) -> Vec<&'static str> {
    ds.iter().map(|d| d.code.as_str()).collect()
}

fn rendered(loaded: &Loaded) -> String {
    loaded
        .diagnostics
        .iter()
        .map(|d| render(d, &loaded.sources, false))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_bad_file_reports_its_code_where_annotated() {
    let mut failures = Vec::new();
    for path in files("tests/ui") {
        let loaded = check(&path);
        if let Err(why) = check_ui_case(&path, &loaded) {
            failures.push(format!("{}: {why}", path.display()));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn rendered_diagnostics_match_their_snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/ui");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut failed = Vec::new();
    for path in files("tests/ui") {
        let loaded = check(&path);
        let output = rendered(&loaded);
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

#[test]
fn every_static_code_has_a_bad_file() {
    let covered: Vec<Code> = files("tests/ui")
        .iter()
        .filter_map(|p| code_of(&stem(p)))
        .collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| is_static(**c) && !covered.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "add a tests/ui file for each of: {missing:?}"
    );
}

/// docs/diagnostics.md shows, for every code, the corpus files as its
/// examples: the text of each file without its `//~` lines.
#[test]
fn the_diagnostics_doc_shows_every_corpus_file() {
    let doc = std::fs::read_to_string("docs/diagnostics.md").expect("docs/diagnostics.md");
    for code in Code::ALL.iter().filter(|c| is_static(**c)) {
        assert!(
            doc.contains(&format!("`{}`", code.as_str())),
            "docs/diagnostics.md does not document `{code}`"
        );
    }
    for path in files("tests/ui") {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // the one file that is deliberately not UTF-8
        };
        let example: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//~"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(
            doc.contains(&example),
            "docs/diagnostics.md lacks the example of {}:\n{example}",
            path.display()
        );
    }
}

/// Good files parse and resolve without any diagnostic; the analyses may
/// still warn about them (open ends, gaps), but find no error.
#[test]
fn every_good_file_checks_without_static_diagnostics_or_errors() {
    for path in files("tests/ok") {
        let loaded = check(&path);
        let tree = &loaded.trees.last().expect("the file was parsed").1;
        assert!(!tree.items.is_empty(), "{}: no items", path.display());
        assert!(
            loaded
                .diagnostics
                .iter()
                .all(|d| is_analysis(d.code) && !d.is_error()),
            "{}:\n{}",
            path.display(),
            rendered(&loaded)
        );
    }
}

/// Every diagnostic points at its place in the text, or is a file-level one
/// (a file that could not be read), over the whole corpus and the contracts.
#[test]
fn every_diagnostic_has_a_primary_label_or_is_file_level() {
    let mut paths = files("tests/ui");
    paths.extend(files("tests/ok"));
    paths.extend(files("contracts"));
    paths.push(PathBuf::from("tests/ui/no-such-file.pactum"));
    for path in paths {
        let loaded = check(&path);
        for d in &loaded.diagnostics {
            assert!(
                d.is_located(),
                "{}: `{}` has no primary label",
                path.display(),
                d.message
            );
            assert!(
                d.labels.is_empty() || !d.file_level,
                "{}: file-level `{}` has a label",
                path.display(),
                d.message
            );
        }
    }
    let missing = check(Path::new("tests/ui/no-such-file.pactum"));
    assert!(missing.unreadable && missing.diagnostics.iter().all(|d| d.file_level));
}

/// A static code is covered by the corpus, an analysis code by the
/// analysis examples of docs/diagnostics.md: the catalogue decides which.
#[test]
fn the_catalogue_puts_every_code_in_one_phase() {
    for code in Code::ALL {
        let phases = [Phase::Static, Phase::Analysis, Phase::Format];
        assert_eq!(
            phases.iter().filter(|p| **p == code.phase()).count(),
            1,
            "{code}"
        );
        assert_eq!(code.is_analysis(), code.phase() == Phase::Analysis);
    }
}

/// Only consequences are left out: beside a declaration that did not parse,
/// a misspelt name is still reported, and the name of the broken declaration
/// is not reported again.
#[test]
fn a_typo_beside_a_declaration_that_did_not_parse_is_still_reported() {
    let text = "party vendor region eu\naction host\nsubject models\n\
                clause c { vendr may host models }\nclause d { vendor may host models }\n";
    let loaded =
        pactum::check::check_text(Path::new("cascade.pactum"), text, &mut |p| std::fs::read(p));
    let unknown: Vec<&str> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnknownName)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(unknown, ["unknown party `vendr`"]);
}
