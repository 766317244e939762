/**
 * `npm run fixtures:sarif`: runs ESLint, secretlint and Bandit for real over
 * test/fixtures/vulnerable-sample and writes what they report to test/fixtures/sarif/:
 *
 * - eslint.sarif, secretlint.sarif, bandit.sarif: each tool's log as the tool (or its
 *   SARIF formatter, or for Bandit the CLI's conversion of its JSON) writes it, with
 *   absolute file:// URIs of the checkout, as a pipeline would upload them raw;
 * - rampart-scan.sarif: the one log `rampart scan` makes of them: a run per tool, paths
 *   relative to the repository root, partialFingerprints added. No
 *   versionControlProvenance: an uploader names the repository.
 *
 * The sample is copied to a fixed folder first (/tmp/rampart-vulnerable-sample on
 * Linux), so that the absolute URIs, and so the files, only change when the sample or
 * a tool does. Needs `bandit` on PATH (apt-get install bandit).
 */
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { prepareLog } from "@/cli/scan/prepare-log";
import { runBandit } from "@/lib/server/scanners/bandit";
import { banditVersion } from "@/lib/server/scanners/detect";
import { runEslint } from "@/lib/server/scanners/eslint";
import { isJavaScriptLike, isPython, listFiles } from "@/lib/server/scanners/files";
import { runSecretlint } from "@/lib/server/scanners/secretlint";
import type { ScannerId, ScannerRun } from "@/lib/server/scanners/types";
import type { SarifLog } from "@/lib/server/sarif/sarif-log";
import { validateSarif } from "@/lib/server/sarif/validate-sarif";

const ROOT = path.resolve(import.meta.dirname, "..");
const SAMPLE = path.join(ROOT, "test/fixtures/vulnerable-sample");
const OUT = path.join(ROOT, "test/fixtures/sarif");
const CHECKOUT = path.join(tmpdir(), "rampart-vulnerable-sample");
const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** The fixtures are named after the tools (secretlint), not the catalog ids (secrets). */
const FIXTURE_NAMES: Partial<Record<ScannerId, string>> = { eslint: "eslint", secrets: "secretlint", bandit: "bandit" };

function logOf(runs: ScannerRun[]): SarifLog {
  return { version: "2.1.0", $schema: SCHEMA, runs: runs.map((r) => r.run) };
}

async function write(name: string, log: SarifLog): Promise<void> {
  const validation = validateSarif(log);
  if (!validation.ok) throw new Error(`${name}: ${validation.message} ${JSON.stringify(validation.problems)}`);
  await writeFile(path.join(OUT, name), `${JSON.stringify(log, null, 2)}\n`);
  const results = log.runs.reduce((n, run) => n + (run.results?.length ?? 0), 0);
  console.log(`fixtures: wrote test/fixtures/sarif/${name} (${results} results)`);
}

async function main() {
  const bandit = await banditVersion();
  if (!bandit) throw new Error("bandit is not on PATH; install it (apt-get install bandit) to regenerate the fixtures");

  await rm(CHECKOUT, { recursive: true, force: true });
  await cp(SAMPLE, CHECKOUT, { recursive: true });
  await mkdir(OUT, { recursive: true });
  try {
    const { files } = await listFiles(CHECKOUT);
    const runs = [
      await runEslint({ root: CHECKOUT, files: files.filter(isJavaScriptLike) }),
      await runSecretlint({ root: CHECKOUT, files }),
      await runBandit({ root: CHECKOUT, files: files.filter(isPython) }, bandit),
    ];
    for (const run of runs) await write(`${FIXTURE_NAMES[run.scanner]}.sarif`, logOf([run]));
    const { log } = await prepareLog(logOf(runs), { root: CHECKOUT, provenance: {} });
    await write("rampart-scan.sarif", log);
  } finally {
    await rm(CHECKOUT, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`fixtures: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
