import "server-only";
import type { JobView } from "@/lib/schemas/jobs";
import { db } from "../db/client";

/** Recent background jobs for Settings → Jobs: from pg-boss's live and archive tables. */


interface Row {
  id: string;
  name: string;
  state: JobView["state"];
  data: { connectorId?: string; trigger?: string } | null;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  retry_count: number;
  output: Record<string, unknown> | null;
}

function summaryOf(queue: string, output: Record<string, unknown> | null): { summary: string | null; error: string | null } {
  if (!output) return { summary: null, error: null };
  if (typeof output.message === "string") return { summary: null, error: output.message };
  if (queue === "discovery" && typeof output.added === "number") {
    const errors = Array.isArray(output.errors) ? (output.errors as { organization: string; message: string }[]) : [];
    const parts = [`${String(output.added)} added`, `${String(output.updated)} updated`, `${String(output.removed)} removed`, `${String(output.unchanged)} unchanged`];
    return { summary: parts.join(", "), error: errors.length ? errors.map((e) => `${e.organization}: ${e.message}`).join(" ") : null };
  }
  if (typeof output.skipped === "string") return { summary: `Skipped: ${output.skipped}`, error: null };
  if (typeof output.lapsed === "number") return { summary: `${output.lapsed} dismissal${output.lapsed === 1 ? "" : "s"} expired`, error: null };
  if (typeof output.queued === "number") return { summary: `${output.queued} discover${output.queued === 1 ? "y" : "ies"} queued`, error: null };
  return { summary: null, error: null };
}

/** The newest jobs first; `limit` at most 200. Empty until the queue has started once. */
export async function listJobs(limit = 100): Promise<JobView[]> {
  const exists = await db.$queryRaw<{ ok: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ok`;
  if (!exists[0]?.ok) return [];
  const take = Math.min(Math.max(limit, 1), 200);
  const rows = await db.$queryRaw<Row[]>`
    SELECT id::text, name, state::text AS state, data, created_on, started_on, completed_on, retry_count, output
    FROM (
      SELECT id, name, state, data, created_on, started_on, completed_on, retry_count, output FROM pgboss.job
      UNION ALL
      SELECT id, name, state, data, created_on, started_on, completed_on, retry_count, output FROM pgboss.archive
    ) jobs
    ORDER BY created_on DESC
    LIMIT ${take}`;
  const connectorIds = [...new Set(rows.map((r) => r.data?.connectorId).filter((id): id is string => typeof id === "string"))];
  const connectors = new Map(
    (await db.connector.findMany({ where: { id: { in: connectorIds } }, select: { id: true, name: true } })).map((c) => [c.id, c]),
  );
  return rows.map((r) => {
    const { summary, error } = summaryOf(r.name, r.output);
    const connectorId = r.data?.connectorId;
    return {
      id: r.id,
      queue: r.name,
      state: r.state,
      connector: connectorId ? (connectors.get(connectorId) ?? { id: connectorId, name: "(deleted connector)" }) : null,
      trigger: r.data?.trigger ?? null,
      createdAt: r.created_on.toISOString(),
      startedAt: r.started_on?.toISOString() ?? null,
      completedAt: r.completed_on?.toISOString() ?? null,
      durationMs: r.started_on && r.completed_on ? r.completed_on.getTime() - r.started_on.getTime() : null,
      retries: r.retry_count,
      summary,
      error,
    };
  });
}
