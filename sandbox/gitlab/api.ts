import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { authenticate, type ApiCaller, type ApiDialect } from "../api-gate";
import type { SandboxContext } from "../context";
import { ACCESS_LEVEL, type GitLabGroupFixture, type GitLabProjectFixture } from "../fixtures/gitlab";
import { authorizationCredentials, requestUrl, sendJson, sendText, type Handler, type Route, type RouteParams } from "../http";
import { randomHex } from "../ids";
import { linkHeader, paginate, positiveInteger, type Page } from "../pagination";
import type { Quota } from "../state";
import { gitlabAccess } from "./access";
import { GITLAB_API_SCOPES } from "./oauth";
import { approvalConfiguration, approvalRule, currentUser, fullPath, group, project, projectStatistics } from "./responses";

/**
 * The part of GitLab's REST API v4 (/gitlab/api/v4) that Rampart uses: the user,
 * groups and subgroups with access levels (inherited from parent groups), and
 * projects, with GitLab's pagination and RateLimit-* headers.
 */

const LIMIT_PER_MINUTE = 2_000;
const WINDOW_SECONDS = 60;
const THROTTLE_NAME = "throttle_authenticated_api";

function requestIdHeader(): OutgoingHttpHeaders {
  return { "x-request-id": randomHex(13).toUpperCase(), "x-runtime": "0.012345" };
}

function rateLimitHeaders(limit: number, observed: number, remaining: number, resetAt: number): OutgoingHttpHeaders {
  return {
    "ratelimit-name": THROTTLE_NAME,
    "ratelimit-limit": String(limit),
    "ratelimit-observed": String(observed),
    "ratelimit-remaining": String(remaining),
    "ratelimit-reset": String(resetAt),
    "ratelimit-resettime": new Date(resetAt * 1000).toUTCString(),
  };
}

function quotaHeaders(quota: Quota): OutgoingHttpHeaders {
  return rateLimitHeaders(quota.limit, quota.used, quota.remaining, quota.resetAt);
}

