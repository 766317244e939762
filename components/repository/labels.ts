import type { ProviderName } from "@/lib/schemas/connectors";

/** What each provider calls its repositories and their containers (one repository: RESOURCE_TYPE_LABELS). */
export const PROVIDER_NOUNS: Record<ProviderName, { repositories: string; kind: string; organization: string; project: string }> = {
  GITHUB: { repositories: "GitHub repositories", kind: "Repository", organization: "Organization", project: "Project" },
  AZURE_DEVOPS: { repositories: "Azure DevOps repositories", kind: "Repository", organization: "Organization", project: "Project" },
  GITLAB: { repositories: "GitLab projects", kind: "Project", organization: "Group", project: "Subgroup" },
};

export const TRIGGER_LABELS: Record<string, string> = { created: "Environment created", schedule: "Schedule", manual: "Refresh" };

export function formatSize(kb: number): string {
  if (kb < 1024) return `${kb.toLocaleString("en-US")} KB`;
  if (kb < 1024 * 1024) return `${(kb / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;
  return `${(kb / 1024 / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} GB`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
