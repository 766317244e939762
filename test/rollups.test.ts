/**
 * The overview's rollups against a fresh count, after random series of what changes
 * them, on the real database: SARIF uploads through POST /api/v1/scans processed as the
 * worker does (findings appear, disappear = fixed, come back = reopened, change
 * severity), dismissals and their withdrawal through the API, dismissals that lapse,
 * exemptions given, withdrawn and lapsing, repositories removed and restored as discovery
 * does, connectors deleted. After every step:
 *
 * - each repository's counters and risk score equal its findings counted;
 * - each connector's rollup equals its live repositories' findings counted (open by
 *   severity and type, remediated and the seconds they took) and its live repositories;
 * - each connector's latest trend point (today's) equals its open findings by severity;
 * - each assessment is what the catalog's evaluation says of the resource now, Exempt
 *   exactly when an unexpired exemption holds, and there is one per live resource and
 *   recommendation (none for removed ones);
 * - each recommendation rollup equals its assessments counted by state, and their open
 *   findings summed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as connectorRoute from "@/app/api/connectors/[id]/route";
import * as dismissRoute from "@/app/api/v1/findings/dismiss/route";
import * as reopenRoute from "@/app/api/v1/findings/reopen/route";
import * as exemptRoute from "@/app/api/v1/recommendations/[id]/exemptions/route";
import * as unexemptRoute from "@/app/api/v1/recommendations/[id]/exemptions/remove/route";
import * as scansRoute from "@/app/api/v1/scans/route";
import { repositoryRecommendations, resourceRecommendations, type AssessmentStateName, type PostureResourceEvaluationInput } from "@/lib/recommendations/catalog";
import type { PostureResourceKindName, RepositoryPostureFacts } from "@/lib/recommendations/posture-facts";
import type { ProviderName } from "@/lib/schemas/connectors";
import { FINDING_TYPES, SEVERITIES, type FindingTypeName, type SeverityName } from "@/lib/schemas/findings";
import { RISK_WEIGHTS } from "@/lib/schemas/overview";
import { db } from "@/lib/server/db/client";
import { refreshConnectorRollups } from "@/lib/server/findings/finding-counts";
import { lapseExpiredDismissals } from "@/lib/server/findings/lapse-expired-dismissals";
import { assessConnector } from "@/lib/server/recommendations/assess-connector";
import { lapseExpiredExemptions } from "@/lib/server/recommendations/exemptions";
import type { SarifLog, SarifResult } from "@/lib/server/sarif/sarif-log";
import { processScan } from "@/lib/server/scans/process-scan";
import { makeApiToken, makeConnector, makeRepository, makeResourceGroup, makeSubscription, userWithSession } from "./factories";
import { call } from "./http";

const HOUR = 3600_000;

// ---------------------------------------------------------------------------------------
// The results an upload picks from: three per tool, one tool per finding type.

const TOOLS = ["ESLint", "secretlint", "Trivy", "Checkov"] as const; // code, secrets, dependency, IaC
const POOL = TOOLS.flatMap((tool) => [0, 1, 2].map((n) => ({ tool, ruleId: `${tool.toLowerCase()}-rule-${n}`, uri: `src/${tool.toLowerCase()}/file-${n}.ts` })));
/** security-severity scores: Critical, High, Medium, Low. */
const SCORES = ["9.5", "7.5", "5.0", "2.0"];

function sarifOf(picked: { item: number; score: number }[]): SarifLog {
  return {
    version: "2.1.0",
    runs: TOOLS.map((tool) => ({
      tool: { driver: { name: tool, version: "1.0.0", rules: POOL.filter((r) => r.tool === tool).map((r) => ({ id: r.ruleId, shortDescription: { text: `Rule ${r.ruleId}` } })) } },
      results: picked
        .filter((p) => POOL[p.item]!.tool === tool)
        .map(({ item, score }): SarifResult => {
          const r = POOL[item]!;
          return {
            ruleId: r.ruleId,
            message: { text: `${r.ruleId} in ${r.uri}` },
            locations: [{ physicalLocation: { artifactLocation: { uri: r.uri }, region: { startLine: 3 } } }],
            partialFingerprints: { "rampartContent/v1": `${r.ruleId}|${r.uri}` },
            properties: { "security-severity": SCORES[score] },
          };
        }),
    })),
  };
}

