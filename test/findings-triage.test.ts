/**
 * Triage of a repository's findings against the real database, with findings made by
 * uploading SARIF through POST /api/v1/scans and processing it as the worker does: the
 * list (filters, sort, pages, the New/Reopened/Active status, provider links), one
 * finding with its rule and history, dismissing and reopening (validation, all or
 * nothing, scope), dismissals across uploads, expiry, the repository's counters, and the
 * repository's scans.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as dismissRoute from "@/app/api/v1/findings/dismiss/route";
import * as findingRoute from "@/app/api/v1/findings/[id]/route";
import * as reopenRoute from "@/app/api/v1/findings/reopen/route";
import * as repositoryRoute from "@/app/api/v1/repositories/[id]/route";
import * as findingsRoute from "@/app/api/v1/repositories/[id]/findings/route";
import * as repositoryScansRoute from "@/app/api/v1/repositories/[id]/scans/route";
import * as scansRoute from "@/app/api/v1/scans/route";
import { findingDetail, findingListPage, triageResult, type FindingDetail, type FindingListItem, type FindingListPage } from "@/lib/schemas/finding-triage";
import { repositoryScanList } from "@/lib/schemas/scans";
import { db } from "@/lib/server/db/client";
import { lapseExpiredDismissals } from "@/lib/server/findings/lapse-expired-dismissals";
import type { SarifLog, SarifResult } from "@/lib/server/sarif/sarif-log";
import { processScan } from "@/lib/server/scans/process-scan";
import { makeApiToken, makeConnector, makeFinding, makeRepository, makeResourceGroup, makeSubscription, makeUser, signedInCookie, userWithSession } from "./factories";
import { call } from "./http";

const REPO_URL = "https://github.example.test/contoso/storefront";
const OTHER_URL = "https://github.example.test/fabrikam/billing";

interface World {
  repositoryId: string;
  otherRepositoryId: string;
  upload: string;
  otherUpload: string;
  read: string;
  admin: string;
  adminEmail: string;
  reader: string;
  /** Security Admin in Development (the other repository), Security Reader in Production. */
  mixed: string;
  /** Security Reader of Development only: Production's repository is not found for them. */
  devReader: string;
  /** Security Admin of Development only. */
  devAdmin: string;
}
let w: World;

beforeEach(async () => {
  const prod = await makeSubscription("Contoso Production");
  const dev = await makeSubscription("Contoso Development");
  const prodConnector = await makeConnector((await makeResourceGroup(prod.id, "prod-rg")).id, "contoso-gh");
  const devConnector = await makeConnector((await makeResourceGroup(dev.id, "dev-rg")).id, "fabrikam-gh");
  const repository = await makeRepository(prodConnector.id, "storefront", { organizationName: "contoso", fullName: "contoso/storefront", url: REPO_URL });
  const other = await makeRepository(devConnector.id, "billing", { organizationName: "fabrikam", fullName: "fabrikam/billing", url: OTHER_URL });
  const admin = await userWithSession({ role: "SECURITY_ADMIN" });
  const mixed = await makeUser({ role: "SECURITY_ADMIN", scope: { type: "SUBSCRIPTION", id: dev.id } });
  await db.roleAssignment.create({ data: { userId: mixed.id, role: "SECURITY_READER", scopeType: "SUBSCRIPTION", subscriptionId: prod.id } });
  w = {
    repositoryId: repository.id,
    otherRepositoryId: other.id,
    upload: (await makeApiToken({ createdById: admin.user.id, permission: "UPLOAD", scopes: [{ type: "CONNECTOR", id: prodConnector.id }] })).token,
    otherUpload: (await makeApiToken({ createdById: admin.user.id, permission: "UPLOAD", scopes: [{ type: "CONNECTOR", id: devConnector.id }] })).token,
    read: (await makeApiToken({ createdById: admin.user.id, permission: "READ" })).token,
    admin: admin.cookie,
    adminEmail: admin.user.email,
    reader: (await userWithSession({ role: "SECURITY_READER" })).cookie,
    mixed: await signedInCookie(mixed.id),
    devReader: (await userWithSession({ role: "SECURITY_READER", scope: { type: "SUBSCRIPTION", id: dev.id } })).cookie,
    devAdmin: (await userWithSession({ role: "SECURITY_ADMIN", scope: { type: "SUBSCRIPTION", id: dev.id } })).cookie,
  };
});

// ---------------------------------------------------------------------------------------
// Uploads

