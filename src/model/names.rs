//! The name table: what every declared name refers to, and "did you mean".

use rustc_hash::FxHashMap;
use std::fmt;

use crate::diagnostics::Span;

/// What kind of thing a name declares. Parties, actions, qualifiers, events,
/// subject roots and quantities share one namespace, so a name means one thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Party,
    Action,
    Qualifier,
    Event,
    Subject,
    Quantity,
    Amount,
    Input,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

impl Kind {
    /// Every kind, in the order the language introduces them.
    pub const ALL: [Kind; 8] = [
        Kind::Party,
        Kind::Action,
        Kind::Qualifier,
        Kind::Event,
        Kind::Subject,
        Kind::Quantity,
        Kind::Amount,
        Kind::Input,
    ];

    /// The kind in one word, which is also the keyword that declares it.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Party => "party",
            Kind::Action => "action",
            Kind::Qualifier => "qualifier",
            Kind::Event => "event",
            Kind::Subject => "subject",
            Kind::Quantity => "quantity",
            Kind::Amount => "amount",
            Kind::Input => "input",
        }
    }

    /// "a party", "an action", … for messages.
    pub fn with_article(self) -> String {
        let word = self.to_string();
        let article = if matches!(
            self,
            Kind::Action | Kind::Event | Kind::Amount | Kind::Input
        ) {
            "an"
        } else {
            "a"
        };
        format!("{article} {word}")
    }
}

#[derive(Debug, Clone)]
pub struct Symbol {
    pub kind: Kind,
    pub id: u32,
    /// Where it was first declared.
    pub span: Span,
}

/// How many names one check may compare for "did you mean" in all. Real
/// contracts use a tiny part of it; a file of thousands of typos among
/// thousands of names would otherwise take seconds.
const SUGGESTION_BUDGET: usize = 50_000;

#[derive(Debug)]
pub struct NameTable {
    symbols: FxHashMap<String, Symbol>,
    comparisons_left: std::cell::Cell<usize>,
}

impl Default for NameTable {
    fn default() -> Self {
        NameTable {
            symbols: FxHashMap::default(),
            comparisons_left: std::cell::Cell::new(SUGGESTION_BUDGET),
        }
    }
}

impl NameTable {
    pub fn get(&self, name: &str) -> Option<&Symbol> {
        self.symbols.get(name)
    }

    pub fn insert(&mut self, name: &str, symbol: Symbol) {
        self.symbols.insert(name.to_string(), symbol);
    }

    /// [`suggest`], while this check's budget of comparisons lasts. The
    /// candidates are all compared or none is, so that the answer never
    /// depends on the order they come in.
    pub fn suggest<'a>(
        &self,
        name: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<String> {
        let candidates: Vec<&str> = candidates.into_iter().collect();
        let left = self.comparisons_left.get();
        if candidates.len() > left {
            return None;
        }
        self.comparisons_left.set(left - candidates.len());
        suggest(name, candidates)
    }

    /// The declared names of one kind, for suggestions.
    pub fn names_of(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.symbols
            .iter()
            .filter(move |(_, s)| s.kind == kind)
            .map(|(n, _)| n.as_str())
    }
}

/// The closest candidate to a misspelt name, if one is close enough to be a
/// plausible typo: at most a third of the name's length in edits (at least
/// one), ties broken alphabetically so the suggestion is deterministic.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let length = name.chars().count();
    let limit = (length / 3).max(1);
    // Names whose lengths differ by more than the limit are never close enough;
    // skipping them keeps a file of many typos and many names fast. OSA
    // distance counts a swap of neighbours as one edit, like Damerau's, at a
    // fraction of the cost.
    candidates
        .into_iter()
        .filter(|c| *c != name && c.chars().count().abs_diff(length) <= limit)
        .map(|c| (strsim::osa_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::{suggest, NameTable, SUGGESTION_BUDGET};

    #[test]
    fn suggests_the_nearest_name_within_reach() {
        let names = ["microsoft", "openai", "panel"];
        assert_eq!(suggest("microsfot", names), Some("microsoft".into()));
        assert_eq!(suggest("opnai", names), Some("openai".into()));
        assert_eq!(suggest("google", names), None);
    }

    #[test]
    fn stops_suggesting_when_the_budget_is_spent() {
        let table = NameTable::default();
        let many: Vec<String> = (0..SUGGESTION_BUDGET / 2 + 1)
            .map(|i| format!("n{i}"))
            .collect();
        let many = || many.iter().map(String::as_str);
        assert_eq!(table.suggest("n1x", many()), Some("n1".into()));
        assert_eq!(table.suggest("n1x", many()), None);
        assert_eq!(table.suggest("ab", ["abc"]), Some("abc".into()));
    }
}
