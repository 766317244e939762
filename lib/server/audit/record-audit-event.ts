import "server-only";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import type { RequestMeta } from "../auth/sessions";

export interface AuditActor {
  id: string | null;
  email: string | null;
}

export interface AuditEventInput {
  actor: AuditActor | null;
  /** dotted verb: "auth.sign_in", "user.create", "role_assignment.delete" ... */
  action: string;
  summary: string;
  target?: { type: string; id: string };
  meta?: RequestMeta;
  details?: Prisma.InputJsonValue;
}

type Tx = Pick<typeof db, "auditEvent">;

/** Records who did what, when and from where. Pass the transaction so the record commits with the change. */
export async function recordAuditEvent(input: AuditEventInput, tx: Tx = db): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: input.actor?.id ?? null,
      actorEmail: input.actor?.email ?? null,
      action: input.action,
      summary: input.summary,
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      ip: input.meta?.ip ?? null,
      userAgent: input.meta?.userAgent?.slice(0, 512) ?? null,
      details: input.details,
    },
  });
}
