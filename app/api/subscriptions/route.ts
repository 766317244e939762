import { nameInput } from "@/lib/schemas/subscriptions";
import { json, route } from "@/lib/server/api/route";
import { createSubscription, listSubscriptions } from "@/lib/server/subscriptions/subscription-service";

/** The subscriptions (with their resource groups) the caller may see. */
export const GET = route({
  permission: "workspace.read",
  async handler({ caller }) {
    return { subscriptions: await listSubscriptions(caller) };
  },
});

export const POST = route({
  permission: "subscriptions.create",
  body: nameInput,
  async handler({ caller, body, meta }) {
    return json({ subscription: await createSubscription(caller, body.name, meta) }, 201);
  },
});
