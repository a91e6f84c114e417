use super::*;

#[test]
fn reserved_words_are_in_byte_order_for_the_binary_search() {
    assert!(lexicon::KEYWORDS.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn every_reserved_word_is_rejected_as_a_name() {
    for kw in lexicon::KEYWORDS {
        let src = format!("party {kw}");
        let (_, diagnostics) = parse(FileId(0), &src);
        assert!(
            !diagnostics.is_empty(),
            "`{kw}` is listed as reserved but the grammar accepts it as a name"
        );
    }
}

#[test]
fn words_that_are_not_reserved_are_names() {
    for name in lexicon::CONTEXT_WORDS.iter().chain(&["uses"]) {
        let src = format!("party {name}");
        let (tree, diagnostics) = parse(FileId(0), &src);
        assert!(diagnostics.is_empty(), "`{name}`: {diagnostics:?}");
        assert_eq!(tree.items.len(), 1);
    }
}

#[test]
fn the_words_quoted_in_rule_names_are_words_of_the_lexicon() {
    for rule in Rule::all_rules() {
        let name = lexicon::rule_name(*rule);
        for quoted in name.split('`').skip(1).step_by(2) {
            // `<party>` and the like stand for the user's own names.
            let words: String = quoted
                .split('<')
                .map(|part| part.split_once('>').map_or(part, |(_, rest)| rest))
                .collect::<Vec<_>>()
                .join(" ");
            // A token that starts with a digit is a value (a number, a date,
            // the day count `30E/360`), not words.
            let words: Vec<&str> = (words.split_whitespace())
                .filter(|t| !t.starts_with(|c: char| c.is_ascii_digit()))
                .collect();
            for word in words
                .iter()
                .flat_map(|t| t.split(|c: char| !c.is_ascii_alphabetic()))
            {
                // A currency code is a value, not a word of the language.
                let currency = word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase());
                assert!(
                    word.is_empty() || currency || lexicon::class(word).is_some(),
                    "`{word}` in the name of {rule:?} is not a word of the lexicon"
                );
            }
        }
    }
}

#[test]
fn each_item_keyword_names_its_item_rule() {
    let names: std::collections::BTreeSet<&str> = Rule::all_rules()
        .iter()
        .map(|r| lexicon::rule_name(*r))
        .collect();
    for kw in lexicon::ITEM_KEYWORDS {
        assert!(
            names.contains(format!("`{kw}`").as_str()),
            "no rule is named `{kw}`"
        );
    }
}

#[test]
fn a_file_may_start_with_comments() {
    let src = "// The reference contract.\n/* block */\n\ncontract \"x\"\n  effective 2025-10-28\n";
    let (tree, diagnostics) = parse(FileId(0), src);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(tree.items.len(), 1);
}

#[test]
fn an_unclosed_block_comment_is_still_an_error() {
    let (_, diagnostics) = parse(FileId(0), "/* never closed\nparty x\n");
    assert!(!diagnostics.is_empty());
}

#[test]
fn keywords_end_at_a_word_boundary() {
    // Each line would be misread if a keyword could match the start of a name.
    let src = "clause c {\n  a must notify s\n  b may use t\n  exception to c\n}\n\
               clause d {\n  a may use s\n  only b may use total, orbit except exceptional\n}\n\
               assert e { always nothing is active or order is active and android is active }\n";
    let (tree, diagnostics) = parse(FileId(0), src);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let ast::Item::Clause(c) = &tree.items[0] else {
        panic!("clause")
    };
    assert_eq!(c.norms[0].modality, ast::Modality::Must);
    assert_eq!(c.norms[0].action.name, "notify");
    assert!(c.norms[1].on.is_empty() && c.norms[1].subjects.except.is_empty());
    assert_eq!(c.exception_to[0].name, "c");
    let ast::Item::Clause(d) = &tree.items[1] else {
        panic!("clause")
    };
    assert!(d.norms[0].on.is_empty());
    assert!(d.norms[1].exclusive);
    assert_eq!(d.norms[1].subjects.include.len(), 2);
    let ast::Item::Assert(e) = &tree.items[2] else {
        panic!("assert")
    };
    let Some(ast::Cond {
        kind: ast::CondKind::Or(parts),
        ..
    }) = &e.cond
    else {
        panic!("an `or` of two parts: {:?}", e.cond)
    };
    assert!(matches!(&parts[0].kind, ast::CondKind::IsActive(i) if i.name == "nothing"));
}

/// Each slice parsed on its own: what `parse` must give, however it groups.
fn one_by_one(text: &str) -> Vec<Parsed> {
    let blanked = trivia::blank(text);
    let texts = Texts {
        original: text,
        blanked: &blanked,
    };
    split::split_items(text)
        .iter()
        .map(|s| parse_slice(FileId(0), texts, s))
        .collect()
}

fn assert_runs_match_one_by_one(name: &str, text: &str) {
    let (tree, diagnostics) = parse(FileId(0), text);
    let alone = one_by_one(text);
    let items: Vec<ast::Item> = alone.iter().filter_map(|p| p.item.clone()).collect();
    let expected: Vec<Diagnostic> = alone.into_iter().flat_map(|p| p.diagnostics).collect();
    assert!(tree.items == items, "{name}: items differ");
    assert_eq!(diagnostics, expected, "{name}: diagnostics differ");
}

#[test]
fn parsing_in_runs_gives_what_parsing_each_item_alone_gives() {
    let generated = crate::gen::generate(&crate::gen::Options {
        clauses: 400,
        seed: 7,
        ..Default::default()
    })
    .text;
    assert_runs_match_one_by_one("generated", &generated);
    let dirs = ["contracts", "tests/ui", "tests/ok"];
    let mut files = 0;
    for dir in dirs {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(&dir).expect("corpus directory") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "pactum") {
                // One corpus file is deliberately not UTF-8; it never reaches the parser.
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                assert_runs_match_one_by_one(&path.display().to_string(), &text);
                files += 1;
            }
        }
    }
    assert!(files > 30, "only {files} corpus files");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Broken items among good ones: the run falls back for them, and only them.
    #[test]
    fn runs_match_one_by_one_with_bytes_deleted(cuts in proptest::collection::vec(0usize..30_000, 1..8)) {
        let mut text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts/microsoft-openai-2025.pactum"),
        )
        .expect("reference contract");
        for cut in cuts {
            let at = crate::source::floor_char_boundary(&text, cut % text.len().max(1));
            let next = text[at..].chars().next().map_or(0, char::len_utf8);
            text.replace_range(at..at + next, "");
        }
        assert_runs_match_one_by_one("mutated", &text);
    }
}

