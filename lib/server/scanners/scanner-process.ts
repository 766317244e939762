/**
 * The scanner process: the entry point run-scanners.ts starts (never imported), as
 * `node --import tsx lib/server/scanners/scanner-process.ts <job.json>` with
 * TSX_TSCONFIG_PATH=tsconfig.scripts.json, inside a network namespace when there is one,
 * with a minimal environment and a temporary folder as its current and home folder.
 *
 * It lists the working copy's files once, then runs each scanner of the job: ESLint and
 * secretlint one after the other in this process, the programs (Bandit, Checkov,
 * Template Analyzer) one after the other beside them. Each scanner's outcome is written
 * to its own file (scanner-process-protocol.ts); one failing is recorded and the others
 * go on. The repository's files are only read: nothing of it is executed or installed.
 */
import "server-only";
import { mkdtemp, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { SarifRun } from "@/lib/server/sarif/sarif-log";
import { SCANNER_CATALOG } from "./catalog";
import { listFiles } from "./files";
import { anchorLog } from "./prepare-log";
import { SCANNER_RUNNERS } from "./runners";
import { reportFileName, type ScannerProcessJob, type ScannerProcessOutput, type ScannerProcessReport } from "./scanner-process-protocol";
import { ScannerError, type ScannerId } from "./types";

async function write(job: ScannerProcessJob, report: ScannerProcessReport, run?: SarifRun): Promise<void> {
  const output: ScannerProcessOutput = run ? { report, run } : { report };
  const file = path.join(job.reportDir, reportFileName(report.id));
  await writeFile(`${file}.partial`, JSON.stringify(output));
  await rename(`${file}.partial`, file);
}

function describe(error: unknown, label: string): string {
  if (error instanceof ScannerError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `${label} failed: ${message.split("\n")[0]}`;
}

async function runScanner(job: ScannerProcessJob, id: ScannerId, listing: readonly string[]): Promise<void> {
  const scanner = SCANNER_CATALOG[id];
  let report: ScannerProcessReport = { id, state: "running", version: null, files: 0, results: 0 };
  try {
    const [detection, files] = await Promise.all([scanner.detect(), scanner.selectFiles(listing)]);
    report = { ...report, version: detection.version, files: files.length };
    if (!detection.installed || detection.version === null) {
      return await write(job, { ...report, state: "not-installed", ...(detection.reason ? { error: detection.reason } : {}) });
    }
    if (files.length === 0) return await write(job, { ...report, state: "no-files" });
    await write(job, report);
    const workDir = await mkdtemp(path.join(job.workDir, `${id}-`));
    const { run } = await SCANNER_RUNNERS[id]({ root: job.root, files }, { version: detection.version, workDir });
    const { log } = await anchorLog({ version: "2.1.0", runs: [run] }, job.root);
    const anchored = log.runs[0]!;
    await write(job, { ...report, state: "ran", results: anchored.results?.length ?? 0 }, anchored);
  } catch (error) {
    await write(job, { ...report, state: "failed", error: describe(error, scanner.label) });
  }
}

async function main(): Promise<void> {
  // run-scanners.ts holds this pipe open while it waits; it closes when that process
  // goes away, and then everything this process started goes too.
  process.stdin.on("end", () => {
    try {
      process.kill(0, "SIGKILL");
    } finally {
      process.exit(1);
    }
  });
  process.stdin.resume();

  const job = JSON.parse(await readFile(process.argv[2]!, "utf8")) as ScannerProcessJob;
  let listing: string[];
  try {
    listing = (await listFiles(job.root)).files;
  } catch (error) {
    for (const id of job.scanners) await write(job, { id, state: "failed", version: null, files: 0, results: 0, error: `the working copy could not be listed (${(error as Error).message})` });
    return;
  }
  const inProcess = job.scanners.filter((id) => SCANNER_CATALOG[id].install.kind === "bundled");
  const programs = job.scanners.filter((id) => SCANNER_CATALOG[id].install.kind === "executable");
  const inOrder = async (ids: ScannerId[]) => {
    for (const id of ids) await runScanner(job, id, listing);
  };
  await Promise.all([inOrder(inProcess), inOrder(programs)]);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`rampart scanner process: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
