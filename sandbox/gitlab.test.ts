import type { ProjectSchema, ProjectStatisticsSchema } from "@gitbeaker/core";
import { Gitlab, GitbeakerRequestError, GitbeakerRetryError } from "@gitbeaker/rest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectSandboxControl, GITLAB_USERS, startScmSandbox, type ScmSandbox } from "./index";
import { authorize, openConsentPage, pkce, postForm } from "./test-support";

const REDIRECT_URI = "http://localhost:3000/api/connectors/callback/gitlab";
const OWNER = 50;

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

interface GitLabTokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  created_at: number;
}

const client = () => ({ client_id: sandbox.gitlab.clientId, client_secret: sandbox.gitlab.clientSecret });

async function codeFor(options: { login?: string; scope?: string; method?: "S256" | "plain" } = {}) {
  const { verifier, challenge } = pkce();
  const method = options.method ?? "S256";
  const back = await authorize(
    `${sandbox.gitlab.url}/oauth/authorize`,
    {
      client_id: sandbox.gitlab.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: options.scope ?? "api read_user read_repository",
      state: "gl-state",
      code_challenge: method === "S256" ? challenge : verifier,
      code_challenge_method: method,
    },
    { login: options.login },
  );
  expect(back.searchParams.get("state")).toBe("gl-state");
  return { code: back.searchParams.get("code") ?? "", verifier };
}

async function token(parameters: Record<string, string>): Promise<Response> {
  return postForm(`${sandbox.gitlab.url}/oauth/token`, { ...client(), ...parameters });
}

async function signIn(options: { login?: string; scope?: string } = {}): Promise<GitLabTokens> {
  const { code, verifier } = await codeFor(options);
  const response = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
  expect(response.status).toBe(200);
  return (await response.json()) as GitLabTokens;
}

function gitlab(accessToken: string) {
  return new Gitlab({ host: sandbox.gitlab.url, oauthToken: accessToken });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (e: unknown) => e,
  );
}

function statusOf(error: unknown): number | undefined {
  return error instanceof GitbeakerRequestError ? error.cause?.response.status : undefined;
}

describe("GitLab OAuth", () => {
  it("shows the consent page with GitLab's scopes, and issues 2-hour tokens", async () => {
    const url = new URL(`${sandbox.gitlab.url}/oauth/authorize`);
    url.search = new URLSearchParams({ client_id: sandbox.gitlab.clientId, redirect_uri: REDIRECT_URI, response_type: "code", scope: "api read_user", state: "x" }).toString();
    const { form } = await openConsentPage(url);
    expect(form?.heading).toMatch(/Rampart.*GitLab/);
    expect(form?.loginLabel).toBe("Sign in as");
    expect(form?.permissions).toEqual(["api", "read_user"]);

    const tokens = await signIn();
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 7200, scope: "api read_user read_repository" });
    expect(tokens.access_token).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.abs(tokens.created_at - Date.now() / 1000)).toBeLessThan(5);
    expect((await sandbox.control.issuedTokens()).lastAuthorizationRequest.gitlab).toMatchObject({ state: "gl-state", codeChallengeMethod: "S256", responseType: "code" });
  });

  it("accepts PKCE plain too, and HTTP Basic client authentication", async () => {
    const { code, verifier } = await codeFor({ method: "plain" });
    const basic = Buffer.from(`${sandbox.gitlab.clientId}:${sandbox.gitlab.clientSecret}`).toString("base64");
    const response = await postForm(`${sandbox.gitlab.url}/oauth/token`, { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier }, { authorization: `Basic ${basic}` });
    expect(response.status).toBe(200);
  });

  it("sends Cancel back as access_denied with the state", async () => {
    const back = await authorize(
      `${sandbox.gitlab.url}/oauth/authorize`,
      { client_id: sandbox.gitlab.clientId, redirect_uri: REDIRECT_URI, response_type: "code", scope: "api", state: "st" },
      { decision: "cancel" },
    );
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("error_description")).toBe("The resource owner or authorization server denied the request.");
    expect(back.searchParams.get("state")).toBe("st");
  });

  it("redirects an unknown scope back as invalid_scope", async () => {
    const url = new URL(`${sandbox.gitlab.url}/oauth/authorize`);
    url.search = new URLSearchParams({ client_id: sandbox.gitlab.clientId, redirect_uri: REDIRECT_URI, response_type: "code", scope: "api sudo", state: "s" }).toString();
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(302);
    const back = new URL(response.headers.get("location") ?? "");
    expect(back.searchParams.get("error")).toBe("invalid_scope");
    expect(back.searchParams.get("state")).toBe("s");
  });

  it("refuses a wrong code_verifier, a reused code, a wrong redirect_uri and a wrong secret", async () => {
    const { code, verifier } = await codeFor();
    const wrong = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: "y".repeat(43) });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });
    const elsewhere = await token({ grant_type: "authorization_code", code, redirect_uri: "http://localhost:3000/other", code_verifier: verifier });
    expect(elsewhere.status).toBe(400);
    expect((await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier })).status).toBe(200);
    const reused = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: "invalid_grant" });

    const badSecret = await postForm(`${sandbox.gitlab.url}/oauth/token`, { client_id: sandbox.gitlab.clientId, client_secret: "nope", grant_type: "refresh_token", refresh_token: "x" });
    expect(badSecret.status).toBe(401);
    expect(await badSecret.json()).toMatchObject({ error: "invalid_client" });
  });

  it("rotates on refresh: the old refresh token and (as Doorkeeper does) the old access token stop working", async () => {
    const first = await signIn();
    const refreshed = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as GitLabTokens;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await gitlab(second.access_token).Users.showCurrentUser()).username).toBe(GITLAB_USERS.admin);
    expect(statusOf(await failure(gitlab(first.access_token).Users.showCurrentUser()))).toBe(401);
    const again = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("revokes a token at /oauth/revoke", async () => {
    const tokens = await signIn();
    const response = await postForm(`${sandbox.gitlab.url}/oauth/revoke`, { ...client(), token: tokens.access_token });
    expect(response.status).toBe(200);
    const error = await failure(gitlab(tokens.access_token).Users.showCurrentUser());
    expect(statusOf(error)).toBe(401);
    expect((error as Error).message).toBe("invalid_token");
  });
});

