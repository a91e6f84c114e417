//! The resolved contract as data, for other tools: what `pactum export FILE
//! --format json` prints. docs/export.md documents the schema; every change
//! to its shape raises [`SCHEMA_VERSION`].
//!
//! Everything here is read from the resolved [`Contract`]: names are
//! resolved, subjects are the sets that exclusions leave (as the fewest
//! dotted paths), amendments are applied (every version of a clause is
//! listed, with the clause of the later file that ends it), and a clause's
//! window is the one the analyses read: its own lines, ended with the term
//! unless it survives, narrowed by its conditions. Windows and points are
//! put into words by the one printer, [`crate::print`], and given as
//! structured points as well, so that a tool need not parse the words.

use serde::Serialize;

use crate::model::{
    AssertKind, Contract, Day, Loaded, Named, QuantityType, Survival, TimeExpr, Window,
};
use crate::print;
use crate::syntax::ast::{PowerKind, TimeUnit};

/// The version of the export's schema (docs/export.md). It is raised when a
/// field is removed, renamed or changes meaning; a new field keeps it.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole export of one contract file with the history it amends.
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The program that wrote the export.
    pub tool: Tool,
    /// The contract files of the chain, oldest first; the last is the file
    /// exported. Items name their file by its index here (`version`).
    pub versions: Vec<VersionExport>,
    /// The parties and party groups.
    pub parties: Vec<PartyExport>,
    /// The declared actions.
    pub actions: Vec<Declaration>,
    /// The declared qualifiers (`on` scopes).
    pub qualifiers: Vec<Declaration>,
    /// Every node of the subject tree, parents before children.
    pub subjects: Vec<SubjectExport>,
    /// The events, with the constraints on when they can happen.
    pub events: Vec<EventExport>,
    /// The quantities that facts give values.
    pub quantities: Vec<QuantityExport>,
    /// The weekend and holidays business days count with.
    pub calendar: CalendarExport,
    /// The contract's term, if one is declared.
    pub term: Option<TermExport>,
    /// The powers of the parties.
    pub powers: Vec<PowerExport>,
    /// Every version of every clause, oldest file first.
    pub clauses: Vec<ClauseExport>,
    /// Every pair of clauses where one takes precedence over the other.
    pub precedence: Vec<PrecedenceExport>,
    /// Every version of every fact.
    pub facts: Vec<FactExport>,
    /// The assertions (`assert`), which `pactum check` verifies.
    pub assertions: Vec<AssertionExport>,
    /// The `cover` requirements.
    pub coverages: Vec<CoverageExport>,
    /// The agreement's declared sections.
    pub sections: Vec<SectionExport>,
}

/// The program that wrote an export.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// `pactum`.
    pub name: &'static str,
    /// Its version.
    pub version: &'static str,
}

/// One contract file of the chain.
#[derive(Debug, Clone, Serialize)]
pub struct VersionExport {
    /// The file as it was named.
    pub file: String,
    /// The contract's title, if written.
    pub title: Option<String>,
    /// The day the file takes effect, if written.
    pub effective: Option<Day>,
}

/// Where an item is written.
#[derive(Debug, Clone, Serialize)]
pub struct Location {
    /// The index of its file in `versions`.
    pub version: usize,
    /// The 1-based line where it starts.
    pub line: usize,
}

/// A declared name with its documentation.
#[derive(Debug, Clone, Serialize)]
pub struct Declaration {
    /// The name.
    pub name: String,
    /// The description in quotes, if written.
    pub description: Option<String>,
    /// The `///` comment above it, if any.
    pub doc: Option<String>,
    /// Where it is declared.
    pub at: Location,
}

/// A party, or a party group (`party group = a, b`).
#[derive(Debug, Clone, Serialize)]
pub struct PartyExport {
    /// The name and its documentation.
    #[serde(flatten)]
    pub declaration: Declaration,
    /// For a group, its members as written; empty for a plain party.
    pub members: Vec<String>,
    /// The plain parties it stands for (itself, for a plain party).
    pub stands_for: Vec<String>,
}

