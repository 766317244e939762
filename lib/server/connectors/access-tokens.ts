import "server-only";
import type { ProviderName } from "@/lib/schemas/connectors";
import { open, seal } from "../crypto/secret-box";
import { db } from "../db/client";
import { providerClient } from "../providers/clients";
import { findProviderHost, type ProviderHost } from "../providers/hosts";
import { OAuthFlowError, refreshTokens } from "../providers/oauth";
import type { ProviderClient } from "../providers/provider-client";
import { ProviderError } from "../providers/provider-error";

/**
 * Access tokens of stored authorizations, refreshed shortly before they expire (one
 * refresh at a time per authorization, under a row lock, since providers rotate
 * refresh tokens). When the provider refuses the authorization, its connector moves
 * to Needs re-authorization with the reason.
 */

/** Refresh when less than this is left of the access token's life. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

interface StoredAuthorization {
  id: string;
  provider: ProviderName;
  host: string;
}

function hostOf(authorization: StoredAuthorization): ProviderHost {
  const host = findProviderHost(authorization.provider, authorization.host);
  if (!host) {
    throw new ProviderError(
      authorization.provider,
      "unreachable",
      authorization.host === "sandbox" ? "The SCM sandbox is not running on this server (it runs in demo mode)." : "This provider is no longer configured on this server (see README, Connector OAuth apps).",
    );
  }
  return host;
}

/** Marks the connector holding this authorization as needing re-authorization. */
export async function markNeedsReauthorization(authorizationId: string, reason: string): Promise<void> {
  await db.connector.updateMany({ where: { authorizationId }, data: { authState: "NEEDS_REAUTHORIZATION", authError: reason } });
}

/** A usable access token for the authorization, refreshed first when it is about to expire. */
export async function accessToken(authorizationId: string): Promise<{ token: string; host: ProviderHost }> {
  try {
    return await db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "ProviderAuthorization" WHERE id = ${authorizationId}::uuid FOR UPDATE`;
        const row = await tx.providerAuthorization.findUnique({ where: { id: authorizationId } });
        if (!row) throw new ProviderError("GITHUB", "unauthorized", "The authorization no longer exists. Authorize again.");
        const host = hostOf(row);
        const expiresSoon = row.accessTokenExpiresAt !== null && row.accessTokenExpiresAt.getTime() - Date.now() < REFRESH_MARGIN_MS;
        if (!expiresSoon) return { token: open(row.accessToken, "access-token"), host };
        if (!row.refreshToken) throw new ProviderError(row.provider, "unauthorized", "The access token expired and the provider gave no refresh token. Re-authorize the connector.");
        const fresh = await refreshTokens(host, open(row.refreshToken, "refresh-token"), row.scopes);
        await tx.providerAuthorization.update({
          where: { id: row.id },
          data: {
            accessToken: seal(fresh.accessToken, "access-token"),
            refreshToken: fresh.refreshToken ? seal(fresh.refreshToken, "refresh-token") : row.refreshToken,
            accessTokenExpiresAt: fresh.accessTokenExpiresAt ?? null,
            refreshTokenExpiresAt: fresh.refreshTokenExpiresAt ?? row.refreshTokenExpiresAt,
            scopes: fresh.scopes,
            refreshedAt: new Date(),
          },
        });
        return { token: fresh.accessToken, host };
      },
      { timeout: 40_000, maxWait: 20_000 },
    );
  } catch (error) {
    if (error instanceof OAuthFlowError && error.code === "invalid_grant") {
      await markNeedsReauthorization(authorizationId, error.message);
      const row = await db.providerAuthorization.findUnique({ where: { id: authorizationId }, select: { provider: true } });
      throw new ProviderError(row?.provider ?? "GITHUB", "unauthorized", error.message);
    }
    if (error instanceof OAuthFlowError) {
      const row = await db.providerAuthorization.findUnique({ where: { id: authorizationId }, select: { provider: true } });
      throw new ProviderError(row?.provider ?? "GITHUB", error.code === "provider_unreachable" ? "unreachable" : "unavailable", error.message);
    }
    if (error instanceof ProviderError && error.failure === "unauthorized") await markNeedsReauthorization(authorizationId, error.message);
    throw error;
  }
}

/**
 * Runs `work` with a provider client acting as the authorization's identity. A 401
 * from the provider (a revoked token) marks the connector for re-authorization.
 */
export async function withProvider<T>(authorizationId: string, work: (client: ProviderClient) => Promise<T>): Promise<T> {
  const { token, host } = await accessToken(authorizationId);
  try {
    return await work(providerClient(host, token));
  } catch (error) {
    if (error instanceof ProviderError && error.failure === "unauthorized") await markNeedsReauthorization(authorizationId, error.message);
    throw error;
  }
}
