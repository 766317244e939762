import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { DiscoveredPostureResource } from "@/lib/recommendations/posture-facts";
import type { ProviderName } from "@/lib/schemas/connectors";
import { withProvider } from "../connectors/access-tokens";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { refreshConnectorRollups } from "../findings/finding-counts";
import { knownFacts, type DiscoveredRepository, type ProviderClient } from "../providers/provider-client";
import { ProviderError } from "../providers/provider-error";
import { assessConnector } from "../recommendations/assess-connector";
import { inScanScope } from "./scan-scope";

/**
 * One discovery of a connector: its organizations (adding new ones in "all existing and
 * future" mode), every repository in them, per repository what seed 002 shows and the
 * security settings posture recommendations judge, and each organization's other posture
 * resources (the GitHub organization; Azure DevOps pipelines, service connections,
 * variable groups and secure files). Idempotent: a second run with nothing changed at the
 * provider writes nothing but the run record. A repository or posture resource that
 * disappeared is marked removed, never deleted; one organization failing is recorded and
 * the others go on.
 */

export type DiscoveryTrigger = "created" | "schedule" | "manual";

export interface DiscoveryOutcome {
  runId: string;
  state: "SUCCEEDED" | "PARTIAL" | "FAILED";
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  errors: { organization: string; message: string }[];
  /** A rate limit longer than Rampart waits in-process: discover again after this many seconds. */
  retryAfterSeconds?: number;
}

/** Rate limits shorter than this are waited out in the job; longer ones end it and reschedule. */
const MAX_IN_JOB_WAIT_SECONDS = 60;
const RATE_LIMIT_ATTEMPTS = 3;

async function patiently<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const wait = error instanceof ProviderError && error.failure === "rate_limited" ? (error.retryAfterSeconds ?? 30) : undefined;
      if (wait === undefined || wait > MAX_IN_JOB_WAIT_SECONDS || attempt >= RATE_LIMIT_ATTEMPTS) throw error;
      await sleep(wait * 1000 + 250 * attempt);
    }
  }
}

/** The stored fields a discovery sets, to compare with what is stored. */
function fieldsOf(
  provider: ProviderName,
  organization: { id: string; name: string },
  r: DiscoveredRepository,
): Omit<Prisma.RepositoryUncheckedCreateInput, "connectorId" | "inScanScope" | "foundAfterOnboarding"> {
  return {
    provider,
    externalId: r.externalId,
    organizationExternalId: organization.id,
    organizationName: organization.name,
    projectPath: r.projectPath,
    name: r.name,
    nameKey: r.name.toLowerCase(),
    fullName: r.fullName,
    searchKey: r.fullName.toLowerCase(),
    url: r.url,
    cloneUrl: r.cloneUrl,
    defaultBranch: r.defaultBranch,
    visibility: r.visibility,
    archived: r.archived,
    sizeKb: r.sizeKb,
    lastPushAt: r.lastPushAt,
    lastPushKey: r.lastPushAt ?? new Date(0),
    advancedSecurity: r.advancedSecurity.status,
    advancedSecurityOff: r.advancedSecurity.off,
    // Azure DevOps: on or off as its extension data says (no settings: off); elsewhere N/A.
    prAnnotations: r.pullRequestAnnotations === null ? "NOT_AVAILABLE" : r.pullRequestAnnotations.enabled ? "ON" : "OFF",
    prAnnotationCategories: r.pullRequestAnnotations?.enabled ? r.pullRequestAnnotations.categories : [],
    prAnnotationMinSeverity: r.pullRequestAnnotations?.enabled ? r.pullRequestAnnotations.minimumSeverity : null,
    postureFacts: factsJson(r.posture),
  };
}

/** Facts as stored: only the ones read (JSON has no undefined). */
function factsJson(facts: object): Prisma.InputJsonObject {
  return knownFacts(facts) as Prisma.InputJsonObject;
}

