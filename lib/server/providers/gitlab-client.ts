import "server-only";
import { Gitlab, GitbeakerRequestError, GitbeakerRetryError, GitbeakerTimeoutError } from "@gitbeaker/rest";
import pLimit from "p-limit";
import type { RepositoryPostureFacts } from "@/lib/recommendations/posture-facts";
import type { ProviderHost } from "./hosts";
import {
  advancedSecurityFrom,
  isUnreadable,
  knownFacts,
  REQUEST_TIMEOUT_SECONDS,
  type DiscoveredRepository,
  type OrganizationCandidate,
  type ProviderClient,
  type ProviderIdentity,
} from "./provider-client";
import { providerErrorFromStatus, providerTimeout, providerUnreachable, ProviderError } from "./provider-error";

/** GitLab (gitlab.com or self-managed) through gitbeaker. Top-level groups are its organizations. */

const OWNER = 50;

/** Projects whose approval settings are read at a time. */
const PER_PROJECT_CONCURRENCY = 8;

/** Approval rules that require approvals on every merge request they apply to ("All eligible users" and named approvers); report and code-owner rules are conditional. */
const REQUIRING_RULES = new Set(["regular", "any_approver"]);

/** A protected branch name (wildcards allowed: `release/*`) matching a branch. */
function matchesBranch(pattern: string, branch: string): boolean {
  const [first = "", ...rest] = pattern.split("*");
  if (rest.length === 0) return pattern === branch;
  const last = rest.pop() ?? "";
  if (!branch.startsWith(first) || !branch.endsWith(last) || branch.length < first.length + last.length) return false;
  // The parts between wildcards, in order, in what is left between the first and the last.
  let position = first.length;
  const end = branch.length - last.length;
  for (const part of rest) {
    const found = branch.indexOf(part, position);
    if (found < 0 || found + part.length > end) return false;
    position = found + part.length;
  }
  return true;
}

/**
 * Whether an approval rule applies to merge requests into `branch`: a rule with no
 * protected branches applies to all branches; "all protected branches" lists the project's
 * protected branches as they are now, as any other scoped rule lists its own.
 */
function appliesTo(rule: { protected_branches?: { name: string }[]; applies_to_all_protected_branches?: unknown }, branch: string): boolean {
  const branches = rule.protected_branches ?? [];
  if (branches.length === 0 && rule.applies_to_all_protected_branches !== true) return true;
  return branches.some((b) => matchesBranch(b.name, branch));
}

function classify(host: ProviderHost, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof GitbeakerTimeoutError) return providerTimeout("GITLAB", REQUEST_TIMEOUT_SECONDS);
  if (error instanceof GitbeakerRetryError) {
    const status = /last status code: (\d+)/.exec(error.message)?.[1];
    return providerErrorFromStatus("GITLAB", Number(status ?? 502));
  }
  if (error instanceof GitbeakerRequestError && error.cause?.response) {
    return providerErrorFromStatus("GITLAB", error.cause.response.status, error.cause.response.headers, error.cause.description);
  }
  return providerUnreachable("GITLAB", host.apiUrl);
}

