import { uuid } from "@/lib/schemas/users";

/**
 * What the provider's consent round trip brought back on the wizard's URL:
 * ?authorization=<id> on success, ?authorizationError=<code>&authorizationMessage=<text> otherwise.
 * Read by the wizard pages (server) and handed to the wizard.
 */
export type AuthorizationReturn = { kind: "authorized"; authorizationId: string } | { kind: "failed"; code: string; message: string };

type SearchParams = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export function authorizationReturn(params: SearchParams): AuthorizationReturn | null {
  const id = one(params.authorization);
  if (id !== undefined) {
    return uuid.safeParse(id).success
      ? { kind: "authorized", authorizationId: id }
      : { kind: "failed", code: "invalid_authorization", message: "The provider sent the browser back with an authorization Rampart does not recognise. Authorize again." };
  }
  const code = one(params.authorizationError);
  if (code !== undefined) {
    const message = one(params.authorizationMessage)?.trim();
    return { kind: "failed", code: code.slice(0, 100), message: (message || "The authorization did not complete. Authorize again.").slice(0, 500) };
  }
  return null;
}

export function authorizationFailureTitle(code: string): string {
  return code === "access_denied" || code === "cancelled" ? "Authorization cancelled" : "Authorization did not complete";
}
