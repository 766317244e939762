import "server-only";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import pLimit from "p-limit";
import type { DiscoveredPostureResource, OrganizationPostureFacts, RepositoryPostureFacts } from "@/lib/recommendations/posture-facts";
import type { ProviderHost } from "./hosts";
import {
  advancedSecurityFrom,
  isUnreadable,
  knownFacts,
  REQUEST_TIMEOUT_SECONDS,
  type AdvancedSecurity,
  type DiscoveredRepository,
  type OrganizationCandidate,
  type ProviderClient,
  type ProviderIdentity,
} from "./provider-client";
import { providerErrorFromStatus, providerTimeout, providerUnreachable, ProviderError } from "./provider-error";

/** GitHub (github.com or GitHub Enterprise Server) through Octokit. */

function classify(host: ProviderHost, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = error as { status?: number; response?: { headers?: Record<string, string>; data?: { message?: string } }; name?: string };
  // Octokit's RequestError carries the answer; a failed fetch has a status but no response.
  if (typeof e.status === "number" && e.response) {
    return providerErrorFromStatus("GITHUB", e.status, e.response.headers, e.response.data?.message);
  }
  if (e.name === "TimeoutError" || e.name === "AbortError") return providerTimeout("GITHUB", REQUEST_TIMEOUT_SECONDS);
  return providerUnreachable("GITHUB", host.apiUrl);
}

/** Waits GitHub asks for (Retry-After, rate-limit reset) are honoured when short; longer ones fail the call. */
const MAX_WAIT_SECONDS = 30;
const RampartOctokit = Octokit.plugin(throttling, retry);

/** Repositories whose extra calls (code scanning, Dependabot, branch protection, runners) run at a time. */
const PER_REPOSITORY_CONCURRENCY = 8;

