import { repositoryIdParams } from "@/lib/schemas/repository-health";
import { route } from "@/lib/server/api/route";
import { listRepositoryScans } from "@/lib/server/scans/list-repository-scans";

/** The repository's latest scans (uploads and agentless), newest first, with what each changed. */
export const GET = route({
  permission: "scans.read",
  params: repositoryIdParams,
  async handler({ caller, params }) {
    return listRepositoryScans(caller, params.id);
  },
});
