//! Conflicts: two norms that cannot both be honoured, or two values of one
//! quantity, at the same time in some scenario, with no precedence between
//! them. Also the `no conflicts` assertions (TERMS.md I9), which hold exactly
//! when this module finds nothing.
//!
//! Candidates come from indexes, never from all pairs: norms are grouped by
//! party and action (by action alone for exclusive rights), matched by
//! subject through [`SubjectIndex`], filtered by the time hull of their
//! windows, and only then decided exactly in the representative scenarios of
//! the two windows. Amendments need no special case: a superseded clause's
//! window already ends where its successor begins.

use rustc_hash::FxHashMap;

use super::index::{Covers, SubjectIndex};
use super::when::{self, Found, Hull};
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::model::{ActionId, AssertKind, ClauseId, Contract, FactId, PartyId, QuantityId};
use crate::semantics::{precedence_between, qualifiers_overlap};
use crate::syntax::ast::Modality;

/// One side of a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    Clause(ClauseId),
    Fact(FactId),
}

/// A conflict found: `primary` is the item the help suggests changing.
#[derive(Debug, Clone)]
pub struct Conflict {
    pub code: Code,
    pub primary: Item,
    pub other: Item,
    /// Where and when it occurs.
    pub found: Found,
}

/// Every conflict diagnostic, and a violation for each `no conflicts`
/// assertion when there is any.
pub fn check(contract: &Contract) -> Vec<Diagnostic> {
    let conflicts = find(contract);
    let mut out: Vec<Diagnostic> = conflicts.iter().map(|c| diagnostic(contract, c)).collect();
    if let Some(first) = out.first().and_then(|d| d.primary()).cloned() {
        for a in &contract.assertions {
            if a.kind != AssertKind::NoConflicts {
                continue;
            }
            let n = conflicts.len();
            let d = Diagnostic::new(
                Code::AssertionViolated,
                format!(
                    "assertion `{}` fails: the checker finds {n} conflict{}",
                    a.named.name,
                    if n == 1 { "" } else { "s" }
                ),
            )
            .with_label(a.named.name_span.clone(), "asserts that nothing conflicts")
            .with_label(first.span.clone(), "first conflict")
            .with_help(
                "resolve each `pactum::conflict` finding with a precedence or narrower terms",
            );
            out.push(d);
        }
    }
    out
}

/// Every conflict in the contract, in a deterministic order.
pub fn find(contract: &Contract) -> Vec<Conflict> {
    let mut out = Vec::new();
    let hulls: Vec<Hull> = contract
        .clauses
        .iter()
        .map(|c| Hull::of(&c.window))
        .collect();
    let mut covers = Covers::new(contract);
    norm_conflicts(contract, &hulls, &mut covers, &mut out);
    exclusive_conflicts(contract, &hulls, &mut covers, &mut out);
    fact_conflicts(contract, &mut out);
    out.sort_by_key(|c| (c.primary, c.other));
    out
}

/// Calls `f` on each pair of `left` and `right` whose subjects overlap,
/// through the subject index when the lists are long. The shorter list is
/// indexed and the longer one queries it: filing an item costs more than
/// looking one up.
fn overlapping_pairs(
    contract: &Contract,
    covers: &mut Covers<'_>,
    left: &[ClauseId],
    right: &[ClauseId],
    mut f: impl FnMut(ClauseId, ClauseId),
) {
    let subjects = |c: ClauseId| &contract.clause(c).norm.subjects;
    if left.len() * right.len() <= 64 {
        for &l in left {
            for &r in right {
                if subjects(l).overlaps(subjects(r)) {
                    f(l, r);
                }
            }
        }
        return;
    }
    let (filed, asking, flipped) = if left.len() <= right.len() {
        (left, right, false)
    } else {
        (right, left, true)
    };
    let taxonomy = covers.taxonomy();
    let mut index = SubjectIndex::default();
    for (i, &c) in filed.iter().enumerate() {
        index.insert(taxonomy, i as u32, covers.clause(c));
    }
    for &a in asking {
        index.overlapping(taxonomy, covers.clause(a), |i| {
            let b = filed[i as usize];
            if flipped {
                f(a, b)
            } else {
                f(b, a)
            }
        });
    }
}

/// The time test of a candidate pair: hulls first, then the exact scenarios.
fn when_both(contract: &Contract, hulls: &[Hull], a: ClauseId, b: ClauseId) -> Option<Found> {
    if !hulls[a.index()].overlaps(&hulls[b.index()]) {
        return None;
    }
    when::overlap(
        contract,
        &contract.clause(a).window,
        &contract.clause(b).window,
    )
}

