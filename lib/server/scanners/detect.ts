import "server-only";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import secretlintPackage from "@secretlint/node/package.json" with { type: "json" };
import eslintPackage from "eslint/package.json" with { type: "json" };
import { probeVersion, versionIn } from "./tool-process";
import { ScannerError } from "./types";

/**
 * Whether each scanner is installed here, and its version. ESLint and secretlint are npm
 * dependencies of Rampart: always there, their versions those of their package.json.
 * The others are programs on PATH, asked for their versions. Kept apart from the
 * adapters, which load the scanners themselves, so that the console can ask
 * (availability.ts) without loading them.
 */

export const ESLINT_VERSION: string = eslintPackage.version;
export const SECRETLINT_VERSION: string = secretlintPackage.version;

export const BANDIT_COMMAND = "bandit";
export const CHECKOV_COMMAND = "checkov";
/** The executable of Template Analyzer's release (a .NET program). */
export const TEMPLATE_ANALYZER_COMMAND = "TemplateAnalyzer";

const execFileAsync = promisify(execFile);

/** "bandit 1.6.2\n  python version = …" → "1.6.2"; null when bandit is not installed. */
export async function banditVersion(): Promise<string | null> {
  try {
    const { stdout, stderr } = await execFileAsync(BANDIT_COMMAND, ["--version"], { timeout: 30_000 });
    return /bandit\s+(\d[\w.+-]*)/i.exec(`${stdout}\n${stderr}`)?.[1] ?? "unknown";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new ScannerError(`bandit is on PATH but \`bandit --version\` failed (${(error as Error).message.split("\n")[0]}); repair or remove it`);
  }
}

/** `checkov --version` → "3.2.255"; null when checkov is not on PATH. */
export async function checkovVersion(): Promise<string | null> {
  const probe = await probeVersion(CHECKOV_COMMAND);
  if (probe.state === "missing") return null;
  if (probe.state === "failed") throw new ScannerError(`checkov is on PATH but \`checkov --version\` failed (${probe.message}); repair or remove it`);
  return versionIn(probe.output) ?? "unknown";
}

/**
 * `TemplateAnalyzer --version` (System.CommandLine's version option prints the
 * informational version, e.g. "0.8.2+6f1c…") → "0.8.2"; "unknown" when a release has no
 * such option or prints no number; null when the command is not on PATH.
 */
export async function templateAnalyzerVersion(): Promise<string | null> {
  const probe = await probeVersion(TEMPLATE_ANALYZER_COMMAND);
  if (probe.state === "missing") return null;
  if (probe.state === "failed") return "unknown";
  return versionIn(probe.output)?.replace(/\+.*$/, "") ?? "unknown";
}
