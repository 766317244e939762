import { z } from "zod";
import { containerName } from "./subscriptions";
import { uuid } from "./users";

/**
 * Environment connectors: request and response shapes shared by the API, the wizard
 * and the tests. Vocabulary as in the product documents (seeds 001 and 003).
 */

export const PROVIDERS = ["AZURE_DEVOPS", "GITHUB", "GITLAB"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  AZURE_DEVOPS: "Azure DevOps",
  GITHUB: "GitHub",
  GITLAB: "GitLab",
};

/** The provider in URLs (OAuth callback paths). */
export const PROVIDER_SLUGS = {
  AZURE_DEVOPS: "azure-devops",
  GITHUB: "github",
  GITLAB: "gitlab",
} as const satisfies Record<ProviderName, string>;

/** What each provider calls the top of its hierarchy. */
export const ORGANIZATION_NOUN: Record<ProviderName, { one: string; many: string }> = {
  AZURE_DEVOPS: { one: "organization", many: "organizations" },
  GITHUB: { one: "organization", many: "organizations" },
  GITLAB: { one: "group", many: "groups" },
};

/** The regions agentless code scanning supports (seed 001); a connector's scans run in its region. */
export const REGIONS = [
  { id: "australiaeast", label: "Australia East" },
  { id: "canadacentral", label: "Canada Central" },
  { id: "centralus", label: "Central US" },
  { id: "eastasia", label: "East Asia" },
  { id: "eastus", label: "East US" },
  { id: "northeurope", label: "North Europe" },
  { id: "swedencentral", label: "Sweden Central" },
  { id: "uksouth", label: "UK South" },
  { id: "westeurope", label: "West Europe" },
] as const;
export type RegionId = (typeof REGIONS)[number]["id"];
export const REGION_IDS = REGIONS.map((r) => r.id) as [RegionId, ...RegionId[]];

export const SCANNERS = [
  { id: "eslint", label: "ESLint", covers: "JavaScript, TypeScript, JSX, TSX" },
  { id: "bandit", label: "Bandit", covers: "Python" },
  { id: "checkov", label: "Checkov", covers: "Terraform, CloudFormation, Kubernetes, Helm, Dockerfiles, ARM, Bicep" },
  { id: "template-analyzer", label: "Template Analyzer", covers: "ARM and Bicep templates" },
  { id: "secrets", label: "Secrets (secretlint)", covers: "Credentials and keys committed in any file" },
] as const;
export type ScannerId = (typeof SCANNERS)[number]["id"];
export const SCANNER_IDS = SCANNERS.map((s) => s.id) as [ScannerId, ...ScannerId[]];

export const connectorName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(20, "must be at most 20 characters")
  .regex(/^[A-Za-z0-9-]+$/, "may contain letters, digits and hyphens only");

// ---- Scanning scope ---------------------------------------------------------------

/** What a scope entry may name, per provider (seed 001: owner or repository; organization, project or repository). */
export const SCOPE_ENTRY_HINT: Record<ProviderName, string> = {
  GITHUB: "owner or owner/repository",
  AZURE_DEVOPS: "organization, organization/project or organization/project/repository",
  GITLAB: "group, group/subgroup or group/project",
};

const githubOwner = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const githubRepo = /^[A-Za-z0-9._-]{1,100}$/;
const adoOrganization = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/;
const adoName = /^[^\\/:*?"<>|;#$%{}+=[\]\u0000-\u001f]{1,64}$/;
const gitlabSegment = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,253}[A-Za-z0-9_-])?$/;

/** Why a scope entry is not valid for the provider, or undefined when it is. */
export function scopeEntryProblem(provider: ProviderName, entry: string): string | undefined {
  const value = entry.trim();
  if (value === "") return "is empty";
  const parts = value.split("/");
  const expected = `Enter ${SCOPE_ENTRY_HINT[provider]}`;
  switch (provider) {
    case "GITHUB":
      if (parts.length > 2) return `${expected}; "${value}" has too many parts`;
      if (!githubOwner.test(parts[0]!)) return `"${parts[0]}" is not a GitHub owner name (letters, digits and single hyphens, at most 39)`;
      if (parts.length === 2 && !githubRepo.test(parts[1]!)) return `"${parts[1]}" is not a GitHub repository name`;
      return undefined;
    case "AZURE_DEVOPS":
      if (parts.length > 3) return `${expected}; "${value}" has too many parts`;
      if (!adoOrganization.test(parts[0]!)) return `"${parts[0]}" is not an Azure DevOps organization name (letters, digits and hyphens)`;
      for (const part of parts.slice(1)) {
        if (!adoName.test(part) || part.trim() !== part || part.endsWith(".")) return `"${part}" is not a valid Azure DevOps project or repository name`;
      }
      return undefined;
    case "GITLAB":
      if (parts.length > 20) return `${expected}; "${value}" is nested too deep`;
      for (const part of parts) {
        if (!gitlabSegment.test(part)) return `"${part}" is not a valid GitLab group or project path`;
      }
      return undefined;
  }
}

