import "server-only";
import type { ScannerId } from "@/lib/schemas/connectors";
import type { SarifRun } from "@/lib/server/sarif/sarif-log";

export type { ScannerId };

export type ScanInput = {
  /** The repository root (absolute). */
  root: string;
  /** Absolute paths of the files to look at, already chosen for this scanner (catalog.ts). */
  files: readonly string[];
};

export type RunContext = {
  /** The version the catalog's detect() found. */
  version: string;
  /** An empty folder of this run's own, for copies of files and report files; removed afterwards. */
  workDir: string;
};

/**
 * One scanner's run as the tool (or its SARIF formatter) wrote it: paths may still be
 * absolute; prepare-log.ts makes them relative to the repository and adds fingerprints.
 */
export type ScannerRun = { scanner: ScannerId; run: SarifRun; files: number };

/**
 * A scanner that is installed but could not do its work (its version command or its
 * process failed, its report could not be read). The message names the cause and a fix,
 * in words for an operator; the CLI turns it into exit 2, the server runner into that
 * tool's `failed` state.
 */
export class ScannerError extends Error {
  override name = "ScannerError";
}
