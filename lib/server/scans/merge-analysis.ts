import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { Prisma } from "../db/generated/client";
import type { PgTransaction } from "../db/pg-transaction";
import type { NormalizedAnalysis, NormalizedResult } from "../sarif/normalize-log";

/**
 * Applies one analysis (a tool's results in one category) of a scan to the repository's
 * findings, in the caller's transaction, entirely in SQL: the results are COPYed into a
 * temporary table, and a handful of set-based statements decide each finding's fate
 * against the repository's existing findings of that tool and category:
 *
 * - reported and unknown: a new finding (New); the row itself records its detection
 *   (firstSeenAt, firstSeenScanId), so no event is written for it;
 * - reported and Fixed (or not scanned): Reopened, with a REOPENED event;
 * - reported and open or dismissed: unchanged; its location, message and severity follow
 *   the latest scan when they differ (code that moved keeps its finding);
 * - not reported and open (or not scanned): Fixed, with a FIXED event;
 * - dismissed: stays dismissed whatever the scan says; `fixedAt` records whether the
 *   latest scan still reports it, so that the dismissal lapsing leaves it open or fixed.
 */

export type MergeCounts = { new: number; unchanged: number; fixed: number; reopened: number };

const INCOMING_COLUMNS = [
  "fingerprint",
  "occurrence",
  "ruleId",
  "title",
  "message",
  "path",
  "startLine",
  "endLine",
  "startColumn",
  "endColumn",
  "snippet",
  "severity",
  "severityReason",
  "fingerprintSource",
] as const satisfies readonly (keyof NormalizedResult)[];