/// The clause the help suggests changing: the narrower one (the more
/// specific rule is the exception), else the one written later.
fn narrower(contract: &Contract, a: ClauseId, b: ClauseId) -> (ClauseId, ClauseId) {
    let width = |c: ClauseId| contract.clause(c).norm.subjects.bits().count();
    if (width(a), std::cmp::Reverse(a)) <= (width(b), std::cmp::Reverse(b)) {
        (a, b)
    } else {
        (b, a)
    }
}

/// Permission or obligation against prohibition, per party and action.
fn norm_conflicts(
    contract: &Contract,
    hulls: &[Hull],
    covers: &mut Covers<'_>,
    out: &mut Vec<Conflict>,
) {
    let mut groups: FxHashMap<(PartyId, ActionId), (Vec<ClauseId>, Vec<ClauseId>)> =
        FxHashMap::default();
    for c in contract.clause_ids() {
        let norm = &contract.clause(c).norm;
        let group = groups.entry((norm.party, norm.action)).or_default();
        match norm.modality {
            Modality::MustNot => group.1.push(c),
            Modality::May | Modality::Must => group.0.push(c),
        }
    }
    let mut keys: Vec<_> = groups.keys().copied().collect();
    keys.sort();
    for key in keys {
        let (positive, prohibited) = &groups[&key];
        if prohibited.is_empty() {
            continue;
        }
        overlapping_pairs(contract, covers, prohibited, positive, |no, yes| {
            let (n, y) = (&contract.clause(no).norm, &contract.clause(yes).norm);
            // Same party and action by the grouping, overlapping subjects by
            // the index: what is left of the overlap test is the qualifiers.
            if !qualifiers_overlap(n, y) {
                return;
            }
            if precedence_between(contract, no, yes) {
                return;
            }
            let Some(found) = when_both(contract, hulls, no, yes) else {
                return;
            };
            let code = if y.modality == Modality::Must {
                Code::ConflictObligationProhibition
            } else {
                Code::ConflictPermissionProhibition
            };
            let (primary, other) = narrower(contract, yes, no);
            out.push(Conflict {
                code,
                primary: Item::Clause(primary),
                other: Item::Clause(other),
                found,
            });
        });
    }
}

/// An exclusive right (`only X may`) against another party's permission or
/// obligation (or exclusive right) to do the same.
fn exclusive_conflicts(
    contract: &Contract,
    hulls: &[Hull],
    covers: &mut Covers<'_>,
    out: &mut Vec<Conflict>,
) {
    let mut groups: FxHashMap<ActionId, (Vec<ClauseId>, Vec<ClauseId>)> = FxHashMap::default();
    for c in contract.clause_ids() {
        let norm = &contract.clause(c).norm;
        if norm.modality == Modality::MustNot {
            continue;
        }
        let group = groups.entry(norm.action).or_default();
        if norm.exclusive && norm.modality == Modality::May {
            group.0.push(c);
        }
        group.1.push(c);
    }
    let mut keys: Vec<_> = groups.keys().copied().collect();
    keys.sort();
    for key in keys {
        let (exclusive, positive) = &groups[&key];
        if exclusive.is_empty() {
            continue;
        }
        overlapping_pairs(contract, covers, exclusive, positive, |only, yes| {
            let (e, y) = (&contract.clause(only).norm, &contract.clause(yes).norm);
            if e.party == y.party {
                return;
            }
            // Two exclusive rights meet twice; report the pair once.
            let both_exclusive = y.exclusive && y.modality == Modality::May;
            if both_exclusive && yes < only {
                return;
            }
            // Same action by the grouping, an exclusive right on one side,
            // overlapping subjects by the index: the qualifiers are left.
            if !qualifiers_overlap(e, y) {
                return;
            }
            if precedence_between(contract, only, yes) {
                return;
            }
            let Some(found) = when_both(contract, hulls, only, yes) else {
                return;
            };
            out.push(Conflict {
                code: Code::ConflictExclusive,
                primary: Item::Clause(yes),
                other: Item::Clause(only),
                found,
            });
        });
    }
}

