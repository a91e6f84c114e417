//! Business days: the library's one counting function (`Calendar::shift`)
//! against the oracle's day-by-day stepping (tests/oracle), on random
//! weekends, holidays, days and amounts; and the same through a contract,
//! where `within N business days after P` windows and clause ends written in
//! business days resolve as the oracle counts them.

mod oracle;

use pactum::model::{load_text, Calendar, Day, Loaded};
use pactum::semantics::{window_interval, Scenario};
use pactum::testing::day;
use proptest::prelude::*;
use std::path::Path;

fn load(text: &str) -> Loaded {
    load_text(Path::new("business.pactum"), text, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    })
}

/// A weekend of zero to six days of the week (never all seven: the model
/// rejects that) and up to 40 holidays in 2030–2031.
fn calendars() -> impl Strategy<Value = Calendar> {
    let weekend = proptest::collection::btree_set(0u8..7, 0..7);
    let holidays = proptest::collection::vec(0i32..730, 0..40);
    (weekend, holidays).prop_map(|(weekend, holidays)| {
        let start = day("2030-01-01");
        let weekend: Vec<u8> = weekend.into_iter().collect();
        let holidays = holidays.into_iter().map(|k| Day(start.0 + k)).collect();
        Calendar::new(&weekend, holidays)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn counting_agrees_with_stepping_day_by_day(
        calendar in calendars(),
        offset in 0i32..730,
        amount in 0u32..400,
        forward: bool,
    ) {
        let from = Day(day("2030-01-01").0 + offset);
        let library = calendar.shift(from, amount, forward);
        let stepped = oracle::business_days(&calendar, from, amount, forward);
        prop_assert_eq!(library, stepped, "{:?} from {} by {}", calendar, from, amount);
        // The day reached is a business day (or the day itself, for zero).
        if amount > 0 {
            prop_assert!(calendar.is_business_day(library));
        }
    }

    #[test]
    fn windows_in_business_days_resolve_as_the_oracle_counts(
        holidays in proptest::collection::btree_set(0i32..60, 0..12),
        invoiced in 0i32..60,
        amount in 0u32..30,
    ) {
        let start = day("2030-01-01");
        let mut text = String::from(
            "contract \"c\" effective 2030-01-01\nparty a\naction pay\nsubject s\n\
             weekend friday, saturday\n",
        );
        for k in &holidays {
            text += &format!("holiday {}\n", Day(start.0 + k));
        }
        text += &format!(
            "event invoiced\nevent paid by a, within {amount} business days after invoiced\n\
             clause c {{\n  a must pay s\n  from invoiced\n  until {amount} business days \
             after invoiced\n}}\n"
        );
        let loaded = load(&text);
        let c = loaded.contract;
        let mut scenario = Scenario::never(&c);
        let e = c.find_event("invoiced").expect("declared");
        let on = Day(start.0 + invoiced);
        scenario.set(e, Some(on));
        let dates: oracle::Dates = (0..c.events.len())
            .map(|i| if i == e.index() { Some(on) } else { None })
            .collect();
        let paid = c.find_event("paid").expect("declared");
        let window = &c.event(paid).windows[0].window;
        let interval = window_interval(window, &scenario).expect("opens");
        let last = oracle::business_days(&c.calendar, on, amount, true);
        prop_assert_eq!(interval.from, Some(on));
        prop_assert_eq!(interval.until, Some(last.succ()));
        let clause = &c.clauses[0].window;
        let until = clause.until.as_ref().expect("an end");
        prop_assert_eq!(
            until.eval(&scenario.event_day()),
            oracle::point(until, &dates)
        );
    }
}

#[test]
fn counting_starts_the_day_after_and_skips_weekends_and_holidays() {
    // Friday 2026-12-18; Christmas on Friday 2026-12-25 is a holiday.
    let calendar = Calendar::new(&[5, 6], vec![day("2026-12-25")]);
    let friday = day("2026-12-18");
    assert_eq!(calendar.shift(friday, 0, true), friday);
    assert_eq!(calendar.shift(friday, 1, true), day("2026-12-21"));
    assert_eq!(calendar.shift(friday, 5, true), day("2026-12-28"));
    assert_eq!(calendar.shift(friday, 10, true), day("2027-01-04"));
    assert_eq!(
        calendar.shift(day("2026-12-28"), 1, false),
        day("2026-12-24")
    );
    // The example of docs/language.md: New Year's Day as well.
    let both = Calendar::new(&[5, 6], vec![day("2026-12-25"), day("2027-01-01")]);
    assert_eq!(both.shift(friday, 10, true), day("2027-01-05"));
    // From a Saturday the first business day is the Monday.
    assert_eq!(
        calendar.shift(day("2026-12-19"), 1, true),
        day("2026-12-21")
    );
    // Far counts jump whole weeks and still land where stepping would.
    let far = calendar.shift(friday, 1_000_000, true);
    assert!(calendar.is_business_day(far));
    let (_, last) = Day::calendar();
    assert_eq!(calendar.shift(last.pred(), 10, true), Day::MAX);
}

/// `business`, `weekend` and `holiday` are soft words: files that use them
/// as names keep their meaning.
#[test]
fn the_new_words_stay_usable_as_names() {
    let text = "contract \"c\" effective 2030-01-01\n\
                party weekend\nparty holiday\nparty both = weekend,\n  holiday\n\
                action business\nsubject s\nevent business_day\n\
                clause c {\n  weekend must business s\n  from business_day\n  \
                until 10 days after business_day\n}\n\
                clause d {\nholiday may business s\n  through 2031\n}\n";
    let loaded = load(text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    assert_eq!(c.parties.len(), 3);
    assert_eq!(c.clauses.len(), 2);
    assert_eq!(*c.calendar, Calendar::default());
}

/// Holidays add up across an amendment chain; the weekend rule is one for
/// the whole chain, so a second one in the amendment is an error and the
/// first one counts.
#[test]
fn an_amendment_chain_shares_one_calendar() {
    let history = "contract \"c (2029)\" effective 2029-01-01\n\
                   weekend friday, saturday\nholiday 2030-01-01 \"New Year's Day\"\n";
    let current = "contract \"c (2030)\" effective 2030-01-01 amends \"history.pactum\"\n\
                   weekend saturday, sunday\nholiday 2030-01-06 \"Epiphany\"\n\
                   event e\nevent f, within 3 business days after e\n";
    let loaded = load_text(Path::new("current.pactum"), current, &mut |p| {
        if p.ends_with("history.pactum") {
            Ok(history.as_bytes().to_vec())
        } else {
            Err(std::io::Error::from(std::io::ErrorKind::NotFound))
        }
    });
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["pactum::calendar::weekend_duplicate"]);
    let calendar = &loaded.contract.calendar;
    assert_eq!(calendar.weekend(), [4, 5]);
    assert_eq!(calendar.holidays(), [day("2030-01-01"), day("2030-01-06")]);
}

/// The example of docs/language.md, "Business days": ten business days
/// after a delivery span fourteen days, except where they reach over a
/// holiday. So "accepted 15 days or more after delivery" is possible only
/// with the holidays, and the verifier, deciding business days from the
/// delivery over every day and scenario, proves the assertion without
/// them and shows, with them, a delivery whose ten business days reach
/// over Christmas Day.
#[test]
fn an_acceptance_fifteen_days_after_delivery_needs_a_holiday() {
    use pactum::analysis::verify::{self, Verdict};
    let text = |holidays: &str| {
        format!(
            "contract \"t\" effective 2026-01-01\nparty openai\nparty microsoft\n\
             action review\nsubject model\nweekend saturday, sunday\n{holidays}\
             event delivered by openai\n\
             event accepted by microsoft, within 10 business days after delivered\n\
             clause acceptance {{ microsoft may review model from accepted until 1 day after accepted }}\n\
             assert late {{ never acceptance is active from 15 days after delivered }}\n"
        )
    };
    let verdict = |text: &str| {
        let loaded = load(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let c = loaded.contract;
        verify::check_assertion(&c, &c.assertions[0], verify::Options::default().limit)
    };
    assert!(matches!(verdict(&text("")), Verdict::Holds));
    let holidays = "holiday 2026-12-25 \"Christmas Day\"\nholiday 2027-01-01 \"New Year's Day\"\n";
    let Verdict::Violated(cx) = verdict(&text(holidays)) else {
        panic!("not violated with the holidays");
    };
    let loaded = load(&text(holidays));
    let c = &loaded.contract;
    let (delivered, accepted) = (c.event_ids().next().unwrap(), c.event_ids().nth(1).unwrap());
    let (Some(d), Some(a)) = (cx.scenario.date(delivered), cx.scenario.date(accepted)) else {
        panic!("{cx:?}");
    };
    // The acceptance is on time, 15 days or more after the delivery, and the
    // ten business days reach over a holiday.
    let calendar = Calendar::new(&[5, 6], vec![day("2026-12-25"), day("2027-01-01")]);
    assert!(
        a.0 >= d.0 + 15 && a <= calendar.shift(d, 10, true),
        "{cx:?}"
    );
    assert!(
        d <= day("2027-01-01") && calendar.shift(d, 10, true) >= day("2026-12-25"),
        "{cx:?}"
    );
}
