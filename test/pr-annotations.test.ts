/**
 * Configure PR annotations on Azure DevOps repositories: through the route handler, with
 * a connector made by the real OAuth flow against the SCM sandbox, the settings written
 * to the sandbox's extension data and read back by discovery; who may, what is refused,
 * and a provider failure on one repository.
 */
import { describe, expect, it } from "vitest";
import * as prAnnotationsRoute from "@/app/api/v1/repositories/pr-annotations/route";
import { PR_ANNOTATIONS_MAX_REPOSITORIES, type PrAnnotationsResult } from "@/lib/schemas/pr-annotations";
import { db } from "@/lib/server/db/client";
import { runDiscovery } from "@/lib/server/discovery/run-discovery";
import { AZURE_DEVOPS_USERS } from "@/sandbox/index";
import { authorize, contributor, createConnector, organizations, startSandboxForFile, type Flow } from "./connector-flow";
import { makeConnector, makeRepositoryOf, makeResourceGroup, makeSubscription, userWithSession, type ScopeSpec } from "./factories";
import { call } from "./http";

const sandbox = startSandboxForFile();

const PATH = "/api/v1/repositories/pr-annotations";

/** A Contributor's Azure DevOps connector on contoso-web, discovered. */
async function contosoConnector(flow?: Flow) {
  flow ??= await contributor();
  const authorizationId = await authorize(flow, "AZURE_DEVOPS");
  const listed = (await organizations(flow, authorizationId)).json.organizations as { id: string; name: string }[];
  const connector = await createConnector(flow, "AZURE_DEVOPS", authorizationId, `ado-${Math.random().toString(36).slice(2, 8)}`, [listed.find((o) => o.name === "contoso-web")!.id]);
  expect((await runDiscovery(connector.id, "created")).state).toBe("SUCCEEDED");
  const row = await db.connector.findUniqueOrThrow({ where: { id: connector.id }, include: { resourceGroup: true } });
  const repos = await db.repository.findMany({ where: { connectorId: connector.id } });
  const repo = (name: string) => repos.find((r) => r.name === name)!;
  return { flow, connector: row, repo };
}

async function configure(cookie: string, body: unknown) {
  const result = await call(prAnnotationsRoute.POST, { method: "POST", path: PATH, cookie, body });
  return result as typeof result & { json: PrAnnotationsResult & { detail?: string; errors?: { path: string; message: string }[] } };
}

/** What the sandbox's extension data holds for contoso-web, by repository name. */
async function atProvider() {
  const report = await sandbox().control.pullRequestAnnotations("contoso-web");
  return Object.fromEntries(report.documents.map((d) => [d.repository.name, d]));
}

const stored = (id: string) =>
  db.repository.findUniqueOrThrow({ where: { id }, select: { prAnnotations: true, prAnnotationCategories: true, prAnnotationMinSeverity: true } });

