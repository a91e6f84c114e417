//! The query: what a contract says on one day in one scenario, filtered by
//! party, subject and the party a norm is directed to, as a serializable
//! [`Answer`]. `pactum query` (docs/query.md) only parses its flags into
//! [`Question::new`] and renders the answer; tests and other front ends ask
//! exactly the same question.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{state, window_interval, Rule, Scenario};
use crate::model::input::Valuation;
use crate::model::{
    suggest, Amount, ClauseId, Contract, Day, EventId, InputId, InputValues, Loaded, PartyId,
    Scope, SubjectSet, Unit, Window,
};
use crate::print;
use crate::source::FileId;

/// A question to the contract: a day, a scenario, and optional filters.
#[derive(Debug, Clone)]
pub struct Question {
    /// The day asked about.
    pub day: Day,
    /// When each event happens; events not assumed never happen.
    pub scenario: Scenario,
    /// The events the user gave a day (or `never`) for.
    pub assumed: Vec<EventId>,
    /// The values the user gave inputs (`--assume net_sales=USD 1.2 million`).
    pub inputs: InputValues,
    /// The events the assumed inputs decide (`on DATE when COMPARISON`),
    /// not assumed themselves.
    pub decided: Vec<EventId>,
    /// Only the norms of this party.
    pub party: Option<PartyId>,
    /// Only norms about this subject: the subject as written, and its leaves.
    pub subject: Option<(String, SubjectSet)>,
    /// Only norms that apply when directed to this party: those whose `to`
    /// names it, and those without `to` (which apply to anyone).
    pub to: Option<PartyId>,
}

/// The filters of a question as the user wrote them (names and paths, to be
/// checked against the contract).
#[derive(Debug, Clone, Copy, Default)]
pub struct Filters<'a> {
    /// A party name, for the norms of that party.
    pub party: Option<&'a str>,
    /// A subject path, for the norms about that subject.
    pub subject: Option<&'a str>,
    /// A party name, for the norms directed to that party.
    pub to: Option<&'a str>,
}

/// Why a question cannot be asked, and how to ask it instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionError {
    /// What is wrong, in the diagnostics' style (lowercase, names in backticks).
    pub message: String,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
}

impl QuestionError {
    fn new(message: String, help: Option<String>) -> Self {
        QuestionError { message, help }
    }
}

fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    suggest(name, candidates).map(|s| format!("did you mean `{s}`?"))
}

/// A day written `YYYY-MM-DD` on the command line; `what` names it in the
/// help ("the day of `--at`").
pub fn parse_day(text: &str, what: &str) -> Result<Day, QuestionError> {
    Day::parse(text).ok_or_else(|| {
        QuestionError::new(
            format!("`{text}` is not a date"),
            Some(format!(
                "write {what} as YYYY-MM-DD, a day that exists (e.g. 2031-06-01)"
            )),
        )
    })
}

impl Question {
    /// Checks a question in words against the contract: the day `at`
    /// (`YYYY-MM-DD`), the assumptions `EVENT=YYYY-MM-DD` or `EVENT=never`
    /// (every other event never happens), and the filters.
    pub fn new(
        contract: &Contract,
        at: &str,
        assume: &[String],
        filters: &Filters<'_>,
    ) -> Result<Question, QuestionError> {
        let day = parse_day(at, "the day of `--at`")?;
        let Assumptions {
            scenario,
            assumed,
            inputs,
            decided,
        } = assumptions(contract, assume)?;
        let party = filters.party.map(|p| find_party(contract, p)).transpose()?;
        let subject = filters
            .subject
            .map(|s| find_subject(contract, s))
            .transpose()?;
        let to = filters.to.map(|p| find_party(contract, p)).transpose()?;
        Ok(Question {
            day,
            scenario,
            assumed,
            inputs,
            decided,
            party,
            subject,
            to,
        })
    }

    /// Whether `scope` (a norm's `to`) reaches the party asked about (or a
    /// party it stands for, or a group that stands for it).
    fn reaches(&self, contract: &Contract, scope: &Scope<PartyId>) -> bool {
        self.to
            .is_none_or(|p| contract.party_scopes_overlap(scope, &Some(vec![p])))
    }

    /// Whether the subjects `set` meet the subject asked about.
    fn about(&self, set: &SubjectSet) -> bool {
        self.subject.as_ref().is_none_or(|(_, s)| set.overlaps(s))
    }
}

/// The scenario that `--assume EVENT=YYYY-MM-DD` or `EVENT=never` flags
/// say (every other event never happens), with the events they name, in the
/// order given; an error when a flag is malformed, names an unknown event or
/// an event twice, or when the scenario breaks a constraint of the contract
/// ([`Scenario::broken_order`]).
pub fn assumed_scenario(
    contract: &Contract,
    assume: &[String],
) -> Result<(Scenario, Vec<EventId>), QuestionError> {
    let a = assumptions(contract, assume)?;
    Ok((a.scenario, a.assumed))
}

/// What `--assume` flags say: the scenario, the events assumed, the
/// inputs' values and the events those values decide.
#[derive(Debug, Clone)]
pub struct Assumptions {
    /// When each event happens.
    pub scenario: Scenario,
    /// The events given a day or `never`.
    pub assumed: Vec<EventId>,
    /// The inputs' values.
    pub inputs: InputValues,
    /// The events the inputs decide that were not assumed themselves.
    pub decided: Vec<EventId>,
}

