import "server-only";
import { createHash } from "node:crypto";
import type { ProviderName, ScannerId } from "@/lib/schemas/connectors";
import { accessToken } from "../connectors/access-tokens";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { env } from "../env";
import type { ProviderHost } from "../providers/hosts";
import type { SarifLog } from "../sarif/sarif-log";
import { ingestAgentlessLog } from "../scans/process-scan";
import { SCANNER_CATALOG } from "../scanners/catalog";
import { runScanners, type ScannerOutcome } from "../scanners/run-scanners";
import { AGENTLESS_CATEGORY } from "./agentless-category";
import { withClone } from "./clone-repository";
import { skipReasonOf, type EligibilityConnector, type EligibilityRepository } from "./scan-eligibility";

/**
 * One agentless scan (the job of an `agentless-scan-<region>` queue): fetch the default
 * branch, run the connector's scanners on it, and merge what they found through the same
 * ingestion as uploads, as category "agentless" (so a pipeline's own uploads of the same
 * tool are a separate set). A scanner that failed leaves its earlier findings as they
 * were; one that ran over no files of its kind reports an empty run, so the findings it
 * made in files since deleted become Fixed.
 */

/** How often a running scan looks whether someone asked to stop it. */
const CANCEL_POLL_MS = 2_000;

export type AgentlessOutcome =
  | { state: "COMPLETE"; commitSha: string; new: number; fixed: number }
  | { state: "SKIPPED"; reason: string }
  | { state: "CANCELLED" }
  | { state: "FAILED"; error: string }
  | { state: "GONE" };

/** A failure worth another attempt (the provider or the network), unlike a timeout or a cancellation. */
export class RetryableScanError extends Error {
  override name = "RetryableScanError";
}

class StoppedError extends Error {
  constructor(readonly why: "cancelled" | "timed-out") {
    super(why);
  }
}

type ScanContext = EligibilityRepository & EligibilityConnector & { id: string; repositoryId: string; provider: ProviderName; fullName: string };

/**
 * Where to clone from. The clone URL must be on the provider the token is for: a token is
 * never sent anywhere else. The SCM sandbox (demo mode) may have moved to another port
 * since discovery recorded the URL: its repositories are wherever it answers now.
 */
function cloneUrlOn(cloneUrl: string, host: ProviderHost): string {
  const url = new URL(cloneUrl);
  if (host.isSandbox) {
    const now = new URL(host.webUrl);
    url.protocol = now.protocol;
    url.host = now.host;
    return url.href;
  }
  const allowed = [host.webUrl, host.apiUrl].map((u) => new URL(u).origin);
  if (!allowed.includes(url.origin)) throw new Error(`The clone URL ${url.origin} is not on ${host.label} (${allowed.join(", ")}); the token is not sent there.`);
  return url.href;
}

async function claim(scanId: string): Promise<ScanContext | "CANCELLED" | null> {
  const [row] = await db.$queryRaw<{ state: string }[]>`SELECT state::text FROM "Scan" WHERE id = ${scanId}::uuid AND source = 'AGENTLESS'`;
  if (!row) return null;
  if (row.state === "CANCELLED") return "CANCELLED";
  const claimed = await db.$queryRaw<ScanContext[]>`
    WITH s AS (
      UPDATE "Scan" SET state = 'PROCESSING', "startedAt" = now(), error = NULL
      WHERE id = ${scanId}::uuid AND state IN ('PENDING', 'PROCESSING') RETURNING id, "repositoryId"
    )
    SELECT s.id::text, s."repositoryId"::text AS "repositoryId", r.provider::text AS provider, r."fullName", r."defaultBranch", r."cloneUrl", r."removedAt", r.archived, r."sizeKb",
           r."inScanScope", c."scanningEnabled", c.scanners, c."authorizationId"::text AS "authorizationId", c."authState"::text AS "authState"
    FROM s JOIN "Repository" r ON r.id = s."repositoryId" JOIN "Connector" c ON c.id = r."connectorId"`;
  return claimed[0] ?? null;
}

async function finishWithout(scanId: string, repositoryId: string, state: "SKIPPED" | "CANCELLED" | "FAILED", text: string | null): Promise<void> {
  await db.$transaction([
    db.scan.update({
      where: { id: scanId },
      data: { state, completedAt: new Date(), ...(state === "SKIPPED" ? { skipReason: text } : state === "FAILED" ? { error: text } : {}) },
    }),
    ...(state === "CANCELLED"
      ? []
      : [
          db.repository.update({
            where: { id: repositoryId },
            data: state === "SKIPPED" ? { agentlessStatus: "SKIPPED", agentlessReason: text } : { agentlessStatus: "FAILING", agentlessReason: text, lastAgentlessScanAt: new Date() },
          }),
        ]),
  ]);
}

/**
 * Runs the scan. `finalAttempt`: a retryable failure is recorded as the scan's failure
 * (otherwise the scan waits, PENDING, for the retry, and the error is thrown to the queue).
 */
