import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { SarifLog } from "@/lib/server/sarif/sarif-log";
import { compressedTooLarge, decompressedTooLarge, SARIF_LIMITS } from "@/lib/server/sarif/sarif-limits";
import { uploadError, usageError } from "./outcome";

/**
 * The client side of POST /api/v1/scans and GET /api/v1/scans/{id}: the log is sent
 * gzip-compressed with the API token, then followed until Rampart has processed it.
 * Errors are RFC 9457 problem documents; their detail (and first problems) is what the
 * person running the pipeline sees.
 */

const gzipAsync = promisify(gzip);

export type UploadTarget = {
  /** Rampart's address (the base URL of its console), without a trailing slash. */
  baseUrl: string;
  token: string;
};

export type UploadParameters = { repository?: string; commit?: string; branch?: string; category?: string };

export type ScanCounts = { new: number; unchanged: number; fixed: number; reopened: number };

export type UploadOutcome = {
  id: string;
  state: "pending" | "complete" | "failed";
  /** The scan's API address, absolute. */
  url: string;
  repository?: { id: string; fullName: string };
  counts?: ScanCounts | null;
};

export type UploadOptions = {
  wait: boolean;
  waitTimeoutMs: number;
  pollIntervalMs?: number;
  /** Progress for the person running the command (stderr). */
  say?: (line: string) => void;
  userAgent?: string;
};

/** --url / RAMPART_URL as a base URL: http(s), no query, no trailing slash. */
export function parseBaseUrl(value: string, from: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw usageError(`${from} is not a URL (got "${value}"); give Rampart's address, e.g. https://rampart.example.com`);
  }
  if (!/^https?:$/.test(url.protocol)) throw usageError(`${from} must be an http:// or https:// address (got "${value}")`);
  if (url.username || url.password) throw usageError(`${from} must not contain credentials; the token goes in RAMPART_TOKEN`);
  url.search = "";
  url.hash = "";
  return url.href.replace(/\/+$/, "");
}

const TOKEN_SHAPE = /^rmp_[A-Za-z0-9_-]{20,}$/;

export function checkToken(token: string | undefined, from: string): string {
  if (!token) {
    throw usageError(
      "no API token: set RAMPART_TOKEN (or pipe it to --token-stdin) to an API token with the Upload results permission, created in Settings → API tokens or with `rampart admin create-token --permission upload`",
    );
  }
  if (!TOKEN_SHAPE.test(token)) throw usageError(`${from} does not look like a Rampart API token (they start with rmp_); copy the whole token from Settings → API tokens`);
  return token;
}

type Problem = { title?: string; status?: number; detail?: string; errors?: { path?: string; message?: string }[] };

const HINTS: Record<number, string> = {
  401: "Check RAMPART_TOKEN: create a new token in Settings → API tokens if it expired or was revoked.",
  403: "The token needs the Upload results permission, with a scope that includes this repository.",
  413: "Split the log (by tool or category) or leave out what Rampart does not need.",
  415: "This Rampart does not accept the upload's format; update the CLI and the server to the same version.",
};

async function problemOf(response: Response, doing: string): Promise<Error> {
  const text = await response.text().catch(() => "");
  let problem: Problem = {};
  try {
    problem = JSON.parse(text) as Problem;
  } catch {
    // Not JSON: a proxy's page, or not Rampart at all.
  }
  const detail = problem.detail ?? problem.title ?? (text.trim().startsWith("<") || text.trim() === "" ? response.statusText : text.trim().slice(0, 300));
  const hint = HINTS[response.status];
  const details = (problem.errors ?? []).slice(0, 5).map((e) => `${e.path ?? "$"}: ${e.message ?? ""}`.trim());
  return uploadError(`${doing} failed: ${response.status} ${detail}${hint && !detail.includes(hint) ? ` ${hint}` : ""}`, details);
}

/** What fetch's "fetch failed" hides: ECONNREFUSED, ENOTFOUND, a certificate problem… */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === "TimeoutError") return "no answer in time";
  if (cause?.code) return cause.message && !cause.message.includes(cause.code) ? `${cause.code}: ${cause.message}` : (cause.message ?? cause.code);
  return cause?.message ?? (error as Error).message;
}

