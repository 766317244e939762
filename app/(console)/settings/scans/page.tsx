import type { Metadata } from "next";
import { PageHeader } from "@/components/common/PageHeader";
import { parseScanFilters, scanFilterParams, SCANS_PAGE_SIZE } from "@/components/scans/scans-url";
import { ScansList } from "@/components/settings/ScansList";
import { accessTo } from "@/lib/server/authz/caller";
import { listConnectors } from "@/lib/server/connectors/connector-service";
import { requirePageAccess } from "@/lib/server/pages/page-access";
import { listScans } from "@/lib/server/scans/list-scans";

export const metadata: Metadata = { title: "Scans" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function ScansPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const caller = await requirePageAccess("scans.read");
  const { filters, problems } = parseScanFilters(await searchParams);
  const [page, connectors] = await Promise.all([listScans(caller, { ...filters, limit: SCANS_PAGE_SIZE }), listConnectors(caller)]);
  // Stop shows where the caller may stop scans; the server checks again.
  const stoppable = connectors
    .filter((c) => accessTo(caller, "scans.run", { subscriptionId: c.subscription.id, resourceGroupId: c.resourceGroup.id, connectorId: c.id }) === "allowed")
    .map((c) => c.id);
  return (
    <>
      <PageHeader title="Scans" subtitle="Agentless scans of your environments' repositories and results uploaded from pipelines, newest first" />
      <ScansList
        key={scanFilterParams(filters).toString()}
        filters={filters}
        initial={page}
        problems={problems}
        connectors={connectors.map((c) => ({ id: c.id, name: c.name, provider: c.provider }))}
        stoppableConnectorIds={stoppable}
      />
    </>
  );
}
