//! Finite sets of representative (day, scenario) points.
//!
//! Every question the analyses ask is about one day in one scenario: is this
//! assertion's condition true there, are these two norms both active there.
//! The answer depends only on which of the *leaves* of the windows involved
//! fall on or before the day, and on which events never happen. A leaf is a
//! literal date, or an event followed by a chain of offsets (`90 days after
//! (6 months after e)`); every bound of every window resolves to one of its
//! leaves, because `first`/`last` pick one and offsets are monotone.
//!
//! So the (day, scenario) space splits into finitely many *types* (which
//! events never happen, which leaves are on or before the day), and it is
//! enough to check one point of each type that can occur. This module builds
//! such a set:
//!
//! - Days: the literal dates cut the calendar into cells. Within a cell, what
//!   can happen around a day `d` depends only on where each event would have
//!   to be for each of its leaves to fall on or before `d`: the day
//!   `g_k(d) = max { x : chain_k(x) <= d }`. For day and week offsets `g_k(d) -
//!   d` is a constant; month and year offsets clamp at month ends, so it varies
//!   with the calendar, periodically (the Gregorian calendar repeats every 400
//!   years). One day per cell and per distinct vector of `g_k(d) - d` suffices.
//! - Scenarios, for one such day: each event either never happens or lies in
//!   one of the intervals the days `g_k(d)` cut the calendar into (that choice
//!   *is* which of its leaves are on or before `d`). For each choice the latest
//!   consistent placement is computed, successors first; if it does not exist,
//!   no scenario has that type.
//!
//! docs/semantics.md gives the argument in full.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use chrono::Datelike;

use super::constraints::{self, AnyOf, Atom, DAtom, Unsupported};
pub use super::renewal::NoHorizon;
use super::Scenario;
use crate::model::{Contract, Day, EventId, RenewalAssumption, TimeExpr};
use crate::syntax::ast::TimeUnit;

/// One step of an offset chain: `amount unit` forward (after) or backward.
type Step = (u32, TimeUnit, bool);
type Chain = Vec<Step>;

/// Too many representative points to enumerate; the caller reports it. The
/// caps themselves are the analyses' policy (`crate::analysis::budget`):
/// this module enumerates as many points as it is allowed and no more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooManyScenarios {
    /// The cap that was reached.
    pub limit: usize,
    /// Which budget ran out.
    pub budget: Exhausted,
    /// With [`Exhausted::Renewal`]: what keeps the question from the
    /// exact search of its renewal (Lemma 8), when it was asked.
    pub renewal: Option<NoHorizon>,
}

/// The budget of representative points that ran out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exhausted {
    /// More representative scenarios than the caller's cap (`limit`).
    Scenarios,
    /// The calendar scan that finds the representative days of offsets of
    /// months, years and business days needed more than
    /// [`crate::analysis::budget::SHAPE_DAYS`] days: offsets that reach
    /// across centuries close to another point, or business days counted
    /// near very many holidays.
    CalendarDays,
    /// Windows that count months, years or business days between events
    /// form a cycle (each event bounded by the other) that may lengthen or
    /// shorten a day's bound, by the bounds of its offsets: not decided exactly (a cycle
    /// that always lengthens or always shortens is, as is every window
    /// counting months that is on no such cycle).
    MonthsFromEvent,
    /// The windows that limit when events can happen imply more bounds, or
    /// expand to more alternatives, than the search allows.
    Windows,
    /// A point depends on the end of a term that renews (`renews for`)
    /// without a limit, or more times than the search takes period by
    /// period (48), and the question is outside what the search decides
    /// of such a renewal (docs/semantics.md, Lemma 8): its initial end
    /// counts from an event, an offset from an event counts months, years
    /// or business days, or it must tell apart more than 48 periods.
    Renewal,
    /// An event the inputs decide (`on DATE when COMPARISON`) compares
    /// them in a way the exact search does not decide (not linear in the
    /// inputs, or past the search's budget): the event's name and why.
    Inputs(String, String),
    /// An event a run of periods decides (`at the end of the first 4
    /// consecutive quarters after …`, src/semantics/runs.rs) was placed by
    /// the search on a day no values give it, no real point of the same
    /// type was found near it, and no real point answered the question:
    /// the event's name and why.
    Run(String, String),
}

impl TooManyScenarios {
    /// Why the question was too large, in words, for a diagnostic's label.
    pub fn reason(&self) -> String {
        match &self.budget {
            Exhausted::Scenarios => {
                format!("needs more than {} representative scenarios", self.limit)
            }
            Exhausted::CalendarDays => format!(
                "needs a calendar scan of more than {SHAPE_DAYS} days: month or year offsets \
                 that reach across centuries, or business days counted from events near very \
                 many holidays"
            ),
            Exhausted::MonthsFromEvent => "counts months, years or business days between events in \
                 a cycle of windows whose offsets do not decide which way it goes, which the exact search \
                 does not decide (write one of the periods in days or weeks)"
                .to_string(),
            Exhausted::Windows => format!(
                "depends on windows of events that imply more than {MOST_THRESHOLDS} bounds, \
                 alternatives or paths of bounds through windows that count months"
            ),
            Exhausted::Renewal => {
                let why = self.renewal.map_or(String::new(), |w| format!(": {}", w.words()));
                format!(
                    "depends on the end of a term that renews without a limit (or more than \
                     {MOST_RENEWALS} times), which the exact search decides when the initial \
                     period ends on a date, no window or offset counts months or years from an \
                     event, the periods and the notice count no business days, the periods it \
                     must tell apart are at most {MOST_RENEWALS} and the search of those fits \
                     its other budgets; this question is outside that{why}"
                )
            }
            Exhausted::Inputs(event, why) | Exhausted::Run(event, why) => {
                format!("depends on `{event}`: {why}")
            }
        }
    }
}

/// The most renewals the search takes period by period.
const MOST_RENEWALS: u32 = constraints::MOST_RENEWALS;

/// The most bounds the windows of one question's events may imply (see
/// [`constraints::thresholds`]).
const MOST_THRESHOLDS: usize = 4_096;

/// Days in 400 Gregorian years: month lengths repeat with this period.
const PERIOD: i32 = 146_097;

/// The days one question's calendar scan may visit (see
/// [`crate::analysis::budget::SHAPE_DAYS`]).
const SHAPE_DAYS: usize = crate::analysis::budget::SHAPE_DAYS;

/// The leaves of a set of terms.
#[derive(Debug, Default)]
struct Leaves {
    /// Values of the leaves that name no event (`90 days after 2030-01-01`).
    constants: Vec<Day>,
    /// Offset chains applied to each event, innermost first; always including
    /// the empty chain (the event's own day, which ordering constraints and
    /// `has happened` compare).
    chains: FxHashMap<EventId, Vec<Chain>>,
    /// Whether a term depends on the end of a renewing term, which the
    /// search does not decide yet.
    renewal: bool,
    /// The gates of `Unless` points (a breach, unless performed in time):
    /// the search takes each side of each, as a choice of its event's day.
    gates: Vec<constraints::Gate>,
}

fn leaves(terms: &[&TimeExpr], horizon: Option<u32>) -> Leaves {
    fn walk(t: &TimeExpr, steps: &mut Vec<Step>, out: &mut Leaves, horizon: Option<u32>) {
        match t {
            TimeExpr::Day(d) => {
                let chain: Chain = steps.iter().rev().copied().collect();
                out.constants.push(apply(*d, &chain));
            }
            TimeExpr::Event(e) => {
                let chain: Chain = steps.iter().rev().copied().collect();
                let list = out.chains.entry(*e).or_default();
                if !list.contains(&chain) {
                    list.push(chain);
                }
            }
            // Business days are a step of the chain like months, counted
            // with the contract's calendar (`business::enter`).
            TimeExpr::Offset { base, .. } | TimeExpr::BusinessDays { base, .. } => {
                steps.extend(super::business::step_of(t));
                walk(base, steps, out, horizon);
                steps.pop();
            }
            TimeExpr::First(items) | TimeExpr::Last(items) => {
                items.iter().for_each(|i| walk(i, steps, out, horizon))
            }
            // A renewal is its periods' ends, with the gates that say which
            // of them the notice takes (constraints::ladder); one without a
            // limit is read through the question's horizon, and without
            // one is not decided.
            TimeExpr::Renewed { notice, .. } => match constraints::ladder(t, horizon) {
                Ok(rungs) => {
                    out.chains.entry(*notice).or_default();
                    for rung in rungs {
                        walk(&rung.end, steps, out, horizon);
                        if let Some((from, until)) = &rung.notice {
                            for p in from.iter().chain(until) {
                                walk(p, &mut Vec::new(), out, horizon);
                            }
                        }
                        if let Some(gate) = rung.gate {
                            if !out.gates.contains(&gate) {
                                out.gates.push(gate);
                            }
                        }
                    }
                }
                Err(_) => out.renewal = true,
            },
            TimeExpr::Unless {
                point,
                event,
                before,
            } => {
                walk(point, steps, out, horizon);
                walk(before, &mut Vec::new(), out, horizon);
                out.chains.entry(*event).or_default();
                let gate = constraints::Gate {
                    event: *event,
                    before: (**before).clone(),
                    ladder: None,
                };
                if !out.gates.contains(&gate) {
                    out.gates.push(gate);
                }
            }
        }
    }
    let mut out = Leaves::default();
    for t in terms {
        walk(t, &mut Vec::new(), &mut out, horizon);
    }
    for list in out.chains.values_mut() {
        if !list.contains(&Vec::new()) {
            list.push(Vec::new());
        }
    }
    out.constants.sort();
    out.constants.dedup();
    out
}