describe("GitLab REST API through gitbeaker", () => {
  it("lists the user's groups (subgroups included), top-level and owned ones, and public ones on request", async () => {
    const api = gitlab((await signIn()).access_token);
    expect((await api.Users.showCurrentUser()).username).toBe(GITLAB_USERS.admin);
    const mine = await api.Groups.all();
    expect(mine.map((g) => g.full_path).sort()).toEqual([
      "contoso-web",
      "contoso-web/backend",
      "contoso-web/frontend",
      "fabrikam-platform",
      "fabrikam-platform/infrastructure",
      "fabrikam-platform/infrastructure/networking",
      "northwind-data",
    ]);
    const topLevel = await api.Groups.all({ topLevelOnly: true, perPage: 100 });
    expect(topLevel.map((g) => [g.full_path, g.parent_id])).toEqual([
      ["contoso-web", null],
      ["fabrikam-platform", null],
      ["northwind-data", null],
    ]);
    const owned = await api.Groups.all({ topLevelOnly: true, minAccessLevel: OWNER, perPage: 100 });
    expect(owned.map((g) => g.full_path)).toEqual(["contoso-web", "fabrikam-platform"]);
    const available = await api.Groups.all({ allAvailable: true, topLevelOnly: true });
    expect(available.map((g) => g.full_path)).toContain("tailwind-oss");

    const sub = await api.Groups.allSubgroups("contoso-web");
    expect(sub.map((g) => [g.full_path, g.full_name, g.parent_id])).toEqual([
      ["contoso-web/backend", "Contoso Web / Backend", 8100],
      ["contoso-web/frontend", "Contoso Web / Frontend", 8100],
    ]);
    const byPath = await api.Groups.show("contoso-web/frontend");
    expect(byPath).toMatchObject({ id: 8101, web_url: `${sandbox.gitlab.url}/groups/contoso-web/frontend` });
  });

  it("pages a group's projects, subgroups included, and returns every one", async () => {
    const api = gitlab((await signIn()).access_token);
    const { data, paginationInfo } = await api.Groups.allProjects("contoso-web", { includeSubgroups: true, perPage: 5, showExpanded: true });
    expect(data).toHaveLength(16);
    expect(paginationInfo).toMatchObject({ total: 16, totalPages: 4, perPage: 5 });
    expect(new Set(data.map((p) => p.path_with_namespace)).size).toBe(16);
    const direct = await api.Groups.allProjects("contoso-web");
    expect(direct.map((p) => p.path).sort()).toEqual(["ci-templates", "design-system", "developer-docs", "legacy-php-shop"]);
    const active = await api.Groups.allProjects("contoso-web", { includeSubgroups: true, archived: false });
    expect(active).toHaveLength(15);

    const raw = await fetch(`${sandbox.gitlab.url}/api/v4/groups/8100/projects?include_subgroups=true&per_page=5&page=2`, { headers: { authorization: `Bearer ${(await signIn()).access_token}` } });
    expect(raw.headers.get("x-page")).toBe("2");
    expect(raw.headers.get("x-next-page")).toBe("3");
    expect(raw.headers.get("x-prev-page")).toBe("1");
    expect(raw.headers.get("x-total-pages")).toBe("4");
    expect(raw.headers.get("link")).toMatch(/<[^>]*[?&]page=3[^>]*>; rel="next"/);
    expect(raw.headers.get("link")).toMatch(/<[^>]*[?&]page=4[^>]*>; rel="last"/);
  });

  it("shows a project with realistic fields and the user's access level", async () => {
    const api = gitlab((await signIn()).access_token);
    const project = await api.Projects.show("contoso-web/backend/payments-gateway");
    expect(project).toMatchObject({
      path_with_namespace: "contoso-web/backend/payments-gateway",
      default_branch: "develop",
      visibility: "private",
      archived: false,
      http_url_to_repo: `${sandbox.gitlab.url}/contoso-web/backend/payments-gateway.git`,
      namespace: { full_path: "contoso-web/backend", kind: "group" },
      permissions: { group_access: { access_level: OWNER } },
    });
    const empty = await api.Projects.show(43_006);
    expect(empty).toMatchObject({ empty_repo: true, default_branch: null });
    const member = gitlab((await signIn({ login: GITLAB_USERS.member })).access_token);
    expect((await member.Projects.show("contoso-web/backend/checkout-api")).permissions).toMatchObject({ group_access: { access_level: 40 } });
    expect(statusOf(await failure(member.Projects.show("tailwind-oss/nothing-here")))).toBe(404);
  });

  it("refuses group and project reads to a token with only read_user", async () => {
    const api = gitlab((await signIn({ scope: "read_user" })).access_token);
    expect((await api.Users.showCurrentUser()).username).toBe(GITLAB_USERS.admin);
    const error = await failure(api.Groups.all());
    expect(statusOf(error)).toBe(403);
    expect((error as Error).message).toBe("insufficient_scope");
  });

  it("answers revoked tokens with 401 invalid_token, and refuses their refresh token", async () => {
    const tokens = await signIn({ login: GITLAB_USERS.revocable });
    await sandbox.control.revokeTokens("gitlab", GITLAB_USERS.revocable);
    const error = await failure(gitlab(tokens.access_token).Groups.all());
    expect(statusOf(error)).toBe(401);
    const refresh = await token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("answers rate-limited requests with 429, Retry-After and RateLimit-* headers (gitbeaker retries, then gives up)", async () => {
    const tokens = await signIn();
    await sandbox.control.rateLimit("gitlab", GITLAB_USERS.admin, { requests: 1, retryAfterSeconds: 30 });
    const raw = await fetch(`${sandbox.gitlab.url}/api/v4/groups`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(raw.status).toBe(429);
    expect(raw.headers.get("retry-after")).toBe("30");
    expect(raw.headers.get("ratelimit-remaining")).toBe("0");
    expect(raw.headers.get("ratelimit-limit")).toBe("2000");
    expect(Number(raw.headers.get("ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);

    const api = gitlab(tokens.access_token);
    // gitbeaker retries 429 up to 10 times: a short limit is absorbed…
    await sandbox.control.rateLimit("gitlab", GITLAB_USERS.admin, { requests: 3, retryAfterSeconds: 1 });
    expect((await api.Groups.all()).length).toBeGreaterThan(0);
    // …a longer one surfaces as a GitbeakerRetryError naming the 429.
    await sandbox.control.rateLimit("gitlab", GITLAB_USERS.admin, { requests: 10, retryAfterSeconds: 60 });
    const error = await failure(api.Groups.all());
    expect(error).toBeInstanceOf(GitbeakerRetryError);
    expect((error as Error).message).toMatch(/last status code: 429/);
  });

  it("limits the rate-limited fixture user after 5 requests", async () => {
    const tokens = await signIn({ login: GITLAB_USERS.rateLimited });
    const get = () => fetch(`${sandbox.gitlab.url}/api/v4/user`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    for (let i = 0; i < 5; i++) expect((await get()).status).toBe(200);
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit-limit")).toBe("5");
  });

  it("fails the next request with the status asked for", async () => {
    const api = gitlab((await signIn()).access_token);
    await sandbox.control.failNext("gitlab", { status: 500 });
    expect(statusOf(await failure(api.Groups.all()))).toBe(500);
    expect((await api.Groups.all()).length).toBeGreaterThan(0);
  });

  it("serves a group added by a test, owned by the admin user", async () => {
    await sandbox.control.addOrganization("gitlab", { name: "tailspin-toys", repositories: ["toy-catalog", "toy-shop", "toy-api"] });
    const api = gitlab((await signIn()).access_token);
    const owned = await api.Groups.all({ topLevelOnly: true, minAccessLevel: OWNER });
    expect(owned.map((g) => g.full_path)).toContain("tailspin-toys");
    expect((await api.Groups.allProjects("tailspin-toys")).map((p) => p.path).sort()).toEqual(["toy-api", "toy-catalog", "toy-shop"]);
  });
});

describe("GitLab repository discovery", () => {
  it("lists a group's projects below every subgroup with namespaces, and statistics for Reporters and above", async () => {
    const api = gitlab((await signIn()).access_token);
    // gitbeaker types no `statistics` for group projects; it passes the option through all the same.
    const options = { includeSubgroups: true, withShared: false, archived: false, statistics: true, perPage: 4 };
    const projects = (await api.Groups.allProjects("fabrikam-platform", options)) as (ProjectSchema & { statistics?: ProjectStatisticsSchema })[];
    expect(projects.map((p) => p.path_with_namespace).sort()).toEqual([
      "fabrikam-platform/infrastructure/ansible-playbooks",
      "fabrikam-platform/infrastructure/build-images",
      "fabrikam-platform/infrastructure/kubernetes-operators",
      "fabrikam-platform/infrastructure/networking/dns-zones",
      "fabrikam-platform/infrastructure/networking/hub-network",
      "fabrikam-platform/infrastructure/terraform-modules",
      "fabrikam-platform/platform-core",
      "fabrikam-platform/runbooks",
    ]);
    const hub = projects.find((p) => p.path === "hub-network");
    expect(hub).toMatchObject({
      namespace: { id: 8_202, name: "Networking", path: "networking", kind: "group", full_path: "fabrikam-platform/infrastructure/networking", parent_id: 8_201 },
      default_branch: "main",
      visibility: "private",
      archived: false,
      web_url: `${sandbox.gitlab.url}/fabrikam-platform/infrastructure/networking/hub-network`,
      http_url_to_repo: `${sandbox.gitlab.url}/fabrikam-platform/infrastructure/networking/hub-network.git`,
      last_activity_at: "2026-11-15T12:40:00.000Z",
    });
    expect(hub?.statistics?.repository_size).toBe(Math.round(1.9 * 1024 * 1024));
    expect(hub?.statistics?.storage_size).toBeGreaterThanOrEqual(hub?.statistics?.repository_size ?? Infinity);

    const archived = await api.Groups.allProjects("fabrikam-platform", { includeSubgroups: true, archived: true });
    expect(archived.map((p) => p.path)).toEqual(["cost-reports"]);
    expect((await api.Groups.allProjects("fabrikam-platform", { includeSubgroups: true })).every((p) => !("statistics" in p))).toBe(true);
    // Not a member of the public group: no statistics, as GitLab keeps them to Reporters.
    const outsideOptions = { includeSubgroups: true, statistics: true };
    const outside = await api.Groups.allProjects("tailwind-oss", outsideOptions);
    expect(outside.length).toBe(2);
    expect(outside.every((p) => !("statistics" in p))).toBe(true);
    expect(await api.Projects.show("fabrikam-platform/infrastructure/networking/dns-zones", { statistics: true })).toHaveProperty("statistics.repository_size", Math.round(0.4 * 1024 * 1024));
  });

  it("lists direct subgroups and all descendant groups", async () => {
    const api = gitlab((await signIn()).access_token);
    expect((await api.Groups.allSubgroups("fabrikam-platform")).map((g) => g.full_path)).toEqual(["fabrikam-platform/infrastructure"]);
    const descendants = await api.Groups.allDescendantGroups("fabrikam-platform", {});
    expect(descendants.map((g) => [g.full_path, g.parent_id])).toEqual([
      ["fabrikam-platform/infrastructure", 8_200],
      ["fabrikam-platform/infrastructure/networking", 8_201],
    ]);
    expect((await api.Groups.allDescendantGroups("contoso-web", {})).map((g) => g.path)).toEqual(["backend", "frontend"]);
  });

  it("adds and removes projects in any group, and refuses advanced security settings", async () => {
    const api = gitlab((await signIn()).access_token);
    await sandbox.control.addRepository("gitlab", { organization: "contoso-web/frontend", name: "kiosk-app" });
    await sandbox.control.addRepository("gitlab", { organization: "contoso-web", name: "open-widgets", private: false });
    const kiosk = await api.Projects.show("contoso-web/frontend/kiosk-app");
    expect(kiosk).toMatchObject({ namespace: { full_path: "contoso-web/frontend" }, visibility: "private", default_branch: "main" });
    expect((await api.Projects.show("contoso-web/open-widgets")).visibility).toBe("public");
    expect(await api.Groups.allProjects("contoso-web", { includeSubgroups: true })).toHaveLength(18);

    await sandbox.control.removeRepository("gitlab", { organization: "contoso-web/backend", name: "checkout-api" });
    expect(statusOf(await failure(api.Projects.show("contoso-web/backend/checkout-api")))).toBe(404);
    expect((await api.Groups.allProjects("contoso-web/backend")).map((p) => p.path)).not.toContain("checkout-api");

    await expect(sandbox.control.addRepository("gitlab", { organization: "contoso-web/nowhere", name: "x" })).rejects.toThrow(/no group/);
    // The types leave GitLab out; over HTTP the sandbox says why.
    const remote = connectSandboxControl(sandbox.url);
    await expect(remote.setAdvancedSecurity("gitlab" as "github", { organization: "contoso-web", name: "design-system" }, {})).rejects.toThrow(/gitlab reports no advanced security/);
  });

  it("fails one group, and everything below it, while the others keep working", async () => {
    const api = gitlab((await signIn()).access_token);
    await sandbox.control.failOrganization("gitlab", "contoso-web", { status: 503 });
    expect(statusOf(await failure(api.Groups.allProjects("contoso-web", { includeSubgroups: true })))).toBe(503);
    expect(statusOf(await failure(api.Groups.show("contoso-web/frontend")))).toBe(503);
    expect(statusOf(await failure(api.Groups.allSubgroups(8_100)))).toBe(503);
    expect(statusOf(await failure(api.Projects.show("contoso-web/backend/checkout-api")))).toBe(503);
    expect(await api.Groups.allProjects("fabrikam-platform", { includeSubgroups: true })).toHaveLength(9);
    expect((await api.Groups.all()).length).toBeGreaterThan(0);

    await sandbox.control.reset();
    await sandbox.control.failOrganization("gitlab", "fabrikam-platform/infrastructure", { status: 500, times: 1 });
    const again = gitlab((await signIn()).access_token);
    expect(statusOf(await failure(again.Projects.show("fabrikam-platform/infrastructure/networking/hub-network")))).toBe(500);
    expect((await again.Projects.show("fabrikam-platform/infrastructure/networking/hub-network")).id).toBe(42_021);
    expect((await again.Projects.show("fabrikam-platform/platform-core")).id).toBe(42_001);
  });
});

describe("GitLab merge request approvals", () => {
  type Rule = { name: string; rule_type: string; approvals_required: number; applies_to_all_protected_branches?: unknown; protected_branches?: { name: string }[] };
  const rules = async (api: ReturnType<typeof gitlab>, project: string) => (await api.MergeRequestApprovals.allApprovalRules(project)) as Rule[];
  const summary = (list: Rule[]) => list.map((r) => [r.name, r.rule_type, r.approvals_required, r.applies_to_all_protected_branches, (r.protected_branches ?? []).map((b) => b.name)]);

  it("answers a project's approval settings and rules, scoped to branches as GitLab scopes them", async () => {
    const api = gitlab((await signIn()).access_token);
    expect(await api.MergeRequestApprovals.showConfiguration("contoso-web/backend/payments-gateway")).toMatchObject({
      approvals_before_merge: 0,
      merge_requests_author_approval: true,
      merge_requests_disable_committers_approval: false,
      reset_approvals_on_push: true,
    });
    expect((await api.MergeRequestApprovals.showConfiguration("contoso-web/developer-docs")).approvals_before_merge).toBe(1);

    expect(summary(await rules(api, "contoso-web/frontend/storefront-web"))).toEqual([["Frontend reviewers", "regular", 2, false, ["main"]]]);
    // "All protected branches" lists the project's protected branches: its default branch (develop) among them.
    expect(summary(await rules(api, "contoso-web/frontend/customer-portal"))).toEqual([["Protected branches", "regular", 2, true, ["develop"]]]);
    // A rule for all branches lists none; report rules are there too.
    expect(summary(await rules(api, "contoso-web/backend/checkout-api"))).toEqual([
      ["All eligible users", "any_approver", 2, false, []],
      ["Coverage-Check", "report_approver", 3, false, []],
    ]);
    expect(summary(await rules(api, "contoso-web/design-system"))).toEqual([
      ["Release managers", "regular", 3, false, ["release/*"]],
      ["All eligible users", "any_approver", 1, false, []],
    ]);
    expect(await rules(api, "contoso-web/frontend/admin-console")).toEqual([]);
    // Pages like every GitLab list.
    const first = await api.MergeRequestApprovals.allApprovalRules("contoso-web/design-system", { showExpanded: true, ...({ perPage: 1, maxPages: 1 } as object) });
    expect(first.data).toHaveLength(1);
  });

  it("refuses approvals below the Developer role with 403, and hides projects the user cannot see", async () => {
    const api = gitlab((await signIn()).access_token);
    // A public project of a group the admin is not a member of.
    expect(statusOf(await failure(api.MergeRequestApprovals.showConfiguration("tailwind-oss/tailwind-cli")))).toBe(403);
    expect(statusOf(await failure(api.MergeRequestApprovals.allApprovalRules("tailwind-oss/tailwind-cli")))).toBe(403);
    // A Developer of northwind-data reads them.
    expect((await api.MergeRequestApprovals.showConfiguration("northwind-data/data-warehouse")).merge_requests_author_approval).toBe(false);
    expect(statusOf(await failure(api.MergeRequestApprovals.showConfiguration("contoso-web/no-such-project")))).toBe(404);
  });

  it("changes the All eligible users rule and author approval with setPosture", async () => {
    const api = gitlab((await signIn()).access_token);
    const target = { organization: "contoso-web/frontend", name: "admin-console" };
    await sandbox.control.setPosture("gitlab", target, { requiredApprovals: 2, authorsCanApprove: true });
    expect(summary(await rules(api, "contoso-web/frontend/admin-console"))).toEqual([["All eligible users", "any_approver", 2, false, []]]);
    expect((await api.MergeRequestApprovals.showConfiguration("contoso-web/frontend/admin-console")).merge_requests_author_approval).toBe(true);
    await sandbox.control.setPosture("gitlab", target, { requiredApprovals: 3 });
    expect(summary(await rules(api, "contoso-web/frontend/admin-console"))).toEqual([["All eligible users", "any_approver", 3, false, []]]);
    // 0 removes that rule only.
    await sandbox.control.setPosture("gitlab", { organization: "contoso-web", name: "design-system" }, { requiredApprovals: 0 });
    expect(summary(await rules(api, "contoso-web/design-system")).map((r) => r[0])).toEqual(["Release managers"]);

    await expect(sandbox.control.setPosture("gitlab", { organization: "contoso-web" }, { requiredApprovals: 1 })).rejects.toThrow(/name a repository/);
    await expect(sandbox.control.setPosture("gitlab", target, {})).rejects.toThrow(/no settings/);
    await expect(sandbox.control.setPosture("gitlab", { organization: "contoso-web", name: "nope" }, { authorsCanApprove: false })).rejects.toThrow(/no repository/);
  });
});
