import { z } from "zod";
import { API_TOKEN_PERMISSIONS, type ApiTokenPermissionName, type ScopeTypeName } from "@/lib/auth/permissions";
import { scopeInput } from "./users";

/** Request and response shapes of API tokens, shared by the API, the console, the CLI and tests. */

export const API_TOKEN_DEFAULT_DAYS = 90;
export const API_TOKEN_MAX_DAYS = 365;
export const API_TOKEN_MAX_SCOPES = 20;
/** The expiry choices the console offers (it also takes a custom date). */
export const API_TOKEN_EXPIRY_CHOICES = [30, 60, 90, 180, 365] as const;

const DAY_MS = 24 * 3600_000;

export const apiTokenName = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");

const scopeKey = (s: z.infer<typeof scopeInput>) => (s.type === "WORKSPACE" ? "WORKSPACE" : `${s.type}:${s.id}`);

export const apiTokenScopes = z
  .array(scopeInput)
  .min(1, "choose at least one scope")
  .max(API_TOKEN_MAX_SCOPES, `must have at most ${API_TOKEN_MAX_SCOPES} entries`)
  .refine(
    (scopes) => scopes.length === 1 || scopes.every((s) => s.type !== "WORKSPACE"),
    "the workspace already contains everything: choose it alone, or choose subscriptions, resource groups or connectors",
  )
  // The same container twice is one entry.
  .transform((scopes) => [...new Map(scopes.map((s) => [scopeKey(s), s])).values()]);

/**
 * A new token. The expiry is either a number of days from now or a moment (ISO 8601
 * with an offset), at least a day and at most a year away; neither means 90 days.
 */
export const createApiTokenInput = z
  .object({
    name: apiTokenName,
    permission: z.enum(API_TOKEN_PERMISSIONS, "must be READ or UPLOAD"),
    scopes: apiTokenScopes,
    expiresInDays: z
      .int("must be a whole number of days")
      .min(1, "must be at least 1 day")
      .max(API_TOKEN_MAX_DAYS, `must be at most ${API_TOKEN_MAX_DAYS} days (one year)`)
      .optional(),
    expiresAt: z.iso
      .datetime({ offset: true, message: "must be a date and time in ISO 8601 form, e.g. 2027-01-31T18:00:00Z" })
      .refine((v) => Date.parse(v) >= Date.now() + DAY_MS, "must be at least one day from now")
      .refine((v) => Date.parse(v) <= Date.now() + API_TOKEN_MAX_DAYS * DAY_MS, `must be at most ${API_TOKEN_MAX_DAYS} days (one year) from now`)
      .optional(),
  })
  .refine((v) => v.expiresInDays === undefined || v.expiresAt === undefined, {
    message: "send expiresInDays or expiresAt, not both",
    path: ["expiresAt"],
  });
export type CreateApiTokenInput = z.input<typeof createApiTokenInput>;
export type ParsedCreateApiTokenInput = z.output<typeof createApiTokenInput>;

/** When a token created now with this input expires. */
export function expiryOf(input: Pick<ParsedCreateApiTokenInput, "expiresAt" | "expiresInDays">, now = Date.now()): Date {
  if (input.expiresAt) return new Date(input.expiresAt);
  return new Date(now + (input.expiresInDays ?? API_TOKEN_DEFAULT_DAYS) * DAY_MS);
}

export type ApiTokenStatus = "ACTIVE" | "EXPIRED" | "REVOKED";

export interface ApiTokenView {
  id: string;
  name: string;
  /** The token's first characters ("rmp_AbCd1234"): enough to recognise it, useless to use it. */
  prefix: string;
  permission: ApiTokenPermissionName;
  /** Empty when every container it was scoped to has been deleted (it then reaches nothing). */
  scopes: { type: ScopeTypeName; id: string | null; name: string }[];
  createdBy: { id: string; name: string; email: string };
  createdFromCli: boolean;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
  revokedBy: { name: string; email: string } | null;
  status: ApiTokenStatus;
}

/** The answer to a creation: the token itself, shown this once, and its list entry. */
export interface CreatedApiToken {
  token: string;
  apiToken: ApiTokenView;
}
