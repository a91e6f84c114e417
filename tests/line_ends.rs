//! Files saved with `\r\n` line ends get the same diagnostics, at the same
//! lines and columns, as the same files with `\n` (issue 12, finding 6: an
//! unclosed string's range took in the `\r` and ended past the line), in the
//! JSON output, in the terminal and in the language server.

mod lsp_client;

use std::path::Path;

use lsp_client::Client;
use pactum::check::check_text;
use pactum::diagnostics::{render, JsonDiagnostic};
use pactum::model::Loaded;
use serde_json::{json, Value};

/// Inputs whose diagnostics end at or near a line end, written with `\n`.
const CASES: &[&str] = &[
    "contract \"abc\n",
    "contract \"abc\nparty a\n",
    "party a \"no end\nparty b\n",
    "contract \"a\"\nparty p \"x\\\n",
    "clause c { a may \"x }\n",
    "party a /* open\nparty b\n",
    "party a /* open\n",
    "clause c { a may use\n",
    "party\n",
    "party a b\n",
    "party a\nclause c {\n  a may use s\n",
    "party a\nparty a\n",
    "party a\n\n\nclause c { a may use s until\n\n",
    "contract \"é😀\" effective\n",
];

fn check(text: &str) -> Loaded {
    check_text(Path::new("input.pactum"), text, &mut |p| {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            p.display().to_string(),
        ))
    })
}

/// Code, message, and where each diagnostic starts and ends, as JSON gives them.
fn located(loaded: &Loaded) -> Vec<Value> {
    loaded
        .diagnostics
        .iter()
        .map(|d| {
            let j = serde_json::to_value(JsonDiagnostic::of(d, &loaded.sources)).unwrap();
            json!([
                j["code"],
                j["message"],
                j["line"],
                j["column"],
                j["end_line"],
                j["end_column"]
            ])
        })
        .collect()
}

#[test]
fn crlf_files_get_the_columns_of_lf_files_in_json_and_the_terminal() {
    for lf in CASES {
        let crlf = lf.replace('\n', "\r\n");
        let (a, b) = (check(lf), check(&crlf));
        assert!(!a.diagnostics.is_empty(), "{lf:?} should have a diagnostic");
        assert_eq!(located(&a), located(&b), "{crlf:?}");
        for (da, db) in a.diagnostics.iter().zip(&b.diagnostics) {
            assert_eq!(
                render(da, &a.sources, false),
                render(db, &b.sources, false),
                "{crlf:?}"
            );
        }
        // No diagnostic ends past its line: on the line's last column plus
        // one at most, or at the start of a later line.
        for d in &b.diagnostics {
            let j = JsonDiagnostic::of(d, &b.sources);
            let (Some(line), Some(column)) = (j.end_line, j.end_column) else {
                continue;
            };
            let content = crlf.split("\r\n").nth(line - 1).unwrap_or("");
            assert!(
                column <= content.chars().count() + 1,
                "{crlf:?}: ends at {line}:{column}, past `{content}`"
            );
        }
    }
}

#[test]
fn the_unclosed_string_of_the_issue_ends_before_the_line_break() {
    let loaded = check("contract \"abc\r\n");
    assert_eq!(
        located(&loaded),
        [json!([
            "pactum::syntax",
            "this string is not closed",
            1,
            10,
            1,
            14
        ])]
    );
    // The label covers `"abc`, not the `\r`.
    let d = &loaded.diagnostics[0];
    assert_eq!(d.labels[0].span.range, 9..13);
}

#[test]
fn the_language_server_gives_crlf_files_the_ranges_of_lf_files() {
    let dir = std::env::temp_dir().join(format!("pactum-line-ends-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut c = Client::spawn();
    c.initialize(&format!("file://{}", dir.display()));
    for (i, lf) in CASES.iter().enumerate() {
        let crlf = lf.replace('\n', "\r\n");
        let (lf_uri, crlf_uri) = (
            format!("file://{}/lf{i}.pactum", dir.display()),
            format!("file://{}/crlf{i}.pactum", dir.display()),
        );
        c.open(&lf_uri, lf);
        let lf_ranges: Vec<Value> = c
            .diagnostics(&lf_uri)
            .iter()
            .map(|d| d["range"].clone())
            .collect();
        c.open(&crlf_uri, &crlf);
        let crlf_ranges: Vec<Value> = c
            .diagnostics(&crlf_uri)
            .iter()
            .map(|d| d["range"].clone())
            .collect();
        assert!(!lf_ranges.is_empty(), "{lf:?}");
        assert_eq!(lf_ranges, crlf_ranges, "{crlf:?}");
    }
    // The issue's file: the string `"abc` is characters 9 to 13 of line 0.
    let uri = format!("file://{}/issue.pactum", dir.display());
    c.open(&uri, "contract \"abc\r\n");
    let diags = c.diagnostics(&uri);
    assert_eq!(
        diags[0]["range"],
        json!({"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 13}})
    );
    assert_eq!(c.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
