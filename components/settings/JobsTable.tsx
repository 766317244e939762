"use client";

import { Badge, Caption1, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from "@fluentui/react-components";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { LocalTime } from "@/components/common/LocalTime";
import { ListToolbar } from "@/components/common/ListToolbar";
import { usePanelStyles } from "@/components/common/panel-styles";
import type { JobView } from "@/lib/schemas/jobs";

const useStyles = makeStyles({
  table: { minWidth: "980px" },
  muted: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
  stack: { display: "flex", flexDirection: "column", gap: "2px" },
  empty: { padding: "24px", textAlign: "center", color: tokens.colorNeutralForeground3 },
});

const STATE: Record<JobView["state"], { label: string; color: "informative" | "warning" | "brand" | "success" | "subtle" | "danger" }> = {
  created: { label: "Queued", color: "informative" },
  retry: { label: "Retrying", color: "warning" },
  active: { label: "Running", color: "brand" },
  completed: { label: "Completed", color: "success" },
  cancelled: { label: "Cancelled", color: "subtle" },
  failed: { label: "Failed", color: "danger" },
};

const QUEUE_LABELS: Record<string, string> = { discovery: "Discovery", "discovery-schedule": "Discovery schedule", "dismissal-expiry": "Dismissal expiry" };

function duration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Settings → Jobs: what ran, how long it took, and what went wrong. */
export function JobsTable({ jobs }: { jobs: JobView[] }) {
  const styles = useStyles();
  const panel = usePanelStyles();
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  return (
    <div className={panel.stack}>
      <div className={panel.panel}>
        <ListToolbar label="Job commands" refreshing={refreshing} onRefresh={() => startRefresh(() => router.refresh())} count={<>{jobs.length === 1 ? "1 job" : `${jobs.length} jobs`}</>}>
        </ListToolbar>
        <Table size="small" aria-label="Jobs" className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Job</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell>Queued</TableHeaderCell>
              <TableHeaderCell>Duration</TableHeaderCell>
              <TableHeaderCell>Retries</TableHeaderCell>
              <TableHeaderCell>Result</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {jobs.length === 0 ? (
              <TableRow>
                <TableCell colSpan={6} className={styles.empty}>
                  No jobs yet. Discoveries run when a connector is created, every 8 hours, and on Refresh.
                </TableCell>
              </TableRow>
            ) : (
              jobs.map((j) => (
                <TableRow key={j.id}>
                  <TableCell>
                    <span className={styles.stack}>
                      <Text weight="semibold">{QUEUE_LABELS[j.queue] ?? j.queue}</Text>
                      {j.connector ? (
                        <Caption1 className={styles.muted}>
                          {j.connector.name}
                          {j.trigger ? ` · ${j.trigger}` : ""}
                        </Caption1>
                      ) : null}
                    </span>
                  </TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={STATE[j.state].color}>
                      {STATE[j.state].label}
                    </Badge>
                  </TableCell>
                  <TableCell>
                    <LocalTime iso={j.createdAt} format="date-time" />
                  </TableCell>
                  <TableCell>{duration(j.durationMs)}</TableCell>
                  <TableCell>{j.retries}</TableCell>
                  <TableCell>
                    <span className={styles.stack}>
                      {j.summary ? <Text>{j.summary}</Text> : null}
                      {j.error ? <Caption1 className={styles.error}>{j.error}</Caption1> : null}
                      {!j.summary && !j.error ? <span className={styles.muted}>—</span> : null}
                    </span>
                  </TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
