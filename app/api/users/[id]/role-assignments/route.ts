import { z } from "zod";
import { roleAssignmentInput, uuid } from "@/lib/schemas/users";
import { json, route } from "@/lib/server/api/route";
import { assignRole } from "@/lib/server/users/assign-role";

/** Gives the user a role at a scope (workspace, subscription, resource group or connector). */
export const POST = route({
  permission: "users.manage",
  params: z.object({ id: uuid }),
  body: roleAssignmentInput,
  async handler({ caller, params, body, meta }) {
    const assignment = await assignRole({ userId: params.id, input: body, actor: { id: caller.user.id, email: caller.user.email }, meta });
    return json({ roleAssignment: assignment }, 201);
  },
});
