import { z } from "zod";
import { SCANNER_IDS } from "./connectors";

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

export const SCAN_STATES = ["pending", "running", "complete", "failed", "skipped", "cancelled"] as const;
export type ScanStateName = (typeof SCAN_STATES)[number];

/** What an agentless scan's scanner did: ran, had nothing to look at, is not installed on the server, failed, ran out of time, or was stopped. */
export const SCANNER_RUN_STATES = ["ran", "no-files", "not-installed", "failed", "timed-out", "cancelled"] as const;

export const scannerRun = z
  .object({
    id: z.string(),
    label: z.string(),
    state: z.enum(SCANNER_RUN_STATES),
    version: z.string().nullable(),
    files: count0(),
    results: count0(),
    error: z.string().nullable(),
  })
  .meta({ id: "ScannerRun" });
export type ScannerRunView = z.infer<typeof scannerRun>;

function count0() {
  return z.number().int().min(0);
}

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
    state: z
      .enum(SCAN_STATES)
      .describe(
        "pending until processed (an agentless scan: queued), running (an agentless scan fetching and scanning the code); then complete, or failed with the reason (a failed scan wrote no findings); agentless scans may also be skipped (with the reason) or cancelled",
      ),
    source: z.enum(["upload", "agentless"]),
    trigger: z.enum(["schedule", "discovery", "manual"]).nullable().describe("Agentless: what started it"),
    scanners: z.array(scannerRun).describe("Agentless: each scanner selected on the connector, what it did, and its version"),
    isolation: z.string().nullable().describe("Agentless: how the scanners were kept off the network (network-namespace, or none)"),
    skipReason: z.string().nullable(),
    cancelRequested: z.boolean(),
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
    resultsBy: z
      .object({
        severity: z.object({ CRITICAL: count, HIGH: count, MEDIUM: count, LOW: count }),
        type: z.object({ CODE: count, SECRETS: count, DEPENDENCY: count, IAC: count, CONTAINER: count }),
      })
      .describe("What the scan's tools reported, by severity and by finding type (once processed)"),
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

const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length))
    .optional();

/** GET /api/v1/scans: Settings → Scans, every scan in the caller's scope, newest first. */
export const scanListQuery = z.object({
  source: z.enum(["upload", "agentless"]).optional().describe("Only uploads, or only agentless scans"),
  state: csvOf(SCAN_STATES).describe("Comma-separated states, e.g. failed,skipped"),
  connector: z.uuid("is not a valid id").optional().describe("Only the scans of one DevOps environment"),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ScanListQuery = z.infer<typeof scanListQuery>;

export const scanListPage = z
  .object({
    items: z.array(scanView.extend({ connector: z.object({ id: z.string(), name: z.string() }) })),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last one"),
  })
  .meta({ id: "ScanListPage" });
export type ScanListPage = z.infer<typeof scanListPage>;

export const scanNowAnswer = z
  .object({ scan: scanView, alreadyQueued: z.boolean().describe("An agentless scan of the repository was already queued or running: this is it") })
  .meta({ id: "ScanNow" });

/** GET /api/v1/scanners: what this server can run, for the wizard and the scanning settings. */
export const scannerList = z
  .object({
    items: z.array(
      z.object({
        id: z.enum(SCANNER_IDS),
        label: z.string(),
        looksAt: z.string().describe("The files it reads"),
        installed: z.boolean().describe("Installed on this server (its workers may differ: each scan run says what ran)"),
        version: z.string().nullable(),
        reason: z.string().nullable().describe("Why it is not installed, and how to install it"),
      }),
    ),
  })
  .meta({ id: "ScannerList" });
export type ScannerList = z.infer<typeof scannerList>;
