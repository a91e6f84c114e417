//! Exact verification of assertions.
//!
//! An assertion states something about every day and every scenario. Its
//! condition reads a few clauses (those its norm patterns could match, for a
//! `prevails` pattern also those that could override them and deny them,
//! those it names with `is active`), a few facts (those of the quantities it
//! compares) and a few events (`has happened`). Whether it holds at a (day,
//! scenario) point depends only on which leaves of those windows, and of the
//! assertion's own window, fall on or before the day; so checking the
//! representative points of [`crate::semantics::points`] for just those
//! windows decides it for all days and all scenarios (docs/semantics.md).
//!
//! `no conflicts` assertions are statements about the conflict checker; they
//! are decided by [`super::conflicts::check`] from its findings, not here.

use super::budget;
use super::findings::{self, Violation};
use super::when;
use crate::diagnostics::Diagnostic;
use crate::model::TimeExpr;
use crate::model::{AssertKind, Assertion, ClauseId, Cond, Contract, Day, FactId, Norm};
use crate::semantics::points::{self, TooManyScenarios};
use crate::semantics::{
    counts_towards, denies, state_of, takes_precedence, window_interval, Scenario, State,
};

/// How the verifier runs.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The path of the checked file, for the `pactum query` command in help.
    pub file: Option<&'a str>,
    /// The cap on representative points per assertion.
    pub limit: usize,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            file: None,
            limit: budget::ASSERTION_POINTS,
        }
    }
}

/// A day and a scenario on which an assertion fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counterexample {
    /// The day the assertion fails on.
    pub day: Day,
    /// The scenario it fails in.
    pub scenario: Scenario,
}

/// What the verifier decides about one assertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// True on every day in every scenario.
    Holds,
    /// False on the day and in the scenario given.
    Violated(Counterexample),
    /// Too many representative points to enumerate.
    Undecided(TooManyScenarios),
}

/// Verifies every assertion of the contract (except `no conflicts`, see
/// [`super::conflicts::check`]) and reports each one that fails.
pub fn verify(contract: &Contract) -> Vec<Diagnostic> {
    verify_with(contract, &Options::default())
}

/// Verifies every assertion as [`verify`] does, within the budget of `options`.
pub fn verify_with(contract: &Contract, options: &Options<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in &contract.assertions {
        if let Some(why) = scenario_amounts(a) {
            out.push(findings::assertion_undecided_amounts(a, &why));
            continue;
        }
        match check_assertion(contract, a, options.limit) {
            Verdict::Holds => {}
            Verdict::Violated(cx) => {
                let cx = telling(contract, a, cx, options.limit);
                out.push(violation(contract, a, &cx, options.file))
            }
            Verdict::Undecided(too_many) => out.push(findings::assertion_undecided(a, &too_many)),
        }
    }
    out
}

/// What the check concluded about one assertion, for the summary of
/// `pactum check` and the `assertions` of its JSON output.
#[derive(Debug, Clone)]
pub struct AssertionResult {
    /// The assertion's name.
    pub name: String,
    /// Where its name is written.
    pub span: crate::diagnostics::Span,
    /// Proved, violated or undecided.
    pub outcome: Outcome,
}

/// The verdict on one assertion as front ends report it.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// True on every day in every scenario (for `no conflicts`: the checker
    /// finds none).
    Proved,
    /// False somewhere. `counterexample` is the day and scenario, with the
    /// events that matter to it, for a condition; `None` for `no conflicts`
    /// (the conflicts are the diagnostics). `message` is the diagnostic's.
    Violated {
        /// The failing day and scenario, for a condition.
        counterexample: Option<(Counterexample, Vec<crate::model::EventId>)>,
        /// The message of the `pactum::assert::violated` diagnostic.
        message: String,
    },
    /// Not decided within the budget; `why` is the reason in words.
    Undecided {
        /// Why the verifier gave up.
        why: String,
    },
}

