import "server-only";
import { createHash, randomBytes } from "node:crypto";

/**
 * What an API token is: "rmp_" and 32 random bytes in base64url (43 characters).
 * The prefix makes a leaked token recognisable (secret scanners, logs); its first
 * characters after it are kept in clear so that lists can show which token is which,
 * which still leaves over 200 unknown bits.
 *
 * Only SHA-256 of the whole token is stored. A fast hash is right here, unlike for
 * passwords: the token is 256 random bits, so no guessing of it or its hash is feasible,
 * and a fast hash lets every request find its token by the hash through a unique index
 * (no per-token slow hash, no comparison loop whose timing could leak anything: an
 * equality lookup on the hash of an attacker's guess reveals nothing about real tokens).
 */

export const API_TOKEN_PREFIX = "rmp_";
const SECRET_BYTES = 32;
/** Characters after "rmp_" that lists show. */
const DISPLAY_CHARS = 8;
const TOKEN_SHAPE = /^rmp_[A-Za-z0-9_-]{43}$/;

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A well-formed token; anything else is refused without a database look-up. */
export function isApiTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

export function newApiToken(): { token: string; prefix: string; hash: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(SECRET_BYTES).toString("base64url")}`;
  return { token, prefix: token.slice(0, API_TOKEN_PREFIX.length + DISPLAY_CHARS), hash: hashApiToken(token) };
}
