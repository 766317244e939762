import "server-only";
import * as oauth from "oauth4webapi";
import { PROVIDER_LABELS } from "@/lib/schemas/connectors";
import type { ProviderHost } from "./hosts";

/**
 * The OAuth 2.0 authorization-code flow with `state` and PKCE (S256) against a
 * provider host, through oauth4webapi. Plain http is allowed only for loopback
 * addresses (the SCM sandbox, tests).
 */

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  accessTokenExpiresAt?: Date;
  refreshTokenExpiresAt?: Date;
  scopes: string[];
}

/** Why an OAuth step failed, in words for the wizard. `code` travels in the return URL. */
export class OAuthFlowError extends Error {
  constructor(
    readonly code: "access_denied" | "bad_state" | "expired_state" | "exchange_failed" | "invalid_grant" | "provider_unreachable",
    message: string,
  ) {
    super(message);
  }
}

const TIMEOUT_SECONDS = 15;

function isLoopback(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}

function server(host: ProviderHost): oauth.AuthorizationServer {
  return {
    issuer: new URL(host.oauth.authorizationEndpoint).origin,
    authorization_endpoint: host.oauth.authorizationEndpoint,
    token_endpoint: host.oauth.tokenEndpoint,
    revocation_endpoint: host.oauth.revocationEndpoint,
  };
}

function requestOptions(host: ProviderHost): oauth.TokenEndpointRequestOptions {
  return {
    [oauth.allowInsecureRequests]: isLoopback(host.oauth.tokenEndpoint),
    signal: AbortSignal.timeout(TIMEOUT_SECONDS * 1000),
    // GitHub answers form-encoded unless asked for JSON; the others ignore it.
    headers: { accept: "application/json" },
  };
}

export function newState(): string {
  return oauth.generateRandomState();
}

export function newCodeVerifier(): string {
  return oauth.generateRandomCodeVerifier();
}

/** The provider's consent page for this request. */
export async function authorizationUrl(host: ProviderHost, input: { redirectUri: string; state: string; codeVerifier: string }): Promise<string> {
  const url = new URL(host.oauth.authorizationEndpoint);
  url.searchParams.set("client_id", host.oauth.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", host.oauth.scopes.join(" "));
  url.searchParams.set("state", input.state);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(input.codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  if (host.provider === "AZURE_DEVOPS") url.searchParams.set("prompt", "select_account");
  return url.toString();
}

/** Checks the callback's parameters: the provider's own error (consent cancelled), or a code. */
export function validateCallback(host: ProviderHost, params: URLSearchParams, expectedState: string): URLSearchParams {
  try {
    return oauth.validateAuthResponse(server(host), { client_id: host.oauth.clientId }, params, expectedState);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      if (error.error === "access_denied") {
        throw new OAuthFlowError("access_denied", `Authorization was cancelled on ${PROVIDER_LABELS[host.provider]}. Select Authorize to try again.`);
      }
      throw new OAuthFlowError("exchange_failed", `${PROVIDER_LABELS[host.provider]} refused the authorization: ${error.error_description ?? error.error}.`);
    }
    throw new OAuthFlowError("bad_state", "The answer from the provider did not match this authorization request. Select Authorize to start again.");
  }
}

/** GitHub reports token errors with status 200 and an `error` member. */
async function rejectErrorsWith200(host: ProviderHost, response: Response): Promise<Response> {
  if (!host.oauth.errorsWith200 || response.status !== 200) return response;
  const body = (await response.clone().json().catch(() => null)) as { error?: string; error_description?: string } | null;
  if (body?.error) {
    return new Response(JSON.stringify(body), { status: 400, headers: { "content-type": "application/json" } });
  }
  return response;
}

function tokenSet(response: oauth.TokenEndpointResponse, previousScopes: string[] = []): TokenSet {
  const now = Date.now();
  const refreshExpiresIn = typeof response.refresh_token_expires_in === "number" ? response.refresh_token_expires_in : undefined;
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    accessTokenExpiresAt: typeof response.expires_in === "number" ? new Date(now + response.expires_in * 1000) : undefined,
    refreshTokenExpiresAt: refreshExpiresIn ? new Date(now + refreshExpiresIn * 1000) : undefined,
    scopes: typeof response.scope === "string" ? response.scope.split(/[ ,]+/).filter(Boolean) : previousScopes,
  };
}

function exchangeError(host: ProviderHost, error: unknown, step: "code" | "refresh"): OAuthFlowError {
  const provider = PROVIDER_LABELS[host.provider];
  const what = step === "code" ? "the authorization code" : "the token refresh";
  if (error instanceof oauth.ResponseBodyError) {
    const said = error.error_description ?? error.error;
    // A refused refresh means the grant is gone (revoked, expired): only re-authorizing helps.
    if (step === "refresh" && ["invalid_grant", "bad_refresh_token", "unauthorized_client"].includes(error.error)) {
      return new OAuthFlowError("invalid_grant", `${provider} no longer accepts this authorization (${said}). Re-authorize the connector.`);
    }
    return new OAuthFlowError("exchange_failed", `${provider} refused ${what}: ${said}. Select Authorize to try again.`);
  }
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new OAuthFlowError("provider_unreachable", `${provider} did not answer ${what} within ${TIMEOUT_SECONDS} seconds. Try again.`);
  }
  if (error instanceof TypeError) {
    return new OAuthFlowError("provider_unreachable", `${provider} could not be reached for ${what} (${host.oauth.tokenEndpoint}). Try again.`);
  }
  return new OAuthFlowError("exchange_failed", `${provider} answered ${what} in a way Rampart does not understand.`);
}

/** Trades the callback's code (with the PKCE verifier) for tokens. */
export async function exchangeCode(host: ProviderHost, params: URLSearchParams, redirectUri: string, codeVerifier: string): Promise<TokenSet> {
  const as = server(host);
  const client = { client_id: host.oauth.clientId };
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.ClientSecretPost(host.oauth.clientSecret),
      params,
      redirectUri,
      codeVerifier,
      requestOptions(host),
    );
    return tokenSet(await oauth.processAuthorizationCodeResponse(as, client, await rejectErrorsWith200(host, response)));
  } catch (error) {
    throw exchangeError(host, error, "code");
  }
}

/** A fresh access token (and, where the provider rotates them, refresh token). */
export async function refreshTokens(host: ProviderHost, refreshToken: string, scopes: string[]): Promise<TokenSet> {
  const as = server(host);
  const client = { client_id: host.oauth.clientId };
  try {
    const response = await oauth.refreshTokenGrantRequest(as, client, oauth.ClientSecretPost(host.oauth.clientSecret), refreshToken, requestOptions(host));
    const set = tokenSet(await oauth.processRefreshTokenResponse(as, client, await rejectErrorsWith200(host, response)), scopes);
    return { ...set, refreshToken: set.refreshToken ?? refreshToken };
  } catch (error) {
    throw exchangeError(host, error, "refresh");
  }
}
