import { z } from "zod";
import { ASSESSMENT_STATES, RECOMMENDATION_KINDS, RESOURCE_TYPES } from "@/lib/recommendations/catalog";
import { PROVIDERS } from "./connectors";
import { commaSeparated, idList } from "./inventory";
import { findingListItem, FINDING_STATE_FILTERS, FINDINGS_MAX_PAGE_SIZE } from "./finding-triage";
import { FINDING_TYPES, SEVERITIES } from "./findings";

/**
 * Recommendations as the console and the public API show them: the list (GET
 * /api/v1/recommendations, and its CSV export), one recommendation (GET
 * /api/v1/recommendations/{id}), the resources it judges (…/{id}/resources), exempting
 * resources (POST …/{id}/exemptions, …/{id}/exemptions/remove), and findings across
 * repositories (GET /api/v1/findings). Shared by the handlers, the OpenAPI document, the
 * console and the tests.
 */

const list = <T extends string>(values: readonly [T, ...T[]]) => commaSeparated(values, "any of");
const ids = idList;

/** What narrows every recommendations and overview number: the containers in view. */
export const scopeFilters = { subscription: ids, connector: ids.describe("DevOps environments (connector ids), comma-separated") };

export const RECOMMENDATION_SORTS = ["severity", "title", "provider", "unhealthy", "findings"] as const;
export type RecommendationSort = (typeof RECOMMENDATION_SORTS)[number];

export const recommendationListQuery = z.object({
  q: z.string().trim().max(200, "must be at most 200 characters").optional().describe("Words of the title"),
  ...scopeFilters,
  provider: list(PROVIDERS),
  severity: list(SEVERITIES),
  state: list(ASSESSMENT_STATES).describe("The recommendation's state: UNHEALTHY (any resource unhealthy), HEALTHY, NOT_APPLICABLE or EXEMPT (all resources exempt)"),
  kind: list(RECOMMENDATION_KINDS).describe("FINDINGS (scan findings resolved) or POSTURE (settings)"),
  sort: z.enum(RECOMMENDATION_SORTS, `must be one of ${RECOMMENDATION_SORTS.join(", ")}`).default("severity"),
  dir: z.enum(["asc", "desc"]).optional().describe("Default: most severe, most unhealthy, most findings first; titles and providers A→Z"),
});
export type RecommendationListQuery = z.infer<typeof recommendationListQuery>;
export type RecommendationListQueryInput = z.input<typeof recommendationListQuery>;

const resourceCounts = z.object({
  unhealthy: z.number().int(),
  healthy: z.number().int(),
  notApplicable: z.number().int(),
  exempt: z.number().int(),
  total: z.number().int(),
});

export const recommendationSummary = z
  .object({
    id: z.string().describe("Stable id, e.g. github-secret-scanning-findings"),
    title: z.string(),
    provider: z.enum(PROVIDERS),
    kind: z.enum(RECOMMENDATION_KINDS),
    resourceType: z.enum(RESOURCE_TYPES),
    severity: z.enum(SEVERITIES),
    findingType: z.enum(FINDING_TYPES).nullable().describe("Findings recommendations: the finding type it is about"),
    state: z.enum(ASSESSMENT_STATES).describe("UNHEALTHY if any resource is; else HEALTHY if any is; else EXEMPT if any is; else NOT_APPLICABLE"),
    resources: resourceCounts.describe("Resources in view, by state"),
    openFindings: z.number().int().describe("Open findings of the type on its resources (findings recommendations; 0 for posture)"),
  })
  .meta({ id: "RecommendationSummary" });
export type RecommendationSummary = z.infer<typeof recommendationSummary>;

export const recommendationList = z
  .object({
    items: z.array(recommendationSummary).describe("Only recommendations with at least one resource in view"),
    total: z.number().int(),
  })
  .meta({ id: "RecommendationList" });
export type RecommendationList = z.infer<typeof recommendationList>;

export const recommendationIdParams = z.object({ id: z.string().max(200) });

export const recommendationScopeQuery = z.object(scopeFilters);
export type RecommendationScopeQuery = z.infer<typeof recommendationScopeQuery>;

export const recommendationDetail = z
  .object({
    ...recommendationSummary.shape,
    description: z.string(),
    remediation: z.array(z.string()).describe("The steps, in order"),
    severityRationale: z.string().nullable().describe("Why this severity, where Defender for Cloud does not rate the same check"),
    actions: z.object({ triage: z.boolean().describe("The caller may exempt its resources and dismiss its findings somewhere in view") }),
  })
  .meta({ id: "Recommendation" });
export type RecommendationDetail = z.infer<typeof recommendationDetail>;

export const EXEMPTION_REASONS = ["MITIGATED", "RISK_ACCEPTED"] as const;
export type ExemptionReasonName = (typeof EXEMPTION_REASONS)[number];
export const EXEMPTION_REASON_LABELS: Record<ExemptionReasonName, string> = { MITIGATED: "Mitigated", RISK_ACCEPTED: "Risk accepted" };
export const EXEMPTION_REASON_DESCRIPTIONS: Record<ExemptionReasonName, string> = {
  MITIGATED: "The risk is handled another way (another tool, a compensating control).",
  RISK_ACCEPTED: "The risk is known and accepted for this resource.",
};
export const EXEMPTION_COMMENT_MAX = 2000;
export const EXEMPTION_MAX_DAYS = 365;
/** How many resources one exemption (or its removal) may name. */
export const EXEMPTION_MAX_RESOURCES = 1000;

