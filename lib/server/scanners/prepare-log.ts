import "server-only";
import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { contentFingerprint } from "@/lib/server/sarif/fingerprint";
import type { SarifArtifactLocation, SarifLog, SarifResult, SarifRun } from "@/lib/server/sarif/sarif-log";

/**
 * Anchors a SARIF log to the working copy it was made from, for `rampart scan`,
 * `rampart upload` and the server's agentless scans alike:
 *
 * - file locations relative to the repository root, under the uriBaseId %SRCROOT%
 *   (tools write absolute file:// URIs of wherever the checkout was), with
 *   originalUriBaseIds saying where that root was;
 * - `partialFingerprints` for results that came without any fingerprint, from the
 *   content around the flagged line (lib/server/sarif/fingerprint.ts, the server's own
 *   algorithm), as GitHub's upload action does: the server can then follow a finding
 *   when lines are added above it.
 *
 * The CLI then adds provenance and category and checks the log against the schema and
 * the upload limits (cli/scan/prepare-log.ts); the server runner validates each run
 * (run-scanners.ts).
 */

export const SOURCE_ROOT = "%SRCROOT%";
export const FINGERPRINT_KEY = "rampartContent/v1";

const SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A folder as a file: URI ending in "/", as originalUriBaseIds requires. */
export const folderUri = (folder: string) => pathToFileURL(folder.endsWith(path.sep) ? folder : folder + path.sep).href;

/** A repository-relative path as a relative URI reference (each segment percent-encoded). */
const relativeUri = (relative: string) => relative.split(path.sep).map(encodeURIComponent).join("/");

type Bases = Record<string, SarifArtifactLocation>;

/** An artifact location as an absolute path on this machine, if it is (or resolves to) a file: URI or an absolute path. */
function absolutePathOf(location: SarifArtifactLocation, bases: Bases, depth = 0): string | undefined {
  const uri = location.uri;
  if (uri === undefined || depth > 5) return undefined;
  if (/^file:/i.test(uri)) {
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }
  if (HAS_SCHEME.test(uri)) return undefined;
  if (uri.startsWith("/")) return safeDecode(uri);
  if (!location.uriBaseId) return undefined;
  const base = bases[location.uriBaseId];
  const basePath = base ? absolutePathOf(base, bases, depth + 1) : undefined;
  return basePath === undefined ? undefined : path.join(basePath, safeDecode(uri));
}

function safeDecode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/**
 * Rewrites one artifact location to a path relative to `root` under %SRCROOT%. A
 * relative URI with no base is taken to be relative to the root already (as most tools
 * that write relative paths mean it). Anything else (outside the root, another scheme,
 * an unknown base) is left as the tool wrote it.
 */
function relativize(location: SarifArtifactLocation, root: string, bases: Bases): void {
  if (location.uri === undefined) return;
  if (!location.uriBaseId && !HAS_SCHEME.test(location.uri) && !location.uri.startsWith("/")) {
    location.uri = location.uri.replace(/^(\.\/)+/, "");
    location.uriBaseId = SOURCE_ROOT;
    return;
  }
  const absolute = absolutePathOf(location, bases);
  if (absolute === undefined) return;
  const relative = path.relative(root, absolute);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return;
  location.uri = relativeUri(relative);
  location.uriBaseId = SOURCE_ROOT;
}

/**
 * Every artifact location of a run: those of results (locations, related locations,
 * code flows), of notifications, and the artifacts table. Found by walking the run, so
 * that none is missed whatever a tool fills in; tool metadata and the base ids
 * themselves are left alone.
 */
export function artifactLocationsOf(run: SarifRun): SarifArtifactLocation[] {
  const found: SarifArtifactLocation[] = [];
  // `key` is the property that holds the value (for an array's items, the array's).
  const walk = (value: unknown, key: string | undefined, parentKey: string | undefined) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, key, parentKey);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    if (key === "artifactLocation" || (key === "location" && parentKey === "artifacts")) found.push(value as SarifArtifactLocation);
    for (const [k, v] of Object.entries(value)) {
      if (k === "tool" || k === "originalUriBaseIds" || k === "versionControlProvenance") continue;
      walk(v, k, key);
    }
  };
  walk(run, undefined, undefined);
  return found;
}

