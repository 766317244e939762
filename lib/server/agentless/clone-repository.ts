import "server-only";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleGit } from "simple-git";
import type { ProviderName } from "@/lib/schemas/connectors";
import { childProcessEnv } from "../env";

/**
 * A shallow clone of one branch, over HTTPS, with the connector's access token, into a
 * temporary folder that the caller removes (withClone does).
 *
 * The token travels in an Authorization header given to this one git process through
 * GIT_CONFIG_* environment variables: never in the URL, the command line (other users of
 * the machine see those in `ps`), or the clone's .git/config. Nothing about the clone may
 * run code: no hooks, no submodules, no LFS smudge filter, no protocol but HTTP(S), no
 * prompt for credentials (a refused token fails at once), no system or global git config.
 */

export interface CloneRequest {
  provider: ProviderName;
  url: string;
  branch: string;
  token: string;
  signal?: AbortSignal;
  /** Stop a clone that sends nothing for this long. */
  idleTimeoutMs?: number;
}

export class CloneError extends Error {
  override name = "CloneError";
}

/** How each provider takes an OAuth token over git's HTTP transport. */
export function authorizationHeader(provider: ProviderName, token: string): string {
  switch (provider) {
    case "GITHUB":
      return `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
    case "GITLAB":
      return `Authorization: Basic ${Buffer.from(`oauth2:${token}`).toString("base64")}`;
    case "AZURE_DEVOPS":
      // Microsoft Entra tokens for Azure DevOps are bearer tokens for Azure Repos too.
      return `Authorization: Bearer ${token}`;
  }
}

/** The URL without credentials (Azure DevOps writes `org@` into its remote URLs). */
export function cloneAddress(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new CloneError(`Only HTTPS clone URLs are used; the provider gave ${parsed.protocol.replace(":", "")}.`);
  parsed.username = "";
  parsed.password = "";
  return parsed.href;
}

const TOKEN_PATTERN = /(Authorization:\s*(Basic|Bearer)\s+)\S+/gi;

/** git's own words for a failure, without anything resembling a credential. */
function describe(error: unknown, token: string): string {
  const text = (error instanceof Error ? error.message : String(error)).split(token).join("***").replace(TOKEN_PATTERN, "$1***");
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("Cloning into"));
  const fatal = lines.find((l) => l.startsWith("fatal:") || l.startsWith("remote:"));
  return (fatal ?? lines[0] ?? "git clone failed").replace(/^fatal:\s*/, "");
}

export async function cloneRepository(request: CloneRequest, into: string): Promise<{ commitSha: string }> {
  const gitEnv = childProcessEnv({
    HOME: into,
    LANG: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_LFS_SKIP_SMUDGE: "1",
    GIT_ALLOW_PROTOCOL: "http:https",
    GIT_CONFIG_COUNT: "2",
    GIT_CONFIG_KEY_0: "http.extraHeader",
    GIT_CONFIG_VALUE_0: authorizationHeader(request.provider, request.token),
    GIT_CONFIG_KEY_1: "core.hooksPath",
    GIT_CONFIG_VALUE_1: "/dev/null",
  });
  const git = simpleGit({
    baseDir: into,
    abort: request.signal,
    timeout: { block: request.idleTimeoutMs ?? 120_000 },
    strict: true,
    allowEnvironment: Object.keys(gitEnv).filter((k) => k.startsWith("GIT_")),
    allowConfig: ["http.extraHeader", "core.hooksPath", "core.symlinks"],
    unsafe: { allowUnsafeConfigPaths: true },
  }).env(gitEnv);
  const target = path.join(into, "checkout");
  try {
    await git.clone(cloneAddress(request.url), target, ["--depth", "1", "--single-branch", "--no-tags", "--branch", request.branch, "--config", "core.symlinks=false"]);
    const commitSha = (await git.cwd(target).revparse(["HEAD"])).trim();
    return { commitSha };
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    throw new CloneError(`Could not clone ${cloneAddress(request.url)} (branch ${request.branch}): ${describe(error, request.token)}`);
  }
}

/** Runs `work` on a fresh clone, and removes it (token-free as it is) whatever happens. */
export async function withClone<T>(request: CloneRequest, work: (checkout: string, commitSha: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(path.join(tmpdir(), "rampart-clone-"));
  try {
    const { commitSha } = await cloneRepository(request, folder);
    return await work(path.join(folder, "checkout"), commitSha);
  } finally {
    await removeFolder(folder);
  }
}

/**
 * Removes the clone's folder. A clone stopped midway (cancelled, timed out) may still be
 * writing into it while it is removed: removal is retried until the folder stays gone.
 */
async function removeFolder(folder: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await rm(folder, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, attempt === 0 ? 50 : 250));
    if (!(await stat(folder).catch(() => null))) return;
  }
}
