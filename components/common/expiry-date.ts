/**
 * The optional "Expires on" date of dismissals and exemptions: a date input's value
 * (yyyy-mm-dd, the reader's local day) and the moment it stands for.
 */

/** yyyy-mm-dd of a local date, as a date input takes it. */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function daysFromToday(days: number): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() + days);
  return d;
}

/** The start of the chosen day in the reader's time zone: what was decided lapses as that day begins. */
export function expiryOf(day: string): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return "invalid";
  return new Date(y, m - 1, d).toISOString();
}
