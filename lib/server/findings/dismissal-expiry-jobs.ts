import "server-only";
import type PgBoss from "pg-boss";
import { QUEUES } from "../jobs/job-queue";
import { lapseExpiredDismissals } from "./lapse-expired-dismissals";

/**
 * Dismissals lapse at their expiry: a schedule queues the `dismissal-expiry` job every 5
 * minutes (pg-boss runs a schedule once across all workers), and one worker lapses every
 * dismissal due. Reads of a repository's findings also lapse its own in the meantime.
 */

export const DISMISSAL_EXPIRY_CRON = "*/5 * * * *";

/** Registers this process as a worker of the dismissal expiry, and the schedule. Answers the worker's id. */
export async function startDismissalExpiryWorker(boss: PgBoss): Promise<string> {
  const workerId = await boss.work(QUEUES.dismissalExpiry, { pollingIntervalSeconds: 30 }, async () => ({ lapsed: await lapseExpiredDismissals(new Date()) }));
  await boss.schedule(QUEUES.dismissalExpiry, DISMISSAL_EXPIRY_CRON);
  return workerId;
}
