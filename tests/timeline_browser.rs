//! The timeline page in a real browser: Debian's headless Chromium loads the
//! page `pactum timeline` writes for the reference contract, without any
//! console message, and the bars of known clauses are where the library
//! says their days are: the rendered position of each bar (read from the DOM
//! after layout) is compared with the window the library resolves for its
//! clause in the scenario the section shows, through the axis the picture
//! declares. The scenario picker is checked too, and a screenshot is taken
//! (with `PACTUM_UPDATE_SCREENSHOT=1` it replaces docs/timeline.png). The
//! compared page (`--compare`) is checked the same way, in both of its
//! pictures, which must share one axis.
//!
//! Skipped with a message when Chromium is missing, except in CI (`CI` set),
//! where that fails: `.ci/run` installs the `chromium` package.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pactum::model::{Contract, Day};
use pactum::semantics::clause_interval;
use pactum::views::timeline::{build, Options};

fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PACTUM_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.exists())
        });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed: .ci/run installs it (apt-get install -y chromium)"
        );
        println!("SKIPPED: chromium is not installed (apt-get install -y chromium)");
    }
    found
}

/// Runs headless Chromium on `url` with the flags it needs on a closed
/// network, `extra` flags and a fresh profile; returns standard output and
/// the console messages it logged. Fails after a minute rather than hang.
fn run_chromium(browser: &Path, url: &str, extra: &[&str]) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    // Every console message (log, warning, error, uncaught exception) is
    // logged as a `CONSOLE` line.
    let console = err
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    (out, console)
}

/// The tags named `name` in a serialized DOM, each as its attributes.
fn tags(dom: &str, name: &str) -> Vec<Vec<(String, String)>> {
    let open = format!("<{name} ");
    dom.match_indices(&open)
        .map(|(at, _)| {
            let rest = &dom[at + open.len()..];
            let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
            let mut out = Vec::new();
            let mut s = tag;
            while let Some(eq) = s.find("=\"") {
                let key = s[..eq].trim().rsplit(' ').next().unwrap_or("").to_string();
                let after = &s[eq + 2..];
                let end = after.find('"').unwrap_or(after.len());
                out.push((key, after[..end].to_string()));
                s = &after[(end + 1).min(after.len())..];
            }
            out
        })
        .collect()
}

/// The timeline pictures (`svg.timeline`) of a serialized DOM, in order.
fn pictures(dom: &str) -> Vec<Vec<(String, String)>> {
    tags(dom, "svg")
        .into_iter()
        .filter(|s| get(s, "class") == Some("timeline"))
        .collect()
}

fn get<'a>(tag: &'a [(String, String)], key: &str) -> Option<&'a str> {
    tag.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn num(tag: &[(String, String)], key: &str) -> f64 {
    get(tag, key)
        .unwrap_or_else(|| panic!("{key} in {tag:?}"))
        .parse()
        .unwrap()
}

/// Measures every bar, event and version line after layout, with every
/// scenario's section shown, and writes the measures into the DOM.
const PROBE: &str = r#"<script>
for (const s of document.querySelectorAll('section.view')) s.hidden = false;
for (const svg of document.querySelectorAll('svg.timeline')) {
  const box = svg.getBoundingClientRect();
  svg.setAttribute('data-client-left', box.left);
  svg.setAttribute('data-client-width', box.width);
  for (const el of svg.querySelectorAll('[data-clause], [data-event], [data-version], .gap')) {
    const r = el.getBoundingClientRect();
    el.setAttribute('data-client-left', r.left);
    el.setAttribute('data-client-right', r.right);
    el.setAttribute('data-client-center', (r.left + r.right) / 2);
  }
}
</script>"#;

fn reference() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts/microsoft-openai-2025.pactum")
}

fn load(path: &Path) -> pactum::model::Loaded {
    pactum::model::load(path, &mut |p: &Path| std::fs::read(p))
}

/// The page for the reference contract, written by the binary.
fn page(dir: &Path) -> PathBuf {
    let out = dir.join("timeline.html");
    let status = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .arg("timeline")
        .arg(reference())
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    out
}

