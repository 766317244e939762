import "server-only";
import type { ScopeTypeName } from "@/lib/auth/permissions";
import type { ObjectPath } from "./scope";

/**
 * Rows that hold a scope the way RoleAssignment does (scopeType plus one of
 * subscriptionId, resourceGroupId, connectorId): role assignments and API token scope
 * entries. `scopePathInclude` loads the containers above, `scopePathOf` fills the path.
 */
export const scopePathInclude = {
  resourceGroup: { select: { subscriptionId: true } },
  connector: { select: { resourceGroupId: true, resourceGroup: { select: { subscriptionId: true } } } },
} as const;

export interface ScopeRow {
  id: string;
  scopeType: string;
  subscriptionId: string | null;
  resourceGroupId: string | null;
  connectorId: string | null;
  resourceGroup: { subscriptionId: string } | null;
  connector: { resourceGroupId: string; resourceGroup: { subscriptionId: string } } | null;
}

export function scopePathOf(row: ScopeRow): ObjectPath & { id: string; scopeType: ScopeTypeName } {
  return {
    id: row.id,
    scopeType: row.scopeType as ScopeTypeName,
    subscriptionId: row.subscriptionId ?? row.resourceGroup?.subscriptionId ?? row.connector?.resourceGroup.subscriptionId ?? undefined,
    resourceGroupId: row.resourceGroupId ?? row.connector?.resourceGroupId ?? undefined,
    connectorId: row.connectorId ?? undefined,
  };
}
