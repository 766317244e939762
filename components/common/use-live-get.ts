"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { callApi, type Problem } from "./api";

export interface LiveGet<T> {
  data: T | null;
  problem: Problem | null;
  /** The first answer has not arrived yet. */
  loading: boolean;
  /** Asking again, the last answer still shown. */
  reloading: boolean;
  reload: () => void;
}

/**
 * GETs `url`, and asks again on `reload`, when `version` changes, and every `pollMs`
 * while `poll(data)` holds (not while the tab is hidden). Unlike useApiGet, the last
 * answer stays on screen while a new one is on its way, so a list that refreshes itself
 * does not flash.
 */
export function useLiveGet<T>(url: string, options: { version?: string; pollMs?: number; poll?: (data: T) => boolean } = {}): LiveGet<T> {
  const [state, setState] = useState<{ url: string; data: T | null; problem: Problem | null }>({ url, data: null, problem: null });
  const [reloading, setReloading] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const inFlight = useRef<AbortController | null>(null);
  const { version, pollMs, poll } = options;

  useEffect(() => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    callApi<T>("GET", url, undefined, controller.signal).then(
      (result) => {
        if (inFlight.current !== controller) return;
        inFlight.current = null;
        setReloading(false);
        setState((current) => ({
          url,
          // A failed reload keeps what was shown, with the problem above it.
          data: result.ok ? result.data : current.url === url ? current.data : null,
          problem: result.ok ? null : result.problem,
        }));
      },
      () => {
        // Aborted: a newer request (or none) replaces it.
      },
    );
    return () => controller.abort();
  }, [url, version, attempt]);

  const reload = useCallback(() => {
    setReloading(true);
    setAttempt((n) => n + 1);
  }, []);

  const polling = pollMs !== undefined && state.data !== null && state.url === url && (poll?.(state.data) ?? true);
  useEffect(() => {
    if (!polling) return;
    const timer = window.setInterval(() => {
      if (!document.hidden && inFlight.current === null) setAttempt((n) => n + 1);
    }, pollMs);
    return () => window.clearInterval(timer);
  }, [polling, pollMs]);

  const current = state.url === url;
  return { data: current ? state.data : null, problem: current ? state.problem : null, loading: !current || (state.data === null && state.problem === null), reloading, reload };
}
