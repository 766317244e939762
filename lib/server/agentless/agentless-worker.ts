import "server-only";
import type PgBoss from "pg-boss";
import type { RegionId } from "@/lib/schemas/connectors";
import { agentlessQueue, QUEUES } from "../jobs/job-queue";
import { onAgentlessJobQueued, type AgentlessJob } from "./agentless-queue";
import { queueDueAgentlessScans } from "./agentless-schedule";
import { runAgentlessScan } from "./run-agentless-scan";

/**
 * The agentless scan worker of this process: takes jobs only from the queues of the
 * regions it serves, at most `concurrency` scans at a time across all of them (each one
 * is a clone and a few scanner processes, so the limit is per worker, not per region).
 * pg-boss hands a job to one worker only (SKIP LOCKED), expires it when its worker dies,
 * and retries a failed one with backoff.
 */

export interface AgentlessWorker {
  regions: RegionId[];
  stop(): Promise<void>;
}

const KEY = Symbol.for("rampart.agentless-worker");
const store = globalThis as typeof globalThis & { [KEY]?: AgentlessWorker };

export async function startAgentlessWorker(boss: PgBoss, options: { regions: RegionId[]; concurrency: number; pollIntervalMs?: number }): Promise<AgentlessWorker> {
  const queues = options.regions.map(agentlessQueue);
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let stopped = false;
  let filling: Promise<void> | null = null;
  let next = 0;

  async function fetchOne(): Promise<{ queue: string; job: PgBoss.JobWithMetadata<AgentlessJob> } | null> {
    // Round robin over the regions, so that a busy one does not starve the others.
    for (let i = 0; i < queues.length; i++) {
      const queue = queues[(next + i) % queues.length]!;
      const [job] = await boss.fetch<AgentlessJob>(queue, { batchSize: 1, includeMetadata: true });
      if (job) {
        next = (next + i + 1) % queues.length;
        return { queue, job };
      }
    }
    return null;
  }

  async function run(queue: string, job: PgBoss.JobWithMetadata<AgentlessJob>, controller: AbortController): Promise<void> {
    try {
      const outcome = await runAgentlessScan(job.data.scanId, { signal: controller.signal, finalAttempt: job.retryCount >= job.retryLimit });
      await boss.complete(queue, job.id, outcome);
    } catch (error) {
      await boss.fail(queue, job.id, { message: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
    }
  }

  async function fill(): Promise<void> {
    while (!stopped && running.size < options.concurrency) {
      const found = await fetchOne().catch((error: unknown) => {
        console.error(`rampart: agentless worker: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      if (!found) return;
      const controller = new AbortController();
      const done = run(found.queue, found.job, controller).finally(() => {
        running.delete(found.job.id);
        wake();
      });
      running.set(found.job.id, { controller, done });
    }
  }

  function wake(): void {
    if (stopped) return;
    // One fill at a time: two would both see a free slot and take two jobs for it.
    filling ??= fill().finally(() => {
      filling = null;
    });
  }

  const timer = setInterval(wake, options.pollIntervalMs ?? 2_000);
  const unsubscribe = onAgentlessJobQueued(wake);
  wake();

  await boss.work(QUEUES.agentlessSchedule, { pollingIntervalSeconds: 30 }, async () => ({ queued: await queueDueAgentlessScans() }));
  await boss.schedule(QUEUES.agentlessSchedule, "*/15 * * * *");

  const worker: AgentlessWorker = {
    regions: options.regions,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      for (const { controller } of running.values()) controller.abort();
      await Promise.allSettled([...running.values()].map((r) => r.done));
      if (store[KEY] === worker) delete store[KEY];
    },
  };
  store[KEY] = worker;
  return worker;
}

/** The worker of this process, if it runs one (to stop it on shutdown). */
export function agentlessWorker(): AgentlessWorker | undefined {
  return store[KEY];
}
