import type { IncomingMessage, ServerResponse } from "node:http";
import { renderConsentPage, renderErrorPage, type ConsentPermission } from "./consent-page";
import type { SandboxContext } from "./context";
import { basicCredentials, queryOf, readParameters, redirect, requestUrl, sendHtml, type Handler, type RouteParams } from "./http";
import type { Provider, SandboxUser } from "./types";

/**
 * The OAuth 2.0 authorization endpoint shared by the three providers (RFC 6749 §4.1
 * with RFC 7636 PKCE): validate, show the consent page, and on Accept or Cancel
 * redirect back with a code or the provider's denial. Providers differ only in what
 * an AuthorizeDialect says: wording of errors, scopes, PKCE methods.
 */

export interface OAuthClient {
  id: string;
  secret: string;
}

/** An error shown as a page (untrusted client or redirect URI: never redirect). */
export interface PageError {
  status: number;
  title: string;
  message: string;
}

/** An error sent back to the redirect URI as query parameters (state is added). */
export type RedirectError = Record<string, string>;

export type ScopeCheck = { ok: true; scopes: string[]; permissions: ConsentPermission[] } | { ok: false; error: RedirectError };

export interface AuthorizeDialect {
  provider: Provider;
  providerName: string;
  heading: string;
  accent: string;
  client: OAuthClient;
  users(ctx: SandboxContext): SandboxUser[];
  defaultLogin: string;
  /** The parameter a client may use to suggest the account (GitHub `login`, Entra `login_hint`). */
  loginHintParameter?: string;
  /** GitHub does not require `response_type`; the others do. */
  requireResponseType: boolean;
  pkceMethods: readonly string[];
  /** Checks of the route itself (Entra: the tenant), before anything else. */
  checkRoute?(params: RouteParams): PageError | null;
  /** Provider-specific parameters (Entra: response_mode). */
  checkParameters?(parameters: URLSearchParams): RedirectError | null;
  checkScope(scope: string | null): ScopeCheck;
  errors: {
    unknownClient(clientId: string | null): PageError;
    invalidRedirectUri(redirectUri: string | null): PageError;
    denied(): RedirectError;
    unsupportedResponseType(responseType: string | null): RedirectError;
    invalidRequest(description: string): RedirectError;
    unknownUser(login: string): PageError;
  };
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The sandbox accepts any http(s) redirect URI on a loopback address, any port. */
export function isLoopbackRedirectUri(uri: string | null): uri is string {
  if (!uri) return false;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_HOSTS.has(url.hostname) && !url.hash && !url.username && !url.password;
}

/** client_id/client_secret from HTTP Basic or the body (RFC 6749 §2.3.1). */
export function clientCredentials(req: IncomingMessage, params: URLSearchParams): { clientId: string | null; clientSecret: string | null } {
  const basic = basicCredentials(req);
  if (basic) return { clientId: basic.username, clientSecret: basic.password };
  return { clientId: params.get("client_id"), clientSecret: params.get("client_secret") };
}

/** Body parameters, with query parameters underneath (GitHub accepts either on its token endpoint). */
export async function tokenRequestParameters(req: IncomingMessage, includeQuery: boolean): Promise<URLSearchParams> {
  const body = await readParameters(req);
  if (!includeQuery) return body;
  const merged = new URLSearchParams(queryOf(req));
  for (const [key, value] of body) merged.set(key, value);
  return merged;
}

function withParameters(uri: string, parameters: Record<string, string | null>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(parameters)) if (value !== null) url.searchParams.set(key, value);
  return url.toString();
}

const PKCE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;
/** Parameters that belong to the consent form itself, not to the authorization request. */
const FORM_FIELDS = new Set(["login", "decision"]);

export function authorizationEndpoint(ctx: SandboxContext, dialect: AuthorizeDialect): { get: Handler; post: Handler } {
  const showError = (res: ServerResponse, error: PageError) =>
    sendHtml(res, error.status, renderErrorPage({ providerName: dialect.providerName, title: error.title, message: error.message, accent: dialect.accent }));

  function handle(req: IncomingMessage, res: ServerResponse, route: RouteParams, p: URLSearchParams, method: "GET" | "POST"): void {
    const routeError = dialect.checkRoute?.(route);
    if (routeError) return showError(res, routeError);
    const clientId = p.get("client_id");
    if (clientId !== dialect.client.id) return showError(res, dialect.errors.unknownClient(clientId));
    const redirectUri = p.get("redirect_uri");
    if (!isLoopbackRedirectUri(redirectUri)) return showError(res, dialect.errors.invalidRedirectUri(redirectUri));

    const state = p.get("state");
    const refuse = (error: RedirectError) => redirect(res, withParameters(redirectUri, { ...error, state }));

    const responseType = p.get("response_type");
    if (dialect.requireResponseType ? responseType !== "code" : responseType !== null && responseType !== "code") {
      return refuse(dialect.errors.unsupportedResponseType(responseType));
    }
    const extra = dialect.checkParameters?.(p);
    if (extra) return refuse(extra);
    const scope = dialect.checkScope(p.get("scope"));
    if (!scope.ok) return refuse(scope.error);

    const challenge = p.get("code_challenge");
    const challengeMethod = p.get("code_challenge_method") ?? (challenge ? "plain" : null);
    if (challenge) {
      if (!dialect.pkceMethods.includes(challengeMethod ?? "")) {
        return refuse(dialect.errors.invalidRequest(`code_challenge_method must be ${dialect.pkceMethods.join(" or ")}.`));
      }
      if (!PKCE_CHALLENGE.test(challenge)) return refuse(dialect.errors.invalidRequest("code_challenge must be 43 to 128 characters of [A-Z] [a-z] [0-9] - . _ ~."));
    } else if (p.get("code_challenge_method")) {
      return refuse(dialect.errors.invalidRequest("code_challenge is required when code_challenge_method is sent."));
    }

    const users = dialect.users(ctx);
    if (method === "GET") {
      const hint = dialect.loginHintParameter ? p.get(dialect.loginHintParameter) : null;
      const selectedLogin = users.some((u) => u.login === hint) && hint ? hint : dialect.defaultLogin;
      const html = renderConsentPage({
        providerName: dialect.providerName,
        heading: dialect.heading,
        accent: dialect.accent,
        action: requestUrl(req).pathname,
        parameters: [...p].filter(([name]) => !FORM_FIELDS.has(name)),
        users: users.map((u) => ({ login: u.login, name: u.name })),
        selectedLogin,
        permissions: scope.permissions,
        redirectUri,
      });
      return sendHtml(res, 200, html);
    }

    if (p.get("decision") !== "accept") return refuse(dialect.errors.denied());
    const login = p.get("login") ?? dialect.defaultLogin;
    if (!users.some((u) => u.login === login)) return showError(res, dialect.errors.unknownUser(login));
    const code = ctx.state.tokens.createCode({
      provider: dialect.provider,
      clientId,
      redirectUri,
      scopes: scope.scopes,
      login,
      codeChallenge: challenge,
      codeChallengeMethod: challenge ? challengeMethod : null,
      nonce: p.get("nonce"),
    });
    redirect(res, withParameters(redirectUri, { code, state }));
  }

  return {
    get(req, res, route) {
      const query = queryOf(req);
      ctx.state.recordAuthorizationRequest(dialect.provider, requestUrl(req).pathname, query);
      handle(req, res, route, query, "GET");
    },
    async post(req, res, route) {
      handle(req, res, route, await readParameters(req), "POST");
    },
  };
}
