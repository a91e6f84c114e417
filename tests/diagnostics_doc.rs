//! The analysis examples of docs/diagnostics.md: every fence marked
//! `pactum check=CODE` is checked as a whole file and must report CODE, and
//! every analysis code has such an example, so the page cannot drift.

use std::path::Path;

use pactum::diagnostics::Code;

/// `(code, example text)` for every marked fence, in order.
fn examples(doc: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let Some(code) = line.strip_prefix("```pactum check=") else {
            continue;
        };
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        out.push((code.trim().to_string(), body.join("\n") + "\n"));
    }
    out
}

fn doc() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md"))
        .expect("docs/diagnostics.md")
}

#[test]
fn every_analysis_example_reports_its_code() {
    let examples = examples(&doc());
    assert!(!examples.is_empty(), "no `pactum check=` examples found");
    for (code, text) in &examples {
        let loaded = pactum::check::check_text(Path::new("example.pactum"), text, &mut |p| {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} is not part of the example", p.display()),
            ))
        });
        let found: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(
            found.contains(&code.as_str()),
            "the example of {code} reports {found:?}:\n{text}"
        );
    }
}

#[test]
fn every_analysis_code_has_an_example() {
    let documented: Vec<String> = examples(&doc()).into_iter().map(|(c, _)| c).collect();
    // Not an analysis code, so not asked for here: `pactum::fmt::internal`, the
    // formatter's self-check, which no input triggers by design.
    let analysis = Code::ALL.iter().filter(|c| c.is_analysis());
    for code in analysis {
        assert!(
            documented.iter().any(|d| d == code.as_str()),
            "docs/diagnostics.md has no `pactum check={code}` example"
        );
    }
}

/// The output shown under each example is what `pactum check` prints for it
/// today (run as `pactum check example.pactum --color never` in a directory
/// holding only the example).
#[test]
fn every_shown_output_is_current() {
    let doc = doc();
    let mut rest = doc.as_str();
    let mut compared = 0;
    while let Some(at) = rest.find("```pactum check=") {
        rest = &rest[at..];
        let body_start = rest.find('\n').expect("fence line") + 1;
        let body_end = body_start + rest[body_start..].find("```\n").expect("closing fence");
        let example = &rest[body_start..body_end];
        rest = &rest[body_end + 4..];
        let Some(shown) = rest.strip_prefix("\nOutput:\n\n```text\n") else {
            continue;
        };
        let shown = &shown[..shown.find("```").expect("closing output fence")];
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("example.pactum"), example).expect("write example");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pactum"))
            .args(["check", "example.pactum", "--color", "never"])
            .current_dir(dir.path())
            .output()
            .expect("run pactum");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            shown,
            "the output shown for this example is stale:\n{example}"
        );
        compared += 1;
    }
    assert!(compared > 0, "no example outputs found");
}
