import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { ENTRA_TENANT_GUID } from "../azure-devops/entra";
import type { SandboxContext } from "../context";
import { canSee } from "../github/api";
import { gitlabAccess } from "../gitlab/access";
import { authorizationCredentials, requestUrl, sendText } from "../http";
import type { Provider } from "../types";
import { codeRepository, type LocatedRepository } from "./code-repository";
import { runHttpBackend } from "./http-backend";
import type { CodeRepository } from "./store";

/**
 * Git over HTTP (smart protocol, read-only) at the clone URLs the APIs advertise:
 * GitHub `{url}/github/{owner}/{repo}.git`, GitLab `{url}/gitlab/{group path}/{project}.git`,
 * Azure DevOps `{url}/azure-devops/{org}/{project}/_git/{repo}`. Each provider decides
 * who may clone what, and words its refusals, as the real service does (see
 * sandbox/README.md, "Git clones"); upload-pack itself is the real `git http-backend`.
 */

type Action = "info/refs" | "git-upload-pack" | "git-receive-pack";

interface GitTarget {
  provider: Provider;
  /** The decoded path segments between the provider's prefix and the action. */
  segments: string[];
  action: Action;
}

const PREFIXES: Record<string, Provider> = { github: "github", gitlab: "gitlab", "azure-devops": "azure-devops" };

/** The Git request a path names, if it is one. */
export function gitTarget(req: IncomingMessage): GitTarget | null {
  const parts = requestUrl(req).pathname.split("/").filter(Boolean);
  const provider = PREFIXES[(parts[0] ?? "").toLowerCase()];
  if (!provider) return null;
  let action: Action;
  let end: number;
  const last = (parts.at(-1) ?? "").toLowerCase();
  if (last === "git-upload-pack" || last === "git-receive-pack") [action, end] = [last, parts.length - 1];
  else if (last === "refs" && parts.at(-2)?.toLowerCase() === "info") [action, end] = ["info/refs", parts.length - 2];
  else return null;
  try {
    return { provider, segments: parts.slice(1, end).map((s) => decodeURIComponent(s)), action };
  } catch {
    return null;
  }
}

/** What the caller presented: nothing, or a token (null when it is not one we can read). */
function presentedToken(req: IncomingMessage, provider: Provider): { given: false } | { given: true; token: string | null } {
  if (!req.headers.authorization) return { given: false };
  const bearer = authorizationCredentials(req, provider === "github" ? ["bearer", "token"] : ["bearer"]);
  if (bearer) return { given: true, token: bearer };
  const basic = authorizationCredentials(req, ["basic"]);
  if (!basic) return { given: true, token: null };
  // Git sends user:password as they are (no form encoding).
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const [username, password] = colon < 0 ? [decoded, ""] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  // GitHub also takes the token as the user name, with an empty or "x-oauth-basic" password.
  if (provider === "github" && (password === "" || password === "x-oauth-basic")) return { given: true, token: username };
  return { given: true, token: password || null };
}

/** The token's user, if the token is valid (GitLab: and allowed to read repositories). */
function tokenUser(ctx: SandboxContext, provider: Provider, token: string | null): string | null {
  const check = ctx.state.tokens.checkAccessToken(provider, token);
  if (!check.ok) return null;
  const { github, gitlab, azureDevOps } = ctx.state.world;
  const users = provider === "github" ? github.users : provider === "gitlab" ? gitlab.users : azureDevOps.users;
  if (!users.some((u) => u.login === check.grant.login)) return null;
  if (provider === "gitlab" && !check.grant.scopes.some((s) => ["api", "read_repository", "write_repository"].includes(s))) return null;
  return check.grant.login;
}

type Refusal = { status: number; message: string; headers?: OutgoingHttpHeaders };
type Resolution = { ok: true; located: LocatedRepository; login: string | null } | { ok: false; refusal: Refusal };

const withoutGit = (name: string) => name.replace(/\.git$/i, "");
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const GITHUB_REALM = { "www-authenticate": 'Basic realm="GitHub"' };
const GITLAB_REALM = { "www-authenticate": 'Basic realm="GitLab"' };
const GITLAB_DENIED =
  "HTTP Basic: Access denied. If a password was provided for Git authentication, the password was incorrect or you're required to use a token instead of a password. If a token was provided, it was either incorrect, expired, or improperly scoped.";

/**
 * Who may clone: anonymous callers public repositories only (and are asked to sign in
 * for anything else, known or not); a valid token whatever its user can see through the
 * API; a repository the user cannot see, or that does not exist, is a 404 on GitHub and
 * GitLab (which hide private repositories), and per Azure DevOps' rules there.
 */
