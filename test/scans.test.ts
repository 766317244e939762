/**
 * SARIF uploads through POST /api/v1/scans and their processing, against the real
 * database: what is accepted and stored, how results become findings (type, severity,
 * path, line, rule metadata), and the lifecycle across uploads (New, unchanged when code
 * moves, Fixed, Reopened, identical uploads changing nothing).
 */
import { gzipSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import * as scanRoute from "@/app/api/v1/scans/[id]/route";
import * as scansRoute from "@/app/api/v1/scans/route";
import type { ScanView } from "@/lib/schemas/scans";
import { db } from "@/lib/server/db/client";
import { takeParsedLog } from "@/lib/server/scans/parsed-log-handoff";
import { processScan } from "@/lib/server/scans/process-scan";
import type { SarifLog, SarifResult } from "@/lib/server/sarif/sarif-log";
import { makeApiToken, makeConnector, makeRepository, makeResourceGroup, makeSubscription, makeUser } from "./factories";
import { call } from "./http";

type World = { repositoryId: string; upload: string; read: string; otherUpload: string };
let world: World;

const REPO_URL = "https://github.example.test/contoso/storefront";

beforeEach(async () => {
  const subscription = await makeSubscription("Contoso");
  const group = await makeResourceGroup(subscription.id);
  const connector = await makeConnector(group.id, "contoso-gh");
  const other = await makeConnector(group.id, "fabrikam-gh");
  const repository = await makeRepository(connector.id, "storefront", { organizationName: "contoso", fullName: "contoso/storefront", url: REPO_URL });
  const admin = await makeUser({ role: "SECURITY_ADMIN" });
  world = {
    repositoryId: repository.id,
    upload: (await makeApiToken({ createdById: admin.id, permission: "UPLOAD", scopes: [{ type: "CONNECTOR", id: connector.id }] })).token,
    read: (await makeApiToken({ createdById: admin.id, permission: "READ" })).token,
    otherUpload: (await makeApiToken({ createdById: admin.id, permission: "UPLOAD", scopes: [{ type: "CONNECTOR", id: other.id }] })).token,
  };
});

const eslintResult = (ruleId: string, uri: string, line: number, extra: Partial<SarifResult> = {}): SarifResult => ({
  ruleId,
  message: { text: `${ruleId} at ${uri}` },
  locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line, startColumn: 5 } } }],
  partialFingerprints: { "rampartContent/v1": `${ruleId}|${uri}|code` },
  ...extra,
});

function eslintLog(results: SarifResult[], options: { repositoryUri?: string; revision?: string } = {}): SarifLog {
  return {
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "ESLint",
            version: "9.39.1",
            informationUri: "https://eslint.org",
            rules: [
              {
                id: "security/detect-eval-with-expression",
                shortDescription: { text: "Detects eval(variable), which can run attacker-controlled code" },
                helpUri: "https://github.com/eslint-community/eslint-plugin-security",
                help: { text: "Avoid eval.", markdown: "Avoid `eval`." },
                properties: { tags: ["security", "external/cwe/cwe-095"], "security-severity": "9.3" },
              },
              { id: "no-unsafe-regex", shortDescription: { text: "Unsafe regular expression" }, defaultConfiguration: { level: "warning" } },
            ],
          },
        },
        results,
        versionControlProvenance: options.repositoryUri ? [{ repositoryUri: options.repositoryUri, revisionId: options.revision ?? "abc123", branch: "main" }] : undefined,
      },
    ],
  };
}

async function upload(log: unknown, options: { token?: string; query?: string; gzip?: boolean; contentType?: string } = {}) {
  const text = typeof log === "string" ? log : JSON.stringify(log);
  const body = options.gzip ? gzipSync(text) : text;
  return call(scansRoute.POST, {
    method: "POST",
    path: `/api/v1/scans${options.query ?? `?repository=${encodeURIComponent(REPO_URL)}`}`,
    body: typeof body === "string" ? body : new Uint8Array(body),
    headers: {
      authorization: `Bearer ${options.token ?? world.upload}`,
      "content-type": options.contentType ?? "application/sarif+json",
      ...(options.gzip ? { "content-encoding": "gzip" } : {}),
    },
  });
}

