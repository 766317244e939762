import type { ServerResponse } from "node:http";
import { randomInt, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import type { ConsentPermission } from "../consent-page";
import type { SandboxContext } from "../context";
import { AZURE_DEVOPS_USERS, type AzureDevOpsUserFixture } from "../fixtures/azure-devops";
import { sendJson, type Route, type RouteParams } from "../http";
import { randomBase64Url, stableGuid } from "../ids";
import { authorizationEndpoint, clientCredentials, tokenRequestParameters, type AuthorizeDialect, type OAuthClient, type PageError, type ScopeCheck } from "../oauth";
import type { CodeFailure, RefreshFailure, TokenGrant, TokenPolicy } from "../tokens";

/**
 * Microsoft Entra ID's v2.0 endpoints for one tenant, as Azure DevOps' sign-in uses
 * them: /entra/{tenant}/oauth2/v2.0/authorize and /token, plus the OpenID
 * configuration and signing keys. Access tokens are RS256 JWTs for the Azure DevOps
 * resource (499b84ac-…); a refresh token is issued only when `offline_access` is
 * asked for, as Entra does. Errors carry AADSTS codes.
 */

export const ENTRA_TENANT = "sandbox-tenant";
/** The tenant's directory id (the `tid` claim); the tenant's URLs accept it too. */
export const ENTRA_TENANT_GUID = stableGuid("entra-tenant", ENTRA_TENANT);
export const AZURE_DEVOPS_CLIENT: OAuthClient = { id: "rampart-sandbox-azure-devops", secret: "sandbox-azure-devops-secret" };
/** Azure DevOps' application id in Entra ID. */
export const AZURE_DEVOPS_RESOURCE = "499b84ac-1321-427f-aa17-267ca6975798";
const AZURE_DEVOPS_RESOURCE_URIS = [AZURE_DEVOPS_RESOURCE, "https://app.vssps.visualstudio.com", "https://app.vssps.visualstudio.com/"];

const REFRESH_TOKEN_SECONDS = 90 * 24 * 3600;

/** Azure DevOps' delegated permissions, as its documentation describes them. */
export const AZURE_DEVOPS_SCOPES: Record<string, string> = {
  ".default": "Azure DevOps: every permission configured for the app, acting as you in your organizations",
  user_impersonation: "Azure DevOps: have full access to Azure DevOps as you",
  "vso.code": "Code (read): source code, commits, branches and other version control artifacts",
  "vso.code_write": "Code (read and write): also create branches, commits and pull requests",
  "vso.code_manage": "Code (read, write and manage): also create and manage repositories",
  "vso.code_full": "Code (full): full access to source code and version control metadata",
  "vso.code_status": "Code (status): read and write commit and pull request statuses",
  "vso.project": "Project and team (read): projects and teams",
  "vso.project_write": "Project and team (read and write): also update projects and teams",
  "vso.project_manage": "Project and team (read, write and manage): also create and delete projects",
  "vso.profile": "User profile (read): your profile, accounts, collections, projects and teams",
  "vso.identity": "Identity (read): identities and groups",
  "vso.graph": "Graph (read): users, groups, scopes and memberships",
  "vso.security_manage": "Security (manage): read, write and manage security permissions",
  "vso.advsec": "Advanced Security (read): alerts, result instances and analysis results",
  "vso.advsec_write": "Advanced Security (read and write): also upload analyses in SARIF",
  "vso.build": "Build (read): builds, build definitions and their results",
  "vso.work": "Work items (read): work items, queries, boards and areas",
};

const OPENID_SCOPES: Record<string, string> = {
  openid: "Sign you in",
  profile: "View your basic profile",
  email: "View your email address",
  offline_access: "Maintain access to data you have given it access to",
};

function isTenant(tenant: string | undefined): boolean {
  return tenant === ENTRA_TENANT || tenant === ENTRA_TENANT_GUID || tenant === "organizations" || tenant === "common";
}

/** Splits `resource/permission`; bare `vso.*` (Azure DevOps OAuth's old style) counts as Azure DevOps too. */
function parseScope(scope: string): { kind: "openid"; name: string } | { kind: "devops"; name: string } | { kind: "unknown" } {
  if (scope in OPENID_SCOPES) return { kind: "openid", name: scope };
  if (scope.startsWith("vso.") && scope in AZURE_DEVOPS_SCOPES) return { kind: "devops", name: scope };
  const slash = scope.lastIndexOf("/");
  if (slash > 0 && AZURE_DEVOPS_RESOURCE_URIS.includes(scope.slice(0, slash).toLowerCase())) {
    const name = scope.slice(slash + 1);
    if (name in AZURE_DEVOPS_SCOPES) return { kind: "devops", name };
  }
  return { kind: "unknown" };
}

function checkScope(raw: string | null): ScopeCheck {
  const invalid = (description: string) => ({ ok: false as const, error: { error: "invalid_scope", error_description: description } });
  const requested = [...new Set((raw ?? "").split(/\s+/).filter(Boolean))];
  if (!requested.length) return { ok: false, error: { error: "invalid_request", error_description: aadsts(900144, "The request body must contain the following parameter: 'scope'.") } };
  const scopes: string[] = [];
  const permissions: ConsentPermission[] = [];
  let devops: string[] = [];
  for (const scope of requested) {
    const parsed = parseScope(scope);
    if (parsed.kind === "unknown") return invalid(aadsts(70011, `The provided value for the input parameter 'scope' isn't valid. The scope ${scope} isn't valid.`));
    if (parsed.kind === "openid") {
      scopes.push(parsed.name);
      permissions.push({ scope: parsed.name, description: OPENID_SCOPES[parsed.name] ?? parsed.name });
    } else {
      devops.push(parsed.name);
      scopes.push(`${AZURE_DEVOPS_RESOURCE}/${parsed.name}`);
      permissions.push({ scope, description: AZURE_DEVOPS_SCOPES[parsed.name] ?? parsed.name });
    }
  }
  devops = [...new Set(devops)];
  if (devops.includes(".default") && devops.length > 1) {
    return invalid(aadsts(70011, "The provided value for the input parameter 'scope' isn't valid. The .default scope can't be combined with other scopes of the same resource."));
  }
  if (!devops.length && !scopes.includes("openid")) return invalid(aadsts(70011, "The provided value for the input parameter 'scope' isn't valid. Ask for an Azure DevOps scope or openid."));
  return { ok: true, scopes, permissions };
}

/** Error descriptions as Entra writes them: the AADSTS code, the text, then trace ids and a timestamp. */
function aadsts(code: number, message: string): string {
  const timestamp = new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  return `AADSTS${code}: ${message} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${timestamp}`;
}

function dialect(): AuthorizeDialect {
  const page = (status: number, code: number, message: string): PageError => ({ status, title: "Sorry, but we're having trouble signing you in.", message: `AADSTS${code}: ${message}` });
  return {
    provider: "azure-devops",
    providerName: "Microsoft Entra ID",
    heading: "Authorize Rampart to access Azure DevOps",
    accent: "#0067b8",
    client: AZURE_DEVOPS_CLIENT,
    users: (ctx) => ctx.state.world.azureDevOps.users,
    defaultLogin: AZURE_DEVOPS_USERS.admin,
    loginHintParameter: "login_hint",
    requireResponseType: true,
    pkceMethods: ["S256", "plain"],
    checkRoute: (params: RouteParams) =>
      isTenant(params.tenant)
        ? null
        : page(400, 90002, `Tenant '${params.tenant ?? ""}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`),
    checkParameters: (p) => {
      const mode = p.get("response_mode");
      return mode && mode !== "query" ? { error: "invalid_request", error_description: aadsts(900144, `The sandbox answers with response_mode=query only, not '${mode}'.`) } : null;
    },
    checkScope,
    errors: {
      unknownClient: (clientId) => page(400, 700016, `Application with identifier '${clientId ?? ""}' was not found in the directory 'Sandbox'.`),
      invalidRedirectUri: (uri) =>
        page(400, 50011, `The redirect URI '${uri ?? ""}' specified in the request does not match the redirect URIs configured for the application '${AZURE_DEVOPS_CLIENT.id}'.`),
      denied: () => ({ error: "access_denied", error_subcode: "cancel", error_description: aadsts(65004, "User declined to consent to access the app.") }),
      unsupportedResponseType: (value) => ({ error: "unsupported_response_type", error_description: aadsts(900144, `The response_type '${value ?? ""}' is not supported.`) }),
      invalidRequest: (description) => ({ error: "invalid_request", error_description: aadsts(900144, description) }),
      unknownUser: (login) => page(400, 50034, `The user account ${login} does not exist in the directory.`),
    },
  };
}

interface SigningKey {
  privateKey: CryptoKey;
  jwk: JWK;
}

let signingKey: Promise<SigningKey> | undefined;

/** One RS256 key per process, published at the tenant's JWKS URL. */
function key(): Promise<SigningKey> {
  signingKey ??= (async () => {
    const pair = await generateKeyPair("RS256", { extractable: true });
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: "rampart-sandbox-1", use: "sig", alg: "RS256" };
    return { privateKey: pair.privateKey, jwk };
  })();
  return signingKey;
}

