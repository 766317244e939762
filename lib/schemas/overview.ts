import { z } from "zod";
import { PROVIDERS } from "./connectors";
import { findingCounts, SEVERITIES } from "./findings";
import { scopeFilters } from "./recommendations";

/**
 * The overview managers read (seed 002's cards, plus trend, remediation time and the
 * riskiest repositories): GET /api/v1/metrics/overview. Every number is in the caller's
 * view, narrowed by subscription and DevOps environment, and comes from rollups.
 */

export const TREND_WINDOWS = [30, 90] as const;

export const overviewQuery = z.object({
  ...scopeFilters,
  days: z.coerce
    .number()
    .int()
    .refine((d) => (TREND_WINDOWS as readonly number[]).includes(d), `must be one of ${TREND_WINDOWS.join(", ")}`)
    .default(30)
    .describe("The trend's window: 30 or 90 days"),
});
export type OverviewQuery = z.infer<typeof overviewQuery>;
export type OverviewQueryInput = z.input<typeof overviewQuery>;

/** Weights of the top 10's risk score, per open finding. */
export const RISK_WEIGHTS = { CRITICAL: 10, HIGH: 5, MEDIUM: 2, LOW: 1 } as const;

const severityCounts = z.object({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int() });

export const overviewMetrics = z
  .object({
    connectors: z.number().int().describe("DevOps environments in view"),
    repositories: z.number().int().describe("Onboarded repositories (GitLab projects) in view, removed ones excluded"),
    findings: findingCounts.describe("Open findings, by severity and by type"),
    posture: z.object({
      unhealthyRecommendations: z.number().int().describe("Posture recommendations with at least one unhealthy resource"),
      highSeverity: z.number().int().describe("…of which High or Critical"),
      affectedResources: z.number().int().describe("Unhealthy resources, summed over those recommendations"),
      totalRecommendations: z.number().int().describe("Posture recommendations with any resource in view"),
    }),
    coverage: z
      .array(z.object({ provider: z.enum(PROVIDERS), enabled: z.number().int(), total: z.number().int() }))
      .describe("Per DevOps environment type: repositories with advanced security on, out of all onboarded"),
    trend: z.object({
      days: z.number().int(),
      points: z.array(severityCounts.extend({ day: z.string().describe("YYYY-MM-DD") })).describe("Open findings by severity at the end of each day with data, oldest first"),
    }),
    remediation: z
      .array(z.object({ severity: z.enum(SEVERITIES), fixed: z.number().int(), meanSeconds: z.number().nullable().describe("Mean time from first seen to fixed; null when none fixed") }))
      .describe("Mean time to remediate, per severity, over every fixed finding"),
    topRepositories: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          fullName: z.string(),
          provider: z.enum(PROVIDERS),
          connector: z.object({ id: z.string(), name: z.string() }),
          riskScore: z.number().int().describe("critical × 10 + high × 5 + medium × 2 + low"),
          bySeverity: severityCounts,
        }),
      )
      .describe("The 10 repositories with the highest weighted risk (only those with open findings)"),
  })
  .meta({ id: "OverviewMetrics" });
export type OverviewMetrics = z.infer<typeof overviewMetrics>;