/// Where a day is drawn in a measured picture: the picture's own axis
/// (`data-from`, `data-until`, `data-plot-x`, `data-plot-width` in SVG
/// units) scaled to its rendered width.
fn client_x(svg: &[(String, String)], day: Day) -> f64 {
    let from = Day::parse(get(svg, "data-from").unwrap()).unwrap();
    let until = Day::parse(get(svg, "data-until").unwrap()).unwrap();
    let day = day.max(from).min(until);
    let view_width: f64 = get(svg, "viewBox")
        .unwrap()
        .split(' ')
        .nth(2)
        .unwrap()
        .parse()
        .unwrap();
    let scale = num(svg, "data-client-width") / view_width;
    let x = num(svg, "data-plot-x")
        + f64::from(day.0 - from.0) / f64::from(until.0 - from.0) * num(svg, "data-plot-width");
    num(svg, "data-client-left") + x * scale
}

#[test]
fn the_bars_are_where_the_library_says_and_the_page_logs_nothing() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let html = page(dir.path());
    let text = std::fs::read_to_string(&html).unwrap();
    let probed = dir.path().join("probed.html");
    std::fs::write(&probed, text.replace("</body>", &format!("{PROBE}</body>"))).unwrap();

    // The page as written: no console message at all.
    let (_, console) = run_chromium(
        &browser,
        &format!("file://{}", html.display()),
        &["--dump-dom"],
    );
    assert!(console.is_empty(), "console messages: {console:#?}");

    let (dom, console) = run_chromium(
        &browser,
        &format!("file://{}", probed.display()),
        &["--dump-dom"],
    );
    assert!(console.is_empty(), "console messages: {console:#?}");

    // The library's answer: the scenarios the page shows, and each clause's
    // window in each of them.
    let loaded = load(&reference());
    let c: &Contract = &loaded.contract;
    let timeline = build(c, &Options::new(c));
    let svgs = pictures(&dom);
    assert_eq!(svgs.len(), timeline.views.len());
    // The picker names the scenarios as the library words them.
    let options: Vec<String> = dom
        .split("<option ")
        .skip(1)
        .map(|o| o[o.find('>').unwrap() + 1..o.find("</option>").unwrap()].to_string())
        .collect();
    let labels: Vec<String> = timeline
        .views
        .iter()
        .map(|v| v.label.replace('`', ""))
        .collect();
    assert_eq!(options, labels);

    let sections: Vec<&str> = dom.split("<section class=\"view\"").skip(1).collect();
    let known = [
        "research_ip",
        "exclusive_ip",
        "model_and_product_ip",
        "revenue_share",
        "partnership_term_openai",
        "ip_rights",
        "compute_rofr",
    ];
    let mut checked = 0;
    for (i, (view, svg)) in timeline.views.iter().zip(&svgs).enumerate() {
        let rects = tags(sections[i], "rect");
        for name in known {
            // The latest version of the name, or the history's for a clause
            // the agreement replaced.
            let clause = c.find_clause(name).unwrap();
            let bars: Vec<_> = rects
                .iter()
                .filter(|r| get(r, "data-clause") == Some(name))
                .collect();
            let Some(window) = clause_interval(c, clause, &view.scenario) else {
                assert!(
                    bars.is_empty(),
                    "{name} is never in force in {}",
                    view.label
                );
                continue;
            };
            assert_eq!(bars.len(), 1, "{name} in {}: one stretch", view.label);
            let bar = bars[0];
            let iso = |d: Option<Day>| d.map_or(String::new(), |d| d.to_string());
            assert_eq!(get(bar, "data-from"), Some(iso(window.from).as_str()));
            assert_eq!(get(bar, "data-until"), Some(iso(window.until).as_str()));
            let from = window.from.unwrap_or(Day::MIN);
            let until = window.until.unwrap_or(Day::MAX);
            let (left, right) = (client_x(svg, from), client_x(svg, until));
            let drawn = (num(bar, "data-client-left"), num(bar, "data-client-right"));
            // Half a unit of stroke on each side, and rounding.
            assert!(
                (drawn.0 - left).abs() < 1.5 && (drawn.1 - right).abs() < 1.5,
                "{name} in {}: drawn at {drawn:?}, its days {window:?} are at ({left}, {right})",
                view.label
            );
            checked += 1;
        }
        // Each event is drawn on its day.
        let lines = tags(sections[i], "line");
        for e in c.event_ids() {
            let Some(day) = view.scenario.date(e) else {
                continue;
            };
            let name = &c.event(e).named.name;
            let line = lines
                .iter()
                .find(|l| get(l, "data-event") == Some(name.as_str()))
                .unwrap_or_else(|| panic!("`{name}` is drawn in {}", view.label));
            assert_eq!(get(line, "data-day"), Some(day.to_string().as_str()));
            assert!((num(line, "data-client-center") - client_x(svg, day)).abs() < 1.5);
        }
        // The amendment is a boundary on its effective date.
        let v2 = lines
            .iter()
            .find(|l| get(l, "data-version") == Some("2"))
            .expect("the 2025 agreement's boundary");
        let effective = c.versions[1].effective.unwrap();
        assert!((num(v2, "data-client-center") - client_x(svg, effective)).abs() < 1.5);
    }
    assert!(checked >= 20, "{checked} bars checked");
}