/// Verifies every assertion as [`verify_with`] does, and also says, for
/// each assertion including `no conflicts` ones, what was concluded. A `no
/// conflicts` assertion is decided by the conflict checker: its verdict is
/// read from `analysis` (the findings of [`super::check`]), by the code and
/// the place of the finding about it.
pub fn verify_all(
    contract: &Contract,
    options: &Options<'_>,
    analysis: &[Diagnostic],
) -> (Vec<Diagnostic>, Vec<AssertionResult>) {
    use crate::diagnostics::Code;
    let mut out = Vec::new();
    let mut results = Vec::new();
    for a in &contract.assertions {
        let outcome = if a.kind == AssertKind::NoConflicts {
            let about = |code: Code| {
                analysis.iter().find(|d| {
                    d.code == code && d.primary().is_some_and(|l| l.span == a.named.name_span)
                })
            };
            if let Some(d) = about(Code::AssertionViolated) {
                Outcome::Violated {
                    counterexample: None,
                    message: d.message.clone(),
                }
            } else if let Some(d) = about(Code::AssertionUndecided) {
                Outcome::Undecided {
                    why: d.primary().map_or_else(String::new, |l| l.message.clone()),
                }
            } else {
                Outcome::Proved
            }
        } else if let Some(why) = scenario_amounts(a) {
            out.push(findings::assertion_undecided_amounts(a, &why));
            Outcome::Undecided { why }
        } else {
            match check_assertion(contract, a, options.limit) {
                Verdict::Holds => Outcome::Proved,
                Verdict::Violated(cx) => {
                    let cx = telling(contract, a, cx, options.limit);
                    let d = violation(contract, a, &cx, options.file);
                    let events = crate::print::scenario_events(
                        contract,
                        &cx.scenario,
                        &depends_on(contract, a),
                    );
                    let message = d.message.clone();
                    out.push(d);
                    Outcome::Violated {
                        counterexample: Some((cx, events)),
                        message,
                    }
                }
                Verdict::Undecided(too_many) => {
                    out.push(findings::assertion_undecided(a, &too_many));
                    Outcome::Undecided {
                        why: too_many.reason(),
                    }
                }
            }
        };
        results.push(AssertionResult {
            name: a.named.name.clone(),
            span: a.named.name_span.clone(),
            outcome,
        });
    }
    (out, results)
}

/// Decides one assertion over all days and scenarios; the first failing
/// representative point is the counterexample.
pub fn check_assertion(contract: &Contract, a: &Assertion, limit: usize) -> Verdict {
    let Some(cond) = &a.cond else {
        return Verdict::Holds;
    };
    let reads = Reads::of(contract, cond);
    let terms = reads.terms(contract, a);
    let points = match points::points(contract, &terms, limit) {
        Ok(points) => points,
        // A term renewing without a limit is not searched exactly: a violation in
        // a scenario with the notice fixed is still a violation, found on
        // every day that scenario can tell apart; none found decides nothing.
        Err(too_many) if too_many.budget == points::Exhausted::Renewal => {
            for (_, scenario) in points::renewal_witnesses(contract, &terms, limit) {
                for day in points::days(&terms, &scenario) {
                    let state = reads.state(contract, day, &scenario);
                    if fails(a, &state, contract, &scenario) {
                        return Verdict::Violated(Counterexample { day, scenario });
                    }
                }
            }
            return Verdict::Undecided(too_many);
        }
        // A point with an event a run of periods decides that no real
        // point of its type stands for: the first real point that fails
        // decides, and a point that is not real counts only if it fails.
        Err(too_many) if matches!(too_many.budget, points::Exhausted::Run(..)) => {
            let found = points::find_point(contract, &terms, limit, |day, scenario| {
                fails(a, &reads.state(contract, day, scenario), contract, scenario)
            });
            return match found {
                Ok(Some((day, scenario))) => Verdict::Violated(Counterexample { day, scenario }),
                Ok(None) => Verdict::Holds,
                Err(too_many) => Verdict::Undecided(too_many),
            };
        }
        Err(too_many) => return Verdict::Undecided(too_many),
    };
    for (day, scenario) in points {
        let state = reads.state(contract, day, &scenario);
        if fails(a, &state, contract, &scenario) {
            return Verdict::Violated(Counterexample { day, scenario });
        }
    }
    Verdict::Holds
}

