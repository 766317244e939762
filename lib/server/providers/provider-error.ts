import "server-only";
import { PROVIDER_LABELS, type ProviderName } from "@/lib/schemas/connectors";
import { ApiError } from "../api/errors";

/**
 * A provider API failure, classified so that callers can act (re-authorize, wait,
 * retry) and users read what happened in words.
 */
export type ProviderFailure = "unauthorized" | "forbidden" | "not_found" | "rate_limited" | "unavailable" | "timeout" | "unreachable";

export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly failure: ProviderFailure,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

function retryAfter(headers: Headers | Record<string, string | string[] | number | undefined> | undefined): number | undefined {
  if (!headers) return undefined;
  const get = (name: string) => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value === undefined ? undefined : String(value);
  };
  const seconds = Number(get("retry-after"));
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const reset = Number(get("x-ratelimit-reset"));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, Math.ceil(reset - Date.now() / 1000));
  return undefined;
}

/** Classifies an HTTP status the provider answered. */
export function providerErrorFromStatus(
  provider: ProviderName,
  status: number,
  headers?: Headers | Record<string, string | string[] | number | undefined>,
  detail?: string,
): ProviderError {
  const name = PROVIDER_LABELS[provider];
  const said = detail ? ` It said: "${detail.slice(0, 200)}".` : "";
  const wait = retryAfter(headers);
  const header = (name: string) => (headers instanceof Headers ? headers.get(name) : headers?.[name]);
  const remaining = header("x-ratelimit-remaining");
  // GitHub sends x-ratelimit-reset on every answer: a 403 is a rate limit when the quota is spent
  // (remaining 0) or a secondary limit asks to wait (retry-after), not because a reset time is known.
  if (status === 429 || (status === 403 && (String(remaining) === "0" || (header("retry-after") ?? null) !== null))) {
    return new ProviderError(provider, "rate_limited", `${name} is limiting requests from this identity.${wait !== undefined ? ` Try again in ${wait} seconds.` : " Try again in a few minutes."}`, wait);
  }
  if (status === 401) return new ProviderError(provider, "unauthorized", `${name} no longer accepts this authorization (401).${said} Re-authorize the connector.`);
  if (status === 403) return new ProviderError(provider, "forbidden", `${name} refused access (403): the authorizing identity lacks a permission this needs.${said}`);
  if (status === 404) return new ProviderError(provider, "not_found", `${name} could not find what was asked for (404): it was removed, renamed, or the identity cannot see it.${said}`);
  if (status >= 500) return new ProviderError(provider, "unavailable", `${name} is having trouble (${status}). Try again later.${said}`, wait);
  return new ProviderError(provider, "unavailable", `${name} answered ${status}.${said}`);
}

export function providerTimeout(provider: ProviderName, seconds: number): ProviderError {
  return new ProviderError(provider, "timeout", `${PROVIDER_LABELS[provider]} did not answer within ${seconds} seconds. Try again.`);
}

export function providerUnreachable(provider: ProviderName, url: string): ProviderError {
  return new ProviderError(provider, "unreachable", `${PROVIDER_LABELS[provider]} could not be reached at ${url}. Check the server's network and the configured URL.`);
}

/** The API's answer for a provider failure. */
export function providerApiError(error: ProviderError): ApiError {
  switch (error.failure) {
    case "unauthorized":
      return new ApiError(409, error.message);
    case "forbidden":
      return new ApiError(409, error.message);
    case "not_found":
      return new ApiError(404, error.message);
    case "rate_limited":
      return new ApiError(503, error.message, { retryAfterSeconds: error.retryAfterSeconds });
    case "timeout":
      return new ApiError(504, error.message);
    default:
      return new ApiError(502, error.message);
  }
}
