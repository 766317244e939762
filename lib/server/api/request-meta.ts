import "server-only";
import type { RequestMeta } from "../auth/sessions";

/**
 * Where a request came from. Rampart's server (scripts/start.ts) overwrites
 * X-Forwarded-For with the socket's address unless RAMPART_TRUST_PROXY is on, in
 * which case the last address (the one the trusted proxy saw) is used.
 */
export function requestMeta(headers: Headers): RequestMeta {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).pop() ?? null;
  return {
    ip: last ? last.replace(/^::ffff:/, "") : null,
    userAgent: headers.get("user-agent"),
  };
}
