import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { authenticate, type ApiCaller, type ApiDialect } from "../api-gate";
import type { SandboxContext } from "../context";
import type { GitHubOrganizationFixture, GitHubRepositoryFixture, GitHubUserFixture } from "../fixtures/github";
import { authorizationCredentials, requestUrl, send, sendJson, type Handler, type Route, type RouteParams } from "../http";
import { randomHex } from "../ids";
import { linkHeader, paginate, positiveInteger } from "../pagination";
import {
  branchProtection,
  codeScanningDefaultSetup,
  fullRepository,
  minimalRepository,
  organizationFull,
  organizationSimple,
  orgMembership,
  privateUser,
  rateLimitOverview,
  selfHostedRunners,
  simpleUser,
  workflowPermissions,
  type RepositoryPermissions,
} from "./responses";

/**
 * The part of GitHub's REST API (GitHub Enterprise Server layout: /github/api/v3)
 * that Rampart uses, with GitHub's headers on every answer: x-ratelimit-*,
 * x-github-api-version-selected, x-github-request-id.
 */

const API_VERSION = "2022-11-28";
const SUPPORTED_VERSIONS = new Set([API_VERSION]);
const CORE_LIMIT = 5_000;
const WINDOW_SECONDS = 3_600;
const ANONYMOUS_LIMIT = 60;
const DOCS = "https://docs.github.com/rest";

type Role = "admin" | "member";

function baseHeaders(): OutgoingHttpHeaders {
  return {
    "x-github-api-version-selected": API_VERSION,
    "x-github-media-type": "github.v3; format=json",
    "x-github-request-id": `${randomHex(4).toUpperCase()}:${randomHex(6).toUpperCase()}`,
  };
}

function rateHeaders(limit: number, remaining: number, used: number, resetAt: number): OutgoingHttpHeaders {
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(resetAt),
    "x-ratelimit-used": String(used),
    "x-ratelimit-resource": "core",
  };
}

function anonymousRateHeaders(): OutgoingHttpHeaders {
  return rateHeaders(ANONYMOUS_LIMIT, ANONYMOUS_LIMIT - 1, 1, Math.ceil(Date.now() / 1000) + WINDOW_SECONDS);
}

function error(res: ServerResponse, status: number, message: string, headers: OutgoingHttpHeaders, documentationUrl = DOCS): void {
  sendJson(res, status, { message, documentation_url: documentationUrl, status: String(status) }, { ...baseHeaders(), ...headers });
}

const STATUS_MESSAGES: Record<number, string> = {
  401: "Bad credentials",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  422: "Validation Failed",
  500: "Server Error", 502: "Server Error", 503: "Service Unavailable",
  504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
};

const dialect: ApiDialect = {
  provider: "github",
  defaultLimit: CORE_LIMIT,
  windowSeconds: WINDOW_SECONDS,
  tokenOf: (req) => authorizationCredentials(req, ["bearer", "token"]),
  users: (ctx) => ctx.state.world.github.users,
  unauthorized(res, failure) {
    error(res, 401, failure === "missing" ? "Requires authentication" : "Bad credentials", anonymousRateHeaders());
  },
  rateLimited(res, refusal, caller) {
    const user = caller.grant.login;
    error(
      res,
      403,
      `API rate limit exceeded for user ${user}. If you reach out to GitHub Support for help, please include the request ID and timestamp.`,
      { ...rateHeaders(refusal.limit, 0, refusal.limit, refusal.resetAt), "retry-after": String(refusal.retryAfterSeconds) },
      `${DOCS}/overview/rate-limits-for-the-rest-api`,
    );
  },
  failed(res, status) {
    error(res, status, STATUS_MESSAGES[status] ?? "Server Error", anonymousRateHeaders());
  },
};

function findOrganization(ctx: SandboxContext, login: string | undefined): GitHubOrganizationFixture | undefined {
  const wanted = (login ?? "").toLowerCase();
  return ctx.state.world.github.organizations.find((o) => o.login.toLowerCase() === wanted);
}

function roleIn(org: GitHubOrganizationFixture, login: string): Role | null {
  return org.members[login] ?? null;
}

/** Public repositories to anyone signed in; private and internal ones to the organization's members (shared with Git over HTTP). */
export function canSee(org: GitHubOrganizationFixture, repo: GitHubRepositoryFixture, login: string): boolean {
  return repo.visibility === "public" || roleIn(org, login) !== null;
}

function permissionsFor(role: Role | null): RepositoryPermissions {
  if (role === "admin") return { admin: true, maintain: true, push: true, triage: true, pull: true };
  return { admin: false, maintain: false, push: false, triage: false, pull: true };
}

