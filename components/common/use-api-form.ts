"use client";
import { useState } from "react";
import { callApi, problemFieldErrors, type FieldErrors, type Problem } from "./api";

/**
 * What every form dialog keeps while it talks to the API: the field errors (from its own
 * validation, or the answer's `errors`), the problem its ProblemBar shows, and whether a
 * request is under way. `send` makes the request; on failure it fills both from the
 * problem and answers null, so a dialog only says what to do with success.
 */
export function useApiForm() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function send<T>(method: "POST" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<{ data: T } | null> {
    setErrors({});
    setProblem(null);
    setBusy(true);
    const result = await callApi<T>(method, url, body);
    setBusy(false);
    if (result.ok) return { data: result.data };
    setProblem(result.problem);
    setErrors(problemFieldErrors(result.problem));
    return null;
  }

  /** Forgets errors and the problem (a dialog reopened, or a new attempt). */
  function clear() {
    setErrors({});
    setProblem(null);
  }

  return { errors, setErrors, problem, setProblem, busy, send, clear };
}
