import { scanListQuery, type ScanStateName } from "@/lib/schemas/scans";

/**
 * Settings → Scans keeps its filters in the address (source, state, connector), so that a
 * filtered list can be shared and survives a reload. The same parameters as GET /api/v1/scans.
 */

export interface ScanFilters {
  source?: "upload" | "agentless";
  state?: ScanStateName[];
  connector?: string;
}

export const SCANS_PAGE_SIZE = 50;

type SearchParams = Record<string, string | string[] | undefined>;

const shape = scanListQuery.shape;

/** The filters of the address; a value that cannot be used is left out and named in `problems`. */
export function parseScanFilters(params: SearchParams): { filters: ScanFilters; problems: string[] } {
  const filters: ScanFilters = {};
  const problems: string[] = [];
  const one = (key: string) => {
    const v = params[key];
    return Array.isArray(v) ? v[0] : v;
  };
  const source = one("source");
  if (source !== undefined && source !== "") {
    const parsed = shape.source.safeParse(source);
    if (parsed.success && parsed.data) filters.source = parsed.data;
    else problems.push(`source: "${source}" is not agentless or upload`);
  }
  const state = one("state");
  if (state !== undefined && state !== "") {
    const parsed = shape.state.safeParse(state);
    if (parsed.success && parsed.data?.length) filters.state = [...new Set(parsed.data)];
    else problems.push(`state: "${state}" is not a list of pending, running, complete, failed, skipped, cancelled`);
  }
  const connector = one("connector");
  if (connector !== undefined && connector !== "") {
    const parsed = shape.connector.safeParse(connector);
    if (parsed.success && parsed.data) filters.connector = parsed.data;
    else problems.push(`connector: "${connector}" is not an environment id`);
  }
  return { filters, problems };
}

export function scanFilterParams(filters: ScanFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.source) params.set("source", filters.source);
  if (filters.state?.length) params.set("state", filters.state.join(","));
  if (filters.connector) params.set("connector", filters.connector);
  return params;
}

export function scansHref(filters: ScanFilters): string {
  const query = scanFilterParams(filters).toString();
  return query ? `/settings/scans?${query}` : "/settings/scans";
}

/** GET /api/v1/scans for these filters, from the newest (or after `cursor`). */
export function scansApiUrl(filters: ScanFilters, options: { limit: number; cursor?: string | null }): string {
  const params = scanFilterParams(filters);
  params.set("limit", String(options.limit));
  if (options.cursor) params.set("cursor", options.cursor);
  return `/api/v1/scans?${params.toString()}`;
}

export function hasScanFilters(filters: ScanFilters): boolean {
  return Boolean(filters.source || filters.state?.length || filters.connector);
}