/// The scenario and the inputs' values that `--assume EVENT=DATE|never`
/// and `--assume INPUT=VALUE` flags say. An event decided by inputs
/// (`on DATE when COMPARISON`) takes the day its comparison gives when the
/// inputs it reads are assumed; assuming it otherwise as well is an error
/// that says why. The other rules are [`assumed_scenario`]'s.
pub fn assumptions(contract: &Contract, assume: &[String]) -> Result<Assumptions, QuestionError> {
    let mut scenario = Scenario::never(contract);
    let mut assumed: Vec<EventId> = Vec::new();
    let mut inputs = InputValues::none(contract);
    let mut given: Vec<(InputId, Option<i64>)> = Vec::new();
    for a in assume {
        if let Some((input, period, value)) = input_assumption(contract, a)? {
            if given.contains(&(input, period)) {
                let name = contract.input(input);
                let name = match (period, &name.per) {
                    (Some(k), Some(p)) => {
                        format!("{}[{}]", name.named.name, print::period_label(p.kind, k))
                    }
                    _ => name.named.name.clone(),
                };
                return Err(QuestionError::new(
                    format!("`{name}` is assumed twice"),
                    Some("give each input one `--assume`".into()),
                ));
            }
            given.push((input, period));
            match period {
                Some(k) => inputs.set_at(contract, input, k, value),
                None => inputs.set(input, value),
            }
            continue;
        }
        let (event, date) = parse_assumption(contract, a)?;
        if assumed.contains(&event) {
            return Err(QuestionError::new(
                format!("`{}` is assumed twice", contract.event(event).named.name),
                Some("give each event one `--assume`".into()),
            ));
        }
        assumed.push(event);
        scenario.set(event, date);
    }
    let mut decided = Vec::new();
    if !given.is_empty() {
        let values = Valuation::new(contract, inputs.clone());
        for e in contract.event_ids() {
            let Some(t) = &contract.event(e).defined else {
                continue;
            };
            let Some(holds) = t.holds(&values) else {
                continue;
            };
            let day = holds.then_some(t.day);
            if !assumed.contains(&e) {
                scenario.set(e, day);
                decided.push(e);
            } else if scenario.date(e) != day {
                return Err(decided_otherwise(
                    contract,
                    e,
                    scenario.date(e),
                    day,
                    &values,
                ));
            }
        }
    }
    decide_runs(contract, &mut scenario, &assumed, &inputs, &mut decided)?;
    check_order(contract, &scenario, &assumed)?;
    Ok(Assumptions {
        scenario,
        assumed,
        inputs,
        decided,
    })
}

/// Gives each event a run of periods decides (src/model/run.rs) the day
/// the anchor's day and the periods' values give it, or, where the values
/// given do not decide it, checks the day assumed (or never, by default)
/// against what values of the other periods could give. Runs anchored on
/// runs are decided in order, as often as there are runs.
fn decide_runs(
    contract: &Contract,
    scenario: &mut Scenario,
    assumed: &[EventId],
    inputs: &crate::model::input::InputValues,
    decided: &mut Vec<EventId>,
) -> Result<(), QuestionError> {
    let runs: Vec<EventId> = (contract.event_ids())
        .filter(|&e| contract.event(e).run.is_some())
        .collect();
    for _ in 0..runs.len() {
        for &e in &runs {
            let r = contract.event(e).run.as_ref().expect("a run");
            let value = |k: i64| inputs.at(r.input, k).map(|a| a.value);
            let anchor = scenario.date(r.anchor);
            match r.decided(anchor, &value) {
                Some(day) if !assumed.contains(&e) => {
                    scenario.set(e, day);
                    if !decided.contains(&e) {
                        decided.push(e);
                    }
                }
                Some(day) if scenario.date(e) != day => {
                    return Err(run_otherwise(contract, e, scenario.date(e), day, anchor));
                }
                Some(_) => {}
                None => {
                    let last = (inputs.1.keys())
                        .filter(|(i, _)| *i == r.input)
                        .map(|&(_, k)| k)
                        .max()
                        .unwrap_or(i64::MIN);
                    if r.admits(anchor, scenario.date(e), &value, last) {
                        continue;
                    }
                    if assumed.contains(&e) {
                        return Err(run_otherwise(contract, e, scenario.date(e), None, anchor));
                    }
                    return Err(run_undecided(contract, e, anchor, &value));
                }
            }
        }
    }
    Ok(())
}

/// An event a run of periods decides, not assumed, whose values given
/// decide neither its day nor that it never happens: a run closes for
/// every value of the first period not given.
fn run_undecided(
    contract: &Contract,
    e: EventId,
    anchor: Option<Day>,
    value: &dyn Fn(i64) -> Option<rust_decimal::Decimal>,
) -> QuestionError {
    let name = &contract.event(e).named.name;
    let r = contract.event(e).run.as_ref().expect("a run");
    let input = &contract.input(r.input).named.name;
    let first = anchor.map(|a| r.first(a)).unwrap_or_default();
    let missing = match r.walk(first, &|k| value(k).map(|v| r.holds(v))) {
        Some(crate::model::run::Walk::Unknown(k)) => {
            format!("`{input}[{}]`", print::period_label(r.period.kind, k))
        }
        _ => format!("a value of `{input}`"),
    };
    QuestionError::new(
        format!(
            "the values of `{input}` assumed do not decide `{name}`: {missing} is not given, and \
             `{name}` cannot be never, since the values given close a run of {} consecutive {}s \
             whatever the others are",
            r.count, r.period.name
        ),
        Some(format!(
            "give {missing}, or assume the day of `{name}` (`--assume {name}=…`)"
        )),
    )
}

