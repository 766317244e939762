import "server-only";
import type PgBoss from "pg-boss";
import { agentlessWorker, startAgentlessWorker } from "../agentless/agentless-worker";
import { startDiscoveryWorker } from "../discovery/discovery-jobs";
import { env } from "../env";
import { startDismissalExpiryWorker } from "../findings/dismissal-expiry-jobs";
import { assessUnassessedConnectors } from "../recommendations/assess-connector";
import { startScanWorker } from "../scans/scan-jobs";

/** Every kind of job this process runs as a worker (`npm start` unless RAMPART_WORKER=0, and `npm run worker`). */
export async function startWorkers(boss: PgBoss): Promise<string> {
  const settings = env();
  await startDiscoveryWorker(boss, { concurrency: settings.workerConcurrency });
  await startScanWorker(boss, { concurrency: settings.workerConcurrency });
  await startDismissalExpiryWorker(boss);
  await startAgentlessWorker(boss, { regions: settings.workerRegions, concurrency: settings.scanConcurrency });
  // Connectors discovered before the recommendation catalog existed get their assessments now,
  // in the background (their next discovery would also do it).
  void assessUnassessedConnectors().catch((error: unknown) => console.error(`rampart: assessing connectors failed: ${error instanceof Error ? error.message : String(error)}`));
  const regions = settings.workerRegions.length === 9 ? "every region" : settings.workerRegions.join(", ");
  return `${settings.workerConcurrency} job(s) of each kind at a time; ${settings.scanConcurrency} agentless scan(s) at a time, for ${regions}`;
}

/** Stops the agentless scans this process runs (they are retried by another worker), before the queue stops. */
export async function stopWorkers(): Promise<void> {
  await agentlessWorker()?.stop();
}
