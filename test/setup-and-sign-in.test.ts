/**
 * First run, and the sign-in throttle in front of next-auth's credentials callback.
 */
import { describe, expect, it } from "vitest";
import * as nextAuth from "@/app/api/auth/[...nextauth]/route";
import * as setup from "@/app/api/setup/route";
import { recordFailedSignIn, signInRetryAfter, clearFailedSignIns } from "@/lib/server/auth/sign-in-throttle";
import { db } from "@/lib/server/db/client";
import { call } from "./http";

const owner = { email: "first@example.test", name: "First Owner", password: "a-long-first-password" };

describe("first run", () => {
  it("creates the first Owner once; afterwards setup is gone (404)", async () => {
    const created = await call(setup.POST, { method: "POST", body: owner });
    expect(created.status).toBe(201);
    const assignments = await db.roleAssignment.findMany({ where: { user: { email: owner.email } } });
    expect(assignments).toEqual([expect.objectContaining({ role: "OWNER", scopeType: "WORKSPACE" })]);
    const again = await call(setup.POST, { method: "POST", body: { ...owner, email: "second@example.test" } });
    expect(again.status).toBe(404);
    expect(await db.user.count()).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "setup.first_owner" } })).toBe(1);
  });

  it("lets exactly one of several simultaneous first-run requests win", async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) => call(setup.POST, { method: "POST", body: { ...owner, email: `race${n}@example.test` } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 404, 404]);
    expect(await db.user.count()).toBe(1);
  });

  it("refuses a weak password with the rule", async () => {
    const response = await call(setup.POST, { method: "POST", body: { ...owner, password: "short" } });
    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual([{ path: "body.password", message: "must be at least 12 characters" }]);
    expect(await db.user.count()).toBe(0);
  });
});

describe("sign-in throttling", () => {
  it("blocks an account after 5 failures for the rest of the 15-minute window", async () => {
    for (let i = 0; i < 4; i++) await recordFailedSignIn("victim@example.test", "10.0.0.1");
    expect(await signInRetryAfter("victim@example.test", "10.0.0.2")).toBe(0);
    await recordFailedSignIn("victim@example.test", "10.0.0.1");
    const wait = await signInRetryAfter("victim@example.test", "10.0.0.2");
    expect(wait).toBeGreaterThan(14 * 60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    expect(await signInRetryAfter("someone-else@example.test", "10.0.0.2")).toBe(0);
    await clearFailedSignIns("victim@example.test");
    expect(await signInRetryAfter("victim@example.test", "10.0.0.2")).toBe(0);
  });

  it("blocks an address after 20 failures across accounts", async () => {
    for (let i = 0; i < 20; i++) await recordFailedSignIn(`spray${i}@example.test`, "10.9.9.9");
    expect(await signInRetryAfter("fresh@example.test", "10.9.9.9")).toBeGreaterThan(0);
    expect(await signInRetryAfter("fresh@example.test", "10.9.9.8")).toBe(0);
  });

  it("answers the credentials callback with 429 and Retry-After while blocked", async () => {
    for (let i = 0; i < 5; i++) await recordFailedSignIn("locked@example.test", null);
    const response = await call(nextAuth.POST, {
      method: "POST",
      path: "/api/auth/callback/credentials",
      params: { nextauth: ["callback", "credentials"] },
      body: new URLSearchParams({ email: "locked@example.test", password: "whatever", csrfToken: "x" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(response.json.detail).toMatch(/^Too many failed sign-ins\. Try again in \d+ minutes?\.$/);
  });

  it("refuses a cross-site sign-in post before next-auth sees it", async () => {
    const response = await call(nextAuth.POST, {
      method: "POST",
      path: "/api/auth/callback/credentials",
      params: { nextauth: ["callback", "credentials"] },
      body: "email=a%40b.c&password=x",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
  });
});
