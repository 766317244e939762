import "server-only";
import type { ScannerId } from "@/lib/schemas/connectors";
import { runBandit } from "./bandit";
import { runCheckov } from "./checkov";
import { runEslint } from "./eslint";
import { runSecretlint } from "./secretlint";
import { runTemplateAnalyzer } from "./template-analyzer";
import type { RunContext, ScanInput, ScannerRun } from "./types";

/**
 * How each catalog scanner runs over the files the catalog chose for it, once its
 * detect() found it (the version is the one it found). Throws ScannerError when the
 * scanner fails. Used by the scanner process (scanner-process.ts); `rampart scan` calls
 * the adapters itself.
 */
export const SCANNER_RUNNERS: Readonly<Record<ScannerId, (input: ScanInput, context: RunContext) => Promise<ScannerRun>>> = {
  eslint: (input) => runEslint(input),
  bandit: (input, context) => runBandit(input, context.version),
  checkov: runCheckov,
  "template-analyzer": runTemplateAnalyzer,
  secrets: (input) => runSecretlint(input),
};
