"use client";

import { useState } from "react";
import { callApi, type Problem } from "@/components/common/api";
import type { ScanView } from "@/lib/schemas/scans";

/**
 * Stop for queued and running agentless scans (POST /api/v1/scans/{id}/cancel): which
 * one is being stopped, the notice once the server took it, or its problem (403 when the
 * caller may see the scan but not stop it, 409 when it finished meanwhile).
 */
export function useStopScan(onStopped: (scan: ScanView) => void) {
  const [stoppingId, setStoppingId] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function stop(scan: Pick<ScanView, "id" | "repository">) {
    setStoppingId(scan.id);
    setProblem(null);
    setNotice(null);
    const result = await callApi<ScanView>("POST", `/api/v1/scans/${encodeURIComponent(scan.id)}/cancel`);
    setStoppingId(null);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setNotice(
      result.data.state === "cancelled"
        ? `Stopped the scan of ${scan.repository.fullName} before it started.`
        : `Stopping the scan of ${scan.repository.fullName}: its scanners are stopped within seconds and nothing of it is kept.`,
    );
    onStopped(result.data);
  }

  return { stop, stoppingId, problem, notice, clearNotice: () => setNotice(null), clearProblem: () => setProblem(null) };
}
