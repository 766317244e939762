import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GITHUB_USERS, startScmSandbox, type GitHubAdvancedSecuritySettings, type ScmSandbox } from "./index";
import { authorize, openConsentPage, pkce, postForm, submitConsent } from "./test-support";

const REDIRECT_URI = "http://127.0.0.1:3000/api/connectors/callback/github";

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

interface GitHubTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  refresh_token_expires_in: number;
  scope: string;
  token_type: string;
}

function authorizeUrl() {
  return `${sandbox.github.webUrl}/login/oauth/authorize`;
}

function tokenUrl() {
  return `${sandbox.github.webUrl}/login/oauth/access_token`;
}

async function exchange(parameters: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await postForm(tokenUrl(), { client_id: sandbox.github.clientId, client_secret: sandbox.github.clientSecret, ...parameters }, { accept: "application/json" });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function codeFor(login: string = GITHUB_USERS.admin, scope = "repo read:org security_events") {
  const { verifier, challenge } = pkce();
  const state = `state-${Math.random()}`;
  const back = await authorize(authorizeUrl(), { client_id: sandbox.github.clientId, redirect_uri: REDIRECT_URI, scope, state, code_challenge: challenge, code_challenge_method: "S256" }, { login });
  expect(back.searchParams.get("state")).toBe(state);
  return { code: back.searchParams.get("code") ?? "", verifier };
}

async function signIn(login: string = GITHUB_USERS.admin): Promise<GitHubTokens> {
  const { code, verifier } = await codeFor(login);
  return (await exchange({ code, redirect_uri: REDIRECT_URI, code_verifier: verifier })) as unknown as GitHubTokens;
}

function octokit(token: string) {
  return new Octokit({ auth: token, baseUrl: sandbox.github.apiUrl, log: { debug() {}, info() {}, warn() {}, error() {} } });
}

/** Octokit's RequestError (name "HttpError"): status, message and the response's headers. */
interface OctokitFailure {
  status: number;
  message: string;
  response?: { headers: Record<string, string | undefined> };
}

async function failure(promise: Promise<unknown>): Promise<OctokitFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: "HttpError" });
  return error as OctokitFailure;
}

