//! A term that renews a limited number of times is decided exactly: the
//! verifier proves what holds whatever day the non-renewal notice comes (or
//! if it never does), and finds the notice's day that breaks what does not
//! (docs/semantics.md §6.2, "a ladder of gates"). Without a limit the same
//! ladder, cut at the horizon Lemma 8 gives the question, decides it; what
//! the lemma does not cover stays undecided, with its reason.

use pactum::analysis::budget;
use pactum::analysis::verify::{check_assertion, Verdict};
use pactum::model::Contract;
use pactum::testing::{day, load_contract_text};

/// A one-year initial term from 2019, renewed for a year at a time, three
/// times at most, unless `nr` comes at least 90 days before a period's end.
const HEAD: &str = "contract \"renewal\" effective 2019-01-01\nparty p\naction use\n\
                    action serve\nsubject s\n";

fn contract(events: &str, renews: &str, rest: &str) -> Contract {
    load_contract_text(&format!(
        "{HEAD}{events}\nterm {{\n  until 2020-01-01\n  {renews}\n}}\n\
         clause c {{\n  p may use s\n}}\n{rest}"
    ))
}

fn verdict(c: &Contract, name: &str) -> Verdict {
    let a = c
        .assertions
        .iter()
        .find(|a| a.named.name == name)
        .unwrap_or_else(|| panic!("no assertion `{name}`"));
    check_assertion(c, a, budget::ASSERTION_POINTS)
}

fn holds(c: &Contract, name: &str) {
    match verdict(c, name) {
        Verdict::Holds => {}
        other => panic!("`{name}` should hold, got {other:?}"),
    }
}

/// The notice's day in the counterexample (`None`: never given).
fn violated(c: &Contract, name: &str, notice: &str) -> Option<String> {
    match verdict(c, name) {
        Verdict::Violated(cx) => {
            let e = c
                .events
                .iter()
                .position(|e| e.named.name == notice)
                .expect("notice event");
            cx.scenario.dates[e].map(|d| d.to_string())
        }
        other => panic!("`{name}` should be violated, got {other:?}"),
    }
}

/// A counterexample's notice that is late for the deadline, or never given.
fn late_or_never(notice: Option<String>, deadline: &str) {
    assert!(
        notice.as_ref().is_none_or(|n| day(n) > day(deadline)),
        "the notice should be after {deadline} or never: {notice:?}"
    );
}

const THREE_TIMES: &str = "renews for 1 year, 3 times unless nr at least 90 days before";

#[test]
fn the_last_renewal_ends_the_term_whatever_the_notice() {
    let c = contract(
        "event nr by p",
        THREE_TIMES,
        "assert gone { never p may use s from 2023-01-01 }\n\
         assert still { always p may use s from 2019-01-01 through 2019-12-31 }\n",
    );
    holds(&c, "gone");
    holds(&c, "still");
}

#[test]
fn a_notice_on_its_deadline_ends_the_initial_period() {
    let c = contract(
        "event nr by p",
        THREE_TIMES,
        "assert second { always p may use s from 2020-01-01 through 2020-12-31 }\n",
    );
    // 2019-10-03 is 90 days before 2020-01-01: the last day in time.
    assert_eq!(
        violated(&c, "second", "nr").as_deref(),
        Some("2019-10-03"),
        "the counterexample is the notice in time for the initial period"
    );
}

#[test]
fn a_late_or_missing_notice_runs_every_renewal() {
    let c = contract(
        "event nr by p",
        THREE_TIMES,
        "assert ends_early { never p may use s from 2022-12-31 }\n",
    );
    // Only a notice late for every period (or none) keeps the term to
    // 2023-01-01: one after 2022-10-03, the third period's deadline.
    late_or_never(violated(&c, "ends_early", "nr"), "2022-10-03");
}

#[test]
fn a_constrained_notice_cannot_stop_the_initial_period() {
    // The notice cannot come before 2020-06-01, after the initial period's
    // deadline: the term runs at least to 2021-01-01.
    let c = contract(
        "event nr by p, not before 2020-06-01",
        THREE_TIMES,
        "assert second { always p may use s from 2020-01-01 through 2020-12-31 }\n\
         assert third { always p may use s from 2021-01-01 through 2021-12-31 }\n",
    );
    holds(&c, "second");
    // In time for the first renewal (deadline 2020-10-03) it ends there.
    let notice = violated(&c, "third", "nr").expect("a notice stops it");
    assert!(
        (day("2020-06-01")..=day("2020-10-03")).contains(&day(&notice)),
        "{notice}"
    );
}

