//! Code actions: the quick fixes a diagnostic carries. The library's
//! constructor of each finding says how to resolve it ([`Fix`]), in the same
//! place that words its help; here each fix only becomes a `WorkspaceEdit`.

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit};

use super::analysis::Analysis;
use super::features::workspace_edit;
use crate::diagnostics::{Diagnostic, Fix};

/// The quick fixes of the diagnostics of the document whose primary range
/// touches `range`, in the order of the diagnostics, each fix of a diagnostic
/// in the order its constructor gives them (the likeliest first).
pub fn code_actions(a: &Analysis, range: Range) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    for d in &a.loaded.diagnostics {
        let Some(primary) = d.primary() else { continue };
        if primary.span.file != a.main || d.fixes.is_empty() {
            continue;
        }
        let at = a.range(primary.span.file, &primary.span.range);
        if !touches(at, range) {
            continue;
        }
        let converted = a.convert(d);
        for (k, fix) in d.fixes.iter().enumerate() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![converted.clone()]),
                edit: Some(workspace_edit(vec![edit(a, fix)])),
                is_preferred: Some(k == 0 && preferred(d)),
                ..Default::default()
            }));
        }
    }
    out
}

/// Whether a diagnostic's first fix is the one to apply without asking: a
/// "did you mean" replacement is; a choice between two precedences is not.
fn preferred(d: &Diagnostic) -> bool {
    matches!(
        d.fixes.first().map(|f| &f.change),
        Some(crate::diagnostics::Change::Replace { .. })
    )
}

/// A fix as one text edit of the file it changes.
fn edit(a: &Analysis, fix: &Fix) -> (lsp_types::Url, TextEdit) {
    let file = fix.change.file();
    let (bytes, new_text) = fix.change.edit(a.text(file));
    (
        a.url(file).clone(),
        TextEdit::new(a.range(file, &bytes), new_text),
    )
}

