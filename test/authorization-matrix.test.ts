/**
 * Every route handler in app/, every method it exports, called unauthenticated, as
 * each role (assigned at workspace level) and with each kind of API token (workspace
 * scope). A new route without a row here fails the first test: authorization is
 * decided on purpose, never by omission.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { API_TOKEN_PERMISSIONS, ROLES, type ApiTokenPermissionName, type RoleName } from "@/lib/auth/permissions";
import { db } from "@/lib/server/db/client";
import { call } from "./http";
import { makeApiToken, makeAuthorization, makeConnector, makeFinding, makeRepository, makeRepositoryOf, makeResourceGroup, makeSubscription, makeUser, signedInCookie } from "./factories";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Caller = "anonymous" | RoleName;

interface World {
  subscriptionId: string;
  resourceGroupId: string;
  targetUserId: string;
  connectorId: string;
  /** A completed consent of the target user: nobody else may use it (404). */
  authorizationId: string;
}

interface Probe {
  params?: Record<string, string | string[]>;
  body?: unknown;
}

interface Row {
  /** Expected status per caller; `anonymous` is the unauthenticated call. */
  expect: Record<Caller, number>;
  /**
   * Expected status with a bearer token of each permission. Unless said otherwise 401:
   * tokens are refused outside /api/v1.
   */
  tokens?: Record<ApiTokenPermissionName, number>;
  /** Builds the request for one call (fresh names, fresh objects). */
  probe?: (world: World, n: number) => Promise<Probe> | Probe;
}

interface Exempt {
  exempt: string;
}

const signedIn = (owner: number, others: number, anonymous = 401): Record<Caller, number> => ({
  anonymous,
  OWNER: owner,
  CONTRIBUTOR: others,
  SECURITY_ADMIN: others,
  SECURITY_READER: others,
});
/** Connector roles: Owner and Contributor may, Security Admin and Reader may not. */
const connectorRoles = (allowed: number, others = 403): Record<Caller, number> => ({
  anonymous: 401,
  OWNER: allowed,
  CONTRIBUTOR: allowed,
  SECURITY_ADMIN: others,
  SECURITY_READER: others,
});
const scanningSettings = { enabled: true, scanners: ["eslint"], scopeMode: "EXCLUSION", scopeEntries: ["contoso-web/legacy"], autodiscovery: false };
const everyone = (status: number): Record<Caller, number> => ({ anonymous: status, OWNER: status, CONTRIBUTOR: status, SECURITY_ADMIN: status, SECURITY_READER: status });
/** API tokens: Owners and Security Admins manage them. */
const tokenRoles = (allowed: number): Record<Caller, number> => ({ anonymous: 401, OWNER: allowed, CONTRIBUTOR: 403, SECURITY_ADMIN: allowed, SECURITY_READER: 403 });
/** A read token reads; an upload token may not. */
const readOnly = { READ: 200, UPLOAD: 403 };
const neitherToken = { READ: 403, UPLOAD: 403 };
/** Public routes ignore credentials. */
const anyToken = (status: number) => ({ READ: status, UPLOAD: status });

