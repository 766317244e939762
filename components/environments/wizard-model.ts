import { z } from "zod";
import { capitalize, zodFieldErrors, type FieldErrors } from "@/components/common/api";
import {
  connectorName,
  DEFAULT_SCANNING,
  ORGANIZATION_MODES,
  ORGANIZATION_NOUN,
  organizationsInput,
  PROVIDER_LABELS,
  PROVIDERS,
  REGIONS,
  SCANNER_IDS,
  scanningSettings,
  SCOPE_MODES,
  scopeEntryProblem,
  type ConnectorView,
  type CreateConnectorInput,
  type OrganizationMode,
  type OrganizationsInput,
  type ProviderHostView,
  type ProviderName,
  type RegionId,
  type ScanningSettings,
  type UpdateConnectorInput,
} from "@/lib/schemas/connectors";
import { containerName } from "@/lib/schemas/subscriptions";

/**
 * The add-environment / edit-settings wizard as data: its steps, its values, how
 * each step validates, and the request bodies it sends. No React here.
 */

export const STEP_COUNT = 5;
export type StepIndex = 0 | 1 | 2 | 3 | 4;
export const STEPS: readonly StepIndex[] = [0, 1, 2, 3, 4];

export const DETAILS: StepIndex = 0;
export const ACCESS: StepIndex = 1;
export const ORGANIZATIONS: StepIndex = 2;
export const SCANNING: StepIndex = 3;
export const REVIEW: StepIndex = 4;

/** Step titles; step 3 says "Groups" for GitLab. */
export function stepTitle(step: StepIndex, provider: ProviderName | null): string {
  switch (step) {
    case 0:
      return "Connector details";
    case 1:
      return "Configure access";
    case 2:
      return provider ? capitalize(ORGANIZATION_NOUN[provider].many) : "Organizations";
    case 3:
      return "Agentless code scanning";
    case 4:
      return "Review and generate";
  }
}

export function isStepIndex(n: number): n is StepIndex {
  return Number.isInteger(n) && n >= 0 && n < STEP_COUNT;
}

/** The "Create new" choice of the resource group dropdown. */
export const NEW_RESOURCE_GROUP = "__new__";

export interface SelectedOrganization {
  id: string;
  name: string;
}

/** Everything the wizard's steps hold (also what the session draft keeps). */
export interface WizardValues {
  provider: ProviderName | null;
  /** ProviderHostView.key */
  host: string;
  name: string;
  subscriptionId: string;
  /** A resource group id, NEW_RESOURCE_GROUP, or "" when none is chosen. */
  resourceGroupId: string;
  newResourceGroupName: string;
  region: RegionId | "";
  /** The consent completed in this wizard (edit: a re-authorization), if any. */
  authorizationId: string | null;
  organizationMode: OrganizationMode;
  /** Names are kept so the review can show them without the provider. */
  selectedOrganizations: SelectedOrganization[];
  scanning: ScanningSettings;
}

/** A subscription the caller may create a connector in, with the groups they may use. */
export interface SubscriptionTarget {
  id: string;
  name: string;
  resourceGroups: { id: string; name: string }[];
}

export type WizardMode = { kind: "new" } | { kind: "edit"; connector: ConnectorView };

export function hostsOf(hosts: readonly ProviderHostView[], provider: ProviderName | null): ProviderHostView[] {
  return provider ? hosts.filter((h) => h.provider === provider) : [];
}

export function initialNewValues(hosts: readonly ProviderHostView[], provider: ProviderName | null): WizardValues {
  const usable = provider && hostsOf(hosts, provider).length > 0 ? provider : null;
  const providerHosts = hostsOf(hosts, usable);
  return {
    provider: usable,
    host: providerHosts.length === 1 ? providerHosts[0]!.key : "",
    name: "",
    subscriptionId: "",
    resourceGroupId: "",
    newResourceGroupName: "",
    region: "",
    authorizationId: null,
    organizationMode: "ALL_EXISTING",
    selectedOrganizations: [],
    scanning: { ...DEFAULT_SCANNING, scanners: [...DEFAULT_SCANNING.scanners], scopeEntries: [] },
  };
}

export function initialEditValues(connector: ConnectorView): WizardValues {
  return {
    provider: connector.provider,
    host: connector.host.key,
    name: connector.name,
    subscriptionId: connector.subscription.id,
    resourceGroupId: connector.resourceGroup.id,
    newResourceGroupName: "",
    region: connector.region,
    authorizationId: null,
    organizationMode: connector.organizations.mode,
    // Switching an "all" connector to "Selected" starts from what it has now.
    selectedOrganizations: connector.organizations.list.map((o) => ({ id: o.id, name: o.name })),
    scanning: { ...connector.scanning, scanners: [...connector.scanning.scanners], scopeEntries: [...connector.scanning.scopeEntries] },
  };
}

