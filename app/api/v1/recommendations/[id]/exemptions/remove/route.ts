import { recommendationIdParams, removeExemptionsInput } from "@/lib/schemas/recommendations";
import { route } from "@/lib/server/api/route";
import { removeExemptions } from "@/lib/server/recommendations/exemptions";

/** Withdraw the exemptions of resources from the recommendation: they are judged again at once. */
export const POST = route({
  permission: "findings.triage",
  params: recommendationIdParams,
  body: removeExemptionsInput,
  async handler({ caller, params, body, meta }) {
    return removeExemptions(caller, params.id, body, meta);
  },
});
