//! Business days counted from an event (`3 business days after
//! change_of_control`), decided exactly: what the search needs to know about
//! the contract's calendar (docs/semantics.md §6.3, "Business days between
//! events").
//!
//! A chain of offsets may hold steps of business days, `(n, BusinessDay,
//! forward)`, like steps of months. Such a step is monotone, like every
//! step, and it is periodic with period 7 away from the holidays: the
//! holidays are finitely many dated days, so beyond the last one (and
//! before the first) `shift(x + 7) = shift(x) + 7`, and among them the map is
//! a finite table. Everything else follows the argument for months:
//!
//! - a step's adjoint `g` (the latest day whose shift is on or before `d`)
//!   is found by [`super::points::last_at_or_before`], since the step is
//!   monotone;
//! - the span of `n` business days is bounded by [`span`], which bounds how
//!   far a chain moves a day and so the neighbourhood of the calendar the
//!   shape of a day depends on;
//! - the shape of a day is a function of its weekday and of where the
//!   holidays within that neighbourhood lie, so one scan per cell visits
//!   the days near holidays and one week elsewhere ([`scan_cell`]);
//! - the solver's compression of late days (Lemma 3) moves them by whole
//!   400-year periods (a whole number of weeks) only above the last holiday
//!   plus the chains' reach ([`horizon`]).
//!
//! The step counts with the calendar of the contract being searched, set
//! for the duration of a search by [`enter`]: one contract has one calendar
//! (`Contract::calendar`), which every business-day point of it was built
//! with, so a step needs no calendar of its own.

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::constraints::Atom;
use super::points::TooManyScenarios;
use crate::model::{Calendar, Day, TimeExpr};
use crate::syntax::ast::TimeUnit;

thread_local! {
    /// The calendar of the contract being searched on this thread.
    static CURRENT: RefCell<Option<Arc<Calendar>>> = const { RefCell::new(None) };
    /// Spans of business days by calendar and count ([`span`]): a function
    /// of its key alone, kept small.
    static SPANS: RefCell<FxHashMap<(Calendar, u32), (i64, i64)>> =
        RefCell::new(FxHashMap::default());
}

/// The most spans [`SPANS`] keeps before it starts again.
const MOST_SPANS: usize = 1_024;

/// Restores the calendar that was current before [`enter`], on return or
/// unwinding.
pub(crate) struct Entered(Option<Arc<Calendar>>);

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.0.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// Makes `calendar` the one business-day steps count with until the value
/// returned is dropped.
pub(crate) fn enter(calendar: &Arc<Calendar>) -> Entered {
    Entered(CURRENT.with(|c| c.borrow_mut().replace(Arc::clone(calendar))))
}

/// The step of a chain that an offset is (`(amount, unit, forward)`): whole
/// units for [`TimeExpr::Offset`], business days of the contract's
/// calendar for [`TimeExpr::BusinessDays`]; `None` for any other point.
pub(crate) fn step_of(t: &TimeExpr) -> Option<(u32, TimeUnit, bool)> {
    match t {
        TimeExpr::Offset {
            amount,
            unit,
            forward,
            ..
        } => Some((*amount, *unit, *forward)),
        TimeExpr::BusinessDays {
            amount, forward, ..
        } => Some((*amount, TimeUnit::BusinessDay, *forward)),
        _ => None,
    }
}

/// Whether a chain of offsets counts business days.
pub(crate) fn counts(chain: &[(u32, TimeUnit, bool)]) -> bool {
    chain.iter().any(|(_, u, _)| *u == TimeUnit::BusinessDay)
}

fn with_calendar<R>(f: impl FnOnce(&Calendar) -> R) -> R {
    CURRENT.with(|c| match &*c.borrow() {
        Some(calendar) => f(calendar),
        None => f(&Calendar::default()),
    })
}

/// `amount` business days after (or before) `day`, by the current calendar
/// ([`Calendar::shift`], the one function that counts them).
pub(crate) fn shift(day: Day, amount: u32, forward: bool) -> Day {
    with_calendar(|c| c.shift(day, amount, forward))
}

/// The current calendar when some bound of `atoms` counts business days
/// (what such bounds imply depends on it), else `None`.
pub(crate) fn calendar_of(
    atoms: &FxHashMap<crate::model::EventId, Vec<super::constraints::AnyOf>>,
) -> Option<Calendar> {
    let counts_business = atoms.values().flatten().flatten().flatten().any(|a| {
        matches!(a, Atom::AtLeast { chain: Some(c), .. } | Atom::Below { chain: Some(c), .. }
            if counts(c))
    });
    counts_business.then(|| with_calendar(Calendar::clone))
}

