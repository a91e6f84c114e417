//! Inlay hints: the days a window stands for, after window lines that do not
//! say them as plain dates (`until 5 years after 2014-12-05`, `from breach of
//! x`, `until end of term`, a `within` deadline). The words are the one
//! printer's ([`print::in_force`]), the days the one semantics'
//! ([`semantics::window_interval`]).
//!
//! A window that counts from events has different days in each scenario; the
//! hint shows one, the scenario in which none of those events happens, and
//! names it ("when `agi` never happens: in force from 2026-03-01, with no
//! end"). That is the scenario a reader most often misses (the open end), and
//! the one `pactum query` answers without `--assume`. A window of dates only
//! shows its days without a scenario.

use std::collections::HashMap;

use lsp_types::{InlayHint, InlayHintLabel, Range};

use super::analysis::Analysis;
use crate::model::{EventId, Window};
use crate::print;
use crate::semantics::{self, Scenario};
use crate::syntax::ast;

/// The hints of the document whose position lies in `range`, in text order.
pub fn inlay_hints(a: &Analysis, range: Range) -> Vec<InlayHint> {
    let Some((_, tree)) = a.loaded.trees.iter().find(|(f, _)| *f == a.main) else {
        return Vec::new();
    };
    let contract = &a.loaded.contract;
    // The resolved windows of this file's items, by where their name is written.
    let mut windows: HashMap<usize, &Window> = HashMap::new();
    for c in contract.clause_ids() {
        let clause = contract.clause(c);
        if clause.named.name_span.file == a.main {
            let w = clause.unconditioned.as_ref().unwrap_or(&clause.window);
            windows.insert(clause.named.name_span.range.start, w);
        }
    }
    for f in &contract.facts {
        if f.named.name_span.file == a.main {
            windows.insert(f.named.name_span.range.start, &f.window);
        }
    }
    let mut out = Vec::new();
    for item in &tree.items {
        let (written, name_at, extra_end) = match item {
            ast::Item::Clause(c) => (
                &c.window,
                Some(c.name.span.start),
                c.within.iter().map(|d| d.span.end).max(),
            ),
            ast::Item::Fact(f) => (&f.window, Some(f.name.span.start), None),
            ast::Item::Term(t) => (&t.window, None, None),
            _ => continue,
        };
        if extra_end.is_none() && is_plain(written) {
            continue;
        }
        let resolved = match name_at {
            Some(at) => windows.get(&at).copied(),
            None => contract
                .term
                .as_ref()
                .filter(|t| t.named.span.file == a.main)
                .map(|t| &t.window),
        };
        let Some(window) = resolved else { continue };
        let Some(end) = written.span.as_ref().map(|s| s.end).max(extra_end) else {
            continue;
        };
        let position = a.range(a.main, &(end..end)).start;
        if position < range.start || range.end < position {
            continue;
        }
        out.push(InlayHint {
            position,
            label: InlayHintLabel::String(words(a, window)),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    }
    out
}

/// What the hint says of a resolved window (see the module comment).
fn words(a: &Analysis, window: &Window) -> String {
    let contract = &a.loaded.contract;
    let mut events: Vec<EventId> = Vec::new();
    for p in window.from.iter().chain(&window.until) {
        p.events(&mut events);
    }
    events.sort();
    events.dedup();
    let never = Scenario::never(contract);
    let days = print::in_force(semantics::window_interval(window, &never).as_ref());
    match print::scenario(contract, &never, &events) {
        Some(scenario) => format!("{scenario}: {days}"),
        None => days,
    }
}

/// Whether every bound of a written window is a date (`from 2026-03-01`,
/// `through 2030`): its days are already on the page.
fn is_plain(w: &ast::Window) -> bool {
    let date =
        |p: &ast::Point| matches!(p.kind, ast::PointKind::Date(_) | ast::PointKind::EndOf(_));
    w.from.iter().all(date) && w.until.iter().flat_map(|u| &u.points).all(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Position;

    fn hints(text: &str) -> Vec<(u32, String)> {
        let a = Analysis::of_text(text);
        let all = Range::new(Position::new(0, 0), Position::new(u32::MAX, u32::MAX));
        (inlay_hints(&a, all).into_iter())
            .map(|h| match h.label {
                InlayHintLabel::String(s) => (h.position.line, s),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    const HEAD: &str = "contract \"T\" effective 2014-01-01\nparty ms\naction use\n\
        event agi\nsubject ip\n";

    #[test]
    fn an_offset_from_a_date_shows_its_days() {
        let text = format!(
            "{HEAD}clause a {{\n  ms may use ip\n  from 2014-12-05\n  \
             until 5 years after 2014-12-05\n}}\n"
        );
        assert_eq!(
            hints(&text),
            [(8, "in force from 2014-12-05 through 2019-12-04".to_string())]
        );
    }

    #[test]
    fn plain_dates_get_no_hint() {
        let text = format!("{HEAD}clause a {{ ms may use ip from 2015-01-01 through 2016 }}\n");
        assert_eq!(hints(&text), []);
    }

    #[test]
    fn an_event_window_names_the_scenario_it_shows() {
        let text =
            format!("{HEAD}clause a {{\n  ms may use ip\n  from 2015-01-01\n  until agi\n}}\n");
        assert_eq!(
            hints(&text),
            [(
                8,
                "when `agi` never happens: in force from 2015-01-01, with no end".to_string()
            )]
        );
    }

    #[test]
    fn end_of_term_reads_the_term() {
        let text = format!(
            "{HEAD}term {{ from 2015-01-01 until 3 years after 2015-01-01 }}\n\
             clause a {{ ms may use ip until end of term }}\n"
        );
        let found = hints(&text);
        assert_eq!(
            found,
            [
                (5, "in force from 2015-01-01 through 2017-12-31".to_string()),
                (6, "in force from 2014-01-01 through 2017-12-31".to_string())
            ]
        );
    }

    #[test]
    fn a_deadline_and_a_breach_show_their_days() {
        let text = format!(
            "{HEAD}event paid by ms\nclause pay {{\n  ms must use ip\n  \
             within 30 days after 2015-01-01\n  discharged by paid\n}}\n\
             clause late {{\n  ms must use ip\n  from breach of pay\n  until paid\n}}\n"
        );
        assert_eq!(
            hints(&text),
            [
                (
                    8,
                    "when `paid` never happens: in force from 2015-01-01 through 2015-01-31".into()
                ),
                (
                    14,
                    "when `paid` never happens: in force from 2015-02-01, with no end".into()
                ),
            ]
        );
    }

    #[test]
    fn only_the_requested_lines_are_answered_and_bad_ranges_are_harmless() {
        let text = format!(
            "{HEAD}clause a {{ ms may use ip until 1 year after 2015-01-01 }}\n\
             clause b {{ ms may use ip until 2 years after 2015-01-01 }}\n"
        );
        let a = Analysis::of_text(&text);
        let line6 = Range::new(Position::new(6, 0), Position::new(6, 200));
        let got = inlay_hints(&a, line6);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].position.line, 6);
        let backwards = Range::new(Position::new(99, 0), Position::new(0, 0));
        assert!(inlay_hints(&a, backwards).is_empty());
        let past = Range::new(Position::new(u32::MAX, 0), Position::new(u32::MAX, 9));
        assert!(inlay_hints(&a, past).is_empty());
    }
}
