//! What every written name stands for, as the resolver decided it: each use
//! site and each declaration with the thing it names, and each written date
//! with the day it stands for. Go to definition, references, hover, completion
//! and rename read this table (as rust-analyzer and Gleam answer from what
//! their resolvers recorded) instead of matching names again.
//!
//! The resolver runs on contracts of 100 000 clauses, so a site is a small
//! value with no string in it: the name is the text at its span.

use super::subjects::SubjectId;
use super::{
    ActionId, AmountId, ClauseId, Contract, Day, EventId, FactId, InputId, PartyId, QualifierId,
    QuantityId, SectionId,
};
use crate::source::{FileId, Sources};
use crate::syntax::ast::ByteSpan;

/// A clause, fact, assertion or coverage by name: every version of it in the
/// amendment chain shares the key, including versions that did not resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameKey(pub u32);

/// The thing a written name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A party.
    Party(PartyId),
    /// An action.
    Action(ActionId),
    /// A qualifier.
    Qualifier(QualifierId),
    /// An event.
    Event(EventId),
    /// A quantity.
    Quantity(QuantityId),
    /// A named amount.
    Amount(AmountId),
    /// An input.
    Input(InputId),
    /// A node of the subject taxonomy, a root or below one. Each segment of a
    /// dotted path is a use of the node it leads to.
    Subject(SubjectId),
    /// A clause, every version of it.
    Clause(NameKey),
    /// A fact, every version of it.
    Fact(NameKey),
    /// An assertion.
    Assert(NameKey),
    /// A coverage declaration.
    Cover(NameKey),
    /// A section of the agreement; its sites are the ids between the quotes.
    Section(SectionId),
}

impl Target {
    /// The word for what the target is, for messages.
    pub fn kind_word(self) -> &'static str {
        match self {
            Target::Party(_) => "party",
            Target::Action(_) => "action",
            Target::Qualifier(_) => "qualifier",
            Target::Event(_) => "event",
            Target::Quantity(_) => "quantity",
            Target::Amount(_) => "amount",
            Target::Input(_) => "input",
            Target::Subject(_) => "subject",
            Target::Clause(_) => "clause",
            Target::Fact(_) => "fact",
            Target::Assert(_) => "assertion",
            Target::Cover(_) => "cover",
            Target::Section(_) => "section",
        }
    }
}

/// One place a name is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Site {
    /// The file it is written in.
    pub file: FileId,
    start: u32,
    end: u32,
    /// What it stands for.
    pub target: Target,
    /// It declares the target (or restates or redeclares it), rather than using it.
    pub is_def: bool,
}

impl Site {
    /// The byte range of the name (of one segment, in a dotted path).
    pub fn span(&self) -> ByteSpan {
        self.start as usize..self.end as usize
    }

    fn contains(&self, file: FileId, offset: usize) -> bool {
        self.file == file && self.start as usize <= offset && offset <= self.end as usize
    }
}

/// A date written in the text, with the day the resolver read it as: `2030`
/// in `from 2030` is 2030-01-01, and in `through 2030` (or `end of 2030`) it
/// is 2031-01-01, the first day no longer included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSite {
    /// The file it is written in.
    pub file: FileId,
    start: u32,
    end: u32,
    /// The day it stands for; `None` when it is not a day of the calendar.
    pub day: Option<Day>,
    /// Written as `end of …` or `through …`.
    pub end_of: bool,
}

impl DateSite {
    /// The byte range of the date as written.
    pub fn span(&self) -> ByteSpan {
        self.start as usize..self.end as usize
    }
}

/// The word `term` of the term item (`is_def`), or an `end of term` written
/// in a point: the places that name the contract's term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermSite {
    /// The file it is written in.
    pub file: FileId,
    start: u32,
    end: u32,
    /// It is the term item's own keyword, rather than an `end of term`.
    pub is_def: bool,
}

impl TermSite {
    /// The byte range written.
    pub fn span(&self) -> ByteSpan {
        self.start as usize..self.end as usize
    }
}

/// Every name and date of an amendment chain, as the resolver read them.
/// Sites are in the order the resolver met them, not in text order.
#[derive(Debug, Clone, Default)]
pub struct Bindings {
    sites: Vec<Site>,
    dates: Vec<DateSite>,
    /// The key of each resolved clause, by [`ClauseId`].
    clause_keys: Vec<NameKey>,
    /// The key of each resolved fact, by [`FactId`].
    fact_keys: Vec<NameKey>,
    /// The term's keyword and every `end of term`, in the order met.
    terms: Vec<TermSite>,
}