/// The day a chain of offsets moves `day` to, innermost step first.
pub(crate) fn apply(day: Day, chain: &[Step]) -> Day {
    chain.iter().fold(day, |d, &(amount, unit, forward)| {
        step(d, amount, unit, forward)
    })
}

pub(crate) fn unapply(day: Day, chain: &[Step]) -> Day {
    chain.iter().rev().fold(day, |d, &(amount, unit, forward)| {
        step(d, amount, unit, !forward)
    })
}

/// One step of a chain: business days count with the calendar of the
/// contract searched ([`super::business`]), the other units as every day
/// shifts.
fn step(day: Day, amount: u32, unit: TimeUnit, forward: bool) -> Day {
    match unit {
        TimeUnit::BusinessDay => super::business::shift(day, amount, forward),
        _ => day.shift(amount, unit, forward),
    }
}

fn clamps(chain: &[Step]) -> bool {
    chain
        .iter()
        .any(|(_, u, _)| matches!(u, TimeUnit::Month | TimeUnit::Year))
}

/// The last calendar day `x` whose leaf `chain(x)` is on or before `d`, or
/// `None` if there is none. `chain` is monotone, so the days that qualify
/// are exactly those up to the answer. Starts from `hint` and walks; a far
/// hint falls back to bisection over the whole calendar.
pub(crate) fn last_at_or_before(chain: &[Step], d: Day, hint: Day) -> Option<Day> {
    const WALK: usize = 64;
    let (lo, hi) = Day::calendar();
    let ok = |x: Day| apply(x, chain) <= d;
    let mut x = hint.clamp(lo, hi);
    for _ in 0..WALK {
        if ok(x) {
            if x == hi || !ok(x.succ()) {
                return Some(x);
            }
            x = x.succ();
        } else {
            if x == lo {
                return None;
            }
            x = x.pred();
        }
    }
    if !ok(lo) {
        return None;
    }
    if ok(hi) {
        return Some(hi);
    }
    let (mut yes, mut no) = (lo, hi);
    while no.0 - yes.0 > 1 {
        let mid = Day(yes.0 + (no.0 - yes.0) / 2);
        if ok(mid) {
            yes = mid;
        } else {
            no = mid;
        }
    }
    Some(yes)
}

/// The events the terms depend on, with every event they must follow, in an
/// order where predecessors come first.
fn relevant_events(contract: &Contract, leaves: &Leaves) -> Vec<EventId> {
    let mut wanted = BTreeSet::new();
    let mut stack: Vec<EventId> = leaves.chains.keys().copied().collect();
    while let Some(e) = stack.pop() {
        if wanted.insert(e) {
            stack.extend(contract.predecessors(e));
        }
    }
    // Predecessors first; a cycle (windows may bound two events by each
    // other) falls back to id order.
    let mut ordered = Vec::new();
    let mut placed = BTreeSet::new();
    while ordered.len() < wanted.len() {
        let ready = wanted.iter().copied().find(|e| {
            !placed.contains(e)
                && contract
                    .predecessors(*e)
                    .iter()
                    .all(|o| placed.contains(o) || !wanted.contains(o))
        });
        let next = ready.or_else(|| wanted.iter().copied().find(|e| !placed.contains(e)));
        let Some(e) = next else { break };
        placed.insert(e);
        ordered.push(e);
    }
    ordered
}

