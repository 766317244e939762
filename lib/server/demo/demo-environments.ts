import "server-only";
import { DEFAULT_SCANNING, PROVIDER_SLUGS, type ProviderName } from "@/lib/schemas/connectors";
import type { RequestMeta } from "../auth/sessions";
import { callerForUser } from "../auth/sessions";
import type { Caller } from "../authz/caller";
import { completeAuthorization, listAuthorizationOrganizations, startAuthorization } from "../connectors/authorization-service";
import { createConnector, updateConnector } from "../connectors/connector-service";
import { db } from "../db/client";
import { queueDiscovery } from "../discovery/discovery-jobs";
import { DEMO_ACCOUNTS, DEMO_SUBSCRIPTIONS } from "./demo-accounts";

/**
 * Demo mode's environments: one sandbox organization per provider, connected at the first
 * start through the same OAuth flow the wizard uses (the sandbox's consent page answered
 * by the start script instead of a browser), so that a newcomer sees discovered and
 * scanned repositories without a manual step. The other sandbox organizations stay
 * unconnected, for the wizard.
 *
 * The sandbox keeps its tokens in memory: at every later start, sandbox connectors are
 * authorized again (as the identity that first authorized them) and rediscovered.
 */

/** Answers the sandbox's consent page for an authorization URL as `login`; resolves to the redirect back to Rampart. */
export type SandboxConsent = (authorizeUrl: string, login?: string) => Promise<URL>;

/**
 * The organization the demo connects on each provider. The sandbox's own organizations
 * are left for the wizard (and the browser tests) to connect; this one is added to the
 * sandbox at every demo start, with repositories whose names choose the sandbox's code
 * sets (web, node, python, infrastructure), and one over 1 GB to show a skipped scan.
 */
export const DEMO_SANDBOX_ORGANIZATION = {
  name: "tailspin-toys",
  repositories: ["storefront-web", "orders-api", "payments-service", "analytics-etl", "infra-terraform", "media-archive"],
  /** Reported as 1.5 GB: agentless scanning skips it (seed 001's limit). */
  oversized: "media-archive",
  /** Public on GitHub (the others are private), with self-hosted runners. */
  public: "storefront-web",
} as const;
const DEMO_ORGANIZATION = DEMO_SANDBOX_ORGANIZATION.name;

type SandboxProvider = "github" | "gitlab" | "azure-devops";
interface SandboxRepository {
  organization: string;
  project?: string;
  name: string;
}

/**
 * The SCM sandbox's test controls (sandbox/control.ts) that demo mode uses, described
 * here so that production code never imports the sandbox; the sandbox's own control
 * object fits it. Settings are the sandbox's (sandbox/README.md, Test controls).
 */
export interface DemoSandboxControl {
  addOrganization(provider: SandboxProvider, organization: { name: string; repositories: string[] }): Promise<void>;
  addRepository(provider: SandboxProvider, repository: SandboxRepository & { private?: boolean }): Promise<void>;
  setRepositorySize(provider: SandboxProvider, repository: SandboxRepository, bytes: number): Promise<void>;
  setAdvancedSecurity(provider: "github" | "azure-devops", repository: SandboxRepository, settings: object): Promise<void>;
  setPosture(provider: SandboxProvider, target: { organization: string; project?: string; name?: string; resource?: "pipeline" | "service-connection" | "variable-group" | "secure-file" }, settings: object): Promise<void>;
}

/**
 * Adds the demo organization to the sandbox on every provider (the sandbox forgets it when
 * it stops), with security settings as a real organization has them: a few repositories
 * with two reviewers and most without, some security features on, one public repository
 * with self-hosted runners, a single GitHub owner whose workflows get write tokens, and on
 * Azure DevOps a pipeline giving secrets to forks and protected resources both open to all
 * pipelines and not. So the demo's recommendations show healthy and unhealthy resources.
 */
