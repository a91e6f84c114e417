//! `pactum check` run as a user runs it: the built binary, its exit status,
//! its messages, and its JSON output (docs/json.md).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

#[path = "common/agreements.rs"]
mod agreements;

fn pactum(args: &[&str]) -> Output {
    pactum_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn pactum_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the pactum binary runs")
}

fn status(out: &Output) -> i32 {
    out.status.code().expect("exited normally, not by a signal")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Writes `content` to a fresh file in the test's scratch directory.
fn scratch(name: &str, content: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("scratch file");
    path
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = pactum(&all);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (status(&out), doc)
}

fn diagnostics(doc: &Value) -> &Vec<Value> {
    doc["diagnostics"]
        .as_array()
        .expect("`diagnostics` is an array")
}

// ------------------------------------------------------------ exit statuses

#[test]
fn a_valid_file_exits_0_and_says_so() {
    let out = pactum(&["check", "tests/ok/example-basic.pactum", "--color", "never"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("checked 1 file: 0 errors"));
    assert!(out.stdout.is_empty(), "human output goes to stderr only");
}

#[test]
fn every_good_corpus_file_exits_0() {
    for entry in std::fs::read_dir("tests/ok").expect("tests/ok") {
        let path = entry.expect("entry").path();
        let out = pactum(&["check", path.to_str().expect("utf-8 path")]);
        assert_eq!(status(&out), 0, "{}: {}", path.display(), stderr(&out));
    }
}

/// The reference contracts, once they exist, must check without errors, one
/// by one and as `pactum check` with no arguments finds them.
#[test]
fn the_reference_contracts_check_without_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let contracts = root.join("contracts");
    if !contracts.is_dir() {
        let out = pactum(&["check"]);
        assert_eq!(status(&out), 2, "no contracts/ is a usage error");
        assert!(stderr(&out).contains("contracts/"), "{}", stderr(&out));
        return;
    }
    let files = pactum::workspace::contract_files(&contracts).expect("list contracts/");
    // A corpus agreement whose real drafting defects are errors exits 1
    // (tests/corpus_*.rs checks which); every other contract exits 0.
    let expected = |defects: bool| if defects { 1 } else { 0 };
    for file in &files {
        let out = pactum(&["check", file.to_str().expect("utf-8 path")]);
        let want = expected(agreements::has_defects(file));
        assert_eq!(status(&out), want, "{}: {}", file.display(), stderr(&out));
    }
    let out = pactum(&["check", "--color", "never"]);
    let want = expected(files.iter().any(|f| agreements::has_defects(f)));
    assert_eq!(status(&out), want, "{}", stderr(&out));
    let n = files.len();
    assert!(
        stderr(&out).contains(&format!("checked {n} file")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_with_errors_exits_1() {
    let out = pactum(&["check", "tests/ui/name.unknown.pactum", "--color", "never"]);
    assert_eq!(status(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("pactum::name::unknown"), "{err}");
    assert!(err.contains("did you mean `microsoft`?"), "{err}");
    assert!(err.contains("tests/ui/name.unknown.pactum:9:3"), "{err}");
    assert!(!err.contains('\u{1b}'), "--color never prints no escapes");
}

#[test]
fn color_always_colors() {
    let out = pactum(&["check", "tests/ui/name.unknown.pactum", "--color", "always"]);
    assert!(stderr(&out).contains('\u{1b}'));
}

#[test]
fn a_missing_file_exits_2_and_names_it() {
    let out = pactum(&["check", "no/such/file.pactum"]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("no/such/file.pactum"), "{err}");
    assert!(err.contains("no such file"), "{err}");
}

#[test]
fn a_file_that_is_not_utf8_exits_2_and_points_at_the_byte() {
    let (code, doc) = json(&["tests/ui/io.not_utf8.pactum"]);
    assert_eq!(code, 2);
    let d = &diagnostics(&doc)[0];
    assert_eq!(d["code"], "pactum::io");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(10))
    );
    assert!(d["message"].as_str().unwrap().contains("not UTF-8"));
}

/// A directory is checked for the `.pactum` files under it
/// (tests/check_inputs.rs); one with none is a usage error, so that a CI step
/// pointed at the wrong place does not pass for having checked nothing.
#[test]
fn a_directory_without_contracts_exits_2_with_a_plain_reason() {
    let out = pactum(&["check", "src/cli"]);
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out).contains("no .pactum files under src/cli"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_flag_exits_2_and_names_it() {
    let out = pactum(&["check", "--format", "xml", "tests/ok/example-basic.pactum"]);
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("xml"), "{}", stderr(&out));
    let out = pactum(&["check", "--no-such-flag"]);
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("--no-such-flag"), "{}", stderr(&out));
    let out = pactum(&["frobnicate"]);
    assert_eq!(status(&out), 2);
}

#[test]
fn help_and_version_exit_0() {
    assert_eq!(status(&pactum(&["--help"])), 0);
    assert_eq!(status(&pactum(&["--version"])), 0);
    assert_eq!(status(&pactum(&["check", "--help"])), 0);
}

// ------------------------------------------------------------ JSON

fn assert_location(v: &Value, what: &str) {
    for key in ["line", "column", "end_line", "end_column"] {
        let n = v[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{what}: `{key}` is a number: {v}"));
        assert!(n >= 1, "{what}: `{key}` is 1-based: {v}");
    }
    let start = (v["line"].as_u64(), v["column"].as_u64());
    let end = (v["end_line"].as_u64(), v["end_column"].as_u64());
    assert!(start <= end, "{what}: ends before it starts: {v}");
    assert!(v["file"].is_string(), "{what}: `file` is a string: {v}");
}

/// Every diagnostic of every bad corpus file has the documented shape.
#[test]
fn json_diagnostics_have_every_documented_field() {
    let mut files: Vec<String> = std::fs::read_dir("tests/ui")
        .expect("tests/ui")
        .map(|e| e.expect("entry").path().display().to_string())
        .filter(|p| p.ends_with(".pactum") && !p.contains("io.not_utf8"))
        .collect();
    files.sort();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, doc) = json(&args);
    assert_eq!(code, 1);
    assert_eq!(doc["files"].as_array().map(Vec::len), Some(files.len()));
    let ds = diagnostics(&doc);
    assert!(ds.len() >= files.len(), "every bad file reports something");
    let mut errors = 0;
    for d in ds {
        let code = d["code"].as_str().expect("code");
        assert!(code.starts_with("pactum::"), "{d}");
        let severity = d["severity"].as_str().expect("severity");
        assert!(["error", "warning", "info"].contains(&severity), "{d}");
        errors += usize::from(severity == "error");
        let message = d["message"].as_str().expect("message");
        assert!(!message.is_empty() && !message.ends_with('.'), "{d}");
        assert_location(d, code);
        assert!(d["label"].is_string(), "{d}");
        assert!(d["help"].is_string() || d["help"].is_null(), "{d}");
        for r in d["related"].as_array().expect("related is an array") {
            assert_location(r, code);
            assert!(r["message"].is_string(), "{r}");
        }
    }
    assert_eq!(doc["summary"]["errors"].as_u64(), Some(errors as u64));
}

#[test]
fn json_points_at_both_places_of_a_duplicate() {
    let (_, doc) = json(&["tests/ui/name.duplicate.pactum"]);
    let d = &diagnostics(&doc)[0];
    assert_eq!(d["code"], "pactum::name::duplicate");
    assert_eq!(d["file"], "tests/ui/name.duplicate.pactum");
    assert_eq!(
        (&d["line"], &d["column"]),
        (&Value::from(6), &Value::from(7))
    );
    assert_eq!(
        (&d["end_line"], &d["end_column"]),
        (&Value::from(6), &Value::from(16))
    );
    assert_eq!(d["label"], "declared again here");
    let related = d["related"].as_array().expect("related");
    assert_eq!(related.len(), 1);
    assert_eq!(
        (&related[0]["line"], &related[0]["column"]),
        (&Value::from(5), &Value::from(7))
    );
    assert_eq!(related[0]["message"], "first declared here");
}

/// Columns count characters: umlauts and typographic quotes before the error
/// on the same line take two or three bytes each but one column.
#[test]
fn json_columns_count_characters_not_bytes() {
    let line = "contract \"Übersicht “Ä”\" effective 2030-02-30\n";
    let path = scratch("unicode-columns.pactum", line.as_bytes());
    let (code, doc) = json(&[path.to_str().expect("utf-8 path")]);
    assert_eq!(code, 1);
    let d = &diagnostics(&doc)[0];
    assert_eq!(d["code"], "pactum::date::invalid");
    let byte_at = line.find("2030").expect("date");
    let chars_before = line[..byte_at].chars().count();
    assert!(
        chars_before < byte_at,
        "the test line has multi-byte characters"
    );
    assert_eq!(d["line"].as_u64(), Some(1));
    assert_eq!(d["column"].as_u64(), Some(chars_before as u64 + 1));
    assert_eq!(d["end_column"].as_u64(), Some(chars_before as u64 + 11));
}

#[test]
fn json_of_a_missing_file_has_no_location() {
    let (code, doc) = json(&["no-such-file.pactum"]);
    assert_eq!(code, 2);
    let d = &diagnostics(&doc)[0];
    assert_eq!(d["code"], "pactum::io");
    for key in ["file", "line", "column", "end_line", "end_column", "label"] {
        assert!(d[key].is_null(), "`{key}`: {d}");
    }
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("no-such-file.pactum"));
}

#[test]
fn json_of_a_valid_file_is_empty_and_exits_0() {
    let (code, doc) = json(&["tests/ok/amendment.pactum"]);
    assert_eq!(code, 0);
    assert!(diagnostics(&doc).is_empty());
    assert_eq!(doc["summary"]["errors"], 0);
}

#[test]
fn output_is_deterministic() {
    let args = [
        "check",
        "--format",
        "json",
        "tests/ui/name.duplicate.pactum",
        "tests/ui/event.cycle.pactum",
        "tests/ui/precedence.missing_clause.pactum",
        "tests/ui/syntax.missing_brace.pactum",
    ];
    let first = pactum(&args);
    let second = pactum(&args);
    assert_eq!(first.stdout, second.stdout);
    let human = ["check", "--color", "never", "tests/ui/event.cycle.pactum"];
    assert_eq!(pactum(&human).stderr, pactum(&human).stderr);
}

/// A file checked on its own and again as the history of a later contract
/// reports its findings once.
#[test]
fn findings_of_an_amended_file_are_reported_once() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-chain");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join("old.pactum"),
        "contract \"Old\" effective 2019-07-22\nparty a\nparty a\n",
    )
    .expect("old");
    std::fs::write(
        dir.join("new.pactum"),
        "contract \"New\" effective 2025-10-28 amends \"old.pactum\"\nparty b\n",
    )
    .expect("new");
    let out = pactum_in(
        &dir,
        &["check", "--format", "json", "old.pactum", "new.pactum"],
    );
    assert_eq!(status(&out), 1);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    let duplicates = diagnostics(&doc)
        .iter()
        .filter(|d| d["code"] == "pactum::name::duplicate")
        .count();
    assert_eq!(duplicates, 1);
}

