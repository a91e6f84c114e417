//! The lexicon (src/syntax/lexicon.rs) against the grammar (grammar/pactum.pest)
//! and against the editor grammar's copy of it.
//!
//! The grammar and the lexicon are the only two places that list words of the
//! language, so each is checked against the other in both directions. The VS
//! Code grammar generator reads editors/vscode/scripts/lexicon.json, which is
//! written from the lexicon: run with `PACTUM_UPDATE_LEXICON=1` to rewrite it
//! after changing the lexicon.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pactum::source::FileId;
use pactum::syntax::lexicon::{self, Class};

const GRAMMAR: &str = include_str!("../grammar/pactum.pest");

/// A token of the pest grammar: a quoted literal, a name, or one other character.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(String),
    Name(String),
    Other(char),
}

fn tokens(grammar: &str) -> Vec<Token> {
    let text: String = grammar
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                let mut literal = String::new();
                while let Some(d) = chars.next() {
                    match d {
                        // An escape (`'\n'`, `"\""`) is never part of a word.
                        '\\' => {
                            literal.push('\\');
                            literal.extend(chars.next());
                        }
                        d if d == c => break,
                        d => literal.push(d),
                    }
                }
                out.push(Token::Literal(literal));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = c.to_string();
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        name.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Token::Name(name));
            }
            c if c.is_whitespace() => {}
            c => out.push(Token::Other(c)),
        }
    }
    out
}

/// Each rule of the grammar with the tokens of its body.
fn rules(grammar: &str) -> BTreeMap<String, Vec<Token>> {
    let tokens = tokens(grammar);
    let mut rules = BTreeMap::new();
    let mut i = 0;
    while i + 1 < tokens.len() {
        let (Token::Name(name), Token::Other('=')) = (&tokens[i], &tokens[i + 1]) else {
            i += 1;
            continue;
        };
        let open = tokens[i + 2..]
            .iter()
            .position(|t| *t == Token::Other('{'))
            .map(|k| i + 2 + k)
            .expect("a rule body");
        let mut depth = 0;
        let mut end = open;
        for (k, t) in tokens.iter().enumerate().skip(open) {
            match t {
                Token::Other('{') => depth += 1,
                Token::Other('}') => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = k;
                break;
            }
        }
        rules.insert(name.clone(), tokens[open + 1..end].to_vec());
        i = end + 1;
    }
    rules
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// Every word the grammar matches literally.
fn grammar_words() -> BTreeSet<String> {
    tokens(GRAMMAR)
        .into_iter()
        .filter_map(|t| match t {
            Token::Literal(s) if is_word(&s) => Some(s),
            _ => None,
        })
        .collect()
}

fn set(words: &[&str]) -> BTreeSet<String> {
    words.iter().map(|w| w.to_string()).collect()
}

#[test]
fn the_grammar_and_the_lexicon_know_the_same_words() {
    let grammar = grammar_words();
    let table: BTreeSet<String> = lexicon::WORDS.iter().map(|w| w.text.to_string()).collect();
    let missing: Vec<_> = grammar.difference(&table).collect();
    let extra: Vec<_> = table.difference(&grammar).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "words in grammar/pactum.pest but not in src/syntax/lexicon.rs: {missing:?}; \
         words in the lexicon that the grammar never matches: {extra:?}"
    );
}

#[test]
fn the_item_keywords_are_the_first_words_of_the_item_rules() {
    let rules = rules(GRAMMAR);
    let items = &rules["item"];
    let first_words: BTreeSet<String> = items
        .iter()
        .filter_map(|t| match t {
            Token::Name(name) => Some(name),
            _ => None,
        })
        .map(|name| {
            rules[name]
                .iter()
                .find_map(|t| match t {
                    Token::Literal(s) => Some(s.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("item rule `{name}` starts with no word"))
        })
        .collect();
    // Soft item words (`holiday`, `weekend`) start items too, without being
    // reserved.
    let mut item_words = set(lexicon::ITEM_KEYWORDS);
    item_words.extend(set(lexicon::SOFT_ITEM_KEYWORDS));
    assert_eq!(first_words, item_words);
}

#[test]
fn the_words_that_start_a_block_line_are_reserved() {
    let rules = rules(GRAMMAR);
    for t in &rules["block_kw"] {
        if let Token::Literal(word) = t {
            assert!(
                lexicon::is_reserved(word),
                "`{word}` starts a line in a block, so it must be reserved"
            );
        }
    }
}

#[test]
fn the_derived_lists_are_the_classes_of_the_table() {
    let of = |classes: &[Class]| -> BTreeSet<String> {
        lexicon::WORDS
            .iter()
            .filter(|w| classes.contains(&w.class))
            .map(|w| w.text.to_string())
            .collect()
    };
    assert_eq!(set(lexicon::KEYWORDS), of(&[Class::Item, Class::Keyword]));
    assert_eq!(set(lexicon::ITEM_KEYWORDS), of(&[Class::Item]));
    assert_eq!(set(lexicon::SOFT_ITEM_KEYWORDS), of(&[Class::SoftItem]));
    assert_eq!(
        set(lexicon::CONTEXT_WORDS),
        of(&[
            Class::Context,
            Class::SoftItem,
            Class::TimeUnit,
            Class::Scale
        ])
    );
    assert_eq!(set(lexicon::TIME_UNITS), of(&[Class::TimeUnit]));
    assert_eq!(set(lexicon::SCALES), of(&[Class::Scale]));
    for w in lexicon::WORDS {
        assert_eq!(lexicon::class(w.text), Some(w.class));
        assert_eq!(lexicon::is_reserved(w.text), w.class.is_reserved());
    }
    assert_eq!(lexicon::class("microsoft"), None);
}

#[test]
fn reserved_words_are_never_names_and_context_words_are() {
    for w in lexicon::WORDS {
        let (tree, diagnostics) = pactum::syntax::parse(FileId(0), &format!("party {}", w.text));
        if w.class.is_reserved() {
            assert!(
                !diagnostics.is_empty(),
                "`{}` is reserved but the grammar accepts it as a name",
                w.text
            );
        } else {
            assert!(diagnostics.is_empty(), "`{}`: {diagnostics:?}", w.text);
            assert_eq!(tree.items.len(), 1);
        }
    }
}

/// What the VS Code grammar generator reads, written from the lexicon.
fn editor_lexicon() -> String {
    let value = serde_json::json!({
        "comment": "Written from src/syntax/lexicon.rs by tests/lexicon.rs \
                    (PACTUM_UPDATE_LEXICON=1 cargo test --test lexicon); do not edit.",
        "item": lexicon::ITEM_KEYWORDS,
        "soft_item": lexicon::SOFT_ITEM_KEYWORDS,
        "reserved": lexicon::KEYWORDS,
        "context": lexicon::CONTEXT_WORDS,
        "time_units": lexicon::TIME_UNITS,
        "scales": lexicon::SCALES,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&value).expect("JSON of string lists")
    )
}

#[test]
fn the_editor_grammar_reads_the_lexicon() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode/scripts/lexicon.json");
    let expected = editor_lexicon();
    if std::env::var_os("PACTUM_UPDATE_LEXICON").is_some() {
        std::fs::write(&path, &expected).expect("write lexicon.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is not the lexicon: run `PACTUM_UPDATE_LEXICON=1 cargo test --test lexicon`, \
         then `npm run build-grammar` in editors/vscode",
        path.display()
    );
}
