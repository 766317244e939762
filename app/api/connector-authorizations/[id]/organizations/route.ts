import { z } from "zod";
import { uuid } from "@/lib/schemas/users";
import { route } from "@/lib/server/api/route";
import { listAuthorizationOrganizations } from "@/lib/server/connectors/authorization-service";

/** The organizations (GitLab: groups) the authorizing identity can see, fetched live. */
export const GET = route({
  permission: "connectors.update",
  params: z.object({ id: uuid }),
  query: z.object({ connectorId: uuid.optional() }),
  async handler({ caller, params, query }) {
    return { organizations: await listAuthorizationOrganizations(caller, params.id, query.connectorId) };
  },
});
