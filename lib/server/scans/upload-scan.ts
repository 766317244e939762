import "server-only";
import { ApiError } from "../api/errors";
import { auditActor, type Caller } from "../authz/caller";
import { db } from "../db/client";
import { versionControlOf } from "../sarif/normalize-log";
import type { SarifLog } from "../sarif/sarif-log";
import { sarifLimitProblem } from "../sarif/sarif-limits";
import { validateSarif } from "../sarif/validate-sarif";
import type { ScanAccepted, UploadScanQuery } from "@/lib/schemas/scans";
import { handOverParsedLog } from "./parsed-log-handoff";
import { parseSarifJson, readSarifUpload } from "./read-sarif-upload";
import { resolveScanRepository } from "./resolve-scan-repository";
import { queueScan } from "./scan-jobs";

/**
 * POST /api/v1/scans: everything that can be wrong with an upload is found here, before
 * anything is stored (the body, the JSON, the SARIF schema, the limits, the repository
 * and the token's scope); what passes is stored and queued, and processed by a job.
 */
export async function uploadScan(caller: Caller, req: Request, query: UploadScanQuery): Promise<ScanAccepted> {
  const upload = await readSarifUpload(req);
  const validation = validateSarif(parseSarifJson(upload.text));
  if (!validation.ok) throw new ApiError(validation.status, validation.message, { errors: validation.problems });
  const log = validation.log;
  const limit = sarifLimitProblem(log);
  if (limit) throw new ApiError(limit.status, limit.message, { errors: [{ path: limit.path, message: limit.message }] });

  const vcs = versionControlOf(log);
  const reference = query.repository ?? vcs?.repositoryUri;
  if (!reference) {
    throw new ApiError(
      422,
      "Say which repository the log is for: add a repository parameter (its URL, or provider/organization[/project]/name), or a versionControlProvenance entry with repositoryUri to the log's run.",
    );
  }
  const repository = await resolveScanRepository(caller, reference, query.repository ? "parameter" : "log");
  const scan = await db.scan.create({
    data: {
      repositoryId: repository.id,
      apiTokenId: caller.apiToken?.id ?? null,
      uploadedBy: auditActor(caller).email,
      commitSha: query.commit ?? vcs?.revisionId ?? null,
      branch: query.branch ?? vcs?.branch ?? null,
      category: query.category ?? null,
      checkoutUri: query.checkoutUri ?? null,
      runCount: log.runs.length,
      resultCount: log.runs.reduce((n, run) => n + (run.results?.length ?? 0), 0),
      contentSha256: upload.sha256,
      payload: new Uint8Array(upload.gzipped),
      tools: normalizeTools(log),
    },
    select: { id: true },
  });
  handOverParsedLog(scan.id, log);
  try {
    await queueScan(scan.id);
  } catch (error) {
    await db.scan.delete({ where: { id: scan.id } }).catch(() => undefined);
    console.error("rampart: could not queue a scan:", error);
    throw new ApiError(503, "The upload could not be queued for processing (the job queue is unavailable). Nothing was stored; try again shortly.");
  }
  return { id: scan.id, state: "pending", url: `/api/v1/scans/${scan.id}` };
}

/** The tools as the log names them, shown while the scan waits; processing fills in the rest. */
function normalizeTools(log: SarifLog) {
  return log.runs.map((run) => ({ name: run.tool.driver.name, version: run.tool.driver.semanticVersion ?? run.tool.driver.version ?? null }));
}
