import "server-only";
import { spawn } from "node:child_process";

/**
 * Runs a scanner's executable (no shell) and collects what it prints. Time limits are the
 * caller's: the server runs every scanner inside one child process that is killed, with
 * everything it started, when a scan runs out of time (run-scanners.ts).
 */

export type ToolOutput = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Keeps the last part of what a tool prints: enough to say why it failed. */
const KEPT_OUTPUT = 64 * 1024;

export function runTool(command: string, args: readonly string[], options: { cwd: string; timeoutMs?: number }): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    // Not spawn's own `timeout`: its timer outlives a command that was never found.
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout = (stdout + chunk).slice(-KEPT_OUTPUT)));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-KEPT_OUTPUT)));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The last few non-empty lines of a tool's output, on one line. */
export function lastLines(text: string, count = 3): string {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count)
    .join(" / ");
}

export type VersionProbe = { state: "missing" } | { state: "ok"; output: string } | { state: "failed"; message: string };

/** Python tools take a second or two to start; a version command that takes this long is broken. */
const VERSION_TIMEOUT_MS = 30_000;

/** `<command> --version`: "missing" when the command is not on PATH. */
export async function probeVersion(command: string, args: readonly string[] = ["--version"]): Promise<VersionProbe> {
  let output: ToolOutput;
  try {
    output = await runTool(command, args, { cwd: "/", timeoutMs: VERSION_TIMEOUT_MS });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { state: "missing" };
    return { state: "failed", message: (error as Error).message };
  }
  if (output.code !== 0) {
    const said = lastLines(`${output.stderr}\n${output.stdout}`) || (output.signal ? `killed by ${output.signal}` : `exit code ${output.code}`);
    return { state: "failed", message: said };
  }
  return { state: "ok", output: `${output.stdout}\n${output.stderr}` };
}

/** The first version number in a tool's output ("3.2.255", "0.8.2+6f1c…" → "0.8.2"). */
export function versionIn(output: string): string | null {
  return /(\d+\.\d+(?:\.\d+)?(?:[-.][0-9A-Za-z.-]+)?)/.exec(output)?.[1] ?? null;
}
