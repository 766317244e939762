import "server-only";
import type { ProviderHost } from "./hosts";

/** What Rampart asks every provider, whatever its API looks like. */

export interface ProviderIdentity {
  id: string;
  login: string;
  name: string | null;
  email: string | null;
}

/** An organization (GitLab: top-level group) the identity can see. */
export interface OrganizationCandidate {
  id: string;
  name: string;
  url: string;
  /** The identity may onboard it (organization owner, Project Collection Administrator, group Owner). */
  canAdminister: boolean;
  /** Why it cannot be onboarded, when it cannot. */
  reason?: string;
}

export interface ProviderClient {
  identity(): Promise<ProviderIdentity>;
  organizations(): Promise<OrganizationCandidate[]>;
}

export const REQUEST_TIMEOUT_SECONDS = 20;

export type ProviderClientFactory = (host: ProviderHost, accessToken: string) => ProviderClient;