#[test]
fn windows_that_end_with_the_renewed_term_are_exact() {
    // A claim can be made only while the term runs; the right it gives
    // lasts its own day and survives the term.
    let c = contract(
        "event nr by p\nevent claim by p, before end of term",
        THREE_TIMES,
        "clause claimed {\n  p may serve s\n  from claim\n  until 1 day after claim\n  survives\n}\n\
         assert none_after { never p may serve s from 2023-01-01 }\n\
         assert some_late { never p may serve s from 2022-12-31 }\n",
    );
    holds(&c, "none_after");
    late_or_never(violated(&c, "some_late", "nr"), "2022-10-03");
}

#[test]
fn month_periods_count_from_the_initial_end() {
    // From January 31 the periods end on February 28, then March 31 (not
    // March 28): a notice due 0 days before the end.
    let c = load_contract_text(&format!(
        "{HEAD}event nr by p\nterm {{\n  until 2030-01-31\n  \
         renews for 1 month, 2 times unless nr at least 0 days before\n}}\n\
         clause c {{\n  p may use s\n}}\n\
         assert gone {{ never p may use s from 2030-03-31 }}\n\
         assert late {{ never p may use s from 2030-03-30 }}\n\
         assert february {{ always p may use s from 2030-02-01 through 2030-02-27 }}\n"
    ));
    holds(&c, "gone");
    late_or_never(violated(&c, "late", "nr"), "2030-02-28");
    assert_eq!(
        violated(&c, "february", "nr").map(|n| day(&n) <= day("2030-01-31")),
        Some(true)
    );
}

#[test]
fn without_a_limit_what_holds_for_every_notice_day_is_proved() {
    let c = contract(
        "event nr by p",
        "renews for 1 year unless nr at least 90 days before",
        "assert some_end { never p may use s from 2100-01-01 }\n\
         assert kept { always p may use s from 2019-01-01 through 2019-12-31 }\n",
    );
    // With the notice never given the term never ends.
    assert_eq!(violated(&c, "some_end", "nr"), None);
    // Whatever day the notice comes, however late, the initial period runs
    // (docs/semantics.md, Lemma 8): proved, no longer undecided.
    holds(&c, "kept");
}

#[test]
fn without_a_limit_a_late_period_is_found_with_its_notice() {
    // A wind-down after the term: in force in 2030 only if the term ends
    // in a period that ends late in 2029 or in 2030, which takes a notice
    // in time for that period and for no earlier one. Neither the notice
    // never given (no end, no wind-down) nor one in time for the initial
    // period shows it: the search must reach the tenth renewal.
    let c = contract(
        "event nr by p",
        "renews for 1 year unless nr at least 90 days before",
        "clause wind_down {\n  p may serve s\n  from end of term\n  until 30 days after end of term\n  survives\n}\n\
         assert quiet { never p may serve s from 2030-01-01 through 2030-12-31 }\n\
         assert apart { never p may use s and p may serve s }\n",
    );
    // The term ends on 2030-01-01 when the notice comes after 2028-10-03
    // and by 2029-10-03, 90 days before; the latest such day is shown.
    assert_eq!(
        violated(&c, "quiet", "nr").as_deref(),
        Some("2029-10-03"),
        "the counterexample is the notice in time for the period ending 2030-01-01"
    );
    // The wind-down never overlaps the term, in any period.
    holds(&c, "apart");
}

#[test]
fn without_a_limit_windows_that_end_with_the_term_are_exact() {
    // A claim can be made only while the term runs, however often it has
    // renewed; its right lasts a day and survives the term.
    let c = contract(
        "event nr by p\nevent claim by p, before end of term",
        "renews for 1 year unless nr at least 90 days before",
        "clause claimed {\n  p may serve s\n  from claim\n  until 1 day after claim\n  survives\n}\n\
         assert after_end { never p may serve s and not p may use s from 2019-01-01 }\n\
         assert late_claim { never p may serve s from 2041-06-01 }\n",
    );
    holds(&c, "after_end");
    // A claim in 2041 needs the term to run then: a notice late for every
    // period up to 2041, or never.
    late_or_never(violated(&c, "late_claim", "nr"), "2040-10-03");
}

#[test]
fn without_a_limit_an_initial_end_from_an_event_stays_undecided() {
    // The periods' ends move with `start`: Lemma 8 does not cover them,
    // and what no witness shows stays undecided, with its reason.
    let c = load_contract_text(&format!(
        "{HEAD}event nr by p\nevent start by p\nterm {{\n  until 1 year after start\n  \
         renews for 1 year unless nr at least 90 days before\n}}\n\
         clause c {{\n  p may use s\n  from start\n}}\n\
         assert kept {{ never p may use s from 2019-01-01 until start }}\n"
    ));
    match verdict(&c, "kept") {
        Verdict::Undecided(why) => assert!(
            why.reason().contains("renews without a limit")
                && why
                    .reason()
                    .ends_with("the initial period ends on a day counted from an event"),
            "{}",
            why.reason()
        ),
        other => panic!("expected undecided, got {other:?}"),
    }
}