describe("GitHub OAuth", () => {
  it("shows an accessible consent page naming Rampart, GitHub, the account and the scopes", async () => {
    const url = new URL(authorizeUrl());
    url.search = new URLSearchParams({ client_id: sandbox.github.clientId, redirect_uri: REDIRECT_URI, scope: "repo read:org admin:repo_hook", state: "s1" }).toString();
    const { status, form } = await openConsentPage(url);
    expect(status).toBe(200);
    expect(form?.heading).toMatch(/Rampart/);
    expect(form?.heading).toMatch(/GitHub/);
    expect(form?.loginLabel).toBe("Sign in as");
    expect(form?.logins).toEqual(Object.values(GITHUB_USERS));
    expect(form?.selectedLogin).toBe(GITHUB_USERS.admin);
    expect(form?.permissions).toEqual(["repo", "read:org", "admin:repo_hook"]);
    expect(form?.buttons.map((b) => b.text)).toEqual(["Accept", "Cancel"]);
  });

  it("gives ghu_/ghr_ tokens with GitHub App lifetimes, and records the authorization request (state, PKCE)", async () => {
    const tokens = await signIn();
    expect(tokens.access_token).toMatch(/^ghu_[A-Za-z0-9]{36}$/);
    expect(tokens.refresh_token).toMatch(/^ghr_[A-Za-z0-9]{76}$/);
    expect(tokens.expires_in).toBe(28_800);
    expect(tokens.refresh_token_expires_in).toBe(15_897_600);
    expect(tokens.token_type).toBe("bearer");
    expect(tokens.scope).toBe("repo,read:org,security_events");
    const report = await sandbox.control.issuedTokens();
    expect(report.lastAuthorizationRequest.github).toMatchObject({ clientId: sandbox.github.clientId, redirectUri: REDIRECT_URI, codeChallengeMethod: "S256" });
    expect(report.lastAuthorizationRequest.github?.state).toMatch(/^state-/);
    expect(report.lastAuthorizationRequest.github?.codeChallenge).toHaveLength(43);
    expect(report.tokens).toHaveLength(1);
    expect(report.tokens[0]).toMatchObject({ provider: "github", login: GITHUB_USERS.admin, grantType: "authorization_code", accessTokenStatus: "active" });
  });

  it("answers form-encoded unless the client accepts JSON", async () => {
    const { code, verifier } = await codeFor();
    const response = await postForm(tokenUrl(), { client_id: sandbox.github.clientId, client_secret: sandbox.github.clientSecret, code, code_verifier: verifier });
    expect(response.headers.get("content-type")).toMatch(/^application\/x-www-form-urlencoded/);
    const body = new URLSearchParams(await response.text());
    expect(body.get("access_token")).toMatch(/^ghu_/);
    expect(body.get("token_type")).toBe("bearer");
  });

  it("sends Cancel back as access_denied with GitHub's description, error_uri and the state", async () => {
    const back = await authorize(authorizeUrl(), { client_id: sandbox.github.clientId, redirect_uri: REDIRECT_URI, scope: "repo", state: "keep-me" }, { decision: "cancel" });
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("error_description")).toBe("The user has denied your application access.");
    expect(back.searchParams.get("error_uri")).toMatch(/^https:\/\/docs\.github\.com\//);
    expect(back.searchParams.get("state")).toBe("keep-me");
    expect(back.searchParams.has("code")).toBe(false);
  });

  it("shows an error page, and does not redirect, for an unknown client or a non-loopback redirect_uri", async () => {
    const unknownClient = new URL(authorizeUrl());
    unknownClient.search = new URLSearchParams({ client_id: "someone-else", redirect_uri: REDIRECT_URI }).toString();
    const page1 = await openConsentPage(unknownClient);
    expect(page1.status).toBe(404);
    expect(page1.form).toBeNull();

    const elsewhere = new URL(authorizeUrl());
    elsewhere.search = new URLSearchParams({ client_id: sandbox.github.clientId, redirect_uri: "https://evil.example/callback" }).toString();
    const page2 = await openConsentPage(elsewhere);
    expect(page2.status).toBe(400);
    expect(page2.html).toMatch(/redirect_uri/);
  });

  it("refuses a wrong code_verifier, a reused code, and a wrong client secret with status 200 and an error", async () => {
    const { code, verifier } = await codeFor();
    expect(await exchange({ code, code_verifier: "x".repeat(43) })).toMatchObject({ error: "bad_verification_code" });
    expect(await exchange({ code, code_verifier: verifier })).toHaveProperty("access_token");
    expect(await exchange({ code, code_verifier: verifier })).toMatchObject({ error: "bad_verification_code", error_description: "The code passed is incorrect or expired." });

    const another = await codeFor();
    const response = await postForm(tokenUrl(), { client_id: sandbox.github.clientId, client_secret: "wrong", code: another.code, code_verifier: another.verifier }, { accept: "application/json" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ error: "incorrect_client_credentials" });
  });

  it("rotates the refresh token: the new pair works, the old refresh token is refused", async () => {
    const first = await signIn();
    const second = (await exchange({ grant_type: "refresh_token", refresh_token: first.refresh_token })) as unknown as GitHubTokens;
    expect(second.access_token).toMatch(/^ghu_/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await octokit(second.access_token).rest.users.getAuthenticated()).data.login).toBe(GITHUB_USERS.admin);
    expect(await exchange({ grant_type: "refresh_token", refresh_token: first.refresh_token })).toMatchObject({ error: "bad_refresh_token" });
    const { tokens } = await sandbox.control.issuedTokens();
    expect(tokens.map((t) => [t.grantType, t.refreshTokenStatus])).toEqual([
      ["authorization_code", "used"],
      ["refresh_token", "active"],
    ]);
  });
});

