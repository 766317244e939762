import "server-only";
import pLimit from "p-limit";
import {
  describePrAnnotationSettings,
  orderedCategories,
  type ConfigurePrAnnotations,
  type PrAnnotationsResult,
} from "@/lib/schemas/pr-annotations";
import { ApiError, invalid } from "../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../auth/sessions";
import { accessTo, type Caller } from "../authz/caller";
import { withProvider } from "../connectors/access-tokens";
import { db } from "../db/client";
import type { PullRequestAnnotations } from "../providers/provider-client";
import { ProviderError } from "../providers/provider-error";

/**
 * Configure PR annotations on selected Azure DevOps repositories (Owner, Contributor).
 * Everything is checked before anything is written: repositories the caller cannot see
 * are a 404 that names none of them, those outside the caller's manage scope a 403,
 * repositories that cannot have annotations a 422 naming them. Then each setting is
 * written to Azure DevOps with its connector's authorization, and only what Azure DevOps
 * accepted is stored, so the grid never shows a setting the provider does not have.
 */

/** Writes in flight per connector. */
const WRITE_CONCURRENCY = 4;
/** How many names a refusal lists before "and N more". */
const NAMED = 5;

const actorOf = (caller: Caller) => ({ id: caller.user.id, email: caller.user.email });

function names(rows: { fullName: string }[]): string {
  const shown = rows.slice(0, NAMED).map((r) => r.fullName).join(", ");
  return rows.length > NAMED ? `${shown} and ${rows.length - NAMED} more` : shown;
}

type Outcome = { outcome: "saved" } | { outcome: "failed"; message: string };

