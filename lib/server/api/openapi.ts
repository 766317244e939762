import "server-only";
import { z } from "zod";
import { inventoryPage, inventoryQuery, repositoryGroupList, repositoryGroupsParams } from "@/lib/schemas/inventory";
import { repositoryHealth, repositoryRefresh } from "@/lib/schemas/repository-health";
import { configurePrAnnotationsInput, prAnnotationsResult } from "@/lib/schemas/pr-annotations";
import { repositoryScanList, scanAccepted, scanListPage, scanListQuery, scanNowAnswer, scannerList, scanView, uploadScanQuery } from "@/lib/schemas/scans";
import { dismissFindingsInput, findingDetail, findingListPage, findingListQuery, reopenFindingsInput, triageResult } from "@/lib/schemas/finding-triage";
import { overviewMetrics, overviewQuery } from "@/lib/schemas/overview";
import {
  exemptionResult,
  exemptResourcesInput,
  findingSearchPage,
  findingSearchQuery,
  recommendationDetail,
  recommendationList,
  recommendationListQuery,
  recommendationResourcesPage,
  recommendationResourcesQuery,
  recommendationScopeQuery,
  removeExemptionsInput,
} from "@/lib/schemas/recommendations";

/**
 * The OpenAPI 3.1 description of /api/v1, generated from the zod schemas the handlers
 * validate with (OpenAPI 3.1 takes JSON Schema 2020-12 as it is). A new /api/v1 route
 * adds its entry here; test/openapi.test.ts checks that every one has one.
 */

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe("What went wrong, in words a person can act on"),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem" });

/** Query parameters from an object schema: one per property, as they travel in a URL (strings). */
function queryParameters(schema: z.ZodObject) {
  return Object.entries(schema.shape).map(([name, field]) => {
    const json = z.toJSONSchema(field as z.ZodType, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    delete json.$schema;
    return { name, in: "query", required: false, schema: json, ...(typeof json.description === "string" ? { description: json.description } : {}) };
  });
}

const REPOSITORY_ID = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string" },
  description: "The repository's id, as the inventory lists it. An id that names no repository you may see answers 404.",
};

function errorResponses(...statuses: number[]) {
  const words: Record<number, string> = {
    401: "Not signed in, or the API token is not valid",
    403: "The caller's role, or the API token's permission, does not allow this on one or more of the objects named",
    404: "One or more of the objects named do not exist or are outside the caller's scope",
    400: "The body could not be read (not JSON, not gzip, not a SARIF log)",
    413: "The upload is over a size limit; `detail` names it",
    415: "The body's media type or encoding is not accepted",
    409: "The object is not in a state that allows this; `detail` says why (e.g. the repository is not scanned, the scan is over)",
    422: "A parameter is not valid; `errors` names it",
  };
  return Object.fromEntries(
    statuses.map((s) => [String(s), { description: words[s] ?? "Error", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } }]),
  );
}

/** A request body's JSON Schema, as the client sends it. */
function bodySchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

const RECOMMENDATION_ID = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string" },
  description: "The recommendation's stable id (e.g. github-secret-scanning-findings), as the list gives it",
};

const FINDING_ID = { name: "id", in: "path", required: true, schema: { type: "string" }, description: "The finding's id. An id that names no finding you may see answers 404." };

