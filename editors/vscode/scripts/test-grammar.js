#!/usr/bin/env node
// Tests for the TextMate grammar, run by `npm test`:
//
// 1. syntaxes/pactum.tmLanguage.json is what scripts/build-grammar.js generates;
// 2. the word lists it was built from (scripts/lexicon.json) are the parser's: checked
//    on the Rust side, by tests/lexicon.rs, against src/syntax/lexicon.rs;
// 3. scope assertions (`// SYNTAX TEST` files) pass, with vscode-tmgrammar-test;
// 4. snapshots of the other files in test/ match, with vscode-tmgrammar-snap
//    (`--update-snapshots` rewrites them after a deliberate change);
// 5. every .pactum file in test/ and in ../../contracts/ tokenizes cleanly: each
//    non-blank token gets a real scope (not just source/meta), and no block or
//    comment is left open at the end of the file.

"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const ROOT = path.join(__dirname, "..");
const REPO = path.join(ROOT, "..", "..");
const GRAMMAR = path.join(ROOT, "syntaxes", "pactum.tmLanguage.json");
const FIXTURE_DIRS = [path.join(ROOT, "test"), path.join(REPO, "contracts")];
const SYNTAX_HEADER = /^\/\/\s+SYNTAX\s+TEST\s+"source\.pactum"/;

const updateSnapshots = process.argv.includes("--update-snapshots");
let failed = false;

function fail(message) {
  console.error(`✖ ${message}`);
  failed = true;
}

function pactumFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".pactum"))
    .sort()
    .map((name) => path.join(dir, name));
}

const isSyntaxTest = (file) => SYNTAX_HEADER.test(fs.readFileSync(file, "utf8"));
const relative = (file) => path.relative(ROOT, file);

/** Runs a bin of vscode-tmgrammar-test from the extension folder (its package.json names the grammar). */
function runTool(script, args) {
  const bin = require.resolve(`vscode-tmgrammar-test/dist/${script}`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, stdio: "inherit" });
  return result.status === 0;
}

function checkGenerated() {
  const script = path.join(__dirname, "build-grammar.js");
  const result = spawnSync(process.execPath, [script, "--check"], { stdio: "inherit" });
  if (result.status !== 0) fail("the grammar JSON is not the generated one");
  else console.log("✓ syntaxes/pactum.tmLanguage.json is up to date");
}

function runSyntaxTests(files) {
  if (files.length === 0) return fail("no syntax test files found");
  if (!runTool("unit.js", files.map(relative))) fail("scope assertions failed");
}

function runSnapshots(files) {
  if (files.length === 0) return;
  const missing = files.filter((file) => !fs.existsSync(`${file}.snap`));
  if (missing.length > 0 && !updateSnapshots) {
    // The tool would silently write them; a test run must compare against committed ones.
    return fail(`no snapshot for ${missing.map(relative).join(", ")}: run npm run test:update-snapshots`);
  }
  const args = [...(updateSnapshots ? ["--updateSnapshot"] : []), ...files.map(relative)];
  if (!runTool("snapshot.js", args)) fail("snapshots differ");
}

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === "source.pactum"
        ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR, "utf8"), GRAMMAR)
        : null,
  });
  return registry.loadGrammar("source.pactum");
}

/** A token says something only if it has a scope beyond the file's and the items' meta scopes. */
const meaningful = (scopes) => scopes.some((s) => s !== "source.pactum" && !s.startsWith("meta."));

function checkTokens(grammar, file) {
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
  const problems = [];
  let stack = textmate.INITIAL;
  lines.forEach((line, n) => {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, stack);
    stack = ruleStack;
    for (const token of tokens) {
      const text = line.slice(token.startIndex, token.endIndex);
      if (text.trim() !== "" && !meaningful(token.scopes)) {
        problems.push(`${n + 1}:${token.startIndex + 1}: no scope for ${JSON.stringify(text)}`);
      }
    }
  });
  // At the end of the file only the last item's region may be open (depth 2: the file
  // and the item): an unclosed block, string or comment would leave more.
  if (stack.depth > 2) {
    const open = grammar.tokenizeLine("", stack).tokens[0].scopes;
    problems.push(`end of file: still inside ${open.join(" ")}`);
  }
  if (problems.length > 0) fail(`${relative(file)}:\n    ${problems.join("\n    ")}`);
  else console.log(`✓ ${relative(file)} tokenizes cleanly`);
}

async function main() {
  checkGenerated();

  const files = FIXTURE_DIRS.flatMap(pactumFiles);
  const syntaxTests = files.filter(isSyntaxTest);
  const others = files.filter((file) => !isSyntaxTest(file));
  runSyntaxTests(syntaxTests);
  // Snapshots live next to their file, so only for our own fixtures; contracts/ changes
  // often and gets the clean-tokenization check below instead.
  runSnapshots(others.filter((file) => path.dirname(file) === path.join(ROOT, "test")));

  const grammar = await loadGrammar();
  if (grammar === null) return fail("could not load source.pactum");
  for (const file of files) checkTokens(grammar, file);
  if (!others.some((file) => file.startsWith(path.join(REPO, "contracts")))) {
    console.log("  (no ../../contracts/*.pactum yet: only test/ fixtures checked)");
  }
}

main().then(
  () => process.exit(failed ? 1 : 0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
