/**
 * Exit codes of `rampart scan` and `rampart upload`, which gate builds. The admin
 * commands keep their own (0 done, 1 failed, 2 command line): a pipeline reads these,
 * so "findings" and "could not upload" must never look alike.
 */
export const EXIT_CODES = {
  /** Nothing at or above --fail-on (or no --fail-on), and the upload, if any, succeeded. */
  ok: 0,
  /** Findings at or above --fail-on. */
  findings: 1,
  /** The command line, the configuration or the input is wrong; nothing was uploaded. */
  usage: 2,
  /** Rampart could not be reached, refused the upload or failed to process it. */
  upload: 3,
} as const;

export const EXIT_CODES_HELP = `Exit status:
  0  no finding at or above --fail-on (or no --fail-on), and the upload, if any, succeeded
  1  findings at or above --fail-on
  2  usage or configuration error: a wrong option, a missing token or URL, a log
     that is not valid SARIF 2.1.0 or is over Rampart's limits, a scanner that
     could not run; nothing was uploaded
  3  upload or server error: Rampart unreachable, the upload refused (bad token,
     unknown repository…), or processing failed or did not finish in time
An upload or server error wins over findings: 3, not 1.`;

/** An expected failure of a client command: one line (the cause and the fix) on stderr. */
export class ClientError extends Error {
  override name = "ClientError";
  constructor(
    message: string,
    readonly exitCode: typeof EXIT_CODES.usage | typeof EXIT_CODES.upload,
    /** Further lines (e.g. the first problems the server found), printed after the message. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

export const usageError = (message: string, details: readonly string[] = []) => new ClientError(message, EXIT_CODES.usage, details);
export const uploadError = (message: string, details: readonly string[] = []) => new ClientError(message, EXIT_CODES.upload, details);
