//! Scenarios with events a run of periods decides (`event no_sales at the
//! end of the first 4 consecutive quarters after first_sale when sales =
//! USD 0`, src/model/run.rs). The search of src/semantics/points.rs places
//! such an event like any event that follows its anchor: on any day after
//! it, or never. Its real days are fewer: the ends of periods, from the end
//! of the first possible run after the anchor's period on (each period's
//! value is an input of its own, free unless another event the question
//! reads compares it, so any such day is the end of the first run for some
//! values: those periods hold and every earlier one fails; never, when
//! every period fails).
//!
//! A point the search finds with the event on another day stands for its
//! *type* (src/semantics/points.rs: which of the terms' values fall on or
//! before the point's day, and which never come), and the question's answer
//! is the same at every point of a type. So the point is replaced by one of
//! the same type whose event is on a period's end, found near it (the event
//! moved to a period end on either side, with the point's day, the anchor
//! or the whole point moved along, or the anchor moved back so that the run
//! can close there). Where none is found, the search shows the point to the
//! question as not real: if it would not answer the question, no point of
//! its type would, and it is skipped; if it would, the question is answered
//! only by a real point, and is otherwise undecided with the reason, never
//! guessed. docs/semantics.md §6.6 gives the argument.

use super::Scenario;
use crate::model::run::Run;
use crate::model::{Contract, Day, EventId, TimeExpr};

/// The events of one question that runs of periods decide, and the terms
/// whose values give a point's type.
pub(super) struct Runs {
    /// The events a run decides that the question reads.
    events: Vec<EventId>,
    /// The question's terms.
    terms: Vec<TimeExpr>,
}

/// The most periods past the event's day the search for a period end of
/// the same type looks: enough to reach the first run's end after any
/// anchor before the event.
const MOST_STEPS: i64 = 4;

impl Runs {
    /// The runs of a question that reads the events `relevant` through
    /// `terms`; `Ok(None)` when it reads none. The event and the reason
    /// when one run's periods are not free: another event the question
    /// reads compares one of its input's values, or its anchor is itself
    /// decided by a run.
    pub(super) fn new(
        contract: &Contract,
        relevant: &[EventId],
        terms: &[&TimeExpr],
    ) -> Result<Option<Runs>, (String, String)> {
        let runs: Vec<EventId> = (relevant.iter().copied())
            .filter(|&e| contract.event(e).run.is_some())
            .collect();
        if runs.is_empty() {
            return Ok(None);
        }
        let mut events = Vec::new();
        for &e in &runs {
            let name = contract.event(e).named.name.clone();
            let r = run_of(contract, e);
            let input = &contract.input(r.input).named.name;
            if contract.event(r.anchor).run.is_some() {
                return Err((
                    name,
                    format!(
                        "it counts periods after `{}`, which a run of periods decides too: the \
                         exact search does not place one run after another",
                        contract.event(r.anchor).named.name
                    ),
                ));
            }
            let shared = (runs.iter()).find(|&&o| o != e && run_of(contract, o).input == r.input);
            let compared = (relevant.iter()).find(|&&o| {
                (contract.event(o).defined.as_ref()).is_some_and(|t| {
                    let used = (crate::model::input::inputs_used(contract, &t.left).into_iter())
                        .chain(crate::model::input::inputs_used(contract, &t.right));
                    used.into_iter()
                        .any(|i| contract.input(i).instance_of.map(|(of, _)| of) == Some(r.input))
                })
            });
            if let Some(&other) = shared.or(compared) {
                return Err((
                    name,
                    format!(
                        "`{}` reads values of `{input}` too, so the periods of its run are not \
                         free, and the exact search does not decide the two together",
                        contract.event(other).named.name
                    ),
                ));
            }
            events.push(e);
        }
        Ok(Some(Runs {
            events,
            terms: terms.iter().map(|&t| t.clone()).collect(),
        }))
    }

    /// The point, with each event a run decides on a day some values give
    /// it, and of the same type: the point itself when it is one, else one
    /// found near it; the event and the reason when none was found.
    pub(super) fn place(
        &self,
        contract: &Contract,
        day: Day,
        scenario: Scenario,
    ) -> Result<(Day, Scenario), (String, String)> {
        let (mut day, mut s) = (day, scenario);
        let kind = self.signature(&s, day);
        for &e in &self.events {
            if admissible(contract, e, &s) {
                continue;
            }
            let same = |c: &Scenario, d: Day| self.signature(c, d) == kind;
            match nearby(contract, e, day, &s, &same) {
                Some((d, c)) => (day, s) = (d, c),
                None => return Err(self.undecided(contract, e, &s)),
            }
        }
        // Moving an anchor may move another run's first period.
        match self.events.iter().find(|&&e| !admissible(contract, e, &s)) {
            Some(&e) => Err(self.undecided(contract, e, &s)),
            None => Ok((day, s)),
        }
    }

