import "server-only";
import { DISMISSAL_REASON_LABELS, type DismissFindingsInput, type ReopenFindingsInput, type TriageResult } from "@/lib/schemas/finding-triage";
import { ApiError, type FieldProblem } from "../api/errors";
import { auditActor, accessTo, type Caller } from "../authz/caller";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { db } from "../db/client";
import type { FindingState, Prisma } from "../db/generated/client";
import { pathOf } from "../inventory/repository-health";
import { recountFindings } from "./finding-counts";
import { lapseLocked, lockRepositories } from "./lapse-expired-dismissals";

/**
 * Dismissing findings (POST /api/v1/findings/dismiss) and withdrawing dismissals (POST
 * /api/v1/findings/reopen). Everything named is checked before anything is written: ids
 * unknown or outside the caller's scope (404, how many), repositories where the caller's
 * role may not triage (403, which), findings in the wrong state (422, which and why).
 * Then one transaction changes them all, with an event per finding, the repositories'
 * counters and one audit record; concurrent scans of those repositories wait for it (and
 * it for them) on the repository's row lock, as ingestion takes it.
 */

type Tx = Prisma.TransactionClient;

const MAX_ERRORS = 20;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

interface Target {
  id: string;
  /** Where the id stands in the request (for error paths). */
  index: number;
}

interface Checked {
  repositories: { id: string; fullName: string }[];
  states: Map<string, { state: FindingState; fixedAt: Date | null; repositoryId: string }>;
}

/** The ids once each, with the position of their first mention. */
function targetsOf(ids: string[]): Target[] {
  const seen = new Set<string>();
  const targets: Target[] = [];
  ids.forEach((raw, index) => {
    const id = raw.toLowerCase();
    if (seen.has(id)) return;
    seen.add(id);
    targets.push({ id, index });
  });
  return targets;
}

function problems(targets: Target[], message: (t: Target) => string): FieldProblem[] {
  return targets.slice(0, MAX_ERRORS).map((t) => ({ path: `body.findingIds.${t.index}`, message: message(t) }));
}

/**
 * The 404 and 403 checks, the repositories' locks, expired dismissals lapsed (so that they
 * read as what they now are), and each finding's current state.
 */
