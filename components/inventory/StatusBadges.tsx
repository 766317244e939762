"use client";

import { Badge, Caption1, makeStyles, tokens, type BadgeProps } from "@fluentui/react-components";
import {
  ADVANCED_SECURITY_LABELS,
  PR_ANNOTATION_LABELS,
  type AdvancedSecurityStatusName,
  type PrAnnotationStatusName,
} from "@/lib/schemas/inventory";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0 },
  off: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
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

/** Pull request annotation status (seed 002). */
export function PrAnnotationBadge({ status }: { status: PrAnnotationStatusName }) {
  return (
    <Badge appearance="tint" color={PR_ANNOTATION_COLORS[status]} title={status === "NOT_AVAILABLE" ? NOT_AVAILABLE_TITLE : undefined}>
      {PR_ANNOTATION_LABELS[status]}
    </Badge>
  );
}