describe("configure PR annotations", () => {
  it("writes the settings to Azure DevOps as the connector's identity, stores them, audits once, and discovery reads them back", async () => {
    const { flow, connector, repo } = await contosoConnector();
    const chosen = [repo("storefront-e2e"), repo("mobile-app-ios")];
    expect(chosen.map((r) => r.prAnnotations)).toEqual(["OFF", "OFF"]);

    const result = await configure(flow.cookie, { repositoryIds: chosen.map((r) => r.id), enabled: true, categories: ["IAC", "SECRETS"], minimumSeverity: "HIGH" });
    expect(result.status, result.json.detail).toBe(200);
    expect(result.json).toMatchObject({ saved: 2, failed: 0 });
    expect(result.json.results).toEqual(
      chosen.map((r) => ({ repositoryId: r.id, fullName: r.fullName, outcome: "saved", message: null, prAnnotations: "ON", categories: ["SECRETS", "IAC"], minimumSeverity: "HIGH" })),
    );
    for (const r of chosen) expect(await stored(r.id)).toEqual({ prAnnotations: "ON", prAnnotationCategories: ["SECRETS", "IAC"], prAnnotationMinSeverity: "HIGH" });

    const written = await atProvider();
    expect(written["storefront-e2e"]).toMatchObject({
      repository: { id: chosen[0]!.externalId, project: "Storefront" },
      document: { id: chosen[0]!.externalId, enabled: true, categories: ["SECRETS", "IAC"], minimumSeverity: "HIGH" },
      writtenBy: AZURE_DEVOPS_USERS.admin,
    });
    expect(written["mobile-app-ios"]?.document.enabled).toBe(true);
    expect(written["customer-portal"], "repositories not selected are untouched").toBeUndefined();

    const audit = await db.auditEvent.findMany({ where: { action: "repository.pr_annotations.configure" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toBe("Turned pull request annotations on (Secrets, Infrastructure as code · High and above) for 2 of 2 repositories");
    expect(audit[0]!.details).toMatchObject({
      settings: { enabled: true, categories: ["SECRETS", "IAC"], minimumSeverity: "HIGH" },
      saved: [
        { id: chosen[0]!.id, before: { status: "OFF", categories: [], minimumSeverity: null } },
        { id: chosen[1]!.id, before: { status: "OFF" } },
      ],
      failed: [],
    });

    // Discovery reads the same settings back: nothing to update.
    const again = await runDiscovery(connector.id, "manual");
    expect(again).toMatchObject({ state: "SUCCEEDED", updated: 0, added: 0 });

    // Turning them off writes an "off" document; what discovery reads is the provider's, not Rampart's copy.
    const off = await configure(flow.cookie, { repositoryIds: [repo("storefront-web").id], enabled: false, categories: ["CODE"] });
    expect(off.json).toMatchObject({ saved: 1, results: [{ outcome: "saved", prAnnotations: "OFF", categories: [], minimumSeverity: null }] });
    expect((await atProvider())["storefront-web"]?.document).toMatchObject({ enabled: false, categories: [], minimumSeverity: null });
    await db.repository.update({ where: { id: chosen[1]!.id }, data: { prAnnotations: "OFF", prAnnotationCategories: [], prAnnotationMinSeverity: null } });
    expect(await runDiscovery(connector.id, "manual")).toMatchObject({ updated: 1 });
    expect(await stored(chosen[1]!.id)).toEqual({ prAnnotations: "ON", prAnnotationCategories: ["SECRETS", "IAC"], prAnnotationMinSeverity: "HIGH" });
    expect(await stored(repo("storefront-web").id)).toEqual({ prAnnotations: "OFF", prAnnotationCategories: [], prAnnotationMinSeverity: null });
  });

  it("saves what Azure DevOps accepted when one repository fails there, and leaves that one as it was", async () => {
    const { flow, repo } = await contosoConnector();
    const chosen = [repo("storefront-web"), repo("checkout-api"), repo("design-system")];
    const before = await stored(repo("checkout-api").id);
    // Deleted in Azure DevOps since the last discovery.
    await sandbox().control.removeRepository("azure-devops", { organization: "contoso-web", project: "Storefront", name: "checkout-api" });

    const result = await configure(flow.cookie, { repositoryIds: chosen.map((r) => r.id), enabled: true, categories: ["CODE"], minimumSeverity: "CRITICAL" });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ saved: 2, failed: 1 });
    const failed = result.json.results.find((r) => r.outcome === "failed")!;
    expect(failed).toMatchObject({ repositoryId: repo("checkout-api").id, prAnnotations: "ON", categories: ["CODE", "SECRETS", "DEPENDENCY"], minimumSeverity: "HIGH" });
    expect(failed.message).toMatch(/could not find repository checkout-api in contoso-web \(404\)/);
    expect(await stored(repo("checkout-api").id)).toEqual(before);
    for (const name of ["storefront-web", "design-system"]) {
      expect(await stored(repo(name).id)).toEqual({ prAnnotations: "ON", prAnnotationCategories: ["CODE"], prAnnotationMinSeverity: "CRITICAL" });
      expect((await atProvider())[name]?.document).toMatchObject({ enabled: true, categories: ["CODE"], minimumSeverity: "CRITICAL" });
    }
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "repository.pr_annotations.configure" } });
    expect(audit.summary).toMatch(/for 2 of 3 repositories; 1 failed$/);
    expect(audit.details).toMatchObject({ failed: [{ id: repo("checkout-api").id, message: expect.stringMatching(/404/) }] });
  });

  it("fails every repository of an environment whose authorization was revoked, and asks for re-authorization", async () => {
    const { flow, connector, repo } = await contosoConnector();
    await sandbox().control.revokeTokens("azure-devops", AZURE_DEVOPS_USERS.admin);
    const result = await configure(flow.cookie, { repositoryIds: [repo("storefront-e2e").id, repo("eslint-config").id], enabled: true, categories: ["SECRETS"], minimumSeverity: "LOW" });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ saved: 0, failed: 2 });
    expect(result.json.results.every((r) => /Re-authorize the connector/.test(r.message ?? ""))).toBe(true);
    expect(await stored(repo("storefront-e2e").id)).toMatchObject({ prAnnotations: "OFF" });
    expect(await db.connector.findUniqueOrThrow({ where: { id: connector.id } })).toMatchObject({ authState: "NEEDS_REAUTHORIZATION" });
  });
});

