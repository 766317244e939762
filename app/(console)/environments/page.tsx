import type { Metadata } from "next";
import { NoRoleNotice } from "@/components/common/NoRoleNotice";
import { PageHeader } from "@/components/common/PageHeader";
import { EnvironmentSettings } from "@/components/environments/EnvironmentSettings";
import { PROVIDERS } from "@/lib/schemas/connectors";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { accessTo, mayAnywhere } from "@/lib/server/authz/caller";
import { listConnectors } from "@/lib/server/connectors/connector-service";
import { workspaceCounts } from "@/lib/server/pages/workspace-counts";
import { listProviderHosts } from "@/lib/server/providers/hosts";

export const metadata: Metadata = { title: "Environment settings" };

export default async function EnvironmentsPage() {
  const caller = await requireCaller();
  if (!mayAnywhere(caller, "workspace.read")) return <NoRoleNotice />;
  const [connectors, counts] = await Promise.all([listConnectors(caller), workspaceCounts(caller)]);
  const hosts = listProviderHosts();
  return (
    <>
      <PageHeader title="Environment settings" subtitle="Azure DevOps, GitHub and GitLab connectors" />
      <EnvironmentSettings
        connectors={connectors}
        mayCreate={mayAnywhere(caller, "connectors.create")}
        configuredProviders={PROVIDERS.filter((p) => hosts.some((h) => h.provider === p))}
        subscriptionCount={counts.subscriptions}
        canCreateSubscriptions={accessTo(caller, "subscriptions.create") === "allowed"}
      />
    </>
  );
}
