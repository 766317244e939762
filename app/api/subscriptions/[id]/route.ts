import { z } from "zod";
import { nameInput } from "@/lib/schemas/subscriptions";
import { uuid } from "@/lib/schemas/users";
import { route } from "@/lib/server/api/route";
import { getSubscription, renameSubscription } from "@/lib/server/subscriptions/subscription-service";

const params = z.object({ id: uuid });

export const GET = route({
  permission: "workspace.read",
  params,
  async handler({ caller, params }) {
    return { subscription: await getSubscription(caller, params.id) };
  },
});

export const PATCH = route({
  permission: "subscriptions.update",
  params,
  body: nameInput,
  async handler({ caller, params, body, meta }) {
    return { subscription: await renameSubscription(caller, params.id, body.name, meta) };
  },
});
