import { z } from "zod";
import { FINDING_TYPES, SEVERITIES } from "./findings";

/**
 * A repository's findings as people triage them: the list (GET
 * /api/v1/repositories/{id}/findings), one finding with its rule and history (GET
 * /api/v1/findings/{id}), and dismissing or reopening them (POST
 * /api/v1/findings/dismiss, /reopen). Shared by the handlers, the OpenAPI document, the
 * console and the tests.
 */

/** The states a list is filtered by, as they travel in a URL. */
export const FINDING_STATE_FILTERS = ["open", "dismissed", "fixed", "not-scanned", "all"] as const;
export type FindingStateFilter = (typeof FINDING_STATE_FILTERS)[number];

/**
 * A finding's status as a person reads it: its state, and for open ones whether the
 * latest scan of its tool is the one that first reported it (New) or brought it back
 * (Reopened).
 */
export const FINDING_STATUSES = ["NEW", "REOPENED", "ACTIVE", "FIXED", "DISMISSED", "NOT_SCANNED"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  NEW: "New",
  REOPENED: "Reopened",
  ACTIVE: "Active",
  FIXED: "Fixed",
  DISMISSED: "Dismissed",
  NOT_SCANNED: "Not scanned",
};

export const DISMISSAL_REASONS = ["FALSE_POSITIVE", "ACCEPTED_RISK", "WONT_FIX"] as const;
export type DismissalReasonName = (typeof DISMISSAL_REASONS)[number];
export const DISMISSAL_REASON_LABELS: Record<DismissalReasonName, string> = {
  FALSE_POSITIVE: "False positive",
  ACCEPTED_RISK: "Accepted risk",
  WONT_FIX: "Won't fix",
};
export const DISMISSAL_REASON_DESCRIPTIONS: Record<DismissalReasonName, string> = {
  FALSE_POSITIVE: "The tool is wrong: the code is not vulnerable.",
  ACCEPTED_RISK: "The risk is real and known, and accepted for now.",
  WONT_FIX: "The code is not worth fixing (test code, tooling, to be removed).",
};

export const FINDING_EVENT_KINDS = ["DETECTED", "FIXED", "REOPENED", "DISMISSED", "DISMISSAL_REMOVED", "DISMISSAL_EXPIRED", "NOT_SCANNED"] as const;
export type FindingEventKindName = (typeof FINDING_EVENT_KINDS)[number];
export const FINDING_EVENT_LABELS: Record<FindingEventKindName, string> = {
  DETECTED: "Detected",
  FIXED: "Fixed",
  REOPENED: "Reopened",
  DISMISSED: "Dismissed",
  DISMISSAL_REMOVED: "Dismissal withdrawn",
  DISMISSAL_EXPIRED: "Dismissal expired",
  NOT_SCANNED: "No longer scanned",
};

export const FINDINGS_PAGE_SIZES = [25, 50, 100, 200] as const;
export const FINDINGS_MAX_PAGE_SIZE = 200;
/** How many findings one dismissal or reopening may name. */
export const TRIAGE_MAX_FINDINGS = 1000;
export const DISMISSAL_COMMENT_MAX = 2000;
/** A dismissal expires at most this many days ahead. */
export const DISMISSAL_MAX_DAYS = 365;

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .max(500)
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values, `must be any of: ${values.join(", ")}`)).max(values.length * 2))
    .optional()
    .describe(`Comma-separated, any of: ${values.join(", ")}`);

export const findingListQuery = z.object({
  state: z
    .enum(FINDING_STATE_FILTERS, `must be one of ${FINDING_STATE_FILTERS.join(", ")}`)
    .default("open")
    .describe("open (the default: New, Reopened and Active), dismissed, fixed, not-scanned, or all"),
  type: list(FINDING_TYPES),
  severity: list(SEVERITIES),
  tool: z.string().trim().min(1).max(200).optional().describe("Only this tool's findings (the SARIF driver's name, exact)"),
  limit: z.coerce.number().int().min(1).max(FINDINGS_MAX_PAGE_SIZE, `must be at most ${FINDINGS_MAX_PAGE_SIZE}`).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe("How many findings to skip (the list is sorted by severity, then path and line)"),
});
export type FindingListQuery = z.infer<typeof findingListQuery>;
export type FindingListQueryInput = z.input<typeof findingListQuery>;

const iso = (what: string) => z.string().describe(`${what} (ISO 8601)`);

export const findingDismissal = z
  .object({
    reason: z.enum(DISMISSAL_REASONS),
    comment: z.string().nullable(),
    by: z.string().nullable().describe("Who dismissed it (email)"),
    at: iso("When"),
    expiresAt: iso("When the dismissal lapses by itself").nullable(),
  })
  .meta({ id: "FindingDismissal" });
export type FindingDismissal = z.infer<typeof findingDismissal>;

export const findingListItem = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    title: z.string(),
    tool: z.string(),
    category: z.string().describe('The upload\'s category ("" when none)'),
    type: z.enum(FINDING_TYPES),
    severity: z.enum(SEVERITIES),
    status: z
      .enum(FINDING_STATUSES)
      .describe("NEW and REOPENED: open, and first reported or brought back by the latest scan of its tool; ACTIVE: open since an earlier scan"),
    path: z.string().nullable().describe("Relative to the repository root"),
    startLine: z.number().int().nullable(),
    endLine: z.number().int().nullable(),
    fileUrl: z.string().nullable().describe("The file at that line in the provider, at the commit of the latest scan when known (else the default branch)"),
    firstSeenAt: iso("When a scan first reported it"),
    fixedAt: iso("When a scan stopped reporting it").nullable(),
    dismissal: findingDismissal.nullable(),
  })
  .meta({ id: "FindingListItem" });
