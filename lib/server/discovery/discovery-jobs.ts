import "server-only";
import type PgBoss from "pg-boss";
import { db } from "../db/client";
import { jobQueue, QUEUES } from "../jobs/job-queue";
import { refreshAgentlessScanning } from "../agentless/agentless-schedule";
import { runDiscovery, type DiscoveryTrigger } from "./run-discovery";

/** Discovery as jobs: queued on connector creation, every 8 hours, and on demand. */

export const DISCOVERY_INTERVAL_HOURS = 8;

interface DiscoveryJob {
  connectorId: string;
  trigger: DiscoveryTrigger;
}

/**
 * Queues a discovery. At most one waits per connector (the queue's "stately" policy):
 * asking again while one is queued answers that one's id.
 */
export async function queueDiscovery(connectorId: string, trigger: DiscoveryTrigger, options: { startAfterSeconds?: number } = {}): Promise<string | null> {
  const boss = await jobQueue();
  const id = await boss.send(QUEUES.discovery, { connectorId, trigger } satisfies DiscoveryJob, {
    singletonKey: connectorId,
    startAfter: options.startAfterSeconds,
  });
  if (id) return id;
  const waiting = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM pgboss.job WHERE name = ${QUEUES.discovery} AND singleton_key = ${connectorId} AND state IN ('created', 'retry') LIMIT 1`;
  return waiting[0]?.id ?? null;
}

/** Connectors due for their 8-hourly discovery. */
export async function queueDueDiscoveries(): Promise<number> {
  const due = await db.connector.findMany({
    where: { authorizationId: { not: null }, OR: [{ lastDiscoveryAt: null }, { lastDiscoveryAt: { lt: new Date(Date.now() - DISCOVERY_INTERVAL_HOURS * 3600_000) } }] },
    select: { id: true },
  });
  for (const c of due) await queueDiscovery(c.id, "schedule");
  return due.length;
}

async function handleDiscovery([job]: PgBoss.Job<DiscoveryJob>[]) {
  if (!job) return;
  const exists = await db.connector.findUnique({ where: { id: job.data.connectorId }, select: { id: true } });
  if (!exists) return { skipped: "the connector was deleted" };
  const outcome = await runDiscovery(job.data.connectorId, job.data.trigger);
  // Repositories found for the first time are scanned now, not at the next schedule (seed 001).
  if (outcome.state !== "FAILED") await refreshAgentlessScanning(job.data.connectorId, "discovery", { neverScannedOnly: true });
  // A long rate limit ends this run; the next one starts when the provider allows.
  if (outcome.retryAfterSeconds) await queueDiscovery(job.data.connectorId, job.data.trigger, { startAfterSeconds: outcome.retryAfterSeconds });
  return outcome;
}

/** Registers this process as a discovery worker, and the schedule. */
export async function startDiscoveryWorker(boss: PgBoss, options: { concurrency?: number } = {}): Promise<void> {
  const concurrency = options.concurrency ?? 2;
  for (let i = 0; i < concurrency; i++) await boss.work<DiscoveryJob>(QUEUES.discovery, { batchSize: 1, pollingIntervalSeconds: 2 }, handleDiscovery);
  await boss.work(QUEUES.discoverySchedule, { pollingIntervalSeconds: 30 }, async () => ({ queued: await queueDueDiscoveries() }));
  await boss.schedule(QUEUES.discoverySchedule, "*/15 * * * *");
}

export type PendingDiscovery = { jobId: string; state: "queued" | "running" | "retrying" };

/** The connector's discovery waiting or running now, if any (none before the queue has ever started). */
export async function pendingDiscovery(connectorId: string): Promise<PendingDiscovery | null> {
  const exists = await db.$queryRaw<{ ok: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ok`;
  if (!exists[0]?.ok) return null;
  const rows = await db.$queryRaw<{ id: string; state: string }[]>`
    SELECT id::text, state::text FROM pgboss.job
    WHERE name = ${QUEUES.discovery} AND singleton_key = ${connectorId} AND state IN ('created', 'retry', 'active')
    ORDER BY CASE state WHEN 'active' THEN 0 ELSE 1 END, created_on DESC
    LIMIT 1`;
  const row = rows[0];
  if (!row) return null;
  return { jobId: row.id, state: row.state === "active" ? "running" : row.state === "retry" ? "retrying" : "queued" };
}
