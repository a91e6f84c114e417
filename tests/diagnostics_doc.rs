//! docs/diagnostics.md against the analysis corpus: the example of every
//! analysis code is a file of `tests/analysis/`, shown byte for byte, followed
//! by what `pactum check` prints for it, so the page cannot drift from the
//! checker.
//!
//! Under each code's heading (`### `CODE` (severity)`) and its description, the
//! page holds a region that this test writes, between `<!-- corpus CODE -->`
//! and `<!-- /corpus -->`: every corpus file of the code, in name order, and
//! the output of `pactum check FILE --color never` run at the root of the
//! repository. The test regenerates each region and compares it with the
//! page. Run it with `INSTA_UPDATE=always` (as for the snapshots) or
//! `PACTUM_UPDATE_DOCS=1` to rewrite the regions instead; a code that has no
//! section yet gets one at the end of the "Analyses" part, with a placeholder
//! description that the test then asks a person to write.
//!
//! Regenerating rather than comparing pieces means that a changed message, a
//! new corpus file or a renamed one is one command away from a correct page,
//! and that nothing stale can remain in a region; the descriptions stay
//! written by hand.

// This page needs the corpus listing, not the annotation checks.
#[allow(dead_code)]
#[path = "common/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};

use pactum::diagnostics::Code;

use corpus::{analysis_codes, code_of, files, stem, ANALYSIS};

const DOC: &str = "docs/diagnostics.md";
const END: &str = "<!-- /corpus -->\n";
const PLACEHOLDER: &str = "TODO: say in one sentence what this code means.";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn start_marker(code: Code) -> String {
    format!("<!-- corpus {code} -->\n")
}

fn heading(code: Code) -> String {
    let severity = format!("{:?}", code.severity()).to_lowercase();
    format!("### `{code}` ({severity})\n")
}

/// What `pactum check FILE --color never` prints, run where a user of the
/// repository would run it.
fn check_output(path: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pactum"))
        .arg("check")
        .arg(path)
        .args(["--color", "never"])
        .current_dir(root())
        .output()
        .expect("run pactum");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The corpus files of each analysis code, in catalogue order.
fn cases() -> Vec<(Code, Vec<PathBuf>)> {
    let all = files(ANALYSIS);
    analysis_codes()
        .map(|code| {
            let mine = all
                .iter()
                .filter(|p| code_of(&stem(p)) == Some(code))
                .cloned()
                .collect();
            (code, mine)
        })
        .collect()
}

/// The region the page must hold for `code`, markers included.
fn region(code: Code, paths: &[PathBuf]) -> String {
    let mut out = start_marker(code);
    for path in paths {
        let shown = path.display().to_string().replace('\\', "/");
        let text =
            std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{shown}: {e}"));
        assert!(text.ends_with('\n'), "{shown} must end with a line break");
        let output = check_output(path);
        out.push_str(&format!(
            "\n`{shown}`:\n\n```pactum\n{text}```\n\n\
             `pactum check {shown} --color never` prints:\n\n```text\n{output}```\n"
        ));
    }
    out.push('\n');
    out.push_str(END);
    out
}

/// The byte range of `code`'s region in `doc`, markers included.
fn find_region(doc: &str, code: Code) -> Option<std::ops::Range<usize>> {
    let start = doc.find(&start_marker(code))?;
    let end = start + doc[start..].find(END)? + END.len();
    Some(start..end)
}

/// Rewrites every region of `doc` from the corpus and adds a section for
/// each code that has none.
fn regenerate(mut doc: String, cases: &[(Code, Vec<PathBuf>)]) -> String {
    for (code, paths) in cases {
        let fresh = region(*code, paths);
        match find_region(&doc, *code) {
            Some(range) => doc.replace_range(range, &fresh),
            None => {
                // A new code's section goes after the last analysis section,
                // before the part that follows "## Analyses".
                let analyses = doc.find("\n## Analyses\n").map_or(0, |at| at + 1);
                let at = doc[analyses + 1..]
                    .find("\n## ")
                    .map_or(doc.len(), |next| analyses + 1 + next + 1);
                let gap = if doc[..at].ends_with("\n\n") {
                    ""
                } else {
                    "\n"
                };
                let section = format!("{gap}{}\n{PLACEHOLDER}\n\n{fresh}\n", heading(*code));
                doc.insert_str(at, &section);
            }
        }
    }
    doc
}

/// What is wrong with the page, one line per problem.
fn problems(doc: &str, cases: &[(Code, Vec<PathBuf>)]) -> Vec<String> {
    let mut out = Vec::new();
    for (code, paths) in cases {
        let Some(range) = find_region(doc, *code) else {
            out.push(format!(
                "no `{}` region for {code}",
                start_marker(*code).trim()
            ));
            continue;
        };
        if doc[range.end..].contains(&start_marker(*code)) {
            out.push(format!("{code} has two regions"));
        }
        if doc[range.clone()] != region(*code, paths) {
            out.push(format!("the examples of {code} are stale"));
        }
        // The region belongs to the code's own section, under a description.
        let before = &doc[..range.start];
        let section = before.rfind("\n### ").map_or(0, |at| at + 1);
        let description = before[section..]
            .strip_prefix(&heading(*code))
            .map(str::trim);
        match description {
            None => out.push(format!(
                "the region of {code} is not right under `{}`",
                heading(*code).trim()
            )),
            Some("") | Some(PLACEHOLDER) => out.push(format!(
                "write what {code} means under its heading, above its examples"
            )),
            Some(_) => {}
        }
    }
    let mut rest = doc;
    while let Some(at) = rest.find("<!-- corpus ") {
        rest = &rest[at + "<!-- corpus ".len()..];
        let name = rest.split(" -->").next().unwrap_or("");
        if !cases.iter().any(|(c, _)| c.as_str() == name) {
            out.push(format!(
                "a region for `{name}`, which is not an analysis code"
            ));
        }
    }
    out
}

fn updating() -> bool {
    std::env::var_os("PACTUM_UPDATE_DOCS").is_some()
        || std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "always")
}

#[test]
fn the_analysis_examples_are_the_corpus_files_and_their_output() {
    let path = root().join(DOC);
    let mut doc = std::fs::read_to_string(&path).expect(DOC);
    let cases = cases();
    if updating() {
        let fresh = regenerate(doc.clone(), &cases);
        if fresh != doc {
            // Written aside and renamed, so that another test reading the
            // page never sees half of it.
            let aside = path.with_extension("md.new");
            std::fs::write(&aside, &fresh).expect("write the page");
            std::fs::rename(&aside, &path).expect("replace the page");
            doc = fresh;
        }
    }
    let problems = problems(&doc, &cases);
    assert!(
        problems.is_empty(),
        "{DOC}:\n{}\nRun `PACTUM_UPDATE_DOCS=1 cargo test --test diagnostics_doc` to \
         regenerate the examples, write any missing description, then read the diff",
        problems.join("\n")
    );
}
