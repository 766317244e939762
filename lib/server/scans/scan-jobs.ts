import "server-only";
import type PgBoss from "pg-boss";
import { jobQueue, QUEUES } from "../jobs/job-queue";
import { processScan } from "./process-scan";

/** Scans are processed by jobs, like GitHub's SARIF uploads: the upload answers 202 at once. */

type ScanJob = { scanId: string };

const KEY = Symbol.for("rampart.scan-workers");
const store = globalThis as typeof globalThis & { [KEY]?: { boss: PgBoss; workerIds: string[] } };

export async function queueScan(scanId: string): Promise<void> {
  const boss = await jobQueue();
  await boss.send(QUEUES.scanIngest, { scanId } satisfies ScanJob);
  // A worker in this process (npm start) looks at once instead of at its next poll.
  const local = store[KEY];
  if (local) for (const id of local.workerIds) local.boss.notifyWorker(id);
}

async function handleScan([job]: PgBoss.Job<ScanJob>[]) {
  if (!job) return;
  return { outcome: await processScan(job.data.scanId) };
}

/** Registers this process as a scan worker: `concurrency` scans at a time. */
export async function startScanWorker(boss: PgBoss, options: { concurrency?: number } = {}): Promise<void> {
  const workerIds: string[] = [];
  for (let i = 0; i < (options.concurrency ?? 2); i++) {
    workerIds.push(await boss.work<ScanJob>(QUEUES.scanIngest, { batchSize: 1, pollingIntervalSeconds: 1 }, handleScan));
  }
  store[KEY] = { boss, workerIds };
}
