import { z } from "zod";
import { uuid } from "@/lib/schemas/users";
import { route } from "@/lib/server/api/route";
import { getAuthorization } from "@/lib/server/connectors/authorization-service";

export const GET = route({
  permission: "connectors.update",
  params: z.object({ id: uuid }),
  query: z.object({ connectorId: uuid.optional() }),
  async handler({ caller, params, query }) {
    return { authorization: await getAuthorization(caller, params.id, query.connectorId) };
  },
});
