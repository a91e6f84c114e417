//! Days, time expressions and windows.
//!
//! Time is counted in whole days. A window is half-open: a norm with window
//! `[from, until)` is active on day `d` when `from <= d < until`. So
//! `until agi_verified` is no longer active on the day of verification, and
//! `through 2030` (= `until end of 2030`) is active on 2030-12-31 and not on
//! 2031-01-01.

use std::fmt;
use std::sync::Arc;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

use super::EventId;
use crate::syntax::ast::{ByteSpan, TimeUnit};

/// A calendar day, stored as the number of days since 0001-01-01 (day 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

impl Day {
    /// The day of a calendar date; `None` if there is no such date.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        NaiveDate::from_ymd_opt(year, month, day).map(Day::from_date)
    }

    /// The day of a calendar date.
    pub fn from_date(date: NaiveDate) -> Day {
        Day(date.num_days_from_ce())
    }

    /// The calendar date; days beyond the calendar's ends give its ends.
    pub fn date(self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.0).unwrap_or(if self.0 < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
    }

    /// The first and last days of the calendar (chrono's range, about
    /// 262,000 years either side of year 0).
    pub fn calendar() -> (Day, Day) {
        (
            Day::from_date(NaiveDate::MIN),
            Day::from_date(NaiveDate::MAX),
        )
    }

    /// Whether the day is in the calendar (not one of the sentinels
    /// [`Day::MIN`], [`Day::MAX`] that saturated arithmetic produces).
    pub fn in_calendar(self) -> bool {
        let (lo, hi) = Day::calendar();
        lo <= self && self <= hi
    }

    /// Parses `YYYY-MM-DD`, rejecting days that do not exist (2030-02-30).
    pub fn parse(text: &str) -> Option<Day> {
        let mut parts = text.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Day::from_ymd(year, month, day)
    }

    /// The next day.
    pub fn succ(self) -> Day {
        Day(self.0.saturating_add(1))
    }

    /// The day before.
    pub fn pred(self) -> Day {
        Day(self.0.saturating_sub(1))
    }

    /// Adds or subtracts whole units. Month and year steps keep the day of the
    /// month, clamped to the target month's last day: 2024-01-31 + 1 month is
    /// 2024-02-29, 2023-01-31 + 1 month is 2023-02-28, and 2024-02-29 + 1 year
    /// is 2025-02-28. Results outside the calendar saturate at its ends, and
    /// a day already beyond them stays where it is (it stands for "before
    /// every day" or "after every day"), so that shifting stays monotone.
    pub fn shift(self, amount: u32, unit: TimeUnit, forward: bool) -> Day {
        if !self.in_calendar() {
            return self;
        }
        let date = self.date();
        let shifted = match unit {
            TimeUnit::Day => step_days(date, u64::from(amount), forward),
            TimeUnit::Week => step_days(date, u64::from(amount) * 7, forward),
            TimeUnit::Month => step_months(date, amount, forward),
            TimeUnit::Year => step_months(date, amount.saturating_mul(12), forward),
            // A unit without a contract's calendar counts with the standard
            // one; the model builds business-day offsets of a contract with
            // its own calendar ([`TimeExpr::offset`]), never through here.
            TimeUnit::BusinessDay => return Calendar::default().shift(self, amount, forward),
        };
        shifted.map_or(if forward { Day::MAX } else { Day::MIN }, Day::from_date)
    }

    /// The day of the week, Monday first (0) through Sunday (6).
    pub fn weekday(self) -> u8 {
        // Day 1, 0001-01-01, was a Monday in the proleptic Gregorian calendar.
        (i64::from(self.0) - 1).rem_euclid(7) as u8
    }

    /// Before every calendar day: where a window with no start begins.
    pub const MIN: Day = Day(i32::MIN / 2);
    /// After every calendar day: where a window with no end ends.
    pub const MAX: Day = Day(i32::MAX / 2);
}