/** COPY's text format: tab-separated, \N for null, backslash escapes. */
function copyField(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

function* copyLines(results: readonly NormalizedResult[]): Generator<string> {
  let batch = "";
  for (const result of results) {
    batch += `${INCOMING_COLUMNS.map((column) => copyField(result[column])).join("\t")}\n`;
    if (batch.length > 256 * 1024) {
      yield batch;
      batch = "";
    }
  }
  if (batch) yield batch;
}

/** The scan's results as a temporary table, loaded with COPY (many times faster than parameters). */
async function loadIncoming(tx: PgTransaction, analysis: NormalizedAnalysis): Promise<void> {
  await tx.client.query(`DROP TABLE IF EXISTS pg_temp.incoming_results`);
  await tx.client.query(`
    CREATE TEMP TABLE incoming_results (
      fingerprint text NOT NULL, occurrence int NOT NULL, "ruleId" text NOT NULL, title text NOT NULL, message text, path text,
      "startLine" int, "endLine" int, "startColumn" int, "endColumn" int, snippet text, severity text NOT NULL, "severityReason" text,
      "fingerprintSource" text
    ) ON COMMIT DROP`);
  const columns = INCOMING_COLUMNS.map((c) => `"${c}"`).join(", ");
  await pipeline(Readable.from(copyLines(analysis.results)), tx.client.query(copyFrom(`COPY pg_temp.incoming_results (${columns}) FROM STDIN`)));
  await tx.client.query(`ALTER TABLE pg_temp.incoming_results ADD PRIMARY KEY (fingerprint, occurrence)`);
}

export async function mergeAnalysis(
  tx: PgTransaction,
  input: { repositoryId: string; scanId: string; at: Date; analysis: NormalizedAnalysis },
): Promise<MergeCounts> {
  const { repositoryId, scanId, at, analysis } = input;
  const { tool, category, type } = analysis;
  // Stored as UTC without a zone, as Prisma stores timestamps; pg would send a Date in local time.
  const stamp = at.toISOString();
  await loadIncoming(tx, analysis);

  const set = Prisma.sql`f."repositoryId" = ${repositoryId}::uuid AND f.tool = ${tool} AND f.category = ${category}`;
  const matched = Prisma.sql`f.fingerprint = i.fingerprint AND f.occurrence = i.occurrence`;
  const follow = Prisma.sql`
    type = ${type}::"FindingType", severity = i.severity::"Severity", "severityReason" = i."severityReason",
    "ruleId" = i."ruleId", title = i.title, message = i.message, path = i.path, "startLine" = i."startLine",
    "endLine" = i."endLine", "startColumn" = i."startColumn", "endColumn" = i."endColumn", snippet = i.snippet,
    "fingerprintSource" = i."fingerprintSource", "lastSeenAt" = ${stamp}::timestamp(3)`;

  const reopened = await tx.execute(Prisma.sql`
    WITH reopened AS (
      UPDATE "Finding" f SET state = 'OPEN', "fixedAt" = NULL, "reopenedAt" = ${stamp}::timestamp(3), "reopenedScanId" = ${scanId}::uuid, ${follow}
      FROM pg_temp.incoming_results i
      WHERE ${set} AND ${matched} AND f.state IN ('FIXED', 'NOT_SCANNED')
      RETURNING f.id
    )
    INSERT INTO "FindingEvent" (id, "findingId", kind, at, "scanId")
    SELECT gen_random_uuid(), id, 'REOPENED', ${stamp}::timestamp(3), ${scanId}::uuid FROM reopened`);

  // Still reported: follow the latest scan where something differs (nothing otherwise, so
  // the same results uploaded again write nothing).
  await tx.execute(Prisma.sql`
    UPDATE "Finding" f SET "fixedAt" = NULL, ${follow}
    FROM pg_temp.incoming_results i
    WHERE ${set} AND ${matched} AND f.state IN ('OPEN', 'DISMISSED')
      AND (f."fixedAt" IS NOT NULL OR f.type <> ${type}::"FindingType"
        OR (f.severity::text, f."severityReason", f."ruleId", f.title, f.message, f.path, f."startLine", f."endLine", f."startColumn", f."endColumn", f.snippet, f."fingerprintSource")
           IS DISTINCT FROM (i.severity, i."severityReason", i."ruleId", i.title, i.message, i.path, i."startLine", i."endLine", i."startColumn", i."endColumn", i.snippet, i."fingerprintSource"))`);

  const fixed = await tx.execute(Prisma.sql`
    WITH fixed AS (
      UPDATE "Finding" f SET state = 'FIXED', "fixedAt" = ${stamp}::timestamp(3), "lastSeenAt" = ${stamp}::timestamp(3)
      WHERE ${set} AND f.state IN ('OPEN', 'NOT_SCANNED')
        AND NOT EXISTS (SELECT 1 FROM pg_temp.incoming_results i WHERE ${matched})
      RETURNING f.id
    )
    INSERT INTO "FindingEvent" (id, "findingId", kind, at, "scanId")
    SELECT gen_random_uuid(), id, 'FIXED', ${stamp}::timestamp(3), ${scanId}::uuid FROM fixed`);

  await tx.execute(Prisma.sql`
    UPDATE "Finding" f SET "fixedAt" = ${stamp}::timestamp(3)
    WHERE ${set} AND f.state = 'DISMISSED' AND f."fixedAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM pg_temp.incoming_results i WHERE ${matched})`);

  const created = await tx.execute(Prisma.sql`
    INSERT INTO "Finding" (id, "repositoryId", type, severity, "severityReason", state, tool, category, "ruleId", title, message,
      path, "startLine", "endLine", "startColumn", "endColumn", snippet, fingerprint, "fingerprintSource", occurrence,
      "firstSeenAt", "firstSeenScanId", "lastSeenAt")
    SELECT gen_random_uuid(), ${repositoryId}::uuid, ${type}::"FindingType", i.severity::"Severity", i."severityReason", 'OPEN', ${tool}, ${category},
      i."ruleId", i.title, i.message, i.path, i."startLine", i."endLine", i."startColumn", i."endColumn", i.snippet, i.fingerprint,
      i."fingerprintSource", i.occurrence, ${stamp}::timestamp(3), ${scanId}::uuid, ${stamp}::timestamp(3)
    FROM pg_temp.incoming_results i
    ON CONFLICT ("repositoryId", tool, category, fingerprint, occurrence) DO NOTHING`);

  return { new: created, reopened, fixed, unchanged: analysis.results.length - created - reopened };
}

/** Rule metadata as the latest log describes it, where it describes it (what it leaves out stays as an earlier log said). */
export async function upsertRules(tx: PgTransaction, tool: string, rules: NormalizedAnalysis["rules"], at: Date): Promise<void> {
  if (rules.length === 0) return;
  const stamp = at.toISOString();
  await tx.execute(Prisma.sql`
    INSERT INTO "Rule" (id, tool, "ruleId", name, "shortDescription", "fullDescription", "helpMarkdown", "helpText", "helpUri", tags, cwes,
      "securitySeverity", "defaultLevel", "updatedAt")
    SELECT gen_random_uuid(), ${tool}, r."ruleId", r.name, r."shortDescription", r."fullDescription", r."helpMarkdown", r."helpText", r."helpUri",
      r.tags, r.cwes, r."securitySeverity", r."defaultLevel", ${stamp}::timestamp(3)
    FROM jsonb_to_recordset(${JSON.stringify(rules)}::jsonb) AS r("ruleId" text, name text, "shortDescription" text, "fullDescription" text,
      "helpMarkdown" text, "helpText" text, "helpUri" text, tags text[], cwes text[], "securitySeverity" double precision, "defaultLevel" text)
    -- What a log leaves out keeps what an earlier log said: one tool's rule is described by
    -- pipelines' uploads and agentless scans alike, and not every log carries the help.
    ON CONFLICT (tool, "ruleId") DO UPDATE SET
      name = COALESCE(EXCLUDED.name, "Rule".name),
      "shortDescription" = COALESCE(EXCLUDED."shortDescription", "Rule"."shortDescription"),
      "fullDescription" = COALESCE(EXCLUDED."fullDescription", "Rule"."fullDescription"),
      "helpMarkdown" = COALESCE(EXCLUDED."helpMarkdown", "Rule"."helpMarkdown"),
      "helpText" = COALESCE(EXCLUDED."helpText", "Rule"."helpText"),
      "helpUri" = COALESCE(EXCLUDED."helpUri", "Rule"."helpUri"),
      tags = CASE WHEN cardinality(EXCLUDED.tags) > 0 THEN EXCLUDED.tags ELSE "Rule".tags END,
      cwes = CASE WHEN cardinality(EXCLUDED.cwes) > 0 THEN EXCLUDED.cwes ELSE "Rule".cwes END,
      "securitySeverity" = COALESCE(EXCLUDED."securitySeverity", "Rule"."securitySeverity"),
      "defaultLevel" = COALESCE(EXCLUDED."defaultLevel", "Rule"."defaultLevel"),
      "updatedAt" = EXCLUDED."updatedAt"`);
}
