import type { Metadata } from "next";
import { PageHeader } from "@/components/common/PageHeader";
import { ApiTokens } from "@/components/settings/ApiTokens";
import { listApiTokens } from "@/lib/server/api-tokens/list-api-tokens";
import { accessTo } from "@/lib/server/authz/caller";
import { listConnectors } from "@/lib/server/connectors/connector-service";
import { requirePageAccess } from "@/lib/server/pages/page-access";
import { listSubscriptions } from "@/lib/server/subscriptions/subscription-service";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const caller = await requirePageAccess("tokens.manage");
  const [tokens, subscriptions, connectors] = await Promise.all([listApiTokens(caller), listSubscriptions(caller), listConnectors(caller)]);
  // The scope picker offers only where the caller may create tokens; the server checks again.
  const may = (path: Parameters<typeof accessTo>[2]) => accessTo(caller, "tokens.manage", path) === "allowed";
  const allowedScopeKeys = [
    ...(may({}) ? ["WORKSPACE"] : []),
    ...subscriptions.flatMap((s) => [
      ...(may({ subscriptionId: s.id }) ? [`SUBSCRIPTION:${s.id}`] : []),
      ...s.resourceGroups.filter((g) => may({ subscriptionId: s.id, resourceGroupId: g.id })).map((g) => `RESOURCE_GROUP:${g.id}`),
    ]),
    ...connectors
      .filter((c) => may({ subscriptionId: c.subscription.id, resourceGroupId: c.resourceGroup.id, connectorId: c.id }))
      .map((c) => `CONNECTOR:${c.id}`),
  ];
  return (
    <>
      <PageHeader
        title="API tokens"
        subtitle="Bearer tokens for /api/v1: pipelines upload scan results with them, scripts read the inventory. Each works only inside its scope, until it expires or is revoked."
      />
      <ApiTokens
        tokens={tokens}
        subscriptions={subscriptions}
        connectors={connectors.map((c) => ({ id: c.id, name: c.name, resourceGroupId: c.resourceGroup.id }))}
        allowedScopeKeys={allowedScopeKeys}
      />
    </>
  );
}
