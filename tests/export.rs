//! `pactum export FILE --format json` run as a user runs it, against the
//! model the library resolves: a snapshot of the reference contract's
//! export, every item of the model in it exactly once, and every field
//! documented in docs/export.md.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the pactum binary runs")
}

fn export(file: &str) -> Value {
    let out = pactum(&["export", file, "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{file}: not JSON: {e}"))
}

/// Every contract file this repository holds that has no errors.
fn contracts() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["contracts", "tests/ok"] {
        let mut files: Vec<String> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "pactum"))
            .map(|p| format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()))
            .collect();
        files.sort();
        out.extend(files);
    }
    out.retain(|f| {
        let loaded = pactum::model::load(&root().join(f), &mut |p| std::fs::read(p));
        !loaded.has_errors()
    });
    assert!(out.len() >= 8, "{out:?}");
    out
}

#[test]
fn the_reference_contract_export() {
    let out = pactum(&["export", "contracts/microsoft-openai-2025.pactum"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap().replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"[version]\"",
    );
    insta::assert_snapshot!("reference_contract", text);
}

/// The model's items, each identified as the export identifies it: its name,
/// the index of its file in the chain, and its line.
#[test]
fn every_item_of_the_model_appears_exactly_once() {
    for file in contracts() {
        let loaded = pactum::model::load(&root().join(&file), &mut |p| std::fs::read(p));
        let c = &loaded.contract;
        let doc = export(&file);
        assert_eq!(doc["schema_version"], pactum::export::SCHEMA_VERSION);
        let line = |span: &pactum::diagnostics::Span| {
            loaded.sources.line_col(&span.file, span.range.start).0 as u64
        };
        let exported = |list: &str| -> Vec<(String, u64, u64)> {
            doc[list]
                .as_array()
                .unwrap_or_else(|| panic!("{file}: `{list}` is a list"))
                .iter()
                .map(|i| {
                    (
                        i["name"].as_str().expect("name").to_string(),
                        i["at"]["version"].as_u64().expect("version"),
                        i["at"]["line"].as_u64().expect("line"),
                    )
                })
                .collect()
        };
        let clauses = exported("clauses");
        assert_eq!(clauses.len(), c.clauses.len(), "{file}");
        for cl in &c.clauses {
            let id = (
                cl.named.name.clone(),
                cl.version as u64,
                line(&cl.named.span),
            );
            assert_eq!(
                clauses.iter().filter(|e| **e == id).count(),
                1,
                "{file}: clause {id:?}"
            );
        }
        // Each clause carries its norm and window as the one printer says them.
        for (cl, e) in c.clauses.iter().zip(doc["clauses"].as_array().unwrap()) {
            assert_eq!(e["norm"], pactum::print::norm(c, &cl.norm), "{file}");
            assert_eq!(e["window"]["words"], pactum::print::window(c, &cl.window));
            assert_eq!(
                e["subjects"],
                serde_json::json!(c.subjects.describe(&cl.norm.subjects))
            );
        }
        let facts = exported("facts");
        assert_eq!(facts.len(), c.facts.len(), "{file}");
        for f in &c.facts {
            let id = (f.named.name.clone(), f.version as u64, line(&f.named.span));
            assert_eq!(
                facts.iter().filter(|e| **e == id).count(),
                1,
                "{file}: {id:?}"
            );
        }
        let events: BTreeSet<String> = exported("events").into_iter().map(|e| e.0).collect();
        assert_eq!(
            events.len(),
            c.events.len(),
            "{file}: events listed once each"
        );
        assert_eq!(exported("powers").len(), c.powers.len(), "{file}");
        assert_eq!(exported("parties").len(), c.parties.len(), "{file}");
        let written: usize = c.clauses.iter().map(|cl| cl.overrides.len()).sum();
        assert_eq!(
            doc["precedence"].as_array().unwrap().len(),
            written,
            "{file}"
        );
        assert_eq!(doc["term"].is_null(), c.term.is_none(), "{file}");
        assert_eq!(
            doc["versions"].as_array().unwrap().len(),
            c.versions.len(),
            "{file}"
        );
    }
}

/// Every key that occurs in an export is named, in backticks, on the page.
#[test]
fn every_field_is_documented() {
    let page = std::fs::read_to_string(root().join("docs/export.md")).unwrap();
    fn keys(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    out.insert(k.clone());
                    keys(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| keys(i, out)),
            _ => {}
        }
    }
    let mut all = BTreeSet::new();
    for file in contracts() {
        keys(&export(&file), &mut all);
    }
    let missing: Vec<&String> = all
        .iter()
        .filter(|k| !page.contains(&format!("`{k}`")) && !page.contains(&format!("\"{k}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/export.md does not document {missing:?}"
    );
}

#[test]
fn a_contract_with_errors_is_not_exported() {
    let out = pactum(&["export", "tests/ui/name.unknown.pactum", "--color", "never"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pactum::name::unknown"), "{err}");
    assert!(err.contains(
        "error: `tests/ui/name.unknown.pactum` has errors; fix them before exporting it"
    ));
    let out = pactum(&["export", "no/such/file.pactum"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
