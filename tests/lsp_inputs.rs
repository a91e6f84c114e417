//! Inputs in the editor: hovering an input shows its type, how a scenario
//! gives it and the events it decides; an amount over an input says what it
//! waits for; an event the inputs decide shows its comparison; a name in an
//! amount or a comparison leads to the input's declaration; completion
//! offers the inputs where an amount is expected.

mod lsp_client;

use lsp_client::{at, completion_items, hover_text, open_clean, range_of, Client};

const TEXT: &str = r#"contract "Licence" effective 2016-05-11
party company
party jhu
action pay
subject fees

/// §1.5: Net Sales in the royalty year.
input net_sales "Net Sales": money USD

amount royalty "the running royalty" = 4 % of net_sales

/// Exhibit A §3: the minimum is not met.
event below_minimum on 2017-05-11 when net_sales < USD 75,000

clause pay_royalty {
  company must pay fees to jhu
  amount royalty + USD 100
  within 30 days after 2017-05-11
}
"#;

fn open(name: &str) -> (Client, String) {
    open_clean(&format!("pactum-lsp-input-{name}"), "licence.pactum", TEXT)
}

#[test]
fn hover_shows_inputs_and_what_waits_for_them() {
    let (mut client, uri) = open("hover");
    let text = hover_text(&mut client, &uri, TEXT, "net_sales", 0);
    assert!(
        text.contains("an amount in USD, given by the scenario"),
        "{text}"
    );
    assert!(
        text.contains("`pactum query --assume net_sales=…`"),
        "{text}"
    );
    assert!(text.contains("decides `below_minimum`"), "{text}");
    assert!(text.contains("§1.5"), "{text}");
    let text = hover_text(&mut client, &uri, TEXT, "royalty \"", 0);
    assert!(
        text.contains("depends on the input `net_sales`, which is not given"),
        "{text}"
    );
    let text = hover_text(&mut client, &uri, TEXT, "below_minimum", 0);
    assert!(
        text.contains("happens on 2017-05-11 if `net_sales < USD 75,000`, never otherwise"),
        "{text}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_use_of_an_input_leads_to_its_declaration() {
    let (mut client, uri) = open("definition");
    for nth in [1, 2] {
        let def = client.request("textDocument/definition", at(&uri, TEXT, "net_sales", nth));
        let def = &def["result"];
        let first = if def.is_array() { &def[0] } else { def };
        assert_eq!(first["range"], range_of(TEXT, "net_sales", 0), "{def}");
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_inputs_where_an_amount_is_expected() {
    let (mut client, uri) = open("completion");
    let items = completion_items(&mut client, &uri, TEXT, "royalty + USD", 0);
    let input = items
        .iter()
        .find(|i| i["label"] == "net_sales")
        .unwrap_or_else(|| panic!("{items:#?}"));
    assert_eq!(input["detail"], "input, an amount in USD — Net Sales");
    assert_eq!(client.shutdown(), Some(0));
}
