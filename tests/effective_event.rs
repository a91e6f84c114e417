//! A contract that takes effect on an event (`effective closing`): its
//! clauses, its term and its powers start on the event's day in each
//! scenario, never before it and never at all if it never happens; an
//! amendment effective on an event replaces the older clauses from that day
//! only. The checker answers exactly over every scenario of the event.

use std::path::Path;

use pactum::check::check_text;
use pactum::diagnostics::Severity;
use pactum::model::Loaded;
use pactum::testing::state_at;

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

fn codes(loaded: &Loaded) -> Vec<&'static str> {
    loaded.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// The clauses in force on `day` when the events happen as `assume` says
/// (`("closing", Some("2001-06-01"))`, or `None` for never).
fn active(loaded: &Loaded, day: &str, assume: &[(&str, Option<&str>)]) -> Vec<String> {
    let c = &loaded.contract;
    let st = state_at(c, day, assume);
    let mut names: Vec<String> = (st.norms.iter())
        .map(|n| c.clause(n.clause).named.name.clone())
        .collect();
    names.dedup();
    names
}

const JV: &str = "contract \"joint venture\"\n  effective closing\n\
                  party impco\nparty minda\naction transfer\naction buy\nsubject shares\n\
                  event closing \"the share subscription closes\" by impco, not before 2001-05-18\n\
                  clause lock_up { impco must not transfer shares\n  until 5 years after closing }\n\
                  clause supply { minda must buy shares\n  indefinitely }\n";

#[test]
fn clauses_without_from_start_on_the_day_of_the_effective_event() {
    let loaded = check_with(JV, &[]);
    assert!(codes(&loaded).is_empty(), "{:?}", codes(&loaded));
    let closed = [("closing", Some("2001-06-01"))];
    assert!(active(&loaded, "2001-05-31", &closed).is_empty());
    assert_eq!(
        active(&loaded, "2001-06-01", &closed),
        ["lock_up", "supply"]
    );
    assert_eq!(active(&loaded, "2006-06-01", &closed), ["supply"]);
}

#[test]
fn a_contract_whose_effective_event_never_happens_never_takes_effect() {
    let loaded = check_with(JV, &[]);
    let never = [("closing", None)];
    for day in ["2001-06-01", "2030-01-01"] {
        assert!(active(&loaded, day, &never).is_empty(), "{day}");
    }
}

#[test]
fn the_term_and_its_clauses_start_with_the_effective_event() {
    let text = JV.replace(
        "clause lock_up",
        "term { until 10 years after closing }\nclause lock_up",
    );
    let loaded = check_with(&text, &[]);
    assert!(codes(&loaded).is_empty(), "{:?}", codes(&loaded));
    let closed = [("closing", Some("2001-06-01"))];
    assert!(active(&loaded, "2001-05-31", &closed).is_empty());
    assert_eq!(active(&loaded, "2011-05-31", &closed), ["supply"]);
    // The term ends ten years after the closing, and `supply` with it.
    assert!(active(&loaded, "2011-06-01", &closed).is_empty());
}

#[test]
fn assertions_about_the_effective_event_are_proved_exactly() {
    // True in every scenario: before the closing nothing binds impco, after
    // it the lock-up does for five years.
    let proved = format!(
        "{JV}assert before_closing {{ always not impco must not transfer shares or closing has happened }}\n\
         assert five_years {{ impco must not transfer shares exactly from closing until 5 years after closing }}\n"
    );
    let loaded = check_with(&proved, &[]);
    assert!(codes(&loaded).is_empty(), "{:?}", codes(&loaded));
    // False: the lock-up does not bind impco from the closing's earliest day
    // on whatever happens; the checker finds the scenario where the closing
    // never comes.
    let violated = format!(
        "{JV}assert wrong {{ always impco must not transfer shares from 2001-05-18 through 2005-12-31 }}\n"
    );
    let loaded = check_with(&violated, &[]);
    let errors: Vec<_> = (loaded.diagnostics.iter())
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code.as_str(), "pactum::assert::violated");
}

#[test]
fn an_amendment_effective_on_an_event_replaces_the_old_clauses_from_that_day() {
    let old = "contract \"supply\" effective 2014-12-05\nparty supplier\naction deliver\n\
               subject goods\nsubject parts\n\
               event amendment_signed by supplier, not before 2016-01-01\n\
               clause supply { supplier must deliver goods\n  indefinitely }\n";
    let new =
        "contract \"first amendment\"\n  effective amendment_signed\n  amends \"old.pactum\"\n\
               clause supply { supplier must deliver goods, parts\n  indefinitely }\n";
    let loaded = check_with(new, &[("old.pactum", old)]);
    assert!(codes(&loaded).is_empty(), "{:?}", codes(&loaded));
    let c = &loaded.contract;
    // The version of `supply` in force: 0 is the amended file's, 1 the amendment's.
    let versions_on = |day: &str, assume: &[(&str, Option<&str>)]| -> Vec<usize> {
        let st = state_at(c, day, assume);
        (st.norms.iter())
            .map(|n| c.clause(n.clause).version)
            .collect()
    };
    let signed = [("amendment_signed", Some("2017-03-01"))];
    assert_eq!(versions_on("2017-02-28", &signed), [0]);
    assert_eq!(versions_on("2017-03-01", &signed), [1]);
    // Never signed: the old version stays in force for ever.
    assert_eq!(
        versions_on("2030-01-01", &[("amendment_signed", None)]),
        [0]
    );
}

#[test]
fn an_effective_event_that_is_not_an_event_is_reported_where_it_is_written() {
    let loaded = check_with(
        "contract \"x\"\n  effective impco\nparty impco\nevent closing by impco\n",
        &[],
    );
    assert_eq!(codes(&loaded), ["pactum::type::mismatch"]);
    let at = loaded.diagnostics[0]
        .primary()
        .expect("a label")
        .span
        .clone();
    let text = &loaded.sources.text(at.file)[at.range.clone()];
    assert_eq!(text, "impco");
    let loaded = check_with(
        "contract \"x\"\n  effective closng\nparty a\nevent closing by a\n",
        &[],
    );
    assert_eq!(codes(&loaded), ["pactum::name::unknown"]);
    assert!(loaded.diagnostics[0]
        .help
        .as_deref()
        .unwrap_or("")
        .contains("closing"));
}
