import { z } from "zod";

/**
 * SARIF uploads (POST /api/v1/scans) and their processing (GET /api/v1/scans/{id}), as
 * the handlers validate and answer them and the OpenAPI document describes them.
 */

const optionalText = (max: number, description: string) => z.string().trim().min(1).max(max).optional().describe(description);

export const uploadScanQuery = z.object({
  repository: optionalText(
    2_000,
    "The repository: its URL (https or ssh, as `git remote` gives it) or provider/organization[/project]/name (github, azure-devops, gitlab). Wins over the log's versionControlProvenance.",
  ),
  commit: optionalText(200, "The commit the log is for. Wins over the log's versionControlProvenance revisionId."),
  branch: optionalText(500, "The branch (or ref) the log is for. Wins over the log's versionControlProvenance branch."),
  category: optionalText(
    200,
    "Separates result sets of one tool (e.g. per language or folder); results of a newer upload replace only those of the same tool and category. A finding type (code, secrets, dependency, iac, container) also sets the type.",
  ),
  checkoutUri: optionalText(2_000, "Where the repository was checked out when the tool ran (file:///…): absolute file URIs below it become repository paths."),
});
export type UploadScanQuery = z.infer<typeof uploadScanQuery>;

export const SCAN_STATES = ["pending", "complete", "failed"] as const;

export const scanAccepted = z
  .object({
    id: z.string(),
    state: z.literal("pending"),
    url: z.string().describe("Where to follow the processing: GET it until state is complete or failed"),
  })
  .meta({ id: "ScanAccepted" });
export type ScanAccepted = z.infer<typeof scanAccepted>;

export const scanIdParams = z.object({ id: z.string().max(200) });

const count = z.number().int().min(0);

export const scanView = z
  .object({
    id: z.string(),
    state: z.enum(SCAN_STATES).describe("pending until processed; then complete, or failed with the reason (a failed scan wrote no findings)"),
    source: z.enum(["upload", "agentless"]),
    repository: z.object({ id: z.string(), fullName: z.string() }),
    commit: z.string().nullable(),
    branch: z.string().nullable(),
    category: z.string().nullable(),
    uploadedBy: z.string().nullable(),
    tools: z.array(
      z.object({
        name: z.string(),
        version: z.string().nullable(),
        category: z.string(),
        type: z.string(),
        results: count,
        skipped: count.describe("Results that are not problems (kind pass, informational…) or are suppressed in source"),
        duplicate: z.boolean().optional().describe("The same log as this tool's previous scan: nothing changed"),
      }),
    ),
    runs: count,
    results: count,
    counts: z
      .object({ new: count, unchanged: count, fixed: count, reopened: count })
      .nullable()
      .describe("What the scan changed, once complete"),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: "Scan" });
export type ScanView = z.infer<typeof scanView>;

export const repositoryScanList = z
  .object({ items: z.array(scanView).describe("The repository's latest scans (at most 20), newest first") })
  .meta({ id: "RepositoryScanList" });
export type RepositoryScanList = z.infer<typeof repositoryScanList>;
