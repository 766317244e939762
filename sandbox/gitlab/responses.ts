import {
  AccessLevel,
  type CondensedNamespaceSchema,
  type ExpandedUserSchema,
  type GroupSchema,
  type ProjectLevelApprovalRuleSchema,
  type ProjectLevelMergeRequestApprovalSchema,
  type ProjectSchema,
  type ProjectStatisticsSchema,
  type ProtectedBranchSchema,
} from "@gitbeaker/core";
import type { SandboxUrls } from "../context";
import type { GitLabApprovalRuleFixture, GitLabGroupFixture, GitLabProjectFixture, GitLabUserFixture } from "../fixtures/gitlab";

/**
 * GitLab REST answers, typed against @gitbeaker/core's schemas. Where those types
 * are stricter than what GitLab actually sends, the difference is spelled out in an
 * override (below) rather than papered over with made-up values.
 */

type Override<T, U> = Omit<T, keyof U> & U;

interface AccessInfo {
  access_level: number;
  notification_level: number;
}

/** A top-level group has `parent_id: null` (gitbeaker types it as number). */
export type GitLabGroup = Override<GroupSchema, { parent_id: number | null; marked_for_deletion_on: string | null }>;

/**
 * As GitLab sends a group's project: no `owner` (only projects in a user's namespace
 * have one), no license fields unless `?license=true`, `runners_token` only for
 * maintainers, `default_branch` null for an empty repository, and `project_access`
 * null when the user's access comes from a group.
 */
export type GitLabProject = Override<
  ProjectSchema,
  {
    owner?: ProjectSchema["owner"];
    license_url?: string | null;
    license?: ProjectSchema["license"] | null;
    runners_token?: string;
    mirror_user_id?: number;
    default_branch: string | null;
    readme_url: string | null;
    marked_for_deletion_on: string | null;
    permissions: { project_access: AccessInfo | null; group_access: AccessInfo | null };
  }
>;

export function currentUser(urls: SandboxUrls, user: GitLabUserFixture): ExpandedUserSchema {
  return {
    id: user.id,
    username: user.login,
    name: user.name,
    state: "active",
    locked: false,
    avatar_url: `${urls.gitlabUrl}/uploads/-/system/user/avatar/${user.id}/avatar.png`,
    web_url: `${urls.gitlabUrl}/${user.login}`,
    created_at: user.createdAt,
    bio: "",
    bot: false,
    location: "",
    public_email: null,
    skype: "",
    linkedin: "",
    twitter: "",
    discord: "",
    website_url: "",
    pronouns: null,
    organization: "Contoso",
    job_title: "",
    work_information: null,
    followers: 0,
    following: 0,
    local_time: null,
    is_followed: false,
    is_admin: false,
    last_sign_in_at: "2026-11-20T08:00:00.000Z",
    confirmed_at: user.createdAt,
    last_activity_on: "2026-11-23",
    email: user.email,
    theme_id: 3,
    color_scheme_id: 1,
    projects_limit: 100_000,
    current_sign_in_at: "2026-11-23T08:00:00.000Z",
    note: null,
    identities: [],
    can_create_group: true,
    can_create_project: true,
    two_factor_enabled: true,
    external: false,
    private_profile: null,
    namespace_id: user.id + 1_000_000,
    created_by: null,
    commit_email: user.email,
  };
}

export function fullName(groups: GitLabGroupFixture[], group: GitLabGroupFixture): string {
  const parent = group.parentPath ? groups.find((g) => fullPath(g) === group.parentPath) : undefined;
  return parent ? `${fullName(groups, parent)} / ${group.name}` : group.name;
}

export function fullPath(group: GitLabGroupFixture): string {
  return group.parentPath ? `${group.parentPath}/${group.path}` : group.path;
}

export function group(urls: SandboxUrls, groups: GitLabGroupFixture[], g: GitLabGroupFixture): GitLabGroup {
  const parent = g.parentPath ? groups.find((p) => fullPath(p) === g.parentPath) : undefined;
  return {
    id: g.id,
    web_url: `${urls.gitlabUrl}/groups/${fullPath(g)}`,
    name: g.name,
    path: g.path,
    description: g.description,
    visibility: g.visibility,
    share_with_group_lock: false,
    require_two_factor_authentication: false,
    two_factor_grace_period: 48,
    project_creation_level: "developer",
    auto_devops_enabled: undefined,
    subgroup_creation_level: "maintainer",
    emails_enabled: true,
    mentions_disabled: undefined,
    lfs_enabled: true,
    default_branch: null,
    default_branch_protection: 2,
    avatar_url: null,
    request_access_enabled: true,
    full_name: fullName(groups, g),
    full_path: fullPath(g),
    created_at: g.createdAt,
    parent_id: parent?.id ?? null,
    organization_id: 1,
    shared_runners_setting: "enabled",
    ldap_cn: undefined,
    ldap_access: undefined,
    marked_for_deletion_on: null,
  };
}

