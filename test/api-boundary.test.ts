/**
 * What every route gets from the wrapper: cross-site writes refused, bad input
 * answered 4xx with a message a person can act on, and nothing written.
 */
import { describe, expect, it } from "vitest";
import * as subscriptions from "@/app/api/subscriptions/route";
import * as users from "@/app/api/users/route";
import * as auditLog from "@/app/api/audit-log/route";
import { db } from "@/lib/server/db/client";
import { call } from "./http";
import { userWithSession } from "./factories";

describe("cross-site requests", () => {
  it("refuses a write whose Origin is another site, and creates nothing", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    const response = await call(subscriptions.POST, { method: "POST", cookie, body: { name: "Evil" }, headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(response.json.detail).toBe("Cross-site requests are refused.");
    expect(await db.subscription.count()).toBe(0);
  });

  it("refuses a write the browser marks cross-site even without Origin", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    const response = await call(subscriptions.POST, { method: "POST", cookie, body: { name: "Evil" }, headers: { "sec-fetch-site": "cross-site" } });
    expect(response.status).toBe(403);
  });

  it("accepts the same write from the console's own origin", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    const response = await call(subscriptions.POST, { method: "POST", cookie, body: { name: "Contoso" }, headers: { origin: "http://localhost:3000" } });
    expect(response.status).toBe(201);
  });

  it("lets cross-site reads through (they carry no change)", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    expect((await call(subscriptions.GET, { cookie, headers: { origin: "https://evil.example" } })).status).toBe(200);
  });
});

describe("bad input", () => {
  it("answers 422 naming the field, in problem+json, and writes nothing", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    const before = await db.user.count();
    const response = await call(users.POST, { method: "POST", cookie, body: { email: "not-an-email", name: "", roleAssignments: [] } });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.json.errors).toEqual(
      expect.arrayContaining([
        { path: "body.email", message: "must be an email address" },
        { path: "body.name", message: "is required" },
      ]),
    );
    expect(response.json.requestId).toEqual(expect.any(String));
    expect(await db.user.count()).toBe(before);
  });

  it("answers 400 for a body that is not JSON, and 415 for another content type", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    const broken = await call(subscriptions.POST, { method: "POST", cookie, body: "{name:", headers: { "content-type": "application/json" } });
    expect(broken.status).toBe(400);
    expect(broken.json.detail).toBe("The request body is not valid JSON.");
    const form = await call(subscriptions.POST, { method: "POST", cookie, body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
  });

  it("answers 413 for a body over the limit", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    const response = await call(subscriptions.POST, { method: "POST", cookie, body: { name: "x".repeat(70 * 1024) } });
    expect(response.status).toBe(413);
  });

  it("validates query parameters too", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    const response = await call(auditLog.GET, { cookie, path: "/api/audit-log?limit=0" });
    // The query comes from the URL; the helper's path carries it.
    expect(response.status).toBe(422);
    expect((response.json.errors as { path: string }[])[0]?.path).toBe("query.limit");
  });

  it("answers 409 for a duplicate name, with the name", async () => {
    const { cookie } = await userWithSession({ role: "OWNER" });
    await call(subscriptions.POST, { method: "POST", cookie, body: { name: "Contoso" } });
    const again = await call(subscriptions.POST, { method: "POST", cookie, body: { name: "contoso" } });
    expect(again.status).toBe(409);
    expect(again.json.detail).toBe('A subscription named "Contoso" already exists.');
  });
});