/// The counterexample as shown: when it has an event before the effective
/// date, one without, if one exists. First the same scenario moved
/// ([`when::telling`]), failing on its day moved with the events or on
/// another day that scenario can tell apart; else the first representative
/// point with no event before the effective date that fails (the search
/// again, with that constraint added, only for a violation shown). Each is
/// checked on the full state, as `pactum query` shows it. With none, the
/// counterexample found is kept: only a scenario with earlier events shows
/// the violation.
fn telling(contract: &Contract, a: &Assertion, cx: Counterexample, limit: usize) -> Counterexample {
    let (Some(effective), Some(cond)) = (contract.effective(), &a.cond) else {
        return cx;
    };
    let early = |s: &Scenario| s.dates.iter().flatten().any(|&d| d < effective);
    if !early(&cx.scenario) {
        return cx;
    }
    let reads = Reads::of(contract, cond);
    let terms = reads.terms(contract, a);
    let moved = when::telling(contract, &cx.scenario, |s, shift| {
        let day = when::shifted(cx.day, shift);
        std::iter::once(day)
            .chain(points::days(&terms, s))
            .find(|&day| fails_at(contract, a, day, s))
    });
    if let Some((scenario, day)) = moved {
        return Counterexample { day, scenario };
    }
    let found = points::points(contract, &terms, limit)
        .ok()
        .and_then(|points| {
            points
                .into_iter()
                .find(|(day, s)| !early(s) && fails_at(contract, a, *day, s))
        });
    match found {
        Some((day, scenario)) => Counterexample { day, scenario },
        None => cx,
    }
}

