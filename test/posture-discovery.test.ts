/**
 * Posture facts through discovery: the provider clients read the security settings from the
 * SCM sandbox (real Octokit, gitbeaker and azure-devops-node-api), and discovery stores
 * them on repositories and as posture resources in the real database.
 */
import { describe, expect, it } from "vitest";
import { repositoryRecommendations, resourceRecommendations, type EvaluatedState, type PostureResourceEvaluationInput } from "@/lib/recommendations/catalog";
import { POSTURE_RESOURCE_KINDS, type RepositoryPostureFacts } from "@/lib/recommendations/posture-facts";
import { PROVIDER_SLUGS, type ProviderName } from "@/lib/schemas/connectors";
import { db } from "@/lib/server/db/client";
import { addDemoSandboxOrganization, DEMO_SANDBOX_ORGANIZATION } from "@/lib/server/demo/demo-environments";
import { runDiscovery } from "@/lib/server/discovery/run-discovery";
import { stableGuid } from "@/sandbox/ids";
import { authorize, contributor, createConnector, organizations, startSandboxForFile } from "./connector-flow";

const sandbox = startSandboxForFile();

/** A connector for the organizations named, authorized by the sandbox's admin user. */
async function connectorFor(provider: ProviderName, name: string, pick: string[] = ["contoso-web"]) {
  const flow = await contributor();
  const authorizationId = await authorize(flow, provider);
  const listed = (await organizations(flow, authorizationId)).json.organizations as { id: string; name: string; available: boolean }[];
  const ids = pick.map((n) => listed.find((o) => o.name === n && o.available)!.id);
  return createConnector(flow, provider, authorizationId, name, ids);
}

/**
 * The connector also covers an organization its identity is only a member of, as when the
 * owner who onboarded it has since been made a member (the product only onboards
 * organizations the identity administers).
 */
async function addMemberOnlyOrganization(connectorId: string, provider: ProviderName, externalId: string, name: string) {
  await db.connectorOrganization.create({ data: { connectorId, provider, host: "sandbox", externalId, name, url: `http://sandbox.invalid/${name}` } });
}

const facts = async (connectorId: string, fullName: string) => (await db.repository.findFirstOrThrow({ where: { connectorId, fullName } })).postureFacts;
const resources = (connectorId: string) => db.postureResource.findMany({ where: { connectorId }, orderBy: [{ kind: "asc" }, { organizationName: "asc" }, { name: "asc" }] });
const resource = (connectorId: string, kind: (typeof POSTURE_RESOURCE_KINDS)[number], name: string) => db.postureResource.findFirstOrThrow({ where: { connectorId, kind, name } });

