import "server-only";
import type { SarifLog } from "../sarif/sarif-log";

/**
 * The upload request has parsed and validated the log already; when the worker that
 * picks the scan up runs in the same process (the default `npm start`), it takes the
 * parsed log from here instead of inflating and parsing it a second time. Another
 * process, or a restart, simply finds nothing and reads the stored copy. Entries are
 * dropped after a minute so an unprocessed upload cannot hold memory.
 */

const KEEP_MS = 60_000;
const KEY = Symbol.for("rampart.parsed-log-handoff");
const store = globalThis as typeof globalThis & { [KEY]?: Map<string, { log: SarifLog; timer: NodeJS.Timeout }> };
const logs = (store[KEY] ??= new Map());

export function handOverParsedLog(scanId: string, log: SarifLog): void {
  const timer = setTimeout(() => logs.delete(scanId), KEEP_MS);
  timer.unref();
  logs.set(scanId, { log, timer });
}

export function takeParsedLog(scanId: string): SarifLog | undefined {
  const entry = logs.get(scanId);
  if (!entry) return undefined;
  clearTimeout(entry.timer);
  logs.delete(scanId);
  return entry.log;
}
