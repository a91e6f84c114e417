//! The constraints on when events can happen, as the exact search reads
//! them: bounds on an event's day by constants and by other events' days.
//!
//! The meaning of a constraint is [`super::Scenario::broken_order_of`]: an
//! event that happens follows the events it must follow and lies in each of
//! its windows. This module rewrites that rule, for the search of
//! [`super::points`], as a disjunction of conjunctions of *atoms*, each a
//! bound `x >= leaf` or `x < leaf` where a leaf is a constant day or another
//! event's day shifted by whole days, or moved by a chain that counts months
//! or years (a monotone bound, [`super::links`]). Offsets are pushed down to the leaves
//! (they are monotone, docs/semantics.md Lemma 1): `x >= first(a, b)` is
//! `x >= a or x >= b` over the points that come, `x < first(a, b)` is
//! `x < a and x < b`, and `last` the other way round.
//!
//! Given which events happen and an interval for each, the bounds between
//! events form a system of difference constraints (and monotone bounds where
//! they count months). The solver finds its
//! greatest solution below a cap, or shows there is none ([`Solver`]): the argument that
//! this finds every type of scenario is docs/semantics.md §6.2.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{Contract, Day, EventId, RenewalAssumption, TimeExpr, Window};
use crate::syntax::ast::TimeUnit;

/// A bound on an event's day.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Atom {
    /// The day is on or after the constant.
    AtLeastDay(Day),
    /// The day is before the constant.
    BelowDay(Day),
    /// The day is on or after `other`'s day, moved by `chain` (if any: a
    /// chain of offsets that counts months or years), plus `shift` days;
    /// false when `other` never happens.
    AtLeast {
        other: EventId,
        shift: i64,
        chain: Option<Chain>,
    },
    /// The day is before `other`'s day, moved by `chain` (if any), plus
    /// `shift` days; true when `other` never happens.
    Below {
        other: EventId,
        shift: i64,
        chain: Option<Chain>,
    },
    /// A gate (`Unless`) is shut (`holds`: `event` happened before `before`)
    /// or open; the search chooses each gate's side once, for the event it
    /// names, and keeps the alternatives that agree ([`Gate`]).
    Gate { gate: Gate, holds: bool },
    /// This alternative of the gate's event is the side `holds` of the gate.
    GateSide { gate: Gate, holds: bool },
}

/// The condition of an `Unless` point: whether `event` happens before
/// `before`. Numbered by the search.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Gate {
    /// The event that shuts it.
    pub event: EventId,
    /// It shuts when the event happens before this point.
    pub before: TimeExpr,
    /// The renewing end ([`TimeExpr::Renewed`]) this gate is a rung of, if
    /// it is one ([`ladder`]): its side is chosen with the other rungs', as
    /// one constraint of the notice ([`ladder_sides`]), not on its own.
    pub ladder: Option<Box<TimeExpr>>,
}

/// The most renewals the exact search takes period by period: each is one
/// more alternative of every bound that reads the renewed end.
pub(crate) const MOST_RENEWALS: u32 = 48;

/// One period of a renewal as the search reads it (docs/semantics.md §6.2,
/// "Renewal: a ladder of gates", and "Renewal without a limit").
#[derive(Debug, Clone)]
pub(crate) struct Rung {
    /// The end `E_k` of the period; never (`first()` of nothing) for the
    /// rung of an unlimited renewal whose notice never comes.
    pub end: TimeExpr,
    /// The gate that is shut when the notice comes in time for this period
    /// (on or before `E_k - lead`, so before the day after that); the last
    /// rung, which runs whenever the notice is late for all the others or
    /// never comes, has none.
    pub gate: Option<Gate>,
    /// The notice's days that take this rung: on or after the first point
    /// and before the second (each `None`: no bound that way). `None`: only
    /// a notice that never comes takes it.
    pub notice: Option<(Option<TimeExpr>, Option<TimeExpr>)>,
}

