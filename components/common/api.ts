import { z } from "zod";

/**
 * The console's one way of calling the API: every answer becomes either the
 * data or an RFC 9457 problem (network failures and non-JSON answers included), so
 * no error is ever lost.
 */

export interface FieldProblem {
  path: string;
  message: string;
}

export interface Problem {
  title: string;
  status: number;
  detail: string;
  requestId?: string;
  errors?: FieldProblem[];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; problem: Problem };

const problemDocument = z.object({
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** Rejects only when `signal` aborts the request; every other failure is a problem. */
export async function callApi<T>(method: "GET" | "POST" | "PATCH" | "DELETE", url: string, body?: unknown, signal?: AbortSignal): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    return {
      ok: false,
      problem: { title: "Network error", status: 0, detail: "Rampart could not be reached. Check your connection and try again." },
    };
  }
  if (response.ok) {
    if (response.status === 204) return { ok: true, data: undefined as T };
    try {
      return { ok: true, data: (await response.json()) as T };
    } catch {
      return { ok: false, problem: { title: "Unexpected answer", status: response.status, detail: "The server's answer could not be read. Reload the page and try again." } };
    }
  }
  const parsed = problemDocument.safeParse(await response.json().catch(() => null));
  const doc = parsed.success ? parsed.data : {};
  return {
    ok: false,
    problem: {
      title: doc.title ?? `Error ${response.status}`,
      status: response.status,
      detail: doc.detail ?? `The server answered ${response.status} ${response.statusText}.`.trim(),
      requestId: doc.requestId,
      errors: doc.errors,
    },
  };
}

/** Field messages keyed by their path inside the body ("email", "roleAssignments.0.scope.id"). */
export type FieldErrors = Record<string, string>;

export function capitalize(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The problem's per-field errors that concern the request body. */
export function problemFieldErrors(problem: Problem): FieldErrors {
  const out: FieldErrors = {};
  for (const e of problem.errors ?? []) {
    if (!e.path.startsWith("body.")) continue;
    out[e.path.slice("body.".length)] ??= capitalize(e.message);
  }
  return out;
}

/** A failed zod validation in the browser, keyed like `problemFieldErrors`. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) out[issue.path.map(String).join(".")] ??= capitalize(issue.message);
  return out;
}

/** The message for a field or anything inside it ("scope" also matches "scope.id"). */
export function errorFor(errors: FieldErrors, key: string): string | undefined {
  if (errors[key]) return errors[key];
  const nested = Object.keys(errors).find((k) => k.startsWith(`${key}.`));
  return nested ? errors[nested] : undefined;
}

/** Props for a Fluent `Field` showing the error of `key`, if any. */
export function fieldValidation(errors: FieldErrors, key: string): { validationState?: "error"; validationMessage?: string } {
  const message = errorFor(errors, key);
  return message ? { validationState: "error", validationMessage: message } : {};
}
