import { z } from "zod";
import { updateConnectorInput } from "@/lib/schemas/connectors";
import { uuid } from "@/lib/schemas/users";
import { route } from "@/lib/server/api/route";
import { deleteConnector, getConnector, updateConnector } from "@/lib/server/connectors/connector-service";

const params = z.object({ id: uuid });

export const GET = route({
  permission: "workspace.read",
  params,
  async handler({ caller, params }) {
    return { connector: await getConnector(caller, params.id) };
  },
});

export const PATCH = route({
  permission: "connectors.update",
  params,
  body: updateConnectorInput,
  async handler({ caller, params, body, meta }) {
    return { connector: await updateConnector(caller, params.id, body, meta) };
  },
});

export const DELETE = route({
  permission: "connectors.delete",
  params,
  async handler({ caller, params, meta }) {
    await deleteConnector(caller, params.id, meta);
    return null;
  },
});