/// The events an assertion's verdict depends on: those of the windows and
/// the `has happened` atoms it reads, with the events they must follow.
/// A counterexample is said with these only (the others never happen in
/// it, and do not matter).
pub fn depends_on(contract: &Contract, a: &Assertion) -> Vec<crate::model::EventId> {
    let Some(cond) = &a.cond else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for t in Reads::of(contract, cond).terms(contract, a) {
        t.events(&mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// Whether the assertion fails at one point, asking the full state: what
/// `pactum query` shows. Tests use it to reproduce counterexamples.
pub fn fails_at(contract: &Contract, a: &Assertion, day: Day, scenario: &Scenario) -> bool {
    let state = crate::semantics::state(contract, day, scenario);
    fails(a, &state, contract, scenario)
}

fn fails(a: &Assertion, state: &State, contract: &Contract, scenario: &Scenario) -> bool {
    let Some(cond) = &a.cond else { return false };
    let in_window = window_interval(&a.window, scenario).is_some_and(|i| i.contains(state.day));
    let value = state.holds(contract, scenario, cond);
    match a.kind {
        AssertKind::Always => in_window && !value,
        AssertKind::Never => in_window && value,
        AssertKind::Exactly => value != in_window,
        AssertKind::NoConflicts => false,
    }
}

/// What a condition reads: every clause, fact and event that can change its
/// value. Evaluating it on a state of just these gives the same answer as on
/// the full state, because [`State::holds`] looks at nothing else.
#[derive(Debug, Default)]
struct Reads {
    clauses: Vec<ClauseId>,
    facts: Vec<FactId>,
    /// `has happened` events, as terms (the event's own day is a leaf).
    events: Vec<TimeExpr>,
}

impl Reads {
    /// The points the assertion's verdict depends on: the ends of the
    /// windows of what it reads and its own, and the `has happened` events.
    fn terms<'c>(&'c self, contract: &'c Contract, a: &'c Assertion) -> Vec<&'c TimeExpr> {
        let windows = self
            .clauses
            .iter()
            .map(|&c| &contract.clause(c).window)
            .chain(self.facts.iter().map(|&f| &contract.fact(f).window))
            .chain(std::iter::once(&a.window));
        let mut terms: Vec<&TimeExpr> = Vec::new();
        for w in windows {
            terms.extend(w.from.iter().chain(w.until.iter()));
        }
        terms.extend(self.events.iter());
        terms
    }

    fn of(contract: &Contract, cond: &Cond) -> Reads {
        let mut reads = Reads::default();
        reads.walk(contract, cond);
        reads.clauses.sort();
        reads.clauses.dedup();
        reads.facts.sort();
        reads.facts.dedup();
        reads.events.dedup();
        reads
    }

    fn walk(&mut self, contract: &Contract, cond: &Cond) {
        match cond {
            Cond::Or(parts) | Cond::And(parts) => {
                parts.iter().for_each(|p| self.walk(contract, p));
            }
            Cond::Not(inner) => self.walk(contract, inner),
            Cond::Norm(pattern) => self.clauses.extend(
                contract
                    .clause_ids()
                    .filter(|&c| counts_towards(contract, &contract.clause(c).norm, pattern)),
            ),
            Cond::Prevails(pattern) => self.clauses.extend(contract.clause_ids().filter(|&c| {
                counts_towards(contract, &contract.clause(c).norm, pattern)
                    || denies_towards(contract, c, pattern)
            })),
            Cond::IsActive(clause) => {
                let name = &contract.clause(*clause).named.name;
                self.clauses.extend(
                    contract
                        .clause_ids()
                        .filter(|&c| &contract.clause(c).named.name == name),
                );
            }
            Cond::Happened(e) => self.events.push(TimeExpr::Event(*e)),
            Cond::Compare { quantity, .. } => self
                .facts
                .extend(fact_ids(contract).filter(|&f| contract.fact(f).quantity == *quantity)),
            Cond::Stakes { target, .. } => self.facts.extend(fact_ids(contract).filter(|&f| {
                let q = contract.quantity(contract.fact(f).quantity);
                q.stake.is_some_and(|(_, t)| t == *target)
            })),
            // Amounts are constants: a comparison of them reads no clause,
            // fact or event, and has one value at every point.
            Cond::Amount(_) => {}
        }
    }

    /// The state restricted to what the condition reads.
    fn state(&self, contract: &Contract, day: Day, scenario: &Scenario) -> State {
        state_of(contract, day, scenario, &self.clauses, &self.facts)
    }
}

/// Whether clause `c` takes precedence over a clause that counts towards
/// `pattern` and denies it: whether `c` is active can then decide whether
/// the pattern prevails ([`crate::semantics::State::prevails`]).
fn denies_towards(contract: &Contract, c: ClauseId, pattern: &Norm) -> bool {
    let norm = &contract.clause(c).norm;
    contract.clause(c).overrides.iter().any(|&t| {
        let target = &contract.clause(t).norm;
        takes_precedence(contract, c, t)
            && counts_towards(contract, target, pattern)
            && denies(contract, norm, target, pattern.exclusive)
    })
}

fn fact_ids(contract: &Contract) -> impl Iterator<Item = FactId> {
    (0..contract.facts.len() as u32).map(FactId)
}

// ---------------------------------------------------------------- reports

fn violation(
    contract: &Contract,
    a: &Assertion,
    cx: &Counterexample,
    file: Option<&str>,
) -> Diagnostic {
    let Some(cond) = &a.cond else {
        unreachable!("only conditions are verified here")
    };
    let state = crate::semantics::state(contract, cx.day, &cx.scenario);
    let value = state.holds(contract, &cx.scenario, cond);
    let (clauses, facts) = explanation(contract, cond, &state, value);
    let mut amounts = Vec::new();
    amount_atoms(cond, &mut amounts);
    let reads = Reads::of(contract, cond);
    // Said without a day only when amounts make the verdict: a condition
    // that reads nothing else has one value on every day.
    let constant = !amounts.is_empty()
        && reads.clauses.is_empty()
        && reads.facts.is_empty()
        && reads.events.is_empty();
    findings::assertion_violated(
        contract,
        a,
        Violation::Counterexample {
            cx,
            value,
            clauses: &clauses,
            facts: &facts,
            amounts: &amounts,
            constant,
            file,
        },
    )
}

/// Why the assertion's comparisons of amounts have no value without a
/// scenario (a sum over a schedule grouped by the days instalments are
/// paid, or over instalments owed in some scenarios only), if one has none:
/// the verifier does not guess, and reports the assertion undecided.
fn scenario_amounts(a: &Assertion) -> Option<String> {
    let mut cmps = Vec::new();
    amount_atoms(a.cond.as_ref()?, &mut cmps);
    cmps.into_iter().find_map(|c| c.undecided.clone())
}

/// The comparisons of amounts in a condition, in written order: the
/// explanation of a verdict shows each one's computed values.
fn amount_atoms<'c>(cond: &'c Cond, out: &mut Vec<&'c crate::model::AmountCmp>) {
    match cond {
        Cond::Or(parts) | Cond::And(parts) => parts.iter().for_each(|p| amount_atoms(p, out)),
        Cond::Not(inner) => amount_atoms(inner, out),
        Cond::Amount(cmp) => out.push(cmp),
        _ => {}
    }
}

