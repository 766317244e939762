import "server-only";
import { ADVANCED_SECURITY_STATUSES, PR_ANNOTATION_STATUSES, type InventoryPage, type InventoryQuery, type InventorySort, type RepositoryRow } from "@/lib/schemas/inventory";
import { PROVIDERS, type ProviderName } from "@/lib/schemas/connectors";
import { FINDING_TYPES, SEVERITIES } from "@/lib/schemas/findings";
import { orderedCategories } from "@/lib/schemas/pr-annotations";
import { invalid } from "../api/errors";
import { accessTo, type Caller } from "../authz/caller";
import { hasWorkspaceAssignment, visibleConnectorsWhere } from "../authz/scope";
import { db } from "../db/client";
import { rawRows } from "../db/raw-rows";
import { SEVERITY_COLUMNS, TYPE_COLUMNS } from "../findings/finding-counts";
import { Prisma } from "../db/generated/client";

/**
 * The DevOps inventory query: filters, free-text search, sort and keyset pages, all in
 * PostgreSQL, limited to the connectors the caller may see. A page is found by
 * comparing (sort key, id) with the last row of the previous page, so page 500 costs
 * what page 1 costs.
 */

/** The sort's key columns, most significant first; `id` always closes the tuple. */
const SORT_KEYS: Record<InventorySort, { columns: Prisma.Sql[]; types: ("text" | "as" | "pr" | "provider" | "timestamp" | "int")[] }> = {
  name: { columns: [Prisma.sql`r."nameKey"`], types: ["text"] },
  environment: { columns: [Prisma.sql`r.provider`, Prisma.sql`r."nameKey"`], types: ["provider", "text"] },
  advancedSecurity: { columns: [Prisma.sql`r."advancedSecurity"`, Prisma.sql`r."nameKey"`], types: ["as", "text"] },
  prAnnotations: { columns: [Prisma.sql`r."prAnnotations"`, Prisma.sql`r."nameKey"`], types: ["pr", "text"] },
  findings: { columns: [Prisma.sql`r."findingsOpen"`, Prisma.sql`r."nameKey"`], types: ["int", "text"] },
  organization: { columns: [Prisma.sql`r."organizationName"`, Prisma.sql`r."nameKey"`], types: ["text", "text"] },
  subscription: { columns: [Prisma.sql`s.name`, Prisma.sql`r."nameKey"`], types: ["text", "text"] },
  lastPush: { columns: [Prisma.sql`r."lastPushKey"`, Prisma.sql`r."nameKey"`], types: ["timestamp", "text"] },
};

function cast(value: string, type: (typeof SORT_KEYS)[InventorySort]["types"][number]): Prisma.Sql {
  switch (type) {
    case "text":
      return Prisma.sql`${value}::text`;
    case "as":
      return Prisma.sql`${value}::"AdvancedSecurityStatus"`;
    case "pr":
      return Prisma.sql`${value}::"PrAnnotationStatus"`;
    case "provider":
      return Prisma.sql`${value}::"DevOpsProvider"`;
    case "timestamp":
      return Prisma.sql`${value}::timestamp(3)`;
    case "int":
      return Prisma.sql`${value}::int`;
  }
}

interface Row {
  id: string;
  name: string;
  fullName: string;
  url: string;
  provider: ProviderName;
  connectorId: string;
  connectorName: string;
  subscriptionId: string;
  subscriptionName: string;
  resourceGroupId: string;
  resourceGroupName: string;
  organizationName: string;
  projectPath: string | null;
  visibility: RepositoryRow["visibility"];
  archived: boolean;
  defaultBranch: string | null;
  lastPushAt: Date | null;
  advancedSecurity: RepositoryRow["advancedSecurity"];
  advancedSecurityOff: string[];
  prAnnotations: RepositoryRow["prAnnotations"];
  prAnnotationCategories: string[] | null;
  prAnnotationMinSeverity: RepositoryRow["prAnnotationMinSeverity"];
  removedAt: Date | null;
  lastScanAt: Date | null;
  findingsOpen: number;
  findingsCritical: number;
  findingsHigh: number;
  findingsMedium: number;
  findingsLow: number;
  findingsCode: number;
  findingsSecrets: number;
  findingsDependency: number;
  findingsIac: number;
  findingsContainer: number;
  /** The sort key values, for the cursor. */
  k0: string;
  k1: string | null;
}