fn step_days(date: NaiveDate, days: u64, forward: bool) -> Option<NaiveDate> {
    if forward {
        date.checked_add_days(Days::new(days))
    } else {
        date.checked_sub_days(Days::new(days))
    }
}

fn step_months(date: NaiveDate, months: u32, forward: bool) -> Option<NaiveDate> {
    if forward {
        date.checked_add_months(Months::new(months))
    } else {
        date.checked_sub_months(Months::new(months))
    }
}

/// The names of the days of the week, Monday first, as `weekend` lines write them.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Which days are business days: every day except the weekend days and the
/// holidays a contract declares. The default is a weekend of Saturday and
/// Sunday and no holidays.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Calendar {
    /// Bit `i` is set when weekday `i` (Monday = 0) is a weekend day.
    weekend: u8,
    /// The declared holidays, sorted, without repeats.
    holidays: Vec<Day>,
    /// The holidays that fall on a working weekday, sorted: the only ones
    /// that change a count of business days.
    closed: Vec<Day>,
}

impl Default for Calendar {
    fn default() -> Calendar {
        Calendar::new(&[5, 6], Vec::new())
    }
}

impl Calendar {
    /// A calendar with these weekend days (Monday = 0) and holidays. A
    /// weekend of every day of the week has no business day at all; the
    /// model reports it and keeps the default weekend instead, so this
    /// type never has to count in a calendar without business days.
    pub fn new(weekend: &[u8], mut holidays: Vec<Day>) -> Calendar {
        let mut bits = weekend
            .iter()
            .filter(|&&d| d < 7)
            .fold(0u8, |bits, d| bits | 1 << d);
        if bits == 0x7f {
            bits = 0b110_0000;
        }
        holidays.sort();
        holidays.dedup();
        let closed = holidays
            .iter()
            .copied()
            .filter(|d| bits & 1 << d.weekday() == 0)
            .collect();
        Calendar {
            weekend: bits,
            holidays,
            closed,
        }
    }

    /// Whether the day of the week (Monday = 0) is a weekend day.
    pub fn is_weekend(&self, weekday: u8) -> bool {
        weekday < 7 && self.weekend & 1 << weekday != 0
    }

    /// The weekend days, Monday = 0.
    pub fn weekend(&self) -> Vec<u8> {
        (0..7).filter(|&d| self.is_weekend(d)).collect()
    }

    /// The declared holidays, in order.
    pub fn holidays(&self) -> &[Day] {
        &self.holidays
    }

    /// Whether the day is a business day: neither a weekend day nor a holiday.
    pub fn is_business_day(&self, day: Day) -> bool {
        !self.is_weekend(day.weekday()) && self.closed.binary_search(&day).is_err()
    }

    /// `amount` business days after (or before) `day`: the `amount`-th
    /// business day strictly after (before) it, whatever kind of day `day`
    /// itself is; `day` itself for zero. This is the one function that counts
    /// business days: points, windows, queries and messages all come here.
    /// Results outside the calendar saturate at its ends, as [`Day::shift`]
    /// does, and a day beyond them stays where it is.
    pub fn shift(&self, day: Day, amount: u32, forward: bool) -> Day {
        if !day.in_calendar() {
            return day;
        }
        let (lo, hi) = Day::calendar();
        let per_week = i64::from(7 - self.weekend.count_ones() as u8);
        let step: i64 = if forward { 1 } else { -1 };
        let mut pos = i64::from(day.0);
        let mut left = i64::from(amount);
        // Whole weeks hold `per_week` business days less the holidays among
        // them, so they are jumped at once; the last days are walked.
        while left > 0 {
            let weeks = (left - 1) / per_week;
            if weeks > 0 {
                let next = pos + step * 7 * weeks;
                let (a, b) = if forward {
                    (pos, next)
                } else {
                    (next - 1, pos - 1)
                };
                left -= weeks * per_week - self.closed_in(a, b);
                pos = next;
            } else {
                pos += step;
                if pos >= i64::from(lo.0)
                    && pos <= i64::from(hi.0)
                    && self.is_business_day(Day(pos as i32))
                {
                    left -= 1;
                }
            }
            if pos > i64::from(hi.0) {
                return Day::MAX;
            }
            if pos < i64::from(lo.0) {
                return Day::MIN;
            }
        }
        Day(pos as i32)
    }

