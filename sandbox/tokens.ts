import { createHash, timingSafeEqual } from "node:crypto";
import { randomHex } from "./ids";
import type { Provider } from "./types";

/**
 * Authorization codes and the access/refresh tokens issued for them: issuing,
 * redeeming, rotating on refresh, revoking, and checking a presented token. The
 * provider modules decide lifetimes and formats (TokenPolicy) and how failures are
 * worded.
 */

const CODE_LIFETIME_MS = 10 * 60 * 1000;

export interface AuthorizationCode {
  provider: Provider;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  login: string;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  nonce: string | null;
  expiresAt: number;
  redeemed: boolean;
}

export type CodeFailure = "unknown" | "expired" | "redeemed" | "client_mismatch" | "redirect_uri_mismatch" | "verifier_missing" | "verifier_mismatch";
export type RefreshFailure = "unknown" | "expired" | "revoked" | "used" | "client_mismatch";
export type AccessFailure = "missing" | "unknown" | "expired" | "revoked";

export interface TokenPolicy {
  accessTokenSeconds: number;
  /** null: the refresh token does not expire. */
  refreshTokenSeconds: number | null;
  newAccessToken(grant: { login: string; scopes: string[]; issuedAt: number; expiresAt: number }): string | Promise<string>;
  newRefreshToken(): string;
  /** GitLab (Doorkeeper) revokes the previous access token when its refresh token is used. */
  refreshRevokesAccessToken: boolean;
}

export interface TokenGrant {
  id: number;
  provider: Provider;
  login: string;
  clientId: string;
  scopes: string[];
  grantType: "authorization_code" | "refresh_token";
  accessToken: string;
  refreshToken: string | null;
  issuedAt: number;
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt: number | null;
  accessRevoked: boolean;
  refreshRevoked: boolean;
  refreshUsed: boolean;
}

