import type { Metadata } from "next";
import { EmptyState } from "@/components/common/EmptyState";
import { NoRoleNotice } from "@/components/common/NoRoleNotice";
import { PageHeader } from "@/components/common/PageHeader";
import { RecommendationsList } from "@/components/recommendations/RecommendationsList";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { mayAnywhere } from "@/lib/server/authz/caller";
import { listConnectors } from "@/lib/server/connectors/connector-service";
import { listSubscriptions } from "@/lib/server/subscriptions/subscription-service";

export const metadata: Metadata = { title: "Recommendations" };

const TITLE = "Recommendations";
const SUBTITLE = "Posture and findings recommendations for your DevOps resources";

export default async function RecommendationsPage() {
  const caller = await requireCaller();
  if (!mayAnywhere(caller, "workspace.read")) return <NoRoleNotice />;
  const [subscriptions, connectors] = await Promise.all([listSubscriptions(caller), listConnectors(caller)]);
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
  return (
    <>
      <PageHeader title={TITLE} subtitle={SUBTITLE} />
      <RecommendationsList
        options={{
          subscriptions: subscriptions.map((s) => ({ id: s.id, name: s.name })),
          connectors: connectors.map((c) => ({ id: c.id, name: c.name, provider: c.provider })),
        }}
      />
    </>
  );
}
