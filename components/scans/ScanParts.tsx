"use client";

import { Badge, Caption1, makeStyles, mergeClasses, Spinner, tokens } from "@fluentui/react-components";
import { CheckmarkCircle16Regular, DismissCircle16Regular, ErrorCircle16Regular, SubtractCircle16Regular, Timer16Regular, Warning16Regular } from "@fluentui/react-icons";
import type { ReactNode } from "react";
import type { ScannerRunView, ScanView } from "@/lib/schemas/scans";
import { LocalTime } from "@/components/common/LocalTime";
import { findingTypeLabel, isActive, plural, resultsByType, SCAN_STATES, SCANNER_RUN_LABELS, scanStateLabel, scanTiming, shortSha } from "./scan-labels";

/** The pieces of a scan that Settings → Scans and a repository's Scans section both show. */

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "4px", minWidth: 0 },
  item: { display: "grid", gridTemplateColumns: "16px minmax(0, 1fr)", columnGap: "6px", alignItems: "start", minWidth: 0 },
  icon: { display: "flex", paddingTop: "2px" },
  ran: { color: tokens.colorPaletteGreenForeground1 },
  neutral: { color: tokens.colorNeutralForeground3 },
  warning: { color: tokens.colorPaletteMarigoldForeground1 },
  danger: { color: tokens.colorPaletteRedForeground1 },
  text: { display: "flex", flexDirection: "column", minWidth: 0, overflowWrap: "anywhere" },
  name: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  error: { color: tokens.colorPaletteDarkOrangeForeground1, overflowWrap: "anywhere" },
  stack: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0, overflowWrap: "anywhere" },
  inline: { display: "inline-flex", alignItems: "center", gap: "6px" },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  counts: { display: "grid", gridTemplateColumns: "auto auto", justifyContent: "start", columnGap: "10px", margin: 0, fontVariantNumeric: "tabular-nums" },
  countTerm: { color: tokens.colorNeutralForeground3, whiteSpace: "nowrap" },
  countValue: { margin: 0, textAlign: "right" },
  contents: { display: "contents" },
  nowrap: { whiteSpace: "nowrap" },
});

export function ScanStateBadge({ scan }: { scan: ScanView }) {
  const styles = useStyles();
  const active = isActive(scan);
  return (
    <span className={styles.inline}>
      {active ? <Spinner size="extra-tiny" aria-hidden /> : null}
      <Badge appearance="tint" color={scan.cancelRequested && active ? "warning" : SCAN_STATES[scan.state].color}>
        {scanStateLabel(scan)}
      </Badge>
    </span>
  );
}

const OUTCOME_ICON: Record<ScannerRunView["state"], { icon: ReactNode; tone: "ran" | "neutral" | "warning" | "danger" }> = {
  ran: { icon: <CheckmarkCircle16Regular />, tone: "ran" },
  "no-files": { icon: <SubtractCircle16Regular />, tone: "neutral" },
  "not-installed": { icon: <Warning16Regular />, tone: "warning" },
  failed: { icon: <ErrorCircle16Regular />, tone: "danger" },
  "timed-out": { icon: <Timer16Regular />, tone: "danger" },
  cancelled: { icon: <DismissCircle16Regular />, tone: "neutral" },
};

function outcomeDetail(run: ScannerRunView): string {
  switch (run.state) {
    case "ran":
      return `Ran · ${plural(run.files, "file")} · ${plural(run.results, "result")}`;
    case "no-files":
      return "No files of its kind";
    default:
      return SCANNER_RUN_LABELS[run.state];
  }
}