    /// How many holidays on working weekdays lie in `(a, b]`.
    fn closed_in(&self, a: i64, b: i64) -> i64 {
        let count = |x: i64| self.closed.partition_point(|d| i64::from(d.0) <= x) as i64;
        count(b) - count(a)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date().format("%Y-%m-%d"))
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A point in time, resolved: dates are days, events are ids. Evaluates to a
/// day, or to `None` when it never comes (an event that never happens).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TimeExpr {
    /// A calendar day.
    Day(Day),
    /// The day an event happens, or never.
    Event(EventId),
    /// Whole units after or before another point; never if that point never comes.
    Offset {
        /// The point counted from.
        base: Box<TimeExpr>,
        /// How many units.
        amount: u32,
        /// Days, weeks, months or years.
        unit: TimeUnit,
        /// After the base if true, before it if false.
        forward: bool,
    },
    /// Business days after or before another point, counted with the
    /// contract's calendar ([`Calendar::shift`]); never if that point never
    /// comes. Built by [`TimeExpr::offset`], which folds an offset from a
    /// point that names no event into the day it is.
    BusinessDays {
        /// The point counted from.
        base: Box<TimeExpr>,
        /// How many business days.
        amount: u32,
        /// After the base if true, before it if false.
        forward: bool,
        /// The weekend and holidays of the contract.
        calendar: Arc<Calendar>,
    },
    /// The earliest of the points that come; never if none comes.
    First(Vec<TimeExpr>),
    /// The latest point; never if any of them never comes.
    Last(Vec<TimeExpr>),
    /// `point`, unless `event` happens before `before` (strictly): then
    /// never. `breach of CLAUSE` is the day after the clause's deadline
    /// unless the event that discharges it came on or before its last day.
    Unless {
        /// The day it falls on when it comes.
        point: Box<TimeExpr>,
        /// The event that keeps it from coming.
        event: EventId,
        /// The event keeps it from coming by happening before this point.
        before: Box<TimeExpr>,
    },
    /// The end of a term that renews period after period (`renews for 1
    /// year unless notice at least 90 days before`): see [`renewed_end`].
    Renewed {
        /// The end of the initial period.
        end: Box<TimeExpr>,
        /// The length of each renewal period.
        period: (u32, TimeUnit),
        /// The most renewals; `None`: no limit.
        times: Option<u32>,
        /// The event whose happening stops the renewal.
        notice: EventId,
        /// How long before a period's end the notice must come.
        lead: (u32, TimeUnit),
    },
}

/// A reading of a renewing term's end that fixes the notice, so that the
/// search can look for witnesses where it cannot decide the renewal itself:
/// every scenario it then finds is checked against the real meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewalAssumption {
    /// The notice comes in time for the initial period: the term ends with it.
    InTime,
    /// The notice never comes: every renewal runs.
    Never,
}

impl TimeExpr {
    /// This point with every renewing end read as `assume` says.
    pub fn assuming(&self, assume: RenewalAssumption) -> TimeExpr {
        let read = |renewed: TimeExpr| match renewed {
            TimeExpr::Renewed {
                end, period, times, ..
            } => match (assume, times) {
                (RenewalAssumption::InTime, _) => *end,
                (RenewalAssumption::Never, Some(t)) => TimeExpr::period_end(*end, period, t)
                    .unwrap_or_else(|| TimeExpr::First(Vec::new())),
                (RenewalAssumption::Never, None) => TimeExpr::First(Vec::new()),
            },
            other => other,
        };
        (self.try_map(&mut Some, &mut |r| Some(read(r))))
            .expect("no event or renewing end is refused")
    }

