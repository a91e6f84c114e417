//! Paths named in the documentation and in code comments exist: a comment
//! that points at a file that has since been removed, or a page that links to
//! a renamed one, misleads the next reader.
//!
//! Checked: links and paths from the repository root (`src/…`, `tests/…`,
//! `docs/…` and the other top-level folders) in README.md, docs/ and the
//! editors' READMEs, and such paths in `//` comments of the Rust sources
//! under src/, tests/, benches/ and examples/. A path with a `*` is a
//! pattern, not a file, and is not checked; names without a folder
//! (`history.pactum` in an example) are not paths into the repository.

use std::path::{Path, PathBuf};

/// The top-level folders a path into the repository starts with.
const TOP: &[&str] = &[
    "benches",
    "contracts",
    "docs",
    "editors",
    "examples",
    "fuzz",
    "grammar",
    "src",
    "tests",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_./-*".contains(c)
}

/// The repository paths in `text`: words that start with a top-level folder
/// and a slash, without the punctuation that may follow them in a sentence.
fn rooted_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices('/') {
        // The byte after the last character that cannot be in a path, which
        // may be wider than a byte (an ellipsis just before the folder's name).
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_path_char(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        if !TOP.contains(&&text[start..at]) {
            continue;
        }
        // Only the first slash of a word starts a path; `x/src/y` is not one.
        if text[..start].ends_with(is_path_char) {
            continue;
        }
        let end = text[at..]
            .find(|c: char| !is_path_char(c))
            .map_or(text.len(), |i| at + i);
        let path = text[start..end].trim_end_matches(['.', '-']);
        if !out.iter().any(|p| p == path) {
            out.push(path.to_string());
        }
    }
    out
}

/// Relative link targets of a Markdown page: `](target)`, without anchors.
fn link_targets(markdown: &str) -> Vec<String> {
    markdown
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|t| t.split('#').next().unwrap_or("").trim().to_string())
        .filter(|t| !t.is_empty() && !t.contains("://") && !t.starts_with("mailto:"))
        .collect()
}

fn exists(base: &Path, path: &str) -> bool {
    path.contains('*') || base.join(path.trim_end_matches('/')).exists()
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if name != "node_modules" && name != "target" && name != "snapshots" {
                files_under(&path, ext, out);
            }
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn documentation_names_only_files_that_exist() {
    let mut pages = vec![root().join("README.md")];
    files_under(&root().join("docs"), "md", &mut pages);
    files_under(&root().join("editors"), "md", &mut pages);
    let mut missing = Vec::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).expect("readable page");
        let dir = page.parent().expect("a page is in a folder");
        for target in link_targets(&text) {
            if !exists(dir, &target) {
                missing.push(format!("{}: link to `{target}`", relative(page)));
            }
        }
        for path in rooted_paths(&text) {
            // A page inside a package (editors/vscode/README.md) may name
            // that package's own files from its folder.
            if !exists(root(), &path) && !exists(dir, &path) {
                missing.push(format!("{}: `{path}`", relative(page)));
            }
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn code_comments_name_only_files_that_exist() {
    let mut sources = Vec::new();
    for dir in ["src", "tests", "benches", "examples"] {
        files_under(&root().join(dir), "rs", &mut sources);
    }
    let mut missing = Vec::new();
    for source in &sources {
        let text = std::fs::read_to_string(source).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            let Some(comment) = line.trim_start().strip_prefix("//") else {
                continue;
            };
            for path in rooted_paths(comment) {
                if !exists(root(), &path) {
                    missing.push(format!("{}:{}: `{path}`", relative(source), n + 1));
                }
            }
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn rooted_paths_are_read_as_a_reader_would() {
    assert_eq!(
        rooted_paths("see src/lsp/index.rs. Also (docs/json.md), x/src/y and tests/ui/."),
        ["src/lsp/index.rs", "docs/json.md", "tests/ui/"]
    );
    // A character wider than a byte just before a path.
    assert_eq!(
        rooted_paths("as in …src/lsp/index.rs"),
        ["src/lsp/index.rs"]
    );
    assert_eq!(rooted_paths("…/x and «docs/a.md»"), ["docs/a.md"]);
    assert_eq!(
        link_targets("[a](json.md#fields) [b](https://x.org/y) [c](../c.md)"),
        ["json.md", "../c.md"]
    );
}
