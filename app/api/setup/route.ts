import { z } from "zod";
import { setupInput } from "@/lib/schemas/users";
import { notFound } from "@/lib/server/api/errors";
import { json, publicRoute, zodProblem } from "@/lib/server/api/route";
import { createFirstOwner, needsFirstRun } from "@/lib/server/setup/create-first-owner";

/** First run only: creates the first Owner while no user exists; 404 afterwards, whatever is sent. */
export const POST = publicRoute({
  body: z.unknown(),
  async handler({ body, meta }) {
    if (!(await needsFirstRun())) throw notFound("First-run setup");
    const input = setupInput.safeParse(body);
    if (!input.success) throw zodProblem(input.error, "body");
    return json(await createFirstOwner(input.data, meta), 201);
  },
});
