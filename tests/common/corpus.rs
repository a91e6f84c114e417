//! The diagnostic corpora (`tests/ui/`, `tests/analysis/`): their files, the
//! code a file's name announces, and the `//~` annotations that say what a
//! file must report. Shared by tests/ui.rs, tests/analysis.rs and tests/diagnostics_doc.rs,
//! which include it with `#[path]`, so that the corpus and the page built from
//! it cannot read the directory differently.

use std::path::{Path, PathBuf};

use pactum::diagnostics::{Code, Diagnostic};
use pactum::model::Loaded;

/// The analysis corpus, relative to the package root (where `cargo test`
/// runs integration tests), so that rendered locations read
/// `tests/analysis/…` as they do for a user at the root of the repository.
pub const ANALYSIS: &str = "tests/analysis";

/// Every `.pactum` file directly in `dir`, by relative path, sorted by name
/// without the extension, so that a code's plain case (`clause.dead`) comes
/// before its variants (`clause.dead.event`).
pub fn files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pactum"))
        .collect();
    files.sort_by_key(|p| stem(p));
    assert!(!files.is_empty(), "{dir} holds no .pactum files");
    files
}

/// The file name without `.pactum`: the case's name.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .expect("file name")
        .to_string_lossy()
        .into_owned()
}

/// The code a file name announces: the longest dotted prefix of the name
/// that spells a code (`norm.open_ended.event` → `pactum::norm::open_ended`).
pub fn code_of(stem: &str) -> Option<Code> {
    Code::ALL
        .iter()
        .copied()
        .filter(|c| {
            let dotted = c.as_str().trim_start_matches("pactum::").replace("::", ".");
            stem == dotted || stem.starts_with(&format!("{dotted}."))
        })
        .max_by_key(|c| c.as_str().len())
}

/// The codes the analyses produce, in catalogue order: the ones the analysis
/// corpus must cover, taken from the catalogue rather than listed here.
pub fn analysis_codes() -> impl Iterator<Item = Code> {
    Code::ALL.iter().copied().filter(|c| c.is_analysis())
}

/// `//~ key: value` annotations of a corpus file.
pub fn annotations(text: &str, key: &str) -> Vec<String> {
    let prefix = format!("//~ {key}:");
    text.lines()
        .filter_map(|l| l.trim().strip_prefix(&prefix))
        .map(|v| v.trim().replace("\\n", "\n"))
        .collect()
}

pub fn label_text<'a>(loaded: &'a Loaded, d: &Diagnostic, index: usize) -> Option<&'a str> {
    let label = d.labels.get(index)?;
    loaded
        .sources
        .text(label.span.file)
        .get(label.span.range.clone())
}

/// Style rules every diagnostic follows: a message starts lowercase, has no
/// final period, and the diagnostic has a primary label or is documented as
/// file-level.
pub fn check_style(d: &Diagnostic) -> Result<(), String> {
    let first = d.message.chars().next().unwrap_or(' ');
    if first.is_uppercase() || d.message.ends_with('.') || d.message.is_empty() {
        return Err(format!(
            "message must start lowercase and have no final period: {:?}",
            d.message
        ));
    }
    if !d.is_located() {
        return Err(format!(
            "`{}` has no primary label and is not file-level",
            d.message
        ));
    }
    Ok(())
}