describe("GitHub posture facts", () => {
  it("stores each repository's settings and each organization's, and a second run changes nothing", async () => {
    const connector = await connectorFor("GITHUB", "posture-gh", ["contoso-web", "fabrikam-platform"]);
    const first = await runDiscovery(connector.id, "created");
    expect(first).toMatchObject({ state: "SUCCEEDED", errors: [] });

    expect(await facts(connector.id, "contoso-web/storefront-web")).toEqual({
      secretScanning: true,
      pushProtection: true,
      codeScanning: true,
      dependabot: true,
      defaultBranchProtected: true,
      forcePushesAllowed: false,
      requiredApprovals: 2,
      selfHostedRunners: false,
    });
    expect(await facts(connector.id, "contoso-web/load-tests")).toEqual({
      secretScanning: false,
      pushProtection: false,
      codeScanning: false,
      dependabot: false,
      // "Branch not protected": no rule, so force pushes are allowed and nothing is required.
      defaultBranchProtected: false,
      forcePushesAllowed: true,
      requiredApprovals: 0,
      selfHostedRunners: true,
    });
    expect(await facts(connector.id, "contoso-web/marketing-site")).toMatchObject({ selfHostedRunners: true, requiredApprovals: 1, codeScanning: false });
    expect(await facts(connector.id, "contoso-web/infra-terraform")).toMatchObject({ forcePushesAllowed: true, dependabot: false });

    const orgs = await resources(connector.id);
    expect(orgs.map((r) => [r.kind, r.externalId, r.name, r.projectPath, r.facts])).toEqual([
      ["ORGANIZATION", "91000001", "contoso-web", null, { basePermission: "read", ownerCount: 3, workflowPermissions: "read" }],
      ["ORGANIZATION", "91000002", "fabrikam-platform", null, { basePermission: "write", ownerCount: 1, workflowPermissions: "write" }],
    ]);
    expect(orgs.every((r) => r.provider === "GITHUB" && r.removedAt === null && r.url?.endsWith(`/github/${r.name}`))).toBe(true);

    const repositoriesBefore = await db.repository.findMany({ where: { connectorId: connector.id }, orderBy: { id: "asc" } });
    const second = await runDiscovery(connector.id, "manual");
    expect(second).toMatchObject({ state: "SUCCEEDED", added: 0, updated: 0, removed: 0, unchanged: first.added });
    expect(await db.repository.findMany({ where: { connectorId: connector.id }, orderBy: { id: "asc" } })).toEqual(repositoriesBefore);
    expect(await resources(connector.id)).toEqual(orgs);
    // Two organizations, read twice: room for a loaded machine.
  }, 90_000);

  it("reads a setting flipped at the provider in the next discovery", async () => {
    const connector = await connectorFor("GITHUB", "flip-gh");
    await runDiscovery(connector.id, "created");
    const organizationBefore = await resource(connector.id, "ORGANIZATION", "contoso-web");

    await sandbox().control.setPosture("github", { organization: "contoso-web", name: "storefront-web" }, { branchProtection: null, selfHostedRunners: 1 });
    await sandbox().control.setPosture("github", { organization: "contoso-web" }, { workflowPermissions: "write" });
    const next = await runDiscovery(connector.id, "schedule");
    expect(next).toMatchObject({ state: "SUCCEEDED", added: 0, updated: 1, removed: 0 });
    expect(await facts(connector.id, "contoso-web/storefront-web")).toMatchObject({ defaultBranchProtected: false, forcePushesAllowed: true, requiredApprovals: 0, selfHostedRunners: true });
    const organization = await resource(connector.id, "ORGANIZATION", "contoso-web");
    expect(organization.facts).toEqual({ basePermission: "read", ownerCount: 3, workflowPermissions: "write" });
    expect(organization.id).toBe(organizationBefore.id);
    expect(organization.updatedAt.getTime()).toBeGreaterThan(organizationBefore.updatedAt.getTime());
  });

  it("leaves absent what a member may not read, and keeps what it may", async () => {
    const connector = await connectorFor("GITHUB", "member-gh");
    // The admin user is only a member of northwind-data.
    await addMemberOnlyOrganization(connector.id, "GITHUB", "91000003", "northwind-data");
    const outcome = await runDiscovery(connector.id, "created");
    expect(outcome).toMatchObject({ state: "SUCCEEDED", errors: [] });

    // No security_and_analysis, and branch protection and runners refused (403): nothing is known.
    const northwind = await db.repository.findMany({ where: { connectorId: connector.id, organizationName: "northwind-data" } });
    expect(northwind).toHaveLength(8);
    expect(northwind.every((r) => JSON.stringify(r.postureFacts) === "{}")).toBe(true);
    expect(northwind.every((r) => r.advancedSecurity === "NOT_AVAILABLE")).toBe(true);
    // Members see the owners, not the base permission (owners only) nor the workflow permissions (403).
    expect((await resource(connector.id, "ORGANIZATION", "northwind-data")).facts).toEqual({ ownerCount: 2 });
    // The organization it owns is read in full.
    expect(Object.keys((await facts(connector.id, "contoso-web/checkout-api")) as object)).toHaveLength(8);
  });

  it("records a failure to read an organization's settings for that organization, with its repositories recorded", async () => {
    const connector = await connectorFor("GITHUB", "fail-gh");
    // Octokit tries a 5xx three times: all three fail, the next discovery's answer.
    await sandbox().control.failOrganization("github", "contoso-web", { status: 503, path: "/actions/permissions/workflow", times: 3 });
    const outcome = await runDiscovery(connector.id, "created");
    expect(outcome.state).toBe("PARTIAL");
    expect(outcome.errors).toEqual([{ organization: "contoso-web", message: expect.stringMatching(/^Its repositories were discovered, but not its other security settings: GitHub is having trouble \(503\)/) }]);
    expect(outcome.added).toBe(32);
    expect(await resources(connector.id)).toEqual([]);
    expect(await db.discoveryRun.findUniqueOrThrow({ where: { id: outcome.runId } })).toMatchObject({ state: "PARTIAL", errors: outcome.errors });

    // Once it answers again, the organization is recorded.
    expect(await runDiscovery(connector.id, "manual")).toMatchObject({ state: "SUCCEEDED", added: 0, updated: 0 });
    expect((await resources(connector.id)).map((r) => r.name)).toEqual(["contoso-web"]);
  });
});