/// A node of the subject tree.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectExport {
    /// The dotted path, `openai_ip.models.weights`.
    pub path: String,
    /// The description in quotes, if written.
    pub description: Option<String>,
    /// The paths of its children; empty for a leaf.
    pub children: Vec<String>,
}

/// An event and the constraints on its day.
#[derive(Debug, Clone, Serialize)]
pub struct EventExport {
    /// The name and its documentation.
    #[serde(flatten)]
    pub declaration: Declaration,
    /// The party that brings it about, if written.
    pub by: Option<String>,
    /// The events it cannot come before: if it happens, each of these
    /// happened on or before its day (`not before`), or strictly before it
    /// (`after`, `strict: true`).
    pub after: Vec<EventOrder>,
    /// Windows its day must lie in, if it happens (`within 30 days after
    /// notice`, a power's exercise window).
    pub windows: Vec<WindowExport>,
    /// The power it is the exercise of, if any.
    pub exercise_of: Option<String>,
}

/// One ordering constraint of an event.
#[derive(Debug, Clone, Serialize)]
pub struct EventOrder {
    /// The event it follows.
    pub event: String,
    /// Strictly after (`after`) rather than on or after (`not before`).
    pub strict: bool,
}

/// A quantity and its type.
#[derive(Debug, Clone, Serialize)]
pub struct QuantityExport {
    /// The name and its documentation.
    #[serde(flatten)]
    pub declaration: Declaration,
    /// `percent`, `money` or `number`.
    #[serde(rename = "type")]
    pub ty: &'static str,
    /// The currency of a money quantity, if written.
    pub currency: Option<String>,
    /// `stake of holder in target`, if written.
    pub stake: Option<Stake>,
}

/// The parties of a stake quantity.
#[derive(Debug, Clone, Serialize)]
pub struct Stake {
    /// The party holding the stake.
    pub holder: String,
    /// The party the stake is in.
    pub target: String,
}

/// The business-day calendar.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarExport {
    /// The weekend days, Monday first (`saturday`, `sunday` by default).
    pub weekend: Vec<&'static str>,
    /// The declared holidays, sorted.
    pub holidays: Vec<Day>,
}

/// The contract's term.
#[derive(Debug, Clone, Serialize)]
pub struct TermExport {
    /// The description in quotes, if written.
    pub description: Option<String>,
    /// Its `source` references.
    pub sources: Vec<String>,
    /// Its window as written (the end of the initial period, for a term
    /// that renews).
    pub window: WindowExport,
    /// How it renews, if it does.
    pub renewal: Option<RenewalExport>,
    /// The end of the term, with renewals and every terminating power's
    /// effect: the point `end of term` stands for; `null` if it has none.
    pub end: Option<PointExport>,
    /// Where it is declared.
    pub at: Location,
}

/// `renews for 1 year, 3 times unless notice at least 90 days before`.
#[derive(Debug, Clone, Serialize)]
pub struct RenewalExport {
    /// The length of each renewal period, `1 year`.
    pub period: String,
    /// The most renewals; `null`: no limit.
    pub times: Option<u32>,
    /// The event that stops the renewal, if any.
    pub notice: Option<String>,
    /// How long before a period's end the notice must come, `90 days`.
    pub lead: Option<String>,
}

/// A power of a party.
#[derive(Debug, Clone, Serialize)]
pub struct PowerExport {
    /// The name (also its exercise event's) and its documentation.
    #[serde(flatten)]
    pub declaration: Declaration,
    /// Its `source` references.
    pub sources: Vec<String>,
    /// The party that holds it.
    pub party: String,
    /// `terminate` or `exercise`.
    pub kind: &'static str,
    /// How long after its exercise it takes effect, `60 days`; `null`:
    /// at once.
    pub notice: Option<String>,
    /// When it can be exercised.
    pub window: WindowExport,
}