/// Syntax findings are worded in `errors.rs` alone, so that the same mistake
/// always reads the same (one constructor per kind of finding).
#[test]
fn syntax_diagnostics_are_built_only_in_errors_rs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/syntax");
    for entry in std::fs::read_dir(&dir).expect("src/syntax") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "errors.rs" || name == "tests.rs" || !name.ends_with(".rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source file");
        assert!(
            !text.contains(concat!("Diagnostic", "::new")),
            "{name} builds a diagnostic; build it from a `Finding` in errors.rs"
        );
    }
}

#[test]
fn prevails_follows_a_norm_pattern_and_is_still_a_name_elsewhere() {
    let src = "party prevails\n\
               assert a { always prevails may use prevails prevails and not p may use s }\n\
               assert b { always p may use s.prevailsx prevails }\n";
    let (tree, diagnostics) = parse(FileId(0), src);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let ast::Item::Assert(a) = &tree.items[1] else {
        panic!("assert")
    };
    let Some(ast::Cond {
        kind: ast::CondKind::And(parts),
        ..
    }) = &a.cond
    else {
        panic!("an `and` of two parts: {:?}", a.cond)
    };
    let ast::CondKind::Prevails(n) = &parts[0].kind else {
        panic!("a `prevails` atom: {:?}", parts[0])
    };
    assert_eq!(n.party.name, "prevails");
    assert!(matches!(&n.subjects.include[0], ast::SubjectAtom::Path(i) if i.name == "prevails"));
    // The atom's span covers the pattern and the keyword.
    assert_eq!(
        &src[parts[0].span.clone()],
        "prevails may use prevails prevails"
    );
    assert!(matches!(parts[1].kind, ast::CondKind::Not(_)));
    let ast::Item::Assert(b) = &tree.items[2] else {
        panic!("assert")
    };
    assert!(matches!(
        b.cond.as_ref().map(|c| &c.kind),
        Some(ast::CondKind::Prevails(_))
    ));
    // Only a norm pattern can prevail.
    let (_, diagnostics) = parse(FileId(0), "assert c { always x is active prevails }\n");
    assert!(!diagnostics.is_empty());
}
