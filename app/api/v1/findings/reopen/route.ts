import { reopenFindingsInput } from "@/lib/schemas/finding-triage";
import { route } from "@/lib/server/api/route";
import { reopenFindings } from "@/lib/server/findings/triage-findings";

/** Withdraw dismissals: each finding is open again, or Fixed if the latest scan no longer reports it. All of them, or none. */
export const POST = route({
  permission: "findings.triage",
  body: reopenFindingsInput,
  async handler({ caller, body, meta }) {
    return reopenFindings(caller, body, meta);
  },
});
