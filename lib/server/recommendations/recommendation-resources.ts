import "server-only";
import { recommendationById, type AssessmentStateName } from "@/lib/recommendations/catalog";
import type { AssessedResource, ExemptionReasonName, RecommendationResourcesPage, RecommendationResourcesQuery, ResourceStateFilter } from "@/lib/schemas/recommendations";
import { notFound } from "../api/errors";
import { accessTo, type Caller } from "../authz/caller";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { connectorScope } from "../inventory/inventory-service";
import { webUrl } from "../inventory/repository-health";
import { lapseExpiredExemptions } from "./exemptions";

/**
 * GET /api/v1/recommendations/{id}/resources: the resources a recommendation judges, in
 * view, with their state, why, their exemption and whether the caller may exempt them;
 * unhealthy first (most open findings first), then exempt, healthy and not applicable.
 */

const STATE_OF: Record<Exclude<ResourceStateFilter, "all">, AssessmentStateName> = {
  unhealthy: "UNHEALTHY",
  healthy: "HEALTHY",
  "not-applicable": "NOT_APPLICABLE",
  exempt: "EXEMPT",
};

interface Row {
  resourceId: string;
  repositoryId: string | null;
  name: string;
  fullName: string;
  url: string | null;
  connectorId: string;
  connectorName: string;
  resourceGroupId: string;
  subscriptionId: string;
  state: AssessmentStateName;
  evaluatedState: AssessmentStateName;
  reason: string;
  openFindings: number;
  evaluatedAt: Date;
  exemptionReason: ExemptionReasonName | null;
  exemptionComment: string | null;
  exemptionBy: string | null;
  exemptionAt: Date | null;
  exemptionExpiresAt: Date | null;
}

export async function listRecommendationResources(caller: Caller, id: string, query: RecommendationResourcesQuery): Promise<RecommendationResourcesPage> {
  const definition = recommendationById(id);
  if (!definition) throw notFound("The recommendation");
  await lapseExpiredExemptions();
  const connectorIds = await connectorScope(caller, query);
  const repository = definition.resourceType === "REPOSITORY";
  const conditions: Prisma.Sql[] = [Prisma.sql`a."recommendationId" = ${definition.id}`];
  if (connectorIds) conditions.push(connectorIds.length ? Prisma.sql`a."connectorId" = ANY(${connectorIds}::uuid[])` : Prisma.sql`false`);
  if (query.state !== "all") conditions.push(Prisma.sql`a.state = ${STATE_OF[query.state]}::"AssessmentState"`);
  const words = (query.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  for (const w of words) {
    const like = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(repository ? Prisma.sql`r."searchKey" LIKE ${like}` : Prisma.sql`lower(p."organizationName" || '/' || coalesce(p."projectPath" || '/', '') || p.name) LIKE ${like}`);
  }
  const where = Prisma.join(conditions, " AND ");
  const from = repository
    ? Prisma.sql`FROM "Assessment" a JOIN "Repository" r ON r.id = a."repositoryId"
        LEFT JOIN "Exemption" e ON e."recommendationId" = a."recommendationId" AND e."repositoryId" = a."repositoryId"`
    : Prisma.sql`FROM "Assessment" a JOIN "PostureResource" p ON p.id = a."postureResourceId"
        LEFT JOIN "Exemption" e ON e."recommendationId" = a."recommendationId" AND e."postureResourceId" = a."postureResourceId"`;
  const [rows, total] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT ${
        repository
          ? Prisma.sql`r.id::text AS "resourceId", r.id::text AS "repositoryId", r.name, r."fullName", r.url`
          : Prisma.sql`p.id::text AS "resourceId", NULL AS "repositoryId", p.name,
              p."organizationName" || '/' || coalesce(p."projectPath" || '/', '') || p.name AS "fullName", p.url`
      },
        c.id::text AS "connectorId", c.name AS "connectorName", c."resourceGroupId"::text AS "resourceGroupId", g."subscriptionId"::text AS "subscriptionId",
        a.state::text AS state, a."evaluatedState"::text AS "evaluatedState", a.reason, a."openFindings", a."evaluatedAt",
        e.reason::text AS "exemptionReason", e.comment AS "exemptionComment", e."createdByEmail" AS "exemptionBy", e."createdAt" AS "exemptionAt", e."expiresAt" AS "exemptionExpiresAt"
      ${from}
      JOIN "Connector" c ON c.id = a."connectorId" JOIN "ResourceGroup" g ON g.id = c."resourceGroupId"
      WHERE ${where}
      ORDER BY CASE a.state WHEN 'UNHEALTHY' THEN 0 WHEN 'EXEMPT' THEN 1 WHEN 'HEALTHY' THEN 2 ELSE 3 END, a."openFindings" DESC,
        ${repository ? Prisma.sql`r."nameKey", r.id` : Prisma.sql`lower(p.name), p.id`}
      LIMIT ${query.limit} OFFSET ${query.offset}`,
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n ${from} WHERE ${where}`,
  ]);
  const items: AssessedResource[] = rows.map((r) => ({
    resourceId: r.resourceId,
    resourceType: definition.resourceType,
    name: r.name,
    fullName: r.fullName,
    url: webUrl(r.url),
    repositoryId: r.repositoryId,
    connector: { id: r.connectorId, name: r.connectorName },
    state: r.state,
    evaluatedState: r.evaluatedState,
    reason: r.reason,
    openFindings: r.openFindings,
    evaluatedAt: r.evaluatedAt.toISOString(),
    exemption:
      r.exemptionReason && r.exemptionAt
        ? { reason: r.exemptionReason, comment: r.exemptionComment, by: r.exemptionBy, at: r.exemptionAt.toISOString(), expiresAt: r.exemptionExpiresAt?.toISOString() ?? null }
        : null,
    actions: {
      triage: accessTo(caller, "findings.triage", { subscriptionId: r.subscriptionId, resourceGroupId: r.resourceGroupId, connectorId: r.connectorId }) === "allowed",
    },
  }));
  return { items, total: total[0]?.n ?? 0, limit: query.limit, offset: query.offset };
}
