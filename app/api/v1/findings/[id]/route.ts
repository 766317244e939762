import { findingIdParams } from "@/lib/schemas/finding-triage";
import { route } from "@/lib/server/api/route";
import { getFinding } from "@/lib/server/findings/get-finding";

/** One finding: its rule's help, message, code, why its severity, and its history. */
export const GET = route({
  permission: "workspace.read",
  params: findingIdParams,
  async handler({ caller, params }) {
    return getFinding(caller, params.id);
  },
});
