/**
 * Discovery against the SCM sandbox: connectors made through the real OAuth flow,
 * then runDiscovery (what the job runs) and the job queue itself.
 */
import { describe, expect, it } from "vitest";
import * as discoveryRoute from "@/app/api/connectors/[id]/discovery/route";
import { DEFAULT_SCANNING, PROVIDER_SLUGS, type ProviderName } from "@/lib/schemas/connectors";
import { db } from "@/lib/server/db/client";
import { runDiscovery } from "@/lib/server/discovery/run-discovery";
import { authorize, contributor, createConnector, organizations, startSandboxForFile } from "./connector-flow";
import { call } from "./http";

const sandbox = startSandboxForFile();

async function connectorFor(provider: ProviderName, name: string, options: Parameters<typeof createConnector>[5] = {}, pick = "contoso-web") {
  const flow = await contributor();
  const authorizationId = await authorize(flow, provider);
  const listed = (await organizations(flow, authorizationId)).json.organizations as { id: string; name: string; available: boolean }[];
  const org = listed.find((o) => o.name === pick)!;
  const connector = await createConnector(flow, provider, authorizationId, name, options.organizations ? undefined : [org.id], options);
  return { flow, connector, org };
}

const live = (connectorId: string) => db.repository.findMany({ where: { connectorId, removedAt: null }, orderBy: { fullName: "asc" } });

