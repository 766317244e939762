import "server-only";
import type { ESLint as ESLintClass, Linter } from "eslint";
import type { SarifLog, SarifReportingDescriptor } from "@/lib/server/sarif/sarif-log";
import { ESLINT_VERSION } from "./detect";
import type { ScanInput, ScannerRun } from "./types";

/**
 * ESLint with security rules only: Microsoft's SDL plugin (its "required" set: eval and
 * friends, innerHTML, document.write, insecure URLs, React's dangerouslySetInnerHTML…)
 * and eslint-plugin-security's recommended set (child_process, unsafe regular
 * expressions, non-literal require/fs paths…).
 *
 * The repository is untrusted input, so the configuration is built here and nothing of
 * the repository's is loaded: no eslint.config.*, no plugins or parsers from its
 * node_modules, and no inline `eslint-disable` comments (code under review must not be
 * able to silence the review; findings are dismissed in Rampart, with a reason).
 */

const JS_FILES = ["**/*.js", "**/*.mjs", "**/*.cjs", "**/*.jsx"];
const TS_FILES = ["**/*.ts", "**/*.mts", "**/*.cts", "**/*.tsx"];

/** Heavy modules are loaded when a scan runs, not when the command starts. */
async function load() {
  const [{ ESLint }, sdl, security, tsParser, formatter] = await Promise.all([
    import("eslint"),
    import("@microsoft/eslint-plugin-sdl"),
    import("eslint-plugin-security"),
    import("@typescript-eslint/parser"),
    import("@microsoft/eslint-formatter-sarif"),
  ]);
  return { ESLint, sdl: sdl.default, security: security.default, tsParser, format: formatter.default };
}

export function eslintConfig(modules: Pick<Awaited<ReturnType<typeof load>>, "sdl" | "security" | "tsParser">): Linter.Config[] {
  return [
    {
      name: "rampart/files",
      files: [...JS_FILES, ...TS_FILES],
      languageOptions: { ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
      // A fixed React version: "detect" would load react from the scanned repository.
      settings: { react: { version: "19.0" } },
    },
    { name: "rampart/commonjs", files: ["**/*.cjs"], languageOptions: { sourceType: "commonjs" } },
    { name: "rampart/typescript", files: TS_FILES, languageOptions: { parser: modules.tsParser } },
    ...modules.sdl.configs.required,
    modules.security.configs.recommended,
  ];
}

/** Absolute http(s) URLs only: the SARIF schema requires helpUri to be a URI. */
function isWebUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export async function runEslint(input: ScanInput): Promise<ScannerRun> {
  const { ESLint, sdl, security, tsParser, format } = await load();
  const eslint: ESLintClass = new ESLint({
    cwd: input.root,
    overrideConfigFile: true,
    overrideConfig: eslintConfig({ sdl, security, tsParser }),
    allowInlineConfig: false,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
  });
  const results = input.files.length === 0 ? [] : await eslint.lintFiles([...input.files]);
  const log = JSON.parse(format(results, { cwd: input.root, rulesMeta: eslint.getRulesMetaForResults(results) })) as SarifLog;
  const run = log.runs[0]!;
  const driver = run.tool.driver;
  driver.version = ESLINT_VERSION;
  driver.rules = (driver.rules ?? []).map((rule): SarifReportingDescriptor => {
    // The formatter fills in placeholder text ("Please see details in message") for
    // rules without docs; only a real URL is kept.
    const { helpUri, ...rest } = rule;
    return isWebUrl(helpUri) ? { ...rest, helpUri } : rest;
  });
  return { scanner: "eslint", run, files: input.files.length };
}
