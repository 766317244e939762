import { z } from "zod";
import type { SandboxContext } from "./context";
import { sendJson, readJson, type Route } from "./http";
import { advancedSecurity, type PullRequestAnnotationsDocument } from "./fixtures/azure-devops";
import { emptyPosture } from "./fixtures/azure-devops-posture";
import { stableGuid } from "./ids";
import {
  addRepository,
  failClone,
  organizationName,
  pushCommit,
  removeRepository,
  SandboxControlError,
  setAdvancedSecurity,
  setRepositorySize,
  type AdvancedSecuritySettings,
  type NewCommit,
  type NewRepository,
  type PushedCommit,
  type RepositoryRef,
} from "./repositories";
import { NEW_ORGANIZATION_SETTINGS, securitySettings } from "./fixtures/github";
import { defaultApprovals } from "./fixtures/gitlab";
import { AZURE_DEVOPS_RESOURCE_KINDS, removePostureResource, setPosture, type PostureSettings, type PostureTarget } from "./posture";
import type { AuthorizationRequestRecord } from "./state";
import type { IssuedTokenInfo } from "./tokens";
import { PROVIDERS, type Provider } from "./types";

/**
 * The test controls: in-process (`sandbox.control`), over HTTP at
 * POST {url}/_sandbox/{command} with a JSON body (for a browser test in another
 * process), and a client for that HTTP form (connectSandboxControl).
 */

export interface RateLimitOptions {
  /** How many of the user's next API requests are refused. */
  requests: number;
  /** The Retry-After the refusals carry. */
  retryAfterSeconds: number;
}

export interface FailureOptions {
  /** The HTTP status the next API request(s) answer, e.g. 500 or 503. */
  status: number;
  /** How many requests fail (default 1). */
  times?: number;
}

export interface OrganizationFailureOptions {
  /** The HTTP status requests under the organization answer, e.g. 503, 500, 404 or 401. */
  status: number;
  /** How many requests fail; every one until reset() when absent. */
  times?: number;
  /** Only requests whose URL path contains this text (any case) fail, e.g. "/actions/permissions/workflow". */
  path?: string;
}

export interface CloneFailureOptions {
  /** The HTTP status the clone's first request (info/refs) answers, e.g. 500 or 503. */
  status: number;
  /** How many clones (or fetches) fail; every one until reset() when absent. */
  times?: number;
}

export interface NewOrganization {
  /** GitHub organization login, GitLab top-level group path, or Azure DevOps organization name. */
  name: string;
  /** Repository names (Azure DevOps: in one project named like the organization). */
  repositories: string[];
}

export interface IssuedTokensReport {
  tokens: IssuedTokenInfo[];
  lastAuthorizationRequest: Record<Provider, AuthorizationRequestRecord | null>;
}

/** What the rampart-pr-annotations extension's data holds for one Azure DevOps organization. */
export interface PullRequestAnnotationsReport {
  documents: {
    repository: { id: string; project: string; name: string };
    document: PullRequestAnnotationsDocument;
    /** The login of the identity that wrote it, and when (ISO 8601). */
    writtenBy: string;
    writtenAt: string;
  }[];
}

