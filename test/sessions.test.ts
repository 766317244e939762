/**
 * Sessions are revocable: sign-out, disabling a user and changing their role all take
 * effect on the very next request made with the same cookie in this process, and within
 * CALLER_TTL_MS in other server processes (the caller cache).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import * as me from "@/app/api/me/route";
import * as users from "@/app/api/users/route";
import { CALLER_TTL_MS } from "@/lib/server/auth/caller-cache";
import { endSession, sessionIdFromCookie } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db/client";
import { assignRole, removeRoleAssignment } from "@/lib/server/users/assign-role";
import { updateUser } from "@/lib/server/users/update-user";
import { call } from "./http";
import { userWithSession } from "./factories";

const actor = { id: null, email: "admin@test" };

describe("sessions", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a role change applies on the next request", async () => {
    const { user, cookie } = await userWithSession({ role: "SECURITY_READER" });
    await userWithSession({ role: "OWNER" }); // the workspace keeps an owner
    expect((await call(users.GET, { cookie })).status).toBe(403);
    const owner = await assignRole({ userId: user.id, input: { role: "OWNER", scope: { type: "WORKSPACE" } }, actor });
    expect((await call(users.GET, { cookie })).status).toBe(200);
    await removeRoleAssignment({ assignmentId: owner.id, actor });
    expect((await call(users.GET, { cookie })).status).toBe(403);
  });

  it("disabling a user ends their session on the next request", async () => {
    const { user, cookie } = await userWithSession({ role: "OWNER" });
    await userWithSession({ role: "OWNER" }); // the workspace keeps an owner
    expect((await call(me.GET, { cookie })).status).toBe(200);
    await updateUser({ userId: user.id, changes: { disabled: true }, actor });
    expect((await call(me.GET, { cookie })).status).toBe(401);
  });

  it("a change made by another server process applies within the caller cache's time to live", async () => {
    const { user, cookie } = await userWithSession({ role: "OWNER" });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    expect((await call(users.GET, { cookie })).status).toBe(200);
    // Written straight to the database, as another process would: this one does not hear of it.
    await db.roleAssignment.updateMany({ where: { userId: user.id }, data: { role: "SECURITY_READER" } });
    expect((await call(users.GET, { cookie })).status).toBe(200);
    vi.setSystemTime(Date.now() + CALLER_TTL_MS + 1);
    expect((await call(users.GET, { cookie })).status).toBe(403);
  });

  it("a signed-out session's cookie no longer works", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    const sid = await sessionIdFromCookie(cookie);
    expect(sid).toBeTruthy();
    await endSession(sid!);
    const response = await call(me.GET, { cookie });
    expect(response.status).toBe(401);
    expect(response.json.detail).toBe("Sign in to continue.");
  });

  it("an expired session is refused", async () => {
    const { user, cookie } = await userWithSession({ role: "OWNER" });
    await db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(me.GET, { cookie })).status).toBe(401);
  });

  it("a forged or tampered cookie is refused", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    expect((await call(me.GET, { cookie: `${cookie.slice(0, -4)}AAAA` })).status).toBe(401);
    expect((await call(me.GET, { cookie: "not-a-token" })).status).toBe(401);
  });

  it("a signed-in user without any role may read their own profile but nothing else", async () => {
    const { cookie } = await userWithSession();
    const profile = await call(me.GET, { cookie });
    expect(profile.status).toBe(200);
    expect(profile.json.roles).toEqual([]);
    expect((await call(users.GET, { cookie })).status).toBe(403);
  });
});
