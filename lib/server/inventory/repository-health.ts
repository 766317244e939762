import "server-only";
import type { Permission } from "@/lib/auth/permissions";
import { recommendationById, type AssessmentStateName } from "@/lib/recommendations/catalog";
import { PROVIDER_LABELS } from "@/lib/schemas/connectors";
import type { FindingTypeName, SeverityName } from "@/lib/schemas/findings";
import type { DiscoveryRunView, RepositoryHealth, RepositoryRefresh } from "@/lib/schemas/repository-health";
import { notFound } from "../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { accessTo, assertAccess, type Caller } from "../authz/caller";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { pendingDiscovery, queueDiscovery } from "../discovery/discovery-jobs";
import { entryMatches } from "../discovery/scan-scope";
import { lapseExpiredDismissals } from "../findings/lapse-expired-dismissals";
import { hostLabel } from "../providers/hosts";

/**
 * One repository's health: where it lives, its statuses, open findings, the findings
 * recommendations that affect it and its environment's discovery history, for a caller
 * who may see its connector. One it may not see answers exactly as one that does not
 * exist, and so does an id that is not a uuid.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RUNS_SHOWN = 20;
const NOT_FOUND = "The repository";

const repositoryInclude = {
  connector: { include: { resourceGroup: { include: { subscription: true } } } },
} satisfies Prisma.RepositoryInclude;

export type RepositoryRow = Prisma.RepositoryGetPayload<{ include: typeof repositoryInclude }>;

/** Where a repository sits in the scope tree (what access is decided on). */
export const pathOf = (r: { connectorId: string; connector: { resourceGroupId: string; resourceGroup: { subscriptionId: string } } }) => ({
  subscriptionId: r.connector.resourceGroup.subscriptionId,
  resourceGroupId: r.connector.resourceGroupId,
  connectorId: r.connectorId,
});

/**
 * The repository, if it exists and the caller may see it (`permission` there: reading
 * unless said otherwise). The findings and scans of a repository are loaded through it.
 */
export async function loadVisibleRepository(caller: Caller, id: string, permission: Permission = "workspace.read"): Promise<RepositoryRow | null> {
  if (!UUID.test(id)) return null;
  const row = await db.repository.findUnique({ where: { id }, include: repositoryInclude });
  if (!row || accessTo(caller, permission, pathOf(row)) !== "allowed") return null;
  return row;
}

const loadVisible = (caller: Caller, id: string) => loadVisibleRepository(caller, id);

/** Only http(s) addresses become links: a provider's answer is not trusted to be one. */
export function webUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** The project (Azure DevOps) or subgroup (GitLab) page: below the organization's, segment by segment. */
function projectUrl(organizationUrl: string | null, projectPath: string): string | null {
  if (!organizationUrl) return null;
  return webUrl(`${organizationUrl.replace(/\/+$/, "")}/${projectPath.split("/").map(encodeURIComponent).join("/")}`);
}

function scanScopeOf(r: RepositoryRow): RepositoryHealth["scanScope"] {
  const c = r.connector;
  const where = `the ${c.name} environment`;
  if (!c.scanningEnabled) return { inScope: r.inScanScope, scanningEnabled: false, reason: `Agentless scanning is off for ${where}.` };
  if (r.inScanScope) return { inScope: true, scanningEnabled: true, reason: `Agentless scanning of ${where} includes it.` };
  const listed = c.scanScopeEntries.some((e) => entryMatches(r.provider, e, r));
  let reason: string;
  if (c.scanScopeMode === "EXCLUSION" && listed) reason = `The scanning scope of ${where} excludes it.`;
  else if (c.scanScopeMode === "INCLUSION" && !listed) reason = `The scanning scope of ${where} lists only the repositories to scan, and not this one.`;
  else if (r.foundAfterOnboarding && !c.autodiscovery) reason = `It was found after onboarding, and autodiscovery is off for ${where}.`;
  else reason = `Excluded when it was last discovered; the scanning scope of ${where} has changed since, and the next discovery applies it.`;
  return { inScope: false, scanningEnabled: true, reason };
}

function runView(run: { id: string; trigger: string; state: DiscoveryRunView["state"]; startedAt: Date; finishedAt: Date | null; added: number; updated: number; unchanged: number; removed: number; errors: Prisma.JsonValue }): DiscoveryRunView {
  const errors = Array.isArray(run.errors)
    ? run.errors.flatMap((e) => {
        const entry = e as { organization?: unknown; message?: unknown } | null;
        return entry && typeof entry.message === "string" ? [{ organization: typeof entry.organization === "string" ? entry.organization : "*", message: entry.message }] : [];
      })
    : [];
  return {
    id: run.id,
    trigger: run.trigger,
    state: run.state,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    added: run.added,
    updated: run.updated,
    unchanged: run.unchanged,
    removed: run.removed,
    errors,
  };
}

const STATE_ORDER: Record<AssessmentStateName, number> = { UNHEALTHY: 0, EXEMPT: 1, HEALTHY: 2, NOT_APPLICABLE: 3 };
const SEVERITY_ORDER: Record<SeverityName, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

/** Its assessments as the page lists them: unhealthy first (most severe, then most findings), then exempt, healthy, not applicable. */
function recommendationsOf(assessments: { recommendationId: string; state: AssessmentStateName; reason: string; openFindings: number }[]): RepositoryHealth["recommendations"] {
  return assessments
    .flatMap((a) => {
      const d = recommendationById(a.recommendationId);
      return d
        ? [{ id: d.id, title: d.title, description: d.description, severity: d.severity, kind: d.kind, findingType: d.kind === "FINDINGS" ? d.findingType : null, state: a.state, reason: a.reason, openFindings: a.openFindings }]
        : [];
    })
    .sort(
      (a, b) =>
        STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        b.openFindings - a.openFindings ||
        (a.kind === b.kind ? 0 : a.kind === "FINDINGS" ? -1 : 1) ||
        a.title.localeCompare(b.title),
    );
}