/// A renewing end `R(n)` (`renews for P, K times unless n at least L
/// before`) as its periods: `R(n) = E_k` exactly when the gate of rung `k`
/// is shut and that of rung `k - 1` open (the first period the notice is in
/// time for; docs/semantics.md §6.2, "Renewal: a ladder of gates"). The
/// ends and deadlines are [`TimeExpr::period_end`] and
/// [`crate::model::renewal_deadline`], as [`crate::model::renewed_end`]
/// reads them.
///
/// A renewal with at most [`MOST_RENEWALS`] renewals is all its periods. One
/// without a limit, or with more, is read through `horizon` (computed for
/// the question by [`super::renewal::horizon`]): its first `horizon`
/// periods, then the notice never coming (no limit: the term never ends) or
/// late for every one of those (a limit `T`: the term ends at `E_T`, and
/// the notice takes that rung only when it is late for period `T - 1`
/// too). A notice in a later period realises nothing those do not
/// (docs/semantics.md, Lemma 8). Without a horizon it is not decided
/// ([`Unsupported::Renewal`]); a horizon of 0 is the reading the horizon is
/// computed from (the initial period, then the notice never coming).
pub(crate) fn ladder(t: &TimeExpr, horizon: Option<u32>) -> Result<Vec<Rung>, Unsupported> {
    let TimeExpr::Renewed {
        end,
        period,
        times,
        notice,
        lead,
    } = t
    else {
        return Err(Unsupported::Renewal);
    };
    // `Some(0)` is the reading the horizon itself is computed from: the
    // initial period and the notice never coming, no later period's day.
    let probe = horizon == Some(0);
    let gated = match (*times, horizon) {
        (Some(times), _) if times <= MOST_RENEWALS => times,
        (_, Some(0)) => 1,
        (Some(times), Some(horizon)) => horizon.min(times),
        (None, Some(horizon)) => horizon,
        (_, None) => return Err(Unsupported::Renewal),
    };
    let period_end =
        |k: u32| TimeExpr::period_end((**end).clone(), *period, k).ok_or(Unsupported::Renewal);
    // `n <= E_k - lead` is `n < (E_k - lead) + 1 day`.
    let in_time_before = |end_k: &TimeExpr| TimeExpr::Offset {
        base: Box::new(TimeExpr::Offset {
            base: Box::new(end_k.clone()),
            amount: lead.0,
            unit: lead.1,
            forward: false,
        }),
        amount: 1,
        unit: TimeUnit::Day,
        forward: true,
    };
    let mut out = Vec::new();
    let mut previous: Option<TimeExpr> = None;
    for k in 0..gated {
        let end_k = period_end(k)?;
        let before = in_time_before(&end_k);
        out.push(Rung {
            end: end_k,
            gate: Some(Gate {
                event: *notice,
                before: before.clone(),
                ladder: Some(Box::new(t.clone())),
            }),
            notice: Some((previous.take(), Some(before.clone()))),
        });
        previous = Some(before);
    }
    out.push(match *times {
        Some(times) if !probe => {
            // Late for period `times - 1` (the last that a notice stops),
            // which is the period before it when the ladder is whole.
            let late = match times.checked_sub(1) {
                Some(last) if last >= gated => Some(in_time_before(&period_end(last)?)),
                _ => previous,
            };
            Rung {
                end: period_end(times)?,
                gate: None,
                notice: Some((late, None)),
            }
        }
        _ => Rung {
            end: TimeExpr::First(Vec::new()),
            gate: None,
            notice: None,
        },
    });
    Ok(out)
}

/// The sides of every rung of a ladder as one constraint of the notice,
/// with one alternative per rung `k` the notice can take: its day in time
/// for period `k` and not for the period before (bounds on its day), every
/// rung from `k` on shut and every rung before open. The notice never
/// coming leaves every gate open: the last rung. The periods' deadlines
/// never decrease, so the alternatives exclude each other and a notice's
/// day takes exactly the one [`crate::model::renewed_end`] gives it (a
/// notice in a period past the horizon of an unlimited renewal takes none:
/// the search leaves it out, docs/semantics.md Lemma 8).
pub(crate) fn ladder_sides(renewed: &TimeExpr, horizon: Option<u32>) -> Result<AnyOf, Unsupported> {
    let rungs = ladder(renewed, horizon)?;
    let TimeExpr::Renewed { notice, .. } = *renewed else {
        return Err(Unsupported::Renewal);
    };
    let gates: Vec<&Gate> = rungs.iter().filter_map(|r| r.gate.as_ref()).collect();
    let mut out = AnyOf::new();
    for (k, rung) in rungs.iter().enumerate() {
        let Some((from, until)) = &rung.notice else {
            continue;
        };
        let mut alternatives: AnyOf = vec![Vec::new()];
        if let Some(until) = until {
            alternatives = both(
                alternatives,
                bound(notice, until, &mut Vec::new(), false, None)?,
            )?;
        }
        if let Some(from) = from {
            alternatives = both(
                alternatives,
                bound(notice, from, &mut Vec::new(), true, None)?,
            )?;
        }
        for all in &mut alternatives {
            for (j, g) in gates.iter().enumerate() {
                all.push(Atom::GateSide {
                    gate: (*g).clone(),
                    holds: j >= k,
                });
            }
        }
        out.extend(alternatives);
    }
    if out.len() > MOST_ALTERNATIVES.max(rungs.len()) {
        return Err(Unsupported::TooManyAlternatives);
    }
    Ok(out)
}

