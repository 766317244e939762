import type { ScopeInput } from "@/lib/schemas/users";

/** A connector a role can be scoped to (the API answers none yet; the picker handles an empty list). */
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
