import { INVENTORY_SORTS, inventoryQuery, type InventoryQuery, type InventorySort } from "@/lib/schemas/inventory";

/**
 * The inventory grid's state lives in the page URL, so that Back and Forward work and a
 * copied address opens the same view: the contract's `inventoryQuery` parameters, plus
 * two of the grid's own: `page` (the page number shown beside the keyset `cursor`) and
 * `cols` (the optional columns shown). Shared by the server page (which reads it) and the
 * grid (which writes it); nothing here touches the server.
 */

export const INVENTORY_PATH = "/inventory";
export const EXPORT_PATH = "/api/v1/repositories/export.csv";

/** Columns shown only when picked in the Columns menu, in the order they appear. */
export const OPTIONAL_COLUMNS = ["organization", "project", "subscription", "lastPush", "lastScan"] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];
export const OPTIONAL_COLUMN_LABELS: Record<OptionalColumn, string> = {
  organization: "Organization",
  project: "Project / group",
  subscription: "Subscription",
  lastPush: "Last push",
  lastScan: "Last scan",
};

export interface InventoryView {
  /** Flat (a page of repositories) or grouped (organizations → projects or groups → repositories). */
  grouped: boolean;
  query: InventoryQuery;
  /** 1 on the first page; the number of the page `query.cursor` opens otherwise. */
  page: number;
  cols: OptionalColumn[];
}

export type RawSearchParams = Record<string, string | string[] | undefined>;

/** What each parameter is called on screen, for messages about bad values. */
const PARAM_LABELS: Record<string, string> = {
  q: "Search",
  subscription: "Subscription",
  connector: "DevOps environment",
  provider: "Provider",
  advancedSecurity: "Advanced security status",
  prAnnotations: "Pull request annotation status",
  findingType: "Finding type",
  severity: "Severity",
  includeRemoved: "Show removed",
  sort: "Sort",
  dir: "Sort direction",
  cursor: "Page",
  limit: "Page size",
  page: "Page number",
  cols: "Columns",
  view: "View",
};

/** The filters that hold a list of values, in the order they are written to a URL. */
export const LIST_FILTERS = ["subscription", "connector", "provider", "advancedSecurity", "prAnnotations", "findingType", "severity"] as const satisfies readonly (keyof InventoryQuery)[];

const LIST_PARAMS = new Set<string>([...LIST_FILTERS, "cols"]);
/** The API's node parameters (organization, projectPath) are the grouped view's business, not the page URL's. */
const QUERY_PARAMS = (Object.keys(inventoryQuery.shape) as (keyof InventoryQuery)[]).filter((key) => key !== "organization" && key !== "projectPath");
const MAX_PAGE = 1_000_000;

export const DEFAULT_QUERY: InventoryQuery = inventoryQuery.parse({});

/** One value per parameter; a list repeated (`provider=GITHUB&provider=GITLAB`) is joined with commas. */
function single(raw: RawSearchParams, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  return LIST_PARAMS.has(key) ? value.join(",") : value[0];
}

