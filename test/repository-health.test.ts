/**
 * GET /api/v1/repositories/{id} and POST /api/v1/repositories/{id}/refresh: what a
 * caller in scope sees, the 404 everyone else gets, who may refresh, and what a refresh
 * of a removed repository does. Repositories come from discovery against the SCM
 * sandbox, or are written straight into PostgreSQL where a test sets counters.
 */
import { describe, expect, it } from "vitest";
import * as repositoryRoute from "@/app/api/v1/repositories/[id]/route";
import * as refreshRoute from "@/app/api/v1/repositories/[id]/refresh/route";
import * as discoveryRoute from "@/app/api/connectors/[id]/discovery/route";
import { repositoryRecommendations } from "@/lib/recommendations/catalog";
import { PROVIDER_SLUGS } from "@/lib/schemas/connectors";
import { repositoryHealth, repositoryRefresh, type RepositoryHealth } from "@/lib/schemas/repository-health";
import { db } from "@/lib/server/db/client";
import { runDiscovery } from "@/lib/server/discovery/run-discovery";
import { assessRepositories } from "@/lib/server/recommendations/assess";
import { authorize, contributor, createConnector, organizations, startSandboxForFile } from "./connector-flow";
import { makeConnector, makeRepository, makeResourceGroup, makeSubscription, userWithSession } from "./factories";
import { call } from "./http";

const sandbox = startSandboxForFile();

async function health(cookie: string, id: string) {
  const result = await call(repositoryRoute.GET, { path: `/api/v1/repositories/${id}`, params: { id }, cookie });
  return result as typeof result & { json: RepositoryHealth & { detail?: string } };
}

async function refresh(cookie: string, id: string) {
  return call(refreshRoute.POST, { method: "POST", path: `/api/v1/repositories/${id}/refresh`, params: { id }, cookie });
}

/** A connector made through the real OAuth flow, onboarding contoso-web, after its first discovery. */
async function discovered(provider: "GITHUB" | "AZURE_DEVOPS" | "GITLAB", name: string) {
  const flow = await contributor();
  const authorizationId = await authorize(flow, provider);
  const listed = (await organizations(flow, authorizationId)).json.organizations as { id: string; name: string }[];
  const connector = await createConnector(flow, provider, authorizationId, name, [listed.find((o) => o.name === "contoso-web")!.id]);
  const run = await runDiscovery(connector.id, "created");
  expect(run.state).toBe("SUCCEEDED");
  const repositories = await db.repository.findMany({ where: { connectorId: connector.id }, orderBy: { fullName: "asc" } });
  return { flow, connector, repositories };
}

/** Two subscriptions with a connector each, a repository in the first, and people scoped in different ways. */
async function world() {
  const prod = await makeSubscription("Contoso Production");
  const dev = await makeSubscription("Contoso Development");
  const prodConnector = await makeConnector((await makeResourceGroup(prod.id, "prod-rg")).id, "prod-gh");
  await makeConnector((await makeResourceGroup(dev.id, "dev-rg")).id, "dev-gh");
  const repository = await makeRepository(prodConnector.id, "payments-api");
  const cookie = async (role: "OWNER" | "SECURITY_ADMIN" | "SECURITY_READER", subscriptionId?: string) =>
    (await userWithSession({ role, scope: subscriptionId ? { type: "SUBSCRIPTION", id: subscriptionId } : { type: "WORKSPACE" } })).cookie;
  return {
    repository,
    prodConnector,
    owner: await cookie("OWNER"),
    prodReader: await cookie("SECURITY_READER", prod.id),
    devReader: await cookie("SECURITY_READER", dev.id),
    admin: await cookie("SECURITY_ADMIN"),
    devAdmin: await cookie("SECURITY_ADMIN", dev.id),
    reader: await cookie("SECURITY_READER"),
  };
}

