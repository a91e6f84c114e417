//! An index of subject sets by taxonomy node, so that the clauses whose
//! subjects overlap a given set are found without comparing every pair.
//!
//! A set of leaves is the disjoint union of a few whole subtrees (its cover:
//! the nodes `Taxonomy::describe` names). Two sets overlap exactly when a
//! cover node of one lies at or below a cover node of the other. So each item
//! is filed under its cover nodes (`at`) and under every ancestor of them
//! (`below`); a query looks up `below` at its own cover nodes and `at` at
//! their strict ancestors. The cost is the depth of the tree per cover node,
//! however many leaves the sets have.

use rustc_hash::FxHashMap;

use crate::model::{ClauseId, Contract, SubjectId, SubjectSet, Taxonomy};

/// The cover of every clause's subjects, computed once per check: a set is
/// as wide as the taxonomy, so it is hashed once per clause, not per lookup.
pub struct Covers<'t> {
    taxonomy: &'t Taxonomy,
    /// Each distinct cover once: many clauses name the same set.
    covers: Vec<Vec<SubjectId>>,
    /// By clause, its cover's place in `covers`.
    of_clause: Vec<u32>,
}

impl<'t> Covers<'t> {
    pub fn of_clauses(contract: &'t Contract) -> Self {
        let taxonomy = &contract.subjects;
        let roots: Vec<SubjectId> = (0..taxonomy.nodes.len() as u32)
            .map(SubjectId)
            .filter(|&id| taxonomy.node(id).parent.is_none())
            .collect();
        let mut covers = Vec::new();
        let mut place: FxHashMap<&SubjectSet, u32> = FxHashMap::default();
        let mut stack = Vec::new();
        let of_clause = contract
            .clauses
            .iter()
            .map(|c| {
                *place.entry(&c.norm.subjects).or_insert_with(|| {
                    covers.push(cover(taxonomy, &roots, &c.norm.subjects, &mut stack));
                    covers.len() as u32 - 1
                })
            })
            .collect();
        Covers {
            taxonomy,
            covers,
            of_clause,
        }
    }

    /// The cover nodes of the clause's subjects.
    pub fn clause(&self, c: ClauseId) -> &[SubjectId] {
        &self.covers[self.of_clause[c.index()] as usize]
    }

    pub fn taxonomy(&self) -> &'t Taxonomy {
        self.taxonomy
    }
}

/// The fewest whole subtrees whose leaves make up `set`; `stack` is scratch.
fn cover(
    taxonomy: &Taxonomy,
    roots: &[SubjectId],
    set: &SubjectSet,
    stack: &mut Vec<SubjectId>,
) -> Vec<SubjectId> {
    let mut out = Vec::new();
    stack.clear();
    stack.extend_from_slice(roots);
    while let Some(id) = stack.pop() {
        let node = taxonomy.node(id);
        if node.leaves.is_empty() || !node.leaves.overlaps(set) {
            continue;
        }
        if node.leaves.is_subset(set) {
            out.push(id);
        } else {
            stack.extend(node.children.iter().copied());
        }
    }
    out
}

/// Items (`0..n`, numbered by the caller) filed by the subjects they touch.
#[derive(Default)]
pub struct SubjectIndex {
    at: FxHashMap<SubjectId, Vec<u32>>,
    below: FxHashMap<SubjectId, Vec<u32>>,
    /// For deduplicating query results: by item, the query number it was
    /// last returned in.
    seen: Vec<u32>,
    query: u32,
}

impl SubjectIndex {
    /// Files `item` under the cover nodes of its subjects.
    pub fn insert(&mut self, taxonomy: &Taxonomy, item: u32, cover: &[SubjectId]) {
        if self.seen.len() <= item as usize {
            self.seen.resize(item as usize + 1, 0);
        }
        for &node in cover {
            self.at.entry(node).or_default().push(item);
            let mut up = Some(node);
            while let Some(n) = up {
                let list = self.below.entry(n).or_default();
                if list.last() != Some(&item) {
                    list.push(item);
                }
                up = taxonomy.node(n).parent;
            }
        }
    }

    /// Calls `f` once on every item whose subjects overlap those of `cover`.
    pub fn overlapping(
        &mut self,
        taxonomy: &Taxonomy,
        cover: &[SubjectId],
        mut f: impl FnMut(u32),
    ) {
        let SubjectIndex {
            at,
            below,
            seen,
            query,
        } = self;
        *query += 1;
        for &node in cover {
            let ancestors =
                std::iter::successors(taxonomy.node(node).parent, |&n| taxonomy.node(n).parent);
            let lists = below
                .get(&node)
                .into_iter()
                .chain(ancestors.filter_map(|n| at.get(&n)));
            for &item in lists.flatten() {
                let last = &mut seen[item as usize];
                if *last != *query {
                    *last = *query;
                    f(item);
                }
            }
        }
    }
}
