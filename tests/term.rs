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

// ------------------------------------------------------------ renewal

/// Apollo–Establishment §2.1: five years from 2014-12-05, renewed a year at a
/// time unless either party gives a year's notice before the current
/// period's expiration (brief, questions 1 and 2).
const RENEWING: &str = "party buyer\nevent non_renewal by buyer\n\
     term {\n  from 2014-12-05\n  until 5 years after 2014-12-05\n  \
     renews for 1 year unless non_renewal at least 1 year before\n}\n\
     clause supply { supplier must deliver goods }\n";

#[test]
fn a_renewing_term_ends_at_the_first_period_end_the_notice_comes_in_time_for() {
    let loaded = check(RENEWING);
    let c = &loaded.contract;
    let end = |notice: Option<&str>| {
        let mut scenario = pactum::semantics::Scenario::never(c);
        scenario.set(
            c.find_event("non_renewal").unwrap(),
            notice.map(|d| pactum::model::Day::parse(d).unwrap()),
        );
        let end = c.term_end().unwrap();
        let day = end.eval(&scenario.event_day());
        day.map(|d| d.to_string())
    };
    // On the deadline (a year before the end) the notice is in time.
    assert_eq!(end(Some("2018-12-05")).as_deref(), Some("2019-12-05"));
    // Q1: deemed given 2018-12-11, too late: the first renewal runs.
    assert_eq!(end(Some("2018-12-11")).as_deref(), Some("2020-12-05"));
    // Q2: to end the first extension year, notice by 2019-12-05.
    assert_eq!(end(Some("2019-12-05")).as_deref(), Some("2020-12-05"));
    assert_eq!(end(Some("2019-12-06")).as_deref(), Some("2021-12-05"));
    // No notice: the renewals never stop.
    assert_eq!(end(None), None);
    // The clause ends with the renewed term.
    let on = |day: &str, notice: &str| {
        state_at(c, day, &[("non_renewal", Some(notice))])
            .norms
            .len()
    };
    assert_eq!(on("2019-12-04", "2018-12-05"), 1);
    assert_eq!(on("2019-12-05", "2018-12-05"), 0);
    assert_eq!(on("2020-12-04", "2018-12-11"), 1);
    assert_eq!(on("2020-12-05", "2018-12-11"), 0);
    assert_eq!(active(&loaded, "2120-12-05").len(), 1, "no notice: no end");
}

#[test]
fn a_limited_renewal_ends_after_its_last_period_whatever_the_notice() {
    let loaded = check(
        "party buyer\nevent non_renewal by buyer\n\
         term {\n  until 2020-01-01\n  renews for 6 months, 2 times unless non_renewal at least 30 days before\n}\n\
         clause supply { supplier must deliver goods }\n",
    );
    let c = &loaded.contract;
    let end = |notice: Option<&str>| {
        let mut scenario = pactum::semantics::Scenario::never(c);
        scenario.set(
            c.find_event("non_renewal").unwrap(),
            notice.map(|d| pactum::model::Day::parse(d).unwrap()),
        );
        let day = c.term_end().unwrap().eval(&scenario.event_day());
        day.map(|d| d.to_string())
    };
    assert_eq!(end(None).as_deref(), Some("2021-01-01"));
    assert_eq!(end(Some("2019-12-02")).as_deref(), Some("2020-01-01"));
    assert_eq!(end(Some("2019-12-03")).as_deref(), Some("2020-07-01"));
    assert_eq!(end(Some("2030-01-01")).as_deref(), Some("2021-01-01"));
}

#[test]
fn questions_about_a_renewing_term_are_decided_for_every_notice_day() {
    // True in every scenario (the term cannot end before its initial
    // period does), whatever day the notice comes, however late: proved
    // through the horizon of docs/semantics.md (Lemma 8), not guessed.
    let loaded = check(&format!(
        "{RENEWING}assert initial {{ always supply is active from 2014-12-05 until 2019-12-05 }}\n"
    ));
    let codes = codes(&loaded);
    assert!(!codes.contains(&Code::AssertionUndecided), "{codes:?}");
    assert!(!codes.contains(&Code::AssertionViolated), "{codes:?}");
}

#[test]
fn renewal_findings_name_the_period_and_its_deadline() {
    let loaded = check(RENEWING);
    let d = (loaded.diagnostics.iter())
        .find(|d| d.code == Code::NoticeNeverInTime)
        .expect("a one-year notice for one-year renewals");
    assert_eq!(
        d.labels[0].message,
        "renewal period 1 starts on 2019-12-05; its notice is due by 2019-12-05"
    );
    let ok = check(
        "party buyer\nevent non_renewal by buyer\n\
         term {\n  until 2020-01-01\n  renews for 1 year unless non_renewal at least 90 days before\n}\n\
         clause supply { supplier must deliver goods }\n",
    );
    assert!(
        !codes(&ok).contains(&Code::NoticeNeverInTime),
        "{:?}",
        codes(&ok)
    );
    assert!(!codes(&ok).contains(&Code::RenewalUnstoppable));
}

#[path = "oracle/mod.rs"]
mod oracle;

proptest::proptest! {
    /// The library's renewal (which skips periods that are too early)
    /// against the oracle's, which walks period by period.
    #[test]
    fn renewed_end_agrees_with_walking_period_by_period(
        end in 700_000i32..760_000,
        amount in 1u32..4,
        unit in 0usize..4,
        times in proptest::option::of(0u32..6),
        notice in proptest::option::of(690_000i32..800_000),
        lead in 0u32..400,
        lead_unit in 0usize..4,
    ) {
        use pactum::model::{Day, EventId, TimeExpr};
        use pactum::syntax::ast::TimeUnit;
        let units = [TimeUnit::Day, TimeUnit::Week, TimeUnit::Month, TimeUnit::Year];
        let lead_amount = if lead_unit >= 2 { lead % 30 } else { lead };
        let t = TimeExpr::Renewed {
            end: Box::new(TimeExpr::Day(Day(end))),
            period: (amount, units[unit]),
            times,
            notice: EventId(0),
            lead: (lead_amount, units[lead_unit]),
        };
        let dates = vec![notice.map(Day)];
        let library = t.eval(&|_| dates[0]);
        proptest::prop_assert_eq!(library, oracle::point(&t, &dates));
    }
}

#[test]
fn a_renewing_term_still_decides_what_a_witness_shows() {
    // False in the scenario where nobody gives notice: the term renews and
    // `supply` is in force in 2021. The violation is found and replayable.
    let loaded = check(&format!(
        "{RENEWING}assert ended {{ never supply is active from 2021-01-01 }}\n\
         power buyer_terminates {{ buyer may terminate\n notice 30 days }}\n"
    ));
    let codes = codes(&loaded);
    assert!(codes.contains(&Code::AssertionViolated), "{codes:?}");
    // The power can be exercised (a witness exists), so it is not reported,
    // and neither is an undecided question about it.
    assert!(!codes.contains(&Code::PowerNever), "{codes:?}");
    assert!(!codes.contains(&Code::AnalysisUndecided), "{codes:?}");
    let c = &loaded.contract;
    let a = &c.assertions[0];
    let pactum::analysis::verify::Verdict::Violated(cx) =
        pactum::analysis::verify::check_assertion(c, a, 10_000)
    else {
        panic!("a violation");
    };
    assert!(pactum::analysis::verify::fails_at(
        c,
        a,
        cx.day,
        &cx.scenario
    ));
    assert_eq!(cx.scenario.date(c.find_event("non_renewal").unwrap()), None);
}
