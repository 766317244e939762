import "server-only";
import { RECOMMENDATIONS } from "@/lib/recommendations/catalog";
import { PROVIDERS, type ProviderName } from "@/lib/schemas/connectors";
import { SEVERITIES, type SeverityName } from "@/lib/schemas/findings";
import type { OverviewMetrics, OverviewQuery } from "@/lib/schemas/overview";
import type { Caller } from "../authz/caller";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { lapseExpiredDismissals } from "../findings/lapse-expired-dismissals";
import { connectorScope } from "../inventory/inventory-service";
import { lapseExpiredExemptions } from "../recommendations/exemptions";
import { rollupSums } from "../recommendations/list-recommendations";

/**
 * GET /api/v1/metrics/overview: every number of the overview, for the connectors in view,
 * from rollups kept by ingestion and discovery (ConnectorRollup, RecommendationRollup,
 * DailyRollup) and the repositories' risk index: a handful of small reads, whatever the
 * number of findings.
 */

interface ProviderSums {
  provider: ProviderName;
  connectors: number;
  repositories: number;
  advancedSecurityOn: number;
  findingsOpen: number;
  findingsCritical: number;
  findingsHigh: number;
  findingsMedium: number;
  findingsLow: number;
  findingsCode: number;
  findingsSecrets: number;
  findingsDependency: number;
  findingsIac: number;
  findingsContainer: number;
  remediatedCritical: number;
  remediatedHigh: number;
  remediatedMedium: number;
  remediatedLow: number;
  remediationSecondsCritical: number;
  remediationSecondsHigh: number;
  remediationSecondsMedium: number;
  remediationSecondsLow: number;
}

const SUMMED = [
  "repositories",
  "advancedSecurityOn",
  "findingsOpen",
  "findingsCritical",
  "findingsHigh",
  "findingsMedium",
  "findingsLow",
  "findingsCode",
  "findingsSecrets",
  "findingsDependency",
  "findingsIac",
  "findingsContainer",
  "remediatedCritical",
  "remediatedHigh",
  "remediatedMedium",
  "remediatedLow",
] as const;
const SECONDS = ["remediationSecondsCritical", "remediationSecondsHigh", "remediationSecondsMedium", "remediationSecondsLow"] as const;
const WORD: Record<SeverityName, "Critical" | "High" | "Medium" | "Low"> = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low" };

const inScope = (column: Prisma.Sql, connectorIds: string[] | null) =>
  connectorIds === null ? Prisma.sql`true` : connectorIds.length ? Prisma.sql`${column} = ANY(${connectorIds}::uuid[])` : Prisma.sql`false`;

