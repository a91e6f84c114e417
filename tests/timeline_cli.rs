//! `pactum timeline` run as a binary, as a user would: the page on standard
//! output or in a file (written safely), the scenario `--assume` fixes, the
//! range `--from`/`--to` gives, and clear diagnostics for bad input (never a
//! panic). tests/timeline_browser.rs checks the page in a real browser.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn contract(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("contracts")
        .join(name)
}

const REFERENCE: &str = "microsoft-openai-2025.pactum";

fn timeline(file: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .arg("timeline")
        .arg(file)
        .args(args)
        .output()
        .expect("pactum runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The value of attribute `name` in each tag that has `marker` in it.
fn attrs<'a>(page: &'a str, marker: &str, name: &str) -> Vec<&'a str> {
    page.split('<')
        .filter(|tag| tag.contains(marker))
        .filter_map(|tag| {
            let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            Some(&tag[start..start + tag[start..].find('"')?])
        })
        .collect()
}

/// Writes a one-clause contract of party `a` whose clause names `party`
/// (an error unless it is `a`).
fn small_contract(dir: &Path, name: &str, party: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "contract \"x\" effective 2025-01-01\nparty a\naction use\nsubject s\n\
             clause c {{ {party} may use s through 2030 }}\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn the_page_is_self_contained_html_on_standard_output() {
    let out = timeline(&contract(REFERENCE), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    // Nothing is fetched: no external scripts, styles, images or fonts. The
    // only URL is the SVG namespace, which names and does not load.
    for needle in ["<link", " src=", "@import", "url(http", "@font-face"] {
        assert!(!page.contains(needle), "{needle}");
    }
    let urls = page.matches("http").count();
    let namespaces = page.matches("http://www.w3.org/2000/svg").count();
    assert_eq!(urls, namespaces, "no URL but the SVG namespace");
    // One picture per scenario, a picker naming each, bars with their clause.
    let sections = page.matches("<section class=\"view\"").count();
    assert!(sections >= 3, "{sections}");
    assert_eq!(page.matches("<option ").count(), sections);
    assert!(attrs(&page, "class=\"bar", "data-clause").contains(&"research_ip"));
    assert!(
        page.contains("data-version=\"2\""),
        "the amendment is a boundary"
    );
}

#[test]
fn assume_fixes_the_scenario_and_o_writes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.html");
    std::fs::write(&path, "old page").unwrap();
    let out = timeline(
        &contract(REFERENCE),
        &[
            "--assume",
            "agi_declared=2027-01-01",
            "--assume",
            "agi_verified=2027-06-01",
            "-o",
            path.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "the page goes to the file only");
    let page = std::fs::read_to_string(&path).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "replaced");
    // Only the page is left in the directory: the temporary file was renamed.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    // The first scenario is the assumed one, and every right "until AGI"
    // ends on the assumed verification in it.
    let first = page.split("<section").nth(1).unwrap();
    assert!(first.contains("data-event=\"agi_verified\" data-day=\"2027-06-01\""));
    let research = first
        .split('<')
        .find(|t| t.contains("data-clause=\"research_ip\""))
        .unwrap();
    assert!(research.contains("data-until=\"2027-06-01\""), "{research}");
    // Both assumed events are fixed, so no scenario varies them.
    assert_eq!(page.matches("<section class=\"view\"").count(), 2);
}

