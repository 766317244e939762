import { z } from "zod";
import { scanningSettings } from "@/lib/schemas/connectors";
import { uuid } from "@/lib/schemas/users";
import { route } from "@/lib/server/api/route";
import { updateScanning } from "@/lib/server/connectors/connector-service";

export const PATCH = route({
  permission: "scanning.manage",
  params: z.object({ id: uuid }),
  body: scanningSettings,
  async handler({ caller, params, body, meta }) {
    return { connector: await updateScanning(caller, params.id, body, meta) };
  },
});