/// An event a run of periods decides, assumed on a day the run cannot
/// give it: the anchor's day and the periods' values assumed give another
/// (`decided`), or no values of the periods not assumed give that one.
fn run_otherwise(
    contract: &Contract,
    e: EventId,
    assumed: Option<Day>,
    decided: Option<Day>,
    anchor: Option<Day>,
) -> QuestionError {
    let event = contract.event(e);
    let name = &event.named.name;
    let r = event.run.as_ref().expect("a run");
    let anchor_name = &contract.event(r.anchor).named.name;
    let input = &contract.input(r.input).named.name;
    let when = match assumed {
        Some(d) => format!("on {d}"),
        None => "never to happen".to_string(),
    };
    let why = match (decided, anchor) {
        (Some(d), _) => format!(
            "the values of `{input}` assumed close the first run of {} consecutive {}s after \
             `{anchor_name}` in which `{}` holds on {d}",
            r.count, r.period.name, r.written
        ),
        (None, None) => format!("`{anchor_name}` never happens, so neither does `{name}`"),
        (None, Some(a)) => format!(
            "it can only happen at the end of a {} from {} on (the end of the {} {}s after the \
             one `{anchor_name}` happens in), and the values of `{input}` assumed close no first run \
             of {} there",
            r.period.name,
            r.earliest(a),
            r.count,
            r.period.name,
            r.count
        ),
    };
    QuestionError::new(
        format!("`{name}` is assumed {when}, but {why}"),
        Some(format!(
            "leave out `--assume {name}=…` and give the values of `{input}` for each {} after \
             `{anchor_name}` (`--assume \"{input}[LABEL]=…\"`): the run decides the day",
            r.period.name
        )),
    )
}

/// An event assumed on a day its inputs, also assumed, do not give it.
fn decided_otherwise(
    contract: &Contract,
    e: EventId,
    assumed: Option<Day>,
    decided: Option<Day>,
    values: &Valuation,
) -> QuestionError {
    let name = &contract.event(e).named.name;
    let t = contract.event(e).defined.as_ref().expect("a decided event");
    let comparison = format!(
        "{} {} {}",
        print::expression_in(&t.left, values),
        t.op.as_str(),
        print::expression_in(&t.right, values)
    );
    let (verdict, then) = match decided {
        Some(d) => ("holds", format!("`{name}` happens on {d}")),
        None => ("does not hold", format!("`{name}` never happens")),
    };
    QuestionError::new(
        format!(
            "`{name}` is assumed {}, but the inputs assumed decide it: {comparison} {verdict}, so {then}",
            match assumed {
                Some(d) => format!("on {d}"),
                None => "never to happen".to_string(),
            }
        ),
        Some(format!(
            "leave out `--assume {name}=…` (the inputs decide it), or assume other values for the inputs it reads"
        )),
    )
}

/// `--assume INPUT=VALUE`, `--assume INPUT[PERIOD]=VALUE`: the input, the
/// period's index for an input that has one value per period, and the
/// value, checked against the input's type; `None` if the name is not an
/// input's.
fn input_assumption(
    contract: &Contract,
    text: &str,
) -> Result<Option<(InputId, Option<i64>, Amount)>, QuestionError> {
    let Some((name, value)) = text.split_once('=') else {
        return Ok(None);
    };
    let (name, value) = (name.trim(), value.trim());
    let (base, label) = match name.split_once('[') {
        Some((base, rest)) => (base.trim(), Some(rest.trim_end_matches(']').trim())),
        None => (name, None),
    };
    let Some(input) = contract.find_input(base) else {
        return Ok(None);
    };
    let declared = contract.input(input);
    let period = match (label, &declared.per) {
        (None, None) => None,
        (Some(label), Some(p)) => match p.kind.parse_label(label) {
            Some(k) => Some(k),
            None => {
                return Err(QuestionError::new(
                    format!("`{label}` is not a label of a period `{}`", p.name),
                    Some(format!(
                        "`{base}` has one value per `{}`: name one, as in `--assume {base}[{}]=…`",
                        p.name,
                        print::example_label(p.kind)
                    )),
                ))
            }
        },
        (None, Some(p)) => {
            return Err(QuestionError::new(
                format!("`{base}` has one value per `{}`, not one in all", p.name),
                Some(format!(
                    "name the period of each value, as in `--assume {base}[{}]={}`",
                    print::example_label(p.kind),
                    value
                )),
            ))
        }
        (Some(_), None) => {
            return Err(QuestionError::new(
                format!("input `{base}` has one value, not one per period"),
                Some(format!("write `--assume {base}={value}`")),
            ))
        }
    };
    let unit = &contract.input(input).unit;
    let example = match unit {
        Unit::Money(c) => format!("{c} 1,200,000` or `{c} 1.2 million"),
        Unit::Percent => "7.5 %".to_string(),
        Unit::Number => "25".to_string(),
    };
    let help = Some(format!(
        "`{name}` is {}: write `--assume {name}={example}`",
        unit.words()
    ));
    let Some(amount) = parse_sum(value) else {
        return Err(QuestionError::new(
            format!("`{value}` is not an amount"),
            help,
        ));
    };
    if &amount.unit != unit {
        return Err(QuestionError::new(
            format!(
                "`{name}` is {}, but `{value}` is {}",
                unit.words(),
                amount.unit.words()
            ),
            help,
        ));
    }
    Ok(Some((input, period, amount)))
}

/// The values of the named amounts and sums over schedules in one
/// scenario: the inputs it gives, and its instalments (an instalment is
/// owed when its window has a day; its discharge event's day is its
/// payment), which sums over a schedule read.
pub fn scenario_values(contract: &Contract, inputs: InputValues, scenario: &Scenario) -> Valuation {
    let owed = |id: ClauseId| window_interval(&contract.clause(id).window, scenario).is_some();
    let day = |e: EventId| scenario.date(e);
    let instalments = crate::model::input::Instalments {
        owed: &owed,
        day: &day,
    };
    Valuation::in_scenario(contract, inputs, Some(&instalments))
}