#[test]
fn the_picker_shows_one_scenario_at_a_time() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let html = page(dir.path());
    let (dom, console) = run_chromium(
        &browser,
        &format!("file://{}#scenario=2", html.display()),
        &["--dump-dom"],
    );
    assert!(console.is_empty(), "{console:#?}");
    let sections: Vec<&str> = dom.split("<section class=\"view\"").skip(1).collect();
    assert!(sections.len() > 2);
    for (i, s) in sections.iter().enumerate() {
        let head = &s[..s.find('>').unwrap()];
        assert_eq!(head.contains("hidden"), i != 2, "section {i}: {head}");
    }
    assert!(dom.contains("<option value=\"2\" selected") || dom.contains("value=\"2\""));
}

/// The harness itself: a page that logs an error is caught, so that the
/// silence above means something.
#[test]
fn a_console_error_is_caught() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>",
    )
    .unwrap();
    let (_, console) = run_chromium(
        &browser,
        &format!("file://{}", bad.display()),
        &["--dump-dom"],
    );
    assert_eq!(console.len(), 1, "{console:#?}");
    assert!(console[0].contains("undefinedFunction"));
}

#[test]
fn a_screenshot_of_the_reference_contract() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let html = page(dir.path());
    let png = dir.path().join("timeline.png");
    // The scenario in which the panel verifies AGI: every right "until AGI"
    // ends in the picture.
    let loaded = load(&reference());
    let c = &loaded.contract;
    let verified = c.find_event("agi_verified").unwrap();
    let index = build(c, &Options::new(c))
        .views
        .iter()
        .position(|v| v.varies == Some(verified))
        .unwrap();
    let (_, console) = run_chromium(
        &browser,
        &format!("file://{}#scenario={index}", html.display()),
        &[
            "--window-size=1320,840",
            &format!("--screenshot={}", png.display()),
        ],
    );
    assert!(console.is_empty(), "{console:#?}");
    let bytes = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // The PNG header: width and height, big-endian, after the IHDR tag.
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((width, height), (1320, 840));
    if std::env::var_os("PACTUM_UPDATE_SCREENSHOT").is_some() {
        let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/timeline.png");
        std::fs::write(target, &bytes).unwrap();
    }
}

fn history() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts/microsoft-openai-history.pactum")
}

