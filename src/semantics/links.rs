//! Bounds between events that count months or years (`within 1 month
//! after offer`, `not before 5 years after allotment`): what the choice of
//! representative days must tell apart because of them.
//!
//! Such a bound is not a difference constraint: `1 month after x` moves `x`
//! by 28 to 31 days depending on where `x` falls. It is still monotone, and
//! the calendar repeats every 400 years, which is all the search needs
//! (docs/semantics.md §6.2 and §6.3, "Months between events"):
//!
//! - The solver reads `x_q >= F(x_o) + s` as `x_o <= latest x with F(x) <=
//!   x_q - s`, and `x_q < F(x_o) + s` as `x_q <= F(x_o) + s - 1`: upper
//!   bounds by monotone functions of another day, so the systems of a choice
//!   still have a greatest solution, found from the top
//!   ([`super::constraints::Solver`]).
//! - Whether a choice of regions at day `d` has a solution is then a set of
//!   comparisons `h(g_B(d)) >= g_A(d) + 1`, one per path of upper bounds
//!   from an event with leaf chain `A` to one with leaf chain `B` (`h` the
//!   composition of the bounds on the path), besides comparisons with
//!   constants (which cut the cells) and the differences between leaves
//!   that the shape already holds. The comparisons of paths with a bound
//!   that counts months are what this module adds to the shape
//!   ([`Links::signature`]): two days of one cell with the same shape and
//!   the same answers realise the same types.
//!
//! A bound that counts months on a cycle of bounds (`within 1 month after
//! e`: the event is bounded by `e` from below and bounds it from above) is
//! read like a cycle of days: going round it never lowers a day (the cycle
//! is harmless) or always does (it has no solution). A cycle that can go
//! either way by the bounds of its offsets would need more rounds of the
//! solver than it has events; such a question is reported as undecided
//! ([`Unsupported::MonthsFromEvent`]).

use rustc_hash::FxHashMap;

use super::constraints::{self, AnyOf, Atom, Chain, Unsupported};
use super::points::{last_at_or_before, reach_days, shift_bounds, unapply};
use crate::model::{Day, EventId};
use crate::syntax::ast::TimeUnit;

/// One upper bound between two events, `x_a <= φ(x_b)`, as a function of
/// `x_b`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Link {
    /// `x_b + w`: a bound in whole days.
    Days(i64),
    /// The latest `x` with `F(x) <= x_b - s`: from `x_b >= F(x_a) + s`.
    Adjoint(Chain, i64),
    /// `F(x_b) + s - 1`: from `x_a < F(x_b) + s`.
    Forward(Chain, i64),
}

impl Link {
    fn of(atom: &Atom) -> Option<(EventId, Link, bool)> {
        match atom {
            Atom::AtLeast {
                other,
                shift,
                chain,
            } => Some((
                *other,
                match chain {
                    None => Link::Days(-shift),
                    Some(c) => Link::Adjoint(c.clone(), *shift),
                },
                true,
            )),
            Atom::Below {
                other,
                shift,
                chain,
            } => Some((
                *other,
                match chain {
                    None => Link::Days(shift - 1),
                    Some(c) => Link::Forward(c.clone(), *shift),
                },
                false,
            )),
            _ => None,
        }
    }

    fn bent(&self) -> bool {
        !matches!(self, Link::Days(_))
    }

    fn apply(&self, y: i64) -> i64 {
        match self {
            Link::Days(w) => y + w,
            Link::Adjoint(c, s) => constraints::latest(c, y - s),
            Link::Forward(c, s) => constraints::forward(c, y) + s - 1,
        }
    }

    /// Bounds on `φ(y) - y` over every day away from the calendar's ends.
    fn bounds(&self) -> (i64, i64) {
        match self {
            Link::Days(w) => (*w, *w),
            // `latest(F, z) - z` is `g_F(z) - z`, within the chain's own
            // bounds; `F(y) - y` lies within their negation: `g_F(F(y)) >=
            // y` and `g_F(F(y) - 1) < y`.
            Link::Adjoint(c, s) => {
                let (lo, hi) = bounds(c);
                (lo - s, hi - s)
            }
            Link::Forward(c, s) => {
                let (lo, hi) = bounds(c);
                (-hi + s - 1, -lo + s - 1)
            }
        }
    }

    fn reach(&self) -> i64 {
        match self {
            Link::Days(w) => w.abs(),
            Link::Adjoint(c, s) | Link::Forward(c, s) => reach_days(c) + s.abs() + 1,
        }
    }
}

/// `h(g_B(d)) >= g_A(d) + 1` for the composition `h` of a path of bounds
/// (first bound first) from an event with leaf chain `A` to an event with
/// leaf chain `B`.
#[derive(Debug)]
struct Comparison {
    from: Chain,
    path: Vec<Link>,
    to: Chain,
}

/// The comparisons that the bounds counting months between the events of
/// one question add to the shape of a day.
#[derive(Debug, Default)]
pub(crate) struct Links {
    comparisons: Vec<Comparison>,
    reach: i64,
}

/// The most paths of bounds with a month in them one question may have.
const MOST_PATHS: usize = 4_096;

