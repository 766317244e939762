import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { authenticate, type ApiCaller, type ApiDialect } from "../api-gate";
import type { SandboxContext } from "../context";
import type { AzureDevOpsOrganizationFixture, AzureDevOpsProjectFixture, AzureDevOpsRepositoryFixture, AzureDevOpsUserFixture } from "../fixtures/azure-devops";
import { POLICY_TYPES, type AzureDevOpsAuthor } from "../fixtures/azure-devops-posture";
import { authorizationCredentials, readJson, requestUrl, sendJson, type Handler, type Route, type RouteParams } from "../http";
import { ENTRA_TENANT_GUID } from "./entra";
import { EXTENSION_MANAGEMENT_LOCATIONS, locationsFor, MANAGEMENT_LOCATIONS, ORGANIZATION_LOCATIONS, resourceAreas, VSSPS_LOCATIONS } from "./locations";
import {
  account,
  advSecEnablementSettings,
  advSecEnablementStatus,
  collection,
  connectionData,
  orgEnablementSettings,
  organizationUrl,
  pullRequestAnnotationsDocument,
  profile,
  projectReference,
  repoEnablementSettings,
  repository,
} from "./responses";
import {
  buildDefinition,
  PIPELINE_PERMISSION_RESOURCES,
  pipelinePermissions,
  policyConfiguration,
  secureFile,
  serviceEndpoint,
  variableGroup,
  type PipelinePermissionResource,
} from "./posture-responses";

/**
 * Azure DevOps Services: the profile service (/azure-devops/vssps, like
 * app.vssps.visualstudio.com) and organizations (/azure-devops/{org}, like
 * dev.azure.com/{org}) with what azure-devops-node-api needs around the resources:
 * resource areas, OPTIONS location negotiation, and VSS-style JSON errors.
 */

const WINDOW_SECONDS = 300;
const REQUESTS_PER_WINDOW = 2_000;

/** Security namespaces the permission check knows. */
export const SECURITY_NAMESPACES = {
  /** Collection: token NAMESPACE; GENERIC_READ 1, GENERIC_WRITE 2 (Project Collection Administrators only), … */
  collection: "3e65f728-f8bc-4ecd-8764-7e378b19bfa7",
  /** Project: token $PROJECT:vstfs:///Classification/TeamProject/{id}; GENERIC_READ 1, … */
  project: "52d39943-cb85-4d7f-8fa8-c6baac873819",
  /** Git Repositories: token repoV2/{projectId}/{repositoryId}; GenericRead 2, GenericContribute 4, … */
  gitRepositories: "2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87",
} as const;

/** What a member who is not a Project Collection Administrator is allowed, per namespace. */
const MEMBER_BITS: Record<string, number> = {
  [SECURITY_NAMESPACES.collection]: 1,
  [SECURITY_NAMESPACES.project]: 1,
  [SECURITY_NAMESPACES.gitRepositories]: 2 | 4,
};

interface VssErrorOptions {
  typeName: string;
  typeKey: string;
  headers?: OutgoingHttpHeaders;
}

/** The JSON body Azure DevOps answers errors with (a serialized VssServiceException). */
function vssError(res: ServerResponse, status: number, message: string, options: VssErrorOptions): void {
  sendJson(
    res,
    status,
    {
      $id: "1",
      innerException: null,
      message,
      typeName: `${options.typeName}, Microsoft.TeamFoundation.Framework.Server`,
      typeKey: options.typeKey,
      errorCode: 0,
      eventId: 3000,
    },
    { "x-tfs-serviceerror": encodeURIComponent(message), "activityid": randomUUID(), "x-tfs-session": randomUUID(), ...options.headers },
  );
}

function notAuthorized(ctx: SandboxContext, res: ServerResponse, identity: string): void {
  vssError(res, 401, `TF400813: The user '${identity}' is not authorized to access this resource.`, {
    typeName: "Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException",
    typeKey: "UnauthorizedRequestException",
    headers: {
      "www-authenticate": `Bearer authorization_uri=${ctx.urls.entraUrl}/${ENTRA_TENANT_GUID}, Basic realm="${ctx.urls.url}/"`,
      "x-vss-resourcetenant": ENTRA_TENANT_GUID,
    },
  });
}

function notFound(res: ServerResponse, message: string, typeKey = "ProjectDoesNotExistWithNameException"): void {
  vssError(res, 404, message, { typeName: `Microsoft.TeamFoundation.Core.WebApi.${typeKey}`, typeKey });
}

function organizationNotFound(res: ServerResponse, name: string): void {
  notFound(res, `VS800075: The organization '${name}' does not exist.`, "OrganizationNotFoundException");
}

