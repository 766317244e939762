import { DEFAULT_QUERY as DEFAULT_INVENTORY_QUERY, inventoryHref } from "@/components/inventory/inventory-url";
import { recommendationsHref } from "@/components/recommendations/recommendations-url";
import { parseLenient, withSearch, type RawSearchParams } from "@/components/common/url-query";
import type { ProviderName } from "@/lib/schemas/connectors";
import type { FindingTypeName, SeverityName } from "@/lib/schemas/findings";
import type { AdvancedSecurityStatusName } from "@/lib/schemas/inventory";
import { overviewQuery, type OverviewQuery } from "@/lib/schemas/overview";
import type { RecommendationListQuery } from "@/lib/schemas/recommendations";
import { DEFAULT_RECOMMENDATION_QUERY } from "@/components/recommendations/recommendations-url";

/**
 * The overview's filters (subscription, DevOps environment) and trend window live in the
 * page URL, with the parameters of GET /api/v1/metrics/overview. Every card links to the
 * list it summarises, carrying the same subscription and environment filters.
 */

export const OVERVIEW_PATH = "/";
export const OVERVIEW_API = "/api/v1/metrics/overview";

const LABELS: Record<string, string> = { subscription: "Subscription", connector: "DevOps environment", days: "Trend window" };
const LIST_KEYS = ["subscription", "connector"] as const;

export function readOverviewQuery(raw: RawSearchParams): { query: OverviewQuery; problems: string[] } {
  const { value, problems } = parseLenient(overviewQuery, raw, { keys: ["subscription", "connector", "days"], listKeys: LIST_KEYS, labels: LABELS });
  const query = { ...value };
  for (const key of LIST_KEYS) if (query[key]?.length === 0) delete query[key];
  return { query, problems };
}

export function overviewParams(query: OverviewQuery, { withDays = true }: { withDays?: boolean } = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of LIST_KEYS) if (query[key]?.length) params.set(key, query[key].join(","));
  // 30 days is the default; the API is always told.
  if (withDays) params.set("days", String(query.days));
  return params;
}

export function overviewHref(query: OverviewQuery): string {
  const params = overviewParams(query, { withDays: query.days !== 30 });
  return withSearch(OVERVIEW_PATH, params);
}

export function overviewApiUrl(query: OverviewQuery): string {
  return withSearch(OVERVIEW_API, overviewParams(query));
}

export function hasOverviewFilters(query: OverviewQuery): boolean {
  return Boolean(query.subscription?.length || query.connector?.length);
}

type Scope = Pick<OverviewQuery, "subscription" | "connector">;

/** The inventory, narrowed like the overview and by one more filter. */
export function inventoryLink(
  scope: Scope,
  filter: { severity?: SeverityName[]; findingType?: FindingTypeName[]; provider?: ProviderName[]; advancedSecurity?: AdvancedSecurityStatusName[] },
): string {
  return inventoryHref({
    grouped: false,
    page: 1,
    cols: [],
    query: { ...DEFAULT_INVENTORY_QUERY, subscription: scope.subscription, connector: scope.connector, ...filter },
  });
}

/** The recommendations list, narrowed like the overview and by more filters. */
export function recommendationsLink(scope: Scope, filter: Partial<Pick<RecommendationListQuery, "kind" | "state" | "severity">>): string {
  return recommendationsHref({ ...DEFAULT_RECOMMENDATION_QUERY, subscription: scope.subscription, connector: scope.connector, ...filter });
}

export function repositoryLink(id: string): string {
  return `/inventory/repositories/${encodeURIComponent(id)}`;
}