/** The id of a result's rule, wherever the tool put it. */
export function ruleIdOf(result: SarifResult, run: SarifRun): string | undefined {
  const index = result.ruleIndex ?? result.rule?.index;
  return result.ruleId ?? result.rule?.id ?? (index === undefined ? undefined : run.tool.driver.rules?.[index]?.id);
}

const hasEntries = (record: Record<string, string> | undefined) => record !== undefined && Object.keys(record).length > 0;

/** Reads files of the repository for fingerprints, once each; never outside the root. */
function fileReader(root: string) {
  const cache = new Map<string, Promise<string[] | null>>();
  const rootReal = realpath(root).catch(() => root);
  const read = async (relative: string): Promise<string[] | null> => {
    const absolute = path.resolve(root, relative);
    try {
      const real = await realpath(absolute);
      const inside = path.relative(await rootReal, real);
      if (inside.startsWith("..") || path.isAbsolute(inside)) return null; // a link out of the repository
      return (await readFile(real, "utf8")).split(/\r?\n/);
    } catch {
      return null; // not there (a log from another checkout): the server falls back on its own
    }
  };
  return (relative: string) => {
    let lines = cache.get(relative);
    if (!lines) cache.set(relative, (lines = read(relative)));
    return lines;
  };
}

async function addFingerprints(run: SarifRun, readLines: (relative: string) => Promise<string[] | null>): Promise<number> {
  let added = 0;
  for (const result of run.results ?? []) {
    if (hasEntries(result.partialFingerprints) || hasEntries(result.fingerprints)) continue;
    const ruleId = ruleIdOf(result, run);
    const physical = result.locations?.[0]?.physicalLocation;
    const location = physical?.artifactLocation;
    const startLine = physical?.region?.startLine;
    if (ruleId === undefined || location?.uriBaseId !== SOURCE_ROOT || location.uri === undefined || !startLine) continue;
    const relative = safeDecode(location.uri);
    const lines = await readLines(relative);
    if (!lines || startLine > lines.length) continue;
    result.partialFingerprints = { [FINGERPRINT_KEY]: contentFingerprint({ ruleId, path: relative, lines, startLine }) };
    added++;
  }
  return added;
}

/**
 * A copy of `input` with every run's locations relative to `root` and fingerprints added
 * where results had none; `$schema` is set when missing.
 */
export async function anchorLog(input: SarifLog, root: string): Promise<{ log: SarifLog; fingerprinted: number }> {
  const log: SarifLog = structuredClone(input);
  const absoluteRoot = path.resolve(root);
  const readLines = fileReader(absoluteRoot);
  let fingerprinted = 0;
  for (const run of log.runs) {
    const bases: Bases = run.originalUriBaseIds ?? {};
    for (const location of artifactLocationsOf(run)) relativize(location, absoluteRoot, bases);
    run.originalUriBaseIds = { ...bases, [SOURCE_ROOT]: { uri: folderUri(absoluteRoot), description: { text: "The root of the repository's working copy" } } };
    fingerprinted += await addFingerprints(run, readLines);
  }
  log.$schema ??= SCHEMA_URI;
  return { log, fingerprinted };
}

/**
 * Moves a run's file locations from one folder to another: a tool that was given a copy
 * of some of the repository's files (checkov.ts, template-analyzer.ts) reports paths in
 * the copy, which become the same paths in the repository. Locations outside `from` are
 * left as they are.
 */
export function rebaseRun(run: SarifRun, from: string, to: string): void {
  const bases: Bases = run.originalUriBaseIds ?? {};
  for (const location of artifactLocationsOf(run)) {
    const absolute = absolutePathOf(location, bases);
    if (absolute === undefined) continue;
    const relative = path.relative(from, absolute);
    if (relative.startsWith("..") || path.isAbsolute(relative)) continue;
    location.uri = pathToFileURL(path.join(to, relative)).href;
    delete location.uriBaseId;
  }
  // The copy's own base ids (a tool's "ROOTPATH"…) mean nothing once it is gone.
  for (const [id, base] of Object.entries(bases)) {
    const absolute = absolutePathOf(base, bases);
    if (absolute !== undefined && !path.relative(from, absolute).startsWith("..")) delete bases[id];
  }
}