    /// A copy of this point, rebuilt from the leaves up: each event it
    /// names (as a point, the event of an `unless`, or a renewal's notice)
    /// becomes what `event` gives, and each renewing end, once its parts
    /// are rebuilt, becomes what `renewed` makes of it. `None` from either
    /// gives `None` for the whole point. The one walk behind reading
    /// renewals under an assumption ([`TimeExpr::assuming`]) and carrying a
    /// point into another version of a contract (`pactum diff`).
    pub fn try_map(
        &self,
        event: &mut impl FnMut(EventId) -> Option<EventId>,
        renewed: &mut impl FnMut(TimeExpr) -> Option<TimeExpr>,
    ) -> Option<TimeExpr> {
        let mut boxed = |b: &TimeExpr| b.try_map(event, renewed).map(Box::new);
        Some(match self {
            TimeExpr::Day(d) => TimeExpr::Day(*d),
            TimeExpr::Event(e) => TimeExpr::Event(event(*e)?),
            TimeExpr::Offset {
                base,
                amount,
                unit,
                forward,
            } => TimeExpr::Offset {
                base: boxed(base)?,
                amount: *amount,
                unit: *unit,
                forward: *forward,
            },
            TimeExpr::BusinessDays {
                base,
                amount,
                forward,
                calendar,
            } => TimeExpr::BusinessDays {
                base: boxed(base)?,
                amount: *amount,
                forward: *forward,
                calendar: calendar.clone(),
            },
            TimeExpr::First(items) => TimeExpr::First(
                (items.iter())
                    .map(|i| i.try_map(event, renewed))
                    .collect::<Option<_>>()?,
            ),
            TimeExpr::Last(items) => TimeExpr::Last(
                (items.iter())
                    .map(|i| i.try_map(event, renewed))
                    .collect::<Option<_>>()?,
            ),
            TimeExpr::Unless {
                point,
                event: e,
                before,
            } => TimeExpr::Unless {
                point: boxed(point)?,
                before: boxed(before)?,
                event: event(*e)?,
            },
            TimeExpr::Renewed {
                end,
                period,
                times,
                notice,
                lead,
            } => {
                let end = boxed(end)?;
                renewed(TimeExpr::Renewed {
                    end,
                    period: *period,
                    times: *times,
                    notice: event(*notice)?,
                    lead: *lead,
                })?
            }
        })
    }

    /// Whether this point reads the end of a renewing term.
    pub fn renews(&self) -> bool {
        match self {
            TimeExpr::Day(_) | TimeExpr::Event(_) => false,
            TimeExpr::Offset { base, .. } | TimeExpr::BusinessDays { base, .. } => base.renews(),
            TimeExpr::First(items) | TimeExpr::Last(items) => items.iter().any(|i| i.renews()),
            TimeExpr::Renewed { .. } => true,
            TimeExpr::Unless { point, before, .. } => point.renews() || before.renews(),
        }
    }
}

/// The end of a term whose initial period ends on `end` and that renews for
/// `period` at a time, at most `times` times (no limit when `None`), unless
/// the notice comes at least `lead` before the end of the current period.
///
/// Period `k` ends `k` periods after `end`, counted from `end` itself (so
/// renewals of a month from January 31 end on the last day of February, then
/// on March 31). A notice on day `n` stops the renewal at the end `E_k` of the
/// first period with `n <= E_k - lead`: notice given on the deadline day is in
/// time ("at least 90 days before" the end, which is the first day after the
/// period). When the notice is too late for every period the renewals allow,
/// or never comes, the term ends with the last renewal; with no limit and no
/// notice it never ends. This is the one definition of renewal: the term's end
/// is built on it, the analyses and `pactum query` evaluate it.
pub fn renewed_end(
    end: Day,
    period: (u32, TimeUnit),
    times: Option<u32>,
    notice: Option<Day>,
    lead: (u32, TimeUnit),
) -> Option<Day> {
    let period_end = |k: u32| match TimeExpr::period_end(TimeExpr::Day(end), period, k) {
        Some(e) => e.step(end),
        None => Day::MAX,
    };
    let Some(n) = notice else {
        return times.map(period_end);
    };
    if period.0 == 0 {
        return Some(end);
    }
    let last = times.unwrap_or(u32::MAX);
    // Period `k` ends at most `k` times the longest such period after `end`,
    // so every period before `first` ends more than two periods before the
    // notice and is too early for it: the walk can start there.
    // (Business days have no such bound: holidays can stretch them; the
    // walk starts at the first period.)
    let longest = i64::from(period.0)
        * match period.1 {
            TimeUnit::Day => 1,
            TimeUnit::Week => 7,
            TimeUnit::Month => 31,
            TimeUnit::Year => 366,
            TimeUnit::BusinessDay => i64::from(i32::MAX),
        };
    let first = (i64::from(n.0) - i64::from(end.0)) / longest.max(1) - 1;
    let mut k = first.clamp(0, i64::from(last)) as u32;
    loop {
        let e = period_end(k);
        if !e.in_calendar() || n <= renewal_deadline(e, lead) || k >= last {
            return Some(e);
        }
        k += 1;
    }
}

