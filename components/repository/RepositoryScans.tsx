"use client";

import { Button, Caption1, makeStyles, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from "@fluentui/react-components";
import { ProblemBar } from "@/components/common/ProblemBar";
import { useLiveGet } from "@/components/common/use-live-get";
import { CommitText, ScanChanges, ScannersCell, ScanProblems, ScanStateBadge, ScanWhen } from "@/components/scans/ScanParts";
import { isActive, SCAN_SOURCE_LABELS, scanOrigin } from "@/components/scans/scan-labels";
import type { RepositoryScanList } from "@/lib/schemas/scans";
import { useSectionStyles } from "./section-styles";

/** The repository's latest scans (agentless scans, uploads from pipelines): how each went and what it changed. */

/** While one of them is queued or running, the list asks again this often. */
const ACTIVE_RELOAD_MS = 5000;

const useStyles = makeStyles({
  table: { minWidth: "880px", tableLayout: "auto" },
  cell: { verticalAlign: "top", paddingTop: "8px", paddingBottom: "8px" },
  countCol: { width: "116px" },
  whenCol: { width: "168px" },
  sourceCol: { width: "17%" },
  stateCol: { width: "100px" },
  scannersCol: { width: "24%" },
  errorCol: { minWidth: "180px" },
  stack: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  empty: { padding: "16px", textAlign: "center", color: tokens.colorNeutralForeground3 },
  loading: { display: "flex", justifyContent: "center", padding: "16px" },
});

/**
 * `version` changes when the page learns something new about its scans (a scan queued,
 * started or finished): the list is asked again then, and every few seconds while one of
 * its scans is queued or running.
 */
export function RepositoryScans({ repositoryId, version }: { repositoryId: string; version?: string }) {
  const section = useSectionStyles();
  const styles = useStyles();
  const { data, problem, loading, reloading, reload } = useLiveGet<RepositoryScanList>(`/api/v1/repositories/${encodeURIComponent(repositoryId)}/scans`, {
    version,
    pollMs: ACTIVE_RELOAD_MS,
    poll: (list) => list.items.some(isActive),
  });
  const scans = data?.items ?? [];
  return (
    <section className={section.section} aria-labelledby="scans-heading">
      <div className={section.headingRow}>
        <Text as="h2" id="scans-heading" size={500} weight="semibold" className={section.heading}>
          Scans
        </Text>
        <Button size="small" appearance="subtle" onClick={reload} disabled={loading || reloading} icon={reloading ? <Spinner size="extra-tiny" /> : undefined}>
          Reload
        </Button>
      </div>
      <Caption1 className={section.muted}>
        Agentless scans of this repository and uploads from pipelines, newest first (the latest 20)
        {scans.some(isActive) ? "; reloaded every few seconds while one is queued or running" : ""}.
      </Caption1>
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
                <TableHeaderCell className={styles.whenCol}>Queued and duration</TableHeaderCell>
                <TableHeaderCell className={styles.sourceCol}>Source, trigger and commit</TableHeaderCell>
                <TableHeaderCell className={styles.stateCol}>State</TableHeaderCell>
                <TableHeaderCell className={styles.scannersCol}>Scanners and versions</TableHeaderCell>
                <TableHeaderCell className={styles.countCol}>Findings</TableHeaderCell>
                <TableHeaderCell className={styles.errorCol}>Errors and skip reasons</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {scans.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={6} className={styles.empty}>
                    No scans yet. Agentless scans of its environment and SARIF uploads from pipelines (rampart upload, or POST /api/v1/scans) report here.
                  </TableCell>
                </TableRow>
              ) : (
                scans.map((scan) => (
                  <TableRow key={scan.id}>
                    <TableCell className={styles.cell}>
                      <ScanWhen scan={scan} />
                    </TableCell>
                    <TableCell className={styles.cell}>
                      <span className={styles.stack}>
                        <Text weight="semibold">{SCAN_SOURCE_LABELS[scan.source]}</Text>
                        <Caption1 className={styles.muted}>{scanOrigin(scan)}</Caption1>
                        <CommitText scan={scan} />
                      </span>
                    </TableCell>
                    <TableCell className={styles.cell}>
                      <ScanStateBadge scan={scan} />
                    </TableCell>
                    <TableCell className={styles.cell}>
                      <ScannersCell scan={scan} />
                    </TableCell>
                    <TableCell className={styles.cell}>
                      <ScanChanges scan={scan} />
                    </TableCell>
                    <TableCell className={styles.cell}>
                      <ScanProblems scan={scan} />
                    </TableCell>
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
