import type { Metadata } from "next";
import { PageHeader } from "@/components/common/PageHeader";
import { authorizationReturn } from "@/components/environments/authorization-return";
import { ConnectorWizard } from "@/components/environments/ConnectorWizard";
import { EnvironmentsBreadcrumb } from "@/components/environments/EnvironmentsBreadcrumb";
import type { SubscriptionTarget } from "@/components/environments/wizard-model";
import { PROVIDERS } from "@/lib/schemas/connectors";
import { accessTo } from "@/lib/server/authz/caller";
import { requirePageAccess } from "@/lib/server/pages/page-access";
import { listProviderHosts } from "@/lib/server/providers/hosts";
import { listSubscriptions } from "@/lib/server/subscriptions/subscription-service";

export const metadata: Metadata = { title: "Add environment" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AddEnvironmentPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const caller = await requirePageAccess("connectors.create");
  const [params, subscriptions] = await Promise.all([searchParams, listSubscriptions(caller)]);

  // Only where the caller may create a connector: a Contributor on one resource group sees that group.
  const targets: SubscriptionTarget[] = subscriptions
    .map((s) => ({
      id: s.id,
      name: s.name,
      resourceGroups: s.resourceGroups
        .filter((g) => accessTo(caller, "connectors.create", { subscriptionId: s.id, resourceGroupId: g.id }) === "allowed")
        .map((g) => ({ id: g.id, name: g.name })),
    }))
    .filter((t) => t.resourceGroups.length > 0 || mayCreateGroupIn(t.id));
  // "Create new" resource group: the caller must be able to create groups and connectors in the whole subscription.
  function mayCreateGroupIn(subscriptionId: string): boolean {
    return (
      accessTo(caller, "subscriptions.update", { subscriptionId }) === "allowed" &&
      accessTo(caller, "connectors.create", { subscriptionId }) === "allowed"
    );
  }
  const newGroupSubscriptionIds = subscriptions.filter((s) => mayCreateGroupIn(s.id)).map((s) => s.id);

  const requested = typeof params.provider === "string" ? params.provider.toUpperCase() : undefined;
  const initialProvider = PROVIDERS.find((p) => p === requested) ?? null;

  return (
    <>
      <EnvironmentsBreadcrumb current="Add environment" />
      <PageHeader title="Add environment" subtitle="Connect Azure DevOps, GitHub or GitLab organizations to discover and scan their repositories" />
      <ConnectorWizard
        hosts={listProviderHosts()}
        targets={targets}
        newGroupSubscriptionIds={newGroupSubscriptionIds}
        initialProvider={initialProvider}
        returned={authorizationReturn(params)}
      />
    </>
  );
}
