import "server-only";
import { Prisma } from "../db/generated/client";
import type { NormalizedAnalysis } from "../sarif/normalize-log";

/**
 * Applies one analysis (a tool's results in one category) of a scan to the repository's
 * findings, in the caller's transaction, entirely in SQL: the results go in as arrays,
 * and a handful of set-based statements decide each finding's fate against the
 * repository's existing findings of that tool and category:
 *
 * - reported and unknown: a new finding (New), with a DETECTED event;
 * - reported and Fixed (or not scanned): Reopened, with a REOPENED event;
 * - reported and open or dismissed: unchanged; its location, message and severity follow
 *   the latest scan when they differ (code that moved keeps its finding);
 * - not reported and open (or not scanned): Fixed, with a FIXED event;
 * - dismissed: stays dismissed whatever the scan says; `fixedAt` records whether the
 *   latest scan still reports it, so that the dismissal lapsing leaves it open or fixed.
 */

export type MergeCounts = { new: number; unchanged: number; fixed: number; reopened: number };

type Tx = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

/** The scan's results as a temporary table, one column per array. */
async function loadIncoming(tx: Tx, analysis: NormalizedAnalysis): Promise<void> {
  const r = analysis.results;
  const col = <T,>(pick: (x: (typeof r)[number]) => T) => r.map(pick);
  await tx.$executeRaw`DROP TABLE IF EXISTS pg_temp.incoming_results`;
  await tx.$executeRaw`
    CREATE TEMP TABLE incoming_results ON COMMIT DROP AS
    SELECT * FROM unnest(
      ${col((x) => x.fingerprint)}::text[], ${col((x) => x.occurrence)}::int[], ${col((x) => x.ruleId)}::text[],
      ${col((x) => x.title)}::text[], ${col((x) => x.message)}::text[], ${col((x) => x.path)}::text[],
      ${col((x) => x.startLine)}::int[], ${col((x) => x.endLine)}::int[], ${col((x) => x.startColumn)}::int[],
      ${col((x) => x.endColumn)}::int[], ${col((x) => x.snippet)}::text[], ${col((x) => x.severity)}::text[],
      ${col((x) => x.severityReason)}::text[], ${col((x) => x.fingerprintSource)}::text[]
    ) AS t(fingerprint, occurrence, "ruleId", title, message, path, "startLine", "endLine", "startColumn", "endColumn", snippet, severity, "severityReason", "fingerprintSource")`;
  await tx.$executeRaw`ALTER TABLE pg_temp.incoming_results ADD PRIMARY KEY (fingerprint, occurrence)`;
  await tx.$executeRaw`ANALYZE pg_temp.incoming_results`;
}