/// The holidays of the calendar that fall on a working weekday, in order:
/// the only ones that change a count.
fn closed(calendar: &Calendar) -> Vec<Day> {
    calendar
        .holidays()
        .iter()
        .copied()
        .filter(|h| !calendar.is_weekend(h.weekday()))
        .collect()
}

/// The last holiday of the current calendar that changes a count, if any:
/// above it (by the chains' reach) every business-day step commutes with a
/// shift by whole weeks.
pub(crate) fn horizon() -> Option<Day> {
    with_calendar(|c| closed(c).last().copied())
}

/// The fewest and most calendar days that `amount` business days span,
/// after or before any day: `shift(x, n, true) − x` and `x − shift(x, n,
/// false)` lie within them for every day `x` away from the calendar's ends.
///
/// A holiday only removes a business day, so it never shortens a span: the
/// fewest is that of the weekend alone, over the seven weekdays. The most is
/// that of the weekend alone away from the holidays (the seven weekdays
/// again), and near them the most over every day from the span of the
/// weekend alone before the first holiday to as far after the last: a span
/// that starts (forwards) before that first day ends before the first
/// holiday, and one that starts (backwards) after that last day ends after
/// the last. Holidays spread over more than 100,000 days are bounded
/// instead: `n` business days lie within the first `n + k` days of the
/// weekend alone, `k` the number of holidays.
pub(crate) fn span(amount: u32) -> (i64, i64) {
    if amount == 0 {
        return (0, 0);
    }
    with_calendar(|calendar| {
        let key = (calendar.clone(), amount);
        if let Some(&found) = SPANS.with(|s| s.borrow().get(&key).copied()).as_ref() {
            return found;
        }
        let found = compute_span(calendar, amount);
        SPANS.with(|s| {
            let mut s = s.borrow_mut();
            if s.len() >= MOST_SPANS {
                s.clear();
            }
            s.insert(key, found);
        });
        found
    })
}

fn compute_span(calendar: &Calendar, amount: u32) -> (i64, i64) {
    let weekly = Calendar::new(&calendar.weekend(), Vec::new());
    // Any seven consecutive days: the weekend alone repeats every week.
    let monday = Day(730_120);
    let spans_at = |c: &Calendar, x: Day, n: u32| {
        let after = i64::from(c.shift(x, n, true).0 - x.0);
        let before = i64::from(x.0 - c.shift(x, n, false).0);
        (after.min(before), after.max(before))
    };
    let week = |c: &Calendar, n: u32| {
        (0..7).fold((i64::MAX, i64::MIN), |(lo, hi), i| {
            let (a, b) = spans_at(c, Day(monday.0 + i), n);
            (lo.min(a), hi.max(b))
        })
    };
    let (lo, hi) = week(&weekly, amount);
    let closed = closed(calendar);
    let (Some(first), Some(last)) = (closed.first(), closed.last()) else {
        return (lo, hi);
    };
    let (from, to) = (i64::from(first.0) - hi - 1, i64::from(last.0) + hi + 1);
    if to - from > 100_000 {
        let extra = u32::try_from(closed.len()).unwrap_or(u32::MAX);
        return (lo, week(&weekly, amount.saturating_add(extra)).1);
    }
    let most = (from..=to).fold(hi, |most, x| {
        most.max(spans_at(calendar, Day(x as i32), amount).1)
    });
    (lo, most)
}

/// One more piece of a year's pattern for the calendar scan of questions
/// that count both months and business days ([`super::points`]'s scan of
/// a cell by years): the weekday of the year's first day, and which days
/// from `w` days before it to `w` days after its last are holidays that
/// change a count. Two years with the same leap pattern and the same piece
/// have the same calendar around each of their days.
pub(crate) fn year_pattern(first: Day, after: Day, w: i64) -> Vec<bool> {
    with_calendar(|calendar| {
        let closed = closed(calendar);
        let (from, to) = (i64::from(first.0) - w, i64::from(after.0) + w);
        let weekday = first.weekday();
        let mut out: Vec<bool> = (0..3).map(|bit| weekday >> bit & 1 == 1).collect();
        let near: Vec<i64> = closed
            .iter()
            .map(|h| i64::from(h.0))
            .filter(|&h| from <= h && h <= to)
            .collect();
        out.push(!near.is_empty());
        if !near.is_empty() {
            out.extend((from..=to).map(|x| near.binary_search(&x).is_ok()));
        }
        out
    })
}

