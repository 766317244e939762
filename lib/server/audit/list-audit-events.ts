import "server-only";
import { db } from "../db/client";

export interface AuditEventView {
  id: string;
  at: string;
  actorEmail: string | null;
  action: string;
  summary: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** Newest first, `limit` at a time; pass the last id seen as `before` for the next page. */
export async function listAuditEvents(options: {
  before?: string;
  limit: number;
  action?: string;
  actor?: string;
}): Promise<{ events: AuditEventView[]; nextBefore: string | null }> {
  const rows = await db.auditEvent.findMany({
    where: {
      ...(options.before ? { id: { lt: BigInt(options.before) } } : {}),
      ...(options.action ? { action: { startsWith: options.action } } : {}),
      ...(options.actor ? { actorEmail: { contains: options.actor, mode: "insensitive" } } : {}),
    },
    orderBy: { id: "desc" },
    take: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  return {
    events: page.map((e) => ({
      id: e.id.toString(),
      at: e.at.toISOString(),
      actorEmail: e.actorEmail,
      action: e.action,
      summary: e.summary,
      targetType: e.targetType,
      targetId: e.targetId,
      ip: e.ip,
      userAgent: e.userAgent,
    })),
    nextBefore: rows.length > options.limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}
