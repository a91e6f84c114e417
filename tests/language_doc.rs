//! docs/language.md against the implementation: every `pactum` example parses,
//! the examples together form a contract that loads without diagnostics and
//! whose assertions hold, the amendment example loads as a chain, and the list
//! of reserved words is the grammar's.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use common::{assertion_holds, describe, for_each_point};
use pactum::model::{load, load_text, Loaded};
use pactum::source::FileId;
use pactum::syntax;

fn read_repo_file(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fenced code block: its info string after the language, and its text.
struct Block {
    info: String,
    text: String,
    line: usize,
}

/// The fenced blocks of `markdown` whose language is `lang` (the first word
/// of the info string; `""` for blocks without one).
fn blocks(markdown: &str, lang: &str) -> Vec<Block> {
    let mut out = Vec::new();
    // Outside any block: None; inside a block of another language: Some(None).
    let mut inside: Option<Option<Block>> = None;
    for (n, line) in markdown.lines().enumerate() {
        let fence = line.strip_prefix("```");
        match (&mut inside, fence) {
            (Some(block), Some("")) => {
                out.extend(block.take());
                inside = None;
            }
            (Some(Some(b)), _) => {
                b.text.push_str(line);
                b.text.push('\n');
            }
            (Some(None), _) => {}
            (None, Some(info)) => {
                let (first, rest) = info.split_once(' ').unwrap_or((info, ""));
                inside = Some((first == lang).then(|| Block {
                    info: rest.trim().to_string(),
                    text: String::new(),
                    line: n + 1,
                }));
            }
            (None, None) => {}
        }
    }
    out
}

fn doc() -> String {
    read_repo_file("docs/language.md")
}

fn no_files(_: &Path) -> std::io::Result<Vec<u8>> {
    Err(std::io::Error::from(std::io::ErrorKind::NotFound))
}

#[test]
fn every_example_parses_on_its_own() {
    let doc = doc();
    let examples = blocks(&doc, "pactum");
    assert!(
        examples.len() > 15,
        "only {} examples found",
        examples.len()
    );
    for b in &examples {
        let (tree, diagnostics) = syntax::parse(FileId(0), &b.text);
        assert!(
            diagnostics.is_empty(),
            "example at docs/language.md:{} does not parse: {diagnostics:#?}",
            b.line
        );
        assert!(
            !tree.items.is_empty(),
            "example at line {} is empty",
            b.line
        );
    }
}

/// The examples that form one contract together: every `pactum` block
/// without an info string. An example that must stand alone (its own
/// contract header, a term, or a mistake it shows on purpose, such as a
/// conflict) is marked `alone=NAME` or `file=NAME` after the language, and
/// is tested on its own.
fn doc_text() -> String {
    let doc = doc();
    blocks(&doc, "pactum")
        .iter()
        .filter(|b| b.info.is_empty())
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn doc_contract() -> Loaded {
    load_text(Path::new("language.pactum"), &doc_text(), &mut no_files)
}

/// `pactum check` itself, run on the examples together (from standard
/// input), finds no error and proves every assertion: no conflict between
/// examples, no violated invariant. Warnings remain where the examples show
/// open points on purpose (an end that may never come, a quantity to be
/// decided, a gap in a cover).
#[test]
fn the_examples_together_check_clean_with_pactum_check() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["check", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the pactum binary runs");
    let text = doc_text();
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write the examples");
    let out = child.wait_with_output().expect("pactum check ends");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let errors: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(out.status.code(), Some(0));
    let assertions = report["assertions"].as_array().expect("assertions");
    assert!(assertions.len() >= 8, "{assertions:#?}");
    for a in assertions {
        assert_eq!(a["status"], "proved", "{a:#}");
    }
}

#[test]
fn the_examples_together_load_without_diagnostics() {
    let loaded = doc_contract();
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    assert!(c.clauses.len() >= 10 && c.assertions.len() >= 8);
}

#[test]
fn the_example_assertions_hold() {
    let loaded = doc_contract();
    let c = &loaded.contract;
    for_each_point(c, |s, day| {
        for a in &c.assertions {
            assert!(
                assertion_holds(c, a, s, day),
                "example assertion {} fails {}",
                a.named.name,
                describe(c, s, day)
            );
        }
    });
}

#[test]
fn the_amendment_example_loads_as_a_chain() {
    let doc = doc();
    let files: HashMap<String, String> = blocks(&doc, "pactum")
        .into_iter()
        .filter_map(|b| {
            let name = b.info.strip_prefix("file=")?.to_string();
            Some((name, b.text))
        })
        .collect();
    assert_eq!(files.len(), 2, "expected the two amendment files");
    let dir = PathBuf::from("/doc");
    let mut read = |p: &Path| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        files
            .get(name)
            .map(|t| t.clone().into_bytes())
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    };
    let loaded = load(&dir.join("amended.pactum"), &mut read);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    assert_eq!(c.versions.len(), 2);
    let superseded: Vec<(String, String)> = c
        .clauses
        .iter()
        .filter_map(|x| {
            let by = x.superseded_by?;
            Some((x.named.name.clone(), c.clause(by).named.name.clone()))
        })
        .collect();
    assert!(superseded.contains(&("compute_rofr".into(), "compute_freedom".into())));
    assert!(superseded.contains(&("api_exclusivity".into(), "api_exclusivity".into())));
}

/// The reserved words of the parser, from its one table of words
/// (src/syntax/lexicon.rs), which tests/lexicon.rs checks against the grammar.
fn grammar_keywords() -> BTreeSet<String> {
    pactum::syntax::KEYWORDS
        .iter()
        .map(|k| k.to_string())
        .collect()
}

#[test]
fn the_reserved_words_are_the_grammars() {
    let doc = doc();
    let section = &doc[doc.find("## Reserved words").expect("section")..];
    let listed: BTreeSet<String> = blocks(section, "")
        .first()
        .expect("a plain block of reserved words")
        .text
        .split_whitespace()
        .map(str::to_string)
        .collect();
    assert_eq!(listed, grammar_keywords());
}

#[test]
fn the_words_said_to_be_usable_are_names() {
    for name in [
        "by",
        "stake",
        "of",
        "in",
        "percent",
        "money",
        "number",
        "end",
        "first",
        "last",
        "later",
        "is",
        "active",
        "has",
        "happened",
        "stakes",
        "no",
        "conflicts",
        "survives",
        "for",
        "days",
        "billion",
    ] {
        let (_, diagnostics) = syntax::parse(FileId(0), &format!("party {name}"));
        assert!(diagnostics.is_empty(), "`{name}` is not usable as a name");
    }
}

/// The example of "Term and survival": it loads without diagnostics, and on
/// the days the text names the clauses it says are in force are, and only
/// those (the term ends on 2019-12-05).
#[test]
fn the_term_example_ends_clauses_with_the_term() {
    let doc = doc();
    let text = blocks(&doc, "pactum")
        .into_iter()
        .find(|b| b.info == "alone=term")
        .expect("the term example")
        .text;
    let loaded = load_text(Path::new("term.pactum"), &text, &mut no_files);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    let active = |day: &str| -> Vec<String> {
        let st = pactum::testing::state_at(c, day, &[]);
        st.norms
            .iter()
            .map(|n| c.clause(n.clause).named.name.clone())
            .collect()
    };
    assert_eq!(active("2019-12-04"), ["distribution", "confidentiality"]);
    assert_eq!(active("2019-12-05"), ["confidentiality", "wind_down"]);
    assert_eq!(active("2020-06-04"), ["confidentiality", "wind_down"]);
    assert_eq!(active("2020-06-05"), ["confidentiality"]);
    assert_eq!(active("2022-12-04"), ["confidentiality"]);
    assert!(active("2022-12-05").is_empty());
}

/// The example of "Powers": it loads without diagnostics; the cure decides
/// whether JHU may terminate, and the Company's notice ends the term, and the
/// licence with it, 60 days later, as the text after the example says.
#[test]
fn the_powers_example_ends_the_term_and_respects_the_cure() {
    let doc = doc();
    let text = blocks(&doc, "pactum")
        .into_iter()
        .find(|b| b.info == "alone=powers")
        .expect("the powers example")
        .text;
    let loaded = load_text(Path::new("powers.pactum"), &text, &mut no_files);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    let event = |name: &str| c.find_event(name).expect("declared");
    let day = pactum::testing::day;
    let mut s = pactum::semantics::Scenario::never(c);
    s.set(event("default_notice"), Some(day("2017-07-03")));
    // Exercised the day the cure period has run out: allowed.
    s.set(event("jhu_terminates"), Some(day("2017-09-02")));
    assert!(s.is_consistent(c));
    // A day earlier: still inside the cure period.
    s.set(event("jhu_terminates"), Some(day("2017-09-01")));
    assert!(!s.is_consistent(c));
    // Cured in time: the window never opens.
    s.set(event("cured"), Some(day("2017-08-30")));
    s.set(event("jhu_terminates"), Some(day("2017-09-02")));
    assert!(!s.is_consistent(c));
    // The Company's notice ends the licence 60 days later.
    let active = |at: &str| {
        let st = pactum::testing::state_at(c, at, &[("company_terminates", Some("2018-02-01"))]);
        st.norms
            .iter()
            .any(|n| c.clause(n.clause).named.name == "licence")
    };
    assert!(active("2018-04-01"));
    assert!(!active("2018-04-02"));
}

/// The example of "Conditions on clauses": it loads without diagnostics, and
/// the clauses are in force on the days the text after it says.
#[test]
fn the_conditions_example_folds_conditions_into_windows() {
    let doc = doc();
    let text = blocks(&doc, "pactum")
        .into_iter()
        .find(|b| b.info == "alone=conditions")
        .expect("the conditions example")
        .text;
    let loaded = pactum::check::check_text(Path::new("conditions.pactum"), &text, &mut no_files);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    let active = |at: &str, events: &[(&str, Option<&str>)]| -> Vec<String> {
        let st = pactum::testing::state_at(c, at, events);
        st.norms
            .iter()
            .map(|n| c.clause(n.clause).named.name.clone())
            .collect()
    };
    let sold = [("first_sale", Some("2019-01-10"))];
    assert_eq!(
        active("2019-01-09", &sold),
        ["no_assignment", "exclusivity"]
    );
    assert_eq!(
        active("2019-01-10", &sold),
        ["no_assignment", "exclusivity", "royalty_audits"]
    );
    assert_eq!(
        active("2020-03-01", &sold),
        ["no_assignment", "licensor_sales"]
    );
    // Nothing sold: no audits at all.
    assert_eq!(active("2019-06-01", &[]), ["no_assignment", "exclusivity"]);
    // The consent ends the prohibition on its day.
    let consent = [("consent_to_assign", Some("2021-05-03"))];
    assert_eq!(
        active("2021-05-02", &consent),
        ["no_assignment", "licensor_sales"]
    );
    assert_eq!(active("2021-05-03", &consent), ["licensor_sales"]);
    // The termination right opens on 2020-03-01, only while nothing is sold.
    let power = |exercised: &str, sale: Option<&str>| {
        let mut s = pactum::semantics::Scenario::never(c);
        let day = pactum::testing::day;
        s.set(
            c.find_event("no_commercialisation").expect("declared"),
            Some(day(exercised)),
        );
        if let Some(sale) = sale {
            s.set(
                c.find_event("first_sale").expect("declared"),
                Some(day(sale)),
            );
        }
        s.is_consistent(c)
    };
    assert!(!power("2020-02-29", None));
    assert!(power("2020-03-01", None));
    assert!(power("2020-06-01", Some("2020-06-02")));
    assert!(!power("2020-06-02", Some("2020-06-02")));
}

/// The example of a contract effective on an event: it loads without
/// diagnostics, and its clause is in force from the closing's day for five
/// years when the closing happens, never when it does not.
#[test]
fn the_effective_event_example_starts_the_clause_on_the_closing() {
    let doc = doc();
    let text = blocks(&doc, "pactum")
        .into_iter()
        .find(|b| b.info == "alone=effective")
        .expect("the effective event example")
        .text;
    let loaded = load_text(Path::new("effective.pactum"), &text, &mut no_files);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    let in_force = |day: &str, closing: Option<&str>| -> bool {
        !pactum::testing::state_at(c, day, &[("closing", closing)])
            .norms
            .is_empty()
    };
    assert!(!in_force("2001-05-31", Some("2001-06-01")));
    assert!(in_force("2001-06-01", Some("2001-06-01")));
    assert!(in_force("2006-05-31", Some("2001-06-01")));
    assert!(!in_force("2006-06-01", Some("2001-06-01")));
    assert!(!in_force("2003-01-01", None));
}

/// The example of "Periods and recurring obligations": it loads without
/// diagnostics, each instalment is in force from the day it is owed through
/// its due date as the text says, a quarter before the first sale owes
/// nothing, and one unpaid minimum opens the termination right 60 days
/// after its breach.
#[test]
fn the_recurring_example_owes_one_instalment_per_period() {
    let doc = doc();
    let text = blocks(&doc, "pactum")
        .into_iter()
        .find(|b| b.info == "alone=recurring")
        .expect("the recurring example")
        .text;
    let loaded = load_text(Path::new("recurring.pactum"), &text, &mut no_files);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    let sale = [("first_sale", Some("2017-05-20"))];
    let all = |day: &str, events: &[(&str, Option<&str>)]| -> Vec<String> {
        let st = pactum::testing::state_at(c, day, events);
        st.norms
            .iter()
            .map(|n| c.clause(n.clause).named.name.clone())
            .collect()
    };
    // The minimum purchases are owed every day of every contract year: the
    // other clauses are asked about without them.
    let active = |day: &str, events: &[(&str, Option<&str>)]| -> Vec<String> {
        let mut names = all(day, events);
        names.retain(|n| !n.starts_with("minimum_purchases["));
        names
    };
    let purchases = |day: &str, events: &[(&str, Option<&str>)]| -> Vec<String> {
        let mut names = all(day, events);
        names.retain(|n| n.starts_with("minimum_purchases["));
        names
    };
    // Owed over each whole contract year, through its last day.
    assert_eq!(purchases("2016-05-11", &[]), ["minimum_purchases[1]"]);
    assert_eq!(purchases("2017-05-10", &[]), ["minimum_purchases[1]"]);
    assert_eq!(purchases("2017-05-11", &[]), ["minimum_purchases[2]"]);
    let bought = [("supplies_bought[2]", Some("2018-01-15"))];
    assert!(purchases("2018-01-15", &bought).is_empty());
    assert_eq!(active("2017-06-10", &sale), ["minimum_royalties[2]"]);
    assert!(active("2017-06-11", &sale).is_empty());
    assert_eq!(active("2017-10-01", &sale), ["running_royalties[2017-Q3]"]);
    assert_eq!(active("2017-10-30", &sale), ["running_royalties[2017-Q3]"]);
    assert!(active("2017-10-31", &sale).is_empty());
    // The Q2 instalment is owed (the sale came in Q2); without a sale, none.
    assert_eq!(active("2017-07-30", &sale), ["running_royalties[2017-Q2]"]);
    assert!(active("2017-07-30", &[]).is_empty());
    // Paid on its due date, the Q3 instalment ends then.
    let paid = [
        ("first_sale", Some("2017-05-20")),
        ("royalties_paid[2017-Q3]", Some("2017-10-15")),
    ];
    assert!(active("2017-10-15", &paid).is_empty());
    // The minimum of contract year 2 unpaid: the breach is 2017-06-11 and
    // JHU may terminate 60 days later, from 2017-08-10.
    let power = &c.powers[0];
    let never = pactum::semantics::Scenario::never(c);
    let opens = power
        .window
        .from
        .as_ref()
        .expect("a start")
        .eval(&never.event_day());
    assert_eq!(opens.map(|d| d.to_string()).as_deref(), Some("2017-08-10"));
}

/// The example of "Interest on late payments": it loads without
/// diagnostics, and a Q3-2017 instalment of USD 10,000 paid on 2017-12-15
/// accrues interest from 2017-11-09, the tenth day after its due date, for
/// 36 days: 4320/73 dollars exactly, USD 59.18 shown, as the text says.
#[test]
fn the_interest_example_runs_from_the_tenth_day_after_the_due_date() {
    let doc = doc();
    let text = blocks(&doc, "pactum")
        .into_iter()
        .find(|b| b.info == "alone=interest")
        .expect("the interest example")
        .text;
    let loaded = load_text(Path::new("interest.pactum"), &text, &mut no_files);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let assume = [
        "royalties_paid[2017-Q3]=2017-12-15".to_string(),
        "quarterly_royalties=USD 10,000".to_string(),
    ];
    let calendar = pactum::views::schedule::schedule(&loaded.contract, &assume, None, None)
        .expect("a scenario");
    let row = calendar
        .rows
        .iter()
        .find(|r| r.clause == "royalties[2017-Q3]")
        .expect("the Q3 instalment");
    let interest = row.interest.as_ref().expect("interest on a late payment");
    assert_eq!(interest.from.to_string(), "2017-11-09");
    assert_eq!(interest.days, 36);
    assert_eq!(interest.exact.as_deref(), Some("4320/73"));
    assert_eq!(interest.text, "USD 59.18");
}