/// The last day a notice is in time for a renewal period ending on `end`:
/// `lead` before it (a notice on that day is in time). The one reading of
/// "at least 90 days before", for [`renewed_end`] and the exact search.
pub fn renewal_deadline(end: Day, lead: (u32, TimeUnit)) -> Day {
    end.shift(lead.0, lead.1, false)
}

impl TimeExpr {
    /// The end of renewal period `k` of a term whose initial period ends at
    /// `end`: `k` periods after it, counted from it (not from the end of the
    /// period before, so months from January 31 keep returning to the
    /// 31st where the month has one). `None` when `k` periods are more units
    /// than an offset holds. [`renewed_end`] steps its periods through this
    /// point's [`TimeExpr::step`], and the exact search reads the periods
    /// as these points: one stepping for both.
    pub fn period_end(end: TimeExpr, period: (u32, TimeUnit), k: u32) -> Option<TimeExpr> {
        Some(TimeExpr::Offset {
            base: Box::new(end),
            amount: period.0.checked_mul(k)?,
            unit: period.1,
            forward: true,
        })
    }

    /// `amount unit` after (`forward`) or before `base`. Business days count
    /// with `calendar`; from a point that names no event they are a constant,
    /// folded here into its day.
    pub fn offset(
        base: TimeExpr,
        amount: u32,
        unit: TimeUnit,
        forward: bool,
        calendar: &Arc<Calendar>,
    ) -> TimeExpr {
        if unit != TimeUnit::BusinessDay {
            return TimeExpr::Offset {
                base: Box::new(base),
                amount,
                unit,
                forward,
            };
        }
        let mut events = Vec::new();
        base.events(&mut events);
        if events.is_empty() {
            if let Some(day) = base.eval(&|_| None) {
                return TimeExpr::Day(calendar.shift(day, amount, forward));
            }
        }
        TimeExpr::BusinessDays {
            base: Box::new(base),
            amount,
            forward,
            calendar: Arc::clone(calendar),
        }
    }

    /// Where an offset moves a day of its base: whole units for
    /// [`TimeExpr::Offset`], business days of its calendar for
    /// [`TimeExpr::BusinessDays`]; any other point leaves the day as it is.
    /// The one step both kinds of offset take, wherever a day is shifted.
    pub fn step(&self, day: Day) -> Day {
        match self {
            TimeExpr::Offset {
                amount,
                unit,
                forward,
                ..
            } => day.shift(*amount, *unit, *forward),
            TimeExpr::BusinessDays {
                amount,
                forward,
                calendar,
                ..
            } => calendar.shift(day, *amount, *forward),
            TimeExpr::Day(_)
            | TimeExpr::Event(_)
            | TimeExpr::First(_)
            | TimeExpr::Last(_)
            | TimeExpr::Renewed { .. }
            | TimeExpr::Unless { .. } => day,
        }
    }

