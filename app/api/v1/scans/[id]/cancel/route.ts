import { scanIdParams } from "@/lib/schemas/scans";
import { cancelScan } from "@/lib/server/agentless/scan-actions";
import { route } from "@/lib/server/api/route";

/** Stop an agentless scan: a queued one at once, a running one within seconds. Answers the scan. */
export const POST = route({
  permission: "scans.run",
  params: scanIdParams,
  async handler({ caller, params, meta }) {
    return cancelScan(caller, params.id, meta);
  },
});
