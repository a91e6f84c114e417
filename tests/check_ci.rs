//! `pactum check` as a CI gate: SARIF 2.1.0 validated against the official
//! schema (vendored in tests/fixtures/sarif/), GitHub workflow commands,
//! `--deny warnings`, and `allow` lines in the contract.

use std::process::{Command, Output};

use serde_json::Value;

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the pactum binary runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

const ALLOW: &str = "tests/analysis/allow.unused.pactum";
const DUPLICATE: &str = "tests/ui/name.duplicate.pactum";
const CONFLICT: &str = "tests/analysis/conflict.permission_prohibition.pactum";

fn sarif(files: &[&str]) -> Value {
    let mut args = vec!["check", "--format", "sarif"];
    args.extend_from_slice(files);
    let out = pactum(&args);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sarif/sarif-schema-2.1.0.json"
    ))
    .expect("the vendored schema");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("the schema compiles")
}

#[test]
fn sarif_output_validates_against_the_official_schema() {
    let validator = schema();
    let cases: &[&[&str]] = &[
        &[ALLOW, DUPLICATE, CONFLICT],
        &["contracts/microsoft-openai-2025.pactum"],
        &["tests/ok/example-basic.pactum"],
        &["no/such/file.pactum"],
    ];
    for files in cases {
        let log = sarif(files);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{files:?}:\n{}", errors.join("\n"));
        assert_eq!(log["version"], "2.1.0");
    }
    // The validator is not vacuous: a log without `version` is rejected.
    let mut broken = sarif(&[DUPLICATE]);
    broken.as_object_mut().unwrap().remove("version");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_has_rules_with_help_results_and_related_locations() {
    let log = sarif(&[ALLOW, DUPLICATE, CONFLICT]);
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "pactum");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[index]["id"], r["ruleId"],
            "ruleIndex points at the rule"
        );
    }
    // A rule's help is docs/diagnostics.md's explanation of the code.
    let doc = std::fs::read_to_string("docs/diagnostics.md").unwrap();
    let dup = rules
        .iter()
        .find(|r| r["id"] == "pactum::name::duplicate")
        .expect("the rule");
    let help = dup["help"]["text"].as_str().unwrap();
    let first_paragraph = help.split("\n\n").next().unwrap();
    assert!(doc.contains(first_paragraph), "{help}");
    assert_eq!(dup["defaultConfiguration"]["level"], "error");

    let duplicate = results
        .iter()
        .find(|r| r["ruleId"] == "pactum::name::duplicate")
        .expect("the duplicate");
    let at = &duplicate["locations"][0]["physicalLocation"];
    assert_eq!(at["artifactLocation"]["uri"], DUPLICATE);
    assert_eq!(at["region"]["startLine"], 6);
    assert_eq!(at["region"]["startColumn"], 7);
    let related = &duplicate["relatedLocations"][0];
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 5);
    assert_eq!(related["message"]["text"], "first declared here");

    // The allowed finding is a result with an in-source suppression.
    let allowed = results
        .iter()
        .find(|r| r["ruleId"] == "pactum::norm::open_ended")
        .expect("the allowed finding");
    assert_eq!(allowed["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        allowed["suppressions"][0]["justification"],
        "the licence is perpetual by design (2.1)"
    );
}

#[test]
fn github_format_prints_workflow_commands() {
    let out = pactum(&["check", "--format", "github", DUPLICATE, ALLOW]);
    assert_eq!(code(&out), 1);
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.contains(
            &"::error file=tests/ui/name.duplicate.pactum,line=6,col=7,endLine=6,endColumn=16,\
              title=pactum%3A%3Aname%3A%3Aduplicate::party `microsoft` is declared twice%0A\
              help: rename one of the two `microsoft`, or remove the repeated declaration"
        ),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::warning file=tests/analysis/allow.unused.pactum,line=29,")),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("::notice ") && l.contains("(allowed: the licence is perpetual")),
        "{text}"
    );
    assert!(lines.iter().all(|l| l.starts_with("::")), "{text}");
}