describe("GitHub REST API through Octokit", () => {
  it("returns the user, organization memberships with roles, and organizations", async () => {
    const api = octokit((await signIn()).access_token);
    const user = await api.rest.users.getAuthenticated();
    expect(user.data).toMatchObject({ login: GITHUB_USERS.admin, name: "Megan Bowen", type: "User" });
    expect(user.headers["x-github-api-version-selected"]).toBe("2022-11-28");
    expect(user.headers["x-ratelimit-limit"]).toBe("5000");
    expect(user.headers["x-ratelimit-used"]).toBe("1");

    const memberships = await api.paginate(api.rest.orgs.listMembershipsForAuthenticatedUser, { state: "active", per_page: 100 });
    expect(memberships.map((m) => [m.organization.login, m.role, m.state])).toEqual([
      ["contoso-web", "admin", "active"],
      ["fabrikam-platform", "admin", "active"],
      ["northwind-data", "member", "active"],
    ]);
    const orgs = await api.rest.orgs.listForAuthenticatedUser();
    expect(orgs.data).toHaveLength(3);
    const org = await api.rest.orgs.get({ org: "contoso-web" });
    expect(org.data).toMatchObject({ login: "contoso-web", type: "Organization", two_factor_requirement_enabled: true });
    const notOwner = await api.rest.orgs.get({ org: "northwind-data" });
    expect(notOwner.data.billing_email).toBeUndefined();
  });

  it("pages an organization's repositories with Link headers and returns every one", async () => {
    const api = octokit((await signIn()).access_token);
    const first = await api.rest.repos.listForOrg({ org: "contoso-web" });
    expect(first.data).toHaveLength(30);
    expect(first.headers.link).toMatch(/<[^>]+\/organizations\/91000001\/repos\?page=2&per_page=30>; rel="next"/);
    expect(first.headers.link).toMatch(/rel="last"/);

    const all = await api.paginate(api.rest.repos.listForOrg, { org: "contoso-web", per_page: 7 });
    expect(all).toHaveLength(32);
    expect(new Set(all.map((r) => r.id)).size).toBe(32);
    expect(all.filter((r) => r.archived).map((r) => r.name).sort()).toEqual(["legacy-php-shop", "wordpress-blog"]);
    expect(new Set(all.map((r) => r.visibility))).toEqual(new Set(["public", "private", "internal"]));
    expect(new Set(all.map((r) => r.default_branch))).toEqual(new Set(["main", "master", "develop"]));
    const statuses = new Set(all.map((r) => `${r.security_and_analysis?.secret_scanning?.status}/${r.security_and_analysis?.dependabot_security_updates?.status}`));
    expect(statuses.size).toBeGreaterThan(2);

    const publicOnly = await api.paginate(api.rest.repos.listForOrg, { org: "contoso-web", type: "public" });
    expect(publicOnly.every((r) => !r.private)).toBe(true);
  });

  it("gets a repository with realistic fields; security_and_analysis only for admins", async () => {
    const admin = octokit((await signIn()).access_token);
    const { data } = await admin.rest.repos.get({ owner: "contoso-web", repo: "storefront-web" });
    expect(data).toMatchObject({
      full_name: "contoso-web/storefront-web",
      private: true,
      visibility: "private",
      default_branch: "main",
      archived: false,
      size: 48_213,
      pushed_at: "2026-11-20T16:42:11Z",
      html_url: `${sandbox.github.webUrl}/contoso-web/storefront-web`,
      clone_url: `${sandbox.github.webUrl}/contoso-web/storefront-web.git`,
      owner: { login: "contoso-web", type: "Organization" },
      permissions: { admin: true },
      security_and_analysis: { advanced_security: { status: "enabled" }, secret_scanning: { status: "enabled" }, secret_scanning_push_protection: { status: "enabled" } },
    });

    const member = octokit((await signIn(GITHUB_USERS.member)).access_token);
    const seen = await member.rest.repos.get({ owner: "contoso-web", repo: "storefront-web" });
    expect(seen.data.permissions?.admin).toBe(false);
    expect(seen.data.security_and_analysis).toBeUndefined();

    expect((await failure(admin.rest.repos.get({ owner: "contoso-web", repo: "no-such-repo" }))).status).toBe(404);
  });

  it("answers /rate_limit without counting it", async () => {
    const api = octokit((await signIn()).access_token);
    await api.rest.users.getAuthenticated();
    const { data } = await api.rest.rateLimit.get();
    expect(data.resources.core).toMatchObject({ limit: 5000, used: 1, remaining: 4999 });
    expect((await api.rest.rateLimit.get()).data.rate.used).toBe(1);
  });

  it("refuses revoked tokens with 401 Bad credentials, and their refresh token", async () => {
    const tokens = await signIn(GITHUB_USERS.revocable);
    const api = octokit(tokens.access_token);
    await api.rest.users.getAuthenticated();
    await sandbox.control.revokeTokens("github", GITHUB_USERS.revocable);
    const error = await failure(api.rest.users.getAuthenticated());
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/Bad credentials/);
    expect(await exchange({ grant_type: "refresh_token", refresh_token: tokens.refresh_token })).toMatchObject({ error: "bad_refresh_token" });
    // Signing in again works.
    expect((await octokit((await signIn(GITHUB_USERS.revocable)).access_token).rest.users.getAuthenticated()).status).toBe(200);
  });

  it("refuses rate-limited requests with 403, retry-after and x-ratelimit-remaining 0, then recovers", async () => {
    const api = octokit((await signIn()).access_token);
    await sandbox.control.rateLimit("github", GITHUB_USERS.admin, { requests: 2, retryAfterSeconds: 42 });
    for (let i = 0; i < 2; i++) {
      const error = await failure(api.rest.orgs.listForAuthenticatedUser());
      expect(error.status).toBe(403);
      expect(error.response?.headers["retry-after"]).toBe("42");
      expect(error.response?.headers["x-ratelimit-remaining"]).toBe("0");
      expect(Number(error.response?.headers["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);
    }
    expect((await api.rest.orgs.listForAuthenticatedUser()).status).toBe(200);
  });

  it("limits the rate-limited fixture user after 5 requests", async () => {
    const api = octokit((await signIn(GITHUB_USERS.rateLimited)).access_token);
    for (let i = 0; i < 5; i++) await api.rest.users.getAuthenticated();
    const error = await failure(api.rest.users.getAuthenticated());
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/rate limit exceeded/);
    expect(error.response?.headers["x-ratelimit-limit"]).toBe("5");
  });

  it("fails the next requests with the status asked for", async () => {
    const api = octokit((await signIn()).access_token);
    await sandbox.control.failNext("github", { status: 502, times: 2 });
    expect((await failure(api.rest.users.getAuthenticated())).status).toBe(502);
    expect((await failure(api.rest.users.getAuthenticated())).status).toBe(502);
    expect((await api.rest.users.getAuthenticated()).status).toBe(200);
  });

  it("serves an organization added by a test to the admin user", async () => {
    await sandbox.control.addOrganization("github", { name: "tailspin-toys", repositories: ["toy-catalog", "toy-shop"] });
    const api = octokit((await signIn()).access_token);
    const memberships = await api.paginate(api.rest.orgs.listMembershipsForAuthenticatedUser);
    expect(memberships.find((m) => m.organization.login === "tailspin-toys")?.role).toBe("admin");
    const repos = await api.paginate(api.rest.repos.listForOrg, { org: "tailspin-toys" });
    expect(repos.map((r) => r.name).sort()).toEqual(["toy-catalog", "toy-shop"]);
  });
});

describe("GitHub consent form", () => {
  it("signs in as the account chosen on the page", async () => {
    const url = new URL(authorizeUrl());
    url.search = new URLSearchParams({ client_id: sandbox.github.clientId, redirect_uri: REDIRECT_URI, scope: "read:org", state: "s" }).toString();
    const { form } = await openConsentPage(url);
    if (!form) throw new Error("no form");
    const back = await submitConsent(form, "accept", GITHUB_USERS.member);
    const code = back.location?.searchParams.get("code") ?? "";
    const tokens = (await exchange({ code, redirect_uri: REDIRECT_URI })) as unknown as GitHubTokens;
    expect((await octokit(tokens.access_token).rest.users.getAuthenticated()).data.login).toBe(GITHUB_USERS.member);
  });
});

describe("GitHub repository discovery", () => {
  type Repo = Awaited<ReturnType<Octokit["rest"]["repos"]["listForOrg"]>>["data"][number];
  const statusOf = (r: Repo) => {
    const s = r.security_and_analysis;
    return [s?.advanced_security?.status, s?.secret_scanning?.status, s?.secret_scanning_push_protection?.status, s?.dependabot_security_updates?.status].join("/");
  };
  const defaultSetup = (api: Octokit, repo: string, owner = "contoso-web") => api.request("GET /repos/{owner}/{repo}/code-scanning/default-setup", { owner, repo });

  it("lists every repository, archived ones included, with security_and_analysis for organization owners only", async () => {
    const admin = octokit((await signIn()).access_token);
    const all = await admin.paginate(admin.rest.repos.listForOrg, { org: "contoso-web", per_page: 100 });
    const byName = new Map(all.map((r) => [r.name, r]));
    const status = (name: string) => statusOf(byName.get(name) as Repo);
    expect(status("storefront-web")).toBe("enabled/enabled/enabled/enabled");
    expect(status("legacy-php-shop")).toBe("disabled/disabled/disabled/disabled");
    expect(status("order-events")).toBe("enabled/disabled/disabled/enabled");
    expect(status("payments-gateway")).toBe("enabled/enabled/disabled/enabled");
    expect(status("infra-terraform")).toBe("enabled/enabled/enabled/disabled");
    expect(status("edge-workers")).toBe("enabled/enabled/enabled/disabled");
    // Public repositories have no licence switch to show.
    expect(byName.get("marketing-site")?.security_and_analysis?.advanced_security).toBeUndefined();
    expect(all.filter((r) => r.archived).map((r) => r.name).sort()).toEqual(["legacy-php-shop", "wordpress-blog"]);

    const fabrikam = await admin.paginate(admin.rest.repos.listForOrg, { org: "fabrikam-platform" });
    expect(fabrikam.find((r) => r.name === "cost-reports")).toMatchObject({ archived: true, security_and_analysis: { advanced_security: { status: "enabled" } } });

    // A member (and an owner of another organization who is only a member here) sees no security_and_analysis.
    const member = octokit((await signIn(GITHUB_USERS.member)).access_token);
    expect((await member.paginate(member.rest.repos.listForOrg, { org: "contoso-web" })).every((r) => r.security_and_analysis === undefined)).toBe(true);
    expect((await admin.paginate(admin.rest.repos.listForOrg, { org: "northwind-data" })).every((r) => r.security_and_analysis === undefined)).toBe(true);
  });

  it("answers code scanning default setup: configured, not configured, and GitHub's 403s", async () => {
    const admin = octokit((await signIn()).access_token);
    const configured = await defaultSetup(admin, "storefront-web");
    expect(configured.status).toBe(200);
    expect(configured.data).toMatchObject({ state: "configured", languages: ["javascript-typescript", "actions"], query_suite: "default", schedule: "weekly" });
    expect(configured.data.updated_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await defaultSetup(admin, "identity-service")).data).toMatchObject({ state: "not-configured", languages: [], updated_at: null, schedule: null });
    // Public: code scanning is free, so not configured rather than refused.
    expect((await defaultSetup(admin, "marketing-site")).data.state).toBe("not-configured");

    const noLicence = await failure(defaultSetup(admin, "ci-templates"));
    expect(noLicence.status).toBe(403);
    expect(noLicence.message).toMatch(/Advanced Security must be enabled for this repository to use code scanning\./);
    const member = octokit((await signIn(GITHUB_USERS.member)).access_token);
    expect((await failure(defaultSetup(member, "storefront-web"))).status).toBe(403);
    expect((await failure(defaultSetup(admin, "no-such-repo"))).status).toBe(404);
  });

  it("answers vulnerability-alerts with 204 when Dependabot alerts are on and 404 when off", async () => {
    const admin = octokit((await signIn()).access_token);
    expect((await admin.rest.repos.checkVulnerabilityAlerts({ owner: "contoso-web", repo: "storefront-web" })).status).toBe(204);
    const off = await failure(admin.rest.repos.checkVulnerabilityAlerts({ owner: "contoso-web", repo: "infra-terraform" }));
    expect(off.status).toBe(404);
    expect(off.message).toMatch(/Vulnerability alerts are disabled/);
    const member = octokit((await signIn(GITHUB_USERS.member)).access_token);
    expect((await failure(member.rest.repos.checkVulnerabilityAlerts({ owner: "contoso-web", repo: "storefront-web" }))).status).toBe(403);
  });

  it("switches features with setAdvancedSecurity, following GitHub's dependencies between them", async () => {
    const admin = octokit((await signIn()).access_token);
    await sandbox.control.setAdvancedSecurity("github", { organization: "contoso-web", name: "identity-service" }, { codeScanning: true });
    const setup = await defaultSetup(admin, "identity-service");
    expect(setup.data).toMatchObject({ state: "configured", languages: ["csharp", "actions"] });
    expect(Date.parse(setup.data.updated_at ?? "")).toBeGreaterThan(Date.now() - 60_000);

    // Secret scanning off takes push protection with it; alerts off take security updates with them.
    await sandbox.control.setAdvancedSecurity("github", { organization: "contoso-web", name: "storefront-web" }, { secretScanning: false, dependabotAlerts: false });
    const repo = await admin.rest.repos.get({ owner: "contoso-web", repo: "storefront-web" });
    expect(repo.data.security_and_analysis).toMatchObject({
      secret_scanning: { status: "disabled" },
      secret_scanning_push_protection: { status: "disabled" },
      dependabot_security_updates: { status: "disabled" },
    });
    expect((await failure(admin.rest.repos.checkVulnerabilityAlerts({ owner: "contoso-web", repo: "storefront-web" }))).status).toBe(404);
    // Advanced Security off on a private repository: code scanning goes too, and default setup is refused.
    await sandbox.control.setAdvancedSecurity("github", { organization: "contoso-web", name: "storefront-web" }, { advancedSecurity: false });
    expect((await failure(defaultSetup(admin, "storefront-web"))).status).toBe(403);

    const set = (name: string, settings: GitHubAdvancedSecuritySettings) => sandbox.control.setAdvancedSecurity("github", { organization: "contoso-web", name }, settings);
    await expect(set("checkout-api", { secretScanning: false, secretScanningPushProtection: true })).rejects.toThrow(/secretScanningPushProtection cannot be on while secretScanning is off/);
    await expect(set("ci-templates", { codeScanning: true })).rejects.toThrow(/needs Advanced Security/);
    await expect(set("no-such-repo", { codeScanning: true })).rejects.toThrow(/no repository/);
    await sandbox.control.reset();
    expect((await defaultSetup(octokit((await signIn()).access_token), "identity-service")).data.state).toBe("not-configured");
  });

  it("adds and removes repositories", async () => {
    const admin = octokit((await signIn()).access_token);
    await sandbox.control.addRepository("github", { organization: "contoso-web", name: "kiosk-app" });
    await sandbox.control.addRepository("github", { organization: "contoso-web", name: "open-widgets", private: false });
    const names = (await admin.paginate(admin.rest.repos.listForOrg, { org: "contoso-web", per_page: 100 })).map((r) => r.name);
    expect(names).toHaveLength(34);
    const kiosk = await admin.rest.repos.get({ owner: "contoso-web", repo: "kiosk-app" });
    expect(kiosk.data).toMatchObject({ private: true, archived: false, default_branch: "main", security_and_analysis: { advanced_security: { status: "disabled" } } });
    expect((await admin.rest.repos.get({ owner: "contoso-web", repo: "open-widgets" })).data.visibility).toBe("public");
    expect((await failure(admin.rest.repos.checkVulnerabilityAlerts({ owner: "contoso-web", repo: "kiosk-app" }))).status).toBe(404);

    await sandbox.control.removeRepository("github", { organization: "contoso-web", name: "storefront-web" });
    expect((await admin.paginate(admin.rest.repos.listForOrg, { org: "contoso-web", per_page: 100 })).map((r) => r.name)).not.toContain("storefront-web");
    expect((await failure(admin.rest.repos.get({ owner: "contoso-web", repo: "storefront-web" }))).status).toBe(404);
    expect((await failure(defaultSetup(admin, "storefront-web"))).status).toBe(404);

    await expect(sandbox.control.addRepository("github", { organization: "contoso-web", name: "kiosk-app" })).rejects.toThrow(/already has/);
    await expect(sandbox.control.addRepository("github", { organization: "nowhere", name: "x" })).rejects.toThrow(/no organization/);
    await expect(sandbox.control.addRepository("github", { organization: "contoso-web", project: "P", name: "x" })).rejects.toThrow(/no project/);
    await expect(sandbox.control.removeRepository("github", { organization: "contoso-web", name: "storefront-web" })).rejects.toThrow(/no repository/);
  });

  it("fails one organization's requests while the others keep working", async () => {
    const admin = octokit((await signIn()).access_token);
    await sandbox.control.failOrganization("github", "fabrikam-platform", { status: 503 });
    expect((await failure(admin.rest.repos.listForOrg({ org: "fabrikam-platform" }))).status).toBe(503);
    expect((await failure(admin.rest.repos.get({ owner: "fabrikam-platform", repo: "platform-core" }))).status).toBe(503);
    expect((await failure(admin.request("GET /organizations/{id}/repos", { id: 91_000_002 }))).status).toBe(503);
    expect((await admin.rest.repos.listForOrg({ org: "contoso-web" })).status).toBe(200);
    expect((await admin.rest.orgs.listForAuthenticatedUser()).data).toHaveLength(3);

    await sandbox.control.failOrganization("github", "Contoso-Web", { status: 404, times: 1 });
    const once = await failure(admin.rest.repos.listForOrg({ org: "contoso-web" }));
    expect(once).toMatchObject({ status: 404, message: expect.stringMatching(/Not Found/) });
    expect((await admin.rest.repos.listForOrg({ org: "contoso-web" })).status).toBe(200);
    await expect(sandbox.control.failOrganization("github", "nowhere", { status: 500 })).rejects.toThrow(/no organization/);

    await sandbox.control.reset();
    expect((await octokit((await signIn()).access_token).rest.repos.listForOrg({ org: "fabrikam-platform" })).status).toBe(200);
  });
});

