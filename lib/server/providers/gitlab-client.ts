import "server-only";
import { Gitlab, GitbeakerRequestError, GitbeakerRetryError, GitbeakerTimeoutError } from "@gitbeaker/rest";
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

/** GitLab (gitlab.com or self-managed) through gitbeaker. Top-level groups are its organizations. */

const OWNER = 50;

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
      return projects.map((p) => {
        const namespace = String(p.namespace?.full_path ?? group.name);
        const below = namespace === group.name ? null : namespace.startsWith(`${group.name}/`) ? namespace.slice(group.name.length + 1) : namespace;
        const statistics = (p as { statistics?: { repository_size?: number } }).statistics;
        const visibility = String(p.visibility);
        return {
          externalId: String(p.id),
          name: String(p.path),
          fullName: String(p.path_with_namespace),
          projectPath: below,
          url: String(p.web_url),
          cloneUrl: (p.http_url_to_repo as string | undefined) ?? null,
          defaultBranch: (p.default_branch as string | undefined) ?? null,
          visibility: visibility === "public" || visibility === "internal" ? visibility : "private",
          archived: Boolean(p.archived),
          sizeKb: typeof statistics?.repository_size === "number" ? Math.round(statistics.repository_size / 1024) : null,
          lastPushAt: p.last_activity_at ? new Date(String(p.last_activity_at)) : null,
          // Seed 002: advanced security status is known for Azure DevOps and GitHub only.
          advancedSecurity: advancedSecurityFrom({}),
          pullRequestAnnotations: null,
        };
      });
    },
  };
}
