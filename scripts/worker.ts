/**
 * `npm run worker`: a job worker without the web server, for production setups that
 * run several workers on several machines against one database (DATABASE_URL).
 * The web servers then run with RAMPART_WORKER=0 or keep their own worker too.
 */
import { EnvError } from "@/lib/server/env";
import { startJobQueue, stopJobQueue } from "@/lib/server/jobs/job-queue";
import { startWorkers, stopWorkers } from "@/lib/server/jobs/workers";
import { prepareRuntime } from "@/lib/server/runtime/prepare-runtime";

const log = (line: string) => console.log(`rampart worker: ${line}`);

async function main() {
  const runtime = await prepareRuntime({ log, seed: false });
  const boss = await startJobQueue("worker");
  log(`running ${await startWorkers(boss)}. Press Ctrl-C to stop.`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received; finishing running jobs…`);
    await stopWorkers();
    await stopJobQueue();
    await runtime.shutdown();
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
}

main().catch((error: unknown) => {
  console.error(`rampart worker: ${error instanceof EnvError || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
