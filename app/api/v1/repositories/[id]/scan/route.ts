import { repositoryIdParams } from "@/lib/schemas/repository-health";
import { scanRepositoryNow } from "@/lib/server/agentless/scan-actions";
import { json, route } from "@/lib/server/api/route";

/** Scan now: queue an agentless scan of the repository (or answer the one already queued or running). 202; 409 with the reason when it is not scanned. */
export const POST = route({
  permission: "scans.run",
  params: repositoryIdParams,
  async handler({ caller, params, meta }) {
    const outcome = await scanRepositoryNow(caller, params.id, meta);
    const response = json(outcome, 202);
    response.headers.set("location", `/api/v1/scans/${outcome.scan.id}`);
    return response;
  },
});