describe.each(["GITHUB", "AZURE_DEVOPS", "GITLAB"] as const)("the health of a %s repository found by discovery", (provider) => {
  it("answers where it lives, with links into the provider, its statuses and its environment's discovery", async () => {
    const { flow, connector, repositories } = await discovered(provider, `health-${PROVIDER_SLUGS[provider]}`);
    // One in a project or subgroup where the provider has them.
    const repository = repositories.find((r) => (provider === "GITHUB" ? true : r.projectPath !== null))!;
    const result = await health(flow.cookie, repository.id);
    expect(result.status, result.json.detail).toBe(200);
    const body = repositoryHealth.parse(result.json);

    expect(body).toMatchObject({ id: repository.id, name: repository.name, fullName: repository.fullName, provider, defaultBranch: repository.defaultBranch });
    expect(body.connector).toMatchObject({ id: connector.id, name: `health-${PROVIDER_SLUGS[provider]}`, host: "SCM sandbox (demo)" });
    expect(body.subscription.name).toBe(`Sub health-${PROVIDER_SLUGS[provider]}`);
    expect(body.url).toBe(repository.url);
    const organization = await db.connectorOrganization.findFirstOrThrow({ where: { connectorId: connector.id } });
    expect(body.organization).toEqual({ name: "contoso-web", url: organization.url });
    expect(body.organization.url).toMatch(new RegExp(`^${sandbox().url}/`));
    if (provider === "GITHUB") expect(body.project).toBeNull();
    else expect(body.project).toEqual({ path: repository.projectPath, url: `${organization.url}/${repository.projectPath!.split("/").map(encodeURIComponent).join("/")}` });
    expect(body.advancedSecurity).toEqual({ status: repository.advancedSecurity, off: repository.advancedSecurityOff });
    expect(body.prAnnotations.status).toBe(repository.prAnnotations);
    expect(body.scanScope).toMatchObject({ inScope: true, scanningEnabled: true });

    expect(body.discovery.runs).toHaveLength(1);
    expect(body.discovery.runs[0]).toMatchObject({ trigger: "created", state: "SUCCEEDED", added: repositories.length, errors: [] });
    expect(body.discovery.lastDiscoveryAt).not.toBeNull();
    expect(body.actions.refresh, "a Contributor may refresh").toBe(true);

    // Nothing scanned yet: zero findings, and the recommendations say so rather than "healthy".
    expect(body.lastScanAt).toBeNull();
    expect(body.findings.total).toBe(0);
    // Discovery assessed it against every recommendation of its provider.
    expect(body.recommendations.map((r) => r.id).sort()).toEqual(repositoryRecommendations(provider).map((r) => r.id).sort());
    const findingsOnes = body.recommendations.filter((r) => r.kind === "FINDINGS");
    expect(findingsOnes).toHaveLength(4);
    expect(findingsOnes.every((r) => r.state === "NOT_APPLICABLE" && r.openFindings === 0 && /No scan or upload has reported/.test(r.reason))).toBe(true);
  });
});

