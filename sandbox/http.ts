import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

/** Small helpers over node:http for the sandbox's handlers. */

export type RouteParams = { [name: string]: string | undefined };
export type Handler = (req: IncomingMessage, res: ServerResponse, params: RouteParams) => void | Promise<void>;
/** Registers a handler (server.ts gives each provider module this function). */
export type Route = (method: "GET" | "POST" | "PUT" | "DELETE" | "OPTIONS", path: string, handler: Handler) => void;

const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError("request body too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function mediaType(req: IncomingMessage): string {
  return (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** The body's parameters: form-encoded, or a JSON object whose scalar members become strings. */
export async function readParameters(req: IncomingMessage): Promise<URLSearchParams> {
  const text = await readBody(req);
  if (mediaType(req) === "application/json") {
    const params = new URLSearchParams();
    try {
      const value: unknown = JSON.parse(text || "{}");
      if (value && typeof value === "object" && !Array.isArray(value)) {
        for (const [key, member] of Object.entries(value)) {
          if (typeof member === "string" || typeof member === "number" || typeof member === "boolean") params.set(key, String(member));
        }
      }
    } catch {
      // An unreadable body has no parameters; the endpoint reports what is missing.
    }
    return params;
  }
  return new URLSearchParams(text);
}

/** Parses a JSON body; undefined when it is not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? "/", "http://sandbox.invalid");
}

export function queryOf(req: IncomingMessage): URLSearchParams {
  return requestUrl(req).searchParams;
}

/** The credentials of an `Authorization` header whose scheme is one of `schemes` (case-insensitive). */
export function authorizationCredentials(req: IncomingMessage, schemes: readonly string[]): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^(\S+)\s+(.+)$/.exec(header.trim());
  if (!match?.[1] || !match[2]) return null;
  return schemes.includes(match[1].toLowerCase()) ? match[2].trim() : null;
}

/** HTTP Basic credentials (RFC 6749 §2.3.1: both parts are form-urlencoded). */
export function basicCredentials(req: IncomingMessage): { username: string; password: string } | null {
  const encoded = authorizationCredentials(req, ["basic"]);
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const part = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      return s;
    }
  };
  return { username: part(decoded.slice(0, colon)), password: part(decoded.slice(colon + 1)) };
}

export function acceptsJson(req: IncomingMessage): boolean {
  return /application\/(?:[\w.+-]*\+)?json/i.test(req.headers.accept ?? "");
}

export function send(res: ServerResponse, status: number, body: string, headers: OutgoingHttpHeaders): void {
  res.writeHead(status, { "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, JSON.stringify(body), { "content-type": "application/json; charset=utf-8", ...headers });
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, html, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    ...headers,
  });
}

export function sendText(res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, text, { "content-type": "text/plain; charset=utf-8", ...headers });
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, "cache-control": "no-store", "content-length": 0 });
  res.end();
}
