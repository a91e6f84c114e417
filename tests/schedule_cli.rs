//! `pactum schedule` run as a user runs it: the payment calendar of a
//! recurring clause, in each format, limited by `--from`/`--to`, and the
//! example of docs/schedule.md re-run against its text.

use std::path::Path;
use std::process::{Command, Output};

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(args)
        .output()
        .expect("pactum runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A contract with monthly rent due on the first of each month for 2026,
/// and a fee due within 10 days after an invoice.
fn contract() -> tempfile::NamedTempFile {
    let text = r#"contract "lease" effective 2026-01-01
party tenant
party landlord
action pay
subject rent
subject fee
event rent_paid by tenant
event invoiced by landlord
event fee_paid by tenant

amount monthly_rent = USD 1,200

term {
  until 2027-01-01
}

clause rent {
  tenant must pay rent to landlord
  every month
  due on the first day of each month
  discharged by rent_paid
  amount monthly_rent
}

clause fee {
  tenant must pay fee to landlord
  within 10 days after invoiced
  discharged by fee_paid
  amount USD 50
}
"#;
    let mut f = tempfile::Builder::new()
        .suffix(".pactum")
        .tempfile()
        .expect("a temporary file");
    std::io::Write::write_all(&mut f, text.as_bytes()).expect("write");
    f
}

#[test]
fn every_month_has_its_instalment_in_date_order() {
    let f = contract();
    let file = f.path().to_str().expect("a UTF-8 path");
    let out = pactum(&[
        "schedule",
        file,
        "--format",
        "json",
        "--assume",
        "invoiced=2026-03-05",
        "--assume",
        "rent_paid[2026-02]=2026-02-01",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let rows = json["rows"].as_array().expect("rows");
    // Twelve rents and one fee.
    assert_eq!(rows.len(), 13, "{json:#}");
    let dues: Vec<&str> = rows.iter().map(|r| r["due"].as_str().unwrap()).collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted);
    assert_eq!(rows[0]["clause"], "rent[2026-01]");
    assert_eq!(rows[0]["due"], "2026-01-01");
    assert_eq!(rows[0]["amount"]["text"], "USD 1,200");
    assert_eq!(rows[0]["period"], "2026-01");
    assert_eq!(rows[0]["late"], true);
    let feb = &rows[1];
    assert_eq!(feb["clause"], "rent[2026-02]");
    assert_eq!(feb["performed"], "2026-02-01");
    assert_eq!(feb["late"], false);
    // The fee: invoiced on 2026-03-05, due by 2026-03-15.
    let fee = rows.iter().find(|r| r["clause"] == "fee").expect("the fee");
    assert_eq!(fee["due"], "2026-03-15");
    assert_eq!(fee["recurring"], serde_json::Value::Null);
    assert!(json["horizons"].as_array().expect("horizons").is_empty());
}

#[test]
fn from_and_to_limit_the_due_dates_and_csv_has_a_header() {
    let f = contract();
    let file = f.path().to_str().expect("a UTF-8 path");
    let out = pactum(&[
        "schedule",
        file,
        "--from",
        "2026-03-01",
        "--to",
        "2026-05-01",
        "--format",
        "csv",
    ]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "due,owed_from,clause,period,party,to,amount,currency,performed,late,\
         interest_from,interest_days,interest,interest_exact"
    );
    assert_eq!(
        &lines[1..],
        [
            "2026-03-01,2026-03-01,rent[2026-03],2026-03,tenant,landlord,1200,USD,,true,,,,",
            "2026-04-01,2026-04-01,rent[2026-04],2026-04,tenant,landlord,1200,USD,,true,,,,",
            "2026-05-01,2026-05-01,rent[2026-05],2026-05,tenant,landlord,1200,USD,,true,,,,",
        ]
    );
}

#[test]
fn an_unknown_event_is_a_usage_error_with_help() {
    let f = contract();
    let file = f.path().to_str().expect("a UTF-8 path");
    let out = pactum(&["schedule", file, "--assume", "rent_payed=2026-01-01"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown event `rent_payed`"), "{err}");
    assert!(err.contains("rent_paid"), "{err}");
}

/// docs/schedule.md shows `pactum schedule` on the JHU licence: the same
/// command prints the same lines.
#[test]
fn the_documented_example_is_what_pactum_prints() {
    let doc = std::fs::read_to_string("docs/schedule.md").expect("docs/schedule.md");
    let start = doc.find("$ pactum schedule").expect("the example");
    let block = &doc[start..];
    let block = &block[..block.find("```").expect("the block's end")];
    let (command, shown) = block.split_once("\n").expect("a command line");
    // The command spans the lines ending in a backslash.
    let mut words: Vec<String> = command
        .trim_start_matches("$ ")
        .split_whitespace()
        .map(String::from)
        .collect();
    let mut rest = shown.lines();
    while words.last().map(String::as_str) == Some("\\") {
        words.pop();
        let next = rest.next().expect("the command continues");
        words.extend(shell_words(next));
    }
    let expected: String = rest.map(|l| format!("{l}\n")).collect();
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    assert_eq!(stdout(&pactum(&args)), expected);
}

/// The words of a shell command line: split at blanks, except inside single
/// quotes, which are removed (`'net_sales=USD 10,000'` is one word).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut any) = (false, false);
    for ch in line.chars() {
        match ch {
            '\'' => (quoted, any) = (!quoted, true),
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

/// A licence whose annual fee falls due on the first day of each contract
/// year counted from the Closing, with a fee that rises each year.
fn licence_from_closing() -> tempfile::NamedTempFile {
    let text = r#"contract "licence" effective 2016-01-01
party licensee
party licensor
action pay
subject fee
event closing
event paid by licensee
period contract_year "each 12-month period from the Closing" from closing
amount annual = USD 10,000 increasing by USD 1,000 each contract_year after 1
term {
  until 2024-01-01
}
clause annual_fee {
  licensee must pay fee to licensor
  amount annual
  every contract_year
  due on the first day of each contract_year
  discharged by paid
}
"#;
    let mut f = tempfile::Builder::new()
        .suffix(".pactum")
        .tempfile()
        .expect("temp file");
    std::io::Write::write_all(&mut f, text.as_bytes()).expect("write");
    f
}

/// The instalments of years counted from an event fall on the anniversaries
/// of the day assumed for it, clamped to 28 February from a 29th, stop with
/// the term, and do not exist when the event never happens.
#[test]
fn contract_years_from_the_closing_fall_on_its_anniversaries() {
    let f = licence_from_closing();
    let path = f.path().to_str().expect("utf-8 path");
    let dues = |closing: &str| -> Vec<String> {
        let assume = format!("closing={closing}");
        let out = stdout(&pactum(&["schedule", path, "--assume", &assume]));
        out.lines()
            .filter(|l| l.contains("annual_fee["))
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(
        dues("2019-03-15"),
        [
            "2019-03-15 annual_fee[1] USD",
            "2020-03-15 annual_fee[2] USD",
            "2021-03-15 annual_fee[3] USD",
            "2022-03-15 annual_fee[4] USD",
            "2023-03-15 annual_fee[5] USD",
        ]
    );
    let leap = dues("2016-02-29");
    assert_eq!(leap.len(), 8, "{leap:?}");
    assert!(leap[1].starts_with("2017-02-28 annual_fee[2]"), "{leap:?}");
    assert!(leap[4].starts_with("2020-02-29 annual_fee[5]"), "{leap:?}");
    assert!(dues("never").is_empty());

    // The instalment in force on the first anniversary, with its amount.
    let out = stdout(&pactum(&[
        "query",
        path,
        "--at",
        "2020-03-15",
        "--assume",
        "closing=2019-03-15",
    ]));
    assert!(out.contains("annual_fee[2]"), "{out}");
    assert!(out.contains("on 2020-03-15"), "{out}");
    assert!(out.contains("USD 11,000"), "{out}");
    assert!(!out.contains("annual_fee[1]"), "{out}");
}
