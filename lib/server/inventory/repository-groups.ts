import "server-only";
import type { ProviderName } from "@/lib/schemas/connectors";
import type { RepositoryGroup, RepositoryGroupList, RepositoryGroupsQuery } from "@/lib/schemas/inventory";
import type { Caller } from "../authz/caller";
import { rawRows } from "../db/raw-rows";
import { Prisma } from "../db/generated/client";
import { connectorScope, inventoryConditions } from "./inventory-service";

/**
 * The grouped inventory, one level at a time: the organizations (GitLab: top-level
 * groups), then below one of them its projects (Azure DevOps) or subgroups (GitLab,
 * any depth), each with the counts of the matching repositories anywhere below it.
 * The repositories directly in a node come from the flat query with `connector`,
 * `organization` and `projectPath`, paged like the flat view.
 */

const MAX_GROUPS = 1000;

interface GroupRow {
  connectorId: string;
  connectorName: string;
  provider: ProviderName;
  organization: string;
  path: string;
  repositories: number;
  advancedSecurityOn: number;
  hasGroups: boolean;
  open: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  code: number;
  secrets: number;
  dependency: number;
  iac: number;
  container: number;
}

// Counts and sums are bigints, which rawRows answers as numbers.
const ROLLUP = Prisma.sql`
  count(*) AS repositories,
  count(*) FILTER (WHERE r."advancedSecurity" = 'ON') AS "advancedSecurityOn",
  sum(r."findingsOpen") AS open,
  sum(r."findingsCritical") AS critical, sum(r."findingsHigh") AS high, sum(r."findingsMedium") AS medium, sum(r."findingsLow") AS low,
  sum(r."findingsCode") AS code, sum(r."findingsSecrets") AS secrets, sum(r."findingsDependency") AS dependency,
  sum(r."findingsIac") AS iac, sum(r."findingsContainer") AS container`;

function likePrefix(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`;
}

function toGroup(row: GroupRow, level: "top" | "below"): RepositoryGroup {
  const kind: RepositoryGroup["kind"] =
    level === "top" ? (row.provider === "GITLAB" ? "group" : "organization") : row.provider === "GITLAB" ? "subgroup" : "project";
  return {
    kind,
    provider: row.provider,
    connector: { id: row.connectorId, name: row.connectorName },
    organization: row.organization,
    path: row.path,
    name: level === "top" ? row.organization : row.path.slice(row.path.lastIndexOf("/") + 1),
    repositories: row.repositories,
    advancedSecurityOn: row.advancedSecurityOn,
    findings: {
      total: row.open,
      bySeverity: { critical: row.critical, high: row.high, medium: row.medium, low: row.low },
      byType: { code: row.code, secrets: row.secrets, dependency: row.dependency, iac: row.iac, container: row.container },
    },
    hasGroups: row.hasGroups,
  };
}

export async function listRepositoryGroups(caller: Caller, query: RepositoryGroupsQuery): Promise<RepositoryGroupList> {
  const parent = query.parentConnector !== undefined && query.parentOrganization !== undefined ? { connector: query.parentConnector, organization: query.parentOrganization, path: query.parentPath ?? "" } : null;
  // Below an organization: its connector, if the connector filter (when there is one) lets it through.
  if (parent && query.connector?.length && !query.connector.includes(parent.connector)) return { items: [], truncated: false };
  const ids = await connectorScope(caller, { connector: parent ? [parent.connector] : query.connector, subscription: query.subscription });
  const conditions = inventoryConditions({ ...query, organization: undefined, projectPath: undefined }, ids);

  let sql: Prisma.Sql;
  if (!parent) {
    const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
    sql = Prisma.sql`
      SELECT g.*, c.name AS "connectorName", c.provider
      FROM (
        SELECT r."connectorId", r."organizationName" AS organization, '' AS path,
               bool_or(r."projectPath" IS NOT NULL) AS "hasGroups", ${ROLLUP}
        FROM "Repository" r ${where}
        GROUP BY r."connectorId", r."organizationName"
      ) g JOIN "Connector" c ON c.id = g."connectorId"
      ORDER BY lower(g.organization), c.name, g."connectorId"
      LIMIT ${MAX_GROUPS + 1}`;
  } else {
    // The child's path: the parent's path and the next segment of the repository's path.
    const below = parent.path === "" ? Prisma.sql`r."projectPath" IS NOT NULL` : Prisma.sql`r."projectPath" LIKE ${likePrefix(parent.path)}`;
    const rest = parent.path === "" ? Prisma.sql`r."projectPath"` : Prisma.sql`substr(r."projectPath", ${parent.path.length + 2})`;
    const child = parent.path === "" ? Prisma.sql`split_part(${rest}, '/', 1)` : Prisma.sql`${parent.path} || '/' || split_part(${rest}, '/', 1)`;
    const where = Prisma.join([...conditions, Prisma.sql`r."connectorId" = ${parent.connector}::uuid`, Prisma.sql`r."organizationName" = ${parent.organization}`, below], " AND ");
    sql = Prisma.sql`
      SELECT g.*, c.name AS "connectorName", c.provider
      FROM (
        SELECT r."connectorId", r."organizationName" AS organization, ${child} AS path,
               bool_or(strpos(${rest}, '/') > 0) AS "hasGroups", ${ROLLUP}
        FROM "Repository" r WHERE ${where}
        -- By position: the path expression carries parameters, which PostgreSQL would not match by text.
        GROUP BY 1, 2, 3
      ) g JOIN "Connector" c ON c.id = g."connectorId"
      ORDER BY lower(g.path), g.path
      LIMIT ${MAX_GROUPS + 1}`;
  }
  const rows = await rawRows<GroupRow>(sql);
  return { items: rows.slice(0, MAX_GROUPS).map((r) => toGroup(r, parent ? "below" : "top")), truncated: rows.length > MAX_GROUPS };
}
