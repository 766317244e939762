import "server-only";
import type PgBoss from "pg-boss";
import { QUEUES } from "../jobs/job-queue";
import { lapseExpiredExemptions } from "../recommendations/exemptions";
import { lapseExpiredDismissals } from "./lapse-expired-dismissals";

/**
 * Dismissals lapse at their expiry: a schedule queues the `dismissal-expiry` job every 5
 * minutes (pg-boss runs a schedule once across all workers), and one worker lapses every
 * dismissal, and every recommendation exemption, due. Reads of a repository's findings
 * and of recommendations also lapse what is due in the meantime.
 */

export const DISMISSAL_EXPIRY_CRON = "*/5 * * * *";

/** Registers this process as a worker of the dismissal expiry, and the schedule. Answers the worker's id. */
export async function startDismissalExpiryWorker(boss: PgBoss): Promise<string> {
  const workerId = await boss.work(QUEUES.dismissalExpiry, { pollingIntervalSeconds: 30 }, async () => ({
    lapsed: await lapseExpiredDismissals(new Date()),
    exemptionsLapsed: await lapseExpiredExemptions(new Date()),
  }));
  await boss.schedule(QUEUES.dismissalExpiry, DISMISSAL_EXPIRY_CRON);
  return workerId;
}
