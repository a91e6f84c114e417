//! The subject taxonomy (a forest of dotted paths) and sets of subjects.
//!
//! A set of subjects is a set of leaves: `openai_ip` stands for every leaf
//! below it, `openai_ip except openai_ip.research` for all of those but the
//! research leaf. Sets are bitsets over leaves, so union, difference and
//! overlap cost a few machine words however deep the tree is.

use rustc_hash::FxHashMap;

use crate::source::FileId;
use crate::syntax::ast::ByteSpan;

/// The index of a node of the subject [`Taxonomy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubjectId(pub u32);

/// One subject of the taxonomy, a leaf or a node with parts.
#[derive(Debug, Clone)]
pub struct SubjectNode {
    /// The dotted path from the root (`openai_ip.models.weights`).
    pub path: String,
    /// The subject's own name, the last segment of its path.
    pub name: String,
    /// The description in quotes, if written.
    pub description: Option<String>,
    /// The subject this one is a part of, if any.
    pub parent: Option<SubjectId>,
    /// The parts of this subject.
    pub children: Vec<SubjectId>,
    /// The leaves below this node (itself, if it is a leaf).
    pub leaves: SubjectSet,
    /// The file the subject was declared in.
    pub file: FileId,
    /// Where it was declared.
    pub span: ByteSpan,
}

/// The subject tree of a contract, with each node's leaves as a bitset so that
/// subject sets are compared with a few word operations.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    /// Every node, indexed by [`SubjectId`].
    pub nodes: Vec<SubjectNode>,
    by_path: FxHashMap<String, SubjectId>,
    /// Leaf index → node, in the order the bitsets use.
    leaf_nodes: Vec<SubjectId>,
}

impl Taxonomy {
    /// Adds a node under `parent`, or returns the existing node with that path
    /// (an amending file may restate a tree it extends).
    pub fn add(
        &mut self,
        parent: Option<SubjectId>,
        name: &str,
        description: Option<String>,
        file: FileId,
        span: ByteSpan,
    ) -> (SubjectId, bool) {
        let path = match parent {
            Some(p) => format!("{}.{}", self.nodes[p.0 as usize].path, name),
            None => name.to_string(),
        };
        if let Some(&id) = self.by_path.get(&path) {
            return (id, false);
        }
        let id = SubjectId(self.nodes.len() as u32);
        self.nodes.push(SubjectNode {
            path: path.clone(),
            name: name.to_string(),
            description,
            parent,
            children: Vec::new(),
            leaves: SubjectSet::default(),
            file,
            span,
        });
        if let Some(p) = parent {
            self.nodes[p.0 as usize].children.push(id);
        }
        self.by_path.insert(path, id);
        (id, true)
    }

    /// Numbers the leaves and computes each node's leaf set. Called once,
    /// after every node is added.
    pub fn finish(&mut self) {
        self.leaf_nodes = (0..self.nodes.len() as u32)
            .map(SubjectId)
            .filter(|&id| self.nodes[id.0 as usize].children.is_empty())
            .collect();
        let width = self.leaf_nodes.len();
        for node in &mut self.nodes {
            node.leaves = SubjectSet::empty(width);
        }
        for (bit, &leaf) in self.leaf_nodes.clone().iter().enumerate() {
            let mut at = Some(leaf);
            while let Some(id) = at {
                let node = &mut self.nodes[id.0 as usize];
                node.leaves.insert(bit);
                at = node.parent;
            }
        }
    }

    /// The node with this dotted path.
    pub fn get(&self, path: &str) -> Option<SubjectId> {
        self.by_path.get(path).copied()
    }

    /// The node with this id.
    pub fn node(&self, id: SubjectId) -> &SubjectNode {
        &self.nodes[id.0 as usize]
    }

