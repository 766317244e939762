import { getBearerHandler, WebApi } from "azure-devops-node-api";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stableGuid } from "./ids";
import { AZURE_DEVOPS_RESOURCE, AZURE_DEVOPS_USERS, PR_ANNOTATIONS_EXTENSION, SECURITY_NAMESPACES, startScmSandbox, type ScmSandbox } from "./index";
import { authorize, openConsentPage, pkce, postForm, SecurityPermissionsClient } from "./test-support";

const REDIRECT_URI = "http://[::1]:3000/api/connectors/callback/azure-devops";
const SCOPE = `${AZURE_DEVOPS_RESOURCE}/.default offline_access`;
const GENERIC_WRITE = 2;

let sandbox: ScmSandbox;

beforeAll(async () => {
  sandbox = await startScmSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.control.reset();
});

interface EntraTokens {
  token_type: string;
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

interface EntraError {
  error: string;
  error_description: string;
  error_codes: number[];
}

const tenantUrl = () => `${sandbox.azureDevOps.entraUrl}/${sandbox.azureDevOps.tenantId}/oauth2/v2.0`;
const client = () => ({ client_id: sandbox.azureDevOps.clientId, client_secret: sandbox.azureDevOps.clientSecret });
const orgUrl = (org: string) => `${sandbox.azureDevOps.organizationsUrl}/${org}`;

async function codeFor(options: { login?: string; scope?: string; state?: string } = {}) {
  const { verifier, challenge } = pkce();
  const back = await authorize(
    `${tenantUrl()}/authorize`,
    {
      client_id: sandbox.azureDevOps.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: options.scope ?? SCOPE,
      state: options.state ?? "ado-state",
      code_challenge: challenge,
      code_challenge_method: "S256",
      prompt: "select_account",
    },
    { login: options.login },
  );
  return { code: back.searchParams.get("code") ?? "", verifier, back };
}

const token = (parameters: Record<string, string>) => postForm(`${tenantUrl()}/token`, { ...client(), ...parameters });

async function signIn(options: { login?: string; scope?: string } = {}): Promise<EntraTokens> {
  const { code, verifier } = await codeFor(options);
  const response = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
  expect(response.status).toBe(200);
  return (await response.json()) as EntraTokens;
}

function connection(org: string, accessToken: string) {
  return new WebApi(orgUrl(org), getBearerHandler(accessToken));
}

interface VssFailure {
  statusCode: number;
  message: string;
  rateLimit?: { retryAfter?: number; remaining?: number; limit?: number; reset?: number; resource?: string };
}

async function failure(promise: Promise<unknown>): Promise<VssFailure> {
  return promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (e: unknown) => e as VssFailure,
  );
}

describe("Microsoft Entra ID OAuth", () => {
  it("shows a consent page for Azure DevOps and issues a JWT for the Azure DevOps resource, with a refresh token for offline_access", async () => {
    const url = new URL(`${tenantUrl()}/authorize`);
    url.search = new URLSearchParams({ client_id: sandbox.azureDevOps.clientId, redirect_uri: REDIRECT_URI, response_type: "code", scope: SCOPE, state: "s" }).toString();
    const { form } = await openConsentPage(url);
    expect(form?.heading).toMatch(/Rampart.*Azure DevOps/);
    expect(form?.loginLabel).toBe("Sign in as");
    expect(form?.selectedLogin).toBe(AZURE_DEVOPS_USERS.admin);
    expect(form?.permissions).toEqual([`${AZURE_DEVOPS_RESOURCE}/.default`, "offline_access"]);

    const tokens = await signIn();
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.scope).toBe(`${AZURE_DEVOPS_RESOURCE}/user_impersonation`);
    expect(tokens.expires_in).toBeGreaterThanOrEqual(3600);
    expect(tokens.expires_in).toBeLessThanOrEqual(4000);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.id_token).toBeUndefined();
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({ aud: AZURE_DEVOPS_RESOURCE, upn: AZURE_DEVOPS_USERS.admin, scp: "user_impersonation" });
    expect((await sandbox.control.issuedTokens()).lastAuthorizationRequest["azure-devops"]).toMatchObject({ state: "ado-state", codeChallengeMethod: "S256" });
  });

  it("gives no refresh token without offline_access, and an id_token with openid", async () => {
    const plain = await signIn({ scope: `${AZURE_DEVOPS_RESOURCE}/vso.code vso.project` });
    expect(plain.refresh_token).toBeUndefined();
    expect(plain.scope).toBe(`${AZURE_DEVOPS_RESOURCE}/vso.code ${AZURE_DEVOPS_RESOURCE}/vso.project`);
    const oidc = await signIn({ scope: `openid profile email ${SCOPE}` });
    expect(decodeJwt(oidc.id_token ?? "")).toMatchObject({ aud: sandbox.azureDevOps.clientId, preferred_username: AZURE_DEVOPS_USERS.admin });
  });

  it("sends Cancel back as access_denied (AADSTS65004) with the state", async () => {
    const back = await authorize(
      `${tenantUrl()}/authorize`,
      { client_id: sandbox.azureDevOps.clientId, redirect_uri: REDIRECT_URI, response_type: "code", scope: SCOPE, state: "cancel-state" },
      { decision: "cancel" },
    );
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("error_description")).toMatch(/^AADSTS65004: /);
    expect(back.searchParams.get("state")).toBe("cancel-state");
  });

  it("shows an error page for an unknown tenant, client or redirect URI", async () => {
    const page = async (base: string, params: Record<string, string>) => {
      const url = new URL(base);
      url.search = new URLSearchParams({ client_id: sandbox.azureDevOps.clientId, redirect_uri: REDIRECT_URI, response_type: "code", scope: SCOPE, ...params }).toString();
      return openConsentPage(url);
    };
    expect((await page(`${sandbox.azureDevOps.entraUrl}/other-tenant/oauth2/v2.0/authorize`, {})).html).toMatch(/AADSTS90002/);
    expect((await page(`${tenantUrl()}/authorize`, { client_id: "unknown" })).html).toMatch(/AADSTS700016/);
    const wrongRedirect = await page(`${tenantUrl()}/authorize`, { redirect_uri: "https://rampart.example/callback" });
    expect(wrongRedirect.status).toBe(400);
    expect(wrongRedirect.html).toMatch(/AADSTS50011/);
  });

  it("refuses a wrong code_verifier, a reused code and a wrong secret with AADSTS codes", async () => {
    const { code, verifier } = await codeFor();
    const wrong = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: "z".repeat(43) });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()) as EntraError).toMatchObject({ error: "invalid_grant", error_codes: [501481] });
    expect((await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier })).status).toBe(200);
    const reused = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    expect(reused.status).toBe(400);
    expect((await reused.json()) as EntraError).toMatchObject({ error: "invalid_grant", error_codes: [54005] });

    const badSecret = await postForm(`${tenantUrl()}/token`, { client_id: sandbox.azureDevOps.clientId, client_secret: "nope", grant_type: "refresh_token", refresh_token: "x" });
    expect(badSecret.status).toBe(401);
    expect((await badSecret.json()) as EntraError).toMatchObject({ error: "invalid_client", error_codes: [7000215] });
  });

  it("rotates the refresh token; the old one is refused", async () => {
    const first = await signIn();
    const response = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token ?? "", scope: SCOPE });
    expect(response.status).toBe(200);
    const second = (await response.json()) as EntraTokens;
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const projects = await (await connection("contoso-web", second.access_token).getCoreApi()).getProjects();
    expect(projects.length).toBeGreaterThan(0);
    const again = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token ?? "" });
    expect(again.status).toBe(400);
    expect((await again.json()) as EntraError).toMatchObject({ error: "invalid_grant" });
  });
});

