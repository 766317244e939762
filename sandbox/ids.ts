import { createHash, randomBytes, randomInt } from "node:crypto";

/**
 * A GUID computed from a name (the layout of a version-5 UUID over SHA-1), so the
 * Azure DevOps fixtures keep the same ids on every run without listing them by hand.
 */
export function stableGuid(...parts: string[]): string {
  const hex = createHash("sha1").update(parts.join("/")).digest("hex");
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** GitHub's GraphQL node id layout for newer objects (`R_kgDO…`, `O_kgDO…`, `U_kgDO…`). */
export function nodeId(prefix: "R" | "O" | "U", id: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(id);
  return `${prefix}_kgDO${bytes.toString("base64url")}`;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random base-62 text, the alphabet of GitHub's tokens. */
export function randomBase62(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += BASE62[randomInt(BASE62.length)];
  return out;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

export function randomBase64Url(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}
