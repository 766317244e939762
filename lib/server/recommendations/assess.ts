import "server-only";
import {
  repositoryRecommendations,
  resourceRecommendations,
  type AssessmentStateName,
  type EvaluatedState,
  type PostureResourceEvaluationInput,
} from "@/lib/recommendations/catalog";
import type { PostureResourceKindName, RepositoryPostureFacts } from "@/lib/recommendations/posture-facts";
import type { ProviderName } from "@/lib/schemas/connectors";
import type { FindingTypeName } from "@/lib/schemas/findings";
import { Prisma } from "../db/generated/client";
import type { Executor } from "../findings/finding-counts";

/**
 * Assessments: every recommendation of the catalog judged for every resource it applies
 * to, stored one row per (recommendation, resource), with the per-connector rollup
 * (RecommendationRollup) moved by each change, so that lists and cards sum a few rows.
 *
 * A resource is re-assessed whenever what decides it may have changed: its findings
 * (recountFindings calls assessRepositories), its settings (after each discovery), an
 * exemption given, removed or lapsed. Callers hold the resources' row locks (ingestion and
 * triage already do; assessConnector takes them), so that two assessments of one resource
 * never race and the rollup's differences add up.
 */


interface Wanted {
  recommendationId: string;
  connectorId: string;
  resourceId: string;
  evaluatedState: EvaluatedState;
  reason: string;
  openFindings: number;
}

interface Stored {
  id: string;
  recommendationId: string;
  connectorId: string;
  resourceId: string;
  evaluatedState: EvaluatedState;
  state: AssessmentStateName;
  reason: string;
  openFindings: number;
}

type ResourceColumn = "repositoryId" | "postureResourceId";

const BUCKET: Record<AssessmentStateName, "unhealthy" | "healthy" | "notApplicable" | "exempt"> = {
  UNHEALTHY: "unhealthy",
  HEALTHY: "healthy",
  NOT_APPLICABLE: "notApplicable",
  EXEMPT: "exempt",
};

interface RepositoryFacts {
  id: string;
  connectorId: string;
  provider: ProviderName;
  visibility: string;
  archived: boolean;
  live: boolean;
  scanned: boolean;
  findingsCode: number;
  findingsSecrets: number;
  findingsDependency: number;
  findingsIac: number;
  findingsContainer: number;
  postureFacts: RepositoryPostureFacts | null;
}

/** Re-assesses these repositories (removed ones lose their assessments). */
export async function assessRepositories(executor: Executor, repositoryIds: string[]): Promise<void> {
  if (repositoryIds.length === 0) return;
  const rows = await executor.$queryRaw<RepositoryFacts[]>`
    SELECT id::text, "connectorId"::text, provider::text, visibility, archived, "removedAt" IS NULL AS live, "lastScanAt" IS NOT NULL AS scanned,
      "findingsCode", "findingsSecrets", "findingsDependency", "findingsIac", "findingsContainer", "postureFacts"
    FROM "Repository" WHERE id = ANY(${repositoryIds}::uuid[])`;
  const wanted: Wanted[] = [];
  for (const r of rows) {
    if (!r.live) continue;
    const openByType: Record<FindingTypeName, number> = {
      CODE: r.findingsCode,
      SECRETS: r.findingsSecrets,
      DEPENDENCY: r.findingsDependency,
      IAC: r.findingsIac,
      CONTAINER: r.findingsContainer,
    };
    const input = { provider: r.provider, visibility: r.visibility, archived: r.archived, scanned: r.scanned, openByType, facts: r.postureFacts ?? {} };
    for (const definition of repositoryRecommendations(r.provider)) {
      const { state, reason } = definition.evaluate(input);
      wanted.push({
        recommendationId: definition.id,
        connectorId: r.connectorId,
        resourceId: r.id,
        evaluatedState: state,
        reason,
        openFindings: definition.kind === "FINDINGS" ? openByType[definition.findingType] : 0,
      });
    }
  }
  await writeAssessments(executor, "repositoryId", repositoryIds, wanted);
}

/** Re-assesses these posture resources (removed ones lose their assessments). */
export async function assessPostureResources(executor: Executor, resourceIds: string[]): Promise<void> {
  if (resourceIds.length === 0) return;
  const rows = await executor.$queryRaw<{ id: string; connectorId: string; provider: ProviderName; kind: PostureResourceKindName; live: boolean; facts: PostureResourceEvaluationInput["facts"] | null }[]>`
    SELECT id::text, "connectorId"::text, provider::text, kind::text, "removedAt" IS NULL AS live, facts
    FROM "PostureResource" WHERE id = ANY(${resourceIds}::uuid[])`;
  const wanted: Wanted[] = [];
  for (const r of rows) {
    if (!r.live) continue;
    for (const definition of resourceRecommendations(r.provider, r.kind)) {
      const { state, reason } = definition.evaluate({ provider: r.provider, kind: r.kind, facts: r.facts ?? {} });
      wanted.push({ recommendationId: definition.id, connectorId: r.connectorId, resourceId: r.id, evaluatedState: state, reason, openFindings: 0 });
    }
  }
  await writeAssessments(executor, "postureResourceId", resourceIds, wanted);
}

/**
 * Makes the stored assessments of these resources what `wanted` says (exempt where an
 * exemption holds), deletes those no longer wanted, and moves the rollups by the difference.
 */
