//! What the contract leaves open: parts of a `cover` declaration that no norm
//! governs for a while, norms that never end, and quantities left `tbd`.

use rustc_hash::FxHashMap;

use super::budget;
use super::findings::{self, Question};
use super::when::{self, Found};
use crate::diagnostics::{Diagnostic, Span};
use crate::model::{
    ActionId, ClauseId, Contract, Coverage, Day, EventId, FactId, Interval, Norm, PartyId,
    SubjectSet, Survival, TimeExpr, Value,
};
use crate::semantics::{clause_active, points, ungoverned, window_interval, Scenario};

/// Every finding of this module: uncovered parts of `cover` declarations,
/// open-ended norms and quantities left `tbd`.
pub fn check(contract: &Contract) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Norms filed by each plain party they bind and their action: a group's
    // norm governs each member, so it is filed under each.
    let mut by_norm: FxHashMap<(PartyId, ActionId), Vec<ClauseId>> = FxHashMap::default();
    for c in contract.clause_ids() {
        let n = &contract.clause(c).norm;
        for &m in bound(contract, &n.party) {
            by_norm.entry((m, n.action)).or_default().push(c);
        }
    }
    for cov in &contract.coverages {
        let mut candidates: Vec<ClauseId> = (bound(contract, &cov.party).iter())
            .filter_map(|&m| by_norm.get(&(m, cov.action)))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        out.extend(coverage_gaps(contract, cov, &candidates));
    }
    out.extend(open_ended(contract));
    out.extend(tbd(contract));
    out
}

/// The plain parties a norm or coverage of `party` binds (the party itself
/// in a contract whose groups were never worked out).
fn bound<'a>(contract: &'a Contract, party: &'a PartyId) -> &'a [PartyId] {
    match contract.party_members(*party) {
        [] => std::slice::from_ref(party),
        members => members,
    }
}

/// One stretch of time in one scenario where part of a coverage is ungoverned.
struct Gap {
    uncovered: SubjectSet,
    found: Found,
    /// Clauses that governed part of it just before it opened.
    ended: Vec<ClauseId>,
    /// For a coverage of a party group, the members left without a norm;
    /// for a plain party, the party itself.
    lacking: Vec<PartyId>,
}

fn coverage_gaps(contract: &Contract, cov: &Coverage, candidates: &[ClauseId]) -> Vec<Diagnostic> {
    let relevant: Vec<ClauseId> = candidates
        .iter()
        .copied()
        .filter(|&c| contract.clause(c).norm.subjects.overlaps(&cov.subjects))
        .collect();
    let mut terms: Vec<&TimeExpr> = when::terms(&cov.window).collect();
    for &c in &relevant {
        terms.extend(when::terms(&contract.clause(c).window));
    }
    let events = when::events_of(terms.iter().copied());
    let mut out = Vec::new();
    let scenarios = if events.is_empty() {
        vec![Scenario::never(contract)]
    } else {
        match points::scenarios(contract, &terms, budget::COVERAGE_POINTS) {
            Ok(scenarios) => scenarios,
            Err(too_many) => {
                // Search what can be searched, and say that it was only that.
                out.push(findings::analysis_undecided(
                    contract,
                    Question::Coverage(cov),
                    events.len(),
                    &too_many,
                ));
                let mut some = event_by_event(contract, &terms, &events);
                if too_many.budget == points::Exhausted::Renewal {
                    let witnesses =
                        points::renewal_witnesses(contract, &terms, budget::COVERAGE_POINTS);
                    some.extend(witnesses.into_iter().map(|(_, s)| s));
                }
                some
            }
        }
    };
    // One finding per distinct ungoverned part, in the first scenario found.
    let mut gaps: Vec<Gap> = Vec::new();
    for s in &scenarios {
        for gap in gaps_in(contract, cov, &relevant, &terms, s) {
            if !gaps.iter().any(|g| g.uncovered == gap.uncovered) {
                gaps.push(Gap {
                    found: Found {
                        events: events.clone(),
                        ..gap.found
                    },
                    ..gap
                });
            }
        }
    }
    // Each gap is shown in a scenario with no event before the effective
    // date when one shows the same part ungoverned: the gap found there.
    for g in &mut gaps {
        let moved = when::telling(contract, &g.found.scenario, |s, _| {
            gaps_in(contract, cov, &relevant, &terms, s)
                .into_iter()
                .find(|o| o.uncovered == g.uncovered)
        });
        if let Some((scenario, gap)) = moved {
            *g = Gap {
                found: Found {
                    scenario,
                    interval: gap.found.interval,
                    events: std::mem::take(&mut g.found.events),
                },
                ..gap
            };
        }
    }
    out.extend(
        gaps.iter()
            .map(|g| findings::gap(contract, cov, &g.uncovered, &g.found, &g.ended, &g.lacking)),
    );
    out
}

