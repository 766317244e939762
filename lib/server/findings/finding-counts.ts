import "server-only";
import { FINDING_TYPES, SEVERITIES, type FindingTypeName, type SeverityName } from "@/lib/schemas/findings";
import { RISK_WEIGHTS } from "@/lib/schemas/overview";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { assessRepositories } from "../recommendations/assess";

/**
 * Each repository keeps the counts of its open findings (by severity and by type), its
 * weighted risk and its remediation figures in its own row, so that the inventory filters,
 * sorts and pages by them through indexes instead of counting millions of findings for
 * every page. Each connector keeps the sum over its live repositories (ConnectorRollup) and
 * today's point of the trend (DailyRollup), for the overview. Whatever changes findings
 * (ingestion, triage, a dismissal lapsing, a scanner turned off) calls `recountFindings` for
 * the repositories it touched, in the same transaction and holding their row locks; it
 * also re-assesses their findings recommendations.
 */

/** The Repository column holding the open count of each severity and type. */
export const SEVERITY_COLUMNS: Record<SeverityName, string> = {
  CRITICAL: "findingsCritical",
  HIGH: "findingsHigh",
  MEDIUM: "findingsMedium",
  LOW: "findingsLow",
};
export const TYPE_COLUMNS: Record<FindingTypeName, string> = {
  CODE: "findingsCode",
  SECRETS: "findingsSecrets",
  DEPENDENCY: "findingsDependency",
  IAC: "findingsIac",
  CONTAINER: "findingsContainer",
};
const SEVERITY_WORD: Record<SeverityName, string> = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low" };
export const REMEDIATED_COLUMNS: Record<SeverityName, string> = Object.fromEntries(SEVERITIES.map((s) => [s, `remediated${SEVERITY_WORD[s]}`])) as Record<SeverityName, string>;
export const REMEDIATION_SECONDS_COLUMNS: Record<SeverityName, string> = Object.fromEntries(
  SEVERITIES.map((s) => [s, `remediationSeconds${SEVERITY_WORD[s]}`]),
) as Record<SeverityName, string>;

/** Every counter a repository keeps and its connector's rollup sums, with how it is computed from findings. */
const COUNTERS: { column: string; value: Prisma.Sql; float?: boolean }[] = [
  { column: "findingsOpen", value: Prisma.sql`count(*) FILTER (WHERE state = 'OPEN')` },
  ...SEVERITIES.map((s) => ({ column: SEVERITY_COLUMNS[s], value: Prisma.sql`count(*) FILTER (WHERE state = 'OPEN' AND severity = ${s}::"Severity")` })),
  ...FINDING_TYPES.map((t) => ({ column: TYPE_COLUMNS[t], value: Prisma.sql`count(*) FILTER (WHERE state = 'OPEN' AND type = ${t}::"FindingType")` })),
  ...SEVERITIES.map((s) => ({ column: REMEDIATED_COLUMNS[s], value: Prisma.sql`count(*) FILTER (WHERE state = 'FIXED' AND severity = ${s}::"Severity" AND "fixedAt" IS NOT NULL)` })),
  ...SEVERITIES.map((s) => ({
    column: REMEDIATION_SECONDS_COLUMNS[s],
    value: Prisma.sql`sum(extract(epoch FROM "fixedAt" - "firstSeenAt")) FILTER (WHERE state = 'FIXED' AND severity = ${s}::"Severity" AND "fixedAt" IS NOT NULL)`,
    float: true,
  })),
];

const q = (column: string) => Prisma.raw(`"${column}"`);

