import { startAuthorizationInput } from "@/lib/schemas/connectors";
import { requestOrigin } from "@/lib/server/api/request-origin";
import { json, route } from "@/lib/server/api/route";
import { startAuthorization } from "@/lib/server/connectors/authorization-service";

export const POST = route({
  permission: "connectors.create",
  body: startAuthorizationInput,
  async handler({ caller, body, req }) {
    return json(await startAuthorization(caller, body, requestOrigin(req)), 201);
  },
});
