import { SEVERITY_LABELS, type SeverityName } from "@/lib/schemas/findings";
import type { SarifLevel, SarifReportingDescriptor, SarifResult } from "./sarif-log";

/**
 * A finding's severity and the sentence that explains it, shown on the finding so a
 * person can see why it is High and not Medium.
 *
 * Precedence, most specific first: a numeric `security-severity` (the CVSS-like 0–10
 * score GitHub code scanning popularised) on the result, then on its rule; then the
 * result's `level`; then the rule's default level; then SARIF's own default, "warning".
 */

export type SeverityVerdict = { severity: SeverityName; reason: string };

type SeverityRule = Pick<SarifReportingDescriptor, "id" | "defaultConfiguration" | "properties">;
type SeverityResult = Pick<SarifResult, "ruleId" | "level" | "properties">;

/**
 * SARIF levels to severities. "error" is High rather than Critical: tools use error for
 * anything that should fail a build, and Critical is kept for scores that say so.
 * "none" (a result that is not a problem, e.g. informational) is Low: the scale has no
 * lower step, and ingesting it at all is the caller's choice.
 */
const LEVEL_SEVERITIES: Record<SarifLevel, SeverityName> = { error: "HIGH", warning: "MEDIUM", note: "LOW", none: "LOW" };

/** SARIF §3.27.10: a result with no level anywhere is a warning. */
const SARIF_DEFAULT_LEVEL: SarifLevel = "warning";

export function severityOfScore(score: number): SeverityName {
  if (score >= 9) return "CRITICAL";
  if (score >= 7) return "HIGH";
  if (score >= 4) return "MEDIUM";
  return "LOW";
}

/**
 * The score in a property bag, if it is a usable one. Tools write it as a string
 * ("8.1"), a few as a number; zero, negatives, over 10 and non-numbers are ignored so
 * that the next source decides rather than a bogus value.
 */
export function securitySeverityScore(properties: Record<string, unknown> | undefined): number | undefined {
  const raw = properties?.["security-severity"];
  const score = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  return Number.isFinite(score) && score > 0 && score <= 10 ? score : undefined;
}

function isLevel(value: unknown): value is SarifLevel {
  return typeof value === "string" && value in LEVEL_SEVERITIES;
}

export function severityOf(result: SeverityResult, rule?: SeverityRule): SeverityVerdict {
  const ruleName = rule?.id ?? result.ruleId;
  const onRule = ruleName === undefined ? "on its rule" : `on rule ${ruleName}`;
  const verdict = (severity: SeverityName, because: string): SeverityVerdict => ({
    severity,
    reason: `${because} → ${SEVERITY_LABELS[severity]}`,
  });

  const resultScore = securitySeverityScore(result.properties);
  if (resultScore !== undefined) return verdict(severityOfScore(resultScore), `security-severity ${resultScore} on the result`);

  const ruleScore = securitySeverityScore(rule?.properties);
  if (ruleScore !== undefined) return verdict(severityOfScore(ruleScore), `security-severity ${ruleScore} ${onRule}`);

  if (isLevel(result.level)) return verdict(LEVEL_SEVERITIES[result.level], `level "${result.level}" on the result`);

  const defaultLevel = rule?.defaultConfiguration?.level;
  if (isLevel(defaultLevel)) return verdict(LEVEL_SEVERITIES[defaultLevel], `default level "${defaultLevel}" ${onRule}`);

  return verdict(LEVEL_SEVERITIES[SARIF_DEFAULT_LEVEL], `no security-severity or level given, so SARIF's default level "${SARIF_DEFAULT_LEVEL}"`);
}
