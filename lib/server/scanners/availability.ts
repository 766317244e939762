import "server-only";
import type { ScannerId } from "@/lib/schemas/connectors";
import { SCANNER_DEFINITIONS } from "./catalog";

/**
 * Which scanners this server can run, for the connector wizard and scan runs ("not
 * installed on this server"). ESLint and secretlint are npm dependencies of Rampart and
 * always there; Bandit, Checkov and Template Analyzer are programs on PATH, found by
 * their version commands (a second or two for the Python ones), so the answer is kept
 * for a minute: installing one shows within that.
 */

export type ScannerAvailability = {
  id: ScannerId;
  label: string;
  installed: boolean;
  version: string | null;
  /** Why it is not installed or cannot be used, and how to install it. */
  reason?: string;
};

export const AVAILABILITY_TTL_MS = 60_000;

let cached: { at: number; answer: Promise<ScannerAvailability[]> } | undefined;

async function detectAll(): Promise<ScannerAvailability[]> {
  return Promise.all(
    SCANNER_DEFINITIONS.map(async (scanner) => {
      const detection = await scanner.detect();
      return { id: scanner.id, label: scanner.label, ...detection };
    }),
  );
}

/** Every catalog entry, in the connectors' order. `fresh` looks again now. */
export function scannerAvailability(options: { fresh?: boolean } = {}): Promise<ScannerAvailability[]> {
  const now = Date.now();
  if (!options.fresh && cached && now - cached.at < AVAILABILITY_TTL_MS) return cached.answer;
  const answer = detectAll();
  const entry = { at: now, answer };
  cached = entry;
  // detect() never throws; should that change, a failure is not kept.
  answer.catch(() => {
    if (cached === entry) cached = undefined;
  });
  return answer;
}