/** The repository's health page, or null when there is none the caller may see. */
export async function findRepositoryHealth(caller: Caller, id: string): Promise<RepositoryHealth | null> {
  let r = await loadVisible(caller, id);
  if (!r) return null;
  // Dismissals that expired since the job last ran lapse now, so the open counts are current.
  if (await lapseExpiredDismissals(new Date(), { repositoryId: r.id })) r = (await loadVisible(caller, id)) ?? r;
  const [organization, runs, pending, activeScan, assessments] = await Promise.all([
    db.connectorOrganization.findFirst({ where: { connectorId: r.connectorId, externalId: r.organizationExternalId }, select: { url: true } }),
    db.discoveryRun.findMany({ where: { connectorId: r.connectorId }, orderBy: { startedAt: "desc" }, take: RUNS_SHOWN }),
    pendingDiscovery(r.connectorId),
    db.scan.findFirst({ where: { repositoryId: r.id, source: "AGENTLESS", state: { in: ["PENDING", "PROCESSING"] } }, select: { id: true, state: true } }),
    db.assessment.findMany({ where: { repositoryId: r.id }, select: { recommendationId: true, state: true, reason: true, openFindings: true } }),
  ]);
  const organizationUrl = webUrl(organization?.url);
  const bySeverity: Record<SeverityName, number> = { CRITICAL: r.findingsCritical, HIGH: r.findingsHigh, MEDIUM: r.findingsMedium, LOW: r.findingsLow };
  const byType: Record<FindingTypeName, number> = {
    CODE: r.findingsCode,
    SECRETS: r.findingsSecrets,
    DEPENDENCY: r.findingsDependency,
    IAC: r.findingsIac,
    CONTAINER: r.findingsContainer,
  };
  const prOn = r.prAnnotations === "ON";
  return {
    id: r.id,
    name: r.name,
    fullName: r.fullName,
    provider: r.provider,
    url: webUrl(r.url),
    cloneUrl: webUrl(r.cloneUrl),
    organization: { name: r.organizationName, url: organizationUrl },
    project: r.projectPath ? { path: r.projectPath, url: projectUrl(organizationUrl, r.projectPath) } : null,
    defaultBranch: r.defaultBranch,
    visibility: r.visibility as RepositoryHealth["visibility"],
    archived: r.archived,
    sizeKb: r.sizeKb,
    lastPushAt: r.lastPushAt?.toISOString() ?? null,
    connector: { id: r.connector.id, name: r.connector.name, host: hostLabel(r.provider, r.connector.host).label },
    subscription: { id: r.connector.resourceGroup.subscription.id, name: r.connector.resourceGroup.subscription.name },
    resourceGroup: { id: r.connector.resourceGroup.id, name: r.connector.resourceGroup.name },
    advancedSecurity: { status: r.advancedSecurity, off: r.advancedSecurityOff },
    prAnnotations: { status: r.prAnnotations, categories: prOn ? r.prAnnotationCategories : [], minSeverity: prOn ? r.prAnnotationMinSeverity : null },
    scanScope: scanScopeOf(r),
    agentless: {
      status: r.agentlessStatus,
      reason: r.agentlessReason,
      lastScanAt: r.lastAgentlessScanAt?.toISOString() ?? null,
      active: activeScan ? { scanId: activeScan.id, state: activeScan.state === "PROCESSING" ? "running" : "pending" } : null,
    },
    findings: { total: r.findingsOpen, bySeverity, byType },
    recommendations: recommendationsOf(assessments),
    firstSeenAt: r.firstSeenAt.toISOString(),
    removedAt: r.removedAt?.toISOString() ?? null,
    lastScanAt: r.lastScanAt?.toISOString() ?? null,
    discovery: {
      lastDiscoveryAt: r.connector.lastDiscoveryAt?.toISOString() ?? null,
      pending,
      runs: runs.map(runView),
    },
    actions: {
      refresh: accessTo(caller, "discovery.run", pathOf(r)) === "allowed",
      triage: accessTo(caller, "findings.triage", pathOf(r)) === "allowed",
      scan: accessTo(caller, "scans.run", pathOf(r)) === "allowed",
    },
  };
}

export async function getRepositoryHealth(caller: Caller, id: string): Promise<RepositoryHealth> {
  const health = await findRepositoryHealth(caller, id);
  if (!health) throw notFound(NOT_FOUND);
  return health;
}

/**
 * Refresh on a repository: discovery runs per connector, so this queues its connector's
 * discovery (one waits at most per connector, shared with the environment's Refresh). A
 * removed repository may be refreshed too: the discovery restores it if the provider
 * has it again, and otherwise it stays removed.
 */
export async function refreshRepository(caller: Caller, id: string, meta: RequestMeta): Promise<RepositoryRefresh> {
  const r = await loadVisible(caller, id);
  if (!r) throw notFound(NOT_FOUND);
  assertAccess(caller, "discovery.run", pathOf(r), NOT_FOUND);
  const jobId = await queueDiscovery(r.connectorId, "manual");
  await recordAuditEvent({
    actor: { id: caller.user.id, email: caller.user.email },
    action: "repository.refresh",
    summary: `Asked for a discovery of connector ${r.connector.name} from ${PROVIDER_LABELS[r.provider]} repository ${r.fullName}${r.removedAt ? " (marked removed)" : ""}`,
    target: { type: "repository", id: r.id },
    meta,
    details: { connectorId: r.connectorId, jobId },
  });
  return { jobId, connector: { id: r.connector.id, name: r.connector.name }, repositoryRemoved: r.removedAt !== null };
}
