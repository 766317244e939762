import "server-only";
import { getBearerHandler, WebApi } from "azure-devops-node-api";
import { ExtensionManagementApi } from "azure-devops-node-api/ExtensionManagementApi";
import { ProjectVisibility } from "azure-devops-node-api/interfaces/CoreInterfaces";
import pLimit from "p-limit";
import { z } from "zod";
import type { DiscoveredPostureResource, RepositoryPostureFacts } from "@/lib/recommendations/posture-facts";
import { orderedCategories, SEVERITIES } from "@/lib/schemas/pr-annotations";
import type { ProviderHost } from "./hosts";
import {
  advancedSecurityFrom,
  isUnreadable,
  knownFacts,
  REQUEST_TIMEOUT_SECONDS,
  type AdvancedSecurity,
  type DiscoveredRepository,
  type OrganizationCandidate,
  type ProviderClient,
  type ProviderIdentity,
  type PullRequestAnnotations,
} from "./provider-client";
import { providerErrorFromStatus, providerTimeout, providerUnreachable, ProviderError } from "./provider-error";

/**
 * Azure DevOps Services through azure-devops-node-api, with an Entra ID access token.
 * The profile and the organizations of the identity come from the VSSPS service
 * (app.vssps.visualstudio.com); whether it may onboard an organization is the
 * Project Collection Administrator check: GENERIC_WRITE (2) on the Collection
 * security namespace.
 */

const API_VERSION = "7.1";
const COLLECTION_NAMESPACE = "3e65f728-f8bc-4ecd-8764-7e378b19bfa7";
const GENERIC_WRITE = 2;
/** The enablement API with the two plans (Secret Protection, Code Security) of the current model. */
const ADVANCED_SECURITY_API_VERSION = "7.2-preview.3";
const PER_REPOSITORY_CONCURRENCY = 8;

/** GET {org}/{project}/_apis/management/repositories/{id}/enablement: the two plans, or the older single switch. */
interface Enablement {
  advSecEnabled?: boolean;
  secretProtectionFeatures?: { secretProtectionEnabled?: boolean };
  codeSecurityFeatures?: { codeSecurityEnabled?: boolean };
}

function advancedSecurityOf(e: Enablement | null): AdvancedSecurity {
  if (!e) return advancedSecurityFrom({});
  if (e.secretProtectionFeatures || e.codeSecurityFeatures) {
    return advancedSecurityFrom({
      "Secret Protection": e.secretProtectionFeatures?.secretProtectionEnabled ?? false,
      "Code Security": e.codeSecurityFeatures?.codeSecurityEnabled ?? false,
    });
  }
  return advancedSecurityFrom({ "Advanced Security": e.advSecEnabled });
}

/**
 * Pull request annotation settings live in Azure DevOps as extension data of Rampart's
 * extension, at organization scope: one document per repository in one collection, the
 * document's id being the repository's id. No document: annotations are off.
 */
export const PR_ANNOTATIONS_DATA = {
  publisher: "rampart-security",
  extension: "rampart-pr-annotations",
  scopeType: "Default",
  scopeValue: "Current",
  collection: "pull-request-annotations",
} as const;

/** A document as stored; read leniently (another writer may have left anything there). */
const AnnotationsDocument = z.object({
  id: z.string(),
  enabled: z.boolean().catch(false),
  categories: z.array(z.unknown()).catch([]),
  minimumSeverity: z.unknown().catch(null),
});

function annotationsOf(document: z.infer<typeof AnnotationsDocument> | undefined): PullRequestAnnotations {
  if (!document?.enabled) return { enabled: false, categories: [], minimumSeverity: null };
  const severity = SEVERITIES.find((s) => s === document.minimumSeverity) ?? null;
  return { enabled: true, categories: orderedCategories(document.categories.filter((c): c is string => typeof c === "string")), minimumSeverity: severity };
}

// ————— posture: what the REST reference documents, read leniently —————

/** The "Minimum number of reviewers" branch policy type. */
const MINIMUM_REVIEWERS_POLICY = "fa4e907d-c16b-4a4c-9dfa-4906e5d171dd";
/** Pipeline Permissions and the secure files list are preview APIs. */
const PREVIEW_API_VERSION = "7.1-preview.1";

interface PolicyScope {
  repositoryId?: string | null;
  refName?: string | null;
  matchKind?: string;
}

