import type { IncomingMessage, ServerResponse } from "node:http";
import type { ConsentPermission } from "../consent-page";
import type { SandboxContext } from "../context";
import { GITHUB_USERS } from "../fixtures/github";
import { acceptsJson, send, sendJson, type Route } from "../http";
import { randomBase62 } from "../ids";
import { authorizationEndpoint, clientCredentials, tokenRequestParameters, type AuthorizeDialect, type OAuthClient, type ScopeCheck } from "../oauth";
import type { CodeFailure, RefreshFailure, TokenGrant, TokenPolicy } from "../tokens";

/**
 * GitHub's web application flow (a GitHub App with expiring user tokens):
 * GET/POST /github/login/oauth/authorize and POST /github/login/oauth/access_token.
 * Token errors are answered with status 200 and an `error` member, form-encoded
 * unless the client asks for JSON, as GitHub does.
 */

export const GITHUB_CLIENT: OAuthClient = { id: "rampart-sandbox-github", secret: "sandbox-github-secret" };

/** GitHub App user-to-server tokens: 8 hours; refresh tokens: 6 months. */
const ACCESS_TOKEN_SECONDS = 28_800;
const REFRESH_TOKEN_SECONDS = 15_897_600;

/** The OAuth scopes GitHub documents, in the words of its own authorization page. */
export const GITHUB_SCOPES: Record<string, string> = {
  repo: "Full control of private repositories",
  "repo:status": "Access commit status",
  repo_deployment: "Access deployment status",
  public_repo: "Access public repositories",
  "repo:invite": "Access repository invitations",
  security_events: "Read and write security events",
  "admin:repo_hook": "Full control of repository hooks",
  "write:repo_hook": "Write repository hooks",
  "read:repo_hook": "Read repository hooks",
  "admin:org": "Full control of orgs and teams, read and write org projects",
  "write:org": "Read and write org and team membership, read and write org projects",
  "read:org": "Read org and team membership, read org projects",
  "admin:public_key": "Full control of user public keys",
  "write:public_key": "Write user public keys",
  "read:public_key": "Read user public keys",
  "admin:org_hook": "Full control of organization hooks",
  gist: "Create gists",
  notifications: "Access notifications",
  user: "Update ALL user data",
  "read:user": "Read ALL user profile data",
  "user:email": "Access user email addresses (read-only)",
  "user:follow": "Follow and unfollow users",
  project: "Full control of projects",
  "read:project": "Read access of projects",
  delete_repo: "Delete repositories",
  "write:packages": "Upload packages to GitHub Package Registry",
  "read:packages": "Download packages from GitHub Package Registry",
  "delete:packages": "Delete packages from GitHub Package Registry",
  "admin:gpg_key": "Full control of public user GPG keys",
  "write:gpg_key": "Write public user GPG keys",
  "read:gpg_key": "Read public user GPG keys",
  codespace: "Full control of codespaces",
  workflow: "Update GitHub Action workflows",
};

const TROUBLESHOOT_AUTHORIZE = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors";
const TROUBLESHOOT_TOKEN = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors";

function checkScope(raw: string | null): ScopeCheck {
  const scopes = [...new Set((raw ?? "").split(/[\s,]+/).filter(Boolean))];
  const unknown = scopes.filter((s) => !(s in GITHUB_SCOPES));
  if (unknown.length) {
    return {
      ok: false,
      error: { error: "invalid_scope", error_description: `The scope ${unknown.join(", ")} is not recognised.`, error_uri: `${TROUBLESHOOT_AUTHORIZE}/#invalid-scope` },
    };
  }
  const permissions: ConsentPermission[] = scopes.map((scope) => ({ scope, description: GITHUB_SCOPES[scope] ?? scope }));
  return { ok: true, scopes, permissions };
}

function dialect(): AuthorizeDialect {
  return {
    provider: "github",
    providerName: "GitHub",
    heading: "Authorize Rampart to access your GitHub account",
    accent: "#1f883d",
    client: GITHUB_CLIENT,
    users: (ctx) => ctx.state.world.github.users,
    defaultLogin: GITHUB_USERS.admin,
    loginHintParameter: "login",
    requireResponseType: false,
    pkceMethods: ["S256"],
    checkScope,
    errors: {
      unknownClient: (clientId) => ({ status: 404, title: "Application not found", message: `No GitHub App uses the client_id "${clientId ?? ""}". The sandbox's is ${GITHUB_CLIENT.id}.` }),
      invalidRedirectUri: (uri) => ({
        status: 400,
        title: "Redirect URI mismatch",
        message: `The redirect_uri "${uri ?? ""}" is not associated with this application. The sandbox accepts http(s) URLs on 127.0.0.1, localhost or [::1].`,
      }),
      denied: () => ({ error: "access_denied", error_description: "The user has denied your application access.", error_uri: `${TROUBLESHOOT_AUTHORIZE}/#access-denied` }),
      unsupportedResponseType: () => ({ error: "unsupported_response_type", error_description: "The response_type must be code.", error_uri: TROUBLESHOOT_AUTHORIZE }),
      invalidRequest: (description) => ({ error: "invalid_request", error_description: description, error_uri: TROUBLESHOOT_AUTHORIZE }),
      unknownUser: (login) => ({ status: 400, title: "Unknown account", message: `There is no sandbox user "${login}".` }),
    },
  };
}