/// The compared page: the reference contract drawn under its history
/// (`pactum timeline NEW --compare OLD`). In every scenario both pictures
/// are laid out on one axis (same left edge, same width, same days), and
/// each version's bars sit at the x of the days the library resolves for
/// its clauses in that scenario, so a bar that moved or was cut is drawn
/// shifted. The page logs nothing, and the picker still works.
#[test]
fn the_compared_versions_share_one_axis_and_their_bars_are_at_their_days() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("compare.html");
    let status = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .arg("timeline")
        .arg(reference())
        .arg("--compare")
        .arg(history())
        .arg("-o")
        .arg(&html)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&html).unwrap();
    let probed = dir.path().join("probed.html");
    std::fs::write(&probed, text.replace("</body>", &format!("{PROBE}</body>"))).unwrap();

    for url in [
        format!("file://{}", html.display()),
        format!("file://{}#scenario=2", html.display()),
    ] {
        let (dom, console) = run_chromium(&browser, &url, &["--dump-dom"]);
        assert!(console.is_empty(), "{url}: console messages: {console:#?}");
        // The picker shows one scenario, both of its pictures.
        let shown = if url.ends_with("=2") { 2 } else { 0 };
        for (i, s) in dom.split("<section class=\"view\"").skip(1).enumerate() {
            let head = &s[..s.find('>').unwrap()];
            assert_eq!(head.contains("hidden"), i != shown, "section {i}: {head}");
        }
    }
    let (dom, console) = run_chromium(
        &browser,
        &format!("file://{}", probed.display()),
        &["--dump-dom"],
    );
    assert!(console.is_empty(), "console messages: {console:#?}");

    let (old_l, new_l) = (load(&history()), load(&reference()));
    let (old, new) = (&old_l.contract, &new_l.contract);
    let cmp = pactum::views::timeline::compare(old, new, &Options::new(new));
    let sections: Vec<&str> = dom.split("<section class=\"view\"").skip(1).collect();
    assert_eq!(sections.len(), cmp.new.views.len());
    let mut checked = 0;
    for (i, section) in sections.iter().enumerate() {
        let svgs = pictures(section);
        assert_eq!(svgs.len(), 2, "two pictures in scenario {i}");
        let (old_svg, new_svg) = (&svgs[0], &svgs[1]);
        assert_eq!(get(old_svg, "data-side"), Some("old"));
        assert_eq!(get(new_svg, "data-side"), Some("new"));
        // One axis: a day is at the same x in both pictures.
        for key in [
            "data-from",
            "data-until",
            "data-client-left",
            "data-client-width",
        ] {
            assert_eq!(
                get(old_svg, key),
                get(new_svg, key),
                "{key} in scenario {i}"
            );
        }
        let split = section
            .find("<div class=\"side\" data-side=\"new\"")
            .unwrap();
        let sides = [
            (&section[..split], old, &cmp.old.views[i], old_svg),
            (&section[split..], new, &cmp.new.views[i], new_svg),
        ];
        for (part, c, view, svg) in sides {
            let rects = tags(part, "rect");
            for name in [
                "ip_rights",
                "compute_rofr",
                "azure_api_exclusivity",
                "research_ip",
            ] {
                let Some(clause) = c.find_clause(name) else {
                    continue;
                };
                // The bars of that version of the clause: an amended
                // clause's row holds every version.
                let version = (c.clause(clause).version + 1).to_string();
                let bars: Vec<_> = rects
                    .iter()
                    .filter(|r| get(r, "data-clause") == Some(name))
                    .filter(|r| get(r, "data-version") == Some(version.as_str()))
                    .collect();
                let Some(window) = clause_interval(c, clause, &view.scenario) else {
                    assert!(
                        bars.is_empty(),
                        "{name} is never in force in {}",
                        view.label
                    );
                    continue;
                };
                assert!(!bars.is_empty(), "{name} in {}", view.label);
                // The stretches of the clause, left to right, span its days.
                let left = bars
                    .iter()
                    .map(|b| num(b, "data-client-left"))
                    .fold(f64::INFINITY, f64::min);
                let right = bars
                    .iter()
                    .map(|b| num(b, "data-client-right"))
                    .fold(f64::NEG_INFINITY, f64::max);
                let from = client_x(svg, window.from.unwrap_or(Day::MIN));
                let until = client_x(svg, window.until.unwrap_or(Day::MAX));
                assert!(
                    (left - from).abs() < 1.5 && (right - until).abs() < 1.5,
                    "{name} ({}) in {}: drawn at ({left}, {right}), its days {window:?} are at ({from}, {until})",
                    get(svg, "data-side").unwrap(),
                    view.label
                );
                checked += 1;
            }
        }
    }
    // A bar cut short is drawn shifted: the history's exclusive API right
    // runs on with no end in the old picture, and the new agreement ends
    // that version on its effective date, further left in the picture below.
    let first = sections[0];
    let split = first.find("<div class=\"side\" data-side=\"new\"").unwrap();
    let end_of = |part: &str| {
        tags(part, "rect")
            .iter()
            .filter(|r| get(r, "data-clause") == Some("azure_api_exclusivity"))
            .filter(|r| get(r, "data-version") == Some("1"))
            .map(|r| num(r, "data-client-right"))
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let svgs = pictures(first);
    let cut = client_x(&svgs[1], new.versions[1].effective.unwrap());
    assert!((end_of(&first[split..]) - cut).abs() < 1.5, "cut at {cut}");
    assert!(
        end_of(&first[..split]) > cut + 100.0,
        "runs on in the old picture"
    );
    assert!(checked >= 20, "{checked} bars checked");
}
