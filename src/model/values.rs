//! Values of quantities: percentages, money, plain numbers, and `tbd`.

use serde::Serialize;

use crate::syntax::ast::{CmpOp, ValueKind};

/// Two values are equal when they mean the same (`USD 1 billion` is
/// `USD 1000 million`); how an amount was written only matters for printing,
/// which [`crate::print`] does.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Value {
    /// Named by the text but not quantified.
    Tbd,
    /// A percentage.
    Percent {
        /// The number of percent, from 0 to 100.
        value: f64,
    },
    /// An amount of money.
    Money {
        /// The currency code.
        currency: String,
        /// The amount with its scale applied (`250 billion` is `2.5e11`).
        amount: f64,
        /// The amount as written, without the currency: `250 billion`.
        #[serde(skip)]
        written: String,
    },
    /// A plain number.
    Number {
        /// The number.
        value: f64,
    },
}

/// Why a written value is not acceptable.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueError {
    PercentRange(f64),
    TooLarge,
}

impl Value {
    /// The value a written value stands for, or why it is not acceptable.
    pub fn from_ast(kind: &ValueKind) -> Result<Value, ValueError> {
        match kind {
            ValueKind::Tbd => Ok(Value::Tbd),
            ValueKind::Percent(n) => {
                let value = number(n)?;
                if (0.0..=100.0).contains(&value) {
                    Ok(Value::Percent { value })
                } else {
                    Err(ValueError::PercentRange(value))
                }
            }
            ValueKind::Money {
                currency,
                amount,
                scale,
            } => {
                let factor = match scale.as_deref() {
                    Some("thousand") => 1e3,
                    Some("million") => 1e6,
                    Some("billion") => 1e9,
                    Some("trillion") => 1e12,
                    _ => 1.0,
                };
                let written = match scale {
                    Some(scale) => format!("{amount} {scale}"),
                    None => amount.clone(),
                };
                let amount = number(amount)? * factor;
                if amount.is_finite() {
                    Ok(Value::Money {
                        currency: currency.clone(),
                        amount,
                        written,
                    })
                } else {
                    Err(ValueError::TooLarge)
                }
            }
            ValueKind::Number(n) => Ok(Value::Number { value: number(n)? }),
        }
    }

    /// The word for the kind of value, as messages name it.
    pub fn kind_words(&self) -> &'static str {
        match self {
            Value::Tbd => "`tbd`",
            Value::Percent { .. } => "a percentage",
            Value::Money { .. } => "an amount of money",
            Value::Number { .. } => "a number",
        }
    }

    /// The unit values of this kind are compared in (`%` or the currency), if any.
    pub fn unit(&self) -> Option<String> {
        match self {
            Value::Percent { .. } => Some("%".to_string()),
            Value::Money { currency, .. } => Some(currency.clone()),
            _ => None,
        }
    }

    /// The number the value stands for; `None` for `tbd`.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Tbd => None,
            Value::Percent { value } | Value::Number { value } => Some(*value),
            Value::Money { amount, .. } => Some(*amount),
        }
    }

    /// Compares two values of the same kind; `None` when either is `tbd` or the
    /// kinds (or currencies) differ.
    pub fn compare(&self, op: CmpOp, other: &Value) -> Option<bool> {
        let same_kind = match (self, other) {
            (Value::Percent { .. }, Value::Percent { .. })
            | (Value::Number { .. }, Value::Number { .. }) => true,
            (Value::Money { currency: a, .. }, Value::Money { currency: b, .. }) => a == b,
            _ => false,
        };
        if !same_kind {
            return None;
        }
        let (a, b) = (self.number()?, other.number()?);
        Some(op.holds(a, b))
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Tbd, Value::Tbd) => true,
            (Value::Percent { value: a }, Value::Percent { value: b })
            | (Value::Number { value: a }, Value::Number { value: b }) => a == b,
            (
                Value::Money {
                    currency: c,
                    amount: a,
                    ..
                },
                Value::Money {
                    currency: d,
                    amount: b,
                    ..
                },
            ) => c == d && a == b,
            _ => false,
        }
    }
}

fn number(text: &str) -> Result<f64, ValueError> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(ValueError::TooLarge),
    }
}
