//! Hover, go to definition, find references and rename: the resolver's
//! bindings say which thing the name under the cursor stands for, the model
//! says what it means.

use std::collections::HashMap;
use std::fmt::Write as _;

use lsp_types::{
    Hover, HoverContents, Location, MarkupContent, MarkupKind, Position, PrepareRenameResponse,
    TextEdit, Url, WorkspaceEdit,
};

use super::analysis::Analysis;
use crate::model::bindings::{DateSite, Site, Target};
use crate::model::{self, Contract, Interval, Named, SubjectId, TimeExpr, Version, Window};
use crate::print;
use crate::source::FileId;
use crate::syntax::ast;

pub fn hover(a: &Analysis, pos: Position) -> Option<Hover> {
    let offset = a.offset(pos);
    let bindings = &a.loaded.contract.bindings;
    let (text, span) = if let Some(site) = bindings.at(a.main, offset) {
        (describe(a, site)?, site.span())
    } else if let Some(t) = bindings.term_at(a.main, offset) {
        let c = &a.loaded.contract;
        let term = c.term.as_ref()?;
        let text = if t.is_def {
            describe_term(term, c, true)
        } else {
            let term = describe_term(term, c, false);
            format!("{}\n\n{term}", describe_term_end(c))
        };
        (text, t.span())
    } else if let Some((clause, span)) = survives_at(a, offset) {
        (describe_survives(a, clause)?, span)
    } else if let Some(d) = bindings.date_at(a.main, offset) {
        let written = a.text(d.file).get(d.span()).unwrap_or_default();
        (describe_date(&a.loaded.contract, d, written), d.span())
    } else if let Some(span) = prevails_at(a, offset) {
        (PREVAILS.to_string(), span)
    } else if let Some((interest, span)) = interest_at(a, offset) {
        (describe_interest(a, interest), span)
    } else {
        let am = amends_at(a, offset)?;
        (
            describe_amended(a, amended_file(a, a.main)?),
            am.span.clone(),
        )
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(a.range(a.main, &span)),
    })
}

pub fn definition(a: &Analysis, pos: Position) -> Vec<Location> {
    let offset = a.offset(pos);
    if let Some(site) = a.loaded.contract.bindings.at(a.main, offset) {
        return a
            .loaded
            .contract
            .bindings
            .definitions(site.target, &a.chain())
            .into_iter()
            .map(|d| a.location_in(d.file, &d.span()))
            .collect();
    }
    if a.loaded.contract.bindings.term_at(a.main, offset).is_some() {
        return term_sites(a, true, false);
    }
    let amended = amends_at(a, offset).and_then(|_| amended_file(a, a.main));
    amended
        .map(|f| vec![a.location_in(f, &(0..0))])
        .unwrap_or_default()
}

pub fn references(a: &Analysis, pos: Position, include_declaration: bool) -> Vec<Location> {
    let bindings = &a.loaded.contract.bindings;
    let Some(site) = bindings.at(a.main, a.offset(pos)) else {
        if bindings.term_at(a.main, a.offset(pos)).is_some() {
            return term_sites(a, include_declaration, true);
        }
        return Vec::new();
    };
    bindings
        .occurrences(site.target, &a.chain())
        .into_iter()
        .filter(|r| include_declaration || !r.is_def)
        .map(|r| a.location_in(r.file, &r.span()))
        .collect()
}

/// The name under the cursor, if it can be renamed, with its range.
pub fn prepare_rename(a: &Analysis, pos: Position) -> Option<PrepareRenameResponse> {
    let site = a.loaded.contract.bindings.at(a.main, a.offset(pos))?;
    let placeholder = a.text(site.file).get(site.span())?.to_string();
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: a.range(a.main, &site.span()),
        placeholder,
    })
}

