import "server-only";
import { API_TOKEN_PERMISSION_LABELS, SCOPE_LABELS } from "@/lib/auth/permissions";
import { expiryOf, type CreatedApiToken, type ParsedCreateApiTokenInput } from "@/lib/schemas/api-tokens";
import type { ScopeInput } from "@/lib/schemas/users";
import { ApiError } from "../api/errors";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { accessTo, type Caller } from "../authz/caller";
import { resolveScope, type ResolvedScope } from "../authz/resolve-scope";
import { db } from "../db/client";
import { apiTokenInclude, toApiTokenView } from "./api-token-view";
import { newApiToken } from "./token-secret";

/**
 * Creates an API token on the authority of `creator`, whose tokens.manage must cover
 * every scope entry: a token never reaches further than its creator could at creation.
 * Answers the token itself (the only time it exists outside the caller's hands) and
 * stores its hash, in one transaction with the audit event.
 */
export async function createApiToken(options: {
  creator: Caller;
  input: ParsedCreateApiTokenInput;
  /** Who the audit log names: the creator in the console, "cli:<user>" on the command line. */
  actor: AuditActor;
  meta?: RequestMeta;
  fromCli?: boolean;
}): Promise<CreatedApiToken> {
  const { creator, input } = options;
  if (creator.apiToken) throw new ApiError(403, "API tokens cannot create API tokens.");
  const scopes: ResolvedScope[] = [];
  for (const [i, scope] of input.scopes.entries()) scopes.push(await authorizedScope(creator, scope, i));

  const { token, prefix, hash } = newApiToken();
  const expiresAt = expiryOf(input);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        name: input.name,
        prefix,
        hash,
        permission: input.permission,
        expiresAt,
        createdById: creator.user.id,
        createdFromCli: options.fromCli ?? false,
        scopes: { create: scopes.map((s) => ({ scopeType: s.type, ...s.columns })) },
      },
      include: apiTokenInclude,
    });
    await recordAuditEvent(
      {
        actor: options.actor,
        action: "api_token.create",
        summary: `Created API token "${input.name}" (${prefix}…, ${API_TOKEN_PERMISSION_LABELS[input.permission]}) on ${scopes.map((s) => s.name).join(", ")}, expiring ${expiresAt.toISOString().slice(0, 10)}${options.fromCli ? `, for ${creator.user.email}` : ""}`,
        target: { type: "api_token", id: created.id },
        meta: options.meta,
        details: {
          tokenId: created.id,
          prefix,
          permission: input.permission,
          scopes: scopes.map((s) => ({ type: s.type, name: s.name })),
          expiresAt: expiresAt.toISOString(),
          createdBy: creator.user.email,
          fromCli: options.fromCli ?? false,
        },
      },
      tx,
    );
    return created;
  });
  return { token, apiToken: toApiTokenView(row) };
}

/**
 * One scope entry, looked up and checked against the creator's tokens.manage. Only a
 * workspace-level manager learns that an id names nothing (422); for anyone else an
 * unknown id and a container outside their scope are the same 403, so ids outside
 * one's scope cannot be probed.
 */
async function authorizedScope(creator: Caller, scope: ScopeInput, index: number): Promise<ResolvedScope> {
  const field = `body.scopes.${index}`;
  const workspaceManager = accessTo(creator, "tokens.manage") === "allowed";
  let resolved: ResolvedScope | null = null;
  try {
    resolved = await resolveScope(scope, field);
  } catch (error) {
    if (workspaceManager || !(error instanceof ApiError)) throw error;
  }
  const access = resolved ? accessTo(creator, "tokens.manage", resolved.path) : "not-found";
  if (access === "allowed" && resolved) return resolved;
  const what =
    scope.type === "WORKSPACE"
      ? "the whole workspace"
      : access === "forbidden" && resolved
        ? `${SCOPE_LABELS[scope.type].toLowerCase()} "${resolved.name}"`
        : `${SCOPE_LABELS[scope.type].toLowerCase()} ${scope.id}`;
  const message = `Your role does not allow you to create API tokens on ${what}. Choose containers where you are Owner or Security Admin.`;
  throw new ApiError(403, message, { errors: [{ path: field, message }] });
}
