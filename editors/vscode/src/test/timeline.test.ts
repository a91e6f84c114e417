// Unit tests for "Pactum: Open Timeline": the command is contributed and
// registered under one id, the `pactum timeline` command line is built as the
// CLI takes it, a run that fails says why, and the page keeps its scripts.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { COMMANDS } from "../commands";
import { pactumExecutable } from "../server";
import { runTimeline, timelineCommand, webviewHtml } from "../timeline";

const root = path.join(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

test("package.json contributes exactly the commands the extension registers", () => {
  const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, Object.values(COMMANDS).sort());
  const timeline = manifest.contributes.commands.find(
    (c: { command: string }) => c.command === COMMANDS.openTimeline,
  );
  assert.equal(`${timeline.category}: ${timeline.title}`, "Pactum: Open Timeline");
});

test("the extension registers every command by its constant", () => {
  const source = fs.readFileSync(path.join(root, "src", "extension.ts"), "utf8");
  for (const name of Object.keys(COMMANDS)) {
    assert.match(source, new RegExp(`registerCommand\\(COMMANDS\\.${name},`), name);
  }
});

test("builds `pactum timeline FILE -o OUT.html` with the configured executable", () => {
  const env = { home: "/home/u", workspaceFolder: "/work/repo" };
  const executable = pactumExecutable({ path: "target/debug/pactum" }, env);
  const file = "/work/repo/contracts/ms openai.pactum";
  const command = timelineCommand(executable, file, "/tmp");
  assert.equal(command.command, path.join("/work/repo", "target/debug/pactum"));
  assert.deepEqual(command.args, ["timeline", file, "-o", command.output]);
  assert.match(command.output, /^\/tmp\/pactum-timeline-ms_openai-[0-9a-f]{12}\.html$/);
  // The same contract gets the same page; another contract another one.
  assert.equal(timelineCommand(executable, file, "/tmp").output, command.output);
  assert.notEqual(timelineCommand(executable, "/work/repo/b.pactum", "/tmp").output, command.output);
});

test("a run writes the page where the command says", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pactum-timeline-test-"));
  // A stand-in for `pactum` that writes its `-o` argument, as the CLI does.
  const fake = path.join(dir, "fake-pactum.js");
  fs.writeFileSync(
    fake,
    "const a = process.argv.slice(2);\n" +
      "if (a[0] !== 'timeline' || a[2] !== '-o') { console.error('bad args ' + a); process.exit(2); }\n" +
      "require('fs').writeFileSync(a[3], '<html><head></head><body>' + a[1] + '</body></html>');\n",
  );
  const contract = path.join(dir, "c.pactum");
  const command = timelineCommand(process.execPath, contract, dir);
  command.args.unshift(fake);
  const result = await runTimeline(command);
  assert.deepEqual(result, { ok: true, stderr: "" });
  assert.match(fs.readFileSync(command.output, "utf8"), /c\.pactum/);
  fs.rmSync(dir, { recursive: true });
});

test("a failed run says what the command said", async () => {
  const failing = { command: process.execPath, args: ["-e", "console.error('no such file'); process.exit(1)"], output: "" };
  assert.deepEqual(await runTimeline(failing), { ok: false, stderr: "no such file" });
  const missing = { command: "/nonexistent/pactum", args: ["timeline"], output: "" };
  const result = await runTimeline(missing);
  assert.equal(result.ok, false);
  assert.match(result.stderr, /ENOENT/);
});

test("the page keeps its inline scripts and gets no network", () => {
  const html = webviewHtml("<!DOCTYPE html><html><head><title>t</title></head><body><svg></svg></body></html>", "vscode-resource:");
  assert.match(html, /<head><meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  assert.match(html, /script-src 'unsafe-inline'/);
  assert.ok(html.endsWith("<title>t</title></head><body><svg></svg></body></html>"));
  assert.match(webviewHtml("<svg></svg>", "x"), /^<!DOCTYPE html><html><head><meta/);
});
