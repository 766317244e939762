import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/common/PageHeader";
import { authorizationReturn } from "@/components/environments/authorization-return";
import { ConnectorWizard } from "@/components/environments/ConnectorWizard";
import { EnvironmentsBreadcrumb } from "@/components/environments/EnvironmentsBreadcrumb";
import { PROVIDER_LABELS, type ConnectorView } from "@/lib/schemas/connectors";
import { ApiError } from "@/lib/server/api/errors";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { getConnector } from "@/lib/server/connectors/connector-service";
import { listProviderHosts } from "@/lib/server/providers/hosts";

export const metadata: Metadata = { title: "Edit settings" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function EditEnvironmentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const caller = await requireCaller();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  let connector: ConnectorView;
  try {
    connector = await getConnector(caller, id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
  // Readers see the connector in the list, but have nothing to edit here.
  if (!connector.actions.edit && !connector.actions.manageScanning) notFound();

  return (
    <>
      <EnvironmentsBreadcrumb current={connector.name} />
      <PageHeader
        title={`Edit ${connector.name}`}
        subtitle={`${PROVIDER_LABELS[connector.provider]} connector in ${connector.subscription.name} / ${connector.resourceGroup.name}`}
      />
      <ConnectorWizard key={connector.id} connector={connector} hosts={listProviderHosts()} returned={authorizationReturn(query)} />
    </>
  );
}
