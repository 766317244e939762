import { describe, expect, it } from "vitest";
import { open, seal, SecretBoxError } from "./secret-box";

describe("secret box (AES-256-GCM)", () => {
  it("opens what it sealed, and never stores the plaintext", () => {
    const token = "gho_16C7e42F292c6912E7710c838347Ae178B4a";
    const sealed = seal(token, "access-token");
    expect(sealed).not.toContain(token);
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(open(sealed, "access-token")).toBe(token);
  });

  it("uses a fresh nonce for every value, so equal tokens look different", () => {
    const a = seal("same", "access-token");
    const b = seal("same", "access-token");
    expect(a).not.toBe(b);
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
  });

  it("refuses a value moved to another purpose (refresh token column)", () => {
    expect(() => open(seal("secret", "access-token"), "refresh-token")).toThrow(SecretBoxError);
  });

  it("refuses a tampered value", () => {
    const [v, nonce, ciphertext, tag] = seal("secret value", "access-token").split(".");
    const flipped = Buffer.from(ciphertext!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => open([v, nonce, flipped.toString("base64url"), tag].join("."), "access-token")).toThrow(SecretBoxError);
    expect(() => open("not sealed", "access-token")).toThrow(SecretBoxError);
  });
});