/** An agentless scan's scanners: each one's version and outcome, with the reason when it did not run. */
function ScannerRuns({ scan }: { scan: ScanView }) {
  const styles = useStyles();
  if (scan.scanners.length === 0) {
    const text =
      scan.state === "pending"
        ? "Not started yet"
        : scan.state === "running"
          ? "Fetching the code…"
          : scan.state === "skipped"
            ? "None: the repository was skipped"
            : scan.state === "cancelled"
              ? "None: stopped before they ran"
              : "None ran";
    return <span className={styles.muted}>{text}</span>;
  }
  return (
    <ul className={styles.list} aria-label="Scanners">
      {scan.scanners.map((run) => {
        const outcome = OUTCOME_ICON[run.state];
        return (
          <li key={run.id} className={styles.item}>
            <span className={mergeClasses(styles.icon, styles[outcome.tone])} aria-hidden>
              {outcome.icon}
            </span>
            <span className={styles.text}>
              <span>
                <span className={styles.name}>{run.label}</span>
                {run.version ? ` ${run.version}` : ""}
              </span>
              <Caption1 className={run.state === "failed" || run.state === "timed-out" ? styles.error : styles.muted}>
                {outcomeDetail(run)}
                {run.error ? `: ${run.error}` : ""}
              </Caption1>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** An upload's tools: name, version, finding type, category, results. */
function UploadTools({ scan }: { scan: ScanView }) {
  const styles = useStyles();
  if (scan.tools.length === 0) return <span className={styles.muted}>{scan.state === "pending" ? "Not read yet" : "None"}</span>;
  return (
    <ul className={styles.list} aria-label="Tools">
      {scan.tools.map((t, i) => (
        <li key={i} className={styles.text}>
          <span>
            <span className={styles.name}>{t.name}</span>
            {t.version ? ` ${t.version}` : ""}
          </span>
          <Caption1 className={styles.muted}>
            {findingTypeLabel(t.type)}
            {t.category ? ` · ${t.category}` : ""} · {plural(t.results, "result")}
            {t.duplicate ? " · same log as before" : ""}
          </Caption1>
        </li>
      ))}
    </ul>
  );
}

export function ScannersCell({ scan }: { scan: ScanView }) {
  return scan.source === "agentless" ? <ScannerRuns scan={scan} /> : <UploadTools scan={scan} />;
}

/** What went wrong or why nothing ran: the scan's error (a pending scan's is the retry), its skip reason. */
export function ScanProblems({ scan }: { scan: ScanView }) {
  const styles = useStyles();
  const lines: ReactNode[] = [];
  if (scan.skipReason) lines.push(<span key="skip">Skipped: {scan.skipReason}</span>);
  if (scan.error) {
    lines.push(
      <span key="error" className={scan.state === "pending" ? styles.muted : styles.error}>
        {scan.state === "pending" ? `Last attempt failed: ${scan.error}` : scan.error}
      </span>,
    );
  }
  if (scan.cancelRequested && isActive(scan)) lines.push(<span key="stop">Asked to stop: it stops within seconds.</span>);
  if (lines.length === 0) return <span className={styles.muted}>None</span>;
  return <span className={styles.stack}>{lines}</span>;
}

/** New, unchanged, fixed and reopened findings, once complete; and the results per finding type. */
export function ScanChanges({ scan }: { scan: ScanView }) {
  const styles = useStyles();
  const byType = resultsByType(scan);
  return (
    <span className={styles.stack}>
      {scan.counts ? (
        <dl className={styles.counts} aria-label="Findings changed">
          {(["new", "unchanged", "fixed", "reopened"] as const).map((k) => (
            <div key={k} className={styles.contents}>
              <dt className={styles.countTerm}>{k[0]!.toUpperCase() + k.slice(1)}</dt>
              <dd className={styles.countValue}>{scan.counts![k].toLocaleString("en-US")}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <span className={styles.muted}>{isActive(scan) ? "Not yet" : "None"}</span>
      )}
      {byType.length > 0 ? (
        <Caption1 className={styles.muted}>
          {plural(scan.results, "result")}: {byType.map((t) => `${t.label} ${t.results.toLocaleString("en-US")}`).join(", ")}
        </Caption1>
      ) : null}
    </span>
  );
}

/** Branch and short commit ("main @ 4f2a9c1"); the full commit in its title. */
export function CommitText({ scan }: { scan: Pick<ScanView, "commit" | "branch"> }) {
  const styles = useStyles();
  if (!scan.commit && !scan.branch) return <Caption1 className={styles.muted}>Commit unknown</Caption1>;
  return (
    <Caption1 className={styles.muted}>
      {scan.branch ?? "branch unknown"}
      {scan.commit ? (
        <>
          {" @ "}
          <span className={styles.mono} title={scan.commit}>
            {shortSha(scan.commit)}
          </span>
        </>
      ) : null}
    </Caption1>
  );
}

/** When it was queued (or received): the lists' order; then how long it took or has been running (`now` ticking). */
export function ScanWhen({ scan, now = null }: { scan: ScanView; now?: number | null }) {
  const styles = useStyles();
  return (
    <span className={styles.stack}>
      <span className={styles.nowrap}>
        <LocalTime iso={scan.createdAt} format="date-time" />
      </span>
      <Caption1 className={styles.muted}>{scanTiming(scan, now)}</Caption1>
    </span>
  );
}
