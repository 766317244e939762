import "server-only";
import { hkdfSync } from "node:crypto";
import { requireSecretKey } from "../env";

/**
 * Keys derived from RAMPART_SECRET_KEY, one per purpose, so that a key used to sign
 * sessions is never the key that encrypts provider tokens.
 */
export function derivedKey(purpose: "session" | "token-encryption", bytes = 32): Buffer {
  return Buffer.from(hkdfSync("sha256", requireSecretKey(), "rampart", purpose, bytes));
}

export function sessionSecret(): string {
  return derivedKey("session").toString("base64url");
}