export function searchParamsRecord(params: URLSearchParams): RawSearchParams {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/**
 * The view a URL asks for. Parameters that do not validate are dropped (their defaults
 * apply) and named in `problems`; this never throws.
 */
export function readInventoryView(raw: RawSearchParams): { view: InventoryView; problems: string[] } {
  const problems: string[] = [];
  const input: Record<string, string> = {};
  for (const key of QUERY_PARAMS) {
    const value = single(raw, key);
    if (value !== undefined) input[key] = value;
  }

  let query: InventoryQuery = DEFAULT_QUERY;
  // Each round drops the parameters zod refused; at most one round per parameter.
  for (let round = 0; round <= QUERY_PARAMS.length; round++) {
    const result = inventoryQuery.safeParse(input);
    if (result.success) {
      query = result.data;
      break;
    }
    let dropped = false;
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "");
      problems.push(`${PARAM_LABELS[key] ?? (key || "Address")}: ${issue.message}.`);
      if (key in input) {
        delete input[key];
        dropped = true;
      }
    }
    if (!dropped) break;
  }
  // An empty search is no search.
  if (query.q === "") query = { ...query, q: undefined };

  let page = 1;
  const rawPage = single(raw, "page");
  if (query.cursor) {
    const n = rawPage === undefined ? NaN : Number(rawPage);
    if (Number.isInteger(n) && n >= 2 && n <= MAX_PAGE) page = n;
    else {
      // A cursor always opens a later page; without a usable number, call it page 2.
      page = 2;
      if (rawPage !== undefined) problems.push(`${PARAM_LABELS.page}: must be a whole number from 2 with a page position.`);
    }
  }

  const cols: OptionalColumn[] = [];
  for (const c of (single(raw, "cols") ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const known = OPTIONAL_COLUMNS.find((o) => o === c);
    if (!known) problems.push(`${PARAM_LABELS.cols}: "${c.slice(0, 40)}" is not a column that can be shown (${OPTIONAL_COLUMNS.join(", ")}).`);
    else if (!cols.includes(known)) cols.push(known);
  }
  cols.sort((a, b) => OPTIONAL_COLUMNS.indexOf(a) - OPTIONAL_COLUMNS.indexOf(b));

  const rawView = single(raw, "view");
  if (rawView !== undefined && rawView !== "grouped" && rawView !== "flat") problems.push(`${PARAM_LABELS.view}: must be flat or grouped.`);
  const grouped = rawView === "grouped";
  // The grouped view opens level by level; a flat page position means nothing there.
  if (grouped && query.cursor) {
    query = { ...query, cursor: undefined };
    page = 1;
  }

  return { view: { grouped, query, page, cols }, problems };
}

/** The filter and sort parameters (no cursor, no limit), empty filters left out, in a stable order. */
export function filterParams(query: InventoryQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const key of LIST_FILTERS) {
    const values = query[key];
    if (values && values.length > 0) params.set(key, values.join(","));
  }
  if (query.includeRemoved) params.set("includeRemoved", "true");
  // Always written, even the default: a link says how its rows are ordered.
  params.set("sort", query.sort);
  params.set("dir", query.dir);
  return params;
}

function withSearch(path: string, params: URLSearchParams): string {
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The page URL of a view. */
export function inventoryHref(view: InventoryView): string {
  const params = filterParams(view.query);
  if (view.grouped) params.set("view", "grouped");
  if (view.query.limit !== DEFAULT_QUERY.limit) params.set("limit", String(view.query.limit));
  if (view.query.cursor) {
    params.set("cursor", view.query.cursor);
    params.set("page", String(view.page));
  }
  if (view.cols.length > 0) params.set("cols", view.cols.join(","));
  return withSearch(INVENTORY_PATH, params);
}

/** The CSV of every repository the view's filters match, in its sort order. */
export function exportHref(query: InventoryQuery): string {
  return withSearch(EXPORT_PATH, filterParams(query));
}

/** Whether the view narrows the repositories (search or a filter). "Show removed" widens, so it does not count. */
export function hasFilters(query: InventoryQuery): boolean {
  return Boolean(query.q || LIST_FILTERS.some((key) => query[key]?.length));
}

/** The view with search, filters and "Show removed" back to their defaults; sort, page size and columns kept. */
export function clearedFilters(view: InventoryView): InventoryView {
  return firstPage({
    ...view,
    query: { ...DEFAULT_QUERY, sort: view.query.sort, dir: view.query.dir, limit: view.query.limit },
  });
}

export function firstPage(view: InventoryView): InventoryView {
  return { ...view, query: { ...view.query, cursor: undefined }, page: 1 };
}

/**
 * Whether `url` is this grid's previous page: the same filters, sort and page size,
 * one page number lower. Columns are not compared (they do not change the rows).
 */
export function isPreviousPageOf(url: URL, view: InventoryView): boolean {
  if (url.pathname !== INVENTORY_PATH) return false;
  const { view: other } = readInventoryView(searchParamsRecord(url.searchParams));
  return (
    !other.grouped &&
    other.page === view.page - 1 &&
    other.query.limit === view.query.limit &&
    filterParams(other.query).toString() === filterParams(view.query).toString()
  );
}

/** Whether the server sorts by this column id. */
export function isSortColumn(id: string): id is InventorySort {
  return (INVENTORY_SORTS as readonly string[]).includes(id);
}
