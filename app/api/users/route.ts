import { createUserInput } from "@/lib/schemas/users";
import { json, route } from "@/lib/server/api/route";
import { createUser } from "@/lib/server/users/create-user";
import { listUsers } from "@/lib/server/users/list-users";

export const GET = route({
  permission: "users.manage",
  async handler() {
    return { users: await listUsers() };
  },
});

/** Creates a local account; without a password, one is generated and answered once. */
export const POST = route({
  permission: "users.manage",
  body: createUserInput,
  async handler({ caller, body, meta }) {
    const result = await createUser({ input: body, actor: { id: caller.user.id, email: caller.user.email }, meta });
    return json(result, 201);
  },
});