/** Changing provider or host invalidates the consent and what it listed. */
export function withProvider(values: WizardValues, hosts: readonly ProviderHostView[], provider: ProviderName): WizardValues {
  if (values.provider === provider) return values;
  const providerHosts = hostsOf(hosts, provider);
  return {
    ...values,
    provider,
    host: providerHosts.length === 1 ? providerHosts[0]!.key : "",
    authorizationId: null,
    selectedOrganizations: [],
  };
}

export function withHost(values: WizardValues, host: string): WizardValues {
  if (values.host === host) return values;
  return { ...values, host, authorizationId: null, selectedOrganizations: [] };
}

/** Seed 001: inclusion mode has no autodiscovery; exclusion mode with no list has it on by default. */
export function withScopeMode(scanning: ScanningSettings, mode: ScanningSettings["scopeMode"]): ScanningSettings {
  if (scanning.scopeMode === mode) return scanning;
  return mode === "INCLUSION"
    ? { ...scanning, scopeMode: mode, autodiscovery: false }
    : { ...scanning, scopeMode: mode, autodiscovery: scanning.scopeEntries.length === 0 ? true : scanning.autodiscovery };
}

/** Scanners in the order of SCANNERS, entries trimmed. */
export function normalizedScanning(scanning: ScanningSettings): ScanningSettings {
  return {
    enabled: scanning.enabled,
    scanners: SCANNER_IDS.filter((id) => scanning.scanners.includes(id)),
    scopeMode: scanning.scopeMode,
    scopeEntries: scanning.scopeEntries.map((e) => e.trim()),
    autodiscovery: scanning.scopeMode === "INCLUSION" ? false : scanning.autodiscovery,
    intervalDays: scanning.intervalDays,
  };
}

export function organizationsBody(values: WizardValues): OrganizationsInput {
  return values.organizationMode === "SELECTED"
    ? { mode: "SELECTED", ids: values.selectedOrganizations.map((o) => o.id) }
    : { mode: values.organizationMode };
}

// ---- Validation -----------------------------------------------------------------------

export interface ValidationContext {
  mode: WizardMode;
  hosts: readonly ProviderHostView[];
  targets: readonly SubscriptionTarget[];
  newGroupSubscriptionIds: readonly string[];
  /** New mode: the consent was checked with the server (its identity is shown). */
  authorized: boolean;
}

const prefixed = (prefix: string, errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "" ? prefix : `${prefix}.${k}`, v]));

/** The messages of one step, keyed like the server's field paths (without "body."). Empty when valid. */
export function validateStep(step: StepIndex, values: WizardValues, ctx: ValidationContext): FieldErrors {
  const errors: FieldErrors = {};
  const editing = ctx.mode.kind === "edit";
  switch (step) {
    case 0: {
      if (editing) return errors;
      if (!values.provider) errors.provider = "Choose a provider";
      else if (!hostsOf(ctx.hosts, values.provider).some((h) => h.key === values.host))
        errors.host = `Choose where ${PROVIDER_LABELS[values.provider]} is reached`;
      const name = connectorName.safeParse(values.name);
      if (!name.success) errors.name = capitalize(name.error.issues[0]!.message);
      const target = ctx.targets.find((t) => t.id === values.subscriptionId);
      if (!target) errors.subscriptionId = "Choose a subscription";
      else if (values.resourceGroupId === NEW_RESOURCE_GROUP) {
        if (!ctx.newGroupSubscriptionIds.includes(target.id)) errors.resourceGroup = "Choose an existing resource group";
        else {
          const newName = containerName.safeParse(values.newResourceGroupName);
          if (!newName.success) errors["resourceGroup.newName"] = capitalize(newName.error.issues[0]!.message);
          else if (target.resourceGroups.some((g) => g.name.toLowerCase() === newName.data.toLowerCase()))
            errors["resourceGroup.newName"] = `"${newName.data}" already exists in this subscription; choose it from the list instead`;
        }
      } else if (!target.resourceGroups.some((g) => g.id === values.resourceGroupId)) errors.resourceGroup = "Choose a resource group";
      if (!REGIONS.some((r) => r.id === values.region)) errors.region = "Choose a region";
      return errors;
    }
    case 1:
      if (!editing && (!values.authorizationId || !ctx.authorized)) errors.authorizationId = "Authorize access to continue";
      else if (editing && values.authorizationId && !ctx.authorized)
        errors.authorizationId = "The new authorization cannot be used: re-authorize, or keep the current authorization";
      return errors;
    case 2: {
      const parsed = organizationsInput.safeParse(organizationsBody(values));
      if (!parsed.success) {
        const noun = values.provider ? ORGANIZATION_NOUN[values.provider] : ORGANIZATION_NOUN.GITHUB;
        for (const [k, v] of Object.entries(prefixed("organizations", zodFieldErrors(parsed.error)))) {
          errors[k] = v === "Select at least one" ? `Select at least one ${noun.one}` : v;
        }
      }
      return errors;
    }
    case 3: {
      const scanning = normalizedScanning(values.scanning);
      const parsed = scanningSettings.safeParse(scanning);
      if (!parsed.success) Object.assign(errors, prefixed("scanning", zodFieldErrors(parsed.error)));
      if (values.provider) {
        const provider = values.provider;
        scanning.scopeEntries.forEach((entry, i) => {
          const problem = scopeEntryProblem(provider, entry);
          if (problem) errors[`scanning.scopeEntries.${i}`] ??= capitalize(problem);
        });
      }
      return errors;
    }
    case 4:
      return errors;
  }
}