#[test]
fn deny_warnings_fails_on_a_warning_only() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("check_ci");
    std::fs::create_dir_all(&dir).unwrap();
    let clean = dir.join("clean.pactum");
    let text = format!("{HEAD}clause c {{\n  a may use s\n  indefinitely\n}}\n");
    std::fs::write(&clean, text).unwrap();
    let clean = clean.to_str().unwrap();
    assert_eq!(code(&pactum(&["check", clean, "--deny", "warnings"])), 0);
    // One warning (the `allow` that allows nothing): 0, and 1 when denied.
    assert_eq!(code(&pactum(&["check", ALLOW])), 0);
    assert_eq!(code(&pactum(&["check", ALLOW, "--deny", "warnings"])), 1);
    let out = pactum(&["check", ALLOW, "--deny", "warnings", "--format", "json"]);
    assert_eq!(code(&out), 1);
    let out = pactum(&["check", ALLOW, "--deny", "nothing"]);
    assert_eq!(code(&out), 2, "an unknown level is a usage error");
}

#[test]
fn an_allowed_finding_is_reported_as_allowed_and_not_as_a_warning() {
    let out = pactum(&["check", "--format", "json", ALLOW]);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let allowed = doc["allowed"].as_array().expect("allowed");
    assert_eq!(allowed.len(), 1, "{doc}");
    assert_eq!(allowed[0]["code"], "pactum::norm::open_ended");
    assert_eq!(allowed[0]["line"], 21);
    assert_eq!(
        allowed[0]["reason"],
        "the licence is perpetual by design (2.1)"
    );
    assert_eq!(doc["summary"]["allowed"], 1);
    assert_eq!(doc["summary"]["warnings"], 1, "only the useless `allow`");
    let codes: Vec<&str> = (doc["diagnostics"].as_array().unwrap().iter())
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["pactum::allow::unused"]);

    let out = pactum(&["check", "--color", "never", ALLOW]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "allowed pactum::norm::open_ended at tests/analysis/allow.unused.pactum:21:3: \
             clause `licence` has no end (reason: the licence is perpetual by design (2.1))"
        ),
        "{err}"
    );
    assert!(
        err.ends_with("checked 1 file: 0 errors, 1 warning, 0 info, 1 allowed\n"),
        "{err}"
    );
}

/// Writes a contract to a scratch file and checks it as JSON.
fn check_text(name: &str, text: &str) -> Value {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("check_ci");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let out = pactum(&["check", "--format", "json", path.to_str().unwrap()]);
    serde_json::from_slice(&out.stdout).expect("JSON")
}

const HEAD: &str = "contract \"c\" effective 2025-01-01\nparty a\nparty b\naction use\nsubject s\n";

#[test]
fn an_allow_of_an_unknown_code_or_an_error_is_itself_reported() {
    let doc = check_text(
        "unknown.pactum",
        &format!("{HEAD}clause c {{\n  a may use s\n  indefinitely\n  allow pactum::norm::opn_ended \"typo\"\n}}\n"),
    );
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "pactum::allow::unused");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("is not a diagnostic code"),
        "{d}"
    );
    assert_eq!(d["help"], "did you mean `pactum::norm::open_ended`?");

    // Errors cannot be allowed: the conflict stays an error.
    let doc = check_text(
        "error.pactum",
        &format!(
            "{HEAD}clause c {{\n  a may use s\n  indefinitely\n}}\nclause d {{\n  a must not use s\n  indefinitely\n  allow pactum::conflict::permission_prohibition \"we know\"\n}}\n"
        ),
    );
    let codes: Vec<&str> = (doc["diagnostics"].as_array().unwrap().iter())
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"pactum::conflict::permission_prohibition"),
        "{doc}"
    );
    assert!(codes.contains(&"pactum::allow::unused"), "{doc}");
    assert_eq!(doc["summary"]["allowed"], 0);
}

#[test]
fn an_allow_covers_only_its_own_clause() {
    // Two open-ended clauses; only the first allows it.
    let doc = check_text(
        "own.pactum",
        &format!(
            "{HEAD}clause c {{\n  a may use s\n  allow pactum::norm::open_ended \"on purpose\"\n}}\nclause d {{\n  b may use s\n}}\n"
        ),
    );
    assert_eq!(doc["summary"]["allowed"], 1, "{doc}");
    let open: Vec<&Value> = (doc["diagnostics"].as_array().unwrap().iter())
        .filter(|d| d["code"] == "pactum::norm::open_ended")
        .collect();
    assert_eq!(open.len(), 1, "{doc}");
    assert!(
        open[0]["message"].as_str().unwrap().contains("`d`"),
        "{doc}"
    );
}
