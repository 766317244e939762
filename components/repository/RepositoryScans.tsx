"use client";

import { Badge, Button, Caption1, makeStyles, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens, type BadgeProps } from "@fluentui/react-components";
import { LocalTime } from "@/components/common/LocalTime";
import { ProblemBar } from "@/components/common/ProblemBar";
import { useApiGet } from "@/components/environments/use-api-get";
import { FINDING_TYPE_LABELS, type FindingTypeName } from "@/lib/schemas/findings";
import type { RepositoryScanList, ScanView } from "@/lib/schemas/scans";
import { useSectionStyles } from "./section-styles";

/** The repository's latest scans (uploads from pipelines, agentless scans): how each went and what it changed. */

const useStyles = makeStyles({
  table: { minWidth: "900px", tableLayout: "auto" },
  cell: { verticalAlign: "top", paddingTop: "8px", paddingBottom: "8px" },
  countCol: { width: "76px" },
  whoCol: { minWidth: "150px" },
  errorCol: { minWidth: "160px" },
  none: { color: tokens.colorNeutralForeground3, whiteSpace: "nowrap" },
  stack: { display: "flex", flexDirection: "column", gap: "2px", minWidth: 0, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  error: { color: tokens.colorPaletteDarkOrangeForeground1, overflowWrap: "anywhere" },
  empty: { padding: "16px", textAlign: "center", color: tokens.colorNeutralForeground3 },
  loading: { display: "flex", justifyContent: "center", padding: "16px" },
  commit: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

const STATE: Record<ScanView["state"], { label: string; color: BadgeProps["color"] }> = {
  pending: { label: "Queued", color: "brand" },
  running: { label: "Running", color: "brand" },
  complete: { label: "Complete", color: "success" },
  failed: { label: "Failed", color: "danger" },
  skipped: { label: "Skipped", color: "warning" },
  cancelled: { label: "Cancelled", color: "subtle" },
};

function typeLabel(type: string): string {
  return FINDING_TYPE_LABELS[type as FindingTypeName] ?? type;
}

function ToolsCell({ scan }: { scan: ScanView }) {
  const styles = useStyles();
  if (scan.tools.length === 0) return <span className={styles.muted}>{scan.state === "pending" ? "Not read yet" : "None"}</span>;
  return (
    <span className={styles.stack}>
      {scan.tools.map((t, i) => (
        <span key={i}>
          {t.name}
          {t.version ? ` ${t.version}` : ""}
          <Caption1 className={styles.muted}>
            {" "}
            · {typeLabel(t.type)}
            {t.category ? ` · ${t.category}` : ""} · {t.results.toLocaleString("en-US")} result{t.results === 1 ? "" : "s"}
            {t.duplicate ? " · same log as before" : ""}
          </Caption1>
        </span>
      ))}
    </span>
  );
}

function Count({ scan, value }: { scan: ScanView; value: (c: NonNullable<ScanView["counts"]>) => number }) {
  const section = useSectionStyles();
  const styles = useStyles();
  return scan.counts ? <span className={section.number}>{value(scan.counts).toLocaleString("en-US")}</span> : <span className={styles.muted}>—</span>;
}

export function RepositoryScans({ repositoryId }: { repositoryId: string }) {
  const section = useSectionStyles();
  const styles = useStyles();
  const { data, problem, loading, retry } = useApiGet<RepositoryScanList>(`/api/v1/repositories/${encodeURIComponent(repositoryId)}/scans`);
  const scans = data?.items ?? [];
  return (
    <section className={section.section} aria-labelledby="scans-heading">
      <div className={section.headingRow}>
        <Text as="h2" id="scans-heading" size={500} weight="semibold" className={section.heading}>
          Scans
        </Text>
        <Button size="small" appearance="subtle" onClick={retry} disabled={loading}>
          Reload
        </Button>
      </div>
      <Caption1 className={section.muted}>Uploads from pipelines and agentless scans of this repository, newest first (the latest 20).</Caption1>
      <ProblemBar problem={problem} />
      {loading && !data ? (
        <div className={styles.loading}>
          <Spinner size="small" label="Loading scans" />
        </div>
      ) : data ? (
        <div className={section.scroll}>
          <Table size="small" className={styles.table} aria-labelledby="scans-heading">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>When</TableHeaderCell>
                <TableHeaderCell>State</TableHeaderCell>
                <TableHeaderCell className={styles.whoCol}>Uploaded by</TableHeaderCell>
                <TableHeaderCell>Tools</TableHeaderCell>
                <TableHeaderCell className={styles.countCol}>New</TableHeaderCell>
                <TableHeaderCell className={styles.countCol}>Unchanged</TableHeaderCell>
                <TableHeaderCell className={styles.countCol}>Fixed</TableHeaderCell>
                <TableHeaderCell className={styles.countCol}>Reopened</TableHeaderCell>
                <TableHeaderCell className={styles.errorCol}>Error</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {scans.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={9} className={styles.empty}>
                    No scans yet. Agentless scans of its environment and SARIF uploads from pipelines (rampart upload, or POST /api/v1/scans) report here.
                  </TableCell>
                </TableRow>
              ) : (
                scans.map((scan) => (
                  <TableRow key={scan.id}>
                    <TableCell className={styles.cell}>
                      <span className={styles.stack}>
                        <LocalTime iso={scan.createdAt} format="date-time" />
                        {scan.commit || scan.branch ? (
                          <Caption1 className={styles.muted}>
                            {scan.branch ?? ""}
                            {scan.branch && scan.commit ? " @ " : ""}
                            {scan.commit ? <span className={styles.commit}>{scan.commit.slice(0, 10)}</span> : null}
                          </Caption1>
                        ) : null}
                      </span>
                    </TableCell>
                    <TableCell className={styles.cell}>
                      <Badge appearance="tint" color={STATE[scan.state].color}>
                        {STATE[scan.state].label}
                      </Badge>
                    </TableCell>
                    <TableCell className={styles.cell}>
                      <span className={styles.stack}>
                        {scan.uploadedBy ?? (scan.source === "agentless" ? "Agentless scan" : "Unknown")}
                      </span>
                    </TableCell>
                    <TableCell className={styles.cell}>
                      <ToolsCell scan={scan} />
                    </TableCell>
                    <TableCell className={styles.cell}>
                      <Count scan={scan} value={(c) => c.new} />
                    </TableCell>
                    <TableCell className={styles.cell}>
                      <Count scan={scan} value={(c) => c.unchanged} />
                    </TableCell>
                    <TableCell className={styles.cell}>
                      <Count scan={scan} value={(c) => c.fixed} />
                    </TableCell>
                    <TableCell className={styles.cell}>
                      <Count scan={scan} value={(c) => c.reopened} />
                    </TableCell>
                    <TableCell className={styles.cell}>{scan.error ? <span className={styles.error}>{scan.error}</span> : <span className={styles.none}>None</span>}</TableCell>
                  </TableRow>
                ))
              )}
            </TableBody>
          </Table>
        </div>
      ) : null}
    </section>
  );
}
