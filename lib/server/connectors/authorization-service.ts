import "server-only";
import { createHash } from "node:crypto";
import { PROVIDER_LABELS, PROVIDER_SLUGS, PROVIDERS, type AuthorizationView, type OrganizationOption, type ProviderName } from "@/lib/schemas/connectors";
import type { z } from "zod";
import type { startAuthorizationInput } from "@/lib/schemas/connectors";
import { ApiError, invalid, notFound } from "../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { accessTo, assertAccess, mayAnywhere, type Caller } from "../authz/caller";
import { open, seal } from "../crypto/secret-box";
import { db } from "../db/client";
import { providerClient } from "../providers/clients";
import { findProviderHost, type ProviderHost } from "../providers/hosts";
import { authorizationUrl, exchangeCode, newCodeVerifier, newState, OAuthFlowError, validateCallback } from "../providers/oauth";
import type { OrganizationCandidate } from "../providers/provider-client";
import { providerApiError, ProviderError } from "../providers/provider-error";
import { withProvider } from "./access-tokens";

/**
 * The Configure access step: an OAuth request is started for the wizard, the
 * provider's answer comes back to the callback, and the completed consent is kept
 * (tokens encrypted) until a connector takes it. The browser only ever sees ids.
 */

/** How long the user has on the provider's consent page. */
const REQUEST_TTL_MS = 10 * 60 * 1000;
/** How long a completed consent waits for the wizard to create or update its connector. */
export const UNATTACHED_TTL_MS = 60 * 60 * 1000;

const hashState = (state: string) => createHash("sha256").update(state).digest("base64url");
const actorOf = (caller: Caller) => ({ id: caller.user.id, email: caller.user.email });

export function providerFromSlug(slug: string): ProviderName | undefined {
  return PROVIDERS.find((p) => PROVIDER_SLUGS[p] === slug);
}

function requireHost(provider: ProviderName, key: string): ProviderHost {
  const host = findProviderHost(provider, key);
  if (!host) {
    throw invalid(`${PROVIDER_LABELS[provider]} host "${key}" is not configured on this server.`, [{ path: "body.host", message: "is not configured on this server" }]);
  }
  return host;
}

async function connectorPath(connectorId: string) {
  const connector = await db.connector.findUnique({ where: { id: connectorId }, include: { resourceGroup: true } });
  if (!connector) return undefined;
  return { connector, path: { subscriptionId: connector.resourceGroup.subscriptionId, resourceGroupId: connector.resourceGroupId, connectorId } };
}

/** Starts an authorization: answers the provider's consent page address. */
export async function startAuthorization(caller: Caller, input: z.infer<typeof startAuthorizationInput>, origin: string): Promise<{ authorizeUrl: string }> {
  if (input.connectorId) {
    const found = await connectorPath(input.connectorId);
    if (!found) throw notFound("The connector");
    assertAccess(caller, "connectors.update", found.path, "The connector");
    if (found.connector.provider !== input.provider || found.connector.host !== input.host) {
      throw invalid("Re-authorize with the connector's own provider and host.", [{ path: "body.host", message: "must be the connector's provider and host" }]);
    }
  } else if (!mayAnywhere(caller, "connectors.create")) {
    throw new ApiError(403, "Your role does not allow you to create environment connectors.");
  }
  const host = requireHost(input.provider, input.host);
  const state = newState();
  const codeVerifier = newCodeVerifier();
  const redirectUri = `${origin}/api/connector-authorizations/callback/${PROVIDER_SLUGS[input.provider]}`;
  await db.oAuthRequest.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await db.oAuthRequest.create({
    data: {
      stateHash: hashState(state),
      provider: input.provider,
      host: host.key,
      userId: caller.user.id,
      codeVerifier: seal(codeVerifier, "code-verifier"),
      redirectUri,
      returnTo: input.returnTo,
      connectorId: input.connectorId ?? null,
      expiresAt: new Date(Date.now() + REQUEST_TTL_MS),
    },
  });
  return { authorizeUrl: await authorizationUrl(host, { redirectUri, state, codeVerifier }) };
}

function withParams(path: string, params: Record<string, string>): string {
  const url = new URL(path, "http://rampart.invalid");
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  for (const k of ["authorization", "authorizationError", "authorizationMessage"]) if (!(k in params)) url.searchParams.delete(k);
  return `${url.pathname}${url.search}`;
}

const failed = (returnTo: string, error: OAuthFlowError) => withParams(returnTo, { authorizationError: error.code, authorizationMessage: error.message });

/**
 * The provider's redirect back: checks `state` (one use, this user, not expired),
 * exchanges the code with the PKCE verifier, reads the identity, stores the tokens
 * encrypted. Answers where to send the browser: the wizard, with the outcome.
 */