function issuer(ctx: SandboxContext): string {
  return `${ctx.urls.entraUrl}/${ENTRA_TENANT_GUID}/v2.0`;
}

function userOf(ctx: SandboxContext, login: string): AzureDevOpsUserFixture | undefined {
  return ctx.state.world.azureDevOps.users.find((u) => u.login === login);
}

export function entraTokenPolicy(ctx: SandboxContext): TokenPolicy {
  return {
    // Entra's access tokens live between 60 and 90 minutes, picked at random.
    accessTokenSeconds: ctx.state.accessTokenSeconds(randomInt(3_600, 4_001)),
    refreshTokenSeconds: REFRESH_TOKEN_SECONDS,
    async newAccessToken({ login, scopes, issuedAt, expiresAt }) {
      const user = userOf(ctx, login);
      const devopsScopes = scopes.filter((s) => s.startsWith(`${AZURE_DEVOPS_RESOURCE}/`)).map((s) => s.slice(AZURE_DEVOPS_RESOURCE.length + 1));
      const { privateKey, jwk } = await key();
      return new SignJWT({
        tid: ENTRA_TENANT_GUID,
        oid: user?.objectId,
        upn: user?.email,
        unique_name: user?.email,
        name: user?.name,
        appid: AZURE_DEVOPS_CLIENT.id,
        scp: devopsScopes.includes(".default") || !devopsScopes.length ? "user_impersonation" : devopsScopes.join(" "),
        ver: "1.0",
      })
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: jwk.kid })
        .setIssuer(`https://sts.windows.net/${ENTRA_TENANT_GUID}/`)
        .setAudience(AZURE_DEVOPS_RESOURCE)
        .setSubject(user?.objectId ?? login)
        .setIssuedAt(Math.floor(issuedAt / 1000))
        .setNotBefore(Math.floor(issuedAt / 1000))
        .setExpirationTime(Math.floor(expiresAt / 1000))
        .setJti(randomUUID())
        .sign(privateKey);
    },
    newRefreshToken: () => `1.A${randomBase64Url(180)}`,
    refreshRevokesAccessToken: false,
  };
}

