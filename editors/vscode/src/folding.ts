// Folding on braces and block comments, without the language server.
//
// A language configuration cannot fold on brackets (VS Code then folds on indentation
// only), so the extension provides these ranges itself. Kept free of the `vscode`
// module so it can be unit-tested in plain node.

export interface Fold {
  /** 0-based first line (the one with the `{` or the `/*`). */
  start: number;
  /** 0-based last line to hide; the line with the closing `}` stays visible. */
  end: number;
  comment: boolean;
}

/** Folds for every `{ ... }` and `/* ... *\/` spanning lines, skipping strings and comments. */
export function foldingRanges(text: string): Fold[] {
  const folds: Fold[] = [];
  const open: number[] = [];
  let line = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "\n") {
      line += 1;
      i += 1;
    } else if (c === "/" && next === "/") {
      i = text.indexOf("\n", i);
      if (i === -1) break;
    } else if (c === "/" && next === "*") {
      const start = line;
      const close = text.indexOf("*/", i + 2);
      const stop = close === -1 ? text.length : close + 2;
      line += countNewlines(text, i, stop);
      if (line > start) {
        // A comment keeps no closing line of its own worth showing: hide through `*/`.
        folds.push({ start, end: line, comment: true });
      }
      i = stop;
    } else if (c === '"') {
      i = skipString(text, i);
    } else if (c === "{") {
      open.push(line);
      i += 1;
    } else if (c === "}") {
      const start = open.pop();
      if (start !== undefined && line - 1 > start) {
        folds.push({ start, end: line - 1, comment: false });
      }
      i += 1;
    } else {
      i += 1;
    }
  }
  return folds.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The index after a string starting at `i`; strings end at their quote or line end. */
function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === "\\" && text[j + 1] !== "\n") {
      j += 2;
    } else if (c === '"') {
      return j + 1;
    } else if (c === "\n") {
      return j;
    } else {
      j += 1;
    }
  }
  return text.length;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    if (text[k] === "\n") n += 1;
  }
  return n;
}
