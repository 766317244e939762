import { configurePrAnnotationsInput } from "@/lib/schemas/pr-annotations";
import { route } from "@/lib/server/api/route";
import { configurePrAnnotations } from "@/lib/server/inventory/configure-pr-annotations";

/** Configure pull request annotations on selected Azure DevOps repositories: written to Azure DevOps, then stored. */
export const POST = route({
  permission: "prAnnotations.manage",
  body: configurePrAnnotationsInput,
  async handler({ caller, body, meta }) {
    return configurePrAnnotations(caller, body, meta);
  },
});
