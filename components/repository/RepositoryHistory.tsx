"use client";

import { Badge, Caption1, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens, type BadgeProps } from "@fluentui/react-components";
import { LocalTime } from "@/components/common/LocalTime";
import type { DiscoveryStateName, RepositoryHealth } from "@/lib/schemas/repository-health";
import { Fact } from "./RepositoryEssentials";
import { TRIGGER_LABELS } from "./labels";
import { useSectionStyles } from "./section-styles";

const useStyles = makeStyles({
  subheading: { margin: 0 },
  block: { display: "flex", flexDirection: "column", gap: "8px", minWidth: 0 },
  table: { minWidth: "760px", tableLayout: "auto" },
  cell: { verticalAlign: "top", paddingTop: "8px", paddingBottom: "8px" },
  countCol: { width: "76px" },
  errors: { display: "flex", flexDirection: "column", gap: "2px", color: tokens.colorPaletteDarkOrangeForeground1, overflowWrap: "anywhere" },
  empty: { padding: "16px", textAlign: "center", color: tokens.colorNeutralForeground3 },
});

const STATE: Record<DiscoveryStateName, { label: string; color: BadgeProps["color"] }> = {
  RUNNING: { label: "Running", color: "brand" },
  SUCCEEDED: { label: "Succeeded", color: "success" },
  PARTIAL: { label: "Partial", color: "warning" },
  FAILED: { label: "Failed", color: "danger" },
};

function duration(startedAt: string, finishedAt: string | null): string {
  if (!finishedAt) return "—";
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** When discovery found it, when it was last pushed and scanned, and its environment's discovery runs (scans have their own section). */
export function RepositoryHistory({ health }: { health: RepositoryHealth }) {
  const section = useSectionStyles();
  const styles = useStyles();
  const runs = health.discovery.runs;
  return (
    <section className={section.section} aria-labelledby="history-heading">
      <Text as="h2" id="history-heading" size={500} weight="semibold" className={section.heading}>
        History
      </Text>
      <dl className={section.facts}>
        <Fact term="First seen">
          <LocalTime iso={health.firstSeenAt} format="date-time" />
        </Fact>
        <Fact term="Last push">{health.lastPushAt ? <LocalTime iso={health.lastPushAt} format="date-time" /> : <span className={section.muted}>Unknown</span>}</Fact>
        <Fact term="Removed">{health.removedAt ? <LocalTime iso={health.removedAt} format="date-time" /> : <span className={section.muted}>No</span>}</Fact>
        <Fact term="Last scan">{health.lastScanAt ? <LocalTime iso={health.lastScanAt} format="date-time" /> : <span className={section.muted}>Not yet</span>}</Fact>
        <Fact term="Last discovery">
          {health.discovery.lastDiscoveryAt ? <LocalTime iso={health.discovery.lastDiscoveryAt} format="date-time" /> : <span className={section.muted}>Not yet</span>}
        </Fact>
      </dl>

      <div className={styles.block}>
        <Text as="h3" id="discoveries-heading" size={400} weight="semibold" className={styles.subheading}>
          Discoveries of {health.connector.name}
        </Text>
        <Caption1 className={section.muted}>Discovery reads the whole environment; these are its latest runs, newest first.</Caption1>
        <div className={section.scroll}>
          <Table size="small" className={styles.table} aria-labelledby="discoveries-heading">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Started</TableHeaderCell>
                <TableHeaderCell>Trigger</TableHeaderCell>
                <TableHeaderCell>State</TableHeaderCell>
                <TableHeaderCell>Duration</TableHeaderCell>
                <TableHeaderCell className={styles.countCol}>Added</TableHeaderCell>
                <TableHeaderCell className={styles.countCol}>Updated</TableHeaderCell>
                <TableHeaderCell className={styles.countCol}>Unchanged</TableHeaderCell>
                <TableHeaderCell className={styles.countCol}>Removed</TableHeaderCell>
                <TableHeaderCell>Errors</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {runs.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={9} className={styles.empty}>
                    No discovery has run yet.
                  </TableCell>
                </TableRow>
              ) : (
                runs.map((run) => (
                  <TableRow key={run.id}>
                    <TableCell className={styles.cell}>
                      <LocalTime iso={run.startedAt} format="date-time" />
                    </TableCell>
                    <TableCell className={styles.cell}>{TRIGGER_LABELS[run.trigger] ?? run.trigger}</TableCell>
                    <TableCell className={styles.cell}>
                      <Badge appearance="tint" color={STATE[run.state].color}>
                        {STATE[run.state].label}
                      </Badge>
                    </TableCell>
                    <TableCell className={styles.cell}>{duration(run.startedAt, run.finishedAt)}</TableCell>
                    <TableCell className={`${styles.cell} ${section.number}`}>{run.added}</TableCell>
                    <TableCell className={`${styles.cell} ${section.number}`}>{run.updated}</TableCell>
                    <TableCell className={`${styles.cell} ${section.number}`}>{run.unchanged}</TableCell>
                    <TableCell className={`${styles.cell} ${section.number}`}>{run.removed}</TableCell>
                    <TableCell className={styles.cell}>
                      {run.errors.length ? (
                        <span className={styles.errors}>
                          {run.errors.map((e, i) => (
                            <Caption1 key={i}>{e.organization === "*" ? e.message : `${e.organization}: ${e.message}`}</Caption1>
                          ))}
                        </span>
                      ) : (
                        <span className={section.muted}>None</span>
                      )}
                    </TableCell>
                  </TableRow>
                ))
              )}
            </TableBody>
          </Table>
        </div>
      </div>
    </section>
  );
}