const result = (ruleId: string, uri: string, line: number, extra: Partial<SarifResult> = {}): SarifResult => ({
  ruleId,
  message: { text: `${ruleId} in ${uri}` },
  locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line, endLine: line + 2, snippet: { text: "eval(input)" } } } }],
  partialFingerprints: { "rampartContent/v1": `${ruleId}|${uri}` },
  ...extra,
});

function log(tool: string, results: SarifResult[]): SarifLog {
  return {
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: tool,
            version: "1.0.0",
            rules: [
              {
                id: "eval",
                name: "NoEval",
                shortDescription: { text: "eval runs attacker-controlled code" },
                fullDescription: { text: "Calling eval with user input lets an attacker run code." },
                helpUri: "https://example.test/rules/eval",
                help: { text: "Do not call eval.", markdown: "Do **not** call `eval`." },
                properties: { tags: ["security", "external/cwe/cwe-095"], "security-severity": "9.1" },
              },
              { id: "regex", shortDescription: { text: "Unsafe regular expression" }, defaultConfiguration: { level: "warning" } },
              { id: "todo", shortDescription: { text: "A note" }, defaultConfiguration: { level: "note" } },
            ],
          },
        },
        results,
      },
    ],
  };
}

async function uploadAndProcess(sarif: SarifLog, options: { repositoryUrl?: string; token?: string; commit?: string } = {}): Promise<void> {
  const query = new URLSearchParams({ repository: options.repositoryUrl ?? REPO_URL, ...(options.commit ? { commit: options.commit } : {}) });
  const accepted = await call(scansRoute.POST, {
    method: "POST",
    path: `/api/v1/scans?${query}`,
    body: JSON.stringify(sarif),
    headers: { authorization: `Bearer ${options.token ?? w.upload}`, "content-type": "application/sarif+json" },
  });
  expect(accepted.status, accepted.json?.detail).toBe(202);
  expect(await processScan(accepted.json.id as string)).toBe("COMPLETE");
}

// ---------------------------------------------------------------------------------------
// API calls

async function list(cookie: string | { token: string }, query = "", repositoryId = w.repositoryId) {
  const auth = typeof cookie === "string" ? { cookie } : { headers: { authorization: `Bearer ${cookie.token}` } };
  const res = await call(findingsRoute.GET, { path: `/api/v1/repositories/${repositoryId}/findings${query}`, params: { id: repositoryId }, ...auth });
  return res as typeof res & { json: FindingListPage & { detail?: string } };
}

async function detail(cookie: string, id: string) {
  const res = await call(findingRoute.GET, { path: `/api/v1/findings/${id}`, params: { id }, cookie });
  return res as typeof res & { json: FindingDetail & { detail?: string } };
}

const dismiss = (cookie: string, body: unknown) => call(dismissRoute.POST, { method: "POST", path: "/api/v1/findings/dismiss", body, cookie });
const reopen = (cookie: string, body: unknown) => call(reopenRoute.POST, { method: "POST", path: "/api/v1/findings/reopen", body, cookie });

const counters = async (id = w.repositoryId) => {
  const r = await db.repository.findUniqueOrThrow({ where: { id } });
  return { open: r.findingsOpen, critical: r.findingsCritical, medium: r.findingsMedium, low: r.findingsLow };
};

const byPath = (items: FindingListItem[], path: string) => items.find((i) => i.path === path)!;

const A = result("eval", "src/a.js", 10);
const B = result("regex", "src/b.js", 3);
const C = result("todo", "src/c.js", 7);

// ---------------------------------------------------------------------------------------

