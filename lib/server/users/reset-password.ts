import "server-only";
import { password as passwordSchema } from "@/lib/schemas/users";
import { notFound } from "../api/errors";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { hashPassword } from "../auth/passwords";
import { db } from "../db/client";
import { generatePassword } from "./create-user";
import { forgetCallers } from "../auth/caller-cache";

/** Sets a new password (given, or generated and answered once) and signs the user out everywhere. */
export async function resetPassword(options: {
  email: string;
  password?: string;
  actor: AuditActor | null;
}): Promise<{ generatedPassword: string | null }> {
  const given = options.password === undefined ? undefined : passwordSchema.parse(options.password);
  const generatedPassword = given ? null : generatePassword();
  const passwordHash = await hashPassword(given ?? generatedPassword!);
  const email = options.email.trim().toLowerCase();
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (!user) throw notFound(`A user with the email ${email}`);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAuditEvent(
      { actor: options.actor, action: "user.reset_password", summary: `Reset the password of ${email}`, target: { type: "user", id: user.id } },
      tx,
    );
  });
  forgetCallers();
  return { generatedPassword };
}