/// The edits that rename the name written at `offset` in `file` (a file of
/// this analysis's chain) everywhere the chain writes it; `Ok(None)` when no
/// name is there, `Err` with the reason when the new name is refused.
pub fn rename_edits(
    a: &Analysis,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<Option<Vec<(Url, TextEdit)>>, String> {
    let c = &a.loaded.contract;
    let Some(site) = c.bindings.at(file, offset) else {
        return Ok(None);
    };
    let edits = c
        .bindings
        .rename(c, &a.loaded.sources, site.target, new_name)
        .map_err(|e| e.message(new_name))?;
    let edits = edits.into_iter().map(|(file, span)| {
        let edit = TextEdit::new(a.range(file, &span), new_name.to_string());
        (a.url(file).clone(), edit)
    });
    Ok(Some(edits.collect()))
}

/// One workspace edit from edits that several chains may repeat: a file
/// shared by two chains is edited once, whatever its URL is spelt like.
pub fn workspace_edit(edits: Vec<(Url, TextEdit)>) -> WorkspaceEdit {
    let mut seen = std::collections::HashSet::new();
    let mut spelling: HashMap<std::path::PathBuf, Url> = HashMap::new();
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    for (url, edit) in edits {
        let key = url.to_file_path().map(|p| crate::workspace::file_key(&p));
        let url = match key {
            Ok(key) => spelling.entry(key).or_insert(url).clone(),
            Err(()) => url,
        };
        if seen.insert((url.clone(), edit.range.start, edit.range.end)) {
            changes.entry(url).or_default().push(edit);
        }
    }
    WorkspaceEdit::new(changes)
}

/// The `amends "…"` string under the cursor in the checked document.
fn amends_at(a: &Analysis, offset: usize) -> Option<&ast::Text> {
    let (_, tree) = a.loaded.trees.iter().find(|(f, _)| *f == a.main)?;
    tree.items.iter().find_map(|i| match i {
        ast::Item::Header(h) => h
            .amends
            .iter()
            .find(|t| t.span.start <= offset && offset < t.span.end),
        _ => None,
    })
}

/// What the `prevails` of an assertion condition means, for its hover.
const PREVAILS: &str = "**prevails** — the norm pattern before it holds after precedence: \
every subject it names is governed by an active norm of that party, modality and action \
that no active norm taking precedence over it (`overrides`, `exception to`) contradicts \
there. Without `prevails` the pattern holds whenever such a norm is active, even where an \
override decides against it.";

/// The `prevails` keyword of an assertion condition in the main file under
/// the cursor, as written (a name `prevails` elsewhere is not it).
fn prevails_at(a: &Analysis, offset: usize) -> Option<std::ops::Range<usize>> {
    fn find(c: &ast::Cond, offset: usize) -> Option<std::ops::Range<usize>> {
        match &c.kind {
            ast::CondKind::Or(parts) | ast::CondKind::And(parts) => {
                parts.iter().find_map(|p| find(p, offset))
            }
            ast::CondKind::Not(inner) => find(inner, offset),
            // The condition's span ends with the keyword.
            ast::CondKind::Prevails(_) => {
                let word = c.span.end.saturating_sub("prevails".len())..c.span.end;
                word.contains(&offset).then_some(word)
            }
            _ => None,
        }
    }
    let (_, tree) = a.loaded.trees.iter().find(|(f, _)| *f == a.main)?;
    tree.items.iter().find_map(|i| match i {
        ast::Item::Assert(x) => x.cond.as_ref().and_then(|c| find(c, offset)),
        _ => None,
    })
}

/// The file that `file` amends: the one before it in the chain.
fn amended_file(a: &Analysis, file: FileId) -> Option<FileId> {
    let at = a.loaded.trees.iter().position(|(f, _)| *f == file)?;
    at.checked_sub(1).map(|i| a.loaded.trees[i].0)
}

fn describe(a: &Analysis, site: &Site) -> Option<String> {
    let c = &a.loaded.contract;
    match site.target {
        Target::Subject(id) => describe_subject(a, id),
        Target::Clause(key) => {
            // On a declaration, that version; on a use, the newest.
            let versions: Vec<&model::Clause> = c
                .bindings
                .clause_versions(key)
                .map(|id| c.clause(id))
                .collect();
            let here = site
                .is_def
                .then(|| versions.iter().find(|k| declared_at(&k.named, site)));
            let clause = here.flatten().or(versions.last())?;
            Some(describe_clause(a, clause))
        }
        Target::Fact(key) => {
            let f = c.bindings.fact_versions(key).last().map(|id| c.fact(id))?;
            let q = &c.quantity(f.quantity).named.name;
            let mut s = heading("fact", &f.named);
            let _ = write!(s, "\n\n`{q}` = {}", f.value);
            window_lines(&mut s, c, &f.window);
            Some(with_doc(s, &f.named))
        }
        Target::Assert(_) => {
            let x = c.assertions.iter().find(|x| declared_at(&x.named, site))?;
            let kind = match x.kind {
                model::AssertKind::Always => "always",
                model::AssertKind::Never => "never",
                model::AssertKind::Exactly => "exactly",
                model::AssertKind::NoConflicts => "no conflicts",
            };
            let mut s = heading("assertion", &x.named);
            let _ = write!(s, "\n\nchecks: {kind}");
            window_lines(&mut s, c, &x.window);
            Some(with_doc(s, &x.named))
        }
        Target::Cover(_) => {
            let x = c.coverages.iter().find(|x| declared_at(&x.named, site))?;
            let mut s = heading("cover", &x.named);
            let _ = write!(
                s,
                "\n\nkeeps {} governed for `{}` `{}`",
                print::subjects(c, &x.subjects),
                c.party(x.party).name,
                c.action(x.action).name
            );
            window_lines(&mut s, c, &x.window);
            Some(with_doc(s, &x.named))
        }
        target => describe_name(a, target),
    }
}

/// The places that name the term, the declaration first: its declaration
/// (`declaration`), its uses (`end of term`, `uses`), or both.
fn term_sites(a: &Analysis, declaration: bool, uses: bool) -> Vec<Location> {
    let mut sites: Vec<_> = a.loaded.contract.bindings.term_sites().to_vec();
    sites.sort_by_key(|t| (!t.is_def, t.file, t.span().start));
    sites
        .iter()
        .filter(|t| if t.is_def { declaration } else { uses })
        .map(|t| a.location_in(t.file, &t.span()))
        .collect()
}

/// The term in words: its description, sources, window and what its end
/// does to the clauses; with `end`, also the end of the term as resolved
/// when a power can bring it earlier than its window says.
fn describe_term(t: &model::Term, c: &Contract, end: bool) -> String {
    let mut s = String::from("**term**");
    if let Some(d) = &t.named.description {
        let _ = write!(s, " — {d}");
    }
    if !t.sources.is_empty() {
        let _ = write!(s, " (source {})", t.sources.join(", "));
    }
    window_lines(&mut s, c, &t.window);
    let mut events = Vec::new();
    for p in t.window.from.iter().chain(t.window.until.iter()) {
        p.events(&mut events);
    }
    if events.is_empty() {
        // The window as written may be an offset of a date: say its days.
        let days = print::in_force(t.window.resolve(&|_| None).as_ref());
        let _ = write!(s, "\n\n**days:** {days}");
    }
    // Terminating powers can end the term before the end its window gives.
    if end && (c.powers.iter()).any(|p| p.kind == ast::PowerKind::Terminate) {
        let _ = write!(s, "\n\n{}", describe_term_end(c));
    }
    s.push_str("\n\nevery clause ends with the term unless it says `survives`");
    with_doc(s, &t.named)
}

/// Whether `named` is the declaration written at `site`.
fn declared_at(named: &Named, site: &Site) -> bool {
    named.name_span.file == site.file && named.name_span.range == site.span()
}

fn heading(kind: &str, named: &Named) -> String {
    let mut s = format!("**{kind}** `{}`", named.name);
    if let Some(d) = &named.description {
        let _ = write!(s, " — {d}");
    }
    s
}

fn with_doc(mut s: String, named: &Named) -> String {
    if let Some(doc) = &named.doc {
        let _ = write!(s, "\n\n---\n\n{doc}");
    }
    s
}

fn describe_name(a: &Analysis, target: Target) -> Option<String> {
    let c = &a.loaded.contract;
    if let Target::Party(id) = target {
        let mut s = heading("party", c.party(id));
        if c.is_group(id) {
            let names = |list: &[model::PartyId]| -> Vec<String> {
                list.iter()
                    .map(|p| format!("`{}`", c.party(*p).name))
                    .collect()
            };
            let direct = &c.group_members[id.index()];
            let _ = write!(s, "\n\na group of {}", names(direct).join(", "));
            let all = c.party_members(id);
            if all != direct.as_slice() {
                let _ = write!(s, "\n\nstands for {}", names(all).join(", "));
            }
        }
        let groups: Vec<String> = (c.group_members.iter().enumerate())
            .filter(|(_, members)| members.contains(&id))
            .map(|(g, _)| format!("`{}`", c.parties[g].name))
            .collect();
        if !groups.is_empty() {
            let _ = write!(s, "\n\nmember of {}", groups.join(", "));
        }
        return Some(with_doc(s, c.party(id)));
    }
    if let Target::Section(id) = target {
        let sec = &c.sections[id.index()];
        let mut s = format!("**section** `{}`", sec.id);
        if let Some(h) = &sec.heading {
            let _ = write!(s, " — {h}");
        }
        let inside: Vec<String> = (c.clauses.iter())
            .filter(|k| k.superseded_by.is_none() && k.section.as_deref() == Some(&sec.id))
            .map(|k| format!("`{}`", k.named.name))
            .collect();
        if !inside.is_empty() {
            let _ = write!(s, "\n\nclauses: {}", inside.join(", "));
        }
        return Some(s);
    }
    if let Target::Action(id) = target {
        return Some(with_doc(heading("action", c.action(id)), c.action(id)));
    }
    if let Target::Qualifier(id) = target {
        let q = c.qualifier(id);
        return Some(with_doc(heading("qualifier", q), q));
    }
    if let Target::Event(id) = target {
        if let Some(p) = c.powers.iter().find(|p| p.event == id) {
            return Some(describe_power(a, p));
        }
        let e = c.event(id);
        let mut s = heading("event", &e.named);
        if let Some(by) = e.by {
            let _ = write!(s, "\n\ndeclared by `{}`", c.party(by).name);
        }
        if let Some(t) = &e.defined {
            let _ = write!(
                s,
                "\n\n**decided by the inputs:** happens on {} if `{} {} {}`, never otherwise",
                t.day,
                print::expression(c, &t.left),
                t.op.as_str(),
                print::expression(c, &t.right)
            );
            if let model::input::Form::Other(why) = &t.form {
                let _ = write!(s, "\n\nnot decided by the exact search: {why}");
            }
            return Some(with_doc(s, &e.named));
        }
        if let Some(r) = &e.run {
            let _ = write!(
                s,
                "\n\n**decided by a run of periods:** happens at the end of the first {} \
                 consecutive {}s after `{}` in which `{}` holds, never if none closes",
                r.count,
                r.period.name,
                c.event(r.anchor).named.name,
                r.written
            );
            return Some(with_doc(s, &e.named));
        }
        for (other, strict) in &e.after {
            let word = if *strict { "after" } else { "not before" };
            let _ = write!(s, "\n\nhappens {word} `{}`", c.event(*other).named.name);
        }
        for w in &e.windows {
            // A `within` constraint is recorded whole; the others by their
            // point alone, which without its keyword would mislead.
            let written = (a.text(w.span.file).get(w.span.range.clone()))
                .filter(|t| t.starts_with("within "));
            let window = print::window(c, &w.window);
            let _ = match written {
                Some(written) => write!(s, "\n\n**can happen** `{written}`: {window}"),
                None => write!(s, "\n\n**can happen:** {window}"),
            };
        }
        return Some(with_doc(s, &e.named));
    }
    if let Target::Input(id) = target {
        let input = c.input(id);
        let mut s = heading("input", &input.named);
        let _ = match &input.per {
            Some(p) => write!(
                s,
                "\n\n{}, one value per `{}`, given by the scenario: `pactum query --assume \
                 {}[{}]=…`",
                input.unit.words(),
                p.name,
                input.named.name,
                print::example_label(p.kind)
            ),
            None => write!(
                s,
                "\n\n{}, given by the scenario: `pactum query --assume {}=…`",
                input.unit.words(),
                input.named.name
            ),
        };
        // One period's value (`net_sales[2019-Q4]`) is an input of its own.
        let of_this =
            |i: model::InputId| i == id || c.input(i).instance_of.is_some_and(|(p, _)| p == id);
        let decides: Vec<String> = (c.events.iter())
            .filter(|e| {
                e.defined.as_ref().is_some_and(|t| {
                    (model::input::inputs_used(c, &t.left).into_iter())
                        .chain(model::input::inputs_used(c, &t.right))
                        .any(of_this)
                }) || e.run.as_ref().is_some_and(|r| r.input == id)
            })
            .map(|e| format!("`{}`", e.named.name))
            .collect();
        if !decides.is_empty() {
            let _ = write!(s, "\n\ndecides {}", decides.join(", "));
        }
        return Some(with_doc(s, &input.named));
    }
    if let Target::Amount(id) = target {
        let x = c.amount(id);
        let mut s = heading("amount", &x.named);
        let is_table = matches!(
            x.expr.kind,
            crate::model::amount::ExprKind::Tiered { rank: None, .. }
        );
        let values = model::input::Valuation::new(c, model::InputValues::none(c));
        let waiting = print::period_dependence(c, &x.expr)
            .or_else(|| print::missing_inputs(c, &x.expr, &values));
        let _ = match (&x.value, waiting) {
            (Some(v), _) => write!(s, "\n\n**{}**", print::computed(c, &x.expr, v)),
            // A tier table has no value of its own: it is applied to a rank.
            (None, _) if is_table => write!(
                s,
                "\n\n`{}` (a tier table: apply it to a rank, as in `{} at 12`)",
                print::expression(c, &x.expr),
                x.named.name
            ),
            (None, Some(why)) => write!(s, "\n\n`{}`: {why}", print::expression(c, &x.expr)),
            (None, None) => write!(
                s,
                "\n\n`{}` (no value: see the diagnostics)",
                print::expression(c, &x.expr)
            ),
        };
        if !x.parts.is_empty() {
            let parts: Vec<String> = x.parts.iter().map(|p| print::expression(c, p)).collect();
            let _ = write!(s, "\n\nsplit into {}", parts.join(", "));
        }
        return Some(with_doc(s, &x.named));
    }
    if let Target::Quantity(id) = target {
        let q = c.quantity(id);
        let mut s = heading("quantity", &q.named);
        let ty = match &q.ty {
            model::QuantityType::Percent => "percent".to_string(),
            model::QuantityType::Money(Some(cur)) => format!("money ({cur})"),
            model::QuantityType::Money(None) => "money".to_string(),
            model::QuantityType::Number => "number".to_string(),
        };
        let _ = write!(s, "\n\ntype: {ty}");
        if let Some((holder, target)) = q.stake {
            let _ = write!(
                s,
                ", the stake of `{}` in `{}`",
                c.party(holder).name,
                c.party(target).name
            );
        }
        return Some(with_doc(s, &q.named));
    }
    None
}

/// The `when` and `unless` lines of a clause or a power, as written. The
/// window shown after them is the one in force, with the conditions folded in.
fn condition_lines(s: &mut String, a: &Analysis, conditions: &[model::Condition]) {
    for line in conditions {
        let text = a
            .loaded
            .sources
            .text(line.span.file)
            .get(line.span.range.clone());
        if let Some(text) = text {
            let words: Vec<&str> = text.split_whitespace().collect();
            let _ = write!(s, "\n\n**condition:** `{}`", words.join(" "));
        }
    }
}

/// A power in words: its holder, what its exercise does, and when it can
/// be exercised (its window as in force, the end of the term included).
fn describe_power(a: &Analysis, p: &model::Power) -> String {
    let c = &a.loaded.contract;
    let mut s = heading("power", &p.named);
    if !p.sources.is_empty() {
        let _ = write!(s, " (source {})", p.sources.join(", "));
    }
    let holder = &c.party(p.party).name;
    let effect = match p.notice {
        Some((amount, unit)) if amount > 0 => {
            format!("{} after its exercise", print::duration(amount, unit))
        }
        _ => "on the day of its exercise".to_string(),
    };
    let _ = match p.kind {
        ast::PowerKind::Terminate => {
            write!(s, "\n\n`{holder}` may terminate: the term ends {effect}")
        }
        ast::PowerKind::Exercise => write!(
            s,
            "\n\n`{holder}` may exercise it (an option or a refusal right): \
             clauses count from its exercise, the event `{}`",
            p.named.name
        ),
    };
    condition_lines(&mut s, a, &p.conditions);
    labelled_window(&mut s, c, "can be exercised", &p.window);
    with_doc(s, &p.named)
}

/// The end of the term as the contract resolves it ([`Contract::term_end`]):
/// the term's own end and the effect of each terminating power.
fn describe_term_end(c: &Contract) -> String {
    let Some(end) = c.term_end() else {
        return "**end of term**: never (the term has no end)".to_string();
    };
    let mut s = format!(
        "**end of term**: {}, the first day after the term",
        print::point(c, &end)
    );
    let mut events = Vec::new();
    end.events(&mut events);
    let day = end.eval(&|_| None);
    let when = day.map_or("never".to_string(), |d| {
        format!("{d} (the term's last day is {})", d.pred())
    });
    if !events.is_empty() {
        let _ = write!(s, "\n\n**if no event happens:** {when}");
    } else if !matches!(end, TimeExpr::Day(_)) {
        let _ = write!(s, "\n\n**day:** {when}");
    }
    s
}

/// What a clause's `survives` does, in words.
fn survival_words(survival: model::Survival) -> String {
    match survival {
        model::Survival::EndsWithTerm => "ends with the term".to_string(),
        model::Survival::Survives => "survives the term".to_string(),
        model::Survival::For { amount, unit } => {
            format!("survives the term for {}", print::duration(amount, unit))
        }
    }
}

/// The `survives` line of a clause of the main file under the cursor, with
/// the clause it is written in.
/// The `interest` declaration whose name is at `offset`, if any.
fn interest_at(
    a: &Analysis,
    offset: usize,
) -> Option<(&crate::model::interest::Interest, std::ops::Range<usize>)> {
    a.loaded.contract.interests.iter().find_map(|i| {
        let span = &i.named.name_span;
        (span.file == a.main && (span.range.contains(&offset) || span.range.end == offset))
            .then(|| (i, span.range.clone()))
    })
}

/// An `interest` declaration in words: its rate, first day, compounding and
/// the obligations it applies to, as the model resolved them.
fn describe_interest(a: &Analysis, i: &crate::model::interest::Interest) -> String {
    let c = &a.loaded.contract;
    let rate = crate::model::input::Valuation::new(c, crate::model::InputValues::none(c))
        .eval(&i.rate)
        .ok()
        .map(|v| print::amount(&v))
        .unwrap_or_else(|| "a rate given by the inputs".to_string());
    let start = match i.start_after {
        0 => "the due date".to_string(),
        1 => "the day after the due date".to_string(),
        n => format!("{n} days after the due date"),
    };
    let on = match &i.on {
        None => "every obligation with a due date and a `discharged by` event".to_string(),
        Some(ids) => ids
            .iter()
            .map(|&id| format!("`{}`", c.clause(id).named.name))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let rounding = i.rounding.as_ref().map_or_else(
        || {
            "not stated: a figure with no finite decimal is shown rounded to 0.01, saying so"
                .to_string()
        },
        |(_, q)| format!("to {q}"),
    );
    format!(
        "**interest** `{}` — {rate} a year ({}), from {start}, for each day through the day before payment; compounded on {}; rounding {rounding}. Applies to {on}.",
        i.named.name,
        i.basis.words(),
        i.compounding.words(),
    )
}

fn survives_at(a: &Analysis, offset: usize) -> Option<(&ast::Clause, std::ops::Range<usize>)> {
    let (_, tree) = a.loaded.trees.iter().find(|(f, _)| *f == a.main)?;
    tree.items.iter().find_map(|i| match i {
        ast::Item::Clause(k) => (k.survives.iter())
            .find(|l| l.span.contains(&offset) || l.span.end == offset)
            .map(|l| (k, l.span.clone())),
        _ => None,
    })
}

/// A `survives` line in words: how the clause survives the term, and until
/// when it is in force, as the contract resolves its end.
fn describe_survives(a: &Analysis, written: &ast::Clause) -> Option<String> {
    let c = &a.loaded.contract;
    let k = c.clauses.iter().find(|k| {
        k.named.name_span.file == a.main && k.named.name_span.range == written.name.span
    })?;
    let mut s = format!(
        "**survives** — clause `{}` {}",
        k.named.name,
        survival_words(k.survival)
    );
    let rule = match k.survival {
        model::Survival::EndsWithTerm => "",
        model::Survival::Survives => {
            ": the end of the term does not end it; its own window applies"
        }
        model::Survival::For { .. } => {
            ": it ends at the earlier of its own end and that long after the end of the term"
        }
    };
    s.push_str(rule);
    labelled_window(&mut s, c, "in force", &k.window);
    Some(s)
}

fn describe_subject(a: &Analysis, id: SubjectId) -> Option<String> {
    let c = &a.loaded.contract;
    let node = c.subjects.nodes.get(id.0 as usize)?;
    let mut s = format!("**subject** `{}`", node.path);
    if let Some(d) = &node.description {
        let _ = write!(s, " — {d}");
    }
    if !node.children.is_empty() {
        let kids: Vec<String> = node
            .children
            .iter()
            .map(|k| format!("`{}`", c.subjects.node(*k).name))
            .collect();
        let _ = write!(s, "\n\ncontains {}", kids.join(", "));
    }
    if let Some(doc) = model::doc_comment(a.text(node.file), node.span.start) {
        let _ = write!(s, "\n\n---\n\n{doc}");
    }
    Some(s)
}

fn describe_clause(a: &Analysis, k: &model::Clause) -> String {
    let c = &a.loaded.contract;
    let mut s = heading("clause", &k.named);
    if !k.sources.is_empty() {
        let _ = write!(s, " (source {})", k.sources.join(", "));
    }
    if let Some(section) = &k.section {
        let _ = write!(s, "\n\nin section `{section}`");
    }
    if !k.refers.is_empty() {
        let refs: Vec<String> = k.refers.iter().map(|r| format!("`{r}`")).collect();
        let _ = write!(s, "\n\nrefers to {}", refs.join(", "));
    }
    let _ = write!(s, "\n\n`{}`", print::norm(c, &k.norm));
    if let Some(a) = &k.amount {
        let _ = match &a.value {
            Some(v) => write!(s, "\n\n**amount:** {}", print::computed(c, &a.expr, v)),
            None => write!(
                s,
                "\n\n**amount:** `{}` (no value: see the diagnostics)",
                print::expression(c, &a.expr)
            ),
        };
    }
    condition_lines(&mut s, a, &k.conditions);
    window_lines(&mut s, c, &k.window);
    if c.term.is_some() {
        let _ = write!(s, "\n\n{}", survival_words(k.survival));
    }
    for other in &k.overrides {
        let word = if k.exception_to.contains(other) {
            "exception to"
        } else {
            "overrides"
        };
        let _ = write!(s, "\n\n{word} `{}`", c.clause(*other).named.name);
    }
    if let Some(next) = k.superseded_by {
        let newer = c.clause(next);
        let file = a.loaded.sources.path(newer.named.span.file);
        let from = c
            .versions
            .get(newer.version)
            .and_then(Version::start)
            .map_or(String::new(), |p| format!(" from {}", print::point(c, &p)));
        let _ = write!(s, "\n\nsuperseded by the version in `{file}`{from}");
    }
    with_doc(s, &k.named)
}

/// The window as written, in words, and, when it depends on events, the
/// days it gives when no event ever happens (the default scenario).
fn window_lines(s: &mut String, c: &Contract, w: &Window) {
    labelled_window(s, c, "window", w);
}

/// [`window_lines`] under another label than "window".
fn labelled_window(s: &mut String, c: &Contract, label: &str, w: &Window) {
    let _ = write!(s, "\n\n**{label}:** {}", print::window(c, w));
    let mut events = Vec::new();
    for p in w.from.iter().chain(w.until.iter()) {
        p.events(&mut events);
    }
    if !events.is_empty() {
        let _ = write!(
            s,
            "\n\n**if no event happens:** {}",
            print::in_force(w.resolve(&|_| None).as_ref())
        );
    }
}

fn describe_date(c: &Contract, d: &DateSite, written: &str) -> String {
    let Some(day) = d.day else {
        return format!("`{written}` is not a date in the calendar");
    };
    let mut s = if d.end_of {
        format!(
            "**{day}**: the end of `{}` (its last day is {})",
            written,
            day.pred()
        )
    } else {
        format!("**{day}**")
    };
    let starting = clauses_where(c, |i| i.from == Some(day));
    let ending = clauses_where(c, |i| i.until == Some(day));
    if starting.is_empty() && ending.is_empty() {
        let _ = write!(
            s,
            "\n\nno clause starts or ends on this day (if no event happens)"
        );
    }
    if !starting.is_empty() {
        let _ = write!(
            s,
            "\n\nclauses starting this day: {}",
            print::join_and(&starting)
        );
    }
    if !ending.is_empty() {
        let _ = write!(
            s,
            "\n\nclauses ending this day (last in force {}): {}",
            day.pred(),
            print::join_and(&ending)
        );
    }
    s
}

/// Clause names whose window, when no event happens, matches `pick`.
fn clauses_where(c: &Contract, pick: impl Fn(&Interval) -> bool) -> Vec<String> {
    let mut names: Vec<String> = c
        .clauses
        .iter()
        .filter(|k| k.window.resolve(&|_| None).is_some_and(|i| pick(&i)))
        .map(|k| format!("`{}`", k.named.name))
        .collect();
    names.dedup();
    names
}

fn describe_amended(a: &Analysis, file: FileId) -> String {
    let c = &a.loaded.contract;
    let version = c.versions.iter().find(|v| v.file == file);
    let mut s = format!("amends `{}`", a.loaded.sources.path(file));
    if let Some(title) = version.and_then(|v| v.title.as_ref()) {
        let _ = write!(s, "\n\n**contract** {title}");
    }
    if let Some(start) = version.and_then(Version::start) {
        let _ = write!(s, ", effective {}", print::point(c, &start));
    }
    s
}
