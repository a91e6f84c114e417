//! Amounts that vary by period in the editor: hovering a named schedule says
//! it depends on the period (no value is guessed), and hovering an
//! instalment's amount through its clause is covered by `pactum query`
//! (tests/period_amounts.rs).

mod lsp_client;

use lsp_client::{at, open_clean};

const TEXT: &str = r#"contract "Licence" effective 1999-04-01
party licensee
party licensor
action pay
subject minimums

period fiscal_year starts 04-01

/// Exhibit A.
amount minimum = schedule by fiscal_year { FY1999: USD 1,000,000, FY2000: USD 2,000,000 }
"#;

#[test]
fn hover_on_a_schedule_says_it_depends_on_the_period() {
    let (mut client, uri) = open_clean("pactum-lsp-period-amounts-hover", "licence.pactum", TEXT);
    let h = client.request("textDocument/hover", at(&uri, TEXT, "minimum =", 0));
    let text = h["result"]["contents"]["value"].as_str().expect("hover");
    assert!(
        text.contains(
            "`schedule by fiscal_year { FY1999: USD 1,000,000, FY2000: USD 2,000,000 }`: \
             depends on the period"
        ),
        "{text}"
    );
}
