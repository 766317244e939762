import "server-only";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import pLimit from "p-limit";
import type { ProviderHost } from "./hosts";
import {
  advancedSecurityFrom,
  REQUEST_TIMEOUT_SECONDS,
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

/** Extra calls per repository (code scanning, Dependabot) run this many at a time. */
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
          limit(async (): Promise<DiscoveredRepository> => ({
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
            advancedSecurity: await advancedSecurity(r.owner.login, r.name, r.security_and_analysis ?? null),
            pullRequestAnnotations: null,
          })),
        ),
      );
    },
  };

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

  async function advancedSecurity(
    owner: string,
    repo: string,
    settings: { advanced_security?: { status?: string }; secret_scanning?: { status?: string }; secret_scanning_push_protection?: { status?: string } } | null,
  ) {
    // GitHub shows security settings to organization admins only: without them, nothing is known.
    if (!settings) return advancedSecurityFrom({});
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
    return advancedSecurityFrom({
      "Advanced Security": on(settings.advanced_security),
      "Secret scanning": on(settings.secret_scanning),
      "Push protection": on(settings.secret_scanning_push_protection),
      "Code scanning": codeScanning,
      "Dependabot alerts": dependabot,
    });
  }
}
