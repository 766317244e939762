/**
 * Calls a route handler module in-process with a real NextRequest, as Next would.
 */
import { NextRequest } from "next/server";
import { sessionCookieName } from "@/lib/server/auth/sessions";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  path?: string;
  params?: Record<string, string | string[]>;
  /** JSON (an object, or a string sent as it is), or raw bytes (e.g. a gzip-compressed upload). */
  body?: unknown;
  cookie?: string;
  headers?: Record<string, string>;
}

export const BASE_URL = "http://localhost:3000";

export async function call(handler: Handler, options: CallOptions = {}) {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("cookie", `${sessionCookieName()}=${options.cookie}`);
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (options.body instanceof Uint8Array) {
    body = new Uint8Array(options.body);
  } else if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  headers.set("host", "localhost:3000");
  const req = new NextRequest(new URL(options.path ?? "/api/test", BASE_URL), { method: options.method ?? "GET", headers, body });
  const response = await handler(req, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, json: json as Record<string, unknown> & { detail?: string }, response };
}
