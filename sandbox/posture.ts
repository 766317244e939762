import type { SandboxContext } from "./context";
import type { AzureDevOpsOrganizationFixture, AzureDevOpsProjectFixture } from "./fixtures/azure-devops";
import {
  minimumReviewersSettings,
  serviceConnectionKind,
  type AzureDevOpsPipelineFixture,
  type AzureDevOpsPolicyFixture,
  type PipelineAccess,
} from "./fixtures/azure-devops-posture";
import type { GitHubBranchProtection } from "./fixtures/github";
import type { GitLabProjectFixture } from "./fixtures/gitlab";
import { stableGuid } from "./ids";
import { azureDevOpsProject, githubOrganization, locateRepository, same, SandboxControlError, withPrerequisites, type RepositoryRef } from "./repositories";
import type { Provider } from "./types";

/**
 * What the posture controls change: the settings posture recommendations judge, on a
 * repository (GitLab: project), a GitHub organization, or an Azure DevOps project's
 * pipeline, service connection, variable group or secure file (created when the project
 * has none by that name). Only the settings given change.
 */

export const AZURE_DEVOPS_RESOURCE_KINDS = ["pipeline", "service-connection", "variable-group", "secure-file"] as const;
export type AzureDevOpsResourceKind = (typeof AZURE_DEVOPS_RESOURCE_KINDS)[number];

/**
 * What setPosture changes: a GitHub organization (`organization` alone), a repository
 * (`name`; Azure DevOps with its `project`; GitLab: `organization` is the group path), or an
 * Azure DevOps project's resource (`project`, `resource` and its `name`).
 */
export interface PostureTarget {
  organization: string;
  project?: string;
  name?: string;
  resource?: AzureDevOpsResourceKind;
}

export interface GitHubPostureSettings {
  /** Repository: the default branch's protection rule; null removes it. Given fields change an existing rule (or a new one: no pull request required, force pushes blocked). */
  branchProtection?: { requiredApprovals?: number | null; allowForcePushes?: boolean } | null;
  /** Repository: how many self-hosted runners are registered on it. */
  selfHostedRunners?: number;
  /** Organization: members' base permission on every repository. */
  basePermission?: "none" | "read" | "write" | "admin";
  /** Organization: the GITHUB_TOKEN's default permissions in workflows. */
  workflowPermissions?: "read" | "write";
}

export interface GitLabPostureSettings {
  /** The "All eligible users" rule's required approvals (for every branch); 0 removes the rule. Other rules stay. */
  requiredApprovals?: number;
  /** `merge_requests_author_approval`. */
  authorsCanApprove?: boolean;
}

export interface AzureDevOpsPostureSettings {
  /** Repository: its own minimum-reviewers policy on its default branch, enabled and blocking (0 removes it); project-wide policies stay. */
  requiredApprovals?: number;
  /** Repository: the requestor's vote counts, in its own policy (which must exist or be created in the same call). */
  authorsCanApprove?: boolean;
  /** Pipeline: has a pull request trigger (new pipelines build a GitHub repository named like them). */
  pullRequestTrigger?: boolean;
  /** Pipeline: builds pull requests from forks (needs the pull request trigger). */
  forkBuilds?: boolean;
  /** Pipeline: makes secrets available to builds of forks (needs fork builds). */
  forkSecrets?: boolean;
  /** Service connection, variable group, secure file: "Grant access permission to all pipelines". */
  openToAllPipelines?: boolean;
  /** Variable group: holds secret variables (true adds API_KEY if it has none; false removes its secret variables). */
  hasSecrets?: boolean;
  /** Service connection: its type (azurerm, dockerregistry, kubernetes, github, generic, …). */
  type?: string;
}

export interface PostureSettings {
  github: GitHubPostureSettings;
  gitlab: GitLabPostureSettings;
  "azure-devops": AzureDevOpsPostureSettings;
}

/** The settings each kind of target takes. */
const ALLOWED: Record<string, readonly string[]> = {
  "github:organization": ["basePermission", "workflowPermissions"],
  "github:repository": ["branchProtection", "selfHostedRunners"],
  "gitlab:repository": ["requiredApprovals", "authorsCanApprove"],
  "azure-devops:repository": ["requiredApprovals", "authorsCanApprove"],
  "azure-devops:pipeline": ["pullRequestTrigger", "forkBuilds", "forkSecrets"],
  "azure-devops:service-connection": ["openToAllPipelines", "type"],
  "azure-devops:variable-group": ["openToAllPipelines", "hasSecrets"],
  "azure-devops:secure-file": ["openToAllPipelines"],
};

