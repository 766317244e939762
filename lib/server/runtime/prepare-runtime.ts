import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { disconnectDb } from "../db/client";
import { applyMigrations } from "../db/schema-engine";
import { seedDemo } from "../demo/seed-demo";
import { env, EnvError, publishRuntimeSettings } from "../env";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres";

/**
 * What every Rampart process does before it serves: make sure there is a secret key,
 * a database (the embedded one unless DATABASE_URL is set), the schema at the latest
 * migration, and, in demo mode, the demo accounts.
 */

export const MIGRATIONS_DIR = path.resolve("prisma/migrations");

async function ensureSecretKey(dataDir: string): Promise<void> {
  if (env().secretKey) return;
  if (!env().embedded) {
    throw new EnvError("RAMPART_SECRET_KEY must be set when DATABASE_URL is set (at least 32 characters; try: openssl rand -base64 32). Every instance needs the same value.");
  }
  const file = path.join(dataDir, "secret-key");
  let key: string;
  try {
    key = (await readFile(file, "utf8")).trim();
  } catch {
    key = randomBytes(32).toString("base64url");
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, key, { mode: 0o600, flag: "wx" }).catch(async () => {
      key = (await readFile(file, "utf8")).trim();
    });
  }
  publishRuntimeSettings({ secretKey: key });
}

export interface Runtime {
  databaseUrl: string;
  embedded: EmbeddedDatabase | null;
  appliedMigrations: string[];
  demoAccountsCreated: number;
  shutdown(): Promise<void>;
}

export async function prepareRuntime(options: { log: (line: string) => void; migrate?: boolean; seed?: boolean }): Promise<Runtime> {
  const settings = env();
  const dataDir = path.resolve(settings.dataDir);
  await ensureSecretKey(dataDir);

  let embedded: EmbeddedDatabase | null = null;
  if (settings.embedded) {
    embedded = await startEmbeddedPostgres({ dataDir, log: options.log });
    publishRuntimeSettings({ embeddedDatabaseUrl: embedded.url });
    const shown = path.relative(process.cwd(), dataDir);
    if (embedded.owned) options.log(`embedded PostgreSQL started (data in ${shown && !shown.startsWith("..") ? shown : dataDir})`);
  }
  const databaseUrl = env().databaseUrl!;
  const shutdown = async () => {
    await disconnectDb();
    if (embedded?.owned) await embedded.stop();
  };
  try {
    const appliedMigrations = options.migrate === false ? [] : (await applyMigrations({ databaseUrl, migrationsDir: MIGRATIONS_DIR })).applied;
    if (appliedMigrations.length) options.log(`applied ${appliedMigrations.length} migration(s): ${appliedMigrations.join(", ")}`);
    const demoAccountsCreated = settings.demo && options.seed !== false ? (await seedDemo()).createdAccounts : 0;
    return { databaseUrl, embedded, appliedMigrations, demoAccountsCreated, shutdown };
  } catch (error) {
    await shutdown().catch(() => undefined);
    throw error;
  }
}
