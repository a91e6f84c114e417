//! A deliberately naive evaluator of contracts, written without
//! `pactum::semantics`: it reads the model (windows, norms, facts,
//! conditions) and evaluates one day in one scenario the plainest way; it
//! ends clauses with the term itself, from the term's written end and each
//! clause's own end and survival, not from the clause's combined window. The
//! property tests compare the library against it, and check the exact
//! verifier against it day by day over a grid of scenarios.

#![allow(dead_code)]

use pactum::model::{
    AssertKind, Assertion, Clause, Cond, Contract, Day, Norm, Survival, TimeExpr, Value, Window,
};
use pactum::syntax::ast::CmpOp;

/// Event dates, by event index; `None` is never.
pub type Dates = Vec<Option<Day>>;

/// The day a point falls on, or `None` if it never comes.
pub fn point(t: &TimeExpr, dates: &Dates) -> Option<Day> {
    match t {
        TimeExpr::Day(d) => Some(*d),
        TimeExpr::Event(e) => dates[e.index()],
        TimeExpr::Offset {
            base,
            amount,
            unit,
            forward,
        } => point(base, dates).map(|d| d.shift(*amount, *unit, *forward)),
        TimeExpr::First(items) => {
            let mut best: Option<Day> = None;
            for i in items {
                if let Some(d) = point(i, dates) {
                    if best.is_none() || Some(d) < best {
                        best = Some(d);
                    }
                }
            }
            best
        }
        TimeExpr::Last(items) => {
            let mut best = None;
            for i in items {
                let d = point(i, dates)?;
                if best.is_none() || Some(d) > best {
                    best = Some(d);
                }
            }
            best
        }
    }
}

/// `from` inclusive, `until` exclusive; a start that never comes never opens
/// the window, an end that never comes never closes it.
pub fn in_window(w: &Window, day: Day, dates: &Dates) -> bool {
    let started = match &w.from {
        None => true,
        Some(t) => match point(t, dates) {
            None => false,
            Some(f) => f <= day,
        },
    };
    let ended = match &w.until {
        None => false,
        Some(t) => match point(t, dates) {
            None => false,
            Some(u) => u <= day,
        },
    };
    started && !ended
}

pub fn consistent(c: &Contract, dates: &Dates) -> bool {
    for (i, e) in c.events.iter().enumerate() {
        if let Some(d) = dates[i] {
            for (before, strict) in &e.after {
                match dates[before.index()] {
                    None => return false,
                    Some(b) => {
                        if (*strict && b >= d) || (!*strict && b > d) {
                            return false;
                        }
                    }
                }
            }
        }
    }
    true
}

/// The earlier of two ends, where `None` is an end that never comes.
fn earlier(a: Option<Day>, b: Option<Day>) -> Option<Day> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if a < b { a } else { b }),
        (Some(a), None) => Some(a),
        (None, b) => b,
    }
}

/// Whether a clause is in force: from its start, until the earliest of its
/// own end and, unless it survives, the end of the term (or, when it
/// survives for a while, that long after the end of the term).
pub fn clause_in_force(c: &Contract, clause: &Clause, day: Day, dates: &Dates) -> bool {
    let started = match &clause.window.from {
        None => true,
        Some(t) => match point(t, dates) {
            None => false,
            Some(f) => f <= day,
        },
    };
    let own = clause.own_until.as_ref().and_then(|t| point(t, dates));
    let term_end = c
        .term
        .as_ref()
        .and_then(|t| t.window.until.as_ref())
        .and_then(|t| point(t, dates));
    let end = match clause.survival {
        Survival::Survives => own,
        Survival::EndsWithTerm => earlier(own, term_end),
        Survival::For { amount, unit } => {
            earlier(own, term_end.map(|d| d.shift(amount, unit, true)))
        }
    };
    let ended = match end {
        None => false,
        Some(u) => u <= day,
    };
    started && !ended
}

pub fn active_clauses(c: &Contract, day: Day, dates: &Dates) -> Vec<usize> {
    (0..c.clauses.len())
        .filter(|&i| clause_in_force(c, &c.clauses[i], day, dates))
        .collect()
}

pub fn active_facts(c: &Contract, day: Day, dates: &Dates) -> Vec<usize> {
    (0..c.facts.len())
        .filter(|&i| in_window(&c.facts[i].window, day, dates))
        .collect()
}

