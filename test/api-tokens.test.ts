/**
 * API tokens through their route handlers, against the real database: who may create,
 * list and revoke them and where; what is stored (only a hash); and what a token may
 * do on /api/v1 (its permission in its scope, nothing more), with expiry, revocation,
 * last use and the audit of new addresses.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as tokenRoute from "@/app/api/api-tokens/[id]/route";
import * as tokensRoute from "@/app/api/api-tokens/route";
import * as refreshRoute from "@/app/api/v1/repositories/[id]/refresh/route";
import * as repositoriesRoute from "@/app/api/v1/repositories/route";
import type { ApiTokenView, CreatedApiToken } from "@/lib/schemas/api-tokens";
import type { InventoryPage } from "@/lib/schemas/inventory";
import { hashApiToken } from "@/lib/server/api-tokens/token-secret";
import { db } from "@/lib/server/db/client";
import { makeApiToken, makeConnector, makeRepository, makeResourceGroup, makeSubscription, userWithSession } from "./factories";
import { call } from "./http";

const DAY_MS = 24 * 3600_000;
const INVALID = "The API token is not valid, has expired or was revoked.";

interface World {
  prod: { subscriptionId: string; groupId: string; connectorId: string };
  dev: { subscriptionId: string; groupId: string; connectorId: string };
  owner: { id: string; cookie: string };
  admin: { id: string; cookie: string };
  /** Security Admin of Contoso Production only. */
  prodAdmin: { id: string; cookie: string };
  contributor: string;
  reader: string;
}

let world: World;

async function container(name: string) {
  const subscription = await makeSubscription(name);
  const group = await makeResourceGroup(subscription.id, `${name.toLowerCase().replaceAll(" ", "-")}-rg`);
  const connector = await makeConnector(group.id, `${name.toLowerCase().replaceAll(" ", "-")}-gh`);
  return { subscriptionId: subscription.id, groupId: group.id, connectorId: connector.id };
}

beforeEach(async () => {
  const prod = await container("Contoso Production");
  const dev = await container("Contoso Development");
  const session = async (options: Parameters<typeof userWithSession>[0]) => {
    const { user, cookie } = await userWithSession(options);
    return { id: user.id, cookie };
  };
  world = {
    prod,
    dev,
    owner: await session({ role: "OWNER" }),
    admin: await session({ role: "SECURITY_ADMIN" }),
    prodAdmin: await session({ role: "SECURITY_ADMIN", scope: { type: "SUBSCRIPTION", id: prod.subscriptionId } }),
    contributor: (await session({ role: "CONTRIBUTOR" })).cookie,
    reader: (await session({ role: "SECURITY_READER" })).cookie,
  };
});

const create = (cookie: string, body: unknown) => call(tokensRoute.POST, { method: "POST", path: "/api/api-tokens", cookie, body });
const list = async (cookie: string) => {
  const result = await call(tokensRoute.GET, { path: "/api/api-tokens", cookie });
  expect(result.status, result.json?.detail).toBe(200);
  return (result.json as unknown as { apiTokens: ApiTokenView[] }).apiTokens;
};
const revoke = (cookie: string, id: string) => call(tokenRoute.DELETE, { method: "DELETE", path: `/api/api-tokens/${id}`, params: { id }, cookie });
const readBody = (name: string, scopes: unknown[] = [{ type: "WORKSPACE" }], extra: object = {}) => ({ name, permission: "READ", scopes, ...extra });

/** GET /api/v1/repositories with a bearer token, from an address. */
const repositories = (token: string, ip = "203.0.113.7") =>
  call(repositoriesRoute.GET, { path: "/api/v1/repositories?limit=200", headers: { authorization: `Bearer ${token}`, "x-forwarded-for": ip } });