export async function addDemoSandboxOrganization(control: DemoSandboxControl): Promise<void> {
  const { name: organization, repositories, oversized } = DEMO_SANDBOX_ORGANIZATION;
  const project = organization;
  const repo = (provider: SandboxProvider, name: string): SandboxRepository => (provider === "azure-devops" ? { organization, project, name } : { organization, name });

  // GitHub: storefront-web is public.
  await control.addOrganization("github", { name: organization, repositories: repositories.filter((r) => r !== DEMO_SANDBOX_ORGANIZATION.public) });
  await control.addRepository("github", { organization, name: DEMO_SANDBOX_ORGANIZATION.public, private: false });
  await control.addOrganization("azure-devops", { name: organization, repositories: [...repositories] });
  await control.addOrganization("gitlab", { name: organization, repositories: [...repositories] });
  for (const provider of ["github", "azure-devops", "gitlab"] as const) await control.setRepositorySize(provider, repo(provider, oversized), 1.5 * 1024 ** 3);

  const github = (name: string, settings: object) => control.setPosture("github", { organization, name }, settings);
  await github("orders-api", { branchProtection: { requiredApprovals: 2 } });
  await github("payments-service", { branchProtection: { requiredApprovals: 2 } });
  await github("storefront-web", { branchProtection: { requiredApprovals: 1 }, selfHostedRunners: 2 });
  await github("infra-terraform", { branchProtection: { requiredApprovals: 1, allowForcePushes: true } });
  await control.setPosture("github", { organization }, { basePermission: "read", workflowPermissions: "write" });
  const all = { advancedSecurity: true, codeScanning: true, secretScanning: true, secretScanningPushProtection: true, dependabotAlerts: true, dependabotSecurityUpdates: true };
  await control.setAdvancedSecurity("github", repo("github", "orders-api"), all);
  await control.setAdvancedSecurity("github", repo("github", "payments-service"), { secretScanning: true, secretScanningPushProtection: true, dependabotAlerts: true });
  await control.setAdvancedSecurity("github", repo("github", "storefront-web"), { codeScanning: true, secretScanning: true, dependabotAlerts: true });

  const azure = (name: string, settings: object) => control.setPosture("azure-devops", repo("azure-devops", name), settings);
  await azure("orders-api", { requiredApprovals: 2 });
  await azure("payments-service", { requiredApprovals: 2, authorsCanApprove: true });
  await azure("storefront-web", { requiredApprovals: 1 });
  await control.setAdvancedSecurity("azure-devops", repo("azure-devops", "orders-api"), { advSecEnabled: true });
  await control.setAdvancedSecurity("azure-devops", repo("azure-devops", "payments-service"), { secretProtectionEnabled: true });
  const resource = (kind: "pipeline" | "service-connection" | "variable-group" | "secure-file", name: string, settings: object) =>
    control.setPosture("azure-devops", { organization, project, resource: kind, name }, settings);
  await resource("pipeline", "storefront-web PR validation", { pullRequestTrigger: true, forkBuilds: true, forkSecrets: true });
  await resource("pipeline", "orders-api PR validation", { pullRequestTrigger: true, forkBuilds: true });
  await resource("pipeline", "infra-terraform deploy", { pullRequestTrigger: false });
  await resource("service-connection", "tailspin-production", { type: "azurerm", openToAllPipelines: true });
  await resource("service-connection", "tailspin-registry", { type: "dockerregistry", openToAllPipelines: false });
  await resource("variable-group", "payments-secrets", { hasSecrets: true, openToAllPipelines: true });
  await resource("variable-group", "orders-secrets", { hasSecrets: true, openToAllPipelines: false });
  await resource("variable-group", "storefront-settings", { hasSecrets: false, openToAllPipelines: true });
  await resource("secure-file", "code-signing.pfx", { openToAllPipelines: false });
  await resource("secure-file", "app-store.mobileprovision", { openToAllPipelines: true });

  const gitlab = (name: string, settings: object) => control.setPosture("gitlab", { organization, name }, settings);
  await gitlab("orders-api", { requiredApprovals: 2 });
  await gitlab("payments-service", { requiredApprovals: 2, authorsCanApprove: true });
  await gitlab("storefront-web", { requiredApprovals: 1 });
}

