import "server-only";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { withPgTransaction, type PgTransaction } from "../db/pg-transaction";
import { recountFindings } from "../findings/finding-counts";
import { normalizeLog, type NormalizedAnalysis } from "../sarif/normalize-log";
import type { SarifLog } from "../sarif/sarif-log";
import { mergeAnalysis, upsertRules, type MergeCounts } from "./merge-analysis";
import { inflateStoredLog } from "./read-sarif-upload";
import { takeParsedLog } from "./parsed-log-handoff";

/**
 * Processes one stored scan (the `scan-ingest` job): the log's analyses are merged into
 * the repository's findings in ONE transaction, with the repository's counters and the
 * scan's outcome, so a failure writes no findings at all and the scan says why.
 */

export type ToolSummary = {
  name: string;
  version: string | null;
  category: string;
  type: string;
  results: number;
  /** The results by severity (CRITICAL, HIGH, MEDIUM, LOW). */
  bySeverity?: Record<string, number>;
  skipped: number;
  duplicate?: boolean;
};

function severitiesOf(analysis: NormalizedAnalysis): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of analysis.results) counts[r.severity] = (counts[r.severity] ?? 0) + 1;
  return counts;
}

export class ScanProcessingError extends Error {
  override name = "ScanProcessingError";
}

/**
 * Runs the scan if it is still waiting. Returns its final state; a scan another worker
 * already finished is left alone (a job delivered twice does nothing the second time).
 */
export async function processScan(scanId: string): Promise<"COMPLETE" | "FAILED" | "SKIPPED"> {
  const claimed = await db.scan.updateManyAndReturn({
    where: { id: scanId, state: { in: ["PENDING", "PROCESSING"] } },
    data: { state: "PROCESSING", startedAt: new Date() },
    select: { id: true, repositoryId: true, category: true, checkoutUri: true, commitSha: true, branch: true, contentSha256: true, payload: true },
  });
  const scan = claimed[0];
  if (!scan) return "SKIPPED";
  try {
    const log = takeParsedLog(scanId) ?? (await parseStored(scan.payload));
    const analyses = normalizeLog(log, { category: scan.category ?? undefined, checkoutUri: scan.checkoutUri ?? undefined });
    await ingest({ ...scan, analyses });
    return "COMPLETE";
  } catch (error) {
    const reason = error instanceof ScanProcessingError ? error.message : `Processing failed: ${error instanceof Error ? error.message : String(error)}`;
    if (!(error instanceof ScanProcessingError)) console.error(`rampart: scan ${scanId}:`, error);
    await db.scan.update({ where: { id: scanId }, data: { state: "FAILED", error: reason, completedAt: new Date(), payload: null } });
    return "FAILED";
  }
}

async function parseStored(payload: Uint8Array | null): Promise<SarifLog> {
  if (!payload) throw new ScanProcessingError("The uploaded log is no longer stored; upload it again.");
  try {
    return JSON.parse(await inflateStoredLog(payload)) as SarifLog;
  } catch (error) {
    throw new ScanProcessingError(`The stored log could not be read (${error instanceof Error ? error.message : String(error)}); upload it again.`);
  }
}

/**
 * Merges the log of an agentless scan this worker has claimed (PROCESSING) and produced
 * itself; `alsoInTransaction` records the rest of its outcome in the same transaction.
 */
export async function ingestAgentlessLog(
  scan: { id: string; repositoryId: string; commitSha: string; branch: string; category: string },
  log: SarifLog,
  contentSha256: string,
  alsoInTransaction: (tx: PgTransaction) => Promise<void>,
): Promise<void> {
  const analyses = normalizeLog(log, { category: scan.category });
  await ingest({ ...scan, contentSha256, analyses }, alsoInTransaction);
}

