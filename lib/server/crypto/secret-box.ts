import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { derivedKey } from "../auth/secrets";

/**
 * Encryption at rest of provider tokens and OAuth verifiers: AES-256-GCM with a key
 * derived from RAMPART_SECRET_KEY (or the key generated into the data folder), a fresh
 * 96-bit nonce per value, and the purpose bound in as additional data so a value
 * cannot be moved from one column to another. Stored as `v1.<nonce>.<ciphertext>.<tag>`.
 */

export type SecretPurpose = "access-token" | "refresh-token" | "code-verifier";

const VERSION = "v1";

function key(): Buffer {
  return derivedKey("token-encryption");
}

export function seal(plaintext: string, purpose: SecretPurpose): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), nonce);
  cipher.setAAD(Buffer.from(purpose));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, nonce.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export class SecretBoxError extends Error {}

export function open(sealed: string, purpose: SecretPurpose): string {
  const [version, nonce, ciphertext, tag] = sealed.split(".");
  if (version !== VERSION || !nonce || ciphertext === undefined || !tag) throw new SecretBoxError("not a sealed value");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(nonce, "base64url"));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // A changed RAMPART_SECRET_KEY lands here: the connector needs re-authorizing.
    throw new SecretBoxError("the value cannot be decrypted with this server's secret key");
  }
}
