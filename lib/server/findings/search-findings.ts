import "server-only";
import { recommendationById } from "@/lib/recommendations/catalog";
import type { FindingSearchPage, FindingSearchQuery } from "@/lib/schemas/recommendations";
import { invalid, notFound } from "../api/errors";
import type { Caller } from "../authz/caller";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { connectorScope } from "../inventory/inventory-service";
import { webUrl } from "../inventory/repository-health";
import { FINDING_STATE_WHERE, findingListSelect, indexAnalyses, toListItem } from "./finding-view";
import { lapseExpiredDismissals } from "./lapse-expired-dismissals";

/**
 * GET /api/v1/findings: findings across every repository in view (live ones), filtered by
 * repository, recommendation (its provider and finding type), provider, type, severity,
 * state and tool; most severe first, then by repository, file and line; a page at a time.
 */

export async function searchFindings(caller: Caller, query: FindingSearchQuery): Promise<FindingSearchPage> {
  await lapseExpiredDismissals(new Date());
  const connectorIds = await connectorScope(caller, query);
  const repositoryWhere: Prisma.RepositoryWhereInput = { removedAt: null, ...(connectorIds ? { connectorId: { in: connectorIds } } : {}) };
  const where: Prisma.FindingWhereInput = { ...FINDING_STATE_WHERE[query.state] };
  const providers = new Set(query.provider ?? []);
  const types = new Set(query.type ?? []);
  if (query.recommendation) {
    const definition = recommendationById(query.recommendation);
    if (!definition) throw notFound("The recommendation");
    if (definition.kind !== "FINDINGS") throw invalid(`"${definition.title}" judges settings, not findings: it has no findings to list.`, [{ path: "query.recommendation", message: "Not a findings recommendation" }]);
    where.type = definition.findingType;
    repositoryWhere.provider = definition.provider;
    if ((providers.size && !providers.has(definition.provider)) || (types.size && !types.has(definition.findingType))) where.id = { in: [] };
  } else {
    if (providers.size) repositoryWhere.provider = { in: [...providers] };
    if (types.size) where.type = { in: [...types] };
  }
  if (query.repository) where.repositoryId = query.repository;
  if (query.severity?.length) where.severity = { in: query.severity };
  if (query.tool) where.tool = query.tool;
  where.repository = repositoryWhere;

  const [rows, total] = await Promise.all([
    db.finding.findMany({
      where,
      select: { ...findingListSelect, repository: { select: { id: true, name: true, fullName: true, provider: true, url: true, defaultBranch: true } } },
      // Severity is an enum declared most severe first, which is how PostgreSQL orders it.
      orderBy: [{ severity: "asc" }, { repositoryId: "asc" }, { path: { sort: "asc", nulls: "last" } }, { startLine: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      skip: query.offset,
      take: query.limit,
    }),
    db.finding.count({ where }),
  ]);
  const repositoryIds = [...new Set(rows.map((r) => r.repository.id))];
  const analyses = repositoryIds.length
    ? await db.analysis.findMany({ where: { repositoryId: { in: repositoryIds } }, select: { repositoryId: true, tool: true, category: true, lastScanId: true, commitSha: true } })
    : [];
  const indexes = new Map(repositoryIds.map((id) => [id, indexAnalyses(analyses.filter((a) => a.repositoryId === id))]));
  return {
    items: rows.map(({ repository, ...row }) => ({
      ...toListItem(row, { provider: repository.provider, url: webUrl(repository.url), defaultBranch: repository.defaultBranch }, indexes.get(repository.id)!),
      repository: { id: repository.id, name: repository.name, fullName: repository.fullName, provider: repository.provider },
    })),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}
