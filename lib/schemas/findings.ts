/**
 * Seed 002's finding types and the four severities, with the words the console uses for
 * them. Shared by the API schemas, the pages and the recommendation definitions; keep it
 * free of server imports. The order is the order people read them in.
 */

export const FINDING_TYPES = ["CODE", "SECRETS", "DEPENDENCY", "IAC", "CONTAINER"] as const;
export type FindingTypeName = (typeof FINDING_TYPES)[number];

export const FINDING_TYPE_LABELS: Record<FindingTypeName, string> = {
  CODE: "Code",
  SECRETS: "Secrets",
  DEPENDENCY: "Dependency",
  IAC: "Infrastructure as code",
  CONTAINER: "Container images",
};

export const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
export type SeverityName = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Record<SeverityName, string> = {
  CRITICAL: "Critical",
  HIGH: "High",
  MEDIUM: "Medium",
  LOW: "Low",
};
