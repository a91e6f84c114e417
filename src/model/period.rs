//! Periods: calendar years, quarters and months, fiscal years that start on
//! a day of the year, and years counted from a day (contract years).
//!
//! A period is a function from a day to an **index** `k` and its **window**
//! `[start, end)`: every day lies in exactly one period, windows of
//! consecutive indexes touch, and `index(window(k).0) == k`. The printer
//! (`crate::print::period`) puts an index into words (`2000-Q3`, `FY1999`,
//! `contract year 3`); [`PeriodKind::parse_label`] reads those words back
//! (`breach of royalties[2000-Q3]`).
//!
//! The indexes: a calendar year is its number; a quarter is `4 * year +
//! (q - 1)`; a month is `12 * year + (m - 1)`; a fiscal year is the calendar
//! year it starts in; a counted year is 1 for the year starting on its first
//! day, 2 for the next, and 0, -1, … for the years before it. Counted years
//! step from their first day ([`Day::shift`]: a contract year from
//! 2016-02-29 starts on 2017-02-28 and on 2020-02-29), as renewals do.
//!
//! Years counted from an event (`period contract_year from closing`) have
//! no days of their own: their first day is the event's, which differs by
//! scenario. Their indexes are the same (1 for the year from the event),
//! and their days here are those of a notional first day
//! ([`NOTIONAL_START`]) that only fixes the indexes; the instalments of a
//! recurrence by them are points counted from the event
//! (src/model/resolve/recurrences.rs).

use super::time::Day;
use super::EventId;
use crate::syntax::ast::TimeUnit;

/// The notional first day of years counted from an event (1 March 2001:
/// the periods it gives have no 29 February to clamp), which numbers their
/// indexes and nothing else.
pub const NOTIONAL_START: Day = Day(730_545);

/// What a kind of period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    /// Calendar years, `year`.
    Year,
    /// Calendar quarters (January, April, July, October), `quarter`.
    Quarter,
    /// Calendar months, `month`.
    Month,
    /// Years that start on this month and day of every calendar year
    /// (`period fiscal_year starts 04-01`). A start of 02-29 is refused by
    /// the model: it would not start a year in most years.
    Fiscal {
        /// The month, 1 to 12.
        month: u32,
        /// The day of the month.
        day: u32,
    },
    /// Years counted from this day (`period contract_year from 2016-05-11`),
    /// or from an event (`period contract_year from closing`).
    Counted {
        /// The first day of year 1; for years counted from an event, the
        /// notional [`NOTIONAL_START`], which only fixes the indexes.
        start: Day,
        /// The event the years are counted from, if they are: year `k`
        /// runs from `k - 1` years after the day it happens to `k` years
        /// after it.
        event: Option<EventId>,
    },
}

/// The periods no declaration is needed for, by name.
pub const BUILT_IN: [(&str, PeriodKind); 3] = [
    ("year", PeriodKind::Year),
    ("quarter", PeriodKind::Quarter),
    ("month", PeriodKind::Month),
];

/// A kind of period with the name the contract gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The name: `quarter`, or the declared one (`fiscal_year`).
    pub name: String,
    /// The description in quotes, if declared with one.
    pub description: Option<String>,
    /// What the periods are.
    pub kind: PeriodKind,
}

impl PeriodKind {
    /// The index of the period `day` lies in.
    pub fn index(self, day: Day) -> i64 {
        let d = day.date();
        let (y, m) = (
            i64::from(chrono::Datelike::year(&d)),
            i64::from(month_of(day)),
        );
        match self {
            PeriodKind::Year => y,
            PeriodKind::Quarter => 4 * y + (m - 1) / 3,
            PeriodKind::Month => 12 * y + m - 1,
            PeriodKind::Fiscal { month, day: dd } => {
                // The fiscal year starting in this calendar year has begun
                // when the day is on or after its start.
                let begun = (m as u32, chrono::Datelike::day(&d)) >= (month, dd);
                if begun {
                    y
                } else {
                    y - 1
                }
            }
            PeriodKind::Counted { start, .. } => {
                // Whole years from the start: estimated by days, then
                // corrected by the exact steps (at most one either way).
                let mut k = (i64::from(day.0) - i64::from(start.0)).div_euclid(366);
                while self.start(k + 2) <= day {
                    k += 1;
                }
                while self.start(k + 1) > day {
                    k -= 1;
                }
                k + 1
            }
        }
    }

