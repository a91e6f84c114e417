//! Every scenario a finding prints ("when `e1` happens on 2010-01-02 and `e0`
//! never happens") can be asked about as written: its words, turned into
//! `--assume` flags, are accepted by the query (issue 12, finding 7: 30 of 344
//! conflict messages named an event on a day without the event it must
//! follow, and `pactum query` refused them).
//!
//! The test reads the words users read, in the message, the labels and the
//! help of every diagnostic, rather than a scenario the finding keeps aside:
//! what must be replayable is what is printed. The parser below is strict:
//! a phrase that starts like a scenario but does not read as one fails the test.
//! A conflict is also replayed: on the first day it names, in its scenario,
//! the query must show both clauses active.

use std::path::Path;

#[path = "common/shell.rs"]
mod shell;

use pactum::check::check_text;
use pactum::gen::{generate, Options};
use pactum::model::Loaded;
use pactum::semantics::query::{Filters, Question};

/// The `EVENT=DAY` and `EVENT=never` flags a scenario phrase says, read from
/// just after `when `; `Err` when the text there does not read as a scenario.
fn assumptions(phrase: &str) -> Result<Vec<String>, String> {
    // The note on a scenario with an event before the effective date
    // follows the scenario; it is no assumption.
    let phrase = match phrase.find(&format!(" {}", pactum::print::EARLY_MARK)) {
        Some(at) => &phrase[..at],
        None => phrase,
    };
    let mut rest = phrase;
    let mut flags = Vec::new();
    let mut never = Vec::new();
    loop {
        let Some(after_tick) = rest.strip_prefix('`') else {
            return Err(format!("expected an event name at `{rest}`"));
        };
        let Some((name, after)) = after_tick.split_once('`') else {
            return Err(format!("unclosed event name at `{rest}`"));
        };
        rest = after;
        if let Some(after) = rest.strip_prefix(" happens on ") {
            let day = after.get(..10).ok_or("a day cut short")?;
            flags.push(format!("{name}={day}"));
            rest = &after[10..];
        } else {
            never.push(name.to_string());
        }
        if let Some(after) = rest.strip_prefix(", given ") {
            flags.extend(inputs(after)?);
            rest = "";
        } else if let Some(after) = rest
            .strip_prefix(", ")
            .or_else(|| rest.strip_prefix(" and "))
        {
            rest = after;
            continue;
        }
        let said_never = rest.starts_with(" never happens") || rest.starts_with(" never happen");
        if !never.is_empty() && !said_never {
            return Err(format!(
                "events {never:?} without `never happen` in `{phrase}`"
            ));
        }
        flags.extend(never.into_iter().map(|n| format!("{n}=never")));
        // The values of the inputs that decide the events, if the phrase
        // gives them: `, given `x` = USD 1,000 and `y` = 0`.
        let tail = (rest.strip_prefix(" never happens"))
            .or_else(|| rest.strip_prefix(" never happen"))
            .unwrap_or(rest);
        if let Some(after) = tail.strip_prefix(", given ") {
            flags.extend(inputs(after)?);
        }
        return Ok(flags);
    }
}

/// The `INPUT=VALUE` flags of the inputs a scenario phrase gives after
/// `, given `: `` `x` = USD 1,000, `y` = 7.5 % and `z` = 0 ``.
fn inputs(phrase: &str) -> Result<Vec<String>, String> {
    let mut rest = phrase;
    let mut flags = Vec::new();
    loop {
        let Some((name, after)) = (rest.strip_prefix('`')).and_then(|r| r.split_once("` = "))
        else {
            return Err(format!("expected `INPUT` = VALUE at `{rest}`"));
        };
        // The value runs to the next input, or to the end of the amount.
        let next = [", `", " and `"]
            .iter()
            .filter_map(|sep| after.find(sep).map(|at| (at, sep.len())))
            .min();
        let value = match next {
            Some((at, _)) => &after[..at],
            None => {
                let end = after
                    .find(|ch: char| !(ch.is_ascii_alphanumeric() || " ,.%-".contains(ch)))
                    .unwrap_or(after.len());
                after[..end].trim_end_matches([',', ' '])
            }
        };
        if value.is_empty() {
            return Err(format!("no value for `{name}` in `{phrase}`"));
        }
        flags.push(format!("{name}={value}"));
        match next {
            Some((at, len)) => rest = &after[at + len - 1..],
            None => return Ok(flags),
        }
    }
}

/// The `--at` day and `--assume` flags of every `pactum query` command a
/// diagnostic's help suggests.
fn commands(loaded: &Loaded) -> Vec<(String, Vec<String>, String)> {
    loaded.diagnostics.iter().flat_map(commands_of).collect()
}

