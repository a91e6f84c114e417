//! The term as the checker sees it: clauses end with it unless they survive,
//! across an amendment chain; the findings about it come once each; facts
//! are not cut by it.

use std::path::Path;

use pactum::check::check_text;
use pactum::diagnostics::Code;
use pactum::model::Loaded;
use pactum::testing::state_at;

const HEAD: &str = "contract \"supply\" effective 2014-12-05\nparty supplier\n\
                    action deliver\naction disclose\nsubject goods\nsubject know_how\n";

fn check(body: &str) -> Loaded {
    check_with(&format!("{HEAD}{body}"), &[])
}

/// Checks `text` as `current.pactum`, with `files` readable beside it.
fn check_with(text: &str, files: &[(&str, &str)]) -> Loaded {
    let mut read = |p: &Path| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.as_bytes().to_vec())
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    };
    check_text(Path::new("/c/current.pactum"), text, &mut read)
}

fn codes(loaded: &Loaded) -> Vec<Code> {
    loaded.diagnostics.iter().map(|d| d.code).collect()
}

fn active(loaded: &Loaded, day: &str) -> Vec<String> {
    let c = &loaded.contract;
    let st = state_at(c, day, &[]);
    st.norms
        .iter()
        .map(|n| c.clause(n.clause).named.name.clone())
        .collect()
}

#[test]
fn a_clause_without_end_ends_with_the_term_and_is_not_open_ended() {
    let loaded = check(
        "term { until 5 years after 2014-12-05 }\n\
         clause supply { supplier must deliver goods }\n",
    );
    assert_eq!(codes(&loaded), []);
    assert_eq!(active(&loaded, "2019-12-04"), ["supply"]);
    assert!(active(&loaded, "2019-12-05").is_empty());
}

#[test]
fn a_survival_without_end_is_reported_once_not_also_as_open_ended() {
    let loaded = check(
        "term { until 5 years after 2014-12-05 }\n\
         clause secrecy { supplier must not disclose know_how\n  survives }\n",
    );
    assert_eq!(codes(&loaded), [Code::SurvivesWithoutEnd]);
    assert_eq!(active(&loaded, "2040-01-01"), ["secrecy"]);
}

#[test]
fn clauses_of_the_amended_file_end_with_a_term_declared_in_the_amending_one() {
    let history = format!(
        "{}clause supply {{ supplier must deliver goods }}\n",
        HEAD.replace("supply", "supply (2014)")
    );
    let current = "contract \"supply (2016)\" effective 2016-01-01 amends \"history.pactum\"\n\
                   term { until end of 2018 }\n\
                   clause secrecy { supplier must not disclose know_how\n  survives for 1 year }\n";
    let loaded = check_with(current, &[("history.pactum", &history)]);
    assert_eq!(codes(&loaded), []);
    assert_eq!(active(&loaded, "2018-12-31"), ["supply", "secrecy"]);
    assert_eq!(active(&loaded, "2019-01-01"), ["secrecy"]);
    assert!(active(&loaded, "2020-01-01").is_empty());
}

#[test]
fn a_term_without_end_leaves_clauses_open_and_end_of_term_never_comes() {
    let loaded = check(
        "term { indefinitely }\n\
         clause supply { supplier must deliver goods\n  until end of term }\n\
         clause secrecy { supplier must not disclose know_how\n  until first(end of term, 2020-01-01) }\n",
    );
    assert_eq!(codes(&loaded), [Code::OpenEnded]);
    assert_eq!(active(&loaded, "2019-12-31"), ["supply", "secrecy"]);
    assert_eq!(active(&loaded, "2020-01-01"), ["supply"]);
}

#[test]
fn facts_are_not_cut_by_the_term_and_their_empty_windows_are_reported() {
    let loaded = check(
        "quantity royalty: percent\n\
         term { through 2015 }\n\
         fact rate { royalty = 5 %\n  through 2020 }\n\
         fact typo { royalty = 6 %\n  from 2021-01-01 through 2019 }\n",
    );
    assert_eq!(codes(&loaded), [Code::WindowEmpty]);
    let st = state_at(&loaded.contract, "2018-06-01", &[]);
    assert_eq!(st.facts.len(), 1);
}

#[test]
fn a_clause_started_at_the_end_of_the_term_without_survives_is_dead() {
    let loaded = check(
        "term { through 2015 }\n\
         clause run_off { supplier must deliver goods\n  from end of term\n  through 2016 }\n",
    );
    assert_eq!(codes(&loaded), [Code::DeadClause]);
}

/// A term that ends with an event that may never happen (a patent's expiry)
/// still has a written end: the clauses that end with it are not open-ended.
#[test]
fn a_clause_ending_with_a_term_that_ends_at_an_event_is_not_open_ended() {
    let loaded = check(
        "event patent_expires\n\
         term { until patent_expires }\n\
         clause supply { supplier must deliver goods }\n",
    );
    assert_eq!(codes(&loaded), []);
}

/// A terminating power without notice ends the term on the day it is used,
/// and can be used: its own effect does not close its window.
#[test]
fn a_terminating_power_without_notice_can_be_exercised() {
    let loaded = check(
        "term { until 5 years after 2014-12-05 }\n\
         power walk_away { supplier may terminate }\n\
         clause supply { supplier must deliver goods }\n",
    );
    assert_eq!(codes(&loaded), []);
    let c = &loaded.contract;
    let st = state_at(c, "2016-03-01", &[("walk_away", Some("2016-03-01"))]);
    assert!(st.norms.is_empty());
    let st = state_at(c, "2016-02-29", &[("walk_away", Some("2016-03-01"))]);
    assert_eq!(st.norms.len(), 1);
}

/// An option open for as long as a term with a date end runs has that end
/// as its deadline; one open for as long as a term that ends only with an
/// event (a patent's expiry) has none.
#[test]
fn an_option_bounded_by_the_term_has_a_deadline_only_if_the_term_has_one() {
    let loaded = check(
        "term { until 5 years after 2014-12-05 }\n\
         power option_to_buy { supplier may exercise }\n",
    );
    assert_eq!(codes(&loaded), []);
    let loaded = check(
        "event patent_expires\n\
         term { until patent_expires }\n\
         power option_to_buy { supplier may exercise }\n",
    );
    assert_eq!(codes(&loaded), [Code::PowerNoDeadline]);
}

/// A termination effective on delivery of the notice (no notice period) ends
/// the term on the day it is exercised, and can be exercised: its window is
/// not closed by the termination it brings about itself.
#[test]
fn an_immediate_termination_can_be_exercised_and_ends_the_term_that_day() {
    let loaded = check(
        "term { until 5 years after 2014-12-05 }\n\
         event breach\n\
         power terminate_for_breach { supplier may terminate\n  from breach }\n\
         clause supply { supplier must deliver goods }\n",
    );
    assert_eq!(codes(&loaded), []);
    let c = &loaded.contract;
    let scenario = [
        ("breach", Some("2016-03-01")),
        ("terminate_for_breach", Some("2016-03-10")),
    ];
    let before = state_at(c, "2016-03-09", &scenario);
    assert_eq!(before.norms.len(), 1);
    assert!(state_at(c, "2016-03-10", &scenario).norms.is_empty());
}
