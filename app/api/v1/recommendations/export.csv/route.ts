import { recommendationListQuery } from "@/lib/schemas/recommendations";
import { route } from "@/lib/server/api/route";
import { listRecommendations } from "@/lib/server/recommendations/list-recommendations";
import { recommendationsCsv } from "@/lib/server/recommendations/recommendations-csv";

/** The recommendations list, with the same filters and sort, as CSV. */
export const GET = route({
  permission: "workspace.read",
  query: recommendationListQuery,
  async handler({ caller, query }) {
    const { items } = await listRecommendations(caller, query);
    const day = new Date().toISOString().slice(0, 10);
    return new Response(recommendationsCsv(items), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="rampart-recommendations-${day}.csv"`,
        "cache-control": "no-store",
      },
    });
  },
});
