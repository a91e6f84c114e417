//! The payment calendar: every dated obligation of a contract in one
//! scenario, in date order, with its amount, party, clause and period. This
//! is what `pactum schedule` prints (docs/schedule.md); the library computes
//! it here and the front end only lays it out.
//!
//! A dated obligation is an instalment of a recurring clause (`every
//! quarter`), or a clause with a deadline and a `discharged by` event
//! (`within 30 days after invoiced`). It is listed when it is owed in the
//! scenario: its window has a day (an instalment the term's end cut off,
//! or one whose start never comes, is not owed). Its due date is its last
//! day on time.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::input::Valuation;
use crate::model::{ClauseId, Contract, Day};
use crate::print;
use crate::semantics::interest::{dated, interest, InterestAnswer};
use crate::semantics::query::{assumptions, AmountAnswer, QuestionError};
use crate::semantics::Scenario;

/// The calendar of one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    /// The contract's title, if it has one.
    pub contract: Option<String>,
    /// Every event of the contract with its day in the scenario, or `never`.
    pub scenario: BTreeMap<String, String>,
    /// The events the user gave a day (or `never`) for.
    pub assumed: Vec<String>,
    /// The first due date listed, when limited.
    pub from: Option<Day>,
    /// The last due date listed, when limited.
    pub to: Option<Day>,
    /// The dated obligations, by due date (then by clause name).
    pub rows: Vec<Row>,
    /// The recurring clauses listed only through a horizon (they have no
    /// end): `(clause, last day listed)`.
    pub horizons: Vec<(String, Day)>,
}

/// One dated obligation.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The last day on time.
    pub due: Day,
    /// The first day it is owed.
    pub owed_from: Day,
    /// The clause: an instalment's name ends with its period
    /// (`royalties[2017-Q3]`).
    pub clause: String,
    /// The recurring clause it is an instalment of, if it is one.
    pub recurring: Option<String>,
    /// The instalment's period in words (`2017-Q3`, `contract year 3`).
    pub period: Option<String>,
    /// The party that owes it.
    pub party: String,
    /// The parties it is owed to, when the norm names them.
    pub to: Option<Vec<String>>,
    /// The norm in words.
    pub norm: String,
    /// What it is for, computed exactly, if the clause states an amount.
    pub amount: Option<AmountAnswer>,
    /// The day its discharge event happens in the scenario, if it does.
    pub performed: Option<Day>,
    /// Whether it is performed after its due date, or never while it was
    /// owed through its due date (a breach).
    pub late: bool,
    /// The late-payment interest it accrued through the day before it was
    /// performed, when an `interest` declaration applies and it was
    /// performed late; omitted otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest: Option<InterestAnswer>,
}

/// The calendar of the scenario `--assume` flags say, limited to due dates
/// from `from` through `to` (both included) when given.
pub fn schedule(
    contract: &Contract,
    assume: &[String],
    from: Option<Day>,
    to: Option<Day>,
) -> Result<Schedule, QuestionError> {
    let given = assumptions(contract, assume)?;
    let (scenario, assumed) = (given.scenario, given.assumed);
    // Amounts over inputs are computed with the values given, and say which
    // inputs they wait for otherwise.
    let values = crate::semantics::query::scenario_values(contract, given.inputs, &scenario);
    let mut rows: Vec<Row> = contract
        .clause_ids()
        .filter_map(|c| row(contract, c, &scenario, &values))
        .filter(|r| from.is_none_or(|f| f <= r.due) && to.is_none_or(|t| r.due <= t))
        .collect();
    rows.sort_by(|a, b| (a.due, &a.clause).cmp(&(b.due, &b.clause)));
    let horizons = contract
        .clauses
        .iter()
        .filter_map(|c| {
            let h = c.recurrence.as_ref()?.horizon?;
            Some((c.named.name.clone(), h.pred()))
        })
        .collect();
    Ok(Schedule {
        contract: contract.versions.last().and_then(|v| v.title.clone()),
        scenario: contract
            .event_ids()
            .map(|e| {
                let when = print::day_or_never(scenario.date(e));
                (contract.event(e).named.name.clone(), when)
            })
            .collect(),
        assumed: assumed
            .iter()
            .map(|&e| contract.event(e).named.name.clone())
            .collect(),
        from,
        to,
        rows,
        horizons,
    })
}

