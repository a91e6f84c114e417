//! Resolving periods and recurring clauses (`period`, `every`, `due`): the
//! expansion into instalments that src/model/recurring.rs describes.

use super::*;
use crate::model::period::{self, Period, PeriodKind};
use crate::model::recurring::{self, Due, Instance, Recurrence, Row, HORIZON_YEARS};
use crate::print;

/// A recurring clause's instalments, planned from its lines before the
/// instalments become clauses: `breach of` reads them before any clause is
/// resolved.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    period: Period,
    due: Due,
    rows: Vec<Row>,
    /// The discharge event of each row, when the clause has one.
    discharges: Vec<EventId>,
    /// Where the expansion stopped, when the recurrence has no known end.
    horizon: Option<Day>,
    /// The event the recurrence starts from (`from first_commercial_sale`),
    /// if it starts from one: each instalment is owed only if the event
    /// came in time for its period.
    gate: Option<EventId>,
    /// The recurrence's first day.
    from: Day,
    /// The event the periods are counted from, for years counted from an
    /// event: the rows' days are notional ([`period::NOTIONAL_START`]) and
    /// only their indexes count.
    anchor: Option<EventId>,
}

impl Plan {
    /// The breach of row `i`: the day after its deadline unless its event
    /// came before that day.
    fn breach(&self, i: usize) -> Option<TimeExpr> {
        if self.gate.is_some() || self.anchor.is_some() {
            return None;
        }
        let deadline = TimeExpr::Day(self.rows[i].deadline);
        Some(TimeExpr::Unless {
            point: Box::new(deadline.clone()),
            event: *self.discharges.get(i)?,
            before: Box::new(deadline),
        })
    }
}

/// How many expressions of named amounts one instalment's amount may copy
/// in to show where its value came from ([`crate::model::amount::Expr::in_period`]).
const PROVENANCE_BUDGET: usize = 64;

impl<'s, 't> Builder<'s, 't> {
    /// The declared kinds of period of one file, each once.
    pub(super) fn periods(&mut self, tree: &'t ast::File) {
        for item in &tree.items {
            let ast::Item::Period(p) = item else { continue };
            let taken = period::BUILT_IN.iter().any(|(n, _)| *n == p.name.name)
                || self.contract.periods.iter().any(|q| q.name == p.name.name);
            if taken {
                let d = errors::period_invalid(
                    self.span(&p.name.span),
                    format!("period `{}` is declared twice", p.name.name),
                    "`year`, `quarter` and `month` are built in; give the period another name",
                );
                self.error(d);
                continue;
            }
            let kind = match &p.start {
                Some(ast::PeriodStart::Starts { text, span }) => {
                    let Some(kind) = period::fiscal_start(text) else {
                        let d = errors::period_invalid(
                            self.span(span),
                            format!("`{text}` is not a day of every year"),
                            "a fiscal year starts on a month and day that every year has, as in `starts 04-01`",
                        );
                        self.error(d);
                        continue;
                    };
                    kind
                }
                Some(ast::PeriodStart::From(point)) => {
                    let Some(start) = self.point(point) else {
                        continue;
                    };
                    match (fixed_day(&start), &start) {
                        (Some(day), _) => PeriodKind::Counted {
                            start: day,
                            event: None,
                        },
                        // Years from the day an event happens: their days
                        // are points counted from it, per scenario.
                        (None, TimeExpr::Event(e)) => PeriodKind::Counted {
                            start: period::NOTIONAL_START,
                            event: Some(*e),
                        },
                        (None, _) => {
                            let d = errors::period_invalid(
                                self.span(&point.span),
                                format!("period `{}` counts from a point that is neither a date nor an event", p.name.name),
                                "years are counted from a date (`from 2016-05-11`), from an event (`from closing`), or from the effective date when no `from` is written",
                            );
                            self.error(d);
                            continue;
                        }
                    }
                }
                None => match self.contract.versions[self.version].effective {
                    Some(start) => PeriodKind::Counted { start, event: None },
                    None => {
                        let d = errors::period_invalid(
                            self.span(&p.name.span),
                            format!(
                                "period `{}` has no day to count its years from",
                                p.name.name
                            ),
                            "write `from <date>`, or give the contract an effective date",
                        );
                        self.error(d);
                        continue;
                    }
                },
            };
            self.contract.periods.push(Period {
                name: p.name.name.clone(),
                description: p.description.as_ref().map(|t| t.value.clone()),
                kind,
            });
        }
    }

