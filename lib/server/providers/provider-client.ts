import "server-only";
import type { DiscoveredPostureResource, RepositoryPostureFacts } from "@/lib/recommendations/posture-facts";
import type { PrAnnotationCategory, SeverityName } from "@/lib/schemas/pr-annotations";
import type { ProviderHost } from "./hosts";
import type { ProviderError } from "./provider-error";

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

export type AdvancedSecurity = { status: "ON" | "OFF" | "PARTIAL" | "NOT_AVAILABLE"; off: string[] };

/** A repository's pull request annotation settings at the provider (Azure DevOps). */
export interface PullRequestAnnotations {
  enabled: boolean;
  /** In PR_ANNOTATION_CATEGORIES order; empty when not enabled. */
  categories: PrAnnotationCategory[];
  /** null when not enabled. */
  minimumSeverity: SeverityName | null;
}

/** A repository (GitLab: project) as discovery records it. */
export interface DiscoveredRepository {
  externalId: string;
  name: string;
  /** organization[/project or subgroups]/name */
  fullName: string;
  /** Azure DevOps project; GitLab namespace below the top-level group; null for GitHub. */
  projectPath: string | null;
  url: string;
  cloneUrl: string | null;
  defaultBranch: string | null;
  visibility: "public" | "private" | "internal";
  archived: boolean;
  sizeKb: number | null;
  lastPushAt: Date | null;
  advancedSecurity: AdvancedSecurity;
  /** Azure DevOps: the annotation settings (a repository without any is off); null where the provider has none (GitHub, GitLab). */
  pullRequestAnnotations: PullRequestAnnotations | null;
  /** The security settings posture recommendations judge; a setting that could not be read is absent. */
  posture: RepositoryPostureFacts;
}

export interface ProviderClient {
  identity(): Promise<ProviderIdentity>;
  organizations(): Promise<OrganizationCandidate[]>;
  /** Every repository of one organization (GitLab: group, with its subgroups). */
  repositories(organization: { id: string; name: string }): Promise<DiscoveredRepository[]>;
  /**
   * The organization's resources other than repositories that posture recommendations
   * judge: the GitHub organization itself; Azure DevOps pipelines, service connections,
   * variable groups and secure files of every project; none on GitLab.
   */
  postureResources(organization: { id: string; name: string }): Promise<DiscoveredPostureResource[]>;
  /** Writes one repository's pull request annotation settings (Azure DevOps only). */
  setPullRequestAnnotations?(organization: { id: string; name: string }, repository: { externalId: string; name: string }, settings: PullRequestAnnotations): Promise<void>;
}

/** Seed 002's status from which features are on: all, none, or some (naming those that are off). */
export function advancedSecurityFrom(features: Record<string, boolean | undefined>): AdvancedSecurity {
  const known = Object.entries(features).filter((entry): entry is [string, boolean] => entry[1] !== undefined);
  if (known.length === 0) return { status: "NOT_AVAILABLE", off: [] };
  const off = known.filter(([, on]) => !on).map(([name]) => name);
  if (off.length === 0) return { status: "ON", off };
  return { status: off.length === known.length ? "OFF" : "PARTIAL", off };
}

export const REQUEST_TIMEOUT_SECONDS = 20;

/**
 * A settings read that the identity may not be allowed (403) or that finds nothing to
 * read (404): its fact is absent, never guessed. Any other failure is the caller's, as
 * the provider classified it (a rate limit answered with 403 stays a rate limit).
 */
export function isUnreadable(error: ProviderError): boolean {
  return error.failure === "forbidden" || error.failure === "not_found";
}

/** The facts without the ones that could not be read, so that stored JSON holds only what is known. */
export function knownFacts<T extends object>(facts: T): T {
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined)) as T;
}

export type ProviderClientFactory = (host: ProviderHost, accessToken: string) => ProviderClient;