/** An element of Configurations - List (GET {org}/{project}/_apis/policy/configurations). */
interface PolicyConfiguration {
  isEnabled?: boolean;
  isBlocking?: boolean;
  isDeleted?: boolean;
  type?: { id?: string };
  settings?: { minimumApproverCount?: number; creatorVoteCounts?: boolean; scope?: PolicyScope[] };
}

/** What every listed resource has: an id (a GUID, or a number for build definitions and variable groups) and a name. */
interface ProtectedResource {
  id?: string | number;
  name?: string;
}

/** An element of Definitions - List with includeAllProperties=true. */
interface BuildDefinition extends ProtectedResource {
  _links?: { web?: { href?: string } };
  triggers?: { triggerType?: string | number; forks?: { enabled?: boolean; allowSecrets?: boolean } }[];
}

interface VariableGroup extends ProtectedResource {
  type?: string;
  variables?: Record<string, { isSecret?: boolean } | null>;
}

/** Pipeline Permissions - Get: `allPipelines` is there when every pipeline of the project may use the resource. */
interface ResourcePipelinePermissions {
  allPipelines?: { authorized?: boolean } | null;
}

/** Whether a policy scope covers a repository's default branch (refs/heads/…); a scope without repository covers every repository. */
function covers(scope: PolicyScope, repositoryId: string, branch: string): boolean {
  if (scope.repositoryId && scope.repositoryId.toLowerCase() !== repositoryId.toLowerCase()) return false;
  const kind = (scope.matchKind ?? "Exact").toLowerCase();
  if (kind === "defaultbranch" || !scope.refName) return true;
  const ref = scope.refName.toLowerCase();
  return kind === "prefix" ? branch.toLowerCase().startsWith(ref) : branch.toLowerCase() === ref;
}

/**
 * Approvals a pull request into the default branch needs: the enabled, blocking "Minimum
 * number of reviewers" policies covering it require the most of them; the requestor's own
 * vote counts when any of those policies lets it. No such policy: nothing is required.
 */
function reviewerFacts(policies: PolicyConfiguration[], repositoryId: string, branch: string): Pick<RepositoryPostureFacts, "requiredApprovals" | "authorsCanApprove"> {
  const applying = policies.filter(
    (p) =>
      p.type?.id?.toLowerCase() === MINIMUM_REVIEWERS_POLICY &&
      p.isEnabled === true &&
      p.isBlocking !== false &&
      p.isDeleted !== true &&
      (p.settings?.scope?.length ? p.settings.scope.some((s) => covers(s, repositoryId, branch)) : true),
  );
  if (applying.length === 0) return { requiredApprovals: 0, authorsCanApprove: true };
  return {
    requiredApprovals: Math.max(...applying.map((p) => p.settings?.minimumApproverCount ?? 0)),
    authorsCanApprove: applying.some((p) => p.settings?.creatorVoteCounts === true),
  };
}

/** Builds of pull requests from forks run with the pipeline's secrets; no pull request trigger: no fork builds. */
function forkBuildsGetSecrets(definition: BuildDefinition): boolean {
  const trigger = definition.triggers?.find((t) => t.triggerType === "pullRequest" || t.triggerType === 64);
  return trigger?.forks?.enabled === true && trigger.forks.allowSecrets === true;
}

interface ProfileMe {
  id: string;
  displayName?: string;
  emailAddress?: string;
  publicAlias?: string;
}

interface AccountList {
  count: number;
  value: { accountId: string; accountName: string; accountUri?: string }[];
}

function classify(host: ProviderHost, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = error as { statusCode?: number; responseHeaders?: Record<string, string>; message?: string; code?: string };
  if (typeof e.statusCode === "number") return providerErrorFromStatus("AZURE_DEVOPS", e.statusCode, e.responseHeaders, e.message);
  if (e.code === "ESOCKETTIMEDOUT" || e.code === "ETIMEDOUT" || /timeout/i.test(e.message ?? "")) return providerTimeout("AZURE_DEVOPS", REQUEST_TIMEOUT_SECONDS);
  return providerUnreachable("AZURE_DEVOPS", host.apiUrl);
}

