//! Interest in the editor: hovering an `interest` declaration's name says
//! what it resolves to (rate, first day, compounding, rounding and the
//! obligations it applies to); a clause on its `on` line leads to the
//! clause; completion at the start of one of its lines offers its lines.

mod lsp_client;

use lsp_client::{at, completion_items, hover_text, open_clean, range_of};

const TEXT: &str = r#"contract "Licence" effective 2016-05-11
party company
party jhu
action pay
subject royalties
event royalties_paid

clause running_royalties {
  company must pay royalties to jhu
  within 30 days after 2017-01-01
  discharged by royalties_paid
  amount USD 10,000
}

/// §4.5: late payments.
interest late_payments "interest on late payments" {
  at 6 % per year
  from the 10th day after the due date
  compounded on 12-31
  on running_royalties
}
"#;

#[test]
fn hover_says_what_the_interest_resolves_to() {
    let (mut client, uri) = open_clean("pactum-lsp-interest-hover", "licence.pactum", TEXT);
    let text = hover_text(&mut client, &uri, TEXT, "late_payments", 0);
    assert!(text.contains("6 % a year (actual/365)"), "{text}");
    assert!(text.contains("10 days after the due date"), "{text}");
    assert!(text.contains("compounded on 12-31"), "{text}");
    assert!(text.contains("rounded to 0.01, saying so"), "{text}");
    assert!(text.contains("Applies to `running_royalties`"), "{text}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_clause_on_the_on_line_leads_to_the_clause() {
    let (mut client, uri) = open_clean("pactum-lsp-interest-def", "licence.pactum", TEXT);
    let def = client.request(
        "textDocument/definition",
        at(&uri, TEXT, "running_royalties", 1),
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
fn completion_offers_the_lines_of_an_interest() {
    let (mut client, uri) = open_clean("pactum-lsp-interest-complete", "licence.pactum", TEXT);
    let items = completion_items(&mut client, &uri, TEXT, "compounded on", 0);
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    for line in ["compounded on", "day count", "rounded to", "from the", "at"] {
        assert!(labels.contains(&line), "`{line}` in {labels:?}");
    }
    assert_eq!(client.shutdown(), Some(0));
}
