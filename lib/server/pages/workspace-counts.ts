import "server-only";
import type { Caller } from "../authz/caller";
import { visibleConnectorsWhere, visibleSubscriptionsWhere } from "../authz/scope";
import { db } from "../db/client";

/** What the empty states need to know: how much exists in the caller's scope. */
export async function workspaceCounts(caller: Caller): Promise<{ connectors: number; subscriptions: number }> {
  const [connectors, subscriptions] = await Promise.all([
    db.connector.count({ where: visibleConnectorsWhere(caller.assignments) }),
    db.subscription.count({ where: visibleSubscriptionsWhere(caller.assignments) }),
  ]);
  return { connectors, subscriptions };
}
