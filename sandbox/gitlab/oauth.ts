import type { ServerResponse } from "node:http";
import type { SandboxContext } from "../context";
import { GITLAB_USERS } from "../fixtures/gitlab";
import { sendJson, type Route } from "../http";
import { randomHex } from "../ids";
import { authorizationEndpoint, clientCredentials, tokenRequestParameters, type AuthorizeDialect, type OAuthClient, type ScopeCheck } from "../oauth";
import type { TokenGrant, TokenPolicy } from "../tokens";

/**
 * GitLab's OAuth 2.0 provider (Doorkeeper): /gitlab/oauth/authorize,
 * /gitlab/oauth/token and /gitlab/oauth/revoke, with Doorkeeper's error wording.
 */

export const GITLAB_CLIENT: OAuthClient = { id: "rampart-sandbox-gitlab", secret: "sandbox-gitlab-secret" };

const ACCESS_TOKEN_SECONDS = 7_200;

/** GitLab's scopes, described as its authorization page describes them. */
export const GITLAB_SCOPES: Record<string, string> = {
  api: "Grants complete read/write access to the API, including all groups and projects, the container registry, the dependency proxy, and the package registry.",
  read_api: "Grants read access to the API, including all groups and projects, the container registry, and the package registry.",
  read_user: "Grants read-only access to your profile through the /user API endpoint, which includes username, public email, and full name.",
  read_repository: "Grants read-only access to repositories on private projects using Git-over-HTTP or the Repository Files API.",
  write_repository: "Grants read-write access to repositories on private projects using Git-over-HTTP (not using the API).",
  read_registry: "Grants read-only access to container registry images on private projects.",
  write_registry: "Grants write access to container registry images on private projects.",
  openid: "Grants permission to authenticate with GitLab using OpenID Connect. Also gives read-only access to the user's profile and group memberships.",
  profile: "Grants read-only access to the user's profile data using OpenID Connect.",
  email: "Grants read-only access to the user's primary email address using OpenID Connect.",
};

/** Scopes that allow the REST endpoints the sandbox serves beyond /user. */
export const GITLAB_API_SCOPES = ["api", "read_api"] as const;

const DEFAULT_SCOPES = ["api"];

const INVALID_GRANT =
  "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";
const INVALID_CLIENT = "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.";

function checkScope(raw: string | null): ScopeCheck {
  const scopes = raw === null || raw.trim() === "" ? DEFAULT_SCOPES : [...new Set(raw.split(/\s+/).filter(Boolean))];
  if (scopes.some((s) => !(s in GITLAB_SCOPES))) {
    return { ok: false, error: { error: "invalid_scope", error_description: "The requested scope is invalid, unknown, or malformed." } };
  }
  return { ok: true, scopes, permissions: scopes.map((scope) => ({ scope, description: GITLAB_SCOPES[scope] ?? scope })) };
}

function dialect(): AuthorizeDialect {
  return {
    provider: "gitlab",
    providerName: "GitLab",
    heading: "Authorize Rampart to use your GitLab account",
    accent: "#6b4fbb",
    client: GITLAB_CLIENT,
    users: (ctx) => ctx.state.world.gitlab.users,
    defaultLogin: GITLAB_USERS.admin,
    requireResponseType: true,
    pkceMethods: ["S256", "plain"],
    checkScope,
    errors: {
      unknownClient: () => ({ status: 401, title: "An error has occurred", message: INVALID_CLIENT }),
      invalidRedirectUri: () => ({ status: 400, title: "An error has occurred", message: "The redirect URI included is not valid." }),
      denied: () => ({ error: "access_denied", error_description: "The resource owner or authorization server denied the request." }),
      unsupportedResponseType: () => ({ error: "unsupported_response_type", error_description: "The authorization server does not support this response type." }),
      invalidRequest: (description) => ({ error: "invalid_request", error_description: description }),
      unknownUser: (login) => ({ status: 400, title: "An error has occurred", message: `There is no sandbox user "${login}".` }),
    },
  };
}

