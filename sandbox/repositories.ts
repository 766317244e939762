import type { SandboxContext } from "./context";
import { advancedSecurity, type AzureDevOpsAdvancedSecurity, type AzureDevOpsOrganizationFixture, type AzureDevOpsProjectFixture } from "./fixtures/azure-devops";
import { securitySettings, type GitHubOrganizationFixture, type GitHubSecuritySettings } from "./fixtures/github";
import { defaultApprovals, type GitLabGroupFixture } from "./fixtures/gitlab";
import { codeRepository, type LocatedRepository } from "./git/code-repository";
import type { FileChanges } from "./git/store";
import { fullPath } from "./gitlab/responses";
import { stableGuid } from "./ids";
import type { Provider } from "./types";

/**
 * What the repository controls change in the sandbox's world: repositories added and
 * removed, their advanced security switched (with each provider's rules for which
 * feature needs which), commits pushed, sizes set and clones failed.
 */

export class SandboxControlError extends Error {}

/** Names a repository: GitHub organization, GitLab group path (e.g. "contoso-web/frontend"), or Azure DevOps organization and project. */
export interface RepositoryRef {
  organization: string;
  /** Azure DevOps only: the project's name or id. */
  project?: string;
  name: string;
}

export interface NewRepository extends RepositoryRef {
  /** GitHub and GitLab: private (default) or public. Azure DevOps repositories take their project's visibility. */
  private?: boolean;
}

/** GitHub's switches (only those given change). Push protection needs secret scanning, security updates need alerts, and code scanning on a private or internal repository needs Advanced Security. */
export type GitHubAdvancedSecuritySettings = Partial<Omit<GitHubSecuritySettings, "codeScanningUpdatedAt">>;

/**
 * Azure DevOps' enablement fields (only those given change). `advSecEnabled` switches
 * both plans, as the 7.2-preview.1 API does. Code QL, dependency scanning and
 * Dependabot need Code Security; blockPushes needs Secret Protection; on the bundled
 * SKU the two plans are one switch.
 */
export type AzureDevOpsAdvancedSecuritySettings = Partial<
  Pick<
    AzureDevOpsAdvancedSecurity,
    "isBundledSKU" | "codeSecurityEnabled" | "secretProtectionEnabled" | "codeQLEnabled" | "dependencyScanningInjectionEnabled" | "dependabotEnabled" | "blockPushes"
  > & { advSecEnabled: boolean }
>;

/** The settings setAdvancedSecurity takes per provider (GitLab has no advanced security status). */
export interface AdvancedSecuritySettings {
  github: GitHubAdvancedSecuritySettings;
  "azure-devops": AzureDevOpsAdvancedSecuritySettings;
}

export const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const nowSeconds = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

function requireNoProject(provider: Provider, ref: RepositoryRef): void {
  if (ref.project !== undefined) throw new SandboxControlError(`${provider} repositories have no project (project is for azure-devops)`);
}

export function githubOrganization(ctx: SandboxContext, name: string): GitHubOrganizationFixture {
  const org = ctx.state.world.github.organizations.find((o) => same(o.login, name));
  if (!org) throw new SandboxControlError(`github has no organization "${name}"`);
  return org;
}

function gitlabGroup(ctx: SandboxContext, path: string): GitLabGroupFixture {
  const group = ctx.state.world.gitlab.groups.find((g) => same(fullPath(g), path));
  if (!group) throw new SandboxControlError(`gitlab has no group "${path}"`);
  return group;
}

function azureDevOpsOrganization(ctx: SandboxContext, name: string): AzureDevOpsOrganizationFixture {
  const org = ctx.state.world.azureDevOps.organizations.find((o) => same(o.name, name));
  if (!org) throw new SandboxControlError(`azure-devops has no organization "${name}"`);
  return org;
}

export function azureDevOpsProject(ctx: SandboxContext, ref: RepositoryRef): { org: AzureDevOpsOrganizationFixture; project: AzureDevOpsProjectFixture } {
  const org = azureDevOpsOrganization(ctx, ref.organization);
  if (ref.project === undefined) throw new SandboxControlError("azure-devops repositories are in a project: give project");
  const wanted = ref.project;
  const project = org.projects.find((p) => same(p.name, wanted) || same(p.id, wanted));
  if (!project) throw new SandboxControlError(`azure-devops organization "${org.name}" has no project "${wanted}"`);
  return { org, project };
}