function kindOf(provider: Provider, target: PostureTarget): string {
  if (target.resource !== undefined) {
    if (provider !== "azure-devops") throw new SandboxControlError(`${provider} has no ${target.resource}s (resources are for azure-devops)`);
    if (target.project === undefined || target.name === undefined) throw new SandboxControlError(`an azure-devops ${target.resource} is named by project and name`);
    return `${provider}:${target.resource}`;
  }
  if (target.name === undefined) {
    if (provider !== "github") throw new SandboxControlError(`${provider} has no organization settings here: name a repository`);
    if (target.project !== undefined) throw new SandboxControlError("github organizations have no project");
    return "github:organization";
  }
  return `${provider}:repository`;
}

function checkSettings(kind: string, settings: object): void {
  const allowed = ALLOWED[kind] ?? [];
  const wrong = Object.keys(settings).filter((key) => !allowed.includes(key));
  if (wrong.length) throw new SandboxControlError(`${wrong.join(", ")}: not a setting of ${kind.replace(":", " ")} (it takes ${allowed.join(", ")})`);
  if (Object.keys(settings).length === 0) throw new SandboxControlError("no settings given");
}

export function setPosture<P extends Provider>(ctx: SandboxContext, provider: P, target: PostureTarget, settings: PostureSettings[P]): void {
  const kind = kindOf(provider, target);
  checkSettings(kind, settings);
  switch (kind) {
    case "github:organization":
      return setGitHubOrganization(ctx, target, settings as GitHubPostureSettings);
    case "github:repository":
      return setGitHubRepository(ctx, target as RepositoryRef, settings as GitHubPostureSettings);
    case "gitlab:repository":
      return setGitLabProject(ctx, target as RepositoryRef, settings as GitLabPostureSettings);
    case "azure-devops:repository":
      return setAzureDevOpsRepository(ctx, target as RepositoryRef, settings as AzureDevOpsPostureSettings);
    default:
      return setAzureDevOpsResource(ctx, target as Required<Pick<PostureTarget, "organization" | "project" | "name" | "resource">>, settings as AzureDevOpsPostureSettings);
  }
}

// ————— GitHub —————

function setGitHubOrganization(ctx: SandboxContext, target: PostureTarget, settings: GitHubPostureSettings): void {
  const org = githubOrganization(ctx, target.organization);
  org.settings = {
    ...org.settings,
    ...(settings.basePermission === undefined ? {} : { defaultRepositoryPermission: settings.basePermission }),
    ...(settings.workflowPermissions === undefined ? {} : { defaultWorkflowPermissions: settings.workflowPermissions }),
  };
}

function setGitHubRepository(ctx: SandboxContext, ref: RepositoryRef, settings: GitHubPostureSettings): void {
  const located = locateRepository(ctx, "github", ref);
  if (located.provider !== "github") return;
  const repo = located.repo;
  if (settings.branchProtection !== undefined) {
    if (settings.branchProtection === null) {
      repo.protection = null;
    } else {
      const current: GitHubBranchProtection = repo.protection ?? { requiredApprovals: null, allowForcePushes: false };
      repo.protection = {
        requiredApprovals: settings.branchProtection.requiredApprovals === undefined ? current.requiredApprovals : settings.branchProtection.requiredApprovals,
        allowForcePushes: settings.branchProtection.allowForcePushes ?? current.allowForcePushes,
      };
    }
  }
  if (settings.selfHostedRunners !== undefined) {
    const count = settings.selfHostedRunners;
    const runners = repo.runners.slice(0, count);
    let id = Math.max(repo.id * 10, ...repo.runners.map((r) => r.id));
    while (runners.length < count) {
      runners.push({ id: ++id, name: `${repo.name}-runner-${runners.length + 1}`, os: "Linux", status: "online", busy: false, labels: ["self-hosted", "Linux", "X64"] });
    }
    repo.runners = runners;
  }
}

// ————— GitLab —————

function setGitLabProject(ctx: SandboxContext, ref: RepositoryRef, settings: GitLabPostureSettings): void {
  const located = locateRepository(ctx, "gitlab", ref);
  if (located.provider !== "gitlab") return;
  const project: GitLabProjectFixture = located.project;
  const approvals = { ...project.approvals, rules: [...project.approvals.rules] };
  if (settings.authorsCanApprove !== undefined) approvals.authorApproval = settings.authorsCanApprove;
  if (settings.requiredApprovals !== undefined) {
    const index = approvals.rules.findIndex((r) => r.ruleType === "any_approver");
    if (settings.requiredApprovals === 0) {
      if (index >= 0) approvals.rules.splice(index, 1);
    } else if (index >= 0) {
      approvals.rules[index] = { ...approvals.rules[index]!, approvalsRequired: settings.requiredApprovals };
    } else {
      const id = Math.max(project.id * 10, ...ctx.state.world.gitlab.projects.flatMap((p) => p.approvals.rules.map((r) => r.id))) + 1;
      approvals.rules.push({ id, name: "All eligible users", ruleType: "any_approver", approvalsRequired: settings.requiredApprovals, protectedBranches: [], appliesToAllProtectedBranches: false });
    }
  }
  project.approvals = approvals;
}

