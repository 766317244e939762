import "server-only";
import { recommendationById, resourceTypeLabel, type RecommendationDefinition } from "@/lib/recommendations/catalog";
import { EXEMPTION_REASON_LABELS, type ExemptionResult, type ExemptResourcesInput, type RemoveExemptionsInput } from "@/lib/schemas/recommendations";
import { ApiError, notFound } from "../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { accessTo, auditActor, type Caller } from "../authz/caller";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { lockRepositories } from "../findings/lapse-expired-dismissals";
import { assessPostureResources, assessRepositories } from "./assess";

/**
 * Exempting resources from a recommendation (POST /api/v1/recommendations/{id}/exemptions)
 * and withdrawing exemptions (…/exemptions/remove). Defender for Cloud has no DevOps
 * exemptions; people ask for them, so Rampart has them, with Defender's two reasons, a
 * comment and an optional expiry. Everything named is checked before anything is written
 * (404 unknown or unseen, 403 where the role may not triage, 422 removed); then one
 * transaction writes the exemptions, re-assesses the resources (Exempt, or back to what
 * evaluation says) and records one audit event. Expired exemptions lapse by themselves.
 */

type Tx = Prisma.TransactionClient;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

interface Resource {
  id: string;
  connectorId: string;
  fullName: string;
  removed: boolean;
  path: { subscriptionId: string; resourceGroupId: string; connectorId: string };
}

const connectorPath = { select: { id: true, resourceGroupId: true, resourceGroup: { select: { subscriptionId: true } } } } as const;

async function loadResources(tx: Tx, definition: RecommendationDefinition, ids: string[]): Promise<Resource[]> {
  const toPath = (c: { id: string; resourceGroupId: string; resourceGroup: { subscriptionId: string } }) => ({
    subscriptionId: c.resourceGroup.subscriptionId,
    resourceGroupId: c.resourceGroupId,
    connectorId: c.id,
  });
  if (definition.resourceType === "REPOSITORY") {
    const rows = await tx.repository.findMany({
      where: { id: { in: ids }, provider: definition.provider },
      select: { id: true, connectorId: true, fullName: true, removedAt: true, connector: connectorPath },
    });
    return rows.map((r) => ({ id: r.id, connectorId: r.connectorId, fullName: r.fullName, removed: r.removedAt !== null, path: toPath(r.connector) }));
  }
  const rows = await tx.postureResource.findMany({
    where: { id: { in: ids }, provider: definition.provider, kind: definition.resourceType },
    select: { id: true, connectorId: true, name: true, organizationName: true, projectPath: true, removedAt: true, connector: connectorPath },
  });
  return rows.map((r) => ({
    id: r.id,
    connectorId: r.connectorId,
    fullName: [r.organizationName, r.projectPath, r.name].filter(Boolean).join("/"),
    removed: r.removedAt !== null,
    path: toPath(r.connector),
  }));
}

/** The checks, then the resources' row locks. */
async function checkAndLock(tx: Tx, caller: Caller, definition: RecommendationDefinition, rawIds: string[]): Promise<Resource[]> {
  const ids = [...new Set(rawIds.map((id) => id.toLowerCase()))];
  const noun = resourceTypeLabel(definition.resourceType, definition.provider).toLowerCase();
  const nouns = resourceTypeLabel(definition.resourceType, definition.provider, true).toLowerCase();
  const found = (await loadResources(tx, definition, ids)).filter((r) => accessTo(caller, "workspace.read", r.path) === "allowed");
  const seen = new Set(found.map((r) => r.id));
  const missing = ids.filter((id) => !seen.has(id));
  if (missing.length) {
    throw new ApiError(
      404,
      ids.length === 1
        ? `The ${noun} was not found among the resources of this recommendation.`
        : `${plural(missing.length, noun, nouns)} of the ${plural(ids.length, noun, nouns)} named ${missing.length === 1 ? "was" : "were"} not found among the resources of this recommendation; nothing was changed.`,
      { errors: missing.slice(0, 20).map((id) => ({ path: `body.resourceIds.${rawIds.findIndex((r) => r.toLowerCase() === id)}`, message: "Not found" })) },
    );
  }
  const refused = found.filter((r) => accessTo(caller, "findings.triage", r.path) !== "allowed");
  if (refused.length) {
    const names = refused.map((r) => r.fullName).sort();
    throw new ApiError(403, `Your role does not allow you to exempt resources in ${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""}; nothing was changed.`);
  }
  const removed = found.filter((r) => r.removed);
  if (removed.length) {
    throw new ApiError(422, `${removed.map((r) => r.fullName).slice(0, 3).join(", ")} ${removed.length === 1 ? "was" : "were"} removed from the provider and ${removed.length === 1 ? "has" : "have"} no assessment to exempt; nothing was changed.`);
  }
  if (definition.resourceType === "REPOSITORY") await lockRepositories(tx, ids);
  else await tx.$queryRaw`SELECT id FROM "PostureResource" WHERE id = ANY(${ids.sort()}::uuid[]) ORDER BY id FOR UPDATE`;
  return found;
}

function definitionOf(id: string): RecommendationDefinition {
  const definition = recommendationById(id);
  if (!definition) throw notFound("The recommendation");
  return definition;
}

