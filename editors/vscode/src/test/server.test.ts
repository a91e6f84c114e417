// Unit tests for turning the settings into the server command.

import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { serverCommand } from "../server";

const env = { home: "/home/u", workspaceFolder: "/work/repo" };

test("defaults to pactum lsp on PATH", () => {
  assert.deepEqual(serverCommand({ path: undefined, extraArgs: undefined }, env), {
    command: "pactum",
    args: ["lsp"],
  });
  assert.equal(serverCommand({ path: "  ", extraArgs: [] }, env).command, "pactum");
});

test("appends extra arguments and drops non-strings", () => {
  const command = serverCommand({ path: "pactum", extraArgs: ["--log", 3, "debug"] }, env);
  assert.deepEqual(command.args, ["lsp", "--log", "debug"]);
});

test("ignores settings of the wrong type", () => {
  assert.deepEqual(serverCommand({ path: 42, extraArgs: "--log" }, env), {
    command: "pactum",
    args: ["lsp"],
  });
});

test("expands the home directory", () => {
  const command = serverCommand({ path: "~/bin/pactum", extraArgs: [] }, env);
  assert.equal(command.command, path.join("/home/u", "bin/pactum"));
});

test("takes relative paths from the workspace folder, keeps absolute ones", () => {
  const relative = serverCommand({ path: "target/debug/pactum", extraArgs: [] }, env);
  assert.equal(relative.command, path.join("/work/repo", "target/debug/pactum"));
  const absolute = serverCommand({ path: "/opt/pactum", extraArgs: [] }, env);
  assert.equal(absolute.command, "/opt/pactum");
  const noFolder = serverCommand(
    { path: "target/debug/pactum", extraArgs: [] },
    { home: "/home/u", workspaceFolder: undefined },
  );
  assert.equal(noFolder.command, "target/debug/pactum");
});
