//! Words for what the library talks about: days and ranges of days, windows
//! and points in time, scenarios, norms, subject sets and amounts.
//!
//! Analysis messages and their help, the query's answer, hover and the
//! `pactum query` command offered with a counterexample all print through
//! this module, so that one thing is said one way everywhere (as Gleam's
//! `type_/printer.rs` serves both its error messages and its hover).
//!
//! **A range of days in words** names its first and its **last** day, both
//! inclusive, although the library keeps windows half-open (docs/semantics.md,
//! "Days in words"): the half-open `[2025-10-28, 2031-01-01)` is "from
//! 2025-10-28 through 2030-12-31". An end that is an event is "through the
//! day before `agi_verified`", because a norm `until agi_verified` is no
//! longer in force on the day of verification. Open ends are said:
//! "from 2025-10-28, with no end", "from the start through 2030-12-31", "at
//! all times"; a single day is "on 2025-10-28".

use std::fmt;

use crate::model::input::Valuation;
use crate::model::InputValues;
use crate::model::{Contract, Day, EventId, Interval, Norm, SubjectSet, TimeExpr, Value, Window};
use crate::semantics::{BrokenOrder, Rule, Scenario};
use crate::syntax::ast::TimeUnit;

// ---------------------------------------------------------------- days

/// A resolved interval in words (see the module comment for the convention):
/// "from 2025-10-28 through 2030-12-31", "on 2025-10-28", "from 2025-10-28,
/// with no end", "from the start through 2030-12-31", "at all times", and
/// "on no day" for an empty interval.
pub fn interval(i: &Interval) -> String {
    if i.is_empty() {
        return "on no day".to_string();
    }
    // Days beyond the calendar are the sentinels of saturated arithmetic:
    // "before every day" and "after every day", that is, no bound.
    let from = i.from.filter(|d| d.in_calendar());
    let until = i.until.filter(|d| d.in_calendar());
    match (from, until) {
        (Some(f), Some(u)) if u == f.succ() => format!("on {f}"),
        _ => range(
            from.map(|d| d.to_string()),
            until.map(|u| u.pred().to_string()),
        ),
    }
}

/// When a resolved window is in force: "in force from 2025-10-28 through
/// 2030-12-31", or why it never is (`None`: it starts with an event that
/// does not happen).
pub fn in_force(i: Option<&Interval>) -> String {
    match i {
        None => "never in force (it starts with an event that does not happen)".to_string(),
        Some(i) if i.is_empty() => "never in force (the window is empty)".to_string(),
        Some(i) => format!("in force {}", interval(i)),
    }
}

/// A range from its first day and its last day, each in words already.
fn range(first: Option<String>, last: Option<String>) -> String {
    match (first, last) {
        (Some(f), Some(l)) => format!("from {f} through {l}"),
        (Some(f), None) => format!("from {f}, with no end"),
        (None, Some(l)) => format!("from the start through {l}"),
        (None, None) => "at all times".to_string(),
    }
}

// ---------------------------------------------------------------- points and windows

/// A window as written, in words, with the same convention as a resolved
/// interval: "from 2025-10-28 through the day before `agi_verified` or
/// 2030-12-31, whichever comes first".
pub fn window(c: &Contract, w: &Window) -> String {
    if let (Some(TimeExpr::Day(f)), Some(TimeExpr::Day(u))) = (&w.from, &w.until) {
        return interval(&Interval {
            from: Some(*f),
            until: Some(*u),
        });
    }
    range(
        w.from.as_ref().map(|p| point(c, p)),
        w.until.as_ref().map(|p| last_day(c, p)),
    )
}

/// A point in time in words: "2031-01-01", "`agi_verified`", "6 months after
/// `agi_declared`", "the earliest of `agi_verified` and 2031-01-01". A point
/// is the start of its day.
pub fn point(c: &Contract, p: &TimeExpr) -> String {
    match p {
        TimeExpr::Day(d) => d.to_string(),
        TimeExpr::Event(e) => format!("`{}`", c.event(*e).named.name),
        TimeExpr::Offset { base, .. } | TimeExpr::BusinessDays { base, .. } => {
            format!("{} {}", offset_words(p), point(c, base))
        }
        TimeExpr::Renewed {
            end,
            period,
            times,
            notice,
            lead,
        } => {
            let span = |(n, unit): (u32, TimeUnit)| {
                format!("{n} {}{}", unit.word(), if n == 1 { "" } else { "s" })
            };
            let limit = match times {
                Some(t) => format!(", at most {t} time{}", if *t == 1 { "" } else { "s" }),
                None => String::new(),
            };
            format!(
                "{} renewed for {} at a time{limit} until `{}` comes at least {} before a \
                 period's end",
                point(c, end),
                span(*period),
                c.event(*notice).named.name,
                span(*lead)
            )
        }
        TimeExpr::Unless {
            point: p,
            event,
            before,
        } => {
            let name = &c.event(*event).named.name;
            if p == before {
                format!("{}, unless `{name}` comes before it", point(c, p))
            } else {
                format!(
                    "{}, unless `{name}` comes before {}",
                    point(c, p),
                    point(c, before)
                )
            }
        }
        // `end of term` when the term has no end: a point that never comes.
        TimeExpr::First(items) if items.is_empty() => "never".to_string(),
        TimeExpr::First(_) => {
            let items: Vec<String> = flat(p).into_iter().map(|i| point(c, i)).collect();
            format!("the earliest of {}", join_and(&items))
        }
        TimeExpr::Last(_) => {
            let items: Vec<String> = flat(p).into_iter().map(|i| point(c, i)).collect();
            format!("the latest of {}", join_and(&items))
        }
    }
}