    /// The kind of period a name stands for: built in or declared.
    pub(super) fn find_period(&self, name: &str) -> Option<Period> {
        if let Some((n, kind)) = period::BUILT_IN.iter().find(|(n, _)| *n == name) {
            return Some(Period {
                name: n.to_string(),
                description: None,
                kind: *kind,
            });
        }
        self.contract
            .periods
            .iter()
            .find(|p| p.name == name)
            .cloned()
    }

    /// Plans a recurring clause's instalments from its `every`, `due` and
    /// window lines; `None` (reported) when they do not make one.
    pub(super) fn plan(&mut self, c: &'t ast::Clause, survival: Survival) -> Option<Plan> {
        let every = c.every.first()?;
        for again in c.every.iter().skip(1) {
            let d = errors::clause_line_twice(&c.name.name, "recurrence", self.span(&again.span));
            self.error(d);
        }
        for again in c.due.iter().skip(1) {
            let d = errors::clause_line_twice(&c.name.name, "due day", self.span(&again.span));
            self.error(d);
        }
        let Some(period) = self.find_period(&every.period.name) else {
            let d = errors::period_invalid(
                self.span(&every.period.span),
                format!("`{}` is not a period", every.period.name),
                "use `year`, `quarter` or `month`, or declare it, as in `period fiscal_year starts 04-01`",
            );
            self.error(d);
            return None;
        };
        let Some(due_line) = c.due.first() else {
            let d = errors::period_invalid(
                self.span(&every.span),
                format!("recurring clause `{}` does not say when each instalment is due", c.name.name),
                format!(
                    "add `due on the first day of each {0}`, `due within 30 days after the end of each {0}` or `due by the end of each {0}`",
                    period.name
                ),
            );
            self.error(d);
            return None;
        };
        if due_line.period.name != period.name {
            let d = errors::period_invalid(
                self.span(&due_line.period.span),
                format!(
                    "the due day counts by `{}` but clause `{}` recurs every `{}`",
                    due_line.period.name, c.name.name, period.name
                ),
                format!("write `each {}`", period.name),
            );
            self.error(d);
            return None;
        }
        let due = match &due_line.kind {
            ast::DueKind::FirstDay => Due::FirstDay,
            ast::DueKind::AfterEnd { amount, unit } => Due::AfterEnd {
                amount: self.amount(amount)?,
                unit: self.unit(*unit),
            },
            ast::DueKind::AfterStart { amount, unit } => Due::AfterStart {
                amount: self.amount(amount)?,
                unit: self.unit(*unit),
            },
            ast::DueKind::ByEnd => Due::ByEnd,
        };
        if let Some(event) = period.kind.event() {
            return self.plan_from_event(c, every, period, due, event);
        }
        let window = self.window(&c.window)?;
        let window = self.default_from(window);
        let from_span = c.window.span.clone().unwrap_or(every.span.clone());
        let start = self.contract.versions[self.version].start();
        let (from, gate) = match (window.from.as_ref(), start.as_ref().and_then(fixed_day)) {
            (Some(f), _) if fixed_day(f).is_some() => (fixed_day(f)?, None),
            // From an event: the periods from the effective date, each
            // owed only if the event came in time for it.
            (Some(TimeExpr::Event(e)), Some(effective)) => (effective, Some(*e)),
            _ => {
                let d = errors::period_invalid(
                    self.span(&from_span),
                    format!("recurring clause `{}` does not start on a date or an event", c.name.name),
                    "a recurrence starts on a date (`from 2017-07-01`), on an event of a contract with an effective date (`from first_sale`), or on the contract's effective date",
                );
                self.error(d);
                return None;
            }
        };
        let until = self.contract.clause_until(window.until.as_ref(), survival);
        let (end, horizon) = match until.as_ref().and_then(recurring::latest) {
            Some(end) => (end, None),
            None => {
                let h = from.shift(HORIZON_YEARS, TimeUnit::Year, true);
                (h, Some(h))
            }
        };
        let (mut rows, cut) = recurring::rows(period.kind, due, from, end, &self.contract.calendar);
        // An instalment that falls due only after the term has ended in
        // every scenario (the last quarter's royalties when the term ends
        // with the quarter, and the clause does not survive) is never owed:
        // it is left out rather than kept as a clause never in force.
        let term_end = self.contract.clause_until(None, survival);
        let cut_off = term_end.as_ref().and_then(recurring::latest);
        rows.retain(|r| cut_off.is_none_or(|end| r.due_from < end));
        let horizon = match (horizon, cut) {
            (_, true) => rows.last().map(|r| r.period.1),
            (h, false) => h,
        };
        if let Some(h) = horizon {
            let d = errors::recurring_no_end(
                &c.name.name,
                self.span(&every.span),
                &period.name,
                h,
                cut,
            );
            self.error(d);
        }
        let discharges = self.discharges(c, &period, &rows)?;
        Some(Plan {
            period,
            due,
            rows,
            discharges,
            horizon,
            gate,
            from,
            anchor: None,
        })
    }