/// The row of one clause in the scenario, if it is a dated obligation owed
/// in it ([`dated`]), with the interest it accrued if it was paid late.
fn row(contract: &Contract, id: ClauseId, scenario: &Scenario, values: &Valuation) -> Option<Row> {
    let d = dated(contract, id, scenario)?;
    let clause = contract.clause(id);
    let norm = &clause.norm;
    let template = d.instance.map(|(t, _)| contract.clause(t));
    Some(Row {
        due: d.due,
        owed_from: d.owed_from,
        clause: clause.named.name.clone(),
        recurring: template.map(|t| t.named.name.clone()),
        period: d.instance.and_then(|(t, i)| {
            let r = contract.clause(t).recurrence.as_ref()?;
            Some(print::period(&r.period, r.instances.get(i)?.index))
        }),
        party: contract.party(norm.party).name.clone(),
        to: norm
            .to
            .as_ref()
            .map(|ps| ps.iter().map(|&p| contract.party(p).name.clone()).collect()),
        norm: print::norm(contract, norm),
        amount: clause
            .amount
            .as_ref()
            .and_then(|a| AmountAnswer::in_scenario(contract, a, values)),
        performed: d.performed,
        late: d.late,
        interest: interest(contract, id, &d, None, values),
    })
}

/// The calendar as CSV: one header line, then one line per row (RFC 4180
/// quoting where a field needs it).
pub fn csv(s: &Schedule) -> String {
    let mut out =
        String::from("due,owed_from,clause,period,party,to,amount,currency,performed,late,interest_from,interest_days,interest,interest_exact\n");
    for r in &s.rows {
        let fields = [
            r.due.to_string(),
            r.owed_from.to_string(),
            r.clause.clone(),
            r.period.clone().unwrap_or_default(),
            r.party.clone(),
            r.to.as_ref().map(|t| t.join(" ")).unwrap_or_default(),
            r.amount
                .as_ref()
                .and_then(|a| a.value.clone())
                .unwrap_or_default(),
            r.amount
                .as_ref()
                .and_then(|a| a.unit.clone())
                .unwrap_or_default(),
            r.performed.map(|d| d.to_string()).unwrap_or_default(),
            r.late.to_string(),
            r.interest
                .as_ref()
                .map(|i| i.from.to_string())
                .unwrap_or_default(),
            r.interest
                .as_ref()
                .map(|i| i.days.to_string())
                .unwrap_or_default(),
            r.interest
                .as_ref()
                .and_then(|i| i.value.clone())
                .unwrap_or_default(),
            r.interest
                .as_ref()
                .and_then(|i| i.exact.clone())
                .unwrap_or_default(),
        ];
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out += &quoted.join(",");
        out.push('\n');
    }
    out
}

fn csv_field(f: &str) -> String {
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_string()
    }
}

/// The calendar for a person: one line per row.
pub fn human(s: &Schedule) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let title = s
        .contract
        .as_ref()
        .map_or(String::new(), |t| format!("contract \"{t}\": "));
    let range = match (s.from, s.to) {
        (Some(f), Some(t)) => format!(" due from {f} through {t}"),
        (Some(f), None) => format!(" due from {f}"),
        (None, Some(t)) => format!(" due through {t}"),
        (None, None) => String::new(),
    };
    let n = s.rows.len();
    let _ = writeln!(
        out,
        "{title}{n} dated obligation{}{range}",
        if n == 1 { "" } else { "s" }
    );
    for event in &s.assumed {
        let _ = writeln!(out, "  assuming {event} = {}", s.scenario[event]);
    }
    for r in &s.rows {
        let amount = r
            .amount
            .as_ref()
            .map_or(String::new(), |a| format!("  {}", a.text));
        let period = r
            .period
            .as_ref()
            .map_or(String::new(), |p| format!("  ({p})"));
        let status = match (r.performed, r.late) {
            (Some(p), false) => format!("  performed {p}"),
            (Some(p), true) => format!("  performed late, {p}"),
            (None, true) => "  not performed: breached".to_string(),
            (None, false) => String::new(),
        };
        let _ = writeln!(
            out,
            "  {}  {}{amount}{period}  {}{status}",
            r.due, r.clause, r.norm
        );
        if let Some(i) = &r.interest {
            let rounding = i
                .rounding
                .as_ref()
                .map_or(String::new(), |r| format!(", {r}"));
            let _ = writeln!(
                out,
                "      interest `{}`: {} for {} days from {} through {}{rounding}",
                i.interest, i.text, i.days, i.from, i.through
            );
        }
    }
    for (clause, last) in &s.horizons {
        let _ = writeln!(
            out,
            "  ({clause} has no end: listed through {last} only, see pactum::recurring::no_end)"
        );
    }
    out
}
