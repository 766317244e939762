import { createHash } from "node:crypto";
import type { FindingTypeName, SeverityName } from "@/lib/schemas/findings";
import { contentFingerprint, identityOf } from "./fingerprint";
import { findingTypeOf, scanTargetOf } from "./finding-type";
import { securitySeverityScore, severityOf } from "./severity";
import type { SarifArtifactLocation, SarifLog, SarifReportingDescriptor, SarifResult, SarifRun } from "./sarif-log";

/**
 * Turns a validated SARIF log into what ingestion stores: per tool and category (an
 * "analysis"), the rules it described and its results as finding rows, each with a
 * repository-relative path, a severity and the reason for it, a type, and an identity
 * that follows it across uploads. Pure: no database, so every rule of the mapping is
 * tested on its own.
 */

export type NormalizeOptions = {
  /** The upload's `category` parameter; wins over each run's automationDetails. */
  category?: string;
  /** Where the repository was checked out when the tool ran (GitHub's checkout_uri). */
  checkoutUri?: string;
};

export type NormalizedRule = {
  ruleId: string;
  name: string | null;
  shortDescription: string | null;
  fullDescription: string | null;
  helpMarkdown: string | null;
  helpText: string | null;
  helpUri: string | null;
  tags: string[];
  cwes: string[];
  securitySeverity: number | null;
  defaultLevel: string | null;
};

export type NormalizedResult = {
  ruleId: string;
  title: string;
  message: string | null;
  path: string | null;
  startLine: number | null;
  endLine: number | null;
  startColumn: number | null;
  endColumn: number | null;
  snippet: string | null;
  severity: SeverityName;
  severityReason: string;
  fingerprint: string;
  fingerprintSource: string;
  occurrence: number;
};

export type NormalizedAnalysis = {
  tool: string;
  toolVersion: string | null;
  category: string;
  type: FindingTypeName;
  rules: NormalizedRule[];
  results: NormalizedResult[];
  /** Results left out: suppressed in source, or kinds that are not problems (pass, notApplicable…). */
  skipped: number;
};

export type VersionControl = { repositoryUri?: string; revisionId?: string; branch?: string };

const TEXT_LIMIT = 4_000;
const SNIPPET_LIMIT = 2_000;
const TITLE_LIMIT = 300;
/** Kinds that report a problem (SARIF §3.27.9); a missing kind means "fail". */
const PROBLEM_KINDS = new Set([undefined, "fail", "open", "review"]);

const clip = (text: string | undefined | null, limit: number): string | null => {
  if (text === undefined || text === null) return null;
  const trimmed = text.trim();
  if (trimmed === "") return null;
  return trimmed.length > limit ? `${trimmed.slice(0, limit - 1)}…` : trimmed;
};

/**
 * The category of a run: the upload's, else its automationDetails.id up to the last
 * slash (SARIF: "category/run instance"; a GitHub-style id such as
 * "my-analysis/tool/2026-11-23" gives "my-analysis/tool"), else the whole id, else "".
 */
export function categoryOf(run: Pick<SarifRun, "automationDetails">, override?: string): string {
  if (override !== undefined && override.trim() !== "") return override.trim();
  const id = run.automationDetails?.id?.trim();
  if (!id) return "";
  const slash = id.lastIndexOf("/");
  return slash > 0 ? id.slice(0, slash).replace(/\/+$/, "") : id.replace(/\/+$/, "");
}

/** The first versionControlProvenance entry of the log that names a repository. */
export function versionControlOf(log: SarifLog): VersionControl | null {
  for (const run of log.runs) {
    const vcs = run.versionControlProvenance?.find((v) => v.repositoryUri);
    if (vcs) return { repositoryUri: vcs.repositoryUri, revisionId: vcs.revisionId, branch: vcs.branch };
  }
  return null;
}

function decode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** A folder URI as a prefix ending in one slash. */
const asFolder = (uri: string) => (uri.endsWith("/") ? uri : `${uri}/`);

/** Resolves an artifact location against the run's uriBaseIds (which may chain), as a URI string. */
function resolveUri(location: SarifArtifactLocation, bases: Record<string, SarifArtifactLocation>, depth = 0): string | undefined {
  const uri = location.uri;
  if (uri === undefined) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || !location.uriBaseId || depth > 5) return uri;
  const base = bases[location.uriBaseId];
  if (!base) return uri;
  const baseUri = resolveUri(base, bases, depth + 1);
  return baseUri === undefined ? uri : asFolder(baseUri) + uri.replace(/^\.?\//, "");
}

/**
 * The places a checkout may be: the upload's checkoutUri, each versionControlProvenance
 * entry's mappedTo (SARIF's own way to say where the repository was), and every absolute
 * originalUriBaseId. Longest first, so the most specific wins.
 */
