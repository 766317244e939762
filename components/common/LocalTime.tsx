"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** False while rendering on the server and hydrating, true afterwards (locale and time zone are the browser's). */
function useInBrowser(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function relativeTime(date: Date, now = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return "just now";
}

/**
 * A timestamp in the reader's locale and time zone. The server renders a neutral UTC
 * form, replaced after hydration, so the two renders never disagree.
 */
export function LocalTime({ iso, format }: { iso: string; format: "relative" | "date" | "date-time" }) {
  const inBrowser = useInBrowser();
  const date = new Date(iso);
  const utc = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  if (!inBrowser) return <time dateTime={iso}>{format === "date" ? iso.slice(0, 10) : utc}</time>;
  const full = date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
  const text =
    format === "relative"
      ? relativeTime(date)
      : format === "date"
        ? date.toLocaleDateString(undefined, { dateStyle: "medium" })
        : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
  return (
    <time dateTime={iso} title={full}>
      {text}
    </time>
  );
}
