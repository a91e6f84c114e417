//! `pactum lsp` in a real editor: a headless Neovim opens a contract with a
//! mistake, attaches the server, and reports the diagnostics and a hover it
//! received. Skipped (with a message) when `nvim` is not installed; `.ci/run`
//! installs it.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

/// Whether `nvim` runs here. On CI (`CI=true`) it must: `.ci/run` installs
/// it, so a missing editor is a failure there, not a skip.
fn have_nvim() -> bool {
    let found = Command::new("nvim").arg("--version").output().is_ok();
    if !found && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("nvim is not installed on CI; .ci/run installs it");
    }
    if !found {
        println!("SKIPPED: nvim is not installed (apt-get install -y neovim); .ci/run installs it");
    }
    found
}

/// Runs the Lua `script` of tests/neovim/ in a headless Neovim on `text`
/// (saved as `name` in a fresh folder) and returns the JSON it wrote.
fn run_nvim(script: &str, name: &str, text: &str, env: &[(&str, &str)]) -> Value {
    let dir = std::env::temp_dir().join(format!("pactum-nvim-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    let out = dir.join("result.json");
    std::fs::write(&file, text).unwrap();
    let _ = std::fs::remove_file(&out);
    let script = format!("{}/tests/neovim/{script}", env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .args(["-c", &format!("luafile {script}")])
        .env("PACTUM_BIN", env!("CARGO_BIN_EXE_pactum"))
        .env("PACTUM_FILE", &file)
        .env("PACTUM_OUT", &out)
        .envs(env.iter().copied())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let written = std::fs::read_to_string(&out).expect("the script wrote its result");
    let _ = std::fs::remove_dir_all(&dir);
    serde_json::from_str(&written).unwrap()
}

const CONTRACT: &str = "contract \"Prüfung — “Neovim”\" effective 2025-10-28\n\
/// Der Softwarekonzern.\n\
party microsoft \"Microsoft Corporation\"\n\
action use\n\
subject ip { models research }\n\
clause c { /* 😀 */ microsft may use ip.models through 2030 }\n\
clause d { microsoft may use ip.research through 2030 }\n";

#[test]
fn neovim_shows_diagnostics_and_hover() {
    if !have_nvim() {
        return;
    }
    // Hover on `microsoft` in clause `d` (line 6, column 11).
    let result = run_nvim(
        "check.lua",
        "vertrag.pactum",
        CONTRACT,
        &[("PACTUM_HOVER_LINE", "6"), ("PACTUM_HOVER_CHAR", "11")],
    );
    assert!(result.get("error").is_none(), "{result}");

    let diagnostics = result["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{result}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "pactum::name::unknown");
    assert_eq!(d["severity"], 1, "error");
    assert_eq!(d["source"], "pactum");
    assert_eq!(d["lnum"], 5);
    // Neovim 0.7 turns the UTF-16 column back into a byte column:
    // `clause c { /* 😀 */ ` is 19 characters, 20 UTF-16 units, 22 bytes.
    assert_eq!(d["col"], 22, "{d}");
    assert_eq!(d["end_col"], 30, "{d}");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown party `microsft`"),
        "{d}"
    );

    let hover = result["hover"]["contents"]["value"].as_str().unwrap();
    assert!(
        hover.starts_with("**party** `microsoft` — Microsoft Corporation"),
        "{hover}"
    );
    assert!(hover.contains("Der Softwarekonzern."), "{hover}");
}

#[test]
fn neovim_applies_a_quick_fix_and_asks_for_hints_and_tokens() {
    if !have_nvim() {
        return;
    }
    let text = "contract \"Fix\" effective 2025-10-28\n\
        party microsoft\naction use\nsubject ip { models research }\n\
        clause c { /* 😀 “x” */ microsft may use ip.models through 2030 }\n\
        clause d {\n  microsoft may use ip.research\n  until 5 years after 2025-10-28\n}\n";
    let result = run_nvim("fix.lua", "fix.pactum", text, &[]);
    assert!(result.get("error").is_none(), "{result}");
    assert!(
        (result["diagnostic"].as_str().unwrap()).starts_with("unknown party `microsft`"),
        "{result}"
    );
    let titles: Vec<&str> = (result["titles"].as_array().unwrap().iter())
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        titles,
        ["replace with `microsoft`", "declare party `microsft`"]
    );
    assert_eq!(result["applied"], "replace with `microsoft`");
    // Neovim applied the UTF-16 range after the emoji and the curly quotes
    // to the right bytes, and the re-check found nothing.
    assert_eq!(
        result["lines"][4],
        "clause c { /* 😀 “x” */ microsoft may use ip.models through 2030 }"
    );
    assert_eq!(result["after"], serde_json::json!([]), "{result}");
    let hints = result["hints"].as_array().expect("inlay hints");
    assert_eq!(hints.len(), 1, "{result}");
    assert_eq!(hints[0]["position"]["line"], 7);
    assert_eq!(
        hints[0]["label"],
        "in force from 2025-10-28 through 2030-10-27"
    );
    assert!(result["token_count"].as_u64().unwrap() > 0, "{result}");
    assert_eq!(result["token_count"].as_u64().unwrap() % 5, 0);
    assert_eq!(result["legend"][1], "class");
}
