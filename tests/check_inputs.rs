//! What `pactum check` reads: several files, directories (recursively, each
//! file once, through symbolic-link loops) and `-` for standard input.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn pactum(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the pactum binary runs");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(bytes) = stdin {
        input.write_all(bytes).expect("stdin written");
    }
    drop(input);
    child.wait_with_output().expect("pactum ends")
}

fn json(args: &[&str], stdin: Option<&[u8]>) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = pactum(&all, stdin);
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().expect("exited"), doc)
}

fn files(doc: &Value) -> Vec<String> {
    (doc["files"].as_array().expect("files"))
        .iter()
        .map(|f| f.as_str().expect("a path").to_string())
        .collect()
}

const UNKNOWN: &str = "tests/ui/name.unknown.pactum";

#[test]
fn standard_input_is_checked_as_stdin() {
    let text = std::fs::read(UNKNOWN).expect("ui file");
    let (code, doc) = json(&["-"], Some(&text));
    assert_eq!(code, 1);
    assert_eq!(files(&doc), ["<stdin>"]);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "pactum::name::unknown");
    assert_eq!(d["file"], "<stdin>");
    // The same finding, at the same place, as for the file itself.
    let (_, from_file) = json(&[UNKNOWN], None);
    assert_eq!(d["line"], from_file["diagnostics"][0]["line"]);
    assert_eq!(d["message"], from_file["diagnostics"][0]["message"]);

    let out = pactum(&["check", "--color", "never", "-"], Some(&text));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>:9:3"), "{err}");
}

#[test]
fn standard_input_that_is_not_utf8_is_reported_like_a_file() {
    let (code, doc) = json(&["-"], Some(b"contract \"x\" effective 2030-01-01\n\xff\n"));
    assert_eq!(code, 2);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "pactum::io");
    assert_eq!(d["file"], "<stdin>");
    assert_eq!(d["line"], 2);
}

#[test]
fn standard_input_named_twice_is_read_once() {
    let text = std::fs::read("tests/ok/example-basic.pactum").expect("ok file");
    let (code, doc) = json(&["-", "-"], Some(&text));
    assert_eq!(code, 0);
    assert_eq!(files(&doc), ["<stdin>"]);
}

#[test]
fn several_files_and_directories_are_checked_each_once() {
    let dir = tempfile::tempdir().expect("scratch");
    let root = dir.path();
    std::fs::create_dir_all(root.join("deals/nested")).unwrap();
    std::fs::copy(UNKNOWN, root.join("deals/nested/a.pactum")).unwrap();
    std::fs::copy("tests/ok/example-basic.pactum", root.join("deals/b.pactum")).unwrap();
    std::fs::write(root.join("deals/notes.txt"), "not a contract").unwrap();
    // A loop of directories and a second name for a file.
    std::os::unix::fs::symlink("..", root.join("deals/nested/up")).unwrap();
    std::os::unix::fs::symlink("nested/a.pactum", root.join("deals/c.pactum")).unwrap();
    let deals = root.join("deals");
    let deals = deals.to_str().unwrap();
    let a = root.join("deals/nested/a.pactum");
    let (code, doc) = json(
        &[deals, a.to_str().unwrap(), "tests/ok/example-basic.pactum"],
        None,
    );
    assert_eq!(code, 1, "a.pactum has an error");
    let found = files(&doc);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.iter().all(|f| f.ends_with(".pactum")), "{found:?}");
    // a.pactum's error is reported once, however many names reach it.
    let unknown = (doc["diagnostics"].as_array().unwrap())
        .iter()
        .filter(|d| d["code"] == "pactum::name::unknown")
        .count();
    assert_eq!(unknown, 1, "{doc}");
}

#[test]
fn fmt_and_check_find_the_same_files_in_a_directory() {
    // One walker serves both: fmt --check lists what it would change among
    // the same files that check reads.
    let dir = Path::new("tests/ok");
    let (_, doc) = json(&[dir.to_str().unwrap()], None);
    let expected =
        pactum::workspace::files_to_process(&[dir.to_path_buf()], "").expect("tests/ok lists");
    let expected: Vec<String> = expected.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(files(&doc), expected);
}
