import { createHash } from "node:crypto";
import type { SarifResult } from "./sarif-log";

/**
 * Identity of a result across uploads, so that a finding is followed while the code
 * around it moves, and identical code in two files stays two findings.
 *
 * Node built-ins only: the CLI computes the same fingerprints before uploading (as
 * GitHub's upload action adds partialFingerprints) and the server computes them for
 * logs that arrive without any.
 */

/** Bumped if the algorithm changes, so old and new fingerprints can never be confused. */
const CONTENT_FINGERPRINT_VERSION = "rampart-content/v1";

/** Non-blank lines after the flagged one that also go into the fingerprint. */
export const CONTEXT_LINES_AFTER = 2;

/**
 * The flagged line and the next CONTEXT_LINES_AFTER non-blank lines, each with its
 * whitespace collapsed and trimmed.
 *
 * Why only lines after: whatever is inserted above a result (an import, a comment, a
 * whole function) then never changes its fingerprint, which is what "moving code down a
 * file" mostly is; lines before the flagged one would make any edit just above it a new
 * finding. Blank lines are skipped and whitespace normalised so that reformatting and
 * re-indenting do not count as a change either. The following lines keep two identical
 * statements in different places of a file apart in most real code.
 */
export function contentWindow(lines: readonly string[], startLine: number): string[] {
  const window: string[] = [];
  const first = Math.max(0, Math.trunc(startLine) - 1);
  const flagged = lines[first];
  if (flagged === undefined) return window;
  window.push(normalizeLine(flagged));
  for (let i = first + 1; i < lines.length && window.length <= CONTEXT_LINES_AFTER; i++) {
    const line = normalizeLine(lines[i] ?? "");
    if (line !== "") window.push(line);
  }
  return window;
}

function normalizeLine(line: string): string {
  return line.replace(/\s+/g, " ").trim();
}

function sha256Hex(parts: readonly unknown[]): string {
  // JSON of an array: unambiguous boundaries between parts, unlike joining with a separator.
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * A stable hex fingerprint from the rule, the file's path and the content around the
 * flagged line; deliberately not from the line number. `lines` are the file's lines,
 * `startLine` is SARIF's 1-based region start.
 */
export function contentFingerprint(input: { ruleId: string; path: string; lines: readonly string[]; startLine: number }): string {
  return sha256Hex([CONTENT_FINGERPRINT_VERSION, input.ruleId, input.path, contentWindow(input.lines, input.startLine)]);
}

export type ResultIdentity = { key: string; source: "partialFingerprints" | "fingerprints" | "content" };

/**
 * A result's identity key, preferring what the tool says over what we compute.
 *
 * The tool's fingerprints are combined with the rule and the path, because tools'
 * partial fingerprints are often about the line's content only (GitHub's
 * primaryLocationLineHash is): alone, two rules flagging one line, or the same line in
 * two files, would merge. Keys are sorted so that a tool writing its dictionary in
 * another order does not create a new finding. `path` is the repository-relative path
 * ingestion resolved, not the raw URI, which can be an absolute path of a CI checkout
 * that differs between runs.
 */
export function identityOf(
  result: Pick<SarifResult, "partialFingerprints" | "fingerprints">,
  context: { ruleId: string; path: string | null; computedFingerprint: string },
): ResultIdentity {
  for (const source of ["partialFingerprints", "fingerprints"] as const) {
    const entries = Object.entries(result[source] ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length > 0) return { key: sha256Hex([source, context.ruleId, context.path, entries]), source };
  }
  return { key: context.computedFingerprint, source: "content" };
}
