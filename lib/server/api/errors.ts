import "server-only";

/**
 * The one error type of the API. Every answer that is not a success is an RFC 9457
 * problem document built from one of these; anything else becomes a plain 500.
 */

export interface FieldProblem {
  /** Where the problem is, as a JSON path ("body.email", "query.limit"). */
  path: string;
  message: string;
}

export const PROBLEM_TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Sign-in required",
  403: "Not allowed",
  404: "Not found",
  409: "Conflict",
  410: "Expired",
  413: "Request too large",
  415: "Unsupported media type",
  422: "Invalid input",
  429: "Too many requests",
  500: "Something went wrong",
  502: "Provider error",
  503: "Service unavailable",
  504: "Provider timeout",
};

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { errors?: FieldProblem[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

export const unauthenticated = () => new ApiError(401, "Sign in to continue.");
export const forbidden = (what = "do this") => new ApiError(403, `Your role does not allow you to ${what}.`);
export const notFound = (what = "The requested item") => new ApiError(404, `${what} was not found.`);
export const conflict = (message: string) => new ApiError(409, message);
export const invalid = (message: string, errors?: FieldProblem[]) => new ApiError(422, message, { errors });
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new ApiError(429, message, { retryAfterSeconds });

export function problemResponse(error: ApiError, requestId: string): Response {
  const headers = new Headers({ "content-type": "application/problem+json", "cache-control": "no-store" });
  if (error.extra.retryAfterSeconds !== undefined) headers.set("retry-after", String(error.extra.retryAfterSeconds));
  const body = {
    type: "about:blank",
    title: PROBLEM_TITLES[error.status] ?? "Error",
    status: error.status,
    detail: error.message,
    requestId,
    ...(error.extra.errors ? { errors: error.extra.errors } : {}),
    ...(error.extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.extra.retryAfterSeconds } : {}),
  };
  return new Response(JSON.stringify(body), { status: error.status, headers });
}
