"use client";

import { makeStyles } from "@fluentui/react-components";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { RepositoryHealth } from "@/lib/schemas/repository-health";
import { FindingsBreakdown } from "./FindingsBreakdown";
import { RepositoryAgentless } from "./RepositoryAgentless";
import { RepositoryEssentials } from "./RepositoryEssentials";
import { RepositoryHeader } from "./RepositoryHeader";
import { RepositoryHistory } from "./RepositoryHistory";
import { RepositoryFindings } from "./RepositoryFindings";
import { RepositoryRecommendations } from "./RepositoryRecommendations";
import { RepositoryScans } from "./RepositoryScans";
import { RepositoryStatus } from "./RepositoryStatus";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "16px", maxWidth: "1280px" },
});

/** While a discovery of its environment or an agentless scan of it waits or runs, the page reloads its data now and then to show the outcome. */
const PENDING_RELOAD_MS = 5000;

/** The repository health page (seed 002: "Select a resource to view its health page"). */
export function RepositoryHealthView({ health }: { health: RepositoryHealth }) {
  const styles = useStyles();
  const router = useRouter();
  const pending = health.discovery.pending;
  const scan = health.agentless.active;
  const pendingKey = pending || scan ? `${pending ? `${pending.jobId}:${pending.state}` : ""}|${scan ? `${scan.scanId}:${scan.state}` : ""}` : null;
  // What the Scans section should notice: a scan queued, started or finished.
  const scansVersion = `${scan ? `${scan.scanId}:${scan.state}` : "idle"}|${health.agentless.lastScanAt ?? ""}|${health.lastScanAt ?? ""}`;
  useEffect(() => {
    if (!pendingKey) return;
    const timer = window.setInterval(() => router.refresh(), PENDING_RELOAD_MS);
    return () => window.clearInterval(timer);
  }, [pendingKey, router]);

  return (
    <div className={styles.page}>
      <RepositoryHeader health={health} />
      <RepositoryEssentials health={health} />
      <RepositoryStatus health={health} />
      <RepositoryAgentless health={health} />
      <FindingsBreakdown health={health} />
      <RepositoryFindings repositoryId={health.id} triage={health.actions.triage} />
      <RepositoryRecommendations health={health} />
      <RepositoryScans repositoryId={health.id} version={scansVersion} />
      <RepositoryHistory health={health} />
    </div>
  );
}
