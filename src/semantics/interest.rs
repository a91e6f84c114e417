//! Dated obligations in a scenario, and the late-payment interest they
//! accrue (docs/semantics.md, "Late-payment interest").
//!
//! A dated obligation is an instalment of a recurring clause, or a clause
//! with a deadline and a `discharged by` event: it has a due date, and the
//! scenario may give the day it is performed. [`dated`] says when it is
//! due and whether it is late; [`fn@interest`] computes the interest of the
//! `interest` declaration that applies to it ([`applicable`]), exactly
//! ([`crate::model::interest::accrue`]), through the day of payment or
//! through a day asked about. `pactum query` and `pactum schedule` both ask
//! here.

use serde::Serialize;

use super::{window_interval, Scenario};
use crate::model::input::Valuation;
use crate::model::interest::{self, Interest};
use crate::model::{Amount, ClauseId, Contract, Day, Unit};
use crate::print;
use crate::syntax::ast::{Modality, TimeUnit};

/// A dated obligation in one scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    /// The last day on time.
    pub due: Day,
    /// The first day it is owed.
    pub owed_from: Day,
    /// The day its discharge event happens in the scenario, if it does.
    pub performed: Option<Day>,
    /// Whether it is performed after its due date, or never while it was
    /// owed through its due date (a breach).
    pub late: bool,
    /// The recurring clause and the index of the instalment, if it is one.
    pub instance: Option<(ClauseId, usize)>,
}

/// The clause as a dated obligation owed in the scenario, if it is one: an
/// obligation (`must`) that is an instalment or has a deadline, whose
/// window has a day in the scenario (an instalment the term's end cut off,
/// or one whose start never comes, is not owed).
pub fn dated(contract: &Contract, id: ClauseId, scenario: &Scenario) -> Option<Dated> {
    let clause = contract.clause(id);
    if clause.norm.modality != Modality::Must || clause.recurrence.is_some() {
        return None;
    }
    let day = scenario.event_day();
    let instance = clause.instance_of.and_then(|(t, i)| {
        let template = contract.clause(t);
        Some((t, template.recurrence.as_ref()?.instances.get(i)?))
    });
    // An instalment counted from an event has its days in the scenario.
    let days = match &instance {
        Some((_, inst)) => Some(inst.days(&day)?),
        None => None,
    };
    let deadline = match (days, &clause.deadline) {
        (Some((_, deadline)), _) => deadline,
        (None, Some(deadline)) => deadline.eval(&day)?,
        (None, None) => return None,
    };
    let due = deadline.pred();
    let (discharged, performed) = match &instance {
        Some((_, inst)) => (
            inst.discharge.is_some(),
            inst.discharge.and_then(|e| scenario.date(e)),
        ),
        None => (true, discharge_day(clause, scenario)),
    };
    // An instalment performed before it fell due has an empty window, and
    // is still on the calendar: it was owed and paid early.
    let interval = match (
        window_interval(&clause.window, scenario),
        &instance,
        performed,
    ) {
        (Some(i), _, _) => i,
        (None, Some(_), Some(_)) => crate::model::Interval {
            from: days.map(|d| d.0),
            until: days.map(|d| d.0),
        },
        (None, _, _) => return None,
    };
    let owed_from = interval.from?;
    // Owed through its due date (not cut short by the term) and not
    // performed by then: late, performed or not. Without an event that
    // performs it, Pactum cannot tell.
    let owed_to_due = interval.until.is_none_or(|u| u >= deadline) || performed.is_some();
    let late = discharged && owed_to_due && performed.is_none_or(|p| p > due);
    Some(Dated {
        due,
        owed_from,
        performed,
        late,
        instance: instance.map(|(t, _)| (t, clause.instance_of.map_or(0, |(_, i)| i))),
    })
}

/// The day the event that discharges an ordinary clause happens: the event
/// its window's end names besides the deadline.
fn discharge_day(clause: &crate::model::Clause, scenario: &Scenario) -> Option<Day> {
    let own = clause.own_until.as_ref()?;
    let mut events = Vec::new();
    own.events(&mut events);
    let mut deadline_events = Vec::new();
    if let Some(d) = &clause.deadline {
        d.events(&mut deadline_events);
    }
    events
        .into_iter()
        .filter(|e| !deadline_events.contains(e))
        .filter_map(|e| scenario.date(e))
        .min()
}

/// The `interest` declaration that applies to a clause: one that names it
/// (or the recurring clause it is an instalment of) on its `on` line, else
/// the one with no `on` line, if any.
pub fn applicable(contract: &Contract, id: ClauseId) -> Option<&Interest> {
    let clause = contract.clause(id);
    let target = clause.instance_of.map_or(id, |(t, _)| t);
    let named = |i: &&Interest| {
        i.on.as_ref().is_some_and(|on| {
            on.iter().any(|&c| {
                c == target || contract.clause(c).named.name == contract.clause(target).named.name
            })
        })
    };
    (contract.interests.iter().find(named))
        .or_else(|| contract.interests.iter().find(|i| i.on.is_none()))
}