/// One day per cell of the literal dates and per distinct vector of
/// `g_k(d) - d` over the clamping chains (see the module comment).
fn representative_days(
    leaves: &Leaves,
    extra: &[Day],
    quiet: Day,
    reach: i64,
    limit: usize,
    links: &super::links::Links,
) -> Result<Vec<Day>, TooManyScenarios> {
    let (cal_lo, cal_hi) = Day::calendar();
    let mut bounds: Vec<Day> = leaves
        .constants
        .iter()
        .chain(extra)
        .copied()
        .filter(|c| c.in_calendar() && *c > cal_lo)
        .collect();
    bounds.sort();
    bounds.dedup();
    let mut clamping: Vec<&Chain> = leaves
        .chains
        .values()
        .flatten()
        .filter(|c| clamps(c) || super::business::counts(c))
        .collect();
    let mut unique = Vec::new();
    clamping.retain(|c| {
        let new = !unique.contains(c);
        unique.push(*c);
        new
    });
    // A chain whose distance from every other chain stays beyond what the
    // ordering constraints can tell apart has the same effect on every day,
    // whatever its exact shape: leave it out of the shape (docs/semantics.md,
    // Lemma 5). This is what keeps `10000 months after e` from scanning the
    // calendar for shapes that cannot matter.
    let all: Vec<&Chain> = leaves.chains.values().flatten().collect();
    let spans: Vec<(i64, i64)> = all.iter().map(|c| shift_bounds(c)).collect();
    clamping.retain(|c| {
        let (lo, hi) = shift_bounds(c);
        all.iter()
            .zip(&spans)
            .any(|(other, &(olo, ohi))| other != c && lo - ohi <= reach && olo - hi <= reach)
    });
    // Each cell as (anchor, last day to scan to), scanning away from the
    // literal date that bounds it so that the days found are easy to read.
    let mut cells: Vec<(Day, Day)> = Vec::new();
    match bounds.first() {
        None => cells.push((quiet.clamp(cal_lo, cal_hi), cal_hi)),
        Some(first) => cells.push((first.pred(), cal_lo)),
    }
    for (i, b) in bounds.iter().enumerate() {
        let end = bounds.get(i + 1).map_or(cal_hi, |next| next.pred());
        cells.push((*b, end));
    }
    let mut out = Vec::new();
    let mut cache = ShapeCache {
        left: SHAPE_DAYS,
        limit,
        ..ShapeCache::default()
    };
    // Chains and comparisons that count business days but no months are
    // scanned by weeks and holidays (docs/semantics.md §6.3, "Business days
    // between events"); with months too, each year's pattern also holds its
    // weekdays and holidays.
    let (months, business) = links.units();
    let business = business || clamping.iter().any(|c| super::business::counts(c));
    let months = months || clamping.iter().any(|c| clamps(c));
    let mut scan = |anchor: Day, end: Day, out: &mut Vec<Day>| {
        if business && !months {
            scan_business(&clamping, links, anchor, end, &mut cache, out)
        } else {
            scan_cell(&clamping, links, anchor, end, business, &mut cache, out)
        }
    };
    for (anchor, end) in cells {
        if clamping.is_empty() && links.is_empty() {
            out.push(anchor);
        } else {
            scan(anchor, end, &mut out)?;
        }
    }
    if bounds.is_empty() && !(clamping.is_empty() && links.is_empty()) {
        // The single cell is the whole calendar: scan backwards too.
        let quiet = quiet.clamp(cal_lo, cal_hi);
        scan(quiet, cal_lo, &mut out)?;
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Walks from `anchor` towards `end` (at most one 400-year period) and keeps
/// the first day of every distinct shape `g_k(d) - d`.
///
/// The shape of a day depends only on the calendar around it: its month and
/// day, and which years near it are leap years (within twice the chains'
/// reach, the farthest any chain computation strays from it). So a day is
/// only computed when that pair is new, and a year whose leap pattern has
/// been seen whole is skipped: a few thousand shapes instead of 146,097.
fn scan_cell(
    chains: &[&Chain],
    links: &super::links::Links,
    anchor: Day,
    end: Day,
    business: bool,
    cache: &mut ShapeCache,
    out: &mut Vec<Day>,
) -> Result<(), TooManyScenarios> {
    let reach = chains.iter().map(|c| reach_days(c)).max().unwrap_or(0);
    // The comparisons of bounds that count months between events belong to
    // the shape too, and reach as far as their chains and bounds.
    let reach = reach.max(links.reach());
    let years_around = (2 * reach + 2) / 365 + 1;
    let step: i32 = if end >= anchor { 1 } else { -1 };
    let length = (end.0 - anchor.0).abs().min(PERIOD - 1);
    let last = Day(anchor.0 + step * length);
    let (lo, hi) = (anchor.min(last), anchor.max(last));
    let mut shapes: FxHashSet<Vec<Option<i32>>> = FxHashSet::default();
    let mut keys: FxHashSet<(Vec<bool>, u32)> = FxHashSet::default();
    let mut whole: FxHashSet<Vec<bool>> = FxHashSet::default();
    let mut year = anchor.date().year();
    while let (Some(first), Some(after)) =
        (Day::from_ymd(year, 1, 1), Day::from_ymd(year + 1, 1, 1))
    {
        if after <= lo || first > hi {
            break;
        }
        // When the neighbourhood spans 400 years or more, the leap years in
        // it are fixed by the year's place in the 400-year cycle: that place
        // (in binary) is the pattern, short to hash however long the reach.
        let mut pattern: Vec<bool> = if 2 * years_around + 1 >= 400 {
            let place = year.rem_euclid(400);
            (0..9).map(|bit| place >> bit & 1 == 1).collect()
        } else {
            (-years_around..=years_around)
                .map(|i| is_leap(year.saturating_add(i as i32)))
                .collect()
        };
        if business {
            pattern.extend(super::business::year_pattern(first, after, 2 * reach + 2));
        }
        let inside = lo <= first && after.pred() <= hi;
        if !whole.contains(&pattern) {
            let (from, to) = (first.max(lo), after.pred().min(hi));
            let days: Vec<Day> = if step > 0 {
                (from.0..=to.0).map(Day).collect()
            } else {
                (from.0..=to.0).rev().map(Day).collect()
            };
            for d in days {
                // Every day visited costs one unit and every new shape
                // computed a few more; past the budget the question is
                // reported, not guessed.
                cache.spend(1 + pattern.len() / 64)?;
                let key = (pattern.clone(), d.date().ordinal());
                if keys.insert(key.clone()) {
                    if !cache.shapes.contains_key(&key) {
                        cache.spend(SHAPE_COST)?;
                    }
                    let shape = cache
                        .shapes
                        .entry(key)
                        .or_insert_with(|| shape_of(chains, links, d));
                    if shapes.insert(shape.clone()) {
                        out.push(d);
                    }
                }
            }
            if inside {
                whole.insert(pattern);
            }
        }
        year += step;
    }
    Ok(())
}

/// The shape of `d`: `g_k(d) - d` for each chain and the answer of each
/// comparison.
fn shape_of(chains: &[&Chain], links: &super::links::Links, d: Day) -> Vec<Option<i32>> {
    chains
        .iter()
        .map(|c| last_at_or_before(c, d, unapply(d, c)).map(|g| g.0 - d.0))
        .chain(links.signature(d))
        .collect()
}

/// [`super::business::scan_cell`] with this question's chains, comparisons
/// and budget.
fn scan_business(
    chains: &[&Chain],
    links: &super::links::Links,
    anchor: Day,
    end: Day,
    cache: &mut ShapeCache,
    out: &mut Vec<Day>,
) -> Result<(), TooManyScenarios> {
    let reach = chains.iter().map(|c| reach_days(c)).max().unwrap_or(0);
    let reach = reach.max(links.reach());
    let mut shapes = std::mem::take(&mut cache.business);
    let found = super::business::scan_cell(
        anchor,
        end,
        reach,
        &mut shapes,
        SHAPE_COST,
        &mut |cost| cache.spend(cost),
        &|d| shape_of(chains, links, d),
        out,
    );
    cache.business = shapes;
    found
}

/// Shapes by (leap pattern around the year, day of the year), shared by the
/// cells of one question: the calendar repeats, so most are asked again.
#[derive(Default)]
struct ShapeCache {
    shapes: FxHashMap<(Vec<bool>, u32), Vec<Option<i32>>>,
    /// Shapes of chains that count business days but no months, by weekday
    /// and holidays near ([`super::business::scan_cell`]).
    business: super::business::Shapes,
    /// Shapes the question may still compute ([`SHAPE_DAYS`]).
    left: usize,
    /// The caller's cap on points, reported if the shapes run out.
    limit: usize,
}

/// What computing one shape costs against [`SHAPE_DAYS`], in days visited.
const SHAPE_COST: usize = 5;

impl ShapeCache {
    fn spend(&mut self, cost: usize) -> Result<(), TooManyScenarios> {
        self.left = self.left.checked_sub(cost).ok_or(TooManyScenarios {
            limit: self.limit,
            renewal: None,
            budget: Exhausted::CalendarDays,
        })?;
        Ok(())
    }
}

/// An upper bound, in days, on how far a chain moves a day.
pub(crate) fn reach_days(chain: &[Step]) -> i64 {
    chain
        .iter()
        .map(|&(amount, unit, _)| {
            let per = match unit {
                TimeUnit::Day => 1,
                TimeUnit::Week => 7,
                TimeUnit::Month => 31,
                TimeUnit::Year => 366,
                // The most days that many business days span, by the
                // contract's calendar.
                TimeUnit::BusinessDay => return super::business::span(amount).1,
            };
            i64::from(amount) * per
        })
        .sum()
}

/// Bounds on `g_k(d) - d` (in days) over every day `d` away from the
/// calendar's ends: how far back (negative) or forward the chain's last
/// qualifying event day can be from `d`. `g` of a chain is the composition of
/// the `g` of its steps (each step is monotone), so the bounds add up. A day
/// or week step moves `g` by exactly its length; a month step moves it to the
/// month `n` months away, to the same day of the month within three days
/// either way (clamping), so by the number of days in `n` consecutive months,
/// give or take three. Those spans depend on the starting month only modulo
/// 400 years, so they are exact minima and maxima over one period, however
/// long the offset.
pub(crate) fn shift_bounds(chain: &[Step]) -> (i64, i64) {
    chain
        .iter()
        .fold((0, 0), |(lo, hi), &(amount, unit, forward)| {
            let (slo, shi) = match unit {
                TimeUnit::Day => (i64::from(amount), i64::from(amount)),
                TimeUnit::Week => (i64::from(amount) * 7, i64::from(amount) * 7),
                TimeUnit::Month => month_span_bounds(u64::from(amount)),
                TimeUnit::Year => month_span_bounds(u64::from(amount) * 12),
                // The fewest and most days `n` business days span, after or
                // before any day, by the contract's calendar.
                TimeUnit::BusinessDay => super::business::span(amount),
            };
            let clamp = if matches!(unit, TimeUnit::Day | TimeUnit::Week | TimeUnit::BusinessDay) {
                0
            } else {
                3
            };
            if forward {
                (lo - shi - clamp, hi - slo + clamp)
            } else {
                (lo + slo - clamp, hi + shi + clamp)
            }
        })
}

/// Months in 400 Gregorian years.
const PERIOD_MONTHS: u64 = 4_800;

/// The fewest and most days that `months` consecutive months can span,
/// over every starting month.
fn month_span_bounds(months: u64) -> (i64, i64) {
    let starts = month_starts();
    let whole = (months / PERIOD_MONTHS) as i64 * i64::from(PERIOD);
    let rest = (months % PERIOD_MONTHS) as usize;
    let spans = (0..PERIOD_MONTHS as usize).map(|m| i64::from(starts[m + rest] - starts[m]));
    let (lo, hi) = spans.fold((i64::MAX, i64::MIN), |(lo, hi), s| (lo.min(s), hi.max(s)));
    (whole + lo, whole + hi)
}

/// The first day of each month over two 400-year periods (from 2000), as day
/// numbers: enough to measure any span of up to one period from any month.
fn month_starts() -> &'static [i32] {
    static STARTS: std::sync::OnceLock<Vec<i32>> = std::sync::OnceLock::new();
    STARTS.get_or_init(|| {
        (0..=2 * PERIOD_MONTHS as i32)
            .map(|m| {
                let date = chrono::NaiveDate::from_ymd_opt(2000 + m / 12, (m % 12) as u32 + 1, 1);
                date.map_or(0, |d| d.num_days_from_ce())
            })
            .collect()
    })
}

fn is_leap(year: i32) -> bool {
    chrono::NaiveDate::from_ymd_opt(year, 2, 29).is_some()
}

/// What one check has computed already, so that questions asked again (by
/// another analysis, or about another clause with the same windows) are not
/// computed again. A memo lives only while [`memoized`] runs: nothing is
/// kept from one check to the next.
mod memo {
    use std::cell::RefCell;

    use rustc_hash::FxHashMap;

    use super::constraints::{self, AnyOf};
    use super::MOST_THRESHOLDS;
    use crate::model::EventId;

    /// The bounds the windows of a set of events imply, by those windows
    /// as atoms (events sorted) and, when they count business days, the
    /// calendar they count with: a function of the two alone.
    type Thresholds = Option<FxHashMap<EventId, Vec<i64>>>;

    /// Windows as atoms, with the calendar their business days count with.
    type Key = (Option<crate::model::Calendar>, Vec<(EventId, Vec<AnyOf>)>);

    #[derive(Default)]
    pub(super) struct Memo {
        thresholds: FxHashMap<Key, Thresholds>,
    }

    thread_local! {
        pub(super) static MEMO: RefCell<Option<Memo>> = const { RefCell::new(None) };
    }

    /// [`constraints::thresholds`], from the memo when a check has one.
    pub(super) fn thresholds(atoms: &FxHashMap<EventId, Vec<AnyOf>>) -> Thresholds {
        let mut windows: Vec<(EventId, Vec<AnyOf>)> =
            atoms.iter().map(|(e, a)| (*e, a.clone())).collect();
        windows.sort_by_key(|(e, _)| *e);
        let key = (super::super::business::calendar_of(atoms), windows);
        if let Some(found) = MEMO.with(|m| {
            m.borrow()
                .as_ref()
                .and_then(|m| m.thresholds.get(&key).cloned())
        }) {
            return found;
        }
        let found = constraints::thresholds(atoms, MOST_THRESHOLDS);
        MEMO.with(|m| {
            if let Some(m) = m.borrow_mut().as_mut() {
                m.thresholds.insert(key, found.clone());
            }
        });
        found
    }
}

/// Runs `f` (a check) with a memo of what it asks of this module, dropped
/// when `f` returns; inside another check's memo, that one serves. What the
/// memo keeps is a function of its key alone (the windows of the events,
/// as bounds), so the answers are the same with or without it, whatever
/// contracts `f` asks about.
pub fn memoized<R>(f: impl FnOnce() -> R) -> R {
    let installed = memo::MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.is_some() {
            return false;
        }
        *m = Some(memo::Memo::default());
        true
    });
    /// Removes the memo this call installed, on return or unwinding.
    struct Installed(bool);
    impl Drop for Installed {
        fn drop(&mut self) {
            if self.0 {
                memo::MEMO.with(|m| m.borrow_mut().take());
            }
        }
    }
    let _installed = Installed(installed);
    f()
}

