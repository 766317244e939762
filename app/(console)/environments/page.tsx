import type { Metadata } from "next";
import { EmptyState } from "@/components/common/EmptyState";
import { NoRoleNotice } from "@/components/common/NoRoleNotice";
import { PageHeader } from "@/components/common/PageHeader";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { accessTo, mayAnywhere } from "@/lib/server/authz/caller";
import { workspaceCounts } from "@/lib/server/pages/workspace-counts";

export const metadata: Metadata = { title: "Environment settings" };

export default async function EnvironmentsPage() {
  const caller = await requireCaller();
  if (!mayAnywhere(caller, "workspace.read")) return <NoRoleNotice />;
  const counts = await workspaceCounts(caller);
  const canCreateSubscriptions = accessTo(caller, "subscriptions.create") === "allowed";
  const mayConnect = mayAnywhere(caller, "connectors.create");
  return (
    <>
      <PageHeader title="Environment settings" subtitle="Azure DevOps, GitHub and GitLab connectors" />
      {counts.connectors === 0 ? (
        <EmptyState
          icon="environments"
          title="No environments connected yet"
          action={counts.subscriptions === 0 && canCreateSubscriptions ? { label: "Create a subscription", href: "/settings/subscriptions" } : undefined}
        >
          {mayConnect
            ? counts.subscriptions === 0
              ? "A connector lives in a subscription and resource group. Create one first; then connect an Azure DevOps, GitHub or GitLab organization here."
              : "Connect an Azure DevOps, GitHub or GitLab organization to discover its repositories and scan them."
            : "Connectors are added by an Owner or Contributor. Once they connect an organization, it is listed here."}
        </EmptyState>
      ) : null}
    </>
  );
}