/// The step of an offset in words, "30 days after" or "2 business days
/// before"; empty for any other point.
fn offset_words(p: &TimeExpr) -> String {
    let (amount, unit, forward) = match p {
        TimeExpr::Offset {
            amount,
            unit,
            forward,
            ..
        } => (*amount, *unit, *forward),
        TimeExpr::BusinessDays {
            amount, forward, ..
        } => (*amount, TimeUnit::BusinessDay, *forward),
        _ => return String::new(),
    };
    let direction = if forward { "after" } else { "before" };
    format!("{} {direction}", duration(amount, unit))
}

/// A duration in words: "1 day", "60 days", "3 years".
pub fn duration(amount: u32, unit: TimeUnit) -> String {
    let plural = if amount == 1 { "" } else { "s" };
    format!("{amount} {}{plural}", unit.word())
}

/// A point in the language's own syntax, for help that says what to write:
/// `2021-01-01`, `launch`, `30 days after launch`, `first(a, b)`.
pub fn point_as_written(c: &Contract, p: &TimeExpr) -> String {
    let list = |items: &[TimeExpr]| {
        let v: Vec<String> = items.iter().map(|i| point_as_written(c, i)).collect();
        v.join(", ")
    };
    match p {
        TimeExpr::Day(d) => d.to_string(),
        TimeExpr::Event(e) => c.event(*e).named.name.clone(),
        TimeExpr::Offset { base, .. } | TimeExpr::BusinessDays { base, .. } => {
            format!("{} {}", offset_words(p), point_as_written(c, base))
        }
        TimeExpr::First(items) => format!("first({})", list(items)),
        TimeExpr::Last(items) => format!("last({})", list(items)),
        // Only the term's end renews, and only a breach is gated.
        TimeExpr::Renewed { .. } => "end of term".to_string(),
        TimeExpr::Unless { point, .. } => point_as_written(c, point),
    }
}

/// The last day before the point `until`, in words: a window ending at
/// `until` is in force through it.
fn last_day(c: &Contract, until: &TimeExpr) -> String {
    match until {
        TimeExpr::Day(d) => d.pred().to_string(),
        TimeExpr::First(_) | TimeExpr::Last(_) => {
            let items: Vec<String> = flat(until).into_iter().map(|i| last_day(c, i)).collect();
            let which = if matches!(until, TimeExpr::First(_)) {
                "first"
            } else {
                "later"
            };
            format!("{}, whichever comes {which}", join_or(&items))
        }
        // `within N days after P` ends the day after its last day: say that day.
        TimeExpr::Offset {
            base,
            amount: 1,
            unit: TimeUnit::Day,
            forward: true,
        } => point(c, base),
        // The day before `N days after P` is `N - 1` days after it.
        TimeExpr::Offset {
            base,
            amount,
            unit: TimeUnit::Day,
            forward: true,
        } if *amount > 1 => point(
            c,
            &TimeExpr::Offset {
                base: base.clone(),
                amount: amount - 1,
                unit: TimeUnit::Day,
                forward: true,
            },
        ),
        _ => format!("the day before {}", point(c, until)),
    }
}

/// The items of a `first` or `last`, with nested ones of the same kind
/// spread out (an amendment's cutoff adds one more `first` around an end):
/// the earliest of the earliest is the earliest of all.
fn flat(p: &TimeExpr) -> Vec<&TimeExpr> {
    let mut out = Vec::new();
    let same = |q: &TimeExpr| {
        matches!(
            (p, q),
            (TimeExpr::First(_), TimeExpr::First(_)) | (TimeExpr::Last(_), TimeExpr::Last(_))
        )
    };
    let mut stack = vec![p];
    while let Some(q) = stack.pop() {
        match q {
            TimeExpr::First(items) | TimeExpr::Last(items) if same(q) => {
                stack.extend(items.iter().rev());
            }
            _ => out.push(q),
        }
    }
    out
}

// ---------------------------------------------------------------- scenarios

/// A scenario in words, for the events a statement depends on: "when
/// `agi_declared` happens on 2026-01-01 and `agi_verified` never happens",
/// "when `agi_declared` and `agi_verified` never happen"; `None` when it
/// depends on no event. Events that happen come first, in declaration order.
///
/// The events that an event that happens must follow, or whose days its
/// windows count from, are named too, with their days, so that the scenario can be asked about as written with `pactum
/// query` (which rejects a scenario whose events break an ordering
/// constraint, and takes events it is not told about to never happen).
pub fn scenario(c: &Contract, s: &Scenario, events: &[EventId]) -> Option<String> {
    worded(c, s, events, false)
}

/// [`scenario`] as a finding shows it, after `analysis::when::telling` has
/// moved it on or after the effective date where an equivalent scenario
/// shows the finding: one still with an event before that date says so.
pub fn shown_scenario(c: &Contract, s: &Scenario, events: &[EventId]) -> Option<String> {
    worded(c, s, events, true)
}

/// [`scenario`], with the note on events before the effective date when
/// `note`.
fn worded(c: &Contract, s: &Scenario, events: &[EventId], note: bool) -> Option<String> {
    let named = scenario_events(c, s, events);
    if named.is_empty() {
        return None;
    }
    let name = |e: EventId| format!("`{}`", c.event(e).named.name);
    let mut parts: Vec<String> = named
        .iter()
        .filter_map(|&e| Some(format!("{} happens on {}", name(e), s.date(e)?)))
        .collect();
    let never: Vec<String> = named
        .iter()
        .filter(|&&e| s.date(e).is_none())
        .map(|&e| name(e))
        .collect();
    match never.len() {
        0 => {}
        1 => parts.push(format!("{} never happens", never[0])),
        _ => parts.push(format!("{} never happen", join_and(&never))),
    }
    // The named events the inputs decide go as the inputs they read do: so
    // the values of those inputs that the scenario carries are named too.
    let given: Vec<String> = scenario_inputs(c, s, &named)
        .iter()
        .map(|(name, value)| format!("`{name}` = {value}"))
        .collect();
    // A finding shown with an event before the contract's effective date is
    // one that no scenario moved on or after it showed (`when::telling`
    // tries them first): said, so the early day is not taken for a slip.
    let early = (c.effective())
        .filter(|_| note)
        .filter(|&effective| {
            named
                .iter()
                .any(|&e| s.date(e).is_some_and(|d| d < effective))
        })
        .map(|effective| format!(" {} {effective}{EARLY_NOTE}", EARLY_MARK))
        .unwrap_or_default();
    if given.is_empty() {
        return Some(format!("when {}{early}", join_and(&parts)));
    }
    Some(format!(
        "when {}, given {}{early}",
        join_and(&parts),
        join_and(&given)
    ))
}

