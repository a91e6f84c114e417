//! How many periods of a renewal without a limit one question must tell
//! apart: the horizon `K` of docs/semantics.md §6.2, "Renewal without a
//! limit" (Lemma 8).
//!
//! A notice that stops a renewal in a period far beyond every fixed date of
//! the question, and beyond the reach of every offset, realises nothing a
//! notice some periods earlier does not: everything that lies above a wide
//! enough gap (the notice, the period's end, the events near them and
//! perhaps the day) can be moved back by whole periods, and every bound the
//! question reads keeps its truth. This module computes how far out that
//! holds for one question, from the question's own constants, events and
//! offsets, and so how many periods the search must take one by one; the
//! search itself is [`super::constraints::ladder`] with that many rungs.
//!
//! Business days counted from events are inside: the moves are then whole
//! weeks, made above the last holiday, so that every count of business
//! days among the moved days keeps its value (a mirror looks further back
//! for a period a whole number of weeks earlier, and the notice's cluster
//! may first move a week up). Months and years counted from events, an
//! initial end counted from an event, and periods or a notice in business
//! days are outside ([`NoHorizon`] says which).

use rustc_hash::FxHashMap;

use super::constraints::{linear_shift, AnyOf, Atom, Chain, MOST_RENEWALS};
use super::points::{apply, reach_days};
use crate::model::{renewal_deadline, Contract, Day, EventId, TimeExpr};
use crate::syntax::ast::TimeUnit;

/// The parts of a question the horizon depends on, as the search reads
/// them with the renewal cut after its first period, the notice then never
/// coming (so that no later period's day, nor the last one of a limit,
/// counts as the question's own constant).
pub(crate) struct Question<'a> {
    /// The windows' points the question reads.
    pub terms: &'a [&'a TimeExpr],
    /// The literal days among the leaves of the terms.
    pub constants: &'a [Day],
    /// The chains of offsets the terms apply to each event.
    pub chains: &'a FxHashMap<EventId, Vec<Chain>>,
    /// Every event the question involves.
    pub relevant: &'a [EventId],
    /// The constraints of those events, as bounds.
    pub atoms: &'a FxHashMap<EventId, Vec<AnyOf>>,
}

/// Why a question that reads a renewal without a limit (or with more
/// than 48 renewals) is not decided exactly: what puts it
/// outside Lemma 8 (docs/semantics.md §6.2 and §6.4), or past the search's
/// budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoHorizon {
    /// The initial period does not end on a date: its end counts from an
    /// event, so the periods' ends differ from one scenario to another.
    InitialEnd,
    /// An offset or a window of the question counts months or years from
    /// an event: a month's length depends on where the day lies, and no
    /// move short of 400 years keeps it for every day.
    MonthsFromEvent,
    /// The periods or the notice's lead count business days.
    BusinessPeriods,
    /// The periods (with the offsets read from their ends and the
    /// holidays) repeat only after more periods than the search scans, or
    /// reach the calendar's ends.
    Calendar,
    /// The windows of the question's events are past the search's budgets
    /// even with the renewal cut after its first period.
    Windows,
    /// The question needs this many periods told apart, more than
    /// 48, the most the search takes period by period.
    TooFar(u64),
    /// The search of this many periods ran past its other budgets.
    Budget(u32),
}

impl NoHorizon {
    /// What keeps the question from the exact search, in words, to follow
    /// "this question is outside that: ".
    pub fn words(&self) -> String {
        match self {
            NoHorizon::InitialEnd => {
                "the initial period ends on a day counted from an event".to_string()
            }
            NoHorizon::MonthsFromEvent => {
                "an offset or window counts months or years from an event".to_string()
            }
            NoHorizon::BusinessPeriods => {
                "the periods or the notice count business days".to_string()
            }
            NoHorizon::Calendar => "its periods repeat with the calendar only after more \
                 periods than the search scans"
                .to_string(),
            NoHorizon::Windows => {
                "the windows of its events are past the search's budgets".to_string()
            }
            NoHorizon::TooFar(k) => format!("it must tell apart {k} periods"),
            NoHorizon::Budget(k) => {
                format!("the search of its {k} periods runs past the other budgets")
            }
        }
    }
}