/// A sum of amounts written on the command line (`USD 1,200 + USD 900`),
/// as a question gives a figure in parts; all of one kind.
fn parse_sum(text: &str) -> Option<Amount> {
    let mut total: Option<Amount> = None;
    for part in text.split('+') {
        let a = parse_amount(part)?;
        total = Some(match total {
            None => a,
            Some(t) if t.unit == a.unit => {
                Amount::new(t.unit, crate::model::amount::add(t.value, a.value)?)
            }
            Some(_) => return None,
        });
    }
    total
}

/// An amount written on the command line as in a contract: `USD 1.2
/// million`, `USD 1,200,000`, `7.5 %`, `25`; a minus sign may lead the
/// number.
pub fn parse_amount(text: &str) -> Option<Amount> {
    let text = text.trim();
    let (unit, rest) = if let Some(n) = text.strip_suffix('%') {
        (Unit::Percent, n.trim())
    } else {
        match text.split_once(' ') {
            Some((cur, rest)) if cur.len() == 3 && cur.bytes().all(|b| b.is_ascii_uppercase()) => {
                (Unit::Money(cur.to_string()), rest.trim())
            }
            _ => (Unit::Number, text),
        }
    };
    let (number, scale) = match rest.split_once(' ') {
        Some((n, s)) if matches!(s.trim(), "thousand" | "million" | "billion" | "trillion") => {
            (n, Some(s.trim()))
        }
        Some(_) => return None,
        None => (rest, None),
    };
    let (negative, digits) = match number.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, number),
    };
    let whole = digits.split('.').next().unwrap_or("");
    let well_formed = !digits.is_empty()
        && digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || b"._,".contains(&b))
        && digits.matches('.').count() <= 1
        && !digits.ends_with('.')
        // Commas group exactly three digits, as in a contract.
        && whole.split(',').skip(1).all(|g| g.len() == 3)
        && !digits.split('.').nth(1).is_some_and(|f| f.contains(','));
    if !well_formed {
        return None;
    }
    let value = crate::model::amount::literal(digits, scale)?;
    Some(Amount::new(unit, if negative { -value } else { value }))
}

fn parse_assumption(
    contract: &Contract,
    text: &str,
) -> Result<(EventId, Option<Day>), QuestionError> {
    let Some((name, value)) = text.split_once('=') else {
        return Err(QuestionError::new(
            format!("`--assume {text}` does not say when"),
            Some("write `--assume EVENT=YYYY-MM-DD` or `--assume EVENT=never`".into()),
        ));
    };
    let (name, value) = (name.trim(), value.trim());
    let event = contract.find_event(name).ok_or_else(|| {
        let names = contract.events.iter().map(|e| e.named.name.as_str());
        let help = did_you_mean(name, names.clone()).or_else(|| {
            let all: Vec<String> = names.map(|n| format!("`{n}`")).collect();
            Some(if all.is_empty() {
                "this contract declares no events".into()
            } else {
                format!("the events are {}", all.join(", "))
            })
        });
        QuestionError::new(format!("unknown event `{name}`"), help)
    })?;
    let date = match value {
        "never" => None,
        v => Some(parse_day(v, &format!("the day of `{name}`"))?),
    };
    Ok((event, date))
}

/// Rejects a scenario that breaks an ordering constraint (the rule is
/// [`Scenario::broken_order`]), saying how to fix it.
fn check_order(
    contract: &Contract,
    scenario: &Scenario,
    assumed: &[EventId],
) -> Result<(), QuestionError> {
    let Some(broken) = scenario.broken_order(contract) else {
        return Ok(());
    };
    let name = &contract.event(broken.event).named.name;
    let help = match broken.rule {
        Rule::Follows { other, strict } => {
            let other_name = &contract.event(other).named.name;
            if assumed.contains(&other) {
                let relation = if strict { "after" } else { "on or after" };
                format!(
                    "`{name}` can only happen {relation} `{other_name}`; change one of the days"
                )
            } else {
                let example = if strict {
                    broken.day.pred()
                } else {
                    broken.day
                };
                format!(
                    "`{other_name}` is not assumed, so it never happens; add `--assume {other_name}={example}` (or an earlier day)"
                )
            }
        }
        Rule::Window { index, .. } => {
            let window = &contract.event(broken.event).windows[index].window;
            format!(
                "`{name}` can only happen {}: assume another day for it, or `never`, or change the days of the events the window counts from",
                print::window(contract, window)
            )
        }
    };
    Err(QuestionError::new(
        print::broken_order(contract, &broken),
        Some(help),
    ))
}

fn find_party(contract: &Contract, name: &str) -> Result<PartyId, QuestionError> {
    contract.find_party(name).ok_or_else(|| {
        let names = contract.parties.iter().map(|p| p.name.as_str());
        QuestionError::new(format!("unknown party `{name}`"), did_you_mean(name, names))
    })
}

fn find_subject(contract: &Contract, path: &str) -> Result<(String, SubjectSet), QuestionError> {
    let t = &contract.subjects;
    match t.get(path) {
        Some(id) => Ok((path.to_string(), t.set_of(id))),
        None => Err(QuestionError::new(
            format!("unknown subject `{path}`"),
            did_you_mean(path, t.paths()),
        )),
    }
}

// ---------------------------------------------------------------- answer

