//! Inputs per period and sums over a schedule in the editor, through a real
//! language-server session: hover on an input per period says how a
//! scenario gives it, the clause a sum names leads to its declaration, and
//! completion after `sum of` offers the recurring clauses, then how to
//! group them, then the periods.

mod lsp_client;

use lsp_client::{at, completion_items, hover_text, open_clean, range_of};

const TEXT: &str = r#"contract "Licence" effective 2016-05-11
party company
party jhu
action pay
subject royalties
subject minimums
event royalties_paid by company
event minimum_paid by company

period contract_year from 2016-05-11

/// Exhibit A §2: the royalty of each calendar quarter.
input royalty "the royalty of a quarter": money USD per quarter

event low_royalty on 2020-01-01 when royalty[2019-Q4] < USD 1,000

clause running_royalties {
  company must pay royalties to jhu
  every quarter
  from 2016-05-11 until 2020-05-11
  due within 30 days after the end of each quarter
  discharged by royalties_paid
  amount royalty
}

clause minimum {
  company must pay minimums to jhu
  every contract_year
  from 2017-05-11 until 2020-05-11
  due within 30 days after the start of each contract_year
  discharged by minimum_paid
  amount greater of (USD 0, USD 3,000 - sum of running_royalties paid in the previous contract_year)
}
"#;

#[test]
fn hover_on_an_input_per_period_says_how_to_give_one_value() {
    let (mut client, uri) = open_clean("pactum-lsp-sums-hover", "licence.pactum", TEXT);
    let text = hover_text(&mut client, &uri, TEXT, "royalty \"the", 0);
    assert!(text.contains("one value per `quarter`"), "{text}");
    assert!(text.contains("--assume royalty[2000-Q1]=…"), "{text}");
    assert!(text.contains("decides `low_royalty`"), "{text}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn the_clause_a_sum_names_leads_to_its_declaration() {
    let (mut client, uri) = open_clean("pactum-lsp-sums-definition", "licence.pactum", TEXT);
    let def = client.request(
        "textDocument/definition",
        at(&uri, TEXT, "running_royalties paid", 0),
    );
    let def = &def["result"];
    let first = if def.is_array() { &def[0] } else { def };
    assert_eq!(
        first["range"],
        range_of(TEXT, "running_royalties", 0),
        "{def}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_walks_through_a_sum() {
    let (mut client, uri) = open_clean("pactum-lsp-sums-completion", "licence.pactum", TEXT);
    let mut labels = |needle: &str| -> Vec<String> {
        completion_items(&mut client, &uri, TEXT, needle, 0)
            .iter()
            .filter_map(|i| i["label"].as_str().map(str::to_string))
            .collect()
    };
    let clauses = labels("running_royalties paid");
    assert!(
        clauses.contains(&"running_royalties".to_string()),
        "{clauses:?}"
    );
    assert!(clauses.contains(&"minimum".to_string()), "{clauses:?}");
    assert!(!clauses.contains(&"royalty".to_string()), "{clauses:?}");
    let how = labels("paid in the previous");
    assert!(
        how.contains(&"for".to_string()) && how.contains(&"paid in".to_string()),
        "{how:?}"
    );
    let period = labels("the previous contract_year");
    assert!(period.contains(&"the previous".to_string()), "{period:?}");
    assert!(period.contains(&"contract_year".to_string()), "{period:?}");
    // One period's value written in the contract is not a declared name.
    let operands = labels("USD 3,000 -");
    assert!(operands.contains(&"royalty".to_string()), "{operands:?}");
    assert!(!operands.iter().any(|l| l.contains('[')), "{operands:?}");
}