async function ingest(
  scan: {
    id: string;
    repositoryId: string;
    commitSha: string | null;
    branch: string | null;
    contentSha256: string;
    analyses: NormalizedAnalysis[];
  },
  alsoInTransaction?: (tx: PgTransaction) => Promise<void>,
): Promise<void> {
  const at = new Date();
  const stamp = at.toISOString();
  await withPgTransaction(async (tx) => {
    // One scan of a repository at a time: concurrent uploads for it queue here, in order.
    const locked = await tx.rows<{ id: string }>(Prisma.sql`SELECT id FROM "Repository" WHERE id = ${scan.repositoryId}::uuid FOR UPDATE`);
    if (locked.length === 0) throw new ScanProcessingError("The repository was deleted before its scan could be processed.");

    // The log each analysis last came from, to recognise the very same log uploaded again.
    const previous = await tx.rows<{ tool: string; category: string; contentSha256: string; commitSha: string | null; branch: string | null }>(Prisma.sql`
      SELECT a.tool, a.category, s."contentSha256", s."commitSha", s.branch
      FROM "Analysis" a JOIN "Scan" s ON s.id = a."lastScanId"
      WHERE a."repositoryId" = ${scan.repositoryId}::uuid`);
    const sameLogAsBefore = (analysis: NormalizedAnalysis) =>
      previous.some(
        (p) =>
          p.tool === analysis.tool &&
          p.category === analysis.category &&
          p.contentSha256 === scan.contentSha256 &&
          p.commitSha === scan.commitSha &&
          p.branch === scan.branch,
      );

    const totals: MergeCounts = { new: 0, unchanged: 0, fixed: 0, reopened: 0 };
    const tools: ToolSummary[] = [];
    for (const analysis of scan.analyses) {
      const summary: ToolSummary = {
        name: analysis.tool,
        version: analysis.toolVersion,
        category: analysis.category,
        type: analysis.type,
        results: analysis.results.length,
        bySeverity: severitiesOf(analysis),
        skipped: analysis.skipped,
      };
      // The very log this analysis last came from, uploaded again: nothing to change.
      if (sameLogAsBefore(analysis)) {
        totals.unchanged += analysis.results.length;
        tools.push({ ...summary, duplicate: true });
        continue;
      }
      await upsertRules(tx, analysis.tool, analysis.rules, at);
      const counts = await mergeAnalysis(tx, { repositoryId: scan.repositoryId, scanId: scan.id, at, analysis });
      totals.new += counts.new;
      totals.unchanged += counts.unchanged;
      totals.fixed += counts.fixed;
      totals.reopened += counts.reopened;
      tools.push(summary);
      await tx.execute(Prisma.sql`
        INSERT INTO "Analysis" (id, "repositoryId", tool, category, type, "toolVersion", "lastScanId", "lastScanAt", "commitSha", branch)
        VALUES (gen_random_uuid(), ${scan.repositoryId}::uuid, ${analysis.tool}, ${analysis.category}, ${analysis.type}::"FindingType", ${analysis.toolVersion},
          ${scan.id}::uuid, ${stamp}::timestamp(3), ${scan.commitSha}, ${scan.branch})
        ON CONFLICT ("repositoryId", tool, category) DO UPDATE SET type = EXCLUDED.type, "toolVersion" = EXCLUDED."toolVersion",
          "lastScanId" = EXCLUDED."lastScanId", "lastScanAt" = EXCLUDED."lastScanAt", "commitSha" = EXCLUDED."commitSha", branch = EXCLUDED.branch`);
    }

    await tx.execute(Prisma.sql`UPDATE "Repository" SET "lastScanAt" = ${stamp}::timestamp(3), "updatedAt" = ${stamp}::timestamp(3) WHERE id = ${scan.repositoryId}::uuid`);
    // After lastScanAt: a scanned repository's findings recommendations are judged, not "not scanned yet".
    await recountFindings([scan.repositoryId], tx);
    await tx.execute(Prisma.sql`
      UPDATE "Scan" SET state = 'COMPLETE', "completedAt" = ${new Date().toISOString()}::timestamp(3), payload = NULL, tools = ${JSON.stringify(tools)}::jsonb,
        "newCount" = ${totals.new}, "unchangedCount" = ${totals.unchanged}, "fixedCount" = ${totals.fixed}, "reopenedCount" = ${totals.reopened},
        "contentSha256" = ${scan.contentSha256}, "commitSha" = ${scan.commitSha}
      WHERE id = ${scan.id}::uuid`);
    if (alsoInTransaction) await alsoInTransaction(tx);
  });
}