/// The number `K` of periods of the question's renewing term, counted from
/// the initial one, that a notice can stop and still be told apart from a
/// notice in an earlier period (docs/semantics.md, Lemma 8): a notice in
/// any period from `K` on realises only what one in a period below `K`
/// does. `None` inside the result: the question reads no renewal.
pub(crate) fn horizon(contract: &Contract, q: &Question<'_>) -> Result<Option<u32>, NoHorizon> {
    let mut found: Option<&TimeExpr> = None;
    let mut above: Vec<Chain> = Vec::new();
    let windows = (q.relevant.iter())
        .flat_map(|e| &contract.event(*e).windows)
        .flat_map(|w| w.window.from.iter().chain(&w.window.until));
    for t in q.terms.iter().copied().chain(windows) {
        renewed_in(t, &mut Vec::new(), &mut found, &mut above);
    }
    let Some(TimeExpr::Renewed {
        end, period, lead, ..
    }) = found
    else {
        return Ok(None);
    };
    // The initial end is a date: the periods' ends are days, the same in
    // every scenario.
    let mut named = Vec::new();
    end.events(&mut named);
    let e0 = match end.eval(&|_| None) {
        Some(d) if named.is_empty() && d.in_calendar() => d,
        _ => return Err(NoHorizon::InitialEnd),
    };
    // Offsets from events: days, weeks or business days, and the widest of
    // them. A chain that counts business days moves a day by at most the
    // span of its business days (`reach_days`, over every day, the days
    // near the holidays included); it makes the search's moves whole weeks
    // (`weekly`), which keep every count away from the holidays.
    let mut widest: i64 = 1;
    let mut weekly = false;
    for chains in q.chains.values() {
        for chain in chains {
            let (reach, business) = reach_from_event(chain)?;
            widest = widest.max(reach);
            weekly |= business;
        }
    }
    let mut fixed: i64 = i64::from(e0.0);
    for d in q.constants.iter().filter(|d| d.in_calendar()) {
        fixed = fixed.max(i64::from(d.0));
    }
    for atom in q.atoms.values().flatten().flatten().flatten() {
        match atom {
            Atom::AtLeastDay(d) | Atom::BelowDay(d) => {
                if d.in_calendar() {
                    fixed = fixed.max(i64::from(d.0));
                }
            }
            Atom::AtLeast {
                shift, chain: None, ..
            }
            | Atom::Below {
                shift, chain: None, ..
            } => widest = widest.max(shift.abs()),
            Atom::AtLeast {
                shift,
                chain: Some(chain),
                ..
            }
            | Atom::Below {
                shift,
                chain: Some(chain),
                ..
            } => {
                let (reach, business) = reach_from_event(chain)?;
                widest = widest.max(shift.abs().saturating_add(reach));
                weekly |= business;
            }
            Atom::Gate { .. } | Atom::GateSide { .. } => {}
        }
    }
    // Business days count alike on days a whole number of weeks apart only
    // away from the holidays: every day the search moves lies above the
    // last holiday that changes a count, by more than any chain's reach.
    if weekly {
        if let Some(h) = super::business::horizon() {
            fixed = fixed.max(i64::from(h.0).saturating_add(widest));
        }
    }
    let periods = Periods::new(end, *period, *lead, above, weekly)?;
    fixed = fixed.max(periods.deadline(0)?);
    // The events of the question and the day are the values that may lie
    // between the fixed days and the notice, `n + 1` of them. Each cluster
    // of them (values at most `M'` apart) can slide on its own, so they fit
    // within `(n + 1)(M' + 1)` days above the fixed ones, and the notice's
    // cluster reaches at most `(n + 1) M'` below the lowest day of its
    // period it reads (docs/semantics.md, Lemma 8). When business days are
    // counted from events every move is a whole number of weeks: a cluster
    // slides to within `M'' + 7` days of the one below, clusters are `M'' =
    // M' + 7` apart, and the notice's cluster can move a week up.
    let values = q.relevant.len() as i64 + 1;
    let apart = widest + 1 + if weekly { WEEK } else { 0 };
    let slide = if weekly { WEEK } else { 1 };
    let room = weekly.then(|| 2 * WEEK + values * apart);
    let (first, step, reach) = periods.steps(room)?;
    let high = fixed + reach + values * (2 * apart + slide) + apart + step;
    // The deadlines never decrease: the first period whose notices all
    // lie above `high`, by doubling and halving.
    let above_high = |k: u64| periods.deadline(k - 1).map(|c| c >= high);
    let mut hi = first.max(1);
    while !above_high(hi)? {
        hi *= 2;
    }
    let mut lo = (hi / 2).max(first.max(1)) - 1;
    // Invariant: period `lo` may not be past the horizon, `hi` is.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if above_high(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let k = hi;
    if k > u64::from(MOST_RENEWALS) {
        return Err(NoHorizon::TooFar(k));
    }
    Ok(Some(k as u32))
}