/// The search for one day's scenarios when events only follow each other
/// (no windows): the placement of Lemma 3 in one pass, successors first, as
/// the general search would compute it, without solving a system per point.
struct Ordered<'a> {
    contract: &'a Contract,
    events: &'a [EventId],
    /// For each event (by position in `events`), the calendar intervals in
    /// which it puts the same leaves on or before the day.
    regions: Vec<Vec<(Day, Day)>>,
    /// For each event, its successors (positions) and whether strictly after.
    successors: Vec<Vec<(usize, bool)>>,
    /// A day later than every `g_k(d)` by more than the number of events.
    late: Day,
    day: Day,
    /// The notice of a renewal read one way, if the question is asked so.
    forced: Option<Forced>,
}

impl Ordered<'_> {
    /// Places events from the last (in predecessor-first order) to the first,
    /// each as late as its region and its already placed successors allow.
    fn place(
        &self,
        i: usize,
        dates: &mut Vec<Option<Day>>,
        out: &mut Sink<'_>,
    ) -> Result<(), Halt> {
        let Some(i) = i.checked_sub(1) else {
            let mut scenario = Scenario::never(self.contract);
            for (e, d) in self.events.iter().zip(dates.iter()) {
                scenario.set(*e, *d);
            }
            Forced::complete(self.forced, &mut scenario);
            // Only a cycle (an error already reported) can make this fail.
            if scenario.is_consistent(self.contract) {
                out.found(self.contract, self.day, scenario)?;
            }
            return Ok(());
        };
        let bounds: Vec<Day> = self.successors[i]
            .iter()
            .filter_map(|&(j, strict)| dates[j].map(|d| Day(d.0 - i32::from(strict))))
            .collect();
        // An event whose successor happens must happen itself.
        if bounds.is_empty() {
            dates[i] = None;
            self.place(i, dates, out)?;
        }
        let latest = bounds.into_iter().fold(self.late, Day::min);
        for &(lo, hi) in &self.regions[i] {
            let x = hi.min(latest);
            if x >= lo {
                dates[i] = Some(x);
                self.place(i, dates, out)?;
            }
        }
        dates[i] = None;
        Ok(())
    }
}

/// The search for one day's scenarios.
struct AtDay<'a> {
    contract: &'a Contract,
    /// Every event involved: those of the terms and those their constraints
    /// name. Positions in this list index everything below.
    all: &'a [EventId],
    /// The positions of the events the terms name, predecessors first.
    terms: &'a [usize],
    /// For each of `terms`, the calendar intervals in which it puts the same
    /// leaves on or before the day.
    regions: Vec<Vec<(Day, Day)>>,
    /// Per position: its constraints, each as alternatives of atoms.
    atoms: &'a [Vec<Vec<Vec<DAtom>>>],
    /// For each of `terms`, the positions that must happen if it does (named
    /// as a lower bound in every alternative of one of its constraints).
    needs: &'a [Vec<usize>],
    /// For each of `terms`, whether it is a terminating power's exercise
    /// that the terms read only through the end of the term.
    ends_term: &'a [bool],
    /// Per position: whether it is one of `terms`.
    is_term: &'a [bool],
    /// The latest day the search places an event on: later than every
    /// `g_k(d)` and every constant bound by enough for any solution to fit
    /// below it (docs/semantics.md, Lemma 3).
    late: Day,
    day: Day,
    /// The scenarios already found for this day: two choices of
    /// alternatives can place the events alike.
    seen: std::cell::RefCell<FxHashSet<Scenario>>,
    /// Whether some constraint has more than one alternative.
    alternatives: bool,
    /// Per gate, the position of the event whose day sets its side.
    gate_events: &'a [usize],
    /// The notice of a renewal read one way, if the question is asked so.
    forced: Option<Forced>,
}

/// The state of the search: per position, whether the event happens and in
/// which interval; the atoms chosen so far; the constraints still to choose
/// an alternative of.
struct Search<'a> {
    happen: Vec<bool>,
    region: Vec<(Day, Day)>,
    chosen: Vec<(usize, &'a DAtom)>,
    pending: Vec<(usize, usize)>,
    solver: constraints::Solver,
    /// Per gate, the side its event's alternative chose (`None`: its event
    /// does not happen, so it is open).
    gates: Vec<Option<bool>>,
}

impl<'a> AtDay<'a> {
    /// Chooses, from the last event to the first (successors first), whether
    /// each event of the terms happens and in which interval; an event that a
    /// happening event needs must happen itself.
    fn choose(&self, i: usize, st: &mut Search<'a>, out: &mut Sink<'_>) -> Result<(), Halt> {
        let Some(i) = i.checked_sub(1) else {
            return self.place(st, out);
        };
        let e = self.terms[i];
        let needed = (i + 1..self.terms.len())
            .any(|j| st.happen[self.terms[j]] && self.needs[j].contains(&e));
        if !needed {
            st.happen[e] = false;
            self.choose(i, st, out)?;
        }
        // Of the terminating powers the terms read only through the end of
        // the term, one exercise at a time suffices (see `interchangeable`).
        if self.ends_term[i]
            && (i + 1..self.terms.len()).any(|j| self.ends_term[j] && st.happen[self.terms[j]])
        {
            return Ok(());
        }
        for &region in &self.regions[i] {
            st.happen[e] = true;
            st.region[e] = region;
            if self.may_fit(st, i) {
                self.choose(i, st, out)?;
            }
        }
        st.happen[e] = false;
        Ok(())
    }

    /// Whether the events chosen so far (from `i` on) can still be placed:
    /// the bounds among them that hold in every alternative have a solution.
    /// A bound on an event not yet chosen is left out, so this only prunes
    /// choices that no later choice can save, and keeps the search from
    /// trying every combination of intervals that ordered events cannot take.
    fn may_fit(&self, st: &mut Search<'a>, i: usize) -> bool {
        let decided = |p: usize| self.is_term[p] && self.terms[i..].contains(&p);
        st.chosen.clear();
        for &e in &self.terms[i..] {
            if !st.happen[e] {
                continue;
            }
            for any in &self.atoms[e] {
                let [all] = any.as_slice() else { continue };
                for atom in all {
                    match atom {
                        DAtom::AtLeast { other, .. } if decided(*other) => {
                            if !st.happen[*other] {
                                return false;
                            }
                            st.chosen.push((e, atom));
                        }
                        DAtom::Below { other, .. } if decided(*other) => st.chosen.push((e, atom)),
                        DAtom::AtLeastDay(_) | DAtom::BelowDay(_) => st.chosen.push((e, atom)),
                        _ => {}
                    }
                }
            }
        }
        let mask: Vec<bool> = (0..self.all.len())
            .map(|p| st.happen[p] && decided(p))
            .collect();
        let chosen = std::mem::take(&mut st.chosen);
        let fits = st
            .solver
            .solve(&mask, &st.region, &chosen, self.late)
            .is_some();
        st.chosen = chosen;
        fits
    }