    /// Plans a recurrence by years counted from an event: the first
    /// [`HORIZON_YEARS`] of them, by index (their days are points counted
    /// from the event, made in [`Self::expand_recurring`]), since how many
    /// a scenario needs is not known before the event's day is.
    fn plan_from_event(
        &mut self,
        c: &'t ast::Clause,
        every: &'t ast::Every,
        period: Period,
        due: Due,
        event: EventId,
    ) -> Option<Plan> {
        if let Some(from) = c.window.from.first() {
            let event_name = self.contract.event(event).named.name.clone();
            let d = errors::period_invalid(
                self.span(&from.span),
                format!(
                    "recurring clause `{}` has a start of its own, but `{}` counts from `{event_name}`",
                    c.name.name, period.name
                ),
                format!("the instalments start on the day of `{event_name}`; remove this `from`"),
            );
            self.error(d);
            return None;
        }
        let from = period::NOTIONAL_START;
        let end = from.shift(HORIZON_YEARS, TimeUnit::Year, true);
        let (rows, _) = recurring::rows(period.kind, due, from, end, &self.contract.calendar);
        let event_name = self.contract.event(event).named.name.clone();
        let d = errors::recurring_no_end_from_event(
            &c.name.name,
            self.span(&every.span),
            &period.name,
            &event_name,
        );
        self.error(d);
        let discharges = self.discharges(c, &period, &rows)?;
        Some(Plan {
            period,
            due,
            rows,
            discharges,
            horizon: None,
            gate: None,
            from,
            anchor: Some(event),
        })
    }

    /// The discharge event of each row (`paid[2000-Q3]`), made from the
    /// clause's `discharged by` event, when it has one.
    fn discharges(
        &mut self,
        c: &'t ast::Clause,
        period: &Period,
        rows: &[Row],
    ) -> Option<Vec<EventId>> {
        let mut discharges = Vec::new();
        if let Some(d) = c.discharged.first() {
            let base = EventId(self.lookup(&d.event, Kind::Event)?);
            for r in rows {
                let name = format!(
                    "{}[{}]",
                    d.event.name,
                    print::period_label(period.kind, r.index)
                );
                let id = match self.contract.find_event(&name) {
                    Some(id) => id,
                    None => {
                        let id = EventId(self.contract.events.len() as u32);
                        let mut event = self.contract.event(base).clone();
                        event.named.name = name;
                        event.after.clear();
                        event.windows.clear();
                        self.contract.events.push(event);
                        id
                    }
                };
                discharges.push(id);
            }
        }
        Some(discharges)
    }

    /// The lines a recurring clause cannot have: its deadline is its `due`
    /// line, `discharged by` counts per instalment, and conditions are not
    /// folded into instalments.
    pub(super) fn recurring_lines(&mut self, c: &'t ast::Clause) {
        for w in &c.within {
            let d = errors::period_invalid(
                self.span(&w.span),
                format!(
                    "recurring clause `{}` states a deadline of its own",
                    c.name.name
                ),
                "each instalment's deadline is the `due` line; remove `within`",
            );
            self.error(d);
        }
        for l in &c.conditions {
            let d = errors::period_invalid(
                self.span(&l.span),
                format!("recurring clause `{}` has a condition", c.name.name),
                "conditions on recurring clauses are not supported yet; state the instalments' clause without `when` or `unless`",
            );
            self.error(d);
        }
        if let Some(d) = c.discharged.first() {
            let obligation = c
                .norms
                .first()
                .is_some_and(|n| n.modality == Modality::Must);
            if !obligation {
                let e = errors::discharge_of_non_obligation(&c.name.name, self.span(&d.span));
                self.error(e);
            }
        }
    }

