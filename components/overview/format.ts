/**
 * Numbers as the overview writes them: counts with thousands separators, and durations
 * in the unit a person reads them in ("45 min", "5 h", "3.2 days").
 */

const number = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return number.format(n);
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Under an hour in minutes, under two days in hours, then in days (one decimal below 10 days). */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return "—";
  if (seconds < 60) return "< 1 min";
  if (seconds < HOUR) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * DAY) {
    const hours = seconds / HOUR;
    return `${hours < 10 ? trimmed(hours) : Math.round(hours)} h`;
  }
  const days = seconds / DAY;
  return `${days < 10 ? trimmed(days) : number.format(Math.round(days))} days`;
}

/** One decimal, without a trailing ".0". */
function trimmed(n: number): string {
  const rounded = Math.round(n * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/** The same duration spelled out, for screen readers and titles ("5 hours", "3.2 days"). */
export function describeDuration(seconds: number | null): string {
  const short = formatDuration(seconds);
  if (short === "—") return "none fixed yet";
  if (short === "< 1 min") return "less than a minute";
  if (short.endsWith(" min")) return `${short.slice(0, -4)} minutes`;
  if (short.endsWith(" h")) return `${short.slice(0, -2)} ${short === "1 h" ? "hour" : "hours"}`;
  return short;
}