function repositoryNotFound(res: ServerResponse, idOrName: string): void {
  vssError(res, 404, `TF401019: The Git repository with name or identifier ${idOrName} does not exist or you do not have permissions for the operation you are attempting.`, {
    typeName: "Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException",
    typeKey: "GitRepositoryNotFoundException",
  });
}

function projectNotFound(res: ServerResponse, idOrName: string): void {
  notFound(res, `TF200016: The following project does not exist: ${idOrName}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`);
}

/**
 * The Management area's resource version for this request: 1 (7.2-preview.1, the
 * single "Advanced Security" switch) or 3 (7.2-preview.3, Code Security and Secret
 * Protection; also plain "7.2-preview"). The version comes in the query or, from
 * azure-devops-node-api, in the Accept header. The area is in preview only, so a
 * version without "-preview" is refused as Azure DevOps refuses it.
 */
function managementVersion(req: IncomingMessage): { resourceVersion: 1 | 3 } | { refused: string } {
  const raw = requestUrl(req).searchParams.get("api-version") ?? /api-version=([^;,\s]+)/i.exec(req.headers.accept ?? "")?.[1] ?? null;
  const match = raw === null ? null : /^(\d+(?:\.\d+)?)(-preview(?:\.(\d+))?)?$/i.exec(raw.trim());
  if (!match?.[2]) {
    const version = match?.[1] ?? "7.2";
    return { refused: `The requested version "${version}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${version}-preview"` };
  }
  return { resourceVersion: match[3] !== undefined && Number(match[3]) < 3 ? 1 : 3 };
}

/** The refusal of a request to a preview-only area whose api-version lacks "-preview" (null: accepted). */
function previewRefusal(req: IncomingMessage): string | null {
  const raw = requestUrl(req).searchParams.get("api-version") ?? /api-version=([^;,\s]+)/i.exec(req.headers.accept ?? "")?.[1] ?? null;
  if (raw !== null && /-preview/i.test(raw)) return null;
  const version = raw?.trim() || "7.2";
  return `The requested version "${version}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${version}-preview"`;
}

/** The extension whose data holds pull request annotation settings, and its one collection. */
export const PR_ANNOTATIONS_EXTENSION = { publisher: "rampart-security", extension: "rampart-pr-annotations", collection: "pull-request-annotations" } as const;

const AnnotationCategory = z.enum(["CODE", "SECRETS", "DEPENDENCY", "IAC"]);
const AnnotationSeverity = z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW"]);

/** What the rampart-pr-annotations extension keeps per repository (the sandbox checks it; the real data service stores any JSON). */
const AnnotationsDocumentBody = z
  .object({
    id: z.string().min(1).max(200),
    enabled: z.boolean(),
    categories: z.array(AnnotationCategory).max(4).refine((c) => new Set(c).size === c.length, "must not repeat"),
    minimumSeverity: AnnotationSeverity.nullable(),
    /** Absent or -1: overwrite whatever is stored; otherwise it must be the stored document's. */
    __etag: z.number().int().optional(),
  })
  .refine((d) => !d.enabled || (d.categories.length > 0 && d.minimumSeverity !== null), "an enabled document needs at least one category and a minimumSeverity");

function dialectFor(ctx: SandboxContext): ApiDialect {
  return {
    provider: "azure-devops",
    defaultLimit: REQUESTS_PER_WINDOW,
    windowSeconds: WINDOW_SECONDS,
    tokenOf: (req) => authorizationCredentials(req, ["bearer"]),
    users: () => ctx.state.world.azureDevOps.users,
    unauthorized(res) {
      notAuthorized(ctx, res, "");
    },
    rateLimited(res, refusal) {
      vssError(
        res,
        429,
        `TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'Core' in namespace 'User'. For more information on why your request was blocked, see the topic "Rate limits" on the Microsoft Web site (https://go.microsoft.com/fwlink/?LinkId=823950).`,
        {
          typeName: "Microsoft.TeamFoundation.Framework.Server.RequestBlockedException",
          typeKey: "RequestBlockedException",
          headers: {
            "retry-after": String(refusal.retryAfterSeconds),
            "x-ratelimit-resource": "Core",
            "x-ratelimit-delay": "0",
            "x-ratelimit-limit": String(refusal.limit),
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": String(refusal.resetAt),
          },
        },
      );
    },
    failed(res, status) {
      const message = status === 500 ? `TF400898: An Internal Error Occurred. Activity Id: ${randomUUID()}.` : `TF246017: Azure DevOps Services is unavailable (HTTP ${status}). Try again later.`;
      vssError(res, status, message, { typeName: "Microsoft.TeamFoundation.Framework.Server.ServiceUnavailableException", typeKey: "ServiceUnavailableException" });
    },
  };
}

