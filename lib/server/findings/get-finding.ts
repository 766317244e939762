import "server-only";
import { FINDING_HISTORY_LIMIT, type FindingDetail, type FindingEventView } from "@/lib/schemas/finding-triage";
import { notFound } from "../api/errors";
import { accessTo, type Caller } from "../authz/caller";
import { db } from "../db/client";
import { pathOf, webUrl } from "../inventory/repository-health";
import { findingListSelect, indexAnalyses, toListItem } from "./finding-view";
import { lapseExpiredDismissals } from "./lapse-expired-dismissals";

/**
 * GET /api/v1/findings/{id}: one finding with its rule's metadata, its message and code,
 * why it has its severity, and its history (newest first), for a caller who may see its
 * repository. Any other id answers 404, as one that does not exist.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const repositorySelect = {
  id: true,
  fullName: true,
  provider: true,
  url: true,
  defaultBranch: true,
  connectorId: true,
  connector: { select: { resourceGroupId: true, resourceGroup: { select: { subscriptionId: true } } } },
} as const;

async function loadVisible(caller: Caller, id: string) {
  if (!UUID.test(id)) return null;
  const row = await db.finding.findUnique({ where: { id }, select: { repositoryId: true, repository: { select: repositorySelect } } });
  if (!row || accessTo(caller, "workspace.read", pathOf(row.repository)) !== "allowed") return null;
  return row;
}

type EventRow = { id: string; kind: FindingEventView["kind"]; at: Date; scanId: string | null; actorEmail: string | null; reason: FindingEventView["reason"]; comment: string | null };

/**
 * The stored events, newest first, ending with the detection. Ingestion records a new
 * finding's detection on the finding itself (firstSeenAt, firstSeenScanId) rather than as
 * an event, so it is told here as the oldest entry.
 */
function historyOf(finding: { id: string; firstSeenAt: Date; firstSeenScanId: string | null; events: EventRow[] }): FindingEventView[] {
  const events: FindingEventView[] = finding.events.map((e) => ({
    id: e.id,
    kind: e.kind,
    at: e.at.toISOString(),
    scanId: e.scanId,
    actor: e.actorEmail,
    reason: e.reason,
    comment: e.comment,
  }));
  // A full page of events may have older ones beyond it; the detection is older still.
  const complete = finding.events.length < FINDING_HISTORY_LIMIT;
  if (complete && !events.some((e) => e.kind === "DETECTED")) {
    events.push({ id: `${finding.id}:detected`, kind: "DETECTED", at: finding.firstSeenAt.toISOString(), scanId: finding.firstSeenScanId, actor: null, reason: null, comment: null });
  }
  return events;
}

export async function getFinding(caller: Caller, id: string): Promise<FindingDetail> {
  const visible = await loadVisible(caller, id);
  if (!visible) throw notFound("The finding");
  const repository = visible.repository;
  await lapseExpiredDismissals(new Date(), { repositoryId: repository.id });

  const finding = await db.finding.findUnique({
    where: { id },
    select: {
      ...findingListSelect,
      message: true,
      snippet: true,
      startColumn: true,
      endColumn: true,
      severityReason: true,
      lastSeenAt: true,
      events: { orderBy: [{ at: "desc" }, { id: "desc" }], take: FINDING_HISTORY_LIMIT },
    },
  });
  if (!finding) throw notFound("The finding");
  const [analysis, rule] = await Promise.all([
    db.analysis.findUnique({
      where: { repositoryId_tool_category: { repositoryId: repository.id, tool: finding.tool, category: finding.category } },
      select: { tool: true, category: true, lastScanId: true, commitSha: true },
    }),
    db.rule.findUnique({ where: { tool_ruleId: { tool: finding.tool, ruleId: finding.ruleId } } }),
  ]);
  const item = toListItem(finding, { provider: repository.provider, url: webUrl(repository.url), defaultBranch: repository.defaultBranch }, indexAnalyses(analysis ? [analysis] : []));
  return {
    ...item,
    repository: { id: repository.id, fullName: repository.fullName },
    state: finding.state,
    message: finding.message,
    snippet: finding.snippet,
    startColumn: finding.startColumn,
    endColumn: finding.endColumn,
    severityReason: finding.severityReason,
    lastSeenAt: finding.lastSeenAt.toISOString(),
    rule: rule
      ? {
          id: rule.ruleId,
          name: rule.name,
          shortDescription: rule.shortDescription,
          fullDescription: rule.fullDescription,
          helpMarkdown: rule.helpMarkdown,
          helpText: rule.helpText,
          helpUri: webUrl(rule.helpUri),
          tags: rule.tags,
          cwes: rule.cwes,
        }
      : null,
    history: historyOf(finding),
    actions: { triage: accessTo(caller, "findings.triage", pathOf(repository)) === "allowed" },
  };
}
