"use client";

import { Badge, Caption1, makeStyles, tokens, Tooltip, type BadgeProps } from "@fluentui/react-components";
import {
  ADVANCED_SECURITY_LABELS,
  PR_ANNOTATION_LABELS,
  type AdvancedSecurityStatusName,
  type PrAnnotationStatusName,
} from "@/lib/schemas/inventory";
import { describePrAnnotationSettings } from "@/lib/schemas/pr-annotations";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0 },
  off: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  details: {
    display: "inline-flex",
    borderRadius: tokens.borderRadiusMedium,
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px" },
  },
});

const ADVANCED_SECURITY_COLORS: Record<AdvancedSecurityStatusName, BadgeProps["color"]> = {
  ON: "success",
  PARTIAL: "warning",
  OFF: "danger",
  NOT_AVAILABLE: "informative",
};

const PR_ANNOTATION_COLORS: Record<PrAnnotationStatusName, BadgeProps["color"]> = {
  ON: "success",
  OFF: "subtle",
  NOT_AVAILABLE: "informative",
};

const NOT_AVAILABLE_TITLE = "Rampart has no information about this for the repository's provider.";

/**
 * Advanced security status (seed 002). "Partially enabled" names the features that are
 * off in text, beside the badge, so it is read without hovering.
 */
export function AdvancedSecurityBadge({ status, off }: { status: AdvancedSecurityStatusName; off: string[] }) {
  const styles = useStyles();
  return (
    <span className={styles.stack}>
      <Badge appearance="tint" color={ADVANCED_SECURITY_COLORS[status]} title={status === "NOT_AVAILABLE" ? NOT_AVAILABLE_TITLE : undefined}>
        {ADVANCED_SECURITY_LABELS[status]}
      </Badge>
      {status === "PARTIAL" && off.length > 0 ? <Caption1 className={styles.off}>Off: {off.join(", ")}</Caption1> : null}
    </span>
  );
}

/** Pull request annotation status (seed 002); when On, what is annotated shows on hover and on focus. */
export function PrAnnotationBadge({ status, categories = [], minimumSeverity = null }: { status: PrAnnotationStatusName; categories?: string[]; minimumSeverity?: string | null }) {
  const styles = useStyles();
  const badge = (
    <Badge appearance="tint" color={PR_ANNOTATION_COLORS[status]} title={status === "NOT_AVAILABLE" ? NOT_AVAILABLE_TITLE : undefined}>
      {PR_ANNOTATION_LABELS[status]}
    </Badge>
  );
  if (status !== "ON") return badge;
  return (
    <Tooltip content={`Annotates ${describePrAnnotationSettings(categories, minimumSeverity)}`} relationship="description" withArrow>
      {/* Focusable, so that keyboard users reach the details too. */}
      <span tabIndex={0} className={styles.details}>
        {badge}
      </span>
    </Tooltip>
  );
}