const PermissionBatch = z.object({
  alwaysAllowAdministrators: z.boolean().optional(),
  evaluations: z.array(z.object({ securityNamespaceId: z.string(), token: z.string().optional().default(""), permissions: z.number().int().nonnegative() })).max(100),
});

export function registerAzureDevOpsApi(route: Route, ctx: SandboxContext): void {
  const dialect = dialectFor(ctx);
  const organizations = () => ctx.state.world.azureDevOps.organizations;
  const findOrganization = (name: string | undefined) => organizations().find((o) => o.name.toLowerCase() === (name ?? "").toLowerCase());
  const userOf = (caller: ApiCaller): AzureDevOpsUserFixture | undefined => ctx.state.world.azureDevOps.users.find((u) => u.login === caller.login);

  /** Every answer carries these, as Azure DevOps' do. */
  const headers = (): OutgoingHttpHeaders => ({ activityid: randomUUID(), "x-tfs-session": randomUUID(), "x-vss-e2eid": randomUUID(), "x-content-type-options": "nosniff" });

  type OrgCall = { req: IncomingMessage; res: ServerResponse; params: RouteParams; org: AzureDevOpsOrganizationFixture; user: AzureDevOpsUserFixture; caller: ApiCaller };

  /**
   * An authenticated call inside an organization: the user must belong to it, and
   * an organization whose "Third-party application access via OAuth" policy is off
   * refuses OAuth tokens altogether.
   */
  function inOrganization(handler: (call: OrgCall) => void | Promise<void>): Handler {
    return async (req, res, params) => {
      const org = findOrganization(params.org);
      if (!org) return organizationNotFound(res, params.org ?? "");
      const forced = ctx.state.takeOrganizationFailure("azure-devops", org.name, requestUrl(req).pathname);
      if (forced !== null) {
        if (forced === 401) return notAuthorized(ctx, res, "");
        if (forced === 404) return organizationNotFound(res, org.name);
        return dialect.failed(res, forced);
      }
      const caller = authenticate(ctx, dialect, req, res);
      if (!caller) return;
      const user = userOf(caller);
      if (!user || !org.members[user.login] || !org.thirdPartyOAuthAccess) return notAuthorized(ctx, res, user?.id ?? "");
      await handler({ req, res, params, org, user, caller });
    };
  }

  function findProject(org: AzureDevOpsOrganizationFixture, idOrName: string): AzureDevOpsProjectFixture | undefined {
    const wanted = idOrName.toLowerCase();
    return org.projects.find((p) => p.id === wanted || p.name.toLowerCase() === wanted);
  }

  // Discovery: anonymous, like the real service.
  const options = (all: typeof ORGANIZATION_LOCATIONS): Handler => (_req, res, params) => sendJson(res, 200, locationsFor(all, params.area), headers());
  route("OPTIONS", "/azure-devops/vssps/_apis", options(VSSPS_LOCATIONS));
  route("OPTIONS", "/azure-devops/vssps/_apis/:area", options(VSSPS_LOCATIONS));
  route("GET", "/azure-devops/vssps/_apis/ResourceAreas", (_req, res) => sendJson(res, 200, resourceAreas(ctx.urls.vsspsUrl, ctx.urls.vsspsUrl), headers()));
  const organizationOptions: Handler = (req, res, params) => {
    if (!findOrganization(params.org)) return notFound(res, `VS800075: The organization '${params.org ?? ""}' does not exist.`, "OrganizationNotFoundException");
    options(ORGANIZATION_LOCATIONS)(req, res, params);
  };
  route("OPTIONS", "/azure-devops/:org/_apis", organizationOptions);
  route("OPTIONS", "/azure-devops/:org/_apis/:area", organizationOptions);
  route("GET", "/azure-devops/:org/_apis/ResourceAreas", (_req, res, params) => {
    const org = findOrganization(params.org);
    if (!org) return notFound(res, `VS800075: The organization '${params.org ?? ""}' does not exist.`, "OrganizationNotFoundException");
    sendJson(
      res,
      200,
      resourceAreas(organizationUrl(ctx.urls, org), ctx.urls.vsspsUrl, {
        managementUrl: `${ctx.urls.advancedSecurityUrl}/${org.name}`,
        extensionManagementUrl: `${ctx.urls.extensionManagementUrl}/${org.name}`,
      }),
      headers(),
    );
  });

  // The profile service.
  const vssps = (handler: (call: { req: IncomingMessage; res: ServerResponse; params: RouteParams; user: AzureDevOpsUserFixture }) => void): Handler => (req, res, params) => {
    const caller = authenticate(ctx, dialect, req, res);
    if (!caller) return;
    const user = userOf(caller);
    if (!user) return notAuthorized(ctx, res, "");
    handler({ req, res, params, user });
  };
  route(
    "GET",
    "/azure-devops/vssps/_apis/profile/profiles/:id",
    vssps(({ res, params, user }) => {
      if (params.id !== "me" && params.id?.toLowerCase() !== user.id) return notAuthorized(ctx, res, user.id);
      sendJson(res, 200, profile(user), headers());
    }),
  );
  route(
    "GET",
    "/azure-devops/vssps/_apis/accounts",
    vssps(({ req, res, user }) => {
      const query = requestUrl(req).searchParams;
      const memberId = query.get("memberId") ?? query.get("ownerId");
      if (!memberId) {
        return vssError(res, 400, "VS800077: A member id or an owner id is required.", { typeName: "Microsoft.VisualStudio.Services.Account.AccountException", typeKey: "AccountException" });
      }
      if (memberId.toLowerCase() !== user.id) return notAuthorized(ctx, res, user.id);
      const mine = organizations().filter((o) => o.members[user.login]);
      sendJson(res, 200, collection(mine.map((o) => account(ctx.urls, o))), headers());
    }),
  );

  // An organization.
  route(
    "GET",
    "/azure-devops/:org/_apis/connectionData",
    inOrganization(({ res, org, user }) => sendJson(res, 200, connectionData(org, user), headers())),
  );

  route(
    "GET",
    "/azure-devops/:org/_apis/projects",
    inOrganization(({ req, res, org }) => {
      const query = requestUrl(req).searchParams;
      const state = query.get("stateFilter") ?? "wellFormed";
      const all = state === "wellFormed" || state === "all" ? [...org.projects].sort((a, b) => a.name.localeCompare(b.name)) : [];
      const top = Math.min(Math.max(Number(query.get("$top") ?? 100) || 100, 1), 1000);
      const skip = Math.max(Number(query.get("$skip") ?? 0) || 0, 0) + Math.max(Number(query.get("continuationToken") ?? 0) || 0, 0);
      const page = all.slice(skip, skip + top);
      const more = skip + top < all.length;
      sendJson(res, 200, collection(page.map((p) => projectReference(ctx.urls, org, p))), { ...headers(), ...(more ? { "x-ms-continuationtoken": String(skip + top) } : {}) });
    }),
  );

  route(
    "GET",
    "/azure-devops/:org/_apis/projects/:projectId",
    inOrganization(({ res, params, org }) => {
      const project = findProject(org, params.projectId ?? "");
      if (!project) return projectNotFound(res, params.projectId ?? "");
      sendJson(res, 200, projectReference(ctx.urls, org, project), headers());
    }),
  );

  const repositories = (scoped: boolean): Handler =>
    inOrganization(({ res, params, org }) => {
      let projects = org.projects;
      if (scoped) {
        const project = findProject(org, params.project ?? "");
        if (!project) return projectNotFound(res, params.project ?? "");
        projects = [project];
      }
      const all = projects.flatMap((p) => p.repositories.map((r) => repository(ctx.urls, org, p, r))).sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
      if (params.repositoryId) {
        const wanted = params.repositoryId.toLowerCase();
        const one = all.find((r) => r.id === wanted || r.name?.toLowerCase() === wanted);
        if (!one) return repositoryNotFound(res, params.repositoryId);
        return sendJson(res, 200, one, headers());
      }
      sendJson(res, 200, collection(all), headers());
    });
  route("GET", "/azure-devops/:org/_apis/git/repositories", repositories(false));
  route("GET", "/azure-devops/:org/_apis/git/repositories/:repositoryId", repositories(false));
  route("GET", "/azure-devops/:org/:project/_apis/git/repositories", repositories(true));
  route("GET", "/azure-devops/:org/:project/_apis/git/repositories/:repositoryId", repositories(true));

  /** Whether the user holds every bit of `permissions` in the namespace (Project Collection Administrators hold all). */
  function holds(org: AzureDevOpsOrganizationFixture, user: AzureDevOpsUserFixture, namespaceId: string, permissions: number): boolean | null {
    const memberBits = MEMBER_BITS[namespaceId.toLowerCase()];
    if (memberBits === undefined) return null;
    if (org.members[user.login] === "administrator") return true;
    return (permissions & memberBits) === permissions;
  }

  const unknownNamespace = (res: ServerResponse, id: string) =>
    vssError(res, 404, `The security namespace ${id} does not exist.`, { typeName: "Microsoft.TeamFoundation.Framework.Server.InvalidSecurityNamespaceException", typeKey: "InvalidSecurityNamespaceException" });

  route(
    "GET",
    "/azure-devops/:org/_apis/permissions/:namespaceId/:permissions",
    inOrganization(({ req, res, params, org, user }) => {
      const namespaceId = params.namespaceId ?? "";
      const bits = Number(params.permissions);
      if (!Number.isInteger(bits) || bits < 0) {
        return vssError(res, 400, "VS403000: The permissions value must be a non-negative integer.", { typeName: "System.ArgumentException", typeKey: "ArgumentException" });
      }
      const query = requestUrl(req).searchParams;
      const tokens = (query.get("tokens") ?? "").split(query.get("delimiter") || ",");
      const results = tokens.map(() => holds(org, user, namespaceId, bits));
      if (results.includes(null)) return unknownNamespace(res, namespaceId);
      sendJson(res, 200, collection(results), headers());
    }),
  );

  route(
    "POST",
    "/azure-devops/:org/_apis/security/permissionevaluationbatch",
    inOrganization(async ({ req, res, org, user }) => {
      const parsed = PermissionBatch.safeParse(await readJson(req));
      if (!parsed.success) {
        return vssError(res, 400, "VS403000: The request body is not a valid permission evaluation batch.", { typeName: "System.ArgumentException", typeKey: "ArgumentException" });
      }
      const evaluations = parsed.data.evaluations.map((e) => ({ ...e, value: holds(org, user, e.securityNamespaceId, e.permissions) }));
      const unknown = evaluations.find((e) => e.value === null);
      if (unknown) return unknownNamespace(res, unknown.securityNamespaceId);
      sendJson(res, 200, { alwaysAllowAdministrators: parsed.data.alwaysAllowAdministrators ?? false, evaluations }, headers());
    }),
  );

  // Advanced Security (advsec.dev.azure.com/{org}): enablement per organization, project and repository.
  const advsec = "/azure-devops/advsec";
  const managementOptions: Handler = (req, res, params) => {
    if (!findOrganization(params.org)) return organizationNotFound(res, params.org ?? "");
    options(MANAGEMENT_LOCATIONS)(req, res, params);
  };
  route("OPTIONS", `${advsec}/:org/_apis`, managementOptions);
  route("OPTIONS", `${advsec}/:org/_apis/:area`, managementOptions);

  const enablement = (scope: "organization" | "project" | "repository"): Handler =>
    inOrganization(({ req, res, params, org }) => {
      const version = managementVersion(req);
      if ("refused" in version) {
        return vssError(res, 400, version.refused, { typeName: "Microsoft.VisualStudio.Services.WebApi.VssInvalidPreviewVersionException", typeKey: "VssInvalidPreviewVersionException" });
      }
      const includeAllProperties = requestUrl(req).searchParams.get("includeAllProperties")?.toLowerCase() === "true";
      let projects = [...org.projects].sort((a, b) => a.name.localeCompare(b.name));
      if (scope !== "organization") {
        const project = findProject(org, params.project ?? "");
        if (!project) return projectNotFound(res, params.project ?? "");
        projects = [project];
      }
      const repos = projects.flatMap((project) => [...project.repositories].sort((a, b) => a.name.localeCompare(b.name)).map((repo) => ({ project, repo })));
      if (scope === "repository") {
        const wanted = (params.repository ?? "").toLowerCase();
        const one = repos.find(({ repo }) => repo.id === wanted || repo.name.toLowerCase() === wanted);
        if (!one) return repositoryNotFound(res, params.repository ?? "");
        const body = version.resourceVersion === 1 ? advSecEnablementStatus(one.project, one.repo, includeAllProperties) : repoEnablementSettings(one.project, one.repo, includeAllProperties);
        return sendJson(res, 200, body, headers());
      }
      sendJson(res, 200, version.resourceVersion === 1 ? advSecEnablementSettings(repos, includeAllProperties) : orgEnablementSettings(repos, includeAllProperties), headers());
    });
  route("GET", `${advsec}/:org/_apis/management/enablement`, enablement("organization"));
  route("GET", `${advsec}/:org/:project/_apis/management/enablement`, enablement("project"));
  route("GET", `${advsec}/:org/:project/_apis/management/repositories/:repository/enablement`, enablement("repository"));

  // Extension Management (extmgmt.dev.azure.com/{org}): the data documents of the
  // rampart-pr-annotations extension, scope Default/Current (the whole organization).
  // Members read; only Project Collection Administrators write. Each document is kept
  // with the repository it names.
  const extmgmt = "/azure-devops/extmgmt";
  const extensionOptions: Handler = (req, res, params) => {
    if (!findOrganization(params.org)) return organizationNotFound(res, params.org ?? "");
    options(EXTENSION_MANAGEMENT_LOCATIONS)(req, res, params);
  };
  route("OPTIONS", `${extmgmt}/:org/_apis`, extensionOptions);
  route("OPTIONS", `${extmgmt}/:org/_apis/:area`, extensionOptions);

  const extensionError = (res: ServerResponse, status: number, message: string, typeKey: string, namespace = "Microsoft.VisualStudio.Services.ExtensionManagement.WebApi") =>
    vssError(res, status, message, { typeName: `${namespace}.${typeKey}`, typeKey });
  const collectionMissing = (res: ServerResponse, name: string) => extensionError(res, 404, `The document collection '${name}' does not exist.`, "DocumentCollectionDoesNotExistException");
  const documentMissing = (res: ServerResponse, id: string) => extensionError(res, 404, `The document '${id}' does not exist.`, "DocumentDoesNotExistException");

  type DataCall = OrgCall & { collectionName: string };

  /** A call on the extension's data: preview version, installed extension, the organization scope. */
  function extensionData(handler: (call: DataCall) => void | Promise<void>): Handler {
    return inOrganization(async (call) => {
      const { res, params, org } = call;
      const refused = previewRefusal(call.req);
      if (refused) return vssError(res, 400, refused, { typeName: "Microsoft.VisualStudio.Services.WebApi.VssInvalidPreviewVersionException", typeKey: "VssInvalidPreviewVersionException" });
      const publisher = params.publisher ?? "";
      const extension = params.extension ?? "";
      if (publisher.toLowerCase() !== PR_ANNOTATIONS_EXTENSION.publisher || extension.toLowerCase() !== PR_ANNOTATIONS_EXTENSION.extension) {
        return extensionError(res, 404, `The extension '${publisher}.${extension}' is not installed in organization '${org.name}'.`, "InstalledExtensionNotFoundException");
      }
      if ((params.scopeType ?? "").toLowerCase() !== "default" || (params.scopeValue ?? "").toLowerCase() !== "current") {
        return extensionError(res, 400, "The SCM sandbox keeps extension data at scope Default/Current (the organization) only.", "ArgumentException", "System");
      }
      await handler({ ...call, collectionName: params.collection ?? "" });
    });
  }

  const annotated = (org: AzureDevOpsOrganizationFixture) =>
    org.projects.flatMap((p) => p.repositories).filter((r): r is AzureDevOpsRepositoryFixture & { pullRequestAnnotations: NonNullable<AzureDevOpsRepositoryFixture["pullRequestAnnotations"]> } => r.pullRequestAnnotations !== null);
  const repositoryWithId = (org: AzureDevOpsOrganizationFixture, id: string) => org.projects.flatMap((p) => p.repositories).find((r) => r.id === id.toLowerCase());
  const isAnnotationsCollection = (name: string) => name.toLowerCase() === PR_ANNOTATIONS_EXTENSION.collection;
  const documents = `${extmgmt}/:org/_apis/ExtensionManagement/InstalledExtensions/:publisher/:extension/Data/Scopes/:scopeType/:scopeValue/Collections/:collection/Documents`;

  // Documents - Get By Name (every document of the collection). A collection with no
  // documents does not exist (the service removes emptied collections).
  route(
    "GET",
    documents,
    extensionData(({ res, org, collectionName }) => {
      const all = isAnnotationsCollection(collectionName) ? annotated(org) : [];
      if (all.length === 0) return collectionMissing(res, collectionName);
      const value = all.map((r) => pullRequestAnnotationsDocument(r.pullRequestAnnotations)).sort((a, b) => a.id.localeCompare(b.id));
      sendJson(res, 200, collection(value), headers());
    }),
  );

  route(
    "GET",
    `${documents}/:documentId`,
    extensionData(({ res, params, org, collectionName }) => {
      const state = isAnnotationsCollection(collectionName) ? repositoryWithId(org, params.documentId ?? "")?.pullRequestAnnotations : null;
      if (!state) return documentMissing(res, params.documentId ?? "");
      sendJson(res, 200, pullRequestAnnotationsDocument(state), headers());
    }),
  );

  const mayWrite = (org: AzureDevOpsOrganizationFixture, user: AzureDevOpsUserFixture) => org.members[user.login] === "administrator";
  const writeRefused = (res: ServerResponse, org: AzureDevOpsOrganizationFixture, user: AzureDevOpsUserFixture) =>
    vssError(
      res,
      403,
      `Access denied: ${user.name} needs to be a Project Collection Administrator of '${org.name}' to change the data of the extension '${PR_ANNOTATIONS_EXTENSION.publisher}.${PR_ANNOTATIONS_EXTENSION.extension}'.`,
      { typeName: "Microsoft.VisualStudio.Services.Security.AccessCheckException, Microsoft.VisualStudio.Services.WebApi", typeKey: "AccessCheckException" },
    );

  // Documents - Set By Name: creates or replaces the document named by the body's id.
  route(
    "PUT",
    documents,
    extensionData(async ({ req, res, org, user, collectionName }) => {
      if (!mayWrite(org, user)) return writeRefused(res, org, user);
      if (!isAnnotationsCollection(collectionName)) {
        return extensionError(res, 400, `The SCM sandbox keeps the '${PR_ANNOTATIONS_EXTENSION.collection}' collection only.`, "ArgumentException", "System");
      }
      const parsed = AnnotationsDocumentBody.safeParse(await readJson(req));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return extensionError(res, 400, `The document is not a pull request annotation setting: ${issue ? `${issue.path.join(".") || "document"}: ${issue.message}` : "unreadable"}.`, "ArgumentException", "System");
      }
      const body = parsed.data;
      const repo = repositoryWithId(org, body.id);
      if (!repo) return repositoryNotFound(res, body.id);
      const current = repo.pullRequestAnnotations?.document.__etag ?? 0;
      if (body.__etag !== undefined && body.__etag !== -1 && body.__etag !== current) {
        return extensionError(res, 409, `The document '${repo.id}' has version ${current}, not ${body.__etag}: it was changed since it was read.`, "InvalidDocumentVersionException");
      }
      repo.pullRequestAnnotations = {
        document: { id: repo.id, enabled: body.enabled, categories: body.categories, minimumSeverity: body.minimumSeverity, __etag: current + 1 },
        writtenBy: user.login,
        writtenAt: new Date().toISOString(),
      };
      sendJson(res, 200, pullRequestAnnotationsDocument(repo.pullRequestAnnotations), headers());
    }),
  );

  // Documents - Delete By Name.
  route(
    "DELETE",
    `${documents}/:documentId`,
    extensionData(({ res, params, org, user, collectionName }) => {
      if (!mayWrite(org, user)) return writeRefused(res, org, user);
      const repo = isAnnotationsCollection(collectionName) ? repositoryWithId(org, params.documentId ?? "") : undefined;
      if (!repo?.pullRequestAnnotations) return documentMissing(res, params.documentId ?? "");
      repo.pullRequestAnnotations = null;
      res.writeHead(204, headers());
      res.end();
    }),
  );

  // A project's posture: branch policies, pipelines (build definitions) and the protected
  // resources pipelines use, with their pipeline permissions. Any member of the
  // organization reads them; pipeline permissions need a Project Collection Administrator
  // here (the real service wants the resource's Administrator role).
  type ProjectCall = OrgCall & { project: AzureDevOpsProjectFixture; author: AzureDevOpsAuthor };

  /** Who set the fixtures up: the organization's first administrator, else the sandbox's admin user. */
  function authorOf(org: AzureDevOpsOrganizationFixture): AzureDevOpsAuthor {
    const users = ctx.state.world.azureDevOps.users;
    const admin = users.find((u) => org.members[u.login] === "administrator") ?? users.find((u) => u.purpose === "admin") ?? users[0]!;
    return { id: admin.id, displayName: admin.name, uniqueName: admin.email };
  }

  function inProject(handler: (call: ProjectCall) => void, options: { previewOnly?: boolean } = {}): Handler {
    return inOrganization((call) => {
      if (options.previewOnly) {
        const refused = previewRefusal(call.req);
        if (refused) return vssError(call.res, 400, refused, { typeName: "Microsoft.VisualStudio.Services.WebApi.VssInvalidPreviewVersionException", typeKey: "VssInvalidPreviewVersionException" });
      }
      const project = findProject(call.org, call.params.project ?? "");
      if (!project) return projectNotFound(call.res, call.params.project ?? "");
      handler({ ...call, project, author: authorOf(call.org) });
    });
  }

  /** `$top` and `continuationToken` (an offset here) as Azure DevOps pages lists, the next token in `x-ms-continuationtoken`. */
  function continuation<T>(req: IncomingMessage, all: T[]): { items: T[]; headers: OutgoingHttpHeaders } {
    const query = requestUrl(req).searchParams;
    const skip = Math.max(Number(query.get("continuationToken") ?? 0) || 0, 0);
    const top = query.has("$top") ? Math.min(Math.max(Number(query.get("$top")) || 1, 1), 10_000) : all.length;
    const items = all.slice(skip, skip + top);
    return { items, headers: skip + top < all.length ? { "x-ms-continuationtoken": String(skip + top) } : {} };
  }

  route(
    "GET",
    "/azure-devops/:org/:project/_apis/policy/configurations",
    inProject(({ req, res, org, project, author }) => {
      const type = requestUrl(req).searchParams.get("policyType")?.toLowerCase();
      const policies = project.posture.policies.filter((p) => !type || POLICY_TYPES[p.type].id === type).sort((a, b) => a.id - b.id);
      const page = continuation(req, policies);
      sendJson(res, 200, collection(page.items.map((p) => policyConfiguration(ctx.urls, { org, project, author }, p))), { ...headers(), ...page.headers });
    }),
  );

  route(
    "GET",
    "/azure-devops/:org/:project/_apis/build/definitions",
    inProject(({ req, res, org, project, author }) => {
      const query = requestUrl(req).searchParams;
      const full = query.get("includeAllProperties")?.toLowerCase() === "true";
      const name = query.get("name")?.toLowerCase();
      const pipelines = project.posture.pipelines.filter((p) => !name || p.name.toLowerCase() === name).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
      const page = continuation(req, pipelines);
      sendJson(res, 200, collection(page.items.map((p) => buildDefinition(ctx.urls, { org, project, author }, p, full))), { ...headers(), ...page.headers });
    }),
  );

  route(
    "GET",
    "/azure-devops/:org/:project/_apis/serviceendpoint/endpoints",
    inProject(({ res, org, project, author }) => {
      const all = [...project.posture.serviceConnections].sort((a, b) => a.name.localeCompare(b.name));
      sendJson(res, 200, collection(all.map((c) => serviceEndpoint(ctx.urls, { org, project, author }, c))), headers());
    }),
  );

  route(
    "GET",
    "/azure-devops/:org/:project/_apis/distributedtask/variablegroups",
    inProject(({ res, org, project, author }) => {
      const all = [...project.posture.variableGroups].sort((a, b) => a.id - b.id);
      sendJson(res, 200, collection(all.map((g) => variableGroup(ctx.urls, { org, project, author }, g))), headers());
    }),
  );

  route(
    "GET",
    "/azure-devops/:org/:project/_apis/distributedtask/securefiles",
    inProject(
      ({ res, org, project, author }) => {
        const all = [...project.posture.secureFiles].sort((a, b) => a.name.localeCompare(b.name));
        sendJson(res, 200, collection(all.map((f) => secureFile(ctx.urls, { org, project, author }, f))), headers());
      },
      { previewOnly: true },
    ),
  );

  /** The resource types Pipeline Permissions knows; the sandbox has resources of the first three only. */
  const PERMISSION_RESOURCE_TYPES = new Set<string>([...PIPELINE_PERMISSION_RESOURCES, "queue", "environment", "repository"]);

  route(
    "GET",
    "/azure-devops/:org/:project/_apis/pipelines/pipelinePermissions/:resourceType/:resourceId",
    inProject(
      ({ res, params, org, project, user, author }) => {
        const type = (params.resourceType ?? "").toLowerCase();
        const id = (params.resourceId ?? "").toLowerCase();
        if (!PERMISSION_RESOURCE_TYPES.has(type)) {
          return vssError(res, 400, `The resource type '${params.resourceType ?? ""}' is not valid.`, { typeName: "System.ArgumentException", typeKey: "ArgumentException" });
        }
        if (org.members[user.login] !== "administrator") {
          return vssError(res, 403, `Access denied. ${user.name} needs Administrator permissions on the ${type} ${params.resourceId ?? ""} to view its pipeline permissions.`, {
            typeName: "Microsoft.VisualStudio.Services.Security.AccessCheckException, Microsoft.VisualStudio.Services.WebApi",
            typeKey: "AccessCheckException",
          });
        }
        const { serviceConnections, variableGroups, secureFiles } = project.posture;
        const resource =
          type === "endpoint"
            ? serviceConnections.find((c) => c.id === id)
            : type === "variablegroup"
              ? variableGroups.find((g) => String(g.id) === id)
              : type === "securefile"
                ? secureFiles.find((f) => f.id === id)
                : undefined;
        // A resource nobody has set pipeline permissions on (or one the sandbox does not have) answers no authorization at all.
        sendJson(
          res,
          200,
          pipelinePermissions(ctx.urls, { org, project, author }, { type: type as PipelinePermissionResource, id: params.resourceId ?? "", ...(resource ? { name: resource.name } : {}) }, resource ?? null),
          headers(),
        );
      },
      { previewOnly: true },
    ),
  );
}
