/**
 * Connecting environments against the SCM sandbox, driven through the route handlers
 * with the real OAuth flow: consent accepted or cancelled on the sandbox's page, the
 * callback's state checks, tokens sealed at rest, refresh, revocation, and connector
 * creation checked live against the provider.
 */
import { describe, expect, it } from "vitest";
import * as organizationsRoute from "@/app/api/connector-authorizations/[id]/organizations/route";
import * as connectorsRoute from "@/app/api/connectors/route";
import * as connectorRoute from "@/app/api/connectors/[id]/route";
import { DEFAULT_SCANNING, PROVIDER_SLUGS, type OrganizationOption } from "@/lib/schemas/connectors";
import { open } from "@/lib/server/crypto/secret-box";
import { db } from "@/lib/server/db/client";
import { answerConsent, authorize, callback, contributor, createConnector, organizations, startAuthorization, startSandboxForFile } from "./connector-flow";
import { makeResourceGroup, makeSubscription } from "./factories";
import { BASE_URL, call } from "./http";

// Access tokens that live 2 minutes: inside the 5-minute margin, so every use refreshes.
const sandbox = startSandboxForFile({ accessTokenSeconds: 120 });

describe.each(["GITHUB", "AZURE_DEVOPS", "GITLAB"] as const)("%s authorization", (provider) => {
  it("accepted consent stores the identity and sealed tokens, and lists organizations live", async () => {
    const flow = await contributor();
    const id = await authorize(flow, provider);
    const row = await db.providerAuthorization.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ provider, host: "sandbox", createdById: flow.userId });
    expect(row.identityLogin).not.toBe("");
    const token = open(row.accessToken, "access-token");
    expect(token.length).toBeGreaterThan(10);
    expect(row.accessToken).not.toContain(token);
    expect(JSON.stringify(await db.providerAuthorization.findMany())).not.toContain(token);

    const listed = await organizations(flow, id);
    expect(listed.status, listed.json?.detail).toBe(200);
    const options = listed.json.organizations as OrganizationOption[];
    expect(options.length).toBeGreaterThanOrEqual(3);
    expect(options.some((o) => o.available)).toBe(true);
    const refused = options.find((o) => !o.available);
    expect(refused?.reason, "one fixture organization cannot be administered").toBeTruthy();
  });

  it("cancelled consent returns to the wizard with the reason", async () => {
    const flow = await contributor();
    const redirect = await answerConsent(await startAuthorization(flow, provider), "Cancel");
    expect(redirect.searchParams.get("error")).toBe("access_denied");
    const back = await callback(flow, provider, redirect);
    expect(back.pathname).toBe("/environments/new");
    expect(back.searchParams.get("authorizationError")).toBe("access_denied");
    expect(back.searchParams.get("authorizationMessage")).toMatch(/cancelled/);
    expect(await db.providerAuthorization.count()).toBe(0);
  });
});

describe.each(["GITHUB", "AZURE_DEVOPS", "GITLAB"] as const)("%s callback state", (provider) => {
  it("refuses an unknown state, another user's, a replayed one, and an expired one", async () => {
    const flow = await contributor();
    const slug = PROVIDER_SLUGS[provider];
    const unknown = await callback(flow, provider, new URL(`${BASE_URL}/api/connector-authorizations/callback/${slug}?code=abc&state=forged`));
    expect(unknown.searchParams.get("authorizationError")).toBe("bad_state");

    const redirect = await answerConsent(await startAuthorization(flow, provider), "Accept");
    const other = await contributor();
    expect((await callback(other, provider, redirect)).searchParams.get("authorizationError")).toBe("bad_state");
    // Another user's attempt leaves the request alone: its owner completes it, once.
    expect((await callback(flow, provider, redirect)).searchParams.get("authorization")).toBeTruthy();
    expect((await callback(flow, provider, redirect)).searchParams.get("authorizationError")).toBe("bad_state");

    const late = await answerConsent(await startAuthorization(flow, provider), "Accept");
    await db.oAuthRequest.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callback(flow, provider, late)).searchParams.get("authorizationError")).toBe("expired_state");
    expect(await db.providerAuthorization.count()).toBe(1);
  });
});

