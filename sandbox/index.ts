import type { AddressInfo } from "node:net";
import { sandboxUrls, type SandboxContext } from "./context";
import { createControl, type SandboxControl } from "./control";
import { AZURE_DEVOPS_CLIENT, ENTRA_TENANT } from "./azure-devops/entra";
import { GITHUB_CLIENT } from "./github/oauth";
import { GITLAB_CLIENT } from "./gitlab/oauth";
import { GitStore } from "./git/store";
import { createSandboxServer } from "./server";
import { SandboxState } from "./state";

/**
 * The SCM sandbox: GitHub, GitLab and Azure DevOps (with Microsoft Entra ID) as HTTP
 * services on a loopback port, speaking the part of each provider's real API and
 * OAuth flows that Rampart uses. See sandbox/README.md.
 */

export type { Provider, SandboxUser, UserPurpose } from "./types";
export type {
  CloneFailureOptions,
  FailureOptions,
  IssuedTokensReport,
  NewOrganization,
  OrganizationFailureOptions,
  PullRequestAnnotationsReport,
  RateLimitOptions,
  SandboxControl,
} from "./control";
export type {
  AdvancedSecuritySettings,
  AzureDevOpsAdvancedSecuritySettings,
  CommitFiles,
  GitHubAdvancedSecuritySettings,
  NewCommit,
  NewRepository,
  PushedCommit,
  RepositoryRef,
} from "./repositories";
export type { AzureDevOpsPostureSettings, AzureDevOpsResourceKind, GitHubPostureSettings, GitLabPostureSettings, PostureSettings, PostureTarget } from "./posture";
export { CODE_SETS, codeSetFor, type CodeSet } from "./git/code-sets";
export { SANDBOX_COMMITTER } from "./git/store";
export { connectSandboxControl, SandboxControlError } from "./control";
export type { AuthorizationRequestRecord } from "./state";
export type { IssuedTokenInfo } from "./tokens";
export { AZURE_DEVOPS_USERS } from "./fixtures/azure-devops";
export { GITHUB_USERS } from "./fixtures/github";
export { GITLAB_USERS } from "./fixtures/gitlab";
export { AZURE_DEVOPS_RESOURCE } from "./azure-devops/entra";
export { PR_ANNOTATIONS_EXTENSION, SECURITY_NAMESPACES } from "./azure-devops/api";

/** The sandbox's fixed OAuth clients. */
export const SANDBOX_GITHUB_CLIENT_ID = GITHUB_CLIENT.id;
export const SANDBOX_GITHUB_CLIENT_SECRET = GITHUB_CLIENT.secret;
export const SANDBOX_GITLAB_CLIENT_ID = GITLAB_CLIENT.id;
export const SANDBOX_GITLAB_CLIENT_SECRET = GITLAB_CLIENT.secret;
export const SANDBOX_AZURE_DEVOPS_CLIENT_ID = AZURE_DEVOPS_CLIENT.id;
export const SANDBOX_AZURE_DEVOPS_CLIENT_SECRET = AZURE_DEVOPS_CLIENT.secret;
export const SANDBOX_TENANT_ID = ENTRA_TENANT;

export interface ScmSandbox {
  /** e.g. "http://127.0.0.1:41234" (no trailing slash) */
  url: string;
  /** webUrl = `${url}/github`, apiUrl = `${url}/github/api/v3` (GitHub Enterprise Server layout) */
  github: { webUrl: string; apiUrl: string; clientId: string; clientSecret: string };
  /** url = `${url}/gitlab` (self-managed layout: API at `${url}/gitlab/api/v4`) */
  gitlab: { url: string; clientId: string; clientSecret: string };
  /**
   * entraUrl = `${url}/entra` (authorize: `${entraUrl}/${tenantId}/oauth2/v2.0/authorize`, token: `${entraUrl}/${tenantId}/oauth2/v2.0/token`),
   * organizationsUrl = `${url}/azure-devops` (an organization's URL is `${organizationsUrl}/${org}` like https://dev.azure.com/{org}),
   * vsspsUrl = `${url}/azure-devops/vssps` (like https://app.vssps.visualstudio.com),
   * advancedSecurityUrl = `${url}/azure-devops/advsec` (like https://advsec.dev.azure.com: `${advancedSecurityUrl}/${org}/${project}/_apis/management/repositories/${repo}/enablement`),
   * extensionManagementUrl = `${url}/azure-devops/extmgmt` (like https://extmgmt.dev.azure.com: `${extensionManagementUrl}/${org}/_apis/ExtensionManagement/…`)
   */
  azureDevOps: {
    entraUrl: string;
    tenantId: string;
    organizationsUrl: string;
    vsspsUrl: string;
    advancedSecurityUrl: string;
    extensionManagementUrl: string;
    clientId: string;
    clientSecret: string;
  };
  /** In-process test controls (also over HTTP at POST `${url}/_sandbox/...`). */
  control: SandboxControl;
  close(): Promise<void>;
}

export interface ScmSandboxOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Access-token lifetime for every provider; default: each provider's real lifetime. */
  accessTokenSeconds?: number;
}

export async function startScmSandbox(options: ScmSandboxOptions = {}): Promise<ScmSandbox> {
  const host = options.host ?? "127.0.0.1";
  if (options.accessTokenSeconds !== undefined && !(options.accessTokenSeconds > 0)) throw new RangeError("accessTokenSeconds must be positive");
  const state = new SandboxState({ accessTokenSeconds: options.accessTokenSeconds });
  const ctx: SandboxContext = { state, urls: sandboxUrls("http://127.0.0.1"), git: new GitStore() };
  const server = createSandboxServer(ctx);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  ctx.urls = sandboxUrls(url);

  return {
    url,
    github: { webUrl: ctx.urls.githubWebUrl, apiUrl: ctx.urls.githubApiUrl, clientId: GITHUB_CLIENT.id, clientSecret: GITHUB_CLIENT.secret },
    gitlab: { url: ctx.urls.gitlabUrl, clientId: GITLAB_CLIENT.id, clientSecret: GITLAB_CLIENT.secret },
    azureDevOps: {
      entraUrl: ctx.urls.entraUrl,
      tenantId: ENTRA_TENANT,
      organizationsUrl: ctx.urls.organizationsUrl,
      vsspsUrl: ctx.urls.vsspsUrl,
      advancedSecurityUrl: ctx.urls.advancedSecurityUrl,
      extensionManagementUrl: ctx.urls.extensionManagementUrl,
      clientId: AZURE_DEVOPS_CLIENT.id,
      clientSecret: AZURE_DEVOPS_CLIENT.secret,
    },
    control: createControl(ctx),
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await ctx.git.close();
    },
  };
}
