import "server-only";
import { randomBytes } from "node:crypto";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { createUserInput, type CreateUserInput, type UserView } from "@/lib/schemas/users";
import { conflict } from "../api/errors";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { hashPassword } from "../auth/passwords";
import { resolveScope } from "../authz/resolve-scope";
import { db } from "../db/client";
import { toUserView, userViewInclude } from "./user-view";

export function generatePassword(): string {
  // 18 random bytes → 24 URL-safe characters, ~144 bits.
  return randomBytes(18).toString("base64url");
}

/**
 * Creates a local account with its role assignments in one transaction. Without a
 * password one is generated and answered once; it is never stored in clear.
 */
export async function createUser(options: {
  input: CreateUserInput;
  actor: AuditActor | null;
  meta?: RequestMeta;
  isDemo?: boolean;
}): Promise<{ user: UserView; generatedPassword: string | null }> {
  const input = createUserInput.parse(options.input);
  const scopes = await Promise.all(input.roleAssignments.map((a, i) => resolveScope(a.scope, `roleAssignments.${i}.scope`)));
  const generatedPassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);

  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw conflict(`A user with the email ${input.email} already exists.`);

  const user = await db.$transaction(async (tx) => {
    const created = await tx.user.create({
      data: {
        email: input.email,
        name: input.name,
        passwordHash,
        isDemo: options.isDemo ?? false,
        roleAssignments: {
          create: dedupe(input.roleAssignments.map((a, i) => ({ role: a.role, scopeType: scopes[i]!.type, ...scopes[i]!.columns, createdById: options.actor?.id ?? null }))),
        },
      },
      include: userViewInclude,
      omit: { passwordHash: false },
    });
    await recordAuditEvent(
      {
        actor: options.actor,
        action: "user.create",
        summary: `Created user ${created.email}${scopes.length ? ` with ${input.roleAssignments.map((a, i) => `${ROLE_LABELS[a.role]} on ${scopes[i]!.name}`).join(", ")}` : ""}`,
        target: { type: "user", id: created.id },
        meta: options.meta,
      },
      tx,
    );
    return created;
  });
  return { user: toUserView(user), generatedPassword };
}

function dedupe<T extends { role: string; scopeType: string; subscriptionId: string | null; resourceGroupId: string | null; connectorId: string | null }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = [r.role, r.scopeType, r.subscriptionId, r.resourceGroupId, r.connectorId].join("|");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