// ————— Azure DevOps —————

function nextId(org: AzureDevOpsOrganizationFixture, ids: (project: AzureDevOpsProjectFixture) => number[]): number {
  return Math.max(0, ...org.projects.flatMap(ids)) + 1;
}

/** The repository's own minimum-reviewers policy: exactly its default branch. */
function ownPolicy(project: AzureDevOpsProjectFixture, repositoryId: string, branch: string): AzureDevOpsPolicyFixture | undefined {
  return project.posture.policies.find(
    (p) => p.type === "minimumReviewers" && p.scope.length === 1 && p.scope[0]!.repositoryId === repositoryId && p.scope[0]!.refName === branch && p.scope[0]!.matchKind === "Exact",
  );
}

function setAzureDevOpsRepository(ctx: SandboxContext, ref: RepositoryRef, settings: AzureDevOpsPostureSettings): void {
  const located = locateRepository(ctx, "azure-devops", ref);
  if (located.provider !== "azure-devops") return;
  const { org, project, repo } = located;
  const branch = repo.defaultBranch;
  if (branch === null) throw new SandboxControlError(`azure-devops repository "${repo.name}" is empty: it has no default branch to set policies on`);
  const policies = project.posture.policies;
  let policy = ownPolicy(project, repo.id, branch);
  if (settings.requiredApprovals === 0) {
    if (settings.authorsCanApprove !== undefined) throw new SandboxControlError("authorsCanApprove is part of the policy that requiredApprovals 0 removes");
    if (policy) policies.splice(policies.indexOf(policy), 1);
    return;
  }
  if (settings.requiredApprovals !== undefined) {
    if (!policy) {
      policy = {
        id: nextId(org, (p) => p.posture.policies.map((x) => x.id)),
        revision: 0,
        type: "minimumReviewers",
        isEnabled: true,
        isBlocking: true,
        // "Allow requestors to approve their own changes" starts unchecked.
        settings: minimumReviewersSettings(settings.requiredApprovals, false),
        scope: [{ repositoryId: repo.id, refName: branch, matchKind: "Exact" }],
        createdDate: new Date().toISOString(),
      };
      policies.push(policy);
    }
    // Required means required: the policy is (again) enabled and blocking.
    Object.assign(policy, { isEnabled: true, isBlocking: true });
    policy.settings = { ...policy.settings, minimumApproverCount: settings.requiredApprovals };
  }
  if (settings.authorsCanApprove !== undefined) {
    if (!policy) throw new SandboxControlError(`azure-devops repository "${repo.name}" has no minimum-reviewers policy of its own: give requiredApprovals too`);
    policy.settings = { ...policy.settings, creatorVoteCounts: settings.authorsCanApprove };
  }
  if (policy) policy.revision++;
}

type ResourceTarget = Required<Pick<PostureTarget, "organization" | "project" | "name" | "resource">>;

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "pipeline";

function access(current: PipelineAccess | undefined, openToAll: boolean | undefined): PipelineAccess {
  const base = current ?? { openToAllPipelines: false, authorizedPipelines: [], authorizedOn: new Date().toISOString() };
  if (openToAll === undefined || openToAll === base.openToAllPipelines) return base;
  return { ...base, openToAllPipelines: openToAll, authorizedOn: new Date().toISOString() };
}

