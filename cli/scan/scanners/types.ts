import type { SarifRun } from "@/lib/server/sarif/sarif-log";

export const SCANNERS = ["eslint", "secretlint", "bandit"] as const;
export type ScannerName = (typeof SCANNERS)[number];

export type ScanInput = {
  /** The repository root (absolute). */
  root: string;
  /** Absolute paths of the files to look at, already filtered for this scanner. */
  files: readonly string[];
};

/**
 * One scanner's run as the tool (or its SARIF formatter) wrote it: paths may still be
 * absolute; cli/scan/prepare-log.ts makes them relative to the repository and adds
 * fingerprints.
 */
export type ScannerRun = { scanner: ScannerName; run: SarifRun; files: number };

/** A scanner that could not run at all (not installed): said once, and the scan goes on. */
export type ScannerSkipped = { scanner: ScannerName; reason: string };
