//! `pactum lsp` driven over stdio as an editor drives it: one session from
//! `initialize` to `exit`, with a file that has mistakes and non-ASCII text
//! (positions are UTF-16 code units, so `😀` counts two).

mod lsp_client;

use lsp_client::{at, pos_of, range_of, Client};
use serde_json::{json, Value};

const BAD: &str = r#"contract "Lizenz — Übersicht “Modelle”" effective 2025-10-28

/// Der Softwarekonzern 😀.
party microsoft "Microsoft Corporation"
party openai "OpenAI Group PBC"
party openai
action use "use and license"
event agi_verified "AGI bestätigt 🙂" by openai
subject openai_ip { models { weights } research }

clause research_ip "Forschung — “IP”" {
  source "T7"
  /* “ü” 😀 */ microsft may use openai_ip.research
  until agi_verified or end of 2030, whichever first
}

clause models {
  microsoft may use openai_ip.research, openai_ip.models
  from 2026-01-01 through 2032
  overrides research_ip
}
"#;

fn fixed() -> String {
    BAD.replace("party openai\n", "")
        .replace("microsft may", "microsoft may")
}

#[test]
fn a_whole_editor_session() {
    let dir = tempdir("session");
    let uri = url(&dir.join("lizenz.pactum"));
    std::fs::create_dir_all(dir.join("contracts")).unwrap();
    std::fs::write(
        dir.join("contracts/rahmen.pactum"),
        "contract \"Rahmen\"\nparty lieferant\nsubject ware { ersatzteile }\n",
    )
    .unwrap();
    let mut c = Client::spawn();

    let init = c.initialize(&url(&dir));
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], 1, "full sync");
    assert_eq!(caps["positionEncoding"], "utf-16");
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "documentFormattingProvider",
    ] {
        assert_eq!(caps[cap], true, "{cap}");
    }

    // didOpen of a file with two mistakes.
    c.open(&uri, BAD);
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 2, "{diags:#?}");

    let dup = &diags[0];
    assert_eq!(dup["range"], range_of(BAD, "openai", 1));
    assert_eq!(dup["severity"], 1);
    assert_eq!(dup["code"], "pactum::name::duplicate");
    assert_eq!(dup["source"], "pactum");
    assert_eq!(
        dup["message"],
        "party `openai` is declared twice\ndeclared again here\n\
         help: rename one of the two `openai`, or remove the repeated declaration"
    );
    let related = dup["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["location"]["uri"], uri.as_str());
    assert_eq!(related[0]["location"]["range"], range_of(BAD, "openai", 0));
    assert_eq!(related[0]["message"], "first declared here");

    let unknown = &diags[1];
    // After `/* “ü” 😀 */ `: 14 characters but 15 UTF-16 units.
    assert_eq!(
        unknown["range"]["start"],
        json!({"line": 12, "character": 15})
    );
    assert_eq!(unknown["range"], range_of(BAD, "microsft", 0));
    assert_eq!(unknown["severity"], 1);
    assert_eq!(unknown["code"], "pactum::name::unknown");
    assert_eq!(
        unknown["message"],
        "unknown party `microsft`\nno party has this name\nhelp: did you mean `microsoft`?"
    );
    assert!(unknown.get("relatedInformation").is_none());

    // Garbage on the wire is answered, and the server keeps serving.
    c.send_raw(b"Content-Length: 9\r\n\r\n{garbage}");
    let err = c.wait(|v| v["id"].is_null() && v.get("error").is_some());
    assert_eq!(err["error"]["code"], -32700);
    let unknown_method = c.request("pactum/noSuchThing", json!({}));
    assert_eq!(unknown_method["error"]["code"], -32601);
    let not_open = c.request(
        "textDocument/hover",
        at("file:///nowhere.pactum", BAD, "party", 0),
    );
    assert_eq!(not_open["error"]["code"], -32602);

    // didChange fixing both: the diagnostics are cleared.
    let text = fixed();
    c.change(&uri, 2, &text);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());

    // hover on a party: its declaration and its `///` comment.
    let h = c.request("textDocument/hover", at(&uri, &text, "microsoft may", 1));
    let value = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        value.starts_with("**party** `microsoft` — Microsoft Corporation"),
        "{value}"
    );
    assert!(value.contains("Der Softwarekonzern 😀."), "{value}");
    assert_eq!(h["result"]["range"], range_of(&text, "microsoft", 2));

    // hover on a clause: its window in words and its dates.
    let h = c.request("textDocument/hover", at(&uri, &text, "research_ip", 0));
    let value = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("**clause** `research_ip` — Forschung — “IP” (source T7)"),
        "{value}"
    );
    assert!(
        value
            .contains("through the day before `agi_verified` or 2030-12-31, whichever comes first"),
        "{value}"
    );
    assert!(
        value.contains("in force from 2025-10-28 through 2030-12-31"),
        "{value}"
    );

    // hover on a date: the clauses ending there.
    let h = c.request("textDocument/hover", at(&uri, &text, "2032", 0));
    let value = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("clauses ending this day (last in force 2032-12-31): `models`"),
        "{value}"
    );

    // definition of `research_ip` in `overrides research_ip`.
    let d = c.request("textDocument/definition", at(&uri, &text, "research_ip", 1));
    assert_eq!(
        d["result"],
        json!([{"uri": uri, "range": range_of(&text, "research_ip", 0)}])
    );
    // definition of a segment of a dotted path: that subject.
    let d = c.request("textDocument/definition", at(&uri, &text, "models\n", 0));
    assert_eq!(
        d["result"],
        json!([{"uri": uri, "range": range_of(&text, "models", 0)}])
    );

    // references of `openai_ip`: its declaration and its three uses.
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": pos_of(&text, "openai_ip", 1),
               "context": {"includeDeclaration": true}}),
    );
    let expected: Vec<Value> = (0..4)
        .map(|i| json!({"uri": uri, "range": range_of(&text, "openai_ip", i)}))
        .collect();
    assert_eq!(r["result"], json!(expected));

    // the outline, subjects nested.
    let s = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<&str> = s["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Lizenz — Übersicht “Modelle”",
            "microsoft",
            "openai",
            "use",
            "agi_verified",
            "openai_ip",
            "research_ip",
            "models"
        ]
    );
    let subject = &s["result"][5];
    assert_eq!(subject["children"][0]["name"], "models");
    assert_eq!(subject["children"][0]["children"][0]["name"], "weights");
    assert_eq!(subject["children"][1]["name"], "research");

    // workspace symbols: open documents and `contracts/` under the root.
    let w = c.request("workspace/symbol", json!({"query": "ersatz"}));
    assert_eq!(w["result"].as_array().unwrap().len(), 1, "{w}");
    assert_eq!(w["result"][0]["name"], "ware.ersatzteile");
    assert!(w["result"][0]["location"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("/contracts/rahmen.pactum"));
    let w = c.request("workspace/symbol", json!({"query": "research"}));
    let names: Vec<&str> = w["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["openai_ip.research", "research_ip"]);

    // formatting: whatever the formatter makes of the text, as one edit.
    let f = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert!(f.get("error").is_none(), "{f}");
    match pactum::lsp::format_document(&text) {
        None => assert_eq!(f["result"], Value::Null),
        Some(formatted) if formatted == text => assert_eq!(f["result"], json!([])),
        Some(formatted) => {
            let edits = f["result"].as_array().unwrap();
            assert_eq!(edits.len(), 1);
            assert_eq!(edits[0]["newText"], formatted.as_str());
            assert_eq!(
                edits[0]["range"]["start"],
                json!({"line": 0, "character": 0})
            );
        }
    }

    // didClose clears what the document showed.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    c.change(&uri, 3, BAD); // a change to a closed document is ignored
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());

    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn definitions_and_diagnostics_reach_into_the_amended_file() {
    let dir = tempdir("amends");
    let history = "contract \"Alt\" effective 2019-07-22\n\
        party microsoft\naction use\nsubject ip { models }\n\
        clause models_ip { microsoft may use ip until 2030-01-01 }\n\
        clause old_only { microsoft may use ip.models until 2028-01-01 }\n\
        party microsoft\n";
    std::fs::write(dir.join("history.pactum"), history).unwrap();
    let current = "contract \"Neu\" effective 2025-10-28 amends \"history.pactum\"\n\
        clause models_ip { microsoft may use ip.models through 2032 overrides old_only }\n";
    let uri = url(&dir.join("current.pactum"));
    let history_uri = url(&dir.join("history.pactum"));
    let mut c = Client::spawn();
    c.initialize(&url(&dir));
    c.open(&uri, current);

    // The duplicate is in the history file, so it is shown there.
    let here = c.diagnostics(&uri);
    let there = c.diagnostics(&history_uri);
    assert_eq!(here, Vec::<Value>::new());
    assert_eq!(there.len(), 1, "{there:#?}");
    assert_eq!(there[0]["code"], "pactum::name::duplicate");
    assert_eq!(there[0]["range"], range_of(history, "microsoft", 3));

    // `old_only` is declared only in the history file.
    let d = c.request("textDocument/definition", at(&uri, current, "old_only", 0));
    assert_eq!(
        d["result"],
        json!([{"uri": history_uri, "range": range_of(history, "old_only", 0)}])
    );
    // `models_ip` has a version in each file, newest first.
    let d = c.request("textDocument/definition", at(&uri, current, "models_ip", 0));
    assert_eq!(
        d["result"],
        json!([
            {"uri": uri, "range": range_of(current, "models_ip", 0)},
            {"uri": history_uri, "range": range_of(history, "models_ip", 0)}
        ])
    );
    // The `amends` string leads to the file.
    let d = c.request(
        "textDocument/definition",
        at(&uri, current, "history.pactum", 0),
    );
    assert_eq!(d["result"][0]["uri"], history_uri.as_str());

    // Editing the history in the editor re-checks the amending file too.
    let fixed_history = history.strip_suffix("party microsoft\n").unwrap();
    c.open(&history_uri, fixed_history);
    let mut cleared = false;
    for _ in 0..4 {
        if c.diagnostics(&history_uri).is_empty() {
            cleared = true;
            break;
        }
    }
    assert!(
        cleared,
        "the duplicate disappears once the history is fixed"
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn exit_without_shutdown_is_status_one() {
    let mut c = Client::spawn();
    c.initialize("file:///tmp");
    c.notify("exit", Value::Null);
    // Not `shutdown()`: that would send the request first.
    let status = wait_exit(c);
    assert_eq!(status, Some(1));
}

fn wait_exit(mut c: Client) -> Option<i32> {
    let deadline = std::time::Instant::now() + lsp_client::TIMEOUT;
    loop {
        if let Some(code) = c.try_status() {
            return code;
        }
        assert!(std::time::Instant::now() < deadline, "server did not exit");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn url(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}
