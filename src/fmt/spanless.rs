//! Syntax trees compared without their spans: two texts mean the same when
//! their trees are equal once every byte position is forgotten.

use crate::syntax::ast::*;

/// Whether two trees are equal apart from spans.
pub fn same_tree(a: &File, b: &File) -> bool {
    strip(a) == strip(b)
}

/// A copy of the tree with every span set to `0..0`.
pub fn strip(file: &File) -> File {
    let mut f = file.clone();
    for item in &mut f.items {
        item.clear_spans();
    }
    f
}

/// Sets every span in a node to `0..0` (a window's optional span stays
/// present or absent, which records whether any bound was written).
trait ClearSpans {
    fn clear_spans(&mut self);
}

impl<T: ClearSpans> ClearSpans for Vec<T> {
    fn clear_spans(&mut self) {
        self.iter_mut().for_each(ClearSpans::clear_spans);
    }
}

impl<T: ClearSpans> ClearSpans for Option<T> {
    fn clear_spans(&mut self) {
        if let Some(x) = self {
            x.clear_spans();
        }
    }
}

impl<T: ClearSpans> ClearSpans for Box<T> {
    fn clear_spans(&mut self) {
        (**self).clear_spans();
    }
}

impl ClearSpans for ByteSpan {
    fn clear_spans(&mut self) {
        *self = 0..0;
    }
}

/// Implements `ClearSpans` for a struct by clearing the listed fields.
macro_rules! clear_fields {
    ($($ty:ty => $($field:ident),*;)*) => {
        $(impl ClearSpans for $ty {
            fn clear_spans(&mut self) {
                $(self.$field.clear_spans();)*
            }
        })*
    };
}

clear_fields! {
    Ident => span;
    Text => span;
    DateLit => span;
    Amount => span;
    Header => title, effective, amends, span;
    Decl => name, description, members, span;
    EventDecl => name, description, by, constraints, defined, run, span;
    Threshold => day, left, right, span;
    Run => count, period, anchor, left, right, span;
    InputDecl => name, description, ty_span, per, span;
    SubjectNode => name, description, children, span;
    QuantityDecl => name, description, ty_span, stake, span;
    Clause => name, description, sources, norms, window, overrides, exception_to, replaces, section, refers, survives, within, discharged, conditions, allows, amounts, every, due, span;
    Every => period, span;
    Due => kind, period, span;
    PeriodDecl => name, description, start, span;
    InterestDecl => name, description, sources, rate, rate_span, start, compounding, basis, rounding, on, span;
    InterestStart => span;
    Compounding => kind, span;
    AmountDecl => name, description, expr, parts, split_span, span;
    ClauseAmount => expr, span;
    Expr => kind, span;
    Deadline => amount, base, span;
    Discharged => event, span;
    Allow => code, reason, span;
    SectionDecl => id, heading, span;
    WeekendDecl => days, span;
    HolidayDecl => date, name, span;
    SectionRef => id, heading, span;
    Term => keyword, description, sources, window, renewals, span;
    Norm => party, action, subjects, to, on, span;
    Power => name, description, sources, grants, notice, window, conditions, span;
    Condition => cond, span;
    Grant => party, span;
    Notice => amount, span;
    SubjectSet => include, except, span;
    Window => from, until, indefinitely, span;
    Until => points, span;
    Point => kind, span;
    Fact => name, description, sources, values, window, span;
    FactValue => quantity, value, span;
    Value => span;
    Cover => name, description, sources, targets, window, span;
    CoverTarget => party, action, subjects, span;
    Assertion => name, description, sources, cond, window, span;
    Cond => kind, span;
}

impl<A: ClearSpans, B: ClearSpans> ClearSpans for (A, B) {
    fn clear_spans(&mut self) {
        self.0.clear_spans();
        self.1.clear_spans();
    }
}

impl ClearSpans for Item {
    fn clear_spans(&mut self) {
        match self {
            Item::Header(h) => h.clear_spans(),
            Item::Party(d) | Item::Action(d) | Item::Qualifier(d) => d.clear_spans(),
            Item::Event(e) => e.clear_spans(),
            Item::Subject(s) => s.clear_spans(),
            Item::Quantity(q) => q.clear_spans(),
            Item::Clause(c) => c.clear_spans(),
            Item::Power(p) => p.clear_spans(),
            Item::Fact(f) => f.clear_spans(),
            Item::Assert(a) => a.clear_spans(),
            Item::Cover(c) => c.clear_spans(),
            Item::Section(s) => s.clear_spans(),
            Item::Term(t) => t.clear_spans(),
            Item::Weekend(w) => w.clear_spans(),
            Item::Holiday(h) => h.clear_spans(),
            Item::Amount(a) => a.clear_spans(),
            Item::Input(i) => i.clear_spans(),
            Item::Period(p) => p.clear_spans(),
            Item::Interest(i) => i.clear_spans(),
        }
    }
}

impl ClearSpans for String {
    fn clear_spans(&mut self) {}
}