export async function runAgentlessScan(scanId: string, options: { signal?: AbortSignal; finalAttempt?: boolean } = {}): Promise<AgentlessOutcome> {
  const scan = await claim(scanId);
  if (scan === null) return { state: "GONE" };
  if (scan === "CANCELLED") return { state: "CANCELLED" };

  const reason = skipReasonOf(scan, scan);
  if (reason) {
    await finishWithout(scan.id, scan.repositoryId, "SKIPPED", reason);
    return { state: "SKIPPED", reason };
  }

  const stop = new AbortController();
  const timeoutMs = env().scanTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  const timer = setTimeout(() => stop.abort(new StoppedError("timed-out")), timeoutMs);
  const onOuterAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  const poll = setInterval(() => {
    void db.scan
      .findUnique({ where: { id: scan.id }, select: { cancelRequestedAt: true } })
      .then((s) => {
        if (s?.cancelRequestedAt) stop.abort(new StoppedError("cancelled"));
      })
      .catch(() => undefined);
  }, CANCEL_POLL_MS);

  try {
    const { token, host } = await accessToken(scan.authorizationId!);
    const cloneUrl = cloneUrlOn(scan.cloneUrl!, host);
    const branch = scan.defaultBranch!;
    const scanners = scan.scanners as ScannerId[];
    const outcome = await withClone({ provider: scan.provider, url: cloneUrl, branch, token, signal: stop.signal }, async (checkout, commitSha) => {
      const result = await runScanners({ root: checkout, scanners, timeoutMs: Math.max(1_000, deadline - Date.now()), signal: stop.signal });
      return { ...result, commitSha };
    });
    if (stop.signal.aborted) throw stop.signal.reason;
    // A scanner turned off while this scan ran stops here: its results are not ingested.
    const current = await db.connector.findFirst({ where: { repositories: { some: { id: scan.repositoryId } } }, select: { scanningEnabled: true, scanners: true } });
    const stillOn = new Set(current?.scanningEnabled ? current.scanners : []);
    const kept = new Set(outcome.tools.filter((t) => stillOn.has(t.id)).map((t) => SCANNER_CATALOG[t.id].toolName));
    outcome.tools = outcome.tools.filter((t) => stillOn.has(t.id)).map((t) => ({ ...t, error: t.error ?? undefined }));
    outcome.log = { ...outcome.log, runs: outcome.log.runs.filter((r) => kept.has(r.tool.driver.name)) };
    const log = withEmptyRuns(outcome.log, outcome.tools);
    const failed = outcome.tools.filter((t) => t.state === "failed" || t.state === "timed-out" || t.state === "cancelled");
    const cancelled = outcome.tools.some((t) => t.state === "cancelled");
    if (cancelled) throw new StoppedError("cancelled");
    const problem = failed.length ? failed.map((t) => `${t.label}: ${t.error ?? t.state}`).join("; ") : null;
    const contentSha256 = createHash("sha256").update(JSON.stringify(log)).digest("hex");
    let counts = { new: 0, fixed: 0 };
    await ingestAgentlessLog({ id: scan.id, repositoryId: scan.repositoryId, commitSha: outcome.commitSha, branch, category: AGENTLESS_CATEGORY }, log, contentSha256, async (tx) => {
      await tx.execute(Prisma.sql`
        UPDATE "Scan" SET scanners = ${JSON.stringify(outcome.tools)}::jsonb, isolation = ${outcome.isolation}, error = ${problem},
          "runCount" = ${log.runs.length}, "resultCount" = ${log.runs.reduce((n, run) => n + (run.results?.length ?? 0), 0)}
        WHERE id = ${scan.id}::uuid`);
      await tx.execute(Prisma.sql`
        UPDATE "Repository" SET "agentlessStatus" = ${problem ? "FAILING" : "SCANNED"}::"AgentlessStatus", "agentlessReason" = ${problem},
          "lastAgentlessScanAt" = now()
        WHERE id = ${scan.repositoryId}::uuid`);
      const [row] = await tx.rows<{ newCount: number; fixedCount: number }>(Prisma.sql`SELECT "newCount", "fixedCount" FROM "Scan" WHERE id = ${scan.id}::uuid`);
      counts = { new: row?.newCount ?? 0, fixed: row?.fixedCount ?? 0 };
    });
    return { state: "COMPLETE", commitSha: outcome.commitSha, ...counts };
  } catch (error) {
    const reasonOfStop = error instanceof StoppedError ? error.why : stop.signal.reason instanceof StoppedError ? stop.signal.reason.why : null;
    if (reasonOfStop === "cancelled") {
      await finishWithout(scan.id, scan.repositoryId, "CANCELLED", null);
      return { state: "CANCELLED" };
    }
    const message =
      reasonOfStop === "timed-out"
        ? `Stopped after ${Math.round(timeoutMs / 60_000)} minutes, the time limit for one repository (RAMPART_SCAN_TIMEOUT_MINUTES).`
        : error instanceof Error
          ? error.message
          : String(error);
    // The worker is stopping: the job is retried elsewhere, the scan waits for it.
    if (options.signal?.aborted && !reasonOfStop) {
      await db.scan.update({ where: { id: scan.id }, data: { state: "PENDING", error: "Interrupted: the worker stopped; it is retried." } });
      throw new RetryableScanError("the worker stopped");
    }
    if (!reasonOfStop && !options.finalAttempt) {
      await db.scan.update({ where: { id: scan.id }, data: { state: "PENDING", error: `${message} (it is tried again shortly)` } });
      throw new RetryableScanError(message);
    }
    await finishWithout(scan.id, scan.repositoryId, "FAILED", message);
    return { state: "FAILED", error: message };
  } finally {
    clearTimeout(timer);
    clearInterval(poll);
    options.signal?.removeEventListener("abort", onOuterAbort);
  }
}

/** An empty run for each scanner that ran over no files of its kind: its earlier findings are Fixed. */
function withEmptyRuns(log: SarifLog, tools: ScannerOutcome[]): SarifLog {
  const present = new Set(log.runs.map((r) => r.tool.driver.name));
  const empty = tools
    .filter((t) => t.state === "no-files" && !present.has(SCANNER_CATALOG[t.id].toolName))
    .map((t) => ({ tool: { driver: { name: SCANNER_CATALOG[t.id].toolName, ...(t.version ? { version: t.version } : {}) } }, results: [] }));
  return { ...log, runs: [...log.runs, ...empty] };
}
