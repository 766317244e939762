import "server-only";
import { notFound } from "../api/errors";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import type { Caller } from "../authz/caller";
import { db } from "../db/client";
import { apiTokenInclude, mayManageToken } from "./api-token-view";

/**
 * Revokes a token: its next request answers 401. Revoking a revoked token changes
 * nothing (and records nothing). A token outside the caller's scope is a 404.
 */
export async function revokeApiToken(options: { caller: Caller; tokenId: string; actor: AuditActor; meta?: RequestMeta }): Promise<void> {
  const { caller, tokenId } = options;
  const row = await db.apiToken.findUnique({ where: { id: tokenId }, include: apiTokenInclude });
  if (!row || !mayManageToken(caller, row)) throw notFound("The API token");
  if (row.revokedAt) return;
  await db.$transaction(async (tx) => {
    // Only the request that flips it records it, when two revoke at once.
    const { count } = await tx.apiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: new Date(), revokedById: caller.user.id } });
    if (count === 0) return;
    await recordAuditEvent(
      {
        actor: options.actor,
        action: "api_token.revoke",
        summary: `Revoked API token "${row.name}" (${row.prefix}…), created by ${row.createdBy.email}`,
        target: { type: "api_token", id: row.id },
        meta: options.meta,
        details: { tokenId: row.id, prefix: row.prefix, createdBy: row.createdBy.email },
      },
      tx,
    );
  });
}