export async function mergeAnalysis(
  tx: Tx,
  input: { repositoryId: string; scanId: string; at: Date; analysis: NormalizedAnalysis },
): Promise<MergeCounts> {
  const { repositoryId, scanId, at, analysis } = input;
  const { tool, category, type } = analysis;
  await loadIncoming(tx, analysis);

  const set = Prisma.sql`f."repositoryId" = ${repositoryId}::uuid AND f.tool = ${tool} AND f.category = ${category}`;
  const matched = Prisma.sql`f.fingerprint = i.fingerprint AND f.occurrence = i.occurrence`;
  const follow = Prisma.sql`
    type = ${type}::"FindingType", severity = i.severity::"Severity", "severityReason" = i."severityReason",
    "ruleId" = i."ruleId", title = i.title, message = i.message, path = i.path, "startLine" = i."startLine",
    "endLine" = i."endLine", "startColumn" = i."startColumn", "endColumn" = i."endColumn", snippet = i.snippet,
    "fingerprintSource" = i."fingerprintSource", "lastSeenAt" = ${at}`;

  const reopened = await tx.$executeRaw`
    WITH reopened AS (
      UPDATE "Finding" f SET state = 'OPEN', "fixedAt" = NULL, "reopenedAt" = ${at}, "reopenedScanId" = ${scanId}::uuid, ${follow}
      FROM pg_temp.incoming_results i
      WHERE ${set} AND ${matched} AND f.state IN ('FIXED', 'NOT_SCANNED')
      RETURNING f.id
    )
    INSERT INTO "FindingEvent" (id, "findingId", kind, at, "scanId")
    SELECT gen_random_uuid(), id, 'REOPENED', ${at}, ${scanId}::uuid FROM reopened`;

  // Still reported: follow the latest scan where something differs (nothing otherwise, so
  // the same results uploaded again write nothing).
  await tx.$executeRaw`
    UPDATE "Finding" f SET "fixedAt" = NULL, ${follow}
    FROM pg_temp.incoming_results i
    WHERE ${set} AND ${matched} AND f.state IN ('OPEN', 'DISMISSED')
      AND (f."fixedAt" IS NOT NULL OR f.type <> ${type}::"FindingType"
        OR (f.severity::text, f."severityReason", f."ruleId", f.title, f.message, f.path, f."startLine", f."endLine", f."startColumn", f."endColumn", f.snippet, f."fingerprintSource")
           IS DISTINCT FROM (i.severity, i."severityReason", i."ruleId", i.title, i.message, i.path, i."startLine", i."endLine", i."startColumn", i."endColumn", i.snippet, i."fingerprintSource"))`;

  const fixed = await tx.$executeRaw`
    WITH fixed AS (
      UPDATE "Finding" f SET state = 'FIXED', "fixedAt" = ${at}, "lastSeenAt" = ${at}
      WHERE ${set} AND f.state IN ('OPEN', 'NOT_SCANNED')
        AND NOT EXISTS (SELECT 1 FROM pg_temp.incoming_results i WHERE ${matched})
      RETURNING f.id
    )
    INSERT INTO "FindingEvent" (id, "findingId", kind, at, "scanId")
    SELECT gen_random_uuid(), id, 'FIXED', ${at}, ${scanId}::uuid FROM fixed`;

  await tx.$executeRaw`
    UPDATE "Finding" f SET "fixedAt" = ${at}
    WHERE ${set} AND f.state = 'DISMISSED' AND f."fixedAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM pg_temp.incoming_results i WHERE ${matched})`;

  const created = await tx.$executeRaw`
    WITH created AS (
      INSERT INTO "Finding" (id, "repositoryId", type, severity, "severityReason", state, tool, category, "ruleId", title, message,
        path, "startLine", "endLine", "startColumn", "endColumn", snippet, fingerprint, "fingerprintSource", occurrence,
        "firstSeenAt", "firstSeenScanId", "lastSeenAt")
      SELECT gen_random_uuid(), ${repositoryId}::uuid, ${type}::"FindingType", i.severity::"Severity", i."severityReason", 'OPEN', ${tool}, ${category},
        i."ruleId", i.title, i.message, i.path, i."startLine", i."endLine", i."startColumn", i."endColumn", i.snippet, i.fingerprint,
        i."fingerprintSource", i.occurrence, ${at}, ${scanId}::uuid, ${at}
      FROM pg_temp.incoming_results i
      ON CONFLICT ("repositoryId", tool, category, fingerprint, occurrence) DO NOTHING
      RETURNING id
    )
    INSERT INTO "FindingEvent" (id, "findingId", kind, at, "scanId")
    SELECT gen_random_uuid(), id, 'DETECTED', ${at}, ${scanId}::uuid FROM created`;

  return { new: created, reopened, fixed, unchanged: analysis.results.length - created - reopened };
}

/** Rule metadata as the latest log describes it; rows change only when the description does. */
export async function upsertRules(tx: Tx, tool: string, rules: NormalizedAnalysis["rules"], at: Date): Promise<void> {
  if (rules.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "Rule" (id, tool, "ruleId", name, "shortDescription", "fullDescription", "helpMarkdown", "helpText", "helpUri", tags, cwes,
      "securitySeverity", "defaultLevel", "updatedAt")
    SELECT gen_random_uuid(), ${tool}, r."ruleId", r.name, r."shortDescription", r."fullDescription", r."helpMarkdown", r."helpText", r."helpUri",
      r.tags, r.cwes, r."securitySeverity", r."defaultLevel", ${at}
    FROM jsonb_to_recordset(${JSON.stringify(rules)}::jsonb) AS r("ruleId" text, name text, "shortDescription" text, "fullDescription" text,
      "helpMarkdown" text, "helpText" text, "helpUri" text, tags text[], cwes text[], "securitySeverity" double precision, "defaultLevel" text)
    ON CONFLICT (tool, "ruleId") DO UPDATE SET
      name = EXCLUDED.name, "shortDescription" = EXCLUDED."shortDescription", "fullDescription" = EXCLUDED."fullDescription",
      "helpMarkdown" = EXCLUDED."helpMarkdown", "helpText" = EXCLUDED."helpText", "helpUri" = EXCLUDED."helpUri", tags = EXCLUDED.tags,
      cwes = EXCLUDED.cwes, "securitySeverity" = EXCLUDED."securitySeverity", "defaultLevel" = EXCLUDED."defaultLevel", "updatedAt" = EXCLUDED."updatedAt"
    WHERE ("Rule".name, "Rule"."shortDescription", "Rule"."fullDescription", "Rule"."helpMarkdown", "Rule"."helpText", "Rule"."helpUri", "Rule".tags,
      "Rule".cwes, "Rule"."securitySeverity", "Rule"."defaultLevel")
      IS DISTINCT FROM (EXCLUDED.name, EXCLUDED."shortDescription", EXCLUDED."fullDescription", EXCLUDED."helpMarkdown", EXCLUDED."helpText",
      EXCLUDED."helpUri", EXCLUDED.tags, EXCLUDED.cwes, EXCLUDED."securitySeverity", EXCLUDED."defaultLevel")`;
}