/// Whether clause `c` can decide a part of the condition: it is named by an
/// `is active`, or it could match a norm pattern on some of the pattern's
/// subjects (a clause about other subjects of the same act explains nothing).
fn bears_on(contract: &Contract, cond: &Cond, c: ClauseId) -> bool {
    let clause = contract.clause(c);
    match cond {
        Cond::Or(parts) | Cond::And(parts) => parts.iter().any(|p| bears_on(contract, p, c)),
        Cond::Not(inner) => bears_on(contract, inner, c),
        Cond::Norm(pattern) => {
            counts_towards(contract, &clause.norm, pattern)
                && clause.norm.subjects.overlaps(&pattern.subjects)
        }
        Cond::Prevails(pattern) => {
            clause.norm.subjects.overlaps(&pattern.subjects)
                && (counts_towards(contract, &clause.norm, pattern)
                    || denies_towards(contract, c, pattern))
        }
        Cond::IsActive(named) => clause.named.name == contract.clause(*named).named.name,
        Cond::Happened(_) | Cond::Compare { .. } | Cond::Stakes { .. } | Cond::Amount(_) => false,
    }
}

/// What explains the verdict: the clauses the condition reads, those whose
/// state makes the condition come out as it does first (each with whether
/// it is active), then the facts in force it compares; at most a few in all.
fn explanation(
    contract: &Contract,
    cond: &Cond,
    state: &State,
    value: bool,
) -> (Vec<(ClauseId, bool)>, Vec<FactId>) {
    const MAX: usize = 4;
    let reads = Reads::of(contract, cond);
    let active = |c: ClauseId| state.norms.iter().any(|n| n.clause == c);
    let mut clauses: Vec<(ClauseId, bool)> = reads
        .clauses
        .iter()
        .copied()
        .filter(|&c| bears_on(contract, cond, c))
        .map(|c| (c, active(c)))
        .collect();
    // A condition that holds is explained by what is active, one that fails
    // by what is not.
    clauses.sort_by_key(|&(_, on)| on != value);
    clauses.truncate(MAX);
    let facts: Vec<FactId> = reads
        .facts
        .into_iter()
        .filter(|f| state.facts.contains(f))
        .take(MAX - clauses.len())
        .collect();
    (clauses, facts)
}
