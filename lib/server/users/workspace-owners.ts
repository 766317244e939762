import "server-only";
import { conflict } from "../api/errors";
import type { db } from "../db/client";

type Tx = Pick<typeof db, "roleAssignment">;

/**
 * The workspace must keep at least one enabled user with the Owner role at workspace
 * level, or nobody could manage users again. Call inside the transaction that would
 * remove one, after the change.
 */
export async function assertOwnerRemains(tx: Tx, what: string): Promise<void> {
  const owners = await tx.roleAssignment.count({
    where: { role: "OWNER", scopeType: "WORKSPACE", user: { disabledAt: null } },
  });
  if (owners === 0) {
    throw conflict(`${what} would leave the workspace without an enabled Owner. Make someone else Owner first.`);
  }
}
