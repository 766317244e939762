import { z } from "zod";
import { uuid } from "@/lib/schemas/users";
import { json, route } from "@/lib/server/api/route";
import { refreshConnector } from "@/lib/server/connectors/connector-service";

/** Refresh: queue a discovery of the connector now. 202 with the job's id. */
export const POST = route({
  permission: "discovery.run",
  params: z.object({ id: uuid }),
  async handler({ caller, params, meta }) {
    return json(await refreshConnector(caller, params.id, meta), 202);
  },
});