async function idToken(ctx: SandboxContext, login: string, nonce: string | null): Promise<string | undefined> {
  const user = userOf(ctx, login);
  if (!user) return undefined;
  const { privateKey, jwk } = await key();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tid: ENTRA_TENANT_GUID, oid: user.objectId, preferred_username: user.email, email: user.email, name: user.name, ver: "2.0", ...(nonce ? { nonce } : {}) })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: jwk.kid })
    .setIssuer(issuer(ctx))
    .setAudience(AZURE_DEVOPS_CLIENT.id)
    .setSubject(user.objectId)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3_600)
    .sign(privateKey);
}

/** What the token response's `scope` says: Azure DevOps scopes (.default becomes user_impersonation) and OpenID scopes other than offline_access. */
function grantedScope(scopes: string[]): string {
  const shown = scopes
    .filter((s) => s !== "offline_access")
    .map((s) => (s === `${AZURE_DEVOPS_RESOURCE}/.default` ? `${AZURE_DEVOPS_RESOURCE}/user_impersonation` : s));
  return [...new Set(shown)].join(" ");
}

async function tokenBody(ctx: SandboxContext, grant: TokenGrant, nonce: string | null) {
  const expiresIn = Math.round((grant.accessTokenExpiresAt - grant.issuedAt) / 1000);
  const id = grant.scopes.includes("openid") ? await idToken(ctx, grant.login, nonce) : undefined;
  return {
    token_type: "Bearer",
    scope: grantedScope(grant.scopes),
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: grant.accessToken,
    ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
    ...(id ? { id_token: id } : {}),
  };
}

function entraError(ctx: SandboxContext, res: ServerResponse, status: number, error: string, code: number, message: string): void {
  sendJson(
    res,
    status,
    {
      error,
      error_description: aadsts(code, message),
      error_codes: [code],
      timestamp: new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z"),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
      error_uri: `${ctx.urls.entraUrl}/error?code=${code}`,
    },
    { "cache-control": "no-store, no-cache", pragma: "no-cache" },
  );
}