impl Links {
    /// Whether no comparison depends on the day.
    pub(crate) fn is_empty(&self) -> bool {
        self.comparisons.is_empty()
    }

    /// Whether the comparisons count months or years, and whether they count
    /// business days, in their chains or bounds: which calendar scan their
    /// answers need ([`super::points`]).
    pub(crate) fn units(&self) -> (bool, bool) {
        let mut steps = self.comparisons.iter().flat_map(|c| {
            c.path
                .iter()
                .flat_map(|l| match l {
                    Link::Days(_) => &[][..],
                    Link::Adjoint(chain, _) | Link::Forward(chain, _) => &chain[..],
                })
                .chain(&c.from)
                .chain(&c.to)
                .map(|(_, unit, _)| *unit)
        });
        steps
            .try_fold((false, false), |(months, business), unit| {
                let out = (
                    months || matches!(unit, TimeUnit::Month | TimeUnit::Year),
                    business || unit == TimeUnit::BusinessDay,
                );
                // Both found: no need to look further.
                if out == (true, true) {
                    Err(out)
                } else {
                    Ok(out)
                }
            })
            .unwrap_or_else(|both| both)
    }

    /// How far from a day the calendar decides its signature: every chain
    /// and bound of a comparison is evaluated within this many days of the
    /// day, twice over (the neighbourhood argument of docs/semantics.md
    /// §6.3).
    pub(crate) fn reach(&self) -> i64 {
        self.reach
    }

    /// The answer of each comparison at `d` (`None` where a leaf of it
    /// never falls on or before `d`).
    pub(crate) fn signature(&self, d: Day) -> impl Iterator<Item = Option<i32>> + '_ {
        let g = move |c: &Chain| last_at_or_before(c, d, unapply(d, c)).map(|x| i64::from(x.0));
        self.comparisons.iter().map(move |cmp| {
            let top = g(&cmp.to)?;
            let low = g(&cmp.from)?;
            let h = cmp.path.iter().rev().fold(top, |y, link| link.apply(y));
            Some(i32::from(h > low))
        })
    }
}

/// The comparisons for a question whose events have the constraints
/// `atoms` and the leaf chains `chains` (the events of the terms).
pub(crate) fn links(
    atoms: &FxHashMap<EventId, Vec<AnyOf>>,
    chains: &FxHashMap<EventId, Vec<Chain>>,
) -> Result<Links, Unsupported> {
    // Upper bounds `x_a <= φ(x_b)` as edges a -> b, over every alternative.
    let mut edges: FxHashMap<EventId, Vec<(EventId, Link)>> = FxHashMap::default();
    let mut any_bent = false;
    for (&e, constraints) in atoms {
        for atom in constraints.iter().flatten().flatten() {
            let Some((other, link, at_least)) = Link::of(atom) else {
                continue;
            };
            any_bent |= link.bent();
            let (a, b) = if at_least { (other, e) } else { (e, other) };
            let list = edges.entry(a).or_default();
            if !list.contains(&(b, link.clone())) {
                list.push((b, link));
            }
        }
    }
    if !any_bent {
        return Ok(Links::default());
    }
    // A bound counting months on a cycle of bounds: the solver's rounds
    // bound its descent only when going round the cycle never lowers a day
    // (then only simple paths matter), or always does (then the cycle has
    // no solution, and the descent does not stop).
    let mut cycles = 0usize;
    for (&a, list) in &edges {
        for (b, link) in list {
            if !link.bent() {
                continue;
            }
            let (blo, bhi) = link.bounds();
            let mut stack: Vec<(EventId, Vec<EventId>, (i64, i64))> =
                vec![(*b, vec![a, *b], (blo, bhi))];
            while let Some((node, visited, (lo, hi))) = stack.pop() {
                for (next, l) in edges.get(&node).map(Vec::as_slice).unwrap_or(&[]) {
                    cycles += 1;
                    if cycles > MOST_PATHS {
                        return Err(Unsupported::TooManyAlternatives);
                    }
                    let (llo, lhi) = l.bounds();
                    let (lo, hi) = (lo + llo, hi + lhi);
                    if *next == a {
                        if lo < 0 && hi >= 0 {
                            return Err(Unsupported::MonthsFromEvent);
                        }
                    } else if !visited.contains(next) {
                        let mut v = visited.clone();
                        v.push(*next);
                        stack.push((*next, v, (lo, hi)));
                    }
                }
            }
        }
    }
    let mut out = Links::default();
    let mut paths = 0usize;
    let mut starts: Vec<&EventId> = chains.keys().collect();
    starts.sort();
    for &start in starts {
        let mut stack: Vec<(EventId, Vec<EventId>, Vec<Link>)> = vec![(start, vec![start], vec![])];
        while let Some((node, visited, path)) = stack.pop() {
            for (next, link) in edges.get(&node).map(Vec::as_slice).unwrap_or(&[]) {
                if visited.contains(next) {
                    continue;
                }
                paths += 1;
                if paths > MOST_PATHS {
                    return Err(Unsupported::TooManyAlternatives);
                }
                let mut p = path.clone();
                p.push(link.clone());
                if p.iter().any(Link::bent) {
                    if let Some(ends) = chains.get(next) {
                        for from in &chains[&start] {
                            for to in ends {
                                out.add(from, &p, to)?;
                            }
                        }
                    }
                }
                let mut v = visited.clone();
                v.push(*next);
                stack.push((*next, v, p));
            }
        }
    }
    Ok(out)
}

