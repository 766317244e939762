import "server-only";
import { Octokit } from "@octokit/rest";
import type { ProviderHost } from "./hosts";
import { REQUEST_TIMEOUT_SECONDS, type OrganizationCandidate, type ProviderClient, type ProviderIdentity } from "./provider-client";
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

export function githubClient(host: ProviderHost, accessToken: string): ProviderClient {
  const octokit = new Octokit({
    auth: accessToken,
    baseUrl: host.apiUrl,
    userAgent: "Rampart",
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
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
  };
}