#[test]
fn from_and_to_give_the_days_shown() {
    let out = timeline(
        &contract(REFERENCE),
        &["--from", "2026-01-01", "--to", "2028-12-31"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains("svg\" width"), "a picture");
    assert!(attrs(&page, "class=\"timeline\"", "data-from")
        .iter()
        .all(|d| *d == "2026-01-01"));
    assert!(attrs(&page, "class=\"timeline\"", "data-until")
        .iter()
        .all(|d| *d == "2029-01-01"));
}

#[test]
fn every_agreement_of_the_corpus_has_a_timeline() {
    for entry in std::fs::read_dir(contract("")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("pactum") {
            continue;
        }
        let out = timeline(&path, &[]);
        assert!(out.status.success(), "{}: {}", path.display(), stderr(&out));
        let page = String::from_utf8(out.stdout).unwrap();
        assert!(page.contains("class=\"bar "), "{}", path.display());
    }
}

/// A recurring clause draws one bar per instalment, over the days it is
/// owed: in the JHU licence, with the first commercial sale on 2017-05-20,
/// the royalties of 2017-Q3 are owed from 2017-10-01 through 2017-10-30,
/// in every scenario shown (a bar's `data-until` is the day after its
/// last). The picker tries an instalment's own discharge
/// event (its window names nothing else), and says which events it leaves
/// out, the instalments' payments as one range. Forty quarterly instalments once made the picker enumerate
/// trillions of candidate scenarios for each termination (`pactum timeline`
/// ran for minutes); the corpus test above runs on this contract too.
#[test]
fn recurring_instalments_are_drawn_one_bar_each() {
    let out = timeline(
        &contract("jhu-virtuososurgical-2016.pactum"),
        &["--assume", "first_commercial_sale=2017-05-20"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let page = String::from_utf8(out.stdout).unwrap();
    let marker = "data-clause=\"running_royalties[2017-Q3]\"";
    let from = attrs(&page, marker, "data-from");
    let until = attrs(&page, marker, "data-until");
    assert!(!from.is_empty(), "no bar for the 2017-Q3 instalment");
    assert!(from.iter().all(|d| *d == "2017-10-01"), "{from:?}");
    assert!(until.iter().all(|d| *d == "2017-10-31"), "{until:?}");
    // No bar for the recurring clause as written: only its instalments.
    assert!(!page.contains("data-clause=\"running_royalties\""));
    assert!(page.contains("running_royalties_paid[2016-Q2]` happens on"));
    // The quarterly payments the picker has no room for are one range.
    assert!(page.contains(
        "none is shown in which the instalments of <code>running_royalties</code> are performed by"
    ));
}

/// Each bad input: exit status 2 (1 for a contract with errors), a message
/// in the diagnostics' style that names the input and says how to fix it,
/// and no panic.
#[test]
fn bad_input_gives_a_clear_diagnostic() {
    let reference = contract(REFERENCE);
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["--assume", "agi_verifed=2027-01-01"],
            "error: unknown event `agi_verifed`",
            "did you mean `agi_verified`?",
        ),
        (
            &["--assume", "agi_verified"],
            "does not say when",
            "--assume EVENT=YYYY-MM-DD",
        ),
        (
            &["--assume", "agi_verified=2027-01-01"],
            "`agi_verified` on 2027-01-01 must come on or after `agi_declared`",
            "--assume agi_declared=2027-01-01",
        ),
        (
            &["--from", "2027-13-01"],
            "`2027-13-01` is not a date",
            "`--from`",
        ),
        (
            &["--from", "2030-01-01", "--to", "2029-01-01"],
            "`--to 2029-01-01` comes before `--from 2030-01-01`",
            "help:",
        ),
        (
            &["-o", reference.to_str().unwrap()],
            "names the contract itself",
            "timeline.html",
        ),
        (
            &["-o", "/nonexistent-directory/t.html"],
            "cannot write",
            "nonexistent-directory",
        ),
        (&["-o", "/"], "is a directory", "timeline.html"),
    ];
    let before = std::fs::read(&reference).unwrap();
    for (args, message, help) in cases {
        let out = timeline(&reference, args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(err.contains(help), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(std::fs::read(&reference).unwrap(), before, "never lost");

    let out = timeline(Path::new("/nonexistent/contract.pactum"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("contract.pactum"), "{}", stderr(&out));

    let dir = tempfile::tempdir().unwrap();
    let broken = small_contract(dir.path(), "broken.pactum", "b");
    let out = timeline(&broken, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unknown party `b`"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("fix them before drawing its timeline"));
}

const HISTORY: &str = "microsoft-openai-history.pactum";

/// The sections of a page, each as its text.
fn sections(page: &str) -> Vec<&str> {
    page.split("<section class=\"view\"").skip(1).collect()
}

/// `pactum timeline NEW --compare OLD`: one self-contained page with both
/// versions, the old one above, over the same days, in the same scenarios,
/// each picture headed with its title and file, and the diff's changes
/// under them; `--compare-amended` finds the old version through `amends`.
#[test]
fn compare_draws_both_versions_over_the_same_days() {
    let (new, old) = (contract(REFERENCE), contract(HISTORY));
    let out = timeline(&new, &["--compare", old.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    let urls = page.matches("http").count();
    assert_eq!(urls, page.matches("http://www.w3.org/2000/svg").count());
    // One picker, ids used once.
    assert_eq!(page.matches("id=\"scenario\"").count(), 1);
    assert_eq!(page.matches("id=\"hatch-conflict\"").count(), 1);
    let shown = sections(&page);
    assert!(shown.len() >= 3, "{}", shown.len());
    assert_eq!(page.matches("<option ").count(), shown.len());
    for s in &shown {
        let sides = attrs(s, "svg class=\"timeline\"", "data-side");
        assert_eq!(sides, ["old", "new"]);
        let from = attrs(s, "svg class=\"timeline\"", "data-from");
        let until = attrs(s, "svg class=\"timeline\"", "data-until");
        assert_eq!(from[0], from[1]);
        assert_eq!(until[0], until[1]);
        // The history begins in 2019, the new agreement's rows reach 2032.
        assert!(
            from[0] < "2019-07-01" && until[0] > "2033-01-01",
            "{from:?} {until:?}"
        );
        assert!(s.contains(&format!(
            "<h2>old: Microsoft–OpenAI partnership, 2019 to 2025 (history) <code>{}</code></h2>",
            old.display()
        )));
        assert!(s.contains(&format!(
            "<h2>new: Microsoft–OpenAI definitive agreement <code>{}</code></h2>",
            new.display()
        )));
        let (old_part, new_part) = s.split_at(s.find("data-side=\"new\"").unwrap());
        let clauses = |part: &str| -> Vec<String> {
            attrs(part, "class=\"bar", "data-clause")
                .into_iter()
                .map(str::to_string)
                .collect()
        };
        assert!(clauses(old_part).contains(&"azure_exclusive_cloud".to_string()));
        assert!(!clauses(old_part).contains(&"exclusive_ip".to_string()));
        assert!(clauses(new_part).contains(&"exclusive_ip".to_string()));
        // The diff's answer to "what did Microsoft lose on 2025-10-28?".
        assert!(
            s.contains("lost <code>microsoft</code> may <code>preempt</code> from 2025-10-28"),
            "{s}"
        );
    }
    // The same page when the old version is the one the contract amends.
    let amended = timeline(&new, &["--compare-amended"]);
    assert!(amended.status.success(), "{}", stderr(&amended));
    assert_eq!(String::from_utf8(amended.stdout).unwrap(), page);

    // An assumed event happens on its day in both pictures of every scenario.
    let out = timeline(
        &new,
        &["--compare-amended", "--assume", "agi_declared=2027-03-01"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let page = String::from_utf8(out.stdout).unwrap();
    for s in sections(&page) {
        let days: Vec<&str> = s
            .split('<')
            .filter(|t| t.contains("data-event=\"agi_declared\""))
            .filter_map(|t| t.split("data-day=\"").nth(1)?.split('"').next())
            .collect();
        assert_eq!(days, ["2027-03-01", "2027-03-01"], "{s}");
    }
}

/// Bad input to the comparison: a clear message with help that speaks of
/// the user's files, the right exit status, never a panic, and the files
/// never written over.
#[test]
fn bad_comparisons_give_a_clear_diagnostic() {
    let (new, old) = (contract(REFERENCE), contract(HISTORY));
    let dir = tempfile::tempdir().unwrap();
    // A contract that amends nothing, and one that names an undeclared party.
    let lone = small_contract(dir.path(), "lone.pactum", "a");
    let broken = small_contract(dir.path(), "broken.pactum", "b");
    let old_text = old.to_str().unwrap();
    let cases: &[(&Path, &[&str], i32, &str, &str)] = &[
        (
            &lone,
            &["--compare-amended"],
            2,
            "amends no contract, so there is nothing to compare it with",
            "`pactum timeline NEW --compare OLD`",
        ),
        (
            &new,
            &["--compare", "/nonexistent/old.pactum"],
            2,
            "/nonexistent/old.pactum",
            "",
        ),
        (
            &new,
            &["--compare", old_text, "--compare-amended"],
            2,
            "cannot be used with",
            "--compare",
        ),
        (
            &new,
            &["--compare", broken.to_str().unwrap()],
            1,
            "unknown party `b`",
            "fix them before comparing it",
        ),
        (
            &new,
            &["--compare", old_text, "--assume", "agi_verifed=2027-01-01"],
            2,
            "error: unknown event `agi_verifed`",
            "did you mean `agi_verified`?",
        ),
        (
            &new,
            &[
                "--compare-amended",
                "--from",
                "2030-01-01",
                "--to",
                "2029-01-01",
            ],
            2,
            "`--to 2029-01-01` comes before `--from 2030-01-01`",
            "help:",
        ),
        (
            &new,
            &["--compare", old_text, "-o", old_text],
            2,
            "names the contract itself",
            "timeline.html",
        ),
    ];
    let before = std::fs::read(&old).unwrap();
    for (file, args, code, message, help) in cases {
        let out = timeline(file, args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(*code), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(err.contains(help), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(std::fs::read(&old).unwrap(), before, "never lost");
}
