//! The timeline as one self-contained HTML page: inline CSS, one inline SVG
//! per scenario, a few lines of inline script for the scenario picker, no
//! network and no fonts beyond the system's. It lays out a [`Timeline`]
//! and puts it into words through [`crate::print`]; it decides nothing
//! about what is in force.
//!
//! Every bar, marker and highlight carries data attributes (docs/timeline.md)
//! so that a test, or a reader's script, can check it against the library:
//! `data-from` and `data-until` are the bar's days (ISO dates, half-open
//! like the library's windows, empty when unbounded), and each `svg` says
//! how days map to x (`data-from`, `data-until`, `data-plot-x`,
//! `data-plot-width`).
//!
//! [`render_comparison`] draws two versions on one page from a
//! [`Comparison`]: per scenario, the old version's picture above the new
//! one's on the same axis, then the changes the diff reports; the picker,
//! the script and the patterns are the single page's, so ids stay unique.

use std::fmt::Write;

use super::{Bar, Comparison, Kind, Timeline, View};
use crate::analysis::diff;
use crate::model::{Contract, Day, Interval};
use crate::print;
use crate::semantics::clause_interval;

/// Width of the column of row names, in SVG units.
const LABEL_W: f64 = 250.0;
/// Width of the plot, in SVG units.
const PLOT_W: f64 = 1000.0;
/// Room right of the plot.
const RIGHT: f64 = 20.0;
/// Height of the axis and event labels above the rows.
const TOP: f64 = 64.0;
/// Height of a row.
const ROW_H: f64 = 20.0;
/// Height of a lane's heading.
const LANE_H: f64 = 24.0;
/// Room below the rows for the version labels.
const BOTTOM: f64 = 44.0;