// ---------------------------------------------------------------------------------------
// Commands: indices pick among what exists when the command runs (modulo its count).

type Command =
  | { kind: "upload"; repository: number; results: { item: number; score: number }[]; removedBeforeProcessing: boolean }
  | { kind: "dismiss"; picks: number[]; expiring: boolean }
  | { kind: "reopen"; picks: number[] }
  | { kind: "lapseDismissals" }
  | { kind: "exempt"; resource: number; recommendation: number; expiring: boolean }
  | { kind: "unexempt"; pick: number }
  | { kind: "lapseExemptions" }
  | { kind: "removeRepository"; pick: number }
  | { kind: "restoreRepository"; pick: number }
  | { kind: "deleteConnector"; pick: number };

const pick = fc.nat(1000);
const picks = fc.array(pick, { minLength: 1, maxLength: 3 });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant("upload" as const),
      // Mostly the same few repositories again: their findings get fixed and come back.
      repository: fc.nat(2),
      results: fc.uniqueArray(fc.record({ item: fc.nat(POOL.length - 1), score: fc.nat(SCORES.length - 1) }), { selector: (r) => r.item, maxLength: POOL.length }),
      removedBeforeProcessing: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("dismiss" as const), picks, expiring: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("reopen" as const), picks }) },
  { weight: 3, arbitrary: fc.constant({ kind: "lapseDismissals" as const }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("exempt" as const), resource: pick, recommendation: pick, expiring: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("unexempt" as const), pick }) },
  { weight: 3, arbitrary: fc.constant({ kind: "lapseExemptions" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("removeRepository" as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("restoreRepository" as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deleteConnector" as const), pick }) },
);

/** What discovery might have read of a repository's settings (any fact may be unreadable). */
const factsArb: fc.Arbitrary<RepositoryPostureFacts> = fc.record(
  {
    secretScanning: fc.boolean(),
    pushProtection: fc.boolean(),
    codeScanning: fc.boolean(),
    dependabot: fc.boolean(),
    advancedSecurity: fc.boolean(),
    defaultBranchProtected: fc.boolean(),
    forcePushesAllowed: fc.boolean(),
    requiredApprovals: fc.nat(3),
    authorsCanApprove: fc.boolean(),
    selfHostedRunners: fc.boolean(),
  },
  { requiredKeys: [] },
);
const repositoryArb = fc.record({ facts: factsArb, visibility: fc.constantFrom("public", "private"), archived: fc.boolean(), advancedSecurityOn: fc.boolean() });

// ---------------------------------------------------------------------------------------
// The world of one run: three connectors (one per provider), two repositories each, three
// posture resources; an Owner's session and an upload token.

const PROVIDERS_USED: ProviderName[] = ["GITHUB", "AZURE_DEVOPS", "GITLAB"];

interface World {
  cookie: string;
  token: string;
  urls: Map<string, string>;
}

let tables: string[] | undefined;

/** Every table emptied, as before each test (fast-check's runs must not see each other's rows). */
async function emptyDatabase() {
  tables ??= (await db.$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`).map((t) => `"${t.tablename}"`);
  await db.$executeRawUnsafe(`TRUNCATE ${tables.join(", ")} RESTART IDENTITY CASCADE`);
}

type RepositorySpec = typeof repositoryArb extends fc.Arbitrary<infer T> ? T : never;

async function makeWorld(repositories: RepositorySpec[]): Promise<World> {
  const group = await makeResourceGroup((await makeSubscription("Contoso")).id, "rg");
  const urls = new Map<string, string>();
  const connectorIds: string[] = [];
  for (const [i, provider] of PROVIDERS_USED.entries()) {
    const connector = await makeConnector(group.id, `conn-${provider.toLowerCase()}`, { provider });
    connectorIds.push(connector.id);
    for (const n of [0, 1]) {
      const spec = repositories[i * 2 + n]!;
      const name = `repo-${provider.toLowerCase()}-${n}`;
      const url = `https://scm.example.test/${provider.toLowerCase()}/${name}`;
      const repository = await makeRepository(connector.id, name, {
        provider,
        projectPath: provider === "GITHUB" ? null : "project",
        fullName: `contoso/${name}`,
        url,
        visibility: spec.visibility,
        archived: spec.archived,
        advancedSecurity: spec.advancedSecurityOn ? "ON" : "OFF",
        postureFacts: spec.facts as object,
      });
      urls.set(repository.id, url);
    }
  }
  const resource = (connectorId: string, provider: ProviderName, kind: PostureResourceKindName, facts: object) =>
    db.postureResource.create({ data: { connectorId, provider, kind, externalId: `${kind}-1`, organizationExternalId: "org-1", organizationName: "contoso", name: kind.toLowerCase(), facts } });
  await resource(connectorIds[0]!, "GITHUB", "ORGANIZATION", { basePermission: "write", ownerCount: 1, workflowPermissions: "read" });
  await resource(connectorIds[1]!, "AZURE_DEVOPS", "PIPELINE", { forkBuildsGetSecrets: true });
  await resource(connectorIds[1]!, "AZURE_DEVOPS", "VARIABLE_GROUP", { hasSecrets: true, openToAllPipelines: false });
  // As the connectors' first discovery leaves them.
  await refreshConnectorRollups(connectorIds);
  for (const id of connectorIds) await assessConnector(id);
  const owner = await userWithSession({ role: "OWNER" });
  const { token } = await makeApiToken({ createdById: owner.user.id, permission: "UPLOAD" });
  return { cookie: owner.cookie, token, urls };
}

const nth = <T>(items: T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined);

/** As discovery records a repository gone (or back), then refreshes its connector's rollup and assessments. */
async function setRemoved(repository: { id: string; connectorId: string }, removed: boolean) {
  await db.repository.update({ where: { id: repository.id }, data: { removedAt: removed ? new Date() : null } });
  await refreshConnectorRollups([repository.connectorId]);
  await assessConnector(repository.connectorId);
}

async function run(w: World, command: Command): Promise<void> {
  const ok = (result: { status: number; json?: { detail?: string } }, what: string) => expect(result.status, `${what}: ${result.json?.detail}`).toBeLessThan(300);
  switch (command.kind) {
    case "upload": {
      const repository = nth(await db.repository.findMany({ where: { removedAt: null }, orderBy: { id: "asc" } }), command.repository);
      if (!repository) return;
      const accepted = await call(scansRoute.POST, {
        method: "POST",
        path: `/api/v1/scans?${new URLSearchParams({ repository: w.urls.get(repository.id)! })}`,
        body: JSON.stringify(sarifOf(command.results)),
        headers: { authorization: `Bearer ${w.token}`, "content-type": "application/sarif+json" },
      });
      expect(accepted.status, accepted.json?.detail).toBe(202);
      // Discovery found the repository gone while its upload waited in the queue.
      if (command.removedBeforeProcessing) await setRemoved(repository, true);
      expect(await processScan(accepted.json.id as string)).toBe("COMPLETE");
      return;
    }
    case "dismiss":
    case "reopen": {
      const candidates = await db.finding.findMany({ where: { state: command.kind === "dismiss" ? "OPEN" : "DISMISSED" }, orderBy: { id: "asc" }, select: { id: true } });
      if (!candidates.length) return;
      const findingIds = [...new Set(command.picks.map((n) => nth(candidates, n)!.id))];
      if (command.kind === "dismiss") {
        const body = { findingIds, reason: "FALSE_POSITIVE", ...(command.expiring ? { expiresAt: new Date(Date.now() + HOUR).toISOString() } : {}) };
        ok(await call(dismissRoute.POST, { method: "POST", path: "/api/v1/findings/dismiss", body, cookie: w.cookie }), "dismiss");
      } else {
        ok(await call(reopenRoute.POST, { method: "POST", path: "/api/v1/findings/reopen", body: { findingIds }, cookie: w.cookie }), "reopen");
      }
      return;
    }
    case "lapseDismissals":
      // Later than every expiry given (an hour ahead).
      await lapseExpiredDismissals(new Date(Date.now() + 2 * HOUR));
      return;
    case "exempt": {
      const repositories = await db.repository.findMany({ where: { removedAt: null }, orderBy: { id: "asc" }, select: { id: true, provider: true } });
      const resources = await db.postureResource.findMany({ where: { removedAt: null }, orderBy: { id: "asc" }, select: { id: true, provider: true, kind: true } });
      const target = nth([...repositories.map((r) => ({ ...r, kind: "REPOSITORY" as const })), ...resources], command.resource);
      if (!target) return;
      const definitions: { id: string }[] = target.kind === "REPOSITORY" ? repositoryRecommendations(target.provider) : resourceRecommendations(target.provider, target.kind);
      const definition = nth(definitions, command.recommendation);
      if (!definition) return;
      const body = { resourceIds: [target.id], reason: "RISK_ACCEPTED", ...(command.expiring ? { expiresAt: new Date(Date.now() + HOUR).toISOString() } : {}) };
      ok(await call(exemptRoute.POST, { method: "POST", path: `/api/v1/recommendations/${definition.id}/exemptions`, params: { id: definition.id }, body, cookie: w.cookie }), "exempt");
      return;
    }
    case "unexempt": {
      // Removed resources have no assessment to change (the API refuses them).
      const exemption = nth(
        await db.exemption.findMany({
          where: { OR: [{ repository: { removedAt: null } }, { postureResource: { removedAt: null } }] },
          orderBy: { id: "asc" },
        }),
        command.pick,
      );
      if (!exemption) return;
      const id = exemption.recommendationId;
      const body = { resourceIds: [exemption.repositoryId ?? exemption.postureResourceId] };
      ok(await call(unexemptRoute.POST, { method: "POST", path: `/api/v1/recommendations/${id}/exemptions/remove`, params: { id }, body, cookie: w.cookie }), "remove exemption");
      return;
    }
    case "lapseExemptions":
      await lapseExpiredExemptions(new Date(Date.now() + 2 * HOUR));
      return;
    case "removeRepository":
    case "restoreRepository": {
      const removed = command.kind === "restoreRepository";
      const repository = nth(await db.repository.findMany({ where: { removedAt: removed ? { not: null } : null }, orderBy: { id: "asc" } }), command.pick);
      if (repository) await setRemoved(repository, !removed);
      return;
    }
    case "deleteConnector": {
      const connector = nth(await db.connector.findMany({ orderBy: { id: "asc" } }), command.pick);
      if (!connector) return;
      ok(await call(connectorRoute.DELETE, { method: "DELETE", path: `/api/connectors/${connector.id}`, params: { id: connector.id }, cookie: w.cookie }), "delete connector");
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------
// The fresh count, and the checks.

interface Counts {
  open: number;
  bySeverity: Record<SeverityName, number>;
  byType: Record<FindingTypeName, number>;
  remediated: Record<SeverityName, number>;
  seconds: Record<SeverityName, number>;
}

const zeroCounts = (): Counts => ({
  open: 0,
  bySeverity: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
  byType: { CODE: 0, SECRETS: 0, DEPENDENCY: 0, IAC: 0, CONTAINER: 0 },
  remediated: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
  seconds: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
});

function add(into: Counts, from: Counts) {
  into.open += from.open;
  for (const s of SEVERITIES) {
    into.bySeverity[s] += from.bySeverity[s];
    into.remediated[s] += from.remediated[s];
    into.seconds[s] += from.seconds[s];
  }
  for (const t of FINDING_TYPES) into.byType[t] += from.byType[t];
}

const WORD: Record<SeverityName, string> = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low" };
const TYPE_WORD: Record<FindingTypeName, string> = { CODE: "Code", SECRETS: "Secrets", DEPENDENCY: "Dependency", IAC: "Iac", CONTAINER: "Container" };

/** What a row of counters (Repository, ConnectorRollup) says, in the shape of Counts. */
function countsOf(row: Record<string, unknown>): Counts {
  const n = (column: string) => Number(row[column]);
  const c = zeroCounts();
  c.open = n("findingsOpen");
  for (const s of SEVERITIES) {
    c.bySeverity[s] = n(`findings${WORD[s]}`);
    c.remediated[s] = n(`remediated${WORD[s]}`);
    c.seconds[s] = n(`remediationSeconds${WORD[s]}`);
  }
  for (const t of FINDING_TYPES) c.byType[t] = n(`findings${TYPE_WORD[t]}`);
  return c;
}

/** Integers exactly, seconds within 1e-6 relative (sums of differences of floats). */
function expectCounts(actual: Counts, expected: Counts, what: string) {
  const { seconds: a, ...exactActual } = actual;
  const { seconds: e, ...exactExpected } = expected;
  expect(exactActual, what).toEqual(exactExpected);
  for (const s of SEVERITIES) expect(Math.abs(a[s] - e[s]), `${what}: remediation seconds ${s} ${a[s]} vs ${e[s]}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e[s])));
}

async function checkRollups() {
  // Each repository's findings, counted afresh.
  const groups = await db.$queryRaw<{ repositoryId: string; severity: SeverityName; type: FindingTypeName; state: string; n: number; fixedN: number; seconds: number }[]>`
    SELECT "repositoryId"::text AS "repositoryId", severity::text AS severity, type::text AS type, state::text AS state, count(*)::int AS n,
      (count(*) FILTER (WHERE "fixedAt" IS NOT NULL))::int AS "fixedN",
      COALESCE(sum(extract(epoch FROM "fixedAt" - "firstSeenAt")) FILTER (WHERE "fixedAt" IS NOT NULL), 0)::float8 AS seconds
    FROM "Finding" GROUP BY 1, 2, 3, 4`;
  const fresh = new Map<string, Counts>();
  for (const g of groups) {
    const c = fresh.get(g.repositoryId) ?? zeroCounts();
    if (g.state === "OPEN") {
      c.open += g.n;
      c.bySeverity[g.severity] += g.n;
      c.byType[g.type] += g.n;
    } else if (g.state === "FIXED") {
      c.remediated[g.severity] += g.fixedN;
      c.seconds[g.severity] += g.seconds;
    }
    fresh.set(g.repositoryId, c);
  }

  const repositories = await db.repository.findMany({ include: { connector: { select: { provider: true } } } });
  for (const r of repositories) {
    const f = fresh.get(r.id) ?? zeroCounts();
    expectCounts(countsOf(r), f, `repository ${r.name}'s counters`);
    expect(r.riskScore, `repository ${r.name}'s risk score`).toBe(SEVERITIES.reduce((n, s) => n + RISK_WEIGHTS[s] * f.bySeverity[s], 0));
  }

  // Each connector: its live repositories summed, and its latest trend point.
  const connectors = await db.connector.findMany({ include: { rollup: true } });
  const rollupRows = await db.connectorRollup.count();
  expect(rollupRows, "connector rollups (one per connector)").toBe(connectors.length);
  for (const c of connectors) {
    const live = repositories.filter((r) => r.connectorId === c.id && r.removedAt === null);
    const sum = zeroCounts();
    for (const r of live) add(sum, fresh.get(r.id) ?? zeroCounts());
    expect(c.rollup, `${c.name}'s rollup`).not.toBeNull();
    expectCounts(countsOf(c.rollup!), sum, `${c.name}'s rollup`);
    expect({ repositories: c.rollup!.repositories, advancedSecurityOn: c.rollup!.advancedSecurityOn }, `${c.name}'s repositories`).toEqual({
      repositories: live.length,
      advancedSecurityOn: live.filter((r) => r.advancedSecurity === "ON").length,
    });
    // Today's point (the latest: the trend carries each connector's latest point forward).
    const latest = await db.dailyRollup.findFirst({ where: { connectorId: c.id }, orderBy: { day: "desc" } });
    expect(latest && { critical: latest.critical, high: latest.high, medium: latest.medium, low: latest.low }, `${c.name}'s trend point`).toEqual({
      critical: sum.bySeverity.CRITICAL,
      high: sum.bySeverity.HIGH,
      medium: sum.bySeverity.MEDIUM,
      low: sum.bySeverity.LOW,
    });
  }

  // Each assessment: what the catalog says of the resource now, Exempt while an exemption holds.
  const now = new Date();
  const exempted = new Set(
    (await db.exemption.findMany()).filter((e) => e.expiresAt === null || e.expiresAt > now).map((e) => `${e.recommendationId}/${e.repositoryId ?? e.postureResourceId}`),
  );
  const expected = new Map<string, { connectorId: string; evaluatedState: string; state: AssessmentStateName; reason: string; openFindings: number }>();
  const want = (recommendationId: string, resourceId: string, connectorId: string, evaluation: { state: AssessmentStateName; reason: string }, openFindings: number) => {
    const key = `${recommendationId}/${resourceId}`;
    expected.set(key, { connectorId, evaluatedState: evaluation.state, state: exempted.has(key) ? "EXEMPT" : evaluation.state, reason: evaluation.reason, openFindings });
  };
  for (const r of repositories.filter((r) => r.removedAt === null)) {
    const openByType = (fresh.get(r.id) ?? zeroCounts()).byType;
    const input = { provider: r.provider, visibility: r.visibility, archived: r.archived, scanned: r.lastScanAt !== null, openByType, facts: r.postureFacts as RepositoryPostureFacts };
    for (const d of repositoryRecommendations(r.provider)) want(d.id, r.id, r.connectorId, d.evaluate(input), d.kind === "FINDINGS" ? openByType[d.findingType] : 0);
  }
  for (const p of await db.postureResource.findMany({ where: { removedAt: null } })) {
    for (const d of resourceRecommendations(p.provider, p.kind)) want(d.id, p.id, p.connectorId, d.evaluate({ provider: p.provider, kind: p.kind, facts: p.facts as PostureResourceEvaluationInput["facts"] }), 0);
  }
  const assessments = await db.assessment.findMany();
  const stored = new Map(
    assessments.map((a) => [
      `${a.recommendationId}/${a.repositoryId ?? a.postureResourceId}`,
      { connectorId: a.connectorId, evaluatedState: a.evaluatedState, state: a.state, reason: a.reason, openFindings: a.openFindings },
    ]),
  );
  expect(stored).toEqual(expected);

  // Each recommendation rollup: its assessments counted by state, their open findings summed.
  const counted = new Map<string, { unhealthy: number; healthy: number; notApplicable: number; exempt: number; openFindings: number }>();
  const bucket = { UNHEALTHY: "unhealthy", HEALTHY: "healthy", NOT_APPLICABLE: "notApplicable", EXEMPT: "exempt" } as const;
  for (const a of assessments) {
    const key = `${a.connectorId}/${a.recommendationId}`;
    const c = counted.get(key) ?? { unhealthy: 0, healthy: 0, notApplicable: 0, exempt: 0, openFindings: 0 };
    c[bucket[a.state]] += 1;
    c.openFindings += a.openFindings;
    counted.set(key, c);
  }
  const rollups = new Map(
    (await db.recommendationRollup.findMany())
      .map((r) => [`${r.connectorId}/${r.recommendationId}`, { unhealthy: r.unhealthy, healthy: r.healthy, notApplicable: r.notApplicable, exempt: r.exempt, openFindings: r.openFindings }] as const)
      // A rollup whose resources are all gone keeps its row, at zero.
      .filter(([, r]) => Object.values(r).some((n) => n !== 0)),
  );
  expect(rollups).toEqual(counted);
}

describe("rollups", () => {
  // Room for fast-check to shrink a failure to its shortest series (a passing run takes well under a minute).
  it("equal a fresh count after any series of uploads, triage, exemptions, removals and deletions", { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(repositoryArb, { minLength: 6, maxLength: 6 }), fc.array(commandArb, { minLength: 4, maxLength: 24 }), async (repositories, commands) => {
        await emptyDatabase();
        const world = await makeWorld(repositories);
        await checkRollups();
        for (const command of commands) {
          await run(world, command);
          await checkRollups();
        }
      }),
      { numRuns: 20 },
    );
  });
});