describe("who may configure PR annotations", () => {
  it("Owners and Contributors may; Security Admins and Readers may not; another scope's repositories are not found", async () => {
    const { connector, repo } = await contosoConnector();
    const target = repo("identity-admin-ui");
    const body = (enabled: boolean) => ({ repositoryIds: [target.id], enabled, categories: ["SECRETS"], minimumSeverity: "MEDIUM" });
    const subscriptionId = connector.resourceGroup.subscriptionId;
    const as = async (role: "OWNER" | "CONTRIBUTOR" | "SECURITY_ADMIN" | "SECURITY_READER", scope?: ScopeSpec) => (await userWithSession({ role, scope })).cookie;

    expect((await configure(await as("OWNER"), body(true))).json).toMatchObject({ saved: 1 });
    expect((await configure(await as("CONTRIBUTOR", { type: "SUBSCRIPTION", id: subscriptionId }), body(false))).json).toMatchObject({ saved: 1 });
    expect((await configure(await as("CONTRIBUTOR", { type: "CONNECTOR", id: connector.id }), body(true))).json).toMatchObject({ saved: 1 });
    for (const role of ["SECURITY_ADMIN", "SECURITY_READER"] as const) {
      const refused = await configure(await as(role), body(false));
      expect(refused.status, role).toBe(403);
      expect(refused.json.detail).toMatch(/configure pull request annotations/);
    }

    // A Contributor of another subscription: the repository is not theirs to see.
    const elsewhere = await makeSubscription("Elsewhere");
    const outsider = await as("CONTRIBUTOR", { type: "SUBSCRIPTION", id: elsewhere.id });
    const hidden = await configure(outsider, body(false));
    expect(hidden.status).toBe(404);
    expect(hidden.json.detail).not.toContain(target.name);
    // Contributor somewhere, Reader here: it is visible, so the refusal names it.
    const reader = await userWithSession({ role: "SECURITY_READER", scope: { type: "SUBSCRIPTION", id: subscriptionId } });
    await db.roleAssignment.create({ data: { userId: reader.user.id, role: "CONTRIBUTOR", scopeType: "SUBSCRIPTION", subscriptionId: elsewhere.id } });
    const forbidden = await configure(reader.cookie, body(false));
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.detail).toContain(target.fullName);

    // Nothing was written by the refusals: still the Owner's last "on".
    expect(await stored(target.id)).toEqual({ prAnnotations: "ON", prAnnotationCategories: ["SECRETS"], prAnnotationMinSeverity: "MEDIUM" });
    expect((await atProvider())["identity-admin-ui"]?.document.__etag).toBe(3);
  });

  it("refuses a selection with one hidden repository without writing any of it", async () => {
    const { connector, repo } = await contosoConnector();
    const other = await makeConnector((await makeResourceGroup((await makeSubscription("Hidden")).id)).id, "hidden-ado", { provider: "AZURE_DEVOPS" });
    const scoped = await userWithSession({ role: "CONTRIBUTOR", scope: { type: "CONNECTOR", id: connector.id } });
    const hiddenRepo = await makeRepositoryOf(other, "secret-project");
    const result = await configure(scoped.cookie, { repositoryIds: [repo("storefront-e2e").id, hiddenRepo.id], enabled: true, categories: ["IAC"], minimumSeverity: "LOW" });
    expect(result.status).toBe(404);
    expect(result.json.detail).not.toMatch(/secret-project|storefront-e2e/);
    expect(await stored(repo("storefront-e2e").id)).toMatchObject({ prAnnotations: "OFF" });
    expect((await atProvider())["storefront-e2e"]).toBeUndefined();
  });
});