export type FindingListItem = z.infer<typeof findingListItem>;

export const findingListPage = z
  .object({
    items: z.array(findingListItem),
    total: z.number().int().min(0).describe("Findings matching the filters"),
    limit: z.number().int(),
    offset: z.number().int(),
    tools: z.array(z.string()).describe("Every tool that has reported findings on the repository (for the tool filter)"),
  })
  .meta({ id: "FindingListPage" });
export type FindingListPage = z.infer<typeof findingListPage>;

export const findingIdParams = z.object({ id: z.string().max(200) });

export const findingEventView = z
  .object({
    id: z.string(),
    kind: z.enum(FINDING_EVENT_KINDS),
    at: iso("When"),
    scanId: z.string().nullable().describe("The scan that caused it, for scan events"),
    actor: z.string().nullable().describe("Who, for triage events (email, or token:prefix)"),
    reason: z.enum(DISMISSAL_REASONS).nullable(),
    comment: z.string().nullable(),
  })
  .meta({ id: "FindingEvent" });
export type FindingEventView = z.infer<typeof findingEventView>;

export const findingRuleView = z
  .object({
    id: z.string().describe("The tool's rule id"),
    name: z.string().nullable(),
    shortDescription: z.string().nullable(),
    fullDescription: z.string().nullable(),
    helpMarkdown: z.string().nullable().describe("The tool's help as markdown (render without raw HTML)"),
    helpText: z.string().nullable(),
    helpUri: z.string().nullable().describe("An http(s) address only"),
    tags: z.array(z.string()),
    cwes: z.array(z.string()).describe('"CWE-79"…'),
  })
  .meta({ id: "FindingRule" });
export type FindingRuleView = z.infer<typeof findingRuleView>;

/** How many events a finding's history shows at most (newest first). */
export const FINDING_HISTORY_LIMIT = 200;

export const findingDetail = z
  .object({
    ...findingListItem.shape,
    repository: z.object({ id: z.string(), fullName: z.string() }),
    state: z.enum(["OPEN", "FIXED", "DISMISSED", "NOT_SCANNED"]),
    message: z.string().nullable(),
    snippet: z.string().nullable(),
    startColumn: z.number().int().nullable(),
    endColumn: z.number().int().nullable(),
    severityReason: z.string().nullable().describe("Which SARIF property decided the severity, in words"),
    lastSeenAt: iso("When a scan last changed it"),
    rule: findingRuleView.nullable().describe("The rule as the latest log of its tool described it; null when the log described none"),
    history: z.array(findingEventView).describe(`What happened to it, newest first (at most ${FINDING_HISTORY_LIMIT})`),
    actions: z.object({ triage: z.boolean().describe("The caller may dismiss or reopen it") }),
  })
  .meta({ id: "Finding" });
export type FindingDetail = z.infer<typeof findingDetail>;

const findingIds = z
  .array(z.uuid("is not a finding id"), "must be a list of finding ids")
  .min(1, "name at least one finding")
  .max(TRIAGE_MAX_FINDINGS, `may name at most ${TRIAGE_MAX_FINDINGS} findings at a time`)
  .describe(`The findings (1 to ${TRIAGE_MAX_FINDINGS})`);

/** The latest moment a dismissal may expire, from `now`. */
export function latestDismissalExpiry(now = Date.now()): number {
  return now + DISMISSAL_MAX_DAYS * 24 * 3600_000;
}

export const dismissFindingsInput = z
  .object({
    findingIds,
    reason: z.enum(DISMISSAL_REASONS, `must be one of ${DISMISSAL_REASONS.join(", ")}`),
    comment: z
      .string()
      .trim()
      .max(DISMISSAL_COMMENT_MAX, `must be at most ${DISMISSAL_COMMENT_MAX} characters`)
      .optional()
      .describe("Why, for the people who read the finding later"),
    expiresAt: z.iso
      .datetime({ offset: true, message: "must be an ISO 8601 date and time, e.g. 2026-06-30T23:59:59Z" })
      .refine((v) => Date.parse(v) > Date.now(), "must be in the future")
      .refine((v) => Date.parse(v) <= latestDismissalExpiry(), `must be at most ${DISMISSAL_MAX_DAYS} days ahead`)
      .optional()
      .describe(`When the dismissal lapses by itself (in the future, at most ${DISMISSAL_MAX_DAYS} days ahead); the finding is then open again, or fixed if the latest scan no longer reports it`),
  });
export type DismissFindingsInput = z.infer<typeof dismissFindingsInput>;

export const reopenFindingsInput = z.object({ findingIds });
export type ReopenFindingsInput = z.infer<typeof reopenFindingsInput>;

export const triageResult = z
  .object({
    count: z.number().int().describe("How many findings changed"),
    findings: z.array(z.object({ id: z.string(), state: z.enum(["OPEN", "FIXED", "DISMISSED", "NOT_SCANNED"]) })),
  })
  .meta({ id: "TriageResult" });
export type TriageResult = z.infer<typeof triageResult>;
