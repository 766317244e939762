import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NoRoleNotice } from "@/components/common/NoRoleNotice";
import type { RawSearchParams } from "@/components/common/url-query";
import { RecommendationDetailView } from "@/components/recommendations/RecommendationDetailView";
import { recommendationApiUrl } from "@/components/recommendations/recommendations-url";
import { readScope } from "@/components/recommendations/scope";
import { recommendationById } from "@/lib/recommendations/catalog";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { mayAnywhere } from "@/lib/server/authz/caller";
import { listConnectors } from "@/lib/server/connectors/connector-service";
import { getRecommendation } from "@/lib/server/recommendations/list-recommendations";
import { listSubscriptions } from "@/lib/server/subscriptions/subscription-service";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const recommendation = recommendationById((await params).id);
  return { title: recommendation ? `${recommendation.title} · Recommendations` : "Recommendation not found" };
}

/**
 * A recommendation's page. An id the catalog does not know is not found here; one with
 * nothing in the caller's view is not found by the API, and the page says the same.
 */
export default async function RecommendationPage({ params, searchParams }: Params & { searchParams: Promise<RawSearchParams> }) {
  const { id } = await params;
  const caller = await requireCaller();
  if (!mayAnywhere(caller, "workspace.read")) return <NoRoleNotice />;
  if (!recommendationById(id)) notFound();
  const scope = readScope(await searchParams);
  const [subscriptions, connectors, detail] = await Promise.all([listSubscriptions(caller), listConnectors(caller), getRecommendation(caller, id, scope)]);
  return (
    <RecommendationDetailView
      id={id}
      initial={{ url: recommendationApiUrl(id, scope), data: detail }}
      options={{
        subscriptions: subscriptions.map((s) => ({ id: s.id, name: s.name })),
        connectors: connectors.map((c) => ({ id: c.id, name: c.name, provider: c.provider })),
      }}
    />
  );
}
