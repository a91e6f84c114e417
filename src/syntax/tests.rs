use super::*;

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
