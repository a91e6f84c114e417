//! Powers that cannot be used as written: one that no scenario lets its
//! holder exercise, and an option left open forever.

use super::findings::{self, Question};
use super::when;
use crate::diagnostics::Diagnostic;
use crate::model::{Contract, Day, EventId, TimeExpr, Window};
use crate::syntax::ast::PowerKind;

/// Every finding about the contract's powers, and about events that can
/// never happen (a power's exercise is reported as a power).
pub fn check(contract: &Contract) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, event) in contract.events.iter().enumerate() {
        let e = EventId(i as u32);
        if event.windows.is_empty() || contract.powers.iter().any(|p| p.event == e) {
            continue;
        }
        let happens = TimeExpr::Event(e);
        match when::some_scenario(contract, &[&happens], |s| s.date(e).is_some()) {
            Ok(true) => {}
            Ok(false) => out.push(findings::event_impossible(contract, e)),
            Err(too_many) => out.push(findings::analysis_undecided(
                contract,
                Question::Happens(e),
                contract.predecessors(e).len() + 1,
                &too_many,
            )),
        }
    }
    for p in &contract.powers {
        let exercise = TimeExpr::Event(p.event);
        // The exact search places the exercise wherever its windows allow,
        // so this asks whether any scenario lets it happen at all.
        match when::some_scenario(contract, &[&exercise], |s| s.date(p.event).is_some()) {
            Ok(true) => {}
            Ok(false) => {
                out.push(findings::power_never(contract, p));
                continue;
            }
            // Undecided whether it can be exercised: said so, and whether it
            // has a deadline is still a question of its window alone.
            Err(too_many) => {
                let events = contract.predecessors(p.event).len() + 1;
                out.push(findings::analysis_undecided(
                    contract,
                    Question::Exercised(p),
                    events,
                    &too_many,
                ));
            }
        }
        // The window as it is in force decides, the end of the term
        // included: a term with a date end bounds the option, an end that
        // only an event may bring (a cure, a term that ends when a patent
        // expires) does not.
        if p.kind == PowerKind::Exercise && !p.window.indefinite && no_deadline(contract, &p.window)
        {
            out.push(findings::power_no_deadline(p));
        }
    }
    out
}

/// Whether an option's window stays open for ever once it opens, unless
/// some other event closes it: its end never comes in the scenario where the
/// events its start counts from happen (on any one day) and no other event
/// does. That is an end of its own, a cure, or the term's end in a contract
/// whose term ends only when a power is exercised. An end that comes there
/// comes in every scenario in which the window opens, since other events
/// only ever bring ends earlier.
fn no_deadline(contract: &Contract, window: &Window) -> bool {
    let Some(until) = &window.until else {
        return true;
    };
    let mut starts = Vec::new();
    if let Some(from) = &window.from {
        from.events(&mut starts);
    }
    let day = contract.effective().unwrap_or(Day::MIN);
    until
        .eval(&|e| starts.contains(&e).then_some(day))
        .is_none()
}
