import { z } from "zod";
import { PROVIDERS, type ProviderName } from "./connectors";
import { FINDING_TYPES, findingCounts, SEVERITIES } from "./findings";
import { PR_ANNOTATION_CATEGORIES } from "./pr-annotations";

/**
 * The DevOps inventory (seed 002): the grid's query as it travels in the page URL and
 * in GET /api/v1/repositories, and the rows it answers. Shared by the API, the grid and
 * the tests. Lists travel comma-separated (`provider=GITHUB,GITLAB`).
 */

export const ADVANCED_SECURITY_STATUSES = ["ON", "OFF", "PARTIAL", "NOT_AVAILABLE"] as const;
export type AdvancedSecurityStatusName = (typeof ADVANCED_SECURITY_STATUSES)[number];
export const ADVANCED_SECURITY_LABELS: Record<AdvancedSecurityStatusName, string> = {
  ON: "On",
  OFF: "Off",
  PARTIAL: "Partially enabled",
  NOT_AVAILABLE: "N/A",
};

export const PR_ANNOTATION_STATUSES = ["ON", "OFF", "NOT_AVAILABLE"] as const;
export type PrAnnotationStatusName = (typeof PR_ANNOTATION_STATUSES)[number];
export const PR_ANNOTATION_LABELS: Record<PrAnnotationStatusName, string> = { ON: "On", OFF: "Off", NOT_AVAILABLE: "N/A" };

/** Seed 002's resource types: what a repository is called on each provider. */
export const RESOURCE_TYPE_LABELS: Record<ProviderName, string> = {
  AZURE_DEVOPS: "Azure DevOps repository",
  GITHUB: "GitHub repository",
  GITLAB: "GitLab project",
};

/** Columns the grid sorts by on the server. */
export const INVENTORY_SORTS = ["name", "environment", "advancedSecurity", "prAnnotations", "findings", "organization", "subscription", "lastPush"] as const;
export type InventorySort = (typeof INVENTORY_SORTS)[number];

/** A comma-separated list of enum values, as filters travel in a URL. */
export const commaSeparated = <T extends string>(values: readonly [T, ...T[]], what: string) =>
  z
    .string()
    .max(2000)
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values, `must be ${what}: ${values.join(", ")}`)).max(values.length * 4))
    .optional()
    .describe(`Comma-separated, any of: ${values.join(", ")}`);

/** Comma-separated ids (at most 100), as container filters travel in a URL. */
export const idList = z
  .string()
  .max(40 * 100)
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.uuid("is not a valid id")).max(100, "may name at most 100"))
  .optional()
  .describe("Comma-separated ids (at most 100)");

export const INVENTORY_PAGE_SIZES = [25, 50, 100, 200] as const;

