//! The constructs of real agreements in the editor: hover on a power, on
//! `end of term` as the contract resolves it, on `survives`, on an event
//! with windows and on `prevails`; completion of their words where they are
//! written; a power's name used as an event leads to the power, and renames
//! with it.

mod lsp_client;

use lsp_client::{at, completion_items, hover_text, open_in_folder, range_of, Client};
use serde_json::{json, Value};

const TEXT: &str = r#"contract "Licence" effective 2016-05-11
party jhu
party company
action sell
action disclose
subject licensed_products
subject know_how

event default_notice by jhu
/// The default is corrected within 60 days after the notice (§7.1).
event cured by company, within 60 days after default_notice
event invoiced by jhu
event paid by company, within 30 days after invoiced, not before 2016-05-11

term "the licence term" {
  source "§6.1"
  until 2026-05-11
}

/// The Company may end the licence at will.
power company_terminates "termination by the Company" {
  source "§6.2"
  company may terminate
  notice 60 days
}

power buy_option {
  source "§8"
  company may exercise
  until 2020-01-01
}

clause licence {
  source "§3.1"
  company may sell licensed_products
}

clause secrecy {
  source "§9"
  company must not disclose know_how
  survives for 3 years
}

clause after_option {
  source "§8.2"
  company may sell licensed_products
  from 30 days after buy_option
  until end of term
}

assert licence_prevails {
  always company must not disclose know_how prevails
  from 2016-05-11
  until 2017-01-01
}
"#;

fn open(name: &str) -> (Client, String) {
    let (mut client, uri) = open_in_folder(&format!("lsp-powers-{name}"), "licence.pactum", TEXT);
    let errors: Vec<Value> = (client.diagnostics(&uri).into_iter())
        .filter(|d| d["severity"] == 1)
        .collect();
    assert_eq!(errors, Vec::<Value>::new());
    (client, uri)
}

fn hover(client: &mut Client, uri: &str, needle: &str, nth: usize) -> String {
    hover_text(client, uri, TEXT, needle, nth)
}

