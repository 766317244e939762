/**
 * Sessions are revocable: sign-out, disabling a user and changing their role all
 * take effect on the very next request made with the same cookie.
 */
import { describe, expect, it } from "vitest";
import * as me from "@/app/api/me/route";
import * as users from "@/app/api/users/route";
import { endSession, sessionIdFromCookie } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db/client";
import { call } from "./http";
import { userWithSession } from "./factories";

describe("sessions", () => {
  it("a role change applies on the next request", async () => {
    const { user, cookie } = await userWithSession({ role: "SECURITY_READER" });
    expect((await call(users.GET, { cookie })).status).toBe(403);
    await db.roleAssignment.updateMany({ where: { userId: user.id }, data: { role: "OWNER" } });
    expect((await call(users.GET, { cookie })).status).toBe(200);
    await db.roleAssignment.deleteMany({ where: { userId: user.id } });
    expect((await call(users.GET, { cookie })).status).toBe(403);
  });

  it("disabling a user ends their session on the next request", async () => {
    const { user, cookie } = await userWithSession({ role: "OWNER" });
    expect((await call(me.GET, { cookie })).status).toBe(200);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect((await call(me.GET, { cookie })).status).toBe(401);
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