/** The organization's canonical name, for failOrganization (GitLab: any group's full path). */
export function organizationName(ctx: SandboxContext, provider: Provider, organization: string): string {
  if (provider === "github") return githubOrganization(ctx, organization).login;
  if (provider === "gitlab") return fullPath(gitlabGroup(ctx, organization));
  return azureDevOpsOrganization(ctx, organization).name;
}

export function addRepository(ctx: SandboxContext, provider: Provider, repo: NewRepository): void {
  const now = new Date().toISOString();
  const visibility = repo.private === false ? "public" : "private";
  if (provider === "github") {
    requireNoProject(provider, repo);
    const org = githubOrganization(ctx, repo.organization);
    if (org.repositories.some((r) => same(r.name, repo.name))) throw new SandboxControlError(`github organization "${org.login}" already has a repository "${repo.name}"`);
    const id = Math.max(...ctx.state.world.github.organizations.flatMap((o) => o.repositories.map((r) => r.id))) + 1;
    const seconds = nowSeconds();
    org.repositories.push({
      id,
      name: repo.name,
      description: "",
      language: null,
      visibility,
      sizeKb: 64,
      createdAt: seconds,
      pushedAt: seconds,
      defaultBranch: "main",
      archived: false,
      topics: [],
      security: securitySettings("none"),
      protection: null,
      runners: [],
    });
  } else if (provider === "gitlab") {
    requireNoProject(provider, repo);
    const group = gitlabGroup(ctx, repo.organization);
    const projects = ctx.state.world.gitlab.projects;
    if (projects.some((p) => same(p.groupPath, fullPath(group)) && same(p.path, repo.name))) throw new SandboxControlError(`gitlab group "${fullPath(group)}" already has a project "${repo.name}"`);
    projects.push({
      id: Math.max(...projects.map((p) => p.id)) + 1,
      name: repo.name,
      path: repo.name,
      groupPath: fullPath(group),
      description: "",
      visibility,
      defaultBranch: "main",
      archived: false,
      createdAt: now,
      lastActivityAt: now,
      topics: [],
      repositorySize: 65_536,
      approvals: defaultApprovals(),
    });
  } else {
    const { org, project } = azureDevOpsProject(ctx, repo);
    if (project.repositories.some((r) => same(r.name, repo.name))) throw new SandboxControlError(`azure-devops project "${project.name}" already has a repository "${repo.name}"`);
    project.repositories.push({
      id: stableGuid("azure-devops-repository", org.name, project.name, repo.name),
      name: repo.name,
      defaultBranch: "refs/heads/main",
      size: 65_536,
      isDisabled: false,
      advancedSecurity: advancedSecurity("off", org.advancedSecurityBundled, null),
      pullRequestAnnotations: null,
    });
  }
}

export function removeRepository(ctx: SandboxContext, provider: Provider, ref: RepositoryRef): void {
  const missing = () => new SandboxControlError(`${provider} has no repository "${[ref.organization, ref.project, ref.name].filter(Boolean).join("/")}"`);
  if (provider === "github") {
    requireNoProject(provider, ref);
    const org = githubOrganization(ctx, ref.organization);
    const index = org.repositories.findIndex((r) => same(r.name, ref.name));
    if (index < 0) throw missing();
    org.repositories.splice(index, 1);
  } else if (provider === "gitlab") {
    requireNoProject(provider, ref);
    const group = gitlabGroup(ctx, ref.organization);
    const projects = ctx.state.world.gitlab.projects;
    const index = projects.findIndex((p) => same(p.groupPath, fullPath(group)) && same(p.path, ref.name));
    if (index < 0) throw missing();
    projects.splice(index, 1);
  } else {
    const { project } = azureDevOpsProject(ctx, ref);
    const index = project.repositories.findIndex((r) => same(r.name, ref.name) || same(r.id, ref.name));
    if (index < 0) throw missing();
    project.repositories.splice(index, 1);
  }
}

/**
 * Applies `requested` over `current`: a feature whose prerequisite ends up off is
 * switched off too (as the provider does), unless the caller asked for that
 * combination explicitly, which is refused.
 */
export type Prerequisite<T> = [feature: keyof T & string, prerequisite: keyof T & string, why: string];

export function withPrerequisites<T extends object>(current: T, requested: Partial<T>, needs: Prerequisite<T>[]): T {
  const next: T = { ...current, ...requested };
  for (const [feature, prerequisite, why] of needs) {
    if (next[feature] === true && next[prerequisite] === false) {
      if (requested[feature] === true) throw new SandboxControlError(`${feature} cannot be on while ${prerequisite} is off: ${why}`);
      next[feature] = false as T[typeof feature];
    }
  }
  return next;
}