/// The stretches of one scenario in which part of a coverage is ungoverned,
/// each with that part: the coverage check's own reading ([`check`] reports
/// the first scenario of each such part), for front ends that show a chosen
/// scenario (the timeline).
pub fn ungoverned_in(
    contract: &Contract,
    cov: &Coverage,
    scenario: &Scenario,
) -> Vec<(SubjectSet, Interval)> {
    let relevant: Vec<ClauseId> = (contract.clause_ids())
        .filter(|&c| {
            let n = &contract.clause(c).norm;
            n.action == cov.action
                && contract.parties_overlap(n.party, cov.party)
                && n.subjects.overlaps(&cov.subjects)
        })
        .collect();
    let mut terms: Vec<&TimeExpr> = when::terms(&cov.window).collect();
    for &c in &relevant {
        terms.extend(when::terms(&contract.clause(c).window));
    }
    gaps_in(contract, cov, &relevant, &terms, scenario)
        .into_iter()
        .map(|g| (g.uncovered, g.found.interval))
        .collect()
}

/// When the terms depend on too many events to vary them all together
/// ([`budget::COVERAGE_POINTS`]): the representative scenarios of each event
/// on its own, every other event never happening. This finds every gap that
/// one event's timing opens, which is what drafting mistakes look like;
/// gaps that need two events to fall in a particular way may go unreported,
/// and the caller says so. An event whose own scenarios exceed the budget
/// too keeps to the scenario in which it never happens.
fn event_by_event(contract: &Contract, terms: &[&TimeExpr], events: &[EventId]) -> Vec<Scenario> {
    let mut out = vec![Scenario::never(contract)];
    for &e in events {
        let own: Vec<&TimeExpr> = terms
            .iter()
            .copied()
            .filter(|t| {
                let mut used = Vec::new();
                t.events(&mut used);
                used.iter().all(|&u| u == e)
            })
            .collect();
        if let Ok(found) = points::scenarios(contract, &own, budget::COVERAGE_POINTS) {
            out.extend(found);
        }
    }
    out
}

/// The gaps of one coverage in one scenario, adjacent stretches with the
/// same ungoverned part merged.
fn gaps_in(
    contract: &Contract,
    cov: &Coverage,
    relevant: &[ClauseId],
    terms: &[&TimeExpr],
    s: &Scenario,
) -> Vec<Gap> {
    let Some(span) = window_interval(&cov.window, s) else {
        return Vec::new();
    };
    // Stretches start at the coverage's start and at every day a term falls
    // on inside it; nothing changes within a stretch.
    let mut starts: Vec<Option<Day>> = vec![span.from];
    starts.extend(
        points::days(terms, s)
            .into_iter()
            .skip(1)
            .filter(|&d| span.contains(d) && Some(d) != span.from)
            .map(Some),
    );
    let intervals: Vec<(Option<Day>, Option<Day>)> = starts
        .iter()
        .enumerate()
        .map(|(i, &from)| (from, starts.get(i + 1).copied().flatten().or(span.until)))
        .collect();
    let mut out: Vec<Gap> = Vec::new();
    for (from, until) in intervals {
        let day = from.unwrap_or_else(|| until.map_or(Day(0), Day::pred));
        let active: Vec<&Norm> = (relevant.iter())
            .filter(|&&c| clause_active(contract, c, day, s))
            .map(|&c| &contract.clause(c).norm)
            .collect();
        let uncovered = ungoverned(contract, cov.party, &cov.subjects, active.iter().copied());
        if uncovered.is_empty() {
            continue;
        }
        // Which members of a group lack a norm, asked of the same reading.
        let lacking: Vec<PartyId> = match contract.is_group(cov.party) {
            false => vec![cov.party],
            true => (contract.party_members(cov.party).iter().copied())
                .filter(|&m| {
                    let left = ungoverned(contract, m, &cov.subjects, active.iter().copied());
                    !left.is_empty()
                })
                .collect(),
        };
        if let Some(last) = out.last_mut() {
            if last.uncovered == uncovered && last.found.interval.until == from {
                last.found.interval.until = until;
                continue;
            }
        }
        let ended = from.map_or_else(Vec::new, |f| {
            relevant
                .iter()
                .copied()
                .filter(|&c| {
                    let n = &contract.clause(c).norm;
                    n.subjects.overlaps(&uncovered) && clause_active(contract, c, f.pred(), s)
                })
                .collect()
        });
        out.push(Gap {
            uncovered,
            found: Found {
                scenario: s.clone(),
                interval: Interval { from, until },
                events: Vec::new(),
            },
            ended,
            lacking,
        });
    }
    out
}

