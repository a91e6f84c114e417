//! Runs of periods in the editor: hovering an event a run decides says how
//! (the periods, the anchor, the comparison), hovering the input names the
//! event it decides, and the anchor and the input in the run lead to their
//! declarations.

mod lsp_client;

use lsp_client::{at, hover_text, open_clean, range_of, Client};

const TEXT: &str = r#"contract "Licence" effective 2016-05-11
party company
party jhu

event first_sale "the first commercial sale" by company

/// §6.3: the sales made in a calendar quarter.
input sales "sales made in a quarter": money USD per quarter

/// Four consecutive quarters without sales have passed.
event no_sales by company at the end of the first 4 consecutive quarters after first_sale when sales = USD 0
"#;

fn open(name: &str) -> (Client, String) {
    open_clean(&format!("pactum-lsp-run-{name}"), "licence.pactum", TEXT)
}

#[test]
fn hover_says_how_a_run_decides_the_event() {
    let (mut client, uri) = open("hover");
    let text = hover_text(&mut client, &uri, TEXT, "no_sales", 0);
    assert!(
        text.contains(
            "happens at the end of the first 4 consecutive quarters after `first_sale` in which \
             `sales = USD 0` holds, never if none closes"
        ),
        "{text}"
    );
    let text = hover_text(&mut client, &uri, TEXT, "sales \"", 0);
    assert!(text.contains("decides `no_sales`"), "{text}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn the_anchor_and_the_input_lead_to_their_declarations() {
    let (mut client, uri) = open("definition");
    for (name, nth) in [("first_sale", 1), ("sales", 5)] {
        let def = client.request("textDocument/definition", at(&uri, TEXT, name, nth));
        let def = &def["result"];
        let first = if def.is_array() { &def[0] } else { def };
        let declared = if name == "sales" { 1 } else { 0 };
        assert_eq!(
            first["range"],
            range_of(TEXT, name, declared),
            "{name}: {def}"
        );
    }
    assert_eq!(client.shutdown(), Some(0));
}
