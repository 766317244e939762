import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { z, type ZodType } from "zod";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { env } from "../env";
import { mayAnywhere, type Caller } from "../authz/caller";
import { callerFromApiToken } from "../auth/api-tokens";
import { callerFromCookie, sessionCookieName, type RequestMeta } from "../auth/sessions";
import { ApiError, forbidden, problemResponse, unauthenticated, type FieldProblem } from "./errors";
import { requestMeta } from "./request-meta";

/**
 * The one wrapper every route handler goes through. It refuses cross-site writes,
 * authenticates, checks the permission table, validates params, query and body with
 * zod, and turns every failure into one problem+json shape. Scope checks on the
 * object itself happen in the service, next to the query that loads it.
 */

export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

interface Schemas<P, Q, B> {
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** Largest accepted body; 64 KiB unless said otherwise. */
  maxBodyBytes?: number;
}

interface BaseArgs<P, Q, B> {
  req: NextRequest;
  params: P;
  query: Q;
  body: B;
  meta: RequestMeta;
  requestId: string;
}

export interface AuthedArgs<P, Q, B> extends BaseArgs<P, Q, B> {
  caller: Caller;
}

type Result = Response | object | null | undefined;

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Where bearer API tokens are accepted. */
const PUBLIC_API_PREFIX = "/api/v1/";

/**
 * A handler for signed-in callers holding `permission` somewhere ("signed-in": any
 * signed-in user, for their own profile and preferences).
 */
export function route<P = undefined, Q = undefined, B = undefined>(
  definition: Schemas<P, Q, B> & { permission: Permission | "signed-in"; handler: (args: AuthedArgs<P, Q, B>) => Promise<Result> },
) {
  return wrap(definition, async (req) => {
    // An API client sends a bearer token; a browser, its session cookie. Tokens are for
    // the public API only: the console's own endpoints (users, settings, tokens) never take one.
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
    if (bearer && !req.nextUrl.pathname.startsWith(PUBLIC_API_PREFIX)) {
      throw new ApiError(401, "API tokens are accepted only by the /api/v1 endpoints. Sign in to the console for this one.");
    }
    const caller = bearer
      ? await callerFromApiToken(bearer, requestMeta(req.headers))
      : await callerFromCookie(req.cookies.get(sessionCookieName())?.value);
    if (!caller) {
      if (bearer) throw new ApiError(401, "The API token is not valid, has expired or was revoked.");
      // An API client without credentials is told what to send; a browser, to sign in.
      if (req.nextUrl.pathname.startsWith(PUBLIC_API_PREFIX) && !req.cookies.get(sessionCookieName())) {
        throw new ApiError(401, "Send an API token (Authorization: Bearer rmp_…), or sign in to the console.");
      }
      throw unauthenticated();
    }
    if (definition.permission === "signed-in" && caller.apiToken) throw forbidden("use this with an API token");
    if (definition.permission !== "signed-in" && !mayAnywhere(caller, definition.permission)) {
      throw forbidden(PERMISSIONS[definition.permission].description.toLowerCase());
    }
    return caller;
  }, definition.handler);
}

/** A handler anyone may call (health, first-run setup). It must do its own checks. */
export function publicRoute<P = undefined, Q = undefined, B = undefined>(
  definition: Schemas<P, Q, B> & { handler: (args: BaseArgs<P, Q, B>) => Promise<Result> },
) {
  return wrap(definition, async () => null, definition.handler);
}

function wrap<P, Q, B, C>(
  schemas: Schemas<P, Q, B>,
  authenticate: (req: NextRequest) => Promise<C>,
  handler: (args: BaseArgs<P, Q, B> & { caller: NonNullable<C> }) => Promise<Result>,
) {
  return async (req: NextRequest, context: RouteContext): Promise<Response> => {
    const requestId = randomUUID();
    try {
      if (UNSAFE_METHODS.has(req.method)) refuseCrossSite(req);
      const caller = await authenticate(req);
      const params = parse(schemas.params, await context.params, "params");
      const query = parse(schemas.query, Object.fromEntries(req.nextUrl.searchParams), "query");
      const body = schemas.body ? parse(schemas.body, await readJsonBody(req, schemas.maxBodyBytes ?? 64 * 1024), "body") : (undefined as B);
      const result = await handler({ req, caller: caller as NonNullable<C>, params, query, body, meta: requestMeta(req.headers), requestId });
      return toResponse(result);
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw zodProblem(result.error, where);
}

export function zodProblem(error: z.ZodError, where: string): ApiError {
  const errors: FieldProblem[] = error.issues.slice(0, 20).map((issue) => ({
    path: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  const first = errors[0];
  return new ApiError(422, first ? `${first.path}: ${first.message}` : "The request is not valid.", { errors });
}

async function readJsonBody(req: NextRequest, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError(415, "Send the request body as JSON (Content-Type: application/json).");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new ApiError(413, `The request body is larger than ${maxBytes} bytes.`);
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new ApiError(413, `The request body is larger than ${maxBytes} bytes.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "The request body is not valid JSON.");
  }
}

/**
 * Browsers send Origin on every cross-origin write; a write whose Origin is neither
 * this server's public URL nor the host it was sent to is refused. Clients that are
 * not browsers (curl, the CLI) send no Origin and are judged by their credentials.
 */
function refuseCrossSite(req: NextRequest): void {
  const origin = req.headers.get("origin");
  const fetchSite = req.headers.get("sec-fetch-site");
  if (fetchSite === "cross-site") throw new ApiError(403, "Cross-site requests are refused.");
  if (!origin) return;
  const allowed = new Set([new URL(env().publicUrl).origin]);
  const host = req.headers.get("host");
  if (host) allowed.add(`${req.nextUrl.protocol}//${host}`);
  if (!allowed.has(origin)) throw new ApiError(403, "Cross-site requests are refused.");
}

function toResponse(result: Result): Response {
  if (result instanceof Response) return result;
  if (result === undefined || result === null) return new Response(null, { status: 204 });
  return Response.json(result, { headers: { "cache-control": "no-store" } });
}

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}

export function errorResponse(error: unknown, requestId: string): Response {
  if (error instanceof ApiError) return problemResponse(error, requestId);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "P2025") return problemResponse(new ApiError(404, "The requested item was not found."), requestId);
  if (code === "P2002") return problemResponse(new ApiError(409, "An item with the same name already exists."), requestId);
  console.error(`[${requestId}]`, error);
  return problemResponse(new ApiError(500, `Something went wrong on the server. Quote request id ${requestId} when reporting it.`), requestId);
}