const STATUS_TEXT: Record<number, string> = { 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout" };

const dialect: ApiDialect = {
  provider: "gitlab",
  defaultLimit: LIMIT_PER_MINUTE,
  windowSeconds: WINDOW_SECONDS,
  tokenOf: (req) => authorizationCredentials(req, ["bearer"]),
  users: (ctx) => ctx.state.world.gitlab.users,
  unauthorized(res, failure) {
    if (failure === "expired" || failure === "revoked") {
      const description = failure === "expired" ? "Token is expired. You can either do re-authorization or token refresh." : "Token was revoked. You have to re-authorize from the user.";
      return sendJson(
        res,
        401,
        { error: "invalid_token", error_description: description },
        { ...requestIdHeader(), "www-authenticate": `Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="${description}"` },
      );
    }
    sendJson(res, 401, { message: "401 Unauthorized" }, requestIdHeader());
  },
  rateLimited(res, refusal) {
    sendText(res, 429, "Retry later\n", {
      ...requestIdHeader(),
      ...rateLimitHeaders(refusal.limit, refusal.limit + 1, 0, refusal.resetAt),
      "retry-after": String(refusal.retryAfterSeconds),
    });
  },
  failed(res, status) {
    sendJson(res, status, { message: `${status} ${STATUS_TEXT[status] ?? "Error"}` }, requestIdHeader());
  },
};

export function registerGitLabApi(route: Route, ctx: SandboxContext): void {
  const base = "/gitlab/api/v4";
  const groups = () => ctx.state.world.gitlab.groups;
  const projects = () => ctx.state.world.gitlab.projects;

  const { groupByPath, accessLevel, canSeeGroup, projectAccess, canSeeProject } = gitlabAccess(groups);

  /** :id is a numeric id or a URL-encoded full path (the router has decoded it). */
  function findGroup(id: string | undefined): GitLabGroupFixture | undefined {
    if (!id) return undefined;
    return /^\d+$/.test(id) ? groups().find((g) => g.id === Number(id)) : groupByPath(id);
  }

  /** :id of a project: numeric, or its URL-encoded path with namespace. */
  function findProject(id: string | undefined): GitLabProjectFixture | undefined {
    if (!id) return undefined;
    return /^\d+$/.test(id) ? projects().find((x) => x.id === Number(id)) : projects().find((x) => `${x.groupPath}/${x.path}`.toLowerCase() === id.toLowerCase());
  }

  /** The namespace full path a group or project route is under, for failOrganization(). */
  function namespaceOf(kind: "group" | "project", id: string | undefined): string | undefined {
    if (kind === "project") return findProject(id)?.groupPath;
    const g = findGroup(id);
    return g ? fullPath(g) : undefined;
  }

  function isDescendant(g: GitLabGroupFixture, ancestorPath: string): boolean {
    return g.parentPath !== null && (g.parentPath === ancestorPath || g.parentPath.startsWith(`${ancestorPath}/`));
  }

  interface Call {
    req: IncomingMessage;
    res: ServerResponse;
    caller: ApiCaller;
    params: RouteParams;
    query: URLSearchParams;
    /** 200 with GitLab's headers. */
    ok: (body: unknown, headers?: OutgoingHttpHeaders) => void;
    notFound: (what: string) => void;
  }

  /**
   * Authenticates, checks the token's scopes, and answers with GitLab's headers.
   * `under`: the route's :id is a group's or a project's (a failing organization fails it).
   */
  function api(handler: (call: Call) => void, options: { needsApiScope?: boolean; under?: "group" | "project" } = {}): Handler {
    const needsApiScope = options.needsApiScope ?? true;
    return (req, res, params) => {
      const namespace = options.under ? namespaceOf(options.under, params.id) : undefined;
      const forced = namespace === undefined ? null : ctx.state.takeOrganizationFailure("gitlab", namespace, requestUrl(req).pathname);
      if (forced !== null) return dialect.failed(res, forced);
      const caller = authenticate(ctx, dialect, req, res);
      if (!caller) return;
      const headers = { ...requestIdHeader(), ...quotaHeaders(caller.quota), "cache-control": "max-age=0, private, must-revalidate", vary: "Origin" };
      const allowed = needsApiScope ? GITLAB_API_SCOPES : [...GITLAB_API_SCOPES, "read_user"];
      if (!caller.grant.scopes.some((s) => (allowed as readonly string[]).includes(s))) {
        return sendJson(
          res,
          403,
          { error: "insufficient_scope", error_description: "The request requires higher privileges than provided by the access token.", scope: allowed.join(" ") },
          { ...headers, "www-authenticate": `Bearer realm="Protected by OAuth 2.0", error="insufficient_scope", scope="${allowed.join(" ")}"` },
        );
      }
      handler({
        req,
        res,
        caller,
        params,
        query: requestUrl(req).searchParams,
        ok: (body, extra = {}) => sendJson(res, 200, body, { ...headers, ...extra }),
        notFound: (what) => sendJson(res, 404, { message: `404 ${what} Not Found` }, headers),
      });
    };
  }

  /** A project as the user sees it; `statistics` only when asked for and the user is at least a Reporter, as GitLab does. */
  function withStatistics(p: GitLabProjectFixture, access: number, statistics: boolean) {
    const body = project(ctx.urls, groups(), p, access);
    return statistics && access >= ACCESS_LEVEL.reporter ? { ...body, statistics: projectStatistics(p) } : body;
  }

  function pageHeaders(req: IncomingMessage, path: string, page: Page<unknown>): OutgoingHttpHeaders {
    const url = new URL(`${ctx.urls.gitlabUrl}/api/v4${path}${requestUrl(req).search}`);
    return {
      "x-page": String(page.page),
      "x-per-page": String(page.perPage),
      "x-total": String(page.total),
      "x-total-pages": String(page.totalPages),
      "x-next-page": page.page < page.totalPages ? String(page.page + 1) : "",
      "x-prev-page": page.page > 1 ? String(page.page - 1) : "",
      link: linkHeader(url, page, ["prev", "next", "first", "last"], true),
    };
  }

  function pageOf<T>(query: URLSearchParams, items: readonly T[]): Page<T> {
    return paginate(items, positiveInteger(query.get("page"), 1), Math.min(100, positiveInteger(query.get("per_page"), 20)));
  }

  const byName = (a: GitLabGroupFixture, b: GitLabGroupFixture) => a.name.localeCompare(b.name) || a.id - b.id;

  function filterGroups(list: GitLabGroupFixture[], login: string, query: URLSearchParams): GitLabGroupFixture[] {
    const minAccess = positiveInteger(query.get("min_access_level"), 0);
    const search = query.get("search")?.toLowerCase();
    return list
      .filter((g) => accessLevel(g, login) >= minAccess)
      .filter((g) => !search || g.name.toLowerCase().includes(search) || g.path.toLowerCase().includes(search))
      .sort(query.get("order_by") === "id" ? (a, b) => a.id - b.id : query.get("order_by") === "path" ? (a, b) => fullPath(a).localeCompare(fullPath(b)) : byName);
  }

  function directionOf<T>(list: T[], query: URLSearchParams): T[] {
    return query.get("sort") === "desc" ? [...list].reverse() : list;
  }

  route(
    "GET",
    `${base}/user`,
    api(({ caller, ok }) => {
      const user = ctx.state.world.gitlab.users.find((u) => u.login === caller.login);
      if (user) ok(currentUser(ctx.urls, user));
    }, { needsApiScope: false }),
  );

  route(
    "GET",
    `${base}/groups`,
    api(({ req, caller, query, ok }) => {
      const allAvailable = query.get("all_available") === "true";
      let list = groups().filter((g) => (allAvailable ? canSeeGroup(g, caller.login) : accessLevel(g, caller.login) > 0));
      if (query.get("top_level_only") === "true") list = list.filter((g) => g.parentPath === null);
      const page = pageOf(query, directionOf(filterGroups(list, caller.login, query), query));
      ok(
        page.items.map((g) => group(ctx.urls, groups(), g)),
        pageHeaders(req, "/groups", page),
      );
    }),
  );

  route(
    "GET",
    `${base}/groups/:id`,
    api(({ params, caller, query, ok, notFound }) => {
      const g = findGroup(params.id);
      if (!g || !canSeeGroup(g, caller.login)) return notFound("Group");
      const body = group(ctx.urls, groups(), g);
      if (query.get("with_projects") === "false") return ok(body);
      const own = projects().filter((p) => p.groupPath === fullPath(g) && canSeeProject(p, caller.login));
      ok({ ...body, projects: own.map((p) => project(ctx.urls, groups(), p, projectAccess(p, caller.login))), shared_projects: [] });
    }, { under: "group" }),
  );

  /** GET /groups/:id/subgroups (children) and /groups/:id/descendant_groups (every level below). */
  const groupsBelow = (resource: "subgroups" | "descendant_groups"): Handler =>
    api(
      ({ req, params, caller, query, ok, notFound }) => {
        const g = findGroup(params.id);
        if (!g || !canSeeGroup(g, caller.login)) return notFound("Group");
        const allAvailable = query.get("all_available") !== "false";
        const below = groups().filter((c) => (resource === "subgroups" ? c.parentPath === fullPath(g) : isDescendant(c, fullPath(g))));
        const visible = below.filter((c) => (allAvailable ? canSeeGroup(c, caller.login) : accessLevel(c, caller.login) > 0));
        const page = pageOf(query, directionOf(filterGroups(visible, caller.login, query), query));
        ok(
          page.items.map((c) => group(ctx.urls, groups(), c)),
          pageHeaders(req, `/groups/${g.id}/${resource}`, page),
        );
      },
      { under: "group" },
    );
  route("GET", `${base}/groups/:id/subgroups`, groupsBelow("subgroups"));
  route("GET", `${base}/groups/:id/descendant_groups`, groupsBelow("descendant_groups"));

  route(
    "GET",
    `${base}/groups/:id/projects`,
    api(({ req, params, caller, query, ok, notFound }) => {
      const g = findGroup(params.id);
      if (!g || !canSeeGroup(g, caller.login)) return notFound("Group");
      const path = fullPath(g);
      const includeSubgroups = query.get("include_subgroups") === "true";
      const archived = query.get("archived");
      const visibility = query.get("visibility");
      const list = projects()
        .filter((p) => {
          if (p.groupPath === path) return true;
          const owner = includeSubgroups ? groupByPath(p.groupPath) : undefined;
          return owner !== undefined && isDescendant(owner, path);
        })
        .filter((p) => canSeeProject(p, caller.login))
        .filter((p) => archived === null || String(p.archived) === archived)
        .filter((p) => !visibility || p.visibility === visibility);
      const orderBy = query.get("order_by") ?? "created_at";
      const key = (p: GitLabProjectFixture): string | number =>
        orderBy === "id" ? p.id : orderBy === "name" ? p.name.toLowerCase() : orderBy === "path" ? p.path : orderBy === "last_activity_at" || orderBy === "updated_at" ? p.lastActivityAt : p.createdAt;
      const sorted = [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id));
      const ordered = (query.get("sort") ?? "desc") === "desc" ? sorted.reverse() : sorted;
      const page = pageOf(query, ordered);
      // with_shared: the fixtures share no projects between groups, so it changes nothing.
      const statistics = query.get("statistics") === "true";
      ok(
        page.items.map((p) => withStatistics(p, projectAccess(p, caller.login), statistics)),
        pageHeaders(req, `/groups/${g.id}/projects`, page),
      );
    }, { under: "group" }),
  );

  route(
    "GET",
    `${base}/projects/:id`,
    api(({ params, caller, query, ok, notFound }) => {
      const p = findProject(params.id);
      if (!p || !canSeeProject(p, caller.login)) return notFound("Project");
      ok(withStatistics(p, projectAccess(p, caller.login), query.get("statistics") === "true"));
    }, { under: "project" }),
  );

  // Merge request approvals (Premium): the settings and the project-level rules. Reading them
  // takes at least the Developer role, as creating a merge request does; below it, 403.
  const approvals = (answer: (call: Call, p: GitLabProjectFixture) => void): Handler =>
    api(
      (call) => {
        const p = findProject(call.params.id);
        if (!p || !canSeeProject(p, call.caller.login)) return call.notFound("Project");
        if (projectAccess(p, call.caller.login) < ACCESS_LEVEL.developer) return sendJson(call.res, 403, { message: "403 Forbidden" }, requestIdHeader());
        answer(call, p);
      },
      { under: "project" },
    );

  route(
    "GET",
    `${base}/projects/:id/approvals`,
    approvals(({ ok }, p) => ok(approvalConfiguration(p))),
  );

  route(
    "GET",
    `${base}/projects/:id/approval_rules`,
    approvals(({ req, query, ok }, p) => {
      const page = pageOf(query, p.approvals.rules);
      ok(
        page.items.map((rule) => approvalRule(p, rule)),
        pageHeaders(req, `/projects/${p.id}/approval_rules`, page),
      );
    }),
  );
}
