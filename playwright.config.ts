import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against the production build, served by `npm start` exactly as a
 * user runs it. Two servers, each with its own embedded PostgreSQL in a fresh
 * temporary folder:
 *   - demo      (port 3210): demo mode, the five demo accounts and two subscriptions;
 *   - first-run (port 3211): demo off, no user yet, so the console starts at /setup.
 * Plus a test OpenID Connect issuer (e2e/support/oidc-issuer.mjs, port 3212) that the
 * demo server offers as "Test SSO" (e2e/oidc.spec.ts).
 * `npm run test:e2e` builds first, so neither server has to.
 */

/** RAMPART_E2E_PORT_BASE moves all three (two checkouts can run their suites side by side). */
const PORT_BASE = Number(process.env.RAMPART_E2E_PORT_BASE ?? 3210);
const DEMO_PORT = PORT_BASE;
const FIRST_RUN_PORT = PORT_BASE + 1;
const OIDC_PORT = PORT_BASE + 2;
const DEMO_URL = `http://127.0.0.1:${DEMO_PORT}`;
const FIRST_RUN_URL = `http://127.0.0.1:${FIRST_RUN_PORT}`;
const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
const RUN_DIR_PREFIX = "rampart-e2e-";

/** Whether a process is alive (signal 0 only checks). */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The PostgreSQL postmaster of a data folder, if one is still running from it. */
function postgresStillRunning(serverDir: string): boolean {
  try {
    const pid = Number(readFileSync(path.join(serverDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
    return alive(pid);
  } catch {
    return false;
  }
}

/** Data folders of earlier runs whose test runner and databases are gone. */
function removeStaleRunDirs(keep: string): void {
  let entries: string[];
  try {
    entries = readdirSync(os.tmpdir());
  } catch {
    return;
  }
  for (const name of entries) {
    const match = new RegExp(`^${RUN_DIR_PREFIX}\\d+-(\\d+)$`).exec(name);
    const dir = path.join(os.tmpdir(), name);
    if (!match || dir === keep || alive(Number(match[1]))) continue;
    if (["demo", "fresh"].some((server) => postgresStillRunning(path.join(dir, server)))) continue;
    rmSync(dir, { recursive: true, force: true });
  }
}

// The runner process picks the folder once; its workers load this file again and
// inherit the same value through the environment.
const isRunner = process.env.TEST_WORKER_INDEX === undefined;
const runDir = (process.env.RAMPART_E2E_RUN_DIR ??= path.join(os.tmpdir(), `${RUN_DIR_PREFIX}${Date.now()}-${process.pid}`));
if (isRunner) removeStaleRunDirs(runDir);

/** Nothing from the caller's shell may point a test server at a real database or URL. */
const isolated = {
  DATABASE_URL: "",
  RAMPART_SECRET_KEY: "",
  RAMPART_TRUST_PROXY: "0",
  HOST: "127.0.0.1",
  ...Object.fromEntries(
    ["ENTRA_CLIENT_ID", "ENTRA_CLIENT_SECRET", "ENTRA_TENANT_ID", "GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "GITLAB_CLIENT_ID", "GITLAB_CLIENT_SECRET", "GITLAB_URL", "OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_NAME"].map((k) => [`RAMPART_${k}`, ""]),
  ),
};

/**
 * A Rampart server. RAMPART_URL is the address the tests browse, so that next-auth's
 * redirects and callback URLs stay on it (its default is http://localhost:PORT).
 */
const server = (name: string, baseURL: string, env: Record<string, string>) => ({
  name,
  command: "npm start",
  url: `${baseURL}/api/health`,
  env: { ...isolated, RAMPART_URL: baseURL, PORT: new URL(baseURL).port, ...env },
  reuseExistingServer: false,
  timeout: 180_000,
  stdout: "pipe" as const,
  stderr: "pipe" as const,
  // Lets `npm start` stop Next and then its PostgreSQL cleanly.
  gracefulShutdown: { signal: "SIGTERM" as const, timeout: 20_000 },
});

/** The test OpenID Connect issuer, and the demo server's settings to use it (client as in the script). */
const oidcIssuer = {
  name: "oidc",
  command: `node e2e/support/oidc-issuer.mjs ${OIDC_PORT} ${DEMO_URL}`,
  url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
  reuseExistingServer: false,
  timeout: 30_000,
  stdout: "pipe" as const,
  stderr: "pipe" as const,
};
const OIDC_SETTINGS = {
  RAMPART_OIDC_ISSUER: OIDC_ISSUER,
  RAMPART_OIDC_CLIENT_ID: "rampart-e2e",
  RAMPART_OIDC_CLIENT_SECRET: "rampart-e2e-secret",
  RAMPART_OIDC_NAME: "Test SSO",
};

const systemChromium = "/usr/bin/chromium";
const launchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  forbidOnly: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    ...devices["Desktop Chrome"],
    trace: "retain-on-failure",
    launchOptions,
  },
  webServer: [
    oidcIssuer,
    // One agentless scan at a time: the demo environments and the wizard's connectors are scanned while the browser tests run.
    server("demo", DEMO_URL, { RAMPART_DATA_DIR: path.join(runDir, "demo"), RAMPART_DEMO: "1", RAMPART_SCAN_CONCURRENCY: "1", ...OIDC_SETTINGS }),
    server("first-run", FIRST_RUN_URL, { RAMPART_DATA_DIR: path.join(runDir, "fresh"), RAMPART_DEMO: "0" }),
  ],
  projects: [
    {
      name: "demo",
      testIgnore: /first-run\.spec\.ts$/,
      use: { baseURL: DEMO_URL },
    },
    {
      name: "first-run",
      testMatch: /first-run\.spec\.ts$/,
      use: { baseURL: FIRST_RUN_URL },
    },
  ],
});
