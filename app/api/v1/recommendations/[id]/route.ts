import { recommendationIdParams, recommendationScopeQuery } from "@/lib/schemas/recommendations";
import { route } from "@/lib/server/api/route";
import { getRecommendation } from "@/lib/server/recommendations/list-recommendations";

/** One recommendation: what it is, how to remediate, and its resources in view by state. */
export const GET = route({
  permission: "workspace.read",
  params: recommendationIdParams,
  query: recommendationScopeQuery,
  async handler({ caller, params, query }) {
    return getRecommendation(caller, params.id, query);
  },
});