/// How [`scenario`] begins its note on a scenario with an event before the
/// contract's effective date (followed by the date and the note's end, `EARLY_NOTE`).
pub const EARLY_MARK: &str = "(before the effective date,";

/// The rest of the note [`EARLY_MARK`] begins.
const EARLY_NOTE: &str = ": moved on or after it, the scenario no longer shows this)";

/// The inputs the events decided by inputs among `events` read, with the
/// values the scenario carries for them (`net_sales`, `USD 20,000,000`;
/// `net_sales[2017-Q2]` for one period's value), in input order; empty when
/// the scenario carries no values that replay it.
fn scenario_inputs(c: &Contract, s: &Scenario, events: &[EventId]) -> Vec<(String, String)> {
    let Some(values) = s.input_values(c) else {
        return Vec::new();
    };
    let mut read = Vec::new();
    for &e in events {
        if let Some(t) = &c.event(e).defined {
            read.extend(crate::model::input::inputs_used(c, &t.left));
            read.extend(crate::model::input::inputs_used(c, &t.right));
        }
    }
    input_assumptions(c, &values)
        .into_iter()
        .filter(|(id, _, _)| read.contains(id))
        .map(|(_, name, value)| (name, value))
        .collect()
}

/// Each input given a value in `values`, with the name `--assume` takes
/// (`net_sales`, `net_sales[2017-Q2]`) and the value in words, in input
/// order (a period's value under the id of the instance the contract names
/// for it, if any).
fn input_assumptions(
    c: &Contract,
    values: &crate::model::input::InputValues,
) -> Vec<(crate::model::InputId, String, String)> {
    let mut out = Vec::new();
    for (i, input) in c.inputs.iter().enumerate() {
        let id = crate::model::InputId(i as u32);
        if input.instance_of.is_some() || input.per.is_some() {
            continue;
        }
        if let Some(v) = values.get(id) {
            out.push((id, input.named.name.clone(), amount(&v)));
        }
    }
    for ((of, k), v) in &values.1 {
        let input = c.input(*of);
        let label =
            (input.per.as_ref()).map_or_else(|| k.to_string(), |p| period_label(p.kind, *k));
        let instance = (c.inputs.iter())
            .position(|i| i.instance_of == Some((*of, *k)))
            .map_or(*of, |i| crate::model::InputId(i as u32));
        out.push((
            instance,
            format!("{}[{label}]", input.named.name),
            amount(v),
        ));
    }
    out
}

/// The values a scenario carries of the inputs that decide events, by the
/// name `--assume` takes (`net_sales`, `net_sales[2017-Q2]`) with the value
/// in words (`USD 20,000,000`); empty when it carries none that replay it.
pub fn scenario_input_values(c: &Contract, s: &Scenario) -> Vec<(String, String)> {
    let Some(values) = s.input_values(c) else {
        return Vec::new();
    };
    input_assumptions(c, &values)
        .into_iter()
        .map(|(_, name, value)| (name, value))
        .collect()
}

/// The `--assume` flags that replay a scenario's input values, and the
/// events those values decide (which are then not assumed by day, as the
/// query refuses that); none when the scenario carries no values.
fn replay_inputs(c: &Contract, s: &Scenario) -> (String, Vec<EventId>) {
    let Some(values) = s.input_values(c) else {
        return (String::new(), Vec::new());
    };
    let valuation = crate::model::input::Valuation::new(c, values.clone());
    let decided = (c.event_ids())
        .filter(|&e| (c.event(e).defined.as_ref()).is_some_and(|t| t.holds(&valuation).is_some()))
        .collect();
    let flags = input_assumptions(c, &values)
        .into_iter()
        .map(|(_, name, value)| format!(" --assume {}", assume_word(&format!("{name}={value}"))))
        .collect();
    (flags, decided)
}

/// One `--assume` value as a shell word: as it is when plain, else in
/// double quotes (names and amounts hold no character special inside them).
fn assume_word(text: &str) -> String {
    let plain = text
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || "_-./:@+,=%".contains(ch));
    if plain {
        text.to_string()
    } else {
        format!("\"{text}\"")
    }
}

/// The events [`scenario`] names for `events`: those, and the events that a
/// happening one must follow that happen too, in declaration order. The
/// JSON output lists the same events, so that both say a replayable
/// scenario. A predecessor that never happens is left out: the finding does
/// not read it, and `pactum query` takes an event not assumed to never
/// happen, so the scenario replays the same without it.
pub fn scenario_events(c: &Contract, s: &Scenario, events: &[EventId]) -> Vec<EventId> {
    let mut named: Vec<EventId> = events.to_vec();
    let mut i = 0;
    while i < named.len() {
        // A happening event is allowed only with the days of the events its
        // constraints name (those it follows and those its windows count
        // from), so they are named too: else the scenario is not replayable.
        if s.date(named[i]).is_some() {
            for other in c.predecessors(named[i]) {
                if s.date(other).is_some() && !named.contains(&other) {
                    named.push(other);
                }
            }
        }
        i += 1;
    }
    named.sort();
    named.dedup();
    named
}

/// A range of days in a scenario: "from 2025-10-28 through 2030-12-31, when
/// `agi_verified` never happens".
pub fn interval_in(c: &Contract, i: &Interval, s: &Scenario, events: &[EventId]) -> String {
    let range = interval(i);
    match shown_scenario(c, s, events) {
        Some(s) => format!("{range}, {s}"),
        None => range,
    }
}

