import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { SarifLog } from "@/lib/server/sarif/sarif-log";
import { TEMPLATE_ANALYZER_COMMAND } from "./detect";
import { copyFiles } from "./files";
import { artifactLocationsOf, rebaseRun } from "./prepare-log";
import { lastLines, runTool } from "./tool-process";
import { ScannerError, type RunContext, type ScanInput, type ScannerRun } from "./types";

/**
 * Microsoft's Template Analyzer (ARM and Bicep templates), when `TemplateAnalyzer` (its
 * release's executable, a .NET program) is on PATH. Run as
 * `TemplateAnalyzer analyze-directory <folder> --report-format Sarif --output-file-path <file>`;
 * Rampart reads the SARIF it writes.
 *
 * It reads a configuration only from `--config-file-path` or from beside its own
 * executable, never from the folder analyzed; it is given a copy of the templates and
 * parameter files Rampart chose, like Checkov. It runs only the security rules (no
 * `--include-non-security-rules`). Bicep modules from registries cannot be restored
 * (the scanner process has no network): such a template is reported in the run's
 * notifications, the others are analyzed.
 */

export function templateAnalyzerArguments(folder: string, reportFile: string): string[] {
  return ["analyze-directory", folder, "--report-format", "Sarif", "--output-file-path", reportFile];
}

export async function runTemplateAnalyzer(input: ScanInput, context: RunContext): Promise<ScannerRun> {
  const folder = path.join(context.workDir, "template-analyzer-files");
  const reportFile = path.join(context.workDir, "template-analyzer.sarif");
  await copyFiles(input.root, input.files, folder);

  let output;
  try {
    output = await runTool(TEMPLATE_ANALYZER_COMMAND, templateAnalyzerArguments(folder, reportFile), { cwd: context.workDir });
  } catch (error) {
    throw new ScannerError(`TemplateAnalyzer could not be started (${(error as Error).message})`);
  }
  // Exit codes (its README): 0 nothing found, 5 violations, 6 violations and errors,
  // others errors (invalid path, invalid template…). Errors about single templates are
  // notifications in the report, so a report written means it ran; none means it failed.
  const how = output.signal ? `killed by ${output.signal}` : `exit code ${output.code}`;
  let text: string;
  try {
    if (output.signal) throw new Error(how);
    text = await readFile(reportFile, "utf8");
  } catch {
    throw new ScannerError(`TemplateAnalyzer wrote no SARIF report (${how}: ${lastLines(`${output.stdout}\n${output.stderr}`) || "no output"})`);
  }
  let log: SarifLog;
  try {
    log = JSON.parse(text) as SarifLog;
  } catch {
    throw new ScannerError(`TemplateAnalyzer's SARIF report is not JSON (${how}); check the TemplateAnalyzer version`);
  }
  if (!Array.isArray(log?.runs) || log.runs.length !== 1 || typeof log.runs[0]?.tool?.driver !== "object") {
    throw new ScannerError(`TemplateAnalyzer's SARIF report has ${Array.isArray(log?.runs) ? log.runs.length : "no"} runs with a tool; Rampart expects one`);
  }
  const run = log.runs[0];
  // Its driver is "Template BPA" in some versions; Rampart tells tools apart by that name.
  run.tool.driver.name = "Template Analyzer";
  run.tool.driver.version ??= context.version;
  // It writes file paths under its ROOTPATH base with a leading "/" ("/main.json"),
  // which would read as absolute paths: they are relative to the base.
  for (const location of artifactLocationsOf(run)) {
    if (location.uriBaseId && location.uri?.startsWith("/")) location.uri = location.uri.replace(/^\/+/, "");
  }
  rebaseRun(run, folder, input.root);
  return { scanner: "template-analyzer", run, files: input.files.length };
}
