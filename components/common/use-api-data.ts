"use client";

import { useCallback, useEffect, useState } from "react";
import { callApi, type Problem } from "./api";

export interface ApiData<T> {
  /** The answer for `url`, or while the next one loads, the last answer shown (`stale`). */
  data: T | null;
  stale: boolean;
  problem: Problem | null;
  /** A request for `url` is under way. */
  loading: boolean;
  retry: () => void;
}

interface Loaded<T> {
  key: string;
  data: T | null;
  problem: Problem | null;
}

/**
 * GETs `url` and keeps the answer; asks again when `url` or `version` changes (a changed
 * url cancels the request in flight) and on `retry`. The server page may pass what it
 * already read for the first url (`initial`), which is then shown without a request.
 * While another url loads, the last answer stays on screen, marked stale.
 */
export function useApiData<T>(url: string, options: { version?: number; initial?: { url: string; data: T } } = {}): ApiData<T> {
  const { version = 0, initial } = options;
  const [attempt, setAttempt] = useState(0);
  const key = `${version}:${attempt} ${url}`;
  const initialKey = initial ? `0:0 ${initial.url}` : null;
  const [loaded, setLoaded] = useState<Loaded<T> | null>(initial ? { key: initialKey!, data: initial.data, problem: null } : null);
  const [shown, setShown] = useState<T | null>(initial?.data ?? null);

  useEffect(() => {
    if (key === initialKey) return;
    const controller = new AbortController();
    callApi<T>("GET", url, undefined, controller.signal).then(
      (result) => {
        setLoaded({ key, data: result.ok ? result.data : null, problem: result.ok ? null : result.problem });
        if (result.ok) setShown(result.data);
      },
      () => {
        // Aborted: a newer request (or none) replaces it.
      },
    );
    return () => controller.abort();
  }, [key, url, initialKey]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const current = loaded !== null && loaded.key === key ? loaded : null;
  const data = current?.data ?? (current?.problem ? null : shown);
  return { data, stale: current === null && data !== null, problem: current?.problem ?? null, loading: current === null, retry };
}
