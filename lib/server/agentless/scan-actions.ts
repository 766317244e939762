import "server-only";
import { PROVIDER_LABELS } from "@/lib/schemas/connectors";
import type { ScanView } from "@/lib/schemas/scans";
import { ApiError, notFound } from "../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { accessTo, assertAccess, type Caller } from "../authz/caller";
import { db } from "../db/client";
import { loadVisibleRepository, pathOf } from "../inventory/repository-health";
import { getScan } from "../scans/scan-view";
import { requestAgentlessScan } from "./agentless-queue";

/** "Scan now" on a repository, and stopping a scan: Security Admin and above, audited. */

const NOT_FOUND = "The repository";

export type ScanNowOutcome = { scan: ScanView; alreadyQueued: boolean };

export async function scanRepositoryNow(caller: Caller, repositoryId: string, meta: RequestMeta): Promise<ScanNowOutcome> {
  const repository = await loadVisibleRepository(caller, repositoryId);
  if (!repository) throw notFound(NOT_FOUND);
  assertAccess(caller, "scans.run", pathOf(repository), NOT_FOUND);
  const outcome = await requestAgentlessScan(repository.id, "manual", caller.user.email);
  if (outcome.state === "not-found") throw notFound(NOT_FOUND);
  if (outcome.state === "skipped") throw new ApiError(409, `${repository.fullName} is not scanned: ${outcome.reason}`);
  if (outcome.created) {
    await recordAuditEvent({
      actor: { id: caller.user.id, email: caller.user.email },
      action: "repository.scan",
      summary: `Asked for an agentless scan of ${PROVIDER_LABELS[repository.provider]} repository ${repository.fullName}`,
      target: { type: "repository", id: repository.id },
      meta,
      details: { scanId: outcome.scanId },
    });
  }
  return { scan: await getScan(caller, outcome.scanId), alreadyQueued: !outcome.created };
}

/**
 * Stops an agentless scan: one still waiting is cancelled at once; one running stops at
 * its worker's next check (within seconds), its clone removed and nothing ingested.
 */
export async function cancelScan(caller: Caller, scanId: string, meta: RequestMeta): Promise<ScanView> {
  const view = await getScan(caller, scanId); // 404 unless the caller may see it
  const row = await db.scan.findUnique({
    where: { id: view.id },
    select: { source: true, state: true, repository: { select: { id: true, fullName: true, connectorId: true, connector: { select: { resourceGroupId: true, resourceGroup: { select: { subscriptionId: true } } } } } } },
  });
  if (!row) throw notFound("The scan");
  if (accessTo(caller, "scans.run", pathOf(row.repository)) !== "allowed") throw new ApiError(403, "You may see this scan but not stop it: that takes Security Admin, Contributor or Owner on its repository.");
  if (row.source !== "AGENTLESS") throw new ApiError(409, "Only agentless scans can be stopped; an upload is processed in seconds.");
  if (row.state !== "PENDING" && row.state !== "PROCESSING") throw new ApiError(409, `This scan is already ${view.state}; only a queued or running scan can be stopped.`);
  const stopped = await db.scan.updateMany({ where: { id: view.id, state: "PENDING" }, data: { state: "CANCELLED", completedAt: new Date() } });
  if (stopped.count === 0) await db.scan.updateMany({ where: { id: view.id, state: "PROCESSING", cancelRequestedAt: null }, data: { cancelRequestedAt: new Date() } });
  await recordAuditEvent({
    actor: { id: caller.user.id, email: caller.user.email },
    action: "scan.cancel",
    summary: `Stopped the agentless scan of ${row.repository.fullName}`,
    target: { type: "repository", id: row.repository.id },
    meta,
    details: { scanId: view.id },
  });
  return getScan(caller, view.id);
}
