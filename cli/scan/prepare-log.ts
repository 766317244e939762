import type { SarifLog } from "@/lib/server/sarif/sarif-log";
import { sarifLimitProblem } from "@/lib/server/sarif/sarif-limits";
import { validateSarif } from "@/lib/server/sarif/validate-sarif";
import { anchorLog, SOURCE_ROOT } from "@/lib/server/scanners/prepare-log";
import { usageError } from "./outcome";
import { repositoryUri, type Provenance } from "./provenance";

/**
 * Makes a SARIF log ready to upload, for `rampart scan` and `rampart upload` alike:
 *
 * - anchored to the working copy (lib/server/scanners/prepare-log.ts): file locations
 *   relative to the repository root under %SRCROOT%, content fingerprints for results
 *   that came without any;
 * - the repository, commit and branch in each run's versionControlProvenance, and the
 *   category (if one is given) in its automationDetails;
 * - then checked against the SARIF 2.1.0 schema and Rampart's upload limits.
 */

export type PrepareOptions = {
  /** The repository root (absolute). */
  root: string;
  provenance: Provenance;
  /** --category: written as each run's automationDetails.id ("<category>/"), so the log says it too. */
  category?: string;
};

export type Prepared = { log: SarifLog; fingerprinted: number };

export async function prepareLog(input: SarifLog, options: PrepareOptions): Promise<Prepared> {
  const { log, fingerprinted } = await anchorLog(input, options.root);
  const uri = options.provenance.repository === undefined ? undefined : repositoryUri(options.provenance.repository);
  for (const run of log.runs) {
    if (uri !== undefined) {
      run.versionControlProvenance = [
        {
          repositoryUri: uri,
          ...(options.provenance.commit ? { revisionId: options.provenance.commit } : {}),
          ...(options.provenance.branch ? { branch: options.provenance.branch } : {}),
          mappedTo: { uriBaseId: SOURCE_ROOT },
        },
      ];
    }
    if (options.category) run.automationDetails = { ...run.automationDetails, id: `${options.category}/` };
  }
  checkUploadable(log);
  return { log, fingerprinted };
}

/** The schema and the limits, as the server checks them: exit 2 before anything is sent. */
export function checkUploadable(log: unknown): SarifLog {
  const validation = validateSarif(log);
  if (!validation.ok) {
    throw usageError(
      `${validation.message} Fix the tool's output (or its version), then try again.`,
      validation.problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`),
    );
  }
  const limit = sarifLimitProblem(validation.log);
  if (limit) throw usageError(`${limit.message} (Rampart's limit; nothing was uploaded)`);
  return validation.log;
}
