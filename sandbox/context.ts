import type { GitStore } from "./git/store";
import type { SandboxState } from "./state";

/** The addresses the sandbox answers on, known once it listens. */
export interface SandboxUrls {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  githubWebUrl: string;
  githubApiUrl: string;
  gitlabUrl: string;
  entraUrl: string;
  organizationsUrl: string;
  vsspsUrl: string;
  /** Advanced Security's host (like https://advsec.dev.azure.com): `${advancedSecurityUrl}/{org}/…` */
  advancedSecurityUrl: string;
  /** Extension Management's host (like https://extmgmt.dev.azure.com): `${extensionManagementUrl}/{org}/…` */
  extensionManagementUrl: string;
}

export function sandboxUrls(url: string): SandboxUrls {
  return {
    url,
    githubWebUrl: `${url}/github`,
    githubApiUrl: `${url}/github/api/v3`,
    gitlabUrl: `${url}/gitlab`,
    entraUrl: `${url}/entra`,
    organizationsUrl: `${url}/azure-devops`,
    vsspsUrl: `${url}/azure-devops/vssps`,
    advancedSecurityUrl: `${url}/azure-devops/advsec`,
    extensionManagementUrl: `${url}/azure-devops/extmgmt`,
  };
}

/** What every route handler works with. */
export interface SandboxContext {
  state: SandboxState;
  urls: SandboxUrls;
  /** The Git repositories behind the clone URLs. */
  git: GitStore;
}
