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
} as const;
const DEMO_ORGANIZATION = DEMO_SANDBOX_ORGANIZATION.name;

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