/// Text for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Markdown-style backticks, as the printer writes names, turned into code.
fn words(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in esc(text).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// An optional day as a data attribute: ISO date, or empty when unbounded.
fn iso(day: Option<Day>) -> String {
    day.filter(|d| d.in_calendar())
        .map_or_else(String::new, |d| d.to_string())
}

/// How days map to x in every scenario's picture.
struct Axis {
    from: Day,
    until: Day,
}

impl Axis {
    /// The x of the start of `day` (clamped to the plot).
    fn x(&self, day: Day) -> f64 {
        let span = f64::from((self.until.0 - self.from.0).max(1));
        let at = f64::from(day.0.clamp(self.from.0, self.until.0) - self.from.0);
        LABEL_W + at / span * PLOT_W
    }

    /// The part of an interval that is shown, as x from and to; `None` when
    /// it lies outside the range.
    fn span(&self, i: &Interval) -> Option<(f64, f64)> {
        let from = i.from.map_or(self.from, |d| d.max(self.from));
        let until = i.until.map_or(self.until, |d| d.min(self.until));
        (from < until).then(|| (self.x(from), self.x(until)))
    }

    /// The ticks: a label and a day, every month, quarter or year as the
    /// range allows.
    fn ticks(&self) -> Vec<(String, Day)> {
        use chrono::Datelike;
        let (a, b) = (self.from.date(), self.until.date());
        let months = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
        let step = match months {
            ..=18 => 1,
            19..=48 => 3,
            49..=240 => 12,
            241..=600 => 60,
            _ => 120,
        };
        let mut out = Vec::new();
        let (mut y, mut m) = (a.year(), a.month() as i32);
        while let Some(day) = Day::from_ymd(y, m as u32, 1) {
            if day >= self.until || out.len() > 400 {
                break;
            }
            let yearly = step >= 12;
            let fits = if yearly {
                m == 1 && y.rem_euclid(step / 12) == 0
            } else {
                (m - 1) % step == 0
            };
            if day >= self.from && fits {
                let label = if yearly || m == 1 {
                    format!("{y}")
                } else {
                    format!("{y}-{m:02}")
                };
                out.push((label, day));
            }
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
        out
    }
}

const STYLE: &str = r#"
:root { --may:#2e8b57; --must:#1f6fb2; --must-not:#c0392b; --only:#7d3c98; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 16px 20px; color:#222; background:#fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
p.range { margin: 0 0 10px; color:#555; }
.controls { display:flex; flex-wrap:wrap; gap:16px; align-items:center; margin: 8px 0 10px; }
select { font: inherit; max-width: 900px; }
.legend span { display:inline-flex; align-items:center; gap:4px; margin-right:12px; }
.legend i { display:inline-block; width:22px; height:10px; border-radius:2px; }
i.may { background:var(--may); } i.must { background:var(--must); }
i.must-not { background:var(--must-not); } i.only { background:var(--only); }
i.conflict { background: repeating-linear-gradient(45deg,#e74c3c 0 3px,transparent 3px 6px); outline:1px solid #e74c3c; }
i.gap { background: repeating-linear-gradient(-45deg,#e67e22 0 3px,transparent 3px 6px); outline:1px solid #e67e22; }
svg.timeline { display:block; max-width:100%; height:auto; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", sans-serif; fill:#222; }
svg .lane-name { font-weight: 600; }
svg .tick { stroke:#e3e3e3; } svg .tick-label { fill:#666; font-size:11px; }
svg .row-bg { fill:#f7f7f7; }
svg .bar { stroke:#0003; stroke-width:0.5; }
svg .bar.may { fill:var(--may); } svg .bar.must { fill:var(--must); }
svg .bar.must-not { fill:var(--must-not); } svg .bar.only { fill:var(--only); }
svg .bar.overridden { fill-opacity:0.6; stroke-dasharray:4 2; stroke:#000; stroke-width:1; }
svg .bar:hover { stroke:#000; stroke-width:1.5; }
svg .open { fill:#0008; }
svg .conflict { fill:url(#hatch-conflict); stroke:#e74c3c; stroke-width:1.2; }
svg .gap { fill:url(#hatch-gap); stroke:#e67e22; stroke-width:1.2; }
svg .event { stroke:#333; stroke-width:1.2; }
svg .event-label { font-size:11px; font-weight:600; }
svg .version { stroke:#888; stroke-width:1.2; stroke-dasharray:5 4; }
svg .version-label { fill:#555; font-size:11px; }
ul.findings { margin: 6px 0 18px; padding-left: 20px; }
ul.findings li.conflict::marker { color:#e74c3c; } ul.findings li.gap::marker { color:#e67e22; }
.notes { color:#555; }
h2 { font-size: 16px; margin: 14px 0 4px; }
div.side[data-side="old"] h2 { color:#555; }
ul.changes { margin: 6px 0 18px; padding-left: 20px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background:#f3f3f3; padding:0 2px; border-radius:2px; }
"#;

const SCRIPT: &str = r#"
(function () {
  var pick = document.getElementById('scenario');
  var views = document.querySelectorAll('section.view');
  function show(i) {
    for (var k = 0; k < views.length; k++) { views[k].hidden = String(k) !== String(i); }
    pick.value = String(i);
  }
  pick.addEventListener('change', function () {
    show(pick.value);
    history.replaceState(null, '', '#scenario=' + pick.value);
  });
  var m = /scenario=(\d+)/.exec(location.hash);
  if (m && Number(m[1]) < views.length) { show(m[1]); }
})();
"#;

/// The page for `timeline` of `contract`.
pub fn render(contract: &Contract, timeline: &Timeline) -> String {
    let axis = Axis {
        from: timeline.from,
        until: timeline.until,
    };
    let title = timeline.title.as_deref().unwrap_or("contract");
    let mut out = String::new();
    head(&mut out, title, timeline);
    controls(&mut out, timeline);
    for (i, view) in timeline.views.iter().enumerate() {
        section_start(&mut out, i);
        picture(&mut out, contract, timeline, &axis, view, "");
        out.push_str("</section>\n");
    }
    notes(&mut out, &timeline.notes, "Not shown:");
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

/// A version of a contract as the compared page names it.
#[derive(Debug, Clone, Copy)]
pub struct Version<'a> {
    /// The resolved contract (with the versions it amends).
    pub contract: &'a Contract,
    /// Its file, as the user named it.
    pub file: &'a str,
}

/// The page for two versions of a contract, one picture above the other
/// over the same days, with one scenario picker (the new version's
/// scenarios) and the changes `analysis::diff` reports in each scenario.
pub fn render_comparison(old: Version, new: Version, comparison: &Comparison) -> String {
    let axis = Axis {
        from: comparison.new.from,
        until: comparison.new.until,
    };
    let name = |t: &Timeline| t.title.clone().unwrap_or_else(|| "contract".into());
    let title = format!(
        "{} compared with {}",
        name(&comparison.new),
        name(&comparison.old)
    );
    let mut out = String::new();
    head(&mut out, &title, &comparison.new);
    controls(&mut out, &comparison.new);
    for i in 0..comparison.new.views.len() {
        section_start(&mut out, i);
        for (side, version, timeline) in
            [("old", old, &comparison.old), ("new", new, &comparison.new)]
        {
            // The old version is drawn in the new version's scenarios,
            // one view for each.
            let Some(view) = timeline.views.get(i) else {
                continue;
            };
            let _ = writeln!(
                out,
                "<div class=\"side\" data-side=\"{side}\">\n<h2>{side}: {} <code>{}</code></h2>",
                esc(&name(timeline)),
                esc(version.file)
            );
            picture(
                &mut out,
                version.contract,
                timeline,
                &axis,
                view,
                &format!(" data-side=\"{side}\""),
            );
            out.push_str("</div>\n");
        }
        changes_list(
            &mut out,
            comparison.changes.get(i).map_or(&[], Vec::as_slice),
        );
        out.push_str("</section>\n");
    }
    notes(
        &mut out,
        &comparison.old.notes,
        "Not shown in the old version:",
    );
    notes(&mut out, &comparison.new.notes, "Not shown:");
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

/// The document up to the heading and the range in words.
fn head(out: &mut String, title: &str, timeline: &Timeline) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Timeline: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(title));
    let last = timeline.until.pred();
    let _ = writeln!(
        out,
        "<p class=\"range\">Who holds which right, duty and prohibition on which day, \
         {}. Hover a bar for its clause, norm, window and source.</p>",
        esc(&print::interval(&Interval {
            from: Some(timeline.from),
            until: Some(last.succ()),
        }))
    );
}

/// The scenario picker, the legend and the patterns every picture uses.
fn controls(out: &mut String, timeline: &Timeline) {
    out.push_str("<div class=\"controls\">\n<label>Scenario: <select id=\"scenario\">\n");
    for (i, v) in timeline.views.iter().enumerate() {
        let _ = writeln!(
            out,
            "<option value=\"{i}\"{}>{}</option>",
            if i == 0 { " selected" } else { "" },
            esc(&v.label.replace('`', ""))
        );
    }
    out.push_str("</select></label>\n<div class=\"legend\">");
    for kind in [
        Kind::Permission,
        Kind::Obligation,
        Kind::Prohibition,
        Kind::Exclusive,
    ] {
        let _ = write!(
            out,
            "<span><i class=\"{}\"></i>{}</span>",
            kind.key(),
            kind.word()
        );
    }
    out.push_str(
        "<span><i class=\"conflict\"></i>conflict</span>\
         <span><i class=\"gap\"></i>coverage gap</span></div>\n</div>\n",
    );
    // Patterns shared by every picture of the page.
    out.push_str(
        "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>\
         <pattern id=\"hatch-conflict\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"6\" fill=\"#e74c3c\" \
         fill-opacity=\"0.55\"/></pattern>\
         <pattern id=\"hatch-gap\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(-45)\"><rect width=\"3\" height=\"6\" fill=\"#e67e22\" \
         fill-opacity=\"0.6\"/></pattern></defs></svg>\n",
    );
}

/// What the page leaves out, under `heading`.
fn notes(out: &mut String, notes: &[String], heading: &str) {
    if notes.is_empty() {
        return;
    }
    let _ = writeln!(out, "<div class=\"notes\"><p>{heading}</p><ul>");
    for n in notes {
        let _ = writeln!(out, "<li>{}</li>", words(n));
    }
    out.push_str("</ul></div>\n");
}

/// The changes of one scenario in words, under its pictures.
fn changes_list(out: &mut String, changes: &[diff::Change]) {
    out.push_str("<h2>What changed in this scenario</h2>\n");
    if changes.is_empty() {
        out.push_str("<p class=\"notes\">No normative change in this scenario.</p>\n");
        return;
    }
    out.push_str("<ul class=\"changes\">\n");
    for c in changes {
        let only = if c.exclusive { "only " } else { "" };
        let mut line = format!(
            "{} {only}`{}` {} `{}` {}",
            c.kind.word(),
            c.party,
            c.modality,
            c.action,
            c.window
        );
        for (word, parts) in [("gains", &c.gained), ("loses", &c.lost)] {
            for p in parts {
                let _ = write!(line, "; {word} {}", p.words());
            }
        }
        let _ = writeln!(
            out,
            "<li class=\"change\" data-kind=\"{}\" data-party=\"{}\" data-from=\"{}\" \
             data-until=\"{}\">{}</li>",
            c.kind.word(),
            esc(&c.party),
            iso(c.interval.from),
            iso(c.interval.until),
            words(&line)
        );
    }
    out.push_str("</ul>\n");
}

/// Opens the section of scenario `index`; only the first is shown at first.
fn section_start(out: &mut String, index: usize) {
    let _ = writeln!(
        out,
        "<section class=\"view\" data-scenario=\"{index}\"{}>",
        if index == 0 { "" } else { " hidden" }
    );
}

/// The y of each row's top, by lane and row, and the total height.
fn layout(timeline: &Timeline) -> (Vec<Vec<f64>>, f64) {
    let mut y = TOP;
    let mut tops = Vec::new();
    for lane in &timeline.lanes {
        y += LANE_H;
        let mut rows = Vec::new();
        for _ in &lane.rows {
            rows.push(y);
            y += ROW_H;
        }
        tops.push(rows);
        y += 6.0;
    }
    (tops, y + BOTTOM)
}

/// One scenario's picture of `timeline` and its findings in words; `attrs`
/// are further attributes of the `svg`.
fn picture(
    out: &mut String,
    contract: &Contract,
    timeline: &Timeline,
    axis: &Axis,
    view: &View,
    attrs: &str,
) {
    let (tops, height) = layout(timeline);
    let width = LABEL_W + PLOT_W + RIGHT;
    let plot_bottom = height - BOTTOM;
    let _ = writeln!(
        out,
        "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" \
         height=\"{height}\" viewBox=\"0 0 {width} {height}\" data-from=\"{}\" data-until=\"{}\" \
         data-plot-x=\"{LABEL_W}\" data-plot-width=\"{PLOT_W}\"{attrs} role=\"img\" aria-label=\"{}\">",
        axis.from,
        axis.until,
        esc(&view.label)
    );
    // Axis: a line and a label per tick.
    for (label, day) in axis.ticks() {
        let x = axis.x(day);
        let _ = writeln!(
            out,
            "<line class=\"tick\" x1=\"{x:.2}\" x2=\"{x:.2}\" y1=\"{}\" y2=\"{plot_bottom}\"/>\
             <text class=\"tick-label\" x=\"{:.2}\" y=\"{}\" data-day=\"{day}\">{label}</text>",
            TOP - 4.0,
            x + 2.0,
            TOP - 6.0
        );
    }
    // Lanes and rows.
    for (l, lane) in timeline.lanes.iter().enumerate() {
        let y = tops[l].first().copied().unwrap_or(TOP) - LANE_H;
        let description = lane
            .description
            .as_deref()
            .map_or(String::new(), |d| format!(" — {d}"));
        let _ = writeln!(
            out,
            "<text class=\"lane-name\" x=\"4\" y=\"{:.1}\" data-party=\"{}\">{}<title>{}{}</title></text>",
            y + 17.0,
            esc(&lane.party),
            esc(&lane.party),
            esc(&lane.party),
            esc(&description)
        );
        for (r, row) in lane.rows.iter().enumerate() {
            let top = tops[l][r];
            if r % 2 == 0 {
                let _ = writeln!(
                    out,
                    "<rect class=\"row-bg\" x=\"0\" y=\"{top}\" width=\"{width}\" height=\"{ROW_H}\"/>"
                );
            }
            let name = match row.coverage {
                Some(_) => format!("cover {}", row.name),
                None => row.name.clone(),
            };
            let shown: String = if name.chars().count() > 34 {
                name.chars().take(33).chain(['…']).collect()
            } else {
                name.clone()
            };
            let _ = writeln!(
                out,
                "<text class=\"row-name\" x=\"14\" y=\"{:.1}\">{}<title>{}</title></text>",
                top + 14.0,
                esc(&shown),
                esc(&name)
            );
        }
    }
    for bar in &view.bars {
        bar_svg(out, contract, axis, &tops, view, bar);
    }
    let row_of = |c| {
        view.bars
            .iter()
            .find(|b| b.clause == c)
            .map(|b| tops[b.lane][b.row])
    };
    for c in &view.conflicts {
        let Some((x1, x2)) = axis.span(&c.interval) else {
            continue;
        };
        let (a, b) = (
            &contract.clause(c.primary).named.name,
            &contract.clause(c.other).named.name,
        );
        let tip = format!(
            "conflict ({}): `{a}` and `{b}` are both in force {} with no precedence between them",
            c.code,
            print::interval(&c.interval)
        );
        for top in [row_of(c.primary), row_of(c.other)].into_iter().flatten() {
            let _ = writeln!(
                out,
                "<rect class=\"conflict\" x=\"{x1:.2}\" y=\"{:.1}\" width=\"{:.2}\" height=\"{:.1}\" \
                 data-primary=\"{}\" data-other=\"{}\" data-from=\"{}\" data-until=\"{}\"><title>{}</title></rect>",
                top + 1.0,
                (x2 - x1).max(1.0),
                ROW_H - 2.0,
                esc(a),
                esc(b),
                iso(c.interval.from),
                iso(c.interval.until),
                esc(&tip.replace('`', ""))
            );
        }
    }
    for g in &view.gaps {
        let Some((x1, x2)) = axis.span(&g.interval) else {
            continue;
        };
        let row = &timeline.lanes[g.lane].rows[g.row];
        let tip = format!(
            "coverage gap: {} ungoverned {} (cover {})",
            g.subjects,
            print::interval(&g.interval),
            row.name
        );
        let _ = writeln!(
            out,
            "<rect class=\"gap\" x=\"{x1:.2}\" y=\"{:.1}\" width=\"{:.2}\" height=\"{:.1}\" \
             data-cover=\"{}\" data-from=\"{}\" data-until=\"{}\"><title>{}</title></rect>",
            tops[g.lane][g.row] + 3.0,
            (x2 - x1).max(1.0),
            ROW_H - 6.0,
            esc(&row.name),
            iso(g.interval.from),
            iso(g.interval.until),
            esc(&tip.replace('`', ""))
        );
    }
    // Versions: a dashed line at each effective date, labelled below.
    for (k, v) in timeline.versions.iter().enumerate() {
        if v.effective < axis.from || v.effective >= axis.until {
            continue;
        }
        let x = axis.x(v.effective);
        let label = format!(
            "v{} {}: {}",
            v.index + 1,
            v.title.as_deref().unwrap_or("contract"),
            v.effective
        );
        let _ = writeln!(
            out,
            "<line class=\"version\" x1=\"{x:.2}\" x2=\"{x:.2}\" y1=\"{TOP}\" y2=\"{:.1}\" \
             data-version=\"{}\" data-day=\"{}\"/><text class=\"version-label\" x=\"{:.2}\" y=\"{:.1}\" \
             text-anchor=\"{}\">{}<title>{}</title></text>",
            plot_bottom + 4.0,
            v.index + 1,
            v.effective,
            x,
            plot_bottom + 18.0 + 14.0 * (k % 2) as f64,
            if x > LABEL_W + PLOT_W * 0.7 { "end" } else { "start" },
            esc(&shorten(&label, 60)),
            esc(&label)
        );
    }
    // Events: a solid line at each day, labelled above, staggered.
    for (k, e) in view.events.iter().enumerate() {
        if e.day < axis.from || e.day >= axis.until {
            continue;
        }
        let x = axis.x(e.day);
        let tip = format!("`{}` happens on {}", e.name, e.day);
        let _ = writeln!(
            out,
            "<line class=\"event\" x1=\"{x:.2}\" x2=\"{x:.2}\" y1=\"{:.1}\" y2=\"{plot_bottom}\" \
             data-event=\"{}\" data-day=\"{}\"><title>{}</title></line>\
             <text class=\"event-label\" x=\"{:.2}\" y=\"{:.1}\" text-anchor=\"{}\">{}<title>{}</title></text>",
            10.0 + 13.0 * (k % 3) as f64,
            esc(&e.name),
            e.day,
            esc(&tip.replace('`', "")),
            x,
            12.0 + 13.0 * (k % 3) as f64,
            if x > LABEL_W + PLOT_W * 0.7 { "end" } else { "start" },
            esc(&format!("{} {}", e.name, e.day)),
            esc(&tip.replace('`', ""))
        );
    }
    out.push_str("</svg>\n");
    findings_list(out, contract, view);
}

fn shorten(text: &str, most: usize) -> String {
    if text.chars().count() > most {
        text.chars().take(most - 1).chain(['…']).collect()
    } else {
        text.to_string()
    }
}

fn bar_svg(
    out: &mut String,
    contract: &Contract,
    axis: &Axis,
    tops: &[Vec<f64>],
    view: &View,
    bar: &Bar,
) {
    let Some((x1, x2)) = axis.span(&bar.interval) else {
        return;
    };
    let clause = contract.clause(bar.clause);
    let party = &contract.party(clause.norm.party).name;
    let top = tops[bar.lane][bar.row];
    let mut tip = format!("{} ({})", clause.named.name, bar.kind.word());
    if let Some(d) = &clause.named.description {
        let _ = write!(tip, ": {d}");
    }
    let _ = write!(tip, "\n{}", print::norm(contract, &clause.norm));
    let _ = write!(tip, "\nwindow: {}", print::window(contract, &clause.window));
    let _ = write!(
        tip,
        "\n{} in this scenario; this bar: {}",
        print::in_force(clause_interval(contract, bar.clause, &view.scenario).as_ref()),
        print::interval(&bar.interval)
    );
    if !clause.sources.is_empty() {
        let _ = write!(tip, "\nsource: {}", clause.sources.join(", "));
    }
    if let Some(v) = contract.versions.get(clause.version) {
        if contract.versions.len() > 1 {
            let _ = write!(
                tip,
                "\nversion {}: {}",
                clause.version + 1,
                v.title.as_deref().unwrap_or("contract")
            );
        }
    }
    if !bar.overridden_by.is_empty() {
        let names: Vec<String> = (bar.overridden_by.iter())
            .map(|&c| format!("`{}`", contract.clause(c).named.name))
            .collect();
        let _ = write!(
            tip,
            "\n{} {} precedence where they apply to the same act",
            print::join_and(&names),
            if names.len() == 1 { "takes" } else { "take" }
        );
    }
    let classes = if bar.overridden_by.is_empty() {
        format!("bar {}", bar.kind.key())
    } else {
        format!("bar {} overridden", bar.kind.key())
    };
    let open_start = bar.interval.from.is_none_or(|d| d < axis.from);
    let open_end = bar.interval.until.is_none_or(|d| d > axis.until);
    let _ = writeln!(
        out,
        "<rect class=\"{classes}\" x=\"{x1:.2}\" y=\"{:.1}\" width=\"{:.2}\" height=\"{:.1}\" rx=\"2\" \
         data-clause=\"{}\" data-party=\"{}\" data-modality=\"{}\" data-version=\"{}\" \
         data-from=\"{}\" data-until=\"{}\" data-sources=\"{}\"><title>{}</title></rect>",
        top + 4.0,
        (x2 - x1).max(1.0),
        ROW_H - 8.0,
        esc(&clause.named.name),
        esc(party),
        bar.kind.key(),
        clause.version + 1,
        iso(bar.interval.from),
        iso(bar.interval.until),
        esc(&clause.sources.join(", ")),
        esc(&tip.replace('`', ""))
    );
    // A small arrow where a bar runs on beyond the range shown.
    let mid = top + ROW_H / 2.0;
    if open_start {
        let _ = writeln!(
            out,
            "<path class=\"open\" d=\"M{:.2} {mid:.1} l5 -5 v10 z\"/>",
            x1 - 6.0
        );
    }
    if open_end {
        let _ = writeln!(
            out,
            "<path class=\"open\" d=\"M{:.2} {mid:.1} l-5 -5 v10 z\"/>",
            x2 + 6.0
        );
    }
}

/// The conflicts and gaps of a scenario in words, under its picture.
fn findings_list(out: &mut String, contract: &Contract, view: &View) {
    if view.conflicts.is_empty() && view.gaps.is_empty() {
        out.push_str("<p class=\"notes\">No conflict and no coverage gap in this scenario.</p>\n");
        return;
    }
    out.push_str("<ul class=\"findings\">\n");
    for c in &view.conflicts {
        let _ = writeln!(
            out,
            "<li class=\"conflict\">conflict: {} (<code>{}</code>)</li>",
            words(&format!(
                "`{}` and `{}` are both in force {}",
                contract.clause(c.primary).named.name,
                contract.clause(c.other).named.name,
                print::interval(&c.interval)
            )),
            c.code
        );
    }
    for g in &view.gaps {
        let _ = writeln!(
            out,
            "<li class=\"gap\">coverage gap: {}</li>",
            words(&format!(
                "{} ungoverned {}",
                g.subjects,
                print::interval(&g.interval)
            ))
        );
    }
    out.push_str("</ul>\n");
}
