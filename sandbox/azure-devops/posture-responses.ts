import type { BuildDefinition, BuildDefinitionReference, BuildRepository, PullRequestTrigger } from "azure-devops-node-api/interfaces/BuildInterfaces";
import type { IdentityRef } from "azure-devops-node-api/interfaces/common/VSSInterfaces";
import type { PolicyConfiguration } from "azure-devops-node-api/interfaces/PolicyInterfaces";
import type { ServiceEndpoint } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";
import type { SecureFile, VariableGroup } from "azure-devops-node-api/interfaces/TaskAgentInterfaces";
import type { SandboxUrls } from "../context";
import type { AzureDevOpsOrganizationFixture, AzureDevOpsProjectFixture } from "../fixtures/azure-devops";
import {
  POLICY_TYPES,
  type AzureDevOpsAuthor,
  type AzureDevOpsPipelineFixture,
  type AzureDevOpsPolicyFixture,
  type AzureDevOpsSecureFileFixture,
  type AzureDevOpsServiceConnectionFixture,
  type AzureDevOpsVariableGroupFixture,
  type PipelineAccess,
} from "../fixtures/azure-devops-posture";
import { organizationUrl, projectReference, type WireTeamProjectReference } from "./responses";

/**
 * Azure DevOps answers about a project's posture: policy configurations, build
 * definitions, service connections, variable groups, secure files and pipeline
 * permissions, typed against azure-devops-node-api's interfaces as they travel on the
 * wire (ISO dates, enum names), like responses.ts. Null members are left out, as Azure
 * DevOps leaves them out; a policy's settings are free-form JSON and keep theirs.
 */

type Override<T, U> = Omit<T, keyof U> & U;

export type WireIdentityRef = Override<IdentityRef, { descriptor: string }>;

export function identityRef(urls: SandboxUrls, author: AzureDevOpsAuthor): WireIdentityRef {
  return {
    displayName: author.displayName,
    url: `${urls.vsspsUrl}/_apis/Identities/${author.id}`,
    id: author.id,
    uniqueName: author.uniqueName,
    imageUrl: `${urls.organizationsUrl}/_apis/GraphProfile/MemberAvatars/aad.${Buffer.from(author.id).toString("base64url")}`,
    descriptor: `aad.${Buffer.from(author.id).toString("base64url")}`,
  };
}

interface Project {
  org: AzureDevOpsOrganizationFixture;
  project: AzureDevOpsProjectFixture;
  /** The organization's administrator, who set everything up in the fixtures. */
  author: AzureDevOpsAuthor;
}

// ————— policy configurations —————

export interface WirePolicyScope {
  repositoryId: string | null;
  refName?: string;
  matchKind: AzureDevOpsPolicyFixture["scope"][number]["matchKind"];
}

export type WirePolicyConfiguration = Override<
  PolicyConfiguration,
  { createdDate: string; createdBy: WireIdentityRef; settings: Record<string, unknown> & { scope: WirePolicyScope[] }; type: { id: string; url: string; displayName: string } }
>;

/** An element of Configurations - List (GET {org}/{project}/_apis/policy/configurations). */
export function policyConfiguration(urls: SandboxUrls, { org, project, author }: Project, policy: AzureDevOpsPolicyFixture): WirePolicyConfiguration {
  const base = `${organizationUrl(urls, org)}/${project.id}/_apis/policy`;
  const type = POLICY_TYPES[policy.type];
  const url = `${base}/configurations/${policy.id}`;
  return {
    createdBy: identityRef(urls, author),
    createdDate: policy.createdDate,
    isEnabled: policy.isEnabled,
    isBlocking: policy.isBlocking,
    isDeleted: false,
    settings: {
      ...policy.settings,
      scope: policy.scope.map((s) => ({ ...(s.refName === null ? {} : { refName: s.refName }), matchKind: s.matchKind, repositoryId: s.repositoryId })),
    },
    isEnterpriseManaged: false,
    _links: { self: { href: url }, policyType: { href: `${base}/types/${type.id}` } },
    revision: policy.revision,
    id: policy.id,
    url,
    type: { id: type.id, url: `${base}/types/${type.id}`, displayName: type.displayName },
  };
}

