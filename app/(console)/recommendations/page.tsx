import type { Metadata } from "next";
import { EmptyState } from "@/components/common/EmptyState";
import { NoRoleNotice } from "@/components/common/NoRoleNotice";
import { PageHeader } from "@/components/common/PageHeader";
import type { RawSearchParams } from "@/components/common/url-query";
import { RecommendationsList } from "@/components/recommendations/RecommendationsList";
import { readRecommendationsQuery, recommendationsApiUrl } from "@/components/recommendations/recommendations-url";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { mayAnywhere } from "@/lib/server/authz/caller";
import { listConnectors } from "@/lib/server/connectors/connector-service";
import { listRecommendations } from "@/lib/server/recommendations/list-recommendations";
import { listSubscriptions } from "@/lib/server/subscriptions/subscription-service";

export const metadata: Metadata = { title: "Recommendations" };

const TITLE = "Recommendations";
const SUBTITLE = "Posture and findings recommendations for your DevOps resources";

export default async function RecommendationsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const caller = await requireCaller();
  if (!mayAnywhere(caller, "workspace.read")) return <NoRoleNotice />;
  const [params, subscriptions, connectors] = await Promise.all([searchParams, listSubscriptions(caller), listConnectors(caller)]);
  if (connectors.length === 0) {
    return (
      <>
        <PageHeader title={TITLE} subtitle={SUBTITLE} />
        <EmptyState icon="recommendations" title="No recommendations yet" action={{ label: "Go to Environment settings", href: "/environments" }}>
          Recommendations are evaluated from what discovery reads and what scans find. Connect an environment to get your first ones.
        </EmptyState>
      </>
    );
  }
  // The first list is read here; the list reads later ones from the API as its address changes.
  const { query } = readRecommendationsQuery(params);
  const initial = { url: recommendationsApiUrl(query), data: await listRecommendations(caller, query) };
  return (
    <>
      <PageHeader title={TITLE} subtitle={SUBTITLE} />
      <RecommendationsList
        initial={initial}
        options={{
          subscriptions: subscriptions.map((s) => ({ id: s.id, name: s.name })),
          connectors: connectors.map((c) => ({ id: c.id, name: c.name, provider: c.provider })),
        }}
      />
    </>
  );
}
