/**
 * The benchmarks' dataset (bench:inventory, bench:overview): 100,000 repositories across
 * 3 providers, 12 connectors and 4 subscriptions, and about 2,000,000 findings, loaded
 * server-side (INSERT … SELECT generate_series) into a throwaway database, with each
 * repository's counters and each connector's rollup set as ingestion keeps them
 * (recountFindings).
 */
import { performance } from "node:perf_hooks";
import type pg from "pg";

export const REPOSITORIES = 100_000;
export const FINDINGS = 2_000_000;

export type BenchProvider = "GITHUB" | "AZURE_DEVOPS" | "GITLAB";

export interface InventoryDataset {
  subscriptions: { id: string; name: string }[];
  connectors: { id: string; provider: BenchProvider; subscriptionId: string }[];
  repositories: number;
  findings: number;
  /** Seconds each step took, and in all. */
  seconds: { repositories: number; findings: number; counters: number; indexes: number; total: number };
}

/**
 * Seeds the dataset. `beforeCounters` runs after the bulk load, while the secondary
 * indexes are still dropped (cheap bulk updates), before the counters are set.
 */
export async function seedInventoryDataset(sql: pg.Pool, options: { beforeCounters?: (sql: pg.Pool) => Promise<void> } = {}): Promise<InventoryDataset> {
  const { db } = await import("@/lib/server/db/client");
  const { recountFindings } = await import("@/lib/server/findings/finding-counts");

  const seedStart = performance.now();
  const subscriptions = [];
  for (const n of ["Production", "Development", "Research", "Shared"]) subscriptions.push(await db.subscription.create({ data: { name: `Contoso ${n}` } }));
  const connectors: InventoryDataset["connectors"] = [];
  for (let i = 0; i < 12; i++) {
    const provider = (["GITHUB", "AZURE_DEVOPS", "GITLAB"] as const)[i % 3]!;
    const subscriptionId = subscriptions[i % 4]!.id;
    const group = await db.resourceGroup.create({ data: { subscriptionId, name: `rg-${i}` } });
    const c = await db.connector.create({ data: { name: `bench-${i}`, provider, host: "cloud", resourceGroupId: group.id, scanners: [], scanScopeEntries: [] } });
    connectors.push({ id: c.id, provider, subscriptionId });
  }
  // A bulk load as pg_restore does it: secondary indexes built once at the end (in
  // parallel), and the findings' foreign key trusted (session_replication_role) since
  // the same statement picks their repositories.
  const indexes = (
    await sql.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('Repository', 'Finding')
         AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
    )
  ).rows as { indexname: string; indexdef: string }[];
  for (const index of indexes) await sql.query(`DROP INDEX "${index.indexname}"`);
  await sql.query(
    `INSERT INTO "Repository" (id, "connectorId", provider, "externalId", "organizationExternalId", "organizationName", "projectPath", name, "nameKey", "fullName", "searchKey", url,
       visibility, archived, "sizeKb", "lastPushAt", "lastPushKey", "advancedSecurity", "advancedSecurityOff", "prAnnotations", "removedAt", "updatedAt")
     SELECT gen_random_uuid(), c.id, c.provider, 'r' || g, 'org' || (g % 40), 'org-' || (g % 40),
            CASE WHEN c.provider = 'GITHUB' THEN NULL ELSE 'project-' || (g % 25) END,
            w.word || '-' || g, lower(w.word || '-' || g),
            'org-' || (g % 40) || '/' || CASE WHEN c.provider = 'GITHUB' THEN '' ELSE 'project-' || (g % 25) || '/' END || w.word || '-' || g,
            'org-' || (g % 40) || '/' || CASE WHEN c.provider = 'GITHUB' THEN '' ELSE 'project-' || (g % 25) || '/' END || w.word || '-' || g,
            'https://example.test/r/' || g,
            (ARRAY['public','private','internal'])[1 + g % 3], g % 50 = 0, (g * 37) % 500000,
            CASE WHEN g % 9 = 0 THEN NULL ELSE timestamp '2026-01-01' + (g % 300) * interval '1 day' END,
            CASE WHEN g % 9 = 0 THEN timestamp '1970-01-01' ELSE timestamp '2026-01-01' + (g % 300) * interval '1 day' END,
            (ARRAY['ON','OFF','PARTIAL','NOT_AVAILABLE']::"AdvancedSecurityStatus"[])[1 + g % 4],
            CASE WHEN g % 4 = 2 THEN ARRAY['Code scanning'] ELSE ARRAY[]::text[] END,
            CASE WHEN c.provider = 'AZURE_DEVOPS' THEN (ARRAY['ON','OFF']::"PrAnnotationStatus"[])[1 + g % 2] ELSE 'NOT_AVAILABLE'::"PrAnnotationStatus" END,
            CASE WHEN g % 97 = 0 THEN now() ELSE NULL END, now()
     FROM generate_series(1, $1) g
     JOIN (SELECT id, provider::"DevOpsProvider", row_number() OVER (ORDER BY name) - 1 AS n FROM "Connector") c ON c.n = g % 12
     JOIN (SELECT w, row_number() OVER () - 1 AS n FROM unnest(ARRAY['payments','checkout','identity','ledger','search','catalog','billing','gateway','reports','mobile','storefront','inventory']) w) w(word, n) ON w.n = (g / 12) % 12`,
    [REPOSITORIES],
  );
  const repositoriesSeconds = (performance.now() - seedStart) / 1000;

  // Findings: 0 to 40 per repository (20 on average), a fifth of them fixed; types and
  // severities spread unevenly, as scanners find them; first seen over the last 120 days,
  // and fixed some time between then and now (the overview's mean time to remediate).
  const findingsStart = performance.now();
  const loader = await sql.connect();
  await loader.query(`SET session_replication_role = replica`);
  await loader.query(
    `INSERT INTO "Finding" (id, "repositoryId", type, severity, state, tool, "ruleId", title, path, "startLine", fingerprint, "firstSeenAt", "lastSeenAt", "fixedAt")
     SELECT gen_random_uuid(), r.id,
            (ARRAY['CODE','CODE','CODE','SECRETS','DEPENDENCY','DEPENDENCY','IAC','CONTAINER']::"FindingType"[])[1 + (r.n + i) % 8],
            (ARRAY['CRITICAL','HIGH','HIGH','MEDIUM','MEDIUM','MEDIUM','LOW','LOW','LOW','LOW']::"Severity"[])[1 + (r.n * 7 + i * 3) % 10],
            CASE WHEN i % 5 = 0 THEN 'FIXED'::"FindingState" ELSE 'OPEN'::"FindingState" END,
            'bench', 'rule-' || (i % 60), 'Rule ' || (i % 60), 'src/file-' || i || '.ts', 1 + i * 7, r.n || ':' || i,
            t.seen, COALESCE(t.fixed, localtimestamp), t.fixed
     FROM (SELECT id, row_number() OVER (ORDER BY "externalId") AS n FROM "Repository") r
     CROSS JOIN LATERAL generate_series(1, ((r.n * 7919) % $1)::int) i
     CROSS JOIN LATERAL (
       SELECT s.seen, CASE WHEN i % 5 = 0 THEN s.seen + (localtimestamp - s.seen) * (((r.n + i) % 9 + 1) / 10.0) END AS fixed
       FROM (SELECT localtimestamp - ((r.n * 13 + i * 7) % 120) * interval '1 day' - ((r.n * 31 + i * 17) % 86400) * interval '1 second' AS seen) s
     ) t`,
    // 0 to 2 × the mean per repository, evenly: FINDINGS in all, give or take a few.
    [(2 * FINDINGS) / REPOSITORIES + 1],
  );
  await loader.query(`RESET session_replication_role`);
  loader.release();
  const findingsSeconds = (performance.now() - findingsStart) / 1000;
  if (options.beforeCounters) await options.beforeCounters(sql);

  const countersStart = performance.now();
  await recountFindings(null);
  const countersSeconds = (performance.now() - countersStart) / 1000;
  const indexStart = performance.now();
  await Promise.all(indexes.map((index) => sql.query(index.indexdef)));
  const indexSeconds = (performance.now() - indexStart) / 1000;
  // Setting the counters rewrote every repository row once, which only this way of seeding
  // does (ingestion updates a few at a time): compact the table as a restored database
  // would be, then, as autovacuum leaves a table in production, statistics and the
  // visibility map (index-only scans).
  await sql.query(`VACUUM FULL "Repository"`);
  await sql.query(`VACUUM ANALYZE "Repository"`);
  await sql.query(`VACUUM ANALYZE "Finding"`);
  const total = (performance.now() - seedStart) / 1000;
  const repositories = Number((await sql.query(`SELECT count(*) FROM "Repository"`)).rows[0].count);
  const findings = Number((await sql.query(`SELECT count(*) FROM "Finding"`)).rows[0].count);
  return {
    subscriptions: subscriptions.map((s) => ({ id: s.id, name: s.name })),
    connectors,
    repositories,
    findings,
    seconds: { repositories: repositoriesSeconds, findings: findingsSeconds, counters: countersSeconds, indexes: indexSeconds, total },
  };
}
