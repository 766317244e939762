import "server-only";
import type { Caller } from "../authz/caller";

/**
 * Bearer API tokens for /api/v1 (created in Settings → API tokens, with the SARIF
 * ingestion issue). The route wrapper already asks here when a request carries
 * `Authorization: Bearer …`; until tokens exist, none is valid.
 */
export async function callerFromApiToken(token: string): Promise<Caller | null> {
  void token;
  return null;
}
