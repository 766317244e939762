import { recommendationIdParams, recommendationResourcesQuery } from "@/lib/schemas/recommendations";
import { route } from "@/lib/server/api/route";
import { listRecommendationResources } from "@/lib/server/recommendations/recommendation-resources";

/** The resources a recommendation judges, with their state, reason and exemption; unhealthy first, a page at a time. */
export const GET = route({
  permission: "workspace.read",
  params: recommendationIdParams,
  query: recommendationResourcesQuery,
  async handler({ caller, params, query }) {
    return listRecommendationResources(caller, params.id, query);
  },
});