/// Both of two constraints: every alternative of one with every
/// alternative of the other.
fn both(a: AnyOf, b: AnyOf) -> Result<AnyOf, Unsupported> {
    let mut next = Vec::new();
    for all in &a {
        for more in &b {
            let mut together = all.clone();
            together.extend(more.iter().cloned());
            next.push(together);
        }
    }
    if next.len() > MOST_ALTERNATIVES {
        return Err(Unsupported::TooManyAlternatives);
    }
    Ok(next)
}

/// A chain of offsets, innermost first, as the leaves of
/// [`super::points`] read them: `(amount, unit, forward)`.
pub(crate) type Chain = Vec<(u32, TimeUnit, bool)>;

/// Alternatives (any one of them suffices), each a conjunction of atoms.
pub(crate) type AnyOf = Vec<Vec<Atom>>;

/// Why constraints could not be rewritten as atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unsupported {
    /// Windows count months, years or business days between events in a
    /// cycle (each event bounded by the other), or from the event's own day
    /// both forwards and backwards: the search takes such bounds one way
    /// only ([`super::links`]).
    MonthsFromEvent,
    /// More alternatives than the search allows (nested `first`/`last`).
    TooManyAlternatives,
    /// A window depends on the end of a term that renews without a limit,
    /// or more than [`MOST_RENEWALS`] times, and no horizon is given
    /// ([`ladder`]).
    Renewal,
}

/// The most alternatives one constraint may expand to.
const MOST_ALTERNATIVES: usize = 64;

/// Every constraint of `event`, each as alternatives; the event's day must
/// satisfy all of them.
pub(crate) fn of_event(
    contract: &Contract,
    event: EventId,
    assume: Option<RenewalAssumption>,
    horizon: Option<u32>,
) -> Result<Vec<AnyOf>, Unsupported> {
    let e = contract.event(event);
    let mut out = Vec::new();
    for &(other, strict) in &e.after {
        out.push(vec![vec![Atom::AtLeast {
            other,
            shift: i64::from(strict),
            chain: None,
        }]]);
    }
    for w in &e.windows {
        match assume {
            Some(a)
                if w.window
                    .from
                    .iter()
                    .chain(&w.window.until)
                    .any(|t| t.renews()) =>
            {
                let window = Window {
                    from: w.window.from.as_ref().map(|t| t.assuming(a)),
                    until: w.window.until.as_ref().map(|t| t.assuming(a)),
                    ..w.window.clone()
                };
                out.extend(of_window(event, &window, horizon)?);
            }
            _ => out.extend(of_window(event, &w.window, horizon)?),
        }
    }
    Ok(out)
}

fn of_window(event: EventId, w: &Window, horizon: Option<u32>) -> Result<Vec<AnyOf>, Unsupported> {
    let mut out = Vec::new();
    if let Some(from) = &w.from {
        out.push(bound(event, from, &mut Vec::new(), true, horizon)?);
    }
    if let Some(until) = &w.until {
        out.push(bound(event, until, &mut Vec::new(), false, horizon)?);
    }
    Ok(out)
}

