import {
  FINDING_TYPE_KEYS,
  FINDING_TYPE_LABELS,
  FINDING_TYPES,
  SEVERITIES,
  SEVERITY_KEYS,
  SEVERITY_LABELS,
  type FindingTypeName,
  type SeverityName,
} from "@/lib/schemas/findings";
import { normalizeLog } from "@/lib/server/sarif/normalize-log";
import type { SarifLog } from "@/lib/server/sarif/sarif-log";

/**
 * What a log holds, read exactly as the server will read it (normalizeLog: the same
 * type per tool, severity per result, repository path and skipped suppressions), so
 * that the summary, --fail-on and Rampart agree.
 */

export type Finding = {
  tool: string;
  type: FindingTypeName;
  severity: SeverityName;
  severityReason: string;
  ruleId: string;
  title: string;
  message: string | null;
  path: string | null;
  line: number | null;
  column: number | null;
};

export type ToolSummary = { name: string; version: string | null; type: FindingTypeName; category: string; results: number; skipped: number };

export type Summary = { tools: ToolSummary[]; findings: Finding[] };

const severityRank = (severity: SeverityName) => SEVERITIES.indexOf(severity);

/** Most severe first, then by file and line. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    (a.path ?? "").localeCompare(b.path ?? "") ||
    (a.line ?? 0) - (b.line ?? 0) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

export function summarize(log: SarifLog, options: { category?: string } = {}): Summary {
  const analyses = normalizeLog(log, { category: options.category });
  const tools: ToolSummary[] = analyses.map((a) => ({
    name: a.tool,
    version: a.toolVersion,
    type: a.type,
    category: a.category,
    results: a.results.length,
    skipped: a.skipped,
  }));
  const findings = analyses
    .flatMap((a) =>
      a.results.map(
        (r): Finding => ({
          tool: a.tool,
          type: a.type,
          severity: r.severity,
          severityReason: r.severityReason,
          ruleId: r.ruleId,
          title: r.title,
          message: r.message,
          path: r.path,
          line: r.startLine,
          column: r.startColumn,
        }),
      ),
    )
    .sort(compareFindings);
  return { tools, findings };
}

/** "high" → HIGH; undefined when it is not a severity. */
export function parseSeverity(value: string): SeverityName | undefined {
  return SEVERITIES.find((s) => s === value.trim().toUpperCase());
}

export const atOrAbove = (findings: readonly Finding[], threshold: SeverityName) =>
  findings.filter((f) => severityRank(f.severity) <= severityRank(threshold)).length;

export function countsOf(findings: readonly Finding[]) {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [SEVERITY_KEYS[s], 0])) as Record<(typeof SEVERITY_KEYS)[SeverityName], number>;
  const byType = Object.fromEntries(FINDING_TYPES.map((t) => [FINDING_TYPE_KEYS[t], 0])) as Record<(typeof FINDING_TYPE_KEYS)[FindingTypeName], number>;
  for (const f of findings) {
    bySeverity[SEVERITY_KEYS[f.severity]]++;
    byType[FINDING_TYPE_KEYS[f.type]]++;
  }
  return { total: findings.length, bySeverity, byType };
}

/** A rule as a column shows it: the last part of a preset's "preset > rule" id. */
const shownRule = (ruleId: string) => ruleId.split(" > ").pop()!.trim();

/** "server.js:11", or the tool's name when a result has no file. */
export const whereOf = (f: Pick<Finding, "path" | "line" | "tool">) => (f.path ? `${f.path}${f.line ? `:${f.line}` : ""}` : `(${f.tool}, no file)`);

const pad = (text: string, width: number) => text.padEnd(width);
const padLeft = (text: string, width: number) => text.padStart(width);

/** One line of text, cut to `width` characters. */
const oneLine = (text: string, width: number) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
};

export type TableOptions = { failOn?: SeverityName; top?: number };

/**
 * The summary people read in a build log: tools, a severity × type table (rows only for
 * types that have findings), the most severe findings with file:line, and the verdict
 * of --fail-on.
 */
export function renderTable(summary: Summary, options: TableOptions = {}): string {
  const { tools, findings } = summary;
  const top = options.top ?? 10;
  const lines: string[] = [];
  lines.push(
    `Tools: ${tools.length === 0 ? "none" : tools.map((t) => `${t.name}${t.version ? ` ${t.version}` : ""} (${t.results} result${t.results === 1 ? "" : "s"})`).join(", ")}`,
  );
  lines.push("");
  if (findings.length === 0) {
    lines.push("No findings.");
  } else {
    const types = FINDING_TYPES.filter((t) => findings.some((f) => f.type === t));
    const labelWidth = Math.max(5, ...types.map((t) => FINDING_TYPE_LABELS[t].length));
    const columns = [...SEVERITIES.map((s) => SEVERITY_LABELS[s]), "Total"];
    const widths = columns.map((c) => Math.max(c.length, 5));
    const row = (label: string, values: number[]) =>
      `${pad(label, labelWidth)}  ${values.map((v, i) => padLeft(String(v), widths[i]!)).join("  ")}`.trimEnd();
    lines.push(`${pad("", labelWidth)}  ${columns.map((c, i) => padLeft(c, widths[i]!)).join("  ")}`);
    const countRow = (subset: readonly Finding[]) => [...SEVERITIES.map((s) => subset.filter((f) => f.severity === s).length), subset.length];
    for (const type of types) lines.push(row(FINDING_TYPE_LABELS[type], countRow(findings.filter((f) => f.type === type))));
    if (types.length > 1) lines.push(row("Total", countRow(findings)));
    lines.push("");
    const shown = findings.slice(0, top);
    lines.push(shown.length === findings.length ? "Findings:" : `Top ${shown.length} of ${findings.length} findings:`);
    const whereWidth = Math.min(48, Math.max(...shown.map((f) => whereOf(f).length)));
    const ruleWidth = Math.min(40, Math.max(...shown.map((f) => shownRule(f.ruleId).length)));
    const typeWidth = Math.max(...shown.map((f) => FINDING_TYPE_LABELS[f.type].length));
    for (const f of shown) {
      lines.push(
        `  ${pad(SEVERITY_LABELS[f.severity], 8)} ${pad(FINDING_TYPE_LABELS[f.type], typeWidth)} ${pad(oneLine(whereOf(f), whereWidth), whereWidth)}  ${pad(oneLine(shownRule(f.ruleId), ruleWidth), ruleWidth)}  ${oneLine(f.message ?? f.title, 80)}`.trimEnd(),
      );
    }
    if (shown.length < findings.length) lines.push(`  … and ${findings.length - shown.length} more (--format json lists them all)`);
  }
  if (options.failOn) {
    const failing = atOrAbove(findings, options.failOn);
    lines.push("");
    lines.push(
      failing === 0
        ? `--fail-on ${options.failOn.toLowerCase()}: no finding at or above ${SEVERITY_LABELS[options.failOn]}.`
        : `--fail-on ${options.failOn.toLowerCase()}: ${failing} finding${failing === 1 ? "" : "s"} at or above ${SEVERITY_LABELS[options.failOn]}: failing (exit 1).`,
    );
  }
  return `${lines.join("\n")}\n`;
}
