import type { SarifLog } from "./sarif-log";

/**
 * What one upload may hold, as GitHub code scanning limits it: big enough for any real
 * scan of one repository, small enough that one upload cannot stall ingestion for
 * everyone. No server-only imports: the CLI checks a log before it uploads it.
 */
export const SARIF_LIMITS = {
  compressedBytes: 10 * 1024 * 1024,
  decompressedBytes: 100 * 1024 * 1024,
  runs: 20,
  resultsPerRun: 25_000,
  locationsPerResult: 1_000,
} as const;

export type SarifLimitProblem = { status: 413 | 422; message: string; path: string };

const mb = (bytes: number) => `${bytes / (1024 * 1024)} MB`;

export function compressedTooLarge(bytes: number): SarifLimitProblem {
  return {
    status: 413,
    path: "$",
    message: `The upload is larger than ${mb(SARIF_LIMITS.compressedBytes)} (${bytes > SARIF_LIMITS.compressedBytes ? "at least " : ""}${bytes.toLocaleString("en-US")} bytes sent). Compress it with gzip (Content-Encoding: gzip), or split the log by tool or category.`,
  };
}

export function decompressedTooLarge(): SarifLimitProblem {
  return {
    status: 413,
    path: "$",
    message: `The SARIF log is larger than ${mb(SARIF_LIMITS.decompressedBytes)} once decompressed. Split it by tool or category, or leave out what ingestion does not need (e.g. run.artifacts contents, code flows).`,
  };
}

/** The first limit the log breaks, or null. Runs, then results, then locations. */
export function sarifLimitProblem(log: Pick<SarifLog, "runs">): SarifLimitProblem | null {
  if (log.runs.length > SARIF_LIMITS.runs) {
    return {
      status: 422,
      path: "$.runs",
      message: `The SARIF log has ${log.runs.length} runs; at most ${SARIF_LIMITS.runs} are accepted in one upload. Upload the runs in several logs.`,
    };
  }
  for (const [r, run] of log.runs.entries()) {
    const results = run.results ?? [];
    if (results.length > SARIF_LIMITS.resultsPerRun) {
      return {
        status: 422,
        path: `$.runs[${r}].results`,
        message: `Run ${r} (${run.tool.driver.name}) has ${results.length.toLocaleString("en-US")} results; at most ${SARIF_LIMITS.resultsPerRun.toLocaleString("en-US")} per run are accepted. Raise the tool's severity threshold or split the scan.`,
      };
    }
    for (const [i, result] of results.entries()) {
      const locations = result.locations?.length ?? 0;
      if (locations > SARIF_LIMITS.locationsPerResult) {
        return {
          status: 422,
          path: `$.runs[${r}].results[${i}].locations`,
          message: `Result ${i} of run ${r} has ${locations.toLocaleString("en-US")} locations; at most ${SARIF_LIMITS.locationsPerResult.toLocaleString("en-US")} per result are accepted.`,
        };
      }
    }
  }
  return null;
}
