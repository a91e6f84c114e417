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

use crate::model::{SubjectId, SubjectSet, Taxonomy};

/// Cover nodes of subject sets, memoised: many clauses name the same set.
pub struct Covers<'t> {
    taxonomy: &'t Taxonomy,
    roots: Vec<SubjectId>,
    memo: FxHashMap<SubjectSet, Vec<SubjectId>>,
}

impl<'t> Covers<'t> {
    pub fn new(taxonomy: &'t Taxonomy) -> Self {
        let roots = (0..taxonomy.nodes.len() as u32)
            .map(SubjectId)
            .filter(|&id| taxonomy.node(id).parent.is_none())
            .collect();
        Covers {
            taxonomy,
            roots,
            memo: FxHashMap::default(),
        }
    }

    /// The fewest whole subtrees whose leaves make up `set`.
    pub fn of(&mut self, set: &SubjectSet) -> &[SubjectId] {
        if !self.memo.contains_key(set) {
            let mut out = Vec::new();
            let mut stack = self.roots.clone();
            while let Some(id) = stack.pop() {
                let node = self.taxonomy.node(id);
                if node.leaves.is_empty() || !node.leaves.overlaps(set) {
                    continue;
                }
                if node.leaves.is_subset(set) {
                    out.push(id);
                } else {
                    stack.extend(node.children.iter().copied());
                }
            }
            self.memo.insert(set.clone(), out);
        }
        &self.memo[set]
    }

    pub fn taxonomy(&self) -> &'t Taxonomy {
        self.taxonomy
    }
}

/// Items (any `u32` the caller chooses) filed by the subjects they touch.
#[derive(Default)]
pub struct SubjectIndex {
    at: FxHashMap<SubjectId, Vec<u32>>,
    below: FxHashMap<SubjectId, Vec<u32>>,
    /// For deduplicating query results: the query number an item was last
    /// returned in.
    seen: FxHashMap<u32, u32>,
    query: u32,
}

impl SubjectIndex {
    pub fn insert(&mut self, covers: &mut Covers<'_>, item: u32, set: &SubjectSet) {
        let taxonomy = covers.taxonomy();
        for &node in covers.of(set) {
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

    /// Every item whose set overlaps `set`, each once.
    pub fn overlapping(&mut self, covers: &mut Covers<'_>, set: &SubjectSet) -> Vec<u32> {
        self.query += 1;
        let taxonomy = covers.taxonomy();
        let mut out = Vec::new();
        for &node in covers.of(set) {
            let mut lists = vec![self.below.get(&node)];
            let mut up = taxonomy.node(node).parent;
            while let Some(n) = up {
                lists.push(self.at.get(&n));
                up = taxonomy.node(n).parent;
            }
            for &item in lists.into_iter().flatten().flatten() {
                if self.seen.insert(item, self.query) != Some(self.query) {
                    out.push(item);
                }
            }
        }
        out
    }
}
