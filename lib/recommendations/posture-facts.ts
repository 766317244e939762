/**
 * What discovery reads of a provider's security settings, as the recommendation catalog
 * evaluates it. Every fact is optional: a fact discovery could not read (the identity may
 * not see the setting, the provider has none) is absent, and the recommendations that need
 * it are Not applicable with the reason, never Healthy.
 *
 * Shared by the provider clients (which fill them), discovery (which stores them as JSON on
 * the repository or posture resource) and the catalog; keep it free of server imports.
 */

/** A repository's (GitLab: project's) settings. */
export interface RepositoryPostureFacts {
  /** GitHub: secret scanning alerts are on. */
  secretScanning?: boolean;
  /** GitHub: secret scanning push protection is on. */
  pushProtection?: boolean;
  /** GitHub: code scanning is configured (default setup or an analysis). */
  codeScanning?: boolean;
  /** GitHub: Dependabot alerts are on. */
  dependabot?: boolean;
  /** Azure DevOps: Advanced Security is enabled on the repository. */
  advancedSecurity?: boolean;
  /** GitHub: the default branch has a protection rule. */
  defaultBranchProtected?: boolean;
  /** GitHub: force pushes to the default branch are allowed (no rule: allowed). */
  forcePushesAllowed?: boolean;
  /**
   * Approvals a pull (merge) request into the default branch needs: GitHub's required
   * approving reviews, Azure DevOps' minimum number of reviewers policy, GitLab's approval
   * rules. 0 when nothing is required.
   */
  requiredApprovals?: number;
  /** Azure DevOps: the requestor's own vote counts; GitLab: authors may approve their merge requests. */
  authorsCanApprove?: boolean;
  /** GitHub: self-hosted runners are available to the repository. */
  selfHostedRunners?: boolean;
}

/** The resources other than repositories that posture recommendations assess. */
export const POSTURE_RESOURCE_KINDS = ["ORGANIZATION", "PIPELINE", "SERVICE_CONNECTION", "VARIABLE_GROUP", "SECURE_FILE"] as const;
export type PostureResourceKindName = (typeof POSTURE_RESOURCE_KINDS)[number];

/** A GitHub organization's settings. */
export interface OrganizationPostureFacts {
  /** The organization's base permission for members: none, read, write or admin. */
  basePermission?: "none" | "read" | "write" | "admin";
  /** How many owners (admins) the organization has. */
  ownerCount?: number;
  /** The default GITHUB_TOKEN permission of Actions workflows: read or write. */
  workflowPermissions?: "read" | "write";
}

/** An Azure DevOps pipeline's (build definition's) settings. */
export interface PipelinePostureFacts {
  /** Builds of pull requests from forks run with the pipeline's secrets. */
  forkBuildsGetSecrets?: boolean;
}

/** An Azure DevOps service connection, variable group or secure file. */
export interface ProtectedResourcePostureFacts {
  /** Every pipeline of the project may use it ("Grant access permission to all pipelines"). */
  openToAllPipelines?: boolean;
  /** Variable groups: it holds secret variables. */
  hasSecrets?: boolean;
}

export type PostureFacts = RepositoryPostureFacts | OrganizationPostureFacts | PipelinePostureFacts | ProtectedResourcePostureFacts;

/** A posture resource as discovery reports it (the provider clients' shape). */
export interface DiscoveredPostureResource {
  kind: PostureResourceKindName;
  /** The provider's id, unique per kind within the organization. */
  externalId: string;
  name: string;
  /** Azure DevOps project; null for organization-wide resources. */
  projectPath: string | null;
  url: string | null;
  facts: OrganizationPostureFacts | PipelinePostureFacts | ProtectedResourcePostureFacts;
}
