import "server-only";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { recordAuditEvent } from "../audit/record-audit-event";
import { recountFindings } from "./finding-counts";

/**
 * Dismissals with an expiry lapse by themselves: the finding is open again, or Fixed when
 * the latest scan of its tool no longer reports it (`fixedAt`, kept by ingestion while it
 * was dismissed), with a DISMISSAL_EXPIRED event dated at the expiry.
 *
 * A job runs this every 5 minutes for every repository (dismissal-expiry-jobs.ts), and
 * the reads of one repository's findings run it for that repository first, so that a
 * dismissal is never shown after its expiry even when the job has not run yet. Lapsing
 * (rather than filtering by expiry in every query) keeps one truth: the state column, the
 * repository's open counters that the inventory sorts by, and the history all agree.
 */

type Tx = Prisma.TransactionClient;

/** Every write to a repository's findings holds its row lock, as ingestion does: one change at a time. */
export async function lockRepositories(tx: Pick<Tx, "$queryRaw">, repositoryIds: string[]): Promise<string[]> {
  if (repositoryIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM "Repository" WHERE id = ANY(${[...new Set(repositoryIds)].sort()}::uuid[]) ORDER BY id FOR UPDATE`;
  return rows.map((r) => r.id);
}

/**
 * Lapses the expired dismissals of these repositories, in a transaction that holds their
 * locks (lockRepositories). Answers the repositories whose findings changed; the caller
 * recounts them.
 */
export async function lapseLocked(tx: Tx, repositoryIds: string[], now: Date): Promise<{ lapsed: number; repositoryIds: string[] }> {
  if (repositoryIds.length === 0) return { lapsed: 0, repositoryIds: [] };
  const due = await tx.finding.findMany({
    where: { repositoryId: { in: repositoryIds }, state: "DISMISSED", dismissalExpiresAt: { lte: now } },
    select: { id: true, repositoryId: true, fixedAt: true, dismissalReason: true, dismissalExpiresAt: true },
  });
  if (due.length === 0) return { lapsed: 0, repositoryIds: [] };
  const cleared = { dismissedAt: null, dismissedById: null, dismissedByEmail: null, dismissalReason: null, dismissalComment: null, dismissalExpiresAt: null };
  const toOpen = due.filter((f) => f.fixedAt === null).map((f) => f.id);
  const toFixed = due.filter((f) => f.fixedAt !== null).map((f) => f.id);
  if (toOpen.length) await tx.finding.updateMany({ where: { id: { in: toOpen }, state: "DISMISSED" }, data: { state: "OPEN", ...cleared } });
  if (toFixed.length) await tx.finding.updateMany({ where: { id: { in: toFixed }, state: "DISMISSED" }, data: { state: "FIXED", ...cleared } });
  await tx.findingEvent.createMany({
    data: due.map((f) => ({ findingId: f.id, kind: "DISMISSAL_EXPIRED" as const, at: f.dismissalExpiresAt ?? now, reason: f.dismissalReason })),
  });
  return { lapsed: due.length, repositoryIds: [...new Set(due.map((f) => f.repositoryId))] };
}

/**
 * Lapses every dismissal that expired at or before `now` (only those of one repository
 * with `repositoryId`). Answers how many lapsed. Writes nothing when none has.
 */
export async function lapseExpiredDismissals(now: Date = new Date(), options: { repositoryId?: string } = {}): Promise<number> {
  // A cheap look first: reads call this, and almost always there is nothing to do.
  const due = await db.finding.groupBy({
    by: ["repositoryId"],
    where: { state: "DISMISSED", dismissalExpiresAt: { lte: now }, ...(options.repositoryId ? { repositoryId: options.repositoryId } : {}) },
  });
  if (due.length === 0) return 0;
  return db.$transaction(
    async (tx) => {
      const locked = await lockRepositories(tx, due.map((d) => d.repositoryId));
      const { lapsed, repositoryIds } = await lapseLocked(tx, locked, now);
      if (repositoryIds.length) await recountFindings(repositoryIds, tx);
      if (lapsed) {
        await recordAuditEvent(
          {
            actor: null,
            action: "finding.dismissal_expire",
            summary: `The dismissal${lapsed === 1 ? "" : "s"} of ${lapsed.toLocaleString("en-US")} finding${lapsed === 1 ? "" : "s"} expired`,
            details: { repositoryIds },
          },
          tx,
        );
      }
      return lapsed;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