/// The shapes one question has computed, by the calendar around a day:
/// its weekday and the holidays near it, as offsets from it.
pub(crate) type Shapes = FxHashMap<(u8, Vec<i32>), Vec<Option<i32>>>;

/// Walks a cell from `anchor` towards `end` and keeps the first day of
/// every distinct shape, for a question whose close chains and comparisons
/// count business days (and days and weeks) but no months or years.
///
/// Such a shape depends only on the calendar within `w = 2 · reach + 2`
/// days of the day: its weekday, and the holidays there (the neighbourhood
/// argument of docs/semantics.md §6.3). So a day is computed only when that
/// pair is new, and once the seven weekdays have been seen with no holiday
/// near, the walk jumps to the next day that has one near it (or stops):
/// a week, and the days around the holidays, per cell.
///
/// `spend` takes the scan's budget (one per day visited, `shape_cost` per
/// shape computed); `shape` computes the shape of a day.
#[allow(clippy::too_many_arguments)]
pub(crate) fn scan_cell(
    anchor: Day,
    end: Day,
    reach: i64,
    shapes: &mut Shapes,
    shape_cost: usize,
    spend: &mut dyn FnMut(usize) -> Result<(), TooManyScenarios>,
    shape: &dyn Fn(Day) -> Vec<Option<i32>>,
    out: &mut Vec<Day>,
) -> Result<(), TooManyScenarios> {
    let closed: Vec<i64> = with_calendar(|c| closed(c).iter().map(|h| i64::from(h.0)).collect());
    let w = 2 * reach + 2;
    let forward = end >= anchor;
    let (lo, hi) = (
        i64::from(anchor.0.min(end.0)),
        i64::from(anchor.0.max(end.0)),
    );
    let mut keys: FxHashSet<(u8, Vec<i32>)> = FxHashSet::default();
    let mut seen: FxHashSet<Vec<Option<i32>>> = FxHashSet::default();
    let mut quiet = 0u8;
    let mut d = i64::from(anchor.0);
    while lo <= d && d <= hi {
        spend(1)?;
        let start = closed.partition_point(|&h| h < d - w);
        let near: Vec<i32> = closed[start..]
            .iter()
            .take_while(|&&h| h <= d + w)
            .map(|&h| (h - d) as i32)
            .collect();
        if near.is_empty() && quiet == 0x7f {
            // Every day until a holiday comes near again has a key seen.
            let next = if forward {
                closed.get(start).map(|&h| h - w)
            } else {
                start.checked_sub(1).map(|i| closed[i] + w)
            };
            match next {
                Some(n) if (n > d) == forward && n != d => d = n,
                _ => break,
            }
            continue;
        }
        let day = Day(d as i32);
        let weekday = day.weekday();
        if near.is_empty() {
            quiet |= 1 << weekday;
        }
        let key = (weekday, near);
        if keys.insert(key.clone()) {
            if !shapes.contains_key(&key) {
                spend(shape_cost)?;
                shapes.insert(key.clone(), shape(day));
            }
            if let Some(found) = shapes.get(&key) {
                if seen.insert(found.clone()) {
                    out.push(day);
                }
            }
        }
        d += if forward { 1 } else { -1 };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantics::points::{last_at_or_before, unapply};

    fn day(s: &str) -> Day {
        crate::testing::day(s)
    }

    /// The spans of `amount` business days over every day from 60 days
    /// before the first holiday to 60 after the last (or over two weeks),
    /// counted one day at a time: what [`span`] must give exactly.
    fn brute_span(calendar: &Calendar, amount: u32) -> (i64, i64) {
        let hs = calendar.holidays();
        let (from, to) = match (hs.first(), hs.last()) {
            (Some(f), Some(l)) => (f.0 - 60, l.0 + 60),
            _ => (day("2030-01-01").0, day("2030-01-14").0),
        };
        let mut out = (i64::MAX, i64::MIN);
        for x in (from..=to).map(Day) {
            for forward in [true, false] {
                let y = calendar.shift(x, amount, forward);
                let s = i64::from((y.0 - x.0).abs());
                out = (out.0.min(s), out.1.max(s));
            }
        }
        out
    }

    /// A count of business days and the fewest and most days it spans.
    type Spans = (u32, (i64, i64));

    /// The calendars of the holiday edges: the default weekend, a holiday on
    /// the second business day after a Thursday, holidays on both sides of
    /// a year end, a weekend of one day, and six weekend days.
    fn edges() -> Vec<(Calendar, [Spans; 2])> {
        vec![
            (Calendar::default(), [(1, (1, 3)), (2, (2, 4))]),
            (
                Calendar::new(&[5, 6], vec![day("2030-03-04")]),
                [(1, (1, 4)), (2, (2, 5))],
            ),
            (
                Calendar::new(&[5, 6], vec![day("2030-12-31"), day("2031-01-01")]),
                [(1, (1, 3)), (2, (2, 6))],
            ),
            (Calendar::new(&[6], Vec::new()), [(1, (1, 2)), (2, (2, 3))]),
            (
                Calendar::new(&[0, 1, 3, 4, 5, 6], Vec::new()),
                [(1, (1, 7)), (2, (8, 14))],
            ),
        ]
    }

    #[test]
    fn spans_are_exact_on_the_holiday_edges() {
        for (calendar, expected) in edges() {
            let _entered = enter(&Arc::new(calendar.clone()));
            for (amount, want) in expected {
                assert_eq!(span(amount), want, "{calendar:?} {amount}");
                assert_eq!(span(amount), brute_span(&calendar, amount), "{calendar:?}");
            }
            assert_eq!(span(0), (0, 0));
        }
    }

    /// Business-day steps count with the calendar entered, and the one
    /// before comes back when the scope ends.
    #[test]
    fn steps_count_with_the_calendar_entered() {
        let thursday = day("2030-02-28");
        assert_eq!(shift(thursday, 2, true), day("2030-03-04"));
        {
            let _entered = enter(&Arc::new(Calendar::new(&[5, 6], vec![day("2030-03-04")])));
            assert_eq!(shift(thursday, 2, true), day("2030-03-05"));
            assert_eq!(horizon(), Some(day("2030-03-04")));
            {
                let _inner = enter(&Arc::new(Calendar::new(&[6], Vec::new())));
                assert_eq!(shift(thursday, 2, true), day("2030-03-02"));
                assert_eq!(horizon(), None);
            }
            assert_eq!(shift(thursday, 2, true), day("2030-03-05"));
        }
        assert_eq!(shift(thursday, 2, true), day("2030-03-04"));
    }

    /// The scan of a cell finds a day of every shape that a day of the cell
    /// has, as checking every day of it finds, and visits a week and the
    /// days around the holidays, not the whole cell.
    #[test]
    fn the_scan_finds_every_shape_of_a_cell() {
        let chains: Vec<Vec<(u32, TimeUnit, bool)>> = vec![
            vec![],
            vec![(2, TimeUnit::BusinessDay, true)],
            vec![(3, TimeUnit::BusinessDay, false), (1, TimeUnit::Day, true)],
            vec![(1, TimeUnit::Week, true)],
        ];
        let shape = |d: Day| -> Vec<Option<i32>> {
            chains
                .iter()
                .map(|c| last_at_or_before(c, d, unapply(d, c)).map(|g| g.0 - d.0))
                .collect()
        };
        for (calendar, _) in edges() {
            let _entered = enter(&Arc::new(calendar.clone()));
            let reach = chains
                .iter()
                .map(|c| crate::semantics::points::reach_days(c))
                .max()
                .unwrap_or(0);
            let (anchor, end) = (day("2030-01-01"), day("2031-12-31"));
            let mut found = Vec::new();
            let mut visited = 0usize;
            let mut shapes = Shapes::default();
            scan_cell(
                anchor,
                end,
                reach,
                &mut shapes,
                5,
                &mut |cost| {
                    visited += usize::from(cost == 1);
                    Ok(())
                },
                &shape,
                &mut found,
            )
            .unwrap();
            let every: FxHashSet<Vec<Option<i32>>> =
                (anchor.0..=end.0).map(|d| shape(Day(d))).collect();
            let scanned: FxHashSet<Vec<Option<i32>>> = found.iter().map(|&d| shape(d)).collect();
            assert_eq!(scanned, every, "{calendar:?}");
            let near = calendar.holidays().len() * (4 * reach as usize + 5);
            assert!(
                visited <= 14 + near,
                "{visited} days visited for {calendar:?}"
            );
            // Backwards from the end too.
            let mut back = Vec::new();
            scan_cell(
                end,
                anchor,
                reach,
                &mut shapes,
                5,
                &mut |_| Ok(()),
                &shape,
                &mut back,
            )
            .unwrap();
            let scanned: FxHashSet<Vec<Option<i32>>> = back.iter().map(|&d| shape(d)).collect();
            assert_eq!(scanned, every, "{calendar:?}");
        }
    }
}
