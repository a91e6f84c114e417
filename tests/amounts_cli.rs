//! Amounts through the binary, as a user runs it: `pactum query` prints a
//! clause's amount and how it was computed (human and JSON), and `pactum
//! check` fails on an amount that mixes currencies.

use std::path::Path;
use std::process::Command;

fn pactum(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(args)
        .output()
        .expect("pactum runs")
}

#[test]
fn query_shows_a_clauses_amount_and_how_it_was_computed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("licence.pactum");
    std::fs::write(
        &file,
        "contract \"Licence\" effective 2019-03-01\n\
         party company\nparty jhu\naction pay\nsubject fees\n\
         amount consideration = USD 20,000,000\n\
         clause liquidity_fee {\n  company must pay fees to jhu\n  amount 1 % of consideration\n  \
         within 30 days after 2019-03-01\n}\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let out = pactum(&["query", file, "--at", "2019-03-10"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("    amount: USD 200,000 = 1 % of consideration (USD 20,000,000)\n"),
        "{text}"
    );
    let out = pactum(&["query", file, "--at", "2019-03-10", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let amount = &json["norms"][0]["amount"];
    assert_eq!(amount["value"], "200000");
    assert_eq!(amount["unit"], "USD");
    assert_eq!(amount["text"], "USD 200,000");
    // After the deadline the clause, and so its amount, is not in force.
    let out = pactum(&["query", file, "--at", "2019-04-01"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("amount:"));
}

#[test]
fn query_of_a_corpus_contract_shows_the_minimum_royalty() {
    let out = pactum(&[
        "query",
        "contracts/jhu-virtuososurgical-2016.pactum",
        "--at",
        "2017-06-01",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        // §4.2's credit: no royalties were paid in the year before the
        // first anniversary, so the whole minimum is due.
        text.contains(
            "amount: USD 3,000 = greater of (USD 0, minimum_annual_royalty (USD 3,000) - sum of \
             running_royalties paid in the previous contract_year [contract year 1] (USD 0))"
        ),
        "{text}"
    );
}

#[test]
fn check_fails_on_mixed_currencies() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fees.pactum");
    std::fs::write(&file, "amount total = USD 2,000 + EUR 500\n").unwrap();
    let out = pactum(&["check", file.to_str().unwrap(), "--color", "never"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("pactum::amount::currency"), "{text}");
    assert!(text.contains("`+` mixes USD with EUR"), "{text}");
}

/// Amounts are not dated: an amending contract that restates one would
/// change it before its own effective date too, so it is refused.
#[test]
fn an_amendment_cannot_restate_an_amount() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("base.pactum"),
        "contract \"Base\" effective 2020-01-01\namount fee = USD 2,000\n",
    )
    .unwrap();
    let amendment = dir.path().join("amendment.pactum");
    std::fs::write(
        &amendment,
        "contract \"Amendment\" effective 2021-01-01 amends \"base.pactum\"\namount fee = USD 3,000\n",
    )
    .unwrap();
    let out = pactum(&["check", amendment.to_str().unwrap(), "--color", "never"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("amount `fee` is already declared by the amended contract"),
        "{text}"
    );
    assert!(text.contains("amounts are not dated"), "{text}");
}
