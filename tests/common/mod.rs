//! Brute-force evaluation shared by the contract and documentation tests: every
//! representative (scenario, day) pair of `semantics::points`, and the verdict
//! of an assertion there.

use pactum::model::{AssertKind, Assertion, Contract, Day, TimeExpr};
use pactum::semantics::{points, state, window_interval, Scenario};

/// Every time term of the contract: clause, fact, assertion and coverage windows.
pub fn terms(c: &Contract) -> Vec<&TimeExpr> {
    let windows = c
        .clauses
        .iter()
        .map(|x| &x.window)
        .chain(c.facts.iter().map(|x| &x.window))
        .chain(c.assertions.iter().map(|x| &x.window))
        .chain(c.coverages.iter().map(|x| &x.window));
    windows
        .flat_map(|w| w.from.iter().chain(w.until.iter()))
        .collect()
}

/// Calls `f` on every representative (scenario, day) pair.
pub fn for_each_point(c: &Contract, mut f: impl FnMut(&Scenario, Day)) {
    let terms = terms(c);
    let scenarios = points::scenarios(c, &terms, pactum::analysis::budget::WINDOW_POINTS)
        .expect("few enough scenarios");
    for s in &scenarios {
        for day in points::days(&terms, s) {
            f(s, day);
        }
    }
}

/// Whether the assertion holds on `day` in `s`; `no conflicts` is left to the
/// caller.
pub fn assertion_holds(c: &Contract, a: &Assertion, s: &Scenario, day: Day) -> bool {
    let Some(cond) = &a.cond else { return true };
    let in_window = window_interval(&a.window, s).is_some_and(|i| i.contains(day));
    let value = state(c, day, s).holds(c, s, cond);
    match a.kind {
        AssertKind::Always => !in_window || value,
        AssertKind::Never => !in_window || !value,
        AssertKind::Exactly => value == in_window,
        AssertKind::NoConflicts => true,
    }
}

/// The scenario and day in words, for failure messages.
pub fn describe(c: &Contract, s: &Scenario, day: Day) -> String {
    let events: Vec<String> = c
        .event_ids()
        .map(|e| match s.date(e) {
            Some(d) => format!("{} on {d}", c.event(e).named.name),
            None => format!("{} never", c.event(e).named.name),
        })
        .collect();
    format!("on {day} with {}", events.join(", "))
}