export interface SandboxControl {
  /** Every access and refresh token of that user stops working. */
  revokeTokens(provider: Provider, login: string): Promise<void>;
  /** The user's next `requests` API requests are refused as the provider refuses a rate-limited request. */
  rateLimit(provider: Provider, login: string, options: RateLimitOptions): Promise<void>;
  /** The provider's next API request(s), whoever makes them, answer `status`. */
  failNext(provider: Provider, options: FailureOptions): Promise<void>;
  /** Back to the fixtures: no tokens, codes, limits, failures (organization failures too), added organizations or repository changes. */
  reset(): Promise<void>;
  /** A new organization (GitLab: top-level group) administered by the provider's admin user. */
  addOrganization(provider: Provider, organization: NewOrganization): Promise<void>;
  /** Tokens issued so far (no secrets: a SHA-256 of each access token) and the last authorization request per provider. */
  issuedTokens(): Promise<IssuedTokensReport>;
  /** A new repository in an existing organization (Azure DevOps: in `project`; GitLab: in the group at path `organization`). */
  addRepository(provider: Provider, repository: NewRepository): Promise<void>;
  /** The repository disappears from every listing and its own URLs answer 404. */
  removeRepository(provider: Provider, repository: RepositoryRef): Promise<void>;
  /**
   * Requests under the organization (GitLab: the group and everything below it) answer
   * `status`; other organizations keep working. Anonymous Azure DevOps discovery is spared.
   */
  failOrganization(provider: Provider, organization: string, options: OrganizationFailureOptions): Promise<void>;
  /** Switches a repository's advanced security features; only the settings given change. */
  setAdvancedSecurity<P extends keyof AdvancedSecuritySettings>(provider: P, repository: RepositoryRef, settings: AdvancedSecuritySettings[P]): Promise<void>;
  /**
   * Changes the settings posture recommendations judge (only those given): a repository's
   * (`name`), a GitHub organization's (`organization` alone), or an Azure DevOps project's
   * pipeline, service connection, variable group or secure file (`project`, `resource`,
   * `name`; created when the project has none by that name).
   */
  setPosture<P extends Provider>(provider: P, target: PostureTarget, settings: PostureSettings[P]): Promise<void>;
  /** Azure DevOps: a pipeline, service connection, variable group or secure file leaves its project. */
  removePostureResource(provider: Provider, target: PostureTarget): Promise<void>;
  /** Azure DevOps: the pull request annotation documents of the organization's repositories (what a client wrote), by project and name. */
  pullRequestAnnotations(organization: string): Promise<PullRequestAnnotationsReport>;
  /**
   * Pushes a commit to the repository's default branch with the files changed (content)
   * or removed (null); the clone URL serves it and the API reports the push.
   */
  pushCommit(provider: Provider, repository: RepositoryRef, commit: NewCommit): Promise<PushedCommit>;
  /** The size the API reports, in bytes (GitHub's `size` is this in KB, rounded up). */
  setRepositorySize(provider: Provider, repository: RepositoryRef, bytes: number): Promise<void>;
  /** The repository's clones answer `status` (each clone or fetch counts once, at its info/refs request). */
  failClone(provider: Provider, repository: RepositoryRef, options: CloneFailureOptions): Promise<void>;
}

export { SandboxControlError };