describe("Azure DevOps posture facts", () => {
  it("stores reviewer policies and Advanced Security per repository, and pipelines and protected resources per project", async () => {
    const connector = await connectorFor("AZURE_DEVOPS", "posture-ado");
    expect((await runDiscovery(connector.id, "created")).state).toBe("SUCCEEDED");

    expect(await facts(connector.id, "contoso-web/Storefront/storefront-web")).toEqual({ advancedSecurity: true, requiredApprovals: 2, authorsCanApprove: false });
    expect(await facts(connector.id, "contoso-web/Storefront/checkout-api")).toEqual({ advancedSecurity: true, requiredApprovals: 2, authorsCanApprove: true });
    // Off and optional policies require nothing; project-wide policies count for every repository they cover.
    expect(await facts(connector.id, "contoso-web/Storefront/design-system")).toMatchObject({ requiredApprovals: 0, authorsCanApprove: true });
    expect(await facts(connector.id, "contoso-web/Storefront/customer-portal")).toMatchObject({ requiredApprovals: 0 });
    expect(await facts(connector.id, "contoso-web/Identity/identity-admin-ui")).toEqual({ advancedSecurity: true, requiredApprovals: 1, authorsCanApprove: false });
    expect(await facts(connector.id, "contoso-web/Identity/identity-sdk-dotnet")).toEqual({ advancedSecurity: false, requiredApprovals: 0, authorsCanApprove: true });
    expect(await facts(connector.id, "contoso-web/Mobile/mobile-app-ios")).toEqual({ advancedSecurity: false, requiredApprovals: 2, authorsCanApprove: false });

    const all = await resources(connector.id);
    const summary = (kind: string) => all.filter((r) => r.kind === kind).map((r) => [r.projectPath, r.name, r.facts]);
    expect(summary("PIPELINE")).toEqual([
      ["Storefront", "checkout-api CI", { forkBuildsGetSecrets: false }],
      ["Open Source", "eslint-config PR validation", { forkBuildsGetSecrets: false }],
      ["Identity", "identity-service CI", { forkBuildsGetSecrets: false }],
      ["Open Source", "marketing-site PR validation", { forkBuildsGetSecrets: true }],
      ["Mobile", "mobile-app-android release", { forkBuildsGetSecrets: false }],
      ["Mobile", "mobile-app-ios release", { forkBuildsGetSecrets: false }],
      ["Storefront", "storefront-web CI", { forkBuildsGetSecrets: false }],
    ]);
    expect(summary("SERVICE_CONNECTION")).toEqual([
      ["Mobile", "app-store-connect", { openToAllPipelines: false }],
      ["Storefront", "contoso-acr", { openToAllPipelines: false }],
      ["Storefront", "contoso-prod-azure", { openToAllPipelines: true }],
      ["Open Source", "github-contoso", { openToAllPipelines: false }],
    ]);
    expect(summary("VARIABLE_GROUP")).toEqual([
      ["Storefront", "checkout-secrets", { openToAllPipelines: false, hasSecrets: true }],
      ["Identity", "identity-signing", { openToAllPipelines: false, hasSecrets: true }],
      ["Storefront", "storefront-secrets", { openToAllPipelines: true, hasSecrets: true }],
      ["Storefront", "storefront-settings", { openToAllPipelines: true, hasSecrets: false }],
    ]);
    expect(summary("SECURE_FILE")).toEqual([
      ["Mobile", "android-upload.jks", { openToAllPipelines: false }],
      ["Mobile", "ios-distribution.p12", { openToAllPipelines: true }],
    ]);
    // Ids are the project's and the resource's; links go to the resource in Azure DevOps.
    const storefrontSecrets = all.find((r) => r.name === "storefront-secrets")!;
    expect(storefrontSecrets.externalId).toMatch(/^[0-9a-f-]{36}\/1$/);
    expect(storefrontSecrets.url).toMatch(/\/azure-devops\/contoso-web\/Storefront\/_library\?itemType=VariableGroups&view=VariableGroupView&variableGroupId=1$/);
    expect(all.every((r) => r.provider === "AZURE_DEVOPS" && r.organizationName === "contoso-web" && r.removedAt === null)).toBe(true);
  });

  it("follows resources that change, go and come back, and leaves pipeline permissions a member may not read absent", async () => {
    const connector = await connectorFor("AZURE_DEVOPS", "flip-ado");
    await runDiscovery(connector.id, "created");
    const control = sandbox().control;
    await control.setPosture("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "service-connection", name: "contoso-prod-azure" }, { openToAllPipelines: false });
    await control.setPosture("azure-devops", { organization: "contoso-web", project: "Storefront", name: "design-system" }, { requiredApprovals: 2 });
    await control.removePostureResource("azure-devops", { organization: "contoso-web", project: "Mobile", resource: "secure-file", name: "ios-distribution.p12" });
    const second = await runDiscovery(connector.id, "schedule");
    expect(second).toMatchObject({ state: "SUCCEEDED", updated: 1 });
    expect(await facts(connector.id, "contoso-web/Storefront/design-system")).toMatchObject({ requiredApprovals: 2, authorsCanApprove: false });
    expect((await resource(connector.id, "SERVICE_CONNECTION", "contoso-prod-azure")).facts).toEqual({ openToAllPipelines: false });
    const gone = await resource(connector.id, "SECURE_FILE", "ios-distribution.p12");
    expect(gone.removedAt).toEqual(expect.any(Date));

    // The same file again (same id): the row comes back.
    await control.setPosture("azure-devops", { organization: "contoso-web", project: "Mobile", resource: "secure-file", name: "ios-distribution.p12" }, { openToAllPipelines: false });
    await runDiscovery(connector.id, "manual");
    const back = await resource(connector.id, "SECURE_FILE", "ios-distribution.p12");
    expect(back).toMatchObject({ id: gone.id, removedAt: null, facts: { openToAllPipelines: false } });

    // northwind-data: the admin user is a member only, so pipeline permissions (Project Collection Administrators here) are refused.
    await addMemberOnlyOrganization(connector.id, "AZURE_DEVOPS", stableGuid("azure-devops-organization", "northwind-data"), "northwind-data");
    await runDiscovery(connector.id, "manual");
    const northwind = await db.postureResource.findMany({ where: { connectorId: connector.id, organizationName: "northwind-data" }, orderBy: { kind: "asc" } });
    expect(northwind.map((r) => [r.kind, r.name, r.facts])).toEqual([
      ["PIPELINE", "etl-pipelines CI", { forkBuildsGetSecrets: false }],
      ["SERVICE_CONNECTION", "northwind-sql", {}],
      ["VARIABLE_GROUP", "warehouse-credentials", { hasSecrets: true }],
    ]);
    expect(await facts(connector.id, "northwind-data/Data Platform/data-warehouse")).toMatchObject({ requiredApprovals: 2, authorsCanApprove: false });
  });
});

describe("GitLab posture facts", () => {
  it("stores approvals into the default branch and author approval, follows changes, and reports no other resources", async () => {
    const connector = await connectorFor("GITLAB", "posture-gl");
    expect((await runDiscovery(connector.id, "created")).state).toBe("SUCCEEDED");
    expect(await facts(connector.id, "contoso-web/frontend/storefront-web")).toEqual({ requiredApprovals: 2, authorsCanApprove: false });
    expect(await facts(connector.id, "contoso-web/backend/payments-gateway")).toEqual({ requiredApprovals: 2, authorsCanApprove: true });
    // A rule for release/* does not cover main; report rules do not count; the older project-wide count applies without rules.
    expect(await facts(connector.id, "contoso-web/design-system")).toEqual({ requiredApprovals: 1, authorsCanApprove: false });
    expect(await facts(connector.id, "contoso-web/backend/checkout-api")).toEqual({ requiredApprovals: 2, authorsCanApprove: false });
    expect(await facts(connector.id, "contoso-web/developer-docs")).toEqual({ requiredApprovals: 1, authorsCanApprove: false });
    expect(await facts(connector.id, "contoso-web/frontend/admin-console")).toEqual({ requiredApprovals: 0, authorsCanApprove: false });
    expect(await resources(connector.id)).toEqual([]);

    await sandbox().control.setPosture("gitlab", { organization: "contoso-web/frontend", name: "admin-console" }, { requiredApprovals: 2, authorsCanApprove: true });
    expect(await runDiscovery(connector.id, "schedule")).toMatchObject({ updated: 1 });
    expect(await facts(connector.id, "contoso-web/frontend/admin-console")).toEqual({ requiredApprovals: 2, authorsCanApprove: true });
  });
});

describe("the sandbox's organizations, the demo's included", () => {
  it("give every posture recommendation healthy and unhealthy resources", async () => {
    await addDemoSandboxOrganization(sandbox().control);
    const seen = new Map<string, Set<EvaluatedState>>();
    const note = (id: string, state: EvaluatedState) => seen.set(id, (seen.get(id) ?? new Set()).add(state));

    for (const provider of ["GITHUB", "AZURE_DEVOPS", "GITLAB"] as const) {
      const connector = await connectorFor(provider, `mix-${PROVIDER_SLUGS[provider]}`, ["contoso-web", "fabrikam-platform", DEMO_SANDBOX_ORGANIZATION.name]);
      expect((await runDiscovery(connector.id, "created")).state).toBe("SUCCEEDED");
      const repositories = await db.repository.findMany({ where: { connectorId: connector.id } });
      const posture = repositoryRecommendations(provider).filter((r) => r.kind === "POSTURE");
      for (const repository of repositories) {
        for (const recommendation of posture) {
          const input = {
            provider,
            visibility: repository.visibility,
            archived: repository.archived,
            scanned: false,
            openByType: { SECRETS: 0, CODE: 0, DEPENDENCY: 0, IAC: 0, CONTAINER: 0 },
            facts: repository.postureFacts as RepositoryPostureFacts,
          };
          note(recommendation.id, recommendation.evaluate(input).state);
        }
      }
      for (const row of await resources(connector.id)) {
        for (const recommendation of resourceRecommendations(provider, row.kind)) note(recommendation.id, recommendation.evaluate({ provider, kind: row.kind, facts: row.facts as PostureResourceEvaluationInput["facts"] }).state);
      }

      // The demo organization on its own shows both sides of most recommendations.
      const demo = await db.repository.findMany({ where: { connectorId: connector.id, organizationName: DEMO_SANDBOX_ORGANIZATION.name } });
      const approvals = demo.map((r) => (r.postureFacts as { requiredApprovals?: number }).requiredApprovals);
      expect(approvals.filter((n) => n === 2).length, `${provider}: a few demo repositories with two reviewers`).toBeGreaterThan(0);
      expect(approvals.filter((n) => n !== undefined && n < 2).length, `${provider}: most without`).toBeGreaterThan(approvals.filter((n) => n === 2).length);
    }

    const posture = (["GITHUB", "AZURE_DEVOPS", "GITLAB"] as const).flatMap((provider) => [
      ...repositoryRecommendations(provider).filter((r) => r.kind === "POSTURE"),
      ...POSTURE_RESOURCE_KINDS.flatMap((kind) => resourceRecommendations(provider, kind)),
    ]);
    expect(posture.length).toBeGreaterThan(15);
    for (const recommendation of posture) {
      expect([...(seen.get(recommendation.id) ?? [])].sort(), recommendation.id).toEqual(expect.arrayContaining(["HEALTHY", "UNHEALTHY"]));
    }
    // Nine organizations discovered: room for a loaded machine.
  }, 90_000);

  it("make the demo organization's own mix: a public repository with self-hosted runners, open and restricted pipeline resources, secrets given to forks", async () => {
    await addDemoSandboxOrganization(sandbox().control);
    const github = await connectorFor("GITHUB", "demo-gh", [DEMO_SANDBOX_ORGANIZATION.name]);
    await runDiscovery(github.id, "created");
    const storefront = await db.repository.findFirstOrThrow({ where: { connectorId: github.id, name: "storefront-web" } });
    expect(storefront).toMatchObject({ visibility: "public", postureFacts: expect.objectContaining({ selfHostedRunners: true, requiredApprovals: 1 }) });
    expect((await resource(github.id, "ORGANIZATION", DEMO_SANDBOX_ORGANIZATION.name)).facts).toEqual({ basePermission: "read", ownerCount: 1, workflowPermissions: "write" });

    const azure = await connectorFor("AZURE_DEVOPS", "demo-ado", [DEMO_SANDBOX_ORGANIZATION.name]);
    await runDiscovery(azure.id, "created");
    const facts = Object.fromEntries((await resources(azure.id)).map((r) => [`${r.kind} ${r.name}`, r.facts]));
    expect(facts).toEqual({
      "PIPELINE infra-terraform deploy": { forkBuildsGetSecrets: false },
      "PIPELINE orders-api PR validation": { forkBuildsGetSecrets: false },
      "PIPELINE storefront-web PR validation": { forkBuildsGetSecrets: true },
      "SECURE_FILE app-store.mobileprovision": { openToAllPipelines: true },
      "SECURE_FILE code-signing.pfx": { openToAllPipelines: false },
      "SERVICE_CONNECTION tailspin-production": { openToAllPipelines: true },
      "SERVICE_CONNECTION tailspin-registry": { openToAllPipelines: false },
      "VARIABLE_GROUP orders-secrets": { openToAllPipelines: false, hasSecrets: true },
      "VARIABLE_GROUP payments-secrets": { openToAllPipelines: true, hasSecrets: true },
      "VARIABLE_GROUP storefront-settings": { openToAllPipelines: true, hasSecrets: false },
    });
  });
});
