//! Amounts in the editor: hovering a named amount or a clause shows the
//! exact value and how it was computed; a name in an amount leads to its
//! declaration; completion offers the named amounts where an amount is
//! expected and `rounded to` after one.

mod lsp_client;

use lsp_client::{at, completion_items, open_clean, range_of, Client};

const TEXT: &str = r#"contract "Licence" effective 2016-05-11
party company
party jhu
action pay
subject fees

/// Exhibit A §4.1: the aggregate consideration of the merger.
amount consideration = USD 20,000,000
amount liquidity_fee "the liquidity event fee" = 1 % of consideration

clause pay_liquidity_fee {
  company must pay fees to jhu
  amount liquidity_fee rounded to 1
  within 30 days after 2019-03-01
}
"#;

fn open(name: &str) -> (Client, String) {
    open_clean(&format!("pactum-lsp-amount-{name}"), "licence.pactum", TEXT)
}

fn hover(client: &mut Client, uri: &str, needle: &str, nth: usize) -> String {
    let h = client.request("textDocument/hover", at(uri, TEXT, needle, nth));
    h["result"]["contents"]["value"]
        .as_str()
        .expect("hover")
        .to_string()
}

#[test]
fn hover_shows_the_exact_value_and_how_it_was_computed() {
    let (mut client, uri) = open("hover");
    let text = hover(&mut client, &uri, "liquidity_fee", 0);
    assert!(
        text.contains("USD 200,000 = 1 % of consideration (USD 20,000,000)"),
        "{text}"
    );
    let text = hover(&mut client, &uri, "consideration", 1);
    assert!(text.contains("USD 20,000,000"), "{text}");
    assert!(text.contains("Exhibit A §4.1"), "{text}");
    let text = hover(&mut client, &uri, "pay_liquidity_fee", 0);
    assert!(
        text.contains("**amount:** USD 200,000 = liquidity_fee (USD 200,000) rounded to 1"),
        "{text}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_name_in_an_amount_leads_to_its_declaration() {
    let (mut client, uri) = open("definition");
    let def = client.request(
        "textDocument/definition",
        at(&uri, TEXT, "liquidity_fee rounded", 0),
    );
    let def = &def["result"];
    let first = if def.is_array() { &def[0] } else { def };
    assert_eq!(first["range"], range_of(TEXT, "liquidity_fee", 0), "{def}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_amounts_and_what_ends_one() {
    let (mut client, uri) = open("completion");
    let mut labels = |needle: &str| -> Vec<String> {
        completion_items(&mut client, &uri, TEXT, needle, 0)
            .iter()
            .filter_map(|i| i["label"].as_str().map(str::to_string))
            .collect()
    };
    let operand = labels("liquidity_fee rounded");
    for word in ["consideration", "liquidity_fee", "greater of", "lesser of"] {
        assert!(operand.iter().any(|l| l == word), "{word}: {operand:?}");
    }
    assert!(!operand.iter().any(|l| l == "company"), "{operand:?}");
    let after = labels("rounded to 1");
    assert!(after.iter().any(|l| l == "rounded to"), "{after:?}");
    assert_eq!(client.shutdown(), Some(0));
}
