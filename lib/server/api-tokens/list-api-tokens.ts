import "server-only";
import type { ApiTokenView } from "@/lib/schemas/api-tokens";
import type { Caller } from "../authz/caller";
import { db } from "../db/client";
import { apiTokenInclude, mayManageToken, toApiTokenView } from "./api-token-view";

/**
 * The tokens the caller may manage (every scope entry inside their tokens.manage), newest
 * first, revoked and expired ones included so that their history stays readable.
 */
export async function listApiTokens(caller: Caller): Promise<ApiTokenView[]> {
  const rows = await db.apiToken.findMany({ include: apiTokenInclude, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  const now = Date.now();
  return rows.filter((row) => mayManageToken(caller, row)).map((row) => toApiTokenView(row, now));
}
