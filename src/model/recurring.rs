//! Recurring obligations: a clause with `every quarter` and a `due` line is
//! one obligation per period, an **instalment**, each a clause of its own.
//!
//! The model expands a recurring clause into its instalments when the
//! contract is resolved (docs/semantics.md, "Recurring obligations"):
//! instalment `k` is the clause's norm in force from the day it falls due
//! through its last day on time, with its own discharge event and its own
//! breach, and it ends with the term unless the clause survives. The clause
//! as written is never in force itself: it stands for its instalments. So
//! `state(contract, day, scenario)` and every analysis see only ordinary
//! clauses, and stay exact: the instalments are finitely many whenever the
//! recurrence has an end that comes by a day known without any scenario
//! ([`latest`]); when it has none, the expansion stops at a horizon and
//! `pactum::recurring::no_end` says so.

use std::sync::Arc;

use super::period::{Period, PeriodKind};
use super::time::{Calendar, Day, TimeExpr};
use super::{ClauseId, EventId};
use crate::diagnostics::Span;
use crate::syntax::ast::TimeUnit;

/// The most instalments one recurring clause is expanded into (a monthly
/// recurrence of 160 years): beyond it the expansion stops and says so.
pub const MAX_INSTALMENTS: usize = 2_000;

/// How far past its first day a recurrence without an end is expanded.
pub const HORIZON_YEARS: u32 = 10;

/// When each instalment falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// `due on the first day of each quarter`: on that one day (or on the
    /// recurrence's first day, for a period that began before it).
    FirstDay,
    /// `due within 30 days after the end of each quarter`: from the day
    /// after the period through the 30th day after its last day.
    AfterEnd {
        /// How many units.
        amount: u32,
        /// Days, weeks, months, years or business days.
        unit: TimeUnit,
    },
    /// `due within 30 days after the start of each contract_year`: from
    /// the period's first day (or the recurrence's, if later) through the
    /// 30th day after the period's first day.
    AfterStart {
        /// How many units.
        amount: u32,
        /// Days, weeks, months, years or business days.
        unit: TimeUnit,
    },
    /// `due by the end of each contract_year`: owed over the whole period,
    /// from its first day (or the recurrence's, if later) through its last
    /// day, which is the due date; not discharged by then, it is in breach
    /// on the first day of the next period.
    ByEnd,
}

/// One instalment of a recurring clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// The period's index ([`PeriodKind::index`]).
    pub index: i64,
    /// The period's short label (`2000-Q3`), as the instalment's name ends.
    pub label: String,
    /// The period's window `[start, end)`.
    pub period: (Day, Day),
    /// The first day the instalment is owed.
    pub due_from: Day,
    /// The first day after its last day on time (exclusive).
    pub deadline: Day,
    /// The event that performs this instalment (`paid[2000-Q3]`), when the
    /// clause is `discharged by` an event.
    pub discharge: Option<EventId>,
    /// The clause that is this instalment.
    pub clause: ClauseId,
    /// For years counted from an event, the first day owed and the
    /// deadline (exclusive) as points counted from it: the days above are
    /// then notional ([`super::period::NOTIONAL_START`]), and
    /// [`Instance::days`] gives the scenario's.
    pub counted: Option<(TimeExpr, TimeExpr)>,
}

impl Instance {
    /// The first day owed and the deadline (exclusive) when events happen
    /// on `event_day`; `None` when the instalment is counted from an event
    /// that does not happen.
    pub fn days(&self, event_day: &dyn Fn(EventId) -> Option<Day>) -> Option<(Day, Day)> {
        match &self.counted {
            None => Some((self.due_from, self.deadline)),
            Some((from, deadline)) => Some((from.eval(event_day)?, deadline.eval(event_day)?)),
        }
    }

    /// The last day the instalment is on time: the due date.
    pub fn due_date(&self) -> Day {
        self.deadline.pred()
    }
}

/// What a recurring clause recurs by, and its instalments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    /// The kind of period.
    pub period: Period,
    /// When each instalment falls due.
    pub due: Due,
    /// The instalments, in period order.
    pub instances: Vec<Instance>,
    /// When the recurrence has no end known without a scenario (or more
    /// instalments than [`MAX_INSTALMENTS`]): the day the expansion stops.
    pub horizon: Option<Day>,
    /// Where the `every` line was written.
    pub span: Span,
    /// The recurrence's first day: a first period that began before it is
    /// covered from this day on (notional for years counted from an event).
    pub from: Day,
    /// The event the recurrence starts from (`from first_sale`), if it
    /// does: each instalment is owed only if the event came by
    /// [`Recurrence::gate_by`] for its period.
    pub gate: Option<EventId>,
}

impl Recurrence {
    /// The days instalment `i`'s period covers: the period, from the
    /// recurrence's first day when the period began before it.
    pub fn covered(&self, i: &Instance) -> (Day, Day) {
        (i.period.0.max(self.from), i.period.1)
    }

    /// For a recurrence from an event, the day (exclusive) by which the
    /// event must have come for instalment `i` to be owed: the end of its
    /// period when due after it, else the day after the period's first day
    /// (the instalment is owed from then on).
    pub fn gate_by(&self, i: &Instance) -> Day {
        gate_by(self.due, i.period)
    }
}

/// The day (exclusive) by which the event a recurrence starts from must
/// have come for the instalment of `period` to be owed: the period's end
/// when it falls due after it; the day after the period's first day when it
/// is owed from its start (due on the first day, after the start, or by the
/// end, whose instalment would otherwise be in force before the event).
pub fn gate_by(due: Due, period: (Day, Day)) -> Day {
    match due {
        Due::AfterEnd { .. } => period.1,
        Due::FirstDay | Due::AfterStart { .. } | Due::ByEnd => period.0.succ(),
    }
}

