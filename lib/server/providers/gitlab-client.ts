import "server-only";
import { Gitlab, GitbeakerRequestError, GitbeakerRetryError, GitbeakerTimeoutError } from "@gitbeaker/rest";
import type { ProviderHost } from "./hosts";
import { REQUEST_TIMEOUT_SECONDS, type OrganizationCandidate, type ProviderClient, type ProviderIdentity } from "./provider-client";
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
  };
}