function namespace(urls: SandboxUrls, groups: GitLabGroupFixture[], g: GitLabGroupFixture): CondensedNamespaceSchema {
  const parent = g.parentPath ? groups.find((p) => fullPath(p) === g.parentPath) : undefined;
  return { id: g.id, name: g.name, path: g.path, kind: "group", full_path: fullPath(g), parent_id: parent?.id ?? null, avatar_url: null, web_url: `${urls.gitlabUrl}/groups/${fullPath(g)}` };
}

export function project(
  urls: SandboxUrls,
  groups: GitLabGroupFixture[],
  p: GitLabProjectFixture,
  accessLevel: number,
): GitLabProject {
  const owningGroup = groups.find((g) => fullPath(g) === p.groupPath);
  if (!owningGroup) throw new Error(`fixture project ${p.path} has no group ${p.groupPath}`);
  const pathWithNamespace = `${p.groupPath}/${p.path}`;
  const api = `${urls.gitlabUrl}/api/v4/projects/${p.id}`;
  const host = new URL(urls.url).hostname;
  const maintainer = accessLevel >= 40;
  return {
    id: p.id,
    description: p.description,
    description_html: `<p data-sourcepos="1:1-1:${p.description.length}" dir="auto">${p.description.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c] ?? c)}</p>`,
    name: p.name,
    name_with_namespace: `${fullName(groups, owningGroup)} / ${p.name}`,
    path: p.path,
    path_with_namespace: pathWithNamespace,
    created_at: p.createdAt,
    default_branch: p.defaultBranch,
    tag_list: p.topics,
    topics: p.topics,
    ssh_url_to_repo: `git@${host}:${pathWithNamespace}.git`,
    http_url_to_repo: `${urls.gitlabUrl}/${pathWithNamespace}.git`,
    web_url: `${urls.gitlabUrl}/${pathWithNamespace}`,
    readme_url: p.defaultBranch ? `${urls.gitlabUrl}/${pathWithNamespace}/-/blob/${p.defaultBranch}/README.md` : null,
    forks_count: p.visibility === "public" ? 3 : 0,
    avatar_url: null,
    star_count: p.visibility === "public" ? 17 : 1,
    last_activity_at: p.lastActivityAt,
    namespace: namespace(urls, groups, owningGroup),
    container_registry_image_prefix: `${host}:5050/${pathWithNamespace}`,
    _links: {
      self: api,
      issues: `${api}/issues`,
      merge_requests: `${api}/merge_requests`,
      repo_branches: `${api}/repository/branches`,
      labels: `${api}/labels`,
      events: `${api}/events`,
      members: `${api}/members`,
      cluster_agents: `${api}/cluster_agents`,
    },
    packages_enabled: true,
    empty_repo: p.defaultBranch === null,
    archived: p.archived,
    visibility: p.visibility,
    resolve_outdated_diff_discussions: false,
    container_expiration_policy: {
      cadence: "1d",
      enabled: false,
      keep_n: 10,
      older_than: "90d",
      name_regex_delete: null,
      name_regex_keep: null,
      next_run_at: "2026-11-24T08:00:00.000Z",
    },
    repository_object_format: "sha1",
    issues_enabled: true,
    merge_requests_enabled: true,
    wiki_enabled: true,
    jobs_enabled: true,
    snippets_enabled: true,
    container_registry_enabled: true,
    service_desk_enabled: false,
    service_desk_address: null,
    can_create_merge_request_in: accessLevel >= 30,
    issues_access_level: "enabled",
    repository_access_level: "enabled",
    merge_requests_access_level: "enabled",
    container_registry_access_level: "enabled",
    security_and_compliance_access_level: "private",
    shared_runners_enabled: true,
    group_runners_enabled: true,
    lfs_enabled: true,
    creator_id: 2_100_001,
    import_url: null,
    import_type: null,
    import_status: "none",
    import_error: null,
    open_issues_count: p.archived ? 0 : 6,
    updated_at: p.lastActivityAt,
    ci_default_git_depth: 20,
    ci_forward_deployment_enabled: true,
    ci_forward_deployment_rollback_allowed: true,
    ci_allow_fork_pipelines_to_run_in_parent_project: true,
    ci_separated_caches: true,
    ci_restrict_pipeline_cancellation_role: "developer",
    ci_pipeline_variables_minimum_override_role: false,
    public_jobs: true,
    shared_with_groups: [],
    repository_storage: "default",
    only_allow_merge_if_pipeline_succeeds: true,
    allow_merge_on_skipped_pipeline: false,
    only_allow_merge_if_all_discussions_are_resolved: true,
    remove_source_branch_after_merge: true,
    printing_merge_requests_link_enabled: true,
    request_access_enabled: true,
    merge_method: "merge",
    squash_option: "default_off",
    auto_devops_enabled: false,
    auto_devops_deploy_strategy: "continuous",
    mirror: false,
    mirror_trigger_builds: false,
    only_mirror_protected_branches: false,
    mirror_overwrites_diverged_branches: false,
    external_authorization_classification_label: null,
    autoclose_referenced_issues: true,
    suggestion_commit_message: null,
    enforce_auth_checks_on_uploads: true,
    merge_commit_template: null,
    squash_commit_template: null,
    issue_branch_template: "%{id}-%{title}",
    marked_for_deletion_on: null,
    compliance_frameworks: [],
    warn_about_potentially_unwanted_characters: true,
    permissions: {
      project_access: null,
      group_access: accessLevel > 0 ? { access_level: accessLevel, notification_level: 3 } : null,
    },
    ...(maintainer ? { runners_token: `GR1348941${p.id.toString(36)}sandbox` } : {}),
  };
}