/// The `--at` day and `--assume` flags of every `pactum query` command the
/// help of `d` suggests, each with the diagnostic's message.
fn commands_of(d: &pactum::diagnostics::Diagnostic) -> Vec<(String, Vec<String>, String)> {
    let mut out = Vec::new();
    let Some(help) = &d.help else { return out };
    for (at, _) in help.match_indices("pactum query ") {
        let command = help[at..].split('`').next().unwrap_or("");
        // Split as a shell does: input values are quoted.
        let words = shell::words(command);
        let mut day = String::new();
        let mut flags = Vec::new();
        for pair in words.windows(2) {
            match pair[0].as_str() {
                "--at" => day = pair[1].clone(),
                "--assume" => flags.push(pair[1].clone()),
                _ => {}
            }
        }
        out.push((day, flags, d.message.clone()));
    }
    out
}

/// Every scenario phrase of every diagnostic: the texts after `when `.
fn scenarios(loaded: &Loaded) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for d in &loaded.diagnostics {
        let texts = std::iter::once(&d.message)
            .chain(d.labels.iter().map(|l| &l.message))
            .chain(d.help.iter());
        for text in texts {
            for (at, _) in text.match_indices("when `") {
                out.push((text[at + 5..].to_string(), d.message.clone()));
            }
        }
    }
    out
}

#[test]
fn the_phrase_parser_reads_what_the_printer_writes() {
    assert_eq!(
        assumptions("`a` happens on 2029-01-01, `b` happens on 2029-03-01 and `c`, `d` and `e` never happen").unwrap(),
        ["a=2029-01-01", "b=2029-03-01", "c=never", "d=never", "e=never"]
    );
    assert_eq!(assumptions("`a` never happens: x").unwrap(), ["a=never"]);
    assert_eq!(
        assumptions("`a` happens on 2029-01-01 and `b` never happens, given `x` = USD 20,000,000, `y[2019-Q4]` = 7.5 % and `z` = 0").unwrap(),
        ["a=2029-01-01", "b=never", "x=USD 20,000,000", "y[2019-Q4]=7.5 %", "z=0"]
    );
    assert_eq!(
        assumptions("`a` happens on 2029-01-01, given `x` = -1.5").unwrap(),
        ["a=2029-01-01", "x=-1.5"]
    );
    assert_eq!(
        assumptions("`e0` happens on 2030-01-04 and `e1` never happens (before the effective date, 2030-01-09: moved on or after it, the scenario no longer shows this)").unwrap(),
        ["e0=2030-01-04", "e1=never"]
    );
    assert!(assumptions("`a` happens on 2029-01-01, given x").is_err());
    assert!(assumptions("`a` and").is_err());
    assert!(assumptions("`a` is late").is_err());
}

/// Every printed scenario and suggested command of `loaded`, refused ones
/// described in `refused`; returns how many were checked.
fn replay(loaded: &Loaded, what: &str, refused: &mut Vec<String>) -> usize {
    let contract = &loaded.contract;
    let mut seen = 0;
    for (phrase, message) in scenarios(loaded) {
        seen += 1;
        let flags = assumptions(&phrase).unwrap_or_else(|e| panic!("{what}: {e} in {message}"));
        if let Err(e) = Question::new(contract, "2030-01-01", &flags, &Filters::default()) {
            refused.push(format!(
                "{what}: `{message}` gives {flags:?}, refused: {}",
                e.message
            ));
        }
    }
    // A conflict replayed on its first day shows both clauses active.
    for d in &loaded.diagnostics {
        let Some((names, rest)) = d
            .message
            .strip_prefix("clauses `")
            .and_then(|m| m.split_once("` conflict: "))
        else {
            continue;
        };
        let Some((a, b)) = names.split_once("` and `") else {
            continue;
        };
        let day = ["from ", "on "].iter().find_map(|w| {
            rest.match_indices(w).find_map(|(at, _)| {
                let day = rest.get(at + w.len()..at + w.len() + 10)?;
                pactum::model::Day::parse(day).map(|_| day)
            })
        });
        let Some(day) = day else { continue };
        // Without a scenario, the conflict is there when no event happens.
        let flags = match rest.find("when `") {
            Some(at) => assumptions(&rest[at + 5..]).unwrap_or_default(),
            None => Vec::new(),
        };
        let Ok(q) = Question::new(contract, day, &flags, &Filters::default()) else {
            continue; // Counted as refused above.
        };
        seen += 1;
        let answer = pactum::semantics::query::answer(loaded, &q);
        for clause in [a, b] {
            if !answer.norms.iter().any(|n| n.clause == clause) {
                refused.push(format!(
                    "{what}: `{}` replayed on {day} with {flags:?}: `{clause}` is not active",
                    d.message
                ));
            }
        }
    }
    for (day, flags, message) in commands(loaded) {
        seen += 1;
        if let Err(e) = Question::new(contract, &day, &flags, &Filters::default()) {
            refused.push(format!(
                "{what}: the command of `{message}` ({day}, {flags:?}) is refused: {}",
                e.message
            ));
        }
    }
    seen
}

