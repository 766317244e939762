import { createApiTokenInput } from "@/lib/schemas/api-tokens";
import { createApiToken } from "@/lib/server/api-tokens/create-api-token";
import { listApiTokens } from "@/lib/server/api-tokens/list-api-tokens";
import { json, route } from "@/lib/server/api/route";
import { auditActor } from "@/lib/server/authz/caller";

/** The API tokens whose whole scope the caller manages. */
export const GET = route({
  permission: "tokens.manage",
  async handler({ caller }) {
    return { apiTokens: await listApiTokens(caller) };
  },
});

/** Creates a token; the answer carries the token itself, the only time it is ever shown. */
export const POST = route({
  permission: "tokens.manage",
  body: createApiTokenInput,
  async handler({ caller, body, meta }) {
    return json(await createApiToken({ creator: caller, input: body, actor: auditActor(caller), meta }), 201);
  },
});
