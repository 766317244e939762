import "server-only";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SarifArtifactLocation, SarifLog } from "@/lib/server/sarif/sarif-log";
import { SECRETLINT_VERSION } from "./detect";
import type { ScanInput, ScannerRun } from "./types";

/**
 * secretlint with its recommended preset (cloud keys, private keys, tokens of common
 * services, credentials in URLs…), formatted by secretlint's own SARIF formatter.
 *
 * The configuration is given here, so no .secretlintrc or .secretlintignore of the
 * repository is read, and the preset is loaded from Rampart's own node_modules. Secrets
 * are masked in the messages: the log is uploaded, and must not carry them further.
 */

const PRESET = "@secretlint/secretlint-rule-preset-recommend";
const SARIF_FORMATTER = "@secretlint/secretlint-formatter-sarif";

/** "@secretlint/secretlint-rule-preset-recommend > @secretlint/secretlint-rule-aws" → "aws". */
function shortRuleName(ruleId: string): string {
  const last = ruleId.split(">").pop()!.trim();
  return last.replace(/^@secretlint\//, "").replace(/^secretlint-rule-/, "");
}

export async function runSecretlint(input: ScanInput): Promise<ScannerRun> {
  const { createEngine } = await import("@secretlint/node");
  const engine = await createEngine({
    cwd: input.root,
    configFileJSON: { rules: [{ id: PRESET }] },
    formatter: SARIF_FORMATTER,
    color: false,
    maskSecrets: true,
  });
  const { output } = await engine.executeOnFiles({ filePathList: [...input.files] });
  const log = JSON.parse(output) as SarifLog;
  const run = log.runs[0]!;
  const driver = run.tool.driver;
  // The formatter cannot know secretlint's version and writes a placeholder.
  driver.version = SECRETLINT_VERSION;
  delete driver.semanticVersion;
  for (const rule of driver.rules ?? []) {
    const name = shortRuleName(rule.id);
    rule.name = name;
    rule.shortDescription = { text: `Secret in the source: secretlint's ${name} rule matched a credential` };
  }
  // The formatter writes paths relative to this process's folder (not the scanned
  // one); made absolute again here, to be made relative to the repository like every
  // other tool's.
  const absolute = (location: SarifArtifactLocation | undefined) => {
    if (location?.uri && !/^[a-z][a-z0-9+.-]*:/i.test(location.uri)) location.uri = pathToFileURL(path.resolve(process.cwd(), location.uri)).href;
  };
  for (const result of run.results ?? []) for (const location of result.locations ?? []) absolute(location.physicalLocation?.artifactLocation);
  for (const artifact of run.artifacts ?? []) absolute(artifact.location);
  return { scanner: "secrets", run, files: input.files.length };
}