// ————— build definitions —————

export type WireBuildDefinitionReference = Override<
  BuildDefinitionReference,
  {
    createdDate: string;
    project: WireTeamProjectReference;
    authoredBy: WireIdentityRef;
    type: "build";
    queueStatus: "enabled";
    quality: "definition";
    drafts: [];
  }
>;

export type WirePullRequestTrigger = Override<PullRequestTrigger, { triggerType: "pullRequest" }>;

/** A full definition (includeAllProperties=true): its repository, process and triggers. */
export type WireBuildDefinition = WireBuildDefinitionReference &
  Override<Pick<BuildDefinition, "repository" | "triggers" | "process">, { repository: BuildRepository; triggers: WirePullRequestTrigger[]; process: { type: number; yamlFilename: string } }>;

/** An element of Definitions - List; `full` with includeAllProperties=true. */
export function buildDefinition(urls: SandboxUrls, { org, project, author }: Project, pipeline: AzureDevOpsPipelineFixture, full: boolean): WireBuildDefinitionReference | WireBuildDefinition {
  const orgUrl = organizationUrl(urls, org);
  const url = `${orgUrl}/${project.id}/_apis/build/Definitions/${pipeline.id}?revision=${pipeline.revision}`;
  const reference: WireBuildDefinitionReference = {
    _links: {
      self: { href: url },
      web: { href: `${orgUrl}/${project.id}/_build/definition?definitionId=${pipeline.id}` },
      editor: { href: `${orgUrl}/${project.id}/_build/designer?id=${pipeline.id}&_a=edit-build-definition` },
      badge: { href: `${orgUrl}/${project.id}/_apis/build/status/${pipeline.id}` },
    },
    quality: "definition",
    authoredBy: identityRef(urls, author),
    drafts: [],
    id: pipeline.id,
    name: pipeline.name,
    url,
    uri: `vstfs:///Build/Definition/${pipeline.id}`,
    path: pipeline.path,
    type: "build",
    queueStatus: "enabled",
    revision: pipeline.revision,
    createdDate: pipeline.createdDate,
    project: projectReference(urls, org, project),
  };
  if (!full) return reference;
  const trigger = pipeline.pullRequestTrigger;
  return {
    ...reference,
    triggers: trigger
      ? [
          {
            branchFilters: [`+${pipeline.repository.defaultBranch}`],
            forks: { enabled: trigger.forks.enabled, allowSecrets: trigger.forks.allowSecrets, allowFullAccessToken: false },
            pathFilters: [],
            requireCommentsForNonTeamMembersOnly: false,
            requireCommentsForNonTeamMemberAndNonContributors: false,
            isCommentRequiredForPullRequest: false,
            autoCancel: true,
            // 2: the trigger is set in the YAML file, its fork settings in the definition.
            settingsSourceType: 2,
            triggerType: "pullRequest",
          },
        ]
      : [],
    repository: {
      properties: pipeline.repository.type === "GitHub" ? { connectedServiceId: "", apiUrl: `https://api.github.com/repos/${pipeline.repository.name}`, fullName: pipeline.repository.name } : {},
      id: pipeline.repository.id,
      type: pipeline.repository.type,
      name: pipeline.repository.name,
      url:
        pipeline.repository.type === "TfsGit"
          ? `${orgUrl}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(pipeline.repository.name)}`
          : `https://github.com/${pipeline.repository.name}.git`,
      defaultBranch: pipeline.repository.defaultBranch,
      checkoutSubmodules: false,
    },
    process: { yamlFilename: "azure-pipelines.yml", type: 2 },
  };
}

// ————— protected resources —————

const projectOf = ({ project }: Project) => ({ id: project.id, name: project.name });

export type WireServiceEndpoint = Override<ServiceEndpoint, { createdBy: WireIdentityRef; creationDate: string; authorization: { scheme: string; parameters: Record<string, string> } }>;

