"use client";

import { ListToolbar } from "@/components/common/ListToolbar";
import { usePanelStyles } from "@/components/common/panel-styles";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { EmptyState } from "@/components/common/EmptyState";
import { callApi, type Problem } from "@/components/common/api";
import { ProblemBar } from "@/components/common/ProblemBar";
import { SuccessNotice } from "@/components/common/SuccessNotice";
import type { ConnectorView, ProviderName } from "@/lib/schemas/connectors";
import { AddEnvironmentMenu } from "./AddEnvironmentMenu";
import { ConnectorsTable } from "./ConnectorsTable";
import { DeleteConnectorDialog } from "./DeleteConnectorDialog";

export interface EnvironmentSettingsProps {
  connectors: ConnectorView[];
  /** The caller may create connectors somewhere (Owner, Contributor). */
  mayCreate: boolean;
  /** Providers with at least one host configured on this server. */
  configuredProviders: ProviderName[];
  subscriptionCount: number;
  canCreateSubscriptions: boolean;
}

/** Set by the wizard when it finishes: /environments?created=<name> or ?updated=<name>. */
function noticeFromUrl(params: URLSearchParams): string | null {
  const created = params.get("created");
  if (created) return `Created ${created}.`;
  const updated = params.get("updated");
  if (updated) return `Updated ${updated}.`;
  return null;
}

/** The Environment settings page: connectors, and what can be done with them. */
export function EnvironmentSettings({ connectors, mayCreate, configuredProviders, subscriptionCount, canCreateSubscriptions }: EnvironmentSettingsProps) {
  const panel = usePanelStyles();
  const router = useRouter();
  const searchParams = useSearchParams();
  const [refreshing, startRefresh] = useTransition();
  const [notice, setNotice] = useState<string | null>(() => noticeFromUrl(searchParams));
  const [deleting, setDeleting] = useState<ConnectorView | null>(null);
  const [discoveringId, setDiscoveringId] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function discover(c: ConnectorView) {
    setDiscoveringId(c.id);
    setProblem(null);
    const result = await callApi<{ jobId: string | null }>("POST", `/api/connectors/${encodeURIComponent(c.id)}/discovery`);
    setDiscoveringId(null);
    if (!result.ok) {
      setNotice(null);
      setProblem(result.problem);
      return;
    }
    setNotice(`Discovery of ${c.name} queued: its repositories are read again from ${c.host.label.startsWith("SCM sandbox") ? "the sandbox" : "the provider"} in a moment.`);
    refresh();
  }

  // The notice is shown once: a reload or a shared link does not repeat it.
  const fromUrl = searchParams.has("created") || searchParams.has("updated");
  useEffect(() => {
    if (fromUrl) window.history.replaceState(null, "", window.location.pathname);
  }, [fromUrl]);

  const refresh = () => startRefresh(() => router.refresh());

  const dialog = (
    <DeleteConnectorDialog
      connector={deleting}
      onCancel={() => setDeleting(null)}
      onDeleted={(c) => {
        setDeleting(null);
        setNotice(`Deleted ${c.name}.`);
        refresh();
      }}
    />
  );

  if (connectors.length === 0) {
    const noSubscription = subscriptionCount === 0;
    return (
      <div className={panel.stack}>
        <SuccessNotice message={notice} onDismiss={() => setNotice(null)} />
        <EmptyState
          icon="environments"
          title="No environments connected yet"
          action={
            mayCreate && !noSubscription
              ? { label: "Add environment", href: "/environments/new" }
              : noSubscription && canCreateSubscriptions
                ? { label: "Create a subscription", href: "/settings/subscriptions" }
                : undefined
          }
        >
          {mayCreate
            ? noSubscription
              ? "A connector lives in a subscription and resource group. Create one first; then connect an Azure DevOps, GitHub or GitLab organization here."
              : "Connect an Azure DevOps, GitHub or GitLab organization to discover its repositories and scan them."
            : "Connectors are added by an Owner or Contributor. Once they connect an organization, it is listed here."}
        </EmptyState>
        {dialog}
      </div>
    );
  }

  return (
    <div className={panel.stack}>
      <ProblemBar problem={problem} />
      <SuccessNotice message={notice} onDismiss={() => setNotice(null)} />
      <div className={panel.panel}>
        <ListToolbar label="Connector commands" refreshing={refreshing} onRefresh={refresh} count={<>{connectors.length === 1 ? "1 connector" : `${connectors.length} connectors`}</>}>
          {mayCreate ? <AddEnvironmentMenu configuredProviders={configuredProviders} /> : null}
        </ListToolbar>
        <ConnectorsTable connectors={connectors} onEdit={(c) => router.push(`/environments/${encodeURIComponent(c.id)}/edit`)} onDelete={setDeleting} onDiscover={(c) => void discover(c)} discoveringId={discoveringId} />
      </div>
      {dialog}
    </div>
  );
}
