import "server-only";
import type { ApiTokenPermissionName, RoleName, ScopeTypeName } from "@/lib/auth/permissions";

/**
 * Where an object lives: workspace ⊃ subscription ⊃ resource group ⊃ connector.
 * Paths are always filled from the top (a connector's path names its resource group
 * and subscription), so containment is a comparison of ids.
 */
export interface ObjectPath {
  subscriptionId?: string;
  resourceGroupId?: string;
  connectorId?: string;
}

export const WORKSPACE: ObjectPath = {};

/**
 * What a caller holds at one scope, with the ids of every container above it: a user's
 * role assignment, or one scope entry of an API token (which holds its permission there).
 */
export type Assignment = ObjectPath & {
  id: string;
  scopeType: ScopeTypeName;
} & ({ role: RoleName; tokenPermission?: undefined } | { role?: undefined; tokenPermission: ApiTokenPermissionName });

function level(path: ObjectPath): ScopeTypeName {
  if (path.connectorId) return "CONNECTOR";
  if (path.resourceGroupId) return "RESOURCE_GROUP";
  if (path.subscriptionId) return "SUBSCRIPTION";
  return "WORKSPACE";
}

/** The assignment's scope contains the object (or is it). */
export function covers(a: Assignment, object: ObjectPath): boolean {
  switch (a.scopeType) {
    case "WORKSPACE":
      return true;
    case "SUBSCRIPTION":
      return a.subscriptionId !== undefined && a.subscriptionId === object.subscriptionId;
    case "RESOURCE_GROUP":
      return a.resourceGroupId !== undefined && a.resourceGroupId === object.resourceGroupId;
    case "CONNECTOR":
      return a.connectorId !== undefined && a.connectorId === object.connectorId;
  }
}

/** The assignment's scope lies inside the object (so the object is a visible container). */
export function liesWithin(a: Assignment, object: ObjectPath): boolean {
  switch (level(object)) {
    case "WORKSPACE":
      return true;
    case "SUBSCRIPTION":
      return a.subscriptionId === object.subscriptionId;
    case "RESOURCE_GROUP":
      return a.resourceGroupId === object.resourceGroupId;
    case "CONNECTOR":
      return a.connectorId === object.connectorId;
  }
}

/** An object is visible when an assignment covers it, or lies inside it (its containers are shown for context). */
export function isVisible(assignments: readonly Assignment[], object: ObjectPath): boolean {
  return assignments.some((a) => covers(a, object) || liesWithin(a, object));
}

export function hasWorkspaceAssignment(assignments: readonly Assignment[]): boolean {
  return assignments.some((a) => a.scopeType === "WORKSPACE");
}

/** Prisma `where` fragments limiting lists to what the assignments can see; undefined means everything. */
export function visibleSubscriptionsWhere(assignments: readonly Assignment[]) {
  if (hasWorkspaceAssignment(assignments)) return undefined;
  return { id: { in: unique(assignments.map((a) => a.subscriptionId)) } };
}

export function visibleResourceGroupsWhere(assignments: readonly Assignment[]) {
  if (hasWorkspaceAssignment(assignments)) return undefined;
  return {
    OR: [
      { subscriptionId: { in: unique(assignments.filter((a) => a.scopeType === "SUBSCRIPTION").map((a) => a.subscriptionId)) } },
      { id: { in: unique(assignments.map((a) => a.resourceGroupId)) } },
    ],
  };
}

export function visibleConnectorsWhere(assignments: readonly Assignment[]) {
  if (hasWorkspaceAssignment(assignments)) return undefined;
  return {
    OR: [
      { resourceGroup: { subscriptionId: { in: unique(assignments.filter((a) => a.scopeType === "SUBSCRIPTION").map((a) => a.subscriptionId)) } } },
      { resourceGroupId: { in: unique(assignments.filter((a) => a.scopeType === "RESOURCE_GROUP").map((a) => a.resourceGroupId)) } },
      { id: { in: unique(assignments.map((a) => a.connectorId)) } },
    ],
  };
}

function unique(ids: (string | undefined)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}
