import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, childProcessEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded database, demo mode and loopback", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ embedded: true, demo: true, host: "127.0.0.1", port: 3000, publicUrl: "http://localhost:3000", secureCookies: false });
  });

  it("turns demo mode off with DATABASE_URL, and RAMPART_DEMO overrides either way", () => {
    const external = parseEnv({ DATABASE_URL: "postgres://u:p@db:5432/rampart" });
    expect(external).toMatchObject({ embedded: false, demo: false, host: "0.0.0.0", databaseUrl: "postgres://u:p@db:5432/rampart" });
    expect(parseEnv({ DATABASE_URL: "postgres://db/r", RAMPART_DEMO: "1" }).demo).toBe(true);
    expect(parseEnv({ RAMPART_DEMO: "0" }).demo).toBe(false);
  });

  it("runs scanners isolated when it can by default, and RAMPART_SCANNER_ISOLATION=require refuses otherwise", () => {
    expect(parseEnv({}).scannerIsolation).toBe("auto");
    expect(parseEnv({ RAMPART_SCANNER_ISOLATION: "" }).scannerIsolation).toBe("auto");
    expect(parseEnv({ RAMPART_SCANNER_ISOLATION: "require" }).scannerIsolation).toBe("require");
    expect(() => parseEnv({ RAMPART_SCANNER_ISOLATION: "off" })).toThrowError(/RAMPART_SCANNER_ISOLATION/);
  });

  it("gives scanner processes PATH and LANG of this process and nothing else of its environment", () => {
    const scanner = childProcessEnv({ HOME: "/tmp/scan-home" });
    expect(Object.keys(scanner).sort()).toEqual(expect.arrayContaining(["HOME", "LANG", "PATH"]));
    expect(scanner).toMatchObject({ HOME: "/tmp/scan-home", PATH: process.env.PATH });
    expect(scanner).not.toHaveProperty("DATABASE_URL");
    expect(scanner).not.toHaveProperty("RAMPART_SECRET_KEY");
    expect(Object.keys(scanner).filter((k) => !["HOME", "LANG", "LC_ALL", "PATH"].includes(k))).toEqual([]);
  });

  it("uses Secure cookies when the public URL is https", () => {
    expect(parseEnv({ RAMPART_URL: "https://rampart.example.com/" })).toMatchObject({ secureCookies: true, publicUrl: "https://rampart.example.com" });
  });

  it("names every invalid variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", PORT: "70000", RAMPART_SECRET_KEY: "short", RAMPART_GITHUB_CLIENT_ID: "id" })).toThrowError(EnvError);
    try {
      parseEnv({ DATABASE_URL: "mysql://x", PORT: "70000", RAMPART_SECRET_KEY: "short", RAMPART_GITHUB_CLIENT_ID: "id" });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("DATABASE_URL: must be a postgres:// or postgresql:// connection string");
      expect(message).toContain("PORT:");
      expect(message).toContain("RAMPART_SECRET_KEY: must be at least 32 characters");
      expect(message).toContain("RAMPART_GITHUB_CLIENT_SECRET: set both RAMPART_GITHUB_CLIENT_ID and RAMPART_GITHUB_CLIENT_SECRET, or neither");
    }
  });

  it("configures only the sign-in providers that are complete", () => {
    const env = parseEnv({
      RAMPART_OIDC_ISSUER: "https://login.example.com",
      RAMPART_OIDC_CLIENT_ID: "rampart",
      RAMPART_OIDC_CLIENT_SECRET: "s3cret",
      RAMPART_GITLAB_CLIENT_ID: "g",
      RAMPART_GITLAB_CLIENT_SECRET: "h",
    });
    expect(Object.keys(env.oidc).sort()).toEqual(["gitlab", "oidc"]);
    expect(env.oidc.gitlab?.url).toBe("https://gitlab.com");
    expect(env.oidc.oidc?.name).toBe("Single sign-on");
  });
});
