import "server-only";
import type { Assignment } from "../authz/scope";
import type { Caller } from "../authz/caller";
import { scopePathInclude, scopePathOf } from "../authz/scope-rows";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db/client";
import { hashApiToken, isApiTokenShaped } from "../api-tokens/token-secret";
import type { RequestMeta } from "./sessions";

/**
 * Bearer API tokens for /api/v1 (Settings → API tokens, `rampart admin create-token`).
 * The route wrapper asks here when a request carries `Authorization: Bearer …`.
 *
 * A token's caller holds only the token's permission, in each of its scope entries
 * (lib/auth/permissions.ts says which permissions READ and UPLOAD hold). Unknown,
 * expired and revoked tokens, and tokens whose creator is disabled, are all null: one
 * 401 for all of them.
 */

/** lastUsedAt is written at most this often (and on every first use from an address). */
const TOUCH_EVERY_MS = 60_000;

export async function callerFromApiToken(token: string, meta: RequestMeta = { ip: null, userAgent: null }): Promise<Caller | null> {
  if (!isApiTokenShaped(token)) return null;
  const row = await db.apiToken.findUnique({
    where: { hash: hashApiToken(token) },
    include: {
      createdBy: { select: { id: true, email: true, name: true, theme: true, disabledAt: true } },
      scopes: { include: scopePathInclude },
      // Whether this address has been seen: one row at most, read with the token.
      addresses: { where: { ip: meta.ip ?? "" }, select: { ip: true } },
    },
  });
  const now = new Date();
  if (!row || row.revokedAt || row.expiresAt <= now || row.createdBy.disabledAt) return null;

  const newAddress = meta.ip !== null && row.addresses.length === 0;
  const stale = !row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS;
  if (newAddress || stale) {
    await db.$transaction(async (tx) => {
      if (newAddress && meta.ip) {
        // Two first requests at once from one address: the key lets only one insert (and audit).
        const { count } = await tx.apiTokenAddress.createMany({ data: [{ tokenId: row.id, ip: meta.ip }], skipDuplicates: true });
        if (count === 1) {
          await recordAuditEvent(
            {
              actor: { id: row.createdBy.id, email: `token:${row.prefix}` },
              action: "api_token.new_address",
              summary: `API token "${row.name}" (${row.prefix}…) used from a new address: ${meta.ip}`,
              target: { type: "api_token", id: row.id },
              meta,
              details: { tokenId: row.id, prefix: row.prefix, ip: meta.ip, createdBy: row.createdBy.email },
            },
            tx,
          );
        }
      }
      await tx.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now, lastUsedIp: meta.ip ?? row.lastUsedIp } });
    });
  }

  const { createdBy } = row;
  return {
    sessionId: null,
    user: { id: createdBy.id, email: createdBy.email, name: createdBy.name, theme: createdBy.theme },
    assignments: row.scopes.map((s): Assignment => ({ ...scopePathOf(s), tokenPermission: row.permission })),
    apiToken: { id: row.id, name: row.name, prefix: row.prefix, permission: row.permission },
  };
}