describe("Azure DevOps through azure-devops-node-api", () => {
  it("reads the profile and the organizations of the identity from the profile service", async () => {
    const { access_token } = await signIn();
    const vssps = new WebApi(sandbox.azureDevOps.vsspsUrl, getBearerHandler(access_token));
    const me = await vssps.rest.get<{ id: string; displayName: string; emailAddress: string; publicAlias: string }>(
      `${sandbox.azureDevOps.vsspsUrl}/_apis/profile/profiles/me?api-version=7.1`,
    );
    expect(me.result).toMatchObject({ displayName: "Megan Bowen", emailAddress: AZURE_DEVOPS_USERS.admin });
    const accounts = await vssps.rest.get<{ count: number; value: { accountName: string; accountId: string }[] }>(
      `${sandbox.azureDevOps.vsspsUrl}/_apis/accounts?memberId=${me.result?.id}&api-version=7.1`,
    );
    expect(accounts.result?.value.map((a) => a.accountName)).toEqual(["contoso-web", "fabrikam-platform", "northwind-data", "woodgrove-bank"]);
  });

  it("lists projects and repositories (organization-wide and per project) with realistic fields", async () => {
    const { access_token } = await signIn();
    const web = connection("contoso-web", access_token);
    expect((await web.connect()).authenticatedUser?.providerDisplayName).toBe("Megan Bowen");
    const core = await web.getCoreApi();
    const projects = await core.getProjects();
    expect(projects.map((p) => p.name)).toEqual(["Identity", "Legacy", "Mobile", "Open Source", "Storefront"]);
    expect(projects[0]?.lastUpdateTime).toBeInstanceOf(Date);
    const paged = await core.getProjects(undefined, 2, 2);
    expect(paged.map((p) => p.name)).toEqual(["Mobile", "Open Source"]);

    const git = await web.getGitApi();
    const all = await git.getRepositories();
    expect(all).toHaveLength(15);
    const disabled = all.find((r) => r.name === "legacy-php-shop");
    expect(disabled).toMatchObject({ isDisabled: true, defaultBranch: "refs/heads/master", project: { name: "Legacy" } });
    const storefront = await git.getRepositories("Storefront");
    expect(storefront.map((r) => r.name)).toEqual(["checkout-api", "customer-portal", "design-system", "storefront-e2e", "storefront-web"]);
    const repo = storefront.find((r) => r.name === "storefront-web");
    expect(repo).toMatchObject({
      defaultBranch: "refs/heads/main",
      isDisabled: false,
      webUrl: `${orgUrl("contoso-web")}/Storefront/_git/storefront-web`,
      project: { name: "Storefront" },
    });
    expect(repo?.size).toBeGreaterThan(1_000_000);
    expect(repo?.remoteUrl).toMatch(/^http:\/\/contoso-web@127\.0\.0\.1:\d+\/azure-devops\/contoso-web\/Storefront\/_git\/storefront-web$/);
    const openSource = await git.getRepositories("Open Source");
    expect(openSource.map((r) => r.name)).toEqual(["eslint-config", "marketing-site"]);

    const fabrikam = await (await connection("fabrikam-platform", access_token).getGitApi()).getRepositories();
    expect(fabrikam.find((r) => r.name === "incident-bot")?.defaultBranch).toBeUndefined();
  });

  it("tells whether the user is a Project Collection Administrator (Security, Collection namespace, GENERIC_WRITE on NAMESPACE)", async () => {
    const { access_token } = await signIn();
    const check = (org: string) => new SecurityPermissionsClient(orgUrl(org), [getBearerHandler(access_token)]).hasPermissions(SECURITY_NAMESPACES.collection, GENERIC_WRITE, ["NAMESPACE"]);
    expect(await check("contoso-web")).toEqual([true]);
    expect(await check("northwind-data")).toEqual([false]);
    const refused = await failure(check("woodgrove-bank"));
    expect(refused.statusCode).toBe(401);
    expect(refused.message).toMatch(/^TF400813: /);

    // The same check as a plain REST call, the way Rampart makes it.
    const raw = await connection("contoso-web", access_token).rest.get<{ value: boolean[] }>(
      `${orgUrl("contoso-web")}/_apis/permissions/${SECURITY_NAMESPACES.collection}/${GENERIC_WRITE}?tokens=NAMESPACE&api-version=7.1`,
    );
    expect(raw.result?.value).toEqual([true]);
  });

  it("refuses OAuth tokens in an organization whose third-party OAuth access is off", async () => {
    const { access_token } = await signIn();
    const error = await failure((await connection("woodgrove-bank", access_token).getCoreApi()).getProjects());
    expect(error.statusCode).toBe(401);
    expect(error.message).toMatch(/^TF400813: The user '[0-9a-f-]{36}' is not authorized to access this resource\.$/);
  });

  it("answers revoked tokens with 401, and refuses their refresh token", async () => {
    const tokens = await signIn({ login: AZURE_DEVOPS_USERS.revocable });
    const core = await connection("contoso-web", tokens.access_token).getCoreApi();
    expect((await core.getProjects()).length).toBe(5);
    await sandbox.control.revokeTokens("azure-devops", AZURE_DEVOPS_USERS.revocable);
    expect((await failure(core.getProjects())).statusCode).toBe(401);
    const refresh = await token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token ?? "" });
    expect((await refresh.json()) as EntraError).toMatchObject({ error: "invalid_grant", error_codes: [50173] });
  });

  it("answers rate-limited requests with 429, Retry-After and X-RateLimit-* headers", async () => {
    const { access_token } = await signIn();
    const core = await connection("contoso-web", access_token).getCoreApi();
    await sandbox.control.rateLimit("azure-devops", AZURE_DEVOPS_USERS.admin, { requests: 1, retryAfterSeconds: 17 });
    const error = await failure(core.getProjects());
    expect(error.statusCode).toBe(429);
    expect(error.message).toMatch(/^TF400733: /);
    expect(error.rateLimit).toMatchObject({ retryAfter: 17, remaining: 0, resource: "Core" });
    expect((await core.getProjects()).length).toBe(5);
  });

  it("limits the rate-limited fixture user after 5 requests", async () => {
    const { access_token } = await signIn({ login: AZURE_DEVOPS_USERS.rateLimited });
    const core = await connection("contoso-web", access_token).getCoreApi();
    for (let i = 0; i < 5; i++) await core.getProjects();
    expect((await failure(core.getProjects())).statusCode).toBe(429);
  });

  it("fails the next request with the status asked for", async () => {
    const { access_token } = await signIn();
    const git = await connection("contoso-web", access_token).getGitApi();
    await sandbox.control.failNext("azure-devops", { status: 503 });
    expect((await failure(git.getRepositories())).statusCode).toBe(503);
    expect((await git.getRepositories()).length).toBe(15);
  });

  it("serves an organization added by a test, administered by the admin user", async () => {
    await sandbox.control.addOrganization("azure-devops", { name: "tailspin-toys", repositories: ["toy-catalog", "toy-shop"] });
    const { access_token } = await signIn();
    const vssps = new WebApi(sandbox.azureDevOps.vsspsUrl, getBearerHandler(access_token));
    const me = await vssps.rest.get<{ id: string }>(`${sandbox.azureDevOps.vsspsUrl}/_apis/profile/profiles/me`);
    const accounts = await vssps.rest.get<{ value: { accountName: string }[] }>(`${sandbox.azureDevOps.vsspsUrl}/_apis/accounts?memberId=${me.result?.id}`);
    expect(accounts.result?.value.map((a) => a.accountName)).toContain("tailspin-toys");
    const web = connection("tailspin-toys", access_token);
    expect((await (await web.getGitApi()).getRepositories()).map((r) => r.name)).toEqual(["toy-catalog", "toy-shop"]);
    expect(await new SecurityPermissionsClient(orgUrl("tailspin-toys"), [getBearerHandler(access_token)]).hasPermissions(SECURITY_NAMESPACES.collection, GENERIC_WRITE, ["NAMESPACE"])).toEqual([true]);
  });
});

