// "Pactum: Open Timeline": runs `pactum timeline FILE -o OUT.html` and hands the
// page to the editor. Free of the `vscode` module so that the command line and
// the run can be unit-tested in plain node.

import { execFile } from "node:child_process";
import * as crypto from "node:crypto";
import * as path from "node:path";

export interface TimelineCommand {
  command: string;
  args: string[];
  /** Where `pactum timeline` writes the page. */
  output: string;
}

/**
 * The command that draws the timeline of the contract at `file` into a file of
 * `tmpdir`: one page per contract path, so opening the timeline again replaces
 * the page instead of filling the directory.
 */
export function timelineCommand(executable: string, file: string, tmpdir: string): TimelineCommand {
  const digest = crypto.createHash("sha256").update(path.resolve(file)).digest("hex").slice(0, 12);
  const stem = path.basename(file, path.extname(file)).replace(/[^A-Za-z0-9_.-]/g, "_") || "contract";
  const output = path.join(tmpdir, `pactum-timeline-${stem}-${digest}.html`);
  return { command: executable, args: ["timeline", file, "-o", output], output };
}

export interface RunResult {
  ok: boolean;
  /** What the command said on standard error, for the message shown when it fails. */
  stderr: string;
}

/** Runs the command; never rejects (a missing executable is a failed run). */
export function runTimeline(command: TimelineCommand, cwd?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command.command,
      command.args,
      { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        const said = String(stderr ?? "").trim();
        resolve({ ok: error === null, stderr: said !== "" ? said : error?.message ?? "" });
      },
    );
  });
}

/**
 * The page as a webview shows it: the timeline is self-contained (inline SVG,
 * styles and the scenario picker's script), so the policy allows inline
 * styles and scripts and nothing from the network.
 */
export function webviewHtml(page: string, cspSource: string): string {
  const policy =
    `default-src 'none'; img-src ${cspSource} data:; ` +
    `style-src ${cspSource} 'unsafe-inline'; script-src 'unsafe-inline'; font-src ${cspSource} data:`;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  const head = /<head[^>]*>/i.exec(page);
  if (head !== null) {
    const at = head.index + head[0].length;
    return page.slice(0, at) + meta + page.slice(at);
  }
  return `<!DOCTYPE html><html><head>${meta}</head><body>${page}</body></html>`;
}