/// The `pactum query` command that shows the state on `day` in the scenario:
/// every event of the contract is assumed, those that do not happen as
/// `never`, so the command says the whole scenario and the query accepts it
/// as written. `file` is the contract's path (`FILE` when unknown), quoted
/// for a shell when it needs to be. The input values the scenario carries
/// are assumed (`--assume "net_sales=USD 20,000,000"`), and the events they
/// decide are then left to them, as the query refuses a day for those.
pub fn query_command(c: &Contract, file: Option<&str>, day: Day, s: &Scenario) -> String {
    let file = file.map_or_else(|| "FILE".to_string(), shell_word);
    let mut command = format!("pactum query {file} --at {day}");
    let (inputs, decided) = replay_inputs(c, s);
    command.push_str(&inputs);
    for e in c.event_ids().filter(|e| !decided.contains(e)) {
        let when = day_or_never(s.date(e));
        command.push_str(&format!(" --assume {}={when}", c.event(e).named.name));
    }
    command
}

/// [`query_command`] naming only the events a statement is about (`events`,
/// each with its day or `never`) and every event that happens in the
/// scenario: the query takes the others to never happen, as they do in it.
/// The input values the scenario carries are assumed too, and the events
/// they decide are then not assumed by day.
pub fn query_command_about(
    c: &Contract,
    file: Option<&str>,
    day: Day,
    s: &Scenario,
    events: &[EventId],
) -> String {
    let file = file.map_or_else(|| "FILE".to_string(), shell_word);
    let mut command = format!("pactum query {file} --at {day}");
    let (inputs, decided) = replay_inputs(c, s);
    // The inputs are needed only when an event they decide is named or
    // happens: without them the query takes the others never to happen, as
    // the values do.
    let named = |e: &EventId| events.contains(e) || s.date(*e).is_some();
    let decided = if decided.iter().any(named) {
        command.push_str(&inputs);
        decided
    } else {
        Vec::new()
    };
    for e in c.event_ids().filter(|e| !decided.contains(e)) {
        if named(&e) {
            let when = day_or_never(s.date(e));
            command.push_str(&format!(" --assume {}={when}", c.event(e).named.name));
        }
    }
    command
}

/// When an event happens, as `--assume` takes it: the day, or `never`.
pub fn day_or_never(day: Option<Day>) -> String {
    day.map_or_else(|| "never".to_string(), |d| d.to_string())
}

/// `text` as one shell word: as it is when it holds only characters no shell
/// treats specially, else in single quotes.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "_-./:@+,=%".contains(ch));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// A constraint a scenario breaks: "`agi_verified` on 2029-01-01 must come
/// on or after `agi_declared`", "`cured` on 2017-09-05 must come from
/// 2017-07-03 through 2017-09-01".
pub fn broken_order(c: &Contract, b: &BrokenOrder) -> String {
    let event = &c.event(b.event).named.name;
    match b.rule {
        Rule::Follows { other, strict } => {
            let relation = if strict { "after" } else { "on or after" };
            format!(
                "`{event}` on {} must come {relation} `{}`",
                b.day,
                c.event(other).named.name
            )
        }
        Rule::Window {
            interval: Some(i), ..
        } if !i.is_empty() => format!("`{event}` on {} must come {}", b.day, interval(&i)),
        Rule::Window { .. } => format!(
            "`{event}` cannot happen in this scenario: the window it must happen in never opens"
        ),
    }
}

// ---------------------------------------------------------------- norms

/// A norm as Pactum writes it, after exclusions and with names resolved:
/// `only microsoft may use openai_ip.models, openai_ip.products to us_natsec
/// on azure`. Front ends put it in backticks where they use Markdown.
pub fn norm(c: &Contract, n: &Norm) -> String {
    let only = if n.exclusive { "only " } else { "" };
    let subjects = c.subjects.describe(&n.subjects);
    let subjects = if subjects.is_empty() {
        "nothing".to_string()
    } else {
        subjects.join(", ")
    };
    let mut out = format!(
        "{only}{} {} {} {subjects}",
        c.party(n.party).name,
        n.modality.words(),
        c.action(n.action).name
    );
    if let Some(to) = &n.to {
        let names: Vec<&str> = to.iter().map(|&p| c.party(p).name.as_str()).collect();
        out.push_str(&format!(" to {}", names.join(", ")));
    }
    if let Some(on) = &n.on {
        let names: Vec<&str> = on.iter().map(|&q| c.qualifier(q).name.as_str()).collect();
        out.push_str(&format!(" on {}", names.join(", ")));
    }
    out
}

/// A subject set as the fewest paths, each in backticks, for prose:
/// "`openai_ip.models`, `openai_ip.products` and `compute`"; "nothing" for
/// the empty set.
pub fn subjects(c: &Contract, set: &SubjectSet) -> String {
    let list: Vec<String> = c
        .subjects
        .describe(set)
        .into_iter()
        .map(|p| format!("`{p}`"))
        .collect();
    if list.is_empty() {
        "nothing".to_string()
    } else {
        join_and(&list)
    }
}

// ---------------------------------------------------------------- lists

/// "a", "a and b", "a, b and c".
pub fn join_and(parts: &[String]) -> String {
    join(parts, "and")
}

/// "a", "a or b", "a, b or c".
pub fn join_or(parts: &[String]) -> String {
    join(parts, "or")
}

fn join(parts: &[String], word: &str) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

// ---------------------------------------------------------------- values

/// A value as written: `27 %`, `USD 250 billion` (an amount keeps its scale
/// word, it is not expanded), `tbd`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Tbd => f.write_str("tbd"),
            Value::Percent { value } => write!(f, "{value} %"),
            Value::Money {
                currency, written, ..
            } => write!(f, "{currency} {written}"),
            Value::Number { value } => write!(f, "{value}"),
        }
    }
}

