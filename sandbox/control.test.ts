import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AZURE_DEVOPS_RESOURCE, AZURE_DEVOPS_USERS, connectSandboxControl, GITHUB_USERS, GITLAB_USERS, SandboxControlError, startScmSandbox, type Provider, type ScmSandbox } from "./index";
import { sha256Hex } from "./tokens";
import { authorize, pkce, postForm } from "./test-support";

const REDIRECT_URI = "http://127.0.0.1:4000/callback";

/** The authorization-code flow of each provider, with its endpoints and parameters. */
function flow(sandbox: ScmSandbox, provider: Provider) {
  if (provider === "github") {
    return {
      authorize: `${sandbox.github.webUrl}/login/oauth/authorize`,
      token: `${sandbox.github.webUrl}/login/oauth/access_token`,
      client: { client_id: sandbox.github.clientId, client_secret: sandbox.github.clientSecret },
      scope: "repo read:org",
      api: `${sandbox.github.apiUrl}/user`,
    };
  }
  if (provider === "gitlab") {
    return {
      authorize: `${sandbox.gitlab.url}/oauth/authorize`,
      token: `${sandbox.gitlab.url}/oauth/token`,
      client: { client_id: sandbox.gitlab.clientId, client_secret: sandbox.gitlab.clientSecret },
      scope: "api read_user",
      api: `${sandbox.gitlab.url}/api/v4/user`,
    };
  }
  const entra = `${sandbox.azureDevOps.entraUrl}/${sandbox.azureDevOps.tenantId}/oauth2/v2.0`;
  return {
    authorize: `${entra}/authorize`,
    token: `${entra}/token`,
    client: { client_id: sandbox.azureDevOps.clientId, client_secret: sandbox.azureDevOps.clientSecret },
    scope: `${AZURE_DEVOPS_RESOURCE}/.default offline_access`,
    api: `${sandbox.azureDevOps.organizationsUrl}/contoso-web/_apis/projects?api-version=7.1`,
  };
}