/// Fails with every refusal unless all `seen` were accepted, and when fewer
/// than `least` were seen: then the test would check too little.
fn all_accepted(seen: usize, least: usize, refused: &[String]) {
    eprintln!("{seen} scenarios and commands checked");
    assert!(
        seen > least,
        "only {seen} scenarios printed: the test checks too little"
    );
    assert!(
        refused.is_empty(),
        "{} of {seen} refused:\n{}",
        refused.len(),
        refused.join("\n")
    );
}

/// Checks text that amends nothing readable.
fn check(name: &str, text: &str) -> Loaded {
    check_text(Path::new(name), text, &mut |p| {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            p.display().to_string(),
        ))
    })
}

#[test]
fn every_scenario_the_corpus_prints_is_accepted_by_the_query() {
    let mut seen = 0;
    let mut refused = Vec::new();
    for dir in ["tests/analysis", "tests/ui", "tests/ok", "contracts"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "pactum"))
            .collect();
        paths.sort();
        for path in paths {
            let loaded = pactum::check::check_file(&path, &mut |p| std::fs::read(p));
            seen += replay(&loaded, &path.display().to_string(), &mut refused);
        }
    }
    all_accepted(seen, 5, &refused);
}

#[test]
fn every_printed_scenario_is_accepted_by_the_query() {
    let mut seen = 0;
    let mut refused = Vec::new();
    for seed in 1..=32 {
        for (clauses, conflict_rate) in [(12, 0.3), (40, 0.1), (120, 0.2)] {
            let generated = generate(&Options {
                clauses,
                seed,
                conflict_rate,
                ..Options::default()
            });
            let loaded = check("gen.pactum", &generated.text);
            seen += replay(
                &loaded,
                &format!("seed {seed}, {clauses} clauses"),
                &mut refused,
            );
        }
    }
    all_accepted(seen, 50, &refused);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// The same on the random contracts users' invariant tests draw from
    /// (`pactum::testing::contracts`), which order their events in more ways.
    #[test]
    fn every_scenario_of_a_random_contract_is_accepted_by_the_query(
        text in pactum::testing::contracts()
    ) {
        let loaded = check("random.pactum", &text);
        let mut refused = Vec::new();
        replay(&loaded, "random contract", &mut refused);
        proptest::prop_assert!(refused.is_empty(), "{}\n{}", refused.join("\n"), text);
    }

    /// On the random contracts users' invariant tests draw from, with or
    /// without an effective date: no shown scenario puts an event before
    /// it, and every counterexample replayed from its `--assume` list (which
    /// leaves out the events that never happen and do not matter) still
    /// fails.
    #[test]
    fn shown_scenarios_start_on_or_after_the_effective_date(
        text in pactum::testing::contracts()
    ) {
        let loaded = check("random.pactum", &text);
        let (_, wrong) = counterexamples_replay(&loaded, "random contract");
        proptest::prop_assert!(wrong.is_empty(), "{}\n{}", wrong.join("\n"), text);
        let early = before_effective(&loaded, "random contract");
        proptest::prop_assert!(early.is_empty(), "{}\n{}", early.join("\n"), text);
    }
}

