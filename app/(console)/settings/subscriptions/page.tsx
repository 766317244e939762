import type { Metadata } from "next";
import { NoRoleNotice } from "@/components/common/NoRoleNotice";
import { PageHeader } from "@/components/common/PageHeader";
import { Subscriptions } from "@/components/settings/Subscriptions";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { accessTo, mayAnywhere } from "@/lib/server/authz/caller";
import { listSubscriptions } from "@/lib/server/subscriptions/subscription-service";

export const metadata: Metadata = { title: "Subscriptions" };

export default async function SubscriptionsPage() {
  const caller = await requireCaller();
  if (!mayAnywhere(caller, "workspace.read")) return <NoRoleNotice />;
  const subscriptions = await listSubscriptions(caller);
  const items = subscriptions.map((subscription) => ({
    subscription,
    canEdit: accessTo(caller, "subscriptions.update", { subscriptionId: subscription.id }) === "allowed",
    /** An Owner of just a resource group may rename that group, not its subscription. */
    renamableGroupIds: subscription.resourceGroups
      .filter((g) => accessTo(caller, "subscriptions.update", { subscriptionId: subscription.id, resourceGroupId: g.id }) === "allowed")
      .map((g) => g.id),
  }));
  return (
    <>
      <PageHeader title="Subscriptions" subtitle="The subscriptions and resource groups that hold connectors and scope role assignments" />
      <Subscriptions items={items} canCreate={accessTo(caller, "subscriptions.create") === "allowed"} />
    </>
  );
}
