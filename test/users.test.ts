/**
 * Users and role assignments as an Owner manages them in Settings → Users and roles.
 */
import { describe, expect, it } from "vitest";
import * as assignments from "@/app/api/role-assignments/[id]/route";
import * as userAssignments from "@/app/api/users/[id]/role-assignments/route";
import * as user from "@/app/api/users/[id]/route";
import * as users from "@/app/api/users/route";
import { verifyPassword } from "@/lib/server/auth/passwords";
import { db } from "@/lib/server/db/client";
import { call } from "./http";
import { makeSubscription, makeUser, signedInCookie, userWithSession } from "./factories";

describe("users and roles", () => {
  it("creates a user with a generated password, shown once and stored only as an argon2id hash", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    const subscription = await makeSubscription("Contoso");
    const response = await call(users.POST, {
      method: "POST",
      cookie,
      body: { email: "New.Person@Example.test", name: "New Person", roleAssignments: [{ role: "SECURITY_READER", scope: { type: "SUBSCRIPTION", id: subscription.id } }] },
    });
    expect(response.status).toBe(201);
    const generated = response.json.generatedPassword as string;
    expect(generated.length).toBeGreaterThanOrEqual(20);
    const created = await db.user.findUniqueOrThrow({ where: { email: "new.person@example.test" }, omit: { passwordHash: false } });
    expect(created.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(created.passwordHash, generated)).toBe(true);
    const view = response.json.user as { roleAssignments: { role: string; scope: { name: string } }[] };
    expect(view.roleAssignments).toEqual([expect.objectContaining({ role: "SECURITY_READER", scope: expect.objectContaining({ name: "Contoso" }) })]);
    const list = await call(users.GET, { cookie });
    expect(JSON.stringify(list.json)).not.toContain("argon2");
  });

  it("refuses a duplicate email and a scope that does not exist, creating nothing", async () => {
    const { cookie } = await userWithSession({ role: "OWNER", email: "boss@example.test" });
    const duplicate = await call(users.POST, { method: "POST", cookie, body: { email: "BOSS@example.test", name: "Again" } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.detail).toBe("A user with the email boss@example.test already exists.");
    const missing = await call(users.POST, {
      method: "POST",
      cookie,
      body: { email: "x@example.test", name: "X", roleAssignments: [{ role: "OWNER", scope: { type: "SUBSCRIPTION", id: "00000000-0000-4000-8000-000000000000" } }] },
    });
    expect(missing.status).toBe(422);
    expect(await db.user.count({ where: { email: "x@example.test" } })).toBe(0);
  });

  it("disabling a user signs them out everywhere; enabling lets them sign in again", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    const target = await makeUser({ role: "SECURITY_READER" });
    await signedInCookie(target.id);
    await signedInCookie(target.id);
    const disabled = await call(user.PATCH, { method: "PATCH", cookie, params: { id: target.id }, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect((disabled.json.user as { disabled: boolean }).disabled).toBe(true);
    expect(await db.session.count({ where: { userId: target.id } })).toBe(0);
    const enabled = await call(user.PATCH, { method: "PATCH", cookie, params: { id: target.id }, body: { disabled: false } });
    expect((enabled.json.user as { disabled: boolean }).disabled).toBe(false);
  });

  it("never leaves the workspace without an enabled Owner", async () => {
    const { user: owner, cookie } = await userWithSession({ role: "OWNER" });
    const self = await call(user.PATCH, { method: "PATCH", cookie, params: { id: owner.id }, body: { disabled: true } });
    expect(self.status).toBe(409);
    const only = await db.roleAssignment.findFirstOrThrow({ where: { userId: owner.id } });
    const removal = await call(assignments.DELETE, { method: "DELETE", cookie, params: { id: only.id } });
    expect(removal.status).toBe(409);
    expect(removal.json.detail).toContain("without an enabled Owner");
    expect(await db.roleAssignment.count({ where: { id: only.id } })).toBe(1);

    const second = await makeUser({ role: "OWNER" });
    expect((await call(assignments.DELETE, { method: "DELETE", cookie, params: { id: only.id } })).status).toBe(204);
    expect(await db.roleAssignment.count({ where: { userId: second.id, role: "OWNER" } })).toBe(1);
  });

  it("refuses a duplicate assignment and records every change in the audit log", async () => {
    const { cookie } = await userWithSession({ role: "OWNER", email: "auditor@example.test" });
    const target = await makeUser({ email: "target@example.test" });
    const body = { role: "CONTRIBUTOR", scope: { type: "WORKSPACE" } };
    expect((await call(userAssignments.POST, { method: "POST", cookie, params: { id: target.id }, body })).status).toBe(201);
    const duplicate = await call(userAssignments.POST, { method: "POST", cookie, params: { id: target.id }, body });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.detail).toBe("target@example.test already has Contributor on Workspace.");
    const events = await db.auditEvent.findMany({ where: { action: "role_assignment.create" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorEmail: "auditor@example.test", summary: "Assigned Contributor on Workspace to target@example.test" });
  });

  it("answers 404 for a user id that does not exist", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    const response = await call(user.GET, { cookie, params: { id: "00000000-0000-4000-8000-000000000000" } });
    expect(response.status).toBe(404);
  });
});
