//! Conditional amounts in the editor: hovering one shows its value and
//! which case applied; a name in the condition leads to its declaration;
//! completion offers the named amounts inside the condition, and `if`
//! where an amount starts, with what it means (the lexicon).

mod lsp_client;

use lsp_client::{at, completion_items, hover_text, open_clean, range_of};

const TEXT: &str = r#"contract "Licence" effective 2016-05-11

/// Exhibit A §1.2: JHU's percentage and the round's, on the offer's day.
amount jhu_percentage = 3 %
amount percentage_offered = 2 %
amount equity_share = 5 %
amount preemptive_portion = if amount percentage_offered < jhu_percentage then equity_share else jhu_percentage
"#;

fn open(name: &str) -> (lsp_client::Client, String) {
    open_clean(
        &format!("pactum-lsp-conditional-{name}"),
        "licence.pactum",
        TEXT,
    )
}

#[test]
fn hover_shows_the_value_and_the_case_that_applied() {
    let (mut client, uri) = open("hover");
    let text = hover_text(&mut client, &uri, TEXT, "preemptive_portion", 0);
    assert!(
        text.contains(
            "5 % = if amount percentage_offered (2 %) < jhu_percentage (3 %) then equity_share \
             (5 %) else jhu_percentage (3 %) [the condition holds]"
        ),
        "{text}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_name_in_the_condition_leads_to_its_declaration() {
    let (mut client, uri) = open("definition");
    let def = client.request(
        "textDocument/definition",
        at(&uri, TEXT, "percentage_offered <", 0),
    );
    let def = &def["result"];
    let first = if def.is_array() { &def[0] } else { def };
    assert_eq!(
        first["range"],
        range_of(TEXT, "percentage_offered", 0),
        "{def}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_amounts_in_the_condition_and_if_where_an_amount_starts() {
    let (mut client, uri) = open("completion");
    let mut labels = |needle: &str| -> Vec<String> {
        completion_items(&mut client, &uri, TEXT, needle, 0)
            .iter()
            .filter_map(|i| i["label"].as_str().map(str::to_string))
            .collect()
    };
    let operand = labels("jhu_percentage then");
    assert!(operand.iter().any(|l| l == "equity_share"), "{operand:?}");
    let start = labels("if amount");
    assert!(start.iter().any(|l| l == "if"), "{start:?}");
    // The lexicon's words say what `if` means.
    let items = completion_items(&mut client, &uri, TEXT, "if amount", 0);
    let item = (items.iter())
        .find(|i| i["label"] == "if")
        .expect("`if` offered");
    assert!(
        item.to_string()
            .contains("the amount of the case whose condition holds"),
        "{item}"
    );
    assert_eq!(client.shutdown(), Some(0));
}