describe("Azure DevOps Advanced Security enablement (advsec.dev.azure.com)", () => {
  const advsec = () => sandbox.azureDevOps.advancedSecurityUrl;
  const repoUrl = (org: string, project: string, repo: string, query = "api-version=7.2-preview.3") =>
    `${advsec()}/${org}/${encodeURIComponent(project)}/_apis/management/repositories/${repo}/enablement?${query}`;

  interface RepoEnablement {
    projectId: string;
    repositoryId: string;
    isBundledSKU: boolean;
    codeSecurityFeatures: { codeSecurityEnabled: boolean; codeQLEnabled: boolean; dependencyScanningInjectionEnabled: boolean; dependabotEnabled: boolean; codeSecurityEnablementLastChangedDate?: string };
    secretProtectionFeatures: { secretProtectionEnabled: boolean; blockPushes?: boolean; secretProtectionEnablementLastChangedDate?: string };
  }

  /** The enablement of each repository, as "code/codeql/dependency scanning/dependabot | secret/block pushes" (1 on, 0 off). */
  const summary = (e: RepoEnablement | null | undefined) => {
    const c = e?.codeSecurityFeatures;
    const s = e?.secretProtectionFeatures;
    const bit = (b: boolean | undefined) => (b ? "1" : "0");
    return `${bit(c?.codeSecurityEnabled)}${bit(c?.codeQLEnabled)}${bit(c?.dependencyScanningInjectionEnabled)}${bit(c?.dependabotEnabled)}|${bit(s?.secretProtectionEnabled)}${bit(s?.blockPushes)}`;
  };

  it("reports Code Security and Secret Protection per repository (7.2-preview.3), on, off and partially", async () => {
    const { access_token } = await signIn();
    const rest = connection("contoso-web", access_token).rest;
    const get = async (org: string, project: string, repo: string) => (await rest.get<RepoEnablement>(repoUrl(org, project, repo, "includeAllProperties=true&api-version=7.2-preview.3"))).result;
    const storefront = await get("contoso-web", "Storefront", "storefront-web");
    expect(storefront).toMatchObject({ isBundledSKU: true, repositoryId: expect.stringMatching(/^[0-9a-f-]{36}$/), projectId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(storefront?.codeSecurityFeatures.codeSecurityEnablementLastChangedDate).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(summary(storefront)).toBe("1111|11");
    expect(summary(await get("contoso-web", "Storefront", "customer-portal"))).toBe("1011|11");
    expect(summary(await get("contoso-web", "Storefront", "design-system"))).toBe("1111|10");
    expect(summary(await get("contoso-web", "Identity", "identity-admin-ui"))).toBe("1101|11");
    expect(summary(await get("contoso-web", "Mobile", "react-native-shell"))).toBe("1110|11");
    const off = await get("contoso-web", "Storefront", "storefront-e2e");
    expect(summary(off)).toBe("0000|00");
    expect(off?.codeSecurityFeatures.codeSecurityEnablementLastChangedDate).toBeUndefined();
    const disabled = await get("contoso-web", "Legacy", "legacy-php-shop");
    expect(summary(disabled)).toBe("0000|00");

    const fabrikam = connection("fabrikam-platform", access_token).rest;
    const unbundled = async (repo: string) => (await fabrikam.get<RepoEnablement>(repoUrl("fabrikam-platform", "Platform Engineering", repo, "includeAllProperties=true&api-version=7.2-preview.3"))).result;
    expect(await unbundled("terraform-modules")).toMatchObject({ isBundledSKU: false, codeSecurityFeatures: { codeSecurityEnabled: false }, secretProtectionFeatures: { secretProtectionEnabled: true } });
    expect(summary(await unbundled("kubernetes-operators"))).toBe("1111|00");
    // The repository by id, and blockPushes only with includeAllProperties=true.
    const byId = (await rest.get<RepoEnablement>(repoUrl("contoso-web", "Storefront", storefront?.repositoryId ?? ""))).result;
    expect(byId?.repositoryId).toBe(storefront?.repositoryId);
    expect(byId?.secretProtectionFeatures).not.toHaveProperty("blockPushes");
  });

  it("lists every repository's enablement per organization and per project", async () => {
    const { access_token } = await signIn();
    const rest = connection("contoso-web", access_token).rest;
    const org = (await rest.get<{ enablementOnCreateSettings: object; reposEnablementStatus: RepoEnablement[] }>(`${advsec()}/contoso-web/_apis/management/enablement?api-version=7.2-preview.3`)).result;
    expect(org?.enablementOnCreateSettings).toEqual({ enableCodeSecurityOnCreate: false, enableSecretProtectionOnCreate: false });
    expect(org?.reposEnablementStatus).toHaveLength(15);
    expect(org?.reposEnablementStatus.filter((r) => r.codeSecurityFeatures.codeSecurityEnabled)).toHaveLength(7);
    const project = (await rest.get<{ reposEnablementStatus: RepoEnablement[] }>(`${advsec()}/contoso-web/Identity/_apis/management/enablement?api-version=7.2-preview.3`)).result;
    expect(project?.reposEnablementStatus).toHaveLength(3);
  });

  it("answers the 7.2-preview.1 single switch to azure-devops-node-api's ManagementApi, found through the resource areas", async () => {
    const { access_token } = await signIn();
    const management = await connection("contoso-web", access_token).getManagementApi();
    const storefront = await management.getRepoEnablementStatus("Storefront", "storefront-web", true);
    expect(storefront).toMatchObject({ advSecEnabled: true, blockPushes: true, advSecEnablementFeatures: { codeQLEnabled: true, dependencyScanningInjectionEnabled: true } });
    expect(storefront.advSecEnablementLastChangedDate).toBeInstanceOf(Date);
    expect((await management.getRepoEnablementStatus("Storefront", "design-system", true)).blockPushes).toBe(false);
    expect((await management.getRepoEnablementStatus("Mobile", "mobile-app-ios")).advSecEnabled).toBe(false);
    const org = await management.getOrgEnablementStatus();
    expect(org.reposEnablementStatus).toHaveLength(15);
    expect(org.reposEnablementStatus?.every((r) => r.blockPushes === undefined)).toBe(true);
    // identity-admin-ui, identity-sdk-dotnet, identity-service
    expect((await management.getProjectEnablementStatus("Identity")).reposEnablementStatus?.map((r) => r.advSecEnabled)).toEqual([true, false, true]);
    // Secret Protection alone counts as enabled on the single switch.
    const fabrikam = await connection("fabrikam-platform", access_token).getManagementApi();
    expect((await fabrikam.getRepoEnablementStatus("Platform Engineering", "terraform-modules")).advSecEnabled).toBe(true);
  });

  it("answers unknown repositories and projects with 404, a version without -preview with 400, and the OAuth policy with 401", async () => {
    const { access_token } = await signIn();
    const rest = connection("contoso-web", access_token).rest;
    expect((await rest.get(repoUrl("contoso-web", "Storefront", "no-such-repo"))).statusCode).toBe(404);
    expect((await rest.get(repoUrl("contoso-web", "Identity", "storefront-web"))).statusCode).toBe(404);
    expect((await rest.get(repoUrl("contoso-web", "Nowhere", "storefront-web"))).statusCode).toBe(404);
    // The documented route has the project in it.
    expect((await rest.get(`${advsec()}/contoso-web/_apis/management/repositories/storefront-web/enablement?api-version=7.2-preview.3`)).statusCode).toBe(404);
    const notPreview = await failure(rest.get(repoUrl("contoso-web", "Storefront", "storefront-web", "api-version=7.2")));
    expect(notPreview.statusCode).toBe(400);
    expect(notPreview.message).toMatch(/-preview flag must be supplied/);
    const policy = await failure(connection("woodgrove-bank", access_token).rest.get(repoUrl("woodgrove-bank", "Core Banking", "core-banking-api")));
    expect(policy.statusCode).toBe(401);
    // A member who is not a Project Collection Administrator reads it too.
    const member = await signIn({ login: AZURE_DEVOPS_USERS.member });
    expect((await connection("northwind-data", member.access_token).rest.get<RepoEnablement>(repoUrl("northwind-data", "Data Platform", "data-warehouse"))).result?.isBundledSKU).toBe(true);
  });

  it("switches enablement with setAdvancedSecurity, following the plans' rules", async () => {
    const { access_token } = await signIn();
    const rest = connection("fabrikam-platform", access_token).rest;
    const get = async (repo: string, project = "Platform Engineering") =>
      (await rest.get<RepoEnablement>(repoUrl("fabrikam-platform", project, repo, "includeAllProperties=true&api-version=7.2-preview.3"))).result;
    const ref = (name: string, project = "Platform Engineering") => ({ organization: "fabrikam-platform", project, name });

    await sandbox.control.setAdvancedSecurity("azure-devops", ref("pipeline-templates"), { codeSecurityEnabled: true, codeQLEnabled: true });
    const enabled = await get("pipeline-templates");
    expect(summary(enabled)).toBe("1100|00");
    expect(Date.parse(enabled?.codeSecurityFeatures.codeSecurityEnablementLastChangedDate ?? "")).toBeGreaterThan(Date.now() - 60_000);
    // Turning a plan off turns its features off.
    await sandbox.control.setAdvancedSecurity("azure-devops", ref("platform-core"), { secretProtectionEnabled: false });
    expect(summary(await get("platform-core"))).toBe("1111|00");
    await sandbox.control.setAdvancedSecurity("azure-devops", ref("platform-core"), { advSecEnabled: false });
    expect(summary(await get("platform-core"))).toBe("0000|00");

    await expect(sandbox.control.setAdvancedSecurity("azure-devops", ref("runbooks", "Site Reliability"), { secretProtectionEnabled: false, blockPushes: true })).rejects.toThrow(/blockPushes cannot be on/);
    const bundled = { organization: "contoso-web", project: "Storefront", name: "storefront-e2e" };
    await expect(sandbox.control.setAdvancedSecurity("azure-devops", bundled, { secretProtectionEnabled: true })).rejects.toThrow(/bundled SKU/);
    await sandbox.control.setAdvancedSecurity("azure-devops", bundled, { advSecEnabled: true, codeQLEnabled: true, blockPushes: true });
    expect(summary((await connection("contoso-web", access_token).rest.get<RepoEnablement>(repoUrl("contoso-web", "Storefront", "storefront-e2e", "includeAllProperties=true&api-version=7.2-preview.3"))).result)).toBe("1100|11");
    await expect(sandbox.control.setAdvancedSecurity("azure-devops", { organization: "fabrikam-platform", name: "runbooks" }, { blockPushes: true })).rejects.toThrow(/give project/);
  });

  it("adds and removes repositories in a project", async () => {
    const { access_token } = await signIn();
    const web = connection("contoso-web", access_token);
    await sandbox.control.addRepository("azure-devops", { organization: "contoso-web", project: "Mobile", name: "watch-app" });
    const mobile = await (await web.getGitApi()).getRepositories("Mobile");
    expect(mobile.map((r) => r.name)).toContain("watch-app");
    expect(summary((await web.rest.get<RepoEnablement>(repoUrl("contoso-web", "Mobile", "watch-app"))).result)).toBe("0000|00");

    await sandbox.control.removeRepository("azure-devops", { organization: "contoso-web", project: "Storefront", name: "storefront-web" });
    const git = await web.getGitApi();
    expect((await git.getRepositories()).map((r) => r.name)).not.toContain("storefront-web");
    // The library turns a 404 into null.
    expect(await git.getRepository("storefront-web", "Storefront")).toBeNull();
    expect((await web.rest.get(repoUrl("contoso-web", "Storefront", "storefront-web"))).statusCode).toBe(404);
    const org = (await web.rest.get<{ reposEnablementStatus: unknown[] }>(`${advsec()}/contoso-web/_apis/management/enablement?api-version=7.2-preview.3`)).result;
    expect(org?.reposEnablementStatus).toHaveLength(15);

    await expect(sandbox.control.addRepository("azure-devops", { organization: "contoso-web", name: "orphan" })).rejects.toThrow(/give project/);
    await expect(sandbox.control.addRepository("azure-devops", { organization: "contoso-web", project: "Nowhere", name: "x" })).rejects.toThrow(/no project/);
  });

  it("fails one organization (API and Advanced Security host) while the others keep working", async () => {
    const { access_token } = await signIn();
    await sandbox.control.failOrganization("azure-devops", "fabrikam-platform", { status: 503 });
    const fabrikam = connection("fabrikam-platform", access_token);
    const core = await fabrikam.getCoreApi();
    expect((await failure(core.getProjects())).statusCode).toBe(503);
    expect((await failure(fabrikam.rest.get(repoUrl("fabrikam-platform", "Platform Engineering", "platform-core")))).statusCode).toBe(503);
    expect(await (await connection("contoso-web", access_token).getCoreApi()).getProjects()).toHaveLength(5);

    await sandbox.control.failOrganization("azure-devops", "contoso-web", { status: 500, times: 1 });
    const web = await connection("contoso-web", access_token).getGitApi();
    const once = await failure(web.getRepositories());
    expect(once.statusCode).toBe(500);
    expect(once.message).toMatch(/^TF400898: /);
    expect((await web.getRepositories()).length).toBe(15);
    await sandbox.control.failOrganization("azure-devops", "contoso-web", { status: 404, times: 1 });
    const missing = await connection("contoso-web", access_token).rest.get(`${orgUrl("contoso-web")}/_apis/projects?api-version=7.1`);
    expect(missing.statusCode).toBe(404);
  });
});

describe("Azure DevOps extension data: pull request annotation settings (extmgmt.dev.azure.com)", () => {
  const { publisher, extension, collection } = PR_ANNOTATIONS_EXTENSION;
  const SCOPE_TYPE = "Default";
  const SCOPE_VALUE = "Current";
  const repoId = (org: string, project: string, name: string) => stableGuid("azure-devops-repository", org, project, name);
  const documentsUrl = (org: string, query = "api-version=7.2-preview.1") =>
    `${sandbox.azureDevOps.extensionManagementUrl}/${org}/_apis/ExtensionManagement/InstalledExtensions/${publisher}/${extension}/Data/Scopes/Default/Current/Collections/${collection}/Documents?${query}`;

  interface AnnotationsDocument {
    id: string;
    enabled: boolean;
    categories: string[];
    minimumSeverity: string | null;
    __etag: number;
  }

  /** The library's client, found as WebApi finds it: the organization's resource areas name the Extension Management host. */
  async function extensionData(org: string, accessToken: string) {
    const ext = await connection(org, accessToken).getExtensionManagementApi();
    return {
      list: async () => (await ext.getDocumentsByName(publisher, extension, SCOPE_TYPE, SCOPE_VALUE, collection)) as AnnotationsDocument[] | null,
      get: async (id: string) => (await ext.getDocumentByName(publisher, extension, SCOPE_TYPE, SCOPE_VALUE, collection, id)) as AnnotationsDocument | null,
      set: async (doc: Omit<AnnotationsDocument, "__etag"> & { __etag?: number }) => (await ext.setDocumentByName(doc, publisher, extension, SCOPE_TYPE, SCOPE_VALUE, collection)) as AnnotationsDocument | null,
      remove: (id: string) => ext.deleteDocumentByName(publisher, extension, SCOPE_TYPE, SCOPE_VALUE, collection, id),
    };
  }

  it("lists the organization's documents in one request; an organization without any has no collection", async () => {
    const { access_token } = await signIn();
    const contoso = await (await extensionData("contoso-web", access_token)).list();
    expect(contoso).toEqual(
      [
        { id: repoId("contoso-web", "Storefront", "storefront-web"), enabled: true, categories: ["SECRETS", "IAC"], minimumSeverity: "MEDIUM", __etag: 1 },
        { id: repoId("contoso-web", "Storefront", "checkout-api"), enabled: true, categories: ["CODE", "SECRETS", "DEPENDENCY"], minimumSeverity: "HIGH", __etag: 1 },
        { id: repoId("contoso-web", "Identity", "identity-service"), enabled: false, categories: [], minimumSeverity: null, __etag: 2 },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    // 404 DocumentCollectionDoesNotExistException, which the library answers as null.
    expect(await (await extensionData("fabrikam-platform", access_token)).list()).toBeNull();
    const raw = await connection("fabrikam-platform", access_token).rest.get(documentsUrl("fabrikam-platform"));
    expect(raw.statusCode).toBe(404);
    const body = await fetch(documentsUrl("fabrikam-platform"), { headers: { authorization: `Bearer ${access_token}` } });
    expect(((await body.json()) as { typeKey: string }).typeKey).toBe("DocumentCollectionDoesNotExistException");
  });

  it("sets, versions and deletes a repository's document; the control reports what was written and by whom", async () => {
    const { access_token } = await signIn();
    const data = await extensionData("fabrikam-platform", access_token);
    const id = repoId("fabrikam-platform", "Platform Engineering", "terraform-modules");
    const first = await data.set({ id, enabled: true, categories: ["IAC", "SECRETS"], minimumSeverity: "LOW" });
    expect(first).toEqual({ id, enabled: true, categories: ["IAC", "SECRETS"], minimumSeverity: "LOW", __etag: 1 });
    expect(await data.list()).toEqual([first]);
    expect(await data.get(id.toUpperCase())).toEqual(first);

    const report = await sandbox.control.pullRequestAnnotations("fabrikam-platform");
    expect(report.documents).toEqual([
      { repository: { id, project: "Platform Engineering", name: "terraform-modules" }, document: first, writtenBy: AZURE_DEVOPS_USERS.admin, writtenAt: expect.any(String) },
    ]);

    // With the stored __etag the write goes through; with an older one it is refused; -1 overwrites.
    const second = await data.set({ ...first!, enabled: false, categories: [], minimumSeverity: null });
    expect(second?.__etag).toBe(2);
    const stale = await failure(data.set({ ...first! }));
    expect(stale.statusCode).toBe(409);
    expect(stale.message).toMatch(/has version 2, not 1/);
    expect((await data.set({ ...first!, __etag: -1 }))?.__etag).toBe(3);

    await data.remove(id);
    expect(await data.list()).toBeNull();
    expect(await data.get(id)).toBeNull();
    expect((await sandbox.control.pullRequestAnnotations("fabrikam-platform")).documents).toEqual([]);
  });

  it("lets members read and only Project Collection Administrators write", async () => {
    const member = await signIn({ login: AZURE_DEVOPS_USERS.member });
    const data = await extensionData("contoso-web", member.access_token);
    expect(await data.list()).toHaveLength(3);
    const id = repoId("contoso-web", "Storefront", "storefront-web");
    const refused = await failure(data.set({ id, enabled: false, categories: [], minimumSeverity: null }));
    expect(refused.statusCode).toBe(403);
    expect(refused.message).toMatch(/needs to be a Project Collection Administrator of 'contoso-web'/);
    expect((await failure(data.remove(id))).statusCode).toBe(403);
    expect((await data.get(id))?.enabled).toBe(true);
  });

  it("refuses documents that are not annotation settings, unknown repositories, other extensions and versions without -preview", async () => {
    const { access_token } = await signIn();
    const data = await extensionData("contoso-web", access_token);
    const id = repoId("contoso-web", "Mobile", "mobile-app-ios");
    const empty = await failure(data.set({ id, enabled: true, categories: [], minimumSeverity: "HIGH" }));
    expect(empty.statusCode).toBe(400);
    expect(empty.message).toMatch(/needs at least one category/);
    expect((await failure(data.set({ id, enabled: true, categories: ["CONTAINER"], minimumSeverity: "HIGH" }))).statusCode).toBe(400);
    // The library answers a 404 with null, also on PUT.
    expect(await data.set({ id: stableGuid("nothing"), enabled: false, categories: [], minimumSeverity: null })).toBeNull();
    const rest = connection("contoso-web", access_token).rest;
    const unknownRepository = await rest.replace(documentsUrl("contoso-web"), { id: stableGuid("nothing"), enabled: false, categories: [], minimumSeverity: null });
    expect(unknownRepository.statusCode).toBe(404);

    const other = await fetch(documentsUrl("contoso-web").replace(extension, "ops-tools"), { headers: { authorization: `Bearer ${access_token}` } });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { typeKey: string }).typeKey).toBe("InstalledExtensionNotFoundException");
    const released = await fetch(documentsUrl("contoso-web", "api-version=7.1"), { headers: { authorization: `Bearer ${access_token}` } });
    expect(released.status).toBe(400);
    expect(await fetch(documentsUrl("contoso-web"))).toHaveProperty("status", 401);
    const policy = await fetch(documentsUrl("woodgrove-bank"), { headers: { authorization: `Bearer ${access_token}` } });
    expect(policy.status).toBe(401);
    expect((await sandbox.control.pullRequestAnnotations("contoso-web")).documents).toHaveLength(3);
  });

  it("fails with its organization, and keeps documents with their repository", async () => {
    const { access_token } = await signIn();
    await sandbox.control.failOrganization("azure-devops", "contoso-web", { status: 503, times: 1 });
    const data = await extensionData("contoso-web", access_token);
    expect((await failure(data.list())).statusCode).toBe(503);
    expect(await data.list()).toHaveLength(3);
    // A removed repository takes its document with it.
    await sandbox.control.removeRepository("azure-devops", { organization: "contoso-web", project: "Storefront", name: "checkout-api" });
    expect((await data.list())?.map((d) => d.id)).not.toContain(repoId("contoso-web", "Storefront", "checkout-api"));
    await expect(sandbox.control.pullRequestAnnotations("nowhere")).rejects.toThrow(/no organization "nowhere"/);
  });
});

describe("Azure DevOps posture: policies, pipelines and protected resources", () => {
  const projectUrl = (org: string, project: string) => `${orgUrl(org)}/${encodeURIComponent(project)}/_apis`;
  type List<T> = { count: number; value: T[] };
  type Policy = { id: number; isEnabled: boolean; isBlocking: boolean; type: { id: string; displayName: string }; settings: { minimumApproverCount?: number; creatorVoteCounts?: boolean; scope: { repositoryId: string | null; refName?: string; matchKind: string }[] } };
  type Definition = { id: number; name: string; triggers?: { triggerType: string; forks?: { enabled: boolean; allowSecrets: boolean } }[]; repository?: { type: string; name: string } };
  type Permissions = { resource: { type: string; id: string; name?: string }; pipelines: { id: number; authorized: boolean }[]; allPipelines?: { authorized: boolean } };
  const MINIMUM_REVIEWERS = "fa4e907d-c16b-4a4c-9dfa-4906e5d171dd";
  const repositoryId = (org: string, project: string, name: string) => stableGuid("azure-devops-repository", org, project, name);

  async function get<T>(web: WebApi, url: string) {
    const response = await web.rest.get<T>(url);
    return { status: response.statusCode, body: response.result as T, headers: response.headers as Record<string, string | undefined> };
  }

  it("lists a project's policy configurations with their scopes, filtered by type and paged with continuation tokens", async () => {
    const web = connection("contoso-web", (await signIn()).access_token);
    const all = await get<List<Policy>>(web, `${projectUrl("contoso-web", "Storefront")}/policy/configurations?api-version=7.1`);
    expect(all.status).toBe(200);
    expect(all.body.value.map((p) => p.type.displayName)).toEqual([
      "Minimum number of reviewers",
      "Minimum number of reviewers",
      "Minimum number of reviewers",
      "Minimum number of reviewers",
      "Comment requirements",
      "Build",
    ]);
    const storefront = all.body.value[0]!;
    expect(storefront).toMatchObject({
      isEnabled: true,
      isBlocking: true,
      type: { id: MINIMUM_REVIEWERS },
      settings: { minimumApproverCount: 2, creatorVoteCounts: false, scope: [{ repositoryId: repositoryId("contoso-web", "Storefront", "storefront-web"), refName: "refs/heads/main", matchKind: "Exact" }] },
    });
    expect(all.body.value.slice(2, 4).map((p) => [p.isEnabled, p.isBlocking])).toEqual([
      [false, true],
      [true, false],
    ]);
    // Project-wide policies: every repository's main, every repository's default branch.
    const identity = await get<List<Policy>>(web, `${projectUrl("contoso-web", "Identity")}/policy/configurations?api-version=7.1`);
    expect(identity.body.value[0]!.settings.scope).toEqual([{ repositoryId: null, refName: "refs/heads/main", matchKind: "Exact" }]);
    const mobile = await get<List<Policy>>(web, `${projectUrl("contoso-web", "Mobile")}/policy/configurations?api-version=7.1`);
    expect(mobile.body.value[0]!.settings.scope).toEqual([{ repositoryId: null, matchKind: "DefaultBranch" }]);

    const typed = await get<List<Policy>>(web, `${projectUrl("contoso-web", "Storefront")}/policy/configurations?policyType=${MINIMUM_REVIEWERS}&api-version=7.1`);
    expect(typed.body.count).toBe(4);
    const first = await get<List<Policy>>(web, `${projectUrl("contoso-web", "Storefront")}/policy/configurations?$top=4&api-version=7.1`);
    expect(first.body.count).toBe(4);
    const token = first.headers["x-ms-continuationtoken"];
    expect(token).toBeTruthy();
    const rest = await get<List<Policy>>(web, `${projectUrl("contoso-web", "Storefront")}/policy/configurations?$top=4&continuationToken=${token}&api-version=7.1`);
    expect(rest.body.value.map((p) => p.id)).toEqual([5, 6]);
    expect(rest.headers["x-ms-continuationtoken"]).toBeUndefined();
    // An unknown project, as every project-scoped call (the REST client answers a 404 with a null result).
    expect(await web.rest.get(`${projectUrl("contoso-web", "Nowhere")}/policy/configurations?api-version=7.1`)).toMatchObject({ statusCode: 404, result: null });
  });

  it("lists build definitions, with the pull request trigger's fork settings when all properties are asked for", async () => {
    const web = connection("contoso-web", (await signIn()).access_token);
    const full = await get<List<Definition>>(web, `${projectUrl("contoso-web", "Open Source")}/build/definitions?includeAllProperties=true&api-version=7.1`);
    expect(full.body.value.map((d) => [d.name, d.repository?.type, d.triggers?.[0]?.triggerType, d.triggers?.[0]?.forks])).toEqual([
      ["eslint-config PR validation", "GitHub", "pullRequest", { enabled: true, allowSecrets: false, allowFullAccessToken: false }],
      ["marketing-site PR validation", "GitHub", "pullRequest", { enabled: true, allowSecrets: true, allowFullAccessToken: false }],
    ]);
    const storefront = await get<List<Definition>>(web, `${projectUrl("contoso-web", "Storefront")}/build/definitions?includeAllProperties=true&api-version=7.1`);
    expect(storefront.body.value.map((d) => [d.name, d.repository?.type, d.triggers])).toEqual([
      ["checkout-api CI", "TfsGit", []],
      ["storefront-web CI", "TfsGit", []],
    ]);
    // References only without includeAllProperties.
    const references = await get<List<Definition>>(web, `${projectUrl("contoso-web", "Open Source")}/build/definitions?api-version=7.1`);
    expect(references.body.value.every((d) => d.triggers === undefined && d.repository === undefined)).toBe(true);
  });

  it("lists service connections, variable groups (secret values left out) and secure files (a preview API)", async () => {
    const web = connection("contoso-web", (await signIn()).access_token);
    const endpoints = await get<List<{ id: string; name: string; type: string; authorization: { scheme: string; parameters: object } }>>(web, `${projectUrl("contoso-web", "Storefront")}/serviceendpoint/endpoints?api-version=7.1`);
    expect(endpoints.body.value.map((e) => [e.name, e.type, e.authorization])).toEqual([
      ["contoso-acr", "dockerregistry", { scheme: "UsernamePassword", parameters: {} }],
      ["contoso-prod-azure", "azurerm", { scheme: "WorkloadIdentityFederation", parameters: {} }],
    ]);
    const groups = await get<List<{ id: number; name: string; variables: Record<string, { value?: string; isSecret?: boolean }> }>>(
      web,
      `${projectUrl("contoso-web", "Storefront")}/distributedtask/variablegroups?api-version=7.1`,
    );
    expect(groups.body.value[0]).toMatchObject({ id: 1, name: "storefront-secrets", variables: { STRIPE_API_KEY: { isSecret: true }, SENTRY_DSN: { value: "https://sentry.contoso.example/12" } } });
    expect(JSON.stringify(groups.body)).not.toContain("sk_live_sandbox");
    const files = await get<List<{ name: string }>>(web, `${projectUrl("contoso-web", "Mobile")}/distributedtask/securefiles?api-version=7.1-preview.1`);
    expect(files.body.value.map((f) => f.name)).toEqual(["android-upload.jks", "ios-distribution.p12"]);
    await expect(web.rest.get(`${projectUrl("contoso-web", "Mobile")}/distributedtask/securefiles?api-version=7.1`)).rejects.toMatchObject({ statusCode: 400 });
  });

  it("answers pipeline permissions to Project Collection Administrators: open to all pipelines, or the pipelines authorized", async () => {
    const web = connection("contoso-web", (await signIn()).access_token);
    const permissions = (project: string, type: string, id: string | number, version = "7.1-preview.1") =>
      get<Permissions>(web, `${projectUrl("contoso-web", project)}/pipelines/pipelinePermissions/${type}/${id}?api-version=${version}`);
    const endpoint = (name: string) => stableGuid("azure-devops-service-connection", "contoso-web", "Storefront", name);

    const open = await permissions("Storefront", "endpoint", endpoint("contoso-prod-azure"));
    expect(open.body).toMatchObject({ resource: { type: "endpoint", id: endpoint("contoso-prod-azure"), name: "contoso-prod-azure" }, pipelines: [], allPipelines: { authorized: true } });
    const restricted = await permissions("Storefront", "endpoint", endpoint("contoso-acr"));
    expect(restricted.body.allPipelines).toBeUndefined();
    expect(restricted.body.pipelines.map((p) => [p.id, p.authorized])).toEqual([
      [1, true],
      [2, true],
    ]);
    expect((await permissions("Storefront", "variablegroup", 1)).body.allPipelines).toEqual(expect.objectContaining({ authorized: true }));
    expect((await permissions("Storefront", "variablegroup", 2)).body.allPipelines).toBeUndefined();
    const ios = stableGuid("azure-devops-secure-file", "contoso-web", "Mobile", "ios-distribution.p12");
    expect((await permissions("Mobile", "securefile", ios)).body.allPipelines?.authorized).toBe(true);
    // Nothing set on it: no authorization at all.
    expect((await permissions("Storefront", "queue", 9)).body).toEqual({ resource: { type: "queue", id: "9" }, pipelines: [] });
    await expect(web.rest.get(`${projectUrl("contoso-web", "Storefront")}/pipelines/pipelinePermissions/teapot/1?api-version=7.1-preview.1`)).rejects.toMatchObject({ statusCode: 400 });
    await expect(permissions("Storefront", "variablegroup", 1, "7.1")).rejects.toMatchObject({ statusCode: 400 });

    // A member who is not a Project Collection Administrator is refused.
    const member = connection("contoso-web", (await signIn({ login: AZURE_DEVOPS_USERS.member })).access_token);
    await expect(member.rest.get(`${projectUrl("contoso-web", "Storefront")}/pipelines/pipelinePermissions/variablegroup/1?api-version=7.1-preview.1`)).rejects.toMatchObject({ statusCode: 403 });
    // …but lists the resources themselves.
    expect((await member.rest.get<List<unknown>>(`${projectUrl("contoso-web", "Storefront")}/distributedtask/variablegroups?api-version=7.1`)).result?.count).toBe(3);
  });

  it("changes policies, pipelines and resources with setPosture, creates the ones asked for, and removes them", async () => {
    const web = connection("contoso-web", (await signIn()).access_token);
    const set = sandbox.control.setPosture;
    const policies = async (project: string) => (await get<List<Policy>>(web, `${projectUrl("contoso-web", project)}/policy/configurations?policyType=${MINIMUM_REVIEWERS}&api-version=7.1`)).body.value;

    // A repository's own policy: created (requestors' votes not counting), changed, removed.
    await set("azure-devops", { organization: "contoso-web", project: "Storefront", name: "storefront-e2e" }, { requiredApprovals: 2 });
    const created = (await policies("Storefront")).find((p) => p.settings.scope[0]?.repositoryId === repositoryId("contoso-web", "Storefront", "storefront-e2e"));
    expect(created).toMatchObject({ id: 11, isEnabled: true, isBlocking: true, settings: { minimumApproverCount: 2, creatorVoteCounts: false, scope: [{ refName: "refs/heads/main", matchKind: "Exact" }] } });
    await set("azure-devops", { organization: "contoso-web", project: "Storefront", name: "storefront-e2e" }, { authorsCanApprove: true });
    expect((await policies("Storefront")).find((p) => p.id === 11)?.settings.creatorVoteCounts).toBe(true);
    await set("azure-devops", { organization: "contoso-web", project: "Storefront", name: "storefront-e2e" }, { requiredApprovals: 0 });
    expect((await policies("Storefront")).map((p) => p.id)).not.toContain(11);
    await expect(set("azure-devops", { organization: "contoso-web", project: "Storefront", name: "storefront-e2e" }, { authorsCanApprove: true })).rejects.toThrow(/give requiredApprovals too/);
    await expect(set("azure-devops", { organization: "fabrikam-platform", project: "Site Reliability", name: "incident-bot" }, { requiredApprovals: 1 })).rejects.toThrow(/no default branch/);

    // Pipelines: fork secrets need fork builds, which need the pull request trigger.
    await set("azure-devops", { organization: "contoso-web", project: "Open Source", resource: "pipeline", name: "marketing-site PR validation" }, { forkSecrets: false });
    await set("azure-devops", { organization: "contoso-web", project: "Open Source", resource: "pipeline", name: "docs PR validation" }, { pullRequestTrigger: true, forkBuilds: true, forkSecrets: true });
    const definitions = (await get<List<Definition>>(web, `${projectUrl("contoso-web", "Open Source")}/build/definitions?includeAllProperties=true&api-version=7.1`)).body.value;
    expect(definitions.map((d) => [d.name, d.id, d.triggers?.[0]?.forks?.allowSecrets])).toEqual([
      ["docs PR validation", 8, true],
      ["eslint-config PR validation", 7, false],
      ["marketing-site PR validation", 6, false],
    ]);
    await expect(set("azure-devops", { organization: "contoso-web", project: "Open Source", resource: "pipeline", name: "docs PR validation" }, { forkBuilds: false, forkSecrets: true })).rejects.toThrow(
      /forkSecrets cannot be on while forkBuilds is off/,
    );
    await expect(set("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "pipeline", name: "storefront-web CI" }, { pullRequestTrigger: true })).rejects.toThrow(/branch policies/);

    // Protected resources: opened, closed, created; a variable group's secrets.
    await set("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "service-connection", name: "contoso-prod-azure" }, { openToAllPipelines: false });
    await set("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "variable-group", name: "storefront-settings" }, { hasSecrets: true });
    await set("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "secure-file", name: "signing.pfx" }, { openToAllPipelines: true });
    const endpoint = stableGuid("azure-devops-service-connection", "contoso-web", "Storefront", "contoso-prod-azure");
    expect((await get<Permissions>(web, `${projectUrl("contoso-web", "Storefront")}/pipelines/pipelinePermissions/endpoint/${endpoint}?api-version=7.1-preview.1`)).body.allPipelines).toBeUndefined();
    const groups = (await get<List<{ name: string; variables: Record<string, { isSecret?: boolean }> }>>(web, `${projectUrl("contoso-web", "Storefront")}/distributedtask/variablegroups?api-version=7.1`)).body.value;
    expect(groups.find((g) => g.name === "storefront-settings")?.variables.API_KEY).toEqual({ isSecret: true });
    const file = stableGuid("azure-devops-secure-file", "contoso-web", "Storefront", "signing.pfx");
    expect((await get<Permissions>(web, `${projectUrl("contoso-web", "Storefront")}/pipelines/pipelinePermissions/securefile/${file}?api-version=7.1-preview.1`)).body.allPipelines?.authorized).toBe(true);
    await expect(set("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "secure-file", name: "signing.pfx" }, { hasSecrets: true })).rejects.toThrow(/not a setting of azure-devops secure-file/);

    await sandbox.control.removePostureResource("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "pipeline", name: "checkout-api CI" });
    const acr = stableGuid("azure-devops-service-connection", "contoso-web", "Storefront", "contoso-acr");
    expect((await get<Permissions>(web, `${projectUrl("contoso-web", "Storefront")}/pipelines/pipelinePermissions/endpoint/${acr}?api-version=7.1-preview.1`)).body.pipelines.map((p) => p.id)).toEqual([1]);
    await sandbox.control.removePostureResource("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "secure-file", name: "signing.pfx" });
    expect((await get<List<unknown>>(web, `${projectUrl("contoso-web", "Storefront")}/distributedtask/securefiles?api-version=7.1-preview.1`)).body.count).toBe(0);
    await expect(sandbox.control.removePostureResource("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "secure-file", name: "signing.pfx" })).rejects.toThrow(/no secure-file/);
    await expect(sandbox.control.removePostureResource("github", { organization: "contoso-web", name: "x" })).rejects.toThrow();
  });
});