/// One period's instalment before it is a clause: its index, period window,
/// first day owed and deadline (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// The period's index.
    pub index: i64,
    /// The period's window.
    pub period: (Day, Day),
    /// The first day the instalment is owed.
    pub due_from: Day,
    /// The first day after its last day on time.
    pub deadline: Day,
}

/// The instalments of a recurrence by `kind` that starts on `from` and
/// covers the periods that begin before `end` (exclusive): one per period
/// that meets `[from, end)`, at most [`MAX_INSTALMENTS`] (the flag says the
/// list stopped there). Business days count with `calendar`.
pub fn rows(
    kind: PeriodKind,
    due: Due,
    from: Day,
    end: Day,
    calendar: &Arc<Calendar>,
) -> (Vec<Row>, bool) {
    let mut out = Vec::new();
    if end <= from || !from.in_calendar() {
        return (out, false);
    }
    let mut k = kind.index(from);
    loop {
        let (start, next) = kind.window(k);
        if start >= end || !start.in_calendar() || !next.in_calendar() {
            return (out, false);
        }
        if out.len() == MAX_INSTALMENTS {
            return (out, true);
        }
        let after = |day: Day, amount: u32, unit: TimeUnit| match unit {
            TimeUnit::BusinessDay => calendar.shift(day, amount, true),
            unit => day.shift(amount, unit, true),
        };
        let (due_from, deadline) = match due {
            Due::FirstDay => {
                let day = start.max(from);
                (day, day.succ())
            }
            Due::AfterEnd { amount, unit } => (next, after(next.pred(), amount, unit).succ()),
            Due::AfterStart { amount, unit } => {
                (start.max(from), after(start, amount, unit).succ())
            }
            Due::ByEnd => (start.max(from), next),
        };
        // A first period that began more than its due days before the
        // recurrence did has nothing left to fall due.
        if due_from < deadline {
            out.push(Row {
                index: k,
                period: (start, next),
                due_from,
                deadline,
            });
        }
        k += 1;
    }
}

/// A day by which the point has come in every scenario, if there is one:
/// `None` when it may never come (an event) or may come arbitrarily late
/// (a term that renews without limit). Offsets are monotone, so the bound
/// of an offset is the offset of its base's bound; the earliest of points
/// comes by the earliest bound of those that always come; the latest of
/// points by the latest bound, when each has one.
pub fn latest(p: &TimeExpr) -> Option<Day> {
    match p {
        TimeExpr::Day(d) => Some(*d),
        TimeExpr::Event(_) | TimeExpr::Unless { .. } => None,
        TimeExpr::Offset { base, .. } | TimeExpr::BusinessDays { base, .. } => {
            latest(base).map(|d| p.step(d))
        }
        TimeExpr::First(items) => items.iter().filter_map(latest).min(),
        TimeExpr::Last(items) => items
            .iter()
            .map(latest)
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .max(),
        TimeExpr::Renewed {
            end,
            period,
            times: Some(t),
            ..
        } => {
            let end = latest(end)?;
            Some(TimeExpr::period_end(TimeExpr::Day(end), *period, *t)?.step(end))
        }
        TimeExpr::Renewed { times: None, .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        Day::parse(s).expect("valid date")
    }

    #[test]
    fn quarterly_royalties_fall_due_thirty_days_after_each_quarter() {
        let (rows, cut) = rows(
            PeriodKind::Quarter,
            Due::AfterEnd {
                amount: 30,
                unit: TimeUnit::Day,
            },
            d("2017-05-20"),
            d("2018-01-01"),
            &Arc::new(Calendar::default()),
        );
        assert!(!cut);
        let due: Vec<String> = rows.iter().map(|r| r.deadline.pred().to_string()).collect();
        assert_eq!(due, ["2017-07-30", "2017-10-30", "2018-01-30"]);
        assert_eq!(rows[1].due_from, d("2017-10-01"));
    }

    #[test]
    fn a_minimum_by_the_end_of_each_contract_year_is_owed_over_the_year() {
        let contract_year = PeriodKind::Counted {
            start: d("2015-12-05"),
            event: None,
        };
        let (years, cut) = rows(
            contract_year,
            Due::ByEnd,
            d("2015-12-05"),
            d("2017-12-05"),
            &Arc::new(Calendar::default()),
        );
        assert!(!cut);
        let owed: Vec<(String, String)> = years
            .iter()
            .map(|r| (r.due_from.to_string(), r.deadline.pred().to_string()))
            .collect();
        // 2016 has 29 February: the year's last day is still 4 December.
        assert_eq!(
            owed,
            [
                ("2015-12-05".to_string(), "2016-12-04".to_string()),
                ("2016-12-05".to_string(), "2017-12-04".to_string())
            ]
        );
        // A recurrence that starts inside a period owes it from that day.
        let (partial, _) = rows(
            PeriodKind::Year,
            Due::ByEnd,
            d("2016-03-10"),
            d("2017-01-01"),
            &Arc::new(Calendar::default()),
        );
        assert_eq!(partial[0].due_from, d("2016-03-10"));
        assert_eq!(partial[0].deadline, d("2017-01-01"));
    }

    #[test]
    fn an_end_that_may_never_come_bounds_nothing() {
        let e = TimeExpr::Event(EventId(0));
        let fixed = TimeExpr::Day(d("2030-01-01"));
        assert_eq!(
            latest(&TimeExpr::First(vec![e.clone(), fixed.clone()])),
            Some(d("2030-01-01"))
        );
        assert_eq!(latest(&TimeExpr::Last(vec![e, fixed])), None);
    }
}
