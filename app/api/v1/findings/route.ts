import { findingSearchQuery } from "@/lib/schemas/recommendations";
import { route } from "@/lib/server/api/route";
import { searchFindings } from "@/lib/server/findings/search-findings";

/** Findings across every repository in view: by repository, recommendation, provider, type, severity, state and tool; most severe first. */
export const GET = route({
  permission: "workspace.read",
  query: findingSearchQuery,
  async handler({ caller, query }) {
    return searchFindings(caller, query);
  },
});
