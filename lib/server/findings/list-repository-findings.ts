import "server-only";
import type { FindingListPage, FindingListQuery } from "@/lib/schemas/finding-triage";
import { notFound } from "../api/errors";
import type { Caller } from "../authz/caller";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { loadVisibleRepository, webUrl } from "../inventory/repository-health";
import { FINDING_STATE_WHERE, findingListSelect, indexAnalyses, toListItem } from "./finding-view";
import { lapseExpiredDismissals } from "./lapse-expired-dismissals";

/**
 * GET /api/v1/repositories/{id}/findings: one repository's findings for a caller who may
 * see it, filtered by state, type, severity and tool, most severe first, then by file and
 * line, a page at a time (limit and offset, with the total).
 */

export async function listRepositoryFindings(caller: Caller, repositoryId: string, query: FindingListQuery): Promise<FindingListPage> {
  const repository = await loadVisibleRepository(caller, repositoryId);
  if (!repository) throw notFound("The repository");
  await lapseExpiredDismissals(new Date(), { repositoryId: repository.id });

  const where: Prisma.FindingWhereInput = {
    repositoryId: repository.id,
    ...FINDING_STATE_WHERE[query.state],
    ...(query.type?.length ? { type: { in: query.type } } : {}),
    ...(query.severity?.length ? { severity: { in: query.severity } } : {}),
    ...(query.tool ? { tool: query.tool } : {}),
  };
  const [rows, total, analyses] = await Promise.all([
    db.finding.findMany({
      where,
      select: findingListSelect,
      // Severity is an enum declared most severe first, which is how PostgreSQL orders it.
      orderBy: [{ severity: "asc" }, { path: { sort: "asc", nulls: "last" } }, { startLine: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      skip: query.offset,
      take: query.limit,
    }),
    db.finding.count({ where }),
    db.analysis.findMany({ where: { repositoryId: repository.id }, select: { tool: true, category: true, lastScanId: true, commitSha: true } }),
  ]);
  const index = indexAnalyses(analyses);
  const links = { provider: repository.provider, url: webUrl(repository.url), defaultBranch: repository.defaultBranch };
  return {
    items: rows.map((row) => toListItem(row, links, index)),
    total,
    limit: query.limit,
    offset: query.offset,
    // Every finding comes from an analysis, so their tools are all the tools there are.
    tools: [...new Set(analyses.map((a) => a.tool))].sort((a, b) => a.localeCompare(b)),
  };
}
