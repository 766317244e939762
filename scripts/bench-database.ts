/**
 * The benchmarks' database: a throwaway embedded PostgreSQL with Rampart's migrations,
 * never the user's (DATABASE_URL is ignored), removed afterwards whatever happens.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export async function withThrowawayDatabase<T>(name: string, work: (sql: pg.Pool) => Promise<T>, options: { poolSize?: number } = {}): Promise<T> {
  delete process.env.DATABASE_URL;
  process.env.RAMPART_SECRET_KEY = "bench-secret-key-that-is-long-enough-for-rampart";
  process.env.RAMPART_SANDBOX = "0";
  const dir = await mkdtemp(path.join(tmpdir(), `rampart-bench-${name}-`));
  const { startEmbeddedPostgres } = await import("@/lib/server/runtime/embedded-postgres");
  const { publishRuntimeSettings } = await import("@/lib/server/env");
  const { applyMigrations } = await import("@/lib/server/db/schema-engine");
  const embedded = await startEmbeddedPostgres({ dataDir: dir });
  const sql = new pg.Pool({ connectionString: embedded.url, max: options.poolSize ?? 4 });
  // pool.end() resolves before its clients' sockets close; the server stopping right after
  // ends them with an error, which an unhandled pool would throw (and crash the run).
  sql.on("error", () => undefined);
  try {
    publishRuntimeSettings({ embeddedDatabaseUrl: embedded.url });
    await applyMigrations({ databaseUrl: embedded.url, migrationsDir: path.resolve("prisma/migrations") });
    return await work(sql);
  } finally {
    await sql.end();
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