/** The step holding a body path, for sending server errors back to their field. */
export function stepOfPath(path: string): StepIndex | null {
  const head = path.split(".")[0];
  switch (head) {
    case "provider":
    case "host":
    case "name":
    case "subscriptionId":
    case "resourceGroup":
    case "region":
      return 0;
    case "authorizationId":
      return 1;
    case "organizations":
      return 2;
    case "scanning":
      return 3;
    default:
      return null;
  }
}

export function errorsOfStep(errors: FieldErrors, step: StepIndex): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => stepOfPath(k) === step));
}

// ---- Request bodies -----------------------------------------------------------------

export function createBody(values: WizardValues): CreateConnectorInput {
  return {
    provider: values.provider!,
    host: values.host,
    name: values.name.trim(),
    resourceGroup:
      values.resourceGroupId === NEW_RESOURCE_GROUP
        ? { subscriptionId: values.subscriptionId, newName: values.newResourceGroupName.trim() }
        : { id: values.resourceGroupId },
    region: values.region as RegionId,
    authorizationId: values.authorizationId!,
    organizations: organizationsBody(values),
    scanning: normalizedScanning(values.scanning),
  };
}

function sameOrganizations(a: WizardValues, b: WizardValues): boolean {
  if (a.organizationMode !== b.organizationMode) return false;
  if (a.organizationMode !== "SELECTED") return true;
  const ids = new Set(a.selectedOrganizations.map((o) => o.id));
  return ids.size === b.selectedOrganizations.length && b.selectedOrganizations.every((o) => ids.has(o.id));
}

export function sameScanning(a: ScanningSettings, b: ScanningSettings): boolean {
  return JSON.stringify(normalizedScanning(a)) === JSON.stringify(normalizedScanning(b));
}

export interface ChangedParts {
  authorization: boolean;
  organizations: boolean;
  scanning: boolean;
}

export function changedParts(initial: WizardValues, values: WizardValues): ChangedParts {
  return {
    authorization: values.authorizationId !== null && values.authorizationId !== initial.authorizationId,
    organizations: !sameOrganizations(initial, values),
    scanning: !sameScanning(initial.scanning, values.scanning),
  };
}

/** Edit settings sends only what changed. */
export function updateBody(initial: WizardValues, values: WizardValues): UpdateConnectorInput {
  const changed = changedParts(initial, values);
  const body: UpdateConnectorInput = {};
  if (changed.authorization) body.authorizationId = values.authorizationId!;
  if (changed.organizations) body.organizations = organizationsBody(values);
  if (changed.scanning) body.scanning = normalizedScanning(values.scanning);
  return body;
}

export function sameValues(a: WizardValues, b: WizardValues): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---- Stored drafts (sessionStorage is the browser's: never trust its shape) -------------

export const wizardValuesSchema: z.ZodType<WizardValues> = z.object({
  provider: z.enum(PROVIDERS).nullable(),
  host: z.string().max(40),
  name: z.string().max(200),
  subscriptionId: z.string().max(100),
  resourceGroupId: z.string().max(100),
  newResourceGroupName: z.string().max(200),
  region: z.union([z.enum(REGIONS.map((r) => r.id) as [RegionId, ...RegionId[]]), z.literal("")]),
  authorizationId: z.string().max(100).nullable(),
  organizationMode: z.enum(ORGANIZATION_MODES),
  selectedOrganizations: z.array(z.object({ id: z.string().max(200), name: z.string().max(300) })).max(1000),
  scanning: z.object({
    enabled: z.boolean(),
    scanners: z.array(z.enum(SCANNER_IDS)).max(SCANNER_IDS.length),
    scopeMode: z.enum(SCOPE_MODES),
    scopeEntries: z.array(z.string().max(300)).max(500),
    autodiscovery: z.boolean(),
    intervalDays: z.number().int().min(1).max(4).catch(1),
  }),
});