/** A project's `statistics` (sizes in bytes); GitLab also sends the container registry's size, which gitbeaker does not type. */
export type GitLabProjectStatistics = ProjectStatisticsSchema & { container_registry_size: number };

export function projectStatistics(p: GitLabProjectFixture): GitLabProjectStatistics {
  const empty = p.defaultBranch === null;
  const sizes = {
    repository_size: p.repositorySize,
    wiki_size: empty ? 0 : 16_384,
    lfs_objects_size: 0,
    job_artifacts_size: empty ? 0 : Math.round(p.repositorySize / 4),
    pipeline_artifacts_size: 0,
    packages_size: 0,
    snippets_size: 0,
    uploads_size: empty ? 0 : 204_800,
    container_registry_size: 0,
  };
  return {
    commit_count: empty ? 0 : 200 + (p.id % 1_000) * 3,
    storage_size: Object.values(sizes).reduce((sum, n) => sum + n, 0) - sizes.container_registry_size,
    ...sizes,
  };
}

/** GET /projects/:id/approvals: the project's approval settings (the approvers lists are empty: rules name them now). */
export type GitLabApprovalConfiguration = ProjectLevelMergeRequestApprovalSchema & {
  approvers: unknown[];
  approver_groups: unknown[];
  selective_code_owner_removals: boolean;
  require_reauthentication_to_approve: boolean;
};

export function approvalConfiguration(p: GitLabProjectFixture): GitLabApprovalConfiguration {
  const a = p.approvals;
  return {
    approvers: [],
    approver_groups: [],
    approvals_before_merge: a.approvalsBeforeMerge,
    reset_approvals_on_push: a.resetApprovalsOnPush,
    selective_code_owner_removals: false,
    disable_overriding_approvers_per_merge_request: false,
    merge_requests_author_approval: a.authorApproval,
    merge_requests_disable_committers_approval: a.committersApprovalDisabled,
    require_password_to_approve: false,
    require_reauthentication_to_approve: false,
  };
}

/**
 * The project's protected branches: the default branch (GitLab protects it on creation)
 * and every branch an approval rule is scoped to (rules can only name protected branches).
 * Ids are the project's id times 100 plus a counter.
 */
export function protectedBranches(p: GitLabProjectFixture): ProtectedBranchSchema[] {
  const names = [...new Set([...(p.defaultBranch ? [p.defaultBranch] : []), ...p.approvals.rules.flatMap((r) => r.protectedBranches)])];
  const level = (access: AccessLevel.DEVELOPER | AccessLevel.MAINTAINER, description: string, id: number) => [{ id, access_level: access, access_level_description: description, user_id: null, group_id: null }];
  return names.map((name, i) => ({
    id: p.id * 100 + i + 1,
    name,
    push_access_levels: level(AccessLevel.MAINTAINER, "Maintainers", p.id * 1000 + i * 3 + 1),
    merge_access_levels: level(AccessLevel.MAINTAINER, "Maintainers", p.id * 1000 + i * 3 + 2),
    unprotect_access_levels: level(AccessLevel.MAINTAINER, "Maintainers", p.id * 1000 + i * 3 + 3),
    allow_force_push: false,
    code_owner_approval_required: false,
  }));
}

/** An element of GET /projects/:id/approval_rules (GitLab 15.3+: `applies_to_all_protected_branches`). */
export type GitLabApprovalRule = ProjectLevelApprovalRuleSchema & { applies_to_all_protected_branches: boolean; report_type: string | null };

export function approvalRule(p: GitLabProjectFixture, rule: GitLabApprovalRuleFixture): GitLabApprovalRule {
  const branches = protectedBranches(p);
  return {
    id: rule.id,
    name: rule.name,
    rule_type: rule.ruleType,
    report_type: rule.ruleType === "report_approver" ? "code_coverage" : null,
    eligible_approvers: [],
    approvals_required: rule.approvalsRequired,
    users: [],
    groups: [],
    contains_hidden_groups: false,
    overridden: false,
    applies_to_all_protected_branches: rule.appliesToAllProtectedBranches,
    // "All protected branches" lists them as they are now; a rule for all branches lists none.
    protected_branches: rule.appliesToAllProtectedBranches ? branches : branches.filter((b) => rule.protectedBranches.includes(b.name)),
  };
}