describe("creating, listing and revoking tokens", () => {
  it("lets Owners and Security Admins create a token, shown once with its prefix, and lists it with who, where and until when", async () => {
    for (const who of [world.owner, world.admin]) {
      const before = Date.now();
      const result = await create(who.cookie, readBody("ci read", [{ type: "SUBSCRIPTION", id: world.prod.subscriptionId }]));
      expect(result.status, result.json.detail).toBe(201);
      const { token, apiToken } = result.json as unknown as CreatedApiToken;
      expect(token).toMatch(/^rmp_[A-Za-z0-9_-]{43}$/);
      expect(apiToken).toMatchObject({
        name: "ci read",
        prefix: token.slice(0, 12),
        permission: "READ",
        scopes: [{ type: "SUBSCRIPTION", id: world.prod.subscriptionId, name: "Contoso Production" }],
        createdBy: { id: who.id },
        createdFromCli: false,
        lastUsedAt: null,
        status: "ACTIVE",
      });
      // Default expiry: 90 days.
      const expires = Date.parse(apiToken.expiresAt);
      expect(expires).toBeGreaterThanOrEqual(before + 90 * DAY_MS);
      expect(expires).toBeLessThanOrEqual(Date.now() + 90 * DAY_MS);
      expect((await list(who.cookie)).map((t) => t.id)).toContain(apiToken.id);
      expect(JSON.stringify(await list(who.cookie))).not.toContain(token);
    }
    const events = await db.auditEvent.findMany({ where: { action: "api_token.create" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.actorId)).toEqual([world.owner.id, world.admin.id]);
    expect(events[0]!.summary).toMatch(/^Created API token "ci read" \(rmp_.{8}…, Read\) on Contoso Production, expiring \d{4}-\d{2}-\d{2}$/);
  });

  it("refuses Contributors and Security Readers (403), and anonymous callers (401)", async () => {
    for (const cookie of [world.contributor, world.reader]) {
      expect((await create(cookie, readBody("nope"))).status).toBe(403);
      expect((await call(tokensRoute.GET, { path: "/api/api-tokens", cookie })).status).toBe(403);
    }
    expect((await call(tokensRoute.GET, { path: "/api/api-tokens" })).status).toBe(401);
    expect(await db.apiToken.count()).toBe(0);
  });

  it("stores only the token's SHA-256: the token's text is nowhere in the database", async () => {
    const result = await create(world.owner.cookie, readBody("hash only"));
    const { token } = result.json as unknown as CreatedApiToken;
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(`select row_to_json(t)::text as row from "ApiToken" t`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).not.toContain(token);
    expect(rows[0]!.row).not.toContain(token.slice(12));
    expect(rows[0]!.row).toContain(hashApiToken(token));
    const audit = await db.$queryRawUnsafe<{ row: string }[]>(`select row_to_json(a)::text as row from "AuditEvent" a`);
    expect(audit.map((a) => a.row).join("\n")).not.toContain(token.slice(12));
  });

  it("takes the expiry in days or as a moment, from one day to one year, and explains what is wrong", async () => {
    const in30 = await create(world.owner.cookie, readBody("thirty", undefined, { expiresInDays: 30 }));
    expect(in30.status).toBe(201);
    expect(Date.parse((in30.json as unknown as CreatedApiToken).apiToken.expiresAt)).toBeGreaterThan(Date.now() + 29 * DAY_MS);
    const at = new Date(Date.now() + 200 * DAY_MS).toISOString();
    const moment = await create(world.owner.cookie, readBody("moment", undefined, { expiresAt: at }));
    expect((moment.json as unknown as CreatedApiToken).apiToken.expiresAt).toBe(at);

    const cases: [object, string][] = [
      [{ expiresInDays: 0 }, "body.expiresInDays: must be at least 1 day"],
      [{ expiresInDays: 366 }, "body.expiresInDays: must be at most 365 days (one year)"],
      [{ expiresInDays: 1.5 }, "body.expiresInDays: must be a whole number of days"],
      [{ expiresAt: new Date(Date.now() + 3600_000).toISOString() }, "body.expiresAt: must be at least one day from now"],
      [{ expiresAt: new Date(Date.now() + 367 * DAY_MS).toISOString() }, "body.expiresAt: must be at most 365 days (one year) from now"],
      [{ expiresAt: "next tuesday" }, "body.expiresAt: must be a date and time in ISO 8601 form, e.g. 2027-01-31T18:00:00Z"],
      [{ expiresInDays: 30, expiresAt: at }, "body.expiresAt: send expiresInDays or expiresAt, not both"],
      [{ name: " " }, "body.name: is required"],
      [{ name: "x".repeat(101) }, "body.name: must be at most 100 characters"],
      [{ permission: "WRITE" }, "body.permission: must be READ or UPLOAD"],
      [{ scopes: [] }, "body.scopes: choose at least one scope"],
      [
        { scopes: [{ type: "WORKSPACE" }, { type: "SUBSCRIPTION", id: world.prod.subscriptionId }] },
        "body.scopes: the workspace already contains everything: choose it alone, or choose subscriptions, resource groups or connectors",
      ],
    ];
    for (const [change, detail] of cases) {
      const result = await create(world.owner.cookie, { ...readBody("bad"), ...change });
      expect({ change, status: result.status, detail: result.json.detail }).toEqual({ change, status: 422, detail });
    }
    expect(await db.apiToken.count()).toBe(2);
  });

  it("keeps several scope entries, once each", async () => {
    const scopes = [
      { type: "SUBSCRIPTION", id: world.prod.subscriptionId },
      { type: "RESOURCE_GROUP", id: world.dev.groupId },
      { type: "CONNECTOR", id: world.dev.connectorId },
      { type: "SUBSCRIPTION", id: world.prod.subscriptionId },
    ];
    const result = await create(world.owner.cookie, { ...readBody("several", scopes), permission: "UPLOAD" });
    expect(result.status).toBe(201);
    expect((result.json as unknown as CreatedApiToken).apiToken.scopes.map((s) => s.name).sort()).toEqual([
      "Contoso Development / contoso-development-rg",
      "Contoso Development / contoso-development-rg / contoso-development-gh",
      "Contoso Production",
    ]);
  });

  it("lets a scoped Security Admin create tokens only inside their scope, and never reveals what lies outside", async () => {
    const { cookie } = world.prodAdmin;
    expect((await create(cookie, readBody("prod", [{ type: "SUBSCRIPTION", id: world.prod.subscriptionId }]))).status).toBe(201);
    expect((await create(cookie, readBody("prod connector", [{ type: "CONNECTOR", id: world.prod.connectorId }]))).status).toBe(201);

    const beyond = [
      [{ type: "WORKSPACE" }, "Your role does not allow you to create API tokens on the whole workspace. Choose containers where you are Owner or Security Admin."],
      [{ type: "SUBSCRIPTION", id: world.dev.subscriptionId }, `Your role does not allow you to create API tokens on subscription ${world.dev.subscriptionId}. Choose containers where you are Owner or Security Admin.`],
      // Unknown and outside answer alike.
      [{ type: "SUBSCRIPTION", id: "00000000-0000-4000-8000-000000000000" }, "Your role does not allow you to create API tokens on subscription 00000000-0000-4000-8000-000000000000. Choose containers where you are Owner or Security Admin."],
    ] as const;
    for (const [scope, detail] of beyond) {
      // Beside an allowed entry, so that the refused one is named by its position.
      const scopes = scope.type === "WORKSPACE" ? [scope] : [{ type: "SUBSCRIPTION", id: world.prod.subscriptionId }, scope];
      const result = await create(cookie, readBody("beyond", scopes));
      expect({ scope, status: result.status, detail: result.json.detail }).toEqual({ scope, status: 403, detail });
      expect(result.json.errors).toEqual([{ path: `body.scopes.${scopes.length - 1}`, message: detail }]);
    }
    // A workspace Owner is told plainly that an id names nothing.
    const unknown = await create(world.owner.cookie, readBody("unknown", [{ type: "CONNECTOR", id: "00000000-0000-4000-8000-000000000000" }]));
    expect(unknown.status).toBe(422);
    expect(unknown.json.detail).toBe("body.scopes.0: no connector has id 00000000-0000-4000-8000-000000000000.");
    expect(await db.apiToken.count()).toBe(2);
  });

  it("shows a scoped Security Admin only tokens wholly inside their scope, and hides the others from revocation (404, unchanged)", async () => {
    const inside = await makeApiToken({ createdById: world.owner.id, name: "inside", scopes: [{ type: "RESOURCE_GROUP", id: world.prod.groupId }] });
    const workspace = await makeApiToken({ createdById: world.owner.id, name: "workspace" });
    const elsewhere = await makeApiToken({ createdById: world.owner.id, name: "elsewhere", scopes: [{ type: "SUBSCRIPTION", id: world.dev.subscriptionId }] });
    const straddling = await makeApiToken({
      createdById: world.owner.id,
      name: "straddling",
      scopes: [
        { type: "SUBSCRIPTION", id: world.prod.subscriptionId },
        { type: "CONNECTOR", id: world.dev.connectorId },
      ],
    });

    expect((await list(world.prodAdmin.cookie)).map((t) => t.name)).toEqual(["inside"]);
    expect((await list(world.owner.cookie)).map((t) => t.name).sort()).toEqual(["elsewhere", "inside", "straddling", "workspace"]);

    for (const hidden of [workspace, elsewhere, straddling]) {
      const result = await revoke(world.prodAdmin.cookie, hidden.row.id);
      expect(result.status).toBe(404);
      expect(result.json.detail).toBe("The API token was not found.");
      expect((await db.apiToken.findUniqueOrThrow({ where: { id: hidden.row.id } })).revokedAt).toBeNull();
    }
    expect((await revoke(world.prodAdmin.cookie, inside.row.id)).status).toBe(204);
    expect((await revoke(world.prodAdmin.cookie, "7d9a1c1e-3f55-4c0e-9a55-0d3c1b1f2a10")).status).toBe(404);
  });

  it("keeps a token whose containers were all deleted for workspace managers only; it then reaches nothing", async () => {
    const { token, row } = await makeApiToken({ createdById: world.owner.id, name: "orphan", scopes: [{ type: "CONNECTOR", id: world.prod.connectorId }] });
    await db.connector.delete({ where: { id: world.prod.connectorId } });

    expect((await list(world.prodAdmin.cookie)).map((t) => t.name)).toEqual([]);
    expect(await list(world.owner.cookie)).toMatchObject([{ id: row.id, scopes: [], status: "ACTIVE" }]);
    expect((await revoke(world.prodAdmin.cookie, row.id)).status).toBe(404);
    const result = await repositories(token);
    expect(result.status).toBe(403);
  });

  it("revokes once: the token stops working, the list says who revoked it, a second revoke changes nothing", async () => {
    const { token, row } = await makeApiToken({ createdById: world.owner.id });
    expect((await repositories(token)).status).toBe(200);

    expect((await revoke(world.admin.cookie, row.id)).status).toBe(204);
    expect((await revoke(world.admin.cookie, row.id)).status).toBe(204);

    const after = await repositories(token);
    expect(after.status).toBe(401);
    expect(after.json.detail).toBe(INVALID);
    const [view] = await list(world.owner.cookie);
    expect(view).toMatchObject({ status: "REVOKED", revokedBy: { email: expect.stringMatching(/@example\.test$/) } });
    const events = await db.auditEvent.findMany({ where: { action: "api_token.revoke" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: world.admin.id, targetType: "api_token", targetId: row.id });
  });
});

describe("calling /api/v1 with a token", () => {
  beforeEach(async () => {
    for (const name of ["prod-api", "prod-web"]) await makeRepository(world.prod.connectorId, name);
    await makeRepository(world.dev.connectorId, "dev-tools", { externalId: "ext-dev-tools" });
  });

  const names = (result: Awaited<ReturnType<typeof repositories>>) => (result.json as unknown as InventoryPage).items.map((r) => r.name).sort();

  it("lets a read token scoped to one subscription see only that subscription's repositories", async () => {
    const created = await create(world.owner.cookie, readBody("prod reader", [{ type: "SUBSCRIPTION", id: world.prod.subscriptionId }]));
    const { token } = created.json as unknown as CreatedApiToken;

    const result = await repositories(token);
    expect(result.status, result.json.detail).toBe(200);
    expect(names(result)).toEqual(["prod-api", "prod-web"]);

    const workspace = await makeApiToken({ createdById: world.owner.id });
    expect(names(await repositories(workspace.token))).toEqual(["dev-tools", "prod-api", "prod-web"]);
    const connector = await makeApiToken({ createdById: world.owner.id, scopes: [{ type: "CONNECTOR", id: world.dev.connectorId }] });
    expect(names(await repositories(connector.token))).toEqual(["dev-tools"]);
  });

  it("gives a read token nothing but reading: refreshing a repository is 403", async () => {
    const { token } = await makeApiToken({ createdById: world.owner.id, permission: "READ" });
    const repository = await db.repository.findFirstOrThrow({ where: { name: "prod-api" } });
    const result = await call(refreshRoute.POST, {
      method: "POST",
      path: `/api/v1/repositories/${repository.id}/refresh`,
      params: { id: repository.id },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(result.status).toBe(403);
  });

  it("refuses an upload token on the inventory (403): it may only upload", async () => {
    const { token } = await makeApiToken({ createdById: world.owner.id, permission: "UPLOAD" });
    const result = await repositories(token);
    expect(result.status).toBe(403);
    expect(result.json.detail).toBe("Your role does not allow you to see the objects in scope.");
  });

  it("answers 401 with one message for expired, revoked, malformed and unknown tokens, and while the creator is disabled", async () => {
    const expired = await makeApiToken({ createdById: world.owner.id, expiresAt: new Date(Date.now() - 1000) });
    const revoked = await makeApiToken({ createdById: world.owner.id, revokedAt: new Date() });
    const live = await makeApiToken({ createdById: world.admin.id });
    expect((await repositories(live.token)).status).toBe(200);
    for (const token of [expired.token, revoked.token, `${live.token.slice(0, -1)}${live.token.endsWith("A") ? "B" : "A"}`, "rmp_short", live.token.slice(4)]) {
      const result = await repositories(token);
      expect({ token, status: result.status, detail: result.json.detail }).toEqual({ token, status: 401, detail: INVALID });
    }
    await db.user.update({ where: { id: world.admin.id }, data: { disabledAt: new Date() } });
    expect((await repositories(live.token)).status).toBe(401);
  });

  it("is refused by the console's own endpoints, which take a session only", async () => {
    const { token } = await makeApiToken({ createdById: world.owner.id });
    const result = await call(tokensRoute.GET, { path: "/api/api-tokens", headers: { authorization: `Bearer ${token}` } });
    expect(result.status).toBe(401);
    expect(result.json.detail).toBe("API tokens are accepted only by the /api/v1 endpoints. Sign in to the console for this one.");
  });

  it("records the last use at most once a minute", async () => {
    const { token, row } = await makeApiToken({ createdById: world.owner.id });
    expect((await repositories(token, "198.51.100.1")).status).toBe(200);
    const first = await db.apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(first.lastUsedIp).toBe("198.51.100.1");
    expect(first.lastUsedAt).not.toBeNull();

    // Within the minute, from a known address: no write.
    expect((await repositories(token, "198.51.100.1")).status).toBe(200);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).toEqual(first.lastUsedAt);

    // A minute later: written again.
    const earlier = new Date(first.lastUsedAt!.getTime() - 61_000);
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: earlier } });
    expect((await repositories(token, "198.51.100.1")).status).toBe(200);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt!.getTime()).toBeGreaterThan(earlier.getTime());

    const view = (await list(world.owner.cookie))[0]!;
    expect(view).toMatchObject({ lastUsedIp: "198.51.100.1", lastUsedAt: expect.any(String) });
  });

  it("audits the first use from each address, once", async () => {
    const { token, row } = await makeApiToken({ createdById: world.owner.id, name: "pipeline" });
    for (const ip of ["192.0.2.10", "192.0.2.10", "192.0.2.11", "192.0.2.10", "192.0.2.11"]) expect((await repositories(token, ip)).status).toBe(200);
    await Promise.all(["192.0.2.12", "192.0.2.12", "192.0.2.12"].map((ip) => repositories(token, ip)));

    const events = await db.auditEvent.findMany({ where: { action: "api_token.new_address" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.ip)).toEqual(["192.0.2.10", "192.0.2.11", "192.0.2.12"]);
    expect(events[0]).toMatchObject({ actorId: world.owner.id, actorEmail: `token:${row.prefix}`, targetId: row.id });
    expect(events[0]!.summary).toBe(`API token "pipeline" (${row.prefix}…) used from a new address: 192.0.2.10`);
    // The switch to another known address is recorded with the next write.
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedIp).toBe("192.0.2.12");
  });
});
