import { parseLenient, type RawSearchParams } from "@/components/common/url-query";
import { recommendationScopeQuery, type RecommendationScopeQuery } from "@/lib/schemas/recommendations";

/** The subscription and DevOps environment filters of an address; values that are not ids are left out. */
export function readScope(raw: RawSearchParams): RecommendationScopeQuery {
  const { value } = parseLenient(recommendationScopeQuery, raw, {
    keys: ["subscription", "connector"],
    listKeys: ["subscription", "connector"],
    labels: { subscription: "Subscription", connector: "DevOps environment" },
  });
  return normalizeScope(value);
}

/** Empty lists are no filter. */
export function normalizeScope(scope: RecommendationScopeQuery): RecommendationScopeQuery {
  const out: RecommendationScopeQuery = {};
  if (scope.subscription?.length) out.subscription = scope.subscription;
  if (scope.connector?.length) out.connector = scope.connector;
  return out;
}
