import "server-only";
import { FINDING_TYPES, SEVERITIES, type FindingTypeName, type SeverityName } from "@/lib/schemas/findings";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";

/**
 * Each repository keeps the counts of its open findings (by severity and by type) in its
 * own row, so that the inventory filters, sorts and pages by them through indexes instead
 * of counting millions of findings for every page. Whatever changes findings (ingestion,
 * triage, a scanner turned off) calls `recountFindings` for the repositories it touched,
 * in the same transaction.
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

/** Prisma's client or transaction, or a pg transaction (lib/server/db/pg-transaction.ts). */
type Executor = { $executeRaw(strings: TemplateStringsArray, ...values: unknown[]): PromiseLike<number> };

/**
 * Sets the counters of these repositories (null: every repository) from their open
 * findings. Repositories without open findings get zeros.
 */
export async function recountFindings(repositoryIds: string[] | null, executor: Executor = db): Promise<number> {
  const only = repositoryIds === null ? Prisma.empty : Prisma.sql`WHERE r.id = ANY(${repositoryIds}::uuid[])`;
  const counter = (column: string) => Prisma.sql`${Prisma.raw(`"${column}"`)} = COALESCE(f.${Prisma.raw(`"${column}"`)}, 0)`;
  const aggregate = (column: string, condition: Prisma.Sql) => Prisma.sql`count(*) FILTER (WHERE ${condition})::int AS ${Prisma.raw(`"${column}"`)}`;
  const columns: [string, Prisma.Sql][] = [
    ["findingsOpen", Prisma.sql`true`],
    ...SEVERITIES.map((s): [string, Prisma.Sql] => [SEVERITY_COLUMNS[s], Prisma.sql`severity = ${s}::"Severity"`]),
    ...FINDING_TYPES.map((t): [string, Prisma.Sql] => [TYPE_COLUMNS[t], Prisma.sql`type = ${t}::"FindingType"`]),
  ];
  const scope = repositoryIds === null ? Prisma.empty : Prisma.sql`AND "repositoryId" = ANY(${repositoryIds}::uuid[])`;
  return executor.$executeRaw`
    UPDATE "Repository" AS target
    SET ${Prisma.join(columns.map(([column]) => counter(column)), ", ")}
    FROM "Repository" r
    LEFT JOIN (
      SELECT "repositoryId", ${Prisma.join(columns.map(([column, condition]) => aggregate(column, condition)), ", ")}
      FROM "Finding"
      WHERE state = 'OPEN' ${scope}
      GROUP BY "repositoryId"
    ) f ON f."repositoryId" = r.id
    ${only === Prisma.empty ? Prisma.sql`WHERE` : Prisma.sql`${only} AND`} target.id = r.id`;
}
