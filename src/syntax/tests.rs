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
