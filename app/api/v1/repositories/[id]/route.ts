import { repositoryIdParams } from "@/lib/schemas/repository-health";
import { route } from "@/lib/server/api/route";
import { getRepositoryHealth } from "@/lib/server/inventory/repository-health";

/** One repository's health: statuses, open findings, recommendations, discovery history. */
export const GET = route({
  permission: "workspace.read",
  params: repositoryIdParams,
  async handler({ caller, params }) {
    return getRepositoryHealth(caller, params.id);
  },
});
