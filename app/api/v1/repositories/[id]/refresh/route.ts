import { repositoryIdParams } from "@/lib/schemas/repository-health";
import { json, route } from "@/lib/server/api/route";
import { refreshRepository } from "@/lib/server/inventory/repository-health";

/** Refresh: queue a discovery of the repository's environment now. 202 with the job's id. */
export const POST = route({
  permission: "discovery.run",
  params: repositoryIdParams,
  async handler({ caller, params, meta }) {
    return json(await refreshRepository(caller, params.id, meta), 202);
  },
});
