//! A deliberately naive evaluator of contracts, written without
//! `pactum::semantics`: it reads the model (windows, norms, facts,
//! conditions) and evaluates one day in one scenario the plainest way; it
//! ends clauses with the term itself, from the term's written end and each
//! clause's own end and survival, not from the clause's combined window, and
//! asks a clause's `when` and `unless` conditions on each day itself. The
//! property tests compare the library against it, and check the exact
//! verifier against it day by day over a grid of scenarios.

#![allow(dead_code)]

use chrono::Datelike;
use pactum::model::{
    AssertKind, Assertion, Calendar, Clause, Cond, Contract, Day, Norm, PartyId, Survival,
    TimeExpr, Value, Window,
};
use pactum::syntax::ast::{CmpOp, TimeUnit};

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
        TimeExpr::BusinessDays {
            base,
            amount,
            forward,
            calendar,
        } => point(base, dates).map(|d| business_days(calendar, d, *amount, *forward)),
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
        // Period by period, as a reader would: the term runs to the end of
        // each period in turn; it stops at the first one the notice came at
        // least `lead` before, or after the last renewal allowed.
        TimeExpr::Renewed {
            end,
            period,
            times,
            notice,
            lead,
        } => renewed(
            point(end, dates)?,
            *period,
            *times,
            Some((dates[notice.index()], *lead)),
        ),
        // Read as the text reads: the point, unless the event happened
        // before the other point (both must come for that).
        TimeExpr::Unless {
            point: p,
            event,
            before,
        } => {
            let prevented = match (dates[event.index()], point(before, dates)) {
                (Some(d), Some(b)) => d < b,
                _ => false,
            };
            if prevented {
                None
            } else {
                point(p, dates)
            }
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

/// The end of a term whose first period ends on `first_end`, read period
/// by period as a reader would: the term runs to the end of each period in
/// turn (`k` periods after the first end); it stops at the first one the
/// notice came at least `lead` before (on the deadline day is in time), or
/// after the last renewal allowed; with no notice clause and no limit it
/// never ends. `notice` is `None` when the term has no notice clause, and
/// `Some((None, lead))` when the notice never comes.
pub fn renewed(
    first_end: Day,
    period: (u32, TimeUnit),
    times: Option<u32>,
    notice: Option<(Option<Day>, (u32, TimeUnit))>,
) -> Option<Day> {
    let mut k: u32 = 0;
    loop {
        let e = first_end.shift(period.0 * k, period.1, true);
        let in_time =
            notice.is_some_and(|(n, lead)| n.is_some_and(|n| n <= e.shift(lead.0, lead.1, false)));
        if in_time || Some(k) == times || !e.in_calendar() {
            return Some(e);
        }
        if times.is_none() && notice.is_none_or(|(n, _)| n.is_none()) {
            return None;
        }
        k += 1;
    }
}

/// `amount` business days after (or before) `day`, counted the plainest
/// way: step one calendar day at a time, and count each day whose weekday
/// (chrono's, not the library's) is no weekend day and which is no declared
/// holiday, until `amount` are counted. Beyond the calendar's ends the
/// answer saturates, as the library's days do.
pub fn business_days(calendar: &Calendar, day: Day, amount: u32, forward: bool) -> Day {
    if !day.in_calendar() {
        return day;
    }
    let weekend = calendar.weekend();
    let holidays = calendar.holidays();
    let mut date = day.date();
    let mut left = amount;
    while left > 0 {
        let next = if forward {
            date.succ_opt()
        } else {
            date.pred_opt()
        };
        let Some(next) = next else {
            return if forward { Day::MAX } else { Day::MIN };
        };
        date = next;
        let weekday = date.weekday().num_days_from_monday() as u8;
        if !weekend.contains(&weekday) && !holidays.contains(&Day::from_date(date)) {
            left -= 1;
        }
    }
    Day::from_date(date)
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
            // An event with windows happens on a day each of them contains.
            for w in &e.windows {
                if !in_window(&w.window, d, dates) {
                    return false;
                }
            }
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

/// `amount` units after `day`, business days counted on the contract's
/// own calendar ([`business_days`]) as its notices and survivals are, not
/// on the standard one that `Day::shift` falls back to.
fn shift_in(c: &Contract, day: Day, amount: u32, unit: TimeUnit) -> Day {
    match unit {
        TimeUnit::BusinessDay => business_days(&c.calendar, day, amount, true),
        _ => day.shift(amount, unit, true),
    }
}

/// Whether a clause is in force: from its start, until the earliest of its
/// own end and, unless it survives, the end of the term (or, when it
/// survives for a while, that long after the end of the term).
pub fn clause_in_force(c: &Contract, clause: &Clause, day: Day, dates: &Dates) -> bool {
    // The window as written, before the model folded the clause's `when`
    // and `unless` lines into it: the oracle asks the conditions themselves
    // on the day (below), which checks the folding.
    let window = clause.unconditioned.as_ref().unwrap_or(&clause.window);
    let started = match &window.from {
        None => true,
        Some(t) => match point(t, dates) {
            None => false,
            Some(f) => f <= day,
        },
    };
    let own = clause.own_until.as_ref().and_then(|t| point(t, dates));
    // The term ends at its written end or when a terminating power that is
    // exercised takes effect (its notice period after the exercise),
    // whichever comes first.
    let term_end = c.term.as_ref().and_then(|t| {
        let written = t.window.until.as_ref().and_then(|u| point(u, dates));
        // A renewing term runs period by period from its written end.
        let written = match (&t.renewal, written) {
            (Some(r), Some(first_end)) => renewed(
                first_end,
                r.period,
                r.times,
                r.notice.map(|(n, lead)| (dates[n.index()], lead)),
            ),
            (_, written) => written,
        };
        c.powers
            .iter()
            .filter(|p| p.kind == pactum::syntax::ast::PowerKind::Terminate)
            .filter_map(|p| {
                let exercised = dates[p.event.index()]?;
                Some(match p.notice {
                    Some((n, unit)) => shift_in(c, exercised, n, unit),
                    None => exercised,
                })
            })
            .fold(written, |end, d| earlier(end, Some(d)))
    });
    let end = match clause.survival {
        Survival::Survives => own,
        Survival::EndsWithTerm => earlier(own, term_end),
        Survival::For { amount, unit } => {
            earlier(own, term_end.map(|d| shift_in(c, d, amount, unit)))
        }
    };
    let ended = match end {
        None => false,
        Some(u) => u <= day,
    };
    started
        && !ended
        && (clause.conditions.iter()).all(|line| holds(c, &line.cond, day, dates) != line.unless)
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

/// The plain parties `party` stands for, read from the group members as
/// written (`Contract::group_members`), not from the library's expansion:
/// a party with no members is itself; a group is every plain party found by
/// following members, each party visited once (so a cycle ends the walk).
fn stands_for(c: &Contract, party: PartyId) -> Vec<PartyId> {
    let mut seen = vec![party];
    let mut todo = vec![party];
    let mut plain = Vec::new();
    while let Some(p) = todo.pop() {
        let members = c.group_members.get(p.index()).cloned().unwrap_or_default();
        if members.is_empty() {
            plain.push(p);
        }
        for m in members {
            if !seen.contains(&m) {
                seen.push(m);
                todo.push(m);
            }
        }
    }
    if plain.is_empty() {
        plain.push(party);
    }
    plain
}

/// Whether a `to` scope reaches plain party `m`: no scope reaches everyone.
fn to_overlap(c: &Contract, a: &Option<Vec<PartyId>>, b: &Option<Vec<PartyId>>) -> bool {
    let expand = |s: &Option<Vec<PartyId>>| {
        s.as_ref().map(|list| {
            list.iter()
                .flat_map(|&p| stands_for(c, p))
                .collect::<Vec<_>>()
        })
    };
    overlap(&expand(a), &expand(b))
}

/// Leaf by leaf and member by member: for every plain party the pattern's
/// party stands for, is every leaf of the pattern covered by some active norm
/// of a party standing for that member, with the same modality and action
/// (exclusive if the pattern is)?
fn governed(c: &Contract, pattern: &Norm, day: Day, dates: &Dates) -> bool {
    let leaves: Vec<usize> = pattern.subjects.bits().collect();
    if leaves.is_empty() {
        return false;
    }
    let active = active_clauses(c, day, dates);
    stands_for(c, pattern.party).iter().all(|member| {
        leaves.iter().all(|&leaf| {
            active.iter().any(|&i| {
                let n = &c.clauses[i].norm;
                stands_for(c, n.party).contains(member)
                    && n.action == pattern.action
                    && n.modality == pattern.modality
                    && (n.exclusive || !pattern.exclusive)
                    && to_overlap(c, &n.to, &pattern.to)
                    && overlap(&n.on, &pattern.on)
                    && n.subjects.contains(leaf)
            })
        })
    })
}

/// Whether a scope admits one party (or qualifier); `None` stands for a
/// party the contract does not declare, which only an unlimited scope admits.
fn admits<T: PartialEq>(scope: &Option<Vec<T>>, x: Option<&T>) -> bool {
    match (scope, x) {
        (None, _) => true,
        (Some(list), Some(x)) => list.contains(x),
        (Some(_), None) => false,
    }
}

/// Whether norm `o` says the opposite of norm `n` about an act both apply
/// to: the contrary modality for the same party; for another party, an
/// exclusive right against a permission or obligation, either way, the
/// second way only when the exclusivity is asked about.
fn contrary(c: &Contract, o: &Norm, n: &Norm, exclusivity: bool) -> bool {
    use pactum::syntax::ast::Modality::{May, MustNot};
    if o.action != n.action {
        return false;
    }
    // A norm of a group binds each member: parties that stand for a common
    // party are "the same party" for what they say about its acts.
    let (po, pn) = (stands_for(c, o.party), stands_for(c, n.party));
    if po.iter().any(|x| pn.contains(x)) {
        return (o.modality == MustNot) != (n.modality == MustNot);
    }
    let both_positive = o.modality != MustNot && n.modality != MustNot;
    let o_exclusive = o.exclusive && o.modality == May;
    let n_exclusive = n.exclusive && n.modality == May;
    both_positive && (o_exclusive || (exclusivity && n_exclusive))
}

/// Act by act: every leaf of the pattern has some act (a party it is
/// directed to, a qualifier, each possibly one no scope names) that the
/// pattern asks about and an active norm counting towards it governs, and
/// that no active norm overriding that one and contrary to it governs too.
fn prevailing(c: &Contract, pattern: &Norm, day: Day, dates: &Dates) -> bool {
    let leaves: Vec<usize> = pattern.subjects.bits().collect();
    if leaves.is_empty() {
        return false;
    }
    let active = active_clauses(c, day, dates);
    // Acts are directed to plain parties (or to one no scope names); a
    // scope that names a group admits each of its members.
    let plain: Vec<PartyId> = (0..c.parties.len() as u32)
        .map(PartyId)
        .filter(|p| c.group_members.get(p.index()).is_none_or(|m| m.is_empty()))
        .collect();
    let parties: Vec<Option<PartyId>> = plain.iter().copied().map(Some).chain([None]).collect();
    let qualifiers: Vec<Option<pactum::model::QualifierId>> = (0..c.qualifiers.len() as u32)
        .map(|i| Some(pactum::model::QualifierId(i)))
        .chain([None])
        .collect();
    let to_admits = |scope: &Option<Vec<PartyId>>, t: Option<&PartyId>| match (scope, t) {
        (None, _) => true,
        (Some(list), Some(t)) => list.iter().any(|s| stands_for(c, *s).contains(t)),
        (Some(_), None) => false,
    };
    // A pattern of a group holds where it holds for every member; a norm
    // of a group binds each of its members.
    stands_for(c, pattern.party).iter().all(|member| {
        leaves.iter().all(|&leaf| {
            active.iter().any(|&i| {
                let n = &c.clauses[i].norm;
                let counts = stands_for(c, n.party).contains(member)
                    && n.action == pattern.action
                    && n.modality == pattern.modality
                    && (n.exclusive || !pattern.exclusive)
                    && n.subjects.contains(leaf);
                counts
                    && parties.iter().any(|t| {
                        qualifiers.iter().any(|q| {
                            let act_of = |m: &Norm| {
                                to_admits(&m.to, t.as_ref()) && admits(&m.on, q.as_ref())
                            };
                            act_of(n)
                                && act_of(pattern)
                                && !active.iter().any(|&j| {
                                    let o = &c.clauses[j].norm;
                                    c.clauses[j].overrides.iter().any(|t| t.index() == i)
                                        && contrary(c, o, n, pattern.exclusive)
                                        && o.subjects.contains(leaf)
                                        && act_of(o)
                                })
                        })
                    })
            })
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
        // Amounts are constants: the sides' exact values, compared here.
        Cond::Amount(cmp) => cmp.values(c).is_some_and(|(l, r)| {
            let order = l.value.cmp(&r.value);
            match cmp.op {
                CmpOp::Lt => order.is_lt(),
                CmpOp::Le => order.is_le(),
                CmpOp::Eq => order.is_eq(),
                CmpOp::Ne => order.is_ne(),
                CmpOp::Ge => order.is_ge(),
                CmpOp::Gt => order.is_gt(),
            }
        }),
        Cond::Or(parts) => parts.iter().any(|p| holds(c, p, day, dates)),
        Cond::And(parts) => parts.iter().all(|p| holds(c, p, day, dates)),
        Cond::Not(inner) => !holds(c, inner, day, dates),
        Cond::Norm(pattern) => governed(c, pattern, day, dates),
        Cond::Prevails(pattern) => prevailing(c, pattern, day, dates),
        Cond::IsActive(clause) => {
            // Only the versions of that clause are asked: a clause's
            // conditions may ask about another clause, and asking every
            // clause at each step would take exponential time.
            let name = &c.clauses[clause.index()].named.name;
            (c.clauses.iter())
                .filter(|k| &k.named.name == name)
                .any(|k| clause_in_force(c, k, day, dates))
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

/// Whether the norms of clauses `a` and `b` contradict each other where both
/// are active, read the plainest way and with party groups expanded here:
/// a prohibition against a permission or obligation of a party standing for
/// a common plain party, or an exclusive right against a permission or
/// obligation of a party it does not wholly stand for; with the same action,
/// a common subject leaf, overlapping `to` and `on`, and no precedence
/// between the two clauses.
pub fn contradict(c: &Contract, a: usize, b: usize) -> bool {
    use pactum::syntax::ast::Modality;
    let (x, y) = (&c.clauses[a].norm, &c.clauses[b].norm);
    let precedence = c.clauses[a].overrides.iter().any(|o| o.index() == b)
        || c.clauses[b].overrides.iter().any(|o| o.index() == a);
    if precedence
        || x.action != y.action
        || !x.subjects.bits().any(|leaf| y.subjects.contains(leaf))
        || !to_overlap(c, &x.to, &y.to)
        || !overlap(&x.on, &y.on)
    {
        return false;
    }
    let (px, py) = (stands_for(c, x.party), stands_for(c, y.party));
    let share = px.iter().any(|p| py.contains(p));
    let prohibits =
        |n: &Norm, m: &Norm| n.modality == Modality::MustNot && m.modality != Modality::MustNot;
    let exclusive = |n: &Norm, pn: &[PartyId], m: &Norm, pm: &[PartyId]| {
        n.exclusive
            && n.modality == Modality::May
            && m.modality != Modality::MustNot
            && !pm.iter().all(|p| pn.contains(p))
    };
    (share && (prohibits(x, y) || prohibits(y, x)))
        || exclusive(x, &px, y, &py)
        || exclusive(y, &py, x, &px)
}

/// The days of the events the inputs decide (`on D when A < B`) for the
/// inputs' `values` (by input index), found by evaluating each comparison
/// itself with those values: the event is on its day if the comparison
/// holds, never otherwise. Other events keep their days from `dates`. The
/// sides are computed with the library's exact arithmetic (checked on its
/// own in tests/amounts_exact.rs); which events the values decide, and how,
/// is this function's own reading, not the verifier's witnesses.
pub fn with_inputs(c: &Contract, values: &[rust_decimal::Decimal], dates: &Dates) -> Dates {
    use pactum::model::{amount::Expr, Amount};
    let eval = |x: &Expr| {
        x.eval_in(&|a| c.amounts[a.index()].value.clone(), &|i| {
            Some(Amount::new(
                c.inputs[i.index()].unit.clone(),
                values[i.index()],
            ))
        })
        .ok()
    };
    let mut out = dates.clone();
    for (i, e) in c.events.iter().enumerate() {
        let Some(t) = &e.defined else { continue };
        let holds = match (eval(&t.left), eval(&t.right)) {
            (Some(a), Some(b)) => match t.op {
                CmpOp::Lt => a.value < b.value,
                CmpOp::Le => a.value <= b.value,
                CmpOp::Eq => a.value == b.value,
                CmpOp::Ne => a.value != b.value,
                CmpOp::Ge => a.value >= b.value,
                CmpOp::Gt => a.value > b.value,
            },
            _ => false,
        };
        out[i] = holds.then_some(t.day);
    }
    out
}

/// A kind of period as the oracle knows it: what identifies the period a
/// day is in, computed from the day's date alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodRule {
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
    /// Years starting on this month and day.
    Fiscal(u32, u32),
    /// Years counted from this day.
    Counted(Day),
}

/// The period `day` lies in, as a key that equals for two days exactly
/// when they lie in the same period, and grows with the day.
pub fn period_key(rule: PeriodRule, day: Day) -> i64 {
    let d = day.date();
    let (y, m) = (i64::from(d.year()), i64::from(d.month()));
    match rule {
        PeriodRule::Month => y * 12 + m - 1,
        PeriodRule::Quarter => y * 4 + (m - 1) / 3,
        PeriodRule::Year => y,
        PeriodRule::Fiscal(fm, fd) => {
            if (d.month(), d.day()) >= (fm, fd) {
                y
            } else {
                y - 1
            }
        }
        PeriodRule::Counted(start) => {
            // Count the anniversaries on or before the day, each the same
            // month and day as the start in a later year (the 28th of
            // February for a start on the 29th in a year without one).
            let s = start.date();
            let anniversary = |years: i32| {
                let year = s.year() + years;
                chrono::NaiveDate::from_ymd_opt(year, s.month(), s.day())
                    .or_else(|| chrono::NaiveDate::from_ymd_opt(year, s.month(), s.day() - 1))
                    .expect("a day of that month")
            };
            if d < s {
                // Year 0 is the year before the start, -1 the one before.
                let mut k = 1;
                while anniversary(-k) > d {
                    k += 1;
                }
                return 1 - i64::from(k);
            }
            let mut k = 0i64;
            loop {
                let year = s.year() + (k as i32 + 1);
                let anniversary = chrono::NaiveDate::from_ymd_opt(year, s.month(), s.day())
                    .or_else(|| chrono::NaiveDate::from_ymd_opt(year, s.month(), s.day() - 1))
                    .expect("a day of that month");
                if anniversary > d {
                    return k + 1;
                }
                k += 1;
            }
        }
    }
}

/// The first day of the period `day` lies in and the first day after it,
/// found by stepping one day at a time while the key stays the same.
pub fn period_window(rule: PeriodRule, day: Day) -> (Day, Day) {
    let key = period_key(rule, day);
    let mut start = day;
    while period_key(rule, start.pred()) == key {
        start = start.pred();
    }
    let mut end = day.succ();
    while period_key(rule, end) == key {
        end = end.succ();
    }
    (start, end)
}