    /// The point's type: for each term, whether its value falls on or
    /// before `day` (`None`: it never comes).
    fn signature(&self, s: &Scenario, day: Day) -> Vec<Option<bool>> {
        let at = s.event_day();
        (self.terms.iter())
            .map(|t| t.eval(&at).map(|v| v <= day))
            .collect()
    }

    fn undecided(&self, contract: &Contract, e: EventId, s: &Scenario) -> (String, String) {
        let r = run_of(contract, e);
        let placed = match s.date(e) {
            Some(d) => format!("on {d}"),
            None => "without its anchor".to_string(),
        };
        (
            contract.event(e).named.name.clone(),
            format!(
                "it happens only at the end of the first {} consecutive {}s after `{}` in which \
                 `{}` holds, and the search placed it {placed}, where no end of a {} near it \
                 keeps the other events' order and the question's answer",
                r.count,
                r.period.name,
                contract.event(r.anchor).named.name,
                r.written,
                r.period.name
            ),
        )
    }
}

fn run_of(contract: &Contract, e: EventId) -> &Run {
    contract
        .event(e)
        .run
        .as_ref()
        .expect("an event a run decides")
}

/// Whether the scenario gives the event a day some values of its input
/// give it: never, or the end of a period from its first possible run on.
fn admissible(contract: &Contract, e: EventId, s: &Scenario) -> bool {
    let r = run_of(contract, e);
    r.admits(s.date(r.anchor), s.date(e), &|_| None, i64::MIN)
}

/// A point of the same type (`same`) that keeps every constraint, with
/// the event on a period's end after its anchor's first possible run:
/// the event on the period end on or before its day, or on each one after
/// it up to the first its anchor allows; for each, the day of the point
/// and the anchor kept, or moved with the event (the point then keeps the
/// event's distance to both), and the anchor moved back to the latest day
/// that lets the run close there.
fn nearby(
    contract: &Contract,
    e: EventId,
    day: Day,
    s: &Scenario,
    same: &dyn Fn(&Scenario, Day) -> bool,
) -> Option<(Day, Scenario)> {
    let r = run_of(contract, e);
    let (anchor, at) = (s.date(r.anchor)?, s.date(e)?);
    let kind = r.period.kind;
    let (lo, hi) = Day::calendar();
    let inside = |d: Day| d > lo && d < hi;
    let anchor_fixed = {
        let a = contract.event(r.anchor);
        a.defined.is_some() || a.run.is_some()
    };
    let k = kind.index(at);
    let shift = |d: Day, by: i32| Day(d.0.saturating_add(by));
    let try_at = |end: Day| -> Option<(Day, Scenario)> {
        let by = end.0 - at.0;
        // The last day the anchor can have for a run to close at `end`.
        let last = kind.index(end) - 1 - i64::from(r.count);
        let back = kind.start(last + 1).pred();
        // The whole point moved with the event: every event and the day
        // keep their distances, and only the dates the terms name may
        // fall differently.
        let mut all = s.clone();
        for other in contract.event_ids() {
            all.set(other, s.date(other).map(|x| shift(x, by)));
        }
        let d = shift(day, by);
        if inside(d)
            && admissible(contract, e, &all)
            && all.is_consistent(contract)
            && same(&all, d)
        {
            return Some((d, all));
        }
        let anchors = [anchor, shift(anchor, by), back.min(anchor), back];
        for d in [day, shift(day, by)] {
            for a in anchors {
                if !inside(a) || !inside(d) || (anchor_fixed && a != anchor) {
                    continue;
                }
                let mut c = s.clone();
                c.set(e, Some(end));
                c.set(r.anchor, Some(a));
                if admissible(contract, e, &c) && c.is_consistent(contract) && same(&c, d) {
                    return Some((d, c));
                }
            }
        }
        None
    };
    let earliest = r.earliest(anchor);
    for step in 0..=i64::from(r.count) + MOST_STEPS {
        let end = kind.start(k + step);
        if !inside(end) {
            break;
        }
        if let Some(found) = try_at(end) {
            return Some(found);
        }
        if end > earliest {
            break;
        }
    }
    None
}