    /// The first day of period `k` (inclusive). Indexes whose periods lie
    /// beyond the calendar give its ends.
    pub fn start(self, k: i64) -> Day {
        let ymd = |y: i64, m: u32, d: u32| {
            i32::try_from(y)
                .ok()
                .and_then(|y| Day::from_ymd(y, m, d))
                .unwrap_or(if y < 0 { Day::MIN } else { Day::MAX })
        };
        match self {
            PeriodKind::Year => ymd(k, 1, 1),
            PeriodKind::Quarter => ymd(k.div_euclid(4), (k.rem_euclid(4) * 3 + 1) as u32, 1),
            PeriodKind::Month => ymd(k.div_euclid(12), (k.rem_euclid(12) + 1) as u32, 1),
            PeriodKind::Fiscal { month, day } => ymd(k, month, day),
            PeriodKind::Counted { start, .. } => {
                let steps = k - 1;
                let Ok(n) = u32::try_from(steps.unsigned_abs()) else {
                    return if steps < 0 { Day::MIN } else { Day::MAX };
                };
                start.shift(n, TimeUnit::Year, steps >= 0)
            }
        }
    }

    /// The event the periods are counted from, for years counted from one.
    pub fn event(self) -> Option<EventId> {
        match self {
            PeriodKind::Counted { event, .. } => event,
            _ => None,
        }
    }

    /// The window of period `k`: its first day and the first day after it.
    pub fn window(self, k: i64) -> (Day, Day) {
        (self.start(k), self.start(k + 1))
    }

    /// Reads the label of one period as [`crate::print::period_label`]
    /// writes it (`2000-Q3`, `2000-07`, `2000`, `FY1999`, `3`); `None` when
    /// it names no period of this kind.
    pub fn parse_label(self, label: &str) -> Option<i64> {
        let year = |s: &str| -> Option<i64> {
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        match self {
            PeriodKind::Year => year(label),
            PeriodKind::Quarter => {
                let (y, q) = label.split_once("-Q")?;
                let q: i64 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
                Some(4 * year(y)? + q - 1)
            }
            PeriodKind::Month => {
                let (y, m) = label.split_once('-')?;
                let m: i64 = (m.len() == 2)
                    .then(|| m.parse().ok())
                    .flatten()
                    .filter(|m| (1..=12).contains(m))?;
                Some(12 * year(y)? + m - 1)
            }
            PeriodKind::Fiscal { .. } => year(label.strip_prefix("FY")?),
            PeriodKind::Counted { .. } => {
                let k: i64 = label.parse().ok()?;
                (label.bytes().all(|b| b.is_ascii_digit()) && (1..=100_000).contains(&k))
                    .then_some(k)
            }
        }
    }
}

fn month_of(day: Day) -> u32 {
    chrono::Datelike::month(&day.date())
}

/// Reads `MM-DD` as the start of a fiscal year; `None` for a day that is not
/// in every year (02-29) or not in any.
pub fn fiscal_start(text: &str) -> Option<PeriodKind> {
    let (m, d) = text.split_once('-')?;
    let (month, day): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // 2001 is not a leap year: a day that exists in it exists in every year.
    Day::from_ymd(2001, month, day)?;
    Some(PeriodKind::Fiscal { month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        Day::parse(s).expect("valid date")
    }

    #[test]
    fn quarters_and_fiscal_years_know_their_days() {
        let q = PeriodKind::Quarter;
        let k = q.index(d("2017-09-30"));
        assert_eq!(q.window(k), (d("2017-07-01"), d("2017-10-01")));
        assert_eq!(q.parse_label("2017-Q3"), Some(k));
        let fy = fiscal_start("04-01").unwrap();
        assert_eq!(fy.index(d("2000-03-31")), 1999);
        assert_eq!(fy.index(d("2000-04-01")), 2000);
        assert_eq!(fy.window(1999), (d("1999-04-01"), d("2000-04-01")));
        assert_eq!(fiscal_start("02-29"), None);
    }

    #[test]
    fn counted_years_step_from_their_first_day() {
        let c = PeriodKind::Counted {
            start: d("2016-02-29"),
            event: None,
        };
        assert_eq!(c.index(d("2016-02-29")), 1);
        assert_eq!(c.index(d("2017-02-27")), 1);
        assert_eq!(c.index(d("2017-02-28")), 2);
        assert_eq!(c.index(d("2016-02-28")), 0);
        assert_eq!(c.window(5), (d("2020-02-29"), d("2021-02-28")));
        assert_eq!(NOTIONAL_START, d("2001-03-01"));
    }
}