    /// For one choice, picks an alternative of every constraint of every
    /// happening event (events outside the terms happen only where a bound
    /// needs them) and places the events as late as the bounds allow.
    fn place(&self, st: &mut Search<'a>, out: &mut Sink<'_>) -> Result<(), Halt> {
        st.chosen.clear();
        st.pending.clear();
        for &e in self.terms {
            if st.happen[e] {
                st.pending.extend((0..self.atoms[e].len()).map(|k| (e, k)));
            }
        }
        // The sides of the gates first (the last pending is taken first), so
        // that the alternatives of windows that need another side are cut
        // as soon as they are tried, not at the end: a ladder of `K + 1`
        // periods read by several windows stays `K + 1` branches.
        let sides = |&(e, k): &(usize, usize)| {
            self.atoms[e][k]
                .iter()
                .flatten()
                .any(|a| matches!(a, DAtom::GateSide { .. }))
        };
        st.pending.sort_by_key(sides);
        self.branch(st, out)
    }

    fn branch(&self, st: &mut Search<'a>, out: &mut Sink<'_>) -> Result<(), Halt> {
        let Some((e, k)) = st.pending.pop() else {
            // An alternative that needs a gate on one side holds only where
            // the gate's event took that side.
            let agrees = st.chosen.iter().all(|(_, atom)| match atom {
                DAtom::Gate { gate, holds } => st.gates[*gate].unwrap_or(false) == *holds,
                _ => true,
            });
            if !agrees {
                return Ok(());
            }
            let Search {
                happen,
                region,
                chosen,
                solver,
                ..
            } = st;
            if let Some(days) = solver.solve(happen, region, chosen, self.late) {
                let mut scenario = Scenario::never(self.contract);
                for (p, d) in days.iter().enumerate() {
                    if let Some(d) = d {
                        scenario.set(self.all[p], Some(*d));
                    }
                }
                Forced::complete(self.forced, &mut scenario);
                debug_assert!(
                    self.forced.is_some() || scenario.is_consistent(self.contract),
                    "the search placed events against their constraints: {scenario:?}"
                );
                // Only a choice among alternatives can place the events of
                // one choice of regions alike twice.
                let fresh = !self.alternatives || self.seen.borrow_mut().insert(scenario.clone());
                if fresh && scenario.is_consistent(self.contract) {
                    out.found(self.contract, self.day, scenario)?;
                }
            }
            return Ok(());
        };
        let alternatives: &'a [Vec<DAtom>] = &self.atoms[e][k];
        for all in alternatives {
            // A side a gate has already taken (open when its event does not
            // happen) rules out the alternatives that need the other one.
            let against = all.iter().any(|atom| match *atom {
                DAtom::Gate { gate, holds } => {
                    let side = if st.happen[self.gate_events[gate]] {
                        st.gates[gate]
                    } else {
                        Some(false)
                    };
                    side.is_some_and(|side| side != holds)
                }
                _ => false,
            });
            if against {
                continue;
            }
            // An event of the terms keeps its choice; another event happens
            // because this bound needs it.
            let mut added: Vec<usize> = Vec::new();
            let mut possible = true;
            for atom in all {
                if let DAtom::AtLeast { other, .. } = atom {
                    if st.happen[*other] {
                        continue;
                    }
                    if self.is_term[*other] {
                        possible = false;
                        break;
                    }
                    st.happen[*other] = true;
                    st.region[*other] = Day::calendar();
                    added.push(*other);
                }
            }
            if possible {
                let pending = st.pending.len();
                for &o in &added {
                    st.pending.extend((0..self.atoms[o].len()).map(|k| (o, k)));
                }
                let kept = st.chosen.len();
                st.chosen.extend(all.iter().map(|a| (e, a)));
                let mut sides = Vec::new();
                for atom in all {
                    if let DAtom::GateSide { gate, holds } = atom {
                        sides.push((*gate, st.gates[*gate]));
                        st.gates[*gate] = Some(*holds);
                    }
                }
                self.branch(st, out)?;
                for (gate, before) in sides.into_iter().rev() {
                    st.gates[gate] = before;
                }
                st.chosen.truncate(kept);
                st.pending.truncate(pending);
            }
            for o in added {
                st.happen[o] = false;
            }
        }
        st.pending.push((e, k));
        Ok(())
    }
}

/// Why an enumeration stopped before its end.
enum Halt {
    /// A budget ran out.
    Budget(TooManyScenarios),
    /// The caller has what it was looking for.
    Enough,
}

impl From<TooManyScenarios> for Halt {
    fn from(too_many: TooManyScenarios) -> Halt {
        Halt::Budget(too_many)
    }
}

/// A caller looking at each point: its day, its scenario and whether it is
/// real; `true` when it answers the question.
type Visit<'a> = &'a mut dyn FnMut(Day, &Scenario, bool) -> bool;

/// Where the search puts the points it finds: kept, or shown one by one to
/// a caller that stops the search once it has what it needs.
struct Sink<'a> {
    /// The caller's cap on points.
    limit: usize,
    /// Points found so far.
    count: usize,
    /// The points, when the caller keeps them all.
    kept: Vec<(Day, Scenario)>,
    /// The caller looking at each point: `true` stops the search. A point
    /// with an event a run decides on a day no values give it, and no real
    /// point of its type near it, is shown with `false` (not real): `true`
    /// then says it would answer the question, which leaves the question
    /// undecided unless a real point answers it.
    visit: Option<Visit<'a>>,
    /// What the inputs allow (src/semantics/inputs.rs): events the inputs
    /// decide are chosen like any other, on their day or never, and only
    /// the combinations some values of the inputs give are kept.
    realize: Option<super::inputs::Realizer>,
    /// Events runs of periods decide (src/semantics/runs.rs): a point
    /// with one on a day no values give it is replaced by one of the same
    /// type where it is on a period's end.
    runs: Option<super::runs::Runs>,
    /// A point that is not real and no real scenario of its type was
    /// found near it (src/semantics/runs.rs), which would answer the
    /// question (or that no caller could ask): the event and why. The
    /// search goes on, since a real point may still answer the question;
    /// if none does, the question is undecided with this reason.
    unsure: Option<(String, String)>,
}

impl Sink<'_> {
    /// Keeps a point the search found, or reports that the caller's cap of
    /// points is reached, or that the caller has seen enough.
    fn found(&mut self, contract: &Contract, day: Day, scenario: Scenario) -> Result<(), Halt> {
        if self.count >= self.limit {
            return Err(Halt::Budget(TooManyScenarios {
                limit: self.limit,
                renewal: None,
                budget: Exhausted::Scenarios,
            }));
        }
        self.count += 1;
        let scenario = match &self.realize {
            Some(r) => match r.admit(contract, scenario) {
                Some(s) => s,
                None => return Ok(()),
            },
            None => scenario,
        };
        let (day, scenario, unreal) = match &self.runs {
            Some(r) => match r.place(contract, day, scenario.clone()) {
                Ok((day, s)) => (day, s, None),
                Err(why) => (day, scenario, Some(why)),
            },
            None => (day, scenario, None),
        };
        match (&mut self.visit, unreal) {
            (Some(visit), None) => {
                if visit(day, &scenario, true) {
                    return Err(Halt::Enough);
                }
                Ok(())
            }
            (Some(visit), Some(why)) => {
                if visit(day, &scenario, false) {
                    self.unsure.get_or_insert(why);
                }
                Ok(())
            }
            (None, None) => {
                self.kept.push((day, scenario));
                Ok(())
            }
            (None, Some(why)) => {
                self.unsure.get_or_insert(why);
                Ok(())
            }
        }
    }
}

/// The intervals of the calendar cut at the given days (each `g` ends one).
fn regions(mut gs: Vec<Day>) -> Vec<(Day, Day)> {
    let (lo, hi) = Day::calendar();
    gs.sort();
    gs.dedup();
    let mut out = Vec::new();
    let mut start = lo;
    for g in gs {
        if g >= start {
            out.push((start, g));
        }
        start = g.succ();
    }
    if start <= hi {
        out.push((start, hi));
    }
    out
}

