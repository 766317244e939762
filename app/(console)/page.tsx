import type { Metadata } from "next";
import { EmptyState } from "@/components/common/EmptyState";
import { NoRoleNotice } from "@/components/common/NoRoleNotice";
import { PageHeader } from "@/components/common/PageHeader";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { mayAnywhere } from "@/lib/server/authz/caller";
import { workspaceCounts } from "@/lib/server/pages/workspace-counts";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const caller = await requireCaller();
  if (!mayAnywhere(caller, "workspace.read")) return <NoRoleNotice />;
  const counts = await workspaceCounts(caller);
  return (
    <>
      <PageHeader title="DevOps security" subtitle="Findings, posture and coverage across every connected repository" />
      {counts.connectors === 0 ? (
        <EmptyState icon="overview" title="No environments connected yet" action={{ label: "Go to Environment settings", href: "/environments" }}>
          Severity cards, coverage and trends appear here once an Azure DevOps, GitHub or GitLab organization is connected
          and its repositories have been discovered and scanned.
        </EmptyState>
      ) : null}
    </>
  );
}