/// A reader that stops early (`pactum check --format json FILE | head`) is
/// no failure of `pactum`: every command, in every format, stops writing
/// quietly, as Unix tools do, on standard output and on standard error
/// alike, instead of panicking. The exit status is the one the command has
/// when its output is read to the end (chosen over 141, the status of a
/// process killed by SIGPIPE): a CI step `pactum check ... | head` still
/// fails on the errors it found, and passes on a clean contract.
#[test]
fn a_reader_that_goes_away_is_not_a_crash() {
    use std::process::Stdio;
    // Enough findings that the output overflows a pipe's buffer, so the
    // write after the reader has gone fails whatever the timing.
    let generated = pactum(&["gen", "--clauses", "5000", "--seed", "7"]);
    assert_eq!(status(&generated), 0);
    let file = scratch("closed_pipe.pactum", &generated.stdout);
    let file = file.to_str().expect("utf-8 path");
    // A long, clean contract: commands that exit 0 must still exit 0.
    let clean = pactum(&["gen", "--clauses", "5000", "--no-conflicts"]);
    let clean = scratch("closed_pipe_clean.pactum", &clean.stdout);
    let clean = clean.to_str().expect("utf-8 path");
    // `fmt --check` prints at most 40 lines of diff, so a small file does:
    // the reader is gone before anything is written.
    let small = pactum(&["gen", "--clauses", "50"]);
    let tabbed: Vec<u8> = (small.stdout.iter())
        .map(|&b| if b == b' ' { b'\t' } else { b })
        .collect();
    let unformatted = scratch("closed_pipe_unformatted.pactum", &tabbed);
    let unformatted = unformatted.to_str().expect("utf-8 path");
    let at = ["--at", "2030-01-01"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["check", "--format", "json", file], "stdout"),
        (vec!["check", "--format", "json", clean], "stdout"),
        (vec!["check", "--format", "sarif", file], "stdout"),
        (vec!["check", "--format", "github", file], "stdout"),
        (vec!["check", "--color", "never", file], "stderr"),
        (vec!["check", "--color", "always", clean], "stderr"),
        (
            vec!["query", file, at[0], at[1], "--format", "json"],
            "stdout",
        ),
        (vec!["query", clean, at[0], at[1]], "stdout"),
        (vec!["gen", "--clauses", "5000"], "stdout"),
        (vec!["fmt", "--check", unformatted], "stdout"),
        (vec!["--help"], "stdout"),
        (vec!["check", "--help"], "stdout"),
    ];
    for (args, closed) in cases {
        // The status with every byte read, which the closed pipe must not change.
        let expected = status(&pactum(&args));
        let mut command = Command::new(env!("CARGO_BIN_EXE_pactum"));
        command.args(&args);
        // The closed stream is a pipe nobody reads; the other is kept, to
        // look for a panic message.
        let mut child = if closed == "stdout" {
            command.stdout(Stdio::piped()).stderr(Stdio::piped())
        } else {
            command.stdout(Stdio::null()).stderr(Stdio::piped())
        }
        .spawn()
        .expect("the pactum binary runs");
        let kept = if closed == "stdout" {
            drop(child.stdout.take());
            child.stderr.take()
        } else {
            drop(child.stderr.take());
            None
        };
        let mut said = String::new();
        if let Some(mut kept) = kept {
            use std::io::Read;
            kept.read_to_string(&mut said).expect("stderr readable");
        }
        let exit = child.wait().expect("pactum ends");
        assert_ne!(exit.code(), Some(101), "{args:?} panicked: {said}");
        assert!(!said.contains("panicked"), "{args:?}: {said}");
        assert!(!said.contains("Broken pipe"), "{args:?}: {said}");
        assert_eq!(exit.code(), Some(expected), "{args:?}: {said}");
    }
}
