import { execFileSync, spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { connectSandboxControl } from "../sandbox/index";
import { apiAs, connectSandboxOrganization, DEMO_ACCOUNTS } from "./fixtures";

/**
 * The pipeline story, end to end against the running demo server: a Security Admin
 * creates an upload token for an environment; `rampart scan --upload` (the real
 * command, the real scanners) scans a checkout of one of its repositories and uploads;
 * the findings are counted on the repository; a second upload changes nothing and
 * --fail-on high fails the build; a revoked token makes the upload fail with exit 3.
 * The repository is an inventory repository of a sandbox GitHub organization made for
 * this run, so no other spec holds it.
 */

const stamp = Date.now().toString(36).slice(-5);
const ORG = `cli-${stamp}`;
const REPOSITORY = "payments-service";
const CONNECTOR = `gh-cli-${stamp}`;
const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "bin/rampart.mjs");
const SAMPLE = path.join(ROOT, "test/fixtures/vulnerable-sample");

type Run = { code: number | null; stdout: string; stderr: string };

/** The command, as a pipeline runs it: no CI variables but those given, nothing of this shell's Rampart settings. */
function rampart(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<Run> {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(GITHUB_|GITLAB_|CI_|BUILD_|SYSTEM_|TF_BUILD|RAMPART_|DATABASE_URL)/.test(key)) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...env, ...options.env }, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

type ScanReport = {
  repository: string;
  counts: { total: number; bySeverity: Record<string, number>; byType: Record<string, number> };
  failing: number;
  upload: { id: string; state: string; repository: { id: string; fullName: string }; counts: { new: number; unchanged: number; fixed: number; reopened: number } } | null;
};

let checkout: string;
let repositoryId: string;
let repositoryUrl: string;
let uploadToken: { id: string; token: string };
let readToken: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(120_000);
  const admin = await apiAs(baseURL, DEMO_ACCOUNTS.admin);
  try {
    // The sandbox demo mode runs: its GitHub host says where.
    const { hosts } = (await (await admin.get("/api/connector-hosts")).json()) as { hosts: { provider: string; isSandbox: boolean; webUrl: string }[] };
    const github = hosts.find((h) => h.provider === "GITHUB" && h.isSandbox);
    expect(github, "demo mode offers the sandbox's GitHub").toBeDefined();
    await connectSandboxControl(new URL(github!.webUrl).origin).addOrganization("github", { name: ORG, repositories: [REPOSITORY] });
    const connectorId = await connectSandboxOrganization(baseURL, DEMO_ACCOUNTS.contributor, {
      provider: "GITHUB",
      organization: ORG,
      name: CONNECTOR,
      subscription: "Contoso Development",
      resourceGroup: "sandbox",
    });

    // Discovery (npm start's worker) puts the repository in the inventory.
    await expect(async () => {
      const page = await admin.get(`/api/v1/repositories?connector=${connectorId}`);
      const { items } = (await page.json()) as { items: { id: string; name: string; url: string }[] };
      const found = items.find((r) => r.name === REPOSITORY);
      expect(found).toBeDefined();
      repositoryId = found!.id;
      repositoryUrl = found!.url;
    }).toPass({ timeout: 60_000 });

    const create = async (permission: "UPLOAD" | "READ") => {
      const response = await admin.post("/api/api-tokens", {
        data: { name: `cli ${permission.toLowerCase()} ${stamp}`, permission, scopes: [{ type: "CONNECTOR", id: connectorId }], expiresInDays: 1 },
      });
      expect(response.status(), await response.text()).toBe(201);
      const body = (await response.json()) as { token: string; apiToken: { id: string } };
      return { id: body.apiToken.id, token: body.token };
    };
    uploadToken = await create("UPLOAD");
    readToken = (await create("READ")).token;
  } finally {
    await admin.dispose();
  }

  // A checkout of the repository: the vulnerable sample, its origin the repository's address.
  checkout = path.join(await mkdtemp(path.join(tmpdir(), "rampart-e2e-cli-")), REPOSITORY);
  await cp(SAMPLE, checkout, { recursive: true });
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=ci@example.test", "-c", "user.name=CI", ...args], { cwd: checkout });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "sample");
  git("remote", "add", "origin", `${repositoryUrl}.git`);
});

test.afterAll(async () => {
  if (checkout) await rm(path.dirname(checkout), { recursive: true, force: true });
});

