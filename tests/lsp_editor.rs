//! The editor features a user meets while writing a contract, through a real
//! `pactum lsp` over stdio: quick fixes that are applied and re-checked as an
//! editor would, inlay hints with a window's days, semantic tokens.

mod lsp_client;

use lsp_client::{apply_edits, open_in_folder, range_of, Client};
use serde_json::{json, Value};

/// A contract with one mistake of each kind a quick fix resolves; the emoji
/// in the comments makes the UTF-16 columns differ from bytes.
const TEXT: &str = r#"contract "Editor" effective 2025-01-01
party microsoft
party openai
action use
event agi_verified
subject openai_ip { models research }

clause weights { /* 😀 */ microsft may use openai_ip.models
  indefinitely
}

clause research { /* 😀 */ microsoft may use openai_ip.research
  from 2026-01-01
}

clause no_research {
  microsoft must not use openai_ip.research
  until 5 years after 2025-01-01
}

clause consumer {
  openai must not use openai_ip
  from 90 days after agi_verified
  until devices_shipped
}
"#;

fn codes(diagnostics: &[Value]) -> Vec<(String, String)> {
    (diagnostics.iter())
        .map(|d| {
            let message = d["message"].as_str().unwrap();
            // The first line is the message; label and help follow it.
            let first = message.lines().next().unwrap_or_default();
            (d["code"].as_str().unwrap().to_string(), first.to_string())
        })
        .collect()
}

fn errors(diagnostics: &[Value]) -> Vec<(String, String)> {
    let errors: Vec<Value> = (diagnostics.iter())
        .filter(|d| d["severity"] == 1)
        .cloned()
        .collect();
    codes(&errors)
}

/// The quick fixes offered where `needle` is written.
fn actions_at(
    client: &mut Client,
    uri: &str,
    text: &str,
    needle: &str,
    diagnostics: &[Value],
) -> Vec<Value> {
    let range = range_of(text, needle, 0);
    let r = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": diagnostics}}),
    );
    r["result"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("code actions: {r}"))
}

/// Applies the action titled `title` as an editor does (the edit, then a
/// `didChange` with the new text) and returns the new text and diagnostics.
fn apply(
    client: &mut Client,
    uri: &str,
    text: &str,
    version: i64,
    actions: &[Value],
    title: &str,
) -> (String, Vec<Value>) {
    let action = (actions.iter())
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no `{title}` among {actions:?}"));
    assert_eq!(action["kind"], "quickfix");
    let edits = action["edit"]["changes"][uri]
        .as_array()
        .expect("edits of this document");
    let new = apply_edits(text, edits);
    client.change(uri, version, &new);
    let diagnostics = client.diagnostics(uri);
    (new, diagnostics)
}

#[test]
fn each_quick_fix_removes_its_diagnostic_and_adds_no_error() {
    let (mut client, uri) = open_in_folder("lsp-editor-fixes", "editor.pactum", TEXT);
    let first = client.diagnostics(&uri);
    let before = codes(&first);
    assert!(
        before.iter().any(|(_, m)| m == "unknown party `microsft`"),
        "{before:?}"
    );

    // "did you mean": the help and the fix name the same party.
    let actions = actions_at(&mut client, &uri, TEXT, "microsft", &first);
    let d = &actions[0]["diagnostics"][0];
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `microsoft`?"),
        "{d}"
    );
    assert_eq!(actions[0]["isPreferred"], true);
    let (text, now) = apply(
        &mut client,
        &uri,
        TEXT,
        2,
        &actions,
        "replace with `microsoft`",
    );
    assert!(
        text.contains("/* 😀 */ microsoft may use openai_ip.models"),
        "{text}"
    );
    assert!(
        !codes(&now).iter().any(|(_, m)| m.contains("microsft")),
        "{now:?}"
    );
    let new_errors: Vec<_> = (errors(&now).into_iter())
        .filter(|e| !before.contains(e))
        .collect();
    assert!(new_errors.is_empty(), "{new_errors:?}");

    // A missing declaration goes after the events.
    let actions = actions_at(&mut client, &uri, &text, "devices_shipped", &now);
    let (text, now) = apply(
        &mut client,
        &uri,
        &text,
        3,
        &actions,
        "declare event `devices_shipped`",
    );
    assert!(
        text.contains("event agi_verified\nevent devices_shipped\n"),
        "{text}"
    );
    assert!(
        !codes(&now)
            .iter()
            .any(|(_, m)| m == "unknown event `devices_shipped`"),
        "{now:?}"
    );
    assert!(
        errors(&now)
            .iter()
            .all(|e| e.0.starts_with("pactum::conflict")),
        "{now:?}"
    );

    // A conflict: make `research` an exception to `no_research`.
    let conflict = codes(&now)
        .into_iter()
        .find(|(c, _)| c == "pactum::conflict::permission_prohibition")
        .expect("the research conflict");
    // The conflict is reported on the prohibition, its first label.
    let actions = actions_at(
        &mut client,
        &uri,
        &text,
        "microsoft must not use openai_ip.research",
        &now,
    );
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(
        titles.contains(&"add `exception to research` to clause `no_research`"),
        "{titles:?}"
    );
    let (text, now) = apply(
        &mut client,
        &uri,
        &text,
        4,
        &actions,
        "add `exception to no_research` to clause `research`",
    );
    assert!(
        text.contains("  from 2026-01-01\n  exception to no_research\n}"),
        "{text}"
    );
    assert!(!codes(&now).contains(&conflict), "{now:?}");
    assert_eq!(errors(&now), Vec::<(String, String)>::new());

    // An open-ended norm: say `indefinitely`.
    let open_ended = "clause `research` has no end";
    assert!(codes(&now).iter().any(|(_, m)| m == open_ended), "{now:?}");
    let actions = actions_at(&mut client, &uri, &text, "from 2026-01-01", &now);
    let (text, now) = apply(
        &mut client,
        &uri,
        &text,
        5,
        &actions,
        "add `indefinitely` to clause `research`",
    );
    assert!(
        text.contains("  exception to no_research\n  indefinitely\n}"),
        "{text}"
    );
    assert!(!codes(&now).iter().any(|(_, m)| m == open_ended), "{now:?}");
    assert_eq!(errors(&now), Vec::<(String, String)>::new());
    client.shutdown();
}

