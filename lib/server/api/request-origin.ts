import "server-only";
import type { NextRequest } from "next/server";
import { env } from "../env";

/**
 * The address the browser uses for this server: RAMPART_URL when set, else the Host
 * the request came to (Rampart's server drops forwarded-host headers unless
 * RAMPART_TRUST_PROXY is on). OAuth redirects must come back to the same host, or
 * the session cookie would not be sent.
 */
export function requestOrigin(req: NextRequest): string {
  const settings = env();
  if (settings.publicUrlConfigured) return settings.publicUrl;
  const host = req.headers.get("host");
  return host ? `${req.nextUrl.protocol}//${host}` : settings.publicUrl;
}
