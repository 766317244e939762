import { recommendationListQuery } from "@/lib/schemas/recommendations";
import { route } from "@/lib/server/api/route";
import { listRecommendations } from "@/lib/server/recommendations/list-recommendations";

/** The recommendations with resources in view: their state and affected resources, filtered, searched and sorted. */
export const GET = route({
  permission: "workspace.read",
  query: recommendationListQuery,
  async handler({ caller, query }) {
    return listRecommendations(caller, query);
  },
});
