/**
 * Settings → Scans refreshes the rows it shows by asking again from the newest; the
 * answer replaces them, and rows loaded earlier with "Load more" that lie beyond the
 * answer stay, with the cursor that follows them. The list is ordered newest first by
 * (createdAt, id), as GET /api/v1/scans pages it.
 */

export interface ListedScan {
  id: string;
  createdAt: string;
}

export interface ScanListState<T extends ListedScan> {
  items: T[];
  nextCursor: string | null;
}

/** Whether `a` comes after `b` in the list (older, or as old with a smaller id). */
function isAfter(a: ListedScan, b: ListedScan): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

export function mergeRefreshed<T extends ListedScan>(current: ScanListState<T>, fresh: ScanListState<T>): ScanListState<T> {
  const last = fresh.items.at(-1);
  // The answer reaches the end of the list: it is the whole list.
  if (fresh.nextCursor === null || !last) return fresh;
  const seen = new Set(fresh.items.map((s) => s.id));
  const beyond = current.items.filter((s) => !seen.has(s.id) && isAfter(s, last));
  return beyond.length ? { items: [...fresh.items, ...beyond], nextCursor: current.nextCursor } : fresh;
}

/** Appends a next page, leaving out any row already listed. */
export function appendPage<T extends ListedScan>(current: ScanListState<T>, page: ScanListState<T>): ScanListState<T> {
  const seen = new Set(current.items.map((s) => s.id));
  return { items: [...current.items, ...page.items.filter((s) => !seen.has(s.id))], nextCursor: page.nextCursor };
}

/** How many rows a refresh asks for: what is shown, within the API's limits. */
export function refreshLimit(shown: number, pageSize: number): number {
  return Math.min(200, Math.max(pageSize, shown));
}