/** An element of Endpoints - Get Service Endpoints (GET {org}/{project}/_apis/serviceendpoint/endpoints). No secrets in `authorization`, as Azure DevOps answers. */
export function serviceEndpoint(urls: SandboxUrls, p: Project, connection: AzureDevOpsServiceConnectionFixture): WireServiceEndpoint {
  return {
    data: connection.type === "azurerm" ? { environment: "AzureCloud", scopeLevel: "Subscription", subscriptionName: "Contoso Production", creationMode: "Manual" } : {},
    id: connection.id,
    name: connection.name,
    type: connection.type,
    url: connection.url,
    createdBy: identityRef(urls, p.author),
    creationDate: connection.createdDate,
    description: connection.description,
    authorization: { parameters: {}, scheme: connection.scheme },
    isShared: false,
    isReady: true,
    owner: "Library",
    serviceEndpointProjectReferences: [{ projectReference: projectOf(p), name: connection.name, description: connection.description }],
  };
}

export type WireVariableGroup = Override<VariableGroup, { createdBy: WireIdentityRef; modifiedBy: WireIdentityRef; createdOn: string; modifiedOn: string; variables: Record<string, { value?: string; isSecret?: boolean }> }>;

/** An element of Variablegroups - Get Variable Groups: secret variables come without their value. */
export function variableGroup(urls: SandboxUrls, p: Project, group: AzureDevOpsVariableGroupFixture): WireVariableGroup {
  return {
    variables: Object.fromEntries(Object.entries(group.variables).map(([name, v]) => [name, v.isSecret ? { isSecret: true } : { value: v.value }])),
    id: group.id,
    type: "Vsts",
    name: group.name,
    description: group.description,
    createdBy: identityRef(urls, p.author),
    createdOn: group.modifiedOn,
    modifiedBy: identityRef(urls, p.author),
    modifiedOn: group.modifiedOn,
    isShared: false,
    variableGroupProjectReferences: [{ projectReference: projectOf(p), name: group.name, description: group.description }],
  };
}

export type WireSecureFile = Override<SecureFile, { createdBy: WireIdentityRef; modifiedBy: WireIdentityRef; createdOn: string; modifiedOn: string }>;

/** An element of the secure files list (GET {org}/{project}/_apis/distributedtask/securefiles, a preview API). */
export function secureFile(urls: SandboxUrls, p: Project, file: AzureDevOpsSecureFileFixture): WireSecureFile {
  return { id: file.id, name: file.name, createdBy: identityRef(urls, p.author), createdOn: file.createdOn, modifiedBy: identityRef(urls, p.author), modifiedOn: file.createdOn, properties: {} };
}

/** The resource types of Pipeline Permissions the sandbox keeps. */
export const PIPELINE_PERMISSION_RESOURCES = ["endpoint", "variablegroup", "securefile"] as const;
export type PipelinePermissionResource = (typeof PIPELINE_PERMISSION_RESOURCES)[number];

/** Pipeline Permissions - Get (ResourcePipelinePermissions). `allPipelines` is left out when the resource is not open to every pipeline. */
export interface WireResourcePipelinePermissions {
  resource: { type: PipelinePermissionResource; id: string; name?: string };
  pipelines: { id: number; authorized: boolean; authorizedBy: WireIdentityRef; authorizedOn: string }[];
  allPipelines?: { authorized: boolean; authorizedBy: WireIdentityRef; authorizedOn: string };
}

export function pipelinePermissions(
  urls: SandboxUrls,
  p: Project,
  resource: { type: PipelinePermissionResource; id: string; name?: string },
  access: PipelineAccess | null,
): WireResourcePipelinePermissions {
  const by = identityRef(urls, p.author);
  if (!access) return { resource, pipelines: [] };
  return {
    resource,
    pipelines: access.authorizedPipelines.map((id) => ({ id, authorized: true, authorizedBy: by, authorizedOn: access.authorizedOn })),
    ...(access.openToAllPipelines ? { allPipelines: { authorized: true, authorizedBy: by, authorizedOn: access.authorizedOn } } : {}),
  };
}
