"use client";

import { Badge, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from "@fluentui/react-components";
import { ShieldCheckmark24Regular } from "@fluentui/react-icons";
import { FINDING_TYPE_LABELS, FINDING_TYPES, SEVERITIES, SEVERITY_LABELS } from "@/lib/schemas/findings";
import type { RepositoryHealth } from "@/lib/schemas/repository-health";
import { SEVERITY_COLORS } from "./finding-badges";
import { plural } from "./labels";
import { useSectionStyles } from "./section-styles";

const useStyles = makeStyles({
  // Each table as tall as its rows (a grid would stretch the shorter one).
  tables: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 300px), 1fr))", alignItems: "start", gap: "12px 32px" },
  table: { tableLayout: "auto" },
  label: { display: "flex", alignItems: "center", gap: "8px" },
  dot: { width: "10px", height: "10px", borderRadius: "50%", flexShrink: 0 },
  countCol: { width: "72px" },
  barCol: { width: "40%" },
  track: { height: "8px", borderRadius: "4px", backgroundColor: tokens.colorNeutralBackground4, overflow: "hidden" },
  bar: { height: "100%", borderRadius: "4px" },
  total: { fontWeight: tokens.fontWeightSemibold },
  empty: {
    display: "flex",
    alignItems: "flex-start",
    gap: "12px",
    padding: "16px",
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  emptyIcon: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0, marginTop: "2px" },
  emptyText: { display: "flex", flexDirection: "column", gap: "4px" },
  p: { margin: 0 },
});

const TYPE_COLOR = tokens.colorBrandBackground;

interface Row {
  key: string;
  label: string;
  count: number;
  color: string;
}

function Breakdown({ caption, heading, rows }: { caption: string; heading: string; rows: Row[] }) {
  const styles = useStyles();
  const section = useSectionStyles();
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return (
    <Table size="small" className={styles.table} aria-label={caption}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{heading}</TableHeaderCell>
          <TableHeaderCell className={styles.countCol}>Open</TableHeaderCell>
          <TableHeaderCell className={styles.barCol}>
            <span aria-hidden>Share</span>
          </TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.key}>
            <TableCell>
              <span className={styles.label}>
                <span className={styles.dot} style={{ backgroundColor: r.color }} aria-hidden />
                {r.label}
              </span>
            </TableCell>
            <TableCell className={section.number}>{r.count.toLocaleString("en-US")}</TableCell>
            <TableCell>
              <div className={styles.track} aria-hidden>
                <div className={styles.bar} style={{ width: `${total ? (100 * r.count) / total : 0}%`, backgroundColor: r.color }} />
              </div>
            </TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableCell className={styles.total}>Total</TableCell>
          <TableCell className={`${section.number} ${styles.total}`}>{total.toLocaleString("en-US")}</TableCell>
          <TableCell />
        </TableRow>
      </TableBody>
    </Table>
  );
}

/** Open findings split by severity and by type (the repository's counters), or why there are none. */
export function FindingsBreakdown({ health }: { health: RepositoryHealth }) {
  const styles = useStyles();
  const section = useSectionStyles();
  const { findings } = health;
  return (
    <section className={section.section} aria-labelledby="findings-heading">
      <div className={section.headingRow}>
        <Text as="h2" id="findings-heading" size={500} weight="semibold" className={section.heading}>
          Open findings
        </Text>
        <Badge appearance="tint" color={findings.total ? "danger" : "success"} aria-label={plural(findings.total, "open finding")}>
          {findings.total.toLocaleString("en-US")}
        </Badge>
      </div>
      {findings.total === 0 ? (
        <div className={styles.empty}>
          <ShieldCheckmark24Regular className={styles.emptyIcon} aria-hidden />
          <div className={styles.emptyText}>
            <Text weight="semibold">No open findings</Text>
            <Text as="p" className={styles.p}>
              Findings arrive from agentless scans and SARIF uploads.{" "}
              {health.lastScanAt ? "The latest one reported nothing open." : "No scan or upload has reported on this repository yet."}
            </Text>
          </div>
        </div>
      ) : (
        <div className={styles.tables}>
          <Breakdown
            caption="Open findings by severity"
            heading="Severity"
            rows={SEVERITIES.map((s) => ({ key: s, label: SEVERITY_LABELS[s], count: findings.bySeverity[s], color: SEVERITY_COLORS[s] }))}
          />
          <Breakdown
            caption="Open findings by type"
            heading="Type"
            rows={FINDING_TYPES.map((t) => ({ key: t, label: FINDING_TYPE_LABELS[t], count: findings.byType[t], color: TYPE_COLOR }))}
          />
        </div>
      )}
    </section>
  );
}