export async function overviewMetrics(caller: Caller, query: OverviewQuery): Promise<OverviewMetrics> {
  const now = new Date();
  // What has expired lapses first, so that no number counts it (cheap when nothing is due).
  await Promise.all([lapseExpiredDismissals(now), lapseExpiredExemptions(now)]);
  const connectorIds = await connectorScope(caller, query);
  const [providerRows, recommendationSums, trendRows, topRows] = await Promise.all([
    db.$queryRaw<ProviderSums[]>`
      SELECT c.provider::text AS provider, count(*)::int AS connectors,
        ${Prisma.join(SUMMED.map((column) => Prisma.sql`COALESCE(sum(r.${Prisma.raw(`"${column}"`)}), 0)::int AS ${Prisma.raw(`"${column}"`)}`), ", ")},
        ${Prisma.join(SECONDS.map((column) => Prisma.sql`COALESCE(sum(r.${Prisma.raw(`"${column}"`)}), 0)::float8 AS ${Prisma.raw(`"${column}"`)}`), ", ")}
      FROM "Connector" c LEFT JOIN "ConnectorRollup" r ON r."connectorId" = c.id
      WHERE ${inScope(Prisma.sql`c.id`, connectorIds)}
      GROUP BY c.provider`,
    rollupSums(connectorIds),
    // Each day's point carries each connector's latest value up to that day (a connector's
    // row is written only on the days something changed).
    db.$queryRaw<{ day: string; critical: number; high: number; medium: number; low: number }[]>`
      WITH days AS (SELECT d::date AS day FROM generate_series(CURRENT_DATE - ${query.days - 1}::int, CURRENT_DATE, interval '1 day') AS d),
      connectors AS (SELECT DISTINCT "connectorId" FROM "DailyRollup" WHERE ${inScope(Prisma.sql`"connectorId"`, connectorIds)})
      SELECT to_char(days.day, 'YYYY-MM-DD') AS day, sum(v.critical)::int AS critical, sum(v.high)::int AS high, sum(v.medium)::int AS medium, sum(v.low)::int AS low
      FROM days CROSS JOIN connectors
      JOIN LATERAL (
        SELECT critical, high, medium, low FROM "DailyRollup" d
        WHERE d."connectorId" = connectors."connectorId" AND d.day <= days.day ORDER BY d.day DESC LIMIT 1
      ) v ON true
      GROUP BY days.day ORDER BY days.day`,
    db.$queryRaw<
      { id: string; name: string; fullName: string; provider: ProviderName; connectorId: string; connectorName: string; riskScore: number; critical: number; high: number; medium: number; low: number }[]
    >`
      SELECT r.id::text, r.name, r."fullName", r.provider::text AS provider, c.id::text AS "connectorId", c.name AS "connectorName", r."riskScore",
        r."findingsCritical" AS critical, r."findingsHigh" AS high, r."findingsMedium" AS medium, r."findingsLow" AS low
      FROM "Repository" r JOIN "Connector" c ON c.id = r."connectorId"
      WHERE r."removedAt" IS NULL AND r."riskScore" > 0 AND ${inScope(Prisma.sql`r."connectorId"`, connectorIds)}
      ORDER BY r."riskScore" DESC, r.id LIMIT 10`,
  ]);

  const total = (column: (typeof SUMMED)[number] | (typeof SECONDS)[number]) => providerRows.reduce((n, row) => n + Number(row[column]), 0);
  const posture = RECOMMENDATIONS.filter((d) => d.kind === "POSTURE").flatMap((d) => {
    const sums = recommendationSums.get(d.id);
    return sums && sums.unhealthy + sums.healthy + sums.notApplicable + sums.exempt > 0 ? [{ definition: d, sums }] : [];
  });
  const unhealthy = posture.filter((p) => p.sums.unhealthy > 0);
  return {
    connectors: providerRows.reduce((n, row) => n + row.connectors, 0),
    repositories: total("repositories"),
    findings: {
      total: total("findingsOpen"),
      bySeverity: { critical: total("findingsCritical"), high: total("findingsHigh"), medium: total("findingsMedium"), low: total("findingsLow") },
      byType: {
        code: total("findingsCode"),
        secrets: total("findingsSecrets"),
        dependency: total("findingsDependency"),
        iac: total("findingsIac"),
        container: total("findingsContainer"),
      },
    },
    posture: {
      unhealthyRecommendations: unhealthy.length,
      highSeverity: unhealthy.filter((p) => p.definition.severity === "HIGH" || p.definition.severity === "CRITICAL").length,
      affectedResources: unhealthy.reduce((n, p) => n + p.sums.unhealthy, 0),
      totalRecommendations: posture.length,
    },
    coverage: PROVIDERS.flatMap((provider) => {
      const row = providerRows.find((r) => r.provider === provider);
      return row ? [{ provider, enabled: row.advancedSecurityOn, total: row.repositories }] : [];
    }),
    trend: { days: query.days, points: trendRows },
    remediation: SEVERITIES.map((severity) => {
      const fixed = total(`remediated${WORD[severity]}`);
      return { severity, fixed, meanSeconds: fixed > 0 ? total(`remediationSeconds${WORD[severity]}`) / fixed : null };
    }),
    topRepositories: topRows.map((r) => ({
      id: r.id,
      name: r.name,
      fullName: r.fullName,
      provider: r.provider,
      connector: { id: r.connectorId, name: r.connectorName },
      riskScore: r.riskScore,
      bySeverity: { critical: r.critical, high: r.high, medium: r.medium, low: r.low },
    })),
  };
}