export const exemptionView = z
  .object({
    reason: z.enum(EXEMPTION_REASONS),
    comment: z.string().nullable(),
    by: z.string().nullable().describe("Who exempted it (email)"),
    at: z.string().describe("When (ISO 8601)"),
    expiresAt: z.string().nullable().describe("When the exemption lapses by itself (ISO 8601)"),
  })
  .meta({ id: "Exemption" });
export type ExemptionView = z.infer<typeof exemptionView>;

export const RESOURCE_STATE_FILTERS = ["unhealthy", "healthy", "not-applicable", "exempt", "all"] as const;
export type ResourceStateFilter = (typeof RESOURCE_STATE_FILTERS)[number];

export const recommendationResourcesQuery = z.object({
  ...scopeFilters,
  state: z.enum(RESOURCE_STATE_FILTERS, `must be one of ${RESOURCE_STATE_FILTERS.join(", ")}`).default("all").describe("Default all, unhealthy first"),
  q: z.string().trim().max(200).optional().describe("Words of the resource's full name"),
  limit: z.coerce.number().int().min(1).max(200, "must be at most 200").default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type RecommendationResourcesQuery = z.infer<typeof recommendationResourcesQuery>;

export const assessedResource = z
  .object({
    resourceId: z.string().describe("The repository's or posture resource's id"),
    resourceType: z.enum(RESOURCE_TYPES),
    name: z.string(),
    fullName: z.string().describe("organization[/project]/name"),
    url: z.string().nullable().describe("The resource in its provider (http(s) only)"),
    repositoryId: z.string().nullable().describe("Repositories: the id of its health page"),
    connector: z.object({ id: z.string(), name: z.string() }),
    state: z.enum(ASSESSMENT_STATES),
    evaluatedState: z.enum(ASSESSMENT_STATES).describe("What evaluation says, exempt or not"),
    reason: z.string(),
    openFindings: z.number().int(),
    evaluatedAt: z.string().describe("ISO 8601"),
    exemption: exemptionView.nullable(),
    actions: z.object({ triage: z.boolean().describe("The caller may exempt this resource") }),
  })
  .meta({ id: "AssessedResource" });
export type AssessedResource = z.infer<typeof assessedResource>;

export const recommendationResourcesPage = z
  .object({ items: z.array(assessedResource), total: z.number().int(), limit: z.number().int(), offset: z.number().int() })
  .meta({ id: "AssessedResourcePage" });
export type RecommendationResourcesPage = z.infer<typeof recommendationResourcesPage>;

const resourceIds = z
  .array(z.uuid("is not a resource id"), "must be a list of resource ids")
  .min(1, "name at least one resource")
  .max(EXEMPTION_MAX_RESOURCES, `may name at most ${EXEMPTION_MAX_RESOURCES} resources at a time`);

export const exemptResourcesInput = z.object({
  resourceIds,
  reason: z.enum(EXEMPTION_REASONS, `must be one of ${EXEMPTION_REASONS.join(", ")}`),
  comment: z.string().trim().max(EXEMPTION_COMMENT_MAX, `must be at most ${EXEMPTION_COMMENT_MAX} characters`).optional(),
  expiresAt: z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date and time, e.g. 2026-06-30T23:59:59Z" })
    .refine((v) => Date.parse(v) > Date.now(), "must be in the future")
    .refine((v) => Date.parse(v) <= Date.now() + EXEMPTION_MAX_DAYS * 24 * 3600_000, `must be at most ${EXEMPTION_MAX_DAYS} days ahead`)
    .optional()
    .describe(`When the exemption lapses by itself (at most ${EXEMPTION_MAX_DAYS} days ahead)`),
});
export type ExemptResourcesInput = z.infer<typeof exemptResourcesInput>;

export const removeExemptionsInput = z.object({ resourceIds });
export type RemoveExemptionsInput = z.infer<typeof removeExemptionsInput>;

export const exemptionResult = z
  .object({ count: z.number().int().describe("How many resources changed") })
  .meta({ id: "ExemptionResult" });
export type ExemptionResult = z.infer<typeof exemptionResult>;

/** GET /api/v1/findings: findings across every repository in view. */
export const findingSearchQuery = z.object({
  ...scopeFilters,
  repository: z.uuid("is not a valid id").optional().describe("Only this repository's findings"),
  recommendation: z.string().max(200).optional().describe("Only the findings a findings recommendation is about (its provider and type)"),
  provider: list(PROVIDERS),
  type: list(FINDING_TYPES),
  severity: list(SEVERITIES),
  state: z.enum(FINDING_STATE_FILTERS, `must be one of ${FINDING_STATE_FILTERS.join(", ")}`).default("open"),
  tool: z.string().trim().min(1).max(200).optional().describe("Only this tool's findings (exact)"),
  limit: z.coerce.number().int().min(1).max(FINDINGS_MAX_PAGE_SIZE, `must be at most ${FINDINGS_MAX_PAGE_SIZE}`).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type FindingSearchQuery = z.infer<typeof findingSearchQuery>;

export const findingSearchItem = z
  .object({ ...findingListItem.shape, repository: z.object({ id: z.string(), name: z.string(), fullName: z.string(), provider: z.enum(PROVIDERS) }) })
  .meta({ id: "FindingSearchItem" });
export type FindingSearchItem = z.infer<typeof findingSearchItem>;

export const findingSearchPage = z
  .object({
    items: z.array(findingSearchItem),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .meta({ id: "FindingSearchPage" });
export type FindingSearchPage = z.infer<typeof findingSearchPage>;
