import { SCOPE_LABELS } from "@/lib/auth/permissions";
import type { SubscriptionView } from "@/lib/schemas/subscriptions";
import type { ScopeInput } from "@/lib/schemas/users";

export const WORKSPACE_KEY = "WORKSPACE";

/** A connector a role or a token can be scoped to. */
export interface ConnectorScopeOption {
  id: string;
  name: string;
  resourceGroupId: string;
}

/** A scope as a single string, for pickers: "WORKSPACE" or "<TYPE>:<id>". */
export function scopeKey(scope: ScopeInput): string {
  return scope.type === "WORKSPACE" ? "WORKSPACE" : `${scope.type}:${scope.id}`;
}

export function scopeFromKey(key: string): ScopeInput {
  if (key === "WORKSPACE") return { type: "WORKSPACE" };
  const [type, id = ""] = key.split(":", 2);
  switch (type) {
    case "SUBSCRIPTION":
    case "RESOURCE_GROUP":
    case "CONNECTOR":
      return { type, id };
    default:
      return { type: "WORKSPACE" };
  }
}

export interface ScopeChoice {
  key: string;
  /** What a closed dropdown shows. */
  display: string;
}

/** Every scope there is, with how a closed dropdown names it. */
export function scopeChoices(subscriptions: readonly SubscriptionView[], connectors: readonly ConnectorScopeOption[]): ScopeChoice[] {
  const choices: ScopeChoice[] = [{ key: WORKSPACE_KEY, display: "Workspace (everything)" }];
  const groupPath = new Map<string, string>();
  for (const s of subscriptions) {
    choices.push({ key: `SUBSCRIPTION:${s.id}`, display: `${SCOPE_LABELS.SUBSCRIPTION}: ${s.name}` });
    for (const g of s.resourceGroups) {
      groupPath.set(g.id, `${s.name} / ${g.name}`);
      choices.push({ key: `RESOURCE_GROUP:${g.id}`, display: `${SCOPE_LABELS.RESOURCE_GROUP}: ${s.name} / ${g.name}` });
    }
  }
  for (const c of connectors) {
    const path = groupPath.get(c.resourceGroupId);
    choices.push({ key: `CONNECTOR:${c.id}`, display: `${SCOPE_LABELS.CONNECTOR}: ${path ? `${path} / ` : ""}${c.name}` });
  }
  return choices;
}