/// How far a chain of offsets counted from an event can move a day (at
/// least its exact shift for days and weeks), and whether it counts
/// business days; `MonthsFromEvent` when it counts months or years, which Lemma 8
/// does not cover (docs/semantics.md §6.4: a month's length depends on
/// where the day lies, and no move short of 400 years keeps it for every
/// day).
fn reach_from_event(chain: &[(u32, TimeUnit, bool)]) -> Result<(i64, bool), NoHorizon> {
    if let Some(shift) = linear_shift(chain) {
        return Ok((shift.abs(), false));
    }
    if chain
        .iter()
        .any(|(_, u, _)| matches!(u, TimeUnit::Month | TimeUnit::Year))
    {
        return Err(NoHorizon::MonthsFromEvent);
    }
    Ok((reach_days(chain), true))
}

/// Finds the renewing end in `t`, with the chains of offsets applied above
/// it (innermost first).
fn renewed_in<'t>(
    t: &'t TimeExpr,
    steps: &mut Vec<(u32, TimeUnit, bool)>,
    found: &mut Option<&'t TimeExpr>,
    above: &mut Vec<Chain>,
) {
    match t {
        TimeExpr::Day(_) | TimeExpr::Event(_) => {}
        TimeExpr::Offset {
            base,
            amount,
            unit,
            forward,
        } => {
            steps.push((*amount, *unit, *forward));
            renewed_in(base, steps, found, above);
            steps.pop();
        }
        // The contract's own calendar, which the search has entered.
        TimeExpr::BusinessDays {
            base,
            amount,
            forward,
            ..
        } => {
            steps.push((*amount, TimeUnit::BusinessDay, *forward));
            renewed_in(base, steps, found, above);
            steps.pop();
        }
        // Every item is walked: each may read the renewal with chains of
        // its own.
        TimeExpr::First(items) | TimeExpr::Last(items) => {
            for i in items {
                renewed_in(i, steps, found, above);
            }
        }
        TimeExpr::Unless { point, before, .. } => {
            renewed_in(point, steps, found, above);
            renewed_in(before, &mut Vec::new(), found, above);
        }
        TimeExpr::Renewed { end, .. } => {
            found.get_or_insert(t);
            let chain: Chain = steps.iter().rev().copied().collect();
            if !above.contains(&chain) {
                above.push(chain);
            }
            renewed_in(end, &mut Vec::new(), found, above);
        }
    }
}

/// The periods of one renewal: their ends `E_k`, deadlines `c_k` and the
/// days the offsets written above the renewed end move `E_k` to.
struct Periods<'a> {
    end: &'a TimeExpr,
    period: (u32, TimeUnit),
    lead: (u32, TimeUnit),
    /// The chains of offsets above the renewed end (the empty one, the end
    /// itself, always among them).
    above: Vec<Chain>,
    /// How many periods the calendar takes to repeat for all of these: 1
    /// when everything counts days or weeks, and the weekdays do not
    /// matter.
    cycle: u64,
    /// Whether a period may only mirror another a whole number of weeks
    /// away: business days are counted from events.
    weekly: bool,
    /// Whether business days are counted from the renewed end: the days
    /// the periods read repeat with the calendar only past the holidays.
    business_above: bool,
}

/// The most periods one calendar cycle of a renewal may have for the search
/// to scan it (a month's renewal repeats after 4,800 periods).
const MOST_CYCLE: u64 = 4_800;

/// Days in a week: business days count alike on days a whole number of
/// weeks apart, away from the holidays.
const WEEK: i64 = 7;

/// How far back the search looks for an earlier period a later one mirrors.
const MOST_BACK: u64 = 64;

