use super::*;

#[test]
fn reserved_words_are_in_byte_order_for_the_binary_search() {
    assert!(lower::KEYWORDS.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn every_reserved_word_is_rejected_as_a_name() {
    for kw in lower::KEYWORDS {
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
    for name in ["stake", "first", "end", "active", "percent", "uses"] {
        let src = format!("party {name}");
        let (tree, diagnostics) = parse(FileId(0), &src);
        assert!(diagnostics.is_empty(), "`{name}`: {diagnostics:?}");
        assert_eq!(tree.items.len(), 1);
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
