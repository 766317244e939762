/**
 * Offset pagination as GitHub and GitLab do it: `page` and `per_page` parameters,
 * and a `Link` header (RFC 8288) whose URLs repeat the request with another page.
 */

export interface Page<T> {
  items: T[];
  page: number;
  perPage: number;
  total: number;
  totalPages: number;
}

/** A positive integer parameter, or the fallback when absent or not a positive integer. */
export function positiveInteger(raw: string | null, fallback: number): number {
  if (raw === null || !/^\d+$/.test(raw.trim())) return fallback;
  const value = Number(raw);
  return value >= 1 ? value : fallback;
}

export function paginate<T>(items: readonly T[], page: number, perPage: number): Page<T> {
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  return { items: items.slice((page - 1) * perPage, page * perPage), page, perPage, total: items.length, totalPages };
}

export type LinkRelation = "first" | "prev" | "next" | "last";

/**
 * Link header entries for the given relations, in the order given; empty string when
 * none apply. GitHub leaves out first/last when they are the current page; GitLab
 * always sends them (`alwaysFirstAndLast`).
 */
export function linkHeader(requestUrl: URL, page: Page<unknown>, order: readonly LinkRelation[], alwaysFirstAndLast = false): string {
  const target: Record<LinkRelation, number | null> = {
    first: alwaysFirstAndLast || page.page > 1 ? 1 : null,
    prev: page.page > 1 ? Math.min(page.page - 1, page.totalPages) : null,
    next: page.page < page.totalPages ? page.page + 1 : null,
    last: alwaysFirstAndLast || page.page < page.totalPages ? page.totalPages : null,
  };
  return order
    .filter((rel) => target[rel] !== null)
    .map((rel) => {
      const url = new URL(requestUrl);
      url.searchParams.set("page", String(target[rel]));
      url.searchParams.set("per_page", String(page.perPage));
      return `<${url.toString()}>; rel="${rel}"`;
    })
    .join(", ");
}
