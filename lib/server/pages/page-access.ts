import "server-only";
import { notFound } from "next/navigation";
import type { Permission } from "@/lib/auth/permissions";
import { requireCaller } from "../auth/current-caller";
import { mayAnywhere, type Caller } from "../authz/caller";

/**
 * For pages: the signed-in caller, if they hold the permission somewhere. A page a
 * role cannot use answers 404, as its API does for objects outside scope.
 */
export async function requirePageAccess(permission: Permission): Promise<Caller> {
  const caller = await requireCaller();
  if (!mayAnywhere(caller, permission)) notFound();
  return caller;
}
