import "server-only";
import type { SetupInput } from "@/lib/schemas/users";
import { notFound } from "../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { hashPassword } from "../auth/passwords";
import { db } from "../db/client";

// Any constant: two concurrent first-run requests serialise on it.
const SETUP_LOCK = 7_244_120_001;

export async function needsFirstRun(): Promise<boolean> {
  return (await db.user.count()) === 0;
}

/**
 * Creates the first Owner. Only possible while no user exists; afterwards (and for
 * the loser of a race) the setup page does not exist: 404.
 */
export async function createFirstOwner(input: SetupInput, meta: RequestMeta): Promise<{ id: string; email: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.user.count()) > 0) throw notFound("First-run setup");
    const user = await tx.user.create({
      data: {
        email: input.email,
        name: input.name,
        passwordHash,
        roleAssignments: { create: { role: "OWNER", scopeType: "WORKSPACE" } },
      },
    });
    await recordAuditEvent(
      { actor: { id: user.id, email: user.email }, action: "setup.first_owner", summary: `Created the first Owner, ${user.email}`, target: { type: "user", id: user.id }, meta },
      tx,
    );
    return { id: user.id, email: user.email };
  });
}
