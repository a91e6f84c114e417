// VS Code client for the Pactum language server (`pactum lsp`, JSON-RPC over stdio).
//
// Highlighting comes from the TextMate grammar in syntaxes/ and works without the
// server; everything else (diagnostics, quick fixes, inlay hints, semantic tokens,
// ...) comes from the server. "Pactum: Open Timeline" runs `pactum timeline`.

import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { COMMANDS } from "./commands";
import { foldingRanges } from "./folding";
import { pactumExecutable, ServerCommand, serverCommand } from "./server";
import { runTimeline, timelineCommand, webviewHtml } from "./timeline";

// Also the prefix of the `pactum.trace.server` setting the client reads.
const CLIENT_ID = "pactum";
const CLIENT_NAME = "Pactum Language Server";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
// Amendments name other .pactum files, so the server may want to hear when they change.
// One watcher for the whole session, shared by every restarted client.
let watcher: vscode.FileSystemWatcher | undefined;
// Restarts run one after another, so a settings change during a restart cannot
// leave two servers running.
let queue: Promise<void> = Promise.resolve();
// One timeline panel per contract file, shown again (and redrawn) when asked again.
const timelines = new Map<string, vscode.WebviewPanel>();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  watcher = vscode.workspace.createFileSystemWatcher("**/*.pactum");
  context.subscriptions.push(output, watcher);

  context.subscriptions.push(
    vscode.languages.registerFoldingRangeProvider({ language: "pactum" }, { provideFoldingRanges }),
    vscode.commands.registerCommand(COMMANDS.restartServer, restartServer),
    vscode.commands.registerCommand(COMMANDS.openTimeline, openTimeline),
    // A new server path or new arguments only take effect in a new process.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("pactum.server")) {
        void restartServer();
      }
    }),
  );

  await (queue = queue.then(startServer));
}

export async function deactivate(): Promise<void> {
  await (queue = queue.then(stopServer));
}

function provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
  return foldingRanges(document.getText()).map(
    (fold) =>
      new vscode.FoldingRange(
        fold.start,
        fold.end,
        fold.comment ? vscode.FoldingRangeKind.Comment : undefined,
      ),
  );
}

function restartServer(): Promise<void> {
  queue = queue.then(async () => {
    await stopServer();
    await startServer();
  });
  return queue;
}

async function startServer(): Promise<void> {
  const { command, args } = configuredCommand();
  output?.info(`starting ${command} ${args.join(" ")}`);

  const serverOptions: ServerOptions = {
    command,
    args,
    transport: TransportKind.stdio,
    options: { cwd: firstWorkspaceFolder() },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "pactum" },
      { scheme: "untitled", language: "pactum" },
    ],
    outputChannel: output,
    synchronize: { fileEvents: watcher },
  };

  const candidate = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  try {
    await candidate.start();
    client = candidate;
  } catch (error) {
    // Typically the executable is missing: say so plainly and offer the setting.
    await candidate.dispose().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    output?.error(`could not start ${command}: ${reason}`);
    void offerSettings(
      `Pactum: could not start the language server \`${command} ${args.join(" ")}\` (${reason}). ` +
        "Install pactum or set `pactum.server.path`.",
    );
  }
}

async function stopServer(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) {
    return;
  }
  try {
    // Dispose, not just stop: the old client is dropped (our output channel survives,
    // the client only disposes channels it created).
    await running.dispose();
  } catch (error) {
    // A server that already died cannot be stopped cleanly; the restart goes on.
    output?.warn(`stopping the server: ${String(error)}`);
  }
}

/**
 * Draws the timeline of a contract (the one given, from the explorer, or the
 * active editor's) with `pactum timeline FILE -o OUT.html` and shows the page
 * beside the editor. The command reads the file from disk, so unsaved changes
 * are saved first.
 */
async function openTimeline(resource?: vscode.Uri): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const uri = resource ?? (editor?.document.languageId === "pactum" ? editor.document.uri : undefined);
  if (uri === undefined) {
    void vscode.window.showErrorMessage("Pactum: open a .pactum contract to see its timeline.");
    return;
  }
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document?.isDirty) {
    await document.save();
  }
  if (uri.scheme !== "file") {
    void vscode.window.showErrorMessage("Pactum: save the contract to a file to see its timeline.");
    return;
  }
  const config = vscode.workspace.getConfiguration("pactum.server");
  const executable = pactumExecutable(
    { path: config.get<unknown>("path") },
    { home: os.homedir(), workspaceFolder: firstWorkspaceFolder() },
  );
  const command = timelineCommand(executable, uri.fsPath, os.tmpdir());
  output?.info(`running ${command.command} ${command.args.join(" ")}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: "Pactum: drawing the timeline" },
    () => runTimeline(command, firstWorkspaceFolder() ?? path.dirname(uri.fsPath)),
  );
  if (!result.ok) {
    output?.error(result.stderr);
    void offerSettings(`Pactum: \`${command.command} timeline\` failed: ${result.stderr}`);
    return;
  }
  const page = await fs.readFile(command.output, "utf8");
  const key = uri.toString();
  let panel = timelines.get(key);
  if (panel === undefined) {
    panel = vscode.window.createWebviewPanel(
      "pactum.timeline",
      `Timeline: ${path.basename(uri.fsPath)}`,
      vscode.ViewColumn.Beside,
      { enableScripts: true, localResourceRoots: [] },
    );
    panel.onDidDispose(() => timelines.delete(key));
    timelines.set(key, panel);
  } else {
    panel.reveal(vscode.ViewColumn.Beside);
  }
  panel.webview.html = webviewHtml(page, panel.webview.cspSource);
}

async function offerSettings(message: string): Promise<void> {
  const open = "Open Settings";
  const choice = await vscode.window.showErrorMessage(message, open);
  if (choice === open) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "pactum.server");
  }
}

/** The executable and arguments from the `pactum.server.*` settings. */
function configuredCommand(): ServerCommand {
  const config = vscode.workspace.getConfiguration("pactum.server");
  return serverCommand(
    { path: config.get<unknown>("path"), extraArgs: config.get<unknown>("extraArgs") },
    { home: os.homedir(), workspaceFolder: firstWorkspaceFolder() },
  );
}

function firstWorkspaceFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === "file" ? folder.uri.fsPath : undefined;
}
