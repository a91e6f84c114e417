//! Resolving `interest` declarations (src/model/interest.rs): the rate, the
//! first day, the compounding days, the day count, the rounding and the
//! clauses it applies to, each checked where it is written.

use super::*;
use crate::model::interest::{Basis, Compounding, Interest};

impl<'s, 't> Builder<'s, 't> {
    /// The `interest` declarations of one file, once every clause is known
    /// (the `on` line names clauses, recurring ones already expanded).
    pub(super) fn interests(&mut self, tree: &'t ast::File) {
        for item in &tree.items {
            let ast::Item::Interest(i) = item else {
                continue;
            };
            if let Some(interest) = self.interest(i) {
                self.contract.interests.push(interest);
            }
        }
    }

    fn interest(&mut self, i: &'t ast::InterestDecl) -> Option<Interest> {
        let name = i.name.name.as_str();
        let rate = self.expr(&i.rate);
        match self.evaluate(&rate) {
            Some(v) if v.unit != Unit::Percent => {
                let d = errors::interest_rate(name, rate.span.clone(), &v.unit.words());
                self.error(d);
            }
            Some(v) if v.value.is_sign_negative() => {
                let d = errors::interest_rate(name, rate.span.clone(), "negative");
                self.error(d);
            }
            Some(_) => {}
            None => {
                self.check_kinds_over_inputs(&rate);
                // A rate over inputs has its unit whatever values they take:
                // computed with every input at one, it is known here.
                let ones = InputValues(
                    (self.contract.inputs.iter())
                        .map(|i| Some(Amount::new(i.unit.clone(), rust_decimal::Decimal::ONE)))
                        .collect(),
                    Default::default(),
                );
                if let Ok(v) = input::Valuation::new(&self.contract, ones).eval(&rate) {
                    if v.unit != Unit::Percent {
                        let d = errors::interest_rate(name, rate.span.clone(), &v.unit.words());
                        self.error(d);
                    }
                }
            }
        }
        let start_after = match &i.start {
            None => 1,
            Some(start) => {
                if let Some(ordinal) = &start.ordinal {
                    if !ordinal_fits(ordinal, start.days) {
                        let d = errors::period_invalid(
                            self.span(&start.span),
                            format!("`{ordinal}` is not an ordinal number"),
                            "write the day as an ordinal, as in `the 1st`, `the 2nd`, `the 3rd` or `the 10th day after the due date`",
                        );
                        self.error(d);
                    }
                }
                if start.days > LONGEST_OFFSET {
                    let d = errors::period_invalid(
                        self.span(&start.span),
                        format!("interest `{name}` starts more than {LONGEST_OFFSET} days after the due date"),
                        "write a day within the calendar, as in `from the 10th day after the due date`",
                    );
                    self.error(d);
                    return None;
                }
                start.days
            }
        };
        let compounding = match &i.compounding {
            None => Compounding::Never,
            Some(c) => match &c.kind {
                ast::CompoundingKind::Days(days) => {
                    let mut out = Vec::new();
                    for (text, span) in days {
                        match month_day(text) {
                            Some(md) => out.push(md),
                            None => {
                                let d = errors::interest_day(name, text, self.span(span));
                                self.error(d);
                            }
                        }
                    }
                    out.sort_unstable();
                    out.dedup();
                    if out.is_empty() {
                        return None;
                    }
                    Compounding::Days(out)
                }
                ast::CompoundingKind::LastDayOf(period) => {
                    let Some(p) = self.find_period(&period.name) else {
                        let d = errors::period_invalid(
                            self.span(&period.span),
                            format!("`{}` is not a period", period.name),
                            "use `year`, `quarter` or `month`, or declare it, as in `period fiscal_year starts 04-01`",
                        );
                        self.error(d);
                        return None;
                    };
                    if !self.dated_period(
                        &p,
                        "interest compounded on the last day of each period",
                        &period.span,
                    ) {
                        return None;
                    }
                    Compounding::LastDayOf(p.name, p.kind)
                }
            },
        };
        let basis = match &i.basis {
            // The grammar admits only the two bases `parse` reads.
            Some((text, _)) => Basis::parse(text).unwrap_or(Basis::Actual365),
            None => Basis::Actual365,
        };
        let rounding = match &i.rounding {
            None => None,
            Some((text, span)) => match amount::literal(text, None) {
                Some(q) if q > rust_decimal::Decimal::ZERO => Some((q, text.clone())),
                _ => {
                    let d = errors::period_invalid(
                        self.span(span),
                        format!("interest cannot be rounded to `{text}`"),
                        "round to a positive number, as in `rounded to 0.01` (the cent)",
                    );
                    self.error(d);
                    None
                }
            },
        };
        let on = if i.on.is_empty() {
            None
        } else {
            let mut ids = Vec::new();
            for clause in &i.on {
                let Some(id) = self.clause_ref(clause, "interest") else {
                    continue;
                };
                self.check_interest_target(name, clause, id);
                ids.push(id);
            }
            Some(ids)
        };
        let interest = Interest {
            named: self.named(&i.name, &i.description, &i.span),
            sources: i.sources.iter().map(|s| s.value.clone()).collect(),
            rate,
            start_after,
            compounding,
            basis,
            rounding,
            on,
            span: self.span(&i.span),
        };
        self.check_interest_overlap(&interest);
        Some(interest)
    }

