import { scanListQuery, uploadScanQuery } from "@/lib/schemas/scans";
import { json, route } from "@/lib/server/api/route";
import { listScans } from "@/lib/server/scans/list-scans";
import { uploadScan } from "@/lib/server/scans/upload-scan";

/** Every scan in the caller's scope, uploads and agentless, newest first (Settings → Scans). */
export const GET = route({
  permission: "scans.read",
  query: scanListQuery,
  async handler({ caller, query }) {
    return listScans(caller, query);
  },
});

/** Upload a SARIF 2.1.0 log (optionally gzip-compressed) for an inventory repository; processed asynchronously. */
export const POST = route({
  permission: "scans.upload",
  query: uploadScanQuery,
  async handler({ caller, req, query }) {
    const accepted = await uploadScan(caller, req, query);
    const response = json(accepted, 202);
    response.headers.set("location", accepted.url);
    return response;
  },
});
