//! `pactum::deadline::before_trigger`: an obligation due before the event
//! that creates it. The finding is exact (a question about one window's
//! days), so it is reported exactly when the events' constraints allow a
//! start on or after the deadline; checked here against that condition
//! worked out independently for deadlines and constraints in days.

use std::path::Path;

use pactum::check::check_text;
use proptest::prelude::*;

fn fee_contract(deadline_days: u32, terminated: &str) -> String {
    format!(
        "contract \"licence\" effective 2016-05-11\n\
         party licensor\nparty licensee\naction pay\nsubject fee\n\
         event change_of_control by licensee\n\
         event terminated by licensor{terminated}\n\
         event fee_paid by licensee, not before terminated\n\
         clause termination_fee {{\n  licensee must pay fee to licensor\n  \
         from terminated until {deadline_days} days after change_of_control\n  \
         discharged by fee_paid\n}}\n"
    )
}

fn findings(text: &str) -> Vec<(String, String)> {
    let loaded = check_text(Path::new("fee.pactum"), text, &mut |_| {
        Err(std::io::ErrorKind::NotFound.into())
    });
    (loaded.diagnostics.iter())
        .map(|d| (d.code.as_str().to_string(), d.message.clone()))
        .collect()
}

fn reported(text: &str) -> bool {
    findings(text)
        .iter()
        .any(|(code, _)| code == "pactum::deadline::before_trigger")
}

#[test]
fn a_fee_due_from_the_change_of_control_but_owed_from_the_termination_is_reported() {
    let found = findings(&fee_contract(11, ", not before change_of_control"));
    assert_eq!(
        found,
        [(
            "pactum::deadline::before_trigger".to_string(),
            "clause `termination_fee` can fall due before it arises".to_string()
        )]
    );
}

#[test]
fn a_deadline_counted_from_the_trigger_itself_is_not_reported() {
    let text = "contract \"licence\" effective 2016-05-11\n\
                party licensor\nparty licensee\naction pay\nsubject fee\n\
                event terminated by licensor\nevent fee_paid by licensee\n\
                clause termination_fee {\n  licensee must pay fee to licensor\n  \
                within 10 days after terminated\n  discharged by fee_paid\n}\n";
    assert!(!reported(text), "{:?}", findings(text));
}

#[test]
fn a_termination_that_must_come_within_the_deadline_is_not_reported() {
    let text = fee_contract(11, ", within 10 days after change_of_control");
    assert!(!reported(&text), "{:?}", findings(&text));
}

