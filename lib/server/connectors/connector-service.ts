import "server-only";
import {
  ORGANIZATION_NOUN,
  PROVIDER_LABELS,
  checkScopeEntriesList,
  type AgentlessSummary,
  type ConnectorView,
  type CreateConnectorInput,
  type OrganizationsInput,
  type ProviderName,
  type RegionId,
  type ScanningSettings,
  type UpdateConnectorInput,
} from "@/lib/schemas/connectors";
import { ApiError, conflict, invalid, notFound, type FieldProblem } from "../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { accessTo, assertAccess, type Caller } from "../authz/caller";
import { visibleConnectorsWhere } from "../authz/scope";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { hostLabel } from "../providers/hosts";
import type { OrganizationCandidate } from "../providers/provider-client";
import { providerApiError, ProviderError } from "../providers/provider-error";
import { queueDiscovery } from "../discovery/discovery-jobs";
import { withProvider } from "./access-tokens";
import { authorizationView, organizationOptions, usableAuthorization } from "./authorization-service";
import { applyScanningSettings } from "../agentless/apply-scanning-settings";
import { forgetCallers } from "../auth/caller-cache";

/**
 * Environment connectors: created from a completed authorization, the chosen
 * organizations (checked live against the provider again) and the scanning settings,
 * in one transaction; edited, re-authorized and deleted the same way.
 */

const actorOf = (caller: Caller) => ({ id: caller.user.id, email: caller.user.email });

const connectorInclude = {
  resourceGroup: { include: { subscription: true } },
  organizations: { orderBy: { name: "asc" } },
  authorization: true,
  discoveryRuns: { orderBy: { startedAt: "desc" }, take: 1 },
  _count: { select: { repositories: { where: { removedAt: null } } } },
} satisfies Prisma.ConnectorInclude;

type ConnectorRow = Prisma.ConnectorGetPayload<{ include: typeof connectorInclude }>;

const pathOf = (c: { id: string; resourceGroupId: string; resourceGroup: { subscriptionId: string } }) => ({
  subscriptionId: c.resourceGroup.subscriptionId,
  resourceGroupId: c.resourceGroupId,
  connectorId: c.id,
});

function scanningOf(c: ConnectorRow): ScanningSettings {
  return {
    enabled: c.scanningEnabled,
    scanners: c.scanners as ScanningSettings["scanners"],
    scopeMode: c.scanScopeMode,
    scopeEntries: c.scanScopeEntries,
    autodiscovery: c.autodiscovery,
    intervalDays: c.scanIntervalDays,
  };
}

const NO_AGENTLESS: AgentlessSummary = { lastScanAt: null, scanned: 0, skipped: 0, failing: 0, notScanned: 0, skipReasons: [] };

/** Per connector: its present repositories by agentless status (and skip reason), and the last scan. */
async function agentlessSummaries(connectorIds: string[]): Promise<Map<string, AgentlessSummary>> {
  const rows = await db.repository.groupBy({
    by: ["connectorId", "agentlessStatus", "agentlessReason"],
    where: { connectorId: { in: connectorIds }, removedAt: null },
    _count: { _all: true },
    _max: { lastAgentlessScanAt: true },
  });
  const summaries = new Map<string, AgentlessSummary>();
  for (const row of rows) {
    const s = summaries.get(row.connectorId) ?? { ...NO_AGENTLESS, skipReasons: [] };
    const n = row._count._all;
    if (row.agentlessStatus === "SCANNED") s.scanned += n;
    else if (row.agentlessStatus === "FAILING") s.failing += n;
    else if (row.agentlessStatus === "SKIPPED") {
      s.skipped += n;
      s.skipReasons.push({ reason: row.agentlessReason ?? "No reason recorded", count: n });
    } else s.notScanned += n;
    const last = row._max.lastAgentlessScanAt?.toISOString() ?? null;
    if (last && (!s.lastScanAt || last > s.lastScanAt)) s.lastScanAt = last;
    summaries.set(row.connectorId, s);
  }
  for (const s of summaries.values()) s.skipReasons.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return summaries;
}

