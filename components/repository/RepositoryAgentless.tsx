"use client";

import { Badge, Button, Caption1, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, tokens, type BadgeProps } from "@fluentui/react-components";
import { ScanText20Regular, Stop16Regular } from "@fluentui/react-icons";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi, type Problem } from "@/components/common/api";
import { LocalTime } from "@/components/common/LocalTime";
import { ProblemBar } from "@/components/common/ProblemBar";
import { SuccessNotice } from "@/components/common/SuccessNotice";
import { useStopScan } from "@/components/scans/use-stop-scan";
import type { RepositoryHealth } from "@/lib/schemas/repository-health";
import type { ScanView } from "@/lib/schemas/scans";
import { Fact } from "./RepositoryEssentials";
import { useSectionStyles } from "./section-styles";

const useStyles = makeStyles({
  spacer: { flexGrow: 1 },
  status: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "4px" },
  active: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "4px 8px" },
  reason: { color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  failing: { color: tokens.colorPaletteDarkOrangeForeground1, overflowWrap: "anywhere" },
  bars: { display: "flex", flexDirection: "column", gap: "8px" },
});

const STATUS: Record<RepositoryHealth["agentless"]["status"], { label: string; color: BadgeProps["color"] }> = {
  SCANNED: { label: "Scanned", color: "success" },
  SKIPPED: { label: "Skipped", color: "warning" },
  FAILING: { label: "Failing", color: "danger" },
  NOT_SCANNED: { label: "Not scanned yet", color: "subtle" },
};

type ScanNowAnswer = { scan: ScanView; alreadyQueued: boolean };

/**
 * Agentless scanning of the repository: where it stands (scanned on…, skipped and why,
 * failing and why, not scanned yet), the scan queued or running now with Stop, and Scan
 * now for those who may run scans.
 */
export function RepositoryAgentless({ health }: { health: RepositoryHealth }) {
  const section = useSectionStyles();
  const styles = useStyles();
  const router = useRouter();
  const { agentless } = health;
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [already, setAlready] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const stopScan = useStopScan(() => router.refresh());
  const status = STATUS[agentless.status];
  const branch = health.defaultBranch ? `its default branch (${health.defaultBranch})` : "its default branch";

  async function scanNow() {
    setBusy(true);
    setNotice(null);
    setAlready(null);
    setRefused(null);
    setProblem(null);
    stopScan.clearNotice();
    stopScan.clearProblem();
    const result = await callApi<ScanNowAnswer>("POST", `/api/v1/repositories/${encodeURIComponent(health.id)}/scan`);
    setBusy(false);
    if (!result.ok) {
      // 409: the repository is not scanned, and the server says why.
      if (result.problem.status === 409) setRefused(result.problem.detail);
      else setProblem(result.problem);
      router.refresh();
      return;
    }
    const { scan, alreadyQueued } = result.data;
    if (alreadyQueued) setAlready(`Already ${scan.state === "running" ? "running" : "queued"}: a scan of ${health.name} was ${scan.state === "running" ? "under way" : "waiting"}, so no other was queued.`);
    else setNotice(`Scan queued: a worker fetches ${branch} and runs the scanners of ${health.connector.name} on it. This page follows it.`);
    router.refresh();
  }

  const active = agentless.active;
  return (
    <section className={section.section} aria-labelledby="agentless-heading">
      <div className={section.headingRow}>
        <Text as="h2" id="agentless-heading" size={500} weight="semibold" className={section.heading}>
          Agentless code scanning
        </Text>
        <div className={styles.spacer} />
        {health.actions.scan ? (
          <Button appearance="secondary" icon={busy ? <Spinner size="extra-tiny" /> : <ScanText20Regular />} disabled={busy} onClick={() => void scanNow()}>
            Scan now
          </Button>
        ) : null}
      </div>
      <Caption1 className={section.muted}>
        Rampart fetches {branch} and runs the scanners of {health.connector.name} on it: after discovery finds it, then on the environment&apos;s schedule
        {health.actions.scan ? ", and on Scan now" : ""}.
      </Caption1>
      <div className={styles.bars}>
        <SuccessNotice message={notice ?? stopScan.notice} onDismiss={() => (notice ? setNotice(null) : stopScan.clearNotice())} />
        {already ? (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>{already}</MessageBarBody>
          </MessageBar>
        ) : null}
        {refused ? (
          <MessageBar intent="warning" layout="multiline" role="alert">
            <MessageBarBody>
              <MessageBarTitle>Not scanned</MessageBarTitle>
              {refused}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        <ProblemBar problem={problem ?? stopScan.problem} />
      </div>
      <dl className={section.facts}>
        <Fact term="Status">
          <span className={styles.status}>
            <Badge appearance="tint" color={status.color}>
              {status.label}
            </Badge>
            <StatusDetail health={health} />
          </span>
        </Fact>
        <Fact term="Now">
          {active ? (
            <span className={styles.active}>
              <Spinner size="extra-tiny" aria-hidden />
              <Text>{active.state === "running" ? "A scan is running" : "A scan is queued"}</Text>
              {health.actions.scan ? (
                <Button
                  size="small"
                  appearance="subtle"
                  icon={stopScan.stoppingId ? <Spinner size="extra-tiny" /> : <Stop16Regular />}
                  disabled={stopScan.stoppingId !== null}
                  aria-label={`Stop the scan of ${health.fullName}`}
                  onClick={() => void stopScan.stop({ id: active.scanId, repository: { id: health.id, fullName: health.fullName } })}
                >
                  Stop
                </Button>
              ) : null}
            </span>
          ) : (
            <span className={section.muted}>No scan queued or running</span>
          )}
        </Fact>
      </dl>
    </section>
  );
}

function StatusDetail({ health }: { health: RepositoryHealth }) {
  const styles = useStyles();
  const { status, reason, lastScanAt } = health.agentless;
  switch (status) {
    case "SCANNED":
      return (
        <Caption1 className={styles.reason}>
          Scanned on {lastScanAt ? <LocalTime iso={lastScanAt} format="date-time" /> : "an unknown date"}.
        </Caption1>
      );
    case "SKIPPED":
      return <Caption1 className={styles.reason}>{reason ?? "No reason was recorded."}</Caption1>;
    case "FAILING":
      return (
        <Caption1 className={styles.failing}>
          {lastScanAt ? (
            <>
              Its last scan, on <LocalTime iso={lastScanAt} format="date-time" />, failed
            </>
          ) : (
            "Its last scan failed"
          )}
          {reason ? `: ${reason}` : "."}
        </Caption1>
      );
    case "NOT_SCANNED":
      return <Caption1 className={styles.reason}>{health.agentless.active ? "Its first scan is on its way." : "No agentless scan has finished yet."}</Caption1>;
  }
}