/// The late-payment interest of one obligation, as `pactum query` and
/// `pactum schedule` show it (docs/query.md, docs/schedule.md).
#[derive(Debug, Clone, Serialize)]
pub struct InterestAnswer {
    /// The `interest` declaration that applies.
    pub interest: String,
    /// The obligation (an instalment's name ends with its period).
    pub clause: String,
    /// Its due date.
    pub due: Day,
    /// The first day interest runs.
    pub from: Day,
    /// The day it was paid, if the scenario gives one by the day asked.
    pub paid: Option<Day>,
    /// The last day interest accrued for: the day before payment, or the
    /// day asked about while unpaid.
    pub through: Day,
    /// How many days accrued.
    pub days: u32,
    /// How many days the day count counts for them: `days` on an actual
    /// basis, ISDA's count on `30/360` and `30E/360`.
    pub counted: u32,
    /// The principal, the obligation's amount, in words; `null` when it
    /// has no value in the scenario.
    pub principal: Option<String>,
    /// The yearly rate in words (`6 %`).
    pub rate: Option<String>,
    /// The day count (`actual/365`).
    pub day_count: &'static str,
    /// The compounding days in words.
    pub compounded: String,
    /// The stretches between compoundings, each with its principal and its
    /// interest, exactly.
    pub steps: Vec<StepAnswer>,
    /// The interest exactly: a decimal, or `numerator/denominator` when it
    /// has no finite decimal; `null` when it could not be computed.
    pub exact: Option<String>,
    /// The interest as a decimal string, rounded as `rounding` says when
    /// the exact value is not one; `null` when not computed.
    pub value: Option<String>,
    /// The currency code.
    pub currency: Option<String>,
    /// The interest in words (`USD 59.18`), or why it was not computed.
    pub text: String,
    /// How the value was rounded, when it was: by the contract's own
    /// `rounded to`, or to 0.01 because the contract states no rounding.
    pub rounding: Option<String>,
    /// How it was computed, in words.
    pub computed: String,
}

/// One stretch between compoundings in an [`InterestAnswer`].
#[derive(Debug, Clone, Serialize)]
pub struct StepAnswer {
    /// Its first day.
    pub from: Day,
    /// Its last day.
    pub through: Day,
    /// How many days.
    pub days: u32,
    /// How many the day count counts for them.
    pub counted: u32,
    /// The principal, as a decimal string: exact when it has a finite
    /// decimal, else rounded to 0.01 (`rounded` says so).
    pub principal: String,
    /// The stretch's interest, likewise.
    pub interest: String,
    /// Whether `principal` or `interest` is rounded to 0.01 (the total's
    /// `exact` is never rounded).
    pub rounded: bool,
    /// Whether its interest was added to the principal at its end.
    pub compounded: bool,
}