async function checkAndLock(tx: Tx, caller: Caller, targets: Target[], now: Date): Promise<Checked> {
  const rows = await tx.finding.findMany({
    where: { id: { in: targets.map((t) => t.id) } },
    select: {
      id: true,
      repositoryId: true,
      repository: { select: { id: true, fullName: true, connectorId: true, connector: { select: { resourceGroupId: true, resourceGroup: { select: { subscriptionId: true } } } } } },
    },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const repositories = new Map(rows.map((r) => [r.repositoryId, r.repository]));
  const visible = new Set([...repositories.values()].filter((r) => accessTo(caller, "workspace.read", pathOf(r)) === "allowed").map((r) => r.id));

  const missing = targets.filter((t) => !visible.has(byId.get(t.id)?.repositoryId ?? ""));
  if (missing.length > 0) {
    throw new ApiError(
      404,
      missing.length === targets.length && targets.length === 1
        ? "The finding was not found."
        : `${plural(missing.length, "finding")} of the ${plural(targets.length, "finding")} named ${missing.length === 1 ? "was" : "were"} not found; nothing was changed.`,
      { errors: problems(missing, () => "Not found") },
    );
  }

  const refused = [...repositories.values()].filter((r) => accessTo(caller, "findings.triage", pathOf(r)) !== "allowed");
  if (refused.length > 0) {
    const names = refused.map((r) => r.fullName).sort();
    const listed = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${plural(names.length - 3, "other repository", "other repositories")}` : names.join(", ");
    const refusedIds = new Set(refused.map((r) => r.id));
    throw new ApiError(403, `Your role does not allow you to triage findings in ${listed}; nothing was changed.`, {
      errors: problems(
        targets.filter((t) => refusedIds.has(byId.get(t.id)!.repositoryId)),
        (t) => `In ${byId.get(t.id)!.repository.fullName}, where your role may not triage`,
      ),
    });
  }

  const locked = await lockRepositories(tx, [...repositories.keys()]);
  await lapseLocked(tx, locked, now);
  const states = await tx.finding.findMany({ where: { id: { in: targets.map((t) => t.id) } }, select: { id: true, state: true, fixedAt: true, repositoryId: true } });
  // A repository deleted meanwhile took its findings with it.
  if (states.length !== targets.length) throw new ApiError(404, "Some of the findings named were deleted meanwhile; nothing was changed.");
  return {
    repositories: [...repositories.values()].map((r) => ({ id: r.id, fullName: r.fullName })).sort((a, b) => a.fullName.localeCompare(b.fullName)),
    states: new Map(states.map((s) => [s.id, s])),
  };
}

function whereSummary(repositories: { fullName: string }[]): string {
  return repositories.length === 1 ? repositories[0]!.fullName : plural(repositories.length, "repository", "repositories");
}

function auditTarget(targets: Target[], repositories: { id: string }[]) {
  if (targets.length === 1) return { type: "finding", id: targets[0]!.id };
  if (repositories.length === 1) return { type: "repository", id: repositories[0]!.id };
  return undefined;
}

const NOT_OPEN: Record<Exclude<FindingState, "OPEN">, string> = {
  DISMISSED: "Already dismissed",
  FIXED: "Fixed: the latest scan no longer reports it",
  NOT_SCANNED: "Not scanned: its scanner is turned off",
};

export async function dismissFindings(caller: Caller, input: DismissFindingsInput, meta: RequestMeta): Promise<TriageResult> {
  const targets = targetsOf(input.findingIds);
  const actor = auditActor(caller);
  const comment = input.comment?.trim() || null;
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  return db.$transaction(
    async (tx) => {
      const now = new Date();
      const { repositories, states } = await checkAndLock(tx, caller, targets, now);
      const notOpen = targets.filter((t) => states.get(t.id)!.state !== "OPEN");
      if (notOpen.length > 0) {
        const counts = new Map<string, number>();
        for (const t of notOpen) {
          const state = states.get(t.id)!.state as Exclude<FindingState, "OPEN">;
          const word = state === "DISMISSED" ? "already dismissed" : state === "FIXED" ? "fixed" : "not scanned";
          counts.set(word, (counts.get(word) ?? 0) + 1);
        }
        const detail = [...counts].map(([word, n]) => `${n} ${word}`).join(", ");
        throw new ApiError(
          422,
          `${plural(notOpen.length, "finding")} named ${notOpen.length === 1 ? "is" : "are"} not open (${detail}); only open findings can be dismissed, and nothing was changed.`,
          { errors: problems(notOpen, (t) => NOT_OPEN[states.get(t.id)!.state as Exclude<FindingState, "OPEN">]) },
        );
      }

      const ids = targets.map((t) => t.id);
      await tx.finding.updateMany({
        where: { id: { in: ids }, state: "OPEN" },
        data: {
          state: "DISMISSED",
          dismissedAt: now,
          dismissedById: caller.user.id,
          dismissedByEmail: actor.email,
          dismissalReason: input.reason,
          dismissalComment: comment,
          dismissalExpiresAt: expiresAt,
        },
      });
      await tx.findingEvent.createMany({
        data: ids.map((findingId) => ({ findingId, kind: "DISMISSED" as const, at: now, actorId: caller.user.id, actorEmail: actor.email, reason: input.reason, comment })),
      });
      await recountFindings(repositories.map((r) => r.id), tx);
      const reason = DISMISSAL_REASON_LABELS[input.reason].toLowerCase();
      await recordAuditEvent(
        {
          actor,
          action: "finding.dismiss",
          summary: `Dismissed ${plural(ids.length, "finding")} of ${whereSummary(repositories)} as ${reason}${expiresAt ? ` until ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}`,
          target: auditTarget(targets, repositories),
          meta,
          details: { findingIds: ids, repositoryIds: repositories.map((r) => r.id), reason: input.reason, comment, expiresAt: expiresAt?.toISOString() ?? null },
        },
        tx,
      );
      return { count: ids.length, findings: ids.map((id) => ({ id, state: "DISMISSED" as const })) };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

export async function reopenFindings(caller: Caller, input: ReopenFindingsInput, meta: RequestMeta): Promise<TriageResult> {
  const targets = targetsOf(input.findingIds);
  const actor = auditActor(caller);
  return db.$transaction(
    async (tx) => {
      const now = new Date();
      const { repositories, states } = await checkAndLock(tx, caller, targets, now);
      const notDismissed = targets.filter((t) => states.get(t.id)!.state !== "DISMISSED");
      if (notDismissed.length > 0) {
        throw new ApiError(
          422,
          `${plural(notDismissed.length, "finding")} named ${notDismissed.length === 1 ? "is" : "are"} not dismissed (or the dismissal has expired); only dismissed findings can be reopened, and nothing was changed.`,
          { errors: problems(notDismissed, (t) => `Not dismissed: it is ${states.get(t.id)!.state.toLowerCase().replace("_", " ")}`) },
        );
      }

      const cleared = { dismissedAt: null, dismissedById: null, dismissedByEmail: null, dismissalReason: null, dismissalComment: null, dismissalExpiresAt: null };
      // Back to what the latest scan says: open when it still reports it, Fixed when it no longer does.
      const toOpen = targets.filter((t) => states.get(t.id)!.fixedAt === null).map((t) => t.id);
      const toFixed = targets.filter((t) => states.get(t.id)!.fixedAt !== null).map((t) => t.id);
      if (toOpen.length) await tx.finding.updateMany({ where: { id: { in: toOpen }, state: "DISMISSED" }, data: { state: "OPEN", ...cleared } });
      if (toFixed.length) await tx.finding.updateMany({ where: { id: { in: toFixed }, state: "DISMISSED" }, data: { state: "FIXED", ...cleared } });
      const ids = targets.map((t) => t.id);
      await tx.findingEvent.createMany({ data: ids.map((findingId) => ({ findingId, kind: "DISMISSAL_REMOVED" as const, at: now, actorId: caller.user.id, actorEmail: actor.email })) });
      await recountFindings(repositories.map((r) => r.id), tx);
      await recordAuditEvent(
        {
          actor,
          action: "finding.reopen",
          summary: `Withdrew the dismissal of ${plural(ids.length, "finding")} of ${whereSummary(repositories)}${toFixed.length ? ` (${toFixed.length} fixed since)` : ""}`,
          target: auditTarget(targets, repositories),
          meta,
          details: { findingIds: ids, repositoryIds: repositories.map((r) => r.id), reopened: toOpen, fixed: toFixed },
        },
        tx,
      );
      const fixed = new Set(toFixed);
      return { count: ids.length, findings: ids.map((id) => ({ id, state: fixed.has(id) ? ("FIXED" as const) : ("OPEN" as const) })) };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
