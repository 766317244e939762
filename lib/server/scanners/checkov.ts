import "server-only";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SarifLog, SarifRun } from "@/lib/server/sarif/sarif-log";
import { CHECKOV_COMMAND } from "./detect";
import { copyFiles } from "./files";
import { rebaseRun } from "./prepare-log";
import { lastLines, runTool } from "./tool-process";
import { ScannerError, type RunContext, type ScanInput, type ScannerRun } from "./types";

/**
 * Checkov (Prisma Cloud's infrastructure-as-code scanner), when `checkov` is on PATH:
 * Terraform, CloudFormation, Kubernetes, Helm, kustomize, Serverless, Dockerfiles, ARM
 * and Bicep. It writes SARIF itself; Rampart reads that file.
 *
 * Offline and unconfigured by the repository:
 * - `--skip-download` and no API key: nothing is fetched from or sent to Prisma Cloud
 *   (the scanner process has no environment of the server, so no BC_API_KEY either);
 *   `--download-external-modules false`: no Terraform modules from registries or git.
 * - Checkov reads `.checkov.yaml` from the folder it scans, the current folder and the
 *   home folder. It is given a copy of the files Rampart chose (never `.checkov.yaml`,
 *   nothing behind a symbolic link, nothing in a skipped folder), and runs with a current
 *   and a home folder of its own, so no settings file of the repository is read (one
 *   could load checks, i.e. Python code, from the repository with external-checks-dir).
 * - Inline `checkov:skip=` comments still make Checkov mark a result suppressed; the
 *   suppression is dropped here, as `eslint-disable` and `# nosec` are ignored, and kept
 *   as a property: findings are dismissed in Rampart, with a reason.
 */

/** Checkov's frameworks for what Rampart hands it (iac-files.ts); never `secrets` (secretlint does that) nor `sca_*` (needs Prisma Cloud). */
export const CHECKOV_FRAMEWORKS = ["terraform", "cloudformation", "kubernetes", "helm", "kustomize", "serverless", "dockerfile", "arm", "bicep"] as const;

/** The report file Checkov writes in its --output-file-path folder for `--output sarif`. */
const REPORT_NAME = "results_sarif.sarif";

export function checkovArguments(folder: string, reportFolder: string): string[] {
  return [
    "--directory",
    folder,
    "--output",
    "sarif",
    "--output-file-path",
    reportFolder,
    "--quiet",
    "--compact",
    "--skip-download",
    "--download-external-modules",
    "false",
    "--framework",
    ...CHECKOV_FRAMEWORKS,
  ];
}

function emptyRun(version: string): SarifRun {
  return { tool: { driver: { name: "Checkov", version, informationUri: "https://www.checkov.io/", rules: [] } }, results: [] };
}

/** Checkov names its driver "Prisma Cloud" (or "checkov"); Rampart tells tools apart by that name. */
function normalize(run: SarifRun, version: string): SarifRun {
  run.tool.driver.name = "Checkov";
  run.tool.driver.version ??= version;
  for (const result of run.results ?? []) {
    const inSource = result.suppressions?.filter((s) => s.kind === "inSource") ?? [];
    if (inSource.length === 0) continue;
    const rest = result.suppressions!.filter((s) => s.kind !== "inSource");
    if (rest.length > 0) result.suppressions = rest;
    else delete result.suppressions;
    result.properties = { ...result.properties, sourceSuppression: inSource.map((s) => s.justification ?? "").join("; ") || true };
  }
  return run;
}

export async function runCheckov(input: ScanInput, context: RunContext): Promise<ScannerRun> {
  const folder = path.join(context.workDir, "checkov-files");
  const reportFolder = path.join(context.workDir, "checkov-report");
  await copyFiles(input.root, input.files, folder);
  await mkdir(reportFolder, { recursive: true });

  let output;
  try {
    output = await runTool(CHECKOV_COMMAND, checkovArguments(folder, reportFolder), { cwd: context.workDir });
  } catch (error) {
    throw new ScannerError(`checkov could not be started (${(error as Error).message})`);
  }
  // 0: nothing failed, 1: failed checks; anything else (2: a crash) is Checkov's own failure.
  if (output.code !== 0 && output.code !== 1) {
    const said = lastLines(`${output.stdout}\n${output.stderr}`) || "no output";
    throw new ScannerError(`checkov failed (${output.signal ? `killed by ${output.signal}` : `exit code ${output.code}`}: ${said}); run \`checkov --version\` to check it`);
  }

  let text: string;
  try {
    text = await readFile(path.join(reportFolder, REPORT_NAME), "utf8");
  } catch {
    if (output.code === 0) return { scanner: "checkov", run: emptyRun(context.version), files: input.files.length };
    throw new ScannerError(`checkov reported failed checks but wrote no ${REPORT_NAME}; check that \`checkov --output sarif --output-file-path <folder>\` works`);
  }
  let log: SarifLog;
  try {
    log = JSON.parse(text) as SarifLog;
  } catch {
    throw new ScannerError("checkov's SARIF report is not JSON; check the checkov version");
  }
  if (!Array.isArray(log?.runs) || log.runs.length !== 1 || typeof log.runs[0]?.tool?.driver !== "object") {
    throw new ScannerError(`checkov's SARIF report has ${Array.isArray(log?.runs) ? log.runs.length : "no"} runs with a tool; Rampart expects one`);
  }
  const run = normalize(log.runs[0], context.version);
  rebaseRun(run, folder, input.root);
  return { scanner: "checkov", run, files: input.files.length };
}
