import type { TeamProjectReference } from "azure-devops-node-api/interfaces/CoreInterfaces";
import type { GitRepository } from "azure-devops-node-api/interfaces/GitInterfaces";
import type { Identity } from "azure-devops-node-api/interfaces/IdentitiesInterfaces";
import type { ConnectionData, LocationServiceData } from "azure-devops-node-api/interfaces/LocationsInterfaces";
import type {
  AdvSecEnablementFeatures,
  AdvSecEnablementSettings,
  AdvSecEnablementStatus,
  CodeSecurityFeatures,
  EnablementOnCreateSettings,
  OrgEnablementSettings,
  RepoEnablementSettings,
  SecretProtectionFeatures,
} from "azure-devops-node-api/interfaces/ManagementInterfaces";
import type { SandboxUrls } from "../context";
import type {
  AzureDevOpsOrganizationFixture,
  AzureDevOpsProjectFixture,
  AzureDevOpsRepositoryFixture,
  AzureDevOpsUserFixture,
  PullRequestAnnotationsDocument,
  PullRequestAnnotationsState,
} from "../fixtures/azure-devops";

/**
 * Azure DevOps REST answers, typed against azure-devops-node-api's interfaces as they
 * travel on the wire: those interfaces describe the client's result after it has
 * deserialized dates into Date and enum names into numbers, so `OnTheWire` puts back
 * the JSON forms (ISO strings, enum names). Profile and Account, which the library
 * only types in its internal form, are spelled out from the REST reference.
 */

type Override<T, U> = Omit<T, keyof U> & U;

export type WireTeamProjectReference = Override<
  TeamProjectReference,
  { lastUpdateTime: string; visibility: "private" | "public" | "organization"; state: "wellFormed" | "createPending" | "deleting" | "new" | "deleted" }
>;

export type WireGitRepository = Override<GitRepository, { creationDate?: string; project: WireTeamProjectReference }>;

/** GET _apis/profile/profiles/me (app.vssps.visualstudio.com). */
export interface AzureDevOpsProfile {
  displayName: string;
  publicAlias: string;
  emailAddress: string;
  coreRevision: number;
  timeStamp: string;
  id: string;
  revision: number;
}

/** An element of GET _apis/accounts (app.vssps.visualstudio.com). */
export interface AzureDevOpsAccount {
  accountId: string;
  accountUri: string;
  accountName: string;
  properties: Record<string, unknown>;
}

export interface Collection<T> {
  count: number;
  value: T[];
}

export function collection<T>(value: T[]): Collection<T> {
  return { count: value.length, value };
}

export function organizationUrl(urls: SandboxUrls, org: AzureDevOpsOrganizationFixture): string {
  return `${urls.organizationsUrl}/${org.name}`;
}

export function projectReference(urls: SandboxUrls, org: AzureDevOpsOrganizationFixture, project: AzureDevOpsProjectFixture): WireTeamProjectReference {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    url: `${organizationUrl(urls, org)}/_apis/projects/${project.id}`,
    state: "wellFormed",
    revision: project.revision,
    visibility: project.visibility,
    lastUpdateTime: project.lastUpdateTime,
  };
}

export function repository(
  urls: SandboxUrls,
  org: AzureDevOpsOrganizationFixture,
  project: AzureDevOpsProjectFixture,
  repo: AzureDevOpsRepositoryFixture,
): WireGitRepository {
  const base = new URL(urls.url);
  const orgUrl = organizationUrl(urls, org);
  const projectPath = encodeURIComponent(project.name);
  const repoPath = encodeURIComponent(repo.name);
  return {
    id: repo.id,
    name: repo.name,
    url: `${orgUrl}/${project.id}/_apis/git/repositories/${repo.id}`,
    project: projectReference(urls, org, project),
    ...(repo.defaultBranch ? { defaultBranch: repo.defaultBranch } : {}),
    size: repo.size,
    // Azure DevOps puts the organization in the clone URL's user part.
    remoteUrl: `${base.protocol}//${org.name}@${base.host}/azure-devops/${org.name}/${projectPath}/_git/${repoPath}`,
    sshUrl: `git@${base.hostname}:v3/${org.name}/${projectPath}/${repoPath}`,
    webUrl: `${orgUrl}/${projectPath}/_git/${repoPath}`,
    isDisabled: repo.isDisabled,
    isInMaintenance: false,
  };
}

