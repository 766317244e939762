import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GITHUB_USERS, startScmSandbox, type ScmSandbox } from "./index";
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
