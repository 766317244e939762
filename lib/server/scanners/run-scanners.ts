import "server-only";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ScannerId } from "@/lib/schemas/connectors";
import { env, childProcessEnv } from "@/lib/server/env";
import type { SarifLog, SarifRun } from "@/lib/server/sarif/sarif-log";
import { validateSarif } from "@/lib/server/sarif/validate-sarif";
import { SCANNER_DEFINITIONS } from "./catalog";
import { networkIsolation } from "./isolation";
import { reportFileName, type ScannerProcessJob, type ScannerProcessOutput } from "./scanner-process-protocol";

/**
 * Runs scanners over a working copy for the server (agentless scans), away from the
 * worker: in a child process (scanner-process.ts) that
 *
 * - has no network: it starts under `unshare --net` (isolation.ts) when that works here,
 *   so scanners reach nothing, not even this machine's loopback. Where it does not
 *   (no util-linux, user namespaces forbidden), RAMPART_SCANNER_ISOLATION=auto (the
 *   default) runs without and says so (`isolation: "none"`); "require" refuses;
 * - gets a minimal environment (PATH, LANG, a temporary HOME and TMPDIR: never the
 *   server's DATABASE_URL, secret key or tokens) and a temporary current folder;
 * - never runs code of the repository: no install, no settings files of the repository
 *   (ESLint, secretlint and Checkov are configured by Rampart, Bandit and Checkov are
 *   given files rather than the repository), disable comments ignored;
 * - runs in a process group of its own, killed whole (scanners it started included) when
 *   `timeoutMs` passes or `signal` aborts: SIGTERM, then SIGKILL after a short grace.
 *
 * One scanner failing fails alone: the others' runs are kept. Scanners that had finished
 * when time ran out keep their runs; the others are "timed-out" or "cancelled". The
 * temporary folder is always removed.
 */

export type ScannerState = "ran" | "no-files" | "not-installed" | "failed" | "timed-out" | "cancelled";

export type ScannerOutcome = {
  id: ScannerId;
  label: string;
  state: ScannerState;
  version: string | null;
  /** Files of the working copy it read (or would have). */
  files: number;
  results: number;
  /** Why it failed or is not installed, in words for an operator. */
  error?: string;
};

export type RunScannersOptions = {
  /** The working copy (absolute). */
  root: string;
  scanners: readonly ScannerId[];
  /** For the whole run, every scanner included. */
  timeoutMs: number;
  signal?: AbortSignal;
};

export type RunScannersResult = {
  /** One run per scanner that ran, in catalog order: paths relative to `root` (%SRCROOT%), content fingerprints added, each valid SARIF 2.1.0. */
  log: SarifLog;
  tools: ScannerOutcome[];
  isolation: "network-namespace" | "none";
};

/** A scan that must not run: network isolation is required and not available. */
export class ScannerIsolationError extends Error {
  override name = "ScannerIsolationError";
}

/** Between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2_000;
const SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * `node --import <tsx> scanner-process.ts <job>`, tsx taken from Rampart's own
 * node_modules whatever the current folder, with TSX_TSCONFIG_PATH pointing at
 * tsconfig.scripts.json (the `@/` paths, and "server-only" as an empty module). Works the
 * same from the worker (itself under tsx) and from Vitest.
 */
function scannerProcessCommand(jobFile: string): { node: string[]; tsconfig: string } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve(/* turbopackIgnore: true */ "tsx")).href;
  return { node: [process.execPath, "--import", tsx, path.join(here, "scanner-process.ts"), jobFile], tsconfig: path.resolve(here, "../../../tsconfig.scripts.json") };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

const lastLines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-3)
    .join(" / ");

async function readOutput(reportDir: string, id: ScannerId): Promise<ScannerProcessOutput | undefined> {
  try {
    return JSON.parse(await readFile(path.join(reportDir, reportFileName(id)), "utf8")) as ScannerProcessOutput;
  } catch {
    return undefined;
  }
}

let warnedUnisolated = false;