describe("GET /api/v1/repositories/{id}", () => {
  it("splits open findings by severity and type, and turns them into the provider's recommendations", async () => {
    const w = await world();
    await db.repository.update({
      where: { id: w.repository.id },
      data: {
        findingsOpen: 9,
        findingsCritical: 1,
        findingsHigh: 3,
        findingsMedium: 4,
        findingsLow: 1,
        findingsCode: 4,
        findingsSecrets: 2,
        findingsDependency: 0,
        findingsIac: 0,
        findingsContainer: 3,
        lastScanAt: new Date("2026-03-01T10:00:00Z"),
      },
    });
    await assessRepositories(db, [w.repository.id]);
    const body = (await health(w.owner, w.repository.id)).json;
    expect(body.findings).toEqual({
      total: 9,
      bySeverity: { CRITICAL: 1, HIGH: 3, MEDIUM: 4, LOW: 1 },
      byType: { CODE: 4, SECRETS: 2, DEPENDENCY: 0, IAC: 0, CONTAINER: 3 },
    });
    expect(body.lastScanAt).toBe("2026-03-01T10:00:00.000Z");
    expect(body.recommendations.filter((r) => r.kind === "FINDINGS").map((r) => [r.title, r.severity, r.state, r.openFindings])).toEqual([
      ["GitHub repositories should have secret scanning findings resolved", "HIGH", "UNHEALTHY", 2],
      ["GitHub repositories should have code scanning findings resolved", "MEDIUM", "UNHEALTHY", 4],
      ["GitHub repositories should have dependency vulnerability scanning findings resolved", "MEDIUM", "HEALTHY", 0],
      ["GitHub repositories should have infrastructure as code scanning findings resolved", "MEDIUM", "HEALTHY", 0],
    ]);
  });

  it("names the PR annotation settings while they are on, and why a repository is outside the scanning scope", async () => {
    const w = await world();
    await db.connector.update({ where: { id: w.prodConnector.id }, data: { provider: "AZURE_DEVOPS", scanScopeMode: "EXCLUSION", scanScopeEntries: ["contoso-web"] } });
    await db.repository.update({
      where: { id: w.repository.id },
      data: { provider: "AZURE_DEVOPS", projectPath: "Payments", prAnnotations: "ON", prAnnotationCategories: ["SECRETS", "CODE"], prAnnotationMinSeverity: "HIGH", inScanScope: false },
    });
    await assessRepositories(db, [w.repository.id]);
    const body = (await health(w.owner, w.repository.id)).json;
    expect(body.prAnnotations).toEqual({ status: "ON", categories: ["SECRETS", "CODE"], minSeverity: "HIGH" });
    expect(body.scanScope).toEqual({ inScope: false, scanningEnabled: true, reason: "The scanning scope of the prod-gh environment excludes it." });
    expect(body.recommendations[0]!.title).toMatch(/^Azure DevOps repositories should have /);

    await db.repository.update({ where: { id: w.repository.id }, data: { prAnnotations: "OFF" } });
    await db.connector.update({ where: { id: w.prodConnector.id }, data: { scanningEnabled: false } });
    const off = (await health(w.owner, w.repository.id)).json;
    expect(off.prAnnotations, "settings kept while off are not shown as in force").toEqual({ status: "OFF", categories: [], minSeverity: null });
    expect(off.scanScope).toMatchObject({ scanningEnabled: false, reason: "Agentless scanning is off for the prod-gh environment." });
  });

  it("lists its environment's 20 latest discoveries, newest first, with their failures", async () => {
    const w = await world();
    const start = Date.UTC(2026, 0, 1);
    await db.discoveryRun.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({
        connectorId: w.prodConnector.id,
        trigger: i % 2 ? "schedule" : "manual",
        state: i === 24 ? ("PARTIAL" as const) : ("SUCCEEDED" as const),
        startedAt: new Date(start + i * 3600_000),
        finishedAt: new Date(start + i * 3600_000 + 5000),
        unchanged: i,
        errors: i === 24 ? [{ organization: "fabrikam-platform", message: "GitHub is having trouble (503)" }] : [],
      })),
    });
    const runs = (await health(w.owner, w.repository.id)).json.discovery.runs;
    expect(runs).toHaveLength(20);
    expect(runs.map((r) => r.unchanged)).toEqual(Array.from({ length: 20 }, (_, i) => 24 - i));
    expect(runs[0]).toMatchObject({ state: "PARTIAL", errors: [{ organization: "fabrikam-platform", message: "GitHub is having trouble (503)" }] });
  });

  it("answers the same 404 for a repository outside the caller's scope, one that does not exist, and an id that is not one", async () => {
    const w = await world();
    const inScope = await health(w.prodReader, w.repository.id);
    expect(inScope.status).toBe(200);
    expect(inScope.json.actions.refresh, "a Security Reader may not refresh").toBe(false);

    const outside = await health(w.devReader, w.repository.id);
    const missing = await health(w.owner, "7d9a1c1e-3f55-4c0e-9a55-0d3c1b1f2a10");
    const garbage = await health(w.owner, "not-a-repository");
    for (const result of [outside, missing, garbage]) {
      expect(result.status).toBe(404);
      expect(result.headers.get("content-type")).toContain("application/problem+json");
      expect(result.json.detail).toBe("The repository was not found.");
    }
    // Removed repositories keep their page: discovery marks them, it does not delete them.
    await db.repository.update({ where: { id: w.repository.id }, data: { removedAt: new Date("2026-02-01T00:00:00Z") } });
    expect((await health(w.owner, w.repository.id)).json.removedAt).toBe("2026-02-01T00:00:00.000Z");
  });

  it("makes links only of http(s) addresses", async () => {
    const w = await world();
    await db.repository.update({ where: { id: w.repository.id }, data: { url: "javascript:alert(1)", cloneUrl: "git@github.example.test:contoso-web/payments-api.git" } });
    const body = (await health(w.owner, w.repository.id)).json;
    expect(body.url).toBeNull();
    expect(body.cloneUrl).toBeNull();
    expect(body.organization.url, "no organization row: no link").toBeNull();
  });
});

