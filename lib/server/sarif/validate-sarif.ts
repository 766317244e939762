import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import type { SarifLog } from "./sarif-log";
import sarifSchema from "./sarif-schema-2.1.0.json";

/**
 * Checks an uploaded document against the official SARIF 2.1.0 JSON schema before
 * anything reads it, and says what is wrong in terms the uploader can act on: the
 * version found, or the JSON paths of the first problems.
 *
 * No server-only imports: the `rampart` CLI can validate a log before uploading it.
 */

export type SarifProblem = { path: string; message: string };

export type SarifValidation =
  | { ok: true; log: SarifLog }
  | { ok: false; status: 400 | 422; message: string; problems: SarifProblem[] };

export const SUPPORTED_SARIF_VERSION = "2.1.0";
/** Enough to fix a log, few enough that a response for a badly broken one stays small. */
export const MAX_REPORTED_PROBLEMS = 10;

let compiled: ValidateFunction | undefined;

/**
 * Compiled on first use, then reused: compiling the 100 KB schema costs far more than
 * validating a typical log, and modules that never validate (e.g. the CLI's other
 * commands) should not pay for it at import.
 *
 * ajv 6 is a draft-07 validator, the draft the SARIF schema declares. allErrors lets
 * us report several problems at once instead of one per upload attempt.
 */
function sarifValidator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true }).compile(sarifSchema);
  return compiled;
}

export function validateSarif(doc: unknown): SarifValidation {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    return {
      ok: false,
      status: 400,
      message: `The body is ${describeJsonValue(doc)}, not a SARIF log: a SARIF log is a JSON object with "version" and "runs".`,
      problems: [],
    };
  }

  // Checked before the schema, whose answer for another version would be an unhelpful
  // list of enum and additional-property errors.
  const version = (doc as { version?: unknown }).version;
  if (version !== undefined && version !== SUPPORTED_SARIF_VERSION) {
    const found = typeof version === "string" ? `version ${JSON.stringify(version)}` : `a version that is ${describeJsonValue(version)}`;
    return {
      ok: false,
      status: 422,
      message: `This SARIF log has ${found}; only SARIF ${SUPPORTED_SARIF_VERSION} is accepted. Most tools can write 2.1.0 (e.g. a --sarif-version or output-format option), or convert the log with the SARIF multitool.`,
      problems: [{ path: "$.version", message: `must be "${SUPPORTED_SARIF_VERSION}"` }],
    };
  }

  const validate = sarifValidator();
  if (validate(doc)) return { ok: true, log: doc as SarifLog };

  const errors = validate.errors ?? [];
  const problems = errors.slice(0, MAX_REPORTED_PROBLEMS).map(problemOf);
  const more = errors.length > problems.length ? ` (the first ${problems.length} of ${errors.length} are listed)` : "";
  return {
    ok: false,
    status: 422,
    message: `The SARIF log does not match the SARIF ${SUPPORTED_SARIF_VERSION} schema: ${errors.length} problem${errors.length === 1 ? "" : "s"}${more}.`,
    problems,
  };
}

/**
 * ajv 6 reports where a problem is as a JavaScript-style accessor relative to the root
 * (".runs[0].results[3]", "['odd-key']"), which it builds knowing arrays from objects;
 * prefixing "$" makes it a JSONPath. For a missing or unexpected property ajv points at
 * the object that holds it, so the property's own name is appended: that is the path a
 * person has to edit.
 */
function problemOf(error: ErrorObject): SarifProblem {
  const at = `$${error.dataPath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { path: at + accessor(String(params.missingProperty)), message: "is required but missing" };
    case "additionalProperties":
      return { path: at + accessor(String(params.additionalProperty)), message: "is not a property SARIF 2.1.0 allows here" };
    case "enum":
      return { path: at, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
    default:
      return { path: at, message: error.message ?? `fails the schema's "${error.keyword}" rule` };
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ajv 6 already wraps some names as ".name" or "['name']"; names from params are bare. */
function accessor(name: string): string {
  if (name.startsWith(".") || name.startsWith("[")) return name;
  return IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function describeJsonValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
