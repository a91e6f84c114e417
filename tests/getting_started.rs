//! What a new user runs first, through the built binary: `pactum explain
//! CODE` (the documentation of a code, from docs/diagnostics.md), `pactum
//! init` (a contract and an invariant test to start from) and `pactum
//! completions SHELL`.

#[allow(dead_code)]
#[path = "common/corpus.rs"]
mod corpus;

use std::path::Path;
use std::process::{Command, Output};

use pactum::diagnostics::Code;

fn pactum_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the pactum binary runs")
}

fn pactum(args: &[&str]) -> Output {
    pactum_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---------------------------------------------------------------- explain

/// The section of docs/diagnostics.md under `code`'s heading, read from the
/// page on disk (the binary has its own copy, built in).
fn section(doc: &str, code: Code) -> String {
    let start = doc
        .find(&format!("### `{code}`"))
        .unwrap_or_else(|| panic!("docs/diagnostics.md has no section for {code}"));
    let rest = &doc[start..];
    let end = rest[1..]
        .find("\n## ")
        .into_iter()
        .chain(rest[1..].find("\n### "))
        .min()
        .map_or(rest.len(), |at| at + 1);
    rest[..end].to_string()
}

#[test]
fn explain_prints_the_page_section_of_every_code_with_its_corpus_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/diagnostics.md")).unwrap();
    let mut corpus = corpus::files("tests/ui");
    corpus.extend(corpus::files(corpus::ANALYSIS));
    for code in Code::ALL {
        let out = pactum(&["explain", code.as_str()]);
        assert_eq!(out.status.code(), Some(0), "{code}: {}", stderr(&out));
        let text = stdout(&out);
        let severity = format!("{:?}", code.severity()).to_lowercase();
        assert!(
            text.starts_with(&format!("### `{code}` ({severity})\n")),
            "{code}:\n{text}"
        );
        // Every line of the page's section is printed, apart from the markers
        // of generated regions; nothing else is.
        let section = section(&doc, *code);
        let expected: Vec<&str> = section
            .lines()
            .filter(|l| !l.starts_with("<!--") && !l.is_empty())
            .collect();
        let printed: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(printed, expected, "{code}");
        // Each corpus file of the code is among its examples.
        for path in &corpus {
            if corpus::code_of(&corpus::stem(path)) == Some(*code) {
                let shown = path.display().to_string().replace('\\', "/");
                assert!(text.contains(&format!("`{shown}`")), "{code} lacks {shown}");
            }
        }
    }
}

#[test]
fn explain_takes_a_code_without_its_prefix() {
    let full = pactum(&["explain", "pactum::conflict::exclusive"]);
    let short = pactum(&["explain", "conflict::exclusive"]);
    assert_eq!(full.status.code(), Some(0));
    assert_eq!(stdout(&full), stdout(&short));
    assert!(stdout(&short).contains("exclusive right"));
}

