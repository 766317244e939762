import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "./context";
import type { Quota } from "./state";
import type { AccessFailure, TokenGrant } from "./tokens";
import type { Provider, SandboxUser } from "./types";

/**
 * What runs before every authenticated API request, in the order a real service
 * would: a forced failure (failNext), the access token, a forced rate limit
 * (rateLimit), then the user's own quota. Each provider words the refusals its own
 * way through an ApiDialect.
 */

export interface RateLimitRefusal {
  retryAfterSeconds: number;
  limit: number;
  /** Unix seconds. */
  resetAt: number;
}

export interface ApiDialect {
  provider: Provider;
  /** The quota a user has per window, unless the fixture gives one. */
  defaultLimit: number;
  windowSeconds: number;
  /** The token presented, if any (schemes differ: GitHub also takes `token`). */
  tokenOf(req: IncomingMessage): string | null;
  users(ctx: SandboxContext): SandboxUser[];
  unauthorized(res: ServerResponse, failure: AccessFailure, req: IncomingMessage): void;
  rateLimited(res: ServerResponse, refusal: RateLimitRefusal, caller: { login: string; grant: TokenGrant }): void;
  failed(res: ServerResponse, status: number): void;
}

export interface ApiCaller {
  login: string;
  user: SandboxUser;
  grant: TokenGrant;
  quota: Quota;
}

/** null when the request was answered already (refused). */
export function authenticate(ctx: SandboxContext, dialect: ApiDialect, req: IncomingMessage, res: ServerResponse): ApiCaller | null {
  const forced = ctx.state.takeFailure(dialect.provider);
  if (forced !== null) {
    dialect.failed(res, forced);
    return null;
  }
  const check = ctx.state.tokens.checkAccessToken(dialect.provider, dialect.tokenOf(req));
  if (!check.ok) {
    dialect.unauthorized(res, check.failure, req);
    return null;
  }
  const { grant } = check;
  const user = dialect.users(ctx).find((u) => u.login === grant.login);
  if (!user) {
    dialect.unauthorized(res, "revoked", req);
    return null;
  }
  const limit = user.requestsPerWindow ?? dialect.defaultLimit;
  const retryAfter = ctx.state.takeRateLimit(dialect.provider, grant.login);
  if (retryAfter !== null) {
    dialect.rateLimited(res, { retryAfterSeconds: retryAfter, limit, resetAt: Math.ceil(Date.now() / 1000) + retryAfter }, { login: grant.login, grant });
    return null;
  }
  const quota = ctx.state.countRequest(dialect.provider, grant.login, limit, dialect.windowSeconds);
  if (quota.exceeded) {
    const retryAfterSeconds = Math.max(1, quota.resetAt - Math.floor(Date.now() / 1000));
    dialect.rateLimited(res, { retryAfterSeconds, limit, resetAt: quota.resetAt }, { login: grant.login, grant });
    return null;
  }
  return { login: grant.login, user, grant, quota };
}
