import type { components, operations } from "@octokit/openapi-types";
import type { SandboxUrls } from "../context";
import type {
  GitHubOrganizationFixture,
  GitHubPersonFixture,
  GitHubRepositoryFixture,
  GitHubSecuritySettings,
  GitHubUserFixture,
} from "../fixtures/github";
import { nodeId } from "../ids";
import type { Quota } from "../state";

/**
 * GitHub REST answers, typed against GitHub's own OpenAPI description
 * (@octokit/openapi-types): each builder returns the schema the operation declares.
 * URLs follow GitHub Enterprise Server's layout (API under /api/v3).
 */

type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];
/** The 200 body of an operation, as GitHub's OpenAPI description declares it. */
export type OkBody<Operation extends keyof operations> = operations[Operation] extends { responses: { 200: { content: { "application/json": infer Body } } } }
  ? Body
  : never;

export type RepositoryPermissions = NonNullable<Schema<"full-repository">["permissions"]>;

function avatar(urls: SandboxUrls, kind: "u" | "o", id: number): string {
  return `${urls.githubWebUrl}/avatars/${kind}/${id}?v=4`;
}

function accountUrls(urls: SandboxUrls, login: string) {
  const api = `${urls.githubApiUrl}/users/${login}`;
  return {
    url: api,
    html_url: `${urls.githubWebUrl}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
  };
}

export function simpleUser(urls: SandboxUrls, user: Pick<GitHubPersonFixture, "login" | "id">): Schema<"simple-user"> {
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId("U", user.id),
    avatar_url: avatar(urls, "u", user.id),
    gravatar_id: "",
    ...accountUrls(urls, user.login),
    type: "User",
    user_view_type: "public",
    site_admin: false,
  };
}

/** An organization where GitHub shows it as an owner (`owner` of its repositories). */
function organizationAsOwner(urls: SandboxUrls, org: GitHubOrganizationFixture): Schema<"simple-user"> {
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId("O", org.id),
    avatar_url: avatar(urls, "o", org.id),
    gravatar_id: "",
    ...accountUrls(urls, org.login),
    type: "Organization",
    user_view_type: "public",
    site_admin: false,
  };
}

export function privateUser(urls: SandboxUrls, user: GitHubUserFixture, stats: { publicRepos: number; privateRepos: number }): Schema<"private-user"> {
  return {
    ...simpleUser(urls, user),
    user_view_type: "private",
    name: user.name,
    company: user.company,
    blog: "",
    location: user.location,
    email: user.email,
    notification_email: user.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: stats.publicRepos,
    public_gists: 0,
    followers: 12,
    following: 3,
    created_at: user.createdAt,
    updated_at: "2026-11-01T09:00:00Z",
    private_gists: 0,
    total_private_repos: stats.privateRepos,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: "enterprise", space: 976_562_499, collaborators: 0, private_repos: 9_999 },
  };
}

export function organizationSimple(urls: SandboxUrls, org: GitHubOrganizationFixture): Schema<"organization-simple"> {
  const api = `${urls.githubApiUrl}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId("O", org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: avatar(urls, "o", org.id),
    description: org.description,
  };
}

/** GET /orgs/{org}: owners also see the private counts, plan and policies. */
export function organizationFull(urls: SandboxUrls, org: GitHubOrganizationFixture, isOwner: boolean): OkBody<"orgs/get"> {
  const publicRepos = org.repositories.filter((r) => r.visibility === "public").length;
  const privateRepos = org.repositories.length - publicRepos;
  const base: Schema<"organization-full"> = {
    ...organizationSimple(urls, org),
    name: org.name,
    blog: `https://${org.login}.example`,
    email: `security@${org.login}.example`,
    twitter_username: null,
    is_verified: true,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: `${urls.githubWebUrl}/${org.login}`,
    created_at: org.createdAt,
    updated_at: "2026-10-01T12:00:00Z",
    archived_at: null,
    type: "Organization",
  };
  if (!isOwner) return base;
  return {
    ...base,
    total_private_repos: privateRepos,
    owned_private_repos: privateRepos,
    private_gists: 0,
    disk_usage: org.repositories.reduce((sum, r) => sum + r.sizeKb, 0),
    collaborators: 4,
    billing_email: `billing@${org.login}.example`,
    plan: { name: "enterprise", space: 976_562_499, private_repos: 999_999, filled_seats: Object.keys(org.members).length, seats: 250 },
    default_repository_permission: org.settings.defaultRepositoryPermission,
    members_can_create_repositories: false,
    two_factor_requirement_enabled: true,
    members_allowed_repository_creation_type: "none",
    members_can_create_public_repositories: false,
    members_can_create_private_repositories: false,
    members_can_create_internal_repositories: false,
    members_can_fork_private_repositories: false,
    web_commit_signoff_required: false,
    advanced_security_enabled_for_new_repositories: org.login === "contoso-web",
    dependabot_alerts_enabled_for_new_repositories: true,
    dependabot_security_updates_enabled_for_new_repositories: org.login === "contoso-web",
    dependency_graph_enabled_for_new_repositories: true,
    secret_scanning_enabled_for_new_repositories: true,
    secret_scanning_push_protection_enabled_for_new_repositories: org.login === "contoso-web",
  };
}

export function orgMembership(
  urls: SandboxUrls,
  org: GitHubOrganizationFixture,
  user: GitHubUserFixture,
  role: "admin" | "member",
): Schema<"org-membership"> {
  return {
    url: `${urls.githubApiUrl}/orgs/${org.login}/memberships/${user.login}`,
    state: "active",
    role,
    direct_membership: true,
    organization_url: `${urls.githubApiUrl}/orgs/${org.login}`,
    organization: organizationSimple(urls, org),
    user: simpleUser(urls, user),
    permissions: { can_create_repository: role === "admin" },
  };
}

function securityAndAnalysis(settings: GitHubSecuritySettings, visibility: GitHubRepositoryFixture["visibility"]): Schema<"security-and-analysis"> {
  const on = (value: boolean) => ({ status: value ? ("enabled" as const) : ("disabled" as const) });
  return {
    // Public repositories have code scanning and secret scanning free: GitHub leaves the licence switches out.
    ...(visibility === "public" ? {} : { advanced_security: on(settings.advancedSecurity), code_security: on(settings.advancedSecurity) }),
    dependabot_security_updates: on(settings.dependabotSecurityUpdates),
    secret_scanning: on(settings.secretScanning),
    secret_scanning_push_protection: on(settings.secretScanningPushProtection),
    secret_scanning_non_provider_patterns: on(false),
    secret_scanning_ai_detection: on(false),
  };
}

type CodeQLLanguage = NonNullable<Schema<"code-scanning-default-setup">["languages"]>[number];

/** GitHub's repository languages that CodeQL's default setup analyses, by CodeQL's name for them. */
const CODEQL_LANGUAGES: Record<string, CodeQLLanguage> = {
  TypeScript: "javascript-typescript",
  JavaScript: "javascript-typescript",
  Vue: "javascript-typescript",
  Go: "go",
  "C#": "csharp",
  Java: "java-kotlin",
  Kotlin: "java-kotlin",
  Python: "python",
  "Jupyter Notebook": "python",
  Swift: "swift",
  Ruby: "ruby",
  C: "c-cpp",
  "C++": "c-cpp",
};

/** GET /repos/{owner}/{repo}/code-scanning/default-setup. */
export function codeScanningDefaultSetup(repo: GitHubRepositoryFixture): OkBody<"code-scanning/get-default-setup"> {
  const configured = repo.security.codeScanning;
  const language = repo.language ? CODEQL_LANGUAGES[repo.language] : undefined;
  return {
    state: configured ? "configured" : "not-configured",
    // Default setup also analyses the repository's GitHub Actions workflows.
    languages: configured ? [...(language ? [language] : []), "actions"] : [],
    runner_type: configured ? "standard" : null,
    runner_label: null,
    query_suite: "default",
    threat_model: "remote",
    updated_at: repo.security.codeScanningUpdatedAt,
    schedule: configured ? "weekly" : null,
  };
}

function repositoryUrls(urls: SandboxUrls, fullName: string) {
  const api = `${urls.githubApiUrl}/repos/${fullName}`;
  const host = new URL(urls.url).hostname;
  return {
    html_url: `${urls.githubWebUrl}/${fullName}`,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${host}/${fullName}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${host}:${fullName}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${urls.githubWebUrl}/${fullName}.git`,
    hooks_url: `${api}/hooks`,
    svn_url: `${urls.githubWebUrl}/${fullName}`,
  };
}

/** The members GET /repos/{owner}/{repo} and GET /orgs/{org}/repos have in common. */
function repositoryCommon(urls: SandboxUrls, org: GitHubOrganizationFixture, repo: GitHubRepositoryFixture, permissions: RepositoryPermissions) {
  const fullName = `${org.login}/${repo.name}`;
  const isPublic = repo.visibility === "public";
  return {
    id: repo.id,
    node_id: nodeId("R", repo.id),
    name: repo.name,
    full_name: fullName,
    owner: organizationAsOwner(urls, org),
    private: !isPublic,
    description: repo.description,
    fork: false,
    ...repositoryUrls(urls, fullName),
    mirror_url: null,
    homepage: null,
    language: repo.language,
    forks_count: isPublic ? 7 : 0,
    stargazers_count: isPublic ? 42 : 3,
    watchers_count: isPublic ? 42 : 3,
    size: repo.sizeKb,
    default_branch: repo.defaultBranch,
    open_issues_count: repo.archived ? 0 : 4,
    is_template: false,
    topics: repo.topics,
    has_issues: true,
    has_projects: true,
    has_wiki: isPublic,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    visibility: repo.visibility,
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    permissions,
    allow_forking: isPublic,
    web_commit_signoff_required: false,
    license: null,
    forks: isPublic ? 7 : 0,
    open_issues: repo.archived ? 0 : 4,
    watchers: isPublic ? 42 : 3,
    // GitHub shows this block only to admins (and security managers).
    ...(permissions.admin ? { security_and_analysis: securityAndAnalysis(repo.security, repo.visibility) } : {}),
    custom_properties: {},
  };
}

/** GET /repos/{owner}/{repo}. */
export function fullRepository(
  urls: SandboxUrls,
  org: GitHubOrganizationFixture,
  repo: GitHubRepositoryFixture,
  permissions: RepositoryPermissions,
): OkBody<"repos/get"> {
  return {
    ...repositoryCommon(urls, org, repo, permissions),
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: true,
    allow_merge_commit: true,
    subscribers_count: 5,
    network_count: repo.visibility === "public" ? 7 : 0,
    organization: organizationAsOwner(urls, org),
  };
}

/** An element of GET /orgs/{org}/repos (minimal-repository). */
export function minimalRepository(
  urls: SandboxUrls,
  org: GitHubOrganizationFixture,
  repo: GitHubRepositoryFixture,
  permissions: RepositoryPermissions,
): OkBody<"repos/list-for-org">[number] {
  return { ...repositoryCommon(urls, org, repo, permissions), role_name: permissions.admin ? "admin" : permissions.push ? "write" : "read" };
}

export function rateLimitOverview(core: Quota, search: { limit: number; resetAt: number }): OkBody<"rate-limit/get"> {
  const rate = { limit: core.limit, remaining: core.remaining, reset: core.resetAt, used: core.used };
  const untouched = (limit: number, resetAt: number) => ({ limit, remaining: limit, reset: resetAt, used: 0 });
  return {
    resources: {
      core: rate,
      search: untouched(search.limit, search.resetAt),
      graphql: untouched(core.limit, core.resetAt),
      code_search: untouched(10, search.resetAt),
      integration_manifest: untouched(5000, core.resetAt),
      dependency_snapshots: untouched(100, search.resetAt),
    },
    rate,
  };
}

/** GET /repos/{owner}/{repo}/branches/{branch}/protection, for a protected branch. */
export function branchProtection(urls: SandboxUrls, org: GitHubOrganizationFixture, repo: GitHubRepositoryFixture, branch: string): OkBody<"repos/get-branch-protection"> {
  const rule = repo.protection;
  if (!rule) throw new Error(`${repo.name}'s ${branch} is not protected`);
  const url = `${urls.githubApiUrl}/repos/${org.login}/${repo.name}/branches/${encodeURIComponent(branch)}/protection`;
  const flag = (enabled: boolean) => ({ enabled });
  return {
    url,
    ...(rule.requiredApprovals === null
      ? {}
      : {
          required_pull_request_reviews: {
            url: `${url}/required_pull_request_reviews`,
            dismiss_stale_reviews: true,
            require_code_owner_reviews: false,
            required_approving_review_count: rule.requiredApprovals,
            require_last_push_approval: false,
          },
        }),
    enforce_admins: { url: `${url}/enforce_admins`, enabled: false },
    required_linear_history: flag(false),
    allow_force_pushes: flag(rule.allowForcePushes),
    allow_deletions: flag(false),
    block_creations: flag(false),
    required_conversation_resolution: flag(false),
    lock_branch: flag(false),
    allow_fork_syncing: flag(false),
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
  };
}

/** GET /repos/{owner}/{repo}/actions/runners (one page of them). */
export function selfHostedRunners(repo: GitHubRepositoryFixture, page: GitHubRepositoryFixture["runners"]): OkBody<"actions/list-self-hosted-runners-for-repo"> {
  return {
    total_count: repo.runners.length,
    runners: page.map((r) => ({
      id: r.id,
      runner_group_id: 1,
      name: r.name,
      os: r.os,
      status: r.status,
      busy: r.busy,
      ephemeral: false,
      labels: r.labels.map((name, i) => ({ id: i + 1, name, type: "read-only" as const })),
    })),
  };
}

/** GET /orgs/{org}/actions/permissions/workflow. */
export function workflowPermissions(org: GitHubOrganizationFixture): OkBody<"actions/get-github-actions-default-workflow-permissions-organization"> {
  return { default_workflow_permissions: org.settings.defaultWorkflowPermissions, can_approve_pull_request_reviews: org.settings.canApprovePullRequestReviews };
}