function setGitHub(ctx: SandboxContext, ref: RepositoryRef, settings: GitHubAdvancedSecuritySettings): void {
  requireNoProject("github", ref);
  const org = githubOrganization(ctx, ref.organization);
  const repo = org.repositories.find((r) => same(r.name, ref.name));
  if (!repo) throw new SandboxControlError(`github has no repository "${org.login}/${ref.name}"`);
  const needs: Prerequisite<GitHubSecuritySettings>[] = [
    ["secretScanningPushProtection", "secretScanning", "push protection is part of secret scanning"],
    ["dependabotSecurityUpdates", "dependabotAlerts", "security updates act on Dependabot alerts"],
  ];
  if (repo.visibility !== "public") needs.push(["codeScanning", "advancedSecurity", "code scanning on a private or internal repository needs Advanced Security"]);
  const next = withPrerequisites(repo.security, settings, needs);
  if (next.codeScanning !== repo.security.codeScanning) next.codeScanningUpdatedAt = nowSeconds();
  repo.security = next;
}

function setAzureDevOps(ctx: SandboxContext, ref: RepositoryRef, settings: AzureDevOpsAdvancedSecuritySettings): void {
  const { project } = azureDevOpsProject(ctx, ref);
  const repo = project.repositories.find((r) => same(r.name, ref.name) || same(r.id, ref.name));
  if (!repo) throw new SandboxControlError(`azure-devops project "${project.name}" has no repository "${ref.name}"`);
  const { advSecEnabled, ...fields } = settings;
  const requested: Partial<AzureDevOpsAdvancedSecurity> = {
    ...(advSecEnabled === undefined ? {} : { codeSecurityEnabled: advSecEnabled, secretProtectionEnabled: advSecEnabled }),
    ...fields,
  };
  const current = repo.advancedSecurity;
  const next = withPrerequisites(current, requested, [
    ["codeQLEnabled", "codeSecurityEnabled", "CodeQL is part of Code Security"],
    ["dependencyScanningInjectionEnabled", "codeSecurityEnabled", "dependency scanning is part of Code Security"],
    ["dependabotEnabled", "codeSecurityEnabled", "Dependabot is part of Code Security"],
    ["blockPushes", "secretProtectionEnabled", "push protection is part of Secret Protection"],
  ]);
  if (next.isBundledSKU && next.codeSecurityEnabled !== next.secretProtectionEnabled) {
    throw new SandboxControlError("on the bundled SKU Code Security and Secret Protection are one switch: set both (or advSecEnabled), or isBundledSKU: false");
  }
  const now = new Date().toISOString();
  const changed = (plan: boolean, was: boolean, at: string | null) => (plan === was ? at : now);
  next.codeSecurityChangedAt = changed(next.codeSecurityEnabled, current.codeSecurityEnabled, current.codeSecurityChangedAt);
  next.secretProtectionChangedAt = changed(next.secretProtectionEnabled, current.secretProtectionEnabled, current.secretProtectionChangedAt);
  if (next.codeSecurityChangedAt !== current.codeSecurityChangedAt || next.secretProtectionChangedAt !== current.secretProtectionChangedAt) {
    const admin = ctx.state.world.azureDevOps.users.find((u) => u.purpose === "admin");
    next.changedBy = admin?.id ?? null;
  }
  repo.advancedSecurity = next;
}

export function setAdvancedSecurity(ctx: SandboxContext, provider: Provider, ref: RepositoryRef, settings: GitHubAdvancedSecuritySettings | AzureDevOpsAdvancedSecuritySettings): void {
  if (provider === "github") return setGitHub(ctx, ref, settings as GitHubAdvancedSecuritySettings);
  if (provider === "azure-devops") return setAzureDevOps(ctx, ref, settings as AzureDevOpsAdvancedSecuritySettings);
  throw new SandboxControlError("gitlab reports no advanced security status (the sandbox, like Defender for Cloud, has it as N/A)");
}