describe("GitHub posture settings", () => {
  const protection = (api: Octokit, repo: string, branch = "main", owner = "contoso-web") => api.rest.repos.getBranchProtection({ owner, repo, branch });
  const runners = (api: Octokit, repo: string, owner = "contoso-web") => api.rest.actions.listSelfHostedRunnersForRepo({ owner, repo });
  const workflow = (api: Octokit, org: string) => api.rest.actions.getGithubActionsDefaultWorkflowPermissionsOrganization({ org });
  const owners = async (api: Octokit, org: string) => (await api.paginate(api.rest.orgs.listMembers, { org, role: "admin", per_page: 100 })).map((m) => m.login).sort();

  it("answers the default branch's protection to admins: the rule, 404 Branch not protected, and GitHub's refusals", async () => {
    const admin = octokit((await signIn()).access_token);
    const rule = await protection(admin, "storefront-web");
    expect(rule.status).toBe(200);
    expect(rule.data).toMatchObject({ required_pull_request_reviews: { required_approving_review_count: 2 }, allow_force_pushes: { enabled: false }, enforce_admins: { enabled: false } });
    expect(rule.data.url).toMatch(/\/repos\/contoso-web\/storefront-web\/branches\/main\/protection$/);
    expect((await protection(admin, "infra-terraform")).data).toMatchObject({ required_pull_request_reviews: { required_approving_review_count: 1 }, allow_force_pushes: { enabled: true } });
    // A rule that does not require pull requests has no required_pull_request_reviews.
    expect((await protection(admin, "developer-docs")).data.required_pull_request_reviews).toBeUndefined();
    // payments-gateway's default branch is develop.
    expect((await protection(admin, "payments-gateway", "develop")).status).toBe(200);

    const unprotected = await failure(protection(admin, "load-tests"));
    expect(unprotected).toMatchObject({ status: 404, message: expect.stringMatching(/^Branch not protected/) });
    expect((await failure(protection(admin, "storefront-web", "feature/x"))).message).toMatch(/^Branch not found/);
    const member = octokit((await signIn(GITHUB_USERS.member)).access_token);
    expect(await failure(protection(member, "storefront-web"))).toMatchObject({ status: 403, message: expect.stringMatching(/Must have admin rights to Repository/) });
    // An owner of contoso-web is only a member of northwind-data.
    expect((await failure(protection(admin, "data-warehouse", "main", "northwind-data"))).status).toBe(403);
  });

  it("lists a repository's self-hosted runners to admins", async () => {
    const admin = octokit((await signIn()).access_token);
    const marketing = await runners(admin, "marketing-site");
    expect(marketing.data.total_count).toBe(2);
    expect(marketing.data.runners.map((r) => r.name)).toEqual(["marketing-site-runner-1", "marketing-site-runner-2"]);
    expect(marketing.data.runners[0]).toMatchObject({ os: "Linux", status: "online", labels: expect.arrayContaining([expect.objectContaining({ name: "self-hosted" })]) });
    expect((await runners(admin, "storefront-web")).data).toEqual({ total_count: 0, runners: [] });
    // Pages, with the total on each.
    const page = await admin.rest.actions.listSelfHostedRunnersForRepo({ owner: "contoso-web", repo: "ci-templates", per_page: 1, page: 2 });
    expect(page.data.total_count).toBe(3);
    expect(page.data.runners.map((r) => r.name)).toEqual(["ci-templates-runner-2"]);
    const member = octokit((await signIn(GITHUB_USERS.member)).access_token);
    expect((await failure(runners(member, "marketing-site"))).status).toBe(403);
  });

  it("answers an organization's owners to members, and its base and workflow permissions to owners only", async () => {
    const admin = octokit((await signIn()).access_token);
    expect(await owners(admin, "contoso-web")).toEqual([GITHUB_USERS.admin, GITHUB_USERS.rateLimited, GITHUB_USERS.revocable].sort());
    expect(await owners(admin, "fabrikam-platform")).toEqual([GITHUB_USERS.admin]);
    // Members see the owners too: northwind-data's are people who never sign in here.
    expect(await owners(admin, "northwind-data")).toEqual(["isaiah-langer", "nestor-wilke"]);
    expect((await admin.paginate(admin.rest.orgs.listMembers, { org: "contoso-web", role: "member" })).map((m) => m.login).sort()).toEqual(["alex-wilber", "diego-siciliani"]);

    expect((await admin.rest.orgs.get({ org: "contoso-web" })).data.default_repository_permission).toBe("read");
    expect((await admin.rest.orgs.get({ org: "fabrikam-platform" })).data.default_repository_permission).toBe("write");
    expect((await admin.rest.orgs.get({ org: "northwind-data" })).data.default_repository_permission).toBeUndefined();

    expect((await workflow(admin, "contoso-web")).data).toEqual({ default_workflow_permissions: "read", can_approve_pull_request_reviews: false });
    expect((await workflow(admin, "fabrikam-platform")).data).toEqual({ default_workflow_permissions: "write", can_approve_pull_request_reviews: true });
    expect((await failure(workflow(admin, "northwind-data"))).status).toBe(403);
    expect((await failure(workflow(admin, "nowhere"))).status).toBe(404);
  });

  it("changes settings with setPosture, and reset() brings the fixtures back", async () => {
    const admin = octokit((await signIn()).access_token);
    const set = sandbox.control.setPosture;
    await set("github", { organization: "contoso-web", name: "load-tests" }, { branchProtection: { requiredApprovals: 2 } });
    expect((await protection(admin, "load-tests")).data).toMatchObject({ required_pull_request_reviews: { required_approving_review_count: 2 }, allow_force_pushes: { enabled: false } });
    await set("github", { organization: "contoso-web", name: "load-tests" }, { branchProtection: { allowForcePushes: true } });
    expect((await protection(admin, "load-tests")).data).toMatchObject({ required_pull_request_reviews: { required_approving_review_count: 2 }, allow_force_pushes: { enabled: true } });
    await set("github", { organization: "contoso-web", name: "storefront-web" }, { branchProtection: null });
    expect((await failure(protection(admin, "storefront-web"))).message).toMatch(/^Branch not protected/);
    await set("github", { organization: "contoso-web", name: "marketing-site" }, { selfHostedRunners: 0 });
    expect((await runners(admin, "marketing-site")).data.total_count).toBe(0);
    await set("github", { organization: "contoso-web", name: "developer-docs" }, { selfHostedRunners: 3 });
    expect((await runners(admin, "developer-docs")).data.runners.map((r) => r.name)).toEqual(["developer-docs-runner-1", "developer-docs-runner-2", "developer-docs-runner-3"]);

    await set("github", { organization: "contoso-web" }, { basePermission: "admin", workflowPermissions: "write" });
    expect((await admin.rest.orgs.get({ org: "contoso-web" })).data.default_repository_permission).toBe("admin");
    expect((await workflow(admin, "contoso-web")).data.default_workflow_permissions).toBe("write");

    await expect(set("github", { organization: "contoso-web" }, { selfHostedRunners: 1 })).rejects.toThrow(/selfHostedRunners: not a setting of github organization/);
    await expect(set("github", { organization: "contoso-web", name: "load-tests" }, { basePermission: "none" })).rejects.toThrow(/not a setting of github repository/);
    await expect(set("github", { organization: "contoso-web", name: "no-such-repo" }, { selfHostedRunners: 1 })).rejects.toThrow(/no repository/);
    await expect(set("github", { organization: "contoso-web", name: "load-tests" }, { branchProtection: { requiredApprovals: 7 } })).rejects.toThrow(/requiredApprovals/);
    await expect(set("github", { organization: "contoso-web", project: "P", resource: "pipeline", name: "x" }, { selfHostedRunners: 1 })).rejects.toThrow(/resources are for azure-devops/);

    await sandbox.control.reset();
    const again = octokit((await signIn()).access_token);
    expect((await failure(protection(again, "load-tests"))).status).toBe(404);
    expect((await again.rest.orgs.get({ org: "contoso-web" })).data.default_repository_permission).toBe("read");
  });
});