function unreachable(baseUrl: string, error: unknown): Error {
  return uploadError(`could not reach Rampart at ${baseUrl} (${networkReason(error)}); check --url or RAMPART_URL, and that the server is running and reachable from here`);
}

/** The log as gzip, within Rampart's size limits (checked here, so nothing too big is sent). */
export async function compressLog(log: SarifLog): Promise<Buffer> {
  const raw = Buffer.from(JSON.stringify(log), "utf8");
  if (raw.length > SARIF_LIMITS.decompressedBytes) throw usageError(`${decompressedTooLarge().message} (Rampart's limit; nothing was uploaded)`);
  const body = await gzipAsync(raw);
  if (body.length > SARIF_LIMITS.compressedBytes) throw usageError(`${compressedTooLarge(body.length).message} (Rampart's limit; nothing was uploaded)`);
  return body;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function uploadLog(log: SarifLog, target: UploadTarget, parameters: UploadParameters, options: UploadOptions): Promise<UploadOutcome> {
  const body = await compressLog(log);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) if (value) query.set(key, value);
  const headers = {
    authorization: `Bearer ${target.token}`,
    accept: "application/json, application/problem+json",
    ...(options.userAgent ? { "user-agent": options.userAgent } : {}),
  };

  let response: Response;
  try {
    response = await fetch(`${target.baseUrl}/api/v1/scans${query.size > 0 ? `?${query}` : ""}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/sarif+json", "content-encoding": "gzip" },
      body: new Uint8Array(body),
      // A redirect would drop the method or the token (or send it elsewhere): say so instead.
      redirect: "manual",
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    throw unreachable(target.baseUrl, error);
  }
  if (response.status >= 300 && response.status < 400) {
    throw uploadError(`Rampart at ${target.baseUrl} answered with a redirect to ${response.headers.get("location") ?? "another address"}; use the address it redirects to as --url (or RAMPART_URL)`);
  }
  if (response.status !== 202 && response.status !== 201 && response.status !== 200) throw await problemOf(response, "the upload");
  const accepted = (await response.json().catch(() => null)) as { id?: string; state?: string } | null;
  if (!accepted?.id) throw uploadError(`Rampart at ${target.baseUrl} accepted the upload but did not say which scan it is; is this a Rampart server?`);

  // Followed on the same origin as the upload, whatever address the answer names.
  const url = `${target.baseUrl}/api/v1/scans/${encodeURIComponent(accepted.id)}`;
  const outcome: UploadOutcome = { id: accepted.id, state: "pending", url };
  if (!options.wait) return outcome;

  options.say?.(`uploaded as scan ${accepted.id}; waiting for Rampart to process it (at most ${Math.round(options.waitTimeoutMs / 1000)} s)`);
  const deadline = Date.now() + options.waitTimeoutMs;
  let lastNetworkError: unknown;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    await sleep(Math.min(options.pollIntervalMs ?? 1000, remaining));
    let poll: Response;
    try {
      poll = await fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(Math.max(1000, Math.min(30_000, deadline - Date.now()))) });
    } catch (error) {
      lastNetworkError = error; // a restart or a blip: tried again until the deadline
      continue;
    }
    if (poll.status >= 500) continue;
    if (poll.status !== 200) throw await problemOf(poll, `following scan ${accepted.id}`);
    const view = (await poll.json()) as { state: UploadOutcome["state"]; repository?: UploadOutcome["repository"]; counts?: ScanCounts | null; error?: string | null };
    Object.assign(outcome, { state: view.state, repository: view.repository, counts: view.counts ?? null });
    if (view.state === "complete") return outcome;
    if (view.state === "failed") throw uploadError(`Rampart could not process scan ${accepted.id}: ${view.error ?? "no reason given"} (nothing from this upload was recorded)`);
  }
  const why = lastNetworkError ? ` (last attempt: ${networkReason(lastNetworkError)})` : "";
  throw uploadError(
    `Rampart has not finished processing scan ${accepted.id} after ${Math.round(options.waitTimeoutMs / 1000)} s${why}; it may still complete: follow ${url}, raise --wait-timeout, or use --no-wait`,
  );
}