/// Representative (day, scenario) points for questions about `terms`: for
/// every day and every consistent scenario there is a point here with the
/// same events of the terms that never happen and the same leaves on or
/// before the day, so every window of the terms contains the day or not
/// alike. Events the terms do not depend on never happen in all of them,
/// except where an event of the terms needs them to happen first.
pub fn points(
    contract: &Contract,
    terms: &[&TimeExpr],
    limit: usize,
) -> Result<Vec<(Day, Scenario)>, TooManyScenarios> {
    points_with(contract, terms, limit, None)
}

/// Where a question reads the end of a term that renews without a limit
/// (or more than the search takes) and is outside what [`points`] decides
/// of it (docs/semantics.md, Lemma 8, and §6.4): the representative points
/// of the same question with the notice that stops the renewal fixed, in
/// time for the initial period and never, each completed with the notice's
/// day and kept only if consistent. They are not every type of point, only candidates: a
/// question that finds its witness among them is decided, the real meaning
/// having been evaluated on it; one that does not stays undecided.
pub fn renewal_witnesses(
    contract: &Contract,
    terms: &[&TimeExpr],
    limit: usize,
) -> Vec<(Day, Scenario)> {
    let mut out = Vec::new();
    let mut seen = FxHashSet::default();
    for forced in readings(contract) {
        if let Ok(points) = points_with(contract, terms, limit, Some(forced)) {
            out.extend(points.into_iter().filter(|p| seen.insert(p.clone())));
        }
    }
    out
}

/// The two readings of a renewing term with the notice fixed: never given,
/// and given on the deadline of the initial period (when that is a day).
fn readings(contract: &Contract) -> Vec<Forced> {
    let Some(term) = &contract.term else {
        return Vec::new();
    };
    let Some((notice, lead)) = term.renewal.as_ref().and_then(|r| r.notice) else {
        return Vec::new();
    };
    // In time for the initial period: on its deadline, when that is a day.
    let deadline = (term.window.until.as_ref())
        .and_then(|u| u.eval(&|_| None))
        .map(|end| crate::model::renewal_deadline(end, lead));
    let mut out = vec![Forced {
        assume: RenewalAssumption::Never,
        notice,
        day: None,
    }];
    if deadline.is_some() {
        out.push(Forced {
            assume: RenewalAssumption::InTime,
            notice,
            day: deadline,
        });
    }
    out
}

/// A renewal read one way ([`RenewalAssumption`]), with the day the notice
/// then takes where the search leaves it out.
#[derive(Debug, Clone, Copy)]
struct Forced {
    assume: RenewalAssumption,
    notice: EventId,
    day: Option<Day>,
}

impl Forced {
    /// The scenario with the notice's day filled in, if the search left it.
    fn complete(forced: Option<Forced>, scenario: &mut Scenario) {
        if let Some(f) = forced {
            if scenario.date(f.notice).is_none() {
                scenario.set(f.notice, f.day);
            }
        }
    }
}

/// Where the search stopped: `Ok` with whether a real point answered, or
/// the budget that ran out, with a point that is not real and would have
/// answered counted as one.
fn outcome(
    searched: Result<(), Halt>,
    unsure: Option<(String, String)>,
    limit: usize,
) -> Result<bool, TooManyScenarios> {
    match (searched, unsure) {
        // A real point answers, whatever the points skipped.
        (Err(Halt::Enough), _) => Ok(true),
        (Ok(()), None) => Ok(false),
        (Ok(()), Some((event, why))) => Err(TooManyScenarios {
            limit,
            renewal: None,
            budget: Exhausted::Run(event, why),
        }),
        (Err(Halt::Budget(too_many)), _) => Err(too_many),
    }
}

fn points_with(
    contract: &Contract,
    terms: &[&TimeExpr],
    limit: usize,
    forced: Option<Forced>,
) -> Result<Vec<(Day, Scenario)>, TooManyScenarios> {
    let mut sink = Sink {
        limit,
        count: 0,
        kept: Vec::new(),
        visit: None,
        realize: None,
        runs: None,
        unsure: None,
    };
    let searched = enumerate(contract, terms, forced, &mut sink);
    // Every point is wanted: one that is not real leaves the list
    // incomplete.
    outcome(searched, sink.unsure.take(), limit)?;
    Ok(sink.kept)
}

/// The representative points of [`points`] for one question, `answers`
/// (at a point's day, in its scenario): the first point that answers it,
/// or `None` when none does, searching no further than that point. A point
/// with an event a run of periods decides on a day no values give it
/// (src/semantics/runs.rs) is replaced by a real one of its type near it;
/// where none was found and the point would answer, the question is
/// undecided unless a real point answers it.
pub fn find_point(
    contract: &Contract,
    terms: &[&TimeExpr],
    limit: usize,
    mut answers: impl FnMut(Day, &Scenario) -> bool,
) -> Result<Option<(Day, Scenario)>, TooManyScenarios> {
    let mut hit = None;
    let mut visit = |day: Day, s: &Scenario, real: bool| {
        if answers(day, s) {
            if real {
                hit = Some((day, s.clone()));
            }
            return true;
        }
        false
    };
    visited(contract, terms, limit, &mut visit)?;
    Ok(hit)
}

/// Shows every representative point to `visit` until it answers: whether
/// a real point answered, or why the question is undecided.
fn visited(
    contract: &Contract,
    terms: &[&TimeExpr],
    limit: usize,
    visit: Visit<'_>,
) -> Result<bool, TooManyScenarios> {
    let mut sink = Sink {
        limit,
        count: 0,
        kept: Vec::new(),
        visit: Some(visit),
        realize: None,
        runs: None,
        unsure: None,
    };
    let searched = enumerate(contract, terms, None, &mut sink);
    outcome(searched, sink.unsure.take(), limit)
}

/// The first scenario of [`scenarios`] (in the same order) that passes
/// `test`, enumerating no further than it: the same answer as searching
/// the whole list, without computing the rest of it.
pub fn find_scenario(
    contract: &Contract,
    terms: &[&TimeExpr],
    limit: usize,
    mut test: impl FnMut(&Scenario) -> bool,
) -> Result<Option<Scenario>, TooManyScenarios> {
    let mut seen: FxHashSet<Scenario> = FxHashSet::default();
    let mut hit = None;
    let mut visit = |_: Day, s: &Scenario, real: bool| {
        if !real {
            return test(s);
        }
        if seen.contains(s) {
            return false;
        }
        seen.insert(s.clone());
        if test(s) {
            hit = Some(s.clone());
            return true;
        }
        false
    };
    visited(contract, terms, limit, &mut visit)?;
    Ok(hit)
}

/// Why the constraints of a question could not be read as bounds, as the
/// budget the caller reports.
fn not_decided(limit: usize, why: Unsupported) -> TooManyScenarios {
    TooManyScenarios {
        limit,
        renewal: None,
        budget: match why {
            Unsupported::MonthsFromEvent => Exhausted::MonthsFromEvent,
            Unsupported::TooManyAlternatives => Exhausted::Windows,
            Unsupported::Renewal => Exhausted::Renewal,
        },
    }
}

/// The leaves, events and bounds of one question ([`prepare`]).
type Prepared = (Leaves, Vec<EventId>, FxHashMap<EventId, Vec<AnyOf>>);

/// What the search of one question reads: the leaves of its terms, every
/// event involved (predecessors first) and their constraints as bounds,
/// with the gates the windows read counted as the terms' own. `horizon` is
/// how many periods of a renewal without a limit are read one by one
/// (docs/semantics.md, Lemma 8); `None` leaves such a renewal undecided.
fn prepare(
    contract: &Contract,
    terms: &[&TimeExpr],
    forced: Option<Forced>,
    horizon: Option<u32>,
    limit: usize,
) -> Result<Prepared, TooManyScenarios> {
    let mut leaves = leaves(terms, horizon);
    if leaves.renewal {
        return Err(TooManyScenarios {
            limit,
            renewal: None,
            budget: Exhausted::Renewal,
        });
    }
    let unsupported = |why: Unsupported| not_decided(limit, why);
    // The gates the windows of the events read count as the terms' own: the
    // events they compare are chosen like the terms' events, and the gates
    // those bring in too, until no new one appears.
    let (relevant, atoms) = loop {
        let relevant = relevant_events(contract, &leaves);
        let mut atoms: FxHashMap<EventId, Vec<AnyOf>> = FxHashMap::default();
        for &e in &relevant {
            let assume = forced.map(|f| f.assume);
            atoms.insert(
                e,
                constraints::of_event(contract, e, assume, horizon).map_err(unsupported)?,
            );
        }
        let mut found: Vec<constraints::Gate> = Vec::new();
        for atom in atoms.values().flatten().flatten().flatten() {
            if let Atom::Gate { gate, .. } = atom {
                if !leaves.gates.contains(gate) && !found.contains(gate) {
                    found.push(gate.clone());
                }
            }
        }
        leaves.gates.extend(found);
        let mut grew = false;
        for gate in &leaves.gates {
            let mut events = vec![gate.event];
            gate.before.events(&mut events);
            for e in events {
                if let std::collections::hash_map::Entry::Vacant(v) = leaves.chains.entry(e) {
                    v.insert(vec![Vec::new()]);
                    grew = true;
                }
            }
        }
        if !grew {
            break (relevant, atoms);
        }
    };
    Ok((leaves, relevant, atoms))
}

