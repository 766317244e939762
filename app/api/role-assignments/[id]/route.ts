import { z } from "zod";
import { uuid } from "@/lib/schemas/users";
import { route } from "@/lib/server/api/route";
import { removeRoleAssignment } from "@/lib/server/users/assign-role";

export const DELETE = route({
  permission: "users.manage",
  params: z.object({ id: uuid }),
  async handler({ caller, params, meta }) {
    await removeRoleAssignment({ assignmentId: params.id, actor: { id: caller.user.id, email: caller.user.email }, meta });
    return null;
  },
});
