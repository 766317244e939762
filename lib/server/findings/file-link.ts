import "server-only";
import type { ProviderName } from "@/lib/schemas/connectors";

/**
 * The address of a finding's file at its line in the provider's web UI. The ref is the
 * commit its tool's latest scan was for when known (the code as scanned), else the
 * repository's default branch. Only http(s) repository addresses become links: what a
 * provider or an upload stored is not trusted to be one.
 */

export interface FileLinkInput {
  provider: ProviderName;
  repositoryUrl: string | null;
  defaultBranch: string | null;
  commitSha: string | null;
  path: string | null;
  startLine: number | null;
  endLine: number | null;
}

function httpUrl(url: string | null): URL | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed : null;
  } catch {
    return null;
  }
}

/** "refs/heads/main" and "main" name the same branch; providers' URLs take the short form. */
function branchName(branch: string | null): string | null {
  const name = branch?.replace(/^refs\/heads\//, "").trim();
  return name ? name : null;
}

/** A commit id as tools report it: hex, 7 to 64 characters. Anything else is not used as one. */
function commitId(sha: string | null): string | null {
  return sha && /^[0-9a-f]{7,64}$/i.test(sha) ? sha : null;
}

const encodePath = (path: string) => path.split("/").filter(Boolean).map(encodeURIComponent).join("/");

export function fileLink(input: FileLinkInput): string | null {
  const repository = httpUrl(input.repositoryUrl);
  const path = input.path?.replace(/^\/+/, "");
  if (!repository || !path) return null;
  // The repository's page, without any query or fragment it came with.
  const base = `${repository.origin}${repository.pathname.replace(/\/+$/, "")}`;
  const commit = commitId(input.commitSha);
  const branch = branchName(input.defaultBranch);
  const start = input.startLine ?? null;
  const end = start !== null && input.endLine !== null && input.endLine > start ? input.endLine : start;

  switch (input.provider) {
    case "GITHUB": {
      const ref = commit ?? (branch ? encodePath(branch) : "HEAD");
      const lines = start === null ? "" : end === start ? `#L${start}` : `#L${start}-L${end}`;
      return `${base}/blob/${ref}/${encodePath(path)}${lines}`;
    }
    case "GITLAB": {
      const ref = commit ?? (branch ? encodePath(branch) : "HEAD");
      const lines = start === null ? "" : end === start ? `#L${start}` : `#L${start}-${end}`;
      return `${base}/-/blob/${ref}/${encodePath(path)}${lines}`;
    }
    case "AZURE_DEVOPS": {
      // The file view's own parameters, the path with its slashes as Azure DevOps writes it.
      const params = [`path=/${encodePath(path)}`];
      if (commit) params.push(`version=GC${commit}`);
      else if (branch) params.push(`version=GB${encodeURIComponent(branch)}`);
      if (start !== null) params.push(`line=${start}`, `lineEnd=${end}`, "lineStartColumn=1", "lineEndColumn=1");
      return `${base}?${params.join("&")}`;
    }
  }
}
