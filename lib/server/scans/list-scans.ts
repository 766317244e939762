import "server-only";
import type { ScanListPage, ScanListQuery, ScanStateName } from "@/lib/schemas/scans";
import { ApiError } from "../api/errors";
import type { Caller } from "../authz/caller";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { connectorScope } from "../inventory/inventory-service";
import { scanSelect, toScanView } from "./scan-view";

/** GET /api/v1/scans (Settings → Scans): the scans of every repository in scope, newest first, a page at a time. */

const STATE_ROWS: Record<ScanStateName, Prisma.ScanWhereInput> = {
  pending: { OR: [{ state: "PENDING" }, { state: "PROCESSING", source: "UPLOAD" }] },
  running: { state: "PROCESSING", source: "AGENTLESS" },
  complete: { state: "COMPLETE" },
  failed: { state: "FAILED" },
  skipped: { state: "SKIPPED" },
  cancelled: { state: "CANCELLED" },
};

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as [string, string];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || typeof id !== "string") throw new Error("bad");
    return { createdAt, id };
  } catch {
    throw new ApiError(422, "query.cursor: is not a cursor this API gave; start again without it.");
  }
}

export async function listScans(caller: Caller, query: ScanListQuery): Promise<ScanListPage> {
  const ids = await connectorScope(caller, { connector: query.connector ? [query.connector] : undefined });
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const where: Prisma.ScanWhereInput = {
    AND: [
      ids === null ? {} : { repository: { connectorId: { in: ids } } },
      query.source ? { source: query.source === "agentless" ? "AGENTLESS" : "UPLOAD" } : {},
      query.state?.length ? { OR: query.state.map((s) => STATE_ROWS[s]) } : {},
      after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
    ],
  };
  const rows = await db.scan.findMany({
    where,
    select: { ...scanSelect, repository: { select: { id: true, fullName: true, connector: { select: { id: true, name: true } } } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ ...toScanView({ ...r, repository: { id: r.repository.id, fullName: r.repository.fullName } }), connector: r.repository.connector })),
    nextCursor: rows.length > query.limit && last ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString("base64url") : null,
  };
}
