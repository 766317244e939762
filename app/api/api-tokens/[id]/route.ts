import { z } from "zod";
import { uuid } from "@/lib/schemas/users";
import { revokeApiToken } from "@/lib/server/api-tokens/revoke-api-token";
import { route } from "@/lib/server/api/route";
import { auditActor } from "@/lib/server/authz/caller";

/** Revokes the token (it stays listed, as revoked). Revoking it again answers 204 and changes nothing. */
export const DELETE = route({
  permission: "tokens.manage",
  params: z.object({ id: uuid }),
  async handler({ caller, params, meta }) {
    await revokeApiToken({ caller, tokenId: params.id, actor: auditActor(caller), meta });
    return null;
  },
});
