"use client";

import { useCallback, useEffect, useState } from "react";
import { callApi, type Problem } from "@/components/common/api";

interface Loaded<T> {
  key: string;
  data: T | null;
  problem: Problem | null;
}

export interface ApiGet<T> {
  data: T | null;
  problem: Problem | null;
  loading: boolean;
  retry: () => void;
}

/**
 * GETs `url` (nothing while it is null) and keeps the answer for that url; a changed
 * url cancels the request in flight. `retry` asks again.
 */
export function useApiGet<T>(url: string | null): ApiGet<T> {
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);
  const key = url === null ? null : `${attempt} ${url}`;

  useEffect(() => {
    if (key === null || url === null) return;
    const controller = new AbortController();
    callApi<T>("GET", url, undefined, controller.signal).then(
      (result) => setLoaded({ key, data: result.ok ? result.data : null, problem: result.ok ? null : result.problem }),
      () => {
        // Aborted: a newer request (or none) replaces it.
      },
    );
    return () => controller.abort();
  }, [key, url]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const current = loaded !== null && loaded.key === key ? loaded : null;
  return { data: current?.data ?? null, problem: current?.problem ?? null, loading: key !== null && current === null, retry };
}
