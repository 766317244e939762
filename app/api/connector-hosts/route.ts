import { route } from "@/lib/server/api/route";
import { listProviderHosts } from "@/lib/server/providers/hosts";

/** Where each provider can be reached from this server (for the wizard). */
export const GET = route({
  permission: "workspace.read",
  async handler() {
    return { hosts: listProviderHosts() };
  },
});