/// The events a shown scenario puts before the contract's effective date,
/// in the words users read and in the `pactum query` commands suggested
/// (issue 9: a termination reported in 1999 for a contract effective in
/// 2000 tells the reader nothing and looks like a bug).
fn before_effective(loaded: &Loaded, what: &str) -> Vec<String> {
    let Some(effective) = loaded.contract.effective() else {
        return Vec::new();
    };
    // An event the contract lets happen on the effective date (the query
    // accepts it there): one it must see happen before, as `event e0,
    // before 2030-01-08` in a contract effective later, cannot be moved.
    let early = |flag: &String| {
        let (name, day) = flag.split_once('=')?;
        let movable = [format!("{name}={effective}")];
        let movable = Question::new(
            &loaded.contract,
            &effective.to_string(),
            &movable,
            &Filters::default(),
        )
        .is_ok();
        (movable && pactum::model::Day::parse(day)? < effective).then(|| flag.clone())
    };
    // A finding whose own first day comes before the effective date (a
    // conflict of two clauses dated before it) has no scenario that shows it
    // after it: only findings the contract lets happen later count.
    let later = |message: &str| {
        let first = ["from ", "on "].iter().find_map(|w| {
            message.match_indices(w).find_map(|(at, _)| {
                pactum::model::Day::parse(message.get(at + w.len()..at + w.len() + 10)?)
            })
        });
        first.is_none_or(|day| day >= effective)
    };
    // A scenario that says it has an event before the effective date (no
    // scenario moved on or after it showed the finding) is shown as such,
    // not passed off as a telling one: only the others count.
    let said = |message: &str| {
        scenarios(loaded)
            .iter()
            .any(|(phrase, m)| m == message && phrase.contains(pactum::print::EARLY_MARK))
    };
    let mut out = Vec::new();
    for (phrase, message) in scenarios(loaded) {
        if !later(&message) || phrase.contains(pactum::print::EARLY_MARK) {
            continue;
        }
        let flags = assumptions(&phrase).unwrap_or_default();
        for flag in flags.iter().filter_map(early) {
            out.push(format!(
                "{what}: `{message}` shows {flag} (effective {effective})"
            ));
        }
    }
    for (_, flags, message) in commands(loaded) {
        if !later(&message) || said(&message) {
            continue;
        }
        for flag in flags.iter().filter_map(early) {
            out.push(format!(
                "{what}: the command of `{message}` assumes {flag} (effective {effective})"
            ));
        }
    }
    out
}

/// Every assertion counterexample suggested as a `pactum query` command,
/// replayed with the real semantics: the assertion fails on that day in the
/// scenario the flags say, so the shown scenario still shows the finding.
fn counterexamples_replay(loaded: &Loaded, what: &str) -> (usize, Vec<String>) {
    let contract = &loaded.contract;
    let mut seen = 0;
    let mut wrong = Vec::new();
    for d in &loaded.diagnostics {
        let Some(name) = (d.message.strip_prefix("assertion `"))
            .and_then(|m| m.split_once("` is violated"))
            .map(|(name, _)| name)
        else {
            continue;
        };
        let Some(a) = contract.assertions.iter().find(|a| a.named.name == name) else {
            continue;
        };
        for (day, flags, _) in commands_of(d) {
            let Ok(q) = Question::new(contract, &day, &flags, &Filters::default()) else {
                continue; // `replay` reports refused commands.
            };
            seen += 1;
            if !pactum::analysis::verify::fails_at(contract, a, q.day, &q.scenario) {
                wrong.push(format!(
                    "{what}: `{}` replayed on {day} with {flags:?} does not fail",
                    d.message
                ));
            }
        }
    }
    (seen, wrong)
}

#[test]
fn no_scenario_the_corpus_shows_has_an_event_before_the_effective_date() {
    let mut early = Vec::new();
    let mut seen = 0;
    for dir in ["tests/analysis", "tests/ui", "tests/ok", "contracts"] {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "pactum") {
                continue;
            }
            let loaded = pactum::check::check_file(&path, &mut |p| std::fs::read(p));
            seen += scenarios(&loaded).len();
            early.extend(before_effective(&loaded, &path.display().to_string()));
        }
    }
    assert!(
        seen > 5,
        "only {seen} scenarios shown: the test checks too little"
    );
    assert!(early.is_empty(), "{}", early.join("\n"));
}

#[test]
fn no_scenario_a_generated_contract_shows_has_an_event_before_the_effective_date() {
    let mut early = Vec::new();
    let mut seen = 0;
    let mut replayed = 0;
    for seed in 1..=16 {
        for (clauses, conflict_rate) in [(12, 0.3), (40, 0.2)] {
            let generated = generate(&Options {
                clauses,
                seed,
                conflict_rate,
                ..Options::default()
            });
            let loaded = check("gen.pactum", &generated.text);
            let what = format!("seed {seed}, {clauses} clauses");
            seen += scenarios(&loaded).len();
            early.extend(before_effective(&loaded, &what));
            let (n, wrong) = counterexamples_replay(&loaded, &what);
            replayed += n;
            early.extend(wrong);
        }
    }
    eprintln!("{seen} scenarios, {replayed} counterexamples replayed");
    assert!(
        seen > 20,
        "only {seen} scenarios shown: the test checks too little"
    );
    assert!(early.is_empty(), "{}", early.join("\n"));
}