/// `x >= t` (`lower`) or `x < t` as alternatives of atoms; `steps` are the
/// offsets above `t`, outermost last; `horizon` is how many periods of a
/// renewal without a limit the question reads ([`ladder`]).
fn bound(
    event: EventId,
    t: &TimeExpr,
    steps: &mut Vec<(u32, TimeUnit, bool)>,
    lower: bool,
    horizon: Option<u32>,
) -> Result<AnyOf, Unsupported> {
    let chain = || -> Vec<(u32, TimeUnit, bool)> { steps.iter().rev().copied().collect() };
    match t {
        TimeExpr::Day(d) => {
            let day = super::points::apply(*d, &chain());
            Ok(vec![vec![if lower {
                Atom::AtLeastDay(day)
            } else {
                Atom::BelowDay(day)
            }]])
        }
        TimeExpr::Event(other) => {
            let chain = chain();
            if *other == event {
                // `x >= f(x)` or `x < f(x)`: decided by the direction of f.
                let direction = self_direction(&chain)?;
                let holds = if lower { direction <= 0 } else { direction > 0 };
                return Ok(if holds { vec![Vec::new()] } else { Vec::new() });
            }
            // Months and years from another event are kept as the chain
            // itself: a monotone bound, not a fixed number of days, which
            // the solver and the choice of days read as such
            // (docs/semantics.md §6.2, "Months between events").
            let (shift, chain) = match linear_shift(&chain) {
                Some(shift) => (shift, None),
                None => (0, Some(chain)),
            };
            let other = *other;
            Ok(vec![vec![if lower {
                Atom::AtLeast {
                    other,
                    shift,
                    chain,
                }
            } else {
                Atom::Below {
                    other,
                    shift,
                    chain,
                }
            }]])
        }
        // Business days are a step of the chain like months: from another
        // event a monotone bound, from a date a constant.
        TimeExpr::Offset { base, .. } | TimeExpr::BusinessDays { base, .. } => {
            steps.extend(super::business::step_of(t));
            let out = bound(event, base, steps, lower, horizon);
            steps.pop();
            out
        }
        // `x >= R(n)`: for some period `k`, the notice takes it (rung `k`
        // shut, rung `k - 1` open) and `x >= E_k`; `x < R(n)` likewise with
        // `x < E_k`. The notice's own constraint chooses the period
        // ([`ladder_sides`]); the search keeps the alternatives that agree.
        TimeExpr::Renewed { .. } => {
            let rungs = ladder(t, horizon)?;
            let mut out = AnyOf::new();
            for (k, rung) in rungs.iter().enumerate() {
                let mut side = Vec::new();
                if let Some(g) = &rung.gate {
                    side.push(Atom::Gate {
                        gate: g.clone(),
                        holds: true,
                    });
                }
                if let Some(g) = k.checked_sub(1).and_then(|j| rungs[j].gate.as_ref()) {
                    side.push(Atom::Gate {
                        gate: g.clone(),
                        holds: false,
                    });
                }
                for mut all in bound(event, &rung.end, steps, lower, horizon)? {
                    all.extend(side.iter().cloned());
                    out.push(all);
                }
            }
            if out.len() > MOST_ALTERNATIVES.max(rungs.len()) {
                return Err(Unsupported::TooManyAlternatives);
            }
            Ok(out)
        }
        // `x >= unless(p, e, b)`: the gate is open and `x >= p`;
        // `x < unless(p, e, b)`: the gate is shut, or `x < p`.
        TimeExpr::Unless {
            point,
            event: gated,
            before,
        } => {
            let gate = Gate {
                event: *gated,
                before: (**before).clone(),
                ladder: None,
            };
            let mut out = bound(event, point, steps, lower, horizon)?;
            if lower {
                for all in &mut out {
                    all.push(Atom::Gate {
                        gate: gate.clone(),
                        holds: false,
                    });
                }
            } else {
                out.push(vec![Atom::Gate { gate, holds: true }]);
            }
            Ok(out)
        }
        TimeExpr::First(items) | TimeExpr::Last(items) => {
            // `x >= first(..)` and `x < last(..)` need one item; the others
            // need all of them.
            let any = matches!(t, TimeExpr::First(_)) == lower;
            let parts = items
                .iter()
                .map(|i| bound(event, i, steps, lower, horizon))
                .collect::<Result<Vec<_>, _>>()?;
            if any {
                let out: AnyOf = parts.into_iter().flatten().collect();
                if out.len() > MOST_ALTERNATIVES {
                    return Err(Unsupported::TooManyAlternatives);
                }
                Ok(out)
            } else {
                parts.into_iter().try_fold(vec![Vec::new()], both)
            }
        }
    }
}

/// The whole days a chain of day and week offsets moves a day, or `None`
/// when it counts months or years.
pub(crate) fn linear_shift(chain: &[(u32, TimeUnit, bool)]) -> Option<i64> {
    chain.iter().try_fold(0i64, |sum, &(n, unit, forward)| {
        let days = match unit {
            TimeUnit::Day => i64::from(n),
            TimeUnit::Week => i64::from(n) * 7,
            TimeUnit::Month | TimeUnit::Year | TimeUnit::BusinessDay => return None,
        };
        Some(if forward { sum + days } else { sum - days })
    })
}

/// Whether a chain moves every day later (1), earlier (-1) or nowhere (0).
fn self_direction(chain: &[(u32, TimeUnit, bool)]) -> Result<i64, Unsupported> {
    if let Some(shift) = linear_shift(chain) {
        return Ok(shift.signum());
    }
    let moving: Vec<bool> = chain
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(_, _, forward)| *forward)
        .collect();
    // Offsets of zero months or years move no day (`0 months before x`).
    if moving.is_empty() {
        Ok(0)
    } else if moving.iter().all(|f| *f) {
        Ok(1)
    } else if moving.iter().all(|f| !*f) {
        Ok(-1)
    } else {
        Err(Unsupported::MonthsFromEvent)
    }
}