    /// The day this point falls on when events happen on `event_day`.
    pub fn eval(&self, event_day: &dyn Fn(EventId) -> Option<Day>) -> Option<Day> {
        match self {
            TimeExpr::Day(d) => Some(*d),
            TimeExpr::Event(e) => event_day(*e),
            TimeExpr::Offset { base, .. } | TimeExpr::BusinessDays { base, .. } => {
                base.eval(event_day).map(|d| self.step(d))
            }
            TimeExpr::Renewed {
                end,
                period,
                times,
                notice,
                lead,
            } => {
                let end = end.eval(event_day)?;
                renewed_end(end, *period, *times, event_day(*notice), *lead)
            }
            TimeExpr::Unless {
                point,
                event,
                before,
            } => {
                let kept = event_day(*event)
                    .zip(before.eval(event_day))
                    .is_some_and(|(d, b)| d < b);
                if kept {
                    None
                } else {
                    point.eval(event_day)
                }
            }
            TimeExpr::First(items) => items.iter().filter_map(|i| i.eval(event_day)).min(),
            TimeExpr::Last(items) => items
                .iter()
                .map(|i| i.eval(event_day))
                .collect::<Option<Vec<_>>>()
                .and_then(|v| v.into_iter().max()),
        }
    }

    /// Every event this point depends on.
    pub fn events(&self, out: &mut Vec<EventId>) {
        match self {
            TimeExpr::Day(_) => {}
            TimeExpr::Event(e) => out.push(*e),
            TimeExpr::Offset { base, .. } | TimeExpr::BusinessDays { base, .. } => base.events(out),
            TimeExpr::Renewed { end, notice, .. } => {
                end.events(out);
                out.push(*notice);
            }
            TimeExpr::Unless {
                point,
                event,
                before,
            } => {
                point.events(out);
                out.push(*event);
                before.events(out);
            }
            TimeExpr::First(items) | TimeExpr::Last(items) => {
                items.iter().for_each(|i| i.events(out))
            }
        }
    }

    /// Every literal day this point names.
    pub fn days(&self, out: &mut Vec<Day>) {
        match self {
            TimeExpr::Day(d) => out.push(*d),
            TimeExpr::Event(_) => {}
            TimeExpr::Offset { base, .. }
            | TimeExpr::BusinessDays { base, .. }
            | TimeExpr::Renewed { end: base, .. } => base.days(out),
            TimeExpr::Unless { point, before, .. } => {
                point.days(out);
                before.days(out);
            }
            TimeExpr::First(items) | TimeExpr::Last(items) => {
                items.iter().for_each(|i| i.days(out))
            }
        }
    }
}

/// When a norm, fact or assertion applies: from `from` (inclusive) until
/// `until` (exclusive). A missing `from` reaches back forever; a missing
/// `until` never ends.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Window {
    /// The first day, inclusive; `None` reaches back forever.
    pub from: Option<TimeExpr>,
    /// The end, exclusive; `None` never ends.
    pub until: Option<TimeExpr>,
    /// Written `indefinitely`: no end, on purpose (no open-end warning).
    pub indefinite: bool,
    /// Where the window was written, if it was.
    pub span: Option<ByteSpan>,
}

/// A window resolved in one scenario: `[from, until)` in days, where `None`
/// means unbounded on that side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Interval {
    /// The first day, inclusive; `None` reaches back forever.
    pub from: Option<Day>,
    /// The end, exclusive; `None` never ends.
    pub until: Option<Day>,
}

impl Interval {
    /// Whether the day lies in the interval.
    pub fn contains(&self, day: Day) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day < u)
    }

    /// Whether the interval has no day.
    pub fn is_empty(&self) -> bool {
        matches!((self.from, self.until), (Some(f), Some(u)) if f >= u)
    }
}