#[test]
fn the_scenario_shown_has_no_event_before_the_effective_date() {
    let loaded = check_text(
        Path::new("fee.pactum"),
        &fee_contract(11, ", not before change_of_control"),
        &mut |_| Err(std::io::ErrorKind::NotFound.into()),
    );
    let help = loaded.diagnostics[0].help.clone().unwrap_or_default();
    // Every date the help names is on or after 2016-05-11.
    let dates: Vec<&str> = help
        .split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .filter(|w| w.len() == 10)
        .collect();
    assert!(dates.len() >= 2, "{help}");
    assert!(dates.iter().all(|d| *d >= "2016-05-11"), "{help}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The fee is due until `n` days after the change of control and owed
    /// from the termination, which comes `within m days after` it: the
    /// termination can come on or after the deadline exactly when `n <= m`.
    #[test]
    fn reported_exactly_when_the_termination_can_come_after_the_deadline(
        n in 1u32..40,
        m in 0u32..40,
    ) {
        let text = fee_contract(n, &format!(", within {m} days after change_of_control"));
        prop_assert_eq!(reported(&text), n <= m, "{:?}", findings(&text));
    }
}

/// A deadline two business days after the order, and a delivery at most
/// three days after it: due before the delivery only when the two business
/// days span two days (an order from Sunday to Wednesday). The scenario
/// shown keeps every event on or after the effective date (Thursday
/// 2026-01-01, from which two business days span four days): moved by
/// whole weeks, so that the order keeps a weekday that shows the finding,
/// checked here against the dates the help names.
#[test]
fn a_business_day_deadline_is_shown_with_events_after_the_effective_date() {
    let text = "contract \"t\" effective 2026-01-01\n\
                party buyer\naction pay\nsubject price\n\
                event paid\nevent ordered\n\
                event delivered, not before ordered, before 4 days after ordered\n\
                clause payment {\n  buyer must pay price\n  \
                from delivered until 1 day after 2 business days after ordered\n  \
                discharged by paid\n}\n";
    let loaded = check_text(Path::new("fee.pactum"), text, &mut |_| {
        Err(std::io::ErrorKind::NotFound.into())
    });
    let found: Vec<_> = (loaded.diagnostics.iter())
        .filter(|d| d.code.as_str() == "pactum::deadline::before_trigger")
        .collect();
    assert_eq!(found.len(), 1, "{:?}", loaded.diagnostics);
    let help = found[0].help.as_deref().unwrap_or("");
    // The dates the help names, in order: the order, the delivery, the last
    // day and the start.
    let dates: Vec<pactum::model::Day> = help
        .split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .filter(|w| w.len() == 10)
        .map(pactum::testing::day)
        .collect();
    let (ordered, delivered) = (dates[0], dates[1]);
    let effective = pactum::testing::day("2026-01-01");
    assert!(
        ordered >= effective && ordered.0 < effective.0 + 7,
        "{help}"
    );
    let due = pactum::model::Calendar::default().shift(ordered, 2, true);
    assert!(due < delivered && delivered.0 <= ordered.0 + 3, "{help}");
}

/// `pactum::amount::no_due_date`: an obligation with an amount whose only
/// end is the term's is reported, once; each way of giving it a day (a
/// deadline with its discharge, an end of its own, a `due` line) keeps it
/// quiet, as do a permission, an obligation with no amount, and one that
/// the term does not end (reported by the codes about ends instead).
#[test]
fn an_amount_owed_with_no_due_date_is_reported_only_then() {
    let contract = |term: &str, clause: &str| {
        format!(
            "contract \"supply\" effective 2015-07-01\nparty buyer\nparty maker\naction pay\nsubject shortfall\n\
             event first_article by maker\nevent shortfall_paid by buyer\n{term}\n\
             clause true_up {{\n{clause}}}\n"
        )
    };
    let term = "term { until 2020-07-01 }";
    let codes = |term: &str, clause: &str| -> Vec<String> {
        let mut codes: Vec<String> = (findings(&contract(term, clause)).into_iter())
            .map(|(code, _)| code)
            .collect();
        codes.sort();
        codes
    };
    let bare = "  buyer must pay shortfall to maker\n  from 6 months after first_article\n  amount USD 25,000\n";
    assert_eq!(codes(term, bare), ["pactum::amount::no_due_date"]);
    let (_, message) = findings(&contract(term, bare)).remove(0);
    assert_eq!(message, "clause `true_up` owes an amount with no due date");
    for quiet in [
        // A deadline and the event that pays it.
        "  buyer must pay shortfall to maker\n  within 30 days after first_article\n  discharged by shortfall_paid\n  amount USD 25,000\n",
        // An end of its own.
        "  buyer must pay shortfall to maker\n  from first_article until 2016-07-01\n  amount USD 25,000\n",
        // No amount.
        "  buyer must pay shortfall to maker\n  from 6 months after first_article\n",
        // A permission.
        "  buyer may pay shortfall to maker\n  from 6 months after first_article\n  amount USD 25,000\n",
    ] {
        assert_eq!(codes(term, quiet), Vec::<String>::new(), "{quiet}");
    }
    // A recurring clause's instalments have their `due` line.
    let recurring = "  buyer must pay shortfall to maker\n  every year\n  from 2016-01-01\n  due by the end of each year\n  amount USD 25,000\n";
    assert_eq!(codes(term, recurring), Vec::<String>::new());
    // With no term, the clause has no end at all: that is said once, by
    // `pactum::norm::open_ended`; surviving the term with no end, by
    // `pactum::term::survives_without_end`.
    assert_eq!(codes("", bare), ["pactum::norm::open_ended"]);
    assert_eq!(
        codes(term, &format!("{bare}  survives\n")),
        ["pactum::term::survives_without_end"]
    );
}
