import type { BadgeProps } from "@fluentui/react-components";
import { FINDING_TYPE_LABELS, type FindingTypeName } from "@/lib/schemas/findings";
import type { ScannerRunView, ScanStateName, ScanView } from "@/lib/schemas/scans";

/**
 * How the console names scans, their states, triggers and scanner outcomes: Settings →
 * Scans and a repository's Scans section say the same thing the same way.
 */

/** A scan's state for people. An agentless scan waits in a queue; an upload is being processed. */
export function scanStateLabel(scan: Pick<ScanView, "state" | "source" | "cancelRequested">): string {
  if (scan.cancelRequested && (scan.state === "pending" || scan.state === "running")) return "Stopping";
  if (scan.state === "pending") return scan.source === "agentless" ? "Queued" : "Processing";
  return SCAN_STATES[scan.state].label;
}

export const SCAN_STATES: Record<ScanStateName, { label: string; color: BadgeProps["color"] }> = {
  pending: { label: "Queued", color: "brand" },
  running: { label: "Running", color: "brand" },
  complete: { label: "Complete", color: "success" },
  failed: { label: "Failed", color: "danger" },
  skipped: { label: "Skipped", color: "warning" },
  cancelled: { label: "Cancelled", color: "subtle" },
};

/** For the state filter: one label per state, whatever the source. */
export const SCAN_STATE_FILTER_LABELS: Record<ScanStateName, string> = {
  pending: "Queued or processing",
  running: "Running",
  complete: "Complete",
  failed: "Failed",
  skipped: "Skipped",
  cancelled: "Cancelled",
};

export const SCAN_SOURCE_LABELS: Record<ScanView["source"], string> = { agentless: "Agentless", upload: "Upload" };

export const SCAN_TRIGGER_LABELS: Record<NonNullable<ScanView["trigger"]>, string> = {
  schedule: "Schedule",
  discovery: "After discovery",
  manual: "Scan now",
};

/** Still to finish: what makes the lists refresh themselves. */
export function isActive(scan: Pick<ScanView, "state">): boolean {
  return scan.state === "pending" || scan.state === "running";
}

/** Who or what started it, in words: "Scan now by alice@…", "Schedule", "token:rmp_AbC… (upload)". */
export function scanOrigin(scan: Pick<ScanView, "source" | "trigger" | "uploadedBy">): string {
  if (scan.source === "upload") return scan.uploadedBy ?? "Unknown uploader";
  const trigger = scan.trigger ? SCAN_TRIGGER_LABELS[scan.trigger] : "Agentless scan";
  return scan.trigger === "manual" && scan.uploadedBy ? `${trigger} by ${scan.uploadedBy}` : trigger;
}

export const SCANNER_RUN_LABELS: Record<ScannerRunView["state"], string> = {
  ran: "Ran",
  "no-files": "No files to scan",
  "not-installed": "Not installed on this server",
  failed: "Failed",
  "timed-out": "Timed out",
  cancelled: "Cancelled",
};

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * What a scan's time line says under the moment it was queued (or received): how long it
 * took or has been running, and, when a worker took it up much later (a busy queue, a
 * retry), how much later it started.
 */
export function scanTiming(scan: Pick<ScanView, "state" | "createdAt" | "startedAt" | "completedAt">, now: number | null): string {
  if (scan.state === "pending") return "queued";
  if (!scan.startedAt) return "never started";
  const wait = Date.parse(scan.startedAt) - Date.parse(scan.createdAt);
  const later = wait >= 60_000 ? `started ${formatDuration(wait)} later · ` : "";
  if (scan.completedAt) return `${later}took ${formatDuration(Date.parse(scan.completedAt) - Date.parse(scan.startedAt))}`;
  return now === null ? `${later}running` : `${later}running for ${formatDuration(now - Date.parse(scan.startedAt))}`;
}

export function shortSha(sha: string): string {
  return /^[0-9a-f]{12,}$/i.test(sha) ? sha.slice(0, 7) : sha.slice(0, 12);
}

export function findingTypeLabel(type: string): string {
  return FINDING_TYPE_LABELS[type.toUpperCase() as FindingTypeName] ?? type;
}

/** Results of the scan per finding type, from its tools (what the SARIF runs reported, problems only). */
export function resultsByType(scan: Pick<ScanView, "tools">): { type: string; label: string; results: number }[] {
  const totals = new Map<string, number>();
  for (const tool of scan.tools) totals.set(tool.type, (totals.get(tool.type) ?? 0) + tool.results);
  return [...totals].map(([type, results]) => ({ type, label: findingTypeLabel(type), results }));
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
