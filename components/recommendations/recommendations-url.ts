import { parseLenient, withSearch, type RawSearchParams } from "@/components/common/url-query";
import {
  recommendationListQuery,
  type RecommendationListQuery,
  type RecommendationSort,
  type RecommendationScopeQuery,
} from "@/lib/schemas/recommendations";

/**
 * The recommendations list keeps its whole view in the page URL (search, filters, sort),
 * with the same parameters as GET /api/v1/recommendations and its CSV export, so that
 * Back and Forward work and a copied address opens the same list. Nothing here touches
 * the server.
 */

export const RECOMMENDATIONS_PATH = "/recommendations";
export const RECOMMENDATIONS_API = "/api/v1/recommendations";
export const RECOMMENDATIONS_EXPORT = "/api/v1/recommendations/export.csv";

const LABELS: Record<string, string> = {
  q: "Search",
  subscription: "Subscription",
  connector: "DevOps environment",
  provider: "Provider",
  severity: "Severity",
  state: "State",
  kind: "Type",
  sort: "Sort",
  dir: "Sort direction",
};

/** The list filters, in the order they are written to a URL. */
export const RECOMMENDATION_LIST_FILTERS = ["subscription", "connector", "provider", "severity", "state", "kind"] as const satisfies readonly (keyof RecommendationListQuery)[];
const KEYS = Object.keys(recommendationListQuery.shape);

export const DEFAULT_RECOMMENDATION_QUERY: RecommendationListQuery = recommendationListQuery.parse({});

/** Columns whose natural order is largest first (most severe, most unhealthy, most findings). */
const DESC_FIRST: readonly RecommendationSort[] = ["severity", "unhealthy", "findings"];

export function defaultDirection(sort: RecommendationSort): "asc" | "desc" {
  return DESC_FIRST.includes(sort) ? "desc" : "asc";
}

export function effectiveDirection(query: RecommendationListQuery): "asc" | "desc" {
  return query.dir ?? defaultDirection(query.sort);
}

export function readRecommendationsQuery(raw: RawSearchParams): { query: RecommendationListQuery; problems: string[] } {
  const { value, problems } = parseLenient(recommendationListQuery, raw, { keys: KEYS, listKeys: RECOMMENDATION_LIST_FILTERS, labels: LABELS });
  const query = { ...value };
  if (!query.q) delete query.q;
  for (const key of RECOMMENDATION_LIST_FILTERS) if (query[key]?.length === 0) delete query[key];
  return { query, problems };
}

/** The query's parameters, empty filters and default sort left out, in a stable order. */
export function recommendationParams(query: RecommendationListQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const key of RECOMMENDATION_LIST_FILTERS) {
    const values = query[key];
    if (values && values.length > 0) params.set(key, values.join(","));
  }
  if (query.sort !== DEFAULT_RECOMMENDATION_QUERY.sort) params.set("sort", query.sort);
  if (query.dir && query.dir !== defaultDirection(query.sort)) params.set("dir", query.dir);
  return params;
}

export function recommendationsHref(query: RecommendationListQuery): string {
  return withSearch(RECOMMENDATIONS_PATH, recommendationParams(query));
}

export function recommendationsApiUrl(query: RecommendationListQuery): string {
  return withSearch(RECOMMENDATIONS_API, recommendationParams(query));
}

export function recommendationsExportHref(query: RecommendationListQuery): string {
  return withSearch(RECOMMENDATIONS_EXPORT, recommendationParams(query));
}

export function hasRecommendationFilters(query: RecommendationListQuery): boolean {
  return Boolean(query.q || RECOMMENDATION_LIST_FILTERS.some((key) => query[key]?.length));
}

/** The subscription and environment filters, as a recommendation's own page and API take them. */
export function scopeParams(scope: RecommendationScopeQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (scope.subscription?.length) params.set("subscription", scope.subscription.join(","));
  if (scope.connector?.length) params.set("connector", scope.connector.join(","));
  return params;
}

/** GET /api/v1/recommendations/{id} for a recommendation's page. */
export function recommendationApiUrl(id: string, scope: RecommendationScopeQuery = {}): string {
  return withSearch(`${RECOMMENDATIONS_API}/${encodeURIComponent(id)}`, scopeParams(scope));
}

/** A recommendation's page, narrowed to the same subscriptions and environments as the list it was opened from. */
export function recommendationHref(id: string, scope: RecommendationScopeQuery = {}): string {
  return withSearch(`${RECOMMENDATIONS_PATH}/${encodeURIComponent(id)}`, scopeParams(scope));
}
