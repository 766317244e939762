/**
 * The benchmarks' clock: an API call and its plain SQL timed in alternation, summed up as
 * p50 and p95.
 */
import { performance } from "node:perf_hooks";

export type Timing = { p50: number; p95: number };

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Times the API and its plain SQL in alternation (API, SQL, API, SQL…), so that whatever
 * else the machine does in the meantime falls on both alike.
 */
export async function timePair(
  api: () => Promise<unknown>,
  sql: () => Promise<unknown>,
  options: { iterations: number; warmup: number },
): Promise<{ api: Timing; sql: Timing }> {
  for (let i = 0; i < options.warmup; i++) {
    await api();
    await sql();
  }
  const samples = { api: [] as number[], sql: [] as number[] };
  for (let i = 0; i < options.iterations; i++) {
    for (const [name, fn] of [["api", api], ["sql", sql]] as const) {
      const start = performance.now();
      await fn();
      samples[name].push(performance.now() - start);
    }
  }
  const summary = (values: number[]): Timing => {
    values.sort((a, b) => a - b);
    return { p50: percentile(values, 50), p95: percentile(values, 95) };
  };
  return { api: summary(samples.api), sql: summary(samples.sql) };
}
