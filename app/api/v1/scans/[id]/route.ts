import { scanIdParams } from "@/lib/schemas/scans";
import { route } from "@/lib/server/api/route";
import { getScan } from "@/lib/server/scans/scan-view";

/** One scan's processing: pending, complete (with what it changed) or failed (with the reason). */
export const GET = route({
  permission: "scans.read",
  params: scanIdParams,
  async handler({ caller, params }) {
    return getScan(caller, params.id);
  },
});
