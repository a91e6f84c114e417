//! The name table: what every declared name refers to, and "did you mean".

use std::collections::HashMap;
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
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Party => "party",
            Kind::Action => "action",
            Kind::Qualifier => "qualifier",
            Kind::Event => "event",
            Kind::Subject => "subject",
            Kind::Quantity => "quantity",
        })
    }
}

impl Kind {
    /// "a party", "an action", … for messages.
    pub fn with_article(self) -> String {
        let word = self.to_string();
        let article = if matches!(self, Kind::Action | Kind::Event) {
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

#[derive(Debug, Default)]
pub struct NameTable {
    symbols: HashMap<String, Symbol>,
}

impl NameTable {
    pub fn get(&self, name: &str) -> Option<&Symbol> {
        self.symbols.get(name)
    }

    pub fn insert(&mut self, name: &str, symbol: Symbol) {
        self.symbols.insert(name.to_string(), symbol);
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
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggests_the_nearest_name_within_reach() {
        let names = ["microsoft", "openai", "panel"];
        assert_eq!(suggest("microsfot", names), Some("microsoft".into()));
        assert_eq!(suggest("opnai", names), Some("openai".into()));
        assert_eq!(suggest("google", names), None);
    }
}