#[test]
fn inlay_hints_give_the_days_of_computed_windows() {
    let text = TEXT.replace(
        "event agi_verified\n",
        "event agi_verified\nevent devices_shipped\n",
    );
    let (mut client, uri) = open_in_folder("lsp-editor-hints", "editor.pactum", &text);
    client.diagnostics(&uri);
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 40, "character": 0}});
    let r = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": whole}),
    );
    let hints = r["result"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{r}"));
    let labels: Vec<(u64, &str)> = (hints.iter())
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap(),
                h["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        labels,
        [
            (18, "in force from 2025-01-01 through 2029-12-31"),
            (24, "when `agi_verified` and `devices_shipped` never happen: never in force (it starts with an event that does not happen)"),
        ]
    );
    // The hint stands at the end of the window's last line.
    let line = text.lines().nth(18).unwrap();
    assert_eq!(
        hints[0]["position"]["character"],
        line.encode_utf16().count()
    );
    // A range of other lines has none; a range past the end is no error.
    let top = json!({"start": {"line": 0, "character": 0}, "end": {"line": 10, "character": 0}});
    let r = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": top}),
    );
    assert_eq!(r["result"], json!([]));
    let past =
        json!({"start": {"line": 9999, "character": 9999}, "end": {"line": 99999, "character": 0}});
    let r = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": past}),
    );
    assert_eq!(r["result"], json!([]), "{r}");
    client.shutdown();
}

#[test]
fn semantic_tokens_follow_the_legend() {
    let mut client = Client::spawn();
    let dir = std::env::temp_dir();
    let uri = format!(
        "file://{}",
        dir.join("pactum-lsp-editor-tokens.pactum").display()
    );
    let init = client.initialize(&format!("file://{}", dir.display()));
    let caps = &init["result"]["capabilities"];
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    assert_eq!(caps["inlayHintProvider"], true);
    let legend = &caps["semanticTokensProvider"]["legend"];
    let types: Vec<&str> = legend["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    client.open(&uri, TEXT);
    client.diagnostics(&uri);
    let r = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    let data: Vec<u64> = (r["result"]["data"].as_array().unwrap().iter())
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(data.len() % 5, 0);
    // Decode independently of the server: the word at each token, with its type.
    let lines: Vec<Vec<u16>> = TEXT.lines().map(|l| l.encode_utf16().collect()).collect();
    let (mut line, mut col) = (0usize, 0usize);
    let mut words = Vec::new();
    for t in data.chunks(5) {
        line += t[0] as usize;
        col = if t[0] == 0 {
            col + t[1] as usize
        } else {
            t[1] as usize
        };
        let word = String::from_utf16(&lines[line][col..col + t[2] as usize]).unwrap();
        words.push((word, types[t[3] as usize]));
    }
    let kind_of = |w: &str| words.iter().find(|(x, _)| x == w).map(|(_, t)| *t);
    assert_eq!(kind_of("microsoft"), Some("class"));
    assert_eq!(kind_of("agi_verified"), Some("event"));
    assert_eq!(kind_of("no_research"), Some("function"));
    assert_eq!(kind_of("openai_ip"), Some("namespace"));
    assert_eq!(kind_of("2026-01-01"), Some("number"));
    assert_eq!(kind_of("90 days"), Some("number"));
    assert_eq!(kind_of("until"), Some("keyword"));
    assert_eq!(kind_of("/* 😀 */"), Some("comment"));
    assert_eq!(kind_of("\"Editor\""), Some("string"));
    // A range request answers the lines asked for only.
    let r = client.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": {"uri": uri}, "range": range_of(TEXT, "party openai", 0)}),
    );
    let data = r["result"]["data"].as_array().unwrap();
    assert_eq!(data.len(), 10, "`party` and `openai`: {r}");
    client.shutdown();
}