function checkoutRoots(run: SarifRun, options: NormalizeOptions): string[] {
  const bases = run.originalUriBaseIds ?? {};
  const roots: string[] = [];
  const add = (uri: string | undefined) => {
    if (!uri) return;
    const absolute = uri.startsWith("/") ? `file://${uri}` : uri;
    if (/^file:/i.test(absolute)) roots.push(asFolder(decode(absolute.replace(/^file:\/\/(localhost)?/i, "file://"))));
  };
  add(options.checkoutUri);
  for (const vcs of run.versionControlProvenance ?? []) if (vcs.mappedTo) add(resolveUri(vcs.mappedTo, bases));
  for (const base of Object.values(bases)) add(resolveUri(base, bases));
  return [...new Set(roots)].sort((a, b) => b.length - a.length);
}

/**
 * A result's file as a path relative to the repository root. Relative URIs (with or
 * without a uriBaseId standing for the source root) already are; absolute file URIs lose
 * the checkout they were written in. What cannot be made relative keeps its path.
 */
export function repositoryPath(location: SarifArtifactLocation | undefined, run: SarifRun, options: NormalizeOptions): string | null {
  if (!location) return null;
  const own = location.index !== undefined ? run.artifacts?.[location.index]?.location : undefined;
  const artifact = location.uri !== undefined ? location : (own ?? location);
  if (artifact.uri === undefined) return null;
  const bases = run.originalUriBaseIds ?? {};
  const resolved = resolveUri(artifact, bases) ?? artifact.uri;
  let path: string;
  if (/^file:/i.test(resolved) || resolved.startsWith("/")) {
    const absolute = decode(resolved.startsWith("/") ? `file://${resolved}` : resolved.replace(/^file:\/\/(localhost)?/i, "file://"));
    const root = checkoutRoots(run, options).find((r) => absolute.startsWith(r));
    path = root ? absolute.slice(root.length) : absolute.replace(/^file:\/\//i, "");
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(resolved)) {
    return resolved; // another scheme (https://…, a package URL): kept as the tool wrote it
  } else {
    // Relative: relative to the source root, whatever base id the tool named it with.
    path = decode(artifact.uri);
  }
  path = path.replace(/\\/g, "/").replace(/^(\.\/)+/, "").replace(/\/{2,}/g, "/");
  return path === "" ? null : path;
}

function ruleOf(result: SarifResult, run: SarifRun, byId: Map<string, SarifReportingDescriptor>): SarifReportingDescriptor | undefined {
  const index = result.ruleIndex ?? result.rule?.index;
  const driverRules = run.tool.driver.rules ?? [];
  if (index !== undefined && driverRules[index]) return driverRules[index];
  const id = result.ruleId ?? result.rule?.id;
  return id === undefined ? undefined : byId.get(id);
}

/** The message text, with {0}-style arguments filled in and rule message strings looked up. */
function messageOf(result: SarifResult, rule: SarifReportingDescriptor | undefined): string | null {
  const m = result.message;
  const template = m.text ?? m.markdown ?? (m.id ? (rule?.messageStrings?.[m.id]?.text ?? rule?.messageStrings?.[m.id]?.markdown) : undefined);
  if (template === undefined) return null;
  const args = m.arguments ?? [];
  return clip(template.replace(/\{(\d+)\}/g, (whole, n: string) => args[Number(n)] ?? whole), TEXT_LIMIT);
}

const CWE = /cwe[-_/ ]?0*(\d+)/i;

function cwesOf(rule: SarifReportingDescriptor): string[] {
  const found = new Set<string>();
  const candidates: unknown[] = [...(rule.properties?.tags ?? [])];
  for (const key of ["cwe", "cwes", "CWE"]) {
    const value = rule.properties?.[key];
    if (Array.isArray(value)) candidates.push(...value);
    else if (value !== undefined) candidates.push(value);
  }
  for (const candidate of candidates) {
    const match = CWE.exec(String(candidate));
    if (match) found.add(`CWE-${match[1]}`);
  }
  return [...found];
}

function ruleRow(rule: SarifReportingDescriptor): NormalizedRule {
  return {
    ruleId: rule.id,
    name: clip(rule.name, TITLE_LIMIT),
    shortDescription: clip(rule.shortDescription?.text, TEXT_LIMIT),
    fullDescription: clip(rule.fullDescription?.text, TEXT_LIMIT * 4),
    helpMarkdown: clip(rule.help?.markdown, 64_000),
    helpText: clip(rule.help?.text, 64_000),
    helpUri: clip(rule.helpUri, 2_000),
    tags: (rule.properties?.tags ?? []).filter((t): t is string => typeof t === "string").slice(0, 50),
    cwes: cwesOf(rule),
    securitySeverity: securitySeverityScore(rule.properties) ?? null,
    defaultLevel: rule.defaultConfiguration?.level ?? null,
  };
}

function sha256(parts: readonly unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * The server's own fingerprint for a result that came without one: from the code the
 * tool quoted when it did (so it survives the code moving), else from the message and
 * the line — the only thing left, and the reason the CLI adds fingerprints before it
 * uploads.
 */
function computedFingerprint(ruleId: string, path: string | null, snippet: string | null, message: string | null, startLine: number | null) {
  if (snippet !== null) return { key: contentFingerprint({ ruleId, path: path ?? "", lines: snippet.split(/\r?\n/), startLine: 1 }), source: "content" };
  return { key: sha256(["rampart-location/v1", ruleId, path, message, startLine]), source: "location" };
}

function isSuppressed(result: SarifResult): boolean {
  return (result.suppressions ?? []).some((s) => s.status === undefined || s.status === "accepted");
}

const positive = (n: number | undefined): number | null => (typeof n === "number" && Number.isInteger(n) && n > 0 ? n : null);

function normalizeResult(result: SarifResult, rule: SarifReportingDescriptor | undefined, run: SarifRun, options: NormalizeOptions) {
  const ruleId = result.ruleId ?? result.rule?.id ?? rule?.id ?? "(no rule id)";
  const physical = result.locations?.[0]?.physicalLocation;
  const path = repositoryPath(physical?.artifactLocation, run, options);
  const region = physical?.region;
  const startLine = positive(region?.startLine);
  const message = messageOf(result, rule);
  const snippet = clip(region?.snippet?.text, SNIPPET_LIMIT);
  const { severity, reason } = severityOf(result, rule);
  // Computed only when the tool gave no fingerprint of its own (hashing 25,000 results twice costs).
  const hasOwn = Object.keys(result.partialFingerprints ?? {}).length > 0 || Object.keys(result.fingerprints ?? {}).length > 0;
  const computed = hasOwn ? { key: "", source: "content" } : computedFingerprint(ruleId, path, snippet, message, startLine);
  const identity = identityOf(result, { ruleId, path, computedFingerprint: computed.key });
  return {
    ruleId,
    title: clip(rule?.shortDescription?.text, TITLE_LIMIT) ?? clip(rule?.name, TITLE_LIMIT) ?? clip(message?.split("\n")[0], TITLE_LIMIT) ?? ruleId,
    message,
    path,
    startLine,
    endLine: positive(region?.endLine) ?? startLine,
    startColumn: positive(region?.startColumn),
    endColumn: positive(region?.endColumn),
    snippet,
    severity,
    severityReason: reason,
    fingerprint: identity.key,
    fingerprintSource: identity.source === "content" ? computed.source : identity.source,
  };
}

/**
 * The log's analyses: one per tool and category. Two runs of one tool and category in
 * one log (a tool run per folder, say) are one analysis with the results of both.
 */
export function normalizeLog(log: SarifLog, options: NormalizeOptions = {}): NormalizedAnalysis[] {
  const analyses = new Map<string, NormalizedAnalysis & { seen: Map<string, number>; ruleIds: Set<string> }>();
  for (const run of log.runs) {
    const driver = run.tool.driver;
    const tool = driver.name.trim() || "(unnamed tool)";
    const category = categoryOf(run, options.category);
    const key = JSON.stringify([tool, category]);
    let analysis = analyses.get(key);
    if (!analysis) {
      analysis = {
        tool,
        toolVersion: driver.semanticVersion ?? driver.version ?? null,
        category,
        type: findingTypeOf(tool, { category: category || undefined, target: scanTargetOf(run) }),
        rules: [],
        results: [],
        skipped: 0,
        seen: new Map(),
        ruleIds: new Set(),
      };
      analyses.set(key, analysis);
    }
    const byId = new Map<string, SarifReportingDescriptor>();
    for (const component of [driver, ...(run.tool.extensions ?? [])]) {
      for (const rule of component.rules ?? []) {
        if (!byId.has(rule.id)) byId.set(rule.id, rule);
        if (!analysis.ruleIds.has(rule.id)) {
          analysis.ruleIds.add(rule.id);
          analysis.rules.push(ruleRow(rule));
        }
      }
    }
    for (const result of run.results ?? []) {
      if (!PROBLEM_KINDS.has(result.kind) || isSuppressed(result)) {
        analysis.skipped++;
        continue;
      }
      const row = normalizeResult(result, ruleOf(result, run, byId), run, options);
      const occurrence = (analysis.seen.get(row.fingerprint) ?? 0) + 1;
      analysis.seen.set(row.fingerprint, occurrence);
      analysis.results.push({ ...row, occurrence });
    }
  }
  return [...analyses.values()].map(({ seen: _seen, ruleIds: _ruleIds, ...analysis }) => analysis);
}
