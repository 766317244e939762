import "server-only";
import type { RegionId } from "@/lib/schemas/connectors";
import { withPgTransaction } from "../db/pg-transaction";
import { Prisma } from "../db/generated/client";
import { agentlessQueue, jobQueue } from "../jobs/job-queue";
import { skipReasonOf, type EligibilityConnector, type EligibilityRepository } from "./scan-eligibility";

/**
 * Agentless scans as jobs. Each region has its own queue, so that a worker takes only the
 * jobs of the regions it serves (RAMPART_WORKER_REGIONS): a connector's code is cloned and
 * scanned only where its region says (seed 001's data residency).
 *
 * A scan is a Scan row (source AGENTLESS) and a job that carries its id, created in one
 * transaction. At most one agentless scan of a repository waits or runs at a time (a
 * partial unique index): asking again answers the one already there.
 */

export type AgentlessTrigger = "schedule" | "discovery" | "manual";

export type AgentlessJob = { scanId: string };

export type ScanRequestOutcome = { state: "queued"; scanId: string; created: boolean } | { state: "skipped"; reason: string } | { state: "not-found" };

type RepositoryRow = EligibilityRepository & EligibilityConnector & { id: string; agentlessStatus: string; agentlessReason: string | null; region: RegionId };

const listeners = new Set<() => void>();

/** A worker in this process is told at once that a job is waiting (instead of at its next poll). */
export function onAgentlessJobQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Queues an agentless scan of the repository, unless it is not to be scanned: then its
 * status says why (SKIPPED with the reason) and nothing is queued.
 */
export async function requestAgentlessScan(repositoryId: string, trigger: AgentlessTrigger, requestedBy: string | null = null): Promise<ScanRequestOutcome> {
  const boss = await jobQueue();
  const outcome = await withPgTransaction(async (tx): Promise<ScanRequestOutcome> => {
    const [repository] = await tx.rows<RepositoryRow>(Prisma.sql`
      SELECT r.id, r."removedAt", r.archived, r."sizeKb", r."defaultBranch", r."cloneUrl", r."inScanScope", r."agentlessStatus", r."agentlessReason",
             c."scanningEnabled", c.scanners, c."authorizationId", c."authState", c.region
      FROM "Repository" r JOIN "Connector" c ON c.id = r."connectorId"
      WHERE r.id = ${repositoryId}::uuid`);
    if (!repository) return { state: "not-found" };
    const reason = skipReasonOf(repository, repository);
    if (reason) {
      if (repository.agentlessStatus !== "SKIPPED" || repository.agentlessReason !== reason) {
        await tx.execute(Prisma.sql`UPDATE "Repository" SET "agentlessStatus" = 'SKIPPED', "agentlessReason" = ${reason} WHERE id = ${repositoryId}::uuid`);
      }
      return { state: "skipped", reason };
    }
    const [created] = await tx.rows<{ id: string }>(Prisma.sql`
      INSERT INTO "Scan" (id, "repositoryId", source, state, trigger, "uploadedBy", "contentSha256", branch)
      VALUES (gen_random_uuid(), ${repositoryId}::uuid, 'AGENTLESS', 'PENDING', ${trigger}, ${requestedBy}, '', ${repository.defaultBranch})
      ON CONFLICT ("repositoryId") WHERE source = 'AGENTLESS' AND state IN ('PENDING', 'PROCESSING') DO NOTHING
      RETURNING id`);
    if (!created) {
      const [active] = await tx.rows<{ id: string }>(Prisma.sql`
        SELECT id FROM "Scan" WHERE "repositoryId" = ${repositoryId}::uuid AND source = 'AGENTLESS' AND state IN ('PENDING', 'PROCESSING')`);
      return { state: "queued", scanId: active!.id, created: false };
    }
    // The job is created in the same transaction: a scan never waits without a job.
    await boss.send(agentlessQueue(repository.region), { scanId: created.id } satisfies AgentlessJob, {
      singletonKey: created.id,
      db: { executeSql: async (text, values) => tx.client.query(text, values) },
    });
    return { state: "queued", scanId: created.id, created: true };
  });
  if (outcome.state === "queued" && outcome.created) for (const listener of listeners) listener();
  return outcome;
}