function sortRepositories(repos: GitHubRepositoryFixture[], query: URLSearchParams): GitHubRepositoryFixture[] {
  const sort = query.get("sort") ?? "created";
  const direction = query.get("direction") ?? (sort === "full_name" ? "asc" : "desc");
  const key = (r: GitHubRepositoryFixture): string =>
    sort === "full_name" ? r.name.toLowerCase() : sort === "pushed" ? r.pushedAt : sort === "updated" ? r.pushedAt : r.createdAt;
  const sorted = [...repos].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id));
  return direction === "asc" ? sorted : sorted.reverse();
}

function filterByType(repos: GitHubRepositoryFixture[], type: string | null): GitHubRepositoryFixture[] {
  switch (type) {
    case "public":
      return repos.filter((r) => r.visibility === "public");
    case "private":
      return repos.filter((r) => r.visibility !== "public");
    case "forks":
      return [];
    default:
      return repos;
  }
}

export function registerGitHubApi(route: Route, ctx: SandboxContext): void {
  const base = "/github/api/v3";

  interface Call {
    req: IncomingMessage;
    caller: ApiCaller;
    user: GitHubUserFixture;
    params: RouteParams;
    /** 200 with GitHub's headers. */
    ok: (body: unknown, headers?: OutgoingHttpHeaders) => void;
    /** 204 with GitHub's headers. */
    noContent: () => void;
    notFound: (documentationUrl?: string) => void;
    /** An error with GitHub's headers. */
    fail: (status: number, message: string, documentationUrl: string) => void;
  }

  /** The organization a request is under (its :org, :owner or numeric :id), for failOrganization(). */
  function organizationOf(params: RouteParams): string | undefined {
    if (params.org ?? params.owner) return params.org ?? params.owner;
    return params.id ? ctx.state.world.github.organizations.find((o) => String(o.id) === params.id)?.login : undefined;
  }

  /** Authenticates, checks the API version header, and gives the handler a way to answer with GitHub's headers. */
  function api(handler: (call: Call) => void, options: { countsAgainstQuota?: boolean } = {}): Handler {
    return (req, res, params) => {
      const requested = req.headers["x-github-api-version"];
      if (typeof requested === "string" && !SUPPORTED_VERSIONS.has(requested)) {
        return error(res, 400, `Unsupported 'X-GitHub-Api-Version' header: ${requested}. The supported values are: ${[...SUPPORTED_VERSIONS].join(", ")}.`, anonymousRateHeaders());
      }
      const organization = organizationOf(params);
      const forced = organization === undefined ? null : ctx.state.takeOrganizationFailure("github", organization, requestUrl(req).pathname);
      if (forced !== null) return dialect.failed(res, forced);
      const caller = options.countsAgainstQuota === false ? peek(req, res) : authenticate(ctx, dialect, req, res);
      if (!caller) return;
      const user = ctx.state.world.github.users.find((u) => u.login === caller.login);
      if (!user) return dialect.unauthorized(res, "revoked", req);
      const headers = (): OutgoingHttpHeaders => ({
        ...baseHeaders(),
        ...rateHeaders(caller.quota.limit, caller.quota.remaining, caller.quota.used, caller.quota.resetAt),
        "x-oauth-scopes": caller.grant.scopes.join(", "),
        "cache-control": "private, max-age=60, s-maxage=60",
        vary: "Accept, Authorization, Cookie, X-GitHub-OTP",
      });
      handler({
        req,
        caller,
        user,
        params,
        ok: (body, extra = {}) => sendJson(res, 200, body, { ...headers(), ...extra }),
        noContent: () => send(res, 204, "", headers()),
        notFound: (docs) => error(res, 404, "Not Found", headers(), docs ?? DOCS),
        fail: (status, message, docs) => error(res, status, message, headers(), docs),
      });
    };
  }

  /** GET /rate_limit does not count against the quota, but still needs a valid token. */
  function peek(req: IncomingMessage, res: ServerResponse): ApiCaller | null {
    const check = ctx.state.tokens.checkAccessToken("github", dialect.tokenOf(req));
    if (!check.ok) {
      dialect.unauthorized(res, check.failure, req);
      return null;
    }
    const user = ctx.state.world.github.users.find((u) => u.login === check.grant.login);
    if (!user) return null;
    const limit = user.requestsPerWindow ?? CORE_LIMIT;
    return { login: user.login, user, grant: check.grant, quota: ctx.state.peekQuota("github", user.login, limit, WINDOW_SECONDS) };
  }

  function pageOf(req: IncomingMessage, defaultPerPage = 30) {
    const query = requestUrl(req).searchParams;
    return { query, page: positiveInteger(query.get("page"), 1), perPage: Math.min(100, positiveInteger(query.get("per_page"), defaultPerPage)) };
  }

  function memberships(login: string): [GitHubOrganizationFixture, Role][] {
    return ctx.state.world.github.organizations.flatMap((org): [GitHubOrganizationFixture, Role][] => {
      const role = roleIn(org, login);
      return role ? [[org, role]] : [];
    });
  }

  route(
    "GET",
    `${base}/user`,
    api(({ user, ok }) => {
      const repos = memberships(user.login).flatMap(([org]) => org.repositories);
      ok(privateUser(ctx.urls, user, { publicRepos: 0, privateRepos: repos.filter((r) => r.visibility !== "public").length }));
    }),
  );

  route(
    "GET",
    `${base}/user/orgs`,
    api(({ req, user, ok }) => {
      const { page, perPage } = pageOf(req);
      const result = paginate(memberships(user.login).map(([org]) => organizationSimple(ctx.urls, org)), page, perPage);
      const link = linkHeader(new URL(`${ctx.urls.githubApiUrl}/user/orgs${requestUrl(req).search}`), result, ["next", "last", "first", "prev"]);
      ok(result.items, link ? { link } : {});
    }),
  );

  route(
    "GET",
    `${base}/user/memberships/orgs`,
    api(({ req, user, ok }) => {
      const { query, page, perPage } = pageOf(req);
      const state = query.get("state");
      const all = state === "pending" ? [] : memberships(user.login).map(([org, role]) => orgMembership(ctx.urls, org, user, role));
      const result = paginate(all, page, perPage);
      const link = linkHeader(new URL(`${ctx.urls.githubApiUrl}/user/memberships/orgs${requestUrl(req).search}`), result, ["next", "last", "first", "prev"]);
      ok(result.items, link ? { link } : {});
    }),
  );

  route(
    "GET",
    `${base}/orgs/:org`,
    api(({ params, user, ok, notFound }) => {
      const org = findOrganization(ctx, params.org);
      if (!org) return notFound(`${DOCS}/orgs/orgs#get-an-organization`);
      ok(organizationFull(ctx.urls, org, roleIn(org, user.login) === "admin"));
    }),
  );

  const listRepositories = (find: (params: RouteParams) => GitHubOrganizationFixture | undefined): Handler =>
    api(({ req, params, user, ok, notFound }) => {
      const org = find(params);
      if (!org) return notFound(`${DOCS}/repos/repos#list-organization-repositories`);
      const { query, page, perPage } = pageOf(req);
      const role = roleIn(org, user.login);
      const visible = org.repositories.filter((r) => canSee(org, r, user.login));
      const result = paginate(sortRepositories(filterByType(visible, query.get("type")), query), page, perPage);
      // GitHub's links point at the organization's numeric id.
      const link = linkHeader(new URL(`${ctx.urls.githubApiUrl}/organizations/${org.id}/repos${requestUrl(req).search}`), result, ["next", "last", "first", "prev"]);
      ok(
        result.items.map((r) => minimalRepository(ctx.urls, org, r, permissionsFor(role))),
        link ? { link } : {},
      );
    });

  route("GET", `${base}/orgs/:org/repos`, listRepositories((params) => findOrganization(ctx, params.org)));
  route(
    "GET",
    `${base}/organizations/:id/repos`,
    listRepositories((params) => ctx.state.world.github.organizations.find((o) => String(o.id) === params.id)),
  );

  /** The repository of :owner/:repo if the user can see it. */
  function visibleRepository(params: RouteParams, login: string): { org: GitHubOrganizationFixture; repo: GitHubRepositoryFixture } | undefined {
    const org = findOrganization(ctx, params.owner);
    const repo = org?.repositories.find((r) => r.name.toLowerCase() === (params.repo ?? "").toLowerCase());
    return org && repo && canSee(org, repo, login) ? { org, repo } : undefined;
  }

  route(
    "GET",
    `${base}/repos/:owner/:repo`,
    api(({ params, user, ok, notFound }) => {
      const found = visibleRepository(params, user.login);
      if (!found) return notFound(`${DOCS}/repos/repos#get-a-repository`);
      ok(fullRepository(ctx.urls, found.org, found.repo, permissionsFor(roleIn(found.org, user.login))));
    }),
  );

  // Both need admin access to the repository: organization owners here (members get "pull").
  const ADMIN_RIGHTS = "Must have admin rights to Repository.";

  route(
    "GET",
    `${base}/repos/:owner/:repo/code-scanning/default-setup`,
    api(({ params, user, ok, notFound, fail }) => {
      const docs = `${DOCS}/code-scanning/code-scanning#get-a-code-scanning-default-setup-configuration`;
      const found = visibleRepository(params, user.login);
      if (!found) return notFound(docs);
      if (roleIn(found.org, user.login) !== "admin") return fail(403, ADMIN_RIGHTS, docs);
      // Code scanning is free on public repositories; private and internal ones need Advanced Security.
      if (found.repo.visibility !== "public" && !found.repo.security.advancedSecurity) {
        return fail(403, "Advanced Security must be enabled for this repository to use code scanning.", docs);
      }
      ok(codeScanningDefaultSetup(found.repo));
    }),
  );

  route(
    "GET",
    `${base}/repos/:owner/:repo/vulnerability-alerts`,
    api(({ params, user, noContent, notFound, fail }) => {
      const docs = `${DOCS}/repos/repos#check-if-vulnerability-alerts-are-enabled-for-a-repository`;
      const found = visibleRepository(params, user.login);
      if (!found) return notFound(docs);
      if (roleIn(found.org, user.login) !== "admin") return fail(403, ADMIN_RIGHTS, docs);
      if (!found.repo.security.dependabotAlerts) return fail(404, "Vulnerability alerts are disabled.", docs);
      noContent();
    }),
  );

  // The default branch's protection rule: admins only, as on GitHub. Only the default branch exists here.
  route(
    "GET",
    `${base}/repos/:owner/:repo/branches/:branch/protection`,
    api(({ params, user, ok, notFound, fail }) => {
      const docs = `${DOCS}/branches/branch-protection#get-branch-protection`;
      const found = visibleRepository(params, user.login);
      if (!found) return notFound(docs);
      if (roleIn(found.org, user.login) !== "admin") return fail(403, ADMIN_RIGHTS, docs);
      if (params.branch !== found.repo.defaultBranch) return fail(404, "Branch not found", docs);
      if (!found.repo.protection) return fail(404, "Branch not protected", docs);
      ok(branchProtection(ctx.urls, found.org, found.repo, found.repo.defaultBranch));
    }),
  );

  // Self-hosted runners registered on the repository: admins only.
  route(
    "GET",
    `${base}/repos/:owner/:repo/actions/runners`,
    api(({ req, params, user, ok, notFound, fail }) => {
      const docs = `${DOCS}/actions/self-hosted-runners#list-self-hosted-runners-for-a-repository`;
      const found = visibleRepository(params, user.login);
      if (!found) return notFound(docs);
      if (roleIn(found.org, user.login) !== "admin") return fail(403, ADMIN_RIGHTS, docs);
      const { page, perPage } = pageOf(req);
      const result = paginate(found.repo.runners, page, perPage);
      const link = linkHeader(new URL(`${ctx.urls.githubApiUrl}/repos/${found.org.login}/${found.repo.name}/actions/runners${requestUrl(req).search}`), result, ["next", "last", "first", "prev"]);
      ok(selfHostedRunners(found.repo, result.items), link ? { link } : {});
    }),
  );

  // Organization members: members see every one (owners with role=admin); others see public members, of which the fixtures have none.
  route(
    "GET",
    `${base}/orgs/:org/members`,
    api(({ req, params, user, ok, notFound, fail }) => {
      const docs = `${DOCS}/orgs/members#list-organization-members`;
      const org = findOrganization(ctx, params.org);
      if (!org) return notFound(docs);
      const { query, page, perPage } = pageOf(req);
      const role = query.get("role") ?? "all";
      if (!["all", "admin", "member"].includes(role)) return fail(422, "Validation Failed", docs);
      const people = [...ctx.state.world.github.users, ...ctx.state.world.github.people];
      const listed =
        roleIn(org, user.login) === null
          ? []
          : Object.entries(org.members)
              .filter(([, r]) => role === "all" || r === role)
              .flatMap(([login]) => people.filter((p) => p.login === login))
              .sort((a, b) => a.id - b.id);
      const result = paginate(listed, page, perPage);
      const link = linkHeader(new URL(`${ctx.urls.githubApiUrl}/orgs/${org.login}/members${requestUrl(req).search}`), result, ["next", "last", "first", "prev"]);
      ok(
        result.items.map((p) => simpleUser(ctx.urls, p)),
        link ? { link } : {},
      );
    }),
  );

  // The GITHUB_TOKEN's default permissions in the organization's workflows: owners only.
  route(
    "GET",
    `${base}/orgs/:org/actions/permissions/workflow`,
    api(({ params, user, ok, notFound, fail }) => {
      const docs = `${DOCS}/actions/permissions#get-default-workflow-permissions-for-an-organization`;
      const org = findOrganization(ctx, params.org);
      if (!org) return notFound(docs);
      if (roleIn(org, user.login) !== "admin") return fail(403, "You must be an organization owner to do this.", docs);
      ok(workflowPermissions(org));
    }),
  );

  route(
    "GET",
    `${base}/rate_limit`,
    api(
      ({ caller, ok }) => {
        ok(rateLimitOverview(caller.quota, { limit: 30, resetAt: Math.ceil(Date.now() / 1000) + 60 }));
      },
      { countsAgainstQuota: false },
    ),
  );
}