/** JSON text with object keys sorted: PostgreSQL's jsonb keeps its own key order, so stored and discovered facts compare by content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function differs(row: object, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).some(([key, value]) => {
    const current = (row as Record<string, unknown>)[key];
    if (value instanceof Date || current instanceof Date) return (current as Date | null)?.getTime() !== (value as Date | null)?.getTime();
    if (value !== null && typeof value === "object") return canonical(current) !== canonical(value);
    return current !== value;
  });
}

export async function runDiscovery(connectorId: string, trigger: DiscoveryTrigger): Promise<DiscoveryOutcome> {
  const connector = await db.connector.findUnique({ where: { id: connectorId }, include: { organizations: true } });
  if (!connector) throw new Error(`connector ${connectorId} no longer exists`);
  const run = await db.discoveryRun.create({ data: { connectorId, trigger } });
  const errors: DiscoveryOutcome["errors"] = [];
  /** Organizations whose repositories could not be listed (a failure to read only posture resources leaves the run partial). */
  let failedOrganizations = 0;
  const counts = { added: 0, updated: 0, unchanged: 0, removed: 0 };
  let retryAfterSeconds: number | undefined;
  const firstDiscovery = connector.lastDiscoveryAt === null;
  const now = new Date();

  const finish = async (state: DiscoveryOutcome["state"]): Promise<DiscoveryOutcome> => {
    await db.discoveryRun.update({ where: { id: run.id }, data: { state, finishedAt: new Date(), ...counts, errors } });
    if (state !== "FAILED") await db.connector.update({ where: { id: connectorId }, data: { lastDiscoveryAt: now } });
    // What discovery read decides the posture recommendations and the coverage card; a run
    // that failed after some organizations were recorded still leaves them counted and judged.
    await refreshConnectorRollups([connectorId]);
    await assessConnector(connectorId);
    return { runId: run.id, state, ...counts, errors, retryAfterSeconds };
  };

  if (!connector.authorizationId) {
    errors.push({ organization: "*", message: "The connector has no authorization. Re-authorize it." });
    return finish("FAILED");
  }
  const authorizationId = connector.authorizationId;

  try {
    await withProvider(authorizationId, async (client: ProviderClient) => {
      let organizations = connector.organizations.map((o) => ({ id: o.externalId, name: o.name, url: o.url }));
      if (connector.organizationMode === "ALL_EXISTING_AND_FUTURE") {
        organizations = await addNewOrganizations(client, connector.id, connector.provider, connector.host, organizations);
      }
      for (const organization of organizations) {
        let repositories: DiscoveredRepository[];
        const failed = (error: unknown, message: (m: string) => string) => {
          if (!(error instanceof ProviderError) || error.failure === "unauthorized") throw error;
          if (error.failure === "rate_limited") retryAfterSeconds = Math.max(retryAfterSeconds ?? 0, error.retryAfterSeconds ?? 60);
          errors.push({ organization: organization.name, message: message(error.message) });
        };
        try {
          repositories = await patiently(() => client.repositories(organization));
        } catch (error) {
          failed(error, (m) => m);
          failedOrganizations++;
          continue;
        }
        await record(connector, organization, repositories, firstDiscovery, now, counts);
        let resources: DiscoveredPostureResource[];
        try {
          resources = await patiently(() => client.postureResources(organization));
        } catch (error) {
          // Its repositories are recorded; its posture resources stay as the last discovery left them.
          failed(error, (m) => `Its repositories were discovered, but not its other security settings: ${m}`);
          continue;
        }
        await recordPostureResources(connector, organization, resources, now);
      }
    });
  } catch (error) {
    const message = error instanceof ProviderError ? error.message : error instanceof Error ? error.message : String(error);
    errors.push({ organization: "*", message });
    const outcome = await finish("FAILED");
    // Retrying cannot fix a refused authorization: the connector shows why, and a person
    // re-authorizes. Anything else (network, provider outage) is retried by the queue.
    if (error instanceof ProviderError && error.failure === "unauthorized") return outcome;
    throw error;
  }
  const failedAll = failedOrganizations > 0 && failedOrganizations >= Math.max(1, connector.organizations.length);
  return finish(errors.length === 0 ? "SUCCEEDED" : failedAll ? "FAILED" : "PARTIAL");
}