function resolve(ctx: SandboxContext, target: GitTarget, req: IncomingMessage, push: boolean): Resolution {
  const presented = presentedToken(req, target.provider);
  const refuse = (status: number, message: string, headers?: OutgoingHttpHeaders): Resolution => ({ ok: false, refusal: { status, message, headers } });

  if (target.provider === "github") {
    const [owner, name, ...rest] = target.segments;
    const org = rest.length === 0 && owner && name ? ctx.state.world.github.organizations.find((o) => same(o.login, owner)) : undefined;
    const repo = org?.repositories.find((r) => same(r.name, withoutGit(name ?? "")));
    if (!presented.given) {
      if (org && repo && repo.visibility === "public" && !push) return { ok: true, located: { provider: "github", org, repo }, login: null };
      return refuse(401, "Authentication required: give a token as the password (any user name) or in an Authorization: Bearer header.", GITHUB_REALM);
    }
    const login = tokenUser(ctx, "github", presented.token);
    if (!login) return refuse(401, "Invalid username or token. Password authentication is not supported for Git operations.", GITHUB_REALM);
    if (!org || !repo || !canSee(org, repo, login)) return refuse(404, "Repository not found.");
    return { ok: true, located: { provider: "github", org, repo }, login };
  }

  if (target.provider === "gitlab") {
    const path = [...target.segments.slice(0, -1), withoutGit(target.segments.at(-1) ?? "")].join("/");
    const project = target.segments.length >= 2 ? ctx.state.world.gitlab.projects.find((p) => same(`${p.groupPath}/${p.path}`, path)) : undefined;
    if (!presented.given) {
      if (project && project.visibility === "public" && !push) return { ok: true, located: { provider: "gitlab", project }, login: null };
      return refuse(401, GITLAB_DENIED, GITLAB_REALM);
    }
    const login = tokenUser(ctx, "gitlab", presented.token);
    if (!login) return refuse(401, GITLAB_DENIED, GITLAB_REALM);
    if (!project || !gitlabAccess(() => ctx.state.world.gitlab.groups).canSeeProject(project, login)) {
      return refuse(404, "The project you were looking for could not be found or you don't have permission to view it.");
    }
    return { ok: true, located: { provider: "gitlab", project }, login };
  }

  // Azure DevOps: {org}/{project}/_git/{repo}, or {org}/_git/{repo} for the project of the same name.
  const segments = target.segments;
  const gitIndex = segments.findIndex((s) => same(s, "_git"));
  const orgName = segments[0] ?? "";
  const repoName = gitIndex >= 0 && gitIndex === segments.length - 2 ? (segments.at(-1) ?? "") : "";
  const projectName = gitIndex === 2 ? (segments[1] ?? "") : gitIndex === 1 ? repoName : "";
  const org = ctx.state.world.azureDevOps.organizations.find((o) => same(o.name, orgName));
  if (!org) return refuse(404, `VS800075: The organization '${orgName}' does not exist.`);
  const project = projectName ? org.projects.find((p) => same(p.name, projectName) || same(p.id, projectName)) : undefined;
  const repo = project?.repositories.find((r) => same(r.name, repoName) || same(r.id, repoName));
  const notFound = () =>
    refuse(404, `TF401019: The Git repository with name or identifier ${repoName || projectName} does not exist or you do not have permissions for the operation you are attempting.`);
  const unauthorized = (message: string) =>
    refuse(401, message, { "www-authenticate": [`Bearer authorization_uri=${ctx.urls.entraUrl}/${ENTRA_TENANT_GUID}`, `Basic realm="${ctx.urls.url}/"`] });
  const disabled = () => refuse(403, `The repository ${repoName} is disabled: its content cannot be read until a project administrator enables it again.`);
  if (!presented.given) {
    if (!project || project.visibility !== "public" || push) return unauthorized("TF400813: Resource not available for anonymous access. Client authentication required.");
    if (!repo) return notFound();
    if (repo.isDisabled) return disabled();
    return { ok: true, located: { provider: "azure-devops", org, project, repo }, login: null };
  }
  const login = tokenUser(ctx, "azure-devops", presented.token);
  const user = ctx.state.world.azureDevOps.users.find((u) => u.login === login);
  if (!login || !user) return unauthorized("TF400813: The user '' is not authorized to access this resource.");
  // As its API does: an organization the user is not in, or whose third-party OAuth access is off, refuses the token.
  if (!org.members[login] || !org.thirdPartyOAuthAccess) return unauthorized(`TF400813: The user '${user.id}' is not authorized to access this resource.`);
  if (!project || !repo) return notFound();
  if (repo.isDisabled) return disabled();
  return { ok: true, located: { provider: "azure-devops", org, project, repo }, login };
}

const PUSH_REFUSED =
  "The SCM sandbox's repositories are read-only: pushing is not supported. Tests change a repository's content with the push-commit control (POST /_sandbox/push-commit).";

/** Serves one Git request (gitTarget() said it is one). */
export async function serveGit(ctx: SandboxContext, target: GitTarget, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const text = (status: number, message: string, headers: OutgoingHttpHeaders = {}) => {
    req.resume();
    sendText(res, status, `${message}\n`, { "cache-control": "no-cache", ...headers });
  };
  let service: string | null;
  if (target.action === "info/refs") {
    if (req.method !== "GET") return text(405, "Method Not Allowed", { allow: "GET" });
    service = requestUrl(req).searchParams.get("service");
    if (service === null) return text(403, "The SCM sandbox speaks Git's smart HTTP protocol only.");
    if (service !== "git-upload-pack" && service !== "git-receive-pack") return text(403, `Unsupported service: ${service}`);
  } else {
    if (req.method !== "POST") return text(405, "Method Not Allowed", { allow: "POST" });
    service = target.action;
  }
  const push = service === "git-receive-pack";

  const resolution = resolve(ctx, target, req, push);
  if (!resolution.ok) return text(resolution.refusal.status, resolution.refusal.message, resolution.refusal.headers);
  if (push) return text(403, PUSH_REFUSED);

  const repository: CodeRepository = codeRepository(resolution.located);
  if (target.action === "info/refs") {
    const forced = ctx.git.takeCloneFailure(repository);
    if (forced !== null) return text(forced, `SCM sandbox: this clone fails with ${forced}, as the fail-clone control asked.`);
  }
  const folder = await ctx.git.folderOf(repository);
  await runHttpBackend(req, res, { projectRoot: await ctx.git.projectRoot(), pathInfo: `/${folder}/${target.action}`, remoteUser: resolution.login });
}