/// Where a clause's window was written, else its norm.
pub fn window_span(contract: &Contract, c: ClauseId) -> Span {
    let clause = contract.clause(c);
    match &clause.window.span {
        Some(range) => Span::new(clause.named.span.file, range.clone()),
        None => clause.norm.span.clone(),
    }
}

/// Norms with no end, or whose end never comes in some scenario (its only
/// ends are events that may never happen). A norm written `indefinitely`
/// has no end on purpose and is not reported.
fn open_ended(contract: &Contract) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in contract.clause_ids() {
        let clause = &contract.clause(c);
        if clause.window.indefinite {
            continue;
        }
        // A clause whose only end is the term's is not open-ended when the
        // term has a written end: whether that end comes (a patent's expiry
        // is an event) is a question about the term, not about each clause.
        let term_written_end = contract
            .term
            .as_ref()
            .is_some_and(|t| t.window.until.is_some());
        if clause.own_until.is_none()
            && clause.survival == Survival::EndsWithTerm
            && term_written_end
        {
            continue;
        }
        match &clause.window.until {
            // A clause that survives the term with no end of its own is
            // reported once, as `pactum::term::survives_without_end`.
            None if clause.survival == Survival::Survives => {}
            None => {
                // A window the budget cannot decide is reported as such by
                // the dead-clause check, which asks the same question.
                if when::opens(contract, &clause.window) != Ok(true) {
                    continue;
                }
                out.push(findings::open_ended(contract, c, None));
            }
            Some(until) => {
                // An end that comes when no event happens comes in every
                // scenario: events only ever add days.
                if until.eval(&|_| None).is_some() {
                    continue;
                }
                // An end that comes whenever a renewing term ends is a
                // question about the term: whether anything stops its
                // renewal is reported once, on the term
                // (`pactum::term::renewal_unstoppable`).
                if comes_with_renewed_end(until) {
                    continue;
                }
                let terms: Vec<&TimeExpr> = when::terms(&clause.window).collect();
                let endless = when::first_scenario(contract, &terms, |s| {
                    (window_interval(&clause.window, s).is_some()
                        && until.eval(&s.event_day()).is_none())
                    .then_some(())
                });
                match endless {
                    Ok(None) => {}
                    Ok(Some((s, ()))) => {
                        let s = when::telling(contract, &s, |s, _| {
                            (window_interval(&clause.window, s).is_some()
                                && until.eval(&s.event_day()).is_none())
                            .then_some(())
                        })
                        .map_or(s, |(moved, _)| moved);
                        let events = when::events_of([until]);
                        let scenario =
                            crate::print::shown_scenario(contract, &s, &events).unwrap_or_default();
                        out.push(findings::open_ended(contract, c, Some(&scenario)));
                    }
                    Err(too_many) => out.push(findings::analysis_undecided(
                        contract,
                        Question::Ends(c),
                        when::events_of(terms).len(),
                        &too_many,
                    )),
                }
            }
        }
    }
    out
}

/// Whether the point comes whenever the renewing term's end comes: it is
/// that end, an offset of it, or the earliest of points one of which is.
fn comes_with_renewed_end(t: &TimeExpr) -> bool {
    match t {
        TimeExpr::Renewed { .. } => true,
        TimeExpr::Offset { base, .. } | TimeExpr::BusinessDays { base, .. } => {
            comes_with_renewed_end(base)
        }
        TimeExpr::First(items) => items.iter().any(comes_with_renewed_end),
        TimeExpr::Day(_) | TimeExpr::Event(_) | TimeExpr::Last(_) | TimeExpr::Unless { .. } => {
            false
        }
    }
}

/// Quantities the text names but does not quantify.
fn tbd(contract: &Contract) -> Vec<Diagnostic> {
    (0..contract.facts.len() as u32)
        .map(FactId)
        .filter(|&f| {
            let fact = contract.fact(f);
            fact.value == Value::Tbd && fact.superseded_by.is_none()
        })
        .map(|f| findings::tbd(contract, f))
        .collect()
}
