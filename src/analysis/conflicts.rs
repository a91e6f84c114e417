//! Conflicts: two norms that cannot both be honoured, or two values of one
//! quantity, at the same time in some scenario, with no precedence between
//! them. Also the `no conflicts` assertions (the reference contract's
//! invariant I9), which hold exactly when this module finds nothing.
//!
//! Candidates come from indexes, never from all pairs: norms are grouped by
//! party and action (by action alone for exclusive rights), matched by
//! subject through a `SubjectIndex`, filtered by the time hull of their
//! windows, and only then decided exactly in the representative scenarios of
//! the two windows. Amendments need no special case: a superseded clause's
//! window already ends where its successor begins.

use rustc_hash::FxHashMap;

use super::findings::{self, Question, Violation};
use super::index::{Covers, SubjectIndex};
use super::when::{self, Found, Hull};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{ActionId, AssertKind, ClauseId, Contract, FactId, PartyId, QuantityId, Window};
use crate::semantics::points::TooManyScenarios;
use crate::semantics::{precedence_between, qualifiers_overlap};
use crate::syntax::ast::Modality;

/// One side of a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    /// A clause's norm.
    Clause(ClauseId),
    /// A fact's value.
    Fact(FactId),
}

/// A conflict found: `primary` is the item the help suggests changing.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// The conflict code.
    pub code: Code,
    /// The side the help suggests changing.
    pub primary: Item,
    /// The side it conflicts with.
    pub other: Item,
    /// Where and when it occurs.
    pub found: Found,
}

/// A pair whose overlap in time could not be decided within the budget
/// ([`super::budget::WINDOW_POINTS`]): it may or may not conflict.
#[derive(Debug, Clone)]
pub struct Undecided {
    /// The item that would be the conflict's primary one.
    pub primary: Item,
    /// The other item.
    pub other: Item,
    /// How many events the two windows depend on.
    pub events: usize,
    /// The budget that ran out.
    pub too_many: TooManyScenarios,
}

/// What the conflict search finds: the conflicts, and the candidate pairs
/// it could not decide.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// Every conflict, in a deterministic order.
    pub conflicts: Vec<Conflict>,
    /// Every undecided pair, in a deterministic order.
    pub undecided: Vec<Undecided>,
}

/// Every conflict diagnostic, one `pactum::analysis::undecided` per pair
/// left undecided, and for each `no conflicts` assertion a violation when
/// there is a conflict (else, if a pair was left undecided, a verdict of
/// undecided).
pub fn check(contract: &Contract) -> Vec<Diagnostic> {
    let search = find(contract);
    let mut out: Vec<Diagnostic> = search
        .conflicts
        .iter()
        .map(|c| findings::conflict(contract, c))
        .collect();
    out.extend(search.undecided.iter().map(|u| {
        findings::analysis_undecided(
            contract,
            Question::Conflict(u.primary, u.other),
            u.events,
            &u.too_many,
        )
    }));
    let first = out.first().and_then(|d| d.primary()).cloned();
    for a in &contract.assertions {
        if a.kind != AssertKind::NoConflicts {
            continue;
        }
        if let (Some(first), false) = (&first, search.conflicts.is_empty()) {
            out.push(findings::assertion_violated(
                contract,
                a,
                Violation::Conflicts {
                    count: search.conflicts.len(),
                    first: &first.span,
                },
            ));
        } else if let Some(u) = search.undecided.first() {
            out.push(findings::assertion_undecided(a, &u.too_many));
        }
    }
    out
}

/// Every conflict in the contract, and the pairs left undecided.
pub fn find(contract: &Contract) -> Search {
    let mut out = Search::default();
    let hulls: Vec<Hull> = contract
        .clauses
        .iter()
        .map(|c| Hull::of(&c.window))
        .collect();
    let mut covers = Covers::new(contract);
    norm_conflicts(contract, &hulls, &mut covers, &mut out);
    exclusive_conflicts(contract, &hulls, &mut covers, &mut out);
    fact_conflicts(contract, &mut out);
    out.conflicts.sort_by_key(|c| (c.primary, c.other));
    out.undecided.sort_by_key(|u| (u.primary, u.other));
    out
}