function view(caller: Caller, c: ConnectorRow, agentless: AgentlessSummary = NO_AGENTLESS): ConnectorView {
  const path = pathOf(c);
  const auth = c.authorization;
  return {
    id: c.id,
    name: c.name,
    provider: c.provider,
    host: { key: c.host, ...hostLabel(c.provider, c.host) },
    subscription: { id: c.resourceGroup.subscription.id, name: c.resourceGroup.subscription.name },
    resourceGroup: { id: c.resourceGroup.id, name: c.resourceGroup.name },
    region: c.region as RegionId,
    organizations: { mode: c.organizationMode, list: c.organizations.map((o) => ({ id: o.externalId, name: o.name, url: o.url })) },
    authorization: {
      id: auth?.id ?? null,
      state: auth ? c.authState : "NEEDS_REAUTHORIZATION",
      reason: auth ? c.authError : "The authorization was removed. Re-authorize the connector.",
      identity: auth
        ? authorizationView(auth).identity
        : { id: "", login: "(none)", name: null, email: null },
      authorizedAt: (auth?.createdAt ?? c.createdAt).toISOString(),
    },
    lastDiscoveryAt: c.lastDiscoveryAt?.toISOString() ?? null,
    discovery: c.discoveryRuns[0]
      ? {
          state: c.discoveryRuns[0].state,
          startedAt: c.discoveryRuns[0].startedAt.toISOString(),
          finishedAt: c.discoveryRuns[0].finishedAt?.toISOString() ?? null,
          errors: c.discoveryRuns[0].errors as { organization: string; message: string }[],
        }
      : null,
    repositoryCount: c._count.repositories,
    scanning: scanningOf(c),
    agentless,
    createdAt: c.createdAt.toISOString(),
    actions: {
      edit: accessTo(caller, "connectors.update", path) === "allowed",
      delete: accessTo(caller, "connectors.delete", path) === "allowed",
      manageScanning: accessTo(caller, "scanning.manage", path) === "allowed",
      refresh: accessTo(caller, "discovery.run", path) === "allowed",
    },
  };
}

export async function listConnectors(caller: Caller): Promise<ConnectorView[]> {
  const rows = await db.connector.findMany({ where: visibleConnectorsWhere(caller.assignments), include: connectorInclude, orderBy: { name: "asc" } });
  const visible = rows.filter((c) => accessTo(caller, "workspace.read", pathOf(c)) === "allowed");
  const agentless = await agentlessSummaries(visible.map((c) => c.id));
  return visible.map((c) => view(caller, c, agentless.get(c.id)));
}

async function loadVisible(caller: Caller, id: string): Promise<ConnectorRow> {
  const row = await db.connector.findUnique({ where: { id }, include: connectorInclude });
  if (!row || accessTo(caller, "workspace.read", pathOf(row)) !== "allowed") throw notFound("The connector");
  return row;
}

export async function getConnector(caller: Caller, id: string): Promise<ConnectorView> {
  const row = await loadVisible(caller, id);
  return view(caller, row, (await agentlessSummaries([row.id])).get(row.id));
}

/** Organizations to store for a choice, checked against what the provider says now. */
async function chooseOrganizations(
  choice: OrganizationsInput,
  provider: ProviderName,
  host: string,
  authorizationId: string,
  exceptConnectorId: string | undefined,
): Promise<OrganizationCandidate[]> {
  let candidates: OrganizationCandidate[];
  try {
    candidates = await withProvider(authorizationId, (client) => client.organizations());
  } catch (error) {
    if (error instanceof ProviderError) throw providerApiError(error);
    throw error;
  }
  const options = await organizationOptions(candidates, provider, host, exceptConnectorId);
  const noun = ORGANIZATION_NOUN[provider];
  if (choice.mode !== "SELECTED") {
    const available = options.filter((o) => o.available);
    if (available.length === 0) {
      throw invalid(`There is no ${noun.one} this identity can onboard: each is already onboarded or needs a higher role.`, [
        { path: "body.organizations.mode", message: `No ${noun.one} can be onboarded with this authorization` },
      ]);
    }
    return candidates.filter((c) => available.some((o) => o.id === c.id));
  }
  const problems: FieldProblem[] = [];
  choice.ids.forEach((id, i) => {
    const option = options.find((o) => o.id === id);
    if (!option) problems.push({ path: `body.organizations.ids.${i}`, message: `The identity cannot see this ${noun.one} (any more)` });
    else if (!option.available) problems.push({ path: `body.organizations.ids.${i}`, message: `${option.name}: ${option.reason ?? "cannot be onboarded"}` });
  });
  if (problems.length) throw invalid(problems[0]!.message, problems);
  return candidates.filter((c) => choice.ids.includes(c.id));
}

