import { z } from "zod";

/**
 * The findings vocabulary (seed 002): the type of a finding, which scanner family found
 * it, and its severity. Shared by the inventory, the health page and ingestion.
 */

export const FINDING_TYPES = ["CODE", "SECRETS", "DEPENDENCY", "IAC", "CONTAINER"] as const;
export type FindingTypeName = (typeof FINDING_TYPES)[number];
export const FINDING_TYPE_LABELS: Record<FindingTypeName, string> = {
  CODE: "Code",
  SECRETS: "Secrets",
  DEPENDENCY: "Dependency",
  IAC: "Infrastructure as code",
  CONTAINER: "Container",
};

/** Most severe first: the order lists and sorts use. */
export const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
export type SeverityName = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<SeverityName, string> = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low" };

const bySeverity = z.object({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int() });
const byType = z.object({ code: z.number().int(), secrets: z.number().int(), dependency: z.number().int(), iac: z.number().int(), container: z.number().int() });

/** Open findings of one repository (or a group of them). */
export const findingCounts = z
  .object({
    total: z.number().int().describe("Open findings"),
    bySeverity,
    byType,
  })
  .meta({ id: "FindingCounts" });
export type FindingCounts = z.infer<typeof findingCounts>;

export const SEVERITY_KEYS: Record<SeverityName, keyof FindingCounts["bySeverity"]> = { CRITICAL: "critical", HIGH: "high", MEDIUM: "medium", LOW: "low" };
export const FINDING_TYPE_KEYS: Record<FindingTypeName, keyof FindingCounts["byType"]> = {
  CODE: "code",
  SECRETS: "secrets",
  DEPENDENCY: "dependency",
  IAC: "iac",
  CONTAINER: "container",
};