export function gitlabTokenPolicy(ctx: SandboxContext): TokenPolicy {
  return {
    accessTokenSeconds: ctx.state.accessTokenSeconds(ACCESS_TOKEN_SECONDS),
    refreshTokenSeconds: null,
    newAccessToken: () => randomHex(32),
    newRefreshToken: () => randomHex(32),
    refreshRevokesAccessToken: true,
  };
}

function tokenBody(grant: TokenGrant) {
  return {
    access_token: grant.accessToken,
    token_type: "Bearer",
    expires_in: Math.round((grant.accessTokenExpiresAt - grant.issuedAt) / 1000),
    refresh_token: grant.refreshToken,
    scope: grant.scopes.join(" "),
    created_at: Math.floor(grant.issuedAt / 1000),
  };
}

function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description }, { "cache-control": "no-store", pragma: "no-cache" });
}

export function registerGitLabOAuth(route: Route, ctx: SandboxContext): void {
  const authorize = authorizationEndpoint(ctx, dialect());
  route("GET", "/gitlab/oauth/authorize", authorize.get);
  route("POST", "/gitlab/oauth/authorize", authorize.post);

  route("POST", "/gitlab/oauth/token", async (req, res) => {
    const params = await tokenRequestParameters(req, false);
    const grantType = params.get("grant_type");
    if (!grantType) return oauthError(res, 400, "invalid_request", "Missing required parameter: grant_type.");
    const { clientId, clientSecret } = clientCredentials(req, params);
    if (clientId !== GITLAB_CLIENT.id || clientSecret !== GITLAB_CLIENT.secret) return oauthError(res, 401, "invalid_client", INVALID_CLIENT);
    const policy = gitlabTokenPolicy(ctx);

    if (grantType === "authorization_code") {
      const code = params.get("code");
      if (!code) return oauthError(res, 400, "invalid_request", "Missing required parameter: code.");
      const redirectUri = params.get("redirect_uri");
      if (!redirectUri) return oauthError(res, 400, "invalid_request", "Missing required parameter: redirect_uri.");
      const redeemed = ctx.state.tokens.redeemCode("gitlab", code, { clientId, redirectUri, codeVerifier: params.get("code_verifier") });
      if (!redeemed.ok) return oauthError(res, 400, "invalid_grant", INVALID_GRANT);
      const { login, scopes } = redeemed.code;
      const grant = await ctx.state.tokens.issue({ provider: "gitlab", login, clientId, scopes, grantType: "authorization_code", withRefreshToken: true }, policy);
      return sendJson(res, 200, tokenBody(grant), { "cache-control": "no-store", pragma: "no-cache" });
    }
    if (grantType === "refresh_token") {
      const refreshToken = params.get("refresh_token");
      if (!refreshToken) return oauthError(res, 400, "invalid_request", "Missing required parameter: refresh_token.");
      const used = ctx.state.tokens.useRefreshToken("gitlab", refreshToken, clientId, policy);
      if (!used.ok) return oauthError(res, 400, "invalid_grant", INVALID_GRANT);
      const { login, scopes } = used.previous;
      const grant = await ctx.state.tokens.issue({ provider: "gitlab", login, clientId, scopes, grantType: "refresh_token", withRefreshToken: true }, policy);
      return sendJson(res, 200, tokenBody(grant), { "cache-control": "no-store", pragma: "no-cache" });
    }
    oauthError(res, 400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
  });

  /** RFC 7009: 200 whether or not the token existed; the client must authenticate. */
  route("POST", "/gitlab/oauth/revoke", async (req, res) => {
    const params = await tokenRequestParameters(req, false);
    const { clientId, clientSecret } = clientCredentials(req, params);
    if (clientId !== GITLAB_CLIENT.id || clientSecret !== GITLAB_CLIENT.secret) {
      return oauthError(res, 403, "unauthorized_client", "You are not authorized to revoke this token");
    }
    const token = params.get("token");
    if (!token) return oauthError(res, 400, "invalid_request", "Missing required parameter: token.");
    ctx.state.tokens.revokeToken("gitlab", token);
    sendJson(res, 200, {});
  });
}