describe("what configure PR annotations accepts", () => {
  it("refuses settings that cannot be applied, with the field to fix, and writes nothing", async () => {
    const { flow, repo } = await contosoConnector();
    const id = repo("storefront-e2e").id;
    const problem = async (body: unknown) => {
      const result = await configure(flow.cookie, body);
      expect(result.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      return result.json;
    };
    expect((await problem({ repositoryIds: [id], enabled: true, categories: [], minimumSeverity: "HIGH" })).errors).toEqual([
      { path: "body.categories", message: "choose at least one category to annotate" },
    ]);
    expect((await problem({ repositoryIds: [id], enabled: true, categories: ["CODE"] })).errors).toEqual([{ path: "body.minimumSeverity", message: "choose a minimum severity" }]);
    expect((await problem({ repositoryIds: [id], enabled: true, categories: ["CONTAINER"], minimumSeverity: "LOW" })).errors?.[0]?.path).toBe("body.categories.0");
    expect((await problem({ repositoryIds: [], enabled: false })).errors?.[0]).toEqual({ path: "body.repositoryIds", message: "select at least one repository" });
    expect((await problem({ repositoryIds: [id, id], enabled: false })).detail).toMatch(/names a repository twice/);
    const tooMany = Array.from({ length: PR_ANNOTATIONS_MAX_REPOSITORIES + 1 }, () => crypto.randomUUID());
    expect((await problem({ repositoryIds: tooMany, enabled: false })).detail).toMatch(/at most 100 repositories/);
    expect((await problem({ repositoryIds: ["storefront-e2e"], enabled: false })).errors?.[0]?.path).toBe("body.repositoryIds.0");

    // A GitHub repository, and one discovery no longer finds: named, and nothing written for the others.
    const github = await makeRepositoryOf(await makeConnector((await db.connector.findFirstOrThrow()).resourceGroupId, "gh-for-422", { provider: "GITHUB" }), "web-frontend");
    const mixed = await problem({ repositoryIds: [id, github.id], enabled: true, categories: ["CODE"], minimumSeverity: "LOW" });
    expect(mixed.detail).toBe("Pull request annotations are available for Azure DevOps repositories only: contoso-web/web-frontend. Deselect it; nothing was changed.");
    expect(mixed.errors).toEqual([{ path: "body.repositoryIds.1", message: "is not an Azure DevOps repository" }]);
    await db.repository.update({ where: { id: repo("eslint-config").id }, data: { removedAt: new Date() } });
    const removed = await problem({ repositoryIds: [repo("eslint-config").id, id], enabled: false });
    expect(removed.detail).toMatch(/no longer finds these repositories.*eslint-config/);
    expect(await stored(id)).toMatchObject({ prAnnotations: "OFF" });
    expect((await atProvider())["storefront-e2e"]).toBeUndefined();
    expect(await db.auditEvent.count({ where: { action: "repository.pr_annotations.configure" } })).toBe(0);
  });
});