/// The answer to a [`Question`]: what `pactum query --format json` prints
/// (docs/query.md).
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The title of the queried file, if it has one.
    pub contract: Option<String>,
    /// The day asked about.
    pub at: Day,
    /// Every event: its day, or `"never"`.
    pub scenario: BTreeMap<String, String>,
    /// The events given with `--assume`; the others never happen.
    pub assumed: Vec<String>,
    /// The inputs given with `--assume`, each with its value in words
    /// (`USD 1,200,000`); omitted when the contract declares no input.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub inputs: BTreeMap<String, String>,
    /// The events the assumed inputs decide (`on DATE when COMPARISON`);
    /// omitted when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decided: Vec<String>,
    /// The party filter, if any.
    pub party: Option<String>,
    /// The subject filter, as written, if any.
    pub subject: Option<String>,
    /// The filter on the party norms are directed to, if any.
    pub to: Option<String>,
    /// The norms active on the day, filtered, in clause order.
    pub norms: Vec<NormAnswer>,
    /// For each pair of those norms where one takes precedence over the
    /// other where both apply, which one prevails there.
    pub precedence: Vec<PrecedenceAnswer>,
    /// The facts in force on the day (filters do not apply to facts).
    pub facts: Vec<FactAnswer>,
    /// Every named amount that depends on inputs, computed with the inputs
    /// given (filters do not apply); omitted when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amounts: Vec<NamedAmountAnswer>,
    /// The late-payment interest of every late obligation of the scenario
    /// (of the party asked about), accrued through the day asked about or
    /// through the day before its payment ([`super::interest`]); omitted
    /// when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interest: Vec<super::interest::InterestAnswer>,
}

/// One active norm in an [`Answer`].
#[derive(Debug, Clone, Serialize)]
pub struct NormAnswer {
    /// The clause id.
    pub clause: String,
    /// Its `source` references.
    pub sources: Vec<String>,
    /// The party the norm binds.
    pub party: String,
    /// `may`, `must` or `must_not`.
    pub modality: &'static str,
    /// Written `only`.
    pub exclusive: bool,
    /// The action.
    pub action: String,
    /// The subjects after exclusions, as the fewest dotted paths.
    pub subjects: Vec<String>,
    /// The `to` and `on` limits.
    pub qualifiers: Qualifiers,
    /// The window as written, if it was.
    pub window: Option<String>,
    /// The first day the norm is active; `null` when it reaches back forever.
    pub from: Option<Day>,
    /// The first day it is no longer active; `null` when it never ends.
    pub until: Option<Day>,
    /// Active clauses this one takes precedence over here, where that
    /// applies to what was asked about.
    pub overrides: Vec<String>,
    /// Active clauses that take precedence over this one here, where that
    /// applies to what was asked about.
    pub overridden_by: Vec<String>,
    /// The norm in words ([`crate::print::norm`]).
    pub norm: String,
    /// The days it is active in this scenario, in words, last day included
    /// ([`crate::print::interval`]).
    pub in_force: String,
    /// What the obligation is for (`amount …`), computed exactly; absent
    /// when the clause states no amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountAnswer>,
}

/// A clause's amount in an [`Answer`]: its exact value and how it was
/// computed.
#[derive(Debug, Clone, Serialize)]
pub struct AmountAnswer {
    /// The exact value as a decimal string (`"666666.66"`): a JSON number
    /// would lose digits in most readers; `null` when it depends on an
    /// input the question does not give.
    pub value: Option<String>,
    /// The currency code, `%`, or `null` for a plain number.
    pub unit: Option<String>,
    /// The amount in words, e.g. `USD 2,000` ([`crate::print::amount`]).
    pub text: String,
    /// The expression as written, each named amount in it with its value
    /// ([`crate::print::expression`]).
    pub expression: String,
    /// The amount and how it was computed ([`crate::print::computed`]),
    /// or what it waits for.
    pub computed: String,
    /// The inputs it depends on that the question does not give; omitted
    /// when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_inputs: Vec<String>,
}

impl AmountAnswer {
    /// The answer for a clause's amount; `None` if it has none or its
    /// value could not be computed (a diagnostic says why).
    pub fn of(c: &Contract, a: &crate::model::ClauseAmount) -> Option<AmountAnswer> {
        AmountAnswer::in_scenario(c, a, &Valuation::new(c, InputValues::none(c)))
    }

    /// The answer for a clause's amount with the inputs of a scenario: its
    /// value, or, when it depends on inputs the scenario does not give,
    /// which ones (never a guess); `None` if it has no value for another
    /// reason (a diagnostic says why).
    pub fn in_scenario(
        c: &Contract,
        a: &crate::model::ClauseAmount,
        values: &Valuation,
    ) -> Option<AmountAnswer> {
        AmountAnswer::of_expr(c, &a.expr, a.value.clone(), values)
    }

    /// The answer for an amount expression whose value in the model is
    /// `value` (`None` when it has none there), in a scenario.
    fn of_expr(
        c: &Contract,
        expr: &crate::model::amount::Expr,
        value: Option<Amount>,
        values: &Valuation,
    ) -> Option<AmountAnswer> {
        let expression = print::expression_in(expr, values);
        let Some(v) = value.or_else(|| values.eval(expr).ok()) else {
            let missing = crate::model::input::missing(c, expr, &values.inputs);
            // No single value: a schedule or an escalation has one per
            // period, and only an instalment has a period.
            let why = match print::period_dependence(c, expr) {
                Some(why) => why,
                None => print::missing_inputs(c, expr, values)?,
            };
            return Some(AmountAnswer {
                value: None,
                unit: None,
                text: why.clone(),
                computed: format!("{expression}: {why}"),
                expression,
                missing_inputs: missing,
            });
        };
        Some(AmountAnswer {
            value: Some(v.value.normalize().to_string()),
            unit: match &v.unit {
                crate::model::Unit::Money(cur) => Some(cur.clone()),
                crate::model::Unit::Percent => Some("%".to_string()),
                crate::model::Unit::Number => None,
            },
            text: print::amount(&v),
            computed: print::computed_in(expr, &v, values),
            expression,
            missing_inputs: Vec::new(),
        })
    }
}

