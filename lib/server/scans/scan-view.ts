import "server-only";
import { SCANNER_RUN_STATES, type ScannerRunView, type ScanStateName, type ScanView } from "@/lib/schemas/scans";
import { accessTo, type Caller } from "../authz/caller";
import { notFound } from "../api/errors";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";

/** GET /api/v1/scans/{id}: one scan, for callers who may see scans of its repository. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const scanSelect = {
  id: true,
  state: true,
  source: true,
  commitSha: true,
  branch: true,
  category: true,
  uploadedBy: true,
  tools: true,
  runCount: true,
  resultCount: true,
  newCount: true,
  unchangedCount: true,
  fixedCount: true,
  reopenedCount: true,
  error: true,
  trigger: true,
  scanners: true,
  isolation: true,
  skipReason: true,
  cancelRequestedAt: true,
  createdAt: true,
  startedAt: true,
  completedAt: true,
  repository: { select: { id: true, fullName: true } },
} satisfies Prisma.ScanSelect;

type ScanRow = Prisma.ScanGetPayload<{ select: typeof scanSelect }>;

const STATES: Record<ScanRow["state"], ScanStateName> = {
  PENDING: "pending",
  PROCESSING: "running",
  COMPLETE: "complete",
  FAILED: "failed",
  SKIPPED: "skipped",
  CANCELLED: "cancelled",
};

const TRIGGERS = ["schedule", "discovery", "manual"] as const;

function scannerRunsOf(value: unknown): ScannerRunView[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => {
    const t = v as Record<string, unknown>;
    const state = (SCANNER_RUN_STATES as readonly string[]).includes(String(t.state)) ? (t.state as ScannerRunView["state"]) : "failed";
    return {
      id: String(t.id ?? ""),
      label: String(t.label ?? t.id ?? ""),
      state,
      version: typeof t.version === "string" ? t.version : null,
      files: typeof t.files === "number" ? t.files : 0,
      results: typeof t.results === "number" ? t.results : 0,
      error: typeof t.error === "string" ? t.error : null,
    };
  });
}

function resultsByOf(tools: unknown): ScanView["resultsBy"] {
  const severity = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
  const type = { CODE: 0, SECRETS: 0, DEPENDENCY: 0, IAC: 0, CONTAINER: 0 };
  for (const t of Array.isArray(tools) ? tools : []) {
    const tool = t as { type?: unknown; results?: unknown; bySeverity?: Record<string, unknown>; duplicate?: unknown };
    const results = typeof tool.results === "number" ? tool.results : 0;
    if (typeof tool.type === "string" && tool.type in type) type[tool.type as keyof typeof type] += results;
    for (const [name, n] of Object.entries(tool.bySeverity ?? {})) if (name in severity && typeof n === "number") severity[name as keyof typeof severity] += n;
  }
  return { severity, type };
}

export function toScanView(row: ScanRow): ScanView {
  // An upload being processed is still "pending" for its uploader (the CLI follows it until complete or failed).
  const state = row.source === "UPLOAD" && row.state === "PROCESSING" ? "pending" : STATES[row.state];
  return {
    id: row.id,
    state,
    source: row.source === "AGENTLESS" ? "agentless" : "upload",
    trigger: (TRIGGERS as readonly string[]).includes(row.trigger ?? "") ? (row.trigger as (typeof TRIGGERS)[number]) : null,
    scanners: scannerRunsOf(row.scanners),
    isolation: row.isolation,
    skipReason: row.skipReason,
    cancelRequested: row.cancelRequestedAt !== null,
    repository: row.repository,
    commit: row.commitSha,
    branch: row.branch,
    category: row.category,
    uploadedBy: row.uploadedBy,
    tools: (Array.isArray(row.tools) ? row.tools : []).map((t) => {
      const tool = t as Record<string, unknown>;
      return {
        name: String(tool.name ?? ""),
        version: typeof tool.version === "string" ? tool.version : null,
        category: typeof tool.category === "string" ? tool.category : "",
        type: typeof tool.type === "string" ? tool.type : "",
        results: typeof tool.results === "number" ? tool.results : 0,
        skipped: typeof tool.skipped === "number" ? tool.skipped : 0,
        ...(tool.duplicate === true ? { duplicate: true } : {}),
      };
    }),
    resultsBy: resultsByOf(row.tools),
    runs: row.runCount,
    results: row.resultCount,
    counts: state === "complete" ? { new: row.newCount, unchanged: row.unchangedCount, fixed: row.fixedCount, reopened: row.reopenedCount } : null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

export async function getScan(caller: Caller, id: string): Promise<ScanView> {
  const row = UUID.test(id)
    ? await db.scan.findUnique({
        where: { id },
        select: { ...scanSelect, repository: { select: { id: true, fullName: true, connectorId: true, connector: { select: { resourceGroupId: true, resourceGroup: { select: { subscriptionId: true } } } } } } },
      })
    : null;
  const path = row && { subscriptionId: row.repository.connector.resourceGroup.subscriptionId, resourceGroupId: row.repository.connector.resourceGroupId, connectorId: row.repository.connectorId };
  if (!row || !path || accessTo(caller, "scans.read", path) !== "allowed") throw notFound("The scan");
  return toScanView({ ...row, repository: { id: row.repository.id, fullName: row.repository.fullName } });
}