#[test]
fn explain_of_an_unknown_code_says_so_and_suggests_the_nearest() {
    let out = pactum(&["explain", "pactum::name::unknwn"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        "error: `pactum::name::unknwn` is not a diagnostic code\n  \
         help: did you mean `pactum::name::unknown`?\n  \
         help: docs/diagnostics.md lists every code\n"
    );

    // A family lists its codes.
    let out = pactum(&["explain", "conflict"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for code in Code::ALL
        .iter()
        .filter(|c| c.as_str().starts_with("pactum::conflict::"))
    {
        assert!(err.contains(&format!("`{code}`")), "{err}");
    }

    // Nothing near: no guess.
    let out = pactum(&["explain", "zzzz"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("did you mean"), "{}", stderr(&out));
}

// ---------------------------------------------------------------- init

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("getting_started")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn init_writes_a_contract_that_checks_clean_and_its_invariant_test() {
    let dir = scratch("init");
    // A directory that does not exist yet is created.
    let out = pactum_in(&dir, &["init", "new/agreement"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("pactum check new/agreement/contract.pactum"));
    let root = dir.join("new/agreement");
    let contract = std::fs::read_to_string(root.join("contract.pactum")).unwrap();
    let test = std::fs::read_to_string(root.join("tests/invariants.rs")).unwrap();
    // The files are the templates that tests/init_template.rs runs as a real
    // test of this repository, so the test written is one that passes.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/init");
    assert_eq!(
        contract,
        std::fs::read_to_string(repo.join("contract.pactum")).unwrap()
    );
    assert_eq!(
        test,
        std::fs::read_to_string(repo.join("tests/invariants.rs")).unwrap()
    );
    assert!(test.contains("include_str!(\"../contract.pactum\")"));

    // The contract checks clean: no error, no warning, and its assertions
    // are proved.
    let out = pactum_in(&root, &["check", "contract.pactum", "--color", "never"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("checked 1 file: 0 errors, 0 warnings, 0 info"),
        "{err}"
    );
    assert!(err.contains("proved 2 assertions"), "{err}");
    // ... and is in the canonical layout.
    let out = pactum_in(&root, &["fmt", "--check", "contract.pactum"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Every clause the test names is a clause of the contract.
    for name in ["licence", "confidentiality"] {
        assert!(contract.contains(&format!("clause {name} ")), "{name}");
        assert!(test.contains(&format!("\"{name}\"")), "{name}");
    }
}

#[test]
fn init_never_overwrites_a_file_and_then_writes_nothing() {
    let dir = scratch("init-refuses");
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    std::fs::write(dir.join("tests/invariants.rs"), "// mine\n").unwrap();
    let out = pactum_in(&dir, &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: `./tests/invariants.rs` already exists; `pactum init` never overwrites a \
         file, so it wrote nothing\n  help: run it in another directory (`pactum init DIR`), \
         or move the file away\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("tests/invariants.rs")).unwrap(),
        "// mine\n"
    );
    assert!(!dir.join("contract.pactum").exists());

    // Run twice: the second run refuses and leaves the first's files alone.
    let dir = scratch("init-twice");
    assert_eq!(pactum_in(&dir, &["init"]).status.code(), Some(0));
    std::fs::write(dir.join("contract.pactum"), "// edited\n").unwrap();
    let out = pactum_in(&dir, &["init", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`./contract.pactum` and `./tests/invariants.rs` already exist"));
    assert_eq!(
        std::fs::read_to_string(dir.join("contract.pactum")).unwrap(),
        "// edited\n"
    );
}

// ---------------------------------------------------------------- completions

/// What bash completes after `line` (the words typed, the last one being
/// completed), with the script `pactum completions bash` prints loaded as a
/// user's shell would load it.
fn bash_completes(script: &Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\n\
         COMP_WORDS=({})\n\
         COMP_CWORD={}\n\
         COMP_LINE=\"${{COMP_WORDS[*]}}\"\n\
         COMP_POINT=${{#COMP_LINE}}\n\
         _pactum pactum \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.len() - 1
    );
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).lines().map(str::to_string).collect()
}

#[test]
fn bash_completes_subcommands_flags_and_values_from_the_script() {
    let out = pactum(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    let script = scratch("completions").join("pactum.bash");
    std::fs::write(&script, &out.stdout).unwrap();

    assert_eq!(bash_completes(&script, &["pactum", "expl"]), ["explain"]);
    let subcommands = bash_completes(&script, &["pactum", ""]);
    for name in [
        "check",
        "query",
        "fmt",
        "lsp",
        "explain",
        "init",
        "completions",
    ] {
        assert!(
            subcommands.iter().any(|s| s == name),
            "{name}: {subcommands:?}"
        );
    }
    assert_eq!(
        bash_completes(&script, &["pactum", "check", "--format", ""]),
        ["human", "json", "sarif", "github"]
    );
    let shells = bash_completes(&script, &["pactum", "completions", ""]);
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        assert!(shells.iter().any(|s| s == shell), "{shell}: {shells:?}");
    }
}

#[test]
fn every_shell_gets_a_script_naming_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = pactum(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for name in ["check", "query", "explain", "init", "completions"] {
            assert!(script.contains(name), "{shell} script lacks {name}");
        }
    }
    let out = pactum(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("possible values: bash, elvish, fish, powershell, zsh"));
}
