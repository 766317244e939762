import { repositoryGroupsQuery } from "@/lib/schemas/inventory";
import { route } from "@/lib/server/api/route";
import { listRepositoryGroups } from "@/lib/server/inventory/repository-groups";

/** The grouped inventory, one level at a time: organizations, or the groups below one. */
export const GET = route({
  permission: "workspace.read",
  query: repositoryGroupsQuery,
  async handler({ caller, query }) {
    return listRepositoryGroups(caller, query);
  },
});