#[test]
fn hover_on_a_power_shows_its_holder_effect_and_window() {
    let (mut client, uri) = open("hover-power");
    let power = hover(&mut client, &uri, "company_terminates", 0);
    assert!(
        power.starts_with(
            "**power** `company_terminates` — termination by the Company (source §6.2)"
        ),
        "{power}"
    );
    assert!(
        power.contains("`company` may terminate: the term ends 60 days after its exercise"),
        "{power}"
    );
    assert!(
        power.contains("**can be exercised:** from 2016-05-11 through 2026-05-10"),
        "{power}"
    );
    assert!(
        power.contains("The Company may end the licence at will."),
        "{power}"
    );
    // An option, hovered where a clause counts from its exercise; its window
    // is cut by the end of the term, which the other power may bring.
    let option = hover(&mut client, &uri, "buy_option", 1);
    assert!(option.starts_with("**power** `buy_option`"), "{option}");
    assert!(
        option.contains("`company` may exercise it (an option or a refusal right)"),
        "{option}"
    );
    assert!(
        option.contains(
            "**can be exercised:** from 2016-05-11 through 2019-12-31, 2026-05-10 or \
             59 days after `company_terminates`, whichever comes first"
        ),
        "{option}"
    );
    assert!(
        option.contains("**if no event happens:** in force from 2016-05-11 through 2019-12-31"),
        "{option}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn hover_on_end_of_term_shows_the_end_the_contract_resolves() {
    let (mut client, uri) = open("hover-end");
    let end = hover(&mut client, &uri, "end of term", 0);
    assert!(
        end.starts_with(
            "**end of term**: the earliest of 2026-05-11 and 60 days after \
             `company_terminates`, the first day after the term"
        ),
        "{end}"
    );
    assert!(
        end.contains("**if no event happens:** 2026-05-11 (the term's last day is 2026-05-10)"),
        "{end}"
    );
    // Then the term it belongs to, whose own hover says the same end since
    // a power can bring it earlier.
    assert!(
        end.contains("\n\n**term** — the licence term (source §6.1)"),
        "{end}"
    );
    assert_eq!(end.matches("**end of term**").count(), 1, "{end}");
    let term = hover(&mut client, &uri, "term \"the licence", 0);
    assert!(term.contains("**end of term**: the earliest of"), "{term}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn hover_on_survives_says_until_when() {
    let (mut client, uri) = open("hover-survives");
    let survives = hover(&mut client, &uri, "survives for", 0);
    assert!(
        survives.starts_with(
            "**survives** — clause `secrecy` survives the term for 3 years: it ends at \
             the earlier of its own end and that long after the end of the term"
        ),
        "{survives}"
    );
    assert!(
        survives.contains(
            "**in force:** from 2016-05-11 through the day before 3 years after \
             the earliest of 2026-05-11 and 60 days after `company_terminates`"
        ),
        "{survives}"
    );
    assert!(
        survives.contains("**if no event happens:** in force from 2016-05-11 through 2029-05-10"),
        "{survives}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn hover_on_an_event_shows_its_windows_in_words() {
    let (mut client, uri) = open("hover-event");
    let paid = hover(&mut client, &uri, "paid", 0);
    assert!(
        paid.contains(
            "**can happen** `within 30 days after invoiced`: from `invoiced` through \
             30 days after `invoiced`"
        ),
        "{paid}"
    );
    assert!(
        paid.contains("**can happen:** from 2016-05-11, with no end"),
        "{paid}"
    );
    let cured = hover(&mut client, &uri, "cured", 0);
    assert!(cured.contains("declared by `company`"), "{cured}");
    assert!(
        cured.contains("from `default_notice` through 60 days after `default_notice`"),
        "{cured}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn hover_on_prevails_says_what_it_asks() {
    let (mut client, uri) = open("hover-prevails");
    let prevails = hover(&mut client, &uri, "prevails\n", 0);
    assert!(
        prevails.starts_with("**prevails** — the norm pattern before it holds after precedence"),
        "{prevails}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_power_used_as_an_event_leads_to_the_power_and_renames_with_it() {
    let (mut client, uri) = open("power-bindings");
    let def = client.request("textDocument/definition", at(&uri, TEXT, "buy_option", 1));
    assert_eq!(
        def["result"],
        json!([{"uri": uri, "range": range_of(TEXT, "buy_option", 0)}])
    );
    let mut params = at(&uri, TEXT, "company_terminates", 0);
    params["context"] = json!({"includeDeclaration": true});
    let refs = client.request("textDocument/references", params);
    let ranges: Vec<Value> = (refs["result"].as_array().into_iter().flatten())
        .map(|r| r["range"].clone())
        .collect();
    assert_eq!(ranges, [range_of(TEXT, "company_terminates", 0)], "{refs}");
    let mut params = at(&uri, TEXT, "buy_option", 0);
    params["newName"] = json!("purchase_option");
    let r = client.request("textDocument/rename", params);
    let mut edits: Vec<Value> = (r["result"]["changes"][&uri]
        .as_array()
        .into_iter()
        .flatten())
    .map(|e| e["range"].clone())
    .collect();
    edits.sort_by_key(|r| r["start"]["line"].as_u64());
    assert_eq!(
        edits,
        [
            range_of(TEXT, "buy_option", 0),
            range_of(TEXT, "buy_option", 1)
        ],
        "{r}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

/// The completion items at the `nth` `needle`, as (label, detail).
fn complete(client: &mut Client, uri: &str, needle: &str, nth: usize) -> Vec<(String, String)> {
    (completion_items(client, uri, TEXT, needle, nth).iter())
        .map(|i| {
            let label = i["label"].as_str().unwrap_or_default().to_string();
            (label, i["detail"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

fn labels(items: &[(String, String)]) -> Vec<&str> {
    items.iter().map(|(l, _)| l.as_str()).collect()
}

#[test]
fn completion_offers_items_at_the_start_of_a_top_level_line() {
    let (mut client, uri) = open("complete-items");
    let items = complete(&mut client, &uri, "clause licence", 0);
    let labels = labels(&items);
    for word in ["term", "power", "section", "clause", "event"] {
        assert!(labels.contains(&word), "`{word}` not offered: {labels:?}");
    }
    for word in ["survives", "notice", "company"] {
        assert!(!labels.contains(&word), "`{word}` offered: {labels:?}");
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_the_lines_of_a_clause() {
    let (mut client, uri) = open("complete-clause");
    let items = complete(&mut client, &uri, "source \"§9\"", 0);
    let labels = labels(&items);
    for word in [
        "survives",
        "survives for",
        "section",
        "refers to",
        "until",
        "company",
    ] {
        assert!(labels.contains(&word), "`{word}` not offered: {labels:?}");
    }
    for word in ["power", "notice", "may terminate", "prevails"] {
        assert!(!labels.contains(&word), "`{word}` offered: {labels:?}");
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_the_lines_of_a_power_and_what_its_holder_may_do() {
    let (mut client, uri) = open("complete-power");
    let lines = complete(&mut client, &uri, "notice 60 days", 0);
    let lines = labels(&lines);
    for word in ["notice", "from", "until", "source", "jhu"] {
        assert!(lines.contains(&word), "`{word}` not offered: {lines:?}");
    }
    assert!(!lines.contains(&"survives"), "{lines:?}");
    let grant = complete(&mut client, &uri, "may terminate", 0);
    assert_eq!(labels(&grant), ["may terminate", "may exercise"]);
    let kind = complete(&mut client, &uri, "terminate\n", 0);
    assert_eq!(labels(&kind), ["terminate", "exercise"]);
    // After `source "…"` no holder is written: no grant is offered there.
    let source = complete(&mut client, &uri, "\n  company may terminate", 0);
    assert!(!labels(&source).contains(&"may terminate"));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_the_windows_of_an_event() {
    let (mut client, uri) = open("complete-event");
    let items = complete(&mut client, &uri, "within 30 days", 0);
    let labels = labels(&items);
    for word in ["within", "not before", "after", "before"] {
        assert!(labels.contains(&word), "`{word}` not offered: {labels:?}");
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_points_and_power_names_where_a_point_is_expected() {
    let (mut client, uri) = open("complete-point");
    let items = complete(&mut client, &uri, "buy_option\n", 0);
    let power = items.iter().find(|(l, _)| l == "company_terminates");
    assert_eq!(
        power.map(|(_, d)| d.as_str()),
        Some("power (its exercise) — termination by the Company"),
        "{items:?}"
    );
    let labels = labels(&items);
    for word in ["end of term", "first", "invoiced", "buy_option"] {
        assert!(labels.contains(&word), "`{word}` not offered: {labels:?}");
    }
    for word in ["licence", "company", "survives"] {
        assert!(!labels.contains(&word), "`{word}` offered: {labels:?}");
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_prevails_after_a_norm_pattern_of_an_assertion() {
    let (mut client, uri) = open("complete-prevails");
    let items = complete(&mut client, &uri, "prevails\n", 0);
    assert_eq!(items.first().map(|(l, _)| l.as_str()), Some("prevails"));
    assert_eq!(
        items.iter().filter(|(l, _)| l == "prevails").count(),
        1,
        "offered once"
    );
    // Elsewhere in the assertion, `prevails` is not offered first.
    let window = complete(&mut client, &uri, "from 2016-05-11\n  until 2017", 0);
    assert_ne!(window.first().map(|(l, _)| l.as_str()), Some("prevails"));
    assert_eq!(client.shutdown(), Some(0));
}