    /// `breach of` a recurring clause (the first breach of any instalment)
    /// and of each instalment (`breach of royalties[2000-Q3]`), for the
    /// clauses of one file.
    pub(super) fn recurring_breaches(&mut self, c: &'t ast::Clause) {
        if !self.term_known {
            // Read again once the term is known; until then the clause has
            // no breach to give (the term's own lines cannot name one).
            self.breaches
                .insert(&c.name.name, Err("instalments that depend on the term"));
            return;
        }
        let Some(survival) = self.survival(c, None) else {
            return;
        };
        let Some(plan) = self.plan(c, survival) else {
            self.breaches
                .insert(&c.name.name, Err("a recurrence that does not resolve"));
            return;
        };
        let breach = if plan.anchor.is_some() {
            Err("instalments counted from an event, whose days `breach of` cannot read yet")
        } else if plan.gate.is_some() {
            Err("instalments owed only if an event came in time for their period, which `breach of` cannot read yet")
        } else if plan.discharges.is_empty() {
            Err("no `discharged by` event that performs each instalment")
        } else {
            Ok(TimeExpr::First(
                (0..plan.rows.len())
                    .filter_map(|i| plan.breach(i))
                    .collect(),
            ))
        };
        self.breaches.insert(&c.name.name, breach);
        self.plans.insert(&c.name.name, plan);
    }

    /// `breach of royalties[2000-Q3]`: the breach of one instalment, or why
    /// there is none.
    pub(super) fn instalment_breach(&mut self, written: &ast::Ident) -> Option<Option<TimeExpr>> {
        let (base, label) = written.name.split_once('[')?;
        let label = label.strip_suffix(']')?;
        let Some(plan) = self.plans.get(base) else {
            let at = self.span(&written.span);
            let d = errors::breach_undefined(base, "no `every` line: it has no instalments", at);
            self.error(d);
            return Some(None);
        };
        let row = (plan.period.kind.parse_label(label))
            .and_then(|k| plan.rows.iter().position(|r| r.index == k));
        let breach = row.and_then(|i| plan.breach(i));
        if breach.is_none() {
            let at = self.span(&written.span);
            let d = match (row, plan.rows.first(), plan.rows.last()) {
                (None, Some(first), Some(last)) => {
                    let kind = plan.period.kind;
                    errors::instalment_unknown(
                        base,
                        label,
                        at,
                        (
                            print::period_label(kind, first.index),
                            print::period_label(kind, last.index),
                        ),
                    )
                }
                _ => errors::breach_undefined(
                    &written.name,
                    match (plan.anchor, plan.gate) {
                        (Some(_), _) => "instalments counted from an event, whose days `breach of` cannot read yet",
                        (None, Some(_)) => "instalments owed only if an event came in time for their period, which `breach of` cannot read yet",
                        (None, None) => "no `discharged by` event that performs each instalment",
                    },
                    at,
                ),
            };
            self.error(d);
        }
        Some(breach)
    }

    /// An instalment's amount: the clause's amount taken in the period that
    /// starts on `start` ([`crate::model::amount::Expr::in_period`]) and
    /// computed there, when it varies by period. A failure is reported once
    /// per clause and code (`failed`).
    fn amount_in_period(
        &mut self,
        a: &mut crate::model::ClauseAmount,
        start: Day,
        varies: &[bool],
        failed: &mut Vec<crate::diagnostics::Code>,
    ) {
        let amounts = &self.contract.amounts;
        if !a.expr.by_period(&|id| varies[id.index()]) {
            return;
        }
        let values = crate::model::amount::period_values(
            amounts,
            &self.contract.amount_order,
            varies,
            start,
        );
        let named = |id: crate::model::AmountId| {
            varies[id.index()].then(|| amounts[id.index()].expr.clone())
        };
        a.expr = a
            .expr
            .in_period(start, &named, &mut PROVENANCE_BUDGET.clone());
        match a.expr.eval(&|id| values[id.index()].clone()) {
            Ok(v) => a.value = Some(v),
            Err(f) => {
                if let Some(d) = errors::amount_failure(&f, a.expr.span.clone()) {
                    if !failed.contains(&d.code) {
                        failed.push(d.code);
                        self.error(d);
                    }
                }
            }
        }
    }