    /// Every node's dotted path.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.nodes.iter().map(|n| n.path.as_str())
    }

    /// The node of a leaf, by its place in the bitsets.
    pub fn leaf_node(&self, bit: usize) -> SubjectId {
        self.leaf_nodes[bit]
    }

    /// How many leaves the tree has, the width of its bitsets.
    pub fn leaf_count(&self) -> usize {
        self.leaf_nodes.len()
    }

    /// The empty set of this taxonomy.
    pub fn empty_set(&self) -> SubjectSet {
        SubjectSet::empty(self.leaf_nodes.len())
    }

    /// The leaves below a node.
    pub fn set_of(&self, id: SubjectId) -> SubjectSet {
        self.node(id).leaves.clone()
    }

    /// The set as the fewest dotted paths: every node whose leaves all lie in
    /// the set and whose parent's do not.
    pub fn describe(&self, set: &SubjectSet) -> Vec<String> {
        let mut out = Vec::new();
        let roots = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.parent.is_none());
        let mut stack: Vec<SubjectId> = roots.map(|(i, _)| SubjectId(i as u32)).collect();
        stack.reverse();
        while let Some(id) = stack.pop() {
            let node = self.node(id);
            if node.leaves.is_subset(set) && !node.leaves.is_empty() {
                out.push(node.path.clone());
            } else if node.leaves.overlaps(set) {
                stack.extend(node.children.iter().rev());
            }
        }
        out
    }
}

/// A set of taxonomy leaves.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SubjectSet {
    words: Vec<u64>,
}

impl SubjectSet {
    /// The empty set over `width` leaves.
    pub fn empty(width: usize) -> Self {
        SubjectSet {
            words: vec![0; width.div_ceil(64)],
        }
    }

    /// Adds the leaf at this place.
    pub fn insert(&mut self, bit: usize) {
        if self.words.len() <= bit / 64 {
            self.words.resize(bit / 64 + 1, 0);
        }
        self.words[bit / 64] |= 1 << (bit % 64);
    }

    /// Whether the leaf at this place is in the set.
    pub fn contains(&self, bit: usize) -> bool {
        self.words
            .get(bit / 64)
            .is_some_and(|w| w & (1 << (bit % 64)) != 0)
    }

    /// Whether the set has no leaf.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Adds every leaf of `other`.
    pub fn union_with(&mut self, other: &SubjectSet) {
        if self.words.len() < other.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// Removes every leaf of `other`.
    pub fn subtract(&mut self, other: &SubjectSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !b;
        }
    }

    /// The leaves in both sets.
    pub fn intersect(&self, other: &SubjectSet) -> SubjectSet {
        SubjectSet {
            words: self
                .words
                .iter()
                .zip(&other.words)
                .map(|(a, b)| a & b)
                .collect(),
        }
    }

    /// Whether the sets share a leaf.
    pub fn overlaps(&self, other: &SubjectSet) -> bool {
        self.words.iter().zip(&other.words).any(|(a, b)| a & b != 0)
    }

    /// Whether every leaf of this set is in `other`.
    pub fn is_subset(&self, other: &SubjectSet) -> bool {
        self.words
            .iter()
            .enumerate()
            .all(|(i, a)| a & !other.words.get(i).copied().unwrap_or(0) == 0)
    }

    /// The leaf indices in the set, in increasing order.
    pub fn bits(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            // Each step takes the lowest bit left: as many steps as bits set.
            std::iter::successors((w != 0).then_some(w), |&rest| {
                let rest = rest & (rest - 1);
                (rest != 0).then_some(rest)
            })
            .map(move |rest| i * 64 + rest.trailing_zeros() as usize)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Taxonomy {
        let mut t = Taxonomy::default();
        let f = FileId(0);
        let (ip, _) = t.add(None, "openai_ip", None, f, 0..0);
        let (models, _) = t.add(Some(ip), "models", None, f, 0..0);
        t.add(Some(models), "weights", None, f, 0..0);
        t.add(Some(models), "architecture", None, f, 0..0);
        t.add(Some(ip), "research", None, f, 0..0);
        t.add(Some(ip), "consumer_hardware", None, f, 0..0);
        t.finish();
        t
    }

    #[test]
    fn exclusion_removes_the_excluded_leaves() {
        let t = tree();
        let mut set = t.set_of(t.get("openai_ip").unwrap());
        set.subtract(&t.set_of(t.get("openai_ip.consumer_hardware").unwrap()));
        assert_eq!(t.describe(&set), ["openai_ip.models", "openai_ip.research"]);
        assert!(!set.overlaps(&t.set_of(t.get("openai_ip.consumer_hardware").unwrap())));
        assert!(set.overlaps(&t.set_of(t.get("openai_ip.models.weights").unwrap())));
    }

    #[test]
    fn a_whole_tree_is_described_by_its_root() {
        let t = tree();
        let set = t.set_of(t.get("openai_ip").unwrap());
        assert_eq!(t.describe(&set), ["openai_ip"]);
        assert_eq!(t.leaf_count(), 4);
    }
}