export async function completeAuthorization(caller: Caller, providerSlug: string, params: URLSearchParams, meta: RequestMeta): Promise<string> {
  const provider = providerFromSlug(providerSlug);
  const fallback = "/environments/new";
  const state = params.get("state");
  if (!provider || !state) {
    return failed(fallback, new OAuthFlowError("bad_state", "The answer from the provider carried no authorization request. Select Authorize to start again."));
  }
  const request = await db.oAuthRequest.findUnique({ where: { stateHash: hashState(state) } });
  if (!request || request.userId !== caller.user.id || request.provider !== provider) {
    return failed(fallback, new OAuthFlowError("bad_state", "This authorization answer does not belong to an authorization you started. Select Authorize to start again."));
  }
  // One use: whatever happens next, this state cannot be replayed.
  await db.oAuthRequest.delete({ where: { stateHash: request.stateHash } });
  if (request.expiresAt.getTime() < Date.now()) {
    return failed(request.returnTo, new OAuthFlowError("expired_state", "The authorization took longer than 10 minutes and expired. Select Authorize to start again."));
  }
  const host = findProviderHost(provider, request.host);
  if (!host) return failed(request.returnTo, new OAuthFlowError("exchange_failed", `${PROVIDER_LABELS[provider]} is no longer configured on this server.`));
  try {
    const callback = validateCallback(host, params, state);
    const tokens = await exchangeCode(host, callback, request.redirectUri, open(request.codeVerifier, "code-verifier"));
    let identity;
    try {
      identity = await providerClient(host, tokens.accessToken).identity();
    } catch (error) {
      const message = error instanceof ProviderError ? error.message : "its answer could not be read";
      throw new OAuthFlowError("exchange_failed", `Authorized, but ${PROVIDER_LABELS[provider]} did not tell who you are: ${message}`);
    }
    const created = await db.$transaction(async (tx) => {
      const row = await tx.providerAuthorization.create({
        data: {
          provider,
          host: host.key,
          identityId: identity.id,
          identityLogin: identity.login,
          identityName: identity.name,
          identityEmail: identity.email,
          scopes: tokens.scopes.length ? tokens.scopes : host.oauth.scopes,
          accessToken: seal(tokens.accessToken, "access-token"),
          refreshToken: tokens.refreshToken ? seal(tokens.refreshToken, "refresh-token") : null,
          accessTokenExpiresAt: tokens.accessTokenExpiresAt ?? null,
          refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? null,
          createdById: caller.user.id,
        },
      });
      await recordAuditEvent(
        {
          actor: actorOf(caller),
          action: "connector.authorize",
          summary: `Authorized ${PROVIDER_LABELS[provider]} (${host.label}) as ${identity.login}`,
          target: request.connectorId ? { type: "connector", id: request.connectorId } : undefined,
          meta,
        },
        tx,
      );
      return row;
    });
    await db.providerAuthorization.deleteMany({ where: { connector: null, createdAt: { lt: new Date(Date.now() - UNATTACHED_TTL_MS) } } });
    return withParams(request.returnTo, { authorization: created.id });
  } catch (error) {
    if (error instanceof OAuthFlowError) return failed(request.returnTo, error);
    throw error;
  }
}

/** A completed consent the caller may use: theirs and not yet taken, or their connector's. */
async function usableAuthorization(caller: Caller, id: string, connectorId?: string) {
  const row = await db.providerAuthorization.findUnique({ where: { id }, include: { connector: { include: { resourceGroup: true } } } });
  if (!row) throw notFound("The authorization");
  if (row.connector) {
    const path = { subscriptionId: row.connector.resourceGroup.subscriptionId, resourceGroupId: row.connector.resourceGroupId, connectorId: row.connector.id };
    if (connectorId !== row.connector.id || accessTo(caller, "workspace.read", path) !== "allowed") throw notFound("The authorization");
    return row;
  }
  if (row.createdById !== caller.user.id) throw notFound("The authorization");
  if (row.createdAt.getTime() < Date.now() - UNATTACHED_TTL_MS) {
    throw new ApiError(410, "This authorization expired before it was used. Select Authorize again.");
  }
  return row;
}

export function authorizationView(row: {
  id: string;
  provider: ProviderName;
  host: string;
  identityId: string;
  identityLogin: string;
  identityName: string | null;
  identityEmail: string | null;
  scopes: string[];
  createdAt: Date;
}): AuthorizationView {
  return {
    id: row.id,
    provider: row.provider,
    host: row.host,
    identity: { id: row.identityId, login: row.identityLogin, name: row.identityName, email: row.identityEmail },
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function getAuthorization(caller: Caller, id: string, connectorId?: string): Promise<AuthorizationView> {
  return authorizationView(await usableAuthorization(caller, id, connectorId));
}

/** The candidates with the reason each one cannot be onboarded, if any. */
export async function organizationOptions(candidates: OrganizationCandidate[], provider: ProviderName, host: string, exceptConnectorId?: string): Promise<OrganizationOption[]> {
  const taken = await db.connectorOrganization.findMany({
    where: { provider, host, externalId: { in: candidates.map((c) => c.id) }, ...(exceptConnectorId ? { NOT: { connectorId: exceptConnectorId } } : {}) },
    include: { connector: { select: { name: true } } },
  });
  const takenBy = new Map(taken.map((t) => [t.externalId, t.connector.name]));
  return candidates
    .map((c): OrganizationOption => {
      const by = takenBy.get(c.id);
      if (by) return { id: c.id, name: c.name, url: c.url, available: false, reason: `Already onboarded by connector "${by}". An organization is onboarded once per workspace.` };
      if (!c.canAdminister) return { id: c.id, name: c.name, url: c.url, available: false, reason: c.reason };
      return { id: c.id, name: c.name, url: c.url, available: true };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The organizations the authorizing identity can see, fetched live, with availability. */
export async function listAuthorizationOrganizations(caller: Caller, id: string, connectorId?: string): Promise<OrganizationOption[]> {
  const row = await usableAuthorization(caller, id, connectorId);
  try {
    const candidates = await withProvider(row.id, (client) => client.organizations());
    return organizationOptions(candidates, row.provider, row.host, connectorId);
  } catch (error) {
    if (error instanceof ProviderError) throw providerApiError(error);
    throw error;
  }
}

export { usableAuthorization };
