import type { ApiResourceLocation } from "azure-devops-node-api/interfaces/common/VSSInterfaces";
import type { ResourceAreaInfo } from "azure-devops-node-api/interfaces/LocationsInterfaces";

/**
 * Azure DevOps' service discovery, which azure-devops-node-api relies on before any
 * call: `GET _apis/ResourceAreas` (which host serves each area: WebApi.getCoreApi()
 * and getGitApi() look theirs up), then `OPTIONS _apis/{area}` (the area's resource
 * locations: route template and API versions, used to build every URL and to
 * negotiate the api-version). Ids and templates are Azure DevOps' own.
 */

export const RESOURCE_AREA = {
  core: "79134c72-4a58-4b42-976c-04e7115f32bf",
  git: "4e080c62-fa21-4fbc-8fef-2a10a2b38049",
  profile: "8ccfef3d-2b87-4e99-8ccb-66e343d2daa8",
  /** Advanced Security's Management area (advsec.dev.azure.com): WebApi.getManagementApi() looks it up. */
  management: "f101720c-9790-45a6-9fb3-494a09fddeeb",
  /** Extension Management (extmgmt.dev.azure.com): WebApi.getExtensionManagementApi() looks it up. */
  extensionManagement: "6c2b0933-3600-42ae-bf8b-93d4f7e83594",
} as const;

export const LOCATION = {
  resourceAreas: "e81700f7-3be2-46de-8624-2eb35882fcaa",
  projects: "603fe2ac-9723-48b9-88ad-09305aa6c6e1",
  repositories: "225f7195-f9c7-4d14-ab28-a83f7ff77e1f",
  permissions: "dd3b8bd6-c7fc-4cbd-929a-933d9c011c9d",
  permissionEvaluationBatch: "cf1faa59-1b63-4448-bf04-13d981a46f5d",
  profiles: "f83735dc-483f-4238-a291-d45f6080a9af",
  // Management: each resource has a location per model (…2 in azure-devops-node-api's ManagementApi) on one route.
  orgEnablement: "d0c0450f-8882-46f4-a5a8-e48fea3095b0",
  orgEnablement2: "41d7fd8d-71f1-485f-b48d-f68eb7f04a6b",
  projectEnablement: "6b9a4b47-5f2d-40f3-8286-b0152079074d",
  projectEnablement2: "534d98d2-d5a0-4bf4-94b3-1328019302f8",
  repoEnablement: "d11a1c2b-b904-43dc-b970-bf42486262db",
  repoEnablement2: "1fcb5ea0-1e19-4c71-ab26-0784bce2d551",
  // ExtensionManagement: an installed extension's data documents, by publisher and extension name.
  documentsByName: "bbe06c18-1c8b-4fcd-b9c6-1535aaab8749",
} as const;

function location(id: string, area: string, resourceName: string, routeTemplate: string, resourceVersion: number, minVersion: string): ApiResourceLocation {
  return { id, area, resourceName, routeTemplate, resourceVersion, minVersion, maxVersion: "7.2", releasedVersion: "7.1" };
}

const RESOURCE_AREAS_LOCATION: ApiResourceLocation = {
  ...location(LOCATION.resourceAreas, "Location", "ResourceAreas", "_apis/{resource}/{areaId}", 1, "3.2"),
  releasedVersion: "0.0",
};

/** What an organization (dev.azure.com/{org}) serves. */
export const ORGANIZATION_LOCATIONS: ApiResourceLocation[] = [
  RESOURCE_AREAS_LOCATION,
  location(LOCATION.projects, "core", "projects", "_apis/{resource}/{*projectId}", 4, "1.0"),
  location(LOCATION.repositories, "git", "repositories", "{project}/_apis/{area}/{resource}/{repositoryId}", 2, "1.0"),
  location(LOCATION.permissions, "Security", "Permissions", "_apis/{resource}/{securityNamespaceId}/{permissions}", 2, "2.0"),
  location(LOCATION.permissionEvaluationBatch, "Security", "PermissionEvaluationBatch", "_apis/{area}/{resource}", 1, "5.0"),
];

