//! The language server on the input of issue 12, finding 1 (`a` and twenty
//! `é`, whose syntax error quoted a word cut inside a character): it answers
//! with a diagnostic, not an internal error, and goes on answering.

mod lsp_client;

use lsp_client::Client;
use serde_json::json;

#[test]
fn a_word_of_wide_letters_gets_a_syntax_error_in_the_server() {
    let dir = std::env::temp_dir().join(format!("pactum-wide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut c = Client::spawn();
    c.initialize(&format!("file://{}", dir.display()));
    let uri = format!("file://{}/wide.pactum", dir.display());
    let text = format!("a{}\n", "é".repeat(20));
    c.open(&uri, &text);
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "pactum::syntax", "{diags:#?}");
    // The word is quoted whole up to 40 bytes: `a` and nineteen `é`.
    let quoted = format!("`a{}`", "é".repeat(19));
    assert!(
        diags[0]["message"].as_str().unwrap().contains(&quoted),
        "{diags:#?}"
    );
    // Formatting the file is refused with the same error, not a crash.
    let r = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(c.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