function scanningData(s: ScanningSettings) {
  return { scanningEnabled: s.enabled, scanners: s.scanners, scanScopeMode: s.scopeMode, scanScopeEntries: s.scopeEntries.map((e) => e.trim()), autodiscovery: s.autodiscovery, scanIntervalDays: s.intervalDays };
}

function uniqueViolation(error: unknown): string[] | undefined {
  const e = error as { code?: string; meta?: { target?: string[] | string; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } };
  if (e.code !== "P2002") return undefined;
  const fields = e.meta?.driverAdapterError?.cause?.constraint?.fields ?? e.meta?.target;
  return Array.isArray(fields) ? fields.map((f) => f.replace(/"/g, "")) : [String(fields ?? "")];
}

async function assertNameFree(name: string) {
  const clash = await db.connector.findFirst({ where: { name: { equals: name, mode: "insensitive" } }, select: { name: true } });
  if (clash) throw new ApiError(409, `A connector named "${clash.name}" already exists. Choose another name.`, { errors: [{ path: "body.name", message: "is already taken" }] });
}

export async function createConnector(caller: Caller, input: CreateConnectorInput, meta: RequestMeta): Promise<ConnectorView> {
  // Where it goes: an existing resource group, or a new one (which needs subscriptions.update there).
  let target: { subscriptionId: string; resourceGroupId?: string; newName?: string };
  if ("id" in input.resourceGroup) {
    const group = await db.resourceGroup.findUnique({ where: { id: input.resourceGroup.id } });
    const path = group ? { subscriptionId: group.subscriptionId, resourceGroupId: group.id } : undefined;
    if (!group || !path || accessTo(caller, "workspace.read", path) === "not-found") {
      throw invalid("The resource group was not found.", [{ path: "body.resourceGroup.id", message: "was not found" }]);
    }
    assertAccess(caller, "connectors.create", path, "The resource group");
    target = path;
  } else {
    const subscriptionId = input.resourceGroup.subscriptionId;
    const subscription = await db.subscription.findUnique({ where: { id: subscriptionId } });
    if (!subscription || accessTo(caller, "workspace.read", { subscriptionId }) === "not-found") {
      throw invalid("The subscription was not found.", [{ path: "body.resourceGroup.subscriptionId", message: "was not found" }]);
    }
    assertAccess(caller, "subscriptions.update", { subscriptionId }, "The subscription");
    assertAccess(caller, "connectors.create", { subscriptionId }, "The subscription");
    const clash = await db.resourceGroup.findFirst({ where: { subscriptionId, name: { equals: input.resourceGroup.newName, mode: "insensitive" } } });
    if (clash) throw new ApiError(409, `Resource group "${clash.name}" already exists in ${subscription.name}: pick it instead.`, { errors: [{ path: "body.resourceGroup.newName", message: "already exists" }] });
    target = { subscriptionId, newName: input.resourceGroup.newName };
  }
  await assertNameFree(input.name);

  const authorization = await usableAuthorization(caller, input.authorizationId);
  if (authorization.connector) throw invalid("This authorization already belongs to a connector. Authorize again.", [{ path: "body.authorizationId", message: "is already used" }]);
  if (authorization.provider !== input.provider || authorization.host !== input.host) {
    throw invalid(`The authorization is for ${PROVIDER_LABELS[authorization.provider]}, not ${PROVIDER_LABELS[input.provider]}. Authorize again.`, [
      { path: "body.authorizationId", message: "was made for another provider or host" },
    ]);
  }
  const organizations = await chooseOrganizations(input.organizations, input.provider, input.host, authorization.id, undefined);

  try {
    const id = await db.$transaction(async (tx) => {
      const resourceGroupId = target.resourceGroupId ?? (await tx.resourceGroup.create({ data: { subscriptionId: target.subscriptionId, name: target.newName! } })).id;
      if (target.newName) {
        await recordAuditEvent({ actor: actorOf(caller), action: "resource_group.create", summary: `Created resource group "${target.newName}" for connector ${input.name}`, target: { type: "resource_group", id: resourceGroupId }, meta }, tx);
      }
      const connector = await tx.connector.create({
        data: {
          name: input.name,
          provider: input.provider,
          host: input.host,
          resourceGroupId,
          region: input.region,
          organizationMode: input.organizations.mode,
          authorizationId: authorization.id,
          authState: "CONNECTED",
          createdById: caller.user.id,
          ...scanningData(input.scanning),
          organizations: {
            create: organizations.map((o) => ({ provider: input.provider, host: input.host, externalId: o.id, name: o.name, url: o.url })),
          },
        },
      });
      await recordAuditEvent(
        {
          actor: actorOf(caller),
          action: "connector.create",
          summary: `Created ${PROVIDER_LABELS[input.provider]} connector ${input.name} with ${organizations.length} ${organizations.length === 1 ? ORGANIZATION_NOUN[input.provider].one : ORGANIZATION_NOUN[input.provider].many} (${organizations.map((o) => o.name).join(", ")}), as ${authorization.identityLogin}`,
          target: { type: "connector", id: connector.id },
          meta,
          details: { region: input.region, organizationMode: input.organizations.mode, scanning: input.scanning },
        },
        tx,
      );
      return connector.id;
    });
    // Seed 001: repositories are discovered right after the connector is created.
    await queueDiscovery(id, "created").catch((error: unknown) => console.error(`rampart: could not queue the first discovery of ${input.name}:`, error));
    return getConnector(caller, id);
  } catch (error) {
    const fields = uniqueViolation(error);
    if (fields?.includes("name")) throw new ApiError(409, `A connector named "${input.name}" already exists. Choose another name.`, { errors: [{ path: "body.name", message: "is already taken" }] });
    if (fields?.includes("externalId")) throw conflict(`Another connector onboarded one of these ${ORGANIZATION_NOUN[input.provider].many} a moment ago. Review the list and try again.`);
    if (fields?.includes("authorizationId")) throw invalid("This authorization already belongs to a connector. Authorize again.", [{ path: "body.authorizationId", message: "is already used" }]);
    throw error;
  }
}

export async function updateConnector(caller: Caller, id: string, input: UpdateConnectorInput, meta: RequestMeta): Promise<ConnectorView> {
  const current = await loadVisible(caller, id);
  assertAccess(caller, "connectors.update", pathOf(current), "The connector");
  if (input.scanning) {
    const problems = checkScopeEntriesList(current.provider, input.scanning.scopeEntries, "body.scanning");
    if (problems.length) throw invalid(problems[0]!.message, problems);
  }
  let newAuthorization: Awaited<ReturnType<typeof usableAuthorization>> | undefined;
  if (input.authorizationId && input.authorizationId !== current.authorizationId) {
    newAuthorization = await usableAuthorization(caller, input.authorizationId);
    if (newAuthorization.connector) throw invalid("This authorization already belongs to a connector. Authorize again.", [{ path: "body.authorizationId", message: "is already used" }]);
    if (newAuthorization.provider !== current.provider || newAuthorization.host !== current.host) {
      throw invalid("Re-authorize with the connector's own provider and host.", [{ path: "body.authorizationId", message: "was made for another provider or host" }]);
    }
  }
  const authorizationId = newAuthorization?.id ?? current.authorizationId;
  let organizations: OrganizationCandidate[] | undefined;
  if (input.organizations) {
    if (!authorizationId) throw invalid("Re-authorize the connector before changing its organizations.", [{ path: "body.authorizationId", message: "is required" }]);
    organizations = await chooseOrganizations(input.organizations, current.provider, current.host, authorizationId, current.id);
  }
  const changes: string[] = [];
  if (newAuthorization) changes.push(`re-authorized as ${newAuthorization.identityLogin}`);
  if (organizations) changes.push(`${ORGANIZATION_NOUN[current.provider].many}: ${input.organizations!.mode === "SELECTED" ? organizations.map((o) => o.name).join(", ") : input.organizations!.mode.toLowerCase().replace(/_/g, " ")}`);
  if (input.scanning) changes.push("scanning settings");
  try {
    await db.$transaction(async (tx) => {
      if (organizations) {
        await tx.connectorOrganization.deleteMany({ where: { connectorId: id, externalId: { notIn: organizations.map((o) => o.id) } } });
        const kept = new Set((await tx.connectorOrganization.findMany({ where: { connectorId: id }, select: { externalId: true } })).map((o) => o.externalId));
        await tx.connectorOrganization.createMany({
          data: organizations.filter((o) => !kept.has(o.id)).map((o) => ({ connectorId: id, provider: current.provider, host: current.host, externalId: o.id, name: o.name, url: o.url })),
        });
      }
      await tx.connector.update({
        where: { id },
        data: {
          ...(organizations ? { organizationMode: input.organizations!.mode } : {}),
          ...(input.scanning ? scanningData(input.scanning) : {}),
          ...(newAuthorization ? { authorizationId: newAuthorization.id, authState: "CONNECTED", authError: null } : {}),
        },
      });
      if (newAuthorization && current.authorizationId) await tx.providerAuthorization.delete({ where: { id: current.authorizationId } });
      await recordAuditEvent({ actor: actorOf(caller), action: "connector.update", summary: `Updated connector ${current.name}: ${changes.join("; ") || "no changes"}`, target: { type: "connector", id }, meta }, tx);
    });
  } catch (error) {
    if (uniqueViolation(error)?.includes("externalId")) throw conflict(`Another connector onboarded one of these ${ORGANIZATION_NOUN[current.provider].many} a moment ago. Review the list and try again.`);
    throw error;
  }
  if (input.scanning) await applyScanningSettings(id, current);
  return getConnector(caller, id);
}

/** What a Security Admin may change: the scanning settings only. */
export async function updateScanning(caller: Caller, id: string, scanning: ScanningSettings, meta: RequestMeta): Promise<ConnectorView> {
  const current = await loadVisible(caller, id);
  assertAccess(caller, "scanning.manage", pathOf(current), "The connector");
  const problems = checkScopeEntriesList(current.provider, scanning.scopeEntries, "body");
  if (problems.length) throw invalid(problems[0]!.message, problems);
  await db.$transaction(async (tx) => {
    await tx.connector.update({ where: { id }, data: scanningData(scanning) });
    await recordAuditEvent(
      { actor: actorOf(caller), action: "connector.scanning_update", summary: `Changed the scanning settings of connector ${current.name}`, target: { type: "connector", id }, meta, details: { scanning } },
      tx,
    );
  });
  await applyScanningSettings(id, current);
  return getConnector(caller, id);
}

/** Refresh: discover the connector's repositories now (one waits at most per connector). */
export async function refreshConnector(caller: Caller, id: string, meta: RequestMeta): Promise<{ jobId: string | null }> {
  const current = await loadVisible(caller, id);
  assertAccess(caller, "discovery.run", pathOf(current), "The connector");
  const jobId = await queueDiscovery(id, "manual");
  await recordAuditEvent({ actor: actorOf(caller), action: "connector.refresh", summary: `Asked for a discovery of connector ${current.name}`, target: { type: "connector", id }, meta });
  return { jobId };
}

export async function deleteConnector(caller: Caller, id: string, meta: RequestMeta): Promise<void> {
  const current = await loadVisible(caller, id);
  assertAccess(caller, "connectors.delete", pathOf(current), "The connector");
  await db.$transaction(async (tx) => {
    await tx.connector.delete({ where: { id } });
    if (current.authorizationId) await tx.providerAuthorization.delete({ where: { id: current.authorizationId } });
    await recordAuditEvent(
      {
        actor: actorOf(caller),
        action: "connector.delete",
        summary: `Deleted ${PROVIDER_LABELS[current.provider]} connector ${current.name} and its ${current.organizations.length} ${ORGANIZATION_NOUN[current.provider].many}`,
        target: { type: "connector", id },
        meta,
      },
      tx,
    );
  });
  forgetCallers();
}
