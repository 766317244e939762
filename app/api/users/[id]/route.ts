import { z } from "zod";
import { updateUserInput, uuid } from "@/lib/schemas/users";
import { route } from "@/lib/server/api/route";
import { getUser } from "@/lib/server/users/list-users";
import { updateUser } from "@/lib/server/users/update-user";

const params = z.object({ id: uuid });

export const GET = route({
  permission: "users.manage",
  params,
  async handler({ params }) {
    return { user: await getUser(params.id) };
  },
});

/** Renames, disables (signing the user out everywhere) or re-enables a user. */
export const PATCH = route({
  permission: "users.manage",
  params,
  body: updateUserInput,
  async handler({ caller, params, body, meta }) {
    return { user: await updateUser({ userId: params.id, changes: body, actor: { id: caller.user.id, email: caller.user.email }, meta }) };
  },
});