export const SCOPE_MODES = ["EXCLUSION", "INCLUSION"] as const;
export type ScopeMode = (typeof SCOPE_MODES)[number];

export const AUTODISCOVERY_UNAVAILABLE = "Autodiscovery isn't available in inclusion mode, because only the listed repositories are scanned.";

export const scanningSettings = z
  .object({
    enabled: z.boolean(),
    scanners: z.array(z.enum(SCANNER_IDS)).max(SCANNERS.length).refine((v) => new Set(v).size === v.length, "lists a scanner twice"),
    scopeMode: z.enum(SCOPE_MODES),
    scopeEntries: z.array(z.string().trim().min(1, "is empty").max(300, "must be at most 300 characters")).max(500, "may list at most 500 entries"),
    autodiscovery: z.boolean(),
    /** Agentless scans run every this many days (seed 001: every 2 to 4 days; Rampart defaults to daily). */
    intervalDays: z.number("must be a number of days").int("must be a whole number of days").min(1, "must be 1 to 4 days").max(4, "must be 1 to 4 days").default(1),
  })
  .superRefine((v, ctx) => {
    if (v.scopeMode === "INCLUSION" && v.autodiscovery) ctx.addIssue({ code: "custom", path: ["autodiscovery"], message: AUTODISCOVERY_UNAVAILABLE });
    if (v.scopeMode === "INCLUSION" && v.scopeEntries.length === 0) {
      ctx.addIssue({ code: "custom", path: ["scopeEntries"], message: "List at least one entry to scan in inclusion mode" });
    }
    if (v.enabled && v.scanners.length === 0) ctx.addIssue({ code: "custom", path: ["scanners"], message: "Turn on at least one scanner, or turn agentless code scanning off" });
    const seen = new Set<string>();
    v.scopeEntries.forEach((entry, i) => {
      const key = entry.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["scopeEntries", i], message: `"${entry}" is listed twice` });
      seen.add(key);
    });
  });
export type ScanningSettings = z.infer<typeof scanningSettings>;

/** The wizard's starting point (seed 001: autodiscovery on by default in exclusion mode with no list). */
export const DEFAULT_SCANNING: ScanningSettings = {
  enabled: true,
  scanners: [...SCANNER_IDS],
  scopeMode: "EXCLUSION",
  scopeEntries: [],
  autodiscovery: true,
  intervalDays: 1,
};

/** Adds the provider-specific checks of each scope entry to a schema's issues. */
function checkScopeEntries(provider: ProviderName, scanning: ScanningSettings, ctx: z.RefinementCtx, path: (string | number)[]) {
  scanning.scopeEntries.forEach((entry, i) => {
    const problem = scopeEntryProblem(provider, entry);
    if (problem) ctx.addIssue({ code: "custom", path: [...path, "scopeEntries", i], message: problem });
  });
}

// ---- Organizations -------------------------------------------------------------------

export const ORGANIZATION_MODES = ["ALL_EXISTING", "ALL_EXISTING_AND_FUTURE", "SELECTED"] as const;
export type OrganizationMode = (typeof ORGANIZATION_MODES)[number];

export const organizationsInput = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("ALL_EXISTING") }),
  z.object({ mode: z.literal("ALL_EXISTING_AND_FUTURE") }),
  z.object({
    mode: z.literal("SELECTED"),
    ids: z
      .array(z.string().min(1).max(200))
      .min(1, "Select at least one")
      .max(1000)
      .refine((v) => new Set(v).size === v.length, "lists an organization twice"),
  }),
]);
export type OrganizationsInput = z.infer<typeof organizationsInput>;

// ---- Requests -------------------------------------------------------------------------

export const resourceGroupChoice = z.union([
  z.object({ id: uuid }),
  z.object({ subscriptionId: uuid, newName: containerName }),
]);

