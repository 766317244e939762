/**
 * The inventory API over repositories written straight into PostgreSQL: every filter
 * and sort, keyset pages that add up to the whole list, search, scope, CSV export.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/v1/repositories/export.csv/route";
import * as repositoriesRoute from "@/app/api/v1/repositories/route";
import { INVENTORY_SORTS, type InventoryPage, type RepositoryRow } from "@/lib/schemas/inventory";
import { FINDING_TYPES, SEVERITIES } from "@/lib/schemas/findings";
import { db } from "@/lib/server/db/client";
import { recountFindings } from "@/lib/server/findings/finding-counts";
import { makeConnector, makeResourceGroup, makeSubscription, userWithSession } from "./factories";
import { call } from "./http";

interface World {
  owner: string;
  prodReader: string;
  prodConnector: string;
  devConnector: string;
  prodSubscription: string;
}

let world: World;

const STATUSES = ["ON", "OFF", "PARTIAL", "NOT_AVAILABLE"] as const;

async function seedRepositories(connectorId: string, provider: "GITHUB" | "AZURE_DEVOPS" | "GITLAB", org: string, count: number, offset: number) {
  await db.repository.createMany({
    data: Array.from({ length: count }, (_, i) => {
      const n = i + offset;
      const name = n % 7 === 0 ? `Payments-${n}` : `svc_${String(n).padStart(3, "0")}`;
      const lastPushAt = n % 5 === 0 ? null : new Date(Date.UTC(2026, 0, 1 + (n % 300)));
      return {
        connectorId,
        provider,
        externalId: `ext-${n}`,
        organizationExternalId: org,
        organizationName: org,
        projectPath: provider === "GITHUB" ? null : `team-${n % 3}`,
        name,
        nameKey: name.toLowerCase(),
        fullName: `${org}/${provider === "GITHUB" ? "" : `team-${n % 3}/`}${name}`,
        searchKey: `${org}/${provider === "GITHUB" ? "" : `team-${n % 3}/`}${name}`.toLowerCase(),
        url: `https://example.test/${org}/${name}`,
        visibility: n % 2 ? "private" : "public",
        advancedSecurity: STATUSES[n % 4]!,
        advancedSecurityOff: n % 4 === 2 ? ["Code scanning"] : [],
        prAnnotations: provider === "AZURE_DEVOPS" ? (n % 2 ? "ON" : "OFF") : "NOT_AVAILABLE",
        lastPushAt,
        lastPushKey: lastPushAt ?? new Date(0),
        removedAt: n % 23 === 0 ? new Date() : null,
      };
    }),
  });
}

/** A few findings per repository, some no longer open, and the counters ingestion would keep. */
async function seedFindings() {
  const repositories = await db.repository.findMany({ select: { id: true }, orderBy: { externalId: "asc" } });
  await db.finding.createMany({
    data: repositories.flatMap((r, n) =>
      Array.from({ length: n % 6 }, (_, i) => ({
        repositoryId: r.id,
        type: FINDING_TYPES[(n + i) % FINDING_TYPES.length]!,
        severity: SEVERITIES[(n * (i + 1)) % SEVERITIES.length]!,
        state: i === 0 && n % 2 === 1 ? ("FIXED" as const) : ("OPEN" as const),
        tool: "test",
        ruleId: `rule-${i}`,
        title: `Rule ${i}`,
        fingerprint: `${n}-${i}`,
      })),
    ),
  });
  await recountFindings(null);
}

beforeEach(async () => {
  const prod = await makeSubscription("Contoso Production");
  const dev = await makeSubscription("Contoso Development");
  const prodConnector = await makeConnector((await makeResourceGroup(prod.id, "prod-rg")).id, "prod-gh");
  const devConnector = await makeConnector((await makeResourceGroup(dev.id, "dev-rg")).id, "dev-ado");
  await db.connector.update({ where: { id: devConnector.id }, data: { provider: "AZURE_DEVOPS" } });
  await seedRepositories(prodConnector.id, "GITHUB", "contoso-web", 60, 0);
  await seedRepositories(devConnector.id, "AZURE_DEVOPS", "fabrikam", 45, 1000);
  await seedFindings();
  const owner = (await userWithSession({ role: "OWNER" })).cookie;
  const prodReader = (await userWithSession({ role: "SECURITY_READER", scope: { type: "SUBSCRIPTION", id: prod.id } })).cookie;
  world = { owner, prodReader, prodConnector: prodConnector.id, devConnector: devConnector.id, prodSubscription: prod.id };
});

async function page(cookie: string, params: Record<string, string>) {
  const search = new URLSearchParams(params).toString();
  const result = await call(repositoriesRoute.GET, { path: `/api/v1/repositories?${search}`, cookie });
  return result as typeof result & { json: InventoryPage & { detail?: string } };
}