/// One precedence of a query answer in words: `natsec_api prevails over
/// azure_api_exclusivity about api_products to us_natsec on other_cloud`,
/// with what it means when the two agree.
pub fn precedence(p: &crate::semantics::query::PrecedenceAnswer) -> String {
    let mut about = if p.subjects.is_empty() {
        String::new()
    } else {
        format!(" about {}", p.subjects.join(", "))
    };
    if let Some(to) = &p.qualifiers.to {
        about.push_str(&format!(" to {}", to.join(", ")));
    }
    if let Some(on) = &p.qualifiers.on {
        about.push_str(&format!(" on {}", on.join(", ")));
    }
    let agree = if p.contrary {
        ""
    } else {
        " (they agree there, so both hold)"
    };
    format!("{} prevails over {}{about}{agree}", p.prevails, p.over)
}

// ---------------------------------------------------------------- amounts

/// An exact amount in words: `USD 2,000,000`, `USD 666,666.66`, `18 %`,
/// `7.5 %`, `1,200`. Every digit is kept (amounts are never rounded for
/// printing); money with a fractional part shows at least two decimals.
pub fn amount(a: &crate::model::Amount) -> String {
    use crate::model::Unit;
    let number = decimal(a.value, matches!(a.unit, Unit::Money(_)));
    match &a.unit {
        Unit::Money(c) => format!("{c} {number}"),
        Unit::Percent => format!("{number} %"),
        Unit::Number => number,
    }
}

/// A plain number with its integer digits grouped by commas: `1,000`.
pub fn decimal_grouped(v: rust_decimal::Decimal) -> String {
    decimal(v, false)
}

