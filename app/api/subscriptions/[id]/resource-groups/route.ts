import { z } from "zod";
import { nameInput } from "@/lib/schemas/subscriptions";
import { uuid } from "@/lib/schemas/users";
import { json, route } from "@/lib/server/api/route";
import { createResourceGroup } from "@/lib/server/subscriptions/subscription-service";

export const POST = route({
  permission: "subscriptions.update",
  params: z.object({ id: uuid }),
  body: nameInput,
  async handler({ caller, params, body, meta }) {
    return json({ resourceGroup: await createResourceGroup(caller, params.id, body.name, meta) }, 201);
  },
});