    /// The first day owed and the deadline (exclusive) of instalment `k` of
    /// a recurrence by years counted from `event`: points counted from the
    /// event, as [`recurring::rows`] counts them from a period's days.
    /// Each year's days are offsets of the event itself (not of the year
    /// before), so they clamp at a month's end as a date-anchored year does.
    fn counted_from(&self, event: EventId, due: Due, k: i64) -> (TimeExpr, TimeExpr) {
        let calendar = &self.contract.calendar;
        let years = |n: i64| match u32::try_from(n) {
            Ok(n) if n > 0 => {
                TimeExpr::offset(TimeExpr::Event(event), n, TimeUnit::Year, true, calendar)
            }
            _ => TimeExpr::Event(event),
        };
        let day =
            |p: TimeExpr, forward: bool| TimeExpr::offset(p, 1, TimeUnit::Day, forward, calendar);
        let after = |p: TimeExpr, amount: u32, unit: TimeUnit| {
            TimeExpr::offset(p, amount, unit, true, calendar)
        };
        let (start, next) = (years(k - 1), years(k));
        match due {
            Due::FirstDay => (start.clone(), day(start, true)),
            Due::AfterEnd { amount, unit } => (
                next.clone(),
                day(after(day(next, false), amount, unit), true),
            ),
            Due::AfterStart { amount, unit } => {
                (start.clone(), day(after(start, amount, unit), true))
            }
            Due::ByEnd => (start, next),
        }
    }

    /// Reports the amount of a recurrence by years counted from an event
    /// when it varies by another kind of period (`schedule by year`, an
    /// input `per quarter`): which of those periods an instalment lies in
    /// depends on the event's day, and the amount is taken once, when the
    /// contract is loaded. Amounts by the years themselves count by index.
    /// `true` when reported.
    fn amount_by_other_period(
        &mut self,
        clause: &str,
        a: &crate::model::ClauseAmount,
        period: &Period,
        varies: &[bool],
    ) -> bool {
        use crate::model::amount::ExprKind;
        let amounts = &self.contract.amounts;
        let mut seen = vec![false; amounts.len()];
        let mut stack = vec![&a.expr];
        let mut other: Option<PeriodKind> = None;
        while let Some(e) = stack.pop() {
            e.visit(&mut |x| match &x.kind {
                ExprKind::Schedule { kind, .. }
                | ExprKind::Escalated { kind, .. }
                | ExprKind::PerPeriod { kind, .. }
                    if *kind != period.kind =>
                {
                    other = other.or(Some(*kind));
                }
                ExprKind::Sum(sum) if sum.kind != period.kind => {
                    other = other.or(Some(sum.kind));
                }
                ExprKind::Name(id, _) if varies[id.index()] && !seen[id.index()] => {
                    seen[id.index()] = true;
                    stack.push(&amounts[id.index()].expr);
                }
                _ => {}
            });
        }
        let Some(kind) = other else { return false };
        let name = self
            .contract
            .periods
            .iter()
            .find(|p| p.kind == kind)
            .map(|p| p.name.clone())
            .or_else(|| {
                (period::BUILT_IN.iter().find(|(_, k)| *k == kind)).map(|(n, _)| n.to_string())
            })
            .unwrap_or_else(|| "another period".to_string());
        let event = (period.kind.event()).map(|e| self.contract.event(e).named.name.clone());
        let d = errors::period_from_event(
            &period.name,
            event.as_deref().unwrap_or_default(),
            &format!(
                "the amount of `{clause}` varies by `{name}`, and taking it in each instalment"
            ),
            a.expr.span.clone(),
            &format!(
                "write the amount by `{}` (`schedule by {0}`, `each {0}`)",
                period.name
            ),
        );
        self.error(d);
        true
    }