/** Prisma's client or transaction, or a pg transaction (lib/server/db/pg-transaction.ts). */
export type Executor = {
  $executeRaw(strings: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
  $queryRaw<T = unknown>(strings: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
};

/**
 * Sets the counters of these repositories from their findings, moves their connectors'
 * rollups by the difference (live repositories only), and re-assesses their findings
 * recommendations. null: every repository, then every rollup recomputed whole (seeding,
 * benchmarks).
 */
export async function recountFindings(repositoryIds: string[] | null, executor: Executor = db): Promise<number> {
  if (repositoryIds === null) return recountEverything(executor);
  const ids = [...new Set(repositoryIds)].sort();
  if (ids.length === 0) return 0;
  // Callers hold these locks already (ingestion, triage); taking them again is free, and
  // makes the old values read below the ones this transaction replaces.
  await executor.$queryRaw`SELECT id FROM "Repository" WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  const columns = COUNTERS.map((c) => q(c.column));
  const changed = await executor.$queryRaw<{ connectorId: string }[]>`
    WITH fresh AS (
      SELECT r.id, ${Prisma.join(
        COUNTERS.map((c) => Prisma.sql`COALESCE(f.${q(c.column)}, 0)${Prisma.raw(c.float ? "::float8" : "::int")} AS ${q(c.column)}`),
        ", ",
      )}
      FROM "Repository" r
      LEFT JOIN (
        SELECT "repositoryId", ${Prisma.join(COUNTERS.map((c) => Prisma.sql`${c.value} AS ${q(c.column)}`), ", ")}
        FROM "Finding" WHERE "repositoryId" = ANY(${ids}::uuid[]) AND state IN ('OPEN', 'FIXED')
        GROUP BY "repositoryId"
      ) f ON f."repositoryId" = r.id
      WHERE r.id = ANY(${ids}::uuid[])
    ),
    old AS (SELECT id, "connectorId", "removedAt" IS NULL AS live, ${Prisma.join(columns, ", ")} FROM "Repository" WHERE id = ANY(${ids}::uuid[])),
    updated AS (
      UPDATE "Repository" t SET ${Prisma.join(
        columns.map((c) => Prisma.sql`${c} = fresh.${c}`),
        ", ",
      )}, "riskScore" = ${Prisma.raw(SEVERITIES.map((s) => `${RISK_WEIGHTS[s]} * fresh."${SEVERITY_COLUMNS[s]}"`).join(" + "))}
      FROM fresh WHERE t.id = fresh.id
      RETURNING t.id
    ),
    delta AS (
      SELECT old."connectorId", ${Prisma.join(
        columns.map((c) => Prisma.sql`sum(fresh.${c} - old.${c}) AS ${c}`),
        ", ",
      )}
      FROM old JOIN fresh ON fresh.id = old.id
      WHERE old.live AND old.id IN (SELECT id FROM updated)
      GROUP BY old."connectorId"
    )
    INSERT INTO "ConnectorRollup" ("connectorId", ${Prisma.join(columns, ", ")}, "updatedAt")
    SELECT "connectorId", ${Prisma.join(columns, ", ")}, now() FROM delta
    ON CONFLICT ("connectorId") DO UPDATE SET ${Prisma.join(
      columns.map((c) => Prisma.sql`${c} = "ConnectorRollup".${c} + EXCLUDED.${c}`),
      ", ",
    )}, "updatedAt" = now()
    RETURNING "connectorId"::text AS "connectorId"`;
  await recordToday(
    executor,
    changed.map((c) => c.connectorId),
  );
  await assessRepositories(executor, ids);
  return ids.length;
}

/** Today's trend point of these connectors: their rollups' open counts now. */
export async function recordToday(executor: Executor, connectorIds: string[] | null): Promise<void> {
  if (connectorIds !== null && connectorIds.length === 0) return;
  const only = connectorIds === null ? Prisma.empty : Prisma.sql`WHERE "connectorId" = ANY(${connectorIds}::uuid[])`;
  await executor.$executeRaw`
    INSERT INTO "DailyRollup" ("connectorId", day, critical, high, medium, low)
    SELECT "connectorId", CURRENT_DATE, "findingsCritical", "findingsHigh", "findingsMedium", "findingsLow" FROM "ConnectorRollup" ${only}
    ON CONFLICT ("connectorId", day) DO UPDATE SET critical = EXCLUDED.critical, high = EXCLUDED.high, medium = EXCLUDED.medium, low = EXCLUDED.low`;
}

/**
 * Recomputes a connector's rollup whole from its live repositories (after a discovery
 * added, removed or changed them). Its row is locked first and the sums read by a later
 * statement of the same transaction, so that a recount moving it concurrently either
 * committed before (and is in the sums) or waits and applies its difference after.
 * Without a transaction given, it opens one.
 */
export async function refreshConnectorRollups(connectorIds: string[] | null, tx?: Executor): Promise<void> {
  if (!tx) return db.$transaction((t) => refreshConnectorRollups(connectorIds, t), { timeout: 300_000, maxWait: 30_000 });
  const executor = tx;
  const only = connectorIds === null ? Prisma.empty : Prisma.sql`WHERE c.id = ANY(${connectorIds}::uuid[])`;
  await executor.$executeRaw`
    INSERT INTO "ConnectorRollup" ("connectorId") SELECT c.id FROM "Connector" c ${only} ON CONFLICT DO NOTHING`;
  await executor.$queryRaw`
    SELECT "connectorId" FROM "ConnectorRollup" ${connectorIds === null ? Prisma.empty : Prisma.sql`WHERE "connectorId" = ANY(${connectorIds}::uuid[])`}
    ORDER BY "connectorId" FOR UPDATE`;
  const columns = COUNTERS.map((c) => q(c.column));
  await executor.$executeRaw`
    UPDATE "ConnectorRollup" t SET repositories = s.repositories, "advancedSecurityOn" = s."advancedSecurityOn",
      ${Prisma.join(
        columns.map((c) => Prisma.sql`${c} = s.${c}`),
        ", ",
      )}, "updatedAt" = now()
    FROM (
      SELECT c.id, count(r.id)::int AS repositories, (count(r.id) FILTER (WHERE r."advancedSecurity" = 'ON'))::int AS "advancedSecurityOn",
        ${Prisma.join(
          COUNTERS.map((c) => Prisma.sql`COALESCE(sum(r.${q(c.column)}), 0)${Prisma.raw(c.float ? "::float8" : "::int")} AS ${q(c.column)}`),
          ", ",
        )}
      FROM "Connector" c LEFT JOIN "Repository" r ON r."connectorId" = c.id AND r."removedAt" IS NULL
      ${only}
      GROUP BY c.id
    ) s WHERE t."connectorId" = s.id`;
  await recordToday(executor, connectorIds);
}

/** Every repository's counters from its findings, then every rollup whole. */
async function recountEverything(executor: Executor): Promise<number> {
  const columns = COUNTERS.map((c) => q(c.column));
  const count = await executor.$executeRaw`
    UPDATE "Repository" AS target
    SET ${Prisma.join(
      columns.map((c) => Prisma.sql`${c} = COALESCE(f.${c}, 0)`),
      ", ",
    )}, "riskScore" = ${Prisma.raw(SEVERITIES.map((s) => `${RISK_WEIGHTS[s]} * COALESCE(f."${SEVERITY_COLUMNS[s]}", 0)`).join(" + "))}
    FROM "Repository" r
    LEFT JOIN (
      SELECT "repositoryId", ${Prisma.join(COUNTERS.map((c) => Prisma.sql`${c.value} AS ${q(c.column)}`), ", ")}
      FROM "Finding" WHERE state IN ('OPEN', 'FIXED') GROUP BY "repositoryId"
    ) f ON f."repositoryId" = r.id
    WHERE target.id = r.id`;
  await refreshConnectorRollups(null, executor === db ? undefined : executor);
  return count;
}