impl Search {
    /// Records the outcome of the time test of one candidate pair: a
    /// conflict of `code` when the windows overlap, an undecided pair when
    /// the budget ran out.
    fn record(
        &mut self,
        code: Code,
        (primary, other): (Item, Item),
        windows: (&Window, &Window),
        overlap: Result<Option<Found>, TooManyScenarios>,
    ) {
        match overlap {
            Ok(Some(found)) => self.conflicts.push(Conflict {
                code,
                primary,
                other,
                found,
            }),
            Ok(None) => {}
            Err(too_many) => self.undecided.push(Undecided {
                primary,
                other,
                events: when::events_of(when::terms(windows.0).chain(when::terms(windows.1))).len(),
                too_many,
            }),
        }
    }
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
fn when_both(
    contract: &Contract,
    hulls: &[Hull],
    a: ClauseId,
    b: ClauseId,
) -> Result<Option<Found>, TooManyScenarios> {
    if !hulls[a.index()].overlaps(&hulls[b.index()]) {
        return Ok(None);
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

/// Permission or obligation against prohibition, per party and action. A
/// norm of a party group is filed under each party the group stands for
/// ([`Contract::party_members`]), so it meets the norms of each member.
fn norm_conflicts(contract: &Contract, hulls: &[Hull], covers: &mut Covers<'_>, out: &mut Search) {
    let mut groups: FxHashMap<(PartyId, ActionId), (Vec<ClauseId>, Vec<ClauseId>)> =
        FxHashMap::default();
    for c in contract.clause_ids() {
        let norm = &contract.clause(c).norm;
        let members = contract.party_members(norm.party);
        let filed = if members.is_empty() {
            std::slice::from_ref(&norm.party)
        } else {
            members
        };
        for &m in filed {
            let group = groups.entry((m, norm.action)).or_default();
            match norm.modality {
                Modality::MustNot => group.1.push(c),
                Modality::May | Modality::Must => group.0.push(c),
            }
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
            // Two norms of groups that share several members meet under each
            // of them: the pair is decided under the first shared member only.
            if contract.shared_member(n.party, y.party) != Some(key.0) {
                return;
            }
            // A common party and the action by the grouping, overlapping
            // subjects by the index: what is left is the qualifiers.
            if !qualifiers_overlap(contract, n, y) {
                return;
            }
            if precedence_between(contract, no, yes) {
                return;
            }
            // Most candidates never meet in time: decide that before
            // working out which clause the finding is about.
            let overlap = when_both(contract, hulls, no, yes);
            if let Ok(None) = overlap {
                return;
            }
            let code = if y.modality == Modality::Must {
                Code::ConflictObligationProhibition
            } else {
                Code::ConflictPermissionProhibition
            };
            let (primary, other) = narrower(contract, yes, no);
            out.record(
                code,
                (Item::Clause(primary), Item::Clause(other)),
                (&contract.clause(no).window, &contract.clause(yes).window),
                overlap,
            );
        });
    }
}

/// An exclusive right (`only X may`) against another party's permission or
/// obligation (or exclusive right) to do the same.
fn exclusive_conflicts(
    contract: &Contract,
    hulls: &[Hull],
    covers: &mut Covers<'_>,
    out: &mut Search,
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
            // An exclusive right of a group leaves every member free to act.
            if contract.party_includes(e.party, y.party) {
                return;
            }
            // Two exclusive rights meet twice; report the pair once (where
            // one party stands for the other's, only one order reports it).
            let both_exclusive = y.exclusive && y.modality == Modality::May;
            if both_exclusive && yes < only && !contract.party_includes(y.party, e.party) {
                return;
            }
            // Same action by the grouping, an exclusive right on one side,
            // overlapping subjects by the index: the qualifiers are left.
            if !qualifiers_overlap(contract, e, y) {
                return;
            }
            if precedence_between(contract, only, yes) {
                return;
            }
            out.record(
                Code::ConflictExclusive,
                (Item::Clause(yes), Item::Clause(only)),
                (&contract.clause(only).window, &contract.clause(yes).window),
                when_both(contract, hulls, only, yes),
            );
        });
    }
}

/// Two different values of one quantity at once. Facts of one quantity are
/// swept in order of their earliest possible start, so only facts whose
/// hulls overlap are compared.
fn fact_conflicts(contract: &Contract, out: &mut Search) {
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
                let (primary, other) = (id.max(other), id.min(other));
                out.record(
                    Code::ConflictFact,
                    (Item::Fact(primary), Item::Fact(other)),
                    (&a.window, &b.window),
                    when::overlap(contract, &a.window, &b.window),
                );
            }
            open.push((hull, id));
        }
    }
}