/// Whether two ranges share a position (an empty range at a diagnostic's
/// edge, where the cursor stands, touches it).
fn touches(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Severity};
    use crate::lsp::position::LineMap;
    use lsp_types::Position;

    fn check(text: &str) -> Analysis {
        Analysis::of_text(text)
    }

    /// The text with one action's edits applied (all in this document).
    fn apply(text: &str, action: &CodeAction) -> String {
        let changes = action.edit.as_ref().unwrap().changes.as_ref().unwrap();
        assert_eq!(changes.len(), 1, "one file");
        let mut edits: Vec<&TextEdit> = changes.values().next().unwrap().iter().collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        let mut out = text.to_string();
        for e in edits {
            let span = LineMap::new(&out).span(&out, e.range);
            out.replace_range(span, &e.new_text);
        }
        out
    }

    fn everywhere() -> Range {
        Range::new(Position::new(0, 0), Position::new(u32::MAX, 0))
    }

    fn actions(a: &Analysis) -> Vec<CodeAction> {
        code_actions(a, everywhere())
            .into_iter()
            .map(|c| match c {
                CodeActionOrCommand::CodeAction(a) => a,
                other => panic!("{other:?}"),
            })
            .collect()
    }

    fn codes(a: &Analysis) -> Vec<(Code, Severity, String)> {
        (a.loaded.diagnostics.iter())
            .map(|d| (d.code, d.severity, d.message.clone()))
            .collect()
    }

    /// Applies the action titled `title`, re-checks, and asserts that the
    /// diagnostic it fixes is gone and no new error was found (a warning may
    /// come to light: an exception can shadow the clause it carves out of
    /// entirely). Returns the new text.
    fn fixes(text: &str, title: &str) -> String {
        let before = check(text);
        let all = actions(&before);
        let action = all
            .iter()
            .find(|a| a.title == title)
            .unwrap_or_else(|| panic!("no action `{title}` among {:?}", titles(&all)));
        let fixed_message = &action.diagnostics.as_ref().unwrap()[0].message;
        let fixed = apply(text, action);
        let after = check(&fixed);
        let (old, new) = (codes(&before), codes(&after));
        for d in new.iter().filter(|d| d.1 == Severity::Error) {
            assert!(old.contains(d), "new error {d:?} after `{title}`:\n{fixed}");
        }
        assert!(
            !(after.loaded.diagnostics.iter()).any(|d| fixed_message.starts_with(&d.message)),
            "the finding is still there after `{title}`:\n{fixed}\n{new:?}"
        );
        fixed
    }

    fn titles(all: &[CodeAction]) -> Vec<&str> {
        all.iter().map(|a| a.title.as_str()).collect()
    }

    const HEAD: &str = "contract \"T\" effective 2025-01-01\nparty ms\nparty oa\naction use\n\
        event agi\nsubject ip { models research }\n";

    #[test]
    fn did_you_mean_replaces_the_name() {
        let text = format!("{HEAD}clause a {{\n  mss may use ip.modls\n  indefinitely\n}}\n");
        let once = fixes(&text, "replace with `ms`");
        assert!(once.contains("  ms may use ip.modls\n"), "{once}");
        let twice = fixes(&once, "replace with `ip.models`");
        assert!(check(&twice).loaded.diagnostics.is_empty(), "{twice}");
        // The help says the same name the fix writes.
        let d = &check(&text).loaded.diagnostics[0];
        assert_eq!(d.help.as_deref(), Some("did you mean `ms`?"));
    }

    #[test]
    fn unknown_clause_and_section_ids_are_replaced() {
        let text = format!(
            "{HEAD}section \"2.1\" \"Use\"\nclause a {{ ms may use ip indefinitely }}\n\
             clause b {{\n  section \"2.2\"\n  ms must not use ip\n  indefinitely\n  overrides aa\n}}\n"
        );
        let once = fixes(&text, "replace with `a`");
        let twice = fixes(&once, "replace with section `2.1`");
        assert!(
            twice.contains("  section \"2.1\"\n  ms must not"),
            "{twice}"
        );
    }

    #[test]
    fn a_missing_declaration_goes_after_its_kind() {
        let text =
            format!("{HEAD}clause a {{\n  ms may use ip\n  from quake\n  indefinitely\n}}\n");
        let fixed = fixes(&text, "declare event `quake`");
        assert!(fixed.contains("event agi\nevent quake\n"), "{fixed}");
        // A kind the file does not declare yet goes after the declarations.
        let text = format!("{HEAD}clause a {{ ms may publish ip indefinitely }}\n");
        let fixed = fixes(&text, "declare action `publish`");
        assert!(fixed.contains("action use\naction publish\n"), "{fixed}");
        // A dotted path with an unknown root is declared as a tree.
        let text = format!("{HEAD}clause a {{ ms may use data.logs.raw indefinitely }}\n");
        let fixed = fixes(&text, "declare subject `data`");
        assert!(
            fixed.contains("research }\nsubject data { logs { raw } }\n"),
            "{fixed}"
        );
        assert!(check(&fixed).loaded.diagnostics.is_empty(), "{fixed}");
        let text = "contract \"T\"\nclause a { ms may use ip indefinitely }\n";
        let a = check(text);
        let declare = actions(&a)
            .into_iter()
            .find(|x| x.title == "declare party `ms`")
            .expect("a declaration");
        assert!(apply(text, &declare).starts_with("contract \"T\"\nparty ms\n"));
    }

    #[test]
    fn a_missing_part_of_a_subject_goes_into_its_tree() {
        // Into the braces of the longest declared prefix …
        let text = format!("{HEAD}clause a {{ ms may use ip.models.weights indefinitely }}\n");
        let fixed = fixes(&text, "add `weights` to subject `ip.models`");
        assert!(
            fixed.contains("subject ip { models { weights } research }"),
            "{fixed}"
        );
        let text = format!("{HEAD}clause a {{ ms may use ip.code.rust indefinitely }}\n");
        let fixed = fixes(&text, "add `code.rust` to subject `ip`");
        assert!(
            fixed.contains("subject ip { models research code { rust } }"),
            "{fixed}"
        );
        // … on a line of its own when the tree is written over lines.
        let text = "contract \"T\"\nparty ms\naction use\nsubject ip {\n  models\n}\n\
            clause a { ms may use ip.data indefinitely }\n";
        let fixed = fixes(text, "add `data` to subject `ip`");
        assert!(
            fixed.contains("subject ip {\n  models\n  data\n}"),
            "{fixed}"
        );
        assert!(check(&fixed).loaded.diagnostics.is_empty(), "{fixed}");
    }

    #[test]
    fn an_open_ended_norm_gets_indefinitely() {
        let text = format!("{HEAD}clause a {{\n    ms may use ip\n    from 2026-01-01\n}}\n");
        let fixed = fixes(&text, "add `indefinitely` to clause `a`");
        assert!(
            fixed.contains("    from 2026-01-01\n    indefinitely\n}"),
            "{fixed}"
        );
        // On one line, the word goes before the brace.
        let text = format!("{HEAD}clause a {{ ms may use ip from 2026-01-01 }}\n");
        let fixed = fixes(&text, "add `indefinitely` to clause `a`");
        assert!(fixed.contains("from 2026-01-01 indefinitely }"), "{fixed}");
        // A clause whose end is an event that may not come keeps its end: no
        // `indefinitely` is offered (the window cannot have both).
        let text = format!("{HEAD}clause a {{ ms may use ip until agi }}\n");
        let a = check(&text);
        assert!(a
            .loaded
            .diagnostics
            .iter()
            .any(|d| d.code == Code::OpenEnded));
        assert!(actions(&a).is_empty(), "{:?}", titles(&actions(&a)));
    }

    #[test]
    fn new_lines_end_as_the_file_s_lines_do() {
        let text =
            format!("{HEAD}clause a {{\n  ms may use ip\n  from quake\n}}\n").replace('\n', "\r\n");
        let fixed = fixes(&text, "declare event `quake`");
        assert!(fixed.contains("event agi\r\nevent quake\r\n"), "{fixed:?}");
        let fixed = fixes(&fixed, "add `indefinitely` to clause `a`");
        assert!(
            fixed.contains("  from quake\r\n  indefinitely\r\n}"),
            "{fixed:?}"
        );
        assert!(!fixed.replace("\r\n", "").contains('\n'), "{fixed:?}");
    }

    #[test]
    fn a_conflict_offers_an_exception_either_way() {
        let text = format!(
            "{HEAD}clause a {{\n  ms may use ip\n  indefinitely\n}}\n\
             clause b {{\n  ms must not use ip.models\n  until 2030-01-01\n}}\n"
        );
        let a = check(&text);
        let all = actions(&a);
        let mut offered = titles(&all);
        offered.sort();
        assert_eq!(
            offered,
            [
                "add `exception to a` to clause `b`",
                "add `exception to b` to clause `a`"
            ]
        );
        assert_eq!(all[0].is_preferred, Some(false), "a choice, not a default");
        let fixed = fixes(&text, "add `exception to a` to clause `b`");
        assert!(
            fixed.contains("  until 2030-01-01\n  exception to a\n}"),
            "{fixed}"
        );
        fixes(&text, "add `exception to b` to clause `a`");
    }

    #[test]
    fn a_name_of_another_kind_and_an_unknown_allow_code_are_replaced() {
        let text = format!(
            "{HEAD}party ag\nclause a {{\n  agi may use ip\n  indefinitely\n}}\n\
             clause b {{\n  oa may use ip.research\n  from 2026-01-01\n  \
             allow pactum::norm::open_ende \"on purpose\"\n}}\n"
        );
        let once = fixes(&text, "replace with `ag`");
        assert!(once.contains("  ag may use ip\n"), "{once}");
        let twice = fixes(&once, "replace with `pactum::norm::open_ended`");
        assert!(
            twice.contains("allow pactum::norm::open_ended \"on purpose\""),
            "{twice}"
        );
    }

    #[test]
    fn an_older_clause_cannot_name_a_newer_one() {
        let old = format!("{HEAD}clause a {{\n  ms may use ip\n  indefinitely\n}}\n");
        let new = "contract \"New\" effective 2026-01-01 amends \"old.pactum\"\n\
            clause b {\n  ms must not use ip.models\n  until 2030-01-01\n}\n";
        let url = lsp_types::Url::parse("file:///fix/new.pactum").unwrap();
        let a = Analysis::new(
            &url,
            std::path::Path::new("/fix/new.pactum"),
            new,
            &mut |p| {
                assert!(p.ends_with("old.pactum"), "{p:?}");
                Ok(old.clone().into_bytes())
            },
        );
        let all = actions(&a);
        assert_eq!(titles(&all), ["add `exception to a` to clause `b`"]);
        let changes = all[0].edit.as_ref().unwrap().changes.as_ref().unwrap();
        assert_eq!(
            changes.keys().collect::<Vec<_>>(),
            [&url],
            "the newer file is edited"
        );
        let fixed = apply(new, &all[0]);
        assert!(
            fixed.ends_with("  until 2030-01-01\n  exception to a\n}\n"),
            "{fixed}"
        );
    }

    #[test]
    fn only_the_requested_range_is_answered() {
        let text = format!("{HEAD}clause a {{ mss may use ip indefinitely }}\n");
        let a = check(&text);
        let line = HEAD.lines().count() as u32;
        let on = |c| {
            code_actions(
                &a,
                Range::new(Position::new(line, c), Position::new(line, c)),
            )
        };
        let here: Vec<String> = (on(12).into_iter())
            .map(|c| match c {
                CodeActionOrCommand::CodeAction(a) => a.title,
                CodeActionOrCommand::Command(c) => c.title,
            })
            .collect();
        assert_eq!(
            here,
            ["replace with `ms`", "declare party `mss`"],
            "the cursor on `mss`"
        );
        assert!(on(30).is_empty(), "elsewhere on the line");
        let far = Position::new(9999, 9999);
        assert!(code_actions(&a, Range::new(far, far)).is_empty());
    }

    #[test]
    fn a_stale_fix_is_clamped_not_a_panic() {
        use crate::diagnostics::{Change, Span};
        let text = "clause a { }";
        let span = Span::new(crate::source::FileId(0), 5..999);
        for change in [
            Change::Replace {
                span: span.clone(),
                with: "x".into(),
            },
            Change::AddLine {
                block: span.clone(),
                line: "x".into(),
            },
            Change::LineAfter {
                after: span,
                line: "x".into(),
            },
        ] {
            let (range, _) = change.edit(text);
            assert!(range.end <= text.len(), "{change:?}");
        }
    }
}