/// One version of a clause.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseExport {
    /// The name and its documentation.
    #[serde(flatten)]
    pub declaration: Declaration,
    /// Its `source` references.
    pub sources: Vec<String>,
    /// The section it is in, if written.
    pub section: Option<String>,
    /// The sections it cites.
    pub refers: Vec<String>,
    /// The norm in words, as Pactum writes it ([`print::norm`]).
    pub norm: String,
    /// The party it binds or entitles.
    pub party: String,
    /// `may`, `must` or `must_not`.
    pub modality: &'static str,
    /// Written `only`: an exclusive right.
    pub exclusive: bool,
    /// The action.
    pub action: String,
    /// The subjects after exclusions, as the fewest dotted paths.
    pub subjects: Vec<String>,
    /// The parties it is directed to; `null`: anyone.
    pub to: Option<Vec<String>>,
    /// The qualifiers it is limited to; `null`: no limit.
    pub on: Option<Vec<String>>,
    /// When it is in force: its own lines, ended with the term unless it
    /// survives, narrowed by its conditions.
    pub window: WindowExport,
    /// `ends_with_term`, `survives`, or `survives for` a period.
    pub survival: String,
    /// The clause of a later file that ends this version, if any.
    pub superseded_by: Option<ItemRef>,
    /// The codes its `allow` lines allow, with their reasons.
    pub allows: Vec<AllowExport>,
}

/// An `allow CODE "reason"` line.
#[derive(Debug, Clone, Serialize)]
pub struct AllowExport {
    /// The code as written.
    pub code: String,
    /// Why.
    pub reason: String,
}

/// One version of a clause or fact, named: an item that a later file amends
/// has a version in each file, under the same name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRef {
    /// The clause's name.
    pub name: String,
    /// The index in `versions` of the file this version is written in.
    pub version: usize,
}

/// One precedence between two clauses.
#[derive(Debug, Clone, Serialize)]
pub struct PrecedenceExport {
    /// The clause that takes precedence where both apply.
    pub clause: ItemRef,
    /// The clause it takes precedence over.
    pub over: ItemRef,
    /// `overrides` or `exception_to`, as written.
    pub kind: &'static str,
}

/// One version of a fact.
#[derive(Debug, Clone, Serialize)]
pub struct FactExport {
    /// The name and its documentation.
    #[serde(flatten)]
    pub declaration: Declaration,
    /// Its `source` references.
    pub sources: Vec<String>,
    /// The quantity it gives a value.
    pub quantity: String,
    /// The number; `null` for `tbd`.
    pub value: Option<f64>,
    /// `%`, a currency code, or `null`.
    pub unit: Option<String>,
    /// The value as written, `27 %`, `USD 250 billion`, `tbd`.
    pub text: String,
    /// When it holds.
    pub window: WindowExport,
    /// The fact of a later file that ends this version, if any.
    pub superseded_by: Option<ItemRef>,
}

/// An assertion.
#[derive(Debug, Clone, Serialize)]
pub struct AssertionExport {
    /// The name and its documentation.
    #[serde(flatten)]
    pub declaration: Declaration,
    /// Its `source` references.
    pub sources: Vec<String>,
    /// `always`, `never`, `exactly` or `no_conflicts`.
    pub kind: &'static str,
    /// The dates it speaks of.
    pub window: WindowExport,
}

/// A `cover` requirement.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageExport {
    /// The name and its documentation.
    #[serde(flatten)]
    pub declaration: Declaration,
    /// Its `source` references.
    pub sources: Vec<String>,
    /// The party.
    pub party: String,
    /// The action.
    pub action: String,
    /// The subjects that must stay governed.
    pub subjects: Vec<String>,
    /// When.
    pub window: WindowExport,
}

/// A declared section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionExport {
    /// Its id, `9.13`.
    pub id: String,
    /// Its heading, if written.
    pub heading: Option<String>,
}