/** Every row of a query, following nextCursor. */
async function all(cookie: string, params: Record<string, string>): Promise<{ rows: RepositoryRow[]; pages: number; total: number }> {
  const rows: RepositoryRow[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let total = 0;
  do {
    const result = await page(cookie, { ...params, ...(cursor ? { cursor } : {}) });
    expect(result.status, result.json.detail).toBe(200);
    rows.push(...result.json.items);
    total = result.json.total;
    cursor = result.json.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { rows, pages, total };
}

describe("the inventory API", () => {
  it("pages through everything with keyset cursors, for every sort and direction, without gaps or repeats", async () => {
    const everything = await db.repository.count({ where: { removedAt: null } });
    for (const sort of INVENTORY_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        const { rows, pages, total } = await all(world.owner, { sort, dir, limit: "17" });
        expect(total, `${sort} ${dir}`).toBe(everything);
        expect(rows, `${sort} ${dir}`).toHaveLength(everything);
        expect(new Set(rows.map((r) => r.id)).size, `${sort} ${dir}: no repeats`).toBe(everything);
        expect(pages).toBe(Math.ceil(everything / 17));
      }
    }
  });

  it("sorts by name case-insensitively, and by status in seed 002's order", async () => {
    const byName = (await all(world.owner, { sort: "name", limit: "200" })).rows.map((r) => r.name.toLowerCase());
    expect(byName).toEqual([...byName].sort());
    const byStatus = (await all(world.owner, { sort: "advancedSecurity", limit: "200" })).rows.map((r) => r.advancedSecurity);
    const order = ["ON", "OFF", "PARTIAL", "NOT_AVAILABLE"];
    expect(byStatus).toEqual([...byStatus].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    const bySubscription = (await all(world.owner, { sort: "subscription", dir: "desc", limit: "13" })).rows.map((r) => [r.subscription.name, r.name.toLowerCase()].join("\u0000"));
    expect(bySubscription).toEqual([...bySubscription].sort().reverse());
    expect(new Set(bySubscription.map((k) => k.split("\u0000")[0])).size).toBe(2);
    const desc = (await all(world.owner, { sort: "lastPush", dir: "desc", limit: "200" })).rows.map((r) => r.lastPushAt ?? "");
    expect(desc).toEqual([...desc].sort().reverse());
  });

  it("filters by provider, connector, subscription, statuses and removed, and counts what matches", async () => {
    const ado = await page(world.owner, { provider: "AZURE_DEVOPS", limit: "200" });
    expect(ado.json.items.every((r) => r.provider === "AZURE_DEVOPS")).toBe(true);
    expect(ado.json.total).toBe(await db.repository.count({ where: { provider: "AZURE_DEVOPS", removedAt: null } }));

    const conn = await page(world.owner, { connector: world.prodConnector });
    expect(conn.json.total).toBe(await db.repository.count({ where: { connectorId: world.prodConnector, removedAt: null } }));

    const sub = await page(world.owner, { subscription: world.prodSubscription });
    expect(sub.json.total).toBe(conn.json.total);

    const partialOrOff = await page(world.owner, { advancedSecurity: "PARTIAL,OFF", limit: "200" });
    expect(new Set(partialOrOff.json.items.map((r) => r.advancedSecurity))).toEqual(new Set(["PARTIAL", "OFF"]));
    expect(partialOrOff.json.items.filter((r) => r.advancedSecurity === "PARTIAL").every((r) => r.advancedSecurityOff.includes("Code scanning"))).toBe(true);

    const annotated = await page(world.owner, { prAnnotations: "ON", limit: "200" });
    expect(annotated.json.items.every((r) => r.prAnnotations === "ON" && r.provider === "AZURE_DEVOPS")).toBe(true);

    const withRemoved = await page(world.owner, { includeRemoved: "true" });
    expect(withRemoved.json.total).toBe(await db.repository.count());
  });

  it("counts each repository's open findings by severity and type, and filters and sorts by them", async () => {
    const { rows } = await all(world.owner, { sort: "findings", dir: "desc", limit: "50" });
    const totals = rows.map((r) => r.findings.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(totals[0]).toBeGreaterThan(0);
    for (const r of rows) {
      const open = await db.finding.groupBy({ by: ["severity"], where: { repositoryId: r.id, state: "OPEN" }, _count: true });
      const count = (severity: string) => open.find((o) => o.severity === severity)?._count ?? 0;
      expect(r.findings.bySeverity, r.name).toEqual({ critical: count("CRITICAL"), high: count("HIGH"), medium: count("MEDIUM"), low: count("LOW") });
      expect(Object.values(r.findings.byType).reduce((a, b) => a + b, 0)).toBe(r.findings.total);
    }

    const secrets = await all(world.owner, { findingType: "SECRETS", limit: "200" });
    expect(secrets.total).toBeGreaterThan(0);
    expect(secrets.total).toBe(await db.repository.count({ where: { removedAt: null, findings: { some: { type: "SECRETS", state: "OPEN" } } } }));
    const criticalOrHigh = await all(world.owner, { severity: "CRITICAL,HIGH", limit: "200" });
    expect(criticalOrHigh.total).toBe(
      await db.repository.count({ where: { removedAt: null, findings: { some: { severity: { in: ["CRITICAL", "HIGH"] }, state: "OPEN" } } } }),
    );
    expect(criticalOrHigh.rows.every((r) => r.findings.bySeverity.critical + r.findings.bySeverity.high > 0)).toBe(true);

    // Fixing every finding of a repository takes it out of the filter once counted again.
    const first = secrets.rows[0]!;
    await db.finding.updateMany({ where: { repositoryId: first.id }, data: { state: "FIXED" } });
    await recountFindings([first.id]);
    const after = await all(world.owner, { findingType: "SECRETS", limit: "200" });
    expect(after.total).toBe(secrets.total - 1);
    expect(after.rows.some((r) => r.id === first.id)).toBe(false);
  });

  it("searches names and paths, taking % and _ literally", async () => {
    const payments = await page(world.owner, { q: "payments", limit: "200" });
    expect(payments.json.total).toBeGreaterThan(0);
    expect(payments.json.items.every((r) => r.fullName.toLowerCase().includes("payments"))).toBe(true);
    expect((await page(world.owner, { q: "team-1/" })).json.items.every((r) => r.projectPath === "team-1")).toBe(true);
    expect((await page(world.owner, { q: "svc_00" })).json.total).toBe(
      await db.repository.count({ where: { name: { startsWith: "svc_00" }, removedAt: null } }),
    );
    expect((await page(world.owner, { q: "%" })).json.total).toBe(0);
    // A search pages like the rest, in every sort.
    for (const sort of ["name", "subscription", "lastPush"]) {
      const searched = await all(world.owner, { q: "svc", sort, dir: "desc", limit: "7" });
      expect(searched.rows, sort).toHaveLength(searched.total);
      expect(new Set(searched.rows.map((r) => r.id)).size, sort).toBe(searched.total);
    }
  });

  it("shows a reader scoped to one subscription only its repositories", async () => {
    const { rows, total } = await all(world.prodReader, { limit: "200" });
    expect(total).toBe(await db.repository.count({ where: { connectorId: world.prodConnector, removedAt: null } }));
    expect(rows.every((r) => r.connector.id === world.prodConnector)).toBe(true);
    expect((await page(world.prodReader, { connector: world.devConnector })).json.total).toBe(0);
  });

  it("explains a bad parameter or cursor, naming it", async () => {
    const badSort = await page(world.owner, { sort: "size" });
    expect(badSort.status).toBe(422);
    expect(badSort.json.detail).toMatch(/^query\.sort: must be one of name, /);
    const badStatus = await page(world.owner, { advancedSecurity: "MAYBE" });
    expect(badStatus.status).toBe(422);
    const cursor = (await page(world.owner, { limit: "5" })).json.nextCursor!;
    const wrongSort = await page(world.owner, { sort: "environment", cursor });
    expect(wrongSort.status).toBe(422);
    expect(wrongSort.json.detail).toMatch(/cursor/);
    expect((await page(world.owner, { cursor: "garbage" })).status).toBe(422);
    // Right shape, wrong kind of value for this sort: still the caller's mistake.
    const forged = Buffer.from(JSON.stringify(["not-a-date", "x", "7d9a1c1e-3f55-4c0e-9a55-0d3c1b1f2a10"])).toString("base64url");
    expect((await page(world.owner, { sort: "lastPush", cursor: forged })).status).toBe(422);
    const forgedStatus = Buffer.from(JSON.stringify(["MAYBE", "x", "7d9a1c1e-3f55-4c0e-9a55-0d3c1b1f2a10"])).toString("base64url");
    expect((await page(world.owner, { sort: "advancedSecurity", cursor: forgedStatus })).status).toBe(422);
  });

  it("refuses an unknown bearer token with a message, not a session error", async () => {
    const result = await call(repositoriesRoute.GET, { path: "/api/v1/repositories", headers: { authorization: "Bearer rmp_not_a_token" } });
    expect(result.status).toBe(401);
    expect(result.json.detail).toBe("The API token is not valid, has expired or was revoked.");
  });
});

describe("the CSV export", () => {
  it("streams every matching row in the grid's order, with formula-like cells defused", async () => {
    await db.repository.updateMany({ where: { externalId: "ext-1" }, data: { name: "=HYPERLINK(\"http://evil\")", nameKey: "=hyperlink" } });
    const result = await call(exportRoute.GET, { path: "/api/v1/repositories/export.csv?provider=GITHUB&sort=name", cookie: world.owner });
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(result.headers.get("content-disposition")).toMatch(/^attachment; filename="rampart-inventory-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = String(result.json).replace(/^\uFEFF/, "");
    const lines = text.trim().split("\n");
    expect(lines[0]).toMatch(/^Name,Full name,DevOps environment,Connector,Resource type,Subscription,/);
    expect(lines[0]).toContain(",Open findings,Critical,High,Medium,Low,Code findings,");
    expect(lines).toHaveLength(1 + (await db.repository.count({ where: { provider: "GITHUB", removedAt: null } })));
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const names = lines.slice(1).map((l) => l.split(",")[0]!);
    expect(names.slice(1)).toEqual([...names.slice(1)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });
});
