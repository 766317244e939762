/**
 * Recommendations, exemptions and the overview against the real database, with findings
 * made by uploading SARIF through POST /api/v1/scans and processing it as the worker does,
 * and posture settings as discovery stores them: the list and its filters, one
 * recommendation and its resources, findings across repositories, exempting (validation,
 * all or nothing, scope, audit, expiry), the counts moving with triage, the CSV, and the
 * overview's cards, trend, time to remediate and top 10.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as dismissRoute from "@/app/api/v1/findings/dismiss/route";
import * as findingsRoute from "@/app/api/v1/findings/route";
import * as overviewRoute from "@/app/api/v1/metrics/overview/route";
import * as exemptRoute from "@/app/api/v1/recommendations/[id]/exemptions/route";
import * as unexemptRoute from "@/app/api/v1/recommendations/[id]/exemptions/remove/route";
import * as resourcesRoute from "@/app/api/v1/recommendations/[id]/resources/route";
import * as recommendationRoute from "@/app/api/v1/recommendations/[id]/route";
import * as exportRoute from "@/app/api/v1/recommendations/export.csv/route";
import * as listRoute from "@/app/api/v1/recommendations/route";
import * as scansRoute from "@/app/api/v1/scans/route";
import { overviewMetrics, type OverviewMetrics } from "@/lib/schemas/overview";
import {
  findingSearchPage,
  recommendationDetail,
  recommendationList,
  recommendationResourcesPage,
  type RecommendationList,
  type RecommendationResourcesPage,
  type RecommendationSummary,
} from "@/lib/schemas/recommendations";
import { db } from "@/lib/server/db/client";
import { refreshConnectorRollups } from "@/lib/server/findings/finding-counts";
import { assessConnector } from "@/lib/server/recommendations/assess-connector";
import { lapseExpiredExemptions } from "@/lib/server/recommendations/exemptions";
import type { SarifLog, SarifResult } from "@/lib/server/sarif/sarif-log";
import { processScan } from "@/lib/server/scans/process-scan";
import { makeApiToken, makeConnector, makeRepository, makeResourceGroup, makeSubscription, userWithSession } from "./factories";
import { call } from "./http";

const STOREFRONT = "https://github.example.test/contoso/storefront";
const CHECKOUT = "https://github.example.test/contoso/checkout";
const BILLING = "https://github.example.test/fabrikam/billing";

interface World {
  prodConnectorId: string;
  devConnectorId: string;
  prodSubscriptionId: string;
  storefront: string;
  checkout: string;
  billing: string;
  upload: string;
  devUpload: string;
  read: string;
  admin: string;
  reader: string;
  devReader: string;
  devAdmin: string;
}
let w: World;

beforeEach(async () => {
  const prod = await makeSubscription("Contoso Production");
  const dev = await makeSubscription("Contoso Development");
  const prodConnector = await makeConnector((await makeResourceGroup(prod.id, "prod-rg")).id, "contoso-gh");
  const devConnector = await makeConnector((await makeResourceGroup(dev.id, "dev-rg")).id, "fabrikam-gh");
  const repo = (connectorId: string, organizationName: string, name: string, url: string, data = {}) =>
    makeRepository(connectorId, name, { organizationName, fullName: `${organizationName}/${name}`, url, ...data });
  const storefront = await repo(prodConnector.id, "contoso", "storefront", STOREFRONT, { advancedSecurity: "ON", postureFacts: { requiredApprovals: 2, secretScanning: true } });
  const checkout = await repo(prodConnector.id, "contoso", "checkout", CHECKOUT, { advancedSecurity: "OFF", postureFacts: { requiredApprovals: 0, secretScanning: false } });
  const billing = await repo(devConnector.id, "fabrikam", "billing", BILLING, { advancedSecurity: "PARTIAL", postureFacts: { requiredApprovals: 1 } });
  await db.postureResource.create({
    data: {
      connectorId: prodConnector.id,
      provider: "GITHUB",
      kind: "ORGANIZATION",
      externalId: "org-contoso",
      organizationExternalId: "org-contoso",
      organizationName: "contoso",
      name: "contoso",
      url: "https://github.example.test/contoso",
      facts: { basePermission: "write", ownerCount: 1, workflowPermissions: "read" },
    },
  });
  // As a discovery leaves them: rollups whole, every resource assessed.
  await refreshConnectorRollups([prodConnector.id, devConnector.id]);
  await assessConnector(prodConnector.id);
  await assessConnector(devConnector.id);
  const admin = await userWithSession({ role: "SECURITY_ADMIN" });
  w = {
    prodConnectorId: prodConnector.id,
    devConnectorId: devConnector.id,
    prodSubscriptionId: prod.id,
    storefront: storefront.id,
    checkout: checkout.id,
    billing: billing.id,
    upload: (await makeApiToken({ createdById: admin.user.id, permission: "UPLOAD", scopes: [{ type: "CONNECTOR", id: prodConnector.id }] })).token,
    devUpload: (await makeApiToken({ createdById: admin.user.id, permission: "UPLOAD", scopes: [{ type: "CONNECTOR", id: devConnector.id }] })).token,
    read: (await makeApiToken({ createdById: admin.user.id, permission: "READ" })).token,
    admin: admin.cookie,
    reader: (await userWithSession({ role: "SECURITY_READER" })).cookie,
    devReader: (await userWithSession({ role: "SECURITY_READER", scope: { type: "SUBSCRIPTION", id: dev.id } })).cookie,
    devAdmin: (await userWithSession({ role: "SECURITY_ADMIN", scope: { type: "SUBSCRIPTION", id: dev.id } })).cookie,
  };
});

// ---------------------------------------------------------------------------------------

const result = (ruleId: string, uri: string, line: number): SarifResult => ({
  ruleId,
  message: { text: `${ruleId} in ${uri}` },
  locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line, snippet: { text: "eval(input)" } } } }],
  partialFingerprints: { "rampartContent/v1": `${ruleId}|${uri}|${line}` },
});

function log(tool: string, results: SarifResult[]): SarifLog {
  return {
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: tool,
            rules: [
              { id: "eval", shortDescription: { text: "eval runs attacker-controlled code" }, properties: { "security-severity": "9.1" } },
              { id: "regex", shortDescription: { text: "Unsafe regular expression" }, defaultConfiguration: { level: "warning" } },
              { id: "aws-key", shortDescription: { text: "AWS access key" }, properties: { "security-severity": "7.5" } },
            ],
          },
        },
        results,
      },
    ],
  };
}

async function upload(url: string, sarif: SarifLog, token = w.upload): Promise<void> {
  const accepted = await call(scansRoute.POST, {
    method: "POST",
    path: `/api/v1/scans?${new URLSearchParams({ repository: url, commit: "0a1b2c3d4e5f" })}`,
    body: JSON.stringify(sarif),
    headers: { authorization: `Bearer ${token}`, "content-type": "application/sarif+json" },
  });
  expect(accepted.status, accepted.json?.detail).toBe(202);
  expect(await processScan(accepted.json.id as string)).toBe("COMPLETE");
}

type Auth = string | { token: string };
const auth = (who: Auth) => (typeof who === "string" ? { cookie: who } : { headers: { authorization: `Bearer ${who.token}` } });

async function recommendations(who: Auth, query = "") {
  const res = await call(listRoute.GET, { path: `/api/v1/recommendations${query}`, ...auth(who) });
  expect(res.status, res.json?.detail).toBe(200);
  return recommendationList.parse(res.json);
}
const one = (list: RecommendationList, id: string): RecommendationSummary | undefined => list.items.find((i) => i.id === id);

async function resources(who: Auth, id: string, query = "") {
  const res = await call(resourcesRoute.GET, { path: `/api/v1/recommendations/${id}/resources${query}`, params: { id }, ...auth(who) });
  expect(res.status, res.json?.detail).toBe(200);
  return recommendationResourcesPage.parse(res.json);
}
const stateOf = (page: RecommendationResourcesPage, name: string) => page.items.find((i) => i.name === name)?.state;

async function overview(who: Auth, query = "") {
  const res = await call(overviewRoute.GET, { path: `/api/v1/metrics/overview${query}`, ...auth(who) });
  expect(res.status, res.json?.detail).toBe(200);
  return overviewMetrics.parse(res.json) as OverviewMetrics;
}

const exempt = (who: string, id: string, body: unknown) => call(exemptRoute.POST, { method: "POST", path: `/api/v1/recommendations/${id}/exemptions`, params: { id }, body, cookie: who });
const unexempt = (who: string, id: string, body: unknown) =>
  call(unexemptRoute.POST, { method: "POST", path: `/api/v1/recommendations/${id}/exemptions/remove`, params: { id }, body, cookie: who });

const CODE = "github-code-scanning-findings";
const SECRETS = "github-secret-scanning-findings";
const TWO_REVIEWERS = "github-two-reviewers";

// ---------------------------------------------------------------------------------------

describe("GET /api/v1/recommendations", () => {
  it("judges findings recommendations by each repository's open findings, after every ingestion", async () => {
    let list = await recommendations(w.reader);
    // Nothing scanned yet: the findings recommendations cannot judge anything.
    expect(one(list, CODE)).toMatchObject({ state: "NOT_APPLICABLE", resources: { unhealthy: 0, notApplicable: 3, total: 3 }, openFindings: 0 });

    await upload(STOREFRONT, log("ESLint", [result("eval", "src/a.js", 10), result("regex", "src/b.js", 3)]));
    await upload(CHECKOUT, log("ESLint", []));
    list = await recommendations(w.reader);
    expect(one(list, CODE)).toMatchObject({ state: "UNHEALTHY", kind: "FINDINGS", findingType: "CODE", severity: "MEDIUM", resources: { unhealthy: 1, healthy: 1, notApplicable: 1, total: 3 }, openFindings: 2 });
    // A scanned repository without secrets is healthy for secrets too (Defender: "no findings").
    expect(one(list, SECRETS)).toMatchObject({ state: "HEALTHY", resources: { healthy: 2, notApplicable: 1 } });

    const page = await resources(w.reader, CODE);
    expect(page.items.map((i) => [i.name, i.state, i.openFindings, i.reason])).toEqual([
      ["storefront", "UNHEALTHY", 2, "2 open findings."],
      ["checkout", "HEALTHY", 0, "No open findings."],
      ["billing", "NOT_APPLICABLE", 0, "No scan or upload has reported on this repository yet."],
    ]);
    expect(page.items[0]).toMatchObject({ resourceType: "REPOSITORY", repositoryId: w.storefront, url: STOREFRONT, connector: { name: "contoso-gh" }, exemption: null });
  });

  it("judges posture recommendations from the settings discovery stored, for repositories and organizations", async () => {
    const list = await recommendations(w.reader, "?kind=POSTURE");
    expect(list.items.every((i) => i.kind === "POSTURE")).toBe(true);
    expect(one(list, TWO_REVIEWERS)).toMatchObject({ state: "UNHEALTHY", resources: { unhealthy: 2, healthy: 1, total: 3 } });
    expect(one(list, "github-org-base-permissions")).toMatchObject({ severity: "HIGH", resourceType: "ORGANIZATION", state: "UNHEALTHY", resources: { unhealthy: 1, total: 1 } });
    expect(one(list, "github-org-workflow-permissions-read")).toMatchObject({ state: "HEALTHY" });
    // Settings nobody could read are not applicable, never healthy.
    expect(one(list, "github-dependabot-enabled")).toMatchObject({ state: "NOT_APPLICABLE", resources: { notApplicable: 3 } });

    const orgs = await resources(w.reader, "github-org-base-permissions");
    expect(orgs.items).toMatchObject([{ resourceType: "ORGANIZATION", name: "contoso", fullName: "contoso/contoso", repositoryId: null, reason: "Base permission is write: every member may push to every repository." }]);

    // Filters: severity, state, provider, search; sorted most severe first.
    const high = await recommendations(w.reader, "?severity=HIGH&state=UNHEALTHY");
    expect(high.items.map((i) => i.id).sort()).toEqual(["github-org-base-permissions", "github-secret-scanning-enabled"]);
    expect((await recommendations(w.reader, "?q=two%20reviewers")).items.map((i) => i.id)).toEqual([TWO_REVIEWERS]);
    expect((await recommendations(w.reader, "?provider=GITLAB")).items).toEqual([]);
    const sorted = (await recommendations(w.reader)).items.map((i) => i.severity);
    expect(sorted).toEqual([...sorted].sort((a, b) => ["CRITICAL", "HIGH", "MEDIUM", "LOW"].indexOf(a) - ["CRITICAL", "HIGH", "MEDIUM", "LOW"].indexOf(b)));
    const byTitle = (await recommendations(w.reader, "?sort=title&dir=desc")).items.map((i) => i.title);
    expect(byTitle).toEqual([...byTitle].sort((a, b) => b.localeCompare(a)));
  });

  it("counts only what the caller may see, and a read token reads as a Security Reader", async () => {
    await upload(STOREFRONT, log("ESLint", [result("eval", "src/a.js", 10)]));
    await upload(BILLING, log("ESLint", [result("eval", "src/x.js", 1), result("eval", "src/y.js", 2)]), w.devUpload);
    expect(one(await recommendations(w.devReader), CODE)).toMatchObject({ resources: { unhealthy: 1, total: 1 }, openFindings: 2 });
    expect(one(await recommendations({ token: w.read }), CODE)).toMatchObject({ resources: { unhealthy: 2, total: 3 }, openFindings: 3 });
    expect(one(await recommendations(w.reader, `?subscription=${w.prodSubscriptionId}`), CODE)).toMatchObject({ resources: { unhealthy: 1, total: 2 }, openFindings: 1 });
    expect((await resources(w.devReader, CODE)).items.map((i) => i.name)).toEqual(["billing"]);
  });

  it("answers 404 for an unknown recommendation and 422 for bad filters", async () => {
    const missing = await call(recommendationRoute.GET, { path: "/api/v1/recommendations/nope", params: { id: "nope" }, cookie: w.reader });
    expect(missing.status).toBe(404);
    expect(missing.json.detail).toBe("The recommendation was not found.");
    const bad = await call(listRoute.GET, { path: "/api/v1/recommendations?severity=URGENT", cookie: w.reader });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json.errors)).toContain("severity");
  });

  it("describes one recommendation with its remediation steps and whether the caller may triage", async () => {
    const res = await call(recommendationRoute.GET, { path: `/api/v1/recommendations/${TWO_REVIEWERS}`, params: { id: TWO_REVIEWERS }, cookie: w.admin });
    expect(res.status).toBe(200);
    const detail = recommendationDetail.parse(res.json);
    expect(detail).toMatchObject({ title: "GitHub repositories should require at least two reviewers to approve pull requests", severity: "MEDIUM", actions: { triage: true } });
    expect(detail.remediation.length).toBeGreaterThan(1);
    const asReader = await call(recommendationRoute.GET, { path: `/api/v1/recommendations/${TWO_REVIEWERS}`, params: { id: TWO_REVIEWERS }, cookie: w.reader });
    expect(asReader.json).toMatchObject({ actions: { triage: false } });
  });

  it("exports the list as CSV with the same filters", async () => {
    const res = await call(exportRoute.GET, { path: "/api/v1/recommendations/export.csv?kind=POSTURE&state=UNHEALTHY", cookie: w.reader });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = String(res.json).replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toContain("Recommendation,Id,Severity");
    expect(lines.slice(1).map((l) => l.split(",")[1]).sort()).toEqual(["github-org-base-permissions", "github-org-multiple-owners", "github-secret-scanning-enabled", TWO_REVIEWERS].sort());
  });
});

describe("GET /api/v1/findings", () => {
  it("lists a findings recommendation's findings across repositories with file links, and filters", async () => {
    await upload(STOREFRONT, log("ESLint", [result("eval", "src/a.js", 10), result("regex", "src/b.js", 3)]));
    await upload(CHECKOUT, log("ESLint", [result("regex", "lib/c.ts", 8)]));
    await upload(CHECKOUT, log("secretlint", [result("aws-key", "config/.env", 2)]));
    const res = await call(findingsRoute.GET, { path: `/api/v1/findings?recommendation=${CODE}`, cookie: w.reader });
    expect(res.status, res.json?.detail).toBe(200);
    const page = findingSearchPage.parse(res.json);
    expect(page.total).toBe(3);
    expect(page.items.map((i) => [i.repository.name, i.severity, i.path, i.startLine])).toEqual([
      ["storefront", "CRITICAL", "src/a.js", 10],
      [expect.any(String), "MEDIUM", expect.any(String), expect.any(Number)],
      [expect.any(String), "MEDIUM", expect.any(String), expect.any(Number)],
    ]);
    expect(page.items[0]!.fileUrl).toBe(`${STOREFRONT}/blob/0a1b2c3d4e5f/src/a.js#L10`);
    const secrets = await call(findingsRoute.GET, { path: "/api/v1/findings?type=SECRETS", headers: { authorization: `Bearer ${w.read}` } });
    expect(findingSearchPage.parse(secrets.json).items.map((i) => [i.repository.name, i.tool, i.type])).toEqual([["checkout", "secretlint", "SECRETS"]]);
    const one = await call(findingsRoute.GET, { path: `/api/v1/findings?repository=${w.checkout}&severity=MEDIUM`, cookie: w.reader });
    expect(findingSearchPage.parse(one.json).items.map((i) => i.path)).toEqual(["lib/c.ts"]);
    const posture = await call(findingsRoute.GET, { path: `/api/v1/findings?recommendation=${TWO_REVIEWERS}`, cookie: w.reader });
    expect(posture.status).toBe(422);
    expect(posture.json.detail).toContain("judges settings, not findings");
  });
});

describe("triage moves every count", () => {
  it("dismissing a repository's findings makes it healthy in the recommendation, the list and the overview", async () => {
    await upload(STOREFRONT, log("ESLint", [result("eval", "src/a.js", 10), result("regex", "src/b.js", 3)]));
    expect((await overview(w.reader)).findings).toMatchObject({ total: 2, bySeverity: { critical: 1, medium: 1 }, byType: { code: 2 } });
    const ids = (await db.finding.findMany({ where: { repositoryId: w.storefront }, select: { id: true } })).map((f) => f.id);
    const dismissed = await call(dismissRoute.POST, { method: "POST", path: "/api/v1/findings/dismiss", body: { findingIds: ids, reason: "ACCEPTED_RISK" }, cookie: w.admin });
    expect(dismissed.status, dismissed.json?.detail).toBe(200);
    expect(one(await recommendations(w.reader), CODE)).toMatchObject({ resources: { unhealthy: 0, healthy: 1 }, openFindings: 0 });
    expect(stateOf(await resources(w.reader, CODE), "storefront")).toBe("HEALTHY");
    expect((await overview(w.reader)).findings).toMatchObject({ total: 0, bySeverity: { critical: 0, medium: 0 } });
  });

  it("exempts resources with a reason, comment and expiry; withdraws; the expiry lapses by itself; all audited", async () => {
    const before = one(await recommendations(w.reader), TWO_REVIEWERS)!;
    expect(before.resources).toMatchObject({ unhealthy: 2, exempt: 0 });
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    const res = await exempt(w.admin, TWO_REVIEWERS, { resourceIds: [w.checkout], reason: "MITIGATED", comment: "A required status check enforces review", expiresAt });
    expect(res.status, res.json?.detail).toBe(200);
    expect(res.json).toEqual({ count: 1 });
    expect(one(await recommendations(w.reader), TWO_REVIEWERS)!.resources).toMatchObject({ unhealthy: 1, exempt: 1 });
    const page = await resources(w.reader, TWO_REVIEWERS, "?state=exempt");
    expect(page.items).toMatchObject([
      { name: "checkout", state: "EXEMPT", evaluatedState: "UNHEALTHY", exemption: { reason: "MITIGATED", comment: "A required status check enforces review", expiresAt: new Date(expiresAt).toISOString() } },
    ]);
    const posture = (await overview(w.reader)).posture;
    expect(posture).toMatchObject({ affectedResources: 1 + 1 + 1 + 1 }); // two reviewers 1, secret scanning 1, base permissions 1, one owner 1
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "recommendation.exempt" } });
    expect(audit.summary).toContain('Exempted contoso/checkout from "GitHub repositories should require at least two reviewers to approve pull requests" as mitigated until');

    // Lapses at its expiry: unhealthy again, with an audit record.
    expect(await lapseExpiredExemptions(new Date(Date.now() + 2 * 3600_000))).toBe(1);
    expect(stateOf(await resources(w.reader, TWO_REVIEWERS), "checkout")).toBe("UNHEALTHY");
    expect(await db.auditEvent.count({ where: { action: "recommendation.exemption_expire" } })).toBe(1);

    // Exempt again (no expiry), then withdraw.
    expect((await exempt(w.admin, TWO_REVIEWERS, { resourceIds: [w.checkout, w.billing], reason: "RISK_ACCEPTED" })).status).toBe(200);
    expect(one(await recommendations(w.reader), TWO_REVIEWERS)!.resources).toMatchObject({ unhealthy: 0, exempt: 2, healthy: 1 });
    expect(one(await recommendations(w.reader), TWO_REVIEWERS)!.state).toBe("HEALTHY");
    const removed = await unexempt(w.admin, TWO_REVIEWERS, { resourceIds: [w.checkout] });
    expect(removed.json).toEqual({ count: 1 });
    expect(one(await recommendations(w.reader), TWO_REVIEWERS)!.resources).toMatchObject({ unhealthy: 1, exempt: 1 });
    expect(await db.auditEvent.count({ where: { action: "recommendation.exemption_remove" } })).toBe(1);
  });

  it("exempts all or nothing: unknown, unseen, other-provider and removed resources, and roles that may not triage", async () => {
    const unknown = await exempt(w.admin, TWO_REVIEWERS, { resourceIds: [w.checkout, "00000000-0000-4000-8000-000000000000"], reason: "MITIGATED" });
    expect(unknown.status).toBe(404);
    expect(unknown.json.detail).toBe("1 repository of the 2 repositories named was not found among the resources of this recommendation; nothing was changed.");
    const unseen = await exempt(w.devAdmin, TWO_REVIEWERS, { resourceIds: [w.billing, w.checkout], reason: "MITIGATED" });
    expect(unseen.status).toBe(404);
    const wrongProvider = await exempt(w.admin, "gitlab-two-approvers", { resourceIds: [w.checkout], reason: "MITIGATED" });
    expect(wrongProvider.status).toBe(404);
    expect((await exempt(w.reader, TWO_REVIEWERS, { resourceIds: [w.checkout], reason: "MITIGATED" })).status).toBe(403);
    const past = await exempt(w.admin, TWO_REVIEWERS, { resourceIds: [w.checkout], reason: "MITIGATED", expiresAt: "2020-01-01T00:00:00Z" });
    expect(past.status).toBe(422);
    expect(JSON.stringify(past.json.errors)).toContain("must be in the future");
    await db.repository.update({ where: { id: w.checkout }, data: { removedAt: new Date() } });
    const removed = await exempt(w.admin, TWO_REVIEWERS, { resourceIds: [w.checkout], reason: "MITIGATED" });
    expect(removed.status).toBe(422);
    expect(await db.exemption.count()).toBe(0);
    expect(one(await recommendations(w.reader), TWO_REVIEWERS)!.resources.exempt).toBe(0);
  });
});

describe("GET /api/v1/metrics/overview", () => {
  it("gives the cards, trend, time to remediate and top 10 from rollups, for the connectors in view", async () => {
    await upload(STOREFRONT, log("ESLint", [result("eval", "src/a.js", 10), result("regex", "src/b.js", 3)]));
    await upload(CHECKOUT, log("ESLint", [result("eval", "src/c.js", 1), result("eval", "src/d.js", 2), result("eval", "src/e.js", 3)]));
    await upload(BILLING, log("secretlint", [result("aws-key", ".env", 1)]), w.devUpload);
    // A fix: the next scan of storefront no longer reports the regex finding.
    await upload(STOREFRONT, log("ESLint", [result("eval", "src/a.js", 10)]));

    const all = await overview(w.reader);
    expect(all).toMatchObject({
      connectors: 2,
      repositories: 3,
      findings: { total: 5, bySeverity: { critical: 4, high: 1, medium: 0, low: 0 }, byType: { code: 4, secrets: 1 } },
      coverage: [{ provider: "GITHUB", enabled: 1, total: 3 }],
    });
    expect(all.topRepositories.map((r) => [r.name, r.riskScore])).toEqual([
      ["checkout", 30],
      ["storefront", 10],
      ["billing", 5],
    ]);
    expect(all.remediation.find((r) => r.severity === "MEDIUM")).toMatchObject({ fixed: 1, meanSeconds: expect.any(Number) });
    expect(all.remediation.find((r) => r.severity === "CRITICAL")).toMatchObject({ fixed: 0, meanSeconds: null });
    const today = new Date().toISOString().slice(0, 10);
    expect(all.trend.days).toBe(30);
    expect(all.trend.points.at(-1)).toEqual({ day: today, critical: 4, high: 1, medium: 0, low: 0 });
    expect(all.posture).toMatchObject({ unhealthyRecommendations: 4, highSeverity: 2, totalRecommendations: expect.any(Number) });

    const prod = await overview(w.reader, `?subscription=${w.prodSubscriptionId}&days=90`);
    expect(prod).toMatchObject({ connectors: 1, repositories: 2, findings: { total: 4 }, trend: { days: 90 } });
    expect(prod.topRepositories.map((r) => r.name)).toEqual(["checkout", "storefront"]);
    const dev = await overview(w.devReader);
    expect(dev).toMatchObject({ repositories: 1, findings: { total: 1, bySeverity: { high: 1 } } });
    expect((await call(overviewRoute.GET, { path: "/api/v1/metrics/overview?days=7", cookie: w.reader })).status).toBe(422);
  });

  it("leaves removed repositories out once discovery has marked them", async () => {
    await upload(CHECKOUT, log("ESLint", [result("eval", "src/c.js", 1)]));
    expect((await overview(w.reader)).findings.total).toBe(1);
    await db.repository.update({ where: { id: w.checkout }, data: { removedAt: new Date() } });
    await refreshConnectorRollups([w.prodConnectorId]);
    await assessConnector(w.prodConnectorId);
    const after = await overview(w.reader);
    expect(after).toMatchObject({ repositories: 2, findings: { total: 0 }, topRepositories: [] });
    expect(one(await recommendations(w.reader), CODE)!.resources.total).toBe(2);
  });
});