/// A window: in words, and its two ends as points.
#[derive(Debug, Clone, Serialize)]
pub struct WindowExport {
    /// The window in words, last day included ([`print::window`]).
    pub words: String,
    /// The first day it is in force; `null` reaches back forever.
    pub from: Option<PointExport>,
    /// The first day it is no longer in force (exclusive); `null`: no end.
    pub until: Option<PointExport>,
    /// Written `indefinitely`: no end, on purpose.
    pub indefinite: bool,
}

/// A point in time: in words ([`print::point`]) and as a structure.
#[derive(Debug, Clone, Serialize)]
pub struct PointExport {
    /// The point in words.
    pub words: String,
    /// The point as a structure.
    pub point: Point,
}

/// A point in time as a structure (docs/export.md, "Points").
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Point {
    /// A calendar day.
    Day(Day),
    /// The day an event happens, or never.
    Event(String),
    /// A number of units after or before another point.
    Offset {
        /// How many units.
        amount: u32,
        /// `day`, `week`, `month`, `year` or `business_day`.
        unit: &'static str,
        /// `after` or `before`.
        direction: &'static str,
        /// The point counted from.
        from: Box<Point>,
    },
    /// The earliest of the points that come; never if none does (an empty
    /// list never comes).
    First(Vec<Point>),
    /// The latest of the points; never if any of them never comes.
    Last(Vec<Point>),
    /// `point`, unless `event` happens strictly before `before`: then never.
    Unless {
        /// The day it falls on when it comes.
        point: Box<Point>,
        /// The event that keeps it from coming.
        event: String,
        /// The point the event must come before.
        before: Box<Point>,
    },
    /// The end of a term that renews until a notice stops it.
    Renewed {
        /// The end of the initial period.
        end: Box<Point>,
        /// The length of each renewal, `1 year`.
        period: String,
        /// The most renewals; `null`: no limit.
        times: Option<u32>,
        /// The event that stops the renewal.
        notice: String,
        /// How long before a period's end it must come.
        lead: String,
    },
}

