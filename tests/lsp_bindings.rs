//! Definition, references, hover and rename answered from the resolver's
//! bindings, over stdio as an editor asks, on a contract that amends another:
//! every answer reaches into both files of the chain.

mod lsp_client;

use lsp_client::{at, range_of, Client};
use serde_json::{json, Value};

const HISTORY: &str = r#"contract "Alt" effective 2019-07-22

/// The software company.
party microsoft "Microsoft Corporation"
party openai
action use "use and license"
event agi_verified "AGI verified" by openai
subject openai_ip { models { weights } research }
quantity stake_ms "Microsoft's stake": percent stake of microsoft in openai

clause models_ip "Models" {
  microsoft may use openai_ip.models
  until agi_verified or end of 2030, whichever first
}

clause research_only {
  microsoft may use openai_ip.research until 2028-01-01
}

fact ms_stake { stake_ms = 27 % }
"#;

const CURRENT: &str = r#"contract "Neu" effective 2025-10-28 amends "history.pactum"

clause models_ip "Models, restated" {
  microsoft may use openai_ip.models.weights, openai_ip.research
  through 2032
  overrides research_only
}

clause exclusive_weights {
  microsoft must not use openai_ip.models.weights from agi_verified indefinitely
  exception to models_ip
}

party panel "The expert panel"
"#;

struct Session {
    client: Client,
    uri: String,
    history_uri: String,
}