/// A named amount that depends on inputs, in an [`Answer`]: its value with
/// the inputs the question gives, or which it waits for.
#[derive(Debug, Clone, Serialize)]
pub struct NamedAmountAnswer {
    /// The amount's name.
    pub name: String,
    /// Its value and how it was computed.
    pub amount: AmountAnswer,
}

/// One pair of active norms of an [`Answer`] where one takes precedence
/// over the other (it `overrides` it or is an `exception to` it).
#[derive(Debug, Clone, Serialize)]
pub struct PrecedenceAnswer {
    /// The clause that takes precedence: it prevails where both apply.
    pub prevails: String,
    /// The clause it prevails over.
    pub over: String,
    /// The subjects both apply to (as far as the question asks about), as
    /// the fewest dotted paths.
    pub subjects: Vec<String>,
    /// The `to` and `on` scopes both apply to; `null` means not limited.
    pub qualifiers: Qualifiers,
    /// Whether the two say opposite things there ([`super::denies`]), so
    /// that `over` gives way; `false` when they agree (`must` over `may`)
    /// and both hold. An exclusive right that another party's permission
    /// overrides loses its exclusivity there, not its holder's own right.
    pub contrary: bool,
}

/// `to` and `on` limits; `null` means no limit.
#[derive(Debug, Clone, Serialize)]
pub struct Qualifiers {
    /// The parties the norm is directed to.
    pub to: Option<Vec<String>>,
    /// The qualifiers it is limited to.
    pub on: Option<Vec<String>>,
}

/// One fact in force in an [`Answer`].
#[derive(Debug, Clone, Serialize)]
pub struct FactAnswer {
    /// The fact id.
    pub name: String,
    /// The quantity it gives a value.
    pub quantity: String,
    /// The number; `null` for `tbd`.
    pub value: Option<f64>,
    /// `%`, a currency code, or `null` for plain numbers and `tbd`.
    pub unit: Option<String>,
    /// The value as written, e.g. `27 %` or `USD 250 billion`.
    pub text: String,
    /// The window as written, if it was.
    pub window: Option<String>,
    /// The first day the fact is in force; `null` when it reaches back forever.
    pub from: Option<Day>,
    /// The first day it is no longer in force; `null` when it never ends.
    pub until: Option<Day>,
    /// The days it is in force in this scenario, in words.
    pub in_force: String,
}

/// The parties two `to` scopes have in common, through party groups: where
/// one names a group and the other a member of it, the member (the narrower
/// of the two); `None` admits every party.
fn meet_parties(c: &Contract, a: &Scope<PartyId>, b: &Scope<PartyId>) -> Scope<PartyId> {
    let (Some(a), Some(b)) = (a, b) else {
        return a.clone().or_else(|| b.clone());
    };
    let mut out = Vec::new();
    for &x in a {
        for &y in b {
            let common = if c.party_includes(x, y) {
                Some(y)
            } else if c.party_includes(y, x) {
                Some(x)
            } else {
                None
            };
            if let Some(p) = common.filter(|p| !out.contains(p)) {
                out.push(p);
            }
        }
    }
    Some(out)
}

fn names<T: Copy>(scope: &Scope<T>, name: impl Fn(T) -> String) -> Option<Vec<String>> {
    scope
        .as_ref()
        .map(|ids| ids.iter().map(|&i| name(i)).collect())
}