export function gitlabClient(host: ProviderHost, accessToken: string): ProviderClient {
  const api = new Gitlab({ host: host.apiUrl, oauthToken: accessToken, queryTimeout: REQUEST_TIMEOUT_SECONDS * 1000 });
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw classify(host, error);
    }
  };
  return {
    async identity(): Promise<ProviderIdentity> {
      const user = await call(() => api.Users.showCurrentUser());
      return { id: String(user.id), login: user.username, name: user.name ?? null, email: (user.email as string | undefined) ?? null };
    },
    async organizations(): Promise<OrganizationCandidate[]> {
      const [all, owned] = await Promise.all([
        call(() => api.Groups.all({ topLevelOnly: true, perPage: 100 })),
        call(() => api.Groups.all({ topLevelOnly: true, minAccessLevel: OWNER, perPage: 100 })),
      ]);
      const ownedIds = new Set(owned.map((g) => g.id));
      return all.map((g) => ({
        id: String(g.id),
        name: g.full_path,
        url: g.web_url,
        canAdminister: ownedIds.has(g.id),
        reason: ownedIds.has(g.id) ? undefined : "You do not have the Owner role in this group. Only group Owners can onboard it.",
      }));
    },
    async repositories(group): Promise<DiscoveredRepository[]> {
      // `statistics` (repository size) is a documented parameter gitbeaker's types lack.
      const withStatistics = { statistics: true } as unknown as Record<string, never>;
      const projects = await call(() => api.Groups.allProjects(group.id, { includeSubgroups: true, withShared: false, perPage: 100, ...withStatistics }));
      const limit = pLimit(PER_PROJECT_CONCURRENCY);
      return Promise.all(
        projects.map((p) =>
          limit(async (): Promise<DiscoveredRepository> => {
            const namespace = String(p.namespace?.full_path ?? group.name);
            const below = namespace === group.name ? null : namespace.startsWith(`${group.name}/`) ? namespace.slice(group.name.length + 1) : namespace;
            const statistics = (p as { statistics?: { repository_size?: number } }).statistics;
            const visibility = String(p.visibility);
            const defaultBranch = (p.default_branch as string | undefined) ?? null;
            return {
              externalId: String(p.id),
              name: String(p.path),
              fullName: String(p.path_with_namespace),
              projectPath: below,
              url: String(p.web_url),
              cloneUrl: (p.http_url_to_repo as string | undefined) ?? null,
              defaultBranch,
              visibility: visibility === "public" || visibility === "internal" ? visibility : "private",
              archived: Boolean(p.archived),
              sizeKb: typeof statistics?.repository_size === "number" ? Math.round(statistics.repository_size / 1024) : null,
              lastPushAt: p.last_activity_at ? new Date(String(p.last_activity_at)) : null,
              // Seed 002: advanced security status is known for Azure DevOps and GitHub only.
              advancedSecurity: advancedSecurityFrom({}),
              pullRequestAnnotations: null,
              posture: await approvals(p.id, defaultBranch),
            };
          }),
        ),
      );
    },
    // GitLab's groups carry no settings that posture recommendations judge.
    async postureResources() {
      return [];
    },
  };

  /** A settings read: its answer, or undefined when GitLab refuses it to this identity (403) or has nothing (404). */
  async function readable<T>(request: () => Promise<T>): Promise<T | undefined> {
    try {
      return await request();
    } catch (error) {
      const failure = classify(host, error);
      if (isUnreadable(failure)) return undefined;
      throw failure;
    }
  }

  /**
   * Merge request approvals into the default branch: the most approvals any applying rule
   * requires (none: the project's older approvals_before_merge, else 0), and whether
   * authors may approve their own merge requests. A project without a default branch
   * (empty) has no required approvals to judge.
   */
  async function approvals(projectId: number, defaultBranch: string | null): Promise<RepositoryPostureFacts> {
    const perPage = { perPage: 100 } as unknown as Record<string, never>;
    const [settings, rules] = await Promise.all([
      readable(() => api.MergeRequestApprovals.showConfiguration(projectId)),
      readable(() => api.MergeRequestApprovals.allApprovalRules(projectId, perPage)),
    ]);
    let requiredApprovals: number | undefined;
    if (defaultBranch !== null && rules !== undefined) {
      const applying = rules.filter((r) => REQUIRING_RULES.has(r.rule_type) && appliesTo(r, defaultBranch));
      requiredApprovals = applying.length > 0 ? Math.max(...applying.map((r) => r.approvals_required)) : (settings?.approvals_before_merge ?? 0);
    }
    return knownFacts({
      requiredApprovals,
      authorsCanApprove: settings === undefined ? undefined : settings.merge_requests_author_approval === true,
    });
  }
}