/// The two sides of a gate as alternatives of its event's day: before the
/// point (the event happens, so the gate shuts) or not; each marked with its
/// side, so that the search keeps only the alternatives of other events
/// that agree with the side chosen.
pub(crate) fn gate_sides(gate: &Gate, horizon: Option<u32>) -> Result<AnyOf, Unsupported> {
    let mut shut = bound(gate.event, &gate.before, &mut Vec::new(), false, horizon)?;
    let mut open = bound(gate.event, &gate.before, &mut Vec::new(), true, horizon)?;
    for (alternatives, holds) in [(&mut shut, true), (&mut open, false)] {
        for all in alternatives.iter_mut() {
            all.push(Atom::GateSide {
                gate: gate.clone(),
                holds,
            });
        }
    }
    shut.extend(open);
    if shut.len() > MOST_ALTERNATIVES {
        return Err(Unsupported::TooManyAlternatives);
    }
    Ok(shut)
}

/// An [`Atom`] with events by their position in the search's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DAtom {
    /// See [`Atom::AtLeastDay`].
    AtLeastDay(Day),
    /// See [`Atom::BelowDay`].
    BelowDay(Day),
    /// See [`Atom::AtLeast`].
    AtLeast {
        other: usize,
        shift: i64,
        chain: Option<Chain>,
    },
    /// See [`Atom::Below`].
    Below {
        other: usize,
        shift: i64,
        chain: Option<Chain>,
    },
    /// See [`Atom::Gate`]: the gate by its number.
    Gate { gate: usize, holds: bool },
    /// See [`Atom::GateSide`]: the gate by its number.
    GateSide { gate: usize, holds: bool },
}

impl DAtom {
    /// The atom with its event replaced by its position.
    pub(crate) fn of(
        atom: &Atom,
        at: &dyn Fn(&EventId) -> usize,
        gate: &dyn Fn(&Gate) -> usize,
    ) -> DAtom {
        match *atom {
            Atom::Gate { gate: ref g, holds } => DAtom::Gate {
                gate: gate(g),
                holds,
            },
            Atom::GateSide { gate: ref g, holds } => DAtom::GateSide {
                gate: gate(g),
                holds,
            },
            Atom::AtLeastDay(d) => DAtom::AtLeastDay(d),
            Atom::BelowDay(d) => DAtom::BelowDay(d),
            Atom::AtLeast {
                other,
                shift,
                ref chain,
            } => DAtom::AtLeast {
                other: at(&other),
                shift,
                chain: chain.clone(),
            },
            Atom::Below {
                other,
                shift,
                ref chain,
            } => DAtom::Below {
                other: at(&other),
                shift,
                chain: chain.clone(),
            },
        }
    }
}

/// The solver of the search, with its buffers kept between calls: the
/// search solves a system at every point it tries.
#[derive(Default)]
pub(crate) struct Solver {
    lo: Vec<i64>,
    x: Vec<i64>,
    edges: Vec<(usize, usize, i64)>,
    /// Bounds that count months or years between two events, as
    /// `(a, b, k)`: `x_a <= φ(x_b)` for the monotone `φ` of the `k`-th atom
    /// chosen ([`through`]).
    bent: Vec<(usize, usize, usize)>,
}

impl Solver {
    /// The greatest days, at most `cap`, for the events that `happen`, in
    /// their `region`s, that satisfy every `(event, atom)` chosen; `None`
    /// when no days do. The atoms between two events are difference
    /// constraints, or monotone bounds where they count months or years
    /// ([`through`]); relaxing them from the top (Bellman–Ford) converges
    /// within as many rounds as there are events, unless the system has no
    /// solution. With bounds that count months, a system with no solution
    /// below `cap` is tried again below a cap later by whole 400-year
    /// cycles (docs/semantics.md §6.2, "Months between events"), so `None`
    /// means it has none at all.
    pub(crate) fn solve(
        &mut self,
        happen: &[bool],
        region: &[(Day, Day)],
        chosen: &[(usize, &DAtom)],
        cap: Day,
    ) -> Option<Vec<Option<Day>>> {
        let found = self.solve_below(happen, region, chosen, cap);
        if found.is_some() || self.bent.is_empty() {
            return found;
        }
        // Days above every fixed number can be brought down by whole
        // periods of the calendar, which every bound keeps, until each gap
        // between them is at most `widest + PERIOD`.
        let widest = self
            .edges
            .iter()
            .map(|e| e.2.abs() + 1)
            .chain(self.bent.iter().map(|&(_, _, k)| match chosen[k].1 {
                DAtom::AtLeast {
                    shift,
                    chain: Some(ref c),
                    ..
                }
                | DAtom::Below {
                    shift,
                    chain: Some(ref c),
                    ..
                } => super::points::reach_days(c) + shift.abs() + 1,
                _ => 0,
            }))
            .max()
            .unwrap_or(0);
        let n = happen.iter().filter(|h| **h).count() as i64 + 1;
        let (_, cal_hi) = Day::calendar();
        // Business days commute with whole weeks only past the holidays:
        // the days moved down stay beyond the last one by every bound's
        // reach (docs/semantics.md §6.2, "Business days between events").
        let business = self.bent.iter().any(|&(_, _, k)| {
            matches!(chosen[k].1, DAtom::AtLeast { chain: Some(ref c), .. }
                | DAtom::Below { chain: Some(ref c), .. } if super::business::counts(c))
        });
        let base = match super::business::horizon().filter(|_| business) {
            Some(h) => i64::from(cap.0).max(i64::from(h.0) + widest + 1),
            None => i64::from(cap.0),
        };
        let far = (base + n * (widest + i64::from(PERIOD))).min(i64::from(cal_hi.0));
        self.solve_below(happen, region, chosen, Day(far as i32))
    }