const repositoryFindings = async (request: import("@playwright/test").APIRequestContext) => {
  const response = await request.get(`/api/v1/repositories/${repositoryId}`, { headers: { authorization: `Bearer ${readToken}` } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { findings: { total: number; bySeverity: Record<string, number>; byType: Record<string, number> } }).findings;
};

test("rampart scan --upload scans a checkout, uploads it, and the repository counts its findings", async ({ baseURL, request }) => {
  test.setTimeout(120_000);
  const env = { RAMPART_URL: baseURL!, RAMPART_TOKEN: uploadToken.token };

  const first = await rampart(["scan", "--upload", "--fail-on", "critical", "--format", "json"], { cwd: checkout, env });

  expect(first.code, first.stderr).toBe(0);
  const report = JSON.parse(first.stdout) as ScanReport;
  expect(report.repository).toBe(`${repositoryUrl}.git`);
  expect(report.counts.byType.secrets).toBe(2);
  expect(report.counts.byType.code).toBeGreaterThanOrEqual(9);
  expect(report.upload).toMatchObject({ state: "complete", repository: { id: repositoryId }, counts: { new: report.counts.total, unchanged: 0, fixed: 0, reopened: 0 } });
  expect(first.stderr).toContain(`rampart: Rampart processed scan ${report.upload!.id} for ${report.upload!.repository.fullName}: ${report.counts.total} new, 0 unchanged, 0 fixed, 0 reopened`);

  const findings = await repositoryFindings(request);
  expect(findings).toMatchObject({
    total: report.counts.total,
    bySeverity: { CRITICAL: 0, HIGH: report.counts.bySeverity.high, MEDIUM: report.counts.bySeverity.medium, LOW: report.counts.bySeverity.low },
    byType: { CODE: report.counts.byType.code, SECRETS: 2 },
  });
});

test("the same scan again changes nothing, and --fail-on high fails the build with exit 1", async ({ baseURL, request }) => {
  test.setTimeout(120_000);
  const run = await rampart(["scan", "--upload", "--fail-on", "high"], { cwd: checkout, env: { RAMPART_URL: baseURL!, RAMPART_TOKEN: uploadToken.token } });

  expect(run.code, run.stderr).toBe(1);
  expect(run.stdout).toMatch(/^--fail-on high: \d+ findings at or above High: failing \(exit 1\)\.$/m);
  expect(run.stderr).toMatch(/rampart: Rampart processed scan [0-9a-f-]{36} for [^:]+: 0 new, \d+ unchanged, 0 fixed, 0 reopened\n/);
  expect((await repositoryFindings(request)).byType.SECRETS).toBe(2);
});

test("a later scan with one issue fixed in the code marks its findings Fixed", async ({ baseURL, request }) => {
  test.setTimeout(120_000);
  const before = await repositoryFindings(request);
  // The fix: no eval of a query parameter any more.
  const server = path.join(checkout, "server.js");
  await writeFile(server, (await readFile(server, "utf8")).replace("const result = eval(expression);", "const result = Number(expression);"));
  execFileSync("git", ["-c", "user.email=ci@example.test", "-c", "user.name=CI", "commit", "-q", "-am", "fix eval"], { cwd: checkout });

  const run = await rampart(["scan", "--upload", "--format", "json"], { cwd: checkout, env: { RAMPART_URL: baseURL!, RAMPART_TOKEN: uploadToken.token } });

  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as ScanReport;
  // Two rules flagged that line (ESLint's no-eval and eslint-plugin-security's eval rule): both are fixed, nothing else moves.
  expect(report.upload?.counts).toMatchObject({ new: 0, fixed: 2, reopened: 0 });
  expect((await repositoryFindings(request)).total).toBe(before.total - 2);
  const fixed = await request.get(`/api/v1/repositories/${repositoryId}/findings?state=fixed`, { headers: { authorization: `Bearer ${readToken}` } });
  expect(fixed.status(), await fixed.text()).toBe(200);
  const { items } = (await fixed.json()) as { items: { ruleId: string; path: string; status: string }[] };
  expect(items.map((f) => [f.ruleId, f.path, f.status]).sort()).toEqual([
    ["no-eval", "server.js", "FIXED"],
    ["security/detect-eval-with-expression", "server.js", "FIXED"],
  ]);
});

test("upload --no-wait returns once accepted; with a revoked token, or for a repository outside the inventory, it fails with exit 3 and the server's reason", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const sarif = path.join(ROOT, "test/fixtures/sarif/secretlint.sarif");
  const env = { RAMPART_URL: baseURL!, RAMPART_TOKEN: uploadToken.token };

  const unknown = await rampart(["upload", sarif, "--repository", "github/nobody/nothing", "--quiet"], { cwd: checkout, env });
  expect(unknown.code, unknown.stderr).toBe(3);
  expect(unknown.stderr).toMatch(/^rampart: the upload failed: 404 Repository github\/nobody\/nothing .*was not found in the inventory/);

  // (--no-wait: accepted, left to Rampart to process.)
  const accepted = await rampart(["upload", sarif, "--no-wait", "--format", "json", "--quiet"], { cwd: checkout, env });
  expect(accepted.code, accepted.stderr).toBe(0);
  expect((JSON.parse(accepted.stdout) as ScanReport).upload).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), state: "pending" });

  const admin = await apiAs(baseURL, DEMO_ACCOUNTS.admin);
  expect((await admin.delete(`/api/api-tokens/${uploadToken.id}`)).status()).toBe(204);
  await admin.dispose();

  const revoked = await rampart(["upload", sarif, "--quiet"], { cwd: checkout, env });
  expect(revoked).toEqual({
    code: 3,
    stdout: "",
    stderr:
      "rampart: the upload failed: 401 The API token is not valid, has expired or was revoked. Check RAMPART_TOKEN: create a new token in Settings → API tokens if it expired or was revoked.\n",
  });
});