describe.each(["GITHUB", "AZURE_DEVOPS", "GITLAB"] as const)("%s discovery", (provider) => {
  it("records every repository of the chosen organization, and a second run changes nothing", async () => {
    const { connector } = await connectorFor(provider, `disc-${PROVIDER_SLUGS[provider]}`);
    const first = await runDiscovery(connector.id, "created");
    expect(first.state).toBe("SUCCEEDED");
    expect(first.added).toBeGreaterThanOrEqual(5);
    const repos = await live(connector.id);
    expect(repos).toHaveLength(first.added);
    expect(new Set(repos.map((r) => r.organizationName))).toEqual(new Set(["contoso-web"]));
    for (const r of repos) {
      expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      expect(r.fullName).toContain(r.name);
      expect(["public", "private", "internal"]).toContain(r.visibility);
    }
    if (provider === "GITLAB") {
      expect(repos.every((r) => r.advancedSecurity === "NOT_AVAILABLE")).toBe(true);
      expect(repos.some((r) => r.projectPath !== null), "projects in subgroups carry their path").toBe(true);
    } else {
      expect(new Set(repos.map((r) => r.advancedSecurity))).toContain("ON");
      expect(new Set(repos.map((r) => r.advancedSecurity))).toContain("OFF");
    }
    if (provider === "AZURE_DEVOPS") {
      expect(repos.every((r) => r.projectPath !== null)).toBe(true);
      // Pull request annotations, from the organization's extension data (no document: off).
      const annotations = Object.fromEntries(repos.map((r) => [r.name, [r.prAnnotations, r.prAnnotationCategories, r.prAnnotationMinSeverity]]));
      expect(annotations["storefront-web"]).toEqual(["ON", ["SECRETS", "IAC"], "MEDIUM"]);
      expect(annotations["checkout-api"]).toEqual(["ON", ["CODE", "SECRETS", "DEPENDENCY"], "HIGH"]);
      expect(annotations["identity-service"], "a document that turned them off").toEqual(["OFF", [], null]);
      expect(repos.filter((r) => r.prAnnotations === "ON")).toHaveLength(2);
      expect(repos.filter((r) => r.prAnnotations === "NOT_AVAILABLE")).toHaveLength(0);
    } else {
      expect(repos.every((r) => r.prAnnotations === "NOT_AVAILABLE" && r.prAnnotationCategories.length === 0 && r.prAnnotationMinSeverity === null)).toBe(true);
    }
    const before = await db.repository.findMany({ where: { connectorId: connector.id }, orderBy: { id: "asc" } });

    const second = await runDiscovery(connector.id, "manual");
    expect(second).toMatchObject({ state: "SUCCEEDED", added: 0, updated: 0, removed: 0, unchanged: first.added });
    expect(await db.repository.findMany({ where: { connectorId: connector.id }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await db.connector.findUniqueOrThrow({ where: { id: connector.id } })).toMatchObject({ lastDiscoveryAt: expect.any(Date) });
  });

  it("marks a repository that disappeared as removed, and keeps its row", async () => {
    const { connector } = await connectorFor(provider, `gone-${PROVIDER_SLUGS[provider]}`);
    await runDiscovery(connector.id, "created");
    const victim = (await live(connector.id))[0]!;
    await sandbox().control.removeRepository(PROVIDER_SLUGS[provider], {
      organization: provider === "GITLAB" ? `contoso-web${victim.projectPath ? `/${victim.projectPath}` : ""}` : "contoso-web",
      project: provider === "AZURE_DEVOPS" ? victim.projectPath! : undefined,
      name: victim.name,
    });
    const after = await runDiscovery(connector.id, "manual");
    expect(after).toMatchObject({ state: "SUCCEEDED", removed: 1, added: 0 });
    expect(await db.repository.findUniqueOrThrow({ where: { id: victim.id } })).toMatchObject({ removedAt: expect.any(Date), name: victim.name });
  });
});

describe("discovery", () => {
  it("records the failure of one organization and keeps the others", async () => {
    const flow = await contributor();
    const authorizationId = await authorize(flow, "GITHUB");
    const connector = await createConnector(flow, "GITHUB", authorizationId, "partial-gh", undefined, { organizations: { mode: "ALL_EXISTING" } });
    expect(connector.organizations.list.map((o) => o.name).sort()).toEqual(["contoso-web", "fabrikam-platform"]);
    await sandbox().control.failOrganization("github", "fabrikam-platform", { status: 503 });
    const outcome = await runDiscovery(connector.id, "created");
    expect(outcome.state).toBe("PARTIAL");
    expect(outcome.errors).toEqual([{ organization: "fabrikam-platform", message: expect.stringMatching(/^GitHub is having trouble \(503\)/) }]);
    const repos = await live(connector.id);
    expect(repos.length).toBeGreaterThan(0);
    expect(new Set(repos.map((r) => r.organizationName))).toEqual(new Set(["contoso-web"]));
    const run = await db.discoveryRun.findUniqueOrThrow({ where: { id: outcome.runId } });
    expect(run).toMatchObject({ state: "PARTIAL", errors: outcome.errors, finishedAt: expect.any(Date) });
  });

  it("picks up new organizations in 'all existing and future' mode, and not otherwise", async () => {
    const flow = await contributor();
    const future = await createConnector(flow, "GITLAB", await authorize(flow, "GITLAB"), "future-gl", undefined, { organizations: { mode: "ALL_EXISTING_AND_FUTURE" } });
    await runDiscovery(future.id, "created");
    await sandbox().control.addOrganization("gitlab", { name: "litware-labs", repositories: ["prototype", "lab-notes"] });
    const outcome = await runDiscovery(future.id, "schedule");
    expect(outcome.added).toBe(2);
    expect((await db.connectorOrganization.findMany({ where: { connectorId: future.id } })).map((o) => o.name)).toContain("litware-labs");

    const existing = await createConnector(flow, "GITHUB", await authorize(flow, "GITHUB"), "existing-gh", undefined, { organizations: { mode: "ALL_EXISTING" } });
    await runDiscovery(existing.id, "created");
    await sandbox().control.addOrganization("github", { name: "litware-labs", repositories: ["prototype"] });
    expect((await runDiscovery(existing.id, "schedule")).added).toBe(0);
    expect((await db.connectorOrganization.findMany({ where: { connectorId: existing.id } })).map((o) => o.name)).not.toContain("litware-labs");
  });

  it("autodiscovery decides whether repositories found later are in the scanning scope; the list always applies", async () => {
    const withAuto = await connectorFor("GITHUB", "auto-on", { scanning: { ...DEFAULT_SCANNING, scopeEntries: ["contoso-web/storefront"] } });
    await runDiscovery(withAuto.connector.id, "created");
    expect((await live(withAuto.connector.id)).find((r) => r.name === "storefront")?.inScanScope ?? false).toBe(false);
    await sandbox().control.addRepository("github", { organization: "contoso-web", name: "brand-new-service" });
    await runDiscovery(withAuto.connector.id, "schedule");
    expect((await db.repository.findFirstOrThrow({ where: { connectorId: withAuto.connector.id, name: "brand-new-service" } })).inScanScope).toBe(true);

    // Autodiscovery off: known repositories stay in scope, new ones do not join by themselves.
    await db.connector.update({ where: { id: withAuto.connector.id }, data: { autodiscovery: false } });
    await sandbox().control.addRepository("github", { organization: "contoso-web", name: "another-new-service" });
    await runDiscovery(withAuto.connector.id, "schedule");
    const repos = await live(withAuto.connector.id);
    expect(repos.find((r) => r.name === "another-new-service")).toMatchObject({ inScanScope: false, foundAfterOnboarding: true });
    expect(repos.filter((r) => !r.foundAfterOnboarding && r.name !== "storefront").every((r) => r.inScanScope)).toBe(true);
  });

  it("a revoked authorization fails the run once, without retries, and asks for re-authorization", async () => {
    const { connector } = await connectorFor("GITHUB", "revoked-disc");
    const login = (await db.providerAuthorization.findFirstOrThrow({ where: { connector: { id: connector.id } } })).identityLogin;
    await sandbox().control.revokeTokens("github", login);
    const outcome = await runDiscovery(connector.id, "schedule");
    expect(outcome).toMatchObject({ state: "FAILED", errors: [{ organization: "*", message: expect.stringMatching(/Re-authorize the connector/) }] });
    expect(await db.connector.findUniqueOrThrow({ where: { id: connector.id } })).toMatchObject({ authState: "NEEDS_REAUTHORIZATION", lastDiscoveryAt: null });
  });

  it("waits out a short rate limit and finishes", async () => {
    const { connector } = await connectorFor("GITLAB", "limited-gl");
    const login = (await db.providerAuthorization.findFirstOrThrow({ where: { connector: { id: connector.id } } })).identityLogin;
    await sandbox().control.rateLimit("gitlab", login, { requests: 2, retryAfterSeconds: 1 });
    const outcome = await runDiscovery(connector.id, "created");
    expect(outcome.state).toBe("SUCCEEDED");
    expect(outcome.added).toBeGreaterThan(0);
  });
});

describe("discovery jobs", () => {
  it("Refresh queues one discovery per connector, and a worker runs it", async () => {
    const { flow, connector } = await connectorFor("GITHUB", "queued-gh");
    const first = await call(discoveryRoute.POST, { method: "POST", path: `/api/connectors/${connector.id}/discovery`, params: { id: connector.id }, cookie: flow.cookie });
    expect(first.status).toBe(202);
    const again = await call(discoveryRoute.POST, { method: "POST", path: `/api/connectors/${connector.id}/discovery`, params: { id: connector.id }, cookie: flow.cookie });
    expect(again.json.jobId, "the waiting job is answered again").toBe(first.json.jobId);

    const { jobQueue } = await import("@/lib/server/jobs/job-queue");
    const { startDiscoveryWorker } = await import("@/lib/server/discovery/discovery-jobs");
    const boss = await jobQueue();
    await startDiscoveryWorker(boss, { concurrency: 1 });
    await expect
      .poll(async () => (await db.discoveryRun.findFirst({ where: { connectorId: connector.id, state: "SUCCEEDED" } }))?.trigger ?? null, { timeout: 20_000, interval: 250 })
      .not.toBeNull();
    await expect.poll(async () => (await boss.getJobById("discovery", first.json.jobId as string))?.state, { timeout: 10_000 }).toBe("completed");
  });
});
