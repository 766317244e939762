import { overviewQuery } from "@/lib/schemas/overview";
import { route } from "@/lib/server/api/route";
import { overviewMetrics } from "@/lib/server/overview/overview-metrics";

/** The overview's numbers (findings, posture, coverage, trend, time to remediate, top 10) for the connectors in view. */
export const GET = route({
  permission: "workspace.read",
  query: overviewQuery,
  async handler({ caller, query }) {
    return overviewMetrics(caller, query);
  },
});
