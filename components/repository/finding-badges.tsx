"use client";

import { Badge, makeStyles, tokens, type BadgeProps } from "@fluentui/react-components";
import { FINDING_STATUS_LABELS, type FindingStatus } from "@/lib/schemas/finding-triage";
import { SEVERITY_LABELS, type SeverityName } from "@/lib/schemas/findings";

/** A finding's severity and status as badges: the same on the grid and in the finding's panel. */

const useStyles = makeStyles({
  severity: { display: "inline-flex", alignItems: "center", gap: "6px", whiteSpace: "nowrap" },
  dot: { width: "10px", height: "10px", borderRadius: "50%", flexShrink: 0 },
});

/** The severity colours of the health page's breakdown. */
export const SEVERITY_COLORS: Record<SeverityName, string> = {
  CRITICAL: tokens.colorPaletteDarkRedBorderActive,
  HIGH: tokens.colorPaletteRedBackground3,
  MEDIUM: tokens.colorPaletteDarkOrangeBackground3,
  LOW: tokens.colorPaletteYellowBackground3,
};

export function SeverityLabel({ severity }: { severity: SeverityName }) {
  const styles = useStyles();
  return (
    <span className={styles.severity}>
      <span className={styles.dot} style={{ backgroundColor: SEVERITY_COLORS[severity] }} aria-hidden />
      {SEVERITY_LABELS[severity]}
    </span>
  );
}

const STATUS_COLORS: Record<FindingStatus, BadgeProps["color"]> = {
  NEW: "danger",
  REOPENED: "warning",
  ACTIVE: "important",
  FIXED: "success",
  DISMISSED: "subtle",
  NOT_SCANNED: "informative",
};

const STATUS_TITLES: Record<FindingStatus, string> = {
  NEW: "Open: first reported by the latest scan of its tool",
  REOPENED: "Open: fixed before, and reported again by the latest scan of its tool",
  ACTIVE: "Open since an earlier scan",
  FIXED: "The latest scan of its tool no longer reports it",
  DISMISSED: "Dismissed by a person; stays dismissed across scans",
  NOT_SCANNED: "Its scanner is turned off",
};

export function FindingStatusBadge({ status }: { status: FindingStatus }) {
  return (
    <Badge appearance="tint" color={STATUS_COLORS[status]} title={STATUS_TITLES[status]}>
      {FINDING_STATUS_LABELS[status]}
    </Badge>
  );
}
