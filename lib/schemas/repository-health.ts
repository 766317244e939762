import { z } from "zod";
import { ASSESSMENT_STATES, RECOMMENDATION_KINDS } from "@/lib/recommendations/catalog";
import { PROVIDERS } from "./connectors";
import { FINDING_TYPES, SEVERITIES } from "./findings";
import { ADVANCED_SECURITY_STATUSES, PR_ANNOTATION_STATUSES } from "./inventory";

/**
 * One repository's health page, as GET /api/v1/repositories/{id} answers it and the
 * console renders it: where it lives, its statuses, its open findings, the findings
 * recommendations that affect it, and the discovery history of its environment.
 */

/** A repository id travels in a path; anything that is not one names no repository (404, not 422). */
export const repositoryIdParams = z.object({ id: z.string().max(200) });

const ref = z.object({ id: z.string(), name: z.string() });
const iso = (what: string) => z.string().describe(`${what} (ISO 8601)`);
const count = z.number().int().min(0);

export const DISCOVERY_STATES = ["RUNNING", "SUCCEEDED", "PARTIAL", "FAILED"] as const;
export type DiscoveryStateName = (typeof DISCOVERY_STATES)[number];

export const discoveryRunView = z
  .object({
    id: z.string(),
    trigger: z.string().describe("What started it: created (the connector was created), schedule (every 8 hours) or manual (Refresh)"),
    state: z.enum(DISCOVERY_STATES),
    startedAt: iso("When it started"),
    finishedAt: iso("When it finished").nullable(),
    added: count,
    updated: count,
    unchanged: count,
    removed: count,
    errors: z.array(z.object({ organization: z.string().describe('The organization that could not be read; "*" for the whole connector'), message: z.string() })),
  })
  .meta({ id: "DiscoveryRun" });
export type DiscoveryRunView = z.infer<typeof discoveryRunView>;

export const repositoryHealth = z
  .object({
    id: z.string(),
    name: z.string(),
    fullName: z.string().describe("organization[/project or group path]/name"),
    provider: z.enum(PROVIDERS),
    /** Links into the provider; null when the provider gave no http(s) address. */
    url: z.string().nullable().describe("The repository in the provider"),
    cloneUrl: z.string().nullable(),
    organization: z.object({ name: z.string(), url: z.string().nullable().describe("The organization (GitLab: group) in the provider") }),
    project: z
      .object({ path: z.string(), url: z.string().nullable() })
      .nullable()
      .describe("Azure DevOps project or GitLab subgroup path; null for GitHub and top-level GitLab projects"),
    defaultBranch: z.string().nullable(),
    visibility: z.enum(["public", "private", "internal"]),
    archived: z.boolean(),
    sizeKb: z.number().int().nullable(),
    lastPushAt: iso("Last push").nullable(),
    connector: z.object({ id: z.string(), name: z.string(), host: z.string().describe("Where the provider is: its web address's label") }),
    subscription: ref,
    resourceGroup: ref,
    advancedSecurity: z.object({
      status: z.enum(ADVANCED_SECURITY_STATUSES),
      off: z.array(z.string()).describe("The features that are off"),
    }),
    prAnnotations: z.object({
      status: z.enum(PR_ANNOTATION_STATUSES),
      categories: z.array(z.enum(FINDING_TYPES)).describe("The finding types annotated (while on)"),
      minSeverity: z.enum(SEVERITIES).nullable().describe("Annotations from this severity up (while on)"),
    }),
    scanScope: z.object({
      inScope: z.boolean().describe("Agentless scanning may scan it, as its last discovery decided"),
      scanningEnabled: z.boolean().describe("Agentless scanning is on for its environment"),
      reason: z.string().describe("Why, in words"),
    }),
    agentless: z
      .object({
        status: z.enum(["NOT_SCANNED", "SCANNED", "SKIPPED", "FAILING"]),
        reason: z.string().nullable().describe("Why it is skipped, or how its last scan failed"),
        lastScanAt: iso("When its last agentless scan ended").nullable(),
        active: z
          .object({ scanId: z.string(), state: z.enum(["pending", "running"]) })
          .nullable()
          .describe("Its agentless scan queued or running now"),
      })
      .describe("Agentless scanning of its default branch"),
    findings: z
      .object({
        total: count,
        bySeverity: z.object(Object.fromEntries(SEVERITIES.map((s) => [s, count])) as Record<(typeof SEVERITIES)[number], typeof count>),
        byType: z.object(Object.fromEntries(FINDING_TYPES.map((t) => [t, count])) as Record<(typeof FINDING_TYPES)[number], typeof count>),
      })
      .describe("Open findings; they arrive from agentless scans and SARIF uploads"),
    recommendations: z
      .array(
        z.object({
          id: z.string(),
          title: z.string(),
          description: z.string(),
          severity: z.enum(SEVERITIES),
          kind: z.enum(RECOMMENDATION_KINDS),
          findingType: z.enum(FINDING_TYPES).nullable(),
          state: z.enum(ASSESSMENT_STATES),
          reason: z.string().describe("Why it has this state"),
          openFindings: count,
        }),
      )
      .describe("The recommendations that judge it (findings and posture): unhealthy first, most severe then most findings; then exempt, healthy, not applicable"),
    firstSeenAt: iso("When discovery first found it"),
    removedAt: iso("Since when discovery no longer finds it").nullable(),
    lastScanAt: iso("Last scan or upload").nullable(),
    discovery: z.object({
      lastDiscoveryAt: iso("Last finished discovery of its environment").nullable(),
      pending: z
        .object({ jobId: z.string(), state: z.enum(["queued", "running", "retrying"]) })
        .nullable()
        .describe("A discovery of its environment waiting or running now"),
      runs: z.array(discoveryRunView).describe("Its environment's latest discoveries (at most 20), newest first"),
    }),
    actions: z.object({
      refresh: z.boolean().describe("The caller may queue a discovery (Refresh)"),
      triage: z.boolean().describe("The caller may dismiss and reopen the repository's findings"),
      scan: z.boolean().describe("The caller may scan it now and stop its scans"),
    }),
  })
  .meta({ id: "RepositoryHealth" });
export type RepositoryHealth = z.infer<typeof repositoryHealth>;

export const repositoryRefresh = z
  .object({
    jobId: z.string().nullable().describe("The discovery job: the one queued now, or the one already waiting for the environment; null if one started at that very moment"),
    connector: ref,
    repositoryRemoved: z.boolean().describe("The repository is marked removed: the discovery restores it if the provider has it again"),
  })
  .meta({ id: "RepositoryRefresh" });
export type RepositoryRefresh = z.infer<typeof repositoryRefresh>;
