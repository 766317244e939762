import "server-only";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { RoleAssignmentInput, RoleAssignmentView } from "@/lib/schemas/users";
import { conflict, notFound } from "../api/errors";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { resolveScope } from "../authz/resolve-scope";
import { db } from "../db/client";
import { forgetCallers } from "../auth/caller-cache";
import { toAssignmentView, userViewInclude } from "./user-view";
import { assertOwnerRemains } from "./workspace-owners";

/** Gives a user a role at a scope. It applies from the user's next request. */
export async function assignRole(options: {
  userId: string;
  input: RoleAssignmentInput;
  actor: AuditActor;
  meta?: RequestMeta;
}): Promise<RoleAssignmentView> {
  const { userId, input, actor } = options;
  const scope = await resolveScope(input.scope);
  const assigned = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) throw notFound("The user");
    const duplicate = await tx.roleAssignment.findFirst({
      where: { userId, role: input.role, scopeType: scope.type, ...scope.columns },
    });
    if (duplicate) throw conflict(`${user.email} already has ${ROLE_LABELS[input.role]} on ${scope.name}.`);
    const created = await tx.roleAssignment.create({
      data: { userId, role: input.role, scopeType: scope.type, ...scope.columns, createdById: actor.id },
      include: userViewInclude.roleAssignments.include,
    });
    await recordAuditEvent(
      {
        actor,
        action: "role_assignment.create",
        summary: `Assigned ${ROLE_LABELS[input.role]} on ${scope.name} to ${user.email}`,
        target: { type: "user", id: userId },
        meta: options.meta,
        details: { assignmentId: created.id, role: input.role, scope: scope.type, scopeName: scope.name },
      },
      tx,
    );
    return toAssignmentView(created);
  });
  forgetCallers();
  return assigned;
}

export async function removeRoleAssignment(options: {
  assignmentId: string;
  actor: AuditActor;
  meta?: RequestMeta;
}): Promise<void> {
  await db.$transaction(async (tx) => {
    const assignment = await tx.roleAssignment.findUnique({
      where: { id: options.assignmentId },
      include: { ...userViewInclude.roleAssignments.include, user: { select: { email: true } } },
    });
    if (!assignment) throw notFound("The role assignment");
    await tx.roleAssignment.delete({ where: { id: assignment.id } });
    await assertOwnerRemains(tx, "Removing this assignment");
    const view = toAssignmentView(assignment);
    await recordAuditEvent(
      {
        actor: options.actor,
        action: "role_assignment.delete",
        summary: `Removed ${ROLE_LABELS[view.role]} on ${view.scope.name} from ${assignment.user.email}`,
        target: { type: "user", id: assignment.userId },
        meta: options.meta,
        details: { assignmentId: assignment.id, role: view.role, scope: view.scope.type, scopeName: view.scope.name },
      },
      tx,
    );
  });
  forgetCallers();
}
