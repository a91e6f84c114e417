// How the `pactum.server.*` settings become the command that starts the server.
// Free of the `vscode` module so it can be unit-tested in plain node.

import * as path from "node:path";

export interface ServerCommand {
  command: string;
  args: string[];
}

export interface ServerSettings {
  /** `pactum.server.path`, as read from the configuration (any JSON value). */
  path: unknown;
  /** `pactum.server.extraArgs`, as read from the configuration (any JSON value). */
  extraArgs: unknown;
}

export interface Environment {
  home: string;
  /** The first workspace folder on disk, if any. */
  workspaceFolder: string | undefined;
}

/** `pactum lsp` plus the extra arguments, run from the configured executable. */
export function serverCommand(settings: ServerSettings, env: Environment): ServerCommand {
  // Settings files are hand-edited JSON: ignore values of the wrong type.
  const extra = Array.isArray(settings.extraArgs) ? settings.extraArgs : [];
  return {
    command: pactumExecutable(settings, env),
    args: ["lsp", ...extra.filter((arg): arg is string => typeof arg === "string")],
  };
}

/** The `pactum` executable `pactum.server.path` names, for every command the extension runs. */
export function pactumExecutable(settings: Pick<ServerSettings, "path">, env: Environment): string {
  const configured = typeof settings.path === "string" ? settings.path.trim() : "";
  return resolveServerPath(configured === "" ? "pactum" : configured, env);
}

/**
 * A bare name (`pactum`) is looked up on PATH when spawned; `~/...` is expanded; a
 * relative path with a separator (`target/debug/pactum`) is taken from the first
 * workspace folder, which is what someone working on pactum itself expects.
 */
function resolveServerPath(configured: string, env: Environment): string {
  if (configured === "~" || configured.startsWith("~/")) {
    return path.join(env.home, configured.slice(1));
  }
  const hasSeparator = configured.includes("/") || configured.includes(path.sep);
  if (hasSeparator && !path.isAbsolute(configured) && env.workspaceFolder !== undefined) {
    return path.join(env.workspaceFolder, configured);
  }
  return configured;
}