/// The interest that obligation `id` (dated as `d`) has accrued, through
/// the day before its payment, or through `at` if it is not paid by then
/// (`at` = `None`: only a payment ends the accrual, and an unpaid
/// obligation has none to show). `None` when no declaration applies, the
/// obligation is not late, or no day has accrued yet.
pub fn interest(
    contract: &Contract,
    id: ClauseId,
    d: &Dated,
    at: Option<Day>,
    values: &Valuation,
) -> Option<InterestAnswer> {
    let decl = applicable(contract, id)?;
    if !d.late {
        return None;
    }
    let from = d.due.shift(decl.start_after, TimeUnit::Day, true);
    let paid = d.performed.filter(|&p| at.is_none_or(|a| p <= a));
    let until = match (paid, at) {
        (Some(p), _) => p,
        (None, Some(a)) => a.succ(),
        (None, None) => return None,
    };
    if until <= from {
        return None;
    }
    let clause = contract.clause(id);
    let principal = clause
        .amount
        .as_ref()
        .and_then(|a| a.value.clone().or_else(|| values.eval(&a.expr).ok()));
    let rate = values.eval(&decl.rate).ok();
    let mut answer = InterestAnswer {
        interest: decl.named.name.clone(),
        clause: clause.named.name.clone(),
        due: d.due,
        from,
        paid,
        through: until.pred(),
        days: u32::try_from(until.0 - from.0).unwrap_or(0),
        counted: decl.basis.counted(from, until),
        principal: principal.as_ref().map(print::amount),
        rate: rate.as_ref().map(print::amount),
        day_count: decl.basis.words(),
        compounded: decl.compounding.words(),
        steps: Vec::new(),
        exact: None,
        value: None,
        currency: None,
        text: String::new(),
        rounding: None,
        computed: String::new(),
    };
    let why = match (&principal, &rate) {
        (None, _) if clause.amount.is_none() => Some("no principal: the obligation states no amount".to_string()),
        (None, _) => Some("no principal: its amount has no value in this scenario (an input it needs is not given)".to_string()),
        (_, None) => Some("no rate: it has no value in this scenario".to_string()),
        (Some(Amount { unit: Unit::Money(_), .. }), Some(Amount { unit: Unit::Percent, .. })) => None,
        _ => Some("not computed: the principal is not money or the rate is not a percentage".to_string()),
    };
    if let Some(why) = why {
        answer.computed = why.clone();
        answer.text = why;
        return Some(answer);
    }
    let (principal, rate) = (principal.expect("checked"), rate.expect("checked"));
    let Unit::Money(currency) = &principal.unit else {
        return Some(answer);
    };
    let Some(accrual) = interest::accrue(
        principal.value,
        rate.value,
        decl.basis,
        &decl.compounding,
        from,
        until,
    ) else {
        let why = format!(
            "not computed: more than {} compounding steps",
            interest::MAX_STEPS
        );
        answer.computed = why.clone();
        answer.text = why;
        return Some(answer);
    };
    answer.counted = accrual.counted;
    // On a 30-day basis the days counted differ from the days elapsed, and
    // the answer says both.
    let days = |days: u32, counted: u32| match decl.basis {
        interest::Basis::Thirty360 | interest::Basis::Thirty360E => {
            format!("{days} days ({counted} counted on {})", decl.basis.words())
        }
        _ => format!("{days} days"),
    };
    let exact = interest::finite(&accrual.interest);
    let (value, rounding) = match (&decl.rounding, exact) {
        (Some((q, text)), _) => (
            interest::round(&accrual.interest, *q),
            Some(format!("rounded to {text}, as the contract states")),
        ),
        (None, Some(v)) => (Some(v), None),
        (None, None) => (
            interest::round(&accrual.interest, rust_decimal::Decimal::new(1, 2)),
            Some("rounded to 0.01: the contract states no rounding".to_string()),
        ),
    };
    answer.currency = Some(currency.clone());
    answer.exact = Some(interest::exact_text(&accrual.interest));
    answer.value = value.map(|v| v.normalize().to_string());
    answer.text = match value {
        Some(v) => print::amount(&Amount::new(principal.unit.clone(), v)),
        None => "not computed: the interest is too large to show".to_string(),
    };
    answer.steps = accrual
        .steps
        .iter()
        .map(|s| {
            let (principal, p_exact) = shown(&s.principal);
            let (interest, i_exact) = shown(&s.interest);
            StepAnswer {
                from: s.from,
                through: s.through,
                days: s.days,
                counted: s.counted,
                principal,
                interest,
                rounded: !(p_exact && i_exact),
                compounded: s.compounded,
            }
        })
        .collect();
    // A stretch's figures are shown to the cent when they have no finite
    // decimal (`≈` says so): after a few compoundings their exact fractions
    // run to thousands of digits, and only the total's is given whole.
    let money = |r: &num_rational::BigRational| {
        let (text, exact) = shown(r);
        let v: rust_decimal::Decimal = text.parse().unwrap_or_default();
        let words = print::amount(&Amount::new(principal.unit.clone(), v));
        if exact {
            words
        } else {
            format!("≈ {words}")
        }
    };
    // One stretch says nothing the totals do not; several show each
    // compounding.
    let steps = if accrual.steps.len() > 1 {
        let each: Vec<String> = accrual
            .steps
            .iter()
            .map(|s| {
                let end = if s.compounded { ", compounded" } else { "" };
                format!(
                    "{} from {} through {} on {}: {}{end}",
                    days(s.days, s.counted),
                    s.from,
                    s.through,
                    money(&s.principal),
                    money(&s.interest)
                )
            })
            .collect();
        format!(" ({})", each.join("; "))
    } else {
        String::new()
    };
    answer.computed = format!(
        "{} at {} a year ({}, compounded on {}) for {} from {} through {}{steps}: exactly {}{}",
        print::amount(&principal),
        print::amount(&rate),
        decl.basis.words(),
        decl.compounding.words(),
        days(accrual.days, accrual.counted),
        from,
        until.pred(),
        interest::exact_text(&accrual.interest),
        rounding
            .as_ref()
            .map_or(String::new(), |r| format!(", {} ({r})", answer.text)),
    );
    answer.rounding = rounding;
    Some(answer)
}

/// A rational as a decimal string: its finite decimal (`true`), or rounded
/// half away from zero to 0.01 (`false`).
fn shown(r: &num_rational::BigRational) -> (String, bool) {
    match interest::finite(r) {
        Some(v) => (v.to_string(), true),
        None => (
            interest::round(r, rust_decimal::Decimal::new(1, 2))
                .map_or_else(|| "too large to show".to_string(), |v| v.to_string()),
            false,
        ),
    }
}

/// The interest of every late obligation of the scenario through `at`
/// (or through its payment, if paid by then), in clause order: what
/// `pactum query` shows.
pub fn accrued(
    contract: &Contract,
    scenario: &Scenario,
    at: Day,
    values: &Valuation,
    shown: &dyn Fn(ClauseId) -> bool,
) -> Vec<InterestAnswer> {
    if contract.interests.is_empty() {
        return Vec::new();
    }
    contract
        .clause_ids()
        .filter(|&id| shown(id))
        .filter_map(|id| {
            let d = dated(contract, id, scenario)?;
            interest(contract, id, &d, Some(at), values)
        })
        .collect()
}
