/**
 * Agentless scanning against the SCM sandbox, with nothing stood in: connectors made
 * through the real OAuth flow, discovery, real git clones over HTTP with the connector's
 * token, the real scanners (ESLint, secretlint, Bandit) in their isolated process, and
 * ingestion into findings. Scans are run as their job runs them (runAgentlessScan), and
 * through the per-region worker where regions are the point.
 */
import { chmod, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as scanNowRoute from "@/app/api/v1/repositories/[id]/scan/route";
import * as cancelRoute from "@/app/api/v1/scans/[id]/cancel/route";
import * as scansRoute from "@/app/api/v1/scans/route";
import * as scanningRoute from "@/app/api/connectors/[id]/scanning/route";
import * as connectorRoute from "@/app/api/connectors/[id]/route";
import { DEFAULT_SCANNING, type ScanningSettings } from "@/lib/schemas/connectors";
import { refreshAgentlessScanning } from "@/lib/server/agentless/agentless-schedule";
import { startAgentlessWorker, type AgentlessWorker } from "@/lib/server/agentless/agentless-worker";
import { runAgentlessScan } from "@/lib/server/agentless/run-agentless-scan";
import { db } from "@/lib/server/db/client";
import { runDiscovery } from "@/lib/server/discovery/run-discovery";
import { jobQueue } from "@/lib/server/jobs/job-queue";
import { authorize, contributor, createConnector, organizations, startSandboxForFile } from "./connector-flow";
import { userWithSession } from "./factories";
import { call } from "./http";

const sandbox = startSandboxForFile();

const ORG = "contoso-web";
const only = (...names: string[]): ScanningSettings => ({ ...DEFAULT_SCANNING, scopeMode: "INCLUSION", scopeEntries: names.map((n) => `${ORG}/${n}`), autodiscovery: false });

/** A GitHub connector on contoso-web with these scanning settings, discovered. */
async function discoveredConnector(name: string, scanning: ScanningSettings) {
  const flow = await contributor();
  const authorizationId = await authorize(flow, "GITHUB");
  const listed = (await organizations(flow, authorizationId)).json.organizations as { id: string; name: string }[];
  const connector = await createConnector(flow, "GITHUB", authorizationId, name, [listed.find((o) => o.name === ORG)!.id], { scanning });
  expect((await runDiscovery(connector.id, "created")).state).toBe("SUCCEEDED");
  return { flow, connector };
}

const repository = (connectorId: string, name: string) => db.repository.findFirstOrThrow({ where: { connectorId, name } });
const activeScan = (repositoryId: string) => db.scan.findFirstOrThrow({ where: { repositoryId, source: "AGENTLESS", state: { in: ["PENDING", "PROCESSING"] } } });

async function scanNow(repositoryId: string) {
  const scan = await activeScan(repositoryId);
  return { outcome: await runAgentlessScan(scan.id, { finalAttempt: true }), scan: await db.scan.findUniqueOrThrow({ where: { id: scan.id } }) };
}

async function leftoverClones(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((f) => f.startsWith("rampart-clone-") || f.startsWith("rampart-scan-"));
}

describe("agentless scanning", () => {
  it("after discovery, scans the repositories in scope and finds each scanner's problems down to the file and line; archived and over-1-GB ones are skipped with the reason", async () => {
    const before = await leftoverClones();
    const { connector } = await discoveredConnector("gh-agentless", only("checkout-api", "catalog-search", "recommendations-ml", "legacy-php-shop"));
    const queued = await refreshAgentlessScanning(connector.id, "discovery", { neverScannedOnly: true });
    expect(queued.queued).toBe(2);

    const big = await repository(connector.id, "recommendations-ml");
    expect(big).toMatchObject({ agentlessStatus: "SKIPPED", agentlessReason: expect.stringMatching(/^Larger than 1 GB \(1\.4 GB\): repositories over 1 GB are not scanned\.$/) });
    expect(await repository(connector.id, "legacy-php-shop")).toMatchObject({ agentlessStatus: "SKIPPED", agentlessReason: "Archived repositories are not scanned." });
    expect(await repository(connector.id, "storefront-web")).toMatchObject({ agentlessStatus: "SKIPPED", agentlessReason: expect.stringContaining("Out of the scanning scope") });

    for (const name of ["checkout-api", "catalog-search"]) {
      const r = await repository(connector.id, name);
      const { outcome, scan } = await scanNow(r.id);
      expect(outcome, `${name}: ${JSON.stringify(outcome)}`).toMatchObject({ state: "COMPLETE", commitSha: expect.stringMatching(/^[0-9a-f]{40}$/) });
      expect(scan).toMatchObject({ state: "COMPLETE", source: "AGENTLESS", trigger: "discovery", branch: r.defaultBranch, isolation: "network-namespace", error: null });
      const scanners = scan.scanners as { id: string; state: string; version: string | null; results: number }[];
      expect(Object.fromEntries(scanners.map((s) => [s.id, s.state]))).toEqual({
        eslint: "ran",
        bandit: "ran",
        checkov: "not-installed",
        "template-analyzer": "not-installed",
        secrets: "ran",
      });
      expect(scanners.filter((s) => s.state === "ran").every((s) => s.version && s.results > 0)).toBe(true);

      const findings = await db.finding.findMany({ where: { repositoryId: r.id, state: "OPEN" } });
      const tools = new Set(findings.map((f) => f.tool));
      expect(tools).toEqual(new Set(["ESLint", "secretlint", "Bandit"]));
      expect(findings.every((f) => f.category === "agentless" && f.path && !f.path.startsWith("/") && f.startLine && f.startLine > 0)).toBe(true);
      const after = await db.repository.findUniqueOrThrow({ where: { id: r.id } });
      expect(after).toMatchObject({ agentlessStatus: "SCANNED", agentlessReason: null, findingsOpen: findings.length, lastAgentlessScanAt: expect.any(Date) });
    }
    const checkout = await repository(connector.id, "checkout-api");
    const evalFinding = await db.finding.findFirst({ where: { repositoryId: checkout.id, tool: "ESLint", ruleId: { contains: "eval" } } });
    expect(evalFinding, "ESLint reports the eval of input").not.toBeNull();
    expect(await db.finding.count({ where: { repositoryId: checkout.id, tool: "secretlint", type: "SECRETS" } })).toBeGreaterThan(0);

    // The environment list's summary: scanned, skipped with reasons.
    const owner = await userWithSession({ role: "OWNER" });
    const view = await call(connectorRoute.GET, { path: `/api/connectors/${connector.id}`, params: { id: connector.id }, cookie: owner.cookie });
    const agentless = view.json.connector ? (view.json.connector as { agentless: Record<string, unknown> }).agentless : (view.json as { agentless: Record<string, unknown> }).agentless;
    expect(agentless).toMatchObject({ scanned: 2, failing: 0, lastScanAt: expect.any(String) });
    const reasons = (agentless.skipReasons as { reason: string; count: number }[]).map((r) => r.reason);
    expect(reasons).toEqual(expect.arrayContaining(["Archived repositories are not scanned.", expect.stringContaining("Larger than 1 GB")]));
    // Settings → Scans: each run with its scanners and versions, and what it reported by type and severity.
    const listed = await call(scansRoute.GET, { path: "/api/v1/scans?source=agentless&state=complete", cookie: owner.cookie });
    const runs = listed.json.items as { repository: { fullName: string }; results: number; scanners: { id: string; version: string | null }[]; resultsBy: { severity: Record<string, number>; type: Record<string, number> }; startedAt: string; completedAt: string }[];
    expect(runs.map((s) => s.repository.fullName).sort()).toEqual(["contoso-web/catalog-search", "contoso-web/checkout-api"]);
    for (const run of runs) {
      expect(Object.values(run.resultsBy.severity).reduce((a, b) => a + b, 0), JSON.stringify(run)).toBe(run.results);
      expect(run.resultsBy.type.CODE).toBeGreaterThan(0);
      expect(run.resultsBy.type.SECRETS).toBeGreaterThan(0);
      expect(run.scanners.find((s) => s.id === "eslint")!.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(Date.parse(run.completedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
    }
    expect(await leftoverClones(), "clones and scanner folders are removed").toEqual(before);
  });

  it("respects the exclusion list: the excluded repository is skipped, the others are queued", async () => {
    const { connector } = await discoveredConnector("gh-exclusion", { ...DEFAULT_SCANNING, scopeEntries: [`${ORG}/checkout-api`] });
    await refreshAgentlessScanning(connector.id, "discovery", { neverScannedOnly: true });
    const excluded = await repository(connector.id, "checkout-api");
    expect(excluded).toMatchObject({ agentlessStatus: "SKIPPED", agentlessReason: expect.stringContaining("Out of the scanning scope") });
    expect(await db.scan.count({ where: { repositoryId: excluded.id } })).toBe(0);
    expect(await db.scan.count({ where: { repository: { connectorId: connector.id }, source: "AGENTLESS", state: "PENDING" } })).toBeGreaterThan(20);
  });

  it("a scanner turned off stops: its open findings become not scanned and leave the counts; turned on again, they come back", async () => {
    const { connector, flow } = await discoveredConnector("gh-scanner-off", only("checkout-api"));
    await refreshAgentlessScanning(connector.id, "discovery", { neverScannedOnly: true });
    const r = await repository(connector.id, "checkout-api");
    await scanNow(r.id);
    const eslint = await db.finding.count({ where: { repositoryId: r.id, tool: "ESLint", state: "OPEN" } });
    const total = (await db.repository.findUniqueOrThrow({ where: { id: r.id } })).findingsOpen;
    expect(eslint).toBeGreaterThan(0);

    const settings = { ...only("checkout-api"), scanners: ["bandit", "secrets"] };
    const off = await call(scanningRoute.PATCH, { method: "PATCH", path: `/api/connectors/${connector.id}/scanning`, params: { id: connector.id }, cookie: flow.cookie, body: settings });
    expect(off.status, off.json?.detail).toBe(200);
    expect(await db.finding.count({ where: { repositoryId: r.id, tool: "ESLint", state: "NOT_SCANNED" } })).toBe(eslint);
    expect((await db.repository.findUniqueOrThrow({ where: { id: r.id } })).findingsOpen).toBe(total - eslint);
    expect(await db.findingEvent.count({ where: { kind: "NOT_SCANNED", finding: { repositoryId: r.id } } })).toBe(eslint);

    // Scan now (a Security Admin): ESLint does not run, its findings stay out of the counts, not Fixed.
    const admin = await userWithSession({ role: "SECURITY_ADMIN" });
    const queued = await call(scanNowRoute.POST, { method: "POST", path: `/api/v1/repositories/${r.id}/scan`, params: { id: r.id }, cookie: admin.cookie });
    expect(queued.status, queued.json?.detail).toBe(202);
    const second = await scanNow(r.id);
    expect(second.scan.trigger).toBe("manual");
    expect((second.scan.scanners as { id: string }[]).map((s) => s.id)).toEqual(["bandit", "secrets"]);
    expect(await db.finding.count({ where: { repositoryId: r.id, tool: "ESLint", state: "NOT_SCANNED" } })).toBe(eslint);
    expect(await db.finding.count({ where: { repositoryId: r.id, tool: "ESLint", state: "FIXED" } })).toBe(0);

    const on = await call(scanningRoute.PATCH, { method: "PATCH", path: `/api/connectors/${connector.id}/scanning`, params: { id: connector.id }, cookie: flow.cookie, body: only("checkout-api") });
    expect(on.status).toBe(200);
    await call(scanNowRoute.POST, { method: "POST", path: `/api/v1/repositories/${r.id}/scan`, params: { id: r.id }, cookie: admin.cookie });
    await scanNow(r.id);
    expect(await db.finding.count({ where: { repositoryId: r.id, tool: "ESLint", state: "OPEN" } })).toBe(eslint);
    expect((await db.repository.findUniqueOrThrow({ where: { id: r.id } })).findingsOpen).toBe(total);
  });

  it("Scan now is refused with the reason for a repository that is not scanned, and to a reader", async () => {
    const { connector } = await discoveredConnector("gh-refused", only("checkout-api"));
    const big = await repository(connector.id, "recommendations-ml");
    const admin = await userWithSession({ role: "SECURITY_ADMIN" });
    const refused = await call(scanNowRoute.POST, { method: "POST", path: `/api/v1/repositories/${big.id}/scan`, params: { id: big.id }, cookie: admin.cookie });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toBe("contoso-web/recommendations-ml is not scanned: Out of the scanning scope chosen for its DevOps environment (inclusion or exclusion list, or autodiscovery off).");
    const reader = await userWithSession({ role: "SECURITY_READER" });
    const checkout = await repository(connector.id, "checkout-api");
    expect((await call(scanNowRoute.POST, { method: "POST", path: `/api/v1/repositories/${checkout.id}/scan`, params: { id: checkout.id }, cookie: reader.cookie })).status).toBe(403);
  });

  it("a failing scanner fails its part of the run visibly, and the other scanners' results are kept", async () => {
    // A Checkov that is installed but breaks: the scan completes with the others' findings, and says what failed.
    const bin = await mkdtemp(path.join(tmpdir(), "rampart-fake-checkov-"));
    await writeFile(path.join(bin, "checkov"), `#!/bin/sh\nif [ "$1" = "--version" ]; then echo 3.2.0; exit 0; fi\necho "checkov: parser crashed" >&2\nexit 2\n`);
    await chmod(path.join(bin, "checkov"), 0o755);
    const PATH = process.env.PATH;
    process.env.PATH = `${bin}:${PATH}`;
    try {
      const { connector } = await discoveredConnector("gh-failing", only("infra-terraform"));
      await refreshAgentlessScanning(connector.id, "discovery", { neverScannedOnly: true });
      const r = await repository(connector.id, "infra-terraform");
      const { outcome, scan } = await scanNow(r.id);
      expect(outcome.state).toBe("COMPLETE");
      const byId = Object.fromEntries((scan.scanners as { id: string; state: string; error?: string }[]).map((s) => [s.id, s]));
      expect(byId.checkov, JSON.stringify(byId.checkov)).toMatchObject({ state: "failed", error: expect.stringContaining("parser crashed") });
      expect(byId.eslint!.state).toBe("ran");
      expect(scan.error).toMatch(/^Checkov: /);
      expect(await db.repository.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ agentlessStatus: "FAILING", agentlessReason: expect.stringMatching(/^Checkov: /) });
      expect(await db.finding.count({ where: { repositoryId: r.id, tool: { in: ["ESLint", "secretlint", "Bandit"] }, state: "OPEN" } })).toBeGreaterThan(0);
    } finally {
      process.env.PATH = PATH;
    }
  });

  it("a clone the provider refuses is retried, and on the last attempt fails the scan with the reason", async () => {
    const { connector } = await discoveredConnector("gh-clone-fails", only("checkout-api"));
    await refreshAgentlessScanning(connector.id, "discovery", { neverScannedOnly: true });
    const r = await repository(connector.id, "checkout-api");
    await sandbox().control.failClone("github", { organization: ORG, name: "checkout-api" }, { status: 500 });
    const scan = await activeScan(r.id);
    await expect(runAgentlessScan(scan.id)).rejects.toThrow(/Could not clone/);
    expect(await db.scan.findUniqueOrThrow({ where: { id: scan.id } })).toMatchObject({ state: "PENDING", error: expect.stringContaining("tried again") });
    expect(await runAgentlessScan(scan.id, { finalAttempt: true })).toMatchObject({ state: "FAILED", error: expect.stringMatching(/^Could not clone .*checkout-api\.git \(branch main\): /) });
    expect(await db.repository.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ agentlessStatus: "FAILING", agentlessReason: expect.stringContaining("Could not clone") });
    expect(await db.finding.count({ where: { repositoryId: r.id } })).toBe(0);
  });

  it("a queued scan can be stopped; the scans list shows it cancelled", async () => {
    const { connector } = await discoveredConnector("gh-cancel", only("checkout-api"));
    await refreshAgentlessScanning(connector.id, "discovery", { neverScannedOnly: true });
    const r = await repository(connector.id, "checkout-api");
    const scan = await activeScan(r.id);
    const admin = await userWithSession({ role: "SECURITY_ADMIN" });
    const stopped = await call(cancelRoute.POST, { method: "POST", path: `/api/v1/scans/${scan.id}/cancel`, params: { id: scan.id }, cookie: admin.cookie });
    expect(stopped.status, stopped.json?.detail).toBe(200);
    expect(stopped.json.state).toBe("cancelled");
    expect(await runAgentlessScan(scan.id, { finalAttempt: true })).toEqual({ state: "CANCELLED" });
    const again = await call(cancelRoute.POST, { method: "POST", path: `/api/v1/scans/${scan.id}/cancel`, params: { id: scan.id }, cookie: admin.cookie });
    expect(again.status).toBe(409);
    const list = await call(scansRoute.GET, { path: "/api/v1/scans?state=cancelled&source=agentless", cookie: admin.cookie });
    expect(list.status).toBe(200);
    expect((list.json.items as { id: string; state: string; connector: { name: string } }[]).map((s) => [s.id, s.state, s.connector.name])).toEqual([[scan.id, "cancelled", "gh-cancel"]]);
  });

  it("a running scan stops within seconds when cancelled, and leaves no clone behind", async () => {
    const before = await leftoverClones();
    const { connector } = await discoveredConnector("gh-cancel-running", only("catalog-search"));
    await refreshAgentlessScanning(connector.id, "discovery", { neverScannedOnly: true });
    const r = await repository(connector.id, "catalog-search");
    const scan = await activeScan(r.id);
    const running = runAgentlessScan(scan.id, { finalAttempt: true });
    await expect.poll(async () => (await db.scan.findUniqueOrThrow({ where: { id: scan.id } })).state, { timeout: 10_000, interval: 50 }).toBe("PROCESSING");
    const admin = await userWithSession({ role: "SECURITY_ADMIN" });
    expect((await call(cancelRoute.POST, { method: "POST", path: `/api/v1/scans/${scan.id}/cancel`, params: { id: scan.id }, cookie: admin.cookie })).status).toBe(200);
    const outcome = await running;
    // The scan may have finished in the moment before the request: then it completed; otherwise it was stopped.
    expect(["CANCELLED", "COMPLETE"]).toContain(outcome.state);
    if (outcome.state === "CANCELLED") expect(await db.finding.count({ where: { repositoryId: r.id } })).toBe(0);
    expect(await leftoverClones()).toEqual(before);
  });
});

describe("agentless scan workers", () => {
  let workers: AgentlessWorker[] = [];
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
  });

  it("a worker takes only the jobs of the regions it serves", async () => {
    // Test connectors are in West Europe.
    const { connector } = await discoveredConnector("gh-regions", only("checkout-api"));
    await refreshAgentlessScanning(connector.id, "discovery", { neverScannedOnly: true });
    const r = await repository(connector.id, "checkout-api");
    const scan = await activeScan(r.id);
    const boss = await jobQueue();
    workers.push(await startAgentlessWorker(boss, { regions: ["eastus", "northeurope"], concurrency: 2, pollIntervalMs: 100 }));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await db.scan.findUniqueOrThrow({ where: { id: scan.id } })).state, "an East US / North Europe worker leaves it").toBe("PENDING");

    workers.push(await startAgentlessWorker(boss, { regions: ["westeurope"], concurrency: 1, pollIntervalMs: 100 }));
    await expect.poll(async () => (await db.scan.findUniqueOrThrow({ where: { id: scan.id } })).state, { timeout: 60_000, interval: 250 }).toBe("COMPLETE");
  });
});