    fn solve_below(
        &mut self,
        happen: &[bool],
        region: &[(Day, Day)],
        chosen: &[(usize, &DAtom)],
        cap: Day,
    ) -> Option<Vec<Option<Day>>> {
        let n = happen.len();
        self.lo.clear();
        self.x.clear();
        self.edges.clear();
        self.bent.clear();
        for &(l, h) in &region[..n] {
            self.lo.push(i64::from(l.0));
            self.x.push(i64::from(h.min(cap).0));
        }
        for (k, &(e, atom)) in chosen.iter().enumerate() {
            match *atom {
                DAtom::AtLeastDay(c) => self.lo[e] = self.lo[e].max(i64::from(c.0)),
                DAtom::BelowDay(c) => self.x[e] = self.x[e].min(i64::from(c.0) - 1),
                DAtom::AtLeast {
                    other,
                    shift,
                    ref chain,
                } => {
                    if !happen[other] {
                        return None;
                    }
                    match chain {
                        None => self.edges.push((other, e, -shift)),
                        Some(_) => self.bent.push((other, e, k)),
                    }
                }
                DAtom::Below {
                    other,
                    shift,
                    ref chain,
                } => {
                    if happen[other] {
                        match chain {
                            None => self.edges.push((e, other, shift - 1)),
                            Some(_) => self.bent.push((e, other, k)),
                        }
                    }
                }
                // Which side of a gate is taken is the search's choice,
                // checked before solving; no bound on a day.
                DAtom::Gate { .. } | DAtom::GateSide { .. } => {}
            }
        }
        let rounds = happen.iter().filter(|h| **h).count() + 1;
        for round in 0..=rounds {
            let mut changed = false;
            for &(a, b, w) in &self.edges {
                let limit = self.x[b] + w;
                if self.x[a] > limit {
                    self.x[a] = limit;
                    changed = true;
                    if limit < self.lo[a] {
                        return None;
                    }
                }
            }
            for &(a, b, k) in &self.bent {
                let limit = through(chosen[k].1, self.x[b]);
                if self.x[a] > limit {
                    self.x[a] = limit;
                    changed = true;
                    if limit < self.lo[a] {
                        return None;
                    }
                }
            }
            if !changed {
                break;
            }
            if round == rounds {
                return None;
            }
        }
        let mut out = Vec::with_capacity(n);
        for ((&h, &x), &lo) in happen.iter().zip(&self.x).zip(&self.lo) {
            if !h {
                out.push(None);
            } else if x < lo {
                return None;
            } else {
                out.push(Some(Day(x as i32)));
            }
        }
        Some(out)
    }
}

/// Days in 400 Gregorian years: the calendar, and so every chain of
/// offsets, repeats with this period (a whole number of weeks, too).
const PERIOD: i32 = 146_097;

/// The greatest day an atom that counts months between two events lets
/// its upper side take, given the day `y` of the other side: for `x_q >=
/// F(x_o) + s` the latest `x_o` with `F(x_o) <= y - s`; for `x_q < F(x_o) +
/// s` the day `F(y) + s - 1`. Both are monotone in `y`, which is all the
/// solver needs ([`links`](super::links) has the argument). A day before
/// the calendar's first when no day qualifies.
pub(crate) fn through(atom: &DAtom, y: i64) -> i64 {
    match *atom {
        DAtom::AtLeast {
            shift,
            chain: Some(ref c),
            ..
        } => latest(c, y - shift),
        DAtom::Below {
            shift,
            chain: Some(ref c),
            ..
        } => forward(c, y) + shift - 1,
        DAtom::AtLeast { shift, .. } => y - shift,
        DAtom::Below { shift, .. } => y + shift - 1,
        _ => y,
    }
}

