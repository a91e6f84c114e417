//! The term in the editor: hover on the term and on `end of term`, what a
//! clause's hover says about surviving it, go to definition from `end of
//! term` to the term, its references, and completion of the new words.

mod lsp_client;

use lsp_client::{at, open_clean, range_of, Client};
use serde_json::{json, Value};

const TEXT: &str = r#"contract "Distribution" effective 2014-12-05
party vendor
party distributor
action sell
action disclose
subject products
subject know_how

/// Five years from the effective date.
term "initial term" {
  source "§2.1"
  until 5 years after 2014-12-05
}

clause distribution {
  distributor may sell products
}

clause confidentiality {
  distributor must not disclose know_how
  survives for 3 years
}

clause wind_down {
  distributor may sell products
  from end of term
  until 6 months after end of term
  survives
}
"#;

fn open(name: &str) -> (Client, String) {
    open_clean(&format!("pactum-lsp-term-{name}"), "term.pactum", TEXT)
}

fn hover(client: &mut Client, uri: &str, needle: &str, nth: usize) -> String {
    let h = client.request("textDocument/hover", at(uri, TEXT, needle, nth));
    h["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("a hover on `{needle}`: {h}"))
        .to_string()
}

#[test]
fn hover_shows_the_term_and_what_each_clause_does_at_its_end() {
    let (mut client, uri) = open("hover");
    let term = hover(&mut client, &uri, "term \"initial", 0);
    assert!(
        term.contains("**term** — initial term (source §2.1)"),
        "{term}"
    );
    assert!(term.contains("through 2019-12-04"), "{term}");
    assert!(
        term.contains("Five years from the effective date."),
        "{term}"
    );
    let end = hover(&mut client, &uri, "end of term", 1);
    assert_eq!(end, term, "`end of term` shows the term it names");
    let ends = hover(&mut client, &uri, "distribution", 0);
    assert!(ends.contains("ends with the term"), "{ends}");
    let survives = hover(&mut client, &uri, "confidentiality", 0);
    assert!(
        survives.contains("survives the term for 3 years"),
        "{survives}"
    );
    let forever = hover(&mut client, &uri, "wind_down", 0);
    assert!(forever.contains("survives the term\n") || forever.ends_with("survives the term"));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn end_of_term_leads_to_the_term_and_the_term_to_its_uses() {
    let (mut client, uri) = open("definition");
    let def = client.request("textDocument/definition", at(&uri, TEXT, "end of term", 0));
    let def = &def["result"];
    let first = if def.is_array() { &def[0] } else { def };
    assert_eq!(first["range"], range_of(TEXT, "term", 0), "{def}");
    let mut params = at(&uri, TEXT, "term \"initial", 0);
    params["context"] = json!({"includeDeclaration": false});
    let refs = client.request("textDocument/references", params)["result"].clone();
    let ranges: Vec<Value> = refs
        .as_array()
        .expect("references")
        .iter()
        .map(|r| r["range"].clone())
        .collect();
    assert_eq!(
        ranges,
        [
            range_of(TEXT, "end of term", 0),
            range_of(TEXT, "end of term", 1)
        ]
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_the_words_of_the_term() {
    let (mut client, uri) = open("completion");
    let items = client.request("textDocument/completion", at(&uri, TEXT, "survives\n", 0));
    let labels: Vec<&str> = items["result"]
        .as_array()
        .or_else(|| items["result"]["items"].as_array())
        .expect("completion items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    for word in ["term", "survives", "for"] {
        assert!(labels.contains(&word), "`{word}` not offered");
    }
    assert_eq!(client.shutdown(), Some(0));
}
