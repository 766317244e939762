import "server-only";
import { stringify } from "csv-stringify/sync";
import { ASSESSMENT_STATE_LABELS, RECOMMENDATION_KIND_LABELS, resourceTypeLabel } from "@/lib/recommendations/catalog";
import { PROVIDER_LABELS } from "@/lib/schemas/connectors";
import { FINDING_TYPE_LABELS, SEVERITY_LABELS } from "@/lib/schemas/findings";
import type { RecommendationSummary } from "@/lib/schemas/recommendations";

/** The recommendations list as CSV, in the list's order (a few dozen rows: written at once). */

const COLUMNS: [string, (r: RecommendationSummary) => string | number][] = [
  ["Recommendation", (r) => r.title],
  ["Id", (r) => r.id],
  ["Severity", (r) => SEVERITY_LABELS[r.severity]],
  ["DevOps environment", (r) => PROVIDER_LABELS[r.provider]],
  ["Type", (r) => RECOMMENDATION_KIND_LABELS[r.kind]],
  ["Finding type", (r) => (r.findingType ? FINDING_TYPE_LABELS[r.findingType] : "")],
  ["Resource type", (r) => resourceTypeLabel(r.resourceType, r.provider)],
  ["State", (r) => ASSESSMENT_STATE_LABELS[r.state]],
  ["Unhealthy resources", (r) => r.resources.unhealthy],
  ["Healthy resources", (r) => r.resources.healthy],
  ["Exempt resources", (r) => r.resources.exempt],
  ["Not applicable resources", (r) => r.resources.notApplicable],
  ["Total resources", (r) => r.resources.total],
  ["Open findings", (r) => r.openFindings],
];

export function recommendationsCsv(items: RecommendationSummary[]): string {
  return `\uFEFF${stringify([COLUMNS.map(([title]) => title), ...items.map((r) => COLUMNS.map(([, value]) => value(r)))])}`;
}
