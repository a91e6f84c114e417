//! Tier tables and comparisons of amounts in the editor: hovering a clause
//! whose amount is tiered shows which bracket applied; completion offers the
//! named amounts for a rank after `at`, in a bracket after its colon, and
//! after `amount` in an assertion.

mod lsp_client;

use lsp_client::{at, completion_items, open_clean, Client};

const TEXT: &str = r#"contract "Distribution" effective 2019-11-12
party distributor
action receive
subject share_of_revenue

/// §1.1: the Distributor Share by installation rank.
amount distributor_share = tiered { 1..10: 7.5 %, 11..: 15 % }
amount installation_rank = 12
amount net_revenue = USD 46,000

clause distributor_receives {
  distributor may receive share_of_revenue
  indefinitely
  amount distributor_share at installation_rank of net_revenue
}

assert share_cap {
  always amount distributor_share at 1 <= 10 %
}
"#;

fn open(name: &str) -> (Client, String) {
    open_clean(
        &format!("pactum-lsp-tiers-{name}"),
        "distribution.pactum",
        TEXT,
    )
}

#[test]
fn hover_says_which_tier_applied() {
    let (mut client, uri) = open("hover");
    let h = client.request(
        "textDocument/hover",
        at(&uri, TEXT, "distributor_receives", 0),
    );
    let text = h["result"]["contents"]["value"].as_str().expect("hover");
    assert!(
        text.contains(
            "**amount:** USD 6,900 = distributor_share at installation_rank (12) \
             [tier 11..: 15 %] of net_revenue (USD 46,000)"
        ),
        "{text}"
    );
    let h = client.request("textDocument/hover", at(&uri, TEXT, "distributor_share", 0));
    let text = h["result"]["contents"]["value"].as_str().expect("hover");
    assert!(
        text.contains(
            "`tiered { 1..10: 7.5 %, 11..: 15 % }` (a tier table: apply it to a rank, \
             as in `distributor_share at 12`)"
        ),
        "{text}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_amounts_for_ranks_rates_and_comparisons() {
    let (mut client, uri) = open("completion");
    let mut labels = |needle: &str| -> Vec<String> {
        completion_items(&mut client, &uri, TEXT, needle, 0)
            .iter()
            .filter_map(|i| i["label"].as_str().map(str::to_string))
            .collect()
    };
    for needle in [
        "installation_rank of",
        "15 % }",
        "distributor_share at 1 <=",
    ] {
        let found = labels(needle);
        for word in ["installation_rank", "net_revenue", "tiered by"] {
            assert!(
                found.iter().any(|l| l == word),
                "{needle}: {word}: {found:?}"
            );
        }
        assert!(!found.iter().any(|l| l == "distributor"), "{found:?}");
    }
    assert_eq!(client.shutdown(), Some(0));
}
