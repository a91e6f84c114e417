//! `pactum lsp` in a real editor: a headless Neovim opens a contract with a
//! mistake, attaches the server, and reports the diagnostics and a hover it
//! received. Skipped (with a message) when `nvim` is not installed; `.ci/run`
//! installs it.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

const CONTRACT: &str = "contract \"Prüfung — “Neovim”\" effective 2025-10-28\n\
/// Der Softwarekonzern.\n\
party microsoft \"Microsoft Corporation\"\n\
action use\n\
subject ip { models research }\n\
clause c { /* 😀 */ microsft may use ip.models through 2030 }\n\
clause d { microsoft may use ip.research through 2030 }\n";

#[test]
fn neovim_shows_diagnostics_and_hover() {
    if Command::new("nvim").arg("--version").output().is_err() {
        println!("SKIPPED: nvim is not installed (apt-get install -y neovim); .ci/run installs it");
        return;
    }
    let dir = std::env::temp_dir().join(format!("pactum-nvim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("vertrag.pactum");
    let out = dir.join("result.json");
    std::fs::write(&file, CONTRACT).unwrap();
    let _ = std::fs::remove_file(&out);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/neovim/check.lua");
    // Hover on `microsoft` in clause `d` (line 6, column 11).
    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .args(["-c", &format!("luafile {script}")])
        .env("PACTUM_BIN", env!("CARGO_BIN_EXE_pactum"))
        .env("PACTUM_FILE", &file)
        .env("PACTUM_OUT", &out)
        .env("PACTUM_HOVER_LINE", "6")
        .env("PACTUM_HOVER_CHAR", "11")
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
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("the script wrote its result"))
            .unwrap();
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
    let _ = std::fs::remove_dir_all(&dir);
}
