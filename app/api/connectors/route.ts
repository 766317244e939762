import { createConnectorInput } from "@/lib/schemas/connectors";
import { json, route } from "@/lib/server/api/route";
import { createConnector, listConnectors } from "@/lib/server/connectors/connector-service";

export const GET = route({
  permission: "workspace.read",
  async handler({ caller }) {
    return { connectors: await listConnectors(caller) };
  },
});

export const POST = route({
  permission: "connectors.create",
  body: createConnectorInput,
  async handler({ caller, body, meta }) {
    return json({ connector: await createConnector(caller, body, meta) }, 201);
  },
});