/// Byte offsets fit in 32 bits: the syntax tree of a file of 4 GiB would not
/// fit in memory anyway. Saturating keeps a bad offset from panicking.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl Bindings {
    /// How many uses are recorded so far, to take back with [`Bindings::truncate`]
    /// what a second reading of the same text records again.
    pub(crate) fn mark(&self) -> (usize, usize, usize) {
        (self.sites.len(), self.dates.len(), self.terms.len())
    }

    /// Forgets the uses recorded after `mark`.
    pub(crate) fn truncate(&mut self, mark: (usize, usize, usize)) {
        self.sites.truncate(mark.0);
        self.dates.truncate(mark.1);
        self.terms.truncate(mark.2);
    }

    pub(crate) fn reserve(&mut self, sites: usize) {
        self.sites.reserve(sites);
    }

    pub(crate) fn bind(&mut self, file: FileId, span: &ByteSpan, target: Target, is_def: bool) {
        self.sites.push(Site {
            file,
            start: offset(span.start),
            end: offset(span.end),
            target,
            is_def,
        });
    }

    pub(crate) fn date(&mut self, file: FileId, span: &ByteSpan, day: Option<Day>, end_of: bool) {
        self.dates.push(DateSite {
            file,
            start: offset(span.start),
            end: offset(span.end),
            day,
            end_of,
        });
    }

    pub(crate) fn term(&mut self, file: FileId, span: &ByteSpan, is_def: bool) {
        self.terms.push(TermSite {
            file,
            start: offset(span.start),
            end: offset(span.end),
            is_def,
        });
    }

    /// Every place the term is declared or named by `end of term`.
    pub fn term_sites(&self) -> &[TermSite] {
        &self.terms
    }

    /// The term's keyword or the `end of term` written at `offset` in `file`.
    pub fn term_at(&self, file: FileId, offset: usize) -> Option<&TermSite> {
        self.terms
            .iter()
            .find(|t| t.file == file && t.start as usize <= offset && offset <= t.end as usize)
    }

    pub(crate) fn clause_resolved(&mut self, key: NameKey) {
        self.clause_keys.push(key);
    }

    pub(crate) fn fact_resolved(&mut self, key: NameKey) {
        self.fact_keys.push(key);
    }

    /// Every recorded site, in the order the resolver met them.
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// Every written date.
    pub fn dates(&self) -> &[DateSite] {
        &self.dates
    }

    /// The name written at `offset` in `file` (the cursor may be just after
    /// it); the innermost one, should two touch.
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Site> {
        self.sites
            .iter()
            .filter(|s| s.contains(file, offset))
            .min_by_key(|s| (s.end - s.start, s.start))
    }

    /// The date written at `offset` in `file`.
    pub fn date_at(&self, file: FileId, offset: usize) -> Option<&DateSite> {
        self.dates
            .iter()
            .find(|d| d.file == file && d.start as usize <= offset && offset <= d.end as usize)
    }

    /// Every place `target` is written: declarations first, then uses, each
    /// in the order of `files` (the chain, oldest first) and of the text.
    pub fn occurrences(&self, target: Target, files: &[FileId]) -> Vec<&Site> {
        let mut found: Vec<&Site> = self.sites.iter().filter(|s| s.target == target).collect();
        let rank = |f: FileId| files.iter().position(|x| *x == f).unwrap_or(usize::MAX);
        found.sort_by_key(|s| (!s.is_def, rank(s.file), s.start, s.end));
        found.dedup_by_key(|s| (s.file, s.start, s.end));
        found
    }

    /// Where `target` is declared; for a clause or a fact, every version,
    /// newest first.
    pub fn definitions(&self, target: Target, files: &[FileId]) -> Vec<&Site> {
        let mut defs: Vec<&Site> = self
            .occurrences(target, files)
            .into_iter()
            .filter(|s| s.is_def)
            .collect();
        defs.reverse();
        defs
    }

    /// The resolved versions of a clause, oldest first.
    pub fn clause_versions(&self, key: NameKey) -> impl Iterator<Item = ClauseId> + '_ {
        (self.clause_keys.iter().enumerate())
            .filter(move |(_, k)| **k == key)
            .map(|(i, _)| ClauseId(i as u32))
    }

    /// The resolved versions of a fact, oldest first.
    pub fn fact_versions(&self, key: NameKey) -> impl Iterator<Item = FactId> + '_ {
        (self.fact_keys.iter().enumerate())
            .filter(move |(_, k)| **k == key)
            .map(|(i, _)| FactId(i as u32))
    }

    /// The name of each distinct clause written in the chain (resolved or
    /// not), read from the text of its first declaration.
    pub fn clause_names<'s>(&self, sources: &'s Sources) -> Vec<&'s str> {
        let mut seen = rustc_hash::FxHashSet::default();
        self.sites
            .iter()
            .filter(|s| s.is_def && matches!(s.target, Target::Clause(_)))
            .filter(|s| seen.insert(s.target))
            .filter_map(|s| sources.text(s.file).get(s.span()))
            .collect()
    }

    /// The edits that rename `target` to `new_name` everywhere it is written
    /// in the chain, or why it cannot be renamed so.
    pub fn rename(
        &self,
        contract: &Contract,
        sources: &Sources,
        target: Target,
        new_name: &str,
    ) -> Result<Vec<(FileId, ByteSpan)>, RenameError> {
        if let Target::Section(_) = target {
            // A section id is any text that fits between quotes.
            if new_name.is_empty() || new_name.contains(['"', '\\', '\n', '\r']) {
                return Err(RenameError::NotASectionId);
            }
        } else if !is_identifier(new_name) {
            return Err(RenameError::NotAName);
        } else if crate::syntax::is_reserved(new_name) {
            return Err(RenameError::Reserved);
        }
        let files: Vec<FileId> = contract.versions.iter().map(|v| v.file).collect();
        let sites = self.occurrences(target, &files);
        let current = sites
            .first()
            .and_then(|s| sources.text(s.file).get(s.span()));
        if current != Some(new_name) && self.is_taken(contract, sources, target, new_name) {
            return Err(RenameError::Taken(target.kind_word()));
        }
        Ok(sites.into_iter().map(|s| (s.file, s.span())).collect())
    }

    /// Whether `name` already names something in the namespace of `target`:
    /// parties, actions, qualifiers, events, quantities and subject roots
    /// share one; a subject below a root shares one with its siblings;
    /// clauses, facts, assertions and covers each have their own.
    fn is_taken(&self, contract: &Contract, sources: &Sources, target: Target, name: &str) -> bool {
        let written = |pick: fn(Target) -> bool| {
            self.sites.iter().any(|s| {
                s.is_def && pick(s.target) && sources.text(s.file).get(s.span()) == Some(name)
            })
        };
        match target {
            Target::Subject(id) if contract.subjects.node(id).parent.is_some() => {
                let parent = contract.subjects.node(id).parent;
                contract
                    .subjects
                    .nodes
                    .iter()
                    .any(|n| n.parent == parent && n.name == name)
            }
            Target::Clause(_) => written(|t| matches!(t, Target::Clause(_))),
            Target::Fact(_) => written(|t| matches!(t, Target::Fact(_))),
            Target::Assert(_) => written(|t| matches!(t, Target::Assert(_))),
            Target::Cover(_) => written(|t| matches!(t, Target::Cover(_))),
            Target::Section(_) => contract.sections.iter().any(|s| s.id == name),
            _ => {
                let named = |list: &[super::Named]| list.iter().any(|n| n.name == name);
                named(&contract.parties)
                    || named(&contract.actions)
                    || named(&contract.qualifiers)
                    || contract.events.iter().any(|e| e.named.name == name)
                    || contract.quantities.iter().any(|q| q.named.name == name)
                    || contract
                        .subjects
                        .nodes
                        .iter()
                        .any(|n| n.parent.is_none() && n.name == name)
            }
        }
    }
}