export function githubClient(host: ProviderHost, accessToken: string): ProviderClient {
  const wait = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryAfter <= MAX_WAIT_SECONDS && retryCount < 2;
  const octokit = new RampartOctokit({
    auth: accessToken,
    baseUrl: host.apiUrl,
    userAgent: "Rampart",
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    throttle: { onRateLimit: wait, onSecondaryRateLimit: wait },
    // 5xx: two more tries, 0.5 s and 2 s later; then the failure is the organization's.
    retry: { doNotRetry: [400, 401, 403, 404, 409, 422, 429, 451], retries: 2, retryAfterBaseValue: 500 },
  });
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw classify(host, error);
    }
  };
  return {
    async identity(): Promise<ProviderIdentity> {
      const { data } = await call(() => octokit.rest.users.getAuthenticated({ request: { signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000) } }));
      return { id: String(data.id), login: data.login, name: data.name ?? null, email: data.email ?? null };
    },
    async organizations(): Promise<OrganizationCandidate[]> {
      const memberships = await call(() =>
        octokit.paginate(octokit.rest.orgs.listMembershipsForAuthenticatedUser, {
          state: "active",
          per_page: 100,
          request: { signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000) },
        }),
      );
      return memberships.map((m) => ({
        id: String(m.organization.id),
        name: m.organization.login,
        url: `${host.webUrl}/${m.organization.login}`,
        canAdminister: m.role === "admin",
        reason: m.role === "admin" ? undefined : "You are a member, not an owner, of this organization. Only organization owners can onboard it.",
      }));
    },
    async repositories(organization): Promise<DiscoveredRepository[]> {
      const repos = await call(() => octokit.paginate(octokit.rest.repos.listForOrg, { org: organization.name, type: "all", per_page: 100 }));
      const limit = pLimit(PER_REPOSITORY_CONCURRENCY);
      return Promise.all(
        repos.map((r) =>
          limit(async (): Promise<DiscoveredRepository> => {
            const [security, branch, runners] = await Promise.all([
              advancedSecurity(r.owner.login, r.name, r.security_and_analysis ?? null),
              r.default_branch ? branchRule(r.owner.login, r.name, r.default_branch) : {},
              selfHostedRunners(r.owner.login, r.name),
            ]);
            return {
              externalId: String(r.id),
              name: r.name,
              fullName: r.full_name,
              projectPath: null,
              url: r.html_url,
              cloneUrl: r.clone_url ?? null,
              defaultBranch: r.default_branch ?? null,
              visibility: r.visibility === "internal" ? "internal" : r.private ? "private" : "public",
              archived: r.archived ?? false,
              sizeKb: r.size ?? null,
              lastPushAt: r.pushed_at ? new Date(r.pushed_at) : null,
              advancedSecurity: security.status,
              pullRequestAnnotations: null,
              posture: knownFacts({ ...security.facts, ...branch, selfHostedRunners: runners }),
            };
          }),
        ),
      );
    },
    async postureResources(organization): Promise<DiscoveredPostureResource[]> {
      const org = organization.name;
      const [profile, owners, workflow] = await Promise.all([
        readable(() => octokit.rest.orgs.get({ org })),
        readable(() => octokit.paginate(octokit.rest.orgs.listMembers, { org, role: "admin", per_page: 100 })),
        readable(() => octokit.rest.actions.getGithubActionsDefaultWorkflowPermissionsOrganization({ org })),
      ]);
      // default_repository_permission is shown to owners only: for anyone else it is unknown.
      const base = profile?.data.default_repository_permission;
      const workflowPermissions = workflow?.data.default_workflow_permissions;
      const facts: OrganizationPostureFacts = {
        basePermission: base === "none" || base === "read" || base === "write" || base === "admin" ? base : undefined,
        ownerCount: owners?.length,
        workflowPermissions: workflowPermissions === "read" || workflowPermissions === "write" ? workflowPermissions : undefined,
      };
      return [
        {
          kind: "ORGANIZATION",
          externalId: organization.id,
          name: organization.name,
          projectPath: null,
          url: profile?.data.html_url ?? `${host.webUrl}/${organization.name}`,
          facts: knownFacts(facts),
        },
      ];
    },
  };

  /** A settings read: its answer, or undefined when GitHub refuses it to this identity (403) or has nothing (404). */
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
   * The default branch's protection rule (admins only). GitHub answers an unprotected
   * branch with 404 "Branch not protected": no rule, so force pushes are allowed and no
   * approval is required. Any other 404, or a 403, leaves the facts unknown.
   */
  async function branchRule(owner: string, repo: string, branch: string): Promise<Pick<RepositoryPostureFacts, "defaultBranchProtected" | "forcePushesAllowed" | "requiredApprovals">> {
    try {
      const { data } = await octokit.rest.repos.getBranchProtection({ owner, repo, branch });
      return {
        defaultBranchProtected: true,
        forcePushesAllowed: data.allow_force_pushes?.enabled ?? false,
        requiredApprovals: data.required_pull_request_reviews?.required_approving_review_count ?? 0,
      };
    } catch (error) {
      const e = error as { status?: number; response?: { data?: { message?: string } } };
      if (e.status === 404 && e.response?.data?.message === "Branch not protected") return { defaultBranchProtected: false, forcePushesAllowed: true, requiredApprovals: 0 };
      const failure = classify(host, error);
      if (isUnreadable(failure)) return {};
      throw failure;
    }
  }

  /** Whether self-hosted runners are registered on the repository (admins only); undefined when that cannot be read. */
  async function selfHostedRunners(owner: string, repo: string): Promise<boolean | undefined> {
    const answer = await readable(() => octokit.rest.actions.listSelfHostedRunnersForRepo({ owner, repo, per_page: 1 }));
    return answer === undefined ? undefined : answer.data.total_count > 0;
  }

  /** Whether a call answered "on" (2xx) or "off" (403/404: not enabled, or not available to this repository). */
  async function enabled(request: () => Promise<unknown>): Promise<boolean> {
    try {
      await request();
      return true;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 403 || status === 404) return false;
      throw classify(host, error);
    }
  }

  /** Seed 002's status, and the same reads as posture facts (none of them without the security settings). */
  async function advancedSecurity(
    owner: string,
    repo: string,
    settings: { advanced_security?: { status?: string }; secret_scanning?: { status?: string }; secret_scanning_push_protection?: { status?: string } } | null,
  ): Promise<{ status: AdvancedSecurity; facts: Pick<RepositoryPostureFacts, "secretScanning" | "pushProtection" | "codeScanning" | "dependabot"> }> {
    // GitHub shows security settings to organization admins only: without them, nothing is known.
    if (!settings) return { status: advancedSecurityFrom({}), facts: {} };
    const on = (s?: { status?: string }) => (s?.status === undefined ? undefined : s.status === "enabled");
    const [codeScanning, dependabot] = await Promise.all([
      call(async () => {
        try {
          const { data } = await octokit.request("GET /repos/{owner}/{repo}/code-scanning/default-setup", { owner, repo });
          return data.state === "configured";
        } catch (error) {
          const status = (error as { status?: number }).status;
          if (status === 403 || status === 404) return false;
          throw error;
        }
      }),
      enabled(() => octokit.rest.repos.checkVulnerabilityAlerts({ owner, repo })),
    ]);
    const secretScanning = on(settings.secret_scanning);
    const pushProtection = on(settings.secret_scanning_push_protection);
    return {
      status: advancedSecurityFrom({
        "Advanced Security": on(settings.advanced_security),
        "Secret scanning": secretScanning,
        "Push protection": pushProtection,
        "Code scanning": codeScanning,
        "Dependabot alerts": dependabot,
      }),
      facts: { secretScanning, pushProtection, codeScanning, dependabot },
    };
  }
}