export function profile(user: AzureDevOpsUserFixture): AzureDevOpsProfile {
  return {
    displayName: user.name,
    publicAlias: user.id,
    emailAddress: user.email,
    coreRevision: 482_913_377,
    timeStamp: "2026-10-14T09:31:07.5133333+00:00",
    id: user.id,
    revision: 482_913_377,
  };
}

/**
 * accountUri is the account's profile-service address (like
 * https://{org}.vssps.visualstudio.com/), not where its API lives: use
 * `${organizationsUrl}/${accountName}` for that, as with dev.azure.com.
 */
export function account(urls: SandboxUrls, org: AzureDevOpsOrganizationFixture): AzureDevOpsAccount {
  return { accountId: org.id, accountUri: `${urls.vsspsUrl}/${org.name}/`, accountName: org.name, properties: {} };
}

type WireIdentity = Override<Identity, { descriptor: string }>;

/** GET _apis/connectionData (WebApi.connect()). */
export type WireConnectionData = Override<
  ConnectionData,
  { authenticatedUser: WireIdentity; authorizedUser: WireIdentity; deploymentType: "hosted" | "onPremises"; locationServiceData: LocationServiceData }
>;

export function connectionData(org: AzureDevOpsOrganizationFixture, user: AzureDevOpsUserFixture): WireConnectionData {
  const identity: WireIdentity = {
    id: user.id,
    descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;sandbox-tenant\\${user.email}`,
    subjectDescriptor: `aad.${Buffer.from(user.objectId).toString("base64url")}`,
    providerDisplayName: user.name,
    isActive: true,
    properties: { Account: { $type: "System.String", $value: user.email } },
    resourceVersion: 2,
    metaTypeId: 0,
  };
  return {
    authenticatedUser: identity,
    authorizedUser: identity,
    instanceId: org.id,
    deploymentId: "5e6e8e5b-6c50-4d6b-8b3a-6f2c1f0e9d10",
    deploymentType: "hosted",
    locationServiceData: {
      serviceOwner: "00025394-6065-48ca-87d9-7f5672854ef7",
      defaultAccessMappingMoniker: "PublicAccessMapping",
      lastChangeId: 1,
      lastChangeId64: 1,
      clientCacheFresh: false,
    },
  };
}

// Advanced Security enablement (advsec.dev.azure.com, area Management). Azure DevOps
// leaves null members out of its JSON, so a date that was never set, and blockPushes
// without includeAllProperties=true, are absent.

/** Repo Enablement - Get, api-version 7.2-preview.1 (the single "Advanced Security" switch). */
export type WireAdvSecEnablementStatus = Override<AdvSecEnablementStatus, { advSecEnablementLastChangedDate?: string; advSecEnablementFeatures: AdvSecEnablementFeatures }>;
/** Org/Project Enablement - Get, api-version 7.2-preview.1. */
export type WireAdvSecEnablementSettings = Override<AdvSecEnablementSettings, { reposEnablementStatus: WireAdvSecEnablementStatus[] }>;

export type WireCodeSecurityFeatures = Override<CodeSecurityFeatures, { codeSecurityEnablementLastChangedDate?: string }>;
export type WireSecretProtectionFeatures = Override<SecretProtectionFeatures, { secretProtectionEnablementLastChangedDate?: string }>;
/** Repo Enablement - Get, api-version 7.2-preview.3 (Code Security and Secret Protection). */
export type WireRepoEnablementSettings = Override<
  RepoEnablementSettings,
  { codeSecurityFeatures: WireCodeSecurityFeatures; secretProtectionFeatures: WireSecretProtectionFeatures; isBundledSKU: boolean; projectId: string; repositoryId: string }
>;
/** Org/Project Enablement - Get, api-version 7.2-preview.3 (ProjectEnablementSettings has the same members). */
export type WireOrgEnablementSettings = Override<
  OrgEnablementSettings,
  { enablementOnCreateSettings: EnablementOnCreateSettings; reposEnablementStatus: WireRepoEnablementSettings[] }
>;

function latest(...dates: (string | null)[]): string | null {
  return dates.filter((d): d is string => d !== null).sort().at(-1) ?? null;
}

/** api-version 7.2-preview.1: enabled when either plan is (the legacy switch covers both). */
export function advSecEnablementStatus(project: AzureDevOpsProjectFixture, repo: AzureDevOpsRepositoryFixture, includeAllProperties: boolean): WireAdvSecEnablementStatus {
  const a = repo.advancedSecurity;
  const changed = latest(a.codeSecurityChangedAt, a.secretProtectionChangedAt);
  return {
    projectId: project.id,
    repositoryId: repo.id,
    advSecEnabled: a.codeSecurityEnabled || a.secretProtectionEnabled,
    ...(changed ? { advSecEnablementLastChangedDate: changed } : {}),
    advSecEnablementFeatures: { codeQLEnabled: a.codeQLEnabled, dependencyScanningInjectionEnabled: a.dependencyScanningInjectionEnabled, dependabotEnabled: a.dependabotEnabled },
    ...(includeAllProperties ? { blockPushes: a.blockPushes } : {}),
  };
}

/** api-version 7.2-preview.3. */
export function repoEnablementSettings(project: AzureDevOpsProjectFixture, repo: AzureDevOpsRepositoryFixture, includeAllProperties: boolean): WireRepoEnablementSettings {
  const a = repo.advancedSecurity;
  return {
    projectId: project.id,
    repositoryId: repo.id,
    isBundledSKU: a.isBundledSKU,
    codeSecurityFeatures: {
      codeSecurityEnabled: a.codeSecurityEnabled,
      codeQLEnabled: a.codeQLEnabled,
      dependencyScanningInjectionEnabled: a.dependencyScanningInjectionEnabled,
      dependabotEnabled: a.dependabotEnabled,
      ...(a.codeSecurityChangedAt ? { codeSecurityEnablementLastChangedDate: a.codeSecurityChangedAt } : {}),
      ...(a.codeSecurityChangedAt && a.changedBy ? { codeSecurityChangedBy: a.changedBy } : {}),
    },
    secretProtectionFeatures: {
      secretProtectionEnabled: a.secretProtectionEnabled,
      ...(includeAllProperties ? { blockPushes: a.blockPushes } : {}),
      ...(a.secretProtectionChangedAt ? { secretProtectionEnablementLastChangedDate: a.secretProtectionChangedAt } : {}),
      ...(a.secretProtectionChangedAt && a.changedBy ? { secretProtectionChangedBy: a.changedBy } : {}),
    },
  };
}

type ProjectRepository = { project: AzureDevOpsProjectFixture; repo: AzureDevOpsRepositoryFixture };

/** Org or project enablement, api-version 7.2-preview.1. New repositories are not enabled on creation in the fixtures. */
export function advSecEnablementSettings(repos: ProjectRepository[], includeAllProperties: boolean): WireAdvSecEnablementSettings {
  return { enableOnCreate: false, reposEnablementStatus: repos.map(({ project, repo }) => advSecEnablementStatus(project, repo, includeAllProperties)) };
}

/** Org or project enablement, api-version 7.2-preview.3. */
export function orgEnablementSettings(repos: ProjectRepository[], includeAllProperties: boolean): WireOrgEnablementSettings {
  return {
    enablementOnCreateSettings: { enableCodeSecurityOnCreate: false, enableSecretProtectionOnCreate: false },
    reposEnablementStatus: repos.map(({ project, repo }) => repoEnablementSettings(project, repo, includeAllProperties)),
  };
}

// Extension data (extmgmt.dev.azure.com, area ExtensionManagement). azure-devops-node-api
// types documents as `any` (ExtensionDataCollection.documents); these are the
// rampart-pr-annotations extension's, with the service's `__etag`.

/** An element of Documents - Get By Name, and the answer of Set By Name. */
export type WireExtensionDocument = PullRequestAnnotationsDocument;

export function pullRequestAnnotationsDocument(state: PullRequestAnnotationsState): WireExtensionDocument {
  const d = state.document;
  return { id: d.id, enabled: d.enabled, categories: [...d.categories], minimumSeverity: d.minimumSeverity, __etag: d.__etag };
}
