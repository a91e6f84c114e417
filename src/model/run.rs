//! Events a run of periods decides: `event no_sales at the end of the first
//! 4 consecutive quarters after first_sale when sales = USD 0` happens at the
//! end of the first run of four consecutive whole quarters after the day of
//! `first_sale` in each of which the quarter's value of the input `sales`
//! satisfies the comparison, and never if no such run closes. Its day is a
//! function of the anchor's day and the input's values per period; this
//! module is the one place that computes it, for `pactum query`
//! (src/semantics/query.rs) and for every check of a scenario.
//!
//! **Which periods.** The anchor's own period is not counted: it is the
//! period the anchor happens in, partly before it (the corpus's §6.3 reads
//! "after the initial commercial sale", and the quarter of the sale had a
//! sale), so the first period of a run is the one after it. Periods are the
//! input's own (calendar quarters for `per quarter`); "any three consecutive
//! months" counted from the anchor's day is another reading that would need
//! periods of its own (docs/language.md, "Runs of periods").
//!
//! **What is decided.** A scenario gives finitely many periods' values. The
//! walk from the first period decides the event's day when it meets a run
//! before it meets a period whose value is not given; otherwise the values
//! do not decide the event, which is then the scenario's to give (assumed,
//! or never by default), as for any event the inputs do not decide. Which
//! days the scenario can give it is [`Run::admits`]: a period's end at which
//! some values of the periods not given close the first run.

use rust_decimal::Decimal;

use super::period::Period;
use super::time::Day;
use super::{EventId, InputId};
use crate::diagnostics::Span;
use crate::syntax::ast::CmpOp;

/// The most periods one walk visits before it gives up, undecided: far
/// more than a scenario gives values for (a query gives them one by one),
/// so only a generated scenario reaches it.
pub const MOST_PERIODS: i64 = 100_000;

/// The most consecutive periods a run may count.
pub const MOST_RUN: u32 = 1_000;

/// `at the end of the first 4 consecutive quarters after first_sale when
/// sales = USD 0`, resolved.
#[derive(Debug, Clone)]
pub struct Run {
    /// How many consecutive periods (at least 1).
    pub count: u32,
    /// The periods: the input's own.
    pub period: Period,
    /// The event the periods are counted after.
    pub anchor: EventId,
    /// The input with one value per period that the comparison reads.
    pub input: InputId,
    /// The comparison, with the period's value on its left.
    pub op: CmpOp,
    /// The constant the value is compared with, in the input's unit.
    pub bound: Decimal,
    /// The comparison as written, for messages (`sales = USD 0`).
    pub written: String,
    /// Where `at the end of … when …` was written.
    pub span: Span,
}

/// Where a walk over the periods stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    /// The first run closes with this period (its index).
    Closes(i64),
    /// This period's value is not known, and no run closed before it.
    Unknown(i64),
}

impl Run {
    /// Whether one period's value satisfies the comparison.
    pub fn holds(&self, value: Decimal) -> bool {
        self.op.holds(value, self.bound)
    }

    /// The index of the first period a run can start with: the one after
    /// the period the anchor's day lies in.
    pub fn first(&self, anchor: Day) -> i64 {
        self.period.kind.index(anchor) + 1
    }

    /// The end of period `k`: the first day after it, the day the event
    /// happens on when a run closes with `k`.
    pub fn end(&self, k: i64) -> Day {
        self.period.kind.start(k + 1)
    }

    /// The earliest day the event can happen on, for this anchor day: the
    /// end of the `count`-th period after the anchor's.
    pub fn earliest(&self, anchor: Day) -> Day {
        self.end(self.first(anchor) + i64::from(self.count) - 1)
    }

    /// The index of the period that ends on `day`, if one does (a period
    /// ends on the first day of the next).
    pub fn ending_on(&self, day: Day) -> Option<i64> {
        let k = self.period.kind.index(day);
        (self.period.kind.start(k) == day).then_some(k - 1)
    }

    /// Walks the periods from `first`, each judged by `verdict` (`None`:
    /// not known), to the period that closes the first run of `count`
    /// periods that hold, or to the first unknown one before it. Gives
    /// `None` past [`MOST_PERIODS`].
    pub fn walk(&self, first: i64, verdict: &dyn Fn(i64) -> Option<bool>) -> Option<Walk> {
        let mut streak = 0u32;
        for k in first..first.checked_add(MOST_PERIODS)? {
            match verdict(k) {
                Some(true) => streak += 1,
                Some(false) => streak = 0,
                None => return Some(Walk::Unknown(k)),
            }
            if streak == self.count {
                return Some(Walk::Closes(k));
            }
        }
        None
    }

    /// The event's day given the anchor's and the periods' values (`None`
    /// where not given): `Some(day)`, or `None` when the values given do
    /// not decide it (a period before any run closes has no value). An
    /// anchor that never happens makes the event never happen.
    pub fn decided(
        &self,
        anchor: Option<Day>,
        value: &dyn Fn(i64) -> Option<Decimal>,
    ) -> Option<Option<Day>> {
        let Some(anchor) = anchor else {
            return Some(None);
        };
        match self.walk(self.first(anchor), &|k| value(k).map(|v| self.holds(v)))? {
            Walk::Closes(k) => Some(Some(self.end(k))),
            Walk::Unknown(_) => None,
        }
    }

    /// Whether the event can happen on `day` (or never, for `None`) with
    /// this anchor day, for some values of the periods not given (`value`
    /// gives the others, up to period `last` at most). A day must be the
    /// end of a period: the first run closes there when the `count`
    /// periods before it hold and every period not given outside them
    /// fails, which closes no earlier run that the values given do not
    /// close already. Never: when every period not given fails, no run
    /// closes.
    pub fn admits(
        &self,
        anchor: Option<Day>,
        day: Option<Day>,
        value: &dyn Fn(i64) -> Option<Decimal>,
        last: i64,
    ) -> bool {
        let Some(anchor) = anchor else {
            return day.is_none();
        };
        let first = self.first(anchor);
        let closes_at = match day {
            Some(d) => match self.ending_on(d) {
                Some(k) if k >= first + i64::from(self.count) - 1 => Some(k),
                _ => return false,
            },
            None => None,
        };
        let run = |k: i64| closes_at.is_some_and(|j| k > j - i64::from(self.count) && k <= j);
        let verdict = |k: i64| -> Option<bool> {
            if k > last.max(closes_at.unwrap_or(i64::MIN)) {
                return None;
            }
            Some(match value(k) {
                Some(v) => self.holds(v),
                None => run(k),
            })
        };
        match self.walk(first, &verdict) {
            Some(Walk::Closes(k)) => Some(k) == closes_at,
            Some(Walk::Unknown(_)) => closes_at.is_none(),
            None => false,
        }
    }
}
