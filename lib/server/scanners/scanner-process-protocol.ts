import "server-only";
import type { ScannerId } from "@/lib/schemas/connectors";
import type { SarifRun } from "@/lib/server/sarif/sarif-log";

/**
 * What run-scanners.ts and the scanner process (scanner-process.ts) exchange, as files in
 * the scan's temporary folder: the job going in; one file per scanner coming out, written
 * when it starts ("running") and again when it is done, each by a rename, so that a
 * process killed half-way leaves every scanner's last complete word.
 */

export type ScannerProcessJob = {
  /** The working copy (absolute). */
  root: string;
  scanners: ScannerId[];
  /** Where the per-scanner files go. */
  reportDir: string;
  /** Where scanners may write (copies of files, their own reports). */
  workDir: string;
};

export type ScannerProcessReport = {
  id: ScannerId;
  state: "running" | "ran" | "no-files" | "not-installed" | "failed";
  version: string | null;
  files: number;
  results: number;
  error?: string;
};

export type ScannerProcessOutput = { report: ScannerProcessReport; run?: SarifRun };

export const reportFileName = (id: ScannerId) => `${id}.json`;
