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

/// The cover of each clause's subjects, computed when first asked for: a
/// set is as wide as the taxonomy, so it is hashed once per clause, not per
/// look-up, and only clauses that meet others in a large group need one.
pub struct Covers<'t> {
    contract: &'t Contract,
    /// Each distinct cover once: many clauses name the same set.
    covers: Vec<Vec<SubjectId>>,
    place: FxHashMap<&'t SubjectSet, u32>,
    /// By clause, its cover's place in `covers`, or `u32::MAX` before it is known.
    of_clause: Vec<u32>,
}

impl<'t> Covers<'t> {
    /// An empty index over the contract's clauses; covers are computed as they are asked for.
    pub fn new(contract: &'t Contract) -> Self {
        Covers {
            contract,
            covers: Vec::new(),
            place: FxHashMap::default(),
            of_clause: vec![u32::MAX; contract.clauses.len()],
        }
    }

    /// The cover nodes of the clause's subjects.
    pub fn clause(&mut self, c: ClauseId) -> &[SubjectId] {
        if self.of_clause[c.index()] == u32::MAX {
            let set = &self.contract.clause(c).norm.subjects;
            let taxonomy = &self.contract.subjects;
            let covers = &mut self.covers;
            self.of_clause[c.index()] = *self.place.entry(set).or_insert_with(|| {
                covers.push(cover(taxonomy, set));
                covers.len() as u32 - 1
            });
        }
        &self.covers[self.of_clause[c.index()] as usize]
    }

    /// The contract's subject taxonomy.
    pub fn taxonomy(&self) -> &'t Taxonomy {
        &self.contract.subjects
    }
}

/// The fewest whole subtrees whose leaves make up `set`: from each leaf in
/// the set, the highest ancestor whose leaves all lie in the set. Climbing
/// from the set's own leaves costs the depth of the tree per leaf, where
/// walking down from every root cost the size of the forest per set.
fn cover(taxonomy: &Taxonomy, set: &SubjectSet) -> Vec<SubjectId> {
    let mut out = Vec::new();
    // The leaves under the nodes found so far: their siblings need no climb.
    let mut done = taxonomy.empty_set();
    for bit in set.bits() {
        if done.contains(bit) {
            continue;
        }
        let mut top = taxonomy.leaf_node(bit);
        while let Some(parent) = taxonomy.node(top).parent {
            if !taxonomy.node(parent).leaves.is_subset(set) {
                break;
            }
            top = parent;
        }
        done.union_with(&taxonomy.node(top).leaves);
        out.push(top);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use proptest::prelude::*;

    /// A forest where node `i` hangs under `parents[i] % i` (or is a root).
    fn forest(parents: &[Option<usize>]) -> Taxonomy {
        let mut t = Taxonomy::default();
        for (i, p) in parents.iter().enumerate() {
            let parent = p.filter(|_| i > 0).map(|p| SubjectId((p % i) as u32));
            t.add(parent, &format!("n{i}"), None, FileId(0), 0..0);
        }
        t.finish();
        t
    }

    fn set(t: &Taxonomy, bits: &[bool]) -> SubjectSet {
        let mut s = t.empty_set();
        for (bit, _) in bits.iter().enumerate().filter(|(_, on)| **on) {
            if bit < t.leaf_count() {
                s.insert(bit);
            }
        }
        s
    }

    fn shape() -> impl Strategy<Value = (Vec<Option<usize>>, Vec<Vec<bool>>, Vec<bool>)> {
        (
            proptest::collection::vec(proptest::option::weighted(0.8, 0usize..1000), 1..40),
            proptest::collection::vec(proptest::collection::vec(any::<bool>(), 40), 0..12),
            proptest::collection::vec(any::<bool>(), 40),
        )
    }

    proptest! {
        #[test]
        fn a_cover_is_the_set_in_maximal_disjoint_subtrees((parents, _, bits) in shape()) {
            let t = forest(&parents);
            let s = set(&t, &bits);
            let nodes = cover(&t, &s);
            let mut union = t.empty_set();
            for &n in &nodes {
                let leaves = &t.node(n).leaves;
                prop_assert!(leaves.is_subset(&s));
                prop_assert!(!leaves.overlaps(&union), "cover nodes overlap");
                union.union_with(leaves);
                if let Some(p) = t.node(n).parent {
                    prop_assert!(!t.node(p).leaves.is_subset(&s), "not maximal");
                }
            }
            prop_assert_eq!(union, s);
        }

        #[test]
        fn the_index_finds_exactly_the_overlapping_sets((parents, filed, query) in shape()) {
            let t = forest(&parents);
            let sets: Vec<SubjectSet> = filed.iter().map(|b| set(&t, b)).collect();
            let mut index = SubjectIndex::default();
            for (i, s) in sets.iter().enumerate() {
                index.insert(&t, i as u32, &cover(&t, s));
            }
            let q = set(&t, &query);
            let mut found = Vec::new();
            index.overlapping(&t, &cover(&t, &q), |i| found.push(i));
            found.sort_unstable();
            let expected: Vec<u32> = (0..sets.len() as u32)
                .filter(|&i| sets[i as usize].overlaps(&q))
                .collect();
            prop_assert_eq!(found, expected);
        }
    }
}
