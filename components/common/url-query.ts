import type { z } from "zod";

/**
 * Reading a page's view from its address with the API's own zod schema, leniently: a
 * parameter that does not validate is dropped (its default applies) and named in
 * `problems`, so an old or hand-edited link still opens a page. Shared by the server
 * pages and the client components that keep their state in the URL.
 */

export type RawSearchParams = Record<string, string | string[] | undefined>;

export function searchParamsRecord(params: URLSearchParams): RawSearchParams {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** One value per parameter; a list repeated (`severity=HIGH&severity=LOW`) is joined with commas. */
export function singleParam(raw: RawSearchParams, key: string, list: boolean): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  return list ? value.join(",") : value[0];
}

export function parseLenient<S extends z.ZodObject>(
  schema: S,
  raw: RawSearchParams,
  options: { keys: readonly string[]; listKeys: readonly string[]; labels: Record<string, string> },
): { value: z.infer<S>; problems: string[] } {
  const problems: string[] = [];
  const input: Record<string, string> = {};
  for (const key of options.keys) {
    const value = singleParam(raw, key, options.listKeys.includes(key));
    // An empty parameter (`severity=`) means no filter.
    if (value !== undefined && value !== "") input[key] = value;
  }
  // Each round drops the parameters zod refused; at most one round per parameter.
  for (let round = 0; round <= options.keys.length; round++) {
    const result = schema.safeParse(input);
    if (result.success) return { value: result.data, problems };
    let dropped = false;
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "");
      problems.push(`${options.labels[key] ?? (key || "Address")}: ${issue.message}.`);
      if (key in input) {
        delete input[key];
        dropped = true;
      }
    }
    if (!dropped) break;
  }
  return { value: schema.parse({}), problems };
}

export function withSearch(path: string, params: URLSearchParams): string {
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