export function azureDevOpsClient(host: ProviderHost, accessToken: string): ProviderClient {
  const vssps = host.vsspsUrl ?? "https://app.vssps.visualstudio.com";
  const requestOptions = { socketTimeout: REQUEST_TIMEOUT_SECONDS * 1000, allowRetries: false };
  const connection = (url: string) => new WebApi(url, getBearerHandler(accessToken), requestOptions);
  /** The organization's Extension Management host (extmgmt.dev.azure.com/{org}). */
  const extensionData = (organization: string) =>
    new ExtensionManagementApi(`${host.extensionManagementUrl ?? "https://extmgmt.dev.azure.com"}/${encodeURIComponent(organization)}`, [getBearerHandler(accessToken)], requestOptions);
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw classify(host, error);
    }
  };
  let me: ProfileMe | undefined;
  const profile = async (): Promise<ProfileMe> => {
    if (me) return me;
    const response = await call(() => connection(vssps).rest.get<ProfileMe>(`${vssps}/_apis/profile/profiles/me?api-version=${API_VERSION}`));
    if (!response.result) throw providerErrorFromStatus("AZURE_DEVOPS", 404, undefined, "profile not found");
    me = response.result;
    return me;
  };

  async function administers(organization: string): Promise<{ ok: boolean; reason?: string }> {
    const url = `${host.apiUrl}/${encodeURIComponent(organization)}`;
    try {
      const response = await connection(url).rest.get<{ value: boolean[] }>(
        `${url}/_apis/permissions/${COLLECTION_NAMESPACE}/${GENERIC_WRITE}?tokens=NAMESPACE&api-version=${API_VERSION}`,
      );
      if (response.result?.value?.[0] === true) return { ok: true };
      return { ok: false, reason: "You are not a Project Collection Administrator of this organization. Only they can onboard it." };
    } catch (error) {
      const failure = classify(host, error);
      if (failure.failure === "unauthorized" && /TF400813|third-party application access/i.test((error as Error).message ?? "")) {
        return { ok: false, reason: "Third-party application access via OAuth is off in this organization. Turn it on in its Organization settings → Policies." };
      }
      if (failure.failure === "unauthorized" || failure.failure === "forbidden") return { ok: false, reason: `This organization refused the identity: ${failure.message}` };
      throw failure;
    }
  }

  /** A settings read through the library's REST client, or undefined when the identity may not read it (403) or it is not there (404, which the client answers with a null result). */
  async function readableResponse<T>(api: WebApi, url: string): Promise<{ result: T; headers: Record<string, string | string[] | undefined> } | undefined> {
    try {
      const response = await api.rest.get<T>(url);
      if (response.statusCode === 404 || response.result === null) return undefined;
      return { result: response.result, headers: response.headers as Record<string, string | string[] | undefined> };
    } catch (error) {
      const failure = classify(host, error);
      if (isUnreadable(failure)) return undefined;
      throw failure;
    }
  }

  async function readable<T>(api: WebApi, url: string): Promise<T | undefined> {
    return (await readableResponse<T>(api, url))?.result;
  }

  /** Every element of a list, following `x-ms-continuationtoken`; undefined when the list cannot be read. */
  async function readableList<T>(api: WebApi, url: string): Promise<T[] | undefined> {
    const all: T[] = [];
    let token: string | undefined;
    do {
      const response = await readableResponse<{ value?: T[] }>(api, token === undefined ? url : `${url}&continuationToken=${encodeURIComponent(token)}`);
      if (!response) return undefined;
      all.push(...(response.result.value ?? []));
      const next = response.headers["x-ms-continuationtoken"];
      token = typeof next === "string" && next !== "" && next !== token ? next : undefined;
    } while (token !== undefined);
    return all;
  }

  return {
    async identity(): Promise<ProviderIdentity> {
      const p = await profile();
      return { id: p.id, login: p.emailAddress ?? p.publicAlias ?? p.id, name: p.displayName ?? null, email: p.emailAddress ?? null };
    },
    async organizations(): Promise<OrganizationCandidate[]> {
      const p = await profile();
      const response = await call(() =>
        connection(vssps).rest.get<AccountList>(`${vssps}/_apis/accounts?memberId=${encodeURIComponent(p.id)}&api-version=${API_VERSION}`),
      );
      const accounts = response.result?.value ?? [];
      return Promise.all(
        accounts.map(async (a) => {
          const check = await administers(a.accountName);
          return { id: a.accountId, name: a.accountName, url: `${host.webUrl}/${a.accountName}`, canAdminister: check.ok, reason: check.reason };
        }),
      );
    },
    async repositories(organization): Promise<DiscoveredRepository[]> {
      const url = `${host.apiUrl}/${encodeURIComponent(organization.name)}`;
      const api = connection(url);
      const [git, core] = await call(() => Promise.all([api.getGitApi(), api.getCoreApi()]));
      const { publisher, extension, scopeType, scopeValue, collection } = PR_ANNOTATIONS_DATA;
      const [repos, projects, documents] = await call(() =>
        Promise.all([
          git.getRepositories(undefined, false, false, true),
          core.getProjects(),
          // Every repository's settings in one request; a collection nobody wrote to yet is a 404, which the library answers as null.
          extensionData(organization.name).getDocumentsByName(publisher, extension, scopeType, scopeValue, collection),
        ]),
      );
      const annotations = new Map<string, z.infer<typeof AnnotationsDocument>>();
      for (const raw of documents ?? []) {
        const parsed = AnnotationsDocument.safeParse(raw);
        if (parsed.success) annotations.set(parsed.data.id.toLowerCase(), parsed.data);
      }
      const publicProjects = new Set(projects.filter((p) => p.visibility === ProjectVisibility.Public).map((p) => p.id));
      const advsec = host.advancedSecurityUrl ?? "https://advsec.dev.azure.com";
      const limit = pLimit(PER_REPOSITORY_CONCURRENCY);
      // Branch policies are read once per project, by whichever of its repositories comes first.
      const policies = new Map<string, Promise<PolicyConfiguration[] | undefined>>();
      const policiesOf = (projectId: string) => {
        let loading = policies.get(projectId);
        if (!loading) {
          loading = readableList<PolicyConfiguration>(api, `${url}/${encodeURIComponent(projectId)}/_apis/policy/configurations?api-version=${API_VERSION}`);
          policies.set(projectId, loading);
        }
        return loading;
      };
      return Promise.all(
        repos.map((r) =>
          limit(async (): Promise<DiscoveredRepository> => {
            const project = r.project?.name ?? null;
            const enablement = await call(async () => {
              const response = await api.rest.get<Enablement>(
                `${advsec}/${encodeURIComponent(organization.name)}/${encodeURIComponent(r.project?.id ?? project ?? "")}/_apis/management/repositories/${r.id}/enablement?api-version=${ADVANCED_SECURITY_API_VERSION}`,
              );
              return response.result;
            });
            const security = advancedSecurityOf(enablement);
            const branch = r.defaultBranch ?? null;
            const projectPolicies = branch && r.project?.id ? await policiesOf(r.project.id) : undefined;
            return {
              externalId: r.id!,
              name: r.name!,
              fullName: `${organization.name}/${project ?? ""}/${r.name}`,
              projectPath: project,
              url: r.webUrl ?? `${url}/${encodeURIComponent(project ?? "")}/_git/${encodeURIComponent(r.name!)}`,
              cloneUrl: r.remoteUrl ?? null,
              defaultBranch: r.defaultBranch?.replace(/^refs\/heads\//, "") ?? null,
              visibility: r.project?.id && publicProjects.has(r.project.id) ? "public" : "private",
              archived: r.isDisabled ?? false,
              sizeKb: typeof r.size === "number" ? Math.round(r.size / 1024) : null,
              lastPushAt: null,
              advancedSecurity: security,
              pullRequestAnnotations: annotationsOf(annotations.get(r.id!.toLowerCase())),
              posture: knownFacts({
                // On when either plan (or the single switch) is on; unknown when the enablement could not be read.
                advancedSecurity: security.status === "NOT_AVAILABLE" ? undefined : security.status !== "OFF",
                // An empty repository has no default branch for policies to cover.
                ...(branch && projectPolicies ? reviewerFacts(projectPolicies, r.id!, branch) : {}),
              }),
            };
          }),
        ),
      );
    },
    async postureResources(organization): Promise<DiscoveredPostureResource[]> {
      const url = `${host.apiUrl}/${encodeURIComponent(organization.name)}`;
      const web = `${host.webUrl}/${encodeURIComponent(organization.name)}`;
      const api = connection(url);
      const core = await call(() => api.getCoreApi());
      const projects = await call(() => core.getProjects());
      // Projects are read a few at a time, and so are the pipeline permissions of their resources (one call each).
      const byProject = pLimit(PER_REPOSITORY_CONCURRENCY);
      const byResource = pLimit(PER_REPOSITORY_CONCURRENCY);

      /** Whether every pipeline of the project may use the resource; undefined when its permissions cannot be read. */
      const openToAll = async (projectId: string, type: "endpoint" | "variablegroup" | "securefile", id: string) => {
        const permissions = await byResource(() =>
          readable<ResourcePipelinePermissions>(api, `${url}/${encodeURIComponent(projectId)}/_apis/pipelines/pipelinePermissions/${type}/${encodeURIComponent(id)}?api-version=${PREVIEW_API_VERSION}`),
        );
        return permissions === undefined ? undefined : permissions.allPipelines?.authorized === true;
      };

      const perProject = await Promise.all(
        projects.map((project) =>
          byProject(async (): Promise<DiscoveredPostureResource[]> => {
            if (!project.id || !project.name) return [];
            const projectId = project.id;
            const projectWeb = `${web}/${encodeURIComponent(project.name)}`;
            const base = `${url}/${encodeURIComponent(projectId)}/_apis`;
            const [definitions, endpoints, groups, files] = await Promise.all([
              readableList<BuildDefinition>(api, `${base}/build/definitions?includeAllProperties=true&api-version=${API_VERSION}`),
              readableList<ProtectedResource>(api, `${base}/serviceendpoint/endpoints?api-version=${API_VERSION}`),
              readableList<VariableGroup>(api, `${base}/distributedtask/variablegroups?api-version=${API_VERSION}`),
              readableList<ProtectedResource>(api, `${base}/distributedtask/securefiles?api-version=${PREVIEW_API_VERSION}`),
            ]);
            // Ids are the project's and the resource's: service connections and variable groups can be shared by projects, each with its own permissions.
            const resource = (kind: DiscoveredPostureResource["kind"], id: string | number, name: string, link: string, facts: DiscoveredPostureResource["facts"]): DiscoveredPostureResource => ({
              kind,
              externalId: `${projectId}/${id}`,
              name,
              projectPath: project.name!,
              url: link,
              facts: knownFacts(facts),
            });
            const named = <T extends ProtectedResource>(list: T[] | undefined) => (list ?? []).filter((r): r is T & { id: string | number; name: string } => r.id !== undefined && r.id !== null && typeof r.name === "string");
            const pipelines = named(definitions).map((d) =>
              resource("PIPELINE", d.id, d.name, d._links?.web?.href ?? `${projectWeb}/_build?definitionId=${d.id}`, { forkBuildsGetSecrets: forkBuildsGetSecrets(d) }),
            );
            const [connections, variableGroups, secureFiles] = await Promise.all([
              Promise.all(
                named(endpoints).map(async (e) =>
                  resource("SERVICE_CONNECTION", e.id, e.name, `${projectWeb}/_settings/adminservices?resourceId=${e.id}`, { openToAllPipelines: await openToAll(projectId, "endpoint", String(e.id)) }),
                ),
              ),
              Promise.all(
                named(groups).map(async (g) =>
                  resource("VARIABLE_GROUP", g.id, g.name, `${projectWeb}/_library?itemType=VariableGroups&view=VariableGroupView&variableGroupId=${g.id}`, {
                    openToAllPipelines: await openToAll(projectId, "variablegroup", String(g.id)),
                    // Key Vault-linked groups hold secrets only.
                    hasSecrets: g.type === "AzureKeyVault" || Object.values(g.variables ?? {}).some((v) => v?.isSecret === true),
                  }),
                ),
              ),
              Promise.all(
                named(files).map(async (f) =>
                  resource("SECURE_FILE", f.id, f.name, `${projectWeb}/_library?itemType=SecureFiles&view=SecureFileView&secureFileId=${f.id}`, { openToAllPipelines: await openToAll(projectId, "securefile", String(f.id)) }),
                ),
              ),
            ]);
            return [...pipelines, ...connections, ...variableGroups, ...secureFiles];
          }),
        ),
      );
      return perProject.flat();
    },
    async setPullRequestAnnotations(organization, repository, settings): Promise<void> {
      const { publisher, extension, scopeType, scopeValue, collection } = PR_ANNOTATIONS_DATA;
      // No __etag: Rampart's setting replaces whatever is stored.
      const document = { id: repository.externalId, enabled: settings.enabled, categories: settings.categories, minimumSeverity: settings.minimumSeverity };
      const saved: unknown = await call(() => extensionData(organization.name).setDocumentByName(document, publisher, extension, scopeType, scopeValue, collection));
      // The library answers a 404 with null instead of an error.
      if (!saved) {
        throw new ProviderError(
          "AZURE_DEVOPS",
          "not_found",
          `Azure DevOps could not find repository ${repository.name} in ${organization.name} (404): it was removed or renamed since the last discovery, or the identity can no longer see it. Refresh the environment.`,
        );
      }
    },
  };
}