/// Two different values of one quantity at once. Facts of one quantity are
/// swept in order of their earliest possible start, so only facts whose
/// hulls overlap are compared.
fn fact_conflicts(contract: &Contract, out: &mut Vec<Conflict>) {
    let mut groups: FxHashMap<QuantityId, Vec<(Hull, FactId)>> = FxHashMap::default();
    for (i, f) in contract.facts.iter().enumerate() {
        let hull = Hull::of(&f.window);
        groups
            .entry(f.quantity)
            .or_default()
            .push((hull, FactId(i as u32)));
    }
    let mut keys: Vec<_> = groups.keys().copied().collect();
    keys.sort();
    for key in keys {
        let facts = groups.get_mut(&key).expect("key from the map");
        facts.sort_by_key(|(h, id)| (h.from, *id));
        let mut open: Vec<(Hull, FactId)> = Vec::new();
        for &(hull, id) in facts.iter() {
            open.retain(|(h, _)| h.until > hull.from);
            for &(h, other) in &open {
                if !h.overlaps(&hull) {
                    continue;
                }
                let (a, b) = (contract.fact(other), contract.fact(id));
                if a.value == b.value {
                    continue;
                }
                if let Some(found) = when::overlap(contract, &a.window, &b.window) {
                    let (primary, other) = (id.max(other), id.min(other));
                    out.push(Conflict {
                        code: Code::ConflictFact,
                        primary: Item::Fact(primary),
                        other: Item::Fact(other),
                        found,
                    });
                }
            }
            open.push((hull, id));
        }
    }
}

fn name(contract: &Contract, item: Item) -> &str {
    match item {
        Item::Clause(c) => &contract.clause(c).named.name,
        Item::Fact(f) => &contract.fact(f).named.name,
    }
}

fn span(contract: &Contract, item: Item) -> Span {
    match item {
        Item::Clause(c) => contract.clause(c).norm.span.clone(),
        Item::Fact(f) => contract.fact(f).value_span.clone(),
    }
}

/// The diagnostic of one conflict: the message says who, what, when and in
/// which scenario; the primary label marks the clause to change.
pub fn diagnostic(contract: &Contract, c: &Conflict) -> Diagnostic {
    let when = c.found.describe(contract);
    let (p, o) = (name(contract, c.primary), name(contract, c.other));
    let (message, primary_label) = match (c.primary, c.other) {
        (Item::Clause(a), Item::Clause(b)) => clause_message(contract, c.code, a, b, &when),
        (Item::Fact(a), Item::Fact(b)) => {
            let (fa, fb) = (contract.fact(a), contract.fact(b));
            let q = &contract.quantity(fa.quantity).named.name;
            (
                format!(
                    "facts `{p}` and `{o}` give `{q}` two values at once: {} and {} {when}",
                    fa.value, fb.value
                ),
                format!("`{q}` = {}", fa.value),
            )
        }
        _ => (format!("`{p}` conflicts with `{o}` {when}"), String::new()),
    };
    let help = match (c.primary, c.other) {
        (Item::Fact(_), _) => "end the older fact where the newer one begins (`until …`); in an \
             amending contract, giving the newer fact the older one's name supersedes it"
            .to_string(),
        (Item::Clause(a), Item::Clause(b))
            if contract.clause(a).version != contract.clause(b).version =>
        {
            let (old, new) = if contract.clause(a).version < contract.clause(b).version {
                (p, o)
            } else {
                (o, p)
            };
            format!(
                "if the newer terms end the older ones, add `replaces {old}` to clause `{new}`; \
                 if both stand, add `exception to {o}` to clause `{p}`, or narrow the subjects \
                 or window of one of them"
            )
        }
        _ => format!(
            "add `exception to {o}` to clause `{p}` (or `overrides {o}`), or narrow the subjects, \
             scopes or window of one of them"
        ),
    };
    Diagnostic::new(c.code, message)
        .with_label(span(contract, c.primary), primary_label)
        .with_label(span(contract, c.other), "conflicts with this")
        .with_help(help)
}

fn clause_message(
    contract: &Contract,
    code: Code,
    a: ClauseId,
    b: ClauseId,
    when: &str,
) -> (String, String) {
    let (ca, cb) = (contract.clause(a), contract.clause(b));
    let (na, nb) = (&ca.norm, &cb.norm);
    let shared = na.subjects.intersect(&nb.subjects);
    let what = when::paths(contract, &shared);
    let action = &contract.action(na.action).name;
    let party = &contract.party(na.party).name;
    let names = format!(
        "clauses `{}` and `{}` conflict",
        ca.named.name, cb.named.name
    );
    match code {
        Code::ConflictExclusive => {
            let owner = &contract.party(nb.party).name;
            (
                format!(
                    "{names}: `{owner}` has the exclusive right to `{action}` {what}, \
                     yet `{party}` {} too, {when}",
                    na.modality.words()
                ),
                format!("`{party}` {} `{action}` this", na.modality.words()),
            )
        }
        _ => {
            let both = if code == Code::ConflictObligationProhibition {
                "must and must not"
            } else {
                "may and must not"
            };
            (
                format!("{names}: `{party}` {both} `{action}` {what} {when}"),
                format!("`{party}` {} `{action}` this", na.modality.words()),
            )
        }
    }
}