/// `F(y)` for the chain `F`, on a day number that may lie outside the
/// calendar (it saturates there, as every shift does).
pub(crate) fn forward(chain: &[(u32, TimeUnit, bool)], y: i64) -> i64 {
    let d = Day(y.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
    i64::from(super::points::apply(d, chain).0)
}

/// The latest calendar day `x` with `F(x) <= y`, or the day before the
/// calendar's first when there is none.
pub(crate) fn latest(chain: &[(u32, TimeUnit, bool)], y: i64) -> i64 {
    let (cal_lo, cal_hi) = Day::calendar();
    if y > i64::from(cal_hi.0) {
        return i64::from(cal_hi.0);
    }
    if y < i64::from(cal_lo.0) {
        return i64::from(cal_lo.0) - 1;
    }
    let d = Day(y as i32);
    let hint = super::points::unapply(d, chain);
    super::points::last_at_or_before(chain, d, hint)
        .map_or(i64::from(cal_lo.0) - 1, |x| i64::from(x.0))
}

/// The constants the bounds imply for each event, through every chain of
/// bounds between events: `x >= c` and `y >= x + 3` imply `y >= c + 3`.
/// Whether an interval of an event's days can hold a solution depends on
/// where its ends lie against these (docs/semantics.md §6.3), so the
/// representative days include the days on which a leaf of the event
/// reaches one. `None` when there are more than `most`, or when finding
/// them walks more than `64 * most` steps of bounds.
pub(crate) fn thresholds(
    atoms: &FxHashMap<EventId, Vec<AnyOf>>,
    most: usize,
) -> Option<FxHashMap<EventId, Vec<i64>>> {
    // Events by a dense number, for the walk.
    let mut ids: Vec<EventId> = Vec::new();
    let mut number: FxHashMap<EventId, usize> = FxHashMap::default();
    let mut at = |e: EventId| -> usize {
        *number.entry(e).or_insert_with(|| {
            ids.push(e);
            ids.len() - 1
        })
    };
    // Lower bounds flow along `x_e >= x_o + s` from o to e (+s) and along
    // `x_e < x_o + s` from e to o (-s + 1); upper bounds the other way.
    // Through a chain that counts months the bound is carried by the chain
    // or by its adjoint ([`carry`]): monotone, so still the tightest bound.
    // An edge (a, b, atom): a lower bound on a gives one on b, and an upper
    // bound on b gives one on a.
    let mut edges: Vec<(usize, usize, &Atom)> = Vec::new();
    let mut seeds: Vec<(usize, i64, bool)> = Vec::new();
    for (&e, constraints) in atoms {
        let e = at(e);
        for atom in constraints.iter().flatten().flatten() {
            match *atom {
                Atom::AtLeastDay(c) => seeds.push((e, i64::from(c.0), true)),
                Atom::BelowDay(c) => seeds.push((e, i64::from(c.0) - 1, false)),
                Atom::AtLeast { other, .. } => edges.push((at(other), e, atom)),
                Atom::Below { other, .. } => edges.push((e, at(other), atom)),
                Atom::Gate { .. } | Atom::GateSide { .. } => {}
            }
        }
    }
    // The same bound in several alternatives (every period of a renewal's
    // ladder repeats the other bounds of its window) is one edge: a copy
    // carries the same values along the same paths, and would multiply
    // the paths walked by the number of copies at every step.
    let mut seen: FxHashSet<(usize, usize, &Atom)> = FxHashSet::default();
    edges.retain(|&edge| seen.insert(edge));
    let mut up: Vec<Vec<(usize, &Atom)>> = vec![Vec::new(); ids.len()];
    let mut down: Vec<Vec<(usize, &Atom)>> = vec![Vec::new(); ids.len()];
    for &(a, b, w) in &edges {
        up[a].push((b, w));
        down[b].push((a, w));
    }
    let mut values: Vec<Vec<i64>> = vec![Vec::new(); ids.len()];
    let mut known: FxHashSet<(usize, i64)> = FxHashSet::default();
    // The seeds on one event, one way, walk the same paths (which path is
    // simple does not depend on the values): they are walked together, each
    // path once, carrying all their values. The ends of a renewal's periods
    // bound every window that reads the term's end, one seed per period.
    let mut groups: Vec<((usize, bool), Vec<i64>)> = Vec::new();
    let mut group_of: FxHashMap<(usize, bool), usize> = FxHashMap::default();
    for (e, t, lower) in seeds {
        let g = *group_of.entry((e, lower)).or_insert_with(|| {
            groups.push(((e, lower), Vec::new()));
            groups.len() - 1
        });
        if !groups[g].1.contains(&t) {
            groups[g].1.push(t);
        }
    }
    // Paths are walked, not values: many paths can give the same bound, so
    // the walk has a budget of its own. Every simple path from each group
    // of seeds is walked once, depth first, with one path buffer and one
    // buffer of the values carried along it (no copy per step): a step's
    // values start at its second field.
    let mut steps = 0usize;
    let mut path: Vec<(usize, usize, usize)> = Vec::new();
    let mut carried: Vec<i64> = Vec::new();
    let mut on_path = vec![false; ids.len()];
    for ((e, lower), ts) in groups {
        let graph = if lower { &up } else { &down };
        let width = ts.len();
        for &t in &ts {
            if !record(&mut known, &mut values, e, t, most) {
                return None;
            }
        }
        carried.clear();
        carried.extend_from_slice(&ts);
        path.push((e, 0, 0));
        on_path[e] = true;
        while let Some(top) = path.last_mut() {
            let (node, start, edge) = *top;
            let Some(&(next, w)) = graph[node].get(edge) else {
                on_path[node] = false;
                path.pop();
                carried.truncate(start);
                continue;
            };
            top.2 += 1;
            steps += 1;
            if steps > 64 * most {
                return None;
            }
            if !on_path[next] {
                let from = carried.len();
                for i in start..start + width {
                    let v = carry(w, carried[i], lower);
                    carried.push(v);
                    if !record(&mut known, &mut values, next, v, most) {
                        return None;
                    }
                }
                path.push((next, from, 0));
                on_path[next] = true;
            }
        }
    }
    for list in &mut values {
        list.sort_unstable();
    }
    let out: FxHashMap<EventId, Vec<i64>> = ids
        .into_iter()
        .zip(values)
        .filter(|(_, v)| !v.is_empty())
        .collect();
    Some(out)
}

/// Keeps `value` as a bound of event `node` if it is new; `false` when
/// that makes more than `most` bounds in all.
fn record(
    known: &mut FxHashSet<(usize, i64)>,
    values: &mut [Vec<i64>],
    node: usize,
    value: i64,
    most: usize,
) -> bool {
    if known.insert((node, value)) {
        values[node].push(value);
    }
    known.len() <= most
}

/// The bound an atom between two events carries from one to the other
/// ([`thresholds`]): with `lower`, the lower bound `t` on the event the
/// bound flows from gives this lower bound on the other; otherwise the
/// upper bound `t` gives this upper bound.
fn carry(atom: &Atom, t: i64, lower: bool) -> i64 {
    match (atom, lower) {
        // `x_e >= F(x_o) + s`: `x_o >= t` gives `x_e >= F(t) + s`, and
        // `x_e <= t` gives `x_o <= latest x with F(x) <= t - s`.
        (Atom::AtLeast { shift, chain, .. }, true) => match chain {
            Some(c) => forward(c, t) + shift,
            None => t + shift,
        },
        (Atom::AtLeast { shift, chain, .. }, false) => match chain {
            Some(c) => latest(c, t - shift),
            None => t - shift,
        },
        // `x_e <= F(x_o) + s - 1`: `x_e >= t` gives `x_o >= (latest x
        // with F(x) <= t - s) + 1`, and `x_o <= t` gives `x_e <= F(t) + s
        // - 1`.
        (Atom::Below { shift, chain, .. }, true) => match chain {
            Some(c) => latest(c, t - shift) + 1,
            None => t - shift + 1,
        },
        (Atom::Below { shift, chain, .. }, false) => match chain {
            Some(c) => forward(c, t) + shift - 1,
            None => t + shift - 1,
        },
        _ => t,
    }
}

/// The largest number of days a bound between two events puts between
/// them (`x >= y + 3`: 3; `x < y + 3`, that is `x <= y + 2`: 2): events
/// placed late need no more room than this between each two
/// (docs/semantics.md, Lemma 3).
pub(crate) fn widest_shift(atoms: &FxHashMap<EventId, Vec<AnyOf>>) -> i64 {
    atoms
        .values()
        .flatten()
        .flatten()
        .flatten()
        .map(|a| match *a {
            Atom::AtLeast {
                shift,
                chain: Some(ref c),
                ..
            }
            | Atom::Below {
                shift,
                chain: Some(ref c),
                ..
            } => super::points::reach_days(c) + shift.abs() + 1,
            Atom::AtLeast { shift, .. } => shift.abs(),
            Atom::Below { shift, .. } => (shift - 1).abs(),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}