export const startAuthorizationInput = z.object({
  provider: z.enum(PROVIDERS),
  host: z.string().min(1).max(40),
  /** Where the browser returns after consent: the wizard (a path on this server). */
  returnTo: z
    .string()
    .max(300)
    .regex(/^\/environments(\/[A-Za-z0-9-]+)*(\?[A-Za-z0-9=&_%-]*)?$/, "must be a path under /environments"),
  /** Set when re-authorizing an existing connector. */
  connectorId: uuid.optional(),
});

export const createConnectorInput = z
  .object({
    provider: z.enum(PROVIDERS),
    host: z.string().min(1).max(40),
    name: connectorName,
    resourceGroup: resourceGroupChoice,
    region: z.enum(REGION_IDS, "must be one of the supported regions"),
    authorizationId: uuid,
    organizations: organizationsInput,
    scanning: scanningSettings,
  })
  .superRefine((v, ctx) => checkScopeEntries(v.provider, v.scanning, ctx, ["scanning"]));
export type CreateConnectorInput = z.infer<typeof createConnectorInput>;

/** Edit settings: any part may be left out. The provider is checked by the server against the connector. */
export const updateConnectorInput = z.object({
  authorizationId: uuid.optional(),
  organizations: organizationsInput.optional(),
  scanning: scanningSettings.optional(),
});
export type UpdateConnectorInput = z.infer<typeof updateConnectorInput>;

/** The same checks, as API field problems, for a provider known only on the server. */
export function checkScopeEntriesList(provider: ProviderName, entries: string[], prefix: string): { path: string; message: string }[] {
  return entries.flatMap((entry, i) => {
    const problem = scopeEntryProblem(provider, entry);
    return problem ? [{ path: `${prefix}.scopeEntries.${i}`, message: problem }] : [];
  });
}

// ---- Views (what the API answers) ------------------------------------------------------

export type AuthorizationState = "CONNECTED" | "NEEDS_REAUTHORIZATION" | "ERROR";

export const AUTHORIZATION_STATE_LABELS: Record<AuthorizationState, string> = {
  CONNECTED: "Connected",
  NEEDS_REAUTHORIZATION: "Needs re-authorization",
  ERROR: "Error",
};

/** A place a provider can be reached: its public service, a self-hosted one, or the demo sandbox. */
export interface ProviderHostView {
  provider: ProviderName;
  key: string;
  label: string;
  webUrl: string;
  isSandbox: boolean;
}

export interface IdentityView {
  id: string;
  login: string;
  name: string | null;
  email: string | null;
}

/** A completed consent, not yet (or already) attached to a connector. */
export interface AuthorizationView {
  id: string;
  provider: ProviderName;
  host: string;
  identity: IdentityView;
  scopes: string[];
  createdAt: string;
}

/** An organization (GitLab: group) the authorizing identity can see, as the wizard lists it. */
export interface OrganizationOption {
  id: string;
  name: string;
  url: string;
  /** False when it cannot be onboarded here; `reason` says why. */
  available: boolean;
  reason?: string;
}

export interface ConnectorOrganizationView {
  id: string;
  name: string;
  url: string;
}

export interface AgentlessSummary {
  lastScanAt: string | null;
  /** Last scan completed. */
  scanned: number;
  /** Not scanned, for the reasons listed (archived, over 1 GB, out of scope…). */
  skipped: number;
  /** Last scan failed (a scanner or the clone). */
  failing: number;
  /** Not scanned yet. */
  notScanned: number;
  skipReasons: { reason: string; count: number }[];
}

export interface ConnectorView {
  id: string;
  name: string;
  provider: ProviderName;
  host: { key: string; label: string; isSandbox: boolean };
  subscription: { id: string; name: string };
  resourceGroup: { id: string; name: string };
  region: RegionId;
  organizations: { mode: OrganizationMode; list: ConnectorOrganizationView[] };
  /** `id` is null when the authorization was removed (re-authorize). */
  authorization: { id: string | null; state: AuthorizationState; reason: string | null; identity: IdentityView; authorizedAt: string };
  lastDiscoveryAt: string | null;
  /** The latest discovery: how it went, what it found, what failed (per organization). */
  discovery: {
    state: "RUNNING" | "SUCCEEDED" | "PARTIAL" | "FAILED";
    startedAt: string;
    finishedAt: string | null;
    errors: { organization: string; message: string }[];
  } | null;
  /** Repositories discovered and still present. */
  repositoryCount: number;
  scanning: ScanningSettings;
  /** Agentless scanning of its repositories: when it last scanned one, and where they stand. */
  agentless: AgentlessSummary;
  createdAt: string;
  /** What the caller may do with this connector (the server checks again). */
  actions: { edit: boolean; delete: boolean; manageScanning: boolean; refresh: boolean };
}
