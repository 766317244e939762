import "server-only";
import type { ProviderName } from "@/lib/schemas/connectors";

/**
 * Whether a repository is in a connector's agentless scanning scope (seed 001):
 * exclusion mode scans everything but the list, inclusion mode only the list; an entry
 * names an owner/organization, a project or group path, or a repository. Repositories
 * found after the first discovery join only when autodiscovery is on.
 */

export interface ScopeSettings {
  scanScopeMode: "EXCLUSION" | "INCLUSION";
  scanScopeEntries: string[];
  autodiscovery: boolean;
}

/** Does the entry name this repository or one of its containers? Case-insensitive, as the providers are. */
export function entryMatches(provider: ProviderName, entry: string, repository: { organizationName: string; projectPath: string | null; name: string }): boolean {
  const want = entry.trim().toLowerCase().split("/");
  const path = [repository.organizationName, ...(repository.projectPath ? repository.projectPath.split("/") : []), repository.name].map((p) => p.toLowerCase());
  if (provider === "GITHUB" && want.length === 2) return want[0] === path[0] && want[1] === path[path.length - 1];
  if (want.length > path.length) return false;
  return want.every((part, i) => part === path[i]);
}

export function inScanScope(
  provider: ProviderName,
  settings: ScopeSettings,
  repository: { organizationName: string; projectPath: string | null; name: string },
  isNewAfterFirstDiscovery: boolean,
): boolean {
  const listed = settings.scanScopeEntries.some((e) => entryMatches(provider, e, repository));
  if (settings.scanScopeMode === "INCLUSION") return listed;
  if (listed) return false;
  return isNewAfterFirstDiscovery ? settings.autodiscovery : true;
}
