import type { Metadata } from "next";
import { EmptyState } from "@/components/common/EmptyState";
import { NoRoleNotice } from "@/components/common/NoRoleNotice";
import { PageHeader } from "@/components/common/PageHeader";
import type { RawSearchParams } from "@/components/common/url-query";
import { OverviewDashboard } from "@/components/overview/OverviewDashboard";
import { overviewApiUrl, readOverviewQuery } from "@/components/overview/overview-url";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { mayAnywhere } from "@/lib/server/authz/caller";
import { listConnectors } from "@/lib/server/connectors/connector-service";
import { overviewMetrics } from "@/lib/server/overview/overview-metrics";
import { listSubscriptions } from "@/lib/server/subscriptions/subscription-service";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const caller = await requireCaller();
  if (!mayAnywhere(caller, "workspace.read")) return <NoRoleNotice />;
  const [params, subscriptions, connectors] = await Promise.all([searchParams, listSubscriptions(caller), listConnectors(caller)]);
  // The first numbers are read here; the dashboard reads later ones from the API as its address changes.
  const { query } = readOverviewQuery(params);
  const initial = connectors.length > 0 ? { url: overviewApiUrl(query), data: await overviewMetrics(caller, query) } : undefined;
  return (
    <>
      <PageHeader title="DevOps security" subtitle="Findings, posture and coverage across every connected repository" />
      {connectors.length === 0 ? (
        <EmptyState icon="overview" title="No environments connected yet" action={{ label: "Go to Environment settings", href: "/environments" }}>
          Severity cards, coverage and trends appear here once an Azure DevOps, GitHub or GitLab organization is connected
          and its repositories have been discovered and scanned.
        </EmptyState>
      ) : (
        <OverviewDashboard
          initial={initial}
          options={{
            subscriptions: subscriptions.map((s) => ({ id: s.id, name: s.name })),
            connectors: connectors.map((c) => ({ id: c.id, name: c.name, provider: c.provider })),
          }}
        />
      )}
    </>
  );
}
