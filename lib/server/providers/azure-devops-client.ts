import "server-only";
import { getBearerHandler, WebApi } from "azure-devops-node-api";
import { ExtensionManagementApi } from "azure-devops-node-api/ExtensionManagementApi";
import { ProjectVisibility } from "azure-devops-node-api/interfaces/CoreInterfaces";
import pLimit from "p-limit";
import { z } from "zod";
import { orderedCategories, SEVERITIES } from "@/lib/schemas/pr-annotations";
import type { ProviderHost } from "./hosts";
import {
  advancedSecurityFrom,
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
              advancedSecurity: advancedSecurityOf(enablement),
              pullRequestAnnotations: annotationsOf(annotations.get(r.id!.toLowerCase())),
            };
          }),
        ),
      );
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