/// A decimal with its integer digits grouped by commas, as agreements write
/// them; `cents` pads a fractional part of one digit to two.
fn decimal(v: rust_decimal::Decimal, cents: bool) -> String {
    let text = v.normalize().to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let frac = if cents && frac.len() == 1 {
        format!("{frac}0")
    } else {
        frac.to_string()
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// An amount expression as written, each named amount in it followed by
/// its value: `1 % of consideration (USD 20,000,000)`. This is how
/// `pactum query`, hover and findings show how an amount was computed.
pub fn expression(c: &Contract, e: &crate::model::amount::Expr) -> String {
    expression_in(e, &Valuation::new(c, InputValues::none(c)))
}

/// An amount expression as written in one scenario: each named amount and
/// each input the scenario gives followed by its value there
/// (`4 % of net_sales (USD 1,200,000)`).
pub fn expression_in(e: &crate::model::amount::Expr, v: &Valuation) -> String {
    use crate::model::amount::ExprKind as K;
    let with_value = |name: &str, value: Option<crate::model::Amount>| match value {
        Some(x) => format!("{name} ({})", amount(&x)),
        None => name.to_string(),
    };
    match &e.kind {
        K::Literal(_, written) => written.clone(),
        K::Name(id, name) => with_value(name, v.amount(*id)),
        K::Input(id, name) => with_value(name, v.inputs.get(*id)),
        K::PerPeriod {
            input,
            name,
            kind,
            at,
        } => match at {
            Some(k) => with_value(
                &format!("{name}[{}]", period_label(*kind, *k)),
                v.inputs.at(*input, *k),
            ),
            None => name.clone(),
        },
        K::Sum(sum) => {
            let head = format!("sum of {} {}", sum.name, sum.written);
            let value = crate::model::amount::Env::sum(v, sum).ok();
            match (sum.at, sum.fixed) {
                // A sum relative to the instalment says which period it took.
                (Some(k), None) => {
                    let words = period_named(&sum.period, sum.kind, k);
                    with_value(&format!("{head} [{words}]"), value)
                }
                (Some(_), Some(_)) => with_value(&head, value),
                (None, _) => head,
            }
        }
        K::Chain(first, rest) => {
            let mut out = expression_in(first, v);
            for (op, x) in rest {
                out += &format!(" {} {}", op.symbol(), expression_in(x, v));
            }
            out
        }
        K::Of(es) => {
            let all: Vec<String> = es.iter().map(|x| expression_in(x, v)).collect();
            all.join(" of ")
        }
        K::Extremum(greater, es) => {
            let all: Vec<String> = es.iter().map(|x| expression_in(x, v)).collect();
            let word = if *greater { "greater" } else { "lesser" };
            format!("{word} of ({})", all.join(", "))
        }
        K::Rounded(inner, _, q) => format!("{} rounded to {q}", expression_in(inner, v)),
        K::Paren(inner) => format!("({})", expression_in(inner, v)),
        K::Broken => "?".to_string(),
        K::Tiered { rank, tiers, table } => tiered(v, rank.as_deref(), tiers, table.as_deref()),
        K::If {
            cond,
            then,
            otherwise,
        } => {
            let mut out = format!(
                "if {} then {}",
                condition_in(cond, v),
                expression_in(then, v)
            );
            if let Some(o) = otherwise {
                out += &format!(" else {}", expression_in(o, v));
            }
            // Which case applied, once the condition has a value.
            match crate::model::amount::cond_holds(cond, v) {
                Ok(true) => out + " [the condition holds]",
                Ok(false) => out + " [the condition does not hold]",
                Err(_) => out,
            }
        }
        K::NameIn(_, name, inner) => match v.eval(inner) {
            Ok(x) => format!("{name} ({} = {})", amount(&x), expression_in(inner, v)),
            Err(_) => format!("{name} ({})", expression_in(inner, v)),
        },
        K::Schedule {
            period, rows, at, ..
        } => {
            let head = format!("schedule by {period}");
            match at.and_then(|k| rows.iter().find(|r| r.index == k)) {
                Some(r) => format!("{head} [row {}: {}]", r.label, expression_in(&r.amount, v)),
                None => {
                    let all: Vec<String> = (rows.iter())
                        .map(|r| format!("{}: {}", r.label, expression_in(&r.amount, v)))
                        .collect();
                    format!("{head} {{ {} }}", all.join(", "))
                }
            }
        }
        K::Escalated {
            base,
            step,
            period,
            kind,
            first,
            written,
            at,
        } => {
            let head = format!(
                "{} increasing by {} each {period} {written}",
                expression_in(base, v),
                expression_in(step, v)
            );
            match at {
                Some(k) => {
                    let n = crate::model::amount::steps(*first, *k);
                    let label = period_named(period, *kind, *k);
                    let step = expression_in(step, v);
                    match n {
                        0 => format!("{head} [{label}: before the first step]"),
                        1 => format!("{head} [{label}: 1 step of {step}]"),
                        n => format!("{head} [{label}: {n} steps of {step}]"),
                    }
                }
                None => head,
            }
        }
    }
}

/// The condition of a conditional amount as written, each amount in it as
/// [`expression_in`] writes it (`amount percentage_offered (3 %) <
/// jhu_percentage (5 %)`); an `and` inside an `or`, and any junction after
/// `not`, in parentheses, as the formatter writes them.
pub fn condition_in(c: &crate::model::Cond, v: &Valuation) -> String {
    use crate::model::Cond;
    let part = |p: &Cond| match p {
        Cond::Or(_) | Cond::And(_) => format!("({})", condition_in(p, v)),
        _ => condition_in(p, v),
    };
    match c {
        Cond::Or(parts) => parts.iter().map(part).collect::<Vec<_>>().join(" or "),
        Cond::And(parts) => parts.iter().map(part).collect::<Vec<_>>().join(" and "),
        Cond::Not(inner) => format!("not {}", part(inner)),
        Cond::Amount(cmp) => format!(
            "amount {} {} {}",
            expression_in(&cmp.left, v),
            cmp.op.as_str(),
            expression_in(&cmp.right, v)
        ),
        // The loader accepts only comparisons of amounts in an amount.
        _ => "…".to_string(),
    }
}

/// A tier table in words. Applied to a rank that has a value, it says which
/// bracket applied and its rate, in square brackets: `distributor_share at
/// 12 [tier 11..: distributor_share_after_ten (15 %)]`; otherwise every
/// bracket: `tiered { 1..10: 7.5 %, 11..: 15 % }`.
fn tiered(
    v: &Valuation,
    rank: Option<&crate::model::amount::Expr>,
    tiers: &[crate::model::amount::Tier],
    table: Option<&str>,
) -> String {
    let every = || {
        let all: Vec<String> = (tiers.iter())
            .map(|t| format!("{}: {}", t.written, expression_in(&t.rate, v)))
            .collect();
        all.join(", ")
    };
    let Some(rank) = rank else {
        return format!("tiered {{ {} }}", every());
    };
    let head = match table {
        Some(name) => format!("{name} at {}", expression_in(rank, v)),
        None => format!("tiered by {}", expression_in(rank, v)),
    };
    let applied =
        (v.eval(rank).ok()).and_then(|r| crate::model::amount::tier_index(tiers, r.value));
    match applied {
        Some(i) => format!(
            "{head} [tier {}: {}]",
            tiers[i].written,
            expression_in(&tiers[i].rate, v)
        ),
        None => format!("{head} {{ {} }}", every()),
    }
}

/// An amount and how it was computed: `USD 2,000` for a literal,
/// `USD 2,000 = licence_fee` for a name, `USD 200,000 = 1 % of
/// consideration (USD 20,000,000)` otherwise.
pub fn computed(c: &Contract, e: &crate::model::amount::Expr, v: &crate::model::Amount) -> String {
    computed_in(e, v, &Valuation::new(c, InputValues::none(c)))
}

/// [`computed`] in one scenario, with the inputs it gives
/// ([`expression_in`]).
pub fn computed_in(
    e: &crate::model::amount::Expr,
    v: &crate::model::Amount,
    values: &Valuation,
) -> String {
    use crate::model::amount::ExprKind as K;
    match &e.kind {
        K::Literal(..) => amount(v),
        K::Name(_, name) | K::Input(_, name) => format!("{} = {name}", amount(v)),
        _ => format!("{} = {}", amount(v), expression_in(e, values)),
    }
}

/// Why an amount that varies by period (a schedule, an escalation, or a
/// named amount over one) has no single value, as `pactum query` and hover
/// say it; `None` if it does not vary by period.
pub fn period_dependence(c: &Contract, e: &crate::model::amount::Expr) -> Option<String> {
    let varies = crate::model::amount::varying(&c.amounts, &c.amount_order);
    e.by_period(&|id| varies[id.index()]).then(|| {
        "depends on the period (it has a value in each instalment of a recurring clause)"
            .to_string()
    })
}

/// What an amount that the scenario cannot compute waits for: `depends on
/// the input `net_sales`, not given (assume it with `--assume
/// net_sales=…`)`; `None` if it depends on no missing input.
pub fn missing_inputs(
    c: &Contract,
    e: &crate::model::amount::Expr,
    v: &Valuation,
) -> Option<String> {
    let missing: Vec<String> = (crate::model::input::missing(c, e, &v.inputs).into_iter())
        .map(|name| format!("`{name}`"))
        .collect();
    // A sum over a schedule says which instalment it waits for.
    let mut sums: Vec<String> = Vec::new();
    e.visit(&mut |x| {
        if let crate::model::amount::ExprKind::Sum(s) = &x.kind {
            if let Some(why) = v.sum_waits(s) {
                sums.push(format!("`sum of {} {}` needs {why}", s.name, s.written));
            }
        }
    });
    if missing.is_empty() && sums.is_empty() {
        // Every input it reads is given: a conditional without `else`, in
        // it or in an amount it uses, has no case that applies.
        let mut conditional = e.has_if();
        let mut names = Vec::new();
        e.names(&mut names);
        let mut seen = Vec::new();
        while let Some(id) = names.pop() {
            if !seen.contains(&id) && v.amount(id).is_none() {
                seen.push(id);
                conditional |= c.amount(id).expr.has_if();
                c.amount(id).expr.names(&mut names);
            }
        }
        return conditional.then(|| {
            "has no value here: a conditional amount without `else` has no case that applies"
                .to_string()
        });
    }
    let (noun, verb) = if missing.len() == 1 {
        ("input", "is")
    } else {
        ("inputs", "are")
    };
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!(
            "depends on the {noun} {}, which {verb} not given",
            missing.join(", ")
        ));
    }
    if !sums.is_empty() {
        parts.push(format!("depends on the scenario: {}", sums.join("; ")));
    }
    Some(parts.join("; it "))
}

