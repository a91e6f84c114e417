// Unit tests for the brace folding used by the extension (run with `node --test`).

import assert from "node:assert/strict";
import { test } from "node:test";
import { foldingRanges } from "../folding";

test("folds a clause body, keeping the closing brace visible", () => {
  const text = ["clause c {", '  source "T1"', "  a may use b", "}"].join("\n");
  assert.deepEqual(foldingRanges(text), [{ start: 0, end: 2, comment: false }]);
});

test("folds nested subject trees outermost first", () => {
  const text = ["subject ip {", "  models {", "    weights", "    code", "  }", "  research", "}"].join(
    "\n",
  );
  assert.deepEqual(foldingRanges(text), [
    { start: 0, end: 5, comment: false },
    { start: 1, end: 3, comment: false },
  ]);
});

test("ignores braces in strings and comments", () => {
  const text = [
    'clause c "a { in a string" {',
    "  // a } in a comment",
    "  /* and { here */",
    "  a may use b",
    "}",
  ].join("\n");
  assert.deepEqual(foldingRanges(text), [{ start: 0, end: 3, comment: false }]);
});

test("an escaped quote does not end a string", () => {
  const text = ['party p "say \\"}\\" here" {', "  x", "  y", "}"].join("\n");
  assert.deepEqual(foldingRanges(text), [{ start: 0, end: 2, comment: false }]);
});

test("an unterminated string ends at its line", () => {
  const text = ['party p "open', "clause c {", "  x", "  y", "}"].join("\n");
  assert.deepEqual(foldingRanges(text), [{ start: 1, end: 3, comment: false }]);
});

test("folds multi-line block comments through their last line", () => {
  const text = ["/* one", "   two", "*/", "party p"].join("\n");
  assert.deepEqual(foldingRanges(text), [{ start: 0, end: 2, comment: true }]);
});

test("one-line blocks, unclosed and stray braces give no folds", () => {
  const text = ["assert a { no conflicts }", "}", "clause c {", "  x", "  y"].join("\n");
  assert.deepEqual(foldingRanges(text), []);
});
