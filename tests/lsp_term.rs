//! The term in the editor: hover on the term and on `end of term`, what a
//! clause's hover says about surviving it, go to definition from `end of
//! term` to the term, its references, and completion of the new words.

mod lsp_client;

use lsp_client::{at, completion_items, hover_text, open_in_folder, range_of, Client};
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
    let (mut client, uri) = open_in_folder(&format!("lsp-term-{name}"), "term.pactum", TEXT);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    (client, uri)
}

fn hover(client: &mut Client, uri: &str, needle: &str, nth: usize) -> String {
    hover_text(client, uri, TEXT, needle, nth)
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
    // `end of term` says the day the term ends, then the term it names.
    let end = hover(&mut client, &uri, "end of term", 1);
    assert!(
        end.starts_with(
            "**end of term**: 5 years after 2014-12-05, the first day after the term\n\n\
             **day:** 2019-12-05 (the term's last day is 2019-12-04)\n\n"
        ),
        "{end}"
    );
    assert!(
        end.ends_with(&term),
        "`end of term` shows the term it names"
    );
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
    let mut labels_at = |needle: &str| -> Vec<String> {
        (completion_items(&mut client, &uri, TEXT, needle, 0).iter())
            .filter_map(|i| i["label"].as_str().map(str::to_string))
            .collect()
    };
    // A clause's line can say it survives, for a while or not.
    let line = labels_at("survives\n");
    for word in ["survives", "survives for"] {
        assert!(line.iter().any(|l| l == word), "`{word}` not offered");
    }
    // A top-level line can declare the term.
    let item = labels_at("clause distribution");
    assert!(item.iter().any(|l| l == "term"), "`term` not offered");
    // A point can be the end of the term.
    let point = labels_at("end of term\n");
    assert!(point.iter().any(|l| l == "end of term"), "{point:?}");
    assert_eq!(client.shutdown(), Some(0));
}
