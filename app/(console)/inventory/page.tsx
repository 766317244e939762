import type { Metadata } from "next";
import { EmptyState } from "@/components/common/EmptyState";
import { NoRoleNotice } from "@/components/common/NoRoleNotice";
import { PageHeader } from "@/components/common/PageHeader";
import { InventoryGrid } from "@/components/inventory/InventoryGrid";
import { firstPage, readInventoryView, type RawSearchParams } from "@/components/inventory/inventory-url";
import type { InventoryPage, RepositoryGroupList } from "@/lib/schemas/inventory";
import { ApiError } from "@/lib/server/api/errors";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { accessTo, mayAnywhere } from "@/lib/server/authz/caller";
import { listConnectors } from "@/lib/server/connectors/connector-service";
import { queryInventory } from "@/lib/server/inventory/inventory-service";
import { listRepositoryGroups } from "@/lib/server/inventory/repository-groups";
import { listSubscriptions } from "@/lib/server/subscriptions/subscription-service";

export const metadata: Metadata = { title: "Inventory" };

const TITLE = "Inventory";
const SUBTITLE = "Every repository in your connected environments, with its security status";

export default async function InventoryPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const caller = await requireCaller();
  if (!mayAnywhere(caller, "workspace.read")) return <NoRoleNotice />;

  const [params, subscriptions, connectors] = await Promise.all([searchParams, listSubscriptions(caller), listConnectors(caller)]);

  if (connectors.length === 0) {
    const mayCreate = mayAnywhere(caller, "connectors.create");
    return (
      <>
        <PageHeader title={TITLE} subtitle={SUBTITLE} />
        <EmptyState
          icon="inventory"
          title="No repositories yet"
          action={
            mayCreate
              ? // Without a subscription the wizard has nowhere to put the connector; Environment settings explains that.
                { label: "Connect an environment", href: subscriptions.length > 0 ? "/environments/new" : "/environments" }
              : { label: "Go to Environment settings", href: "/environments" }
          }
        >
          {mayCreate
            ? "Connect an Azure DevOps, GitHub or GitLab organization: discovery then lists every one of its repositories here, with its advanced security and pull request annotation status."
            : "Repositories are listed here once an Owner or Contributor connects an Azure DevOps, GitHub or GitLab organization that you have a role on."}
        </EmptyState>
      </>
    );
  }

  let { view, problems } = readInventoryView(params);
  let data: InventoryPage;
  let groups: RepositoryGroupList | undefined;
  if (view.grouped) {
    groups = await listRepositoryGroups(caller, view.query);
    data = { items: [], nextCursor: null, total: groups.items.reduce((sum, g) => sum + g.repositories, 0) };
  } else {
    try {
      data = await queryInventory(caller, view.query);
    } catch (error) {
      // A cursor from an old link (or edited by hand) is refused: show the first page instead.
      if (!(error instanceof ApiError && error.status === 422 && view.query.cursor)) throw error;
      problems = [...problems, "Page: this page's position is no longer valid, so the first page is shown."];
      view = firstPage(view);
      data = await queryInventory(caller, view.query);
    }
  }

  // Where the caller may configure PR annotations: the grid offers row selection there only.
  const prAnnotationConnectors = connectors
    .filter((c) => c.provider === "AZURE_DEVOPS")
    .filter((c) => accessTo(caller, "prAnnotations.manage", { subscriptionId: c.subscription.id, resourceGroupId: c.resourceGroup.id, connectorId: c.id }) === "allowed")
    .map((c) => c.id);

  return (
    <>
      <PageHeader title={TITLE} subtitle={SUBTITLE} />
      <InventoryGrid
        prAnnotationConnectors={prAnnotationConnectors}
        view={view}
        data={data}
        groups={groups}
        problems={problems}
        options={{
          subscriptions: subscriptions.map((s) => ({ id: s.id, name: s.name })),
          connectors: connectors.map((c) => ({ id: c.id, name: c.name, provider: c.provider })),
        }}
      />
    </>
  );
}
