import "server-only";
import type { ProviderName } from "@/lib/schemas/connectors";
import { azureDevOpsClient } from "./azure-devops-client";
import { githubClient } from "./github-client";
import { gitlabClient } from "./gitlab-client";
import type { ProviderHost } from "./hosts";
import type { ProviderClient, ProviderClientFactory } from "./provider-client";

const FACTORIES: Record<ProviderName, ProviderClientFactory> = {
  GITHUB: githubClient,
  GITLAB: gitlabClient,
  AZURE_DEVOPS: azureDevOpsClient,
};

export function providerClient(host: ProviderHost, accessToken: string): ProviderClient {
  return FACTORIES[host.provider](host, accessToken);
}