/** A token as `issuedTokens()` reports it: no secrets, a SHA-256 of the access token to match one you hold. */
export interface IssuedTokenInfo {
  id: number;
  provider: Provider;
  login: string;
  clientId: string;
  grantType: "authorization_code" | "refresh_token";
  scopes: string[];
  issuedAt: string;
  accessTokenExpiresAt: string;
  accessTokenStatus: "active" | "expired" | "revoked";
  accessTokenSha256: string;
  refreshTokenExpiresAt: string | null;
  refreshTokenStatus: "active" | "expired" | "revoked" | "used" | null;
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** RFC 7636 §4.6: S256 compares BASE64URL(SHA256(verifier)) with the challenge; plain compares them as they are. */
export function pkceMatches(challenge: string, method: string, verifier: string): boolean {
  const computed = method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  const a = Buffer.from(computed);
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class TokenStore {
  private codes = new Map<string, AuthorizationCode>();
  private grants: TokenGrant[] = [];
  private byAccessToken = new Map<string, TokenGrant>();
  private byRefreshToken = new Map<string, TokenGrant>();
  private nextId = 1;

  createCode(input: Omit<AuthorizationCode, "expiresAt" | "redeemed">, code: string = randomHex(20)): string {
    this.codes.set(code, { ...input, expiresAt: Date.now() + CODE_LIFETIME_MS, redeemed: false });
    return code;
  }

  /**
   * Redeems a code once. `redirectUri` null means the request carried none (GitHub
   * allows that); a code with a PKCE challenge needs the matching verifier.
   */
  redeemCode(
    provider: Provider,
    code: string,
    request: { clientId: string; redirectUri: string | null; codeVerifier: string | null },
  ): { ok: true; code: AuthorizationCode } | { ok: false; failure: CodeFailure } {
    const record = this.codes.get(code);
    if (!record || record.provider !== provider) return { ok: false, failure: "unknown" };
    if (record.redeemed) return { ok: false, failure: "redeemed" };
    if (record.expiresAt <= Date.now()) return { ok: false, failure: "expired" };
    if (record.clientId !== request.clientId) return { ok: false, failure: "client_mismatch" };
    if (request.redirectUri !== null && request.redirectUri !== record.redirectUri) return { ok: false, failure: "redirect_uri_mismatch" };
    if (record.codeChallenge) {
      if (!request.codeVerifier) return { ok: false, failure: "verifier_missing" };
      if (!pkceMatches(record.codeChallenge, record.codeChallengeMethod ?? "plain", request.codeVerifier)) return { ok: false, failure: "verifier_mismatch" };
    }
    record.redeemed = true;
    return { ok: true, code: record };
  }

  async issue(
    input: { provider: Provider; login: string; clientId: string; scopes: string[]; grantType: TokenGrant["grantType"]; withRefreshToken: boolean },
    policy: TokenPolicy,
  ): Promise<TokenGrant> {
    const issuedAt = Date.now();
    const accessTokenExpiresAt = issuedAt + policy.accessTokenSeconds * 1000;
    const grant: TokenGrant = {
      id: this.nextId++,
      ...input,
      accessToken: await policy.newAccessToken({ login: input.login, scopes: input.scopes, issuedAt, expiresAt: accessTokenExpiresAt }),
      refreshToken: input.withRefreshToken ? policy.newRefreshToken() : null,
      issuedAt,
      accessTokenExpiresAt,
      refreshTokenExpiresAt: input.withRefreshToken && policy.refreshTokenSeconds !== null ? issuedAt + policy.refreshTokenSeconds * 1000 : null,
      accessRevoked: false,
      refreshRevoked: false,
      refreshUsed: false,
    };
    this.grants.push(grant);
    this.byAccessToken.set(grant.accessToken, grant);
    if (grant.refreshToken) this.byRefreshToken.set(grant.refreshToken, grant);
    return grant;
  }

  /**
   * Uses a refresh token: on success it can never be used again (rotation), and the
   * caller issues the new pair.
   */
  useRefreshToken(
    provider: Provider,
    refreshToken: string,
    clientId: string,
    policy: Pick<TokenPolicy, "refreshRevokesAccessToken">,
  ): { ok: true; previous: TokenGrant } | { ok: false; failure: RefreshFailure } {
    const grant = this.byRefreshToken.get(refreshToken);
    if (!grant || grant.provider !== provider) return { ok: false, failure: "unknown" };
    if (grant.refreshRevoked) return { ok: false, failure: "revoked" };
    if (grant.refreshUsed) return { ok: false, failure: "used" };
    if (grant.refreshTokenExpiresAt !== null && grant.refreshTokenExpiresAt <= Date.now()) return { ok: false, failure: "expired" };
    if (grant.clientId !== clientId) return { ok: false, failure: "client_mismatch" };
    grant.refreshUsed = true;
    if (policy.refreshRevokesAccessToken) grant.accessRevoked = true;
    return { ok: true, previous: grant };
  }

  checkAccessToken(provider: Provider, token: string | null): { ok: true; grant: TokenGrant } | { ok: false; failure: AccessFailure } {
    if (!token) return { ok: false, failure: "missing" };
    const grant = this.byAccessToken.get(token);
    if (!grant || grant.provider !== provider) return { ok: false, failure: "unknown" };
    if (grant.accessRevoked) return { ok: false, failure: "revoked" };
    if (grant.accessTokenExpiresAt <= Date.now()) return { ok: false, failure: "expired" };
    return { ok: true, grant };
  }

  /** Every access and refresh token of the user stops working. Returns how many grants it touched. */
  revokeUser(provider: Provider, login: string): number {
    let count = 0;
    for (const grant of this.grants) {
      if (grant.provider !== provider || grant.login !== login) continue;
      grant.accessRevoked = true;
      grant.refreshRevoked = true;
      count++;
    }
    return count;
  }

  /** RFC 7009 revocation of one token (access or refresh): the whole grant stops working. */
  revokeToken(provider: Provider, token: string): boolean {
    const grant = this.byAccessToken.get(token) ?? this.byRefreshToken.get(token);
    if (!grant || grant.provider !== provider) return false;
    grant.accessRevoked = true;
    grant.refreshRevoked = true;
    return true;
  }

  list(): IssuedTokenInfo[] {
    const now = Date.now();
    return this.grants.map((g) => ({
      id: g.id,
      provider: g.provider,
      login: g.login,
      clientId: g.clientId,
      grantType: g.grantType,
      scopes: [...g.scopes],
      issuedAt: new Date(g.issuedAt).toISOString(),
      accessTokenExpiresAt: new Date(g.accessTokenExpiresAt).toISOString(),
      accessTokenStatus: g.accessRevoked ? "revoked" : g.accessTokenExpiresAt <= now ? "expired" : "active",
      accessTokenSha256: sha256Hex(g.accessToken),
      refreshTokenExpiresAt: g.refreshTokenExpiresAt === null ? null : new Date(g.refreshTokenExpiresAt).toISOString(),
      refreshTokenStatus:
        g.refreshToken === null
          ? null
          : g.refreshRevoked
            ? "revoked"
            : g.refreshUsed
              ? "used"
              : g.refreshTokenExpiresAt !== null && g.refreshTokenExpiresAt <= now
                ? "expired"
                : "active",
    }));
  }

  clear(): void {
    this.codes.clear();
    this.grants = [];
    this.byAccessToken.clear();
    this.byRefreshToken.clear();
  }
}