/// Why a rename is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameError {
    /// The new name is not a name the grammar accepts.
    NotAName,
    /// The new name is a reserved word.
    Reserved,
    /// The new section id cannot be written between quotes.
    NotASectionId,
    /// Something of the same namespace already has the new name; the word
    /// says what is being renamed.
    Taken(&'static str),
}

impl RenameError {
    /// The refusal in words, with the new name.
    pub fn message(&self, new_name: &str) -> String {
        match self {
            RenameError::NotAName => format!(
                "`{new_name}` is not a name: use letters, digits and `_`, starting with a letter or `_`"
            ),
            RenameError::NotASectionId => format!(
                "`{new_name}` is not a section id: write it without quotes, backslashes or line breaks"
            ),
            RenameError::Reserved => {
                format!("`{new_name}` is a reserved word and cannot be a name")
            }
            RenameError::Taken(kind) => {
                format!("`{new_name}` is already taken: a {kind} cannot be renamed to it")
            }
        }
    }
}

/// Whether `text` is exactly one name as the grammar's `ident` rule reads it.
fn is_identifier(text: &str) -> bool {
    use crate::syntax::{PactumParser, Rule};
    use pest::Parser as _;
    matches!(
        PactumParser::parse(Rule::ident, text),
        Ok(pairs) if pairs.as_str().len() == text.len()
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::{load_text, Loaded};

    const TEXT: &str = "party ms\naction use\nsubject ip { models { weights } research }\n\
        clause c { ms may use ip.models.weights, ip.research until 2030-06-01 }\n\
        clause d { ms must not use ip through 2031 overrides c }\n";

    fn load(text: &str) -> Loaded {
        let loaded = load_text(Path::new("main.pactum"), text, &mut |_| {
            Err(std::io::ErrorKind::NotFound.into())
        });
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded
    }

    /// The main file, the file it amends, and their chain, oldest first.
    fn amending(old: &str, new: &str) -> Loaded {
        load_text(Path::new("new.pactum"), new, &mut |p| {
            assert!(p.ends_with("old.pactum"), "{}", p.display());
            Ok(old.as_bytes().to_vec())
        })
    }

    fn target_at(l: &Loaded, text: &str, needle: &str) -> Target {
        let offset = text.find(needle).expect("needle in text");
        let file = l.main_file().unwrap();
        l.contract.bindings.at(file, offset).expect("a name").target
    }

    fn written<'a>(l: &'a Loaded, sites: &[&Site]) -> Vec<(FileId, &'a str)> {
        (sites.iter())
            .map(|s| (s.file, &l.sources.text(s.file)[s.span()]))
            .collect()
    }

    fn chain(l: &Loaded) -> Vec<FileId> {
        l.trees.iter().map(|(f, _)| *f).collect()
    }

    #[test]
    fn each_segment_of_a_path_is_the_node_it_leads_to() {
        let l = load(TEXT);
        let subjects = &l.contract.subjects;
        let node = |path| Target::Subject(subjects.get(path).unwrap());
        assert_eq!(target_at(&l, TEXT, "ip.models.w"), node("ip"));
        assert_eq!(target_at(&l, TEXT, "models.weights,"), node("ip.models"));
        assert_eq!(target_at(&l, TEXT, "weights,"), node("ip.models.weights"));
    }

    #[test]
    fn references_are_the_declaration_then_every_use() {
        let l = load(TEXT);
        let ip = target_at(&l, TEXT, "ip {");
        let found = l.contract.bindings.occurrences(ip, &chain(&l));
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].is_def);
        assert!(found.iter().all(|s| &TEXT[s.span()] == "ip"));
        let starts: Vec<usize> = found.iter().map(|s| s.span().start).collect();
        assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
        let c = target_at(&l, TEXT, "c {");
        assert_eq!(l.contract.bindings.occurrences(c, &chain(&l)).len(), 2);
        assert_eq!(l.contract.bindings.definitions(c, &chain(&l)).len(), 1);
    }

    #[test]
    fn dates_are_the_days_the_resolver_read() {
        let text = "party ms\naction use\nsubject ip\n\
            clause c { ms may use ip until 2030-06-01 }\n\
            clause d { ms may use ip through 2031 }\n\
            clause e { ms may use ip until end of 9999 }\n";
        let l = load(text);
        let at = |needle: &str| {
            let offset = text.find(needle).unwrap();
            *l.contract.bindings.date_at(FileId(0), offset).unwrap()
        };
        assert_eq!(at("2030").day, Day::parse("2030-06-01"));
        assert!(!at("2030").end_of);
        assert_eq!(at("2031").day, Day::parse("2032-01-01"));
        assert!(at("2031").end_of);
        // The day recorded is the day the window ends on, at the edge of
        // the calendar too (the language server once read dates on its own).
        let until = l.contract.clauses[2].window.until.clone();
        assert_eq!(until, at("9999").day.map(crate::model::TimeExpr::Day));
        assert!(at("9999").end_of);
    }

    #[test]
    fn a_clause_and_its_amended_versions_are_one_target() {
        let old = "contract \"old\"\nparty ms\naction use\nsubject ip\n\
            clause c { ms may use ip }\nclause k { ms must use ip }\n";
        let new = "contract \"new\" amends \"old.pactum\"\n\
            clause c { ms must not use ip overrides k }\n";
        let l = amending(old, new);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let c = target_at(&l, new, "c {");
        let defs = l.contract.bindings.definitions(c, &chain(&l));
        let main = l.main_file().unwrap();
        let files: Vec<FileId> = defs.iter().map(|s| s.file).collect();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0], main, "newest first");
        let Target::Clause(key) = c else {
            panic!("{c:?}")
        };
        assert_eq!(l.contract.bindings.clause_versions(key).count(), 2);
        // `k` is used here and declared in the amended file.
        let k = target_at(&l, new, "k }");
        let found = written(&l, &l.contract.bindings.occurrences(k, &chain(&l)));
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|(_, s)| *s == "k"));
        assert_ne!(found[0].0, main, "the declaration, in the amended file");
        // A party used in the new file is the one declared in the old one.
        let ms = target_at(&l, new, "ms must");
        assert_eq!(ms, Target::Party(PartyId(0)));
    }

    #[test]
    fn names_in_an_unresolved_clause_are_still_bound() {
        let text = "party ms\naction use\nsubject ip\nevent e\n\
            clause c { ms may use ip from nowhere until e }\n";
        let l = load_text(Path::new("main.pactum"), text, &mut |_| {
            Err(std::io::ErrorKind::NotFound.into())
        });
        assert!(l.has_errors());
        let e = target_at(&l, text, "e\n");
        assert_eq!(l.contract.bindings.occurrences(e, &chain(&l)).len(), 2);
        assert!(matches!(target_at(&l, text, "c {"), Target::Clause(_)));
    }

    #[test]
    fn rename_renames_every_place_in_the_chain() {
        let old = "contract \"old\"\nparty ms\naction use\nsubject ip { models }\n\
            clause c { ms may use ip.models }\n";
        let new = "contract \"new\" amends \"old.pactum\"\n\
            clause c { ms must not use ip.models }\n";
        let l = amending(old, new);
        let ip = target_at(&l, new, "ip.models");
        let edits = (l.contract.bindings)
            .rename(&l.contract, &l.sources, ip, "openai_ip")
            .unwrap();
        let main = l.main_file().unwrap();
        assert_eq!(edits.len(), 3, "{edits:?}");
        assert_eq!(edits.iter().filter(|(f, _)| *f == main).count(), 1);
        for (file, span) in &edits {
            assert_eq!(&l.sources.text(*file)[span.clone()], "ip");
        }
    }

    #[test]
    fn rename_refuses_a_taken_reserved_or_malformed_name() {
        let l = load(TEXT);
        let b = &l.contract.bindings;
        let rename = |needle: &str, to: &str| {
            let target = target_at(&l, TEXT, needle);
            b.rename(&l.contract, &l.sources, target, to)
        };
        // Parties, actions and subject roots share one namespace.
        assert_eq!(rename("ms may", "use"), Err(RenameError::Taken("party")));
        assert_eq!(rename("ms may", "ip"), Err(RenameError::Taken("party")));
        assert_eq!(rename("ms may", "clause"), Err(RenameError::Reserved));
        assert_eq!(rename("ms may", "2x"), Err(RenameError::NotAName));
        assert_eq!(rename("ms may", "a.b"), Err(RenameError::NotAName));
        assert_eq!(rename("ms may", ""), Err(RenameError::NotAName));
        // A subject below a root clashes with its siblings only.
        assert_eq!(
            rename("models {", "research"),
            Err(RenameError::Taken("subject"))
        );
        assert!(rename("models {", "ms").is_ok());
        // Clauses have their own namespace.
        assert_eq!(rename("c {", "d"), Err(RenameError::Taken("clause")));
        assert!(rename("c {", "ms").is_ok());
        // Renaming to the same name changes nothing, and is no clash.
        assert_eq!(rename("ms may", "ms").map(|e| e.len()), Ok(3));
        let message = RenameError::Taken("party").message("use");
        assert_eq!(
            message,
            "`use` is already taken: a party cannot be renamed to it"
        );
    }
}