describe("POST /api/v1/repositories/{id}/refresh", () => {
  it("is refused to a Security Reader and to a Security Admin of another subscription; a Security Admin queues its connector's discovery once", async () => {
    const w = await world();
    const denied = await refresh(w.reader, w.repository.id);
    expect(denied.status).toBe(403);
    expect(denied.json.detail).toBe("Your role does not allow you to refresh environments and repositories.");
    const elsewhere = await refresh(w.devAdmin, w.repository.id);
    expect(elsewhere.status, "outside the caller's scope it does not exist").toBe(404);
    expect(await db.auditEvent.count({ where: { action: "repository.refresh" } })).toBe(0);

    const queued = await refresh(w.admin, w.repository.id);
    expect(queued.status, queued.json.detail).toBe(202);
    const body = repositoryRefresh.parse(queued.json);
    expect(body).toMatchObject({ connector: { id: w.prodConnector.id, name: "prod-gh" }, repositoryRemoved: false, jobId: expect.any(String) });
    const job = await db.$queryRaw<{ data: { connectorId: string; trigger: string }; state: string }[]>`SELECT data, state::text FROM pgboss.job WHERE id = ${body.jobId}::uuid`;
    expect(job[0]).toEqual({ data: { connectorId: w.prodConnector.id, trigger: "manual" }, state: "created" });

    // Deduplicated with the environment's Refresh: the waiting job is answered again.
    expect((await refresh(w.owner, w.repository.id)).json.jobId).toBe(body.jobId);
    const environment = await call(discoveryRoute.POST, { method: "POST", path: `/api/connectors/${w.prodConnector.id}/discovery`, params: { id: w.prodConnector.id }, cookie: w.owner });
    expect(environment.json.jobId).toBe(body.jobId);

    // The page now says a discovery is waiting.
    expect((await health(w.owner, w.repository.id)).json.discovery.pending).toEqual({ jobId: body.jobId, state: "queued" });
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "repository.refresh" } })).toMatchObject({ targetType: "repository", targetId: w.repository.id });
  });

  it("accepts a removed repository: the discovery restores it if the provider has it again, and leaves it removed otherwise", async () => {
    const { flow, connector, repositories } = await discovered("GITHUB", "refresh-removed");
    const [back, gone] = repositories;
    // One marked removed that the provider still has (say, a transfer undone), one truly deleted.
    await db.repository.update({ where: { id: back!.id }, data: { removedAt: new Date() } });
    await sandbox().control.removeRepository("github", { organization: "contoso-web", name: gone!.name });
    await runDiscovery(connector.id, "schedule");
    expect((await db.repository.findUniqueOrThrow({ where: { id: gone!.id } })).removedAt).not.toBeNull();
    await db.repository.update({ where: { id: back!.id }, data: { removedAt: new Date() } });

    for (const repository of [back!, gone!]) {
      const result = await refresh(flow.cookie, repository.id);
      expect(result.status, result.json.detail).toBe(202);
      expect(result.json).toMatchObject({ repositoryRemoved: true, connector: { id: connector.id }, jobId: expect.any(String) });
    }
    // What the queued job runs.
    await runDiscovery(connector.id, "manual");
    expect((await db.repository.findUniqueOrThrow({ where: { id: back!.id } })).removedAt).toBeNull();
    expect((await db.repository.findUniqueOrThrow({ where: { id: gone!.id } })).removedAt).not.toBeNull();
  });

  it("answers 404 for an unknown id", async () => {
    const w = await world();
    expect((await refresh(w.owner, "7d9a1c1e-3f55-4c0e-9a55-0d3c1b1f2a10")).status).toBe(404);
    expect((await refresh(w.owner, "../connectors")).status).toBe(404);
  });
});