describe.each(["GITHUB", "AZURE_DEVOPS", "GITLAB"] as const)("%s tokens over time", (provider) => {
  it("are refreshed before they expire, and the stored ones change", async () => {
    const flow = await contributor();
    const id = await authorize(flow, provider);
    const before = await db.providerAuthorization.findUniqueOrThrow({ where: { id } });
    expect(before.refreshToken).not.toBeNull();
    expect((await organizations(flow, id)).status).toBe(200);
    const after = await db.providerAuthorization.findUniqueOrThrow({ where: { id } });
    expect(after.refreshedAt).not.toBeNull();
    expect(open(after.accessToken, "access-token")).not.toBe(open(before.accessToken, "access-token"));
    expect(open(after.refreshToken!, "refresh-token")).not.toBe(open(before.refreshToken!, "refresh-token"));
  });

  it("a revoked authorization puts the connector into Needs re-authorization", async () => {
    const flow = await contributor();
    const id = await authorize(flow, provider);
    const created = await createConnector(flow, provider, id, `revoked-${PROVIDER_SLUGS[provider]}`);
    await sandbox().control.revokeTokens(PROVIDER_SLUGS[provider], (await db.providerAuthorization.findUniqueOrThrow({ where: { id } })).identityLogin);
    const listed = await call(organizationsRoute.GET, {
      path: `/api/connector-authorizations/${id}/organizations?connectorId=${created.id}`,
      params: { id },
      cookie: flow.cookie,
    });
    expect(listed.status).toBe(409);
    expect(listed.json.detail).toMatch(/Re-authorize the connector/);
    const connector = await call(connectorRoute.GET, { path: `/api/connectors/${created.id}`, params: { id: created.id }, cookie: flow.cookie });
    expect(connector.json.connector).toMatchObject({ authorization: { state: "NEEDS_REAUTHORIZATION", reason: expect.stringContaining("Re-authorize") } });
  });

  it("a code the provider refuses returns to the wizard with its words, and stores nothing", async () => {
    const flow = await contributor();
    const redirect = await answerConsent(await startAuthorization(flow, provider), "Accept");
    redirect.searchParams.set("code", "not-the-code-we-were-given");
    const back = await callback(flow, provider, redirect);
    expect(back.searchParams.get("authorizationError")).toBe("exchange_failed");
    expect(back.searchParams.get("authorizationMessage")).toMatch(/refused the authorization code: .+\. Select Authorize to try again\./);
    expect(await db.providerAuthorization.count()).toBe(0);
  });
});

describe("creating connectors", () => {
  it("an organization is onboarded once: the second connector is refused with the reason, and nothing is written", async () => {
    const flow = await contributor();
    const first = await createConnector(flow, "GITHUB", await authorize(flow, "GITHUB"), "gh-first");
    const taken = first.organizations.list[0]!;

    const second = await authorize(flow, "GITHUB");
    const options = (await organizations(flow, second)).json.organizations as OrganizationOption[];
    expect(options.find((o) => o.id === taken.id)).toMatchObject({ available: false, reason: expect.stringContaining('"gh-first"') });

    const group = await makeResourceGroup((await makeSubscription("Second")).id, "rg-second");
    const refused = await call(connectorsRoute.POST, {
      method: "POST",
      path: "/api/connectors",
      cookie: flow.cookie,
      body: {
        provider: "GITHUB",
        host: "sandbox",
        name: "gh-second",
        resourceGroup: { subscriptionId: group.subscriptionId, newName: "made-for-second" },
        region: "westeurope",
        authorizationId: second,
        organizations: { mode: "SELECTED", ids: [taken.id] },
        scanning: DEFAULT_SCANNING,
      },
    });
    // A Contributor may not create resource groups: refused before anything else.
    expect(refused.status).toBe(403);
    const again = await call(connectorsRoute.POST, {
      method: "POST",
      path: "/api/connectors",
      cookie: flow.cookie,
      body: {
        provider: "GITHUB",
        host: "sandbox",
        name: "gh-second",
        resourceGroup: { id: group.id },
        region: "westeurope",
        authorizationId: second,
        organizations: { mode: "SELECTED", ids: [taken.id] },
        scanning: DEFAULT_SCANNING,
      },
    });
    expect(again.status).toBe(422);
    expect(again.json.errors).toEqual([{ path: "body.organizations.ids.0", message: expect.stringContaining("Already onboarded") }]);
    expect(await db.connector.count()).toBe(1);
    expect(await db.resourceGroup.count({ where: { name: "made-for-second" } })).toBe(0);
  });

  it("a taken name is a 409 on the name field", async () => {
    const flow = await contributor();
    await createConnector(flow, "GITLAB", await authorize(flow, "GITLAB"), "same-name");
    const subscription = await makeSubscription("Other");
    const group = await makeResourceGroup(subscription.id, "rg-other");
    const result = await call(connectorsRoute.POST, {
      method: "POST",
      path: "/api/connectors",
      cookie: flow.cookie,
      body: {
        provider: "GITLAB",
        host: "sandbox",
        name: "Same-Name",
        resourceGroup: { id: group.id },
        region: "uksouth",
        authorizationId: await authorize(flow, "GITLAB"),
        organizations: { mode: "ALL_EXISTING" },
        scanning: DEFAULT_SCANNING,
      },
    });
    expect(result.status).toBe(409);
    expect(result.json.errors).toEqual([{ path: "body.name", message: "is already taken" }]);
  });
});

describe("provider failures, in words a person can act on", () => {
  it("a rate-limited identity gets 503 with the provider's Retry-After", async () => {
    const flow = await contributor();
    const id = await authorize(flow, "GITHUB");
    const login = (await db.providerAuthorization.findUniqueOrThrow({ where: { id } })).identityLogin;
    await sandbox().control.rateLimit("github", login, { requests: 5, retryAfterSeconds: 42 });
    const listed = await organizations(flow, id);
    expect(listed.status).toBe(503);
    expect(listed.headers.get("retry-after")).toBe("42");
    expect(listed.json.detail).toBe("GitHub is limiting requests from this identity. Try again in 42 seconds.");
  });

  it("a provider outage is a 502 naming the provider and its status", async () => {
    const flow = await contributor();
    const id = await authorize(flow, "AZURE_DEVOPS");
    await sandbox().control.failNext("azure-devops", { status: 503, times: 50 });
    const listed = await organizations(flow, id);
    expect(listed.status).toBe(502);
    expect(listed.json.detail).toMatch(/^Azure DevOps is having trouble \(503\)\. Try again later\./);
  });
});
