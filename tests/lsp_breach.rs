//! Breach and the powers it opens in the editor: the clause `breach of
//! CLAUSE` names leads to the clause, counts among its references, and
//! renames with it; the hover on a power shows its `when` and `unless`
//! lines, as the hover on a clause does.

mod lsp_client;

use lsp_client::{at, hover_text, open_clean, range_of};
use serde_json::{json, Value};

const TEXT: &str = r#"contract "licence" effective 2016-05-11
party jhu
party company
action pay
subject fee

event invoiced by jhu
event paid by company

clause pay_fee {
  company must pay fee to jhu
  within 30 days after invoiced
  discharged by paid
}

clause late_interest {
  company must pay fee to jhu
  from breach of pay_fee
  until first(paid, 2030-01-01)
}

power terminate_for_nonpayment {
  jhu may terminate
  from 30 days after breach of pay_fee
  until paid
  when late_interest is active
}
"#;

#[test]
fn the_clause_a_breach_names_leads_to_the_clause_and_renames_with_it() {
    let (mut client, uri) = open_clean("pactum-lsp-breach", "licence.pactum", TEXT);
    let def = client.request("textDocument/definition", at(&uri, TEXT, "pay_fee", 1));
    let def = &def["result"];
    let first = if def.is_array() { &def[0] } else { def };
    assert_eq!(first["range"], range_of(TEXT, "pay_fee", 0), "{def}");

    let mut params = at(&uri, TEXT, "pay_fee", 0);
    params["context"] = json!({"includeDeclaration": true});
    let refs = client.request("textDocument/references", params);
    let ranges: Vec<Value> = (refs["result"].as_array().into_iter().flatten())
        .map(|r| r["range"].clone())
        .collect();
    assert_eq!(
        ranges,
        [
            range_of(TEXT, "pay_fee", 0),
            range_of(TEXT, "pay_fee", 1),
            range_of(TEXT, "pay_fee", 2)
        ],
        "{refs}"
    );

    let mut params = at(&uri, TEXT, "pay_fee", 1);
    params["newName"] = json!("pay_licence_fee");
    let renamed = client.request("textDocument/rename", params);
    let edits = renamed["result"]["changes"][&uri]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(edits.len(), 3, "{renamed}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn the_hover_on_a_power_shows_its_conditions() {
    let (mut client, uri) = open_clean("pactum-lsp-power-conditions", "licence.pactum", TEXT);
    let text = hover_text(&mut client, &uri, TEXT, "terminate_for_nonpayment", 0);
    assert!(
        text.contains("**condition:** `when late_interest is active`"),
        "{text}"
    );
    assert!(text.contains("can be exercised"), "{text}");
    assert_eq!(client.shutdown(), Some(0));
}