impl Window {
    /// `within 30 days after P`: from `P` through the 30th day after it, so
    /// up to the day after that, exclusive. This is the one place that
    /// counts "within N days after": the day of `P` is day 0, and the period
    /// ends with day N included (30 days after an invoice of 2015-09-10 is
    /// 2015-10-10, the last day on time). In business days the same holds:
    /// `within 10 business days after P` runs from `P`'s day through the
    /// 10th business day strictly after it.
    pub fn within(base: TimeExpr, amount: u32, unit: TimeUnit, calendar: &Arc<Calendar>) -> Window {
        let last = TimeExpr::offset(base.clone(), amount, unit, true, calendar);
        Window {
            from: Some(base),
            until: Some(TimeExpr::Offset {
                base: Box::new(last),
                amount: 1,
                unit: TimeUnit::Day,
                forward: true,
            }),
            ..Window::default()
        }
    }

    /// Resolves the window in one scenario; `None` when it never opens (its
    /// start is an event that never happens).
    pub fn resolve(&self, event_day: &dyn Fn(EventId) -> Option<Day>) -> Option<Interval> {
        let from = match &self.from {
            None => None,
            Some(expr) => Some(expr.eval(event_day)?),
        };
        let until = self.until.as_ref().and_then(|e| e.eval(event_day));
        Some(Interval { from, until })
    }

    /// Whether the window contains the day in the scenario `event_day` describes.
    pub fn contains(&self, day: Day, event_day: &dyn Fn(EventId) -> Option<Day>) -> bool {
        self.resolve(event_day).is_some_and(|i| i.contains(day))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        Day::parse(s).expect("valid date")
    }

    #[test]
    fn month_arithmetic_clamps_to_the_month_end() {
        assert_eq!(
            d("2024-01-31").shift(1, TimeUnit::Month, true),
            d("2024-02-29")
        );
        assert_eq!(
            d("2023-01-31").shift(1, TimeUnit::Month, true),
            d("2023-02-28")
        );
        assert_eq!(
            d("2024-03-31").shift(1, TimeUnit::Month, false),
            d("2024-02-29")
        );
        assert_eq!(
            d("2024-02-29").shift(1, TimeUnit::Year, true),
            d("2025-02-28")
        );
        assert_eq!(
            d("2025-10-28").shift(90, TimeUnit::Day, true),
            d("2026-01-26")
        );
        assert_eq!(
            d("2025-10-28").shift(2, TimeUnit::Week, false),
            d("2025-10-14")
        );
    }

    #[test]
    fn invalid_dates_are_rejected() {
        assert_eq!(Day::parse("2030-02-30"), None);
        assert_eq!(Day::parse("2030-13-01"), None);
        assert!(Day::parse("2028-02-29").is_some());
    }

    #[test]
    fn shifting_past_the_calendar_saturates() {
        assert_eq!(
            d("9999-12-31").shift(1_000_000, TimeUnit::Year, true),
            Day::MAX
        );
        assert_eq!(
            d("0001-01-01").shift(1_000_000, TimeUnit::Year, false),
            Day::MIN
        );
        // Beyond the calendar a day stays beyond it: shifting stays monotone.
        assert_eq!(Day::MAX.shift(1, TimeUnit::Day, false), Day::MAX);
        assert_eq!(Day::MIN.shift(1, TimeUnit::Day, true), Day::MIN);
        assert!(!Day::MIN.in_calendar() && d("2030-01-01").in_calendar());
    }

    #[test]
    fn first_ignores_points_that_never_come_and_last_does_not() {
        let e = EventId(0);
        let end_2030 = TimeExpr::Day(d("2031-01-01"));
        let first = TimeExpr::First(vec![TimeExpr::Event(e), end_2030.clone()]);
        let last = TimeExpr::Last(vec![TimeExpr::Event(e), end_2030]);
        let never = |_| None;
        let early = |_| Some(d("2029-03-01"));
        assert_eq!(first.eval(&never), Some(d("2031-01-01")));
        assert_eq!(first.eval(&early), Some(d("2029-03-01")));
        assert_eq!(last.eval(&never), None);
        assert_eq!(last.eval(&early), Some(d("2031-01-01")));
    }
}