/// The short label of period `k` of a kind: `2000` (a calendar year),
/// `2000-Q3`, `2000-07`, `FY1999` (a fiscal year, by the calendar year it
/// starts in), `3` (a counted year). Instalments are named with it
/// (`royalties[2000-Q3]`), and [`crate::model::period::PeriodKind::parse_label`]
/// reads it back.
pub fn period_label(kind: crate::model::period::PeriodKind, k: i64) -> String {
    use crate::model::period::PeriodKind;
    match kind {
        PeriodKind::Year => format!("{k:04}"),
        PeriodKind::Quarter => format!("{:04}-Q{}", k.div_euclid(4), k.rem_euclid(4) + 1),
        PeriodKind::Month => format!("{:04}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1),
        PeriodKind::Fiscal { .. } => format!("FY{k:04}"),
        PeriodKind::Counted { .. } => k.to_string(),
    }
}

/// A label of a kind of period, as an example in a help message: the
/// period 2000-01-01 lies in (`2000-Q1`, `FY1999`), or `1` for a counted
/// year.
pub fn example_label(kind: crate::model::period::PeriodKind) -> String {
    match kind {
        crate::model::period::PeriodKind::Counted { .. } => "1".to_string(),
        kind => period_label(
            kind,
            kind.index(Day::from_ymd(2000, 1, 1).expect("a valid day")),
        ),
    }
}

/// Period `k` of the kind `kind`, named `name`, in words ([`period`]).
pub fn period_named(name: &str, kind: crate::model::period::PeriodKind, k: i64) -> String {
    let p = crate::model::period::Period {
        name: name.to_string(),
        description: None,
        kind,
    };
    period(&p, k)
}

/// Period `k` in words: the short label, and for a counted year the
/// period's name before its number (`contract year 3`).
pub fn period(p: &crate::model::period::Period, k: i64) -> String {
    match p.kind {
        crate::model::period::PeriodKind::Counted { .. } => {
            format!("{} {k}", p.name.replace('_', " "))
        }
        kind => period_label(kind, k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn d(s: &str) -> Day {
        Day::parse(s).expect("a valid date")
    }

    fn contract(text: &str) -> Contract {
        let loaded = crate::model::load_text(Path::new("t.pactum"), text, &mut |_| {
            Err(std::io::ErrorKind::NotFound.into())
        });
        assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
        loaded.contract
    }

    const EVENTS: &str = "contract \"t\"\nparty p\naction act\nsubject s { a b }\n\
        event declared\nevent verified, not before declared\nevent later, after verified\n";

    fn clause_window(c: &Contract, name: &str) -> String {
        window(c, &c.clause(c.find_clause(name).unwrap()).window)
    }

    #[test]
    fn intervals_name_their_last_day() {
        let i = |f: Option<&str>, u: Option<&str>| {
            interval(&Interval {
                from: f.map(d),
                until: u.map(d),
            })
        };
        assert_eq!(
            i(Some("2025-10-28"), Some("2031-01-01")),
            "from 2025-10-28 through 2030-12-31"
        );
        assert_eq!(i(Some("2025-10-28"), Some("2025-10-29")), "on 2025-10-28");
        assert_eq!(i(Some("2025-10-28"), None), "from 2025-10-28, with no end");
        assert_eq!(
            i(None, Some("2031-01-01")),
            "from the start through 2030-12-31"
        );
        assert_eq!(i(None, None), "at all times");
        assert_eq!(i(Some("2031-01-01"), Some("2030-01-01")), "on no day");
        // The sentinels of saturated arithmetic are no bound.
        let beyond = Interval {
            from: Some(Day::MIN),
            until: Some(Day::MAX),
        };
        assert_eq!(interval(&beyond), "at all times");
        assert_eq!(
            in_force(None),
            "never in force (it starts with an event that does not happen)"
        );
        assert_eq!(
            in_force(Some(&Interval {
                from: Some(d("2030-01-01")),
                until: None
            })),
            "in force from 2030-01-01, with no end"
        );
    }

    #[test]
    fn windows_use_the_same_convention_as_intervals() {
        let c = contract(&format!(
            "{EVENTS}clause a {{ p may act s from 2025-10-28 through 2030 }}\n\
             clause b {{ p may act s from 2025-10-28 until verified or end of 2030, whichever first }}\n\
             clause c {{ p may act s until 6 months after declared }}\n\
             clause d {{ p may act s from declared indefinitely }}\n\
             clause e {{ p may act s from 2030-01-01 until last(verified, 2031-01-01) }}\n\
             clause f {{ p may act s from first(declared, 1 day before verified) }}\n\
             clause g {{ p may act s from declared until 60 days after declared }}\n"
        ));
        assert_eq!(
            clause_window(&c, "g"),
            "from `declared` through 59 days after `declared`"
        );
        assert_eq!(clause_window(&c, "a"), "from 2025-10-28 through 2030-12-31");
        assert_eq!(
            clause_window(&c, "b"),
            "from 2025-10-28 through the day before `verified` or 2030-12-31, whichever comes first"
        );
        assert_eq!(
            clause_window(&c, "c"),
            "from the start through the day before 6 months after `declared`"
        );
        assert_eq!(clause_window(&c, "d"), "from `declared`, with no end");
        assert_eq!(
            clause_window(&c, "e"),
            "from 2030-01-01 through the day before `verified` or 2030-12-31, whichever comes later"
        );
        assert_eq!(
            clause_window(&c, "f"),
            "from the earliest of `declared` and 1 day before `verified`, with no end"
        );
    }

    #[test]
    fn nested_firsts_read_as_one_list() {
        let c = contract(EVENTS);
        let e = |n: &str| TimeExpr::Event(c.find_event(n).unwrap());
        let inner = TimeExpr::First(vec![e("verified"), TimeExpr::Day(d("2031-01-01"))]);
        let outer = TimeExpr::First(vec![inner, TimeExpr::Day(d("2026-07-01"))]);
        assert_eq!(
            point(&c, &outer),
            "the earliest of `verified`, 2031-01-01 and 2026-07-01"
        );
        let w = Window {
            until: Some(outer),
            ..Window::default()
        };
        assert_eq!(
            window(&c, &w),
            "from the start through the day before `verified`, 2030-12-31 or 2026-06-30, whichever comes first"
        );
    }

    #[test]
    fn a_scenario_names_the_events_an_event_must_follow() {
        let c = contract(EVENTS);
        let [declared, verified, later] =
            ["declared", "verified", "later"].map(|n| c.find_event(n).unwrap());
        let mut s = Scenario::never(&c);
        assert_eq!(scenario(&c, &s, &[]), None);
        assert_eq!(
            scenario(&c, &s, &[declared, verified]).as_deref(),
            Some("when `declared` and `verified` never happen")
        );
        assert_eq!(
            scenario(&c, &s, &[verified]).as_deref(),
            Some("when `verified` never happens")
        );
        s.set(declared, Some(d("2029-01-01")));
        s.set(verified, Some(d("2029-03-01")));
        s.set(later, Some(d("2029-05-01")));
        // `later` follows `verified`, which follows `declared`: a query needs
        // all three to accept the scenario.
        assert_eq!(
            scenario(&c, &s, &[later]).as_deref(),
            Some(
                "when `declared` happens on 2029-01-01, `verified` happens on 2029-03-01 \
                 and `later` happens on 2029-05-01"
            )
        );
        assert_eq!(
            interval_in(
                &c,
                &Interval {
                    from: Some(d("2029-05-01")),
                    until: None
                },
                &s,
                &[later]
            ),
            "from 2029-05-01, with no end, when `declared` happens on 2029-01-01, \
             `verified` happens on 2029-03-01 and `later` happens on 2029-05-01"
        );
    }

    #[test]
    fn the_query_command_says_the_whole_scenario() {
        let c = contract(EVENTS);
        let mut s = Scenario::never(&c);
        s.set(c.find_event("declared").unwrap(), Some(d("2029-01-01")));
        assert_eq!(
            query_command(&c, Some("contracts/a.pactum"), d("2030-01-01"), &s),
            "pactum query contracts/a.pactum --at 2030-01-01 --assume declared=2029-01-01 \
             --assume verified=never --assume later=never"
        );
        assert_eq!(
            query_command(&c, Some("my contracts/it's.pactum"), d("2030-01-01"), &s)
                .split(" --at")
                .next(),
            Some(r"pactum query 'my contracts/it'\''s.pactum'")
        );
        assert!(query_command(&c, None, d("2030-01-01"), &s).starts_with("pactum query FILE "));
    }

    #[test]
    fn broken_orders_say_which_event_must_come_first() {
        let c = contract(EVENTS);
        let mut s = Scenario::never(&c);
        s.set(c.find_event("verified").unwrap(), Some(d("2029-03-01")));
        let broken = s.broken_order(&c).expect("`declared` never happens");
        assert_eq!(
            broken_order(&c, &broken),
            "`verified` on 2029-03-01 must come on or after `declared`"
        );
        s.set(c.find_event("verified").unwrap(), None);
        s.set(c.find_event("later").unwrap(), Some(d("2029-03-01")));
        let broken = s.broken_order(&c).expect("`verified` never happens");
        assert_eq!(
            broken_order(&c, &broken),
            "`later` on 2029-03-01 must come after `verified`"
        );
    }

    #[test]
    fn norms_read_as_pactum_and_subjects_as_prose() {
        let c = contract(
            "contract \"t\"\nparty p\nparty q\nparty r\naction act\nqualifier cloud\n\
             subject s { a b c }\nsubject t\n\
             clause x { only p must not act (s except s.c), t to q, r on cloud }\n\
             clause y { p may act s.a }\n",
        );
        let x = &c.clause(c.find_clause("x").unwrap()).norm;
        assert_eq!(
            norm(&c, x),
            "only p must not act s.a, s.b, t to q, r on cloud"
        );
        assert_eq!(subjects(&c, &x.subjects), "`s.a`, `s.b` and `t`");
        let y = &c.clause(c.find_clause("y").unwrap()).norm;
        assert_eq!(norm(&c, y), "p may act s.a");
        assert_eq!(subjects(&c, &c.subjects.empty_set()), "nothing");
    }

    #[test]
    fn amounts_print_as_written() {
        let c = contract(
            "contract \"t\"\nquantity commitment: money USD\nquantity stake: percent\n\
             quantity count: number\n\
             fact f { commitment = USD 250 billion }\nfact g { stake = 27.5 % }\n\
             fact h { count = 3 }\nfact i { commitment = USD 250_000 million }\n",
        );
        let shown: Vec<String> = c.facts.iter().map(|f| f.value.to_string()).collect();
        assert_eq!(
            shown,
            ["USD 250 billion", "27.5 %", "3", "USD 250_000 million"]
        );
        // What an amount means does not depend on how it was written.
        assert_eq!(c.facts[0].value, c.facts[3].value);
    }
}
