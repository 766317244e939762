/**
 * Whether agentless scanning may scan a repository now, and if not, why, in the words the
 * environment list, the health page and the scan run show.
 */

/** Seed 001: "It limits scanning to repositories under 1 GB." */
export const MAX_REPOSITORY_KB = 1024 * 1024;

export interface EligibilityRepository {
  removedAt: Date | null;
  archived: boolean;
  sizeKb: number | null;
  defaultBranch: string | null;
  cloneUrl: string | null;
  inScanScope: boolean;
}

export interface EligibilityConnector {
  scanningEnabled: boolean;
  scanners: string[];
  authorizationId: string | null;
  authState: string;
}

function gigabytes(kb: number): string {
  return `${(kb / (1024 * 1024)).toFixed(1)} GB`;
}

/**
 * Why the repository is not scanned, or null when it is to be scanned. Reasons the
 * connector gives (scanning off, needs re-authorization) come before the repository's own.
 */
export function skipReasonOf(repository: EligibilityRepository, connector: EligibilityConnector): string | null {
  if (!connector.scanningEnabled || connector.scanners.length === 0) return "Agentless code scanning is off for its DevOps environment.";
  if (!connector.authorizationId || connector.authState !== "CONNECTED") return "Its DevOps environment needs to be authorized again before its code can be fetched.";
  if (repository.removedAt) return "The repository no longer exists at the provider.";
  if (!repository.inScanScope) return "Out of the scanning scope chosen for its DevOps environment (inclusion or exclusion list, or autodiscovery off).";
  if (repository.archived) return "Archived repositories are not scanned.";
  if (repository.sizeKb !== null && repository.sizeKb > MAX_REPOSITORY_KB) return `Larger than 1 GB (${gigabytes(repository.sizeKb)}): repositories over 1 GB are not scanned.`;
  if (!repository.defaultBranch) return "The repository is empty: it has no default branch to scan.";
  if (!repository.cloneUrl) return "The provider gave no HTTPS address to fetch the code from.";
  return null;
}
