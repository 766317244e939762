/**
 * Roles and the one permission table. Shared by the server (which enforces it) and
 * the browser (which hides what a role cannot use). Keep it free of server imports.
 */

export const ROLES = ["OWNER", "CONTRIBUTOR", "SECURITY_ADMIN", "SECURITY_READER"] as const;
export type RoleName = (typeof ROLES)[number];

export const ROLE_LABELS: Record<RoleName, string> = {
  OWNER: "Owner",
  CONTRIBUTOR: "Contributor",
  SECURITY_ADMIN: "Security Admin",
  SECURITY_READER: "Security Reader",
};

export const ROLE_DESCRIPTIONS: Record<RoleName, string> = {
  OWNER: "Everything, including users and role assignments.",
  CONTRIBUTOR: "Creates, edits and deletes environment connectors, manages their scanning and configures pull request annotations.",
  SECURITY_ADMIN: "Manages scanning settings, API tokens and triage; cannot create or delete connectors.",
  SECURITY_READER: "Sees everything in scope and changes nothing.",
};

export const SCOPE_TYPES = ["WORKSPACE", "SUBSCRIPTION", "RESOURCE_GROUP", "CONNECTOR"] as const;
export type ScopeTypeName = (typeof SCOPE_TYPES)[number];

export const SCOPE_LABELS: Record<ScopeTypeName, string> = {
  WORKSPACE: "Workspace",
  SUBSCRIPTION: "Subscription",
  RESOURCE_GROUP: "Resource group",
  CONNECTOR: "Connector",
};

/** What an API token may do inside its scope; a token holds exactly one. */
export const API_TOKEN_PERMISSIONS = ["READ", "UPLOAD"] as const;
export type ApiTokenPermissionName = (typeof API_TOKEN_PERMISSIONS)[number];

export const API_TOKEN_PERMISSION_LABELS: Record<ApiTokenPermissionName, string> = {
  READ: "Read",
  UPLOAD: "Upload results",
};

export const API_TOKEN_PERMISSION_DESCRIPTIONS: Record<ApiTokenPermissionName, string> = {
  READ: "Reads the inventory and findings in its scope through /api/v1, as a Security Reader would. Changes nothing.",
  UPLOAD: "Uploads scan results (SARIF) for repositories in its scope, from pipelines, and follows their processing. Reads nothing else.",
};

const ALL: readonly RoleName[] = ROLES;

interface PermissionDefinition {
  roles: readonly RoleName[];
  /**
   * The API token permissions that hold it, inside the token's scope. A token holds
   * nothing that is not listed here: never users, settings or connector management.
   */
  tokens?: readonly ApiTokenPermissionName[];
  /** "workspace": only a workspace-level assignment grants it (users, audit, ...). */
  level: "workspace" | "scoped";
  description: string;
}

/** Every action a route may declare, and who may do it. */
export const PERMISSIONS = {
  "workspace.read": { roles: ALL, tokens: ["READ"], level: "scoped", description: "See the objects in scope" },
  "users.manage": { roles: ["OWNER"], level: "workspace", description: "Create, disable users; assign and remove roles" },
  "audit.read": { roles: ["OWNER"], level: "workspace", description: "Read the audit log" },
  "subscriptions.create": { roles: ["OWNER"], level: "workspace", description: "Create subscriptions" },
  "subscriptions.update": { roles: ["OWNER"], level: "scoped", description: "Rename subscriptions; create and rename resource groups" },
  "connectors.create": { roles: ["OWNER", "CONTRIBUTOR"], level: "scoped", description: "Create environment connectors" },
  "connectors.update": { roles: ["OWNER", "CONTRIBUTOR"], level: "scoped", description: "Edit environment connectors" },
  "connectors.delete": { roles: ["OWNER", "CONTRIBUTOR"], level: "scoped", description: "Delete environment connectors" },
  "discovery.run": { roles: ["OWNER", "CONTRIBUTOR", "SECURITY_ADMIN"], level: "scoped", description: "Refresh environments and repositories" },
  "jobs.read": { roles: ["OWNER", "CONTRIBUTOR", "SECURITY_ADMIN"], level: "workspace", description: "See background jobs" },
  "scanning.manage": { roles: ["OWNER", "CONTRIBUTOR", "SECURITY_ADMIN"], level: "scoped", description: "Change scanning settings" },
  "scans.run": { roles: ["OWNER", "CONTRIBUTOR", "SECURITY_ADMIN"], level: "scoped", description: "Scan repositories now and stop running scans" },
  // Seed: configuring pull request annotations takes Owner or Contributor.
  "prAnnotations.manage": { roles: ["OWNER", "CONTRIBUTOR"], level: "scoped", description: "Configure pull request annotations" },
  "findings.triage": { roles: ["OWNER", "CONTRIBUTOR", "SECURITY_ADMIN"], level: "scoped", description: "Dismiss findings, exempt resources" },
  "tokens.manage": { roles: ["OWNER", "SECURITY_ADMIN"], level: "scoped", description: "Create and revoke API tokens" },
  // Only upload tokens hold it: pipelines upload with a token, people never do.
  "scans.upload": { roles: [], tokens: ["UPLOAD"], level: "scoped", description: "Upload scan results" },
  // An upload token follows the processing of what it uploaded; readers see scans in scope.
  "scans.read": { roles: ALL, tokens: ["READ", "UPLOAD"], level: "scoped", description: "See scans and their outcome" },
} as const satisfies Record<string, PermissionDefinition>;

export type Permission = keyof typeof PERMISSIONS;

export function roleGrants(role: RoleName, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly RoleName[]).includes(role);
}

export function tokenGrants(tokenPermission: ApiTokenPermissionName, permission: Permission): boolean {
  const definition: PermissionDefinition = PERMISSIONS[permission];
  return definition.tokens?.includes(tokenPermission) ?? false;
}

/** What the browser knows of the caller, to hide what it cannot use. */
export interface RoleSummary {
  role: RoleName;
  scopeType: ScopeTypeName;
}

/**
 * Whether any of these assignments grants the permission somewhere. The server
 * still checks the exact scope of each object; this only decides what to show.
 */
export function mayEver(assignments: readonly RoleSummary[], permission: Permission): boolean {
  const definition = PERMISSIONS[permission];
  return assignments.some(
    (a) => roleGrants(a.role, permission) && (definition.level === "scoped" || a.scopeType === "WORKSPACE"),
  );
}
