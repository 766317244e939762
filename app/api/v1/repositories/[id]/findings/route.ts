import { findingListQuery } from "@/lib/schemas/finding-triage";
import { repositoryIdParams } from "@/lib/schemas/repository-health";
import { route } from "@/lib/server/api/route";
import { listRepositoryFindings } from "@/lib/server/findings/list-repository-findings";

/** One repository's findings: filtered by state (open by default), type, severity and tool; most severe first; a page at a time. */
export const GET = route({
  permission: "workspace.read",
  params: repositoryIdParams,
  query: findingListQuery,
  async handler({ caller, params, query }) {
    return listRepositoryFindings(caller, params.id, query);
  },
});
