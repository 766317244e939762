import { preferencesInput } from "@/lib/schemas/users";
import { route } from "@/lib/server/api/route";
import { roleSummaries } from "@/lib/server/authz/caller";
import { setTheme } from "@/lib/server/users/set-theme";

/** The signed-in user, their role assignments, and their preferences. */
export const GET = route({
  permission: "signed-in",
  async handler({ caller }) {
    return { user: caller.user, roles: roleSummaries(caller) };
  },
});

export const PATCH = route({
  permission: "signed-in",
  body: preferencesInput,
  async handler({ caller, body }) {
    await setTheme(caller.user.id, body.theme);
    return { user: { ...caller.user, theme: body.theme } };
  },
});
