import "server-only";
import type { ScopeTypeName } from "@/lib/auth/permissions";
import type { ScopeInput } from "@/lib/schemas/users";
import { invalid } from "../api/errors";
import { db } from "../db/client";
import type { ObjectPath } from "./scope";

export interface ResolvedScope {
  type: ScopeTypeName;
  path: ObjectPath;
  /** What users read: "Workspace", "Contoso / security-rg". */
  name: string;
  columns: { subscriptionId: string | null; resourceGroupId: string | null; connectorId: string | null };
}

/** Turns a scope named by id into its full path; an unknown id is a 422 naming the field. */
export async function resolveScope(scope: ScopeInput, field = "scope"): Promise<ResolvedScope> {
  switch (scope.type) {
    case "WORKSPACE":
      return { type: "WORKSPACE", path: {}, name: "Workspace", columns: { subscriptionId: null, resourceGroupId: null, connectorId: null } };
    case "SUBSCRIPTION": {
      const s = await db.subscription.findUnique({ where: { id: scope.id } });
      if (!s) throw invalid(`${field}: no subscription has id ${scope.id}.`, [{ path: `${field}.id`, message: "no such subscription" }]);
      return { type: "SUBSCRIPTION", path: { subscriptionId: s.id }, name: s.name, columns: { subscriptionId: s.id, resourceGroupId: null, connectorId: null } };
    }
    case "RESOURCE_GROUP": {
      const g = await db.resourceGroup.findUnique({ where: { id: scope.id }, include: { subscription: true } });
      if (!g) throw invalid(`${field}: no resource group has id ${scope.id}.`, [{ path: `${field}.id`, message: "no such resource group" }]);
      return {
        type: "RESOURCE_GROUP",
        path: { subscriptionId: g.subscriptionId, resourceGroupId: g.id },
        name: `${g.subscription.name} / ${g.name}`,
        columns: { subscriptionId: null, resourceGroupId: g.id, connectorId: null },
      };
    }
    case "CONNECTOR": {
      const c = await db.connector.findUnique({ where: { id: scope.id }, include: { resourceGroup: { include: { subscription: true } } } });
      if (!c) throw invalid(`${field}: no connector has id ${scope.id}.`, [{ path: `${field}.id`, message: "no such connector" }]);
      return {
        type: "CONNECTOR",
        path: { subscriptionId: c.resourceGroup.subscriptionId, resourceGroupId: c.resourceGroupId, connectorId: c.id },
        name: `${c.resourceGroup.subscription.name} / ${c.resourceGroup.name} / ${c.name}`,
        columns: { subscriptionId: null, resourceGroupId: null, connectorId: c.id },
      };
    }
  }
}
