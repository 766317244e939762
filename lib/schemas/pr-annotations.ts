import { z } from "zod";
import { FINDING_TYPE_LABELS, SEVERITIES, SEVERITY_LABELS, type SeverityName } from "./findings";

/**
 * Pull request annotations (Azure DevOps): which finding types Rampart annotates on a
 * pull request, from which severity up. The request of POST
 * /api/v1/repositories/pr-annotations and its answer, shared by the handler, the
 * configure dialog and the tests.
 */

/**
 * Finding types a pull request can be annotated with: those found in the files a pull
 * request changes. Container image findings are not among them (they belong to an
 * image, not to a line of a diff).
 */
export const PR_ANNOTATION_CATEGORIES = ["CODE", "SECRETS", "DEPENDENCY", "IAC"] as const;
export type PrAnnotationCategory = (typeof PR_ANNOTATION_CATEGORIES)[number];
export const PR_ANNOTATION_CATEGORY_LABELS: Record<PrAnnotationCategory, string> = FINDING_TYPE_LABELS;

export { SEVERITIES, SEVERITY_LABELS, type SeverityName } from "./findings";

/** What the dialog proposes for repositories that have no settings yet: secrets and IaC findings, from Medium up. */
export const DEFAULT_PR_ANNOTATION_SETTINGS = { categories: ["SECRETS", "IAC"] as PrAnnotationCategory[], minimumSeverity: "MEDIUM" as SeverityName };

/** At most this many repositories per request. */
export const PR_ANNOTATIONS_MAX_REPOSITORIES = 100;

/** Categories in the one order they are stored and shown in. */
export function orderedCategories(categories: readonly string[]): PrAnnotationCategory[] {
  return PR_ANNOTATION_CATEGORIES.filter((c) => categories.includes(c));
}

/** "Secrets, Infrastructure as code · Medium and above" */
export function describePrAnnotationSettings(categories: readonly string[], minimumSeverity: string | null): string {
  const names = orderedCategories(categories).map((c) => PR_ANNOTATION_CATEGORY_LABELS[c]);
  const severity = (SEVERITIES as readonly string[]).includes(minimumSeverity ?? "") ? SEVERITY_LABELS[minimumSeverity as SeverityName] : null;
  const from = severity ? (minimumSeverity === "CRITICAL" ? "Critical only" : `${severity} and above`) : "any severity";
  return `${names.length ? names.join(", ") : "No categories"} · ${from}`;
}

const unique = <T>(values: readonly T[]) => new Set(values).size === values.length;

export const configurePrAnnotationsInput = z
  .object({
    repositoryIds: z
      .array(z.uuid("is not a valid repository id"))
      .min(1, "select at least one repository")
      .max(PR_ANNOTATIONS_MAX_REPOSITORIES, `select at most ${PR_ANNOTATIONS_MAX_REPOSITORIES} repositories at a time`)
      .refine(unique, "names a repository twice")
      .describe(`The repositories (Azure DevOps only), by Rampart id; 1 to ${PR_ANNOTATIONS_MAX_REPOSITORIES}`),
    enabled: z.boolean().describe("Annotate pull requests (true) or stop (false)"),
    categories: z
      .array(z.enum(PR_ANNOTATION_CATEGORIES, `must be one of ${PR_ANNOTATION_CATEGORIES.join(", ")}`))
      .refine(unique, "names a category twice")
      .default([])
      .describe("Finding types to annotate; at least one when enabled, ignored when not"),
    minimumSeverity: z
      .enum(SEVERITIES, `must be one of ${SEVERITIES.join(", ")}`)
      .nullable()
      .default(null)
      .describe("Annotate findings of this severity and above; required when enabled, ignored when not"),
  })
  .superRefine((input, ctx) => {
    if (!input.enabled) return;
    if (input.categories.length === 0) ctx.addIssue({ code: "custom", path: ["categories"], message: "choose at least one category to annotate" });
    if (input.minimumSeverity === null) ctx.addIssue({ code: "custom", path: ["minimumSeverity"], message: "choose a minimum severity" });
  });
export type ConfigurePrAnnotationsInput = z.input<typeof configurePrAnnotationsInput>;
export type ConfigurePrAnnotations = z.infer<typeof configurePrAnnotationsInput>;

export const prAnnotationsResult = z
  .object({
    results: z.array(
      z.object({
        repositoryId: z.string(),
        fullName: z.string(),
        outcome: z.enum(["saved", "failed"]).describe("saved: Azure DevOps accepted it and Rampart stored it; failed: nothing changed for this repository"),
        message: z.string().nullable().describe("Why it failed, as the provider said it; null when saved"),
        prAnnotations: z.enum(["ON", "OFF", "NOT_AVAILABLE"]).describe("The repository's status now"),
        categories: z.array(z.enum(PR_ANNOTATION_CATEGORIES)),
        minimumSeverity: z.enum(SEVERITIES).nullable(),
      }),
    ),
    saved: z.number().int(),
    failed: z.number().int(),
  })
  .meta({ id: "PrAnnotationsResult" });
export type PrAnnotationsResult = z.infer<typeof prAnnotationsResult>;
