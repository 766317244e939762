import type { Metadata } from "next";
import { EmptyState } from "@/components/common/EmptyState";
import { NoRoleNotice } from "@/components/common/NoRoleNotice";
import { PageHeader } from "@/components/common/PageHeader";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { mayAnywhere } from "@/lib/server/authz/caller";
import { workspaceCounts } from "@/lib/server/pages/workspace-counts";

export const metadata: Metadata = { title: "Recommendations" };

export default async function RecommendationsPage() {
  const caller = await requireCaller();
  if (!mayAnywhere(caller, "workspace.read")) return <NoRoleNotice />;
  const counts = await workspaceCounts(caller);
  return (
    <>
      <PageHeader title="Recommendations" subtitle="Posture and findings recommendations for your DevOps resources" />
      {counts.connectors === 0 ? (
        <EmptyState icon="recommendations" title="No recommendations yet" action={{ label: "Go to Environment settings", href: "/environments" }}>
          Recommendations are evaluated from what discovery reads and what scans find. Connect an environment to get
          your first ones.
        </EmptyState>
      ) : null}
    </>
  );
}