/** The repository a control names, with what holds it. */
export function locateRepository(ctx: SandboxContext, provider: Provider, ref: RepositoryRef): LocatedRepository {
  const missing = () => new SandboxControlError(`${provider} has no repository "${[ref.organization, ref.project, ref.name].filter(Boolean).join("/")}"`);
  if (provider === "github") {
    requireNoProject(provider, ref);
    const org = githubOrganization(ctx, ref.organization);
    const repo = org.repositories.find((r) => same(r.name, ref.name));
    if (!repo) throw missing();
    return { provider, org, repo };
  }
  if (provider === "gitlab") {
    requireNoProject(provider, ref);
    const group = gitlabGroup(ctx, ref.organization);
    const project = ctx.state.world.gitlab.projects.find((p) => same(p.groupPath, fullPath(group)) && same(p.path, ref.name));
    if (!project) throw missing();
    return { provider, project };
  }
  const { org, project } = azureDevOpsProject(ctx, ref);
  const repo = project.repositories.find((r) => same(r.name, ref.name) || same(r.id, ref.name));
  if (!repo) throw missing();
  return { provider, org, project, repo };
}

/** Files a pushed commit changes: path (relative, "/"-separated) → UTF-8 content, or null to remove the file. */
export type CommitFiles = FileChanges;

export interface NewCommit {
  files: CommitFiles;
  /** Default "Update files". */
  message?: string;
}

export interface PushedCommit {
  /** The new commit's sha. */
  commit: string;
  /** The branch it is on: the default branch ("main" for a repository that was empty). */
  branch: string;
  /** Its date (ISO 8601), now the repository's last push. */
  pushedAt: string;
}

const SAFE_PATH = /^[A-Za-z0-9._@+ -]+(?:\/[A-Za-z0-9._@+ -]+)*$/;

function checkPath(file: string): void {
  const segments = file.split("/");
  if (!SAFE_PATH.test(file) || segments.some((s) => s === "." || s === ".." || s.toLowerCase() === ".git" || s !== s.trim())) {
    throw new SandboxControlError(`"${file}" is not a file path the sandbox writes: relative, "/"-separated, letters, digits and . _ - @ + only, no "..", no .git`);
  }
}

/**
 * A new commit on the repository's default branch with the files changed or removed,
 * as if someone had pushed it: the clone URL serves it, and the API reports the push
 * (GitHub `pushed_at`/`updated_at`, GitLab `last_activity_at`; a repository that was
 * empty gets the default branch `main`). Archived and disabled repositories refuse it,
 * as the providers refuse pushes there.
 */
export async function pushCommit(ctx: SandboxContext, provider: Provider, ref: RepositoryRef, change: NewCommit): Promise<PushedCommit> {
  const located = locateRepository(ctx, provider, ref);
  for (const file of Object.keys(change.files)) checkPath(file);
  if (located.provider === "github" && located.repo.archived) throw new SandboxControlError(`github repository "${located.repo.name}" is archived (read-only)`);
  if (located.provider === "gitlab" && located.project.archived) throw new SandboxControlError(`gitlab project "${located.project.path}" is archived (read-only)`);
  if (located.provider === "azure-devops" && located.repo.isDisabled) throw new SandboxControlError(`azure-devops repository "${located.repo.name}" is disabled`);
  const repository = codeRepository(located);
  const branch = repository.defaultBranch ?? "main";
  const pushed = await ctx.git.push(repository, branch, change);
  if (located.provider === "github") {
    located.repo.pushedAt = pushed.date.replace(/\.\d+Z$/, "Z");
  } else if (located.provider === "gitlab") {
    located.project.lastActivityAt = pushed.date;
    located.project.defaultBranch ??= branch;
  } else {
    located.repo.defaultBranch ??= `refs/heads/${branch}`;
  }
  return { commit: pushed.commit, branch, pushedAt: pushed.date };
}

/** The size the API reports, in bytes: GitHub `size` (rounded up to KB), GitLab `statistics.repository_size`, Azure DevOps `size`. */
export function setRepositorySize(ctx: SandboxContext, provider: Provider, ref: RepositoryRef, bytes: number): void {
  const located = locateRepository(ctx, provider, ref);
  if (located.provider === "github") located.repo.sizeKb = Math.ceil(bytes / 1024);
  else if (located.provider === "gitlab") located.project.repositorySize = bytes;
  else located.repo.size = bytes;
}

/** The repository's next `times` clones (every one until reset when null) answer `status`. */
export function failClone(ctx: SandboxContext, provider: Provider, ref: RepositoryRef, status: number, times: number | null): void {
  ctx.git.failClone(codeRepository(locateRepository(ctx, provider, ref)), status, times);
}