const ProviderSchema = z.enum(PROVIDERS);
const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "letters, digits, '.', '_' and '-' only");
const Login = z.string().min(1).max(200);
/** An organization, or a GitLab group's full path ("contoso-web/frontend"). */
const OrganizationPath = z.string().max(255).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/, "an organization name or a group path");
/** An Azure DevOps project name (spaces allowed) or id. */
const ProjectName = z.string().min(1).max(64).regex(/^[^\\/:*?"<>|;#$+=\[\]{}\u0000-\u001f]+$/, "a project name or id");
const Status = z.number().int().min(400).max(599);
const Times = z.number().int().min(1).max(10_000);
const Repository = { provider: ProviderSchema, organization: OrganizationPath, project: ProjectName.optional(), name: Name };

const GitHubSettings = z.strictObject({
  advancedSecurity: z.boolean().optional(),
  codeScanning: z.boolean().optional(),
  secretScanning: z.boolean().optional(),
  secretScanningPushProtection: z.boolean().optional(),
  dependabotAlerts: z.boolean().optional(),
  dependabotSecurityUpdates: z.boolean().optional(),
});
const AzureDevOpsSettings = z.strictObject({
  advSecEnabled: z.boolean().optional(),
  isBundledSKU: z.boolean().optional(),
  codeSecurityEnabled: z.boolean().optional(),
  secretProtectionEnabled: z.boolean().optional(),
  codeQLEnabled: z.boolean().optional(),
  dependencyScanningInjectionEnabled: z.boolean().optional(),
  dependabotEnabled: z.boolean().optional(),
  blockPushes: z.boolean().optional(),
});

/** A pipeline, service connection, variable group or secure file name (spaces allowed), or a repository's. */
const ResourceName = z.string().min(1).max(100).regex(/^[^\\/:*?"<>|\u0000-\u001f]+$/, "a name without \\ / : * ? \" < > |");
const PostureTargetFields = { organization: OrganizationPath, project: ProjectName.optional(), name: ResourceName.optional(), resource: z.enum(AZURE_DEVOPS_RESOURCE_KINDS).optional() };
const Approvals = z.number().int().min(0).max(10);
const GitHubPosture = z.strictObject({
  branchProtection: z
    .strictObject({ requiredApprovals: z.number().int().min(0).max(6).nullable().optional(), allowForcePushes: z.boolean().optional() })
    .nullable()
    .optional(),
  selfHostedRunners: z.number().int().min(0).max(50).optional(),
  basePermission: z.enum(["none", "read", "write", "admin"]).optional(),
  workflowPermissions: z.enum(["read", "write"]).optional(),
});
const GitLabPosture = z.strictObject({ requiredApprovals: Approvals.optional(), authorsCanApprove: z.boolean().optional() });
const AzureDevOpsPosture = z.strictObject({
  requiredApprovals: Approvals.optional(),
  authorsCanApprove: z.boolean().optional(),
  pullRequestTrigger: z.boolean().optional(),
  forkBuilds: z.boolean().optional(),
  forkSecrets: z.boolean().optional(),
  openToAllPipelines: z.boolean().optional(),
  hasSecrets: z.boolean().optional(),
  type: z.string().regex(/^[a-z][a-z0-9]{1,39}$/, "a service connection type such as azurerm").optional(),
});

const Commands = {
  "revoke-tokens": z.object({ provider: ProviderSchema, login: Login }),
  "rate-limit": z.object({ provider: ProviderSchema, login: Login, requests: z.number().int().min(1).max(10_000), retryAfterSeconds: z.number().int().min(0).max(86_400) }),
  "fail-next": z.object({ provider: ProviderSchema, status: Status, times: Times.optional() }),
  reset: z.object({}),
  "add-organization": z.object({
    provider: ProviderSchema,
    name: Name,
    repositories: z
      .array(Name)
      .max(500)
      .refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, "repository names must be unique"),
  }),
  "issued-tokens": z.object({}),
  "add-repository": z.object({ ...Repository, private: z.boolean().optional() }),
  "remove-repository": z.object(Repository),
  "fail-organization": z.object({ provider: ProviderSchema, organization: OrganizationPath, status: Status, times: Times.optional(), path: z.string().min(1).max(300).optional() }),
  "pull-request-annotations": z.object({ organization: OrganizationPath }),
  "set-posture": z.discriminatedUnion("provider", [
    z.object({ provider: z.literal("github"), ...PostureTargetFields, settings: GitHubPosture }),
    z.object({ provider: z.literal("gitlab"), ...PostureTargetFields, settings: GitLabPosture }),
    z.object({ provider: z.literal("azure-devops"), ...PostureTargetFields, settings: AzureDevOpsPosture }),
  ]),
  "remove-posture-resource": z.object({ provider: ProviderSchema, organization: OrganizationPath, project: ProjectName, resource: z.enum(AZURE_DEVOPS_RESOURCE_KINDS), name: ResourceName }),
  "push-commit": z.object({
    ...Repository,
    files: z
      .record(z.string().min(1).max(400), z.string().max(1024 * 1024).nullable())
      .refine((files) => Object.keys(files).length > 0 && Object.keys(files).length <= 500, "between 1 and 500 files"),
    message: z.string().min(1).max(2_000).optional(),
  }),
  "set-repository-size": z.object({ ...Repository, bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  "fail-clone": z.object({ ...Repository, status: Status, times: Times.optional() }),
  "set-advanced-security": z.discriminatedUnion("provider", [
    z.object({ ...Repository, provider: z.literal("github"), settings: GitHubSettings }),
    z.object({ ...Repository, provider: z.literal("azure-devops"), settings: AzureDevOpsSettings }),
    z.object({ ...Repository, provider: z.literal("gitlab"), settings: z.unknown() }),
  ]),
} as const;

type CommandName = keyof typeof Commands;

function parse<Name extends CommandName>(name: Name, input: unknown): z.infer<(typeof Commands)[Name]> {
  const result = Commands[name].safeParse(input);
  if (!result.success) throw new SandboxControlError(`${name}: ${result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`);
  return result.data as z.infer<(typeof Commands)[Name]>;
}

function logins(ctx: SandboxContext, provider: Provider): string[] {
  const { github, gitlab, azureDevOps } = ctx.state.world;
  const users = provider === "github" ? github.users : provider === "gitlab" ? gitlab.users : azureDevOps.users;
  return users.map((u) => u.login);
}

function requireUser(ctx: SandboxContext, provider: Provider, login: string): void {
  if (!logins(ctx, provider).includes(login)) {
    throw new SandboxControlError(`${provider} has no user "${login}" (users: ${logins(ctx, provider).join(", ")})`);
  }
}

function adminOf(ctx: SandboxContext, provider: Provider): string {
  const { github, gitlab, azureDevOps } = ctx.state.world;
  const users = provider === "github" ? github.users : provider === "gitlab" ? gitlab.users : azureDevOps.users;
  const admin = users.find((u) => u.purpose === "admin");
  if (!admin) throw new SandboxControlError(`${provider} has no admin user`);
  return admin.login;
}

function addOrganization(ctx: SandboxContext, provider: Provider, org: NewOrganization): void {
  const now = new Date().toISOString();
  const seconds = now.replace(/\.\d+Z$/, "Z");
  const admin = adminOf(ctx, provider);
  const taken = (names: string[]) => names.some((n) => n.toLowerCase() === org.name.toLowerCase());
  if (provider === "github") {
    const world = ctx.state.world.github;
    if (taken(world.organizations.map((o) => o.login))) throw new SandboxControlError(`github already has an organization "${org.name}"`);
    const id = Math.max(...world.organizations.map((o) => o.id)) + 1;
    const firstRepositoryId = Math.max(...world.organizations.flatMap((o) => o.repositories.map((r) => r.id))) + 1;
    world.organizations.push({
      id,
      login: org.name,
      name: org.name,
      description: "Added by a test",
      createdAt: seconds,
      members: { [admin]: "admin" },
      settings: { ...NEW_ORGANIZATION_SETTINGS },
      repositories: org.repositories.map((name, i) => ({
        id: firstRepositoryId + i,
        name,
        description: "",
        language: null,
        visibility: "private",
        sizeKb: 64,
        createdAt: seconds,
        pushedAt: seconds,
        defaultBranch: "main",
        archived: false,
        topics: [],
        security: securitySettings("none"),
        protection: null,
        runners: [],
      })),
    });
  } else if (provider === "gitlab") {
    const world = ctx.state.world.gitlab;
    if (taken(world.groups.filter((g) => g.parentPath === null).map((g) => g.path))) throw new SandboxControlError(`gitlab already has a group "${org.name}"`);
    const firstProjectId = Math.max(...world.projects.map((p) => p.id)) + 1;
    world.groups.push({
      id: Math.max(...world.groups.map((g) => g.id)) + 1,
      name: org.name,
      path: org.name,
      parentPath: null,
      description: "Added by a test",
      visibility: "private",
      createdAt: now,
      members: { [admin]: 50 },
    });
    world.projects.push(
      ...org.repositories.map((name, i) => ({
        id: firstProjectId + i,
        name,
        path: name,
        groupPath: org.name,
        description: "",
        visibility: "private" as const,
        defaultBranch: "main",
        archived: false,
        createdAt: now,
        lastActivityAt: now,
        topics: [],
        repositorySize: 65_536,
        approvals: defaultApprovals(),
      })),
    );
  } else {
    const world = ctx.state.world.azureDevOps;
    if (taken(world.organizations.map((o) => o.name))) throw new SandboxControlError(`azure-devops already has an organization "${org.name}"`);
    // The profile service, the Advanced Security and the Extension Management hosts live under the same prefix.
    if (taken(["vssps", "advsec", "extmgmt"])) throw new SandboxControlError(`"${org.name}" is reserved in the sandbox's Azure DevOps URLs`);
    world.organizations.push({
      id: stableGuid("azure-devops-organization", org.name),
      name: org.name,
      thirdPartyOAuthAccess: true,
      members: { [admin]: "administrator" },
      // Organizations enabling Advanced Security now get the split Code Security / Secret Protection plans.
      advancedSecurityBundled: false,
      projects: [
        {
          id: stableGuid("azure-devops-project", org.name, org.name),
          name: org.name,
          description: "Added by a test",
          visibility: "private",
          lastUpdateTime: now,
          revision: 1,
          repositories: org.repositories.map((name) => ({
            id: stableGuid("azure-devops-repository", org.name, org.name, name),
            name,
            defaultBranch: "refs/heads/main",
            size: 65_536,
            isDisabled: false,
            advancedSecurity: advancedSecurity("off", false, null),
            pullRequestAnnotations: null,
          })),
          posture: emptyPosture(),
        },
      ],
    });
  }
}

function pullRequestAnnotations(ctx: SandboxContext, organization: string): PullRequestAnnotationsReport {
  const org = ctx.state.world.azureDevOps.organizations.find((o) => o.name.toLowerCase() === organization.toLowerCase());
  if (!org) throw new SandboxControlError(`azure-devops has no organization "${organization}"`);
  return {
    documents: org.projects.flatMap((project) =>
      project.repositories.flatMap((repo) =>
        repo.pullRequestAnnotations
          ? [{ repository: { id: repo.id, project: project.name, name: repo.name }, ...structuredClone(repo.pullRequestAnnotations) }]
          : [],
      ),
    ),
  };
}

/** Runs one command, validated as the HTTP form validates it. */
async function run(ctx: SandboxContext, command: CommandName, input: unknown): Promise<IssuedTokensReport | PullRequestAnnotationsReport | PushedCommit | undefined> {
  switch (command) {
    case "revoke-tokens": {
      const { provider, login } = parse(command, input);
      requireUser(ctx, provider, login);
      ctx.state.tokens.revokeUser(provider, login);
      return undefined;
    }
    case "rate-limit": {
      const { provider, login, requests, retryAfterSeconds } = parse(command, input);
      requireUser(ctx, provider, login);
      ctx.state.rateLimit(provider, login, requests, retryAfterSeconds);
      return undefined;
    }
    case "fail-next": {
      const { provider, status, times } = parse(command, input);
      ctx.state.failNext(provider, status, times ?? 1);
      return undefined;
    }
    case "reset":
      ctx.state.reset();
      return undefined;
    case "add-organization": {
      const { provider, name, repositories } = parse(command, input);
      addOrganization(ctx, provider, { name, repositories });
      return undefined;
    }
    case "issued-tokens":
      return { tokens: ctx.state.tokens.list(), lastAuthorizationRequest: structuredClone(ctx.state.lastAuthorizationRequest) };
    case "add-repository": {
      const { provider, ...repository } = parse(command, input);
      addRepository(ctx, provider, repository);
      return undefined;
    }
    case "remove-repository": {
      const { provider, ...repository } = parse(command, input);
      removeRepository(ctx, provider, repository);
      return undefined;
    }
    case "fail-organization": {
      const { provider, organization, status, times, path } = parse(command, input);
      ctx.state.failOrganization(provider, organizationName(ctx, provider, organization), status, times ?? null, path ?? null);
      return undefined;
    }
    case "set-advanced-security": {
      const { provider, settings, ...repository } = parse(command, input);
      if (provider === "gitlab") setAdvancedSecurity(ctx, provider, repository, {});
      else setAdvancedSecurity(ctx, provider, repository, settings);
      return undefined;
    }
    case "pull-request-annotations": {
      const { organization } = parse(command, input);
      return pullRequestAnnotations(ctx, organization);
    }
    case "set-posture": {
      const { provider, settings, ...target } = parse(command, input);
      setPosture(ctx, provider, target, settings);
      return undefined;
    }
    case "remove-posture-resource": {
      const { provider, ...target } = parse(command, input);
      removePostureResource(ctx, provider, target);
      return undefined;
    }
    case "push-commit": {
      const { provider, files, message, ...repository } = parse(command, input);
      return pushCommit(ctx, provider, repository, { files, message });
    }
    case "set-repository-size": {
      const { provider, bytes, ...repository } = parse(command, input);
      setRepositorySize(ctx, provider, repository, bytes);
      return undefined;
    }
    case "fail-clone": {
      const { provider, status, times, ...repository } = parse(command, input);
      failClone(ctx, provider, repository, status, times ?? null);
      return undefined;
    }
  }
}

export function createControl(ctx: SandboxContext): SandboxControl {
  const call = async (command: CommandName, input: unknown = {}) => run(ctx, command, input);
  return {
    revokeTokens: async (provider, login) => void (await call("revoke-tokens", { provider, login })),
    rateLimit: async (provider, login, options) => void (await call("rate-limit", { provider, login, ...options })),
    failNext: async (provider, options) => void (await call("fail-next", { provider, ...options })),
    reset: async () => void (await call("reset")),
    addOrganization: async (provider, organization) => void (await call("add-organization", { provider, ...organization })),
    issuedTokens: async () => (await call("issued-tokens")) as IssuedTokensReport,
    addRepository: async (provider, repository) => void (await call("add-repository", { provider, ...repository })),
    removeRepository: async (provider, repository) => void (await call("remove-repository", { provider, ...repository })),
    failOrganization: async (provider, organization, options) => void (await call("fail-organization", { provider, organization, ...options })),
    setAdvancedSecurity: async (provider, repository, settings) => void (await call("set-advanced-security", { provider, ...repository, settings })),
    setPosture: async (provider, target, settings) => void (await call("set-posture", { provider, ...target, settings })),
    removePostureResource: async (provider, target) => void (await call("remove-posture-resource", { provider, ...target })),
    pullRequestAnnotations: async (organization) => (await call("pull-request-annotations", { organization })) as PullRequestAnnotationsReport,
    pushCommit: async (provider, repository, commit) => (await call("push-commit", { provider, ...repository, ...commit })) as PushedCommit,
    setRepositorySize: async (provider, repository, bytes) => void (await call("set-repository-size", { provider, ...repository, bytes })),
    failClone: async (provider, repository, options) => void (await call("fail-clone", { provider, ...repository, ...options })),
  };
}

export function registerControl(route: Route, ctx: SandboxContext): void {
  for (const command of Object.keys(Commands) as CommandName[]) {
    route("POST", `/_sandbox/${command}`, async (req, res) => {
      const body = await readJson(req);
      if (body === undefined) return sendJson(res, 400, { error: "The body must be JSON." });
      try {
        const report = await run(ctx, command, body);
        sendJson(res, 200, report ?? { ok: true }, { "cache-control": "no-store" });
      } catch (error) {
        if (error instanceof SandboxControlError) return sendJson(res, 400, { error: error.message });
        throw error;
      }
    });
  }
  route("GET", "/_sandbox/issued-tokens", async (_req, res) => sendJson(res, 200, await run(ctx, "issued-tokens", {}), { "cache-control": "no-store" }));
}

/** The same controls over HTTP, for a test running in another process than the sandbox. */
export function connectSandboxControl(sandboxUrl: string): SandboxControl {
  const base = sandboxUrl.replace(/\/+$/, "");
  async function post(command: CommandName, body: unknown = {}): Promise<unknown> {
    const response = await fetch(`${base}/_sandbox/${command}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const payload = (await response.json().catch(() => ({}))) as { error?: string };
    if (!response.ok) throw new SandboxControlError(payload.error ?? `sandbox control ${command} answered ${response.status}`);
    return payload;
  }
  return {
    revokeTokens: async (provider, login) => void (await post("revoke-tokens", { provider, login })),
    rateLimit: async (provider, login, options) => void (await post("rate-limit", { provider, login, ...options })),
    failNext: async (provider, options) => void (await post("fail-next", { provider, ...options })),
    reset: async () => void (await post("reset")),
    addOrganization: async (provider, organization) => void (await post("add-organization", { provider, ...organization })),
    issuedTokens: async () => (await post("issued-tokens")) as IssuedTokensReport,
    addRepository: async (provider, repository) => void (await post("add-repository", { provider, ...repository })),
    removeRepository: async (provider, repository) => void (await post("remove-repository", { provider, ...repository })),
    failOrganization: async (provider, organization, options) => void (await post("fail-organization", { provider, organization, ...options })),
    setAdvancedSecurity: async (provider, repository, settings) => void (await post("set-advanced-security", { provider, ...repository, settings })),
    setPosture: async (provider, target, settings) => void (await post("set-posture", { provider, ...target, settings })),
    removePostureResource: async (provider, target) => void (await post("remove-posture-resource", { provider, ...target })),
    pullRequestAnnotations: async (organization) => (await post("pull-request-annotations", { organization })) as PullRequestAnnotationsReport,
    pushCommit: async (provider, repository, commit) => (await post("push-commit", { provider, ...repository, ...commit })) as PushedCommit,
    setRepositorySize: async (provider, repository, bytes) => void (await post("set-repository-size", { provider, ...repository, bytes })),
    failClone: async (provider, repository, options) => void (await post("fail-clone", { provider, ...repository, ...options })),
  };
}
