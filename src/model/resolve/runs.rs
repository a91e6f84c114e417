//! Resolving a run of periods (`at the end of the first 4 consecutive
//! quarters after first_sale when sales = USD 0`, src/model/run.rs): the
//! anchor, the count, the periods (the input's own, named or in the
//! plural) and the comparison of each period's value with a constant.

use super::*;
use crate::model::period::PeriodKind;
use crate::model::run::{Run, MOST_RUN};

impl<'s, 't> Builder<'s, 't> {
    /// Resolves the run of event `id`; the event follows its anchor
    /// strictly, so that every scenario places it after the anchor's day.
    pub(super) fn run(&mut self, id: u32, r: &'t ast::Run) {
        let event = self.contract.events[id as usize].named.name.clone();
        let anchor = self.lookup(&r.anchor, Kind::Event).map(EventId);
        let left = self.expr(&r.left);
        let right = self.expr(&r.right);
        let count = self.run_count(&r.count);
        let comparison = r.left.span.start..r.right.span.end;
        let Some((input, op, bound)) =
            self.run_comparison(&event, &left, r.op, &right, &comparison)
        else {
            return;
        };
        let per = self.contract.input(input).per.clone();
        let Some(period) = per else { return };
        let written = &r.period.name;
        if *written != period.name && *written != format!("{}s", period.name) {
            let input_name = self.contract.input(input).named.name.clone();
            let d = errors::event_run_period(
                format!(
                    "the run of `{event}` counts `{written}`, but `{input_name}` has one value per `{}`",
                    period.name
                ),
                "not the input's periods",
                format!(
                    "count the periods the input has values for: `{} consecutive {}s`",
                    r.count.text, period.name
                ),
                self.span(&r.period.span),
            );
            self.error(d);
            return;
        }
        if !self.dated_period(&period, "a run of consecutive periods", &r.period.span) {
            return;
        }
        let (Some(anchor), Some(count)) = (anchor, count) else {
            return;
        };
        let written = format!(
            "{} {} {}",
            self.contract.input(input).named.name,
            op.as_str(),
            crate::print::amount(&Amount::new(self.contract.input(input).unit.clone(), bound))
        );
        let span = self.span(&r.span);
        // No run closes sooner than `count` periods after the anchor's
        // day, and one day more for calendar and fiscal periods (the end
        // of the anchor's period is a day after it at least): a window the
        // scenario search reads, so that it does not place the event where
        // no run closes (src/semantics/runs.rs places it on a period end).
        let months = match period.kind {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            _ => 12,
        };
        let mut from = TimeExpr::Offset {
            base: Box::new(TimeExpr::Event(anchor)),
            amount: months * count,
            unit: TimeUnit::Month,
            forward: true,
        };
        if !matches!(period.kind, PeriodKind::Counted { .. }) {
            from = TimeExpr::Offset {
                base: Box::new(from),
                amount: 1,
                unit: TimeUnit::Day,
                forward: true,
            };
        }
        let e = &mut self.contract.events[id as usize];
        e.after.push((anchor, true));
        e.windows.push(EventWindow {
            window: Window {
                from: Some(from),
                ..Window::default()
            },
            span: span.clone(),
        });
        e.run = Some(Run {
            count,
            period,
            anchor,
            input,
            op,
            bound,
            written,
            span,
        });
    }

    /// The number of consecutive periods: a whole number from 1 to
    /// [`MOST_RUN`], or reported.
    fn run_count(&mut self, count: &ast::Amount) -> Option<u32> {
        let text = count.text.replace('_', "");
        match text.parse::<u32>() {
            Ok(n) if (1..=MOST_RUN).contains(&n) => Some(n),
            _ => {
                let d = errors::event_run_period(
                    format!("a run of `{}` consecutive periods cannot be counted", count.text),
                    "not a whole number from 1 to 1,000",
                    "write how many consecutive periods the run takes, as a whole number from 1 to \
                     1,000 (`4 consecutive quarters`)"
                        .to_string(),
                    self.span(&count.span),
                );
                self.error(d);
                None
            }
        }
    }

    /// The comparison as `input op bound`, the period's value on the left,
    /// or reported: one side must be the bare name of an input per period,
    /// the other a constant of its kind.
    fn run_comparison(
        &mut self,
        event: &str,
        left: &amount::Expr,
        op: CmpOp,
        right: &amount::Expr,
        at: &ast::ByteSpan,
    ) -> Option<(InputId, CmpOp, rust_decimal::Decimal)> {
        fn bare(e: &amount::Expr) -> Option<InputId> {
            match &e.kind {
                amount::ExprKind::PerPeriod {
                    input, at: None, ..
                } => Some(*input),
                amount::ExprKind::Paren(inner) => bare(inner),
                _ => None,
            }
        }
        let sides = [(left, op), (right, input::flip(op))];
        for (i, (side, op)) in sides.iter().enumerate() {
            let Some(input) = bare(side) else { continue };
            let other = sides[1 - i].0;
            if !input::inputs_used(&self.contract, other).is_empty() {
                break;
            }
            let value = self.evaluate(other)?;
            let unit = self.contract.input(input).unit.clone();
            if let Err(f) = input::comparable(*op, (&side.span, &unit), (&other.span, &value.unit))
            {
                if let Some(d) = errors::amount_failure(&f, self.span(at)) {
                    self.error(d);
                }
                return None;
            }
            return Some((input, *op, value.value));
        }
        if matches!(left.kind, amount::ExprKind::Broken)
            || matches!(right.kind, amount::ExprKind::Broken)
        {
            return None;
        }
        let d = errors::event_run_condition(event, self.span(at));
        self.error(d);
        None
    }
}
