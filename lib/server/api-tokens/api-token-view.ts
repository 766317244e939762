import "server-only";
import type { ApiTokenPermissionName, ScopeTypeName } from "@/lib/auth/permissions";
import type { ApiTokenView } from "@/lib/schemas/api-tokens";
import { accessTo, type Caller } from "../authz/caller";
import { WORKSPACE, type ObjectPath } from "../authz/scope";
import { scopePathOf } from "../authz/scope-rows";
import type { Prisma } from "../db/generated/client";

/** What a token's list entry and its scope check need. */
export const apiTokenInclude = {
  createdBy: { select: { id: true, name: true, email: true } },
  revokedBy: { select: { name: true, email: true } },
  scopes: {
    include: {
      subscription: { select: { name: true } },
      resourceGroup: { select: { subscriptionId: true, name: true, subscription: { select: { name: true } } } },
      connector: {
        select: { name: true, resourceGroupId: true, resourceGroup: { select: { subscriptionId: true, name: true, subscription: { select: { name: true } } } } },
      },
    },
  },
} satisfies Prisma.ApiTokenInclude;

/** A loaded token (its hash is omitted by the client, lib/server/db/client.ts). */
export type ApiTokenRow = Omit<Prisma.ApiTokenGetPayload<{ include: typeof apiTokenInclude }>, "hash">;
type ScopeEntry = ApiTokenRow["scopes"][number];

function scopeName(s: ScopeEntry): string {
  if (s.scopeType === "WORKSPACE") return "Workspace";
  if (s.subscription) return s.subscription.name;
  if (s.resourceGroup) return `${s.resourceGroup.subscription.name} / ${s.resourceGroup.name}`;
  if (s.connector) return `${s.connector.resourceGroup.subscription.name} / ${s.connector.resourceGroup.name} / ${s.connector.name}`;
  return "(removed)";
}

/** Where a token works. A token whose containers were all deleted counts as the workspace's to manage. */
export function tokenPaths(row: Pick<ApiTokenRow, "scopes">): ObjectPath[] {
  return row.scopes.length === 0 ? [WORKSPACE] : row.scopes.map(scopePathOf);
}

/** A caller manages a token when their tokens.manage covers every one of its scope entries. */
export function mayManageToken(caller: Caller, row: Pick<ApiTokenRow, "scopes">): boolean {
  return tokenPaths(row).every((path) => accessTo(caller, "tokens.manage", path) === "allowed");
}

export function toApiTokenView(row: ApiTokenRow, now = Date.now()): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permission: row.permission as ApiTokenPermissionName,
    scopes: row.scopes
      .map((s) => ({ type: s.scopeType as ScopeTypeName, id: s.subscriptionId ?? s.resourceGroupId ?? s.connectorId, name: scopeName(s) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    createdBy: row.createdBy,
    createdFromCli: row.createdFromCli,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: row.lastUsedIp,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedBy: row.revokedBy,
    status: row.revokedAt ? "REVOKED" : row.expiresAt.getTime() <= now ? "EXPIRED" : "ACTIVE",
  };
}