impl Links {
    /// Adds a comparison unless its answer is the same on every day: when
    /// the bounds of both sides keep it one way, or when both sides are the
    /// same leaf (a path of lower bounds `x_q >= F(x_o) + s` composes into
    /// the adjoint of one chain, `F` then `s` then the end's chain).
    fn add(&mut self, from: &Chain, path: &[Link], to: &Chain) -> Result<(), Unsupported> {
        if path.iter().all(|l| !matches!(l, Link::Forward(..))) {
            let mut composed: Chain = Vec::new();
            for link in path {
                match link {
                    Link::Days(w) => composed.push(days(-w)),
                    Link::Adjoint(c, s) => {
                        composed.extend(c.iter().copied());
                        composed.push(days(*s));
                    }
                    Link::Forward(..) => {}
                }
            }
            composed.extend(to.iter().copied());
            if normal(&composed) == normal(from) {
                return Ok(());
            }
        }
        let (tlo, thi) = bounds(to);
        let (flo, fhi) = bounds(from);
        let (plo, phi) = path
            .iter()
            .map(Link::bounds)
            .fold((0, 0), |(lo, hi), (a, b)| (lo + a, hi + b));
        let (lo, hi) = (tlo + plo - fhi, thi + phi - flo);
        if hi < 1 || lo >= 1 {
            return Ok(());
        }
        if self.comparisons.len() >= MOST_PATHS {
            return Err(Unsupported::TooManyAlternatives);
        }
        let reach = reach_days(from) + reach_days(to) + path.iter().map(Link::reach).sum::<i64>();
        self.reach = self.reach.max(reach);
        self.comparisons.push(Comparison {
            from: from.clone(),
            path: path.to_vec(),
            to: to.clone(),
        });
        Ok(())
    }
}

/// Bounds on `g_F(d) - d` over every day `d` away from the calendar's
/// ends, for the chain `F`: exact for a chain that moves a day by at most
/// two years, whose value at `d` depends only on the leap years within
/// four years of `d`. Every such neighbourhood of the Gregorian calendar
/// (a leap year every four years, or eight around a century that is not
/// one) occurs between 2090 and 2110, so the extremes over those days are
/// the extremes over all. Longer chains take [`shift_bounds`], which holds
/// everywhere but is wider.
fn bounds(chain: &[(u32, TimeUnit, bool)]) -> (i64, i64) {
    use std::sync::{Mutex, OnceLock};
    type Cache = Mutex<FxHashMap<Chain, (i64, i64)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    // Business days depend on the contract's holidays, not only on the
    // Gregorian calendar: their bounds hold everywhere (and are not kept,
    // since another contract has other holidays).
    if reach_days(chain) > 2 * 365 || super::business::counts(chain) {
        return shift_bounds(chain);
    }
    let cache = CACHE.get_or_init(Default::default);
    if let Some(&b) = cache.lock().ok().as_ref().and_then(|c| c.get(chain)) {
        return b;
    }
    let (Some(first), Some(last)) = (Day::from_ymd(2090, 1, 1), Day::from_ymd(2110, 12, 31)) else {
        return shift_bounds(chain);
    };
    let mut out = (i64::MAX, i64::MIN);
    for d in (first.0..=last.0).map(Day) {
        let Some(g) = last_at_or_before(chain, d, unapply(d, chain)) else {
            return shift_bounds(chain);
        };
        let v = i64::from(g.0 - d.0);
        out = (out.0.min(v), out.1.max(v));
    }
    if let Ok(mut c) = cache.lock() {
        c.insert(chain.to_vec(), out);
    }
    out
}

/// A step of `w` days (forward when positive).
fn days(w: i64) -> (u32, TimeUnit, bool) {
    (
        w.unsigned_abs().min(u64::from(u32::MAX)) as u32,
        TimeUnit::Day,
        w >= 0,
    )
}

/// A chain with its neighbouring steps of days and weeks added up and
/// steps of nothing dropped: the same function.
fn normal(chain: &[(u32, TimeUnit, bool)]) -> Vec<(u32, TimeUnit, bool)> {
    let mut out: Vec<(u32, TimeUnit, bool)> = Vec::new();
    let mut run: i64 = 0;
    for &(n, unit, forward) in chain {
        let sign = if forward { 1 } else { -1 };
        match unit {
            TimeUnit::Day => run += sign * i64::from(n),
            TimeUnit::Week => run += sign * 7 * i64::from(n),
            _ => {
                if run != 0 {
                    out.push(days(run));
                    run = 0;
                }
                if n > 0 {
                    out.push((n, unit, forward));
                }
            }
        }
    }
    if run != 0 {
        out.push(days(run));
    }
    out
}
