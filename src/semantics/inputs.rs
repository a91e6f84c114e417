//! Scenarios with events the inputs decide (`event benchmark_missed on
//! 2020-11-12 when locations < 25`). The search of src/semantics/points.rs
//! places such an event on its day or nowhere, like any event with a
//! one-day window, but the events on one input are not free: with `x < 10`
//! and `x < 20` on one input, the first cannot happen without the second.
//! Here the representative points are cut down to the combinations that
//! some values of the inputs give ([`Realizable`]: one witness value per
//! interval the contract's constants cut an input's line into, and for
//! comparisons over several inputs, every combination an exact search over
//! rational inequalities finds, with decimal values that realize it), and
//! each is completed with the days those values give the decided events the
//! question does not read, so that the scenario is one the values realize.
//! docs/semantics.md (§6.5) gives the argument.

use crate::model::input::{decided_day, Realizable};
use crate::model::{Contract, EventId};

use super::Scenario;

/// What the inputs allow of the points of one question: built once per
/// search, it keeps a point only if its events decided by inputs take a
/// combination some values of the inputs give, and completes the decided
/// events the question does not read with the days those values give them.
pub(super) struct Realizer {
    /// The combinations of the events the question reads (`None`: it reads
    /// none, and every point is kept).
    realizable: Option<Realizable>,
    /// Every decided event the search can decide, for completing a scenario.
    all: Vec<EventId>,
    /// The witnesses of the inputs compared with constants among all of
    /// them, for the values of inputs the question does not read.
    whole: Option<Realizable>,
}

impl Realizer {
    /// The realizer of a question that reads the events `relevant`;
    /// `Ok(None)` when the contract has no event decided by inputs. The
    /// event and the reason when one of `relevant` compares inputs in a way
    /// the exact search does not decide.
    pub(super) fn new(
        contract: &Contract,
        relevant: &[EventId],
    ) -> Result<Option<Realizer>, (String, String)> {
        let realizable = Realizable::of(contract, relevant)
            .map_err(|(e, why)| (contract.event(e).named.name.clone(), why))?;
        // One it cannot decide and the question does not read stays as it is.
        let all: Vec<EventId> = (contract.event_ids())
            .filter(|&e| {
                (contract.event(e).defined.as_ref())
                    .is_some_and(|t| !matches!(t.form, crate::model::input::Form::Other(_)))
            })
            .collect();
        if all.is_empty() {
            return Ok(None);
        }
        // Values for the inputs the question does not read need no search:
        // any value is one, and the days it gives are checked below.
        let whole = Realizable::one_input(contract, &all);
        Ok(Some(Realizer {
            realizable,
            all,
            whole,
        }))
    }

    /// The point's scenario, completed, if some values of the inputs give
    /// its combination of decided events; `None` if none does.
    pub(super) fn admit(&self, contract: &Contract, mut scenario: Scenario) -> Option<Scenario> {
        let mut values = match &self.realizable {
            Some(r) => r.admits(&scenario.event_day())?,
            None => vec![None; contract.inputs.len()],
        };
        // An input the question does not read takes any value: its first
        // witness against the constants it is compared with, or zero.
        for (i, v) in values.iter_mut().enumerate() {
            if v.is_none() {
                let any = self.whole.as_ref().and_then(|w| w.any_value(i));
                *v = Some(any.unwrap_or(rust_decimal::Decimal::ZERO));
            }
        }
        // The values are carried with the scenario when they give it all
        // its decided events' days, so that it can be replayed with them.
        if complete(contract, &self.all, &values, &mut scenario) {
            scenario.inputs = values;
        }
        Some(scenario)
    }
}

/// Gives the decided events the question does not read the days the
/// witness values give them, if that keeps the scenario consistent (they
/// cannot change the question's answer, and the scenario then shows what
/// those values mean for every event). Whether it did.
fn complete(
    contract: &Contract,
    all: &[EventId],
    values: &[Option<rust_decimal::Decimal>],
    scenario: &mut Scenario,
) -> bool {
    let mut completed = scenario.clone();
    for &e in all {
        if let Some(day) = decided_day(contract, e, values) {
            completed.set(e, day);
        }
    }
    if completed.is_consistent(contract) {
        *scenario = completed;
        return true;
    }
    false
}