async function scanStatus(id: string, token = world.upload) {
  return call(scanRoute.GET, { path: `/api/v1/scans/${id}`, params: { id }, headers: { authorization: `Bearer ${token}` } });
}

/** Upload, process as the worker would, and answer the scan as the API shows it. */
async function uploadAndProcess(log: unknown, options: Parameters<typeof upload>[1] = {}): Promise<ScanView> {
  const accepted = await upload(log, options);
  expect(accepted.status, accepted.json?.detail).toBe(202);
  const id = accepted.json.id as string;
  await processScan(id);
  const status = await scanStatus(id);
  expect(status.status).toBe(200);
  return status.json as unknown as ScanView;
}

const openFindings = () =>
  db.finding.findMany({ where: { repositoryId: world.repositoryId, state: "OPEN" }, orderBy: [{ path: "asc" }, { startLine: "asc" }] });

describe("POST /api/v1/scans", () => {
  it("accepts a log, answers 202 with the scan's address, and is pending until processed", async () => {
    const accepted = await upload(eslintLog([eslintResult("no-unsafe-regex", "src/a.js", 3)]));
    expect(accepted.status).toBe(202);
    expect(accepted.json).toMatchObject({ state: "pending", url: `/api/v1/scans/${accepted.json.id}` });
    expect(accepted.headers.get("location")).toBe(`/api/v1/scans/${accepted.json.id}`);

    const pending = await scanStatus(accepted.json.id as string);
    expect(pending.json).toMatchObject({ state: "pending", counts: null, repository: { id: world.repositoryId, fullName: "contoso/storefront" } });
    expect(await openFindings()).toHaveLength(0);

    await processScan(accepted.json.id as string);
    const done = await scanStatus(accepted.json.id as string);
    expect(done.json).toMatchObject({ state: "complete", counts: { new: 1, unchanged: 0, fixed: 0, reopened: 0 }, error: null });
    const stored = await db.scan.findUniqueOrThrow({ where: { id: accepted.json.id as string } });
    expect(stored.payload).toBeNull();
  });

  it("turns results into findings with type, severity and its reason, path, line and rule metadata", async () => {
    const scan = await uploadAndProcess(
      eslintLog([eslintResult("security/detect-eval-with-expression", "file:///home/runner/work/storefront/src/server/run.js", 12), eslintResult("no-unsafe-regex", "src/a.js", 3)]),
      { query: `?repository=${encodeURIComponent(REPO_URL)}&commit=deadbeef&branch=main&checkoutUri=${encodeURIComponent("file:///home/runner/work/storefront")}` },
    );
    expect(scan).toMatchObject({ commit: "deadbeef", branch: "main", tools: [{ name: "ESLint", version: "9.39.1", type: "CODE", results: 2 }] });

    const findings = await openFindings();
    expect(findings.map((f) => [f.path, f.startLine, f.type, f.severity, f.tool, f.ruleId])).toEqual([
      ["src/a.js", 3, "CODE", "MEDIUM", "ESLint", "no-unsafe-regex"],
      ["src/server/run.js", 12, "CODE", "CRITICAL", "ESLint", "security/detect-eval-with-expression"],
    ]);
    expect(findings[1]!.severityReason).toBe("security-severity 9.3 on rule security/detect-eval-with-expression → Critical");
    expect(findings[1]!.title).toBe("Detects eval(variable), which can run attacker-controlled code");

    const rule = await db.rule.findUniqueOrThrow({ where: { tool_ruleId: { tool: "ESLint", ruleId: "security/detect-eval-with-expression" } } });
    expect(rule).toMatchObject({ helpMarkdown: "Avoid `eval`.", cwes: ["CWE-95"], securitySeverity: 9.3 });

    const repository = await db.repository.findUniqueOrThrow({ where: { id: world.repositoryId } });
    expect(repository).toMatchObject({ findingsOpen: 2, findingsCritical: 1, findingsMedium: 1, findingsCode: 2 });
    expect(repository.lastScanAt).not.toBeNull();
    // Detection is the finding's own record (first seen, by which scan); events are what changed since.
    expect(findings.map((f) => f.firstSeenScanId)).toEqual([scan.id, scan.id]);
    expect(await db.findingEvent.count()).toBe(0);
  });

  it("keeps a rule's help when a later log of the same tool describes the rule without it", async () => {
    await uploadAndProcess(eslintLog([eslintResult("security/detect-eval-with-expression", "src/a.js", 12)]), { query: `?repository=${encodeURIComponent(REPO_URL)}` });
    const bare = eslintLog([eslintResult("security/detect-eval-with-expression", "src/a.js", 12)]);
    bare.runs[0]!.tool.driver.rules = [{ id: "security/detect-eval-with-expression", shortDescription: { text: "Detects eval(variable)" } }];
    await uploadAndProcess(bare, { query: `?repository=${encodeURIComponent(REPO_URL)}&category=agentless` });
    const rule = await db.rule.findUniqueOrThrow({ where: { tool_ruleId: { tool: "ESLint", ruleId: "security/detect-eval-with-expression" } } });
    expect(rule).toMatchObject({ shortDescription: "Detects eval(variable)", helpMarkdown: "Avoid `eval`.", cwes: ["CWE-95"], securitySeverity: 9.3 });
  });

  it("finds the repository from the log's versionControlProvenance, and accepts gzip", async () => {
    const scan = await uploadAndProcess(eslintLog([eslintResult("no-unsafe-regex", "src/a.js", 3)], { repositoryUri: `${REPO_URL}.git`, revision: "cafe" }), {
      query: "",
      gzip: true,
    });
    expect(scan).toMatchObject({ state: "complete", commit: "cafe", branch: "main", repository: { id: world.repositoryId } });
  });

  it("names the repository form provider/organization/name", async () => {
    const scan = await uploadAndProcess(eslintLog([]), { query: "?repository=github/Contoso/Storefront" });
    expect(scan.repository.id).toBe(world.repositoryId);
  });
});

