import "server-only";
import { db } from "../db/client";
import { requestAgentlessScan, type AgentlessTrigger } from "./agentless-queue";
import { skipReasonOf } from "./scan-eligibility";

/**
 * When agentless scans are queued: after each discovery for the repositories never
 * scanned, and on a schedule (every connector's interval: daily by default, up to every
 * 4 days), counted from each repository's last scan. Repositories that are not to be
 * scanned get their reason recorded instead, so the environment list can say why.
 */

/** At most this many scans are queued per schedule run; the rest wait for the next (15 minutes later). */
const MAX_PER_RUN = 2_000;

const DAY_MS = 24 * 3600_000;

/**
 * Brings a connector's repositories up to date: records why the ineligible ones are
 * skipped (or that they no longer are), and queues scans of the eligible ones that are
 * due: never scanned, or (`dueOnly` false) last scanned an interval ago.
 */
export async function refreshAgentlessScanning(connectorId: string, trigger: AgentlessTrigger, options: { neverScannedOnly?: boolean; limit?: number } = {}): Promise<{ queued: number; skipped: number }> {
  const connector = await db.connector.findUnique({
    where: { id: connectorId },
    select: { scanningEnabled: true, scanners: true, authorizationId: true, authState: true, scanIntervalDays: true },
  });
  if (!connector) return { queued: 0, skipped: 0 };
  const repositories = await db.repository.findMany({
    where: { connectorId, removedAt: null },
    select: {
      id: true,
      removedAt: true,
      archived: true,
      sizeKb: true,
      defaultBranch: true,
      cloneUrl: true,
      inScanScope: true,
      agentlessStatus: true,
      agentlessReason: true,
      lastAgentlessScanAt: true,
      scans: { where: { source: "AGENTLESS", state: { in: ["PENDING", "PROCESSING"] } }, select: { id: true }, take: 1 },
    },
  });
  const dueBefore = Date.now() - connector.scanIntervalDays * DAY_MS;
  let queued = 0;
  let skipped = 0;
  const becameSkipped = new Map<string, string[]>();
  const noLongerSkipped: string[] = [];
  for (const repository of repositories) {
    const reason = skipReasonOf(repository, connector);
    if (reason) {
      skipped++;
      if (repository.agentlessStatus !== "SKIPPED" || repository.agentlessReason !== reason) becameSkipped.set(reason, [...(becameSkipped.get(reason) ?? []), repository.id]);
      continue;
    }
    if (repository.agentlessStatus === "SKIPPED") noLongerSkipped.push(repository.id);
    if (repository.scans.length > 0 || queued >= (options.limit ?? MAX_PER_RUN)) continue;
    const last = repository.lastAgentlessScanAt?.getTime();
    const due = last === undefined || (!options.neverScannedOnly && last < dueBefore);
    if (!due) continue;
    const outcome = await requestAgentlessScan(repository.id, trigger);
    if (outcome.state === "queued" && outcome.created) queued++;
  }
  for (const [reason, ids] of becameSkipped) {
    await db.repository.updateMany({ where: { id: { in: ids } }, data: { agentlessStatus: "SKIPPED", agentlessReason: reason } });
  }
  // Eligible again (brought into scope, unarchived…): "not scanned" until its scan completes.
  if (noLongerSkipped.length) await db.repository.updateMany({ where: { id: { in: noLongerSkipped }, agentlessStatus: "SKIPPED" }, data: { agentlessStatus: "NOT_SCANNED", agentlessReason: null } });
  return { queued, skipped };
}

/** The schedule: every connector with agentless scanning on, its repositories due. */
export async function queueDueAgentlessScans(): Promise<number> {
  const connectors = await db.connector.findMany({ where: { authorizationId: { not: null } }, select: { id: true } });
  let queued = 0;
  for (const c of connectors) queued += (await refreshAgentlessScanning(c.id, "schedule", { limit: MAX_PER_RUN - queued })).queued;
  return queued;
}