impl<'a> Periods<'a> {
    fn new(
        end: &'a TimeExpr,
        period: (u32, TimeUnit),
        lead: (u32, TimeUnit),
        mut above: Vec<Chain>,
        weekly: bool,
    ) -> Result<Periods<'a>, NoHorizon> {
        if !above.contains(&Vec::new()) {
            above.push(Vec::new());
        }
        let counts_months = |unit: TimeUnit| matches!(unit, TimeUnit::Month | TimeUnit::Year);
        if period.1 == TimeUnit::BusinessDay || lead.1 == TimeUnit::BusinessDay || period.0 == 0 {
            return Err(NoHorizon::BusinessPeriods);
        }
        // Business days counted from the renewed end are read exactly, each
        // period's own; they repeat with the weekdays once past the holidays.
        let business_above = above.iter().flatten().any(|s| s.1 == TimeUnit::BusinessDay);
        let calendar = counts_months(period.1)
            || counts_months(lead.1)
            || above.iter().flatten().any(|s| counts_months(s.1));
        // The calendar repeats every 400 years: 4,800 months, 146,097 days
        // (a whole number of weeks). Periods of days or weeks alone repeat
        // their weekdays every `7 / gcd(days, 7)` periods.
        let days = u64::from(period.0) * if period.1 == TimeUnit::Week { 7 } else { 1 };
        let cycle = if !calendar {
            if weekly || business_above {
                7 / gcd(days, 7)
            } else {
                1
            }
        } else if counts_months(period.1) {
            let months = u64::from(period.0) * if period.1 == TimeUnit::Year { 12 } else { 1 };
            4_800 / gcd(months, 4_800)
        } else {
            146_097 / gcd(days, 146_097)
        };
        if cycle > MOST_CYCLE {
            return Err(NoHorizon::Calendar);
        }
        Ok(Periods {
            end,
            period,
            lead,
            above,
            cycle,
            weekly,
            business_above,
        })
    }

    /// `E_k`, as [`crate::model::renewed_end`] steps it.
    fn end(&self, k: u64) -> Result<i64, NoHorizon> {
        let k = u32::try_from(k).map_err(|_| NoHorizon::Calendar)?;
        TimeExpr::period_end(self.end.clone(), self.period, k)
            .and_then(|e| e.eval(&|_| None))
            .filter(|d| d.in_calendar())
            .map(|d| i64::from(d.0))
            .ok_or(NoHorizon::Calendar)
    }

    /// `c_k`, the last day a notice is in time for period `k`.
    fn deadline(&self, k: u64) -> Result<i64, NoHorizon> {
        let e = self.end(k)?;
        let c = renewal_deadline(Day(e as i32), self.lead);
        if c.in_calendar() {
            Ok(i64::from(c.0))
        } else {
            Err(NoHorizon::Calendar)
        }
    }

    /// The days the offsets above the end move `E_k` to.
    fn read(&self, k: u64) -> Result<Vec<i64>, NoHorizon> {
        let e = Day(self.end(k)? as i32);
        self.above
            .iter()
            .map(|c| {
                let d = apply(e, c);
                if d.in_calendar() {
                    Ok(i64::from(d.0))
                } else {
                    Err(NoHorizon::Calendar)
                }
            })
            .collect()
    }

    /// The first period from which the days the periods read repeat with
    /// the calendar: 0, or, when business days are counted from the renewed
    /// end, the first whose end lies further above the last holiday that
    /// changes a count than those business days reach (below it the reads
    /// are a finite table, scanned period by period).
    fn settled(&self) -> Result<u64, NoHorizon> {
        let Some(holiday) = super::business::horizon().filter(|_| self.business_above) else {
            return Ok(0);
        };
        let reach = self.above.iter().map(|c| reach_days(c)).max().unwrap_or(0);
        let beyond = i64::from(holiday.0) + reach + 1;
        let mut k = 0;
        while self.end(k)? <= beyond {
            k += 1;
            if k > MOST_CYCLE {
                return Err(NoHorizon::Calendar);
            }
        }
        Ok(k)
    }

    /// The first period from which every period mirrors an earlier one
    /// (period 1 or later), the widest such move `D`, and how far below
    /// the notice the days it reads reach (`B`), over every period from
    /// there on: the periods repeat with the calendar after `cycle` of
    /// them, so scanning two cycles (and the look back) sees every case.
    ///
    /// Period `k` mirrors period `k − j` when a notice in it can be moved
    /// back there with everything near it, by `Δ = E_k − E_(k−j)` days:
    /// the deadline moves to the deadline, the previous deadline no lower
    /// than the one before period `k − j` (so that the notice stays late
    /// for every earlier period), and each offset above the end to its own
    /// value there. With business days counted from events `Δ` is a
    /// whole number of weeks, and the previous deadline may be up to a
    /// week lower when the days period `k` reads lie more than `room` days
    /// above it: a notice in the first week of the period is first moved
    /// up a week with its cluster, which reaches no day the period reads.
    fn steps(&self, room: Option<i64>) -> Result<(u64, i64, i64), NoHorizon> {
        let base = self.settled()?;
        let last = base + 2 * self.cycle + MOST_BACK;
        let mut ends = Vec::with_capacity(last as usize + 1);
        let mut deadlines = Vec::with_capacity(last as usize + 1);
        let mut reads = Vec::with_capacity(last as usize + 1);
        for k in 0..=last {
            ends.push(self.end(k)?);
            deadlines.push(self.deadline(k)?);
            reads.push(self.read(k)?);
        }
        let mirror = |k: usize, j: usize| -> Option<i64> {
            let delta = ends[k] - ends[k - j];
            if self.weekly && delta % 7 != 0 {
                return None;
            }
            let deadline = deadlines[k] - delta == deadlines[k - j];
            let lowest = reads[k].iter().copied().fold(deadlines[k], i64::min);
            let earlier = deadlines[k - 1] - delta >= deadlines[k - j - 1]
                || room.is_some_and(|room| {
                    deadlines[k - 1] + WEEK - delta >= deadlines[k - j - 1]
                        && lowest - deadlines[k - 1] > room
                });
            let read = (reads[k].iter().zip(&reads[k - j])).all(|(a, b)| a - delta == *b);
            (deadline && earlier && read).then_some(delta)
        };
        let back = MOST_BACK.min(self.cycle) as usize;
        let mut moves: Vec<Option<i64>> = Vec::with_capacity(last as usize);
        let mut reach: Vec<i64> = Vec::with_capacity(last as usize);
        for k in 1..=last as usize {
            moves.push((1..k.min(back + 1)).find_map(|j| mirror(k, j)));
            let lowest = reads[k].iter().copied().min().unwrap_or(0);
            reach.push((deadlines[k] - lowest).max(0));
        }
        // A period with no earlier mirror past the first cycle has such
        // periods for ever after.
        let stuck = moves.iter().rposition(Option::is_none);
        if stuck.is_some_and(|i| i as u64 + 1 > base + self.cycle + MOST_BACK) {
            return Err(NoHorizon::Calendar);
        }
        let first = stuck.map_or(1, |i| i as u64 + 2);
        let from = (first - 1) as usize;
        let step = moves[from..].iter().flatten().copied().max().unwrap_or(0);
        let below = reach[from..].iter().copied().max().unwrap_or(0);
        Ok((first, step, below))
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::load_contract_text;

    /// The horizon of the question that reads the term's end and the given
    /// windows' events.
    fn horizon_of(text: &str) -> Result<Option<u32>, NoHorizon> {
        let c = load_contract_text(text);
        let end = c.term_end().expect("a term with an end");
        let terms = [&end];
        super::super::points::question_horizon(&c, &terms)
    }

    /// The horizon of the question that reads the term's end and the day
    /// of the event named `event`.
    fn horizon_with(text: &str, event: &str) -> Result<Option<u32>, NoHorizon> {
        let c = load_contract_text(text);
        let e = c
            .event_ids()
            .find(|e| c.event(*e).named.name == event)
            .unwrap();
        let end = c.term_end().expect("a term with an end");
        let at = TimeExpr::Event(e);
        let terms = [&end, &at];
        super::super::points::question_horizon(&c, &terms)
    }

    const HEAD: &str = "contract \"h\" effective 2019-01-01\nparty p\nevent nr by p\n";

    #[test]
    fn day_periods_mirror_one_period_back() {
        // Only the initial end and its deadline are fixed: every period
        // from the second on mirrors the one before, by D = 10 days.
        let text = format!(
            "{HEAD}term {{\n  until 2020-01-01\n  renews for 10 days unless nr at least 2 days before\n}}\n"
        );
        let k = horizon_of(&text).expect("decided").expect("renews");
        // E_0 = 2020-01-01 is the latest fixed day; B = 0 (the end is read
        // as itself, after its deadline); the notice is the one event, so
        // n + 1 = 2 values and M + 1 = 2: high = E_0 + 2 · (2 · 2 + 1) + 2 +
        // 10 = E_0 + 22, and c_(k−1) = E_0 + 10(k − 1) − 2 >= E_0 + 22
        // first at k = 4.
        assert_eq!(k, 4);
    }

    #[test]
    fn business_days_from_an_event_move_by_whole_weeks() {
        // A claim before the third business day after the notice (Monday to
        // Friday, no holidays: three business days span at most five days).
        let text = format!(
            "{HEAD}event claim by p, before 3 business days after nr\nterm {{\n  until 2020-01-01\n  renews for 10 days unless nr at least 2 days before\n}}\n"
        );
        let k = horizon_with(&text, "claim")
            .expect("decided")
            .expect("renews");
        // M = 5 (the span), M'' = M + 1 + 7 = 13; n + 1 = 3 values (the
        // notice, the claim and the day); a mirror moves by whole weeks, so
        // by seven periods, D = 70, and every period from the eighth has
        // one; B = 0. high = E_0 + 3 · (2 · 13 + 7) + 13 + 70 = E_0 + 182,
        // and c_(k−1) = E_0 + 10(k − 1) − 2 >= E_0 + 182 first at k = 20.
        assert_eq!(k, 20);
    }

    #[test]
    fn a_later_date_in_the_question_moves_the_horizon() {
        let near = format!(
            "{HEAD}term {{\n  until 2020-01-01\n  renews for 1 year unless nr at least 90 days before\n}}\n"
        );
        let far = format!(
            "{HEAD}event late by p, not before 2030-01-01\nterm {{\n  until 2020-01-01\n  renews for 1 year unless nr at least 90 days before\n}}\n\
             clause c {{\n  p may use s\n  from late\n}}\naction use\nsubject s\n"
        );
        let near = horizon_of(&near).expect("decided").expect("renews");
        let far = horizon_with(&far, "late")
            .expect("decided")
            .expect("renews");
        assert!(far >= near + 10, "{near} then {far}");
    }

    #[test]
    fn years_mirror_across_leap_days() {
        // A year's renewal from 2020-02-29: periods of 365 and 366 days,
        // each mirrored by an earlier one at least as long.
        let text = "contract \"h\" effective 2015-01-01\nparty p\nevent nr by p\n\
             term {\n  until 2020-02-29\n  renews for 1 year unless nr at least 1 month before\n}\n";
        let k = horizon_of(text).expect("decided").expect("renews");
        assert!((2..=MOST_RENEWALS).contains(&k), "{k}");
    }

    #[test]
    fn months_from_an_event_are_outside_the_lemma() {
        let text = format!(
            "{HEAD}event claim by p, within 1 month after nr\nterm {{\n  until 2020-01-01\n  renews for 1 year unless nr at least 90 days before\n}}\n"
        );
        assert_eq!(
            horizon_with(&text, "claim"),
            Err(NoHorizon::MonthsFromEvent)
        );
    }

    #[test]
    fn an_initial_end_from_an_event_is_outside_the_lemma() {
        let text = format!(
            "{HEAD}event start by p\nterm {{\n  until 1 year after start\n  renews for 1 year unless nr at least 90 days before\n}}\n"
        );
        assert_eq!(horizon_of(&text), Err(NoHorizon::InitialEnd));
    }

    #[test]
    fn a_horizon_past_the_budget_is_reported_with_its_size() {
        // Day periods with a date a century later in the question.
        let text = format!(
            "{HEAD}event late by p, not before 2120-01-01\nterm {{\n  until 2020-01-01\n  renews for 10 days unless nr at least 2 days before\n}}\n"
        );
        match horizon_with(&text, "late") {
            Err(NoHorizon::TooFar(k)) => assert!(k > 3000, "{k}"),
            other => panic!("{other:?}"),
        }
    }
}
