"use client";

import { useCallback, useEffect, useState } from "react";
import { callApi, type Problem } from "./api";

export interface ApiData<T> {
  /** The answer for `url`, or while it loads or when it failed, the last answer shown (`stale`). */
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
 * While another url loads, or when its request fails, the last answer stays on screen,
 * marked stale.
 */
export function useApiData<T>(url: string, options: { version?: number; initial?: { url: string; data: T } } = {}): ApiData<T> {
  const { version = 0, initial } = options;
  const [attempt, setAttempt] = useState(0);
  const key = `${version}:${attempt} ${url}`;
  // The server's answer stands for its url until a version or a retry asks again (Back to that url included).
  const initialKey = initial ? `0:0 ${initial.url}` : null;
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);

  useEffect(() => {
    if (key === initialKey) return;
    const controller = new AbortController();
    callApi<T>("GET", url, undefined, controller.signal).then(
      (result) => setLoaded({ key, data: result.ok ? result.data : null, problem: result.ok ? null : result.problem }),
      () => {
        // Aborted: a newer request (or none) replaces it.
      },
    );
    return () => controller.abort();
  }, [key, url, initialKey]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const current: Loaded<T> | null = loaded?.key === key ? loaded : initial && key === initialKey ? { key, data: initial.data, problem: null } : null;
  // What was last on screen, shown (dimmed by the caller) while the next answer loads.
  const [shown, setShown] = useState<T | null>(initial?.data ?? null);
  if (current?.data && current.data !== shown) setShown(current.data);
  // A failed request keeps the last answer on screen, beside its problem.
  const data = current?.data ?? shown;
  return { data, stale: !current?.data && data !== null, problem: current?.problem ?? null, loading: current === null, retry };
}
