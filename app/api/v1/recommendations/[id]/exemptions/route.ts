import { exemptResourcesInput, recommendationIdParams } from "@/lib/schemas/recommendations";
import { route } from "@/lib/server/api/route";
import { exemptResources } from "@/lib/server/recommendations/exemptions";

/** Exempt resources from the recommendation, with a reason, an optional comment and an optional expiry: all of them, or none. */
export const POST = route({
  permission: "findings.triage",
  params: recommendationIdParams,
  body: exemptResourcesInput,
  async handler({ caller, params, body, meta }) {
    return exemptResources(caller, params.id, body, meta);
  },
});