const CODE_ERRORS: Record<CodeFailure, [code: number, message: string]> = {
  unknown: [9002313, "Invalid request. Request is malformed or invalid."],
  expired: [70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource."],
  redeemed: [54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token."],
  client_mismatch: [70000, "The request was denied because one or more grants are invalid: the code was issued to another client."],
  redirect_uri_mismatch: [500112, "The reply address does not match the reply address provided when requesting the authorization code."],
  verifier_missing: [50148, "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE."],
  verifier_mismatch: [501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request."],
};

const REFRESH_ERRORS: Record<RefreshFailure, [code: number, message: string]> = {
  unknown: [9002313, "Invalid request. Request is malformed or invalid."],
  expired: [70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource."],
  revoked: [50173, "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password."],
  used: [70000, "The request was denied because one or more grants are invalid: the refresh token was already used to get a new one."],
  client_mismatch: [70000, "The request was denied because one or more grants are invalid: the refresh token was issued to another client."],
};

export function registerEntra(route: Route, ctx: SandboxContext): void {
  // Generate the signing key now rather than on the first token request.
  void key();
  const authorize = authorizationEndpoint(ctx, dialect());
  route("GET", "/entra/:tenant/oauth2/v2.0/authorize", authorize.get);
  route("POST", "/entra/:tenant/oauth2/v2.0/authorize", authorize.post);

  route("POST", "/entra/:tenant/oauth2/v2.0/token", async (req, res, routeParams) => {
    const fail = (status: number, error: string, code: number, message: string) => entraError(ctx, res, status, error, code, message);
    if (!isTenant(routeParams.tenant)) return fail(400, "invalid_request", 90002, `Tenant '${routeParams.tenant ?? ""}' not found.`);
    const params = await tokenRequestParameters(req, false);
    const grantType = params.get("grant_type");
    if (!grantType) return fail(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
    const { clientId, clientSecret } = clientCredentials(req, params);
    if (!clientId) return fail(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
    if (clientId !== AZURE_DEVOPS_CLIENT.id) return fail(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory 'Sandbox'.`);
    if (!clientSecret) return fail(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    if (clientSecret !== AZURE_DEVOPS_CLIENT.secret) {
      return fail(401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    }
    const policy = entraTokenPolicy(ctx);

    if (grantType === "authorization_code") {
      const code = params.get("code");
      if (!code) return fail(400, "invalid_request", 900144, "The request body must contain the following parameter: 'code'.");
      const redirectUri = params.get("redirect_uri");
      if (!redirectUri) return fail(400, "invalid_request", 900144, "The request body must contain the following parameter: 'redirect_uri'.");
      const redeemed = ctx.state.tokens.redeemCode("azure-devops", code, { clientId, redirectUri, codeVerifier: params.get("code_verifier") });
      if (!redeemed.ok) {
        const [errorCode, message] = CODE_ERRORS[redeemed.failure];
        return fail(400, "invalid_grant", errorCode, message);
      }
      const { login, scopes, nonce } = redeemed.code;
      const grant = await ctx.state.tokens.issue(
        { provider: "azure-devops", login, clientId, scopes, grantType: "authorization_code", withRefreshToken: scopes.includes("offline_access") },
        policy,
      );
      return sendJson(res, 200, await tokenBody(ctx, grant, nonce), { "cache-control": "no-store, no-cache", pragma: "no-cache" });
    }
    if (grantType === "refresh_token") {
      const refreshToken = params.get("refresh_token");
      if (!refreshToken) return fail(400, "invalid_request", 900144, "The request body must contain the following parameter: 'refresh_token'.");
      const used = ctx.state.tokens.useRefreshToken("azure-devops", refreshToken, clientId, policy);
      if (!used.ok) {
        const [errorCode, message] = REFRESH_ERRORS[used.failure];
        return fail(400, "invalid_grant", errorCode, message);
      }
      const { login, scopes } = used.previous;
      const grant = await ctx.state.tokens.issue({ provider: "azure-devops", login, clientId, scopes, grantType: "refresh_token", withRefreshToken: true }, policy);
      return sendJson(res, 200, await tokenBody(ctx, grant, null), { "cache-control": "no-store, no-cache", pragma: "no-cache" });
    }
    fail(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'.`);
  });

  route("GET", "/entra/:tenant/v2.0/.well-known/openid-configuration", (_req, res, params) => {
    if (!isTenant(params.tenant)) return entraError(ctx, res, 400, "invalid_tenant", 90002, `Tenant '${params.tenant ?? ""}' not found.`);
    const base = `${ctx.urls.entraUrl}/${params.tenant}`;
    sendJson(res, 200, {
      issuer: issuer(ctx),
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ["code"],
      response_modes_supported: ["query"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      code_challenge_methods_supported: ["S256", "plain"],
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "nbf", "name", "email", "preferred_username", "oid", "tid", "nonce"],
      tenant_region_scope: "EU",
    });
  });

  route("GET", "/entra/:tenant/discovery/v2.0/keys", async (_req, res) => {
    sendJson(res, 200, { keys: [(await key()).jwk] });
  });
}