impl ClearSpans for CompoundingKind {
    fn clear_spans(&mut self) {
        match self {
            CompoundingKind::Days(days) => days.clear_spans(),
            CompoundingKind::LastDayOf(period) => period.clear_spans(),
        }
    }
}

impl ClearSpans for EventConstraint {
    fn clear_spans(&mut self) {
        match self {
            EventConstraint::NotBefore(p)
            | EventConstraint::After(p)
            | EventConstraint::Before(p) => p.clear_spans(),
            EventConstraint::Within {
                amount, base, span, ..
            } => {
                amount.clear_spans();
                base.clear_spans();
                *span = 0..0;
            }
        }
    }
}

impl ClearSpans for ExprKind {
    fn clear_spans(&mut self) {
        match self {
            ExprKind::Literal(_) => {}
            ExprKind::Name(i) => i.clear_spans(),
            ExprKind::Chain(first, rest) => {
                first.clear_spans();
                for (_, e) in rest {
                    e.clear_spans();
                }
            }
            ExprKind::Of(es) | ExprKind::Extremum(_, es) => es.clear_spans(),
            ExprKind::Rounded(e, _, span) => {
                e.clear_spans();
                span.clear_spans();
            }
            ExprKind::Paren(e) => e.clear_spans(),
            ExprKind::Tiered(rank, tiers) => {
                if let Some(rank) = rank {
                    rank.clear_spans();
                }
                for t in tiers {
                    t.range.clear_spans();
                    t.rate.clear_spans();
                }
            }
            ExprKind::TierAt(table, rank) => {
                table.clear_spans();
                rank.clear_spans();
            }
            ExprKind::Schedule(period, rows) => {
                period.clear_spans();
                for r in rows {
                    r.span.clear_spans();
                    r.amount.clear_spans();
                }
            }
            ExprKind::InputAt(name, _, span) => {
                name.clear_spans();
                span.clear_spans();
            }
            ExprKind::If(c, then, otherwise) => {
                c.clear_spans();
                then.clear_spans();
                if let Some(otherwise) = otherwise {
                    otherwise.clear_spans();
                }
            }
            ExprKind::Sum(sum) => {
                sum.clause.clear_spans();
                sum.period.kind.clear_spans();
                if let Some((_, span)) = &mut sum.period.label {
                    span.clear_spans();
                }
            }
            ExprKind::Escalated(e) => {
                e.base.clear_spans();
                e.step.clear_spans();
                e.period.clear_spans();
                e.label_span.clear_spans();
            }
        }
    }
}

impl ClearSpans for SubjectAtom {
    fn clear_spans(&mut self) {
        match self {
            SubjectAtom::Path(i) => i.clear_spans(),
            SubjectAtom::Nested(s) => s.clear_spans(),
        }
    }
}

impl ClearSpans for PointKind {
    fn clear_spans(&mut self) {
        match self {
            PointKind::Date(d) | PointKind::EndOf(d) => d.clear_spans(),
            PointKind::Event(e) | PointKind::BreachOf(e) => e.clear_spans(),
            PointKind::Offset { amount, base, .. } => {
                amount.clear_spans();
                base.clear_spans();
            }
            PointKind::First(ps) | PointKind::Last(ps) => ps.clear_spans(),
            PointKind::EndOfTerm => {}
        }
    }
}

impl ClearSpans for Renews {
    fn clear_spans(&mut self) {
        self.period.0.clear_spans();
        self.times.clear_spans();
        if let Some(n) = &mut self.notice {
            n.event.clear_spans();
            n.lead.0.clear_spans();
        }
        self.span.clear_spans();
    }
}

impl ClearSpans for Survives {
    fn clear_spans(&mut self) {
        if let Some((amount, _)) = &mut self.duration {
            amount.clear_spans();
        }
        self.span.clear_spans();
    }
}

impl ClearSpans for CondKind {
    fn clear_spans(&mut self) {
        match self {
            CondKind::Or(cs) | CondKind::And(cs) => cs.clear_spans(),
            CondKind::Not(c) => c.clear_spans(),
            CondKind::Norm(n) | CondKind::Prevails(n) => n.clear_spans(),
            CondKind::IsActive(i) | CondKind::Happened(i) => i.clear_spans(),
            CondKind::Amount(left, _, right) => {
                left.clear_spans();
                right.clear_spans();
            }
            CondKind::Compare {
                quantity: name,
                value,
                ..
            }
            | CondKind::Stakes {
                target: name,
                value,
                ..
            } => {
                name.clear_spans();
                value.clear_spans();
            }
        }
    }
}

impl ClearSpans for DueKind {
    fn clear_spans(&mut self) {
        if let DueKind::AfterEnd { amount, .. } | DueKind::AfterStart { amount, .. } = self {
            amount.clear_spans();
        }
    }
}

impl ClearSpans for PeriodStart {
    fn clear_spans(&mut self) {
        match self {
            PeriodStart::Starts { span, .. } => *span = 0..0,
            PeriodStart::From(p) => p.clear_spans(),
        }
    }
}
