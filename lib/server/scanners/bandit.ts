import "server-only";
import { execFile } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from "node-sarif-builder";
import type { SarifLevel, SarifRun } from "@/lib/server/sarif/sarif-log";
import { ScannerError, type ScanInput, type ScannerRun } from "./types";

/**
 * Bandit, the Python security linter, when `bandit` is on PATH. Debian's bandit (1.6.2)
 * writes no SARIF, so its JSON report is converted here: one rule per test id (B602…)
 * with its name, description and documentation link, one result per issue with
 * Bandit's severity as the level, its confidence, the CWE when the version reports one,
 * and the code it quoted.
 *
 * Bandit is given the files one by one rather than a folder: given a folder it would
 * read `.bandit` settings from the repository (which is untrusted input and could turn
 * tests off). `# nosec` comments are ignored for the same reason.
 */

const execFileAsync = promisify(execFile);

/** Files per bandit process: far below any command-line length limit. */
const BATCH = 500;

type BanditIssue = {
  filename: string;
  test_id: string;
  test_name?: string;
  issue_text: string;
  issue_severity: string;
  issue_confidence: string;
  issue_cwe?: { id?: number; link?: string };
  line_number: number;
  line_range?: number[];
  col_offset?: number;
  end_col_offset?: number;
  code?: string;
  more_info?: string;
};

export type BanditReport = {
  results?: BanditIssue[];
  errors?: { filename: string; reason: string }[];
};

const LEVELS: Record<string, SarifLevel> = { HIGH: "error", MEDIUM: "warning", LOW: "note" };
const INFORMATION_URI = "https://bandit.readthedocs.io/";

/**
 * Bandit quotes code as numbered lines ("8     return subprocess…\n9 \n"): the line
 * numbers are dropped, and the flagged line is kept apart as the region's snippet.
 */
function quotedLines(code: string | undefined): Map<number, string> {
  const lines = new Map<number, string>();
  for (const line of (code ?? "").split("\n")) {
    const match = /^(\d+) ?(.*)$/.exec(line);
    if (match) lines.set(Number(match[1]), match[2]!);
  }
  return lines;
}

const cweTag = (issue: BanditIssue) => (issue.issue_cwe?.id ? `CWE-${issue.issue_cwe.id}` : undefined);

/** Bandit's JSON report as a SARIF run. File names become file:// URIs (absolute against `cwd`). */
export function banditReportToSarif(report: BanditReport, version: string, cwd: string): SarifRun {
  const runBuilder = new SarifRunBuilder().initSimple({ toolDriverName: "Bandit", toolDriverVersion: version, url: INFORMATION_URI });
  const issues = [...(report.results ?? [])].sort(
    (a, b) => a.filename.localeCompare(b.filename) || a.line_number - b.line_number || a.test_id.localeCompare(b.test_id),
  );

  const rules = new Map<string, SarifRuleBuilder>();
  for (const issue of issues) {
    if (rules.has(issue.test_id)) continue;
    const builder = new SarifRuleBuilder().initSimple({
      ruleId: issue.test_id,
      shortDescriptionText: issue.issue_text,
      ...(issue.more_info ? { helpUri: issue.more_info } : {}),
    });
    const cwe = cweTag(issue);
    builder.rule.name = issue.test_name && issue.test_name !== "blacklist" ? issue.test_name : `${issue.test_id} (${issue.test_name ?? "bandit"})`;
    builder.rule.properties = { tags: ["security", "python", ...(cwe ? [cwe] : [])], ...(cwe ? { cwe } : {}) };
    rules.set(issue.test_id, builder);
  }
  for (const id of [...rules.keys()].sort()) runBuilder.addRule(rules.get(id)!);

  for (const issue of issues) {
    const result = new SarifResultBuilder().initSimple({
      level: LEVELS[issue.issue_severity.toUpperCase()] ?? "warning",
      messageText: issue.issue_text,
      ruleId: issue.test_id,
      fileUri: pathToFileURL(path.resolve(cwd, issue.filename)).href,
    });
    const quoted = quotedLines(issue.code);
    const range = issue.line_range?.length ? issue.line_range : [issue.line_number];
    const startLine = Math.max(1, issue.line_number);
    const endLine = Math.max(startLine, ...range);
    const flagged = quoted.get(startLine);
    result.setLocationRegion({
      startLine,
      endLine,
      ...(issue.col_offset !== undefined ? { startColumn: issue.col_offset + 1 } : {}),
      ...(flagged !== undefined ? { snippet: { text: flagged } } : {}),
    });
    if (quoted.size > 0) {
      const numbers = [...quoted.keys()];
      result.result.locations![0]!.physicalLocation!.contextRegion = {
        startLine: Math.min(...numbers),
        endLine: Math.max(...numbers),
        snippet: { text: [...quoted.values()].join("\n") },
      };
    }
    result.result.properties = {
      issue_severity: issue.issue_severity,
      issue_confidence: issue.issue_confidence,
      ...(issue.test_name ? { test_name: issue.test_name } : {}),
      ...(cweTag(issue) ? { cwe: cweTag(issue) } : {}),
    };
    runBuilder.addResult(result);
  }

  const notifications = (report.errors ?? []).map((error) => ({
    level: "error" as const,
    message: { text: error.reason },
    locations: [{ physicalLocation: { artifactLocation: { uri: pathToFileURL(path.resolve(cwd, error.filename)).href } } }],
  }));
  if (notifications.length > 0) runBuilder.run.invocations = [{ executionSuccessful: true, toolExecutionNotifications: notifications }];

  const builder = new SarifBuilder();
  builder.addRun(runBuilder);
  return builder.buildSarifOutput().runs[0] as SarifRun;
}

/** One bandit process over some files; exit 1 only means "issues found". */
async function banditBatch(root: string, files: readonly string[]): Promise<BanditReport> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync("bandit", ["--format", "json", "--quiet", "--ignore-nosec", "--", ...files], {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
      timeout: 15 * 60_000,
    }));
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (failed.code !== 1 || !failed.stdout) {
      const reason = (failed.stderr || failed.message).trim().split("\n").pop();
      throw new ScannerError(`bandit failed (${reason}); run \`bandit --version\` to check it`);
    }
    stdout = failed.stdout;
  }
  try {
    return JSON.parse(stdout) as BanditReport;
  } catch {
    throw new ScannerError("bandit's JSON report could not be read; check that `bandit --format json` works");
  }
}

export async function runBandit(input: ScanInput, version: string): Promise<ScannerRun> {
  const report: Required<BanditReport> = { results: [], errors: [] };
  for (let i = 0; i < input.files.length; i += BATCH) {
    const part = await banditBatch(input.root, input.files.slice(i, i + BATCH));
    report.results.push(...(part.results ?? []));
    report.errors.push(...(part.errors ?? []));
  }
  return { scanner: "bandit", run: banditReportToSarif(report, version, input.root), files: input.files.length };
}