    /// A clause named on an `on` line must be an obligation with a due date
    /// and a discharge event, and should state an amount.
    fn check_interest_target(&mut self, interest: &str, at: &ast::Ident, id: ClauseId) {
        let clause = self.contract.clause(id);
        let due = clause.recurrence.is_some() || clause.deadline.is_some();
        let discharged = match &clause.recurrence {
            Some(r) => r.instances.iter().all(|i| i.discharge.is_some()),
            None => clause.deadline.is_some(),
        };
        let has_amount = clause.amount.is_some();
        let name = clause.named.name.clone();
        let written = self.trees.iter().rev().find_map(|(_, tree)| {
            tree.items.iter().rev().find_map(|item| match item {
                ast::Item::Clause(c) if c.name.name == name => Some(c),
                _ => None,
            })
        });
        let span = self.span(&at.span);
        if !due || !discharged {
            let undischarged = written.is_some_and(|c| {
                c.discharged.is_empty()
                    && (!c.within.is_empty() || !c.due.is_empty() || !c.window.until.is_empty())
            });
            let d = if due || undischarged {
                errors::interest_no_discharge(interest, &name, span)
            } else {
                errors::interest_no_due_date(interest, &name, span)
            };
            self.error(d);
        } else if !has_amount {
            let d = errors::interest_no_amount(interest, &name, span);
            self.error(d);
        }
    }

    /// Two declarations that apply to the same obligation: two without an
    /// `on` line, or one clause on two `on` lines. A clause named on an `on`
    /// line takes that declaration rather than the contract-wide one.
    fn check_interest_overlap(&mut self, new: &Interest) {
        let clash = self
            .contract
            .interests
            .iter()
            .find_map(|old| match (&old.on, &new.on) {
                (None, None) => Some((
                    format!(
                        "interest `{}` and interest `{}` both apply to every late payment",
                        old.named.name, new.named.name
                    ),
                    old.named.name_span.clone(),
                )),
                (Some(a), Some(b)) => {
                    let both = b.iter().find(|c| a.contains(c))?;
                    Some((
                        format!(
                            "interest `{}` and interest `{}` both apply to clause `{}`",
                            old.named.name,
                            new.named.name,
                            self.contract.clause(*both).named.name
                        ),
                        old.named.name_span.clone(),
                    ))
                }
                _ => None,
            });
        if let Some((what, first)) = clash {
            let d = errors::interest_twice(what, new.named.name_span.clone(), first);
            self.error(d);
        }
    }
}

/// `MM-DD` as a month and day that some year has (02-29 in leap years).
fn month_day(text: &str) -> Option<(u32, u32)> {
    let (m, d) = text.split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    Day::from_ymd(2000, m, d).map(|_| (m, d))
}

/// Whether `ordinal` (`10th`) is written with the suffix its number takes.
fn ordinal_fits(ordinal: &str, n: u32) -> bool {
    let suffix = &ordinal[ordinal.len().saturating_sub(2)..];
    let expected = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    suffix == expected
}