describe("GET /api/v1/repositories/{id}/findings", () => {
  it("lists open findings, most severe first then by file and line, with status, rule, location and a link at the scanned commit", async () => {
    await uploadAndProcess(log("ESLint", [B, C, A, result("regex", "src/a.js", 40)]), { commit: "0a1b2c3d4e5f" });
    const page = await list(w.reader);
    expect(page.status, page.json.detail).toBe(200);
    const body = findingListPage.parse(page.json);
    expect(body.total).toBe(4);
    expect(body.items.map((i) => [i.severity, i.path, i.startLine])).toEqual([
      ["CRITICAL", "src/a.js", 10],
      ["MEDIUM", "src/a.js", 40],
      ["MEDIUM", "src/b.js", 3],
      ["LOW", "src/c.js", 7],
    ]);
    expect(body.items[0]).toMatchObject({
      ruleId: "eval",
      title: "eval runs attacker-controlled code",
      tool: "ESLint",
      category: "",
      type: "CODE",
      status: "NEW",
      endLine: 12,
      fixedAt: null,
      dismissal: null,
      fileUrl: `${REPO_URL}/blob/0a1b2c3d4e5f/src/a.js#L10-L12`,
    });
    expect(body.tools).toEqual(["ESLint"]);
  });

  it("tells New from Active and Reopened by the latest scan of the finding's tool", async () => {
    await uploadAndProcess(log("ESLint", [A, B]));
    await uploadAndProcess(log("ESLint", [A, C])); // B fixed, C new, A still there
    let items = (await list(w.reader, "?state=all")).json.items;
    expect([byPath(items, "src/a.js").status, byPath(items, "src/b.js").status, byPath(items, "src/c.js").status]).toEqual(["ACTIVE", "FIXED", "NEW"]);
    expect(byPath(items, "src/b.js").fixedAt).not.toBeNull();

    await uploadAndProcess(log("ESLint", [A, B, C])); // B back
    items = (await list(w.reader)).json.items;
    expect([byPath(items, "src/a.js").status, byPath(items, "src/b.js").status, byPath(items, "src/c.js").status]).toEqual(["ACTIVE", "REOPENED", "ACTIVE"]);

    // Another tool's scan does not age ESLint's findings.
    await uploadAndProcess(log("Semgrep", [result("eval", "src/z.py", 1)]));
    items = (await list(w.reader)).json.items;
    expect(byPath(items, "src/b.js").status).toBe("REOPENED");
    expect(byPath(items, "src/z.py")).toMatchObject({ tool: "Semgrep", status: "NEW" });
  });

  it("filters by state, type, severity and tool, and pages with a total", async () => {
    await uploadAndProcess(log("ESLint", [A, B, C, result("regex", "src/d.js", 1), result("regex", "src/e.js", 1)]));
    await uploadAndProcess(log("Gitleaks", [result("eval", "config/.env", 2)]));
    expect((await list(w.reader)).json.total).toBe(6);
    expect((await list(w.reader, "?type=SECRETS")).json.items.map((i) => [i.path, i.type])).toEqual([["config/.env", "SECRETS"]]);
    expect((await list(w.reader, "?severity=CRITICAL,LOW")).json.items.map((i) => i.path)).toEqual(["config/.env", "src/a.js", "src/c.js"]);
    expect((await list(w.reader, "?tool=Gitleaks")).json.total).toBe(1);
    expect((await list(w.reader, "?tool=Nothing")).json.total).toBe(0);
    expect((await list(w.reader, "?type=CODE&severity=MEDIUM")).json.total).toBe(3);

    const first = (await list(w.reader, "?limit=2")).json;
    const second = (await list(w.reader, "?limit=2&offset=2")).json;
    const last = (await list(w.reader, "?limit=2&offset=4")).json;
    expect([first.total, first.items.length, second.items.length, last.items.length]).toEqual([6, 2, 2, 2]);
    expect(new Set([...first.items, ...second.items, ...last.items].map((i) => i.id)).size).toBe(6);
    expect((await list(w.reader, "?limit=2&offset=6")).json.items).toEqual([]);

    await uploadAndProcess(log("Gitleaks", [])); // the secret is fixed
    expect((await list(w.reader, "?state=fixed")).json.items.map((i) => i.path)).toEqual(["config/.env"]);
    expect((await list(w.reader, "?state=dismissed")).json.total).toBe(0);
    expect((await list(w.reader, "?state=not-scanned")).json.total).toBe(0);
    expect((await list(w.reader, "?state=all")).json.total).toBe(6);
    expect((await list(w.reader)).json.total).toBe(5);
  });

  it("refuses what it cannot use with 422 naming the parameter", async () => {
    for (const [query, path] of [
      ["?limit=201", "query.limit"],
      ["?limit=0", "query.limit"],
      ["?state=closed", "query.state"],
      ["?severity=URGENT", "query.severity"],
      ["?offset=-1", "query.offset"],
    ] as const) {
      const res = await list(w.reader, query);
      expect(res.status, query).toBe(422);
      expect(res.json.detail, query).toMatch(new RegExp(`^${path.replace(".", "\\.")}`));
    }
  });

  it("answers 404 for unknown, malformed and out-of-scope repositories, and reads with a read token", async () => {
    await uploadAndProcess(log("ESLint", [A]));
    expect((await list(w.devReader)).status).toBe(404);
    expect((await list(w.devReader)).json.detail).toBe("The repository was not found.");
    expect((await list(w.reader, "", "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await list(w.reader, "", "not-a-uuid")).status).toBe(404);
    expect((await list({ token: w.read })).json.total).toBe(1);
  });

  it("links files in Azure DevOps and GitLab, and on the default branch when the commit is unknown", async () => {
    const subscription = await makeSubscription("Links");
    const group = await makeResourceGroup(subscription.id);
    const ado = await makeRepository((await makeConnector(group.id, "ado", { provider: "AZURE_DEVOPS" })).id, "web", {
      provider: "AZURE_DEVOPS",
      url: "https://dev.azure.example.test/contoso/Shop/_git/web",
      defaultBranch: "refs/heads/main",
    });
    const gitlab = await makeRepository((await makeConnector(group.id, "gl", { provider: "GITLAB" })).id, "api", {
      provider: "GITLAB",
      url: "https://gitlab.example.test/contoso/backend/api",
      defaultBranch: "develop",
    });
    const javascript = await makeRepository((await makeConnector(group.id, "gh")).id, "bad", { url: "javascript:alert(1)" });
    await makeFinding(ado.id, { path: "src/my file.ts", startLine: 4, endLine: 6 });
    await makeFinding(gitlab.id, { path: "app/main.go", startLine: 9, endLine: 9 });
    await makeFinding(javascript.id, { path: "a.js", startLine: 1 });
    await db.analysis.create({ data: { repositoryId: gitlab.id, tool: "ESLint", type: "CODE", lastScanId: "00000000-0000-4000-8000-000000000001", lastScanAt: new Date(), commitSha: "feedface" } });

    expect((await list(w.reader, "", ado.id)).json.items[0]!.fileUrl).toBe(
      "https://dev.azure.example.test/contoso/Shop/_git/web?path=/src/my%20file.ts&version=GBmain&line=4&lineEnd=6&lineStartColumn=1&lineEndColumn=1",
    );
    expect((await list(w.reader, "", gitlab.id)).json.items[0]!.fileUrl).toBe("https://gitlab.example.test/contoso/backend/api/-/blob/feedface/app/main.go#L9");
    expect((await list(w.reader, "", javascript.id)).json.items[0]!.fileUrl).toBeNull();
  });
});

describe("GET /api/v1/findings/{id}", () => {
  it("answers the finding with its rule's metadata, message, snippet, severity reason and history, newest first", async () => {
    await uploadAndProcess(log("ESLint", [A]));
    await uploadAndProcess(log("ESLint", []));
    await uploadAndProcess(log("ESLint", [A]));
    const [finding] = (await list(w.reader)).json.items;
    const res = await detail(w.reader, finding!.id);
    expect(res.status, res.json.detail).toBe(200);
    const body = findingDetail.parse(res.json);
    expect(body).toMatchObject({
      id: finding!.id,
      repository: { id: w.repositoryId, fullName: "contoso/storefront" },
      state: "OPEN",
      status: "REOPENED",
      severity: "CRITICAL",
      severityReason: "security-severity 9.1 on rule eval → Critical",
      message: "eval in src/a.js",
      snippet: "eval(input)",
      actions: { triage: false },
    });
    expect(body.rule).toEqual({
      id: "eval",
      name: "NoEval",
      shortDescription: "eval runs attacker-controlled code",
      fullDescription: "Calling eval with user input lets an attacker run code.",
      helpMarkdown: "Do **not** call `eval`.",
      helpText: "Do not call eval.",
      helpUri: "https://example.test/rules/eval",
      tags: ["security", "external/cwe/cwe-095"],
      cwes: ["CWE-95"],
    });
    expect(body.history.map((e) => e.kind)).toEqual(["REOPENED", "FIXED", "DETECTED"]);
    expect(body.history.every((e) => e.scanId !== null && e.actor === null)).toBe(true);
    expect((await detail(w.admin, finding!.id)).json.actions.triage).toBe(true);
  });

  it("answers 404 outside the caller's scope, for unknown ids and for malformed ones", async () => {
    await uploadAndProcess(log("ESLint", [A]));
    const [finding] = (await list(w.reader)).json.items;
    expect((await detail(w.devReader, finding!.id)).status).toBe(404);
    expect((await detail(w.devReader, finding!.id)).json.detail).toBe("The finding was not found.");
    expect((await detail(w.reader, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await detail(w.reader, "nope")).status).toBe(404);
  });
});

describe("POST /api/v1/findings/dismiss", () => {
  it("dismisses with a reason, comment and expiry: state, an event per finding, the counters and one audit record", async () => {
    await uploadAndProcess(log("ESLint", [A, B, C]));
    expect(await counters()).toEqual({ open: 3, critical: 1, medium: 1, low: 1 });
    const items = (await list(w.admin)).json.items;
    const expiresAt = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
    const res = await dismiss(w.admin, { findingIds: [byPath(items, "src/a.js").id, byPath(items, "src/c.js").id], reason: "ACCEPTED_RISK", comment: "  Behind the VPN.  ", expiresAt });
    expect(res.status, res.json?.detail).toBe(200);
    expect(triageResult.parse(res.json)).toEqual({ count: 2, findings: [{ id: byPath(items, "src/a.js").id, state: "DISMISSED" }, { id: byPath(items, "src/c.js").id, state: "DISMISSED" }] });
    expect(await counters()).toEqual({ open: 1, critical: 0, medium: 1, low: 0 });

    const dismissed = (await list(w.admin, "?state=dismissed")).json.items;
    expect(dismissed.map((i) => [i.path, i.status])).toEqual([
      ["src/a.js", "DISMISSED"],
      ["src/c.js", "DISMISSED"],
    ]);
    expect(dismissed[0]!.dismissal).toEqual({ reason: "ACCEPTED_RISK", comment: "Behind the VPN.", by: w.adminEmail, at: expect.any(String), expiresAt });
    expect((await list(w.admin)).json.items.map((i) => i.path)).toEqual(["src/b.js"]);

    const history = (await detail(w.admin, byPath(items, "src/a.js").id)).json.history;
    expect(history[0]).toMatchObject({ kind: "DISMISSED", actor: w.adminEmail, reason: "ACCEPTED_RISK", comment: "Behind the VPN.", scanId: null });

    const audit = await db.auditEvent.findMany({ where: { action: "finding.dismiss" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorEmail: w.adminEmail, targetType: "repository", targetId: w.repositoryId });
    expect(audit[0]!.summary).toMatch(/^Dismissed 2 findings of contoso\/storefront as accepted risk until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

    // The health page reads the same counters.
    const health = await call(repositoryRoute.GET, { path: `/api/v1/repositories/${w.repositoryId}`, params: { id: w.repositoryId }, cookie: w.admin });
    expect(health.json.findings).toMatchObject({ total: 1 });
    expect(health.json.actions).toEqual({ refresh: true, triage: true, scan: true });
  });

  it("validates the body and names what is wrong", async () => {
    await uploadAndProcess(log("ESLint", [A]));
    const id = (await list(w.admin)).json.items[0]!.id;
    const cases: [unknown, string, RegExp][] = [
      [{ findingIds: [], reason: "WONT_FIX" }, "body.findingIds", /at least one finding/],
      [{ findingIds: ["x"], reason: "WONT_FIX" }, "body.findingIds.0", /not a finding id/],
      [{ findingIds: Array.from({ length: 1001 }, () => id), reason: "WONT_FIX" }, "body.findingIds", /at most 1000/],
      [{ findingIds: [id], reason: "BECAUSE" }, "body.reason", /FALSE_POSITIVE, ACCEPTED_RISK, WONT_FIX/],
      [{ findingIds: [id] }, "body.reason", /./],
      [{ findingIds: [id], reason: "WONT_FIX", comment: "x".repeat(2001) }, "body.comment", /at most 2000/],
      [{ findingIds: [id], reason: "WONT_FIX", expiresAt: "next week" }, "body.expiresAt", /ISO 8601/],
      [{ findingIds: [id], reason: "WONT_FIX", expiresAt: new Date(Date.now() - 60_000).toISOString() }, "body.expiresAt", /in the future/],
      [{ findingIds: [id], reason: "WONT_FIX", expiresAt: new Date(Date.now() + 400 * 24 * 3600_000).toISOString() }, "body.expiresAt", /at most 365 days ahead/],
    ];
    for (const [body, path, message] of cases) {
      const res = await dismiss(w.admin, body);
      expect(res.status, path).toBe(422);
      expect((res.json.errors as { path: string; message: string }[])[0], JSON.stringify(body).slice(0, 80)).toMatchObject({ path, message: expect.stringMatching(message) });
    }
    expect(await db.findingEvent.count({ where: { kind: "DISMISSED" } })).toBe(0);
  });

  it("changes nothing when any id is unknown or out of scope (404 naming how many)", async () => {
    await uploadAndProcess(log("ESLint", [A, B]));
    await uploadAndProcess(log("ESLint", [C]), { repositoryUrl: OTHER_URL, token: w.otherUpload });
    const ours = (await list(w.admin)).json.items.map((i) => i.id);
    const theirs = (await list(w.admin, "", w.otherRepositoryId)).json.items[0]!.id;

    const res = await dismiss(w.admin, { findingIds: [...ours, "00000000-0000-4000-8000-000000000000"], reason: "FALSE_POSITIVE" });
    expect(res.status).toBe(404);
    expect(res.json.detail).toBe("1 finding of the 3 findings named was not found; nothing was changed.");
    expect(res.json.errors).toEqual([{ path: "body.findingIds.2", message: "Not found" }]);

    // The Production reader with triage in Development only: Production's findings are visible, but not theirs to triage.
    const forbidden = await dismiss(w.mixed, { findingIds: [theirs, ours[0]], reason: "FALSE_POSITIVE" });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.detail).toBe("Your role does not allow you to triage findings in contoso/storefront; nothing was changed.");

    const devReader = await dismiss(w.devReader, { findingIds: [theirs], reason: "FALSE_POSITIVE" });
    expect(devReader.status, "a reader may triage nowhere").toBe(403);

    expect(await db.finding.count({ where: { state: "DISMISSED" } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "finding.dismiss" } })).toBe(0);
    expect(await counters()).toMatchObject({ open: 2 });

    // Findings of a repository the caller cannot see at all are not found, like unknown ones.
    const hidden = await dismiss(w.devAdmin, { findingIds: [theirs, ours[0]], reason: "WONT_FIX" });
    expect(hidden.status).toBe(404);
    expect(hidden.json.errors).toEqual([{ path: "body.findingIds.1", message: "Not found" }]);
    expect((await dismiss(w.devAdmin, { findingIds: [ours[0]], reason: "WONT_FIX" })).json.detail).toBe("The finding was not found.");

    // Where they may, they do.
    expect((await dismiss(w.mixed, { findingIds: [theirs], reason: "WONT_FIX" })).status).toBe(200);
  });

  it("refuses findings that are not open with 422 naming each, and changes none of the others", async () => {
    await uploadAndProcess(log("ESLint", [A, B, C]));
    await uploadAndProcess(log("ESLint", [A, C])); // B fixed
    const items = (await list(w.admin, "?state=all")).json.items;
    const [a, b, c] = [byPath(items, "src/a.js"), byPath(items, "src/b.js"), byPath(items, "src/c.js")];
    expect((await dismiss(w.admin, { findingIds: [c.id], reason: "WONT_FIX" })).status).toBe(200);

    const res = await dismiss(w.admin, { findingIds: [a.id, b.id, c.id], reason: "FALSE_POSITIVE" });
    expect(res.status).toBe(422);
    expect(res.json.detail).toBe("2 findings named are not open (1 fixed, 1 already dismissed); only open findings can be dismissed, and nothing was changed.");
    expect(res.json.errors).toEqual([
      { path: "body.findingIds.1", message: "Fixed: the latest scan no longer reports it" },
      { path: "body.findingIds.2", message: "Already dismissed" },
    ]);
    expect((await db.finding.findUniqueOrThrow({ where: { id: a.id } })).state).toBe("OPEN");
    expect((await db.finding.findUniqueOrThrow({ where: { id: c.id } })).dismissalReason).toBe("WONT_FIX");
  });

  it("keeps a dismissed finding dismissed across uploads, and remembers whether the latest scan still reports it", async () => {
    await uploadAndProcess(log("ESLint", [A, B]));
    const b = byPath((await list(w.admin)).json.items, "src/b.js");
    expect((await dismiss(w.admin, { findingIds: [b.id], reason: "FALSE_POSITIVE" })).status).toBe(200);

    // Reported again, unchanged: still dismissed, and out of the open count.
    await uploadAndProcess(log("ESLint", [A, B, C]));
    let stored = await db.finding.findUniqueOrThrow({ where: { id: b.id } });
    expect([stored.state, stored.fixedAt]).toEqual(["DISMISSED", null]);
    expect(await counters()).toMatchObject({ open: 2 });

    // No longer reported: still dismissed, but fixed underneath.
    await uploadAndProcess(log("ESLint", [A]));
    stored = await db.finding.findUniqueOrThrow({ where: { id: b.id } });
    expect(stored.state).toBe("DISMISSED");
    expect(stored.fixedAt).not.toBeNull();
    expect((await list(w.admin, "?state=dismissed")).json.items.map((i) => i.id)).toEqual([b.id]);

    // Reported again: still dismissed, no longer fixed underneath.
    await uploadAndProcess(log("ESLint", [A, B]));
    stored = await db.finding.findUniqueOrThrow({ where: { id: b.id } });
    expect([stored.state, stored.fixedAt]).toEqual(["DISMISSED", null]);
    const kinds = (await detail(w.admin, b.id)).json.history.map((e) => e.kind);
    expect(kinds).toEqual(["DISMISSED", "DETECTED"]);
  });
});

describe("POST /api/v1/findings/reopen", () => {
  it("withdraws a dismissal: open again while the latest scan reports it, Fixed once it does not", async () => {
    await uploadAndProcess(log("ESLint", [A, B]));
    const items = (await list(w.admin)).json.items;
    const [a, b] = [byPath(items, "src/a.js"), byPath(items, "src/b.js")];
    expect((await dismiss(w.admin, { findingIds: [a.id, b.id], reason: "WONT_FIX", comment: "Later" })).status).toBe(200);
    await uploadAndProcess(log("ESLint", [A])); // B no longer reported
    expect(await counters()).toMatchObject({ open: 0 });

    const res = await reopen(w.admin, { findingIds: [a.id, b.id] });
    expect(res.status, res.json?.detail).toBe(200);
    expect(res.json).toEqual({ count: 2, findings: [{ id: a.id, state: "OPEN" }, { id: b.id, state: "FIXED" }] });
    expect(await counters()).toMatchObject({ open: 1, critical: 1 });

    const reopened = (await list(w.admin, "?state=all")).json.items;
    expect(byPath(reopened, "src/a.js")).toMatchObject({ status: "ACTIVE", dismissal: null });
    expect(byPath(reopened, "src/b.js")).toMatchObject({ status: "FIXED", dismissal: null });
    const stored = await db.finding.findUniqueOrThrow({ where: { id: a.id } });
    expect([stored.dismissalReason, stored.dismissalComment, stored.dismissedAt, stored.dismissedById]).toEqual([null, null, null, null]);
    expect((await detail(w.admin, a.id)).json.history[0]).toMatchObject({ kind: "DISMISSAL_REMOVED", actor: w.adminEmail });
    expect(await db.auditEvent.count({ where: { action: "finding.reopen", targetId: w.repositoryId } })).toBe(1);
  });

  it("refuses findings that are not dismissed (422), and callers who may not triage (403)", async () => {
    await uploadAndProcess(log("ESLint", [A, B]));
    const items = (await list(w.admin)).json.items;
    expect((await dismiss(w.admin, { findingIds: [items[0]!.id], reason: "WONT_FIX" })).status).toBe(200);
    const res = await reopen(w.admin, { findingIds: [items[0]!.id, items[1]!.id] });
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([{ path: "body.findingIds.1", message: "Not dismissed: it is open" }]);
    expect((await db.finding.findUniqueOrThrow({ where: { id: items[0]!.id } })).state).toBe("DISMISSED");
    expect((await reopen(w.reader, { findingIds: [items[0]!.id] })).status).toBe(403);
    expect((await reopen(w.mixed, { findingIds: [items[0]!.id] })).status).toBe(403);
  });
});

describe("dismissal expiry", () => {
  async function dismissedWithExpiry(paths: string[]) {
    const items = (await list(w.admin)).json.items;
    const ids = paths.map((p) => byPath(items, p).id);
    const expiresAt = new Date(Date.now() + 3600_000);
    expect((await dismiss(w.admin, { findingIds: ids, reason: "ACCEPTED_RISK", expiresAt: expiresAt.toISOString() })).status).toBe(200);
    return { ids, expiresAt };
  }

  it("lapses at the expiry: open again, or Fixed when the latest scan no longer reports it, with an event dated at the expiry", async () => {
    await uploadAndProcess(log("ESLint", [A, B]));
    const { ids, expiresAt } = await dismissedWithExpiry(["src/a.js", "src/b.js"]);
    await uploadAndProcess(log("ESLint", [A])); // B no longer reported while dismissed
    expect(await lapseExpiredDismissals(new Date(expiresAt.getTime() - 1000))).toBe(0);
    expect(await counters()).toMatchObject({ open: 0 });

    expect(await lapseExpiredDismissals(new Date(expiresAt.getTime() + 1000))).toBe(2);
    const [a, b] = await Promise.all(ids.map((id) => db.finding.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { at: "desc" } } } })));
    expect([a!.state, a!.dismissalReason, a!.dismissalExpiresAt]).toEqual(["OPEN", null, null]);
    expect(b!.state).toBe("FIXED");
    expect(a!.events[0]).toMatchObject({ kind: "DISMISSAL_EXPIRED", at: expiresAt, reason: "ACCEPTED_RISK", actorId: null });
    expect(await counters()).toMatchObject({ open: 1, critical: 1 });
    expect(await lapseExpiredDismissals(new Date(expiresAt.getTime() + 1000)), "twice lapses nothing more").toBe(0);
  });

  it("is applied by reads before the job runs: the list, the finding and the health page no longer show it dismissed", async () => {
    await uploadAndProcess(log("ESLint", [A, B]));
    const { ids } = await dismissedWithExpiry(["src/a.js"]);
    // The expiry passes (as if the clock moved on) without the job running.
    await db.finding.update({ where: { id: ids[0] }, data: { dismissalExpiresAt: new Date() } });
    expect(await counters()).toMatchObject({ open: 1 });

    const health = await call(repositoryRoute.GET, { path: `/api/v1/repositories/${w.repositoryId}`, params: { id: w.repositoryId }, cookie: w.reader });
    expect(health.json.findings).toMatchObject({ total: 2 });
    expect((await list(w.reader, "?state=dismissed")).json.total).toBe(0);
    expect((await detail(w.reader, ids[0]!)).json).toMatchObject({ state: "OPEN", dismissal: null, history: [{ kind: "DISMISSAL_EXPIRED" }, { kind: "DISMISSED" }, { kind: "DETECTED" }] });
    // An expired dismissal is not one to withdraw; the finding may be dismissed afresh.
    expect((await reopen(w.admin, { findingIds: ids })).status).toBe(422);
    expect((await dismiss(w.admin, { findingIds: ids, reason: "WONT_FIX" })).status).toBe(200);
  });

  it("runs as the dismissal-expiry job on its schedule", async () => {
    await uploadAndProcess(log("ESLint", [A]));
    const { ids } = await dismissedWithExpiry(["src/a.js"]);
    await db.finding.update({ where: { id: ids[0] }, data: { dismissalExpiresAt: new Date(Date.now() - 1000) } });

    const { jobQueue, QUEUES } = await import("@/lib/server/jobs/job-queue");
    const { startDismissalExpiryWorker, DISMISSAL_EXPIRY_CRON } = await import("@/lib/server/findings/dismissal-expiry-jobs");
    const boss = await jobQueue();
    const workerId = await startDismissalExpiryWorker(boss);
    try {
      expect((await boss.getSchedules()).find((s) => s.name === QUEUES.dismissalExpiry)).toMatchObject({ cron: DISMISSAL_EXPIRY_CRON });
      // What the schedule queues every 5 minutes, queued now (and the worker told at once, not at its next poll).
      await boss.send(QUEUES.dismissalExpiry, {});
      boss.notifyWorker(workerId);
      await expect.poll(async () => (await db.finding.findUniqueOrThrow({ where: { id: ids[0] } })).state, { timeout: 20_000, interval: 250 }).toBe("OPEN");
      expect(await counters()).toMatchObject({ open: 1 });
    } finally {
      await boss.offWork(QUEUES.dismissalExpiry);
    }
  });
});