const DEMO_ENVIRONMENTS: { provider: ProviderName; name: string; subscription: string; resourceGroup: string }[] = [
  { provider: "GITHUB", name: "demo-github", subscription: DEMO_SUBSCRIPTIONS[0].name, resourceGroup: "devops-security" },
  { provider: "AZURE_DEVOPS", name: "demo-azure-devops", subscription: DEMO_SUBSCRIPTIONS[0].name, resourceGroup: "devops-security" },
  { provider: "GITLAB", name: "demo-gitlab", subscription: DEMO_SUBSCRIPTIONS[1].name, resourceGroup: "sandbox" },
];

const META: RequestMeta = { ip: "127.0.0.1", userAgent: "rampart demo mode" };

async function authorizeInSandbox(caller: Caller, provider: ProviderName, consent: SandboxConsent, publicUrl: string, options: { connectorId?: string; login?: string } = {}): Promise<string> {
  const { authorizeUrl } = await startAuthorization(caller, { provider, host: "sandbox", returnTo: "/environments", connectorId: options.connectorId }, publicUrl);
  const back = await consent(authorizeUrl, options.login);
  const landing = new URL(await completeAuthorization(caller, PROVIDER_SLUGS[provider], back.searchParams, META), publicUrl);
  const id = landing.searchParams.get("authorization");
  if (!id) throw new Error(landing.searchParams.get("authorizationMessage") ?? `the sandbox did not authorize ${provider}`);
  return id;
}

/**
 * First start: connects the demo environments. Later starts: re-authorizes every sandbox
 * connector and queues its discovery. Answers what it did, for the start banner.
 */
export async function prepareDemoEnvironments(consent: SandboxConsent, publicUrl: string): Promise<{ connected: number; reauthorized: number; problems: string[] }> {
  const problems: string[] = [];
  const owner = await db.user.findUnique({ where: { email: DEMO_ACCOUNTS[0]!.email }, select: { id: true } });
  const caller = owner && (await callerForUser(owner.id));
  if (!caller) return { connected: 0, reauthorized: 0, problems: [`the demo Owner ${DEMO_ACCOUNTS[0]!.email} is missing or disabled`] };

  const existing = await db.connector.findMany({ where: { host: "sandbox" }, include: { authorization: { select: { identityLogin: true } } } });
  let reauthorized = 0;
  for (const connector of existing) {
    const authorizationId = await authorizeInSandbox(caller, connector.provider, consent, publicUrl, { connectorId: connector.id, login: connector.authorization?.identityLogin });
    await updateConnector(caller, connector.id, { authorizationId }, META);
    await queueDiscovery(connector.id, "manual");
    reauthorized++;
  }
  if (await db.connector.count()) return { connected: 0, reauthorized, problems };

  let connected = 0;
  for (const environment of DEMO_ENVIRONMENTS) {
    const group = await db.resourceGroup.findFirst({ where: { name: environment.resourceGroup, subscription: { name: environment.subscription } } });
    if (!group) {
      problems.push(`resource group ${environment.resourceGroup} of ${environment.subscription} is missing: ${environment.name} not connected`);
      continue;
    }
    const authorizationId = await authorizeInSandbox(caller, environment.provider, consent, publicUrl);
    const options = await listAuthorizationOrganizations(caller, authorizationId);
    const organization = options.find((o) => o.name === DEMO_ORGANIZATION && o.available);
    if (!organization) {
      problems.push(`the sandbox does not offer ${DEMO_ORGANIZATION} to connect on ${environment.provider} (offered: ${options.map((o) => `${o.name}${o.available ? "" : ` (${o.reason})`}`).join(", ")})`);
      continue;
    }
    await createConnector(
      caller,
      {
        provider: environment.provider,
        host: "sandbox",
        name: environment.name,
        resourceGroup: { id: group.id },
        region: "eastus",
        authorizationId,
        organizations: { mode: "SELECTED", ids: [organization.id] },
        scanning: DEFAULT_SCANNING,
      },
      META,
    );
    connected++;
  }
  return { connected, reauthorized, problems };
}