export function openApiDocument(serverUrl: string) {
  // Every schema given an id with .meta({ id }) becomes a named component.
  void inventoryPage;
  void repositoryGroupList;
  void repositoryHealth;
  void repositoryRefresh;
  void prAnnotationsResult;
  void scanAccepted;
  void scanView;
  void repositoryScanList;
  void findingListPage;
  void findingDetail;
  void triageResult;
  void problem;
  void [scanListPage, scanNowAnswer, scannerList];
  void [recommendationList, recommendationDetail, recommendationResourcesPage, exemptionResult, findingSearchPage, overviewMetrics];
  const configureBody = bodySchema(configurePrAnnotationsInput);
  const dismissBody = bodySchema(dismissFindingsInput);
  const reopenBody = bodySchema(reopenFindingsInput);
  const { schemas } = z.toJSONSchema(z.globalRegistry, { target: "draft-2020-12", uri: (id) => `#/components/schemas/${id}` });
  for (const schema of Object.values(schemas)) delete (schema as Record<string, unknown>).$schema;
  return {
    openapi: "3.1.0",
    info: {
      title: "Rampart API",
      version: "1",
      description:
        "Rampart's public API. Authenticate with the browser session or `Authorization: Bearer <API token>`: a *read* token may do what a Security Reader may within the token's scope (the GET endpoints), an *upload* token only uploads scan results. Errors are RFC 9457 problem documents.",
    },
    servers: [{ url: serverUrl }],
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token (`rmp_…`), from Settings → API tokens or `rampart admin create-token`" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The console's sign-in session" },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths: {
      "/api/v1/repositories": {
        get: {
          operationId: "listRepositories",
          summary: "The DevOps inventory: repositories with filters, search, sort and keyset pages",
          description: "Lists travel comma-separated (`provider=GITHUB,GITLAB`). Follow `nextCursor` for the next page.",
          parameters: queryParameters(inventoryQuery),
          responses: {
            "200": { description: "One page", content: { "application/json": { schema: { $ref: "#/components/schemas/InventoryPage" } } } },
            ...errorResponses(401, 403, 422),
          },
        },
      },
      "/api/v1/repositories/export.csv": {
        get: {
          operationId: "exportRepositories",
          summary: "Every repository matching the filters, in the sort, as CSV (streamed)",
          parameters: queryParameters(inventoryQuery.omit({ cursor: true, limit: true })),
          responses: {
            "200": { description: "CSV with a header row", content: { "text/csv": { schema: { type: "string" } } } },
            ...errorResponses(401, 403, 422),
          },
        },
      },
      "/api/v1/repository-groups": {
        get: {
          operationId: "listRepositoryGroups",
          summary: "The grouped inventory, one level at a time, with counts rolled up from the repositories below",
          description:
            "Without parent: the organizations (GitLab: top-level groups). With `parentConnector` and `parentOrganization`: the projects (Azure DevOps) or subgroups (GitLab) below it, or below `parentPath`. " +
            "The repositories directly in a node: `GET /api/v1/repositories` with `connector`, `organization` and `projectPath`. The inventory's filters apply at every level.",
          parameters: queryParameters(repositoryGroupsParams),
          responses: {
            "200": { description: "The groups of one level", content: { "application/json": { schema: { $ref: "#/components/schemas/RepositoryGroupList" } } } },
            ...errorResponses(401, 403, 422),
          },
        },
      },
      "/api/v1/repositories/{id}": {
        get: {
          operationId: "getRepository",
          summary: "One repository's health: statuses, open findings by type and severity, findings recommendations, discovery history",
          parameters: [REPOSITORY_ID],
          responses: {
            "200": { description: "The repository", content: { "application/json": { schema: { $ref: "#/components/schemas/RepositoryHealth" } } } },
            ...errorResponses(401, 403, 404),
          },
        },
      },
      "/api/v1/repositories/{id}/refresh": {
        post: {
          operationId: "refreshRepository",
          summary: "Queue a discovery of the repository's DevOps environment now (Refresh)",
          description:
            "Discovery reads a whole environment, so this queues its connector's discovery; at most one waits per connector, and asking again answers the waiting job. A removed repository may be refreshed: the discovery restores it if the provider has it again.",
          parameters: [REPOSITORY_ID],
          responses: {
            "202": { description: "Queued", content: { "application/json": { schema: { $ref: "#/components/schemas/RepositoryRefresh" } } } },
            ...errorResponses(401, 403, 404),
          },
        },
      },
      "/api/v1/repositories/pr-annotations": {
        post: {
          operationId: "configurePrAnnotations",
          summary: "Configure pull request annotations on Azure DevOps repositories (Owner, Contributor)",
          description:
            "Turns annotations on (with the finding types and the minimum severity) or off. Every repository is checked first (404, 403, 422 change nothing); " +
            "then each setting is written to Azure DevOps and stored only if Azure DevOps accepted it. The answer gives each repository's outcome.",
          requestBody: { required: true, content: { "application/json": { schema: configureBody } } },
          responses: {
            "200": { description: "Each repository's outcome", content: { "application/json": { schema: { $ref: "#/components/schemas/PrAnnotationsResult" } } } },
            ...errorResponses(401, 403, 404, 422),
          },
        },
      },
      "/api/v1/scans": {
        get: {
          operationId: "listScans",
          summary: "Every scan in scope, uploads and agentless, newest first, a page at a time (Settings → Scans)",
          description:
            "Each scan gives its state, start, duration (startedAt to completedAt), commit, tools and, for agentless scans, each scanner's outcome and version, what started it, and why it was skipped or failed.",
          parameters: queryParameters(scanListQuery),
          responses: {
            "200": { description: "One page", content: { "application/json": { schema: { $ref: "#/components/schemas/ScanListPage" } } } },
            ...errorResponses(401, 403, 422),
          },
        },
        post: {
          operationId: "uploadScan",
          summary: "Upload a SARIF 2.1.0 log for an inventory repository (upload API token)",
          description:
            "The body is the log as `application/sarif+json` (or `application/json`), optionally with `Content-Encoding: gzip`. " +
            "Limits: 10 MB as sent, 100 MB decompressed, 20 runs, 25,000 results per run, 1,000 locations per result. " +
            "The repository comes from the `repository` parameter or the log's versionControlProvenance, and must be in the inventory inside the token's scope. " +
            "Everything is checked before anything is stored; processing is asynchronous: follow the answer's `url`. " +
            "Results of a newer upload for the same repository, tool and category replace the older: findings no longer reported become Fixed, returning ones Reopened; dismissed ones stay dismissed.",
          parameters: queryParameters(uploadScanQuery),
          requestBody: {
            required: true,
            content: {
              "application/sarif+json": { schema: { type: "object", description: "A SARIF 2.1.0 log (https://json.schemastore.org/sarif-2.1.0.json)" } },
              "application/json": { schema: { type: "object" } },
            },
          },
          responses: {
            "202": { description: "Accepted; being processed", content: { "application/json": { schema: { $ref: "#/components/schemas/ScanAccepted" } } } },
            ...errorResponses(400, 401, 403, 404, 413, 415, 422),
          },
        },
      },
      "/api/v1/scans/{id}": {
        get: {
          operationId: "getScan",
          summary: "One scan's processing: pending, complete with what it changed (new, unchanged, fixed, reopened), or failed with the reason",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" }, description: "The id the upload answered" }],
          responses: {
            "200": { description: "The scan", content: { "application/json": { schema: { $ref: "#/components/schemas/Scan" } } } },
            ...errorResponses(401, 403, 404),
          },
        },
      },
      "/api/v1/repositories/{id}/findings": {
        get: {
          operationId: "listRepositoryFindings",
          summary: "One repository's findings, most severe first (then by file and line), a page at a time",
          description:
            "`status` tells open findings apart: NEW (first reported by the latest scan of its tool and category), REOPENED (brought back by it), ACTIVE (open since an earlier scan). " +
            "A dismissal past its expiry has lapsed by the time this answers. `fileUrl` opens the file at the line in the provider.",
          parameters: [REPOSITORY_ID, ...queryParameters(findingListQuery)],
          responses: {
            "200": { description: "One page and the total", content: { "application/json": { schema: { $ref: "#/components/schemas/FindingListPage" } } } },
            ...errorResponses(401, 403, 404, 422),
          },
        },
      },
      "/api/v1/repositories/{id}/scan": {
        post: {
          operationId: "scanRepositoryNow",
          summary: "Scan now: queue an agentless scan of the repository's default branch (Security Admin, Contributor or Owner)",
          description:
            "Answers 202 with the scan to follow (GET /api/v1/scans/{id}); when one is already queued or running, that one (`alreadyQueued`). " +
            "A repository that is not scanned (archived, over 1 GB, out of the scanning scope, scanning off, empty) answers 409 with the reason.",
          parameters: [REPOSITORY_ID],
          responses: {
            "202": { description: "Queued", content: { "application/json": { schema: { $ref: "#/components/schemas/ScanNow" } } } },
            ...errorResponses(401, 403, 404, 409),
          },
        },
      },
      "/api/v1/scanners": {
        get: {
          operationId: "listScanners",
          summary: "The scanners agentless scanning can run: installed on this server or not (with how to install), their versions and the files each reads",
          responses: {
            "200": { description: "The scanners", content: { "application/json": { schema: { $ref: "#/components/schemas/ScannerList" } } } },
            ...errorResponses(401, 403),
          },
        },
      },
      "/api/v1/scans/{id}/cancel": {
        post: {
          operationId: "cancelScan",
          summary: "Stop an agentless scan: a queued one at once, a running one within seconds (its clone is removed and nothing is ingested)",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" }, description: "The scan's id" }],
          responses: {
            "200": { description: "The scan, cancelled or about to be", content: { "application/json": { schema: { $ref: "#/components/schemas/Scan" } } } },
            ...errorResponses(401, 403, 404, 409),
          },
        },
      },
      "/api/v1/repositories/{id}/scans": {
        get: {
          operationId: "listRepositoryScans",
          summary: "The repository's latest scans (at most 20), newest first: state, tools, what each changed, errors",
          parameters: [REPOSITORY_ID],
          responses: {
            "200": { description: "The scans", content: { "application/json": { schema: { $ref: "#/components/schemas/RepositoryScanList" } } } },
            ...errorResponses(401, 403, 404),
          },
        },
      },
      "/api/v1/findings/{id}": {
        get: {
          operationId: "getFinding",
          summary: "One finding: its rule's metadata and help, message, code snippet, why its severity, and its history (newest first)",
          parameters: [FINDING_ID],
          responses: {
            "200": { description: "The finding", content: { "application/json": { schema: { $ref: "#/components/schemas/Finding" } } } },
            ...errorResponses(401, 403, 404),
          },
        },
      },
      "/api/v1/findings/dismiss": {
        post: {
          operationId: "dismissFindings",
          summary: "Dismiss open findings with a reason, a comment and an optional expiry (Owner, Contributor, Security Admin)",
          description:
            "All or nothing: ids unknown or outside your scope answer 404 (how many), findings in repositories where your role may not triage 403, findings that are not open 422 (`errors` names each). " +
            "A dismissed finding stays dismissed across uploads until it is reopened or its expiry passes; then it is open again, or Fixed if the latest scan no longer reports it.",
          requestBody: { required: true, content: { "application/json": { schema: dismissBody } } },
          responses: {
            "200": { description: "Dismissed", content: { "application/json": { schema: { $ref: "#/components/schemas/TriageResult" } } } },
            ...errorResponses(401, 403, 404, 422),
          },
        },
      },
      "/api/v1/findings/reopen": {
        post: {
          operationId: "reopenFindings",
          summary: "Withdraw dismissals: each finding is open again, or Fixed if the latest scan no longer reports it (Owner, Contributor, Security Admin)",
          description: "All or nothing, checked as dismissing is; findings that are not dismissed answer 422.",
          requestBody: { required: true, content: { "application/json": { schema: reopenBody } } },
          responses: {
            "200": { description: "Reopened", content: { "application/json": { schema: { $ref: "#/components/schemas/TriageResult" } } } },
            ...errorResponses(401, 403, 404, 422),
          },
        },
      },
      "/api/v1/findings": {
        get: {
          operationId: "searchFindings",
          summary: "Findings across every repository in view: by repository, recommendation, provider, type, severity, state and tool; most severe first, a page at a time",
          parameters: queryParameters(findingSearchQuery),
          responses: {
            "200": { description: "A page of findings", content: { "application/json": { schema: { $ref: "#/components/schemas/FindingSearchPage" } } } },
            ...errorResponses(401, 403, 404, 422),
          },
        },
      },
      "/api/v1/recommendations": {
        get: {
          operationId: "listRecommendations",
          summary: "The recommendations with resources in view: severity, state, unhealthy / total resources and open findings; filtered, searched and sorted",
          parameters: queryParameters(recommendationListQuery),
          responses: {
            "200": { description: "The recommendations", content: { "application/json": { schema: { $ref: "#/components/schemas/RecommendationList" } } } },
            ...errorResponses(401, 403, 422),
          },
        },
      },
      "/api/v1/recommendations/export.csv": {
        get: {
          operationId: "exportRecommendations",
          summary: "The recommendations list as CSV, with the same filters and sort",
          parameters: queryParameters(recommendationListQuery),
          responses: { "200": { description: "CSV", content: { "text/csv": {} } }, ...errorResponses(401, 403, 422) },
        },
      },
      "/api/v1/recommendations/{id}": {
        get: {
          operationId: "getRecommendation",
          summary: "One recommendation: description, remediation steps, severity (and why), and its resources in view by state",
          parameters: [RECOMMENDATION_ID, ...queryParameters(recommendationScopeQuery)],
          responses: {
            "200": { description: "The recommendation", content: { "application/json": { schema: { $ref: "#/components/schemas/Recommendation" } } } },
            ...errorResponses(401, 403, 404, 422),
          },
        },
      },
      "/api/v1/recommendations/{id}/resources": {
        get: {
          operationId: "listRecommendationResources",
          summary: "The resources a recommendation judges: state, why, exemption; unhealthy first, a page at a time",
          parameters: [RECOMMENDATION_ID, ...queryParameters(recommendationResourcesQuery)],
          responses: {
            "200": { description: "A page of resources", content: { "application/json": { schema: { $ref: "#/components/schemas/AssessedResourcePage" } } } },
            ...errorResponses(401, 403, 404, 422),
          },
        },
      },
      "/api/v1/recommendations/{id}/exemptions": {
        post: {
          operationId: "exemptResources",
          summary: "Exempt resources from the recommendation with a reason (Mitigated, Risk accepted), a comment and an optional expiry (Owner, Contributor, Security Admin)",
          description:
            "All or nothing: resources unknown, outside your scope or not judged by this recommendation answer 404, resources where your role may not triage 403, removed ones 422. " +
            "Exempting an exempt resource replaces its exemption. At the expiry the exemption lapses by itself and the resource is judged again.",
          parameters: [RECOMMENDATION_ID],
          requestBody: { required: true, content: { "application/json": { schema: bodySchema(exemptResourcesInput) } } },
          responses: {
            "200": { description: "Exempted", content: { "application/json": { schema: { $ref: "#/components/schemas/ExemptionResult" } } } },
            ...errorResponses(401, 403, 404, 422),
          },
        },
      },
      "/api/v1/recommendations/{id}/exemptions/remove": {
        post: {
          operationId: "removeExemptions",
          summary: "Withdraw exemptions: the resources are judged again at once (Owner, Contributor, Security Admin)",
          parameters: [RECOMMENDATION_ID],
          requestBody: { required: true, content: { "application/json": { schema: bodySchema(removeExemptionsInput) } } },
          responses: {
            "200": { description: "Withdrawn (count 0: none was exempt)", content: { "application/json": { schema: { $ref: "#/components/schemas/ExemptionResult" } } } },
            ...errorResponses(401, 403, 404, 422),
          },
        },
      },
      "/api/v1/metrics/overview": {
        get: {
          operationId: "getOverviewMetrics",
          summary: "The overview's numbers: open findings by severity and type, posture recommendations, advanced security coverage, trend, mean time to remediate, top 10 repositories by risk",
          parameters: queryParameters(overviewQuery),
          responses: {
            "200": { description: "The metrics", content: { "application/json": { schema: { $ref: "#/components/schemas/OverviewMetrics" } } } },
            ...errorResponses(401, 403, 422),
          },
        },
      },
      "/api/v1/openapi.json": {
        get: { operationId: "openApi", summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": {} } } } },
      },
    },
  };
}