    /// Turns every recurring clause into its instalments, once every clause
    /// has its window and the term is known: each instalment is a clause
    /// in force from the day it is owed through its last day on time (or
    /// until its own discharge event), ended with the term unless the
    /// clause survives. The clause as written is kept for its name, and is
    /// never in force.
    pub(super) fn expand_recurring(&mut self) {
        for (version, file, id, c) in std::mem::take(&mut self.recurring) {
            self.at(version, file);
            let survival = self.contract.clause(id).survival;
            let Some(plan) = self.plan(c, survival) else {
                continue;
            };
            let template = self.contract.clause(id).clone();
            // The failures already reported for this clause's amount, by
            // code: an amount that fails in many periods is reported once.
            let mut failed: Vec<crate::diagnostics::Code> = Vec::new();
            let varies =
                crate::model::amount::varying(&self.contract.amounts, &self.contract.amount_order);
            let mut instances = Vec::with_capacity(plan.rows.len());
            let mut other_period = false;
            for (i, r) in plan.rows.iter().enumerate() {
                let clause = ClauseId(self.contract.clauses.len() as u32);
                let label = print::period_label(plan.period.kind, r.index);
                let counted = plan.anchor.map(|e| self.counted_from(e, plan.due, r.index));
                let (due_from, deadline) = match &counted {
                    Some(points) => points.clone(),
                    None => (TimeExpr::Day(r.due_from), TimeExpr::Day(r.deadline)),
                };
                let discharge = plan.discharges.get(i).copied();
                let mut ends = vec![deadline.clone()];
                ends.extend(discharge.map(TimeExpr::Event));
                if let Some(e) = plan.gate {
                    // Owed only if the event came in time for the period
                    // ([`recurring::gate_by`]): otherwise the instalment
                    // ends the day it would start.
                    let by = recurring::gate_by(plan.due, r.period);
                    ends.push(TimeExpr::Unless {
                        point: Box::new(TimeExpr::Day(r.due_from)),
                        event: e,
                        before: Box::new(TimeExpr::Day(by)),
                    });
                }
                let own = match ends.len() {
                    1 => deadline.clone(),
                    _ => TimeExpr::First(ends),
                };
                let mut instance = template.clone();
                if i == 0 && plan.anchor.is_some() {
                    if let Some(a) = &instance.amount {
                        // The amount taken at notional days would be wrong:
                        // it is reported once and not taken at all.
                        other_period =
                            self.amount_by_other_period(&c.name.name, a, &plan.period, &varies);
                    }
                }
                if let (Some(a), false) = (&mut instance.amount, other_period) {
                    // The first day the instalment covers: a first period
                    // that began before the recurrence is taken where the
                    // recurrence starts (a quarter that began on 1 January
                    // is in contract year 1 when the contract starts on
                    // 2 January).
                    self.amount_in_period(a, r.period.0.max(plan.from), &varies, &mut failed);
                }
                instance.named.name = format!("{}[{label}]", template.named.name);
                instance.window = Window {
                    from: Some(due_from),
                    until: self.contract.clause_until(Some(&own), survival),
                    indefinite: false,
                    // The instalment's days are the `due` line's.
                    span: c.due.first().map(|d| d.span.clone()),
                };
                instance.own_until = Some(own);
                instance.deadline = discharge.map(|_| deadline);
                instance.recurrence = None;
                instance.instance_of = Some((id, i));
                instance.superseded_by = None;
                // The clause as written keeps its `allow` lines: they cover
                // every finding in its text, its instalments' included.
                instance.allows = Vec::new();
                self.contract.clauses.push(instance);
                instances.push(Instance {
                    index: r.index,
                    label,
                    period: r.period,
                    due_from: r.due_from,
                    deadline: r.deadline,
                    discharge,
                    clause,
                    counted,
                });
            }
            // Whatever takes precedence over the clause takes precedence
            // over each of its instalments.
            let ids: Vec<ClauseId> = instances.iter().map(|i| i.clause).collect();
            for other in &mut self.contract.clauses {
                for list in [&mut other.overrides, &mut other.exception_to] {
                    if list.contains(&id) {
                        list.extend(ids.iter().copied());
                    }
                }
            }
            let span = self.span(&c.every[0].span);
            let t = &mut self.contract.clauses[id.index()];
            t.window.from = Some(never());
            t.deadline = None;
            t.recurrence = Some(Recurrence {
                period: plan.period,
                due: plan.due,
                instances,
                horizon: plan.horizon,
                span,
                from: plan.from,
                gate: plan.gate,
            });
        }
    }
}

/// The day a point falls on when it names no event.
fn fixed_day(p: &TimeExpr) -> Option<Day> {
    let mut events = Vec::new();
    p.events(&mut events);
    if events.is_empty() {
        p.eval(&|_| None)
    } else {
        None
    }
}