async function signIn(sandbox: ScmSandbox, provider: Provider): Promise<{ access_token: string; refresh_token: string }> {
  const f = flow(sandbox, provider);
  const { verifier, challenge } = pkce();
  const back = await authorize(f.authorize, {
    client_id: f.client.client_id,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: f.scope,
    state: "s",
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const response = await postForm(
    f.token,
    { ...f.client, grant_type: "authorization_code", code: back.searchParams.get("code") ?? "", redirect_uri: REDIRECT_URI, code_verifier: verifier },
    { accept: "application/json" },
  );
  return (await response.json()) as { access_token: string; refresh_token: string };
}

async function refresh(sandbox: ScmSandbox, provider: Provider, refreshToken: string): Promise<{ access_token: string; refresh_token: string }> {
  const f = flow(sandbox, provider);
  const response = await postForm(f.token, { ...f.client, grant_type: "refresh_token", refresh_token: refreshToken }, { accept: "application/json" });
  return (await response.json()) as { access_token: string; refresh_token: string };
}

const call = (sandbox: ScmSandbox, provider: Provider, accessToken: string) => fetch(flow(sandbox, provider).api, { headers: { authorization: `Bearer ${accessToken}` } });

const PROVIDERS: Provider[] = ["github", "gitlab", "azure-devops"];

describe("short-lived access tokens (accessTokenSeconds)", () => {
  const LIFETIME_SECONDS = 2;
  let sandbox: ScmSandbox;
  beforeAll(async () => {
    sandbox = await startScmSandbox({ accessTokenSeconds: LIFETIME_SECONDS });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("expire, answer 401 the provider's way, and refresh into working tokens", async () => {
    const tokens: { access_token: string; refresh_token: string }[] = [];
    for (const provider of PROVIDERS) {
      const t = await signIn(sandbox, provider);
      tokens.push(t);
      expect((await call(sandbox, provider, t.access_token)).status).toBe(200);
    }
    const lastExpiry = Math.max(...(await sandbox.control.issuedTokens()).tokens.map((t) => Date.parse(t.accessTokenExpiresAt)));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastExpiry - Date.now()) + 50));

    const expired = await Promise.all(PROVIDERS.map((p, i) => call(sandbox, p, tokens[i]?.access_token ?? "")));
    expect(expired.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(await expired[0]?.json()).toMatchObject({ message: "Bad credentials" });
    expect(await expired[1]?.json()).toMatchObject({ error: "invalid_token", error_description: expect.stringMatching(/^Token is expired/) });
    expect(expired[1]?.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    expect(((await expired[2]?.json()) as { message: string }).message).toMatch(/^TF400813: /);

    const report = await sandbox.control.issuedTokens();
    expect(report.tokens.map((t) => t.accessTokenStatus)).toEqual(["expired", "expired", "expired"]);
    expect(report.tokens.map((t) => t.accessTokenSha256)).toEqual(tokens.map((t) => sha256Hex(t.access_token)));

    for (const [i, provider] of PROVIDERS.entries()) {
      const renewed = await refresh(sandbox, provider, tokens[i]?.refresh_token ?? "");
      expect((await call(sandbox, provider, renewed.access_token)).status).toBe(200);
    }
    expect((await sandbox.control.issuedTokens()).tokens.filter((t) => t.grantType === "refresh_token")).toHaveLength(3);
  });
});

describe("test controls over HTTP", () => {
  let sandbox: ScmSandbox;
  beforeAll(async () => {
    sandbox = await startScmSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("offers the same controls to another process, validated", async () => {
    const remote = connectSandboxControl(sandbox.url);
    await remote.reset();
    await remote.addOrganization("github", { name: "wingtip-toys", repositories: ["wingtip-web"] });
    const { access_token } = await signIn(sandbox, "github");
    const repos = await fetch(`${sandbox.github.apiUrl}/orgs/wingtip-toys/repos`, { headers: { authorization: `token ${access_token}` } });
    expect(((await repos.json()) as { name: string }[]).map((r) => r.name)).toEqual(["wingtip-web"]);

    const report = await remote.issuedTokens();
    expect(report.tokens).toHaveLength(1);
    expect(report.lastAuthorizationRequest.github?.redirectUri).toBe(REDIRECT_URI);
    expect(report.lastAuthorizationRequest.gitlab).toBeNull();

    await remote.failNext("gitlab", { status: 500 });
    const glTokens = await signIn(sandbox, "gitlab");
    // failNext("gitlab") touches GitLab's API only: GitHub and the OAuth endpoints are unaffected.
    expect((await call(sandbox, "github", access_token)).status).toBe(200);
    expect((await call(sandbox, "gitlab", glTokens.access_token)).status).toBe(500);
    expect((await call(sandbox, "gitlab", glTokens.access_token)).status).toBe(200);

    await remote.revokeTokens("github", GITHUB_USERS.admin);
    expect((await call(sandbox, "github", access_token)).status).toBe(401);
    await remote.rateLimit("gitlab", GITLAB_USERS.admin, { requests: 1, retryAfterSeconds: 5 });
    expect((await call(sandbox, "gitlab", glTokens.access_token)).status).toBe(429);

    await expect(remote.revokeTokens("azure-devops", "nobody@contoso.example")).rejects.toThrow(SandboxControlError);
    await expect(remote.revokeTokens("azure-devops", "nobody@contoso.example")).rejects.toThrow(/has no user/);
    await expect(remote.addOrganization("github", { name: "contoso-web", repositories: [] })).rejects.toThrow(/already has/);
    await expect(remote.failNext("github", { status: 200 })).rejects.toThrow(/status/);
    await expect(sandbox.control.rateLimit("azure-devops", AZURE_DEVOPS_USERS.admin, { requests: 0, retryAfterSeconds: 1 })).rejects.toThrow(SandboxControlError);

    const notJson = await fetch(`${sandbox.url}/_sandbox/reset`, { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);

    await remote.reset();
    const after = await remote.issuedTokens();
    expect(after.tokens).toHaveLength(0);
    expect(after.lastAuthorizationRequest.github).toBeNull();
    const gone = await fetch(`${sandbox.github.apiUrl}/orgs/wingtip-toys`, { headers: { authorization: `token ${(await signIn(sandbox, "github")).access_token}` } });
    expect(gone.status).toBe(404);
  });

  it("adds and removes repositories, fails organizations and switches advanced security from another process, validated", async () => {
    const remote = connectSandboxControl(sandbox.url);
    await remote.reset();
    const { access_token } = await signIn(sandbox, "github");
    const get = (path: string) => fetch(`${sandbox.github.apiUrl}${path}`, { headers: { authorization: `token ${access_token}` } });

    await remote.addRepository("github", { organization: "fabrikam-platform", name: "golden-path", private: false });
    expect(((await (await get("/repos/fabrikam-platform/golden-path")).json()) as { visibility: string }).visibility).toBe("public");
    await remote.setAdvancedSecurity("github", { organization: "fabrikam-platform", name: "golden-path" }, { dependabotAlerts: true });
    expect((await get("/repos/fabrikam-platform/golden-path/vulnerability-alerts")).status).toBe(204);
    await remote.removeRepository("github", { organization: "fabrikam-platform", name: "golden-path" });
    expect((await get("/repos/fabrikam-platform/golden-path")).status).toBe(404);

    await remote.failOrganization("github", "northwind-data", { status: 502, times: 2 });
    expect((await get("/orgs/northwind-data/repos")).status).toBe(502);
    expect((await get("/orgs/contoso-web/repos")).status).toBe(200);
    expect((await get("/repos/northwind-data/spark-jobs")).status).toBe(502);
    expect((await get("/orgs/northwind-data/repos")).status).toBe(200);

    await remote.setAdvancedSecurity("azure-devops", { organization: "contoso-web", project: "Open Source", name: "eslint-config" }, { advSecEnabled: true });
    await remote.addRepository("azure-devops", { organization: "contoso-web", project: "Open Source", name: "style-guide" });
    const annotations = await remote.pullRequestAnnotations("contoso-web");
    expect(annotations.documents.map((d) => `${d.repository.project}/${d.repository.name}:${d.document.enabled}`).sort()).toEqual([
      "Identity/identity-service:false",
      "Storefront/checkout-api:true",
      "Storefront/storefront-web:true",
    ]);
    await expect(remote.pullRequestAnnotations("Contoso Web")).rejects.toThrow(/organization/);

    // Validation: the same zod schemas as the HTTP bodies.
    await expect(remote.setAdvancedSecurity("github", { organization: "contoso-web", name: "storefront-web" }, { codeQL: true } as never)).rejects.toThrow(/settings: .*codeQL/);
    await expect(remote.setAdvancedSecurity("azure-devops", { organization: "contoso-web", project: "Storefront", name: "storefront-web" }, { codeScanning: true } as never)).rejects.toThrow(SandboxControlError);
    await expect(remote.failOrganization("gitlab", "contoso-web", { status: 302 })).rejects.toThrow(/status/);
    await expect(remote.failOrganization("azure-devops", "nowhere", { status: 503 })).rejects.toThrow(/no organization "nowhere"/);
    await expect(remote.addRepository("github", { organization: "contoso-web", name: "bad name" })).rejects.toThrow(/name/);
    await expect(remote.addRepository("azure-devops", { organization: "contoso-web", project: "Open Source", name: "style-guide" })).rejects.toThrow(/already has/);
    const raw = await fetch(`${sandbox.url}/_sandbox/set-advanced-security`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "bitbucket" }) });
    expect(raw.status).toBe(400);

    // reset() undoes all of it.
    await remote.reset();
    const again = await signIn(sandbox, "github");
    const after = await fetch(`${sandbox.github.apiUrl}/orgs/northwind-data/repos?per_page=100`, { headers: { authorization: `token ${again.access_token}` } });
    expect(((await after.json()) as unknown[]).length).toBe(8);
  });

  it("changes posture settings and fails chosen paths of an organization from another process, validated", async () => {
    const remote = connectSandboxControl(sandbox.url);
    await remote.reset();
    const { access_token } = await signIn(sandbox, "github");
    const get = (path: string) => fetch(`${sandbox.github.apiUrl}${path}`, { headers: { authorization: `token ${access_token}` } });

    await remote.setPosture("github", { organization: "contoso-web", name: "load-tests" }, { branchProtection: { requiredApprovals: 1, allowForcePushes: false }, selfHostedRunners: 0 });
    const rule = (await (await get("/repos/contoso-web/load-tests/branches/main/protection")).json()) as { required_pull_request_reviews?: { required_approving_review_count: number } };
    expect(rule.required_pull_request_reviews?.required_approving_review_count).toBe(1);
    expect(((await (await get("/repos/contoso-web/load-tests/actions/runners")).json()) as { total_count: number }).total_count).toBe(0);
    await remote.setPosture("github", { organization: "fabrikam-platform" }, { workflowPermissions: "read" });
    expect(((await (await get("/orgs/fabrikam-platform/actions/permissions/workflow")).json()) as { default_workflow_permissions: string }).default_workflow_permissions).toBe("read");
    await remote.setPosture("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "variable-group", name: "release-keys" }, { hasSecrets: true, openToAllPipelines: true });
    await remote.removePostureResource("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "variable-group", name: "release-keys" });

    // Only the workflow permissions of contoso-web fail; its repositories and the other organizations answer.
    await remote.failOrganization("github", "contoso-web", { status: 503, path: "/actions/permissions/workflow" });
    expect((await get("/orgs/contoso-web/actions/permissions/workflow")).status).toBe(503);
    expect((await get("/orgs/contoso-web/repos")).status).toBe(200);
    expect((await get("/orgs/fabrikam-platform/actions/permissions/workflow")).status).toBe(200);

    // Validation: the same zod schemas as the HTTP bodies, then the target's own settings.
    await expect(remote.setPosture("github", { organization: "contoso-web", name: "load-tests" }, { branchProtection: { requiredApprovals: -1 } })).rejects.toThrow(/requiredApprovals/);
    await expect(remote.setPosture("github", { organization: "contoso-web" }, { basePermission: "owner" } as never)).rejects.toThrow(/basePermission/);
    await expect(remote.setPosture("gitlab", { organization: "contoso-web", name: "design-system" }, { forkSecrets: true } as never)).rejects.toThrow(/forkSecrets/);
    await expect(remote.setPosture("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "vault" as never, name: "x" }, { openToAllPipelines: true })).rejects.toThrow(/resource/);
    await expect(remote.setPosture("azure-devops", { organization: "contoso-web", resource: "pipeline", name: "x" }, { pullRequestTrigger: true })).rejects.toThrow(/named by project and name/);
    await expect(remote.setPosture("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "pipeline", name: "x" }, { openToAllPipelines: true })).rejects.toThrow(/not a setting of azure-devops pipeline/);
    await expect(remote.setPosture("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "service-connection", name: "a/b" }, { openToAllPipelines: true })).rejects.toThrow(/name/);
    await expect(remote.removePostureResource("azure-devops", { organization: "contoso-web", project: "Storefront", resource: "pipeline", name: "no such pipeline" })).rejects.toThrow(/no pipeline/);
    await expect(remote.failOrganization("github", "contoso-web", { status: 503, path: "" })).rejects.toThrow(/path/);
    const raw = await fetch(`${sandbox.url}/_sandbox/set-posture`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "github", organization: "contoso-web", settings: { basePermission: "read", extra: 1 } }) });
    expect(raw.status).toBe(400);

    await remote.reset();
    const again = await signIn(sandbox, "github");
    const workflow = await fetch(`${sandbox.github.apiUrl}/orgs/fabrikam-platform/actions/permissions/workflow`, { headers: { authorization: `token ${again.access_token}` } });
    expect(((await workflow.json()) as { default_workflow_permissions: string }).default_workflow_permissions).toBe("write");
  });
});
