import "server-only";
import { accessTo, type Caller } from "../authz/caller";
import { ApiError } from "../api/errors";
import { db } from "../db/client";

/**
 * Which inventory repository an upload is for, from a `repository` parameter or the
 * log's versionControlProvenance: a web or clone URL (https or ssh, as CI variables and
 * `git remote` give them), or `provider/organization[/project]/name`. The repository must
 * be in the inventory and inside the caller's scope; both failures answer the same 404,
 * naming what was looked for.
 */

export type ScanRepository = {
  id: string;
  fullName: string;
  provider: string;
  connectorId: string;
};

const PROVIDERS: Record<string, "GITHUB" | "AZURE_DEVOPS" | "GITLAB"> = {
  github: "GITHUB",
  "azure-devops": "AZURE_DEVOPS",
  azuredevops: "AZURE_DEVOPS",
  ado: "AZURE_DEVOPS",
  gitlab: "GITLAB",
};

type Locator = { kind: "url"; key: string; name: string } | { kind: "name"; provider: "GITHUB" | "AZURE_DEVOPS" | "GITLAB"; fullName: string; name: string };

/**
 * A repository address reduced to host/path, lower-cased, so that the forms one
 * repository has compare equal: https with or without credentials or ".git", ssh
 * (`git@host:org/name.git`, Azure DevOps' `ssh.dev.azure.com:v3/…`), Azure DevOps'
 * `_git` segment and its old `org.visualstudio.com` host.
 */
export function repositoryUrlKey(address: string): string | null {
  let host: string;
  let path: string;
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/.exec(address);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) {
    [, host, path] = scp as unknown as [string, string, string];
  } else {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      return null;
    }
    if (!["http:", "https:", "ssh:", "git:"].includes(url.protocol)) return null;
    host = url.host;
    path = decodeURIComponent(url.pathname);
  }
  host = host.toLowerCase();
  let segments = path.split("/").filter(Boolean);
  if (host === "ssh.dev.azure.com" || host === "vs-ssh.visualstudio.com") {
    host = "dev.azure.com";
    if (segments[0] === "v3") segments = segments.slice(1);
  }
  const legacy = /^([\w-]+)\.visualstudio\.com$/.exec(host);
  if (legacy) {
    host = "dev.azure.com";
    segments = [legacy[1]!, ...segments];
  }
  segments = segments.filter((s) => s !== "_git");
  if (segments.length === 0) return null;
  segments[segments.length - 1] = segments[segments.length - 1]!.replace(/\.git$/i, "");
  return `${host}/${segments.join("/")}`.toLowerCase();
}

function locatorOf(reference: string): Locator | null {
  const trimmed = reference.trim().replace(/\/+$/, "");
  const named = /^([a-z-]+)\/(.+)$/i.exec(trimmed);
  const provider = named ? PROVIDERS[named[1]!.toLowerCase()] : undefined;
  if (named && provider && !trimmed.includes(":")) {
    const fullName = named[2]!;
    return { kind: "name", provider, fullName: fullName.toLowerCase(), name: fullName.split("/").pop()!.toLowerCase() };
  }
  const key = repositoryUrlKey(trimmed);
  return key ? { kind: "url", key, name: key.split("/").pop()! } : null;
}

export async function resolveScanRepository(caller: Caller, reference: string, from: "parameter" | "log"): Promise<ScanRepository> {
  const locator = locatorOf(reference);
  if (!locator) {
    throw new ApiError(
      422,
      `The repository ${JSON.stringify(reference)} ${from === "log" ? "in the log's versionControlProvenance " : ""}is neither a repository URL nor provider/organization[/project]/name (provider: github, azure-devops or gitlab).`,
    );
  }
  // Few repositories share a name: the name index finds them, the full address decides.
  const candidates = await db.repository.findMany({
    where: { nameKey: locator.name, removedAt: null },
    select: {
      id: true,
      fullName: true,
      provider: true,
      url: true,
      cloneUrl: true,
      connectorId: true,
      connector: { select: { resourceGroupId: true, resourceGroup: { select: { subscriptionId: true } } } },
    },
    orderBy: { firstSeenAt: "asc" },
  });
  const matches = candidates.filter((r) =>
    locator.kind === "name"
      ? r.provider === locator.provider && r.fullName.toLowerCase() === locator.fullName
      : [r.url, r.cloneUrl].some((u) => u && repositoryUrlKey(u) === locator.key),
  );
  const allowed = matches.find(
    (r) =>
      accessTo(caller, "scans.upload", {
        subscriptionId: r.connector.resourceGroup.subscriptionId,
        resourceGroupId: r.connector.resourceGroupId,
        connectorId: r.connectorId,
      }) === "allowed",
  );
  if (!allowed) {
    throw new ApiError(
      404,
      `Repository ${reference} (${from === "log" ? "from the log's versionControlProvenance" : "from the repository parameter"}) was not found in the inventory, or is outside this token's scope. Check the address, that discovery has found the repository (Inventory), and the token's scope.`,
    );
  }
  return { id: allowed.id, fullName: allowed.fullName, provider: allowed.provider, connectorId: allowed.connectorId };
}