fn session(name: &str) -> Session {
    let dir = std::env::temp_dir().join(format!("pactum-lsp-bind-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("history.pactum"), HISTORY).unwrap();
    let uri = format!("file://{}", dir.join("current.pactum").display());
    let history_uri = format!("file://{}", dir.join("history.pactum").display());
    let mut client = Client::spawn();
    let init = client.initialize(&format!("file://{}", dir.display()));
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["renameProvider"], json!({"prepareProvider": true}));
    client.open(&uri, CURRENT);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    Session {
        client,
        uri,
        history_uri,
    }
}

impl Session {
    fn hover(&mut self, needle: &str, nth: usize) -> String {
        let h = self
            .client
            .request("textDocument/hover", at(&self.uri, CURRENT, needle, nth));
        h["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("a hover on `{needle}`: {h}"))
            .to_string()
    }

    fn references(&mut self, needle: &str, nth: usize, include_declaration: bool) -> Value {
        let mut params = at(&self.uri, CURRENT, needle, nth);
        params["context"] = json!({"includeDeclaration": include_declaration});
        self.client.request("textDocument/references", params)["result"].clone()
    }

    fn rename(&mut self, needle: &str, nth: usize, new_name: &str) -> Value {
        let mut params = at(&self.uri, CURRENT, needle, nth);
        params["newName"] = json!(new_name);
        self.client.request("textDocument/rename", params)
    }

    /// `uri` → the ranges its edits replace, sorted.
    fn edits(&self, response: &Value) -> Vec<(String, Value)> {
        let changes = response["result"]["changes"]
            .as_object()
            .unwrap_or_else(|| panic!("a workspace edit: {response}"));
        let mut out = Vec::new();
        for (uri, edits) in changes {
            for e in edits.as_array().unwrap() {
                out.push((uri.clone(), e["range"].clone()));
            }
        }
        out.sort_by_key(|(u, r)| (u.clone(), r.to_string()));
        out
    }
}

#[test]
fn references_go_through_the_bindings_into_the_amended_file() {
    let mut s = session("refs");
    // The declarations (oldest file first), then the use.
    assert_eq!(
        s.references("models_ip", 1, true),
        json!([
            {"uri": s.history_uri, "range": range_of(HISTORY, "models_ip", 0)},
            {"uri": s.uri, "range": range_of(CURRENT, "models_ip", 0)},
            {"uri": s.uri, "range": range_of(CURRENT, "models_ip", 1)},
        ])
    );
    // `models` in `openai_ip.models.weights` is the subject `openai_ip.models`:
    // its uses, one in the amended file and two here; not `models_ip`.
    assert_eq!(
        s.references("models.weights", 0, false),
        json!([
            {"uri": s.history_uri, "range": range_of(HISTORY, "models", 2)},
            {"uri": s.uri, "range": range_of(CURRENT, "models", 1)},
            {"uri": s.uri, "range": range_of(CURRENT, "models", 2)},
        ])
    );
    assert_eq!(s.client.shutdown(), Some(0));
}

#[test]
fn definition_of_a_clause_declared_in_the_amended_file() {
    let mut s = session("def");
    // A clause and a party used here, declared there.
    for (needle, declared) in [
        ("research_only", "research_only"),
        ("microsoft must", "microsoft"),
    ] {
        let d = s
            .client
            .request("textDocument/definition", at(&s.uri, CURRENT, needle, 0));
        let expected = json!([{"uri": s.history_uri, "range": range_of(HISTORY, declared, 0)}]);
        assert_eq!(d["result"], expected, "{needle}");
    }
    assert_eq!(s.client.shutdown(), Some(0));
}

#[test]
fn rename_edits_every_file_of_the_chain() {
    let mut s = session("rename");
    let prepared = s.client.request(
        "textDocument/prepareRename",
        at(&s.uri, CURRENT, "microsoft", 0),
    );
    assert_eq!(
        prepared["result"],
        json!({"range": range_of(CURRENT, "microsoft", 0), "placeholder": "microsoft"})
    );
    let r = s.rename("microsoft", 0, "ms");
    let mut expected: Vec<(String, Value)> = (0..4)
        .map(|i| (s.history_uri.clone(), range_of(HISTORY, "microsoft", i)))
        .chain((0..2).map(|i| (s.uri.clone(), range_of(CURRENT, "microsoft", i))))
        .collect();
    // `Microsoft Corporation` and `Microsoft's` are text, not the name.
    assert_eq!(HISTORY.matches("microsoft").count(), 4);
    expected.sort_by_key(|(u, r)| (u.clone(), r.to_string()));
    assert_eq!(s.edits(&r), expected);
    let new_texts: Vec<&str> = r["result"]["changes"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|e| e.as_array().unwrap())
        .map(|e| e["newText"].as_str().unwrap())
        .collect();
    assert!(new_texts.iter().all(|t| *t == "ms"), "{new_texts:?}");

    // A subject below a root: every segment that leads to it, in both files
    // (and not the `research` in `research_only`).
    let r = s.rename("research\n", 0, "studies");
    let mut expected = vec![
        (s.history_uri.clone(), range_of(HISTORY, "research", 0)),
        (s.history_uri.clone(), range_of(HISTORY, "research", 2)),
        (s.uri.clone(), range_of(CURRENT, "research", 0)),
    ];
    assert_eq!(
        &HISTORY[HISTORY.find("research").unwrap()..][..9],
        "research "
    );
    expected.sort_by_key(|(u, r)| (u.clone(), r.to_string()));
    assert_eq!(s.edits(&r), expected);
    // A clause: both versions and the uses.
    let r = s.rename("models_ip", 0, "models_clause");
    assert_eq!(s.edits(&r).len(), 3);
    assert_eq!(s.client.shutdown(), Some(0));
}

#[test]
fn rename_refuses_a_taken_or_reserved_name() {
    let mut s = session("refused");
    for (needle, new_name, reason) in [
        (
            "microsoft",
            "openai",
            "`openai` is already taken: a party cannot be renamed to it",
        ),
        (
            "microsoft",
            "use",
            "`use` is already taken: a party cannot be renamed to it",
        ),
        (
            "microsoft",
            "agi_verified",
            "`agi_verified` is already taken",
        ),
        ("microsoft", "exception", "`exception` is a reserved word"),
        ("microsoft", "micro soft", "`micro soft` is not a name"),
        (
            "models_ip",
            "exclusive_weights",
            "a clause cannot be renamed to it",
        ),
        ("weights", "models", ""), // a child of `models` may be called `models`
        ("research\n", "models", "a subject cannot be renamed to it"),
    ] {
        let r = s.rename(needle, 0, new_name);
        if reason.is_empty() {
            assert!(r.get("error").is_none(), "{needle} → {new_name}: {r}");
            continue;
        }
        assert_eq!(r["error"]["code"], -32803, "{needle} → {new_name}: {r}");
        let message = r["error"]["message"].as_str().unwrap();
        assert!(message.contains(reason), "{needle} → {new_name}: {message}");
    }
    // Nothing to rename on a keyword.
    let r = s.rename("clause", 0, "x");
    assert_eq!(r["result"], Value::Null, "{r}");
    let prepared = s.client.request(
        "textDocument/prepareRename",
        at(&s.uri, CURRENT, "overrides", 0),
    );
    assert_eq!(prepared["result"], Value::Null, "{prepared}");
    assert_eq!(s.client.shutdown(), Some(0));
}

#[test]
fn hover_over_each_kind_of_name() {
    let mut s = session("hover");
    let mut all = String::new();
    for (needle, nth, what) in [
        ("microsoft", 0, "a party declared in the amended file"),
        ("openai_ip", 0, "a subject root"),
        ("models.weights", 0, "a segment of a path"),
        ("weights", 0, "a leaf"),
        ("research_only", 0, "a clause of the amended file"),
        ("models_ip", 0, "the version of a clause declared here"),
        (
            "models_ip",
            1,
            "a clause named in `exception to`: its newest version",
        ),
        ("agi_verified", 0, "an event"),
        ("2032", 0, "a date written as `through`"),
        ("2025-10-28", 0, "an effective date"),
        ("history.pactum", 0, "the amended file"),
    ] {
        let text = s.hover(needle, nth);
        let text = text.replace(&s.history_uri["file://".len()..], "[dir]/history.pactum");
        all.push_str(&format!("## `{needle}` #{nth}: {what}\n\n{text}\n\n"));
    }
    let dir = s.history_uri["file://".len()..]
        .trim_end_matches("history.pactum")
        .to_string();
    let all = all.replace(&dir, "[dir]/");
    insta::assert_snapshot!("hover_over_each_kind_of_name", all);
    assert_eq!(s.client.shutdown(), Some(0));
}

#[test]
fn rename_in_the_amended_file_reaches_the_open_files_that_amend_it() {
    let mut s = session("upstream");
    let history_uri = s.history_uri.clone();
    s.client.open(&history_uri, HISTORY);
    let _ = s.client.diagnostics(&history_uri);
    let mut params = at(&history_uri, HISTORY, "microsoft", 0);
    params["newName"] = json!("ms");
    let r = s.client.request("textDocument/rename", params.clone());
    let mut expected: Vec<(String, Value)> = (0..4)
        .map(|i| (history_uri.clone(), range_of(HISTORY, "microsoft", i)))
        .chain((0..2).map(|i| (s.uri.clone(), range_of(CURRENT, "microsoft", i))))
        .collect();
    expected.sort_by_key(|(u, r)| (u.clone(), r.to_string()));
    assert_eq!(s.edits(&r), expected, "each place once");
    // A name the amending file declares is taken there.
    params["newName"] = json!("panel");
    let r = s.client.request("textDocument/rename", params);
    assert_eq!(r["error"]["code"], -32803, "{r}");
    assert_eq!(s.client.shutdown(), Some(0));
}

const SECTIONS: &str = r#"contract "Joint venture" effective 2025-01-01

party water_now "Water Now, Inc."
party subsidiary
/// Both sellers, bound together.
party hydraspin "the Hydraspin parties" = water_now, subsidiary
party everyone = hydraspin, buyer
party buyer
action sell
subject pumps

section "6.1" "Non-competition"
section "9.13" "Headings"

clause non_compete {
  section "6.1"
  refers to "9.13" "Headings"
  hydraspin must not sell pumps to buyer
  through 2029
}
"#;

#[test]
fn sections_and_party_groups_answer_from_the_bindings() {
    let dir = std::env::temp_dir().join(format!("pactum-lsp-sections-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let uri = format!("file://{}", dir.join("jv.pactum").display());
    let mut client = Client::spawn();
    client.initialize(&format!("file://{}", dir.display()));
    client.open(&uri, SECTIONS);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    let hover = |client: &mut Client, needle: &str, nth: usize| -> String {
        let h = client.request("textDocument/hover", at(&uri, SECTIONS, needle, nth));
        h["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("a hover on `{needle}`: {h}"))
            .to_string()
    };
    // A group shows its members; a group of a group, the parties it stands for.
    let group = hover(&mut client, "hydraspin", 1);
    assert!(
        group.contains("a group of `water_now`, `subsidiary`"),
        "{group}"
    );
    assert!(group.contains("Both sellers"), "{group}");
    assert!(group.contains("member of `everyone`"), "{group}");
    let all = hover(&mut client, "everyone", 0);
    assert!(
        all.contains("stands for `water_now`, `subsidiary`, `buyer`"),
        "{all}"
    );
    // A section shows its heading and its clauses; a clause, its sections.
    let section = hover(&mut client, "6.1", 1);
    assert!(
        section.contains("**section** `6.1` — Non-competition"),
        "{section}"
    );
    assert!(section.contains("clauses: `non_compete`"), "{section}");
    // A cited section, hovered in `refers to`, shows its declared heading.
    let cited = hover(&mut client, "9.13", 1);
    assert!(
        cited.starts_with("**section** `9.13` — Headings"),
        "{cited}"
    );
    let clause = hover(&mut client, "non_compete", 0);
    assert!(clause.contains("in section `6.1`"), "{clause}");
    assert!(clause.contains("refers to `9.13`"), "{clause}");
    // A section id used in a clause goes to its declaration; its references
    // are the text between the quotes.
    let d = client.request("textDocument/definition", at(&uri, SECTIONS, "9.13", 1));
    assert_eq!(
        d["result"],
        json!([{"uri": uri, "range": range_of(SECTIONS, "9.13", 0)}])
    );
    let mut params = at(&uri, SECTIONS, "9.13", 0);
    params["context"] = json!({"includeDeclaration": true});
    let refs = client.request("textDocument/references", params);
    assert_eq!(refs["result"].as_array().map(Vec::len), Some(2), "{refs}");
    // Inside the quotes of a citation, completion offers the sections.
    let c = client.request("textDocument/completion", at(&uri, SECTIONS, "9.13", 1));
    let labels: Vec<&str> = (c["result"].as_array().into_iter().flatten())
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert_eq!(labels, ["6.1", "9.13"], "{c}");
    // A group member is a use of the party.
    let d = client.request(
        "textDocument/definition",
        at(&uri, SECTIONS, "subsidiary", 1),
    );
    assert_eq!(
        d["result"],
        json!([{"uri": uri, "range": range_of(SECTIONS, "subsidiary", 0)}])
    );
    // Renaming a section renames every id written, quotes kept; an id
    // another section has, or one with a quote in it, is refused.
    let mut params = at(&uri, SECTIONS, "6.1", 0);
    params["newName"] = json!("6.2");
    let r = client.request("textDocument/rename", params.clone());
    let edits = r["result"]["changes"][&uri]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(edits.len(), 2, "{r}");
    assert!(edits.iter().all(|e| e["newText"] == "6.2"), "{r}");
    params["newName"] = json!("9.13");
    let taken = client.request("textDocument/rename", params.clone());
    assert!(taken["error"]["message"].as_str().is_some(), "{taken}");
    params["newName"] = json!("6\"2");
    let quoted = client.request("textDocument/rename", params);
    assert!(quoted["error"]["message"].as_str().is_some(), "{quoted}");
    assert_eq!(client.shutdown(), Some(0));
}