export const inventoryQuery = z.object({
  /** Free text: matches the repository's name, organization, project or group path. */
  q: z.string().trim().max(200, "must be at most 200 characters").optional(),
  subscription: idList,
  /** DevOps environment = connector. */
  connector: idList,
  provider: commaSeparated(PROVIDERS, "one of"),
  advancedSecurity: commaSeparated(ADVANCED_SECURITY_STATUSES, "one of"),
  prAnnotations: commaSeparated(PR_ANNOTATION_STATUSES, "one of"),
  /** Repositories with open findings of any of these types. */
  findingType: commaSeparated(FINDING_TYPES, "one of"),
  /** Repositories with open findings of any of these severities. */
  severity: commaSeparated(SEVERITIES, "one of"),
  /** Only this organization (GitLab: top-level group), by name; with `connector`, one node of the grouped view. */
  organization: z.string().max(300).optional().describe("Organization or top-level group name (exact)"),
  /**
   * Only repositories directly in this project or group path ("" = directly in the
   * organization): the repositories of one node of the grouped view.
   */
  projectPath: z.string().max(1000).optional().describe('Project or group path below the organization, exact; "" for none'),
  /** Also list repositories discovery no longer finds (kept with their history). */
  includeRemoved: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  sort: z.enum(INVENTORY_SORTS, `must be one of ${INVENTORY_SORTS.join(", ")}`).default("name"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type InventoryQuery = z.infer<typeof inventoryQuery>;
/** The query before parsing, as it sits in a URL. */
export type InventoryQueryInput = z.input<typeof inventoryQuery>;

const ref = z.object({ id: z.string(), name: z.string() });

export const repositoryRow = z
  .object({
    id: z.string(),
    name: z.string(),
    fullName: z.string().describe("organization[/project or group path]/name"),
    url: z.string(),
    provider: z.enum(PROVIDERS),
    connector: ref,
    subscription: ref,
    resourceGroup: ref,
    organization: z.string(),
    projectPath: z.string().nullable().describe("Azure DevOps project or GitLab subgroup path; null for GitHub"),
    visibility: z.enum(["public", "private", "internal"]),
    archived: z.boolean(),
    defaultBranch: z.string().nullable(),
    lastPushAt: z.string().nullable().describe("ISO 8601"),
    advancedSecurity: z.enum(ADVANCED_SECURITY_STATUSES),
    advancedSecurityOff: z.array(z.string()).describe("The features that are off (Partially enabled names them)"),
    prAnnotations: z.enum(PR_ANNOTATION_STATUSES),
    prAnnotationCategories: z.array(z.enum(PR_ANNOTATION_CATEGORIES)).describe("Finding types annotated while prAnnotations is ON; empty otherwise"),
    prAnnotationMinSeverity: z.enum(SEVERITIES).nullable().describe("The lowest severity annotated while prAnnotations is ON; null otherwise"),
    findings: findingCounts.describe("Open findings, by severity and by type"),
    lastScanAt: z.string().nullable().describe("ISO 8601; null until a scan or an upload"),
    removedAt: z.string().nullable().describe("When discovery stopped finding it; null while it exists"),
  })
  .meta({ id: "Repository" });
export type RepositoryRow = z.infer<typeof repositoryRow>;

export const inventoryPage = z
  .object({
    items: z.array(repositoryRow),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last one"),
    total: z.number().int().describe("How many repositories match the filters (all pages)"),
  })
  .meta({ id: "InventoryPage" });
export type InventoryPage = z.infer<typeof inventoryPage>;

/** The grouped view: organization → project → repository (Azure DevOps), organization → repository (GitHub), group → subgroups → project (GitLab). */
export const GROUP_KINDS = ["organization", "project", "group", "subgroup"] as const;

/** Which node's children to list: none (the organizations), or an organization and a path below it. */
export const repositoryGroupsParams = inventoryQuery.omit({ sort: true, dir: true, cursor: true, limit: true, organization: true, projectPath: true }).extend({
  parentConnector: z.uuid("is not a valid id").optional().describe("With parentOrganization: list the groups below this organization"),
  parentOrganization: z.string().max(300).optional(),
  /** "" or absent: the organization itself. */
  parentPath: z.string().max(1000).optional().describe("A project or group path below parentOrganization; absent for the organization itself"),
});
export const repositoryGroupsQuery = repositoryGroupsParams.refine((q) => (q.parentConnector === undefined) === (q.parentOrganization === undefined), {
    message: "parentConnector and parentOrganization go together",
    path: ["parentOrganization"],
  });
export type RepositoryGroupsQuery = z.infer<typeof repositoryGroupsQuery>;

export const repositoryGroup = z
  .object({
    kind: z.enum(GROUP_KINDS),
    provider: z.enum(PROVIDERS),
    connector: ref,
    organization: z.string(),
    /** Path below the organization; "" for an organization. */
    path: z.string(),
    name: z.string(),
    repositories: z.number().int().describe("Matching repositories in it, all levels below"),
    advancedSecurityOn: z.number().int().describe("Of those, how many have advanced security On"),
    findings: findingCounts,
    /** Whether it has subgroups or projects below it (else only repositories). */
    hasGroups: z.boolean(),
  })
  .meta({ id: "RepositoryGroup" });
export type RepositoryGroup = z.infer<typeof repositoryGroup>;

export const repositoryGroupList = z
  .object({
    items: z.array(repositoryGroup),
    truncated: z.boolean().describe("More groups exist than the 1,000 listed; narrow the filters"),
  })
  .meta({ id: "RepositoryGroupList" });
export type RepositoryGroupList = z.infer<typeof repositoryGroupList>;
