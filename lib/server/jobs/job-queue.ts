import "server-only";
import PgBoss from "pg-boss";
import { REGION_IDS, type RegionId } from "@/lib/schemas/connectors";
import { env, requireDatabaseUrl } from "../env";

/**
 * Rampart's job queue: pg-boss on the same PostgreSQL (schema `pgboss`). Several
 * worker processes on several machines share it; a job is handed to one of them
 * (SKIP LOCKED), retried with backoff when it fails. One instance per process, kept on
 * globalThis so that the start script and Next's route handlers (two module graphs in
 * one process) use the same one.
 */

export const QUEUES = {
  /** Discover one connector's organizations and repositories. data: { connectorId, trigger } */
  discovery: "discovery",
  /** Every 15 minutes: queue discovery for connectors last discovered 8 hours ago or more. */
  discoverySchedule: "discovery-schedule",
  /** Merge one uploaded or agentless scan's SARIF into the findings. data: { scanId } */
  scanIngest: "scan-ingest",
  /** Every 5 minutes: dismissals past their expiry lapse (the findings are open, or fixed, again). */
  dismissalExpiry: "dismissal-expiry",
  /** Every 15 minutes: queue agentless scans of repositories due (daily, or every 2 to 4 days, per connector). */
  agentlessSchedule: "agentless-schedule",
} as const;

/** Clone and scan one repository (agentless): one queue per region, taken only by the workers serving it. data: { scanId } */
export const agentlessQueue = (region: RegionId) => `agentless-scan-${region}`;

type Role = "worker" | "client";

interface Held {
  boss: PgBoss;
  role: Role;
  started: Promise<PgBoss>;
}

const KEY = Symbol.for("rampart.job-queue");
const store = globalThis as typeof globalThis & { [KEY]?: Held };

/**
 * Starts the queue for this process. A "worker" also maintains the queue (expiry,
 * retention) and runs the schedule; a "client" only sends.
 */
export function startJobQueue(role: Role): Promise<PgBoss> {
  const held = store[KEY];
  if (held) return held.started;
  const worker = role === "worker";
  const boss = new PgBoss({
    connectionString: requireDatabaseUrl(),
    schema: "pgboss",
    application_name: `rampart-${role}`,
    max: worker ? 6 : 2,
    supervise: worker,
    schedule: worker,
    migrate: true,
  });
  boss.on("error", (error: Error) => console.error(`rampart: job queue: ${error.message}`));
  const started = (async () => {
    await boss.start();
    await boss.createQueue(QUEUES.discovery, { name: QUEUES.discovery, policy: "stately", retryLimit: 4, retryDelay: 30, retryBackoff: true, expireInSeconds: 30 * 60, retentionMinutes: 7 * 24 * 60 });
    // A failure that is the log's own is recorded on the scan, not retried; a retry is for a
    // worker that died or a database that went away mid-way.
    await boss.createQueue(QUEUES.scanIngest, { name: QUEUES.scanIngest, policy: "standard", retryLimit: 2, retryDelay: 5, retryBackoff: true, expireInSeconds: 10 * 60, retentionMinutes: 24 * 60 });
    await boss.createQueue(QUEUES.discoverySchedule, { name: QUEUES.discoverySchedule, policy: "singleton", retryLimit: 0, expireInSeconds: 5 * 60 });
    // A scan that fails (the provider refused the clone, a scanner crashed) is retried twice,
    // a few minutes apart; a worker that died mid-scan leaves it to expire and be retried.
    const scanExpiry = Math.ceil(env().scanTimeoutMs / 1000) + 5 * 60;
    for (const region of REGION_IDS) {
      const name = agentlessQueue(region);
      await boss.createQueue(name, { name, policy: "standard", retryLimit: 2, retryDelay: 120, retryBackoff: true, expireInSeconds: scanExpiry, retentionMinutes: 7 * 24 * 60 });
    }
    await boss.createQueue(QUEUES.agentlessSchedule, { name: QUEUES.agentlessSchedule, policy: "singleton", retryLimit: 0, expireInSeconds: 5 * 60, retentionMinutes: 24 * 60 });
    await boss.createQueue(QUEUES.dismissalExpiry, { name: QUEUES.dismissalExpiry, policy: "singleton", retryLimit: 0, expireInSeconds: 5 * 60, retentionMinutes: 24 * 60 });
    return boss;
  })();
  store[KEY] = { boss, role, started };
  return started;
}

/** The queue, started as a client if this process has not started it yet (web-only processes, tests). */
export function jobQueue(): Promise<PgBoss> {
  return store[KEY]?.started ?? startJobQueue("client");
}

export async function stopJobQueue(): Promise<void> {
  const held = store[KEY];
  if (!held) return;
  delete store[KEY];
  await held.boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
}