/// The horizon of a question that reads the end of a term renewing without
/// a limit (or more than the search takes period by period): its parts
/// read with the renewal cut after its first period, which adds no day
/// beyond the initial end and its deadline (see [`super::renewal`]).
pub(crate) fn question_horizon(
    contract: &Contract,
    terms: &[&TimeExpr],
) -> Result<Option<u32>, NoHorizon> {
    let _calendar = super::business::enter(&contract.calendar);
    let (leaves, relevant, atoms) =
        prepare(contract, terms, None, Some(0), usize::MAX).map_err(|_| NoHorizon::Windows)?;
    super::renewal::horizon(
        contract,
        &super::renewal::Question {
            terms,
            constants: &leaves.constants,
            chains: &leaves.chains,
            relevant: &relevant,
            atoms: &atoms,
        },
    )
}

/// The search behind [`points`]: every representative point, each given to
/// `out` in turn. A question that reads a renewal without a limit (or with
/// more renewals than the search takes one by one) is searched again with
/// the horizon Lemma 8 gives it (docs/semantics.md §6.2), or stays
/// undecided with the reason; no other question pays for it.
fn enumerate(
    contract: &Contract,
    terms: &[&TimeExpr],
    forced: Option<Forced>,
    out: &mut Sink<'_>,
) -> Result<(), Halt> {
    // Business days in chains count with this contract's calendar.
    let _calendar = super::business::enter(&contract.calendar);
    match enumerate_within(contract, terms, forced, None, out) {
        Err(Halt::Budget(too_many))
            if too_many.budget == Exhausted::Renewal && forced.is_none() =>
        {
            let horizon = match question_horizon(contract, terms) {
                Ok(Some(horizon)) => horizon,
                Ok(None) => return Err(Halt::Budget(too_many)),
                Err(why) => {
                    return Err(Halt::Budget(TooManyScenarios {
                        renewal: Some(why),
                        ..too_many
                    }))
                }
            };
            // The notice never given, then given in time for the initial
            // period, first: where one of those answers the question, it
            // is the telling scenario (no period beyond the first to
            // follow), as it was before the horizon; the cut ladder then
            // decides the rest. A budget that runs out on the way leaves
            // the question where it was: undecided for its renewal, which
            // the callers still search for witnesses with the notice fixed.
            for reading in readings(contract) {
                if let Err(halt) = enumerate_within(contract, terms, Some(reading), None, out) {
                    return Err(match halt {
                        Halt::Budget(_) => Halt::Budget(TooManyScenarios {
                            renewal: Some(NoHorizon::Budget(horizon)),
                            ..too_many
                        }),
                        enough => enough,
                    });
                }
            }
            match enumerate_within(contract, terms, None, Some(horizon), out) {
                Err(Halt::Budget(_)) => Err(Halt::Budget(TooManyScenarios {
                    renewal: Some(NoHorizon::Budget(horizon)),
                    ..too_many
                })),
                other => other,
            }
        }
        other => other,
    }
}

