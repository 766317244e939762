import "server-only";
import type { ProviderName } from "@/lib/schemas/connectors";
import type { FindingDismissal, FindingListItem, FindingStateFilter, FindingStatus } from "@/lib/schemas/finding-triage";
import type { Prisma } from "../db/generated/client";
import { fileLink } from "./file-link";

/**
 * How a stored finding reads in the API: its status (New, Reopened and Active are open
 * findings told apart by the latest scan of their tool and category), its dismissal and
 * the link to its file in the provider.
 */

export const findingListSelect = {
  id: true,
  ruleId: true,
  title: true,
  tool: true,
  category: true,
  type: true,
  severity: true,
  state: true,
  path: true,
  startLine: true,
  endLine: true,
  firstSeenAt: true,
  firstSeenScanId: true,
  reopenedScanId: true,
  fixedAt: true,
  dismissedAt: true,
  dismissedByEmail: true,
  dismissalReason: true,
  dismissalComment: true,
  dismissalExpiresAt: true,
} satisfies Prisma.FindingSelect;

/** What each state filter of a findings list selects. */
export const FINDING_STATE_WHERE: Record<FindingStateFilter, Prisma.FindingWhereInput> = {
  open: { state: "OPEN" },
  dismissed: { state: "DISMISSED" },
  fixed: { state: "FIXED" },
  "not-scanned": { state: "NOT_SCANNED" },
  all: {},
};

export type FindingListRow = Prisma.FindingGetPayload<{ select: typeof findingListSelect }>;

/** The latest scan of one tool and category in a repository, and the commit it was for. */
export interface LatestAnalysis {
  lastScanId: string;
  commitSha: string | null;
}

export type AnalysisIndex = Map<string, LatestAnalysis>;

const analysisKey = (tool: string, category: string) => `${tool}\u0000${category}`;

export function indexAnalyses(rows: { tool: string; category: string; lastScanId: string; commitSha: string | null }[]): AnalysisIndex {
  return new Map(rows.map((a) => [analysisKey(a.tool, a.category), { lastScanId: a.lastScanId, commitSha: a.commitSha }]));
}

export function statusOf(row: Pick<FindingListRow, "state" | "firstSeenScanId" | "reopenedScanId">, latest: LatestAnalysis | undefined): FindingStatus {
  switch (row.state) {
    case "FIXED":
      return "FIXED";
    case "DISMISSED":
      return "DISMISSED";
    case "NOT_SCANNED":
      return "NOT_SCANNED";
    case "OPEN":
      if (latest && row.reopenedScanId === latest.lastScanId) return "REOPENED";
      if (latest && row.firstSeenScanId === latest.lastScanId) return "NEW";
      return "ACTIVE";
  }
}

function dismissalOf(row: FindingListRow): FindingDismissal | null {
  if (row.state !== "DISMISSED" || !row.dismissalReason || !row.dismissedAt) return null;
  return {
    reason: row.dismissalReason,
    comment: row.dismissalComment,
    by: row.dismissedByEmail,
    at: row.dismissedAt.toISOString(),
    expiresAt: row.dismissalExpiresAt?.toISOString() ?? null,
  };
}

export interface RepositoryForLinks {
  provider: ProviderName;
  url: string | null;
  defaultBranch: string | null;
}

export function toListItem(row: FindingListRow, repository: RepositoryForLinks, analyses: AnalysisIndex): FindingListItem {
  const latest = analyses.get(analysisKey(row.tool, row.category));
  return {
    id: row.id,
    ruleId: row.ruleId,
    title: row.title,
    tool: row.tool,
    category: row.category,
    type: row.type,
    severity: row.severity,
    status: statusOf(row, latest),
    path: row.path,
    startLine: row.startLine,
    endLine: row.endLine,
    fileUrl: fileLink({
      provider: repository.provider,
      repositoryUrl: repository.url,
      defaultBranch: repository.defaultBranch,
      commitSha: latest?.commitSha ?? null,
      path: row.path,
      startLine: row.startLine,
      endLine: row.endLine,
    }),
    firstSeenAt: row.firstSeenAt.toISOString(),
    fixedAt: row.fixedAt?.toISOString() ?? null,
    dismissal: dismissalOf(row),
  };
}