async function writeAssessments(executor: Executor, column: ResourceColumn, resourceIds: string[], wanted: Wanted[]): Promise<void> {
  const col = Prisma.raw(`"${column}"`);
  // One after the other: a pg transaction is one connection.
  const stored = await executor.$queryRaw<Stored[]>`
      SELECT id::text, "recommendationId", "connectorId"::text, ${col}::text AS "resourceId", "evaluatedState"::text AS "evaluatedState", state::text AS state, reason, "openFindings"
      FROM "Assessment" WHERE ${col} = ANY(${resourceIds}::uuid[]) FOR UPDATE`;
  const exempt = await executor.$queryRaw<{ key: string }[]>`
      SELECT "recommendationId" || '/' || ${col}::text AS key FROM "Exemption"
      WHERE ${col} = ANY(${resourceIds}::uuid[]) AND ("expiresAt" IS NULL OR "expiresAt" > now())`;
  const exempted = new Set(exempt.map((e) => e.key));
  const byKey = new Map(stored.map((s) => [`${s.recommendationId}/${s.resourceId}`, s]));
  const deltas = new Map<string, { connectorId: string; recommendationId: string; unhealthy: number; healthy: number; notApplicable: number; exempt: number; openFindings: number }>();
  const move = (connectorId: string, recommendationId: string, state: AssessmentStateName, count: number, openFindings: number) => {
    const key = `${connectorId}/${recommendationId}`;
    const d = deltas.get(key) ?? { connectorId, recommendationId, unhealthy: 0, healthy: 0, notApplicable: 0, exempt: 0, openFindings: 0 };
    d[BUCKET[state]] += count;
    d.openFindings += openFindings;
    deltas.set(key, d);
  };

  const upserts: (Wanted & { state: AssessmentStateName })[] = [];
  for (const w of wanted) {
    const key = `${w.recommendationId}/${w.resourceId}`;
    const state: AssessmentStateName = exempted.has(key) ? "EXEMPT" : w.evaluatedState;
    const old = byKey.get(key);
    byKey.delete(key);
    if (old && old.state === state && old.evaluatedState === w.evaluatedState && old.reason === w.reason && old.openFindings === w.openFindings && old.connectorId === w.connectorId) continue;
    if (old) move(old.connectorId, old.recommendationId, old.state, -1, -old.openFindings);
    move(w.connectorId, w.recommendationId, state, 1, w.openFindings);
    upserts.push({ ...w, state });
  }
  const removed = [...byKey.values()];
  for (const old of removed) move(old.connectorId, old.recommendationId, old.state, -1, -old.openFindings);

  if (removed.length) await executor.$executeRaw`DELETE FROM "Assessment" WHERE id = ANY(${removed.map((r) => r.id)}::uuid[])`;
  if (upserts.length) {
    await executor.$executeRaw`
      INSERT INTO "Assessment" (id, "recommendationId", "connectorId", ${col}, "evaluatedState", state, reason, "openFindings", "evaluatedAt", "changedAt")
      SELECT gen_random_uuid(), u.rec, u.connector, u.resource, u.evaluated::"AssessmentState", u.state::"AssessmentState", u.reason, u.open, now(), now()
      FROM unnest(${upserts.map((u) => u.recommendationId)}::text[], ${upserts.map((u) => u.connectorId)}::uuid[], ${upserts.map((u) => u.resourceId)}::uuid[],
        ${upserts.map((u) => u.evaluatedState)}::text[], ${upserts.map((u) => u.state)}::text[], ${upserts.map((u) => u.reason)}::text[],
        ${upserts.map((u) => u.openFindings)}::int[])
        AS u(rec, connector, resource, evaluated, state, reason, open)
      ON CONFLICT ("recommendationId", ${col}) DO UPDATE SET "connectorId" = EXCLUDED."connectorId", "evaluatedState" = EXCLUDED."evaluatedState",
        state = EXCLUDED.state, reason = EXCLUDED.reason, "openFindings" = EXCLUDED."openFindings", "evaluatedAt" = now(),
        "changedAt" = CASE WHEN "Assessment".state = EXCLUDED.state THEN "Assessment"."changedAt" ELSE now() END`;
  }
  const moves = [...deltas.values()].filter((d) => d.unhealthy || d.healthy || d.notApplicable || d.exempt || d.openFindings);
  if (moves.length) {
    await executor.$executeRaw`
      INSERT INTO "RecommendationRollup" ("connectorId", "recommendationId", unhealthy, healthy, "notApplicable", exempt, "openFindings")
      SELECT * FROM unnest(${moves.map((m) => m.connectorId)}::uuid[], ${moves.map((m) => m.recommendationId)}::text[], ${moves.map((m) => m.unhealthy)}::int[],
        ${moves.map((m) => m.healthy)}::int[], ${moves.map((m) => m.notApplicable)}::int[], ${moves.map((m) => m.exempt)}::int[], ${moves.map((m) => m.openFindings)}::int[])
      ON CONFLICT ("connectorId", "recommendationId") DO UPDATE SET unhealthy = "RecommendationRollup".unhealthy + EXCLUDED.unhealthy,
        healthy = "RecommendationRollup".healthy + EXCLUDED.healthy, "notApplicable" = "RecommendationRollup"."notApplicable" + EXCLUDED."notApplicable",
        exempt = "RecommendationRollup".exempt + EXCLUDED.exempt, "openFindings" = "RecommendationRollup"."openFindings" + EXCLUDED."openFindings"`;
  }
}
