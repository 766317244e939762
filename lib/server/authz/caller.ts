import "server-only";
import { PERMISSIONS, roleGrants, type Permission, type RoleSummary } from "@/lib/auth/permissions";
import { forbidden, notFound } from "../api/errors";
import { covers, isVisible, WORKSPACE, type Assignment, type ObjectPath } from "./scope";

/** Who is calling, as read from the database on this request. */
export interface Caller {
  sessionId: string;
  user: { id: string; email: string; name: string; theme: "LIGHT" | "DARK" };
  assignments: Assignment[];
}

export type Access = "allowed" | "forbidden" | "not-found";

/** May the caller do this to the object at this path? Hidden objects are "not-found". */
export function accessTo(caller: Caller, permission: Permission, object: ObjectPath = WORKSPACE): Access {
  const definition = PERMISSIONS[permission];
  const granted = caller.assignments.some(
    (a) =>
      roleGrants(a.role, permission) &&
      (definition.level === "workspace" ? a.scopeType === "WORKSPACE" : covers(a, object)),
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
  return caller.assignments.some(
    (a) => roleGrants(a.role, permission) && (definition.level === "scoped" || a.scopeType === "WORKSPACE"),
  );
}

export function roleSummaries(caller: Caller): RoleSummary[] {
  return caller.assignments.map((a) => ({ role: a.role, scopeType: a.scopeType }));
}