describe("GET /api/v1/repositories/{id}/scans", () => {
  it("lists the repository's latest scans newest first, with what each changed, for readers and tokens in scope", async () => {
    await uploadAndProcess(log("ESLint", [A, B]));
    await uploadAndProcess(log("ESLint", [A, C]));
    const res = await call(repositoryScansRoute.GET, { path: `/api/v1/repositories/${w.repositoryId}/scans`, params: { id: w.repositoryId }, cookie: w.reader });
    expect(res.status, res.json?.detail).toBe(200);
    const body = repositoryScanList.parse(res.json);
    expect(body.items.map((s) => [s.state, s.counts])).toEqual([
      ["complete", { new: 1, unchanged: 1, fixed: 1, reopened: 0 }],
      ["complete", { new: 2, unchanged: 0, fixed: 0, reopened: 0 }],
    ]);
    expect(body.items[0]).toMatchObject({ source: "upload", uploadedBy: expect.stringMatching(/^token:rmp_/), tools: [{ name: "ESLint", results: 2 }] });

    const byToken = await call(repositoryScansRoute.GET, { path: `/api/v1/repositories/${w.repositoryId}/scans`, params: { id: w.repositoryId }, headers: { authorization: `Bearer ${w.upload}` } });
    expect(byToken.json.items).toHaveLength(2);
    const outside = await call(repositoryScansRoute.GET, { path: `/api/v1/repositories/${w.repositoryId}/scans`, params: { id: w.repositoryId }, headers: { authorization: `Bearer ${w.otherUpload}` } });
    expect(outside.status).toBe(404);
    expect((await call(repositoryScansRoute.GET, { path: "/api/v1/repositories/x/scans", params: { id: "x" }, cookie: w.devReader })).status).toBe(404);
  });

  it("shows at most 20", async () => {
    for (let i = 0; i < 22; i++) await db.scan.create({ data: { repositoryId: w.repositoryId, contentSha256: String(i).padStart(64, "0"), createdAt: new Date(Date.now() - i * 60_000) } });
    const res = await call(repositoryScansRoute.GET, { path: `/api/v1/repositories/${w.repositoryId}/scans`, params: { id: w.repositoryId }, cookie: w.reader });
    expect(res.json.items).toHaveLength(20);
  });
});
