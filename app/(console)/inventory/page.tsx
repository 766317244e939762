import type { Metadata } from "next";
import { EmptyState } from "@/components/common/EmptyState";
import { NoRoleNotice } from "@/components/common/NoRoleNotice";
import { PageHeader } from "@/components/common/PageHeader";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { mayAnywhere } from "@/lib/server/authz/caller";
import { workspaceCounts } from "@/lib/server/pages/workspace-counts";

export const metadata: Metadata = { title: "Inventory" };

export default async function InventoryPage() {
  const caller = await requireCaller();
  if (!mayAnywhere(caller, "workspace.read")) return <NoRoleNotice />;
  const counts = await workspaceCounts(caller);
  return (
    <>
      <PageHeader title="DevOps inventory" subtitle="Every repository in your connected organizations and its security status" />
      {counts.connectors === 0 ? (
        <EmptyState icon="inventory" title="No repositories yet" action={{ label: "Go to Environment settings", href: "/environments" }}>
          Repositories are listed here after an environment is connected: discovery finds every repository of its
          organizations, with its advanced security and pull request annotation status.
        </EmptyState>
      ) : null}
    </>
  );
}