/** "All existing and future": organizations the identity now administers that no connector has yet. */
async function addNewOrganizations(
  client: ProviderClient,
  connectorId: string,
  provider: ProviderName,
  host: string,
  known: { id: string; name: string; url: string }[],
) {
  const candidates = await patiently(() => client.organizations());
  const taken = new Set(
    (await db.connectorOrganization.findMany({ where: { provider, host, externalId: { in: candidates.map((c) => c.id) } }, select: { externalId: true } })).map((o) => o.externalId),
  );
  const fresh = candidates.filter((c) => c.canAdminister && !taken.has(c.id));
  if (fresh.length) {
    await db.connectorOrganization.createMany({
      data: fresh.map((c) => ({ connectorId, provider, host, externalId: c.id, name: c.name, url: c.url })),
      skipDuplicates: true,
    });
  }
  return [...known, ...fresh.map((c) => ({ id: c.id, name: c.name, url: c.url }))];
}

/** Upserts one organization's repositories and marks those it no longer has as removed. */
async function record(
  connector: { id: string; provider: ProviderName; scanScopeMode: "EXCLUSION" | "INCLUSION"; scanScopeEntries: string[]; autodiscovery: boolean },
  organization: { id: string; name: string },
  repositories: DiscoveredRepository[],
  firstDiscovery: boolean,
  now: Date,
  counts: { added: number; updated: number; unchanged: number; removed: number },
) {
  const existing = new Map(
    (await db.repository.findMany({ where: { connectorId: connector.id, organizationExternalId: organization.id } })).map((r) => [r.externalId, r]),
  );
  await db.$transaction(async (tx) => {
    for (const discovered of repositories) {
      const fields = fieldsOf(connector.provider, organization, discovered);
      const row = existing.get(discovered.externalId);
      const foundAfterOnboarding = row ? row.foundAfterOnboarding : !firstDiscovery;
      const scope = inScanScope(connector.provider, connector, { organizationName: organization.name, projectPath: discovered.projectPath, name: discovered.name }, foundAfterOnboarding);
      const wanted = { ...fields, inScanScope: scope, removedAt: null };
      if (!row) {
        await tx.repository.create({ data: { ...wanted, connectorId: connector.id, foundAfterOnboarding, firstSeenAt: now } });
        counts.added++;
      } else if (differs(row, wanted)) {
        await tx.repository.update({ where: { id: row.id }, data: wanted });
        counts.updated++;
      } else {
        counts.unchanged++;
      }
    }
    const seen = new Set(repositories.map((r) => r.externalId));
    const gone = [...existing.values()].filter((r) => !seen.has(r.externalId) && r.removedAt === null).map((r) => r.id);
    if (gone.length) {
      await tx.repository.updateMany({ where: { id: { in: gone } }, data: { removedAt: now } });
      counts.removed += gone.length;
    }
  });
}

/**
 * Upserts one organization's posture resources, as record() does its repositories: new
 * ones created, changed ones updated, ones no longer reported marked removed (and brought
 * back when they return).
 */
async function recordPostureResources(
  connector: { id: string; provider: ProviderName },
  organization: { id: string; name: string },
  resources: DiscoveredPostureResource[],
  now: Date,
) {
  const key = (r: { kind: string; externalId: string }) => `${r.kind}:${r.externalId}`;
  const existing = new Map(
    (await db.postureResource.findMany({ where: { connectorId: connector.id, organizationExternalId: organization.id } })).map((r) => [key(r), r]),
  );
  await db.$transaction(async (tx) => {
    for (const discovered of resources) {
      const wanted = {
        provider: connector.provider,
        organizationExternalId: organization.id,
        organizationName: organization.name,
        projectPath: discovered.projectPath,
        name: discovered.name,
        url: discovered.url,
        facts: factsJson(discovered.facts),
        removedAt: null,
      };
      const row = existing.get(key(discovered));
      if (!row) {
        await tx.postureResource.create({ data: { ...wanted, connectorId: connector.id, kind: discovered.kind, externalId: discovered.externalId, firstSeenAt: now } });
      } else if (differs(row, wanted)) {
        await tx.postureResource.update({ where: { id: row.id }, data: wanted });
      }
    }
    const seen = new Set(resources.map(key));
    const gone = [...existing.values()].filter((r) => !seen.has(key(r)) && r.removedAt === null).map((r) => r.id);
    if (gone.length) await tx.postureResource.updateMany({ where: { id: { in: gone } }, data: { removedAt: now } });
  });
}