function preview(id: string, resourceName: string, routeTemplate: string, resourceVersion: number): ApiResourceLocation {
  // Released in no version yet: only 7.2-preview.N is accepted.
  return { ...location(id, "Management", resourceName, routeTemplate, resourceVersion, "7.2"), releasedVersion: "0.0" };
}

/** What the Advanced Security host (advsec.dev.azure.com/{org}) serves in the Management area. */
export const MANAGEMENT_LOCATIONS: ApiResourceLocation[] = [
  preview(LOCATION.orgEnablement, "orgEnablement", "_apis/{area}/enablement", 1),
  preview(LOCATION.orgEnablement2, "orgEnablement", "_apis/{area}/enablement", 3),
  preview(LOCATION.projectEnablement, "projectEnablement", "{project}/_apis/{area}/enablement", 1),
  preview(LOCATION.projectEnablement2, "projectEnablement", "{project}/_apis/{area}/enablement", 3),
  preview(LOCATION.repoEnablement, "repoEnablement", "{project}/_apis/{area}/repositories/{repository}/enablement", 1),
  preview(LOCATION.repoEnablement2, "repoEnablement", "{project}/_apis/{area}/repositories/{repository}/enablement", 3),
];

/** What the Extension Management host (extmgmt.dev.azure.com/{org}) serves: extension data is in preview only (7.2-preview.1). */
export const EXTENSION_MANAGEMENT_LOCATIONS: ApiResourceLocation[] = [
  {
    ...location(
      LOCATION.documentsByName,
      "ExtensionManagement",
      "DocumentsByName",
      "_apis/{area}/InstalledExtensions/{publisherName}/{extensionName}/Data/Scopes/{scopeType}/{scopeValue}/Collections/{collectionName}/Documents/{documentId}",
      1,
      "3.1",
    ),
    releasedVersion: "0.0",
  },
];

/** What the profile service (app.vssps.visualstudio.com) serves. */
export const VSSPS_LOCATIONS: ApiResourceLocation[] = [
  RESOURCE_AREAS_LOCATION,
  location(LOCATION.profiles, "Profile", "Profiles", "_apis/{area}/{resource}/{id}/{descriptor}", 3, "1.0"),
];

/** OPTIONS _apis (every area) or _apis/{area}, matched without regard to case as Azure DevOps does. */
export function locationsFor(all: ApiResourceLocation[], area: string | undefined): { count: number; value: ApiResourceLocation[] } {
  const value = area ? all.filter((l) => l.area?.toLowerCase() === area.toLowerCase()) : all;
  return { count: value.length, value };
}

/**
 * `organization`: the organization's own hosts, Advanced Security (advsec.dev.azure.com/{org})
 * and Extension Management (extmgmt.dev.azure.com/{org}); the profile service has neither.
 */
export function resourceAreas(
  organizationUrl: string,
  vsspsUrl: string,
  organization?: { managementUrl: string; extensionManagementUrl: string },
): { count: number; value: ResourceAreaInfo[] } {
  const value: ResourceAreaInfo[] = [
    { id: RESOURCE_AREA.core, name: "core", locationUrl: `${organizationUrl}/` },
    { id: RESOURCE_AREA.git, name: "git", locationUrl: `${organizationUrl}/` },
    { id: RESOURCE_AREA.profile, name: "Profile", locationUrl: `${vsspsUrl}/` },
    ...(organization
      ? [
          { id: RESOURCE_AREA.management, name: "Management", locationUrl: `${organization.managementUrl}/` },
          { id: RESOURCE_AREA.extensionManagement, name: "ExtensionManagement", locationUrl: `${organization.extensionManagementUrl}/` },
        ]
      : []),
  ];
  return { count: value.length, value };
}
