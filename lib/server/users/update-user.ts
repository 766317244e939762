import "server-only";
import type { UserView } from "@/lib/schemas/users";
import { conflict, notFound } from "../api/errors";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { db } from "../db/client";
import { getUser } from "./list-users";
import { assertOwnerRemains } from "./workspace-owners";
import { forgetCallers } from "../auth/caller-cache";

/** Renames, disables or re-enables a user. Disabling signs them out everywhere at once. */
export async function updateUser(options: {
  userId: string;
  changes: { name?: string; disabled?: boolean };
  actor: AuditActor;
  meta?: RequestMeta;
}): Promise<UserView> {
  const { userId, changes, actor } = options;
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw notFound("The user");
    if (changes.disabled === true && userId === actor.id) throw conflict("You cannot disable your own account.");
    const disabling = changes.disabled === true && user.disabledAt === null;
    const enabling = changes.disabled === false && user.disabledAt !== null;
    const renaming = changes.name !== undefined && changes.name !== user.name;
    if (!disabling && !enabling && !renaming) return;
    await tx.user.update({
      where: { id: userId },
      data: {
        ...(renaming ? { name: changes.name } : {}),
        ...(disabling ? { disabledAt: new Date() } : enabling ? { disabledAt: null } : {}),
      },
    });
    if (disabling) {
      await assertOwnerRemains(tx, `Disabling ${user.email}`);
      await tx.session.deleteMany({ where: { userId } });
    }
    const parts = [renaming && `renamed to "${changes.name}"`, disabling && "disabled", enabling && "enabled"].filter(Boolean);
    await recordAuditEvent(
      {
        actor,
        action: disabling ? "user.disable" : enabling ? "user.enable" : "user.update",
        summary: `User ${user.email} ${parts.join(" and ")}`,
        target: { type: "user", id: userId },
        meta: options.meta,
      },
      tx,
    );
  });
  forgetCallers();
  return getUser(userId);
}