/// [`enumerate`] with a renewal without a limit read through `horizon`.
fn enumerate_within(
    contract: &Contract,
    terms: &[&TimeExpr],
    forced: Option<Forced>,
    horizon: Option<u32>,
    out: &mut Sink<'_>,
) -> Result<(), Halt> {
    let limit = out.limit;
    let assumed: Vec<TimeExpr>;
    let terms: Vec<&TimeExpr> = match forced {
        Some(f) => {
            assumed = terms.iter().map(|t| t.assuming(f.assume)).collect();
            assumed.iter().collect()
        }
        None => terms.to_vec(),
    };
    let terms = terms.as_slice();
    let (leaves, relevant, mut atoms) = prepare(contract, terms, forced, horizon, limit)?;
    let unsupported = |why: Unsupported| not_decided(limit, why);
    // Events the inputs decide are chosen like any other, on their day or
    // never; only the combinations some values of the inputs give are kept
    // (src/semantics/inputs.rs).
    out.realize = super::inputs::Realizer::new(contract, &relevant).map_err(|(event, why)| {
        Halt::Budget(TooManyScenarios {
            limit,
            renewal: None,
            budget: Exhausted::Inputs(event, why),
        })
    })?;
    out.runs = super::runs::Runs::new(contract, &relevant, terms).map_err(|(event, why)| {
        Halt::Budget(TooManyScenarios {
            limit,
            renewal: None,
            budget: Exhausted::Run(event, why),
        })
    })?;
    // Each gate's sides are one constraint of its event; the rungs of a
    // renewal's ladder are chosen together, as one constraint of the notice.
    let mut ladders: Vec<&TimeExpr> = Vec::new();
    for gate in &leaves.gates {
        let sides = match &gate.ladder {
            None => constraints::gate_sides(gate, horizon).map_err(unsupported)?,
            Some(renewed) if !ladders.contains(&&**renewed) => {
                ladders.push(renewed);
                constraints::ladder_sides(renewed, horizon).map_err(unsupported)?
            }
            Some(_) => continue,
        };
        atoms.entry(gate.event).or_default().push(sides);
    }
    // Bounds that count months between events: the comparisons the days
    // must tell apart (docs/semantics.md §6.3, "Months between events").
    let links = super::links::links(&atoms, &leaves.chains).map_err(unsupported)?;
    let thresholds = memo::thresholds(&atoms).ok_or(TooManyScenarios {
        limit,
        renewal: None,
        budget: Exhausted::Windows,
    })?;
    // The events the terms name are chosen region by region; the others
    // only happen where a bound needs them.
    let events: Vec<EventId> = relevant
        .iter()
        .copied()
        .filter(|e| leaves.chains.contains_key(e))
        .collect();
    let ends_term = interchangeable(contract, terms, &atoms);
    let no_chains = vec![Vec::new()];
    // Where a leaf of an event reaches a bound its windows imply, which
    // intervals can hold the event changes: those days cut the cells too.
    let mut extra: Vec<Day> = Vec::new();
    let mut constants: Vec<Day> = Vec::new();
    for (e, list) in &thresholds {
        let chains = leaves.chains.get(e).unwrap_or(&no_chains);
        for &t in list {
            let t = Day(t.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
            constants.push(t);
            for c in chains {
                for d in [t.pred(), t, t.succ()] {
                    extra.push(apply(d, c));
                }
            }
        }
    }
    let mut needs = Vec::with_capacity(events.len());
    for e in &events {
        let mut list: Vec<EventId> = Vec::new();
        for any in atoms.get(e).map(Vec::as_slice).unwrap_or(&[]) {
            let Some(first) = any.first() else { continue };
            for atom in first {
                if let Atom::AtLeast { other, .. } = atom {
                    let everywhere = any.iter().all(|all| {
                        all.iter()
                            .any(|a| matches!(a, Atom::AtLeast { other: o, .. } if o == other))
                    });
                    if everywhere && !list.contains(other) {
                        list.push(*other);
                    }
                }
            }
        }
        needs.push(list);
    }
    let widest = constraints::widest_shift(&atoms);
    let total: i64 = atoms
        .values()
        .flatten()
        .flatten()
        .flatten()
        .map(|a| match *a {
            Atom::AtLeast { shift, .. } | Atom::Below { shift, .. } => shift.abs() + 1,
            _ => 0,
        })
        .sum();
    // Events that only follow each other (the language before windows) are
    // placed in one pass; the general search gives the same types.
    let ordered_only = leaves.gates.is_empty()
        && relevant
            .iter()
            .all(|e| contract.event(*e).windows.is_empty());
    let reach = relevant.len() as i64 + 1 + if ordered_only { 0 } else { total };
    let quiet = contract.effective().unwrap_or_else(quiet_day);
    let (_, cal_hi) = Day::calendar();
    let slack = (relevant.len() as i64 + 1) * widest.max(1);
    let position: FxHashMap<EventId, usize> =
        relevant.iter().enumerate().map(|(i, e)| (*e, i)).collect();
    let mut successors = vec![Vec::new(); relevant.len()];
    for (j, e) in relevant.iter().enumerate() {
        for &(p, strict) in &contract.event(*e).after {
            if let Some(&i) = position.get(&p) {
                successors[i].push((j, strict));
            }
        }
    }
    let relevant_gs = |day: Day| -> Vec<Vec<Day>> {
        relevant
            .iter()
            .map(|e| {
                let chains = leaves.chains.get(e).unwrap_or(&no_chains);
                chains
                    .iter()
                    .filter_map(|c| last_at_or_before(c, day, unapply(day, c)))
                    .collect()
            })
            .collect()
    };
    let latest_g = |day: Day| -> Day {
        relevant_gs(day)
            .iter()
            .flatten()
            .copied()
            .fold(day, Day::max)
    };
    // The same constraints by position in `relevant`, for the search.
    let position: FxHashMap<EventId, usize> =
        relevant.iter().enumerate().map(|(i, e)| (*e, i)).collect();
    let at = |e: &EventId| position.get(e).copied().unwrap_or(0);
    let gate_id = |g: &constraints::Gate| leaves.gates.iter().position(|x| x == g).unwrap_or(0);
    let dense: Vec<Vec<Vec<Vec<DAtom>>>> = relevant
        .iter()
        .map(|e| {
            atoms.get(e).map_or_else(Vec::new, |constraints| {
                constraints
                    .iter()
                    .map(|any| {
                        any.iter()
                            .map(|all| all.iter().map(|a| DAtom::of(a, &at, &gate_id)).collect())
                            .collect()
                    })
                    .collect()
            })
        })
        .collect();
    let gate_events: Vec<usize> = leaves.gates.iter().map(|g| at(&g.event)).collect();
    let term_positions: Vec<usize> = events.iter().map(&at).collect();
    let mut is_term = vec![false; relevant.len()];
    for &p in &term_positions {
        is_term[p] = true;
    }
    let dense_needs: Vec<Vec<usize>> = needs
        .iter()
        .map(|list| list.iter().map(&at).collect())
        .collect();
    let dense_ends_term: Vec<bool> = events.iter().map(|e| ends_term.contains(e)).collect();
    let alternatives = dense.iter().flatten().any(|any| any.len() > 1);
    for day in representative_days(&leaves, &extra, quiet, reach, limit, &links)? {
        let gs: Vec<Vec<Day>> = events
            .iter()
            .map(|e| {
                let chains = leaves.chains.get(e).unwrap_or(&no_chains);
                chains
                    .iter()
                    .filter_map(|c| last_at_or_before(c, day, unapply(day, c)))
                    .collect()
            })
            .collect();
        let latest = gs
            .iter()
            .flatten()
            .chain(constants.iter().filter(|c| c.in_calendar()))
            .copied()
            .fold(day, Day::max);
        let late = Day((i64::from(latest.0) + slack).min(i64::from(cal_hi.0)) as i32);
        if ordered_only {
            let search = Ordered {
                contract,
                events: &relevant,
                regions: relevant_gs(day).into_iter().map(regions).collect(),
                successors: successors.clone(),
                late: Day(latest_g(day).0.saturating_add(relevant.len() as i32 + 1)).min(cal_hi),
                day,
                forced,
            };
            let mut dates = vec![None; relevant.len()];
            search.place(relevant.len(), &mut dates, out)?;
            continue;
        }
        let search = AtDay {
            contract,
            all: &relevant,
            terms: &term_positions,
            regions: gs.into_iter().map(regions).collect(),
            atoms: &dense,
            needs: &dense_needs,
            ends_term: &dense_ends_term,
            is_term: &is_term,
            late,
            day,
            seen: Default::default(),
            alternatives,
            gate_events: &gate_events,
            forced,
        };
        let mut st = Search {
            happen: vec![false; relevant.len()],
            region: vec![Day::calendar(); relevant.len()],
            chosen: Vec::new(),
            pending: Vec::new(),
            solver: constraints::Solver::default(),
            gates: vec![None; leaves.gates.len()],
        };
        search.choose(term_positions.len(), &mut st, out)?;
    }
    Ok(())
}

/// The exercises of terminating powers that the terms read only through
/// the end of the term (`first(written end, effect of each power)`, as a
/// whole, possibly shifted) and that no window needs as a lower bound.
/// Every window of the terms then depends on them only through the earliest
/// effect, so a scenario in which several are exercised realises what the
/// one whose effect comes first realises alone: the others never happening
/// only drops bounds (their own windows, and upper bounds on them), and the
/// earliest effect, every other leaf and every other event stay as they
/// were. The search exercises at most one of them (docs/semantics.md §6.2).
fn interchangeable(
    contract: &Contract,
    terms: &[&TimeExpr],
    atoms: &FxHashMap<EventId, Vec<AnyOf>>,
) -> Vec<EventId> {
    let Some(end) = contract.term_end() else {
        return Vec::new();
    };
    let mut group: Vec<EventId> = contract
        .powers
        .iter()
        .filter(|p| p.kind == crate::syntax::ast::PowerKind::Terminate)
        .map(|p| p.event)
        .collect();
    // Events named anywhere but inside the whole end of the term.
    fn outside(t: &TimeExpr, end: &TimeExpr, out: &mut Vec<EventId>) {
        if t == end {
            return;
        }
        match t {
            TimeExpr::Day(_) => {}
            TimeExpr::Event(e) => out.push(*e),
            TimeExpr::Offset { base, .. } | TimeExpr::BusinessDays { base, .. } => {
                outside(base, end, out)
            }
            TimeExpr::Renewed {
                end: base, notice, ..
            } => {
                outside(base, end, out);
                out.push(*notice);
            }
            TimeExpr::Unless {
                point,
                event,
                before,
            } => {
                outside(point, end, out);
                outside(before, end, out);
                out.push(*event);
            }
            TimeExpr::First(items) | TimeExpr::Last(items) => {
                items.iter().for_each(|i| outside(i, end, out))
            }
        }
    }
    let mut elsewhere = Vec::new();
    for t in terms {
        outside(t, &end, &mut elsewhere);
    }
    for atom in atoms.values().flatten().flatten().flatten() {
        if let Atom::AtLeast { other, .. } = atom {
            elsewhere.push(*other);
        }
    }
    group.retain(|e| !elsewhere.contains(e));
    group
}

/// Representative scenarios for questions about `terms`: combined with
/// [`days`], every (day, scenario) type of [`points`] occurs. `limit` caps
/// the points enumerated on the way, as in [`points`].
pub fn scenarios(
    contract: &Contract,
    terms: &[&TimeExpr],
    limit: usize,
) -> Result<Vec<Scenario>, TooManyScenarios> {
    let mut seen = FxHashSet::default();
    Ok(points(contract, terms, limit)?
        .into_iter()
        .map(|(_, s)| s)
        .filter(|s| seen.insert(s.clone()))
        .collect())
}

/// Representative days for `terms` in one scenario: every calendar day a term
/// or one of its parts resolves to, every event day, and the day before the
/// earliest. Between two consecutive days of the list nothing about the terms
/// changes.
pub fn days(terms: &[&TimeExpr], scenario: &Scenario) -> Vec<Day> {
    fn walk(t: &TimeExpr, scenario: &Scenario, out: &mut Vec<Day>) {
        if let Some(d) = t.eval(&scenario.event_day()) {
            out.push(d);
        }
        match t {
            TimeExpr::Offset { base, .. }
            | TimeExpr::BusinessDays { base, .. }
            | TimeExpr::Renewed { end: base, .. } => walk(base, scenario, out),
            TimeExpr::Unless { point, before, .. } => {
                walk(point, scenario, out);
                walk(before, scenario, out);
            }
            TimeExpr::First(items) | TimeExpr::Last(items) => {
                items.iter().for_each(|i| walk(i, scenario, out))
            }
            TimeExpr::Day(_) | TimeExpr::Event(_) => {}
        }
    }
    let mut out = Vec::new();
    for t in terms {
        walk(t, scenario, &mut out);
    }
    out.extend(scenario.dates.iter().flatten().copied());
    // Sentinels beyond the calendar are before or after every real day.
    out.retain(|d| d.in_calendar());
    out.sort();
    out.dedup();
    let (cal_lo, _) = Day::calendar();
    match out.first() {
        Some(&first) if first > cal_lo => out.insert(0, first.pred()),
        Some(_) => {}
        None => out.push(quiet_day()),
    }
    out
}

/// Any day serves where no term names one; this one is easy to read in output.
fn quiet_day() -> Day {
    Day::from_ymd(2000, 1, 1).unwrap_or(Day(730_120))
}
