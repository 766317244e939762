import { setupInput } from "@/lib/schemas/users";
import { json, publicRoute } from "@/lib/server/api/route";
import { createFirstOwner } from "@/lib/server/setup/create-first-owner";

/** First run only: creates the first Owner while no user exists; 404 afterwards. */
export const POST = publicRoute({
  body: setupInput,
  async handler({ body, meta }) {
    return json(await createFirstOwner(body, meta), 201);
  },
});