describe("the lifecycle across uploads", () => {
  const a = eslintResult("no-unsafe-regex", "src/a.js", 3);
  const b = eslintResult("security/detect-eval-with-expression", "src/b.js", 10);

  it("marks a result no longer reported Fixed, and Reopened when it returns, keeping one finding and its history", async () => {
    await uploadAndProcess(eslintLog([a, b]));
    const second = await uploadAndProcess(eslintLog([a]));
    expect(second.counts).toEqual({ new: 0, unchanged: 1, fixed: 1, reopened: 0 });
    const fixed = await db.finding.findFirstOrThrow({ where: { repositoryId: world.repositoryId, path: "src/b.js" } });
    expect(fixed.state).toBe("FIXED");
    expect((await db.repository.findUniqueOrThrow({ where: { id: world.repositoryId } })).findingsOpen).toBe(1);

    const third = await uploadAndProcess(eslintLog([a, b]));
    expect(third.counts).toEqual({ new: 0, unchanged: 1, fixed: 0, reopened: 1 });
    const reopened = await db.finding.findUniqueOrThrow({ where: { id: fixed.id }, include: { events: { orderBy: { at: "asc" } } } });
    expect(reopened.state).toBe("OPEN");
    expect(reopened.events.map((e) => [e.kind, e.scanId])).toEqual([
      ["FIXED", second.id],
      ["REOPENED", third.id],
    ]);
    expect(reopened.reopenedScanId).toBe(third.id);
    expect(await db.finding.count({ where: { repositoryId: world.repositoryId } })).toBe(2);
  });

  it("keeps the finding when its code moves down the file, and follows its new line", async () => {
    await uploadAndProcess(eslintLog([a]));
    const moved = await uploadAndProcess(eslintLog([{ ...a, locations: [{ physicalLocation: { artifactLocation: { uri: "src/a.js" }, region: { startLine: 40 } } }] }]));
    expect(moved.counts).toEqual({ new: 0, unchanged: 1, fixed: 0, reopened: 0 });
    const [finding] = await openFindings();
    expect(finding!.startLine).toBe(40);
  });

  it("changes nothing when the same file is uploaded twice", async () => {
    const log = eslintLog([a, b]);
    await uploadAndProcess(log);
    await uploadAndProcess(eslintLog([a]));
    await uploadAndProcess(log);
    const before = await db.finding.findMany({ orderBy: { id: "asc" } });
    const eventsBefore = await db.findingEvent.count();
    const again = await uploadAndProcess(log);
    expect(again.counts).toEqual({ new: 0, unchanged: 2, fixed: 0, reopened: 0 });
    expect(again.tools[0]).toMatchObject({ duplicate: true });
    expect(await db.finding.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    expect(await db.findingEvent.count()).toBe(eventsBefore);
  });

  it("keeps two identical results in one file apart, and never merges identical results of two files", async () => {
    const twin = { ...a, partialFingerprints: { "rampartContent/v1": "same-code" } };
    const scan = await uploadAndProcess(
      eslintLog([twin, { ...twin, locations: [{ physicalLocation: { artifactLocation: { uri: "src/a.js" }, region: { startLine: 9 } } }] }, { ...twin, locations: [{ physicalLocation: { artifactLocation: { uri: "src/other.js" }, region: { startLine: 3 } } }] }]),
    );
    expect(scan.counts).toMatchObject({ new: 3 });
    const findings = await openFindings();
    expect(findings.map((f) => [f.path, f.startLine, f.occurrence])).toEqual([
      ["src/a.js", 3, 1],
      ["src/a.js", 9, 2],
      ["src/other.js", 3, 1],
    ]);
  });

  it("replaces only the results of the same tool and category", async () => {
    await uploadAndProcess(eslintLog([a]), { query: `?repository=${encodeURIComponent(REPO_URL)}&category=frontend` });
    const backend = await uploadAndProcess(eslintLog([b]), { query: `?repository=${encodeURIComponent(REPO_URL)}&category=backend` });
    expect(backend.counts).toEqual({ new: 1, unchanged: 0, fixed: 0, reopened: 0 });
    expect(await openFindings()).toHaveLength(2);
  });

  it("uses a finding-type category as the type", async () => {
    await uploadAndProcess(eslintLog([a]), { query: `?repository=${encodeURIComponent(REPO_URL)}&category=secrets` });
    const [finding] = await openFindings();
    expect(finding!.type).toBe("SECRETS");
  });
});

describe("a processing failure", () => {
  it("fails the scan with its reason and writes no findings", async () => {
    await uploadAndProcess(eslintLog([eslintResult("no-unsafe-regex", "src/a.js", 3)]));
    const accepted = await upload(eslintLog([eslintResult("no-unsafe-regex", "src/b.js", 4)]));
    const id = accepted.json.id as string;
    // As if another worker process picked it up (nothing handed over in memory) and the stored copy were damaged.
    takeParsedLog(id);
    await db.scan.update({ where: { id }, data: { payload: new Uint8Array([1, 2, 3, 4]) } });
    expect(await processScan(id)).toBe("FAILED");
    const failed = (await scanStatus(id)).json as unknown as ScanView;
    expect(failed).toMatchObject({ state: "failed", counts: null });
    expect(failed.error).toBe("The stored log could not be read (incorrect header check); upload it again.");
    expect((await openFindings()).map((f) => f.path)).toEqual(["src/a.js"]);
    // Delivered again (a retry), a finished scan is left alone.
    expect(await processScan(id)).toBe("SKIPPED");
  });
});

describe("GET /api/v1/scans/{id}", () => {
  it("answers a read token in scope, and 404 outside the scope or for unknown ids", async () => {
    const accepted = await upload(eslintLog([a()]));
    const id = accepted.json.id as string;
    expect((await scanStatus(id, world.read)).status).toBe(200);
    expect((await scanStatus(id, world.otherUpload)).status).toBe(404);
    expect((await scanStatus("00000000-0000-0000-0000-000000000000")).status).toBe(404);
    expect((await scanStatus("not-a-uuid")).status).toBe(404);
  });
  const a = () => eslintResult("no-unsafe-regex", "src/a.js", 3);
});