const MATRIX: Record<string, Row | Exempt> = {
  "GET /api/auth/[...nextauth]": { exempt: "next-auth's own endpoints (csrf, providers, session); exercised over HTTP in e2e/auth.spec.ts" },
  "POST /api/auth/[...nextauth]": { exempt: "next-auth sign-in and sign-out; throttling and cross-site refusal are tested in auth.test.ts, the flow in e2e/auth.spec.ts" },
  "GET /api/health": { expect: everyone(200), tokens: anyToken(200) },
  "POST /api/setup": {
    expect: everyone(404), // a user exists, so first-run setup is gone for everybody
    tokens: anyToken(404),
    probe: (_w, n) => ({ body: { email: `setup${n}@example.test`, name: "Late", password: "long-enough-password" } }),
  },
  "GET /api/me": { expect: signedIn(200, 200) },
  "PATCH /api/me": { expect: signedIn(200, 200), probe: () => ({ body: { theme: "DARK" } }) },
  "GET /api/users": { expect: signedIn(200, 403) },
  "POST /api/users": {
    expect: signedIn(201, 403),
    probe: (_w, n) => ({ body: { email: `new${n}@example.test`, name: `New ${n}`, roleAssignments: [{ role: "SECURITY_READER", scope: { type: "WORKSPACE" } }] } }),
  },
  "GET /api/users/[id]": { expect: signedIn(200, 403), probe: (w) => ({ params: { id: w.targetUserId } }) },
  "PATCH /api/users/[id]": { expect: signedIn(200, 403), probe: (w, n) => ({ params: { id: w.targetUserId }, body: { name: `Renamed ${n}` } }) },
  "POST /api/users/[id]/role-assignments": {
    expect: signedIn(201, 403),
    probe: async (w, n) => {
      const subscription = await makeSubscription(`Assign ${n}`);
      return { params: { id: w.targetUserId }, body: { role: "SECURITY_READER", scope: { type: "SUBSCRIPTION", id: subscription.id } } };
    },
  },
  "DELETE /api/role-assignments/[id]": {
    expect: signedIn(204, 403),
    probe: async (w) => {
      const a = await db.roleAssignment.create({ data: { userId: w.targetUserId, role: "SECURITY_READER", scopeType: "RESOURCE_GROUP", resourceGroupId: w.resourceGroupId } });
      return { params: { id: a.id } };
    },
  },
  "GET /api/subscriptions": { expect: signedIn(200, 200) },
  "POST /api/subscriptions": { expect: signedIn(201, 403), probe: (_w, n) => ({ body: { name: `New subscription ${n}` } }) },
  "GET /api/subscriptions/[id]": { expect: signedIn(200, 200), probe: (w) => ({ params: { id: w.subscriptionId } }) },
  "PATCH /api/subscriptions/[id]": { expect: signedIn(200, 403), probe: (w, n) => ({ params: { id: w.subscriptionId }, body: { name: `Renamed subscription ${n}` } }) },
  "POST /api/subscriptions/[id]/resource-groups": {
    expect: signedIn(201, 403),
    probe: (w, n) => ({ params: { id: w.subscriptionId }, body: { name: `rg-new-${n}` } }),
  },
  "GET /api/resource-groups/[id]": { expect: signedIn(200, 200), probe: (w) => ({ params: { id: w.resourceGroupId } }) },
  "PATCH /api/resource-groups/[id]": { expect: signedIn(200, 403), probe: (w, n) => ({ params: { id: w.resourceGroupId }, body: { name: `rg-renamed-${n}` } }) },
  "GET /api/audit-log": { expect: signedIn(200, 403) },
  "GET /api/connector-hosts": { expect: signedIn(200, 200) },
  "GET /api/connectors": { expect: signedIn(200, 200) },
  "POST /api/connectors": {
    // Allowed roles get past the permission check to the authorization, which is not theirs.
    expect: connectorRoles(404),
    probe: (w, n) => ({
      body: {
        provider: "GITHUB",
        host: "sandbox",
        name: `matrix-${n}`,
        resourceGroup: { id: w.resourceGroupId },
        region: "westeurope",
        authorizationId: w.authorizationId,
        organizations: { mode: "ALL_EXISTING" },
        scanning: scanningSettings,
      },
    }),
  },
  "GET /api/connectors/[id]": { expect: signedIn(200, 200), probe: (w) => ({ params: { id: w.connectorId } }) },
  "PATCH /api/connectors/[id]": { expect: connectorRoles(200), probe: (w) => ({ params: { id: w.connectorId }, body: { scanning: scanningSettings } }) },
  "DELETE /api/connectors/[id]": {
    expect: connectorRoles(204),
    probe: async (w, n) => ({ params: { id: (await makeConnector(w.resourceGroupId, `doomed-${n}`)).id } }),
  },
  "PATCH /api/connectors/[id]/scanning": {
    expect: { anonymous: 401, OWNER: 200, CONTRIBUTOR: 200, SECURITY_ADMIN: 200, SECURITY_READER: 403 },
    probe: (w) => ({ params: { id: w.connectorId }, body: scanningSettings }),
  },
  "POST /api/connectors/[id]/discovery": {
    expect: { anonymous: 401, OWNER: 202, CONTRIBUTOR: 202, SECURITY_ADMIN: 202, SECURITY_READER: 403 },
    probe: (w) => ({ params: { id: w.connectorId } }),
  },
  "GET /api/v1/openapi.json": { expect: everyone(200), tokens: anyToken(200) },
  "GET /api/v1/repositories": { expect: signedIn(200, 200), tokens: readOnly },
  "GET /api/v1/repositories/export.csv": { expect: signedIn(200, 200), tokens: readOnly },
  "GET /api/v1/repository-groups": { expect: signedIn(200, 200), tokens: readOnly },
  "POST /api/v1/scans": {
    // No role uploads: pipelines do, with an upload token (which gets through to 202).
    expect: { anonymous: 401, OWNER: 403, CONTRIBUTOR: 403, SECURITY_ADMIN: 403, SECURITY_READER: 403 },
    tokens: { READ: 403, UPLOAD: 202 },
    probe: async (w, n) => {
      const repository = await makeRepository(w.connectorId, `matrix-upload-${n}`, { url: `https://github.example.test/matrix/matrix-upload-${n}` });
      return {
        body: {
          version: "2.1.0",
          runs: [{ tool: { driver: { name: "ESLint" } }, results: [], versionControlProvenance: [{ repositoryUri: repository.url }] }],
        },
      };
    },
  },
  "GET /api/v1/scans/[id]": {
    expect: signedIn(200, 200),
    tokens: { READ: 200, UPLOAD: 200 },
    probe: async (w, n) => {
      const repository = await makeRepository(w.connectorId, `matrix-scan-${n}`);
      const scan = await db.scan.create({ data: { repositoryId: repository.id, contentSha256: "0".repeat(64) } });
      return { params: { id: scan.id } };
    },
  },
  "GET /api/v1/scanners": { expect: signedIn(200, 200), tokens: readOnly },
  "GET /api/v1/scans": { expect: signedIn(200, 200), tokens: { READ: 200, UPLOAD: 200 } },
  "POST /api/v1/scans/[id]/cancel": {
    expect: { anonymous: 401, OWNER: 200, CONTRIBUTOR: 200, SECURITY_ADMIN: 200, SECURITY_READER: 403 },
    tokens: neitherToken,
    probe: async (w, n) => {
      const repository = await makeRepository(w.connectorId, `matrix-cancel-${n}`);
      const scan = await db.scan.create({ data: { repositoryId: repository.id, source: "AGENTLESS", contentSha256: "" } });
      return { params: { id: scan.id } };
    },
  },
  "POST /api/v1/repositories/[id]/scan": {
    // Past authorization, the test connector's repository is not scanned (scanning has no scanners, no authorization): 409 with the reason.
    expect: { anonymous: 401, OWNER: 409, CONTRIBUTOR: 409, SECURITY_ADMIN: 409, SECURITY_READER: 403 },
    tokens: neitherToken,
    probe: async (w, n) => ({ params: { id: (await makeRepository(w.connectorId, `matrix-scan-now-${n}`)).id } }),
  },
  "GET /api/v1/repositories/[id]": {
    expect: signedIn(200, 200),
    tokens: readOnly,
    probe: async (w, n) => ({ params: { id: (await makeRepository(w.connectorId, `matrix-repo-${n}`)).id } }),
  },
  "POST /api/v1/repositories/[id]/refresh": {
    expect: { anonymous: 401, OWNER: 202, CONTRIBUTOR: 202, SECURITY_ADMIN: 202, SECURITY_READER: 403 },
    tokens: neitherToken,
    probe: async (w, n) => ({ params: { id: (await makeRepository(w.connectorId, `matrix-repo-${n}`)).id } }),
  },
  "POST /api/v1/repositories/pr-annotations": {
    // Owners and Contributors get through every check to the write, which no sandbox answers here: 200 with that repository failed.
    expect: connectorRoles(200),
    tokens: neitherToken,
    probe: async (w, n) => {
      const authorization = await makeAuthorization(w.targetUserId, { provider: "AZURE_DEVOPS" });
      const connector = await makeConnector(w.resourceGroupId, `matrix-ado-${n}`, { provider: "AZURE_DEVOPS", authorizationId: authorization.id });
      return { body: { repositoryIds: [(await makeRepositoryOf(connector)).id], enabled: false } };
    },
  },
  "GET /api/v1/repositories/[id]/findings": {
    expect: signedIn(200, 200),
    tokens: readOnly,
    probe: async (w, n) => {
      const repository = await makeRepository(w.connectorId, `matrix-findings-${n}`);
      await makeFinding(repository.id);
      return { params: { id: repository.id } };
    },
  },
  "GET /api/v1/repositories/[id]/scans": {
    // Scans are read by every role, and by both kinds of token (a pipeline follows its uploads).
    expect: signedIn(200, 200),
    tokens: { READ: 200, UPLOAD: 200 },
    probe: async (w, n) => ({ params: { id: (await makeRepository(w.connectorId, `matrix-scans-${n}`)).id } }),
  },
  "GET /api/v1/findings/[id]": {
    expect: signedIn(200, 200),
    tokens: readOnly,
    probe: async (w, n) => ({ params: { id: (await makeFinding((await makeRepository(w.connectorId, `matrix-finding-${n}`)).id)).id } }),
  },
  "POST /api/v1/findings/dismiss": {
    // Triage: Owners, Contributors and Security Admins; never a token.
    expect: { anonymous: 401, OWNER: 200, CONTRIBUTOR: 200, SECURITY_ADMIN: 200, SECURITY_READER: 403 },
    tokens: neitherToken,
    probe: async (w, n) => {
      const finding = await makeFinding((await makeRepository(w.connectorId, `matrix-dismiss-${n}`)).id);
      return { body: { findingIds: [finding.id], reason: "FALSE_POSITIVE" } };
    },
  },
  "POST /api/v1/findings/reopen": {
    expect: { anonymous: 401, OWNER: 200, CONTRIBUTOR: 200, SECURITY_ADMIN: 200, SECURITY_READER: 403 },
    tokens: neitherToken,
    probe: async (w, n) => {
      const finding = await makeFinding((await makeRepository(w.connectorId, `matrix-reopen-${n}`)).id, {
        state: "DISMISSED",
        dismissedAt: new Date(),
        dismissalReason: "WONT_FIX",
      });
      return { body: { findingIds: [finding.id] } };
    },
  },
  "GET /api/v1/recommendations": { expect: signedIn(200, 200), tokens: readOnly },
  "GET /api/v1/recommendations/export.csv": { expect: signedIn(200, 200), tokens: readOnly },
  "GET /api/v1/recommendations/[id]": { expect: signedIn(200, 200), tokens: readOnly, probe: () => ({ params: { id: "github-secret-scanning-findings" } }) },
  "GET /api/v1/recommendations/[id]/resources": { expect: signedIn(200, 200), tokens: readOnly, probe: () => ({ params: { id: "github-two-reviewers" } }) },
  "POST /api/v1/recommendations/[id]/exemptions": {
    // Exempting is triage: Owners, Contributors and Security Admins; never a token.
    expect: { anonymous: 401, OWNER: 200, CONTRIBUTOR: 200, SECURITY_ADMIN: 200, SECURITY_READER: 403 },
    tokens: neitherToken,
    probe: async (w, n) => ({
      params: { id: "github-two-reviewers" },
      body: { resourceIds: [(await makeRepository(w.connectorId, `matrix-exempt-${n}`)).id], reason: "MITIGATED" },
    }),
  },
  "POST /api/v1/recommendations/[id]/exemptions/remove": {
    expect: { anonymous: 401, OWNER: 200, CONTRIBUTOR: 200, SECURITY_ADMIN: 200, SECURITY_READER: 403 },
    tokens: neitherToken,
    probe: async (w, n) => ({ params: { id: "github-two-reviewers" }, body: { resourceIds: [(await makeRepository(w.connectorId, `matrix-unexempt-${n}`)).id] } }),
  },
  "GET /api/v1/findings": { expect: signedIn(200, 200), tokens: readOnly },
  "GET /api/v1/metrics/overview": { expect: signedIn(200, 200), tokens: readOnly },
  "POST /api/connector-authorizations": {
    expect: connectorRoles(201),
    probe: () => ({ body: { provider: "GITLAB", host: "sandbox", returnTo: "/environments/new" } }),
  },
  "GET /api/connector-authorizations/[id]": { expect: connectorRoles(404), probe: (w) => ({ params: { id: w.authorizationId } }) },
  "GET /api/connector-authorizations/[id]/organizations": { expect: connectorRoles(404), probe: (w) => ({ params: { id: w.authorizationId } }) },
  // The provider's redirect back: without a session to sign-in, without a known state back to the wizard.
  "GET /api/connector-authorizations/callback/[provider]": { expect: everyone(303), tokens: anyToken(303), probe: () => ({ params: { provider: "github" } }) },
  "GET /api/api-tokens": { expect: tokenRoles(200) },
  "POST /api/api-tokens": {
    expect: tokenRoles(201),
    probe: (w, n) => ({ body: { name: `matrix ${n}`, permission: "UPLOAD", scopes: [{ type: "RESOURCE_GROUP", id: w.resourceGroupId }], expiresInDays: 30 } }),
  },
  "DELETE /api/api-tokens/[id]": {
    expect: tokenRoles(204),
    probe: async (w) => ({ params: { id: (await makeApiToken({ createdById: w.targetUserId, scopes: [{ type: "SUBSCRIPTION", id: w.subscriptionId }] })).row.id } }),
  },
};