export async function runScanners(options: RunScannersOptions): Promise<RunScannersResult> {
  const root = path.resolve(options.root);
  if (!(await stat(root).catch(() => null))?.isDirectory()) throw new Error(`runScanners: ${root} is not a folder`);
  const wanted = SCANNER_DEFINITIONS.filter((s) => options.scanners.includes(s.id));
  const probe = await networkIsolation();
  if (!probe.available && env().scannerIsolation === "require") {
    throw new ScannerIsolationError(`Scanners must run without network (RAMPART_SCANNER_ISOLATION=require), but ${probe.reason}.`);
  }
  if (!probe.available && !warnedUnisolated) {
    warnedUnisolated = true;
    console.warn(`rampart: scanners run with this machine's network, ${probe.reason} (set RAMPART_SCANNER_ISOLATION=require to refuse)`);
  }
  const isolation = probe.available ? "network-namespace" : "none";
  const empty = (state: ScannerState): RunScannersResult => ({
    log: { version: "2.1.0", $schema: SCHEMA_URI, runs: [] },
    tools: wanted.map((s) => ({ id: s.id, label: s.label, state, version: null, files: 0, results: 0 })),
    isolation,
  });
  if (options.signal?.aborted) return empty("cancelled");
  if (wanted.length === 0) return empty("ran");

  const temp = await mkdtemp(path.join(tmpdir(), "rampart-scan-"));
  try {
    const job: ScannerProcessJob = { root, scanners: wanted.map((s) => s.id), reportDir: path.join(temp, "reports"), workDir: path.join(temp, "work") };
    const home = path.join(temp, "home");
    const tmp = path.join(temp, "tmp");
    await Promise.all([job.reportDir, job.workDir, home, tmp].map((dir) => mkdir(dir)));
    const jobFile = path.join(temp, "job.json");
    await writeFile(jobFile, JSON.stringify(job));

    const { node, tsconfig } = scannerProcessCommand(jobFile);
    const [command, ...args] = probe.available ? [probe.command, ...probe.args, ...node] : node;
    const child = spawn(command!, args, {
      cwd: temp,
      env: childProcessEnv({ HOME: home, TMPDIR: tmp, TSX_TSCONFIG_PATH: tsconfig, NO_COLOR: "1", PYTHONDONTWRITEBYTECODE: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" }) as NodeJS.ProcessEnv,
      detached: true, // a process group of its own, killed whole
      stdio: ["pipe", "pipe", "pipe"],
    });
    let said = "";
    const keep = (chunk: Buffer) => (said = (said + chunk.toString("utf8")).slice(-16 * 1024));
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);

    let stopped: "timed-out" | "cancelled" | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    const stop = (why: "timed-out" | "cancelled") => {
      if (stopped || child.pid === undefined) return;
      stopped = why;
      killGroup(child.pid, "SIGTERM");
      graceTimer = setTimeout(() => killGroup(child.pid!, "SIGKILL"), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => stop("timed-out"), options.timeoutMs);
    const onAbort = () => stop("cancelled");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) onAbort();

    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      child.once("error", (error) => resolve({ code: null, signal: null, error }));
      child.once("exit", (code, signal) => resolve({ code, signal }));
    });
    clearTimeout(timer);
    clearTimeout(graceTimer);
    options.signal?.removeEventListener("abort", onAbort);
    // Whatever the scanners started and left behind goes with the group.
    if (child.pid !== undefined) killGroup(child.pid, "SIGKILL");
    child.stdin!.destroy();

    const runs: SarifRun[] = [];
    const tools: ScannerOutcome[] = [];
    for (const scanner of wanted) {
      const output = await readOutput(job.reportDir, scanner.id);
      const report = output?.report;
      const base = { id: scanner.id, label: scanner.label, version: report?.version ?? null, files: report?.files ?? 0, results: 0 };
      if (!report || report.state === "running") {
        const error = exit.error
          ? `the scanner process could not be started (${exit.error.message})`
          : stopped === "timed-out"
            ? `did not finish within ${Math.round(options.timeoutMs / 1000)} s`
            : stopped === "cancelled"
              ? "cancelled"
              : `the scanner process stopped (${exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`})${lastLines(said) ? `: ${lastLines(said)}` : ""}`;
        tools.push({ ...base, state: stopped ?? "failed", error });
        continue;
      }
      if (report.state !== "ran") {
        tools.push({ ...base, state: report.state, ...(report.error ? { error: report.error } : {}) });
        continue;
      }
      const validation = validateSarif({ version: "2.1.0", runs: [output.run] });
      if (!validation.ok) {
        const first = validation.problems[0];
        tools.push({ ...base, state: "failed", error: `${scanner.label} wrote SARIF that is not valid 2.1.0 (${first ? `${first.path}: ${first.message}` : validation.message})` });
        continue;
      }
      const run = validation.log.runs[0]!;
      runs.push(run);
      tools.push({ ...base, state: "ran", results: run.results?.length ?? 0 });
    }
    return { log: { version: "2.1.0", $schema: SCHEMA_URI, runs }, tools, isolation };
  } finally {
    await rm(temp, { recursive: true, force: true, maxRetries: 3 });
  }
}
