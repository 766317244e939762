import { spawn } from "node:child_process";

/**
 * Running the real `git` for the sandbox's repositories: a small, fixed environment (no
 * user or system configuration, so a developer's ~/.gitconfig changes nothing), and a
 * promise helper for the plumbing commands that build the repositories.
 */

/** The environment every git process of the sandbox runs with (nothing else of this process's). */
export function gitEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string> = {
    // eslint-disable-next-line no-restricted-properties -- spawning git needs the PATH to find it; nothing else of the environment is passed on.
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    LC_ALL: "C",
    ...extra,
  };
  // Next's types require NODE_ENV in every environment; git has no use for it.
  return env as NodeJS.ProcessEnv;
}

export class GitCommandError extends Error {}

/** Runs `git args…` (with `input` on stdin); resolves with its stdout, rejects with its stderr. */
export function git(args: readonly string[], options: { cwd?: string; input?: Buffer | string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: options.cwd, env: gitEnvironment(), stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else reject(new GitCommandError(`git ${args[0] ?? ""} failed (${code ?? "signal"}): ${Buffer.concat(err).toString("utf8").trim()}`));
    });
    child.stdin.on("error", () => {
      // git may exit before reading all of its input; its exit code tells what happened.
    });
    child.stdin.end(options.input ?? "");
  });
}
