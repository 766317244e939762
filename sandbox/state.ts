import { azureDevOpsFixture, type AzureDevOpsFixture } from "./fixtures/azure-devops";
import { githubFixture, type GitHubFixture } from "./fixtures/github";
import { gitlabFixture, type GitLabFixture } from "./fixtures/gitlab";
import { TokenStore } from "./tokens";
import type { Provider } from "./types";

/**
 * Everything the sandbox remembers: the providers' data (a fresh copy of the
 * fixtures, which tests may add to), the OAuth codes and tokens, the test controls
 * (forced failures and rate limits), per-user API usage, and the last authorization
 * request each provider received. reset() returns all of it to the start.
 */

export interface World {
  github: GitHubFixture;
  gitlab: GitLabFixture;
  azureDevOps: AzureDevOpsFixture;
}

/** An authorization request as the provider received it (for tests asserting state and PKCE). */
export interface AuthorizationRequestRecord {
  receivedAt: string;
  path: string;
  clientId: string | null;
  redirectUri: string | null;
  responseType: string | null;
  scope: string | null;
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  /** Every query parameter, as received. */
  parameters: Record<string, string>;
}

export interface Quota {
  limit: number;
  used: number;
  remaining: number;
  /** Unix seconds when the window starts again. */
  resetAt: number;
  exceeded: boolean;
}

function emptyRequests(): Record<Provider, AuthorizationRequestRecord | null> {
  return { github: null, gitlab: null, "azure-devops": null };
}

export class SandboxState {
  world: World = SandboxState.freshWorld();
  readonly tokens = new TokenStore();
  lastAuthorizationRequest = emptyRequests();
  private failures = new Map<Provider, { status: number; remaining: number }>();
  /** `${provider}:${organization path, lower case}` → the status, how many more requests (null: until reset), and the text their path must contain (null: any). */
  private organizationFailures = new Map<string, { status: number; remaining: number | null; pathIncludes: string | null }>();
  private rateLimits = new Map<string, { remaining: number; retryAfterSeconds: number }>();
  private usage = new Map<string, { windowStart: number; used: number }>();

  constructor(readonly options: { accessTokenSeconds?: number }) {}

  private static freshWorld(): World {
    return { github: githubFixture(), gitlab: gitlabFixture(), azureDevOps: azureDevOpsFixture() };
  }

  reset(): void {
    this.world = SandboxState.freshWorld();
    this.tokens.clear();
    this.lastAuthorizationRequest = emptyRequests();
    this.failures.clear();
    this.organizationFailures.clear();
    this.rateLimits.clear();
    this.usage.clear();
  }

  /** The access-token lifetime: the test override, or the provider's own. */
  accessTokenSeconds(providerDefault: number): number {
    return this.options.accessTokenSeconds ?? providerDefault;
  }

  recordAuthorizationRequest(provider: Provider, path: string, query: URLSearchParams): void {
    this.lastAuthorizationRequest[provider] = {
      receivedAt: new Date().toISOString(),
      path,
      clientId: query.get("client_id"),
      redirectUri: query.get("redirect_uri"),
      responseType: query.get("response_type"),
      scope: query.get("scope"),
      state: query.get("state"),
      codeChallenge: query.get("code_challenge"),
      codeChallengeMethod: query.get("code_challenge_method"),
      parameters: Object.fromEntries(query),
    };
  }

  failNext(provider: Provider, status: number, times: number): void {
    this.failures.set(provider, { status, remaining: times });
  }

  /** The forced status for this API request, if one is pending. */
  takeFailure(provider: Provider): number | null {
    const failure = this.failures.get(provider);
    if (!failure || failure.remaining <= 0) return null;
    failure.remaining--;
    if (failure.remaining === 0) this.failures.delete(provider);
    return failure.status;
  }

  /**
   * Requests under `organization` (a GitLab group path covers its subgroups) answer
   * `status`, `times` times or until reset; with `pathIncludes`, only those whose URL path
   * contains it (without regard to case).
   */
  failOrganization(provider: Provider, organization: string, status: number, times: number | null, pathIncludes: string | null = null): void {
    this.organizationFailures.set(`${provider}:${organization.toLowerCase()}`, { status, remaining: times, pathIncludes: pathIncludes?.toLowerCase() ?? null });
  }

  /**
   * The forced status for a request under the organization at `path` (GitLab: the
   * group's or project's namespace full path, so a failing group fails its
   * subgroups too), if one is pending.
   */
  takeOrganizationFailure(provider: Provider, path: string, requestPath = ""): number | null {
    const wanted = path.toLowerCase();
    for (const [key, failure] of this.organizationFailures) {
      const [failing, organization] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
      if (failing !== provider || (wanted !== organization && !wanted.startsWith(`${organization}/`))) continue;
      if (failure.pathIncludes !== null && !requestPath.toLowerCase().includes(failure.pathIncludes)) continue;
      if (failure.remaining !== null) {
        failure.remaining--;
        if (failure.remaining <= 0) this.organizationFailures.delete(key);
      }
      return failure.status;
    }
    return null;
  }

  rateLimit(provider: Provider, login: string, requests: number, retryAfterSeconds: number): void {
    this.rateLimits.set(`${provider}:${login}`, { remaining: requests, retryAfterSeconds });
  }

  /** Retry-After seconds when this user's request is to be refused by `rateLimit()`. */
  takeRateLimit(provider: Provider, login: string): number | null {
    const key = `${provider}:${login}`;
    const limit = this.rateLimits.get(key);
    if (!limit || limit.remaining <= 0) return null;
    limit.remaining--;
    if (limit.remaining === 0) this.rateLimits.delete(key);
    return limit.retryAfterSeconds;
  }

  /** Counts one API request of the user in a fixed window and reports the quota. */
  countRequest(provider: Provider, login: string, limit: number, windowSeconds: number): Quota {
    const key = `${provider}:${login}`;
    const now = Date.now();
    let entry = this.usage.get(key);
    if (!entry || now >= entry.windowStart + windowSeconds * 1000) {
      entry = { windowStart: now, used: 0 };
      this.usage.set(key, entry);
    }
    const exceeded = entry.used >= limit;
    if (!exceeded) entry.used++;
    return this.quotaOf(entry, limit, windowSeconds, exceeded);
  }

  /** The quota without counting a request (GitHub's /rate_limit). */
  peekQuota(provider: Provider, login: string, limit: number, windowSeconds: number): Quota {
    const entry = this.usage.get(`${provider}:${login}`);
    const now = Date.now();
    if (!entry || now >= entry.windowStart + windowSeconds * 1000) return this.quotaOf({ windowStart: now, used: 0 }, limit, windowSeconds, false);
    return this.quotaOf(entry, limit, windowSeconds, false);
  }

  private quotaOf(entry: { windowStart: number; used: number }, limit: number, windowSeconds: number, exceeded: boolean): Quota {
    return {
      limit,
      used: entry.used,
      remaining: Math.max(0, limit - entry.used),
      resetAt: Math.ceil((entry.windowStart + windowSeconds * 1000) / 1000),
      exceeded,
    };
  }
}
