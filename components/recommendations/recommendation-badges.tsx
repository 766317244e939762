"use client";

import { Badge, type BadgeProps } from "@fluentui/react-components";
import { ASSESSMENT_STATE_LABELS, RECOMMENDATION_KIND_LABELS, type AssessmentStateName, type RecommendationKind } from "@/lib/recommendations/catalog";

/** A recommendation's or resource's state, the same on the list, the header and the resources table. */

const STATE_COLORS: Record<AssessmentStateName, BadgeProps["color"]> = {
  UNHEALTHY: "danger",
  HEALTHY: "success",
  NOT_APPLICABLE: "subtle",
  EXEMPT: "informative",
};

const STATE_TITLES: Record<AssessmentStateName, string> = {
  UNHEALTHY: "At least one resource does not meet it",
  HEALTHY: "Every resource evaluated meets it",
  NOT_APPLICABLE: "It does not apply, or what it needs could not be read",
  EXEMPT: "Exempted by a person, with a reason",
};

export function AssessmentStateBadge({ state, title }: { state: AssessmentStateName; title?: string }) {
  return (
    <Badge appearance="tint" color={STATE_COLORS[state]} title={title ?? STATE_TITLES[state]}>
      {ASSESSMENT_STATE_LABELS[state]}
    </Badge>
  );
}

export function KindBadge({ kind }: { kind: RecommendationKind }) {
  return (
    <Badge appearance="outline" color={kind === "FINDINGS" ? "brand" : "informative"} shape="rounded">
      {RECOMMENDATION_KIND_LABELS[kind]}
    </Badge>
  );
}