fn overlap<T: PartialEq>(a: &Option<Vec<T>>, b: &Option<Vec<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.iter().any(|x| b.contains(x)),
        _ => true,
    }
}

/// Leaf by leaf: is every leaf of the pattern covered by some active norm of
/// the same party, modality and action (exclusive if the pattern is)?
fn governed(c: &Contract, pattern: &Norm, day: Day, dates: &Dates) -> bool {
    let leaves: Vec<usize> = pattern.subjects.bits().collect();
    if leaves.is_empty() {
        return false;
    }
    let active = active_clauses(c, day, dates);
    leaves.iter().all(|&leaf| {
        active.iter().any(|&i| {
            let n = &c.clauses[i].norm;
            n.party == pattern.party
                && n.action == pattern.action
                && n.modality == pattern.modality
                && (n.exclusive || !pattern.exclusive)
                && overlap(&n.to, &pattern.to)
                && overlap(&n.on, &pattern.on)
                && n.subjects.contains(leaf)
        })
    })
}

fn compare(a: f64, op: CmpOp, b: f64) -> bool {
    match op {
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        CmpOp::Ge => a >= b,
        CmpOp::Gt => a > b,
    }
}

pub fn holds(c: &Contract, cond: &Cond, day: Day, dates: &Dates) -> bool {
    match cond {
        Cond::Or(parts) => parts.iter().any(|p| holds(c, p, day, dates)),
        Cond::And(parts) => parts.iter().all(|p| holds(c, p, day, dates)),
        Cond::Not(inner) => !holds(c, inner, day, dates),
        Cond::Norm(pattern) => governed(c, pattern, day, dates),
        Cond::IsActive(clause) => {
            let name = &c.clauses[clause.index()].named.name;
            active_clauses(c, day, dates)
                .iter()
                .any(|&i| &c.clauses[i].named.name == name)
        }
        Cond::Happened(e) => matches!(dates[e.index()], Some(d) if d <= day),
        Cond::Compare {
            quantity,
            op,
            value,
        } => {
            let values: Vec<&Value> = active_facts(c, day, dates)
                .into_iter()
                .filter(|&i| c.facts[i].quantity == *quantity)
                .map(|i| &c.facts[i].value)
                .collect();
            // One value, of the compared kind, with a number: compare it;
            // otherwise only `!=` holds.
            match values.as_slice() {
                [v] => match (v.number(), value.number(), same_kind(v, value)) {
                    (Some(a), Some(b), true) => compare(a, *op, b),
                    _ => *op == CmpOp::Ne,
                },
                _ => *op == CmpOp::Ne,
            }
        }
        Cond::Stakes { target, op, value } => {
            let mut total = 0.0;
            for i in active_facts(c, day, dates) {
                let f = &c.facts[i];
                let q = &c.quantities[f.quantity.index()];
                if matches!(q.stake, Some((_, t)) if t == *target) {
                    total += f.value.number().unwrap_or(0.0);
                }
            }
            match value {
                Value::Percent { value } => compare(total, *op, *value),
                _ => false,
            }
        }
    }
}

fn same_kind(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Percent { .. }, Value::Percent { .. }) => true,
        (Value::Number { .. }, Value::Number { .. }) => true,
        (Value::Money { currency: x, .. }, Value::Money { currency: y, .. }) => x == y,
        _ => false,
    }
}

pub fn assertion_fails(c: &Contract, a: &Assertion, day: Day, dates: &Dates) -> bool {
    let Some(cond) = &a.cond else { return false };
    let inside = in_window(&a.window, day, dates);
    let value = holds(c, cond, day, dates);
    match a.kind {
        AssertKind::Always => inside && !value,
        AssertKind::Never => inside && value,
        AssertKind::Exactly => inside != value,
        AssertKind::NoConflicts => false,
    }
}

/// Every assignment of event days from `event_days` (plus never) that
/// respects the ordering constraints.
pub fn grid(c: &Contract, event_days: &[Day]) -> Vec<Dates> {
    let mut all: Vec<Dates> = vec![Vec::new()];
    for _ in &c.events {
        let mut next = Vec::new();
        for partial in &all {
            let mut with_never = partial.clone();
            with_never.push(None);
            next.push(with_never);
            for d in event_days {
                let mut with = partial.clone();
                with.push(Some(*d));
                next.push(with);
            }
        }
        all = next;
    }
    all.retain(|d| consistent(c, d));
    all
}