const APP_DIR = path.resolve("app");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

/** "app/api/users/[id]/route.ts" → "/api/users/[id]" (route groups in parentheses vanish from URLs). */
function urlPath(file: string): string {
  const segments = path.relative(APP_DIR, path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

async function discoverHandlers() {
  const found: { key: string; file: string; method: Method; handler: Parameters<typeof call>[0] }[] = [];
  for (const file of routeFiles(APP_DIR)) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof mod[method] === "function") found.push({ key: `${method} ${urlPath(file)}`, file, method, handler: mod[method] as Parameters<typeof call>[0] });
    }
  }
  return found;
}

const handlers = await discoverHandlers();

describe("authorization matrix", () => {
  it("has a row for every route handler method in app/, and no stale rows", () => {
    const discovered = handlers.map((h) => h.key).sort();
    expect(discovered.filter((key) => !(key in MATRIX)), "route handlers without a row in MATRIX").toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !discovered.includes(key)), "MATRIX rows for routes that do not exist").toEqual([]);
  });

  let world: World;
  let cookies: Record<RoleName, string>;
  let bearers: Record<ApiTokenPermissionName, string>;

  beforeEach(async () => {
    const subscription = await makeSubscription("Matrix subscription");
    const group = await makeResourceGroup(subscription.id, "matrix-rg");
    const target = await makeUser({ role: "SECURITY_READER", email: "target@example.test" });
    const authorization = await makeAuthorization(target.id);
    const connector = await makeConnector(group.id, "matrix-connector");
    world = { subscriptionId: subscription.id, resourceGroupId: group.id, targetUserId: target.id, connectorId: connector.id, authorizationId: authorization.id };
    const entries = await Promise.all(
      ROLES.map(async (role) => [role, await signedInCookie((await makeUser({ role, email: `${role.toLowerCase()}@example.test` })).id)] as const),
    );
    cookies = Object.fromEntries(entries) as Record<RoleName, string>;
    const tokenEntries = await Promise.all(
      API_TOKEN_PERMISSIONS.map(async (permission) => [permission, (await makeApiToken({ createdById: target.id, permission })).token] as const),
    );
    bearers = Object.fromEntries(tokenEntries) as Record<ApiTokenPermissionName, string>;
  });

  for (const { key, method, handler } of handlers) {
    const row = MATRIX[key];
    if (!row || "exempt" in row) continue;
    it(`${key}: ${Object.entries(row.expect).map(([who, status]) => `${who} ${status}`).join(", ")}`, async () => {
      let n = 0;
      const callers: Caller[] = ["anonymous", ...ROLES];
      for (const who of callers) {
        const probe = (await row.probe?.(world, ++n)) ?? {};
        const result = await call(handler, {
          method,
          path: key.split(" ")[1]!,
          params: probe.params,
          body: probe.body,
          cookie: who === "anonymous" ? undefined : cookies[who],
        });
        expect({ who, status: result.status, detail: result.json?.detail }).toMatchObject({ who, status: row.expect[who] });
        if (result.status >= 400) expect(result.headers.get("content-type")).toContain("application/problem+json");
      }
    });

    const tokens = row.tokens ?? { READ: 401, UPLOAD: 401 };
    it(`${key} with API tokens: ${Object.entries(tokens).map(([permission, status]) => `${permission} ${status}`).join(", ")}`, async () => {
      let n = 100;
      for (const permission of API_TOKEN_PERMISSIONS) {
        const probe = (await row.probe?.(world, ++n)) ?? {};
        const result = await call(handler, {
          method,
          path: key.split(" ")[1]!,
          params: probe.params,
          body: probe.body,
          headers: { authorization: `Bearer ${bearers[permission]}` },
        });
        expect({ permission, status: result.status, detail: result.json?.detail }).toMatchObject({ permission, status: tokens[permission] });
      }
    });
  }
});
