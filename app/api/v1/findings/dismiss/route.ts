import { dismissFindingsInput } from "@/lib/schemas/finding-triage";
import { route } from "@/lib/server/api/route";
import { dismissFindings } from "@/lib/server/findings/triage-findings";

/** Dismiss open findings with a reason, an optional comment and an optional expiry: all of them, or none. */
export const POST = route({
  permission: "findings.triage",
  body: dismissFindingsInput,
  async handler({ caller, body, meta }) {
    return dismissFindings(caller, body, meta);
  },
});