fn written(loaded: &Loaded, file: FileId, window: &Window) -> Option<String> {
    let span = window.span.clone()?;
    let text = loaded.sources.text(file).get(span)?;
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A clause's window as written, with its `when` and `unless` lines, which
/// narrow it.
fn written_clause(loaded: &Loaded, clause: &crate::model::Clause) -> Option<String> {
    let file = clause.named.span.file;
    let mut parts: Vec<String> = written(loaded, file, &clause.window).into_iter().collect();
    for line in &clause.conditions {
        let text = loaded
            .sources
            .text(line.span.file)
            .get(line.span.range.clone());
        parts.extend(text.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The answer to `q` about the contract `loaded` holds (its text gives the
/// windows as written): the state on the question's day in its scenario,
/// filtered.
pub fn answer(loaded: &Loaded, q: &Question) -> Answer {
    let c = &loaded.contract;
    let st = state(c, q.day, &q.scenario);
    let values = scenario_values(c, q.inputs.clone(), &q.scenario);
    let name = |id: ClauseId| c.clause(id).named.name.clone();
    // Precedence between two norms holds where both apply; an override is
    // shown only if that common part meets what was asked about (a carve-out
    // for one product does not override a clause on every other product).
    let applies_here = |a: ClauseId, b: ClauseId| {
        let (x, y) = (&c.clause(a).norm, &c.clause(b).norm);
        q.about(&x.subjects.intersect(&y.subjects)) && q.reaches(c, &x.to) && q.reaches(c, &y.to)
    };
    let shown = |n: &&super::ActiveNorm| {
        let norm = &c.clause(n.clause).norm;
        // A norm of a group binds each member: asked about a party, the
        // norms of the groups it belongs to apply to it too.
        q.party.is_none_or(|p| c.parties_overlap(norm.party, p))
            && q.about(&norm.subjects)
            && q.reaches(c, &norm.to)
    };
    // Every pair in which a shown norm takes part, once, in clause order of
    // the norm that gives way.
    // Like the subjects, the parties shown are those asked about (`--to`).
    let to_asked = |scope: &Scope<PartyId>| meet_parties(c, scope, &q.to.map(|p| vec![p]));
    let mut precedence = Vec::new();
    for n in &st.norms {
        for &o in &n.overridden_by {
            let pair_shown = shown(&n) || st.norms.iter().any(|m| m.clause == o && shown(&m));
            if !pair_shown || !applies_here(o, n.clause) {
                continue;
            }
            let (over, under) = (&c.clause(o).norm, &c.clause(n.clause).norm);
            let mut both = over.subjects.intersect(&under.subjects);
            if let Some((_, asked)) = &q.subject {
                both = both.intersect(asked);
            }
            precedence.push(PrecedenceAnswer {
                prevails: name(o),
                over: name(n.clause),
                subjects: c.subjects.describe(&both),
                qualifiers: Qualifiers {
                    to: names(&to_asked(&meet_parties(c, &over.to, &under.to)), |p| {
                        c.party(p).name.clone()
                    }),
                    on: names(&super::meet(&over.on, &under.on), |q| {
                        c.qualifier(q).name.clone()
                    }),
                },
                contrary: super::denies(c, over, under, true),
            });
        }
    }
    let norms = st
        .norms
        .iter()
        .filter(shown)
        .map(|n| {
            let clause = c.clause(n.clause);
            let norm = &clause.norm;
            let overrides = st
                .norms
                .iter()
                .filter(|o| o.overridden_by.contains(&n.clause))
                .filter(|o| applies_here(o.clause, n.clause))
                .map(|o| name(o.clause))
                .collect();
            let overridden_by = n
                .overridden_by
                .iter()
                .filter(|&&o| applies_here(o, n.clause))
                .map(|&o| name(o))
                .collect();
            NormAnswer {
                clause: clause.named.name.clone(),
                sources: clause.sources.clone(),
                party: c.party(norm.party).name.clone(),
                modality: norm.modality.as_str(),
                exclusive: norm.exclusive,
                action: c.action(norm.action).name.clone(),
                subjects: c.subjects.describe(&norm.subjects),
                qualifiers: Qualifiers {
                    to: names(&norm.to, |p| c.party(p).name.clone()),
                    on: names(&norm.on, |q| c.qualifier(q).name.clone()),
                },
                window: written_clause(loaded, clause),
                from: n.interval.from,
                until: n.interval.until,
                overrides,
                overridden_by,
                norm: print::norm(c, norm),
                in_force: print::interval(&n.interval),
                amount: (clause.amount.as_ref())
                    .and_then(|a| AmountAnswer::in_scenario(c, a, &values)),
            }
        })
        .collect();
    let facts = st
        .facts
        .iter()
        .map(|&f| {
            let fact = c.fact(f);
            let interval = window_interval(&fact.window, &q.scenario);
            FactAnswer {
                name: fact.named.name.clone(),
                quantity: c.quantity(fact.quantity).named.name.clone(),
                value: fact.value.number(),
                unit: fact.value.unit(),
                text: fact.value.to_string(),
                window: written(loaded, fact.named.span.file, &fact.window),
                from: interval.and_then(|i| i.from),
                until: interval.and_then(|i| i.until),
                in_force: interval.map_or_else(|| "on no day".to_string(), |i| print::interval(&i)),
            }
        })
        .collect();
    Answer {
        contract: c.versions.last().and_then(|v| v.title.clone()),
        at: q.day,
        scenario: c
            .event_ids()
            .map(|e| {
                let when = print::day_or_never(q.scenario.date(e));
                (c.event(e).named.name.clone(), when)
            })
            .collect(),
        assumed: q
            .assumed
            .iter()
            .map(|&e| c.event(e).named.name.clone())
            .collect(),
        inputs: (c.inputs.iter().enumerate())
            .filter_map(|(i, input)| {
                let v = q.inputs.get(InputId(i as u32))?;
                Some((input.named.name.clone(), print::amount(&v)))
            })
            .chain(q.inputs.1.iter().map(|((id, k), v)| {
                let input = c.input(*id);
                let kind = input.per.as_ref().map(|p| p.kind);
                let label =
                    kind.map_or_else(|| k.to_string(), |kind| print::period_label(kind, *k));
                (format!("{}[{label}]", input.named.name), print::amount(v))
            }))
            .collect(),
        decided: (q.decided.iter())
            .map(|&e| c.event(e).named.name.clone())
            .collect(),
        party: q.party.map(|p| c.party(p).name.clone()),
        subject: q.subject.as_ref().map(|(s, _)| s.clone()),
        to: q.to.map(|p| c.party(p).name.clone()),
        norms,
        precedence,
        facts,
        amounts: (c.amounts.iter())
            .enumerate()
            .filter(|(_, a)| {
                !crate::model::input::inputs_used(c, &a.expr).is_empty()
                    || crate::model::input::sums_over_schedule(c, &a.expr)
            })
            .filter_map(|(i, a)| {
                let id = crate::model::AmountId(i as u32);
                Some(NamedAmountAnswer {
                    name: a.named.name.clone(),
                    amount: AmountAnswer::of_expr(c, &a.expr, values.amount(id), &values)?,
                })
            })
            .collect(),
        interest: super::interest::accrued(c, &q.scenario, q.day, &values, &|id| {
            q.party
                .is_none_or(|p| c.parties_overlap(c.clause(id).norm.party, p))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn load(text: &str) -> Loaded {
        let loaded = crate::model::load_text(Path::new("t.pactum"), text, &mut |_| {
            Err(std::io::ErrorKind::NotFound.into())
        });
        assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
        loaded
    }

    fn ask(loaded: &Loaded, at: &str, assume: &[&str], filters: Filters<'_>) -> Answer {
        let assume: Vec<String> = assume.iter().map(|s| s.to_string()).collect();
        let q = Question::new(&loaded.contract, at, &assume, &filters).expect("a valid question");
        answer(loaded, &q)
    }

    /// A carve-out for one product, and a norm directed to one party.
    const PRODUCTS: &str = "contract \"t\"\n  effective 2025-01-01\n\
        party maker\nparty buyer\nparty agency\naction sell\n\
        subject products { phone, tablet, watch }\n\
        clause sell_all { maker may sell products }\n\
        clause no_watches { maker must not sell products.watch\n  exception to sell_all }\n\
        clause agency_tablets { maker must sell products.tablet to agency }\n";

    fn overridden_by(a: &Answer, clause: &str) -> Vec<String> {
        let n = a
            .norms
            .iter()
            .find(|n| n.clause == clause)
            .expect("the clause is shown");
        n.overridden_by.clone()
    }

    #[test]
    fn an_override_is_shown_only_for_the_subject_it_applies_to() {
        let loaded = load(PRODUCTS);
        let everything = ask(&loaded, "2026-01-01", &[], Filters::default());
        assert_eq!(overridden_by(&everything, "sell_all"), ["no_watches"]);
        let watch = Filters {
            subject: Some("products.watch"),
            ..Filters::default()
        };
        let a = ask(&loaded, "2026-01-01", &[], watch);
        assert_eq!(overridden_by(&a, "sell_all"), ["no_watches"]);
        let exception = a.norms.iter().find(|n| n.clause == "no_watches").unwrap();
        assert_eq!(exception.overrides, ["sell_all"]);
        // The carve-out is about watches: for phones, nothing overrides the
        // permission.
        let phone = Filters {
            subject: Some("products.phone"),
            ..Filters::default()
        };
        let a = ask(&loaded, "2026-01-01", &[], phone);
        assert!(overridden_by(&a, "sell_all").is_empty());
        assert!(a.norms.iter().all(|n| n.clause != "no_watches"));
    }

    #[test]
    fn a_precedence_between_norms_that_agree_is_shown_as_such() {
        let loaded = load(
            "contract \"t\"\n  effective 2025-01-01\nparty maker\nparty rival\naction sell\n\
             subject products { phone, watch }\n\
             clause may_sell { only maker may sell products }\n\
             clause must_sell { maker must sell products.phone\n  overrides may_sell }\n\
             clause rival_watches { rival may sell products.watch\n  exception to may_sell }\n",
        );
        let a = ask(&loaded, "2026-01-01", &[], Filters::default());
        let pairs: Vec<(&str, &str, bool)> = a
            .precedence
            .iter()
            .map(|p| (p.prevails.as_str(), p.over.as_str(), p.contrary))
            .collect();
        assert_eq!(
            pairs,
            [
                ("must_sell", "may_sell", false),
                ("rival_watches", "may_sell", true)
            ]
        );
        assert_eq!(
            print::precedence(&a.precedence[0]),
            "must_sell prevails over may_sell about products.phone (they agree there, so both hold)"
        );
        // Asked about acts directed to the rival: the pairs are about those.
        let towards_rival = Filters {
            to: Some("rival"),
            ..Filters::default()
        };
        let a = ask(&loaded, "2026-01-01", &[], towards_rival);
        assert_eq!(a.precedence.len(), 2);
        assert!(a
            .precedence
            .iter()
            .all(|p| p.qualifiers.to.as_deref() == Some(&["rival".to_string()][..])));
        // Only the rival's norms: the pair it takes part in.
        let rival = Filters {
            party: Some("rival"),
            ..Filters::default()
        };
        let a = ask(&loaded, "2026-01-01", &[], rival);
        assert_eq!(a.precedence.len(), 1);
        assert_eq!(a.precedence[0].prevails, "rival_watches");
    }

    #[test]
    fn to_keeps_norms_directed_to_the_party_or_to_anyone() {
        let loaded = load(PRODUCTS);
        let clauses = |to: &str| -> Vec<String> {
            let f = Filters {
                to: Some(to),
                ..Filters::default()
            };
            ask(&loaded, "2026-01-01", &[], f)
                .norms
                .into_iter()
                .map(|n| n.clause)
                .collect()
        };
        assert_eq!(
            clauses("agency"),
            ["sell_all", "no_watches", "agency_tablets"]
        );
        assert_eq!(clauses("buyer"), ["sell_all", "no_watches"]);
        let a = ask(
            &loaded,
            "2026-01-01",
            &[],
            Filters {
                to: Some("agency"),
                ..Filters::default()
            },
        );
        assert_eq!(a.to.as_deref(), Some("agency"));
        let tablets = a
            .norms
            .iter()
            .find(|n| n.clause == "agency_tablets")
            .unwrap();
        assert_eq!(tablets.norm, "maker must sell products.tablet to agency");
        assert_eq!(tablets.in_force, "from 2025-01-01, with no end");
        let err = Question::new(
            &loaded.contract,
            "2026-01-01",
            &[],
            &Filters {
                to: Some("agensy"),
                ..Filters::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.message, "unknown party `agensy`");
        assert_eq!(err.help.as_deref(), Some("did you mean `agency`?"));
    }

    #[test]
    fn a_scenario_that_breaks_an_ordering_constraint_is_refused() {
        let loaded =
            load("contract \"t\"\nparty p\nevent declared\nevent verified, after declared\n");
        let ask = |assume: &[&str]| {
            let assume: Vec<String> = assume.iter().map(|s| s.to_string()).collect();
            Question::new(&loaded.contract, "2030-01-01", &assume, &Filters::default())
        };
        let err = ask(&["verified=2029-01-01"]).unwrap_err();
        assert_eq!(
            err.message,
            "`verified` on 2029-01-01 must come after `declared`"
        );
        assert!(err
            .help
            .unwrap()
            .contains("add `--assume declared=2028-12-31`"));
        let err = ask(&["verified=2029-01-01", "declared=2029-01-01"]).unwrap_err();
        assert_eq!(
            err.help.as_deref(),
            Some("`verified` can only happen after `declared`; change one of the days")
        );
        assert!(ask(&["verified=2029-01-01", "declared=2028-01-01"]).is_ok());
    }
}
