import "server-only";
import { PROVIDER_LABELS, type ProviderHostView, type ProviderName } from "@/lib/schemas/connectors";
import { env } from "../env";

/**
 * The places each provider can be reached from this server: its public service
 * ("cloud": github.com or GitHub Enterprise Server, gitlab.com or self-managed,
 * Azure DevOps Services through Microsoft Entra ID) when an OAuth app is configured,
 * and the SCM sandbox when it runs (demo mode). Connectors store the key, so a
 * sandbox on a new port after a restart keeps working.
 */

export type HostKey = "cloud" | "sandbox";

export interface OAuthSettings {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** GitHub answers token errors with 200 and an `error` field. */
  errorsWith200: boolean;
}

export interface ProviderHost {
  provider: ProviderName;
  key: HostKey;
  label: string;
  isSandbox: boolean;
  /** The web address users know (shown, and the base of links to repositories). */
  webUrl: string;
  oauth: OAuthSettings;
  /** GitHub REST API base; GitLab instance URL; Azure DevOps organizations base. */
  apiUrl: string;
  /** Azure DevOps only: the profile and accounts service (app.vssps.visualstudio.com). */
  vsspsUrl?: string;
  /** Azure DevOps only: the Advanced Security management service (advsec.dev.azure.com). */
  advancedSecurityUrl?: string;
  /** Azure DevOps only: the Extension Management service (extmgmt.dev.azure.com), where pull request annotation settings live. */
  extensionManagementUrl?: string;
}

/** Scopes asked for: enough to discover repositories and read their security settings. */
const GITHUB_SCOPES = ["repo", "read:org", "security_events"];
const GITLAB_SCOPES = ["api", "read_user", "read_repository"];
/** Azure DevOps as an Entra resource, and a refresh token. */
const AZURE_DEVOPS_SCOPES = ["499b84ac-1321-427f-aa17-267ca6975798/.default", "offline_access"];

/** The sandbox's fixed OAuth clients (sandbox/README.md). */
const SANDBOX_CLIENTS = {
  GITHUB: { clientId: "rampart-sandbox-github", clientSecret: "sandbox-github-secret" },
  GITLAB: { clientId: "rampart-sandbox-gitlab", clientSecret: "sandbox-gitlab-secret" },
  AZURE_DEVOPS: { clientId: "rampart-sandbox-azure-devops", clientSecret: "sandbox-azure-devops-secret" },
} as const;
const SANDBOX_TENANT = "sandbox-tenant";

function githubHost(key: HostKey, label: string, webUrl: string, apiUrl: string, client: { clientId: string; clientSecret: string }): ProviderHost {
  return {
    provider: "GITHUB",
    key,
    label,
    isSandbox: key === "sandbox",
    webUrl,
    apiUrl,
    oauth: {
      authorizationEndpoint: `${webUrl}/login/oauth/authorize`,
      tokenEndpoint: `${webUrl}/login/oauth/access_token`,
      ...client,
      scopes: GITHUB_SCOPES,
      errorsWith200: true,
    },
  };
}

function gitlabHost(key: HostKey, label: string, url: string, client: { clientId: string; clientSecret: string }): ProviderHost {
  return {
    provider: "GITLAB",
    key,
    label,
    isSandbox: key === "sandbox",
    webUrl: url,
    apiUrl: url,
    oauth: {
      authorizationEndpoint: `${url}/oauth/authorize`,
      tokenEndpoint: `${url}/oauth/token`,
      revocationEndpoint: `${url}/oauth/revoke`,
      ...client,
      scopes: GITLAB_SCOPES,
      errorsWith200: false,
    },
  };
}

function azureDevOpsHost(
  key: HostKey,
  label: string,
  urls: { entra: string; tenantId: string; organizations: string; vssps: string; advancedSecurity: string; extensionManagement: string },
  client: { clientId: string; clientSecret: string },
): ProviderHost {
  return {
    provider: "AZURE_DEVOPS",
    key,
    label,
    isSandbox: key === "sandbox",
    webUrl: urls.organizations,
    apiUrl: urls.organizations,
    vsspsUrl: urls.vssps,
    advancedSecurityUrl: urls.advancedSecurity,
    extensionManagementUrl: urls.extensionManagement,
    oauth: {
      authorizationEndpoint: `${urls.entra}/${urls.tenantId}/oauth2/v2.0/authorize`,
      tokenEndpoint: `${urls.entra}/${urls.tenantId}/oauth2/v2.0/token`,
      ...client,
      scopes: AZURE_DEVOPS_SCOPES,
      errorsWith200: false,
    },
  };
}

/** Every host this server can use now. */
export function providerHosts(): ProviderHost[] {
  const settings = env();
  const hosts: ProviderHost[] = [];
  const { github, gitlab, azureDevOps } = settings.connectorApps;
  if (github) {
    hosts.push(githubHost("cloud", `GitHub (${new URL(github.webUrl).host})`, github.webUrl, github.apiUrl, github));
  }
  if (azureDevOps) {
    hosts.push(
      azureDevOpsHost(
        "cloud",
        "Azure DevOps (dev.azure.com)",
        { entra: "https://login.microsoftonline.com", tenantId: azureDevOps.tenantId, organizations: "https://dev.azure.com", vssps: "https://app.vssps.visualstudio.com", advancedSecurity: "https://advsec.dev.azure.com", extensionManagement: "https://extmgmt.dev.azure.com" },
        azureDevOps,
      ),
    );
  }
  if (gitlab) hosts.push(gitlabHost("cloud", `GitLab (${new URL(gitlab.url).host})`, gitlab.url, gitlab));
  const sandbox = settings.sandbox ? settings.sandboxUrl?.replace(/\/+$/, "") : undefined;
  if (sandbox) {
    hosts.push(githubHost("sandbox", "SCM sandbox (demo)", `${sandbox}/github`, `${sandbox}/github/api/v3`, SANDBOX_CLIENTS.GITHUB));
    hosts.push(
      azureDevOpsHost(
        "sandbox",
        "SCM sandbox (demo)",
        {
          entra: `${sandbox}/entra`,
          tenantId: SANDBOX_TENANT,
          organizations: `${sandbox}/azure-devops`,
          vssps: `${sandbox}/azure-devops/vssps`,
          advancedSecurity: `${sandbox}/azure-devops/advsec`,
          extensionManagement: `${sandbox}/azure-devops/extmgmt`,
        },
        SANDBOX_CLIENTS.AZURE_DEVOPS,
      ),
    );
    hosts.push(gitlabHost("sandbox", "SCM sandbox (demo)", `${sandbox}/gitlab`, SANDBOX_CLIENTS.GITLAB));
  }
  return hosts;
}

export function findProviderHost(provider: ProviderName, key: string): ProviderHost | undefined {
  return providerHosts().find((h) => h.provider === provider && h.key === key);
}

export function hostView(host: ProviderHost): ProviderHostView {
  return { provider: host.provider, key: host.key, label: host.label, webUrl: host.webUrl, isSandbox: host.isSandbox };
}

/** For the wizard: every host, as the browser may see it (no secrets). */
export function listProviderHosts(): ProviderHostView[] {
  return providerHosts().map(hostView);
}

/** The label of a stored host key, also when it is no longer configured. */
export function hostLabel(provider: ProviderName, key: string): { label: string; isSandbox: boolean } {
  const host = findProviderHost(provider, key);
  if (host) return { label: host.label, isSandbox: host.isSandbox };
  return { label: key === "sandbox" ? "SCM sandbox (not running)" : `${PROVIDER_LABELS[provider]} (not configured)`, isSandbox: key === "sandbox" };
}