/** The position after a row: its sort key values and id. */
function positionAfter(row: Row, sort: InventorySort): { values: string[]; id: string } {
  return { values: SORT_KEYS[sort].columns.length === 1 ? [row.k0] : [row.k0, row.k1 ?? ""], id: row.id };
}

function encodeCursor({ values, id }: { values: string[]; id: string }): string {
  return Buffer.from(JSON.stringify([...values, id])).toString("base64url");
}

function decodeCursor(cursor: string, sort: InventorySort): { values: string[]; id: string } {
  const bad = () => invalid("The page cursor is not valid for this sort; start again from the first page.", [{ path: "query.cursor", message: "is not valid" }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  const width = SORT_KEYS[sort].columns.length;
  if (!Array.isArray(parsed) || parsed.length !== width + 1 || !parsed.every((v) => typeof v === "string")) throw bad();
  const id = parsed[width] as string;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw bad();
  const values = parsed.slice(0, width) as string[];
  // Values reach typed casts in SQL: a value of the wrong kind is the caller's mistake, not a 500.
  const ok = values.every((v, i) => {
    switch (SORT_KEYS[sort].types[i]) {
      case "as":
        return (ADVANCED_SECURITY_STATUSES as readonly string[]).includes(v);
      case "pr":
        return (PR_ANNOTATION_STATUSES as readonly string[]).includes(v);
      case "provider":
        return (PROVIDERS as readonly string[]).includes(v);
      case "int":
        return /^\d{1,9}$/.test(v);
      case "timestamp":
        return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/.test(v) && !Number.isNaN(Date.parse(`${v.replace(" ", "T")}Z`));
      default:
        return v.length <= 1000;
    }
  });
  if (!ok) throw bad();
  return { values, id };
}

/** Connectors the caller may see: null when that is every connector (a workspace role). */
export async function visibleConnectorIds(caller: Caller): Promise<string[] | null> {
  if (hasWorkspaceAssignment(caller.assignments)) return null;
  const connectors = await db.connector.findMany({
    where: visibleConnectorsWhere(caller.assignments),
    select: { id: true, resourceGroupId: true, resourceGroup: { select: { subscriptionId: true } } },
  });
  return connectors
    .filter((c) => accessTo(caller, "workspace.read", { subscriptionId: c.resourceGroup.subscriptionId, resourceGroupId: c.resourceGroupId, connectorId: c.id }) === "allowed")
    .map((c) => c.id);
}

/**
 * The connectors a query may read: those the caller sees, narrowed by the connector and
 * subscription filters (resolved here, so that the repository query needs no joins to
 * filter or count). null: every connector.
 */
export async function connectorScope(caller: Caller, query: Pick<InventoryQuery, "connector" | "subscription">): Promise<string[] | null> {
  let ids = await visibleConnectorIds(caller);
  const narrow = (wanted: string[]) => (ids === null ? wanted : ids.filter((id) => wanted.includes(id)));
  if (query.connector?.length) ids = narrow(query.connector);
  if (query.subscription?.length) {
    const inSubscriptions = await db.connector.findMany({ where: { resourceGroup: { subscriptionId: { in: query.subscription } } }, select: { id: true } });
    ids = narrow(inSubscriptions.map((c) => c.id));
  }
  return ids;
}

type FilterQuery = Omit<InventoryQuery, "cursor" | "limit" | "sort" | "dir" | "connector" | "subscription">;

/** The WHERE of a query over "Repository" r alone: scope, filters and search (no keyset). */
export function inventoryWhere(query: FilterQuery, connectorIds: string[] | null): Prisma.Sql {
  const parts = inventoryConditions(query, connectorIds);
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

/** The conditions of inventoryWhere, to combine with others. */
export function inventoryConditions(query: FilterQuery, connectorIds: string[] | null): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (query.organization !== undefined) parts.push(Prisma.sql`r."organizationName" = ${query.organization}`);
  if (query.projectPath !== undefined) parts.push(query.projectPath === "" ? Prisma.sql`r."projectPath" IS NULL` : Prisma.sql`r."projectPath" = ${query.projectPath}`);
  if (connectorIds) parts.push(connectorIds.length ? Prisma.sql`r."connectorId" = ANY(${connectorIds}::uuid[])` : Prisma.sql`false`);
  if (!query.includeRemoved) parts.push(Prisma.sql`r."removedAt" IS NULL`);
  if (query.provider?.length) parts.push(Prisma.sql`r.provider = ANY(${query.provider}::"DevOpsProvider"[])`);
  if (query.advancedSecurity?.length) parts.push(Prisma.sql`r."advancedSecurity" = ANY(${query.advancedSecurity}::"AdvancedSecurityStatus"[])`);
  if (query.prAnnotations?.length) parts.push(Prisma.sql`r."prAnnotations" = ANY(${query.prAnnotations}::"PrAnnotationStatus"[])`);
  // Any of the chosen types (severities): a repository with open findings of one of them.
  const anyPositive = (columns: string[]) => Prisma.sql`(${Prisma.join(columns.map((c) => Prisma.sql`${Prisma.raw(`r."${c}"`)} > 0`), " OR ")})`;
  if (query.findingType?.length) parts.push(anyPositive(FINDING_TYPES.filter((t) => query.findingType!.includes(t)).map((t) => TYPE_COLUMNS[t])));
  if (query.severity?.length) parts.push(anyPositive(SEVERITIES.filter((v) => query.severity!.includes(v)).map((v) => SEVERITY_COLUMNS[v])));
  if (query.q) {
    const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(Prisma.sql`r."searchKey" LIKE ${pattern}`);
  }
  return parts;
}

const JOINS = Prisma.sql`
  JOIN "Connector" c ON c.id = r."connectorId"
  JOIN "ResourceGroup" rg ON rg.id = c."resourceGroupId"
  JOIN "Subscription" s ON s.id = rg."subscriptionId"`;

/** What a page selects of "Repository" r and its connector c, resource group rg and subscription s. */
const ROW_COLUMNS = Prisma.sql`r.id::text, r.name, r."fullName", r.url, r.provider, r."connectorId"::text, c.name AS "connectorName",
           s.id::text AS "subscriptionId", s.name AS "subscriptionName", rg.id::text AS "resourceGroupId", rg.name AS "resourceGroupName",
           r."organizationName", r."projectPath", r.visibility, r.archived, r."defaultBranch", r."lastPushAt",
           r."advancedSecurity", r."advancedSecurityOff", r."prAnnotations", r."prAnnotationCategories"::text[], r."prAnnotationMinSeverity", r."removedAt", r."lastScanAt",
           r."findingsOpen", r."findingsCritical", r."findingsHigh", r."findingsMedium", r."findingsLow",
           r."findingsCode", r."findingsSecrets", r."findingsDependency", r."findingsIac", r."findingsContainer"`;

/**
 * Rows of one page (limit + 1 to know whether another follows), after an optional keyset position.
 *
 * `fence`: find the matching rows first, then sort them. For a search: walking the sort's
 * index and testing each row against the pattern can read most of the table before it
 * finds a page of matches (they cluster by name), while the trigram index finds them all
 * at once and sorting a few thousand rows is cheap (searchPageSql).
 */
export function inventoryPageSql(
  where: Prisma.Sql,
  sort: InventorySort,
  dir: "asc" | "desc",
  limit: number,
  after?: { values: string[]; id: string },
  { fence = false }: { fence?: boolean } = {},
): Prisma.Sql {
  if (sort === "subscription") return subscriptionPageSql(where, dir, limit, after, fence);
  const key = SORT_KEYS[sort];
  const order = dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const tuple = Prisma.join([...key.columns, Prisma.sql`r.id`], ", ");
  let keyset = Prisma.empty;
  if (after) {
    const values = Prisma.join([...after.values.map((v, i) => cast(v, key.types[i]!)), Prisma.sql`${after.id}::uuid`], ", ");
    const op = dir === "asc" ? Prisma.sql`>` : Prisma.sql`<`;
    keyset = where === Prisma.empty ? Prisma.sql`WHERE (${tuple}) ${op} (${values})` : Prisma.sql`AND (${tuple}) ${op} (${values})`;
  }
  if (fence) return searchPageSql(where, sort, dir, limit, keyset);
  const orderBy = Prisma.join([...key.columns, Prisma.sql`r.id`].map((c) => Prisma.sql`${c} ${order}`), ", ");
  return Prisma.sql`
    SELECT ${ROW_COLUMNS},
           (${key.columns[0]!})::text AS k0, ${key.columns[1] ? Prisma.sql`(${key.columns[1]})::text` : Prisma.sql`NULL::text`} AS k1
    FROM "Repository" r
    ${JOINS}
    ${where} ${keyset}
    ORDER BY ${orderBy}
    LIMIT ${limit + 1}`;
}

/**
 * A search's page: every match first (OFFSET 0 keeps PostgreSQL from walking the sort's
 * index instead), keeping only the id and the sort key of each, then the full rows of the
 * page alone.
 */
function searchPageSql(where: Prisma.Sql, sort: Exclude<InventorySort, "subscription">, dir: "asc" | "desc", limit: number, keyset: Prisma.Sql): Prisma.Sql {
  const key = SORT_KEYS[sort];
  const order = dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const k1 = key.columns[1] ?? Prisma.sql`NULL::text`;
  return Prisma.sql`
    WITH page AS (
      SELECT m.id, m.k0, m.k1 FROM (
        SELECT r.id, ${key.columns[0]!} AS k0, ${k1} AS k1 FROM "Repository" r ${where} ${keyset} OFFSET 0
      ) m
      ORDER BY m.k0 ${order}, m.k1 ${order}, m.id ${order}
      LIMIT ${limit + 1}
    )
    SELECT ${ROW_COLUMNS}, page.k0::text AS k0, page.k1::text AS k1
    FROM page JOIN "Repository" r ON r.id = page.id
    ${JOINS}
    ORDER BY page.k0 ${order}, page.k1 ${order}, page.id ${order}`;
}

/**
 * By subscription: no index orders repositories by their subscription's name, and sorting
 * every visible repository for one page costs what sorting the table costs. Instead, for
 * each subscription in name order, its first page by name (through the name index), and
 * the first `limit` of those: PostgreSQL stops after the subscriptions it needs.
 */
function subscriptionPageSql(where: Prisma.Sql, dir: "asc" | "desc", limit: number, after: { values: string[]; id: string } | undefined, fence: boolean): Prisma.Sql {
  const order = dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const conditions: Prisma.Sql[] = [
    Prisma.sql`r."connectorId" IN (SELECT c2.id FROM "Connector" c2 JOIN "ResourceGroup" rg2 ON rg2.id = c2."resourceGroupId" WHERE rg2."subscriptionId" = sub.id)`,
  ];
  let subscriptions = Prisma.sql`SELECT s.id, s.name FROM "Subscription" s`;
  if (after) {
    const [name, nameKey] = [after.values[0] ?? "", after.values[1] ?? ""];
    subscriptions = Prisma.sql`${subscriptions} WHERE s.name ${dir === "asc" ? Prisma.sql`>=` : Prisma.sql`<=`} ${name}::text`;
    conditions.push(Prisma.sql`(sub.name <> ${name}::text OR (r."nameKey", r.id) ${dir === "asc" ? Prisma.sql`>` : Prisma.sql`<`} (${nameKey}::text, ${after.id}::uuid))`);
  }
  const all = where === Prisma.empty ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.sql`${where} AND ${Prisma.join(conditions, " AND ")}`;
  const inner = fence
    ? Prisma.sql`SELECT f.* FROM (SELECT r.* FROM "Repository" r ${all} OFFSET 0) f ORDER BY f."nameKey" ${order}, f.id ${order} LIMIT ${limit + 1}`
    : Prisma.sql`SELECT r.* FROM "Repository" r ${all} ORDER BY r."nameKey" ${order}, r.id ${order} LIMIT ${limit + 1}`;
  return Prisma.sql`
    SELECT ${ROW_COLUMNS}, sub.name::text AS k0, r."nameKey"::text AS k1
    FROM (${subscriptions}) sub
    CROSS JOIN LATERAL (${inner}) r
    ${JOINS}
    ORDER BY sub.name ${order}, r."nameKey" ${order}, r.id ${order}
    LIMIT ${limit + 1}`;
}

function toRow(r: Row): RepositoryRow {
  return {
    id: r.id,
    name: r.name,
    fullName: r.fullName,
    url: r.url,
    provider: r.provider,
    connector: { id: r.connectorId, name: r.connectorName },
    subscription: { id: r.subscriptionId, name: r.subscriptionName },
    resourceGroup: { id: r.resourceGroupId, name: r.resourceGroupName },
    organization: r.organizationName,
    projectPath: r.projectPath,
    visibility: r.visibility,
    archived: r.archived,
    defaultBranch: r.defaultBranch,
    lastPushAt: r.lastPushAt?.toISOString() ?? null,
    advancedSecurity: r.advancedSecurity,
    advancedSecurityOff: r.advancedSecurityOff,
    prAnnotations: r.prAnnotations,
    prAnnotationCategories: orderedCategories(r.prAnnotationCategories ?? []),
    prAnnotationMinSeverity: r.prAnnotationMinSeverity,
    findings: {
      total: r.findingsOpen,
      bySeverity: { critical: r.findingsCritical, high: r.findingsHigh, medium: r.findingsMedium, low: r.findingsLow },
      byType: { code: r.findingsCode, secrets: r.findingsSecrets, dependency: r.findingsDependency, iac: r.findingsIac, container: r.findingsContainer },
    },
    lastScanAt: r.lastScanAt?.toISOString() ?? null,
    removedAt: r.removedAt?.toISOString() ?? null,
  };
}

export async function queryInventory(caller: Caller, query: InventoryQuery): Promise<InventoryPage> {
  const after = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
  const where = inventoryWhere(query, await connectorScope(caller, query));
  const [rows, counted] = await Promise.all([
    rawRows<Row>(inventoryPageSql(where, query.sort, query.dir, query.limit, after, { fence: Boolean(query.q) })),
    rawRows<{ total: number }>(Prisma.sql`SELECT count(*) AS total FROM "Repository" r ${where}`),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const more = rows.length > query.limit && last;
  return {
    items: page.map(toRow),
    nextCursor: more ? encodeCursor(positionAfter(last, query.sort)) : null,
    total: Number(counted[0]?.total ?? 0),
  };
}

/** Every matching row in sort order, a page at a time (for the CSV export). */
export async function* inventoryRows(caller: Caller, query: Omit<InventoryQuery, "cursor" | "limit">, batch = 1000): AsyncGenerator<RepositoryRow> {
  const where = inventoryWhere(query, await connectorScope(caller, query));
  let after: { values: string[]; id: string } | undefined;
  for (;;) {
    const rows = await rawRows<Row>(inventoryPageSql(where, query.sort, query.dir, batch, after, { fence: Boolean(query.q) }));
    const page = rows.slice(0, batch);
    for (const r of page) yield toRow(r);
    const last = page.at(-1);
    if (rows.length <= batch || !last) return;
    after = positionAfter(last, query.sort);
  }
}