function setAzureDevOpsResource(ctx: SandboxContext, target: ResourceTarget, settings: AzureDevOpsPostureSettings): void {
  const { org, project } = azureDevOpsProject(ctx, target);
  const posture = project.posture;
  const now = new Date().toISOString();
  switch (target.resource) {
    case "pipeline": {
      let pipeline = posture.pipelines.find((p) => same(p.name, target.name));
      if (!pipeline) {
        pipeline = {
          id: nextId(org, (p) => p.posture.pipelines.map((x) => x.id)),
          revision: 0,
          name: target.name,
          path: "\\",
          repository: { type: "GitHub", id: `${org.name}/${slug(target.name)}`, name: `${org.name}/${slug(target.name)}`, defaultBranch: "refs/heads/main" },
          pullRequestTrigger: null,
          createdDate: now,
        };
        posture.pipelines.push(pipeline);
      }
      const trigger = pipeline.pullRequestTrigger;
      const current = { pullRequestTrigger: trigger !== null, forkBuilds: trigger?.forks.enabled ?? false, forkSecrets: trigger?.forks.allowSecrets ?? false };
      const requested = Object.fromEntries(Object.entries({ pullRequestTrigger: settings.pullRequestTrigger, forkBuilds: settings.forkBuilds, forkSecrets: settings.forkSecrets }).filter(([, v]) => v !== undefined));
      const next = withPrerequisites(current, requested, [
        ["forkSecrets", "forkBuilds", "secrets are made available to builds of forks only when forks are built"],
        ["forkBuilds", "pullRequestTrigger", "forks are built by the pull request trigger"],
      ]);
      if (next.pullRequestTrigger && pipeline.repository.type !== "GitHub") {
        throw new SandboxControlError(`pipeline "${pipeline.name}" builds an Azure Repos repository, whose pull requests branch policies validate: it has no pull request trigger`);
      }
      pipeline.pullRequestTrigger = next.pullRequestTrigger ? { forks: { enabled: next.forkBuilds, allowSecrets: next.forkSecrets } } : null;
      pipeline.revision++;
      return;
    }
    case "service-connection": {
      let connection = posture.serviceConnections.find((c) => same(c.name, target.name));
      const type = settings.type ?? connection?.type ?? "azurerm";
      const kind = serviceConnectionKind(type);
      if (!connection) {
        connection = { id: stableGuid("azure-devops-service-connection", org.name, project.name, target.name), name: target.name, type, url: kind.url, scheme: kind.scheme, description: kind.description, createdDate: now, ...access(undefined, undefined) };
        posture.serviceConnections.push(connection);
      }
      Object.assign(connection, { type, url: kind.url, scheme: kind.scheme, description: kind.description }, access(connection, settings.openToAllPipelines));
      return;
    }
    case "variable-group": {
      let group = posture.variableGroups.find((g) => same(g.name, target.name));
      if (!group) {
        group = { id: nextId(org, (p) => p.posture.variableGroups.map((x) => x.id)), name: target.name, description: "", variables: { ENVIRONMENT: { value: "production", isSecret: false } }, modifiedOn: now, ...access(undefined, undefined) };
        posture.variableGroups.push(group);
      }
      if (settings.hasSecrets === true && !Object.values(group.variables).some((v) => v.isSecret)) {
        group.variables = { ...group.variables, API_KEY: { value: "sandbox-secret", isSecret: true } };
        group.modifiedOn = now;
      } else if (settings.hasSecrets === false) {
        group.variables = Object.fromEntries(Object.entries(group.variables).filter(([, v]) => !v.isSecret));
        group.modifiedOn = now;
      }
      Object.assign(group, access(group, settings.openToAllPipelines));
      return;
    }
    case "secure-file": {
      let file = posture.secureFiles.find((f) => same(f.name, target.name));
      if (!file) {
        file = { id: stableGuid("azure-devops-secure-file", org.name, project.name, target.name), name: target.name, createdOn: now, ...access(undefined, undefined) };
        posture.secureFiles.push(file);
      }
      Object.assign(file, access(file, settings.openToAllPipelines));
      return;
    }
  }
}

/** Azure DevOps: the pipeline, service connection, variable group or secure file leaves its project (a pipeline also leaves the resources' authorizations). */
export function removePostureResource(ctx: SandboxContext, provider: Provider, target: PostureTarget): void {
  if (provider !== "azure-devops" || target.resource === undefined || target.project === undefined || target.name === undefined) {
    throw new SandboxControlError("only azure-devops resources (project, resource, name) are removed this way");
  }
  const name = target.name;
  const { project } = azureDevOpsProject(ctx, { organization: target.organization, project: target.project, name });
  const posture = project.posture;
  const missing = () => new SandboxControlError(`azure-devops project "${project.name}" has no ${target.resource} "${name}"`);
  const drop = <T extends { name: string }>(list: T[]): T => {
    const index = list.findIndex((x) => same(x.name, name));
    if (index < 0) throw missing();
    return list.splice(index, 1)[0]!;
  };
  switch (target.resource) {
    case "pipeline": {
      const gone: AzureDevOpsPipelineFixture = drop(posture.pipelines);
      for (const resource of [...posture.serviceConnections, ...posture.variableGroups, ...posture.secureFiles]) {
        resource.authorizedPipelines = resource.authorizedPipelines.filter((id) => id !== gone.id);
      }
      return;
    }
    case "service-connection":
      drop(posture.serviceConnections);
      return;
    case "variable-group":
      drop(posture.variableGroups);
      return;
    case "secure-file":
      drop(posture.secureFiles);
      return;
  }
}
