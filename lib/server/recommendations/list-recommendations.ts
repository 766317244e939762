import "server-only";
import { RECOMMENDATIONS, recommendationById, type AssessmentStateName, type RecommendationDefinition } from "@/lib/recommendations/catalog";
import { SEVERITIES } from "@/lib/schemas/findings";
import type {
  RecommendationDetail,
  RecommendationList,
  RecommendationListQuery,
  RecommendationScopeQuery,
  RecommendationSummary,
} from "@/lib/schemas/recommendations";
import { notFound } from "../api/errors";
import { mayAnywhere, type Caller } from "../authz/caller";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { connectorScope } from "../inventory/inventory-service";
import { lapseExpiredExemptions } from "./exemptions";

/**
 * GET /api/v1/recommendations and /{id}: the catalog's recommendations with their
 * resources' states summed over the connectors in view, from the per-connector rollups (a
 * few rows per recommendation, however many resources there are).
 */

export interface RollupSums {
  unhealthy: number;
  healthy: number;
  notApplicable: number;
  exempt: number;
  openFindings: number;
}

/** The rollups of the connectors in view (null: all), summed per recommendation. */
export async function rollupSums(connectorIds: string[] | null, recommendationId?: string): Promise<Map<string, RollupSums>> {
  const conditions: Prisma.Sql[] = [];
  if (connectorIds) conditions.push(connectorIds.length ? Prisma.sql`"connectorId" = ANY(${connectorIds}::uuid[])` : Prisma.sql`false`);
  if (recommendationId) conditions.push(Prisma.sql`"recommendationId" = ${recommendationId}`);
  const rows = await db.$queryRaw<(RollupSums & { recommendationId: string })[]>`
    SELECT "recommendationId", sum(unhealthy)::int AS unhealthy, sum(healthy)::int AS healthy, sum("notApplicable")::int AS "notApplicable",
      sum(exempt)::int AS exempt, sum("openFindings")::int AS "openFindings"
    FROM "RecommendationRollup" ${conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty}
    GROUP BY "recommendationId"`;
  return new Map(rows.map((r) => [r.recommendationId, r]));
}

/** UNHEALTHY if any resource is; else HEALTHY if any is; else EXEMPT if any is; else NOT_APPLICABLE. */
export function recommendationState(s: RollupSums): AssessmentStateName {
  if (s.unhealthy > 0) return "UNHEALTHY";
  if (s.healthy > 0) return "HEALTHY";
  if (s.exempt > 0) return "EXEMPT";
  return "NOT_APPLICABLE";
}

export function summaryOf(definition: RecommendationDefinition, sums: RollupSums): RecommendationSummary {
  const total = sums.unhealthy + sums.healthy + sums.notApplicable + sums.exempt;
  return {
    id: definition.id,
    title: definition.title,
    provider: definition.provider,
    kind: definition.kind,
    resourceType: definition.resourceType,
    severity: definition.severity,
    findingType: definition.kind === "FINDINGS" ? definition.findingType : null,
    state: recommendationState(sums),
    resources: { unhealthy: sums.unhealthy, healthy: sums.healthy, notApplicable: sums.notApplicable, exempt: sums.exempt, total },
    openFindings: sums.openFindings,
  };
}

const ZERO: RollupSums = { unhealthy: 0, healthy: 0, notApplicable: 0, exempt: 0, openFindings: 0 };
const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<string, number>;
const STATE_RANK: Record<AssessmentStateName, number> = { UNHEALTHY: 0, HEALTHY: 1, EXEMPT: 2, NOT_APPLICABLE: 3 };

function compare(sort: RecommendationListQuery["sort"]) {
  const byTitle = (a: RecommendationSummary, b: RecommendationSummary) => a.title.localeCompare(b.title);
  // Natural order of each column: most severe, most unhealthy and most findings first; names A→Z.
  switch (sort) {
    case "severity":
      return (a: RecommendationSummary, b: RecommendationSummary) =>
        SEVERITY_RANK[a.severity]! - SEVERITY_RANK[b.severity]! || STATE_RANK[a.state] - STATE_RANK[b.state] || b.resources.unhealthy - a.resources.unhealthy || byTitle(a, b);
    case "title":
      return byTitle;
    case "provider":
      return (a: RecommendationSummary, b: RecommendationSummary) => a.provider.localeCompare(b.provider) || byTitle(a, b);
    case "unhealthy":
      return (a: RecommendationSummary, b: RecommendationSummary) => b.resources.unhealthy - a.resources.unhealthy || SEVERITY_RANK[a.severity]! - SEVERITY_RANK[b.severity]! || byTitle(a, b);
    case "findings":
      return (a: RecommendationSummary, b: RecommendationSummary) => b.openFindings - a.openFindings || SEVERITY_RANK[a.severity]! - SEVERITY_RANK[b.severity]! || byTitle(a, b);
  }
}

/** The recommendations with any resource in view, filtered and sorted. */
export async function listRecommendations(caller: Caller, query: Omit<RecommendationListQuery, "sort" | "dir"> & Partial<Pick<RecommendationListQuery, "sort" | "dir">>): Promise<RecommendationList> {
  await lapseExpiredExemptions();
  const connectorIds = await connectorScope(caller, query);
  const sums = await rollupSums(connectorIds);
  const words = (query.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  let items = RECOMMENDATIONS.map((d) => summaryOf(d, sums.get(d.id) ?? ZERO)).filter((s) => s.resources.total > 0);
  if (query.provider?.length) items = items.filter((s) => query.provider!.includes(s.provider));
  if (query.severity?.length) items = items.filter((s) => query.severity!.includes(s.severity));
  if (query.kind?.length) items = items.filter((s) => query.kind!.includes(s.kind));
  if (query.state?.length) items = items.filter((s) => query.state!.includes(s.state));
  if (words.length) items = items.filter((s) => words.every((w) => s.title.toLowerCase().includes(w)));
  const order = compare(query.sort ?? "severity");
  items.sort(order);
  if (query.dir) {
    // Names read A→Z ascending; severity, unhealthy and findings read most first descending.
    const natural = query.sort === "title" || query.sort === "provider" ? "asc" : "desc";
    if (query.dir !== natural) items.reverse();
  }
  return { items, total: items.length };
}

/** One recommendation, with its resources in view summed (zeros when it has none). */
export async function getRecommendation(caller: Caller, id: string, query: RecommendationScopeQuery): Promise<RecommendationDetail> {
  const definition = recommendationById(id);
  if (!definition) throw notFound("The recommendation");
  await lapseExpiredExemptions();
  const connectorIds = await connectorScope(caller, query);
  const sums = (await rollupSums(connectorIds, definition.id)).get(definition.id) ?? ZERO;
  return {
    ...summaryOf(definition, sums),
    description: definition.description,
    remediation: definition.remediation,
    severityRationale: definition.severityRationale,
    actions: { triage: mayAnywhere(caller, "findings.triage") },
  };
}