export function githubTokenPolicy(ctx: SandboxContext): TokenPolicy {
  return {
    accessTokenSeconds: ctx.state.accessTokenSeconds(ACCESS_TOKEN_SECONDS),
    refreshTokenSeconds: REFRESH_TOKEN_SECONDS,
    newAccessToken: () => `ghu_${randomBase62(36)}`,
    newRefreshToken: () => `ghr_${randomBase62(76)}`,
    refreshRevokesAccessToken: false,
  };
}

type TokenError = "incorrect_client_credentials" | "redirect_uri_mismatch" | "bad_verification_code" | "bad_refresh_token" | "unsupported_grant_type";

const TOKEN_ERRORS: Record<TokenError, { description: string; uri: string }> = {
  incorrect_client_credentials: { description: "The client_id and/or client_secret passed are incorrect.", uri: `${TROUBLESHOOT_TOKEN}/#incorrect-client-credentials` },
  redirect_uri_mismatch: { description: "The redirect_uri MUST match the registered callback URL for this application.", uri: `${TROUBLESHOOT_TOKEN}/#redirect-uri-mismatch2` },
  bad_verification_code: { description: "The code passed is incorrect or expired.", uri: `${TROUBLESHOOT_TOKEN}/#bad-verification-code` },
  bad_refresh_token: {
    description: "The refresh token passed is incorrect or expired.",
    uri: "https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens",
  },
  unsupported_grant_type: { description: "The grant type is not supported.", uri: TROUBLESHOOT_TOKEN },
};

function codeFailure(failure: CodeFailure): TokenError {
  return failure === "redirect_uri_mismatch" ? "redirect_uri_mismatch" : failure === "client_mismatch" ? "incorrect_client_credentials" : "bad_verification_code";
}

function refreshFailure(failure: RefreshFailure): TokenError {
  return failure === "client_mismatch" ? "incorrect_client_credentials" : "bad_refresh_token";
}

/** JSON when the client accepts it, otherwise application/x-www-form-urlencoded, always 200. */
function answer(req: IncomingMessage, res: ServerResponse, body: Record<string, string | number>): void {
  if (acceptsJson(req)) return sendJson(res, 200, body, { "cache-control": "no-store" });
  const form = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString();
  send(res, 200, form, { "content-type": "application/x-www-form-urlencoded; charset=utf-8", "cache-control": "no-store" });
}

function tokenBody(grant: TokenGrant): Record<string, string | number> {
  return {
    access_token: grant.accessToken,
    expires_in: Math.round((grant.accessTokenExpiresAt - grant.issuedAt) / 1000),
    refresh_token: grant.refreshToken ?? "",
    refresh_token_expires_in: grant.refreshTokenExpiresAt === null ? 0 : Math.round((grant.refreshTokenExpiresAt - grant.issuedAt) / 1000),
    scope: grant.scopes.join(","),
    token_type: "bearer",
  };
}

export function registerGitHubOAuth(route: Route, ctx: SandboxContext): void {
  const authorize = authorizationEndpoint(ctx, dialect());
  route("GET", "/github/login/oauth/authorize", authorize.get);
  route("POST", "/github/login/oauth/authorize", authorize.post);

  route("POST", "/github/login/oauth/access_token", async (req, res) => {
    const params = await tokenRequestParameters(req, true);
    const fail = (error: TokenError) => {
      const { description, uri } = TOKEN_ERRORS[error];
      answer(req, res, { error, error_description: description, error_uri: uri });
    };
    const { clientId, clientSecret } = clientCredentials(req, params);
    if (clientId !== GITHUB_CLIENT.id || clientSecret !== GITHUB_CLIENT.secret) return fail("incorrect_client_credentials");
    const policy = githubTokenPolicy(ctx);
    const grantType = params.get("grant_type") ?? "authorization_code";

    if (grantType === "authorization_code") {
      const redeemed = ctx.state.tokens.redeemCode("github", params.get("code") ?? "", {
        clientId,
        redirectUri: params.get("redirect_uri"),
        codeVerifier: params.get("code_verifier"),
      });
      if (!redeemed.ok) return fail(codeFailure(redeemed.failure));
      const { login, scopes } = redeemed.code;
      const grant = await ctx.state.tokens.issue({ provider: "github", login, clientId, scopes, grantType: "authorization_code", withRefreshToken: true }, policy);
      return answer(req, res, tokenBody(grant));
    }
    if (grantType === "refresh_token") {
      const used = ctx.state.tokens.useRefreshToken("github", params.get("refresh_token") ?? "", clientId, policy);
      if (!used.ok) return fail(refreshFailure(used.failure));
      const { login, scopes } = used.previous;
      const grant = await ctx.state.tokens.issue({ provider: "github", login, clientId, scopes, grantType: "refresh_token", withRefreshToken: true }, policy);
      return answer(req, res, tokenBody(grant));
    }
    fail("unsupported_grant_type");
  });
}