const reassess = (tx: Tx, definition: RecommendationDefinition, ids: string[]) =>
  definition.resourceType === "REPOSITORY" ? assessRepositories(tx, ids) : assessPostureResources(tx, ids);

const resourceColumn = (definition: RecommendationDefinition) => (definition.resourceType === "REPOSITORY" ? "repositoryId" : "postureResourceId");

function whatSummary(definition: RecommendationDefinition, resources: Resource[]): string {
  return resources.length === 1 ? resources[0]!.fullName : plural(resources.length, resourceTypeLabel(definition.resourceType, definition.provider).toLowerCase(), resourceTypeLabel(definition.resourceType, definition.provider, true).toLowerCase());
}

export async function exemptResources(caller: Caller, recommendationId: string, input: ExemptResourcesInput, meta: RequestMeta): Promise<ExemptionResult> {
  const definition = definitionOf(recommendationId);
  const actor = auditActor(caller);
  const comment = input.comment?.trim() || null;
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  return db.$transaction(
    async (tx) => {
      const resources = await checkAndLock(tx, caller, definition, input.resourceIds);
      const column = resourceColumn(definition);
      const ids = resources.map((r) => r.id);
      // Exempting again replaces the earlier exemption (new reason, comment, expiry).
      await tx.exemption.deleteMany({ where: { recommendationId: definition.id, [column]: { in: ids } } });
      await tx.exemption.createMany({
        data: resources.map((r) => ({
          recommendationId: definition.id,
          connectorId: r.connectorId,
          [column]: r.id,
          reason: input.reason,
          comment,
          expiresAt,
          createdById: caller.user.id,
          createdByEmail: actor.email,
        })),
      });
      await reassess(tx, definition, ids);
      await recordAuditEvent(
        {
          actor,
          action: "recommendation.exempt",
          summary: `Exempted ${whatSummary(definition, resources)} from "${definition.title}" as ${EXEMPTION_REASON_LABELS[input.reason].toLowerCase()}${expiresAt ? ` until ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}`,
          target: { type: "recommendation", id: definition.id },
          meta,
          details: { recommendationId: definition.id, resourceIds: ids, reason: input.reason, comment, expiresAt: expiresAt?.toISOString() ?? null },
        },
        tx,
      );
      return { count: ids.length };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

export async function removeExemptions(caller: Caller, recommendationId: string, input: RemoveExemptionsInput, meta: RequestMeta): Promise<ExemptionResult> {
  const definition = definitionOf(recommendationId);
  const actor = auditActor(caller);
  return db.$transaction(
    async (tx) => {
      const resources = await checkAndLock(tx, caller, definition, input.resourceIds);
      const column = resourceColumn(definition);
      const ids = resources.map((r) => r.id);
      const { count } = await tx.exemption.deleteMany({ where: { recommendationId: definition.id, [column]: { in: ids } } });
      if (count === 0) return { count: 0 };
      await reassess(tx, definition, ids);
      await recordAuditEvent(
        {
          actor,
          action: "recommendation.exemption_remove",
          summary: `Removed the exemption of ${whatSummary(definition, resources)} from "${definition.title}"`,
          target: { type: "recommendation", id: definition.id },
          meta,
          details: { recommendationId: definition.id, resourceIds: ids },
        },
        tx,
      );
      return { count };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/**
 * Exemptions that expired lapse: deleted, their resources re-assessed, one audit event per
 * recommendation. A job runs it every 5 minutes; the recommendations' reads run it first
 * too (a cheap indexed look when nothing is due).
 */
export async function lapseExpiredExemptions(now: Date = new Date()): Promise<number> {
  const due = await db.exemption.findMany({ where: { expiresAt: { lte: now } }, select: { id: true, recommendationId: true, repositoryId: true, postureResourceId: true } });
  if (due.length === 0) return 0;
  return db.$transaction(
    async (tx) => {
      const repositoryIds = due.flatMap((d) => (d.repositoryId ? [d.repositoryId] : []));
      const resourceIds = due.flatMap((d) => (d.postureResourceId ? [d.postureResourceId] : []));
      await lockRepositories(tx, repositoryIds);
      if (resourceIds.length) await tx.$queryRaw`SELECT id FROM "PostureResource" WHERE id = ANY(${[...new Set(resourceIds)].sort()}::uuid[]) ORDER BY id FOR UPDATE`;
      const { count } = await tx.exemption.deleteMany({ where: { id: { in: due.map((d) => d.id) }, expiresAt: { lte: now } } });
      await assessRepositories(tx, [...new Set(repositoryIds)]);
      await assessPostureResources(tx, [...new Set(resourceIds)]);
      const byRecommendation = new Map<string, string[]>();
      for (const d of due) byRecommendation.set(d.recommendationId, [...(byRecommendation.get(d.recommendationId) ?? []), d.repositoryId ?? d.postureResourceId ?? ""]);
      for (const [id, ids] of byRecommendation) {
        const title = recommendationById(id)?.title ?? id;
        await recordAuditEvent(
          {
            actor: null,
            action: "recommendation.exemption_expire",
            summary: `${ids.length === 1 ? "The exemption" : `${ids.length} exemptions`} from "${title}" expired`,
            target: { type: "recommendation", id },
            details: { recommendationId: id, resourceIds: ids },
          },
          tx,
        );
      }
      return count;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