/// The export of a loaded contract. The caller decides what to do with a
/// contract that has errors; the export of one is the part that resolved.
pub fn export(loaded: &Loaded) -> Export {
    let c = &loaded.contract;
    let at = |span: &crate::diagnostics::Span| Location {
        version: c
            .versions
            .iter()
            .position(|v| v.file == span.file)
            .unwrap_or(c.versions.len().saturating_sub(1)),
        line: loaded.sources.line_col(&span.file, span.range.start).0,
    };
    let declaration = |n: &Named| Declaration {
        name: n.name.clone(),
        description: n.description.clone(),
        doc: n.doc.clone(),
        at: at(&n.span),
    };
    let party = |p: crate::model::PartyId| c.party(p).name.clone();
    let window = |w: &Window| window(c, w);
    let item_ref = |id: crate::model::ClauseId| ItemRef {
        name: c.clause(id).named.name.clone(),
        version: c.clause(id).version,
    };

    let parties = c
        .parties
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let id = crate::model::PartyId(i as u32);
            let members = c.group_members.get(i).cloned().unwrap_or_default();
            let stands_for = match c.party_members(id) {
                [] => vec![n.name.clone()],
                many => many.iter().map(|&m| party(m)).collect(),
            };
            PartyExport {
                declaration: declaration(n),
                members: members.into_iter().map(party).collect(),
                stands_for,
            }
        })
        .collect();
    let subjects = c
        .subjects
        .nodes
        .iter()
        .map(|node| SubjectExport {
            path: node.path.clone(),
            description: node.description.clone(),
            children: (node.children.iter())
                .map(|&ch| c.subjects.node(ch).path.clone())
                .collect(),
        })
        .collect();
    let events = c
        .event_ids()
        .map(|e| {
            let ev = c.event(e);
            EventExport {
                declaration: declaration(&ev.named),
                by: ev.by.map(party),
                after: (ev.after.iter())
                    .map(|&(o, strict)| EventOrder {
                        event: c.event(o).named.name.clone(),
                        strict,
                    })
                    .collect(),
                windows: ev.windows.iter().map(|w| window(&w.window)).collect(),
                exercise_of: (c.powers.iter())
                    .find(|p| p.event == e)
                    .map(|p| p.named.name.clone()),
            }
        })
        .collect();
    let quantities = c
        .quantities
        .iter()
        .map(|q| QuantityExport {
            declaration: declaration(&q.named),
            ty: match q.ty {
                QuantityType::Percent => "percent",
                QuantityType::Money(_) => "money",
                QuantityType::Number => "number",
            },
            currency: match &q.ty {
                QuantityType::Money(currency) => currency.clone(),
                _ => None,
            },
            stake: q.stake.map(|(holder, target)| Stake {
                holder: party(holder),
                target: party(target),
            }),
        })
        .collect();
    let calendar = CalendarExport {
        weekend: (c.calendar.weekend().iter())
            .map(|&d| crate::model::time::WEEKDAYS[usize::from(d)])
            .collect(),
        holidays: c.calendar.holidays().to_vec(),
    };
    let term = c.term.as_ref().map(|t| TermExport {
        description: t.named.description.clone(),
        sources: t.sources.clone(),
        window: window(&t.window),
        renewal: t.renewal.as_ref().map(|r| RenewalExport {
            period: print::duration(r.period.0, r.period.1),
            times: r.times,
            notice: r.notice.map(|(e, _)| c.event(e).named.name.clone()),
            lead: r.notice.map(|(_, (n, unit))| print::duration(n, unit)),
        }),
        end: c.term_end().map(|p| point_export(c, &p)),
        at: at(&t.named.span),
    });
    let powers = c
        .powers
        .iter()
        .map(|p| PowerExport {
            declaration: declaration(&p.named),
            sources: p.sources.clone(),
            party: party(p.party),
            kind: match p.kind {
                PowerKind::Terminate => "terminate",
                PowerKind::Exercise => "exercise",
            },
            notice: p
                .notice
                .filter(|(n, _)| *n > 0)
                .map(|(n, unit)| print::duration(n, unit)),
            window: window(&p.window),
        })
        .collect();
    let clauses = c
        .clauses
        .iter()
        .map(|cl| {
            let n = &cl.norm;
            ClauseExport {
                declaration: declaration(&cl.named),
                sources: cl.sources.clone(),
                section: cl.section.clone(),
                refers: cl.refers.clone(),
                norm: print::norm(c, n),
                party: party(n.party),
                modality: n.modality.as_str(),
                exclusive: n.exclusive,
                action: c.action(n.action).name.clone(),
                subjects: c.subjects.describe(&n.subjects),
                to: (n.to.as_ref()).map(|ps| ps.iter().map(|&p| party(p)).collect()),
                on: (n.on.as_ref())
                    .map(|qs| qs.iter().map(|&q| c.qualifier(q).name.clone()).collect()),
                window: window(&cl.window),
                survival: match cl.survival {
                    Survival::EndsWithTerm => "ends_with_term".to_string(),
                    Survival::Survives => "survives".to_string(),
                    Survival::For { amount, unit } => {
                        format!("survives for {}", print::duration(amount, unit))
                    }
                },
                superseded_by: cl.superseded_by.map(item_ref),
                allows: (cl.allows.iter())
                    .map(|a| AllowExport {
                        code: a.code.clone(),
                        reason: a.reason.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let mut precedence = Vec::new();
    for id in c.clause_ids() {
        let cl = c.clause(id);
        for &o in &cl.overrides {
            precedence.push(PrecedenceExport {
                clause: item_ref(id),
                over: item_ref(o),
                kind: if cl.exception_to.contains(&o) {
                    "exception_to"
                } else {
                    "overrides"
                },
            });
        }
    }
    let facts = c
        .facts
        .iter()
        .map(|f| FactExport {
            declaration: declaration(&f.named),
            sources: f.sources.clone(),
            quantity: c.quantity(f.quantity).named.name.clone(),
            value: f.value.number(),
            unit: f.value.unit(),
            text: f.value.to_string(),
            window: window(&f.window),
            superseded_by: f.superseded_by.map(|s| ItemRef {
                name: c.fact(s).named.name.clone(),
                version: c.fact(s).version,
            }),
        })
        .collect();
    let assertions = c
        .assertions
        .iter()
        .map(|a| AssertionExport {
            declaration: declaration(&a.named),
            sources: a.sources.clone(),
            kind: match a.kind {
                AssertKind::Always => "always",
                AssertKind::Never => "never",
                AssertKind::Exactly => "exactly",
                AssertKind::NoConflicts => "no_conflicts",
            },
            window: window(&a.window),
        })
        .collect();
    let coverages = c
        .coverages
        .iter()
        .map(|cv| CoverageExport {
            declaration: declaration(&cv.named),
            sources: cv.sources.clone(),
            party: party(cv.party),
            action: c.action(cv.action).name.clone(),
            subjects: c.subjects.describe(&cv.subjects),
            window: window(&cv.window),
        })
        .collect();
    Export {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "pactum",
            version: env!("CARGO_PKG_VERSION"),
        },
        versions: c
            .versions
            .iter()
            .map(|v| VersionExport {
                file: loaded.sources.path(v.file).to_string(),
                title: v.title.clone(),
                effective: v.effective,
            })
            .collect(),
        parties,
        actions: c.actions.iter().map(declaration).collect(),
        qualifiers: c.qualifiers.iter().map(declaration).collect(),
        subjects,
        events,
        quantities,
        calendar,
        term,
        powers,
        clauses,
        precedence,
        facts,
        assertions,
        coverages,
        sections: c
            .sections
            .iter()
            .map(|s| SectionExport {
                id: s.id.clone(),
                heading: s.heading.clone(),
            })
            .collect(),
    }
}

fn window(c: &Contract, w: &Window) -> WindowExport {
    WindowExport {
        words: print::window(c, w),
        from: w.from.as_ref().map(|p| point_export(c, p)),
        until: w.until.as_ref().map(|p| point_export(c, p)),
        indefinite: w.indefinite,
    }
}

fn point_export(c: &Contract, p: &TimeExpr) -> PointExport {
    PointExport {
        words: print::point(c, p),
        point: point(c, p),
    }
}

fn unit_name(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::BusinessDay => "business_day",
        other => other.word(),
    }
}

fn point(c: &Contract, p: &TimeExpr) -> Point {
    let event = |e: crate::model::EventId| c.event(e).named.name.clone();
    let direction = |forward: bool| if forward { "after" } else { "before" };
    match p {
        TimeExpr::Day(d) => Point::Day(*d),
        TimeExpr::Event(e) => Point::Event(event(*e)),
        TimeExpr::Offset {
            base,
            amount,
            unit,
            forward,
        } => Point::Offset {
            amount: *amount,
            unit: unit_name(*unit),
            direction: direction(*forward),
            from: Box::new(point(c, base)),
        },
        TimeExpr::BusinessDays {
            base,
            amount,
            forward,
            ..
        } => Point::Offset {
            amount: *amount,
            unit: unit_name(TimeUnit::BusinessDay),
            direction: direction(*forward),
            from: Box::new(point(c, base)),
        },
        TimeExpr::First(items) => Point::First(items.iter().map(|i| point(c, i)).collect()),
        TimeExpr::Last(items) => Point::Last(items.iter().map(|i| point(c, i)).collect()),
        TimeExpr::Unless {
            point: at,
            event: e,
            before,
        } => Point::Unless {
            point: Box::new(point(c, at)),
            event: event(*e),
            before: Box::new(point(c, before)),
        },
        TimeExpr::Renewed {
            end,
            period,
            times,
            notice,
            lead,
        } => Point::Renewed {
            end: Box::new(point(c, end)),
            period: print::duration(period.0, period.1),
            times: *times,
            notice: event(*notice),
            lead: print::duration(lead.0, lead.1),
        },
    }
}
