import "server-only";
import { PERMISSIONS, roleGrants, tokenGrants, type ApiTokenPermissionName, type Permission, type RoleSummary } from "@/lib/auth/permissions";
import { forbidden, notFound } from "../api/errors";
import type { AuditActor } from "../audit/record-audit-event";
import { covers, isVisible, WORKSPACE, type Assignment, type ObjectPath } from "./scope";

/** Who is calling, as read from the database on this request. */
export interface Caller {
  /** The session of a signed-in browser; null for an API token. */
  sessionId: string | null;
  /** The signed-in user; for an API token, the user who created it. */
  user: { id: string; email: string; name: string; theme: "LIGHT" | "DARK" };
  /** A user's role assignments, or an API token's scope entries (each holding the token's permission). */
  assignments: Assignment[];
  /** Set when the caller is an API token. */
  apiToken?: { id: string; name: string; prefix: string; permission: ApiTokenPermissionName };
}

export type Access = "allowed" | "forbidden" | "not-found";

function grants(a: Assignment, permission: Permission): boolean {
  return a.tokenPermission !== undefined ? tokenGrants(a.tokenPermission, permission) : roleGrants(a.role, permission);
}

/** May the caller do this to the object at this path? Hidden objects are "not-found". */
export function accessTo(caller: Caller, permission: Permission, object: ObjectPath = WORKSPACE): Access {
  const definition = PERMISSIONS[permission];
  const granted = caller.assignments.some(
    (a) => grants(a, permission) && (definition.level === "workspace" ? a.scopeType === "WORKSPACE" : covers(a, object)),
  );
  if (granted) return "allowed";
  return isVisible(caller.assignments, object) ? "forbidden" : "not-found";
}

/** Throws the 403 or 404 the caller should see. `what` names the object for the 404 message. */
export function assertAccess(caller: Caller, permission: Permission, object: ObjectPath = WORKSPACE, what?: string): void {
  const access = accessTo(caller, permission, object);
  if (access === "forbidden") throw forbidden(PERMISSIONS[permission].description.toLowerCase());
  if (access === "not-found") throw notFound(what);
}

/** Whether the caller holds the permission anywhere (used before validating input). */
export function mayAnywhere(caller: Caller, permission: Permission): boolean {
  const definition = PERMISSIONS[permission];
  return caller.assignments.some((a) => grants(a, permission) && (definition.level === "scoped" || a.scopeType === "WORKSPACE"));
}

export function roleSummaries(caller: Caller): RoleSummary[] {
  return caller.assignments.flatMap((a) => (a.role !== undefined ? [{ role: a.role, scopeType: a.scopeType }] : []));
}

/** Who the audit log names for what this caller does: the user, or the API token (acting for its creator). */
export function auditActor(caller: Caller): AuditActor {
  return caller.apiToken ? { id: caller.user.id, email: `token:${caller.apiToken.prefix}` } : { id: caller.user.id, email: caller.user.email };
}