export async function configurePrAnnotations(caller: Caller, input: ConfigurePrAnnotations, meta?: RequestMeta): Promise<PrAnnotationsResult> {
  const rows = await db.repository.findMany({
    where: { id: { in: input.repositoryIds } },
    select: {
      id: true,
      provider: true,
      externalId: true,
      name: true,
      fullName: true,
      organizationExternalId: true,
      organizationName: true,
      removedAt: true,
      prAnnotations: true,
      prAnnotationCategories: true,
      prAnnotationMinSeverity: true,
      connector: { select: { id: true, name: true, authorizationId: true, resourceGroupId: true, resourceGroup: { select: { subscriptionId: true } } } },
    },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const access = input.repositoryIds.map((id) => {
    const row = byId.get(id);
    if (!row) return { id, row, access: "not-found" as const };
    const path = { subscriptionId: row.connector.resourceGroup.subscriptionId, resourceGroupId: row.connector.resourceGroupId, connectorId: row.connector.id };
    return { id, row, access: accessTo(caller, "prAnnotations.manage", path) };
  });

  // Unknown and invisible ids look the same, and neither is named.
  if (access.some((a) => a.access === "not-found")) {
    throw new ApiError(404, "Some of the selected repositories were not found: they were deleted or are outside your scope. Reload the inventory and select again; nothing was changed.");
  }
  const forbidden = access.filter((a) => a.access === "forbidden").map((a) => a.row!);
  if (forbidden.length) {
    throw new ApiError(
      403,
      `Your role does not allow you to configure pull request annotations on ${names(forbidden)}: that takes Owner or Contributor on their environment. Nothing was changed.`,
    );
  }
  const selected = input.repositoryIds.map((id) => byId.get(id)!);
  const refuse = (what: string, bad: typeof selected) => {
    throw invalid(
      `${what}: ${names(bad)}. Deselect ${bad.length === 1 ? "it" : "them"}; nothing was changed.`,
      bad.map((r) => ({ path: `body.repositoryIds.${input.repositoryIds.indexOf(r.id)}`, message: r.provider === "AZURE_DEVOPS" ? "was removed" : "is not an Azure DevOps repository" })),
    );
  };
  const elsewhere = selected.filter((r) => r.provider !== "AZURE_DEVOPS");
  if (elsewhere.length) refuse("Pull request annotations are available for Azure DevOps repositories only", elsewhere);
  const removed = selected.filter((r) => r.removedAt !== null);
  if (removed.length) refuse("Discovery no longer finds these repositories, so their annotations cannot be configured", removed);

  const settings: PullRequestAnnotations = input.enabled
    ? { enabled: true, categories: orderedCategories(input.categories), minimumSeverity: input.minimumSeverity }
    : { enabled: false, categories: [], minimumSeverity: null };

  // Per connector, with its authorization; one failing repository leaves the others alone.
  const outcomes = new Map<string, Outcome>();
  const byConnector = new Map<string, typeof selected>();
  for (const r of selected) byConnector.set(r.connector.id, [...(byConnector.get(r.connector.id) ?? []), r]);
  await Promise.all(
    [...byConnector.values()].map(async (repositories) => {
      const { authorizationId } = repositories[0]!.connector;
      const failAll = (message: string) => {
        for (const r of repositories) if (!outcomes.has(r.id)) outcomes.set(r.id, { outcome: "failed", message });
      };
      if (!authorizationId) return failAll("The environment has no authorization. Re-authorize it in Environment settings.");
      try {
        await withProvider(authorizationId, async (client) => {
          if (!client.setPullRequestAnnotations) throw new Error("this provider has no pull request annotation settings");
          const limit = pLimit(WRITE_CONCURRENCY);
          await Promise.all(
            repositories.map((r) =>
              limit(async () => {
                try {
                  await client.setPullRequestAnnotations!({ id: r.organizationExternalId, name: r.organizationName }, { externalId: r.externalId, name: r.name }, settings);
                  outcomes.set(r.id, { outcome: "saved" });
                } catch (error) {
                  // A refused authorization ends every write of this connector (and withProvider flags it).
                  if (!(error instanceof ProviderError) || error.failure === "unauthorized") throw error;
                  outcomes.set(r.id, { outcome: "failed", message: error.message });
                }
              }),
            ),
          );
        });
      } catch (error) {
        if (!(error instanceof ProviderError)) {
          console.error("configurePrAnnotations:", error);
          return failAll("Rampart could not write this setting because of an unexpected error; the server log has the details.");
        }
        failAll(error.message);
      }
    }),
  );

  const failure = (id: string) => {
    const outcome = outcomes.get(id);
    return outcome?.outcome === "saved" ? null : (outcome?.message ?? "Not written.");
  };
  const saved = selected.filter((r) => failure(r.id) === null);
  const failed = selected.filter((r) => failure(r.id) !== null);
  const status = settings.enabled ? "ON" : "OFF";
  const described = settings.enabled ? `on (${describePrAnnotationSettings(settings.categories, settings.minimumSeverity)})` : "off";
  await db.$transaction(async (tx) => {
    if (saved.length) {
      await tx.repository.updateMany({
        where: { id: { in: saved.map((r) => r.id) } },
        data: { prAnnotations: status, prAnnotationCategories: settings.categories, prAnnotationMinSeverity: settings.minimumSeverity },
      });
    }
    await recordAuditEvent(
      {
        actor: actorOf(caller),
        action: "repository.pr_annotations.configure",
        summary: `Turned pull request annotations ${described} for ${saved.length} of ${selected.length} ${selected.length === 1 ? "repository" : "repositories"}${failed.length ? `; ${failed.length} failed` : ""}`,
        target: selected.length === 1 ? { type: "repository", id: selected[0]!.id } : undefined,
        meta,
        details: {
          settings: { enabled: settings.enabled, categories: settings.categories, minimumSeverity: settings.minimumSeverity },
          saved: saved.map((r) => ({
            id: r.id,
            fullName: r.fullName,
            before: { status: r.prAnnotations, categories: r.prAnnotationCategories ?? [], minimumSeverity: r.prAnnotationMinSeverity },
          })),
          failed: failed.map((r) => ({ id: r.id, fullName: r.fullName, message: failure(r.id) })),
        },
      },
      tx,
    );
  });

  return {
    results: selected.map((r) => {
      const message = failure(r.id);
      if (message === null) {
        return { repositoryId: r.id, fullName: r.fullName, outcome: "saved", message: null, prAnnotations: status, categories: settings.categories, minimumSeverity: settings.minimumSeverity };
      }
      return {
        repositoryId: r.id,
        fullName: r.fullName,
        outcome: "failed",
        message,
        prAnnotations: r.prAnnotations,
        categories: orderedCategories(r.prAnnotationCategories ?? []),
        minimumSeverity: r.prAnnotationMinSeverity,
      };
    }),
    saved: saved.length,
    failed: failed.length,
  };
}
