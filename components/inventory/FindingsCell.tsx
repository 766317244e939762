"use client";

import { makeStyles, Tooltip, tokens } from "@fluentui/react-components";
import {
  FINDING_TYPE_KEYS,
  FINDING_TYPE_LABELS,
  FINDING_TYPES,
  SEVERITIES,
  SEVERITY_KEYS,
  SEVERITY_LABELS,
  type FindingCounts,
} from "@/lib/schemas/findings";

const useStyles = makeStyles({
  total: {
    fontVariantNumeric: "tabular-nums",
    borderBottom: `1px dotted ${tokens.colorNeutralStroke1}`,
    cursor: "default",
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "2px", borderRadius: tokens.borderRadiusSmall },
  },
  zero: { fontVariantNumeric: "tabular-nums", color: tokens.colorNeutralForeground3 },
  split: { display: "grid", gridTemplateColumns: "auto auto", columnGap: "16px", rowGap: "2px", margin: 0 },
  heading: { gridColumn: "1 / span 2", fontWeight: tokens.fontWeightSemibold, marginTop: "4px" },
  value: { margin: 0, textAlign: "right", fontVariantNumeric: "tabular-nums" },
});

const number = new Intl.NumberFormat("en-US");

/** The split as one sentence, for screen readers and the tooltip's description. */
export function findingsSummary(counts: FindingCounts): string {
  if (counts.total === 0) return "No open findings";
  const severities = SEVERITIES.filter((s) => counts.bySeverity[SEVERITY_KEYS[s]] > 0).map((s) => `${number.format(counts.bySeverity[SEVERITY_KEYS[s]])} ${SEVERITY_LABELS[s].toLowerCase()}`);
  const types = FINDING_TYPES.filter((t) => counts.byType[FINDING_TYPE_KEYS[t]] > 0).map((t) => `${number.format(counts.byType[FINDING_TYPE_KEYS[t]])} ${FINDING_TYPE_LABELS[t].toLowerCase()}`);
  return `${number.format(counts.total)} open findings: ${severities.join(", ")}; ${types.join(", ")}`;
}

/** Open findings: the total, and on hover or focus the split by severity and by type. */
export function FindingsCell({ counts }: { counts: FindingCounts }) {
  const styles = useStyles();
  if (counts.total === 0) {
    return (
      <span className={styles.zero} aria-label="No open findings">
        0
      </span>
    );
  }
  const split = (
    <dl className={styles.split}>
      <dt className={styles.heading}>By severity</dt>
      {SEVERITIES.map((s) => [
        <dt key={`${s}-label`}>{SEVERITY_LABELS[s]}</dt>,
        <dd key={`${s}-value`} className={styles.value}>
          {number.format(counts.bySeverity[SEVERITY_KEYS[s]])}
        </dd>,
      ])}
      <dt className={styles.heading}>By type</dt>
      {FINDING_TYPES.map((t) => [
        <dt key={`${t}-label`}>{FINDING_TYPE_LABELS[t]}</dt>,
        <dd key={`${t}-value`} className={styles.value}>
          {number.format(counts.byType[FINDING_TYPE_KEYS[t]])}
        </dd>,
      ])}
    </dl>
  );
  return (
    <Tooltip content={split} relationship="description" withArrow positioning="before">
      {/* Focusable, so the split is reachable from the keyboard too. */}
      <span className={styles.total} tabIndex={0} aria-label={findingsSummary(counts)}>
        {number.format(counts.total)}
      </span>
    </Tooltip>
  );
}
