//! Conditions in the editor: a clause's hover shows its `when` and `unless`
//! lines and the window they narrow; the names in a condition lead to their
//! declarations; completion offers the two words.

mod lsp_client;

use lsp_client::{at, completion_items, open_clean, range_of, Client};

const TEXT: &str = r#"contract "Licence" effective 2018-03-01
party licensor
party licensee
action assign
action sell
subject licence
subject products

event consent_to_assign by licensor

clause exclusivity {
  only licensee may sell products
  until 2020-03-01
}

clause no_assignment {
  licensee must not assign licence
  until 2023-03-01
  unless consent_to_assign has happened
}

clause licensor_sales {
  licensor may sell products
  until 2023-03-01
  unless exclusivity is active
}
"#;

fn open(name: &str) -> (Client, String) {
    open_clean(&format!("pactum-lsp-cond-{name}"), "licence.pactum", TEXT)
}

#[test]
fn hover_shows_the_condition_and_the_window_it_narrows() {
    let (mut client, uri) = open("hover");
    let h = client.request("textDocument/hover", at(&uri, TEXT, "no_assignment", 0));
    let text = h["result"]["contents"]["value"]
        .as_str()
        .expect("hover")
        .to_string();
    assert!(
        text.contains("unless consent_to_assign has happened"),
        "{text}"
    );
    assert!(text.contains("`consent_to_assign`"), "{text}");
    let h = client.request("textDocument/hover", at(&uri, TEXT, "licensor_sales", 0));
    let text = h["result"]["contents"]["value"]
        .as_str()
        .expect("hover")
        .to_string();
    assert!(text.contains("unless exclusivity is active"), "{text}");
    assert!(text.contains("2020-03-01"), "{text}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn names_in_a_condition_lead_to_their_declarations() {
    let (mut client, uri) = open("definition");
    for (needle, nth, declared) in [
        ("consent_to_assign has", 0, "consent_to_assign"),
        ("exclusivity is", 0, "exclusivity"),
    ] {
        let def = client.request("textDocument/definition", at(&uri, TEXT, needle, nth));
        let def = &def["result"];
        let first = if def.is_array() { &def[0] } else { def };
        assert_eq!(
            first["range"],
            range_of(TEXT, declared, 0),
            "{needle}: {def}"
        );
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_when_and_unless() {
    let (mut client, uri) = open("completion");
    let mut labels = |needle: &str| -> Vec<String> {
        completion_items(&mut client, &uri, TEXT, needle, 0)
            .iter()
            .filter_map(|i| i["label"].as_str().map(str::to_string))
            .collect()
    };
    let labels_here = labels("unless exclusivity");
    let labels_in_condition = labels("is active");
    // At the start of a clause line: the two words.
    for word in ["when", "unless"] {
        let offered = labels_here.iter().any(|l| l == word);
        assert!(offered, "{word} not offered: {labels_here:?}");
    }
    // Inside the condition: the words of the condition language.
    for word in ["has", "happened", "is", "active"] {
        let offered = labels_in_condition.iter().any(|l| l == word);
        assert!(offered, "{word} not offered: {labels_in_condition:?}");
    }
    assert_eq!(client.shutdown(), Some(0));
}