/// A change-of-control payout, as in Hydraspin's §10.3(b): a party may
/// leave once control has changed, while the term runs; the payout is due
/// from the leaving through the third business day after the change
/// (`payout` in `days`, e.g. `3 business days`), and survives the term.
fn payout(days: &str, asserts: &str) -> Contract {
    contract(
        "event nr by p\nevent coc by p\nevent leave by p, not before coc, before end of term",
        "renews for 1 year unless nr at least 90 days before",
        &format!(
            "clause payout {{\n  p may serve s\n  from leave\n  until 1 day after {days} after coc\n  survives\n}}\n{asserts}"
        ),
    )
}

#[test]
fn without_a_limit_business_days_from_an_event_are_exact() {
    // The payout's last day is at most five days after the change (three
    // business days from a Thursday or a Friday), which comes before the
    // term ends: in every period, it is over by the fifth day after the
    // end. Proved for every day of the notice (docs/semantics.md, Lemma 8
    // with business days between events).
    let c = payout(
        "3 business days",
        "assert over { never p may serve s from 5 days after end of term }\n\
         assert later { never p may serve s from 4 days after end of term }\n",
    );
    holds(&c, "over");
    // It lasts into the fourth day only when a period ends on a Friday (the
    // change on the Thursday before). The initial period ends on Wednesday
    // 2020-01-01, none of the notice never given: the notice must be in
    // time for a period that ends on a Friday (the next, 2021-01-01, or a
    // later one) and late for the one before, and the business days must be
    // counted from the change's own weekday.
    let notice = violated(&c, "later", "nr").expect("a notice ends the term on a Friday");
    let notice = day(&notice);
    // The period the notice stops: the first January 1 at least 90 days
    // after it.
    let end = (2020..)
        .map(|y| day(&format!("{y}-01-01")))
        .find(|e| e.0 - notice.0 >= 90)
        .unwrap();
    assert_eq!(end.weekday(), 4, "the term ends on {end}, not a Friday");
}

#[test]
fn without_a_limit_business_days_from_the_end_are_exact() {
    // A wind-down of three business days after the term, on a calendar
    // with a holiday after the initial end: read period by period.
    let c = contract(
        "event nr by p",
        "renews for 1 year unless nr at least 90 days before",
        "holiday 2021-01-04 \"after new year\"\n\
         clause wind_down {\n  p may serve s\n  from end of term\n  until 3 business days after end of term\n  survives\n}\n\
         assert apart { never p may use s and p may serve s }\n\
         assert short { never p may serve s from 6 days after end of term }\n\
         assert shorter { never p may serve s from 5 days after end of term }\n",
    );
    holds(&c, "apart");
    // Three business days after Friday 2021-01-01 skip the weekend and the
    // holiday on Monday: the wind-down lasts through Wednesday 2021-01-06,
    // the fifth day after the end, and no period's lasts longer.
    holds(&c, "short");
    let notice = violated(&c, "shorter", "nr").expect("a notice ends the term on 2021-01-01");
    assert!(
        (day("2019-10-04")..=day("2020-10-03")).contains(&day(&notice)),
        "{notice}"
    );
}

#[test]
fn without_a_limit_months_from_an_event_stay_undecided() {
    // The same payout counted in a month from the change: outside Lemma 8,
    // and the reason says so.
    let c = payout(
        "1 month",
        "assert over { never p may serve s from 32 days after end of term }\n",
    );
    match verdict(&c, "over") {
        Verdict::Undecided(why) => assert!(
            why.reason()
                .ends_with("an offset or window counts months or years from an event"),
            "{}",
            why.reason()
        ),
        other => panic!("expected undecided, got {other:?}"),
    }
}

#[test]
fn more_than_48_renewals_are_cut_at_the_horizon_too() {
    // A hundred renewals of ten days, read through the question's horizon
    // and the last period (the notice late for period 99, or never given).
    // A wind-down of five days after the term is in force in March 2020
    // only when the term ends there: on 2020-03-01, 03-11, 03-21 or 03-31,
    // after a notice in time for one of those periods and late for the one
    // before (deadlines two days before each end).
    let c = contract(
        "event nr by p",
        "renews for 10 days, 100 times unless nr at least 2 days before",
        "clause wind_down {\n  p may serve s\n  from end of term\n  until 5 days after end of term\n  survives\n}\n\
         assert kept { always p may use s from 2019-01-01 through 2019-12-31 }\n\
         assert apart { never p may use s and p may serve s }\n\
         assert runs { never p may use s from 2020-06-01 }\n\
         assert quiet { never p may serve s from 2020-03-01 through 2020-03-31 }\n",
    );
    holds(&c, "kept");
    holds(&c, "apart");
    late_or_never(violated(&c, "runs", "nr"), "2020-05-28");
    let notice = violated(&c, "quiet", "nr").expect("a notice ends the term in March");
    assert!(
        (day("2020-02-19")..=day("2020-03-29")).contains(&day(&notice)),
        "{notice}"
    );
}
